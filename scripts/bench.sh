#!/usr/bin/env bash
# Throughput benchmark (issue #18): Tandem against Metro's and CXF's own WS-RM servers, same clients,
# same run, one server at a time.
#
#   bash scripts/bench.sh [--calls N] [--warmup N] [--sessions "1 4"] [--only NAME[,NAME]] [--quick]
#                         [--jfr] [--pg-settle-ms MS] [--jar PATH] [--server-warmup N] [--no-build]
#
# Servers (--only picks some; default all, in this order):
#   tandem-pg  web-module/target/tandem-micro.jar on PostgreSQL: /service.svc (RM)
#   tandem-h2  the same on embedded H2: /service.svc (RM), and /service.svc/basic (no RM)
#   cxf-pg     CXF 4.1.3 (bench-cxf), RM with RMTxStore on the same PostgreSQL (BYTEA tables)
#   cxf-mem    CXF 4.1.3, RM in memory, and its endpoint without RM
#   metro      Metro 4.0.5 (bench), RM 1.0 in memory, and its endpoint without RM
# (the plain endpoints are measured with tandem-pg / cxf-pg when tandem-h2 / cxf-mem are not run).
#
# Each endpoint is driven by Metro 4.0.5's WS-RM 1.0 client (SOAP 1.2, WS-Addressing, FastInfoset off)
# and by Tandem's own client, with 1 and 4 concurrent sessions (--sessions): per session --warmup
# calls (default 300), then --calls timed sequential Add calls (default 1000); closing the sessions
# is not timed. Before the first timed run against an endpoint, each client sends it --server-warmup / 2
# calls (default 8,000 in all, in 2 sessions; 0 to skip), so that every server is measured warm. On PostgreSQL the driver also counts, over the timed calls, committed transactions
# (pg_stat_database.xact_commit, less its own queries; it waits --pg-settle-ms, default 11000, before
# each count, as PostgreSQL publishes them up to 10 s late), transaction IDs assigned (write
# transactions) and WAL bytes (pg_wal_lsn_diff).
#
# PostgreSQL: TANDEM_JDBC_URL (and TANDEM_JDBC_USER / TANDEM_JDBC_PASSWORD, default tandem/tandem) if
# set; else a throwaway cluster from scripts/test-postgres.sh in target/bench-pg on port
# ${TANDEM_BENCH_PG_PORT:-55470}, with fsync on (PostgreSQL's defaults), stopped on exit.
# Ports: 127.0.0.1:${TANDEM_BENCH_PORT_BASE:-8600} and up to +21 (override the base if taken).
#
# Output: the table and ratios on stdout (also target/bench/table.md), every run in
# target/bench/runs.jsonl and target/bench/results.json; logs in target/bench/*.log. --jfr records the
# Tandem servers with JDK Flight Recorder (profile settings) into target/bench/<server>.jfr.
# --quick: 30 warm-up and 100 timed calls per session (a smoke run; explicit --calls/--warmup win).
# --jar: the Tandem uber-jar to run (default web-module/target/tandem-micro.jar), e.g. an older
# build's copy to compare two builds in one session.
# Builds with `mvn -q -B -DskipTests package` unless --no-build.
set -euo pipefail
cd "$(dirname "$0")/.."

all_servers=(tandem-pg tandem-h2 cxf-pg cxf-mem metro)
build=1
calls=""
warmup=""
sessions="1 4"
only=""
quick=0
jfr=0
settle_ms=11000
tandem_jar=web-module/target/tandem-micro.jar
server_warmup=""
args_line="bash scripts/bench.sh $*"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-build) build=0; shift ;;
    --calls) calls="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --sessions) sessions="${2//,/ }"; shift 2 ;;
    --only) only="${only:+$only }${2//,/ }"; shift 2 ;;
    --quick) quick=1; shift ;;
    --jfr) jfr=1; shift ;;
    --pg-settle-ms) settle_ms="$2"; shift 2 ;;
    --jar) tandem_jar="$2"; shift 2 ;;
    --server-warmup) server_warmup="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [[ "$quick" == 1 ]]; then
  calls="${calls:-100}"
  warmup="${warmup:-30}"
  server_warmup="${server_warmup:-400}"
