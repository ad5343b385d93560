#!/usr/bin/env bash
# What idle connections cost a node: starts one standalone node on a free loopback port,
# opens N connections (default 500) that each run one statement (so each has a session) and
# then sit idle, and prints the node's resident memory before and after, and per connection.
# Runs ROUNDS times (default 3) and prints the medians. Every process it starts, it stops.
#
#   Scripts/bench-connections.sh [N] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-500}"
rounds="${2:-3}"
bin="${PORPOISE:-.build/release/porpoise}"
[ -x "$bin" ] || bin=.build/debug/porpoise
python3 - "$bin" "$n" "$rounds" <<'PY'
import os, socket, statistics, struct, subprocess, sys, tempfile, time
binary, n, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def rss_mb(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")

def frame(body):
    return struct.pack("<I", len(body)) + body

def s(text):
    b = text.encode(); return struct.pack("<I", len(b)) + b

hello = frame(bytes([1]) + struct.pack("<I", 1) + s("bench"))
run = frame(bytes([2, 0]) + s("<bench>") + s("x = 1"))

before, after = [], []
for r in range(rounds):
    port = free_port()
    home = tempfile.mkdtemp(prefix="porpoise-bench-conn-")
    node = subprocess.Popen([binary, "-mode", "single", "-console", "0", "-localSite", f"127.0.0.1:{port}:bench",
                             "-home", home, "-stdoutLog", "1", "-maxConnections", str(n + 10)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close(); break
            except OSError:
                time.sleep(0.05)
        time.sleep(0.3)
        before.append(rss_mb(node.pid))
        conns = []
        for _ in range(n):
            c = socket.create_connection(("127.0.0.1", port), timeout=5)
            c.sendall(hello + run)
            conns.append(c)
        # Each answers its hello and its statement: then its session exists and is idle.
        for c in conns:
            got = b""
            while got.count(bytes([0x13])) < 1:
                chunk = c.recv(4096)
                if not chunk: break
                got += chunk
        time.sleep(0.5)
        after.append(rss_mb(node.pid))
        for c in conns: c.close()
    finally:
        node.terminate(); node.wait(timeout=10)
b, a = statistics.median(before), statistics.median(after)
print(f"{n} idle connections, median of {rounds}: node RSS {b:.0f} MB before, {a:.0f} MB after, {(a - b) * 1024 / n:.0f} KB per connection")
PY
