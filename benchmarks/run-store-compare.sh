#!/usr/bin/env bash
# Runs one raw-HTTP load against a fresh Docket on SQLite, then against a fresh Docket on the
# PostgreSQL of this machine (a database created for the run and dropped after), printing each
# report: throughput and latency from the load generator, the server's CPU per entry from its PID,
# and, for PostgreSQL, the CPU of the backends connected to the run's database over the measured
# window (the server-wide WAL writer, checkpointer and background writer are not counted: with
# synchronous_commit on, backends write and flush their own WAL).
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
args=("$@")

load() {
  "$java" -Xms256m -XX:+UseSerialGC -cp "$load_classpath" dev.docket.benchmarks.raw.RawLoad "$@"
}

# serve KIND LABEL [ENV...]: starts a server on the store KIND and runs the load against it
serve() {
  local kind=$1 label=$2 port server_pid
  shift 2
  port=$(free_port)
  env "$@" DOCKET_STORE_KIND="$kind" "$root/bin/docket" serve --port "$port" \
    --data-dir "$work/data-$kind" >"$work/docket-$kind.log" 2>&1 &
  pids+=($!)
  await "http://127.0.0.1:$port/" "docket ($kind)" "$work/docket-$kind.log"
  server_pid=$(pgrep -f -- "--port $port" | grep -v "^$$\$" | tail -n1)
  local measure=()
  [[ $kind == postgresql ]] && measure=(--also-measure "postgres: .* $database ")
  load --endpoint "http://127.0.0.1:$port" --server-pid "$server_pid" --label "$label" \
    "${measure[@]}" "${args[@]}" || true
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
}

serve sqlite sqlite
psql -h "$pg_host" -U "$pg_user" -qc "CREATE DATABASE $database" postgres
trap 'psql -h "$pg_host" -U "$pg_user" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" postgres; cleanup' EXIT
serve postgresql postgresql DOCKET_STORE_POSTGRESQL_URL="$pg_url$database" \
  DOCKET_STORE_POSTGRESQL_USER="$pg_user"
echo "$bench_name: logs in $work" >&2
