#!/usr/bin/env bash
# A whole cluster on this machine, on loopback: ZooKeeper, a controller and three agents with
# the seed's topology (P1-datanode, P2-datanode, P3-computenode), started with the seed's own
# launch lines. For trying Porpoise out and for the cluster benchmark.
#
#   Scripts/local-cluster.sh start DIR [BASE_PORT]   write DIR/config/*, start everything, wait
#   Scripts/local-cluster.sh stop DIR                stop agents, nodes, controller, ZooKeeper
#
# Ports: BASE_PORT (default 8900) for the controller, +1/+2 for P1's agent and data node,
# +11/+12 for P2's, +21/+22 for P3's. ZooKeeper gets a free port. Sessions are 2 s (tick 500 ms),
# the test setting of our design notes; production clusters use the default 10 s.
#
# License: seven nodes and maxMemSize=32 need more than the built-in free license (3 nodes,
# 8 GB). Give yours with PORPOISE_LICENSE=FILE and PORPOISE_LICENSE_KEY=ISSUER_PUBLIC_KEY;
# otherwise DIR/porpoise.lic is used, and when it is missing a 30-day commercial license for
# "Local cluster" is issued with a key made in DIR/license (trusted by this cluster only).
#
# High availability: CONTROLLERS=2 adds a standby controller (controller$((BASE_PORT + 5)), config
# DIR/config/controller2.cfg) and lists both as controller rows in cluster.nodes (9 nodes).
#
# Distributed databases: REPLICAS=N sets the controller's dfsReplicationFactor (default 1, as
# the seed's controller.cfg); DATANODES=3 adds P3-datanode (port +23) beside P3-computenode;
# DATASYNC=0 sets the data and compute nodes' dataSync (default 1: segments fsynced).
#
# ZooKeeper credentials: every node authenticates with zkDigest=porpoise:SECRET (a random
# secret kept in DIR/config/zk.digest, or PORPOISE_ZK_DIGEST), so the user table and token key
# under /acl are readable, and the cluster's znodes changeable, only by the cluster.
set -euo pipefail
cmd="${1:-}"
dir="${2:-}"
[ -n "$cmd" ] && [ -n "$dir" ] || { sed -n '2,26p' "$0" >&2; exit 64; }
here="$(cd "$(dirname "$0")" && pwd)"
bin="${PORPOISE:-$here/../.build/release/porpoise}"
[ -x "$bin" ] || bin="$here/../.build/debug/porpoise"

case "$cmd" in
  start)
    base="${3:-8900}"
    mkdir -p "$dir/config" "$dir/log" "$dir/data"
    dir="$(cd "$dir" && pwd)"
    license="${PORPOISE_LICENSE:-$dir/porpoise.lic}"
    pubkey="${PORPOISE_LICENSE_KEY:-}"
    if [ -z "$pubkey" ] && [ -f "$dir/license/public.key" ]; then pubkey=$(cat "$dir/license/public.key"); fi
    if [ ! -f "$license" ]; then
      mkdir -p "$dir/license"
      if [ ! -f "$dir/license/issuer.key" ]; then
        "$bin" license keygen --out "$dir/license/issuer.key" | sed 's/^public key: //' >"$dir/license/public.key"
      fi
      pubkey=$(cat "$dir/license/public.key")
      "$bin" license issue --key "$dir/license/issuer.key" --client "Local cluster" --authorization commercial \
        --max-nodes 9 --max-cores 64 --max-memory 64 --expiration "$(date -u -d '+30 days' +%Y.%m.%d)" --out "$license"
      echo "issued $license (30 days, 9 nodes) with the key in $dir/license" >&2
    fi
    [ -n "$pubkey" ] || { echo "PORPOISE_LICENSE_KEY: the public key of the license's issuer is needed" >&2; exit 64; }
    licensing="license=$(cd "$(dirname "$license")" && pwd)/$(basename "$license")
licensePublicKey=$pubkey"
    digestFile="$dir/config/zk.digest"
    if [ -n "${PORPOISE_ZK_DIGEST:-}" ]; then
      digest="$PORPOISE_ZK_DIGEST"
    elif [ -f "$digestFile" ]; then
      digest=$(cat "$digestFile")
    else
      digest="porpoise:$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')"
      (umask 077 && echo "$digest" >"$digestFile")
    fi
    secrets="zkDigest=$digest"
    zk=$("$here/zookeeper.sh" start "$dir/zk" 1)
    connect="$zk/porpoise/local"
    cat >"$dir/config/controller.cfg" <<CFG
mode=controller
localSite=127.0.0.1:$base:controller$base
zkConnect=$connect
zkSessionTimeout=2000
dfsReplicationFactor=${REPLICAS:-1}
dfsReplicaReliabilityLevel=2
dataSync=1
workerNum=4
maxConnections=512
maxMemSize=8
lanCluster=0
$licensing
$secrets
CFG
    chmod 600 "$dir/config/controller.cfg"
    controllers="${CONTROLLERS:-1}"
    rows=""
    if [ "$controllers" = 2 ]; then
      sed "s/^localSite=.*/localSite=127.0.0.1:$((base + 5)):controller$((base + 5))/" "$dir/config/controller.cfg" >"$dir/config/controller2.cfg"
      chmod 600 "$dir/config/controller2.cfg"
      rows="127.0.0.1:$base:controller$base,controller
