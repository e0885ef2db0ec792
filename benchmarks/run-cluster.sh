#!/usr/bin/env bash
# Runs one raw-HTTP load against a fresh Docket on SQLite, then against a fresh cluster of NODES
# (default 3) Docket nodes sharing one PostgreSQL database (created for the run and dropped after),
# the load's connections spread over the nodes round-robin (RawLoad --endpoints), printing each
# report: throughput and latency from the load generator, each node's CPU per entry and their sum,
# the CPU of the PostgreSQL backends connected to the run's database over the measured window (as
# run-store-compare.sh measures it: the server-wide WAL writer, checkpointer and background writer
# are not counted), the database's commits and rows written and the server-wide WAL per entry
# (RawLoad --pg-stats), and the load average at the end of the window.
#
#   benchmarks/run-cluster.sh [RawLoad options]
#   e.g. benchmarks/run-cluster.sh --scenario sqs-send --connections 16 --warmup 60 --duration 20
#        benchmarks/run-cluster.sh --scenario put-events --rules 100 --queues 10 --connections 4 \
#          --consumers 10 --warmup 60 --duration 20
#
#   benchmarks/run-cluster.sh --kill-one [RawLoad options]
#   e.g. benchmarks/run-cluster.sh --kill-one --scenario put-events --rate 20 --warmup 30 \
#          --duration 30 --kill-after 10 --drain 40
#
# --kill-one runs the cluster only: --kill-after seconds (default 10) into the measured window it
# kills one node with SIGKILL (the node holding the router lease of the load's bus, if any, else
# node 2), the connections to it move to the next node, the consumers drain for up to
# --drain seconds, and RawLoad reports how long the entries sent around the kill took to arrive and
# whether any accepted entry never did. Use --scenario put-events (events its router had not
# routed) or sqs-mixed (messages it had claimed for a receive whose answer was lost, back after
# --visibility-timeout).
#
# PG_URL (default jdbc:postgresql://127.0.0.1:5432/) and PG_USER (default postgres, trust auth)
# name the server; psql must reach it as PG_USER. SKIP_SQLITE=1 runs the cluster only; NODES
# (default 3) is the cluster's size, POOL_SIZE (default 12) each node's
# store.postgresql.pool-size, LEASE_TIME (default: the server's) each node's cluster.lease-time.
# If the distribution has no AOT cache (or one older than its jars), a short training run on
# SQLite writes it first, so that both sides start from the same cache (three nodes writing one
# cache at exit would race). Three JVMs share the load, so each warms up on a third of it: give
# both sides a long --warmup (60 s) and compare server CPU per entry, which is far steadier than
# throughput on a shared machine. Bash reports the killed node ("... Killed env ... serve") when
# it reaps it; that line is expected.
set -euo pipefail

root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../bin/find-java
. "$root/bin/find-java"
docket_find_java || exit 1
java=$DOCKET_JAVA_HOME/bin/java

kill_one=false
if [[ ${1:-} == --kill-one ]]; then kill_one=true; shift; fi

bench_name=run-cluster
# shellcheck source=lib.sh
. "$root/benchmarks/lib.sh"

