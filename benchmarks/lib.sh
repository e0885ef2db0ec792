# shellcheck shell=bash
# Shared by the benchmark scripts (run-raw.sh, run-sqs-vs-moto.sh). Source it after setting
# `root` (the repository) and `bench_name` (for messages), and after `docket_find_java`. It builds
# the distribution and this module when missing (REBUILD=1 forces it), sets `load_classpath`, and
# kills every PID added to `pids` on exit.

classpath_file=$root/benchmarks/target/classpath.txt
if [[ -n "${REBUILD:-}" || ! -f "$classpath_file" ]] \
  || ! compgen -G "$root/cli/target/docket/lib/docket-cli-*.jar" >/dev/null; then
  echo "$bench_name: building the distribution and the benchmarks..." >&2
  (cd "$root" && JAVA_HOME=$DOCKET_JAVA_HOME ./mvnw -q -B -DskipTests -Dspotless.check.skip=true \
    -pl cli,benchmarks -am package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt) >&2
  touch "$root/cli/target/docket/.built"
fi
# shellcheck disable=SC2034 # used by the sourcing script
load_classpath="$root/benchmarks/target/classes:$(cat "$classpath_file")"

pids=()
cleanup() {
  for pid in "${pids[@]+"${pids[@]}"}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]+"${pids[@]}"}"; do wait "$pid" 2>/dev/null || true; done
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
  echo "$bench_name: $2 did not start; its log:" >&2
  tail -20 "$3" >&2
  exit 1
}
