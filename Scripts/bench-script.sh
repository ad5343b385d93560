#!/usr/bin/env bash
# Runs a benchmark script (on stdin) RUNS times on a fresh embedded node and prints each case's
# median and its ratio to its baseline (Scripts/bench-medians.py). The script prints one
# `case milliseconds` line per case and run.
#   Scripts/bench-script.sh RUNS CASE[:BASELINE] ... < script.dos
# PORPOISE_BIN=path times that binary instead of a fresh release build (a before/after).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="$1"
shift
[ -n "${PORPOISE_BIN:-}" ] || Scripts/build-release.sh >&2
bin="${PORPOISE_BIN:-$(pwd)/.build/release/porpoise}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/bench.dos"
for _ in $(seq "$runs"); do
  PORPOISE_HOME="$work/home" "$bin" -q --keep-going < "$work/bench.dos" 2>/dev/null | grep -E '^[a-zA-Z-]+ [0-9.]+$'
done | Scripts/bench-medians.py "$@"
