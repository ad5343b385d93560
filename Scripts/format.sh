#!/usr/bin/env bash
# Checks the Swift sources against .swift-format (line length 120, two-space indents):
#   Scripts/format.sh          report what is off (exit 1 if anything is)
#   Scripts/format.sh --fix    rewrite the files in place
set -euo pipefail
cd "$(dirname "$0")/.."
folders=(Sources Tests Benchmarks Fuzz/Sources)
if [ "${1:-}" = "--fix" ]; then
  swift format -i -r "${folders[@]}"
  exit 0
fi
out=$(swift format lint -r "${folders[@]}" 2>&1 || true)
if [ -n "$out" ]; then
  echo "$out"
  echo "formatting: run Scripts/format.sh --fix" >&2
  exit 1
fi
