#!/usr/bin/env bash
# Runs the whole test suite: unit tests, golden scripts and the CLI tests against the binary.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh
Scripts/format.sh
swift build --build-tests
# One test at a time: the cluster tests run a ZooKeeper and seven nodes with 2-second sessions,
# and on two cores other suites running beside them make those timings a lottery.
swift test --skip-build --no-parallel "$@"
