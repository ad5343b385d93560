#!/usr/bin/env bash
# Times Porpoise's interpreter against Lua 5.4 and CPython, side by side in one run, and prints
# medians and ratios. Usage: Scripts/bench-interpreter.sh [RUNS]   (needs: apt-get install lua5.4)
#   loop:   s = 0; for (i in 0:10000000) s += i * 2        (inside a function: locals, as Lua's `local`)
#   gloop:  the same loop at the top level (session variables; Lua's globals)
#   fib:    recursive fib(30)
#   vector: sum(x * 2) over 10,000,000 doubles (x generated before the clock starts; C beside it)
#   index:  c[i] = a[i] + b[i] for 1,000,000 doubles, element by element in a function
#   append: x.append!(i) 1,000,000 times in a function (Lua's x[#x + 1] = i, Python's append)
#   dsum:   s = 0.0; s += v[i] over 1,000,000 integers in a function (a DOUBLE sum of INTs, the
#           loop of DolphinDB's JIT tutorial)
#   start:  `porpoise -e '1'` start to exit, against `lua5.4 -e ''` and `python3 -c ''`
#   prompt: the interactive shell from start to its first prompt, answering one line, to exit
# "inside" times are taken by each program around the work; "whole" times are the whole process.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
Scripts/build-release.sh >&2
bin="$(pwd)/.build/release/porpoise"
command -v lua5.4 >/dev/null || { echo "needs lua5.4 (apt-get install lua5.4)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat > "$work/loop.dos" <<'DOS'
def work() { s = 0; for (i in 0:10000000) s += i * 2; return s }
t0 = now(true)
r = work()
print(long(now(true) - t0) / 1000000.0)
DOS
cat > "$work/gloop.dos" <<'DOS'
t0 = now(true)
s = 0
for (i in 0:10000000) s += i * 2
print(long(now(true) - t0) / 1000000.0)
DOS
cat > "$work/fib.dos" <<'DOS'
def fib(n) { if (n < 2) return n; return fib(n - 1) + fib(n - 2) }
t0 = now(true)
r = fib(30)
print(long(now(true) - t0) / 1000000.0)
DOS
cat > "$work/vector.dos" <<'DOS'
x = rand(1.0, 10000000)
t0 = now(true)
r = sum(x * 2)
print(long(now(true) - t0) / 1000000.0)
DOS
cat > "$work/index.dos" <<'DOS'
def work(a, b, n) { c = array(DOUBLE, n); for (i in 0:n) c[i] = a[i] + b[i]; return c }
n = 1000000
a = rand(1.0, n)
b = rand(1.0, n)
t0 = now(true)
r = work(a, b, n)
print(long(now(true) - t0) / 1000000.0)
DOS
cat > "$work/append.dos" <<'DOS'
def work(n) { x = array(DOUBLE, 0); for (i in 0:n) x.append!(i); return x }
t0 = now(true)
r = work(1000000)
print(long(now(true) - t0) / 1000000.0)
DOS
cat > "$work/dsum.dos" <<'DOS'
def work(v) { s = 0.0; for (i in 0:size(v)) s += v[i]; return s }
v = 1..1000000
t0 = now(true)
r = work(v)
print(long(now(true) - t0) / 1000000.0)
DOS
cat > "$work/dsum.lua" <<'LUA'
local v = {}
for i = 1, 1000000 do v[i] = i end
local function work() local s = 0.0; for i = 1, #v do s = s + v[i] end; return s end
local t0 = os.clock()
local r = work()
print((os.clock() - t0) * 1000)
LUA
cat > "$work/dsum.py" <<'PY'
import time
v = list(range(1, 1000001))
def work():
    s = 0.0
    for i in range(len(v)): s += v[i]
    return s
t0 = time.perf_counter()
r = work()
print((time.perf_counter() - t0) * 1000)
PY
cat > "$work/index.lua" <<'LUA'
local n = 1000000
local a, b = {}, {}
for i = 1, n do a[i] = math.random(); b[i] = math.random() end
local function work() local c = {}; for i = 1, n do c[i] = a[i] + b[i] end; return c end
local t0 = os.clock()
local r = work()
print((os.clock() - t0) * 1000)
LUA
cat > "$work/append.lua" <<'LUA'
local function work(n) local x = {}; for i = 0, n - 1 do x[#x + 1] = i end; return x end
local t0 = os.clock()
local r = work(1000000)
print((os.clock() - t0) * 1000)
LUA
cat > "$work/index.py" <<'PY'
import random, time
n = 1000000
a = [random.random() for _ in range(n)]
b = [random.random() for _ in range(n)]
def work():
    c = [0.0] * n
    for i in range(n): c[i] = a[i] + b[i]
    return c
t0 = time.perf_counter()
r = work()
print((time.perf_counter() - t0) * 1000)
PY
cat > "$work/append.py" <<'PY'
import time
def work(n):
    x = []
    for i in range(n): x.append(i)
    return x
t0 = time.perf_counter()
r = work(1000000)
print((time.perf_counter() - t0) * 1000)
PY
cat > "$work/loop.lua" <<'LUA'
local function work() local s = 0; for i = 0, 10000000 - 1 do s = s + i * 2 end; return s end
local t0 = os.clock()
local r = work()
print((os.clock() - t0) * 1000)
LUA
cat > "$work/gloop.lua" <<'LUA'
t0 = os.clock()
s = 0
for i = 0, 10000000 - 1 do s = s + i * 2 end
print((os.clock() - t0) * 1000)
LUA
cat > "$work/fib.lua" <<'LUA'
local function fib(n) if n < 2 then return n end; return fib(n - 1) + fib(n - 2) end
local t0 = os.clock()
local r = fib(30)
print((os.clock() - t0) * 1000)
LUA
cat > "$work/vector.lua" <<'LUA'
local x = {}
for i = 1, 10000000 do x[i] = math.random() end
local t0 = os.clock()
local s = 0
for i = 1, #x do s = s + x[i] * 2 end
print((os.clock() - t0) * 1000)
LUA
cat > "$work/loop.py" <<'PY'
import time
def work():
    s = 0
    for i in range(10000000): s += i * 2
    return s
t0 = time.perf_counter()
r = work()
print((time.perf_counter() - t0) * 1000)
PY
cat > "$work/gloop.py" <<'PY'
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
r = fib(30)
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

PORPOISE_HOME="$work/home" python3 - "$runs" "$bin" "$work" <<'PY'
import os, statistics, subprocess, sys, time
runs, binary, work = int(sys.argv[1]), sys.argv[2], sys.argv[3]
def run(cmd, stdin=None):
    """One run: (the time the program printed, the whole process's wall time), milliseconds."""
    t0 = time.perf_counter()
    r = subprocess.run(cmd, input=stdin, capture_output=True, text=True, check=True)
    whole = (time.perf_counter() - t0) * 1000
    out = r.stdout.split()
    return (float(out[-1]) if out else 0.0), whole
def measure(cmd, stdin=None):
    run(cmd, stdin)  # warm the page cache
    samples = [run(cmd, stdin) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)
engines = {
    "porpoise": lambda n: [binary, "run", f"{work}/{n}.dos"],
    "lua5.4": lambda n: ["lua5.4", f"{work}/{n}.lua"],
    "python3": lambda n: ["python3", f"{work}/{n}.py"],
}
print(f"medians of {runs} runs, milliseconds (lower is better); ratio = porpoise / lua5.4")
print(f"{'workload':8} {'':7} {'porpoise':>9} {'lua5.4':>9} {'python3':>9} {'ratio':>7}")
for name in ["loop", "gloop", "fib", "vector", "index", "append", "dsum"]:
    r = {e: measure(f(name)) for e, f in engines.items()}
    for k, label in [(0, "inside"), (1, "whole")]:
        p, l, c = r["porpoise"][k], r["lua5.4"][k], r["python3"][k]
        print(f"{name:8} {label:7} {p:9.1f} {l:9.1f} {c:9.1f} {p / l:6.2f}x")
native = measure([f"{work}/vector_c"])[0]
print(f"{'C loop':8} {'inside':7} {native:9.1f}   porpoise vector / C = {measure(engines['porpoise']('vector'))[0] / native:.2f}x")
# Start-up: many runs, since each is a few milliseconds.
n = max(runs * 10, 30)
def startup(cmd, stdin=None):
    run(cmd, stdin)
    return statistics.median(run(cmd, stdin)[1] for _ in range(n))
s_p = startup([binary, "-e", "1"])
s_l = startup(["lua5.4", "-e", ""])
s_c = startup(["python3", "-c", ""])
def prompt_time():
    """Start on a pseudo-terminal until the first `> ` prompt is drawn, milliseconds."""
    import pty, select
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(binary, [binary])
    seen = b""
    while b"> " not in seen:
        r, _, _ = select.select([fd], [], [], 10)
        if not r:
            break
        try:
            seen += os.read(fd, 4096)
        except OSError:
            break
    t = (time.perf_counter() - t0) * 1000
    os.write(fd, b"quit\n")
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    os.close(fd)
    return t
prompt_time()
s_i = statistics.median(prompt_time() for _ in range(n))
print(f"start-up, medians of {n} (milliseconds, whole process):")
print(f"  porpoise -e '1'  {s_p:6.1f}   lua5.4 -e ''  {s_l:6.1f}   python3 -c ''  {s_c:6.1f}")
print(f"  porpoise to its first prompt on a terminal  {s_i:6.1f}")
PY
