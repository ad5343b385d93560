#!/usr/bin/env bash
# Runs the whole test suite: unit tests, golden scripts and the CLI tests against the binary,
# then (when no test filter is given) the release smoke run through Scripts/smoke-release.sh on
# the release binary users get.
#
# One optimised build with testing enabled serves all three: the tests run against the binary
# users get (less -enable-testing's exported internals), and CI builds once instead of twice.
# TEST_CONFIG=debug runs the suite on a debug build instead (quicker to rebuild while working).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh --browser
Scripts/format.sh
config="${TEST_CONFIG:-release}"
flags=(-c "$config")
[ "$config" = debug ] || flags+=(-Xswiftc -enable-testing)
swift build "${flags[@]}" --build-tests
# Every test's temporary folders (node homes, ZooKeeper data, browser profiles) go in one folder,
# removed at the end, pass or fail.
TMPDIR="$(mktemp -d "${TMPDIR:-/tmp}/porpoise-tests.XXXXXX")"
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT
# One test at a time: the cluster tests run a ZooKeeper and seven nodes with 2-second sessions,
# and on two cores other suites running beside them make those timings a lottery.
swift test "${flags[@]}" --skip-build --no-parallel "$@"
# The tests' own optimised binary through a distributed round trip: only the optimiser breaks
# some things. It differs from the product users get (Scripts/build-release.sh) in
# -enable-testing and a dynamically linked runtime; building that product too would cost CI
# a second full build (7 minutes of its 30), so `Scripts/smoke-release.sh` alone does it.
[ $# -gt 0 ] || [ "$config" = debug ] || PORPOISE_BINARY="$PWD/.build/release/porpoise" Scripts/smoke-release.sh