127.0.0.1:$((base + 5)):controller$((base + 5)),controller
"
    fi
    cat >"$dir/config/cluster.nodes" <<CFG
localSite,mode
${rows}127.0.0.1:$((base + 1)):P1-agent,agent
127.0.0.1:$((base + 2)):P1-datanode,datanode
127.0.0.1:$((base + 11)):P2-agent,agent
127.0.0.1:$((base + 12)):P2-datanode,datanode
127.0.0.1:$((base + 21)):P3-agent,agent
127.0.0.1:$((base + 22)):P3-computenode,computenode
CFG
    datanodes="${DATANODES:-2}"
    [ "$datanodes" = 3 ] && echo "127.0.0.1:$((base + 23)):P3-datanode,datanode" >>"$dir/config/cluster.nodes"
    cat >"$dir/config/cluster.cfg" <<CFG
maxMemSize=32
maxConnections=512
workerNum=4
maxBatchJobWorker=4
chunkCacheEngineMemSize=2
TSDBCacheEngineSize=1
newValuePartitionPolicy=add
maxPubConnections=64
subExecutors=4
lanCluster=0
enableChunkGranularityConfig=true
$licensing
CFG
    [ -n "${DATASYNC:-}" ] && echo "dataSync=$DATASYNC" >>"$dir/config/cluster.cfg"
    for n in 1 2 3; do
      off=$(((n - 1) * 10 + 1))
      cat >"$dir/config/agent$n.cfg" <<CFG
mode=agent
localSite=127.0.0.1:$((base + off)):P$n-agent
controllerSite=127.0.0.1:$base:controller$base
zkConnect=$connect
zkSessionTimeout=2000
restartBackoffMax=1
workerNum=4
maxMemSize=4
lanCluster=0
$licensing
$secrets
CFG
      chmod 600 "$dir/config/agent$n.cfg"
    done
    cd "$dir"
    nohup "$bin" -console 0 -mode controller -home data -script dolphindb.dos -config config/controller.cfg \
      -logFile log/controller.log -nodesFile config/cluster.nodes -clusterConfig config/cluster.cfg >log/controller.out 2>&1 &
    echo $! >controller.pid
    if [ "$controllers" = 2 ]; then
      nohup "$bin" -console 0 -mode controller -home data2 -script dolphindb.dos -config config/controller2.cfg \
        -logFile log/controller2.log -nodesFile config/cluster.nodes -clusterConfig config/cluster.cfg >log/controller2.out 2>&1 &
      echo $! >controller2.pid
    fi
    for n in 1 2 3; do
      mkdir -p "data/agent$n"
      nohup "$bin" -console 0 -mode agent -home "data/agent$n" -script dolphindb.dos -config "config/agent$n.cfg" \
        -logFile "log/agent$n.log" >"log/agent$n.out" 2>&1 &
      echo $! >"agent$n.pid"
    done
    # Ready when every node answers getClusterPerf as registered.
    for _ in $(seq 1 300); do
      up=$("$bin" -remoteHost 127.0.0.1 -remotePort "$base" -e 'exec count(*) from getClusterPerf(true) where state = 1' 2>/dev/null || true)
      [ "$up" = "$((6 + controllers + datanodes - 2))" ] && { echo "cluster up: controller 127.0.0.1:$base, ZooKeeper $connect"; exit 0; }
      sleep 0.1
    done
    echo "the cluster did not come up within 30 s; see $dir/log" >&2
    exit 69
    ;;
  stop)
    # A pid file may outlive its process, and the pid be handed to another program since:
    # signal only a pid whose command line is still this porpoise binary's.
    ours() { [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -q porpoise; }
    pids=()
    for f in "$dir"/agent*.pid "$dir"/controller.pid "$dir"/controller2.pid; do
      [ -f "$f" ] && pids+=("$(cat "$f")")
    done
    # Agents leave their nodes running (a restarted agent adopts them): stop those too.
    for f in "$dir"/data/agent*/*/porpoise.pid; do
      [ -f "$f" ] && pids+=("$(cut -d' ' -f1 "$f")")
    done
    for pid in "${pids[@]}"; do ours "$pid" && kill "$pid" 2>/dev/null || true; done
    for _ in $(seq 1 100); do
      left=0
      for pid in "${pids[@]}"; do ours "$pid" && left=1; done
      [ "$left" = 0 ] && break
      sleep 0.05
    done
    for pid in "${pids[@]}"; do ours "$pid" && kill -9 "$pid" 2>/dev/null || true; done
    rm -f "$dir"/agent*.pid "$dir"/controller.pid "$dir"/controller2.pid "$dir"/data/agent*/*/porpoise.pid
    "$here/zookeeper.sh" stop "$dir/zk"
    ;;
  *)
    sed -n '2,26p' "$0" >&2
    exit 64
    ;;
esac
