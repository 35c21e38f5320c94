#!/usr/bin/env bash
# The scale scenarios of issue 18 (dev.tandem.bench.scale.ScaleBench in module bench-scale):
#
#   bash scripts/bench-scale.sh [flatness|idle|restart|all] [--store h2|pg] [--sequences N]
#                               [--messages N] [--concurrency N] [--h2-cache KB] [--quick] [--no-build]
#                               [--heap-dump]
#
#   flatness  one WS-RM 1.0 Sequence, --messages (100,000) sequential Add calls: µs/call and calls/s
#             per window of a tenth, and last window / window 2 (window 1 is warm-up)
#   idle      --sequences (100,000) Sequences opened (CreateSequence + one Add each, never
#             terminated), live heap after a full GC (jcmd GC.class_histogram) before and after:
#             bytes per open Sequence, by class group and by the classes that grew most
#   restart   time from server process start until a new Sequence is served, with an empty store
#             and with the --sequences open ones, and until every open Sequence got its next
#             message answered
#   all       the three (idle and restart share one store: the restart serves the idle Sequences)
#
# --store pg (default h2): the PostgreSQL in TANDEM_JDBC_URL (& _USER, _PASSWORD) if set, otherwise a
# throwaway one started with scripts/test-postgres.sh on port TANDEM_TEST_PG_PORT (55471) and stopped
# at the end. Its schema is dropped before each scenario. --store h2: an embedded H2 under
# target/bench/scale-h2-SCENARIO/h2 (fresh per scenario); --h2-cache KB sets H2's CACHE_SIZE.
# --heap-dump: idle also writes the server's heap dump after opening the Sequences (after.hprof),
# for the heap-referrers command. restart also prints the idle figures (its first server opens the Sequences anyway).
# --quick: 2,000 Sequences and 5,000 messages. Servers listen on free ports in 8650-8699 and are
# stopped on exit. Figures are printed and written to target/bench/scale.json.
set -euo pipefail
cd "$(dirname "$0")/.."

scenario=all
store=h2
sequences=100000
messages=100000
concurrency=12
build=1
h2cache=
heapdump=0
seq_set=0
msg_set=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    flatness|idle|restart|all) scenario="$1"; shift ;;
    --store) store="$2"; shift 2 ;;
    --sequences) sequences="$2"; seq_set=1; shift 2 ;;
    --messages) messages="$2"; msg_set=1; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    --h2-cache) h2cache="$2"; shift 2 ;;
    --quick) [[ $seq_set == 1 ]] || sequences=2000; [[ $msg_set == 1 ]] || messages=5000; shift ;;
    --no-build) build=0; shift ;;
    --heap-dump) heapdump=1; shift ;;
    *) echo "bench-scale: unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ "$store" == h2 || "$store" == pg ]] || { echo "bench-scale: --store is h2 or pg" >&2; exit 2; }

jar=web-module/target/tandem-micro.jar
bench=bench-scale/target/tandem-bench-scale.jar
if [[ "$build" == 1 || ! -f "$jar" || ! -f "$bench" ]]; then
  mvn -q -DskipTests package -pl web-module,bench-scale -am
fi

# One directory per store and scenario, so that two runs (on two databases) can go side by side.
work="target/bench/scale-$store-$scenario"
rm -rf "$work" && mkdir -p "$work"
out="target/bench/scale.json"
server_pid=
started_pg=0

cleanup() {
  stop_server
  if [[ "$started_pg" == 1 ]]; then
    TANDEM_TEST_PG_PORT="${TANDEM_TEST_PG_PORT:-55471}" bash scripts/test-postgres.sh stop || true
  fi
}
trap cleanup EXIT

if [[ "$store" == pg && -z "${TANDEM_JDBC_URL:-}" ]]; then
  export TANDEM_TEST_PG_PORT="${TANDEM_TEST_PG_PORT:-55471}"
  export TANDEM_JDBC_URL="$(bash scripts/test-postgres.sh start)"
  export TANDEM_JDBC_USER=tandem TANDEM_JDBC_PASSWORD=tandem
  started_pg=1
fi

# An empty store: PostgreSQL's schema dropped (Flyway makes it again), or a new H2 directory.
reset_store() {
  if [[ "$store" == pg ]]; then
    local hostport="${TANDEM_JDBC_URL#jdbc:postgresql://}"
    local db="${hostport#*/}"; db="${db%%\?*}"
    hostport="${hostport%%/*}"
    PGPASSWORD="${TANDEM_JDBC_PASSWORD:-}" psql -q -h "${hostport%:*}" -p "${hostport##*:}" \
      -U "${TANDEM_JDBC_USER:-tandem}" -d "$db" -v ON_ERROR_STOP=1 \
      -c 'DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;' >&2
  else
    rm -rf "$work/h2"
  fi
}

free_port() {
  local p
  for p in $(shuf -i 8650-8699); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  echo "bench-scale: no free port in 8650-8699" >&2; exit 1
}

