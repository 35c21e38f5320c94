#!/usr/bin/env bash
# WS-MakeConnection benchmark: callback latency with many parked polls (dev.tandem.bench.MakeConnectionBench).
#
#   bash scripts/bench-mc.sh [--clients N] [--sample N] [--warmup N] [--no-build] [--nodes 2]
#
# Builds with `mvn -q -DskipTests package` (skip with --no-build when target/ is current), starts
# web-module/target/tandem-micro.jar on H2 under target/bench with tandem.rsp.delay=0 (callbacks due
# at once) and tandem.mc.hold-time=60000, parks one poll per client (default 1000) and prints the
# latency figures and the server's thread and descriptor counts. The server is stopped on exit.
#
# --nodes 2: two nodes with tandem.cluster.enabled=true on the PostgreSQL named by TANDEM_JDBC_URL &
# co. (e.g. bash scripts/test-postgres.sh start); ProcessData goes to the first, the polls are parked
# on the second, so the figures are those of a callback committed on one node reaching a poll on the
# other (PostgreSQL NOTIFY). Thread and descriptor counts are the second node's.
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
nodes=1
args=()
clients=1000
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-build) build=0; shift ;;
    --nodes) nodes="$2"; shift 2 ;;
    --clients) clients="$2"; args+=("$1" "$2"); shift 2 ;;
    --sample|--warmup) args+=("$1" "$2"); shift 2 ;;
    *) echo "bench-mc: unknown option $1" >&2; exit 2 ;;
  esac
done

# Every parked poll is one connection on each side (client and server run here): 2 descriptors per
# client plus the server's own (jars, sockets, database). Raise the soft limit up to the hard one.
need=$((2 * clients + 2048))
if [[ "$(ulimit -n)" != unlimited && "$(ulimit -n)" -lt "$need" ]]; then
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  if [[ "$(ulimit -n)" != unlimited && "$(ulimit -n)" -lt "$need" ]]; then
    echo "bench-mc: ulimit -n is $(ulimit -n) (hard $(ulimit -Hn)), $need descriptors wanted; expect failed polls" >&2
  fi
fi

if [[ "$build" == 1 ]]; then
  mvn -q -DskipTests package
fi

free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  echo "bench-mc: no free port found" >&2; exit 1
}
work="target/bench"
rm -rf "$work" && mkdir -p "$work"
servers=()
trap 'for p in "${servers[@]+"${servers[@]}"}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null || true; done' EXIT

if [[ "$nodes" == 1 ]]; then
  db_env=(env -u TANDEM_JDBC_URL -u TANDEM_JDBC_USER -u TANDEM_JDBC_PASSWORD TANDEM_DATA_DIR="$PWD/$work/h2")
  cluster=()
elif [[ "$nodes" == 2 ]]; then
  if [[ -z "${TANDEM_JDBC_URL:-}" ]]; then
    echo "bench-mc: --nodes 2 needs the PostgreSQL both nodes share in TANDEM_JDBC_URL (and TANDEM_JDBC_USER / TANDEM_JDBC_PASSWORD)" >&2
    exit 2
  fi
  db_env=(env)
  cluster=(-Dtandem.cluster.enabled=true)
else
  echo "bench-mc: --nodes is 1 or 2" >&2; exit 2
fi

urls=()
for i in $(seq 1 "$nodes"); do
  port="$(free_port)"
  sslport="$(free_port)"
  log="$work/server-$i.log"
  "${db_env[@]}" TANDEM_BIND_ADDRESS=127.0.0.1 \
    java -Dtandem.rsp.delay=0 -Dtandem.mc.hold-time=60000 "${cluster[@]+"${cluster[@]}"}" \
    -jar web-module/target/tandem-micro.jar --port "$port" --sslport "$sslport" >"$log" 2>&1 &
  servers+=($!)
  url="http://127.0.0.1:$port/servicemodelsamples/service.svc/rsp"
  urls+=("$url")
  echo "bench-mc: server $i pid ${servers[-1]} on port $port (log $log), waiting until ready" >&2
  for _ in $(seq 1 900); do
    if ! kill -0 "${servers[-1]}" 2>/dev/null; then echo "bench-mc: server exited, see $log" >&2; exit 1; fi
    if [[ "$(curl -s -o /dev/null -w '%{http_code}' "$url?wsdl" || true)" == 200 ]]; then break; fi
    sleep 0.2
  done
done

java -cp web-module/target/test-classes dev.tandem.bench.MakeConnectionBench \
  --url "${urls[0]}" --poll-url "${urls[-1]}" --clients "$clients" --server-pid "${servers[-1]}" \
  "${args[@]+"${args[@]}"}"
