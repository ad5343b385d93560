#!/usr/bin/env bash
# The release build, as users run it, through a distributed round trip: a local cluster with
# three data nodes and a compute node (Scripts/local-cluster.sh, real ZooKeeper), two replicas
# per chunk; a database made and appended to on P1-datanode, read on P3-computenode and on
# P2-datanode, chunk states checked, rows updated and deleted from P2-datanode, a backup
# taken on P1-datanode. It catches what only the optimiser or the static link breaks (a
# release-only crash in a task group once took down every node on its first distributed query). Stops everything it starts. Builds the release product users get
# (Scripts/build-release.sh) unless PORPOISE_BINARY names a binary.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${PORPOISE_BINARY:-}"
if [ -z "$bin" ]; then
  Scripts/build-release.sh >&2
  bin="$PWD/.build/release/porpoise"
fi
dir=$(mktemp -d)
trap 'PORPOISE="$bin" Scripts/local-cluster.sh stop "$dir" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
base=$((20000 + RANDOM % 20000))
PORPOISE="$bin" REPLICAS=2 DATANODES=3 Scripts/local-cluster.sh start "$dir" "$base" >/dev/null

on() { "$bin" -remoteHost 127.0.0.1 -remotePort "$1" -uid admin -pwd 123456 -e "$2" 2>&1 | sed '/default password/d'; }
expect() {
  if [ "$2" != "$3" ]; then
    echo "release smoke: $1: expected '$3', got '$2'" >&2
    exit 1
  fi
}

on $((base + 2)) '
db = database("dfs://smoke", VALUE, 1..4)
pt = db.createPartitionedTable(table(1:0, `k`v, [INT, DOUBLE]), "t", `k)
pt.append!(table(take(1..4, 1000) as k, 1..1000 * 0.5 as v))' >/dev/null
expect "count from P3-computenode" "$(on $((base + 22)) 'exec count(*) from loadTable("dfs://smoke", "t")')" "1000"
expect "groups from P3-computenode" \
  "$(on $((base + 22)) 'exec n from (select count(*) as n from loadTable("dfs://smoke", "t") group by k)')" \
  "[250,250,250,250]"
expect "sum from P2-datanode" "$(on $((base + 12)) 'exec sum(v) from loadTable("dfs://smoke", "t") where k = 2')" "62500"
expect "chunk states" \
  "$(on $((base + 2)) 'exec count(*) from getClusterChunksStatus() where state = "COMPLETE", replicaCount = 2')" "4"
# Rows changed in place, partition by partition, from another data node; a backup of the
# partitions left, read from their replicas.
on $((base + 12)) '
delete from loadTable("dfs://smoke", "t") where k = 4
update loadTable("dfs://smoke", "t") set v = 0.0 where k = 1' >/dev/null
expect "count after delete" "$(on $((base + 22)) 'exec count(*) from loadTable("dfs://smoke", "t")')" "750"
expect "sum after update" "$(on $((base + 22)) 'exec sum(v) from loadTable("dfs://smoke", "t") where k = 1')" "0"
expect "backup on P1-datanode" \
  "$(on $((base + 2)) "backup(\"$dir/backup\", <select * from loadTable(\"dfs://smoke\", \"t\")>, true)")" "3"
# Array vector columns (order book levels) written on one node, read on another.
on $((base + 2)) '
db = database("dfs://smokeLevels", VALUE, 1..2, , "TSDB")
pt = db.createPartitionedTable(table(1:0, `k`bid, [INT, DOUBLE[]]), "t", `k, sortColumns=`k)
pt.append!(table(1 2 2 as k, [1.5 1.4, 2.5, 3.5 3.4 3.3] as bid))' >/dev/null
expect "array column from P3-computenode" \
  "$(on $((base + 22)) 'exec rowSum(bid) from loadTable("dfs://smokeLevels", "t") where k = 2')" "[2.5,10.2]"
echo "release smoke: a distributed append, update, delete, backup, array columns and queries answered on every node" >&2