fi
server_warmup="${server_warmup:-8000}"
calls="${calls:-1000}"
warmup="${warmup:-300}"

selected=()
for s in "${all_servers[@]}"; do
  if [[ -z "$only" || " $only " == *" $s "* ]]; then selected+=("$s"); fi
done
for s in $only; do
  if [[ " ${all_servers[*]} " != *" $s "* ]]; then
    echo "bench: unknown server '$s' (one of: ${all_servers[*]})" >&2; exit 2
  fi
done
is_selected() { [[ " ${selected[*]} " == *" $1 "* ]]; }
log() { echo "bench: $*" >&2; }

if [[ "$build" == 1 ]]; then
  log "building (mvn -q -B -DskipTests package)"
  mvn -q -B -DskipTests package
fi
for f in "$tandem_jar" bench/target/tandem-bench.jar bench/target/classpath.txt \
         bench-cxf/target/tandem-bench-cxf.jar bench-cxf/target/classpath.txt; do
  [[ -f "$f" ]] || { log "$f is missing: build first (without --no-build)"; exit 1; }
done
bench_cp="bench/target/tandem-bench.jar:$(cat bench/target/classpath.txt)"
cxf_cp="bench-cxf/target/tandem-bench-cxf.jar:$(cat bench-cxf/target/classpath.txt)"

work="target/bench"
rm -rf "$work" && mkdir -p "$work"
runs="$work/runs.jsonl"
: >"$runs"

base="${TANDEM_BENCH_PORT_BASE:-8600}"
server_pid=""
pg_started=0
pg_port="${TANDEM_BENCH_PG_PORT:-55470}"
pg_env=(env -u TANDEM_TEST_JDBC_URL TANDEM_TEST_PG_PORT="$pg_port" TANDEM_TEST_PG_DIR=target/bench-pg TANDEM_TEST_PG_DURABLE=1)

stop_server() {
  [[ -n "$server_pid" ]] || return 0
  kill "$server_pid" 2>/dev/null || true
  # A Tandem server writes its JFR recording while it shuts down: give it time, then kill it.
  for _ in $(seq 1 600); do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}
