#!/usr/bin/env bash
# Runs the scheduled-firing benchmark (dev.docket.benchmarks.schedule.FiringBenchmark) in process:
# a fresh SQLite store with a million timers, fired through the delivery engine to a no-op target.
#
#   benchmarks/run-firings.sh [FiringBenchmark options]
#   e.g. benchmarks/run-firings.sh                       # 1,000,000 timers: 2k, 5k, 10k/s, then a burst
#        benchmarks/run-firings.sh --rates 10000 --seconds 30 --burst 0
#        benchmarks/run-firings.sh --rates 0      # warm-up, then all other timers due at once
#
# Builds the benchmarks module when missing (REBUILD=1 forces it). The data directory is a fresh
# temporary directory under TMPDIR (default /tmp), deleted afterwards (--keep keeps it).
# DOCKET_ROOT=/path/to/another/checkout takes the store, SQLite store and delivery classes from that
# checkout (built there with `./mvnw -o -q compile -pl store,store-sqlite,delivery` when missing),
# ahead of this one's, for before/after comparisons with the same benchmark; LABEL names the run.
# JAVA_OPTS are passed to the JVM (e.g. -XX:StartFlightRecording=duration=60s,filename=f.jfr).
set -euo pipefail

root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../bin/find-java
. "$root/bin/find-java"
docket_find_java || exit 1
java=$DOCKET_JAVA_HOME/bin/java

classpath_file=$root/benchmarks/target/classpath.txt
if [[ -n "${REBUILD:-}" || ! -f "$classpath_file" ]]; then
  echo "run-firings: building the benchmarks..." >&2
  (cd "$root" && JAVA_HOME=$DOCKET_JAVA_HOME ./mvnw -q -B -DskipTests -Dspotless.check.skip=true \
    -pl benchmarks -am package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt) >&2
fi
classpath="$root/benchmarks/target/classes:$(cat "$classpath_file")"

if [[ -n "${DOCKET_ROOT:-}" ]]; then
  other=$(cd -P "$DOCKET_ROOT" && pwd)
  if [[ ! -d "$other/store-sqlite/target/classes" || ! -d "$other/delivery/target/classes" ]]; then
    echo "run-firings: compiling the store and delivery modules in $other..." >&2
    (cd "$other" && JAVA_HOME=$DOCKET_JAVA_HOME ./mvnw -q -B -o -Dspotless.check.skip=true \
      -pl store,store-sqlite,delivery compile) >&2
  fi
  classpath="$other/store/target/classes:$other/store-sqlite/target/classes:$other/delivery/target/classes:$classpath"
fi

# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec "$java" ${JAVA_OPTS:-} --enable-native-access=ALL-UNNAMED -cp "$classpath" \
  dev.docket.benchmarks.schedule.FiringBenchmark --label "${LABEL:-docket}" "$@"
