#!/usr/bin/env bash
# Screenshots of the web console for the README (docs/screenshots/*.png): a local cluster
# (Scripts/local-cluster.sh) on ports 18900 and up, headless chromium driven by
# Tests/Browser/screenshots.py, then the cluster stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh --browser
swift build --product porpoise >/dev/null
work=$(mktemp -d)
trap 'Scripts/local-cluster.sh stop "$work" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
PORPOISE="$PWD/.build/debug/porpoise" Scripts/local-cluster.sh start "$work" 18900
mkdir -p docs/screenshots
/usr/bin/python3 Tests/Browser/screenshots.py http://127.0.0.1:18900/ 123456 docs/screenshots
ls -l docs/screenshots