cleanup() {
  stop_server
  if [[ "$pg_started" == 1 ]]; then "${pg_env[@]}" bash scripts/test-postgres.sh stop || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# start_server NAME READY_URL COMMAND...: starts it in the background (log target/bench/NAME.log) and
# waits until READY_URL answers 200.
start_server() {
  local name="$1" ready="$2"
  shift 2
  local logf="$work/$name.log"
  "$@" >"$logf" 2>&1 &
  server_pid=$!
  log "$name: pid $server_pid (log $logf), waiting until $ready answers"
  for _ in $(seq 1 1500); do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      log "$name exited before it was ready; the end of $logf:"; tail -n 30 "$logf" >&2; exit 1
    fi
    if [[ "$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$ready" || true)" == 200 ]]; then return 0; fi
    sleep 0.2
  done
  log "$name not ready after 300 s"; exit 1
}

need_port() {
  port_free "$1" || { log "port $1 is taken; set TANDEM_BENCH_PORT_BASE to another free range"; exit 1; }
}

# drive ID SERVER ENDPOINT STORE URL RM(1|0) PG(1|0): every client and session count against one endpoint.
drive() {
  local id="$1" server="$2" endpoint="$3" store="$4" url="$5" rm="$6" pg="$7"
  local rm_opt=--rm
  [[ "$rm" == 1 ]] || rm_opt=--no-rm
  local pg_opts=()
  if [[ "$pg" == 1 ]]; then
    pg_opts=(--pg-url "$pg_url" --pg-user "$pg_user" --pg-password "$pg_password" --pg-settle-ms "$settle_ms")
  fi
  # Steady state before anything is timed: the server's JIT compiles its hot path only after some
  # thousand messages, and the first endpoint driven would otherwise pay for it alone.
  if [[ "$server_warmup" -gt 0 ]]; then
    for client in metro tandem; do
      timeout 1800 java -Xmx1g -cp "$bench_cp" dev.tandem.bench.Drive --client "$client" --url "$url" "$rm_opt" \
        --sessions 2 --warmup $((server_warmup / 4)) --calls 1 --id "$id-warmup" --server "$server" \
        >>"$work/drive.log" 2>&1 || log "$id: server warm-up with the ${client^} client failed (see $work/drive.log)"
    done
  fi
  for client in metro tandem; do
    for n in $sessions; do
      local before status=0
      before="$(wc -l <"$runs")"
      timeout 1800 java -Xmx1g -cp "$bench_cp" dev.tandem.bench.Drive --client "$client" --url "$url" "$rm_opt" \
        --sessions "$n" --warmup "$warmup" --calls "$calls" --id "$id" --server "$server" --endpoint "$endpoint" \
        --store "$store" --results "$runs" "${pg_opts[@]+"${pg_opts[@]}"}" >>"$work/drive.log" 2>&1 || status=$?
      if [[ "$(wc -l <"$runs")" == "$before" ]]; then
        # No result line: record the failure so that the table shows it.
        printf '{"id":"%s","server":"%s","endpoint":"%s","store":"%s","client":"%s","sessions":%s,"warmup":%s,"calls":%s,"error":"the driver exited with status %s without a result (see %s)"}\n' \
          "$id" "$server" "$endpoint" "$store" "${client^}" "$n" "$warmup" "$calls" "$status" "$work/drive.log" >>"$runs"
      fi
      log "$id, ${client^} client, $n session(s): $(tail -n 1 "$runs" | sed -E \
        's/.*"callsPerSecond":([0-9]+)[.0-9]*.*"slowestCallMs":([0-9]+)[.0-9]*.*"error":(null|"[^"]*").*/\1 calls\/s, slowest call \2 ms, error \3/; s/.*"error":("[^"]*").*/failed: \1/')"
    done
  done
}

jfr_opts() {
  if [[ "$jfr" == 1 ]]; then echo "-XX:StartFlightRecording=filename=$work/$1.jfr,settings=profile,dumponexit=true"; fi
}

# start_tandem NAME HTTP_PORT H2|PG
start_tandem() {
  local name="$1" port="$2" db="$3"
  need_port "$port"; need_port $((port + 1))
  local db_env
  if [[ "$db" == H2 ]]; then
    db_env=(env -u TANDEM_JDBC_URL -u TANDEM_JDBC_USER -u TANDEM_JDBC_PASSWORD TANDEM_DATA_DIR="$PWD/$work/$name-h2")
  else
    db_env=(env TANDEM_JDBC_URL="$pg_url" TANDEM_JDBC_USER="$pg_user" TANDEM_JDBC_PASSWORD="$pg_password")
  fi
  # shellcheck disable=SC2046
  start_server "$name" "http://127.0.0.1:$port/servicemodelsamples/service.svc?wsdl" \
    "${db_env[@]}" TANDEM_BIND_ADDRESS=127.0.0.1 java $(jfr_opts "$name") \
    -XX:FlightRecorderOptions:stackdepth=256 -jar "$tandem_jar" --port "$port" --sslport $((port + 1))
}

needs_pg=0
if is_selected tandem-pg || is_selected cxf-pg; then needs_pg=1; fi
if [[ "$needs_pg" == 1 ]]; then
  if [[ -n "${TANDEM_JDBC_URL:-}" ]]; then
    pg_url="$TANDEM_JDBC_URL"
    pg_user="${TANDEM_JDBC_USER:-tandem}"
    pg_password="${TANDEM_JDBC_PASSWORD:-tandem}"
    log "PostgreSQL: $pg_url (TANDEM_JDBC_URL)"
  else
    pg_url="$("${pg_env[@]}" bash scripts/test-postgres.sh start | tail -n 1)"
    pg_started=1
    pg_user=tandem
    pg_password=tandem
    log "PostgreSQL: $pg_url (throwaway, fsync on, target/bench-pg)"
  fi
fi

plain_tandem=tandem-h2
is_selected tandem-h2 || plain_tandem=tandem-pg
plain_cxf=cxf-mem
is_selected cxf-mem || plain_cxf=cxf-pg
tandem_rm="/servicemodelsamples/service.svc"
tandem_plain="/servicemodelsamples/service.svc/basic"

for s in "${selected[@]}"; do
  case "$s" in
    tandem-pg)
      start_tandem tandem-pg $((base + 1)) PG
      drive tandem-pg Tandem "/service.svc (RM)" PostgreSQL "http://127.0.0.1:$((base + 1))$tandem_rm" 1 1
      ;;
    tandem-h2)
      start_tandem tandem-h2 $((base + 3)) H2
      drive tandem-h2 Tandem "/service.svc (RM)" "H2 (embedded)" "http://127.0.0.1:$((base + 3))$tandem_rm" 1 0
      ;;
    cxf-pg)
      need_port $((base + 21))
      start_server cxf-pg "http://127.0.0.1:$((base + 21))/cxf/rm?wsdl" java -cp "$cxf_cp" dev.tandem.bench.cxf.CxfPeer \
        --port $((base + 21)) --store jdbc --jdbc-url "$pg_url" --jdbc-user "$pg_user" --jdbc-password "$pg_password"
      drive cxf-pg "CXF 4.1.3" "(RM, RMTxStore)" PostgreSQL "http://127.0.0.1:$((base + 21))/cxf/rm" 1 1
      ;;
    cxf-mem)
      need_port $((base + 20))
      start_server cxf-mem "http://127.0.0.1:$((base + 20))/cxf/rm?wsdl" java -cp "$cxf_cp" dev.tandem.bench.cxf.CxfPeer \
        --port $((base + 20)) --store memory
      drive cxf-mem "CXF 4.1.3" "(RM)" "in memory" "http://127.0.0.1:$((base + 20))/cxf/rm" 1 0
      ;;
    metro)
      need_port $((base + 10))
      start_server metro "http://127.0.0.1:$((base + 10))/metro/rm?wsdl" java -Dsun.net.httpserver.nodelay=true \
        -cp "$bench_cp" dev.tandem.bench.MetroPeer --port $((base + 10))
      drive metro-rm "Metro 4.0.5" "(RM 1.0)" "in memory" "http://127.0.0.1:$((base + 10))/metro/rm" 1 0
      drive metro-plain "Metro 4.0.5" "(no RM)" "–" "http://127.0.0.1:$((base + 10))/metro/plain" 0 0
      ;;
  esac
  if [[ "$s" == "$plain_tandem" ]]; then
    port=$((base + 3)); [[ "$s" == tandem-pg ]] && port=$((base + 1))
    drive tandem-plain Tandem "/service.svc/basic (no RM)" "–" "http://127.0.0.1:$port$tandem_plain" 0 0
  fi
  if [[ "$s" == "$plain_cxf" ]]; then
    port=$((base + 20)); [[ "$s" == cxf-pg ]] && port=$((base + 21))
    drive cxf-plain "CXF 4.1.3" "(no RM)" "–" "http://127.0.0.1:$port/cxf/plain" 0 0
  fi
  stop_server
done

java -cp "$bench_cp" dev.tandem.bench.Report --runs "$runs" --json "$work/results.json" --command "$args_line" | tee "$work/table.md"
log "results: $work/results.json, table: $work/table.md"