# Starts the uber-jar; sets server_pid, url, start_ms (epoch ms just before the JVM is launched).
start_server() {
  local name="$1" port sslport db_env
  port="$(free_port)"
  sslport="$(free_port)"
  while [[ "$sslport" == "$port" ]]; do sslport="$(free_port)"; done
  if [[ "$store" == pg ]]; then
    db_env=(env)
  elif [[ -n "$h2cache" ]]; then
    db_env=(env TANDEM_JDBC_URL="jdbc:h2:file:$PWD/$work/h2/tandem;WRITE_DELAY=0;LOCK_TIMEOUT=10000;CACHE_SIZE=$h2cache" \
      -u TANDEM_JDBC_USER -u TANDEM_JDBC_PASSWORD)
  else
    db_env=(env -u TANDEM_JDBC_URL -u TANDEM_JDBC_USER -u TANDEM_JDBC_PASSWORD TANDEM_DATA_DIR="$PWD/$work/h2")
  fi
  url="http://127.0.0.1:$port/servicemodelsamples/service.svc"
  start_ms="$(date +%s%3N)"
  # InactivityTimeout of a day: the idle Sequences must outlive the run (WCF's default is 10 min).
  "${db_env[@]}" TANDEM_BIND_ADDRESS=127.0.0.1 \
    java -Xmx4g -Dtandem.rm.inactivity-timeout=86400000 \
    -jar "$jar" --port "$port" --sslport "$sslport" >"$work/server-$name.log" 2>&1 &
  server_pid=$!
  echo "bench-scale: server $name pid $server_pid on port $port (log $work/server-$name.log)" >&2
}

wait_ready() {
  for _ in $(seq 1 3000); do
    if ! kill -0 "$server_pid" 2>/dev/null; then echo "bench-scale: server exited, see $work" >&2; exit 1; fi
    if [[ "$(curl -s -o /dev/null -w '%{http_code}' "$url?wsdl" || true)" == 200 ]]; then return; fi
    sleep 0.2
  done
  echo "bench-scale: server not ready" >&2; exit 1
}

stop_server() {
  if [[ -n "$server_pid" ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
  fi
}

run() { java -jar "$bench" "$@" || echo "bench-scale: $1 exited $? (failures above)" >&2; }

# jcmd GC.class_histogram runs a full GC first and lists the live objects only.
histogram() {
  jcmd "$server_pid" GC.class_histogram >"$1"
  jcmd "$server_pid" GC.heap_info >"$1.heap_info"
}

do_flatness() {
  reset_store
  start_server flatness
  wait_ready
  run flatness --url "$url" --messages "$messages" --window "$(( messages >= 10 ? messages / 10 : 1 ))" \
    --json "$work/flatness.json"
  stop_server
}

# idle (and, with restart, the restart's figures at 0 and at N open Sequences).
do_idle_restart() {
  local with_idle="$1" with_restart="$2" warm=500
  reset_store
  start_server empty
  if [[ "$with_restart" == 1 ]]; then
    run serve --url "$url" --since-epoch-ms "$start_ms" --json "$work/restart-0.json"
  else
    wait_ready
  fi
  run open --url "$url" --sequences "$warm" --concurrency "$concurrency" --ids "$work/ids.txt" \
    --json "$work/warmup.json" >&2
  if [[ "$with_idle" == 1 ]]; then
    histogram "$work/histo-before.txt"
  fi
  run open --url "$url" --sequences "$sequences" --concurrency "$concurrency" --ids "$work/ids.txt" \
    --json "$work/open.json"
  if [[ "$with_idle" == 1 ]]; then
    histogram "$work/histo-after.txt"
    if [[ "$heapdump" == 1 ]]; then
      jcmd "$server_pid" GC.heap_dump "$PWD/$work/after.hprof" >&2
      echo "bench-scale: heap dump $work/after.hprof; who holds a class's objects:" \
        "java -jar $bench heap-referrers --hprof $work/after.hprof --class CLASS" >&2
    fi
    run histo-diff --before "$work/histo-before.txt" --after "$work/histo-after.txt" \
      --sequences "$sequences" --label "$store" --json "$work/idle.json"
    echo "bench-scale: GC.heap_info before / after:" >&2
    grep -h "garbage-first heap\|total" "$work/histo-before.txt.heap_info" "$work/histo-after.txt.heap_info" >&2 || true
  fi
  stop_server
  if [[ "$with_restart" == 1 ]]; then
    start_server open
    run serve --url "$url" --ids "$work/ids.txt" --since-epoch-ms "$start_ms" --concurrency "$concurrency" \
      --json "$work/restart-n.json"
    stop_server
    ratios
  fi
}

field() { sed -n "s/.*\"$2\": \([0-9.]*\).*/\1/p" "$1"; }

ratios() {
  local n0 nn an
  n0="$(field "$work/restart-0.json" new_sequence_served_s)"
  nn="$(field "$work/restart-n.json" new_sequence_served_s)"
  an="$(field "$work/restart-n.json" first_open_served_s)"
  awk -v n0="$n0" -v nn="$nn" -v an="$an" -v all="$(field "$work/restart-n.json" all_served_s)" \
    -v n="$(field "$work/restart-n.json" open_sequences)" 'BEGIN {
      printf "restart: start to a new Sequence served: %.2f s empty, %.2f s with %d open (ratio %.3f; goal within 10 %%)\n", n0, nn, n, nn / n0;
      printf "restart: start to the first open Sequence served %.2f s (ratio to empty %.3f), to all %d served %.2f s (ratio %.3f)\n", an, an / n0, n, all, all / n0 }' \
    | tee "$work/restart-ratios.txt"
}

echo "bench-scale: $scenario on $store, $sequences Sequences, $messages messages, concurrency $concurrency" >&2
case "$scenario" in
  flatness) do_flatness ;;
  idle) do_idle_restart 1 0 ;;
  restart) do_idle_restart 1 1 ;; # the heap figures come for free (two jcmd calls)
  all) do_flatness; do_idle_restart 1 1 ;;
esac

{
  printf '{"store": "%s", "scenario": "%s", "sequences": %s, "messages": %s' "$store" "$scenario" "$sequences" "$messages"
  for f in flatness idle open restart-0 restart-n; do
    [[ -f "$work/$f.json" ]] && printf ', "%s": %s' "${f//-/_}" "$(cat "$work/$f.json")"
  done
  echo '}'
} >"$work/scale.json"
cp "$work/scale.json" "$out"
echo "bench-scale: figures in $out (and $work/scale.json)" >&2
