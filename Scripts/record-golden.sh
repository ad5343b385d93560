#!/usr/bin/env bash
# Re-records the golden transcripts (Tests/Scripts/**/*.out). Review `git diff` before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
RECORD_GOLDEN=1 swift test --filter GoldenScriptTests || true
git status --short Tests/Scripts
