#!/usr/bin/env bash
# Runs the raw-HTTP load generator against a fresh Docket (and, with --with-moto, against
# moto_server after it), printing each report; the server's CPU time per entry comes from its PID.
#
#   benchmarks/run-raw.sh [--with-moto] [RawLoad options]
#   e.g. benchmarks/run-raw.sh --scenario sqs-send --connections 16 --duration 20
#        benchmarks/run-raw.sh --with-moto --scenario put-events --rules 100 --queues 10
#        MOTO_ARGS="--connections 1" benchmarks/run-raw.sh --with-moto --scenario sfn-standard
#
# MOTO_ARGS are appended to the options of the moto run only (a later option wins), e.g. to run
# moto with fewer executions in flight than Docket.
# Builds the distribution and the benchmarks module when missing (REBUILD=1 forces it).
# DOCKET_ROOT=/path/to/another/checkout serves from that checkout's built distribution instead
# (for before/after comparisons with the same load generator).
set -euo pipefail

root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../bin/find-java
. "$root/bin/find-java"
docket_find_java || exit 1
java=$DOCKET_JAVA_HOME/bin/java

with_moto=false
if [[ ${1:-} == --with-moto ]]; then with_moto=true; shift; fi

bench_name=run-raw
# shellcheck source=lib.sh
. "$root/benchmarks/lib.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/raw-load.XXXXXX")
load() {
  "$java" -Xms256m -XX:+UseSerialGC -cp "$load_classpath" dev.docket.benchmarks.raw.RawLoad "$@"
}

port=$(free_port)
DOCKET_JAVA_OPTS=${DOCKET_JAVA_OPTS:-} "${DOCKET_ROOT:-$root}/bin/docket" serve --port "$port" \
  --data-dir "$work/data" >"$work/docket.log" 2>&1 &
pids+=($!)
await "http://127.0.0.1:$port/" docket "$work/docket.log"
server_pid=$(pgrep -f -- "--port $port" | grep -v "^$$\$" | tail -n1)
load --endpoint "http://127.0.0.1:$port" --server-pid "$server_pid" --label "${LABEL:-docket}" "$@" || true
kill "$server_pid" 2>/dev/null || true

if $with_moto; then
  mport=$(free_port)
  moto_server -H 127.0.0.1 -p "$mport" >"$work/moto.log" 2>&1 &
  pids+=($!)
  await "http://127.0.0.1:$mport/" moto "$work/moto.log"
  mpid=$(pgrep -f "moto_server -H 127.0.0.1 -p $mport" | head -n1)
  # shellcheck disable=SC2086 # MOTO_ARGS is a list of options
  load --endpoint "http://127.0.0.1:$mport" --server-pid "$mpid" --label moto --moto "$@" \
    ${MOTO_ARGS:-} || true
fi
echo "run-raw: logs in $work" >&2
