#!/usr/bin/env bash
# The scale scenarios of issue 18 (dev.tandem.bench.scale.ScaleBench in module bench-scale):
#
#   bash scripts/bench-scale.sh [flatness|idle|restart|all] [--store h2|pg] [--sequences N]
#                               [--messages N] [--concurrency N] [--h2-cache KB] [--quick] [--no-build]
#                               [--heap-dump] [--jar PATH] [--jfr]
#
#   flatness  one WS-RM 1.0 Sequence, --messages (100,000) sequential Add calls: µs/call, calls/s and
#             the server's CPU µs/call per window of a tenth, and last window / window 2 (window 1 is
#             warm-up); the CPU figure is the one that other load on the machine disturbs least
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
# to open in a heap analyser (e.g. Eclipse MAT). restart also prints the idle figures (its first
# server opens the Sequences anyway).
# --jar: the Tandem uber-jar to run (default web-module/target/tandem-micro.jar).
# --jfr: flatness records the server with JDK Flight Recorder (profile settings, 256 frames) over its
# second half only (the first is warm-up), into target/bench/scale-STORE-flatness/server.jfr, and
# prints the per-stage CPU of one message (dev.tandem.bench.StageBreakdown, module bench).
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
jar_opt=
jfr=0
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
    --jar) jar_opt="$2"; shift 2 ;;
    --jfr) jfr=1; shift ;;
    *) echo "bench-scale: unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ "$store" == h2 || "$store" == pg ]] || { echo "bench-scale: --store is h2 or pg" >&2; exit 2; }

jar="${jar_opt:-web-module/target/tandem-micro.jar}"
bench=bench-scale/target/tandem-bench-scale.jar
if [[ "$build" == 1 || ! -f "$jar" || ! -f "$bench" ]]; then
  mvn -q -DskipTests package -pl web-module,bench,bench-scale -am
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

# (Do not edit this file while a run of it is going on: bash reads it as it goes.)
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
  server_port="$port"
  start_ms="$(date +%s%3N)"
  # InactivityTimeout of a day: the idle Sequences must outlive the run (WCF's default is 10 min).
  # tandem.limits.max-open-sequences (default 10,000) raised above what the run opens.
  "${db_env[@]}" TANDEM_BIND_ADDRESS=127.0.0.1 \
    java -Xmx4g -XX:FlightRecorderOptions:stackdepth=256 -Dtandem.rm.inactivity-timeout=86400000 \
    -Dtandem.limits.max-open-sequences=$(( 2 * sequences + 10000 )) \
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
  # Connections the server still holds (Grizzly keeps each one's state): none should be left.
  echo "bench-scale: $(ss -Htn state established "( sport = :$server_port )" | wc -l) client connections open at the server" >&2
  jcmd "$server_pid" GC.class_histogram >"$1"
  jcmd "$server_pid" GC.heap_info >"$1.heap_info"
}

do_flatness() {
  reset_store
  start_server flatness
  wait_ready
  run flatness --url "$url" --messages "$messages" --window "$(( messages >= 10 ? messages / 10 : 1 ))" \
    --server-pid "$server_pid" --json "$work/flatness.json"
  if [[ "$jfr" == 1 ]]; then profile_stages; fi
  stop_server
}

# CPU ticks (1/100 s) of the server's request threads (http-thread-pool-*) so far.
request_thread_ticks() {
  local total=0 f rest
  for f in /proc/"$server_pid"/task/*/stat; do
    rest="$(cat "$f" 2>/dev/null)" || continue
    [[ "$rest" == *"(http-thread-poo"* ]] || continue
    rest="${rest##*) }" # the fields after "pid (comm) "; utime and stime are the 12th and 13th
    read -r -a fields <<<"$rest"
    total=$((total + fields[11] + fields[12]))
  done
  echo "$total"
}

# On the warm server: a second Sequence of half --messages under JDK Flight Recorder; the request
# threads' CPU per message (from /proc) split by stage (StageBreakdown).
profile_stages() {
  local n=$(( messages / 2 > 0 ? messages / 2 : 1 )) t0 t1 cpu_us
  jcmd "$server_pid" JFR.start name=stages settings=profile filename="$PWD/$work/server.jfr" >/dev/null
  t0="$(request_thread_ticks)"
  run flatness --url "$url" --messages "$n" --window "$n" --server-pid "$server_pid" --json "$work/profile.json" >/dev/null
  t1="$(request_thread_ticks)"
  jcmd "$server_pid" JFR.stop name=stages >/dev/null
  cpu_us=$(( (t1 - t0) * 10000 / n ))
  echo "bench-scale: request threads' CPU per message over $n messages: $cpu_us µs; by stage:"
  java -cp "bench/target/tandem-bench.jar:$(cat bench/target/classpath.txt)" dev.tandem.bench.StageBreakdown \
    --jfr "$work/server.jfr" --cpu-us "$cpu_us" | tee "$work/stages.txt"
}

# idle (and, with restart, the restart's figures at 0 and at N open Sequences).
do_idle_restart() {
  local with_idle="$1" with_restart="$2" warm=500
  reset_store
  start_server empty
  if [[ "$with_restart" == 1 ]]; then
    run serve --url "$url" --since-epoch-ms "$start_ms" --server-pid "$server_pid" --json "$work/restart-0.json"
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
      echo "bench-scale: heap dump $work/after.hprof (open it in a heap analyser)" >&2
    fi
    local opened
    opened="$(field "$work/open.json" sequences)"
    run histo-diff --before "$work/histo-before.txt" --after "$work/histo-after.txt" \
      --sequences "${opened:-$sequences}" --label "$store" --json "$work/idle.json"
    echo "bench-scale: GC.heap_info before / after:" >&2
    grep -h "garbage-first heap\|total" "$work/histo-before.txt.heap_info" "$work/histo-after.txt.heap_info" >&2 || true
  fi
  stop_server
  if [[ "$with_restart" == 1 ]]; then
    start_server open
    run serve --url "$url" --ids "$work/ids.txt" --since-epoch-ms "$start_ms" --server-pid "$server_pid" --concurrency "$concurrency" \
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
  # The server's own CPU seconds until then: what other load on the machine disturbs least.
  awk -v c0="$(field "$work/restart-0.json" server_cpu_s_at_new_sequence_served)" \
    -v cn="$(field "$work/restart-n.json" server_cpu_s_at_new_sequence_served)" \
    -v ca="$(field "$work/restart-n.json" server_cpu_s_at_all_served)" 'BEGIN { if (c0 > 0 && cn > 0)
      printf "restart: server CPU until a new Sequence served: %.1f s empty, %.1f s with the open ones (ratio %.3f); until all served %.1f s\n", c0, cn, cn / c0, ca }' \
    | tee -a "$work/restart-ratios.txt"
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
