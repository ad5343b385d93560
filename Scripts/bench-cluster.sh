#!/usr/bin/env bash
# The cluster benchmark: builds release, then brings the seed topology up on loopback RUNS
# times (default 5) and prints medians: launch -> every node registered, startDataNode ->
# registered, kill -9 -> restarted and registered, SIGSTOP -> offline, getClusterPerf()
# latency, with baselines measured in the same run. Needs the zookeeper package.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh
Scripts/build-release.sh
Scripts/build-release.sh ClusterBench
PORPOISE_BINARY="$PWD/.build/release/porpoise" .build/release/ClusterBench "${1:-5}"
