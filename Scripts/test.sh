#!/usr/bin/env bash
# Runs the whole test suite: unit tests, golden scripts and the CLI tests against the binary,
# then (when no test filter is given) the release build through Scripts/smoke-release.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh --browser
Scripts/format.sh
swift build --build-tests
# One test at a time: the cluster tests run a ZooKeeper and seven nodes with 2-second sessions,
# and on two cores other suites running beside them make those timings a lottery.
swift test --skip-build --no-parallel "$@"
# The release build through a distributed round trip (only the optimiser breaks some things).
[ $# -gt 0 ] || Scripts/smoke-release.sh
