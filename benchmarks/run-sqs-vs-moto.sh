#!/usr/bin/env bash
# Runs the same SQS load against Docket and against moto_server, one after the other, and prints
# both reports side by side.
#
#   benchmarks/run-sqs-vs-moto.sh [SqsLoad options]
#   e.g. benchmarks/run-sqs-vs-moto.sh --concurrency 8 --duration 20 --warmup 5 --mode mixed
#
# Builds the distribution and the benchmarks module if they are missing (REBUILD=1 forces it),
# starts `bin/docket serve` on a free loopback port with a fresh data directory and
# `moto_server` on another, runs dev.docket.benchmarks.sqs.SqsLoad against each, and stops both.
# Logs and reports stay in the printed work directory. Needs moto_server, curl and python3.
set -euo pipefail

root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../bin/find-java
. "$root/bin/find-java"
docket_find_java || exit 1
java=$DOCKET_JAVA_HOME/bin/java

for tool in moto_server curl python3; do
  command -v "$tool" >/dev/null || { echo "run-sqs-vs-moto: $tool is not on the PATH" >&2; exit 2; }
done

classpath_file=$root/benchmarks/target/classpath.txt
if [[ -n "${REBUILD:-}" || ! -f "$classpath_file" ]] \
  || ! compgen -G "$root/cli/target/docket/lib/docket-cli-*.jar" >/dev/null; then
  echo "run-sqs-vs-moto: building the distribution and the benchmarks..." >&2
  (cd "$root" && JAVA_HOME=$DOCKET_JAVA_HOME ./mvnw -q -B -DskipTests -Dspotless.check.skip=true \
    -pl cli,benchmarks -am package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt) >&2
fi
load_classpath="$root/benchmarks/target/classes:$(cat "$classpath_file")"

load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
work=$(mktemp -d "${TMPDIR:-/tmp}/sqs-vs-moto.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]+"${pids[@]}"}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]+"${pids[@]}"}"; do
    wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# await URL NAME LOG: polls until the URL answers (any HTTP status), at most 60 s.
await() {
  for _ in $(seq 1 600); do
    curl -s -o /dev/null --max-time 1 "$1" && return 0
    sleep 0.1
  done
  echo "run-sqs-vs-moto: $2 did not start; its log:" >&2
  tail -20 "$3" >&2
  exit 1
}

load() {
  local name=$1 endpoint=$2
  shift 2
  echo "run-sqs-vs-moto: loading $name at $endpoint" >&2
  "$java" -cp "$load_classpath" dev.docket.benchmarks.sqs.SqsLoad \
    --endpoint "$endpoint" --label "$name" "$@" | tee "$work/$name.out" >&2 \
    || echo "run-sqs-vs-moto: the $name run failed or reported errors (see above)" >&2
}

docket_port=$(free_port)
"$root/bin/docket" serve --port "$docket_port" --bind 127.0.0.1 --data-dir "$work/docket-data" \
  >"$work/docket.log" 2>&1 &
pids+=($!)
await "http://127.0.0.1:$docket_port/_docket/health" docket "$work/docket.log"
load docket "http://127.0.0.1:$docket_port" "$@"
# Stop Docket (SIGTERM, clean shutdown) so that moto has the machine to itself.
kill "${pids[0]}"
wait "${pids[0]}" 2>/dev/null || true
pids=()

moto_port=$(free_port)
moto_server -H 127.0.0.1 -p "$moto_port" >"$work/moto.log" 2>&1 &
pids+=($!)
await "http://127.0.0.1:$moto_port/" moto "$work/moto.log"
load moto "http://127.0.0.1:$moto_port" "$@"

echo
echo "== SQS load, same settings (work directory $work)"
echo "machine: $(uname -srm), $(nproc) cores, load average before the runs $load_before;" \
  "java $DOCKET_JAVA_MAJOR; moto $(python3 -c 'import moto; print(moto.__version__)' 2>/dev/null || echo '?')"
echo "command: $0 $*"
echo
for name in docket moto; do
  grep -v '^{' "$work/$name.out"
  echo
done
grep -h '^{' "$work/docket.out" "$work/moto.out"
