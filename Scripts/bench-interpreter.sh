#!/usr/bin/env bash
# Times Porpoise against CPython (and a plain C loop for the vector case) on three workloads,
# side by side in one run, and prints medians and ratios. Usage: Scripts/bench-interpreter.sh [RUNS]
#   loop:   s = 0; for (i in 0:10000000) s += i * 2
#   fib:    recursive fib(27)
#   vector: sum(x * 2) over 10,000,000 doubles (x generated before the clock starts)
# Each workload times itself inside the process, so start-up and data generation are excluded.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
swift build -c release --product porpoise >&2
bin=.build/release/porpoise
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat > "$work/loop.dos" <<'DOS'
t0 = now(true)
s = 0
for (i in 0:10000000) s += i * 2
print(long(now(true) - t0) / 1000000.0)
DOS
cat > "$work/fib.dos" <<'DOS'
def fib(n) { if (n < 2) return n; return fib(n - 1) + fib(n - 2) }
t0 = now(true)
r = fib(27)
print(long(now(true) - t0) / 1000000.0)
DOS
cat > "$work/vector.dos" <<'DOS'
x = rand(1.0, 10000000)
t0 = now(true)
r = sum(x * 2)
print(long(now(true) - t0) / 1000000.0)
DOS
cat > "$work/loop.py" <<'PY'
import time
t0 = time.perf_counter()
s = 0
for i in range(10000000): s += i * 2
print((time.perf_counter() - t0) * 1000)
PY
cat > "$work/fib.py" <<'PY'
import time
def fib(n):
    if n < 2: return n
    return fib(n - 1) + fib(n - 2)
t0 = time.perf_counter()
r = fib(27)
print((time.perf_counter() - t0) * 1000)
PY
cat > "$work/vector.py" <<'PY'
import random, time
x = [random.random() for _ in range(10000000)]
t0 = time.perf_counter()
r = sum(v * 2 for v in x)
print((time.perf_counter() - t0) * 1000)
PY
cat > "$work/vector.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
int main(void) {
  int n = 10000000;
  double *x = malloc(sizeof(double) * n);
  for (int i = 0; i < n; i++) x[i] = rand() / (double)RAND_MAX;
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  double s = 0;
  for (int i = 0; i < n; i++) s += x[i] * 2;
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("%f\n", (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6);
  fprintf(stderr, "%f\n", s);
  return 0;
}
C
cc -O2 -o "$work/vector_c" "$work/vector.c"

python3 - "$runs" "$bin" "$work" <<'PY'
import statistics, subprocess, sys
runs, binary, work = int(sys.argv[1]), sys.argv[2], sys.argv[3]
def measure(cmd):
    times = []
    for _ in range(runs):
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.split()
        times.append(float(out[-1]))
    return statistics.median(times)
rows = []
for name in ["loop", "fib", "vector"]:
    p = measure([binary, "run", f"{work}/{name}.dos"])
    c = measure(["python3", f"{work}/{name}.py"])
    rows.append((name, p, c))
native = measure([f"{work}/vector_c"])
print(f"medians of {runs} runs, milliseconds (lower is better)")
print(f"{'workload':10} {'porpoise':>10} {'python3':>10} {'python/porpoise':>16}")
for name, p, c in rows:
    print(f"{name:10} {p:10.1f} {c:10.1f} {c / p:15.2f}x")
vector = rows[2][1]
print(f"{'C loop':10} {native:10.1f}   porpoise vector / C = {vector / native:.2f}x")
PY
