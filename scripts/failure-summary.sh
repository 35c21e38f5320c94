#!/usr/bin/env bash
# After a failed test run: a short summary of what the servers logged, printed last so that a CI
# that keeps only the tail of the output still shows why.
#
#   bash scripts/failure-summary.sh <maven-output> [postgres-log]
#
# Prints (about 60 lines at most): the failing tests, a count of Tandem's WARNING/SEVERE log codes,
# the first few failure records (TANDEM-WEB-0001/0002 and SEVERE ones) reduced to their first line,
# the exception and its causes and Tandem's own frames, and the PostgreSQL log's ERROR/FATAL lines
# counted by message. Never fails: a summary must not hide the test run's exit code.
set -uo pipefail

out="${1:?usage: failure-summary.sh <maven-output> [postgres-log]}"
pg="${2:-}"
[[ -f "$out" ]] || exit 0

echo "===================== failure summary (scripts/failure-summary.sh) ====================="
echo "-- failing tests:"
grep -E '^\[ERROR\]   [A-Za-z0-9_$.]+[:.]' "$out" | cut -c1-300 | head -10

echo "-- Tandem log codes at WARNING or SEVERE (count):"
# Payara writes "[date] [] [WARNING] ... TANDEM-..." (the code may be on the record's next line);
# plain java.util.logging writes "WARNING: TANDEM-...".
grep -A1 -E '\[(WARNING|SEVERE)\]|^(WARNING|SEVERE): ' "$out" | grep -oE 'TANDEM-[A-Z]+-[0-9]{4}' \
  | sort | uniq -c | sort -rn | head -12

echo "-- first failure records (first lines, exception, causes, Tandem frames):"
# A record starts at a Payara header "[2026-...T...]" or a java.util.logging level line; a
# multi-line Payara record ends with "]]". Shown: up to 3 TANDEM-WEB-0001/0002 (a message that
# failed), then up to 2 of the server's SEVERE records other than Payara's harmless AS-EJB-00062.
awk '
  function flush() {
    if (keep == 1 && nweb < 3) web[++nweb] = rec
    if (keep == 2 && nsev < 2) sev[++nsev] = rec
    rec = ""; keep = 0; lines = 0; open = 0
  }
  function consider(line) {
    if (line ~ /TANDEM-WEB-000[12]/) keep = 1
    else if (!keep && line ~ /^\[[0-9].*\[SEVERE\]/ && line !~ /AS-EJB-00062/) keep = 2
  }
  /^\[[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T/ || /^(WARNING|SEVERE|INFO|FINE): / {
    if (!(open && /^(WARNING|SEVERE|INFO|FINE): /)) flush()
    open = ($0 ~ /\[\[ *$/)
    rec = (rec == "" ? "" : rec "\n    ") substr($0, 1, 400); consider($0)
    next
  }
  /^\]\]/ { flush(); next }
  rec != "" && lines < 14 {
    if (lines == 0 && open) { rec = rec "\n    " substr($0, 1, 300); consider($0); lines++ }
    else if ($0 ~ /^[a-zA-Z.$]+(Exception|Error|Fault)/ || $0 ~ /^Caused by/ || $0 ~ /at dev\.tandem\./) {
      rec = rec "\n    " substr($0, 1, 300); consider($0); lines++
    }
  }
  END { flush(); for (i = 1; i <= nweb; i++) print web[i]; for (i = 1; i <= nsev; i++) print sev[i] }
' "$out"

if [[ -n "$pg" && -f "$pg" ]]; then
  echo "-- PostgreSQL log, ERROR/FATAL by message (count):"
  grep -E '(ERROR|FATAL):' "$pg" | sed -E 's/^.*(ERROR|FATAL):/\1:/' | cut -c1-200 | sort | uniq -c \
    | sort -rn | head -12
fi
echo "========================================================================================"
exit 0
