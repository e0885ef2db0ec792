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

bench_name=run-sqs-vs-moto
# shellcheck source=lib.sh
. "$root/benchmarks/lib.sh"

load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
work=$(mktemp -d "${TMPDIR:-/tmp}/sqs-vs-moto.XXXXXX")
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
