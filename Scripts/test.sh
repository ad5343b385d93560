#!/usr/bin/env bash
# Runs the whole test suite: unit tests, golden scripts and the CLI tests against the binary.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh
swift build --build-tests
swift test --skip-build "$@"
