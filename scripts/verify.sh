#!/usr/bin/env bash
# The one test command: unit tests, PostgreSQL store tests and the Payara Micro integration tests.
#
#   bash scripts/verify.sh [extra maven arguments]
#
# Uses the PostgreSQL named by TANDEM_TEST_JDBC_URL (+ TANDEM_TEST_JDBC_USER / TANDEM_TEST_JDBC_PASSWORD)
# if set; otherwise starts a throwaway cluster (scripts/test-postgres.sh) and removes it on exit.
# Exits with Maven's exit code; after a failure it prints scripts/failure-summary.sh's summary.
set -euo pipefail
cd "$(dirname "$0")/.."

# The browser tests drive Debian's Chromium + ChromeDriver (scripts/browser.sh): install them when missing.
bash scripts/browser.sh ensure >&2

if [[ -z "${TANDEM_TEST_JDBC_URL:-}" ]]; then
  # The cluster is ours: stop it on exit (unset the URL, or test-postgres.sh would treat it as external).
  trap 'env -u TANDEM_TEST_JDBC_URL bash scripts/test-postgres.sh stop || true' EXIT
  TANDEM_TEST_JDBC_URL="$(bash scripts/test-postgres.sh start | tail -n 1)"
  export TANDEM_TEST_JDBC_URL
  export TANDEM_TEST_JDBC_USER=tandem
  export TANDEM_TEST_JDBC_PASSWORD=tandem
fi
echo "verify: PostgreSQL for tests at $TANDEM_TEST_JDBC_URL" >&2

# Maven's output is also kept in target/verify.log; after a failure, a summary of what the servers
# and PostgreSQL logged is printed last (CI shows the tail of the output).
mkdir -p target
status=0
mvn -B verify "$@" 2>&1 | tee target/verify.log || status=$?
if [[ "$status" -ne 0 ]]; then
  bash scripts/failure-summary.sh target/verify.log target/pg/postgres.log
fi
exit "$status"
