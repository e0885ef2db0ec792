#!/usr/bin/env bash
# Runs one raw-HTTP load against a fresh Docket on SQLite, then against a fresh Docket on the
# PostgreSQL of this machine (a database created for the run and dropped after), printing each
# report: throughput and latency from the load generator, the server's CPU per entry from its PID,
# and PostgreSQL's CPU over the measured window from /proc: the backends connected to the run's
# database, and the server-wide auxiliary processes (WAL writer, checkpointer, background writer),
# which other users of the same PostgreSQL also load.
#
#   benchmarks/run-store-compare.sh [RawLoad options]
#   e.g. benchmarks/run-store-compare.sh --scenario sqs-send --connections 16 --duration 20
#
# PG_URL (default jdbc:postgresql://127.0.0.1:5432/) and PG_USER (default postgres, trust auth)
# name the server; psql must reach it as PG_USER.
set -euo pipefail

root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../bin/find-java
. "$root/bin/find-java"
docket_find_java || exit 1
java=$DOCKET_JAVA_HOME/bin/java

bench_name=run-store-compare
# shellcheck source=lib.sh
. "$root/benchmarks/lib.sh"

pg_url=${PG_URL:-jdbc:postgresql://127.0.0.1:5432/}
pg_user=${PG_USER:-postgres}
pg_host=$(sed -E 's#jdbc:postgresql://([^:/]+).*#\1#' <<<"$pg_url")
database=docket_bench_$$
work=$(mktemp -d "${TMPDIR:-/tmp}/store-compare.XXXXXX")
warmup=5
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [[ ${args[i]} == --warmup ]] && warmup=${args[i + 1]}
done

load() {
  "$java" -Xms256m -XX:+UseSerialGC -cp "$load_classpath" dev.docket.benchmarks.raw.RawLoad "$@"
}

# cpu_ticks PATTERN: the user+system clock ticks of the postgres processes whose title matches
cpu_ticks() {
  local total=0 pid
  for pid in $(pgrep -f -- "$1" || true); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

# serve KIND LABEL [ENV...]: starts a server, runs the load, prints PostgreSQL's CPU for postgresql
serve() {
  local kind=$1 label=$2 port server_pid
  shift 2
  port=$(free_port)
  env "$@" DOCKET_STORE_KIND="$kind" "$root/bin/docket" serve --port "$port" \
    --data-dir "$work/data-$kind" >"$work/docket-$kind.log" 2>&1 &
  pids+=($!)
  await "http://127.0.0.1:$port/" "docket ($kind)" "$work/docket-$kind.log"
  server_pid=$(pgrep -f -- "--port $port" | grep -v "^$$\$" | tail -n1)
  load --endpoint "http://127.0.0.1:$port" --server-pid "$server_pid" --label "$label" \
    "${args[@]}" &
  local load_pid=$!
  if [[ $kind == postgresql ]]; then
    sleep "$warmup"
    local b0 a0 t0 b1 a1 t1 hz
    b0=$(cpu_ticks "postgres: .* $database ")
    a0=$(cpu_ticks "postgres: (walwriter|checkpointer|background writer)")
    t0=$(date +%s.%N)
  fi
  wait "$load_pid" || true
  if [[ $kind == postgresql ]]; then
    b1=$(cpu_ticks "postgres: .* $database ")
    a1=$(cpu_ticks "postgres: (walwriter|checkpointer|background writer)")
    t1=$(date +%s.%N)
    hz=$(getconf CLK_TCK)
    awk -v b=$((b1 - b0)) -v a=$((a1 - a0)) -v hz="$hz" -v t0="$t0" -v t1="$t1" 'BEGIN {
      s = t1 - t0
      printf "postgresql CPU over the last %.1f s (includes the load'"'"'s tail): backends %.2f s" \
        " (%.0f%% of one core), WAL writer + checkpointer + bgwriter %.2f s\n",
        s, b / hz, 100 * b / hz / s, a / hz }'
  fi
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
}

serve sqlite sqlite
psql -h "$pg_host" -U "$pg_user" -qc "CREATE DATABASE $database" postgres
trap 'psql -h "$pg_host" -U "$pg_user" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" postgres; cleanup' EXIT
serve postgresql postgresql DOCKET_STORE_POSTGRESQL_URL="$pg_url$database" \
  DOCKET_STORE_POSTGRESQL_USER="$pg_user"
echo "$bench_name: logs in $work" >&2
