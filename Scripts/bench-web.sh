#!/usr/bin/env bash
# The web console's speed on loopback (issue 15's target: first paint under 100 ms): a node is
# started, then the page is fetched 50 times with curl (server time) and painted RUNS times
# (default 10) by headless chromium after a warm-up load. Prints medians; the node is stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh --browser
swift build --product porpoise >/dev/null
bin=.build/debug/porpoise
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$bin" -mode single -console 0 -localSite "127.0.0.1:$port:web" -home "$work/home" >"$work/node.log" 2>&1 &
node=$!
trap 'kill $node 2>/dev/null; wait $node 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
serve=$(for _ in $(seq 50); do curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port/"; done | awk '{print $1 * 1000}' | median)
paint=$(/usr/bin/python3 Tests/Browser/paint.py "http://127.0.0.1:$port/" "${1:-10}" | median)
echo "GET / served in (median of 50, ms)        $serve"
echo "first contentful paint (median, ms)       $paint"
