#!/usr/bin/env bash
# Runs the raw-HTTP load generator against a fresh Docket (and, with --with-moto, against
# moto_server after it), printing each report; the server's CPU time per entry comes from its PID.
#
#   benchmarks/run-raw.sh [--with-moto] [RawLoad options]
#   e.g. benchmarks/run-raw.sh --scenario sqs-send --connections 16 --duration 20
#        benchmarks/run-raw.sh --with-moto --scenario put-events --rules 100 --queues 10
#
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

classpath_file=$root/benchmarks/target/classpath.txt
if [[ -n "${REBUILD:-}" || ! -f "$classpath_file" ]] \
  || ! compgen -G "$root/cli/target/docket/lib/docket-cli-*.jar" >/dev/null; then
  echo "run-raw: building the distribution and the benchmarks..." >&2
  (cd "$root" && JAVA_HOME=$DOCKET_JAVA_HOME ./mvnw -q -B -DskipTests -Dspotless.check.skip=true \
    -pl cli,benchmarks -am package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt) >&2
  touch "$root/cli/target/docket/.built"
fi
load_classpath="$root/benchmarks/target/classes:$(cat "$classpath_file")"

work=$(mktemp -d "${TMPDIR:-/tmp}/raw-load.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]+"${pids[@]}"}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]+"${pids[@]}"}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
await() {
  for _ in $(seq 1 600); do
    curl -s -o /dev/null --max-time 1 "$1" && return 0
    sleep 0.1
  done
  echo "run-raw: $2 did not start; its log:" >&2
  tail -20 "$3" >&2
  exit 1
}
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
  load --endpoint "http://127.0.0.1:$mport" --server-pid "$mpid" --label moto "$@" || true
fi
echo "run-raw: logs in $work" >&2
