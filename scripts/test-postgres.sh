#!/usr/bin/env bash
# A throwaway PostgreSQL for Tandem's tests.
#
#   bash scripts/test-postgres.sh start   # start (or reuse) the cluster; prints the JDBC URL
#   bash scripts/test-postgres.sh url     # prints the JDBC URL
#   bash scripts/test-postgres.sh stop    # stops the cluster and deletes its files
#   bash scripts/test-postgres.sh halt    # stops the server, keeps its files (a database outage)
#   bash scripts/test-postgres.sh resume  # starts a halted server again
#
# If TANDEM_TEST_JDBC_URL is set, that database is used and nothing is started or stopped.
# Otherwise a cluster lives in ${TANDEM_TEST_PG_DIR:-target/pg} at the repository top, listens on 127.0.0.1:${TANDEM_TEST_PG_PORT:-55432},
# and has database "tandem" owned by user "tandem" (password "tandem"). The PostgreSQL server binaries
# are installed from Debian's "postgresql" package when missing (needs root). initdb refuses to run as
# root, so as root the cluster runs as the system user "tandem-pg" (created when missing).
#
# The cluster runs without fsync (throwaway test data) unless TANDEM_TEST_PG_DURABLE=1 at start or
# resume: then with PostgreSQL's defaults (fsync, synchronous_commit and full_page_writes on), as the
# benchmark (scripts/bench.sh) needs to measure what a durable commit costs.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PORT="${TANDEM_TEST_PG_PORT:-55432}"
DB=tandem
DB_USER=tandem
DB_PASSWORD=tandem
PG_USER=tandem-pg
BASE="$ROOT/${TANDEM_TEST_PG_DIR:-target/pg}"
URL="jdbc:postgresql://127.0.0.1:${PORT}/${DB}"

log() { echo "test-postgres: $*" >&2; }

# Prints the directory holding initdb/pg_ctl, or nothing.
find_bindir() {
  local dir
  if command -v pg_config >/dev/null 2>&1; then
    dir="$(pg_config --bindir 2>/dev/null || true)"
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then echo "$dir"; return; fi
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then echo "$dir"; return; fi
  done
  for dir in $(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/x)"); do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then echo "$(cd "$dir" && pwd -P)"; return; fi
  done
}

ensure_binaries() {
  BINDIR="$(find_bindir)"
  if [[ -z "$BINDIR" ]]; then
    [[ "$(id -u)" -eq 0 ]] || { log "PostgreSQL server binaries not found; install the 'postgresql' package"; exit 1; }
    log "installing PostgreSQL (apt-get install postgresql)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql >&2
    BINDIR="$(find_bindir)"
    [[ -n "$BINDIR" ]] || { log "initdb still not found after installing postgresql"; exit 1; }
  fi
}

# Runs a command as the cluster owner: tandem-pg when we are root, else ourselves.
as_owner() {
  if [[ "$(id -u)" -eq 0 ]]; then
    runuser -u "$PG_USER" -- "$@"
  else
    "$@"
  fi
}

ensure_owner() {
  [[ "$(id -u)" -eq 0 ]] || return 0
  if ! id "$PG_USER" >/dev/null 2>&1; then
    log "creating system user $PG_USER"
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$PG_USER"
  fi
}

is_running() {
  [[ -f "$BASE/data/PG_VERSION" ]] && as_owner "$BINDIR/pg_ctl" -D "$BASE/data" status >/dev/null 2>&1
}

start() {
  ensure_binaries
  ensure_owner
  if is_running; then
    log "already running on port $PORT"
    echo "$URL"
    return
  fi
  rm -rf "$BASE"
  mkdir -p "$BASE/run"
  printf '%s\n' "$DB_PASSWORD" > "$BASE/pwfile"
  if [[ "$(id -u)" -eq 0 ]]; then
    chown -R "$PG_USER" "$BASE"
    # The owner must be able to reach target/pg through the repository's directories.
    if ! runuser -u "$PG_USER" -- test -w "$BASE"; then
      log "$PG_USER cannot write $BASE (check the permissions of its parent directories)"; exit 1
    fi
  fi
  chmod 700 "$BASE/run"
  log "initdb in $BASE/data ($BINDIR)"
  as_owner "$BINDIR/initdb" -D "$BASE/data" -U "$DB_USER" --pwfile="$BASE/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$BASE/initdb.log" 2>&1 \
    || as_owner "$BINDIR/initdb" -D "$BASE/data" -U "$DB_USER" --pwfile="$BASE/pwfile" \
         --auth-local=trust --auth-host=md5 -E UTF8 --locale=C >"$BASE/initdb.log" 2>&1 \
    || { cat "$BASE/initdb.log" >&2; exit 1; }
  rm -f "$BASE/pwfile"
  run_server
  as_owner "$BINDIR/createdb" -h "$BASE/run" -p "$PORT" -U "$DB_USER" "$DB"
  log "database $DB ready (user $DB_USER)"
  echo "$URL"
}

run_server() {
  # Throwaway test data: no fsync. Tandem's durability tests kill Tandem, and stop this PostgreSQL
  # only cleanly (halt), so nothing committed is lost with it.
  local durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  if [[ "${TANDEM_TEST_PG_DURABLE:-0}" == 1 ]]; then durability=""; fi
  log "starting on 127.0.0.1:$PORT${durability:+ (no fsync)}"
  as_owner "$BINDIR/pg_ctl" -D "$BASE/data" -l "$BASE/postgres.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $BASE/run $durability" \
    start >&2 || { cat "$BASE/postgres.log" >&2; exit 1; }
}

# A database outage for DatabaseOutageIT: the server goes away (fast shutdown: open sessions are cut,
# as when a database host fails over), its files stay, and resume brings the same data back.
halt() {
  ensure_binaries
  [[ -f "$BASE/data/PG_VERSION" ]] || { log "no cluster in $BASE"; exit 1; }
  as_owner "$BINDIR/pg_ctl" -D "$BASE/data" -m fast -w -t 60 stop >&2
}

resume() {
  ensure_binaries
  [[ -f "$BASE/data/PG_VERSION" ]] || { log "no cluster in $BASE"; exit 1; }
  is_running || run_server
}

stop() {
  BINDIR="$(find_bindir)"
  if [[ -n "$BINDIR" && -f "$BASE/data/PG_VERSION" ]]; then
    as_owner "$BINDIR/pg_ctl" -D "$BASE/data" -m fast -w stop >&2 || true
  fi
  rm -rf "$BASE"
  log "stopped"
}

case "${1:-}" in
  start) if [[ -n "${TANDEM_TEST_JDBC_URL:-}" ]]; then echo "$TANDEM_TEST_JDBC_URL"; else start; fi ;;
  stop)  if [[ -z "${TANDEM_TEST_JDBC_URL:-}" ]]; then stop; fi ;;
  halt)   halt ;;
  resume) resume ;;
  url)   echo "${TANDEM_TEST_JDBC_URL:-$URL}" ;;
  *)     echo "usage: $0 start|stop|halt|resume|url" >&2; exit 2 ;;
esac