pg_url=${PG_URL:-jdbc:postgresql://127.0.0.1:5432/}
pg_user=${PG_USER:-postgres}
pg_host=$(sed -E 's#jdbc:postgresql://([^:/]+).*#\1#' <<<"$pg_url")
nodes=${NODES:-3}
database=docket_cluster_$$
work=$(mktemp -d "${TMPDIR:-/tmp}/cluster.XXXXXX")
args=("$@")

load() {
  "$java" -Xms256m -XX:+UseSerialGC -cp "$load_classpath" dev.docket.benchmarks.raw.RawLoad "$@"
}

# start NAME [ENV...]: starts a node in the background; appends its port to `ports`
ports=()
start() {
  local name=$1 port
  shift
  port=$(free_port)
  env "$@" "$root/bin/docket" serve --port "$port" --data-dir "$work/data-$name" \
    >"$work/$name.log" 2>&1 &
  pids+=($!)
  ports+=("$port")
}

# ready NAME PORT: waits for the node, then prints its JVM's PID
ready() {
  local pid
  await "http://127.0.0.1:$2/" "docket ($1)" "$work/$1.log" || return 1
  pid=$(pgrep -f -- "--port $2" | grep -v "^$$\$" | tail -n1)
  [[ -n $pid ]] || return 1
  echo "$pid"
}

# stop PID...: stops the nodes and waits until they have exited (an AOT cache is written at exit)
stop() {
  local pid
  for pid in "$@"; do kill "$pid" 2>/dev/null || true; done
  for pid in "$@"; do
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  done
}

# stale_aot: whether bin/docket would record a new AOT cache (none, or older than a jar)
stale_aot() {
  local cache=$root/cli/target/docket/docket.aot jar
  [[ -f $cache ]] || return 0
  for jar in "$root"/cli/target/docket/lib/*.jar; do [[ $jar -nt $cache ]] && return 0; done
  return 1
}
if ((DOCKET_JAVA_MAJOR >= 25)) && stale_aot; then
  echo "$bench_name: training the distribution's AOT cache..." >&2
  ports=()
  start training DOCKET_STORE_KIND=sqlite
  pid=$(ready training "${ports[0]}")
  load --endpoint "http://127.0.0.1:${ports[0]}" --warmup 1 --duration 5 "${args[@]}" >/dev/null \
    || true
  stop "$pid"
fi

if ! $kill_one && [[ -z ${SKIP_SQLITE:-} ]]; then
  ports=()
  start sqlite DOCKET_STORE_KIND=sqlite
  pid=$(ready sqlite "${ports[0]}")
  load --endpoint "http://127.0.0.1:${ports[0]}" --server-pid "$pid" --label "sqlite, 1 node" \
    "${args[@]}" || true
  stop "$pid"
fi

psql -h "$pg_host" -U "$pg_user" -qc "CREATE DATABASE $database" postgres
trap 'cleanup; psql -h "$pg_host" -U "$pg_user" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" postgres' EXIT
pg_env=(DOCKET_STORE_KIND=postgresql DOCKET_STORE_POSTGRESQL_URL="$pg_url$database"
  DOCKET_STORE_POSTGRESQL_USER="$pg_user" DOCKET_STORE_POSTGRESQL_POOL_SIZE="${POOL_SIZE:-12}")
[[ -n ${LEASE_TIME:-} ]] && pg_env+=(DOCKET_CLUSTER_LEASE_TIME="$LEASE_TIME")
ports=()
# the first node alone migrates the new database; the others then start together
start node1 "${pg_env[@]}" DOCKET_CLUSTER_NODE_NAME=node1
pid=$(ready node1 "${ports[0]}")
node_pids=("$pid")
for ((i = 2; i <= nodes; i++)); do
  start "node$i" "${pg_env[@]}" DOCKET_CLUSTER_NODE_NAME="node$i"
done
for ((i = 2; i <= nodes; i++)); do
  pid=$(ready "node$i" "${ports[i - 1]}")
  node_pids+=("$pid")
done
endpoints=$(printf 'http://127.0.0.1:%s,' "${ports[@]}")
endpoints=${endpoints%,}
server_pids=$(
  IFS=,
  echo "${node_pids[*]}"
)
for ((i = 1; i <= nodes; i++)); do
  echo "$bench_name: node$i is pid ${node_pids[i - 1]}, port ${ports[i - 1]}" >&2
done

kill_args=()
if $kill_one; then
  # the chooser runs at the kill time: the node holding the router lease of the load's bus
  # (router:<bus-arn>, the bus named raw-<millis>) or else any router's, else node 2
  chooser=$work/choose-victim.sh
  {
    echo '#!/usr/bin/env bash'
    printf 'pids=(%s)\n' "${node_pids[*]}"
    printf 'owner=$(psql -h %q -U %q -d %q -Atc %q 2>/dev/null | head -n1)\n' "$pg_host" "$pg_user" \
      "$database" "SELECT split_part(owner, '/', 1) FROM leases WHERE until > (extract(epoch FROM clock_timestamp()) * 1e6)::bigint AND name LIKE 'router:%' ORDER BY name LIKE '%/raw-%' DESC, name LIMIT 1"
    # shellcheck disable=SC2016 # expanded when the chooser runs
    echo 'n=${owner#node}; [[ $n =~ ^[0-9]+$ ]] && ((n >= 1 && n <= ${#pids[@]})) || n=2'
    echo 'echo "choose-victim: lease owner ${owner:-none}, killing node$n" >&2'
    echo 'echo "${pids[n - 1]}"'
  } >"$chooser"
  chmod +x "$chooser"
  kill_args=(--kill-chooser "$chooser")
fi

load --endpoints "$endpoints" --server-pid "$server_pids" --label "postgresql, $nodes nodes" \
  --also-measure "postgres: .* $database " --pg-stats "$pg_url$database" --pg-user "$pg_user" \
  "${kill_args[@]}" "${args[@]}" || true
if $kill_one; then
  psql -h "$pg_host" -U "$pg_user" -d "$database" -Atc \
    "SELECT 'lease ' || name || ' held by ' || owner || ' (token ' || token || ')' FROM leases ORDER BY name" \
    >&2 || true
fi
stop "${node_pids[@]}"
echo "$bench_name: logs in $work" >&2
