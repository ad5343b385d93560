#!/usr/bin/env bash
# How the seed workload scales: the bars of 1, 4 and 16 trading days (1.21 M rows a day, so
# 16x is 19.4 M rows), each size appended into a fresh database, then the two seed queries over
# all of it, each phase in its own process: time and peak memory per phase, medians of RUNS.
# Then a database of 10,000 partitions: time to open its table, and to prune to one partition.
# Usage: Scripts/bench-scale.sh [RUNS] [SIZES]    e.g. Scripts/bench-scale.sh 3 "1 4 16"
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
sizes="${2:-1 4 16}"
Scripts/build-release.sh >&2
bin="$(pwd)/.build/release/porpoise"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One day's bars as the seed makes them (Benchmarks/Seed/step5-bars.dos), shifted by `day` days.
write_script() {
  local days=$1
  {
    cat Benchmarks/Seed/step5-setup.dos
    cat <<DOS
t0 = now(true)
for (day in 0:$days) {
DOS
    sed -E 's/^/  /; s/(2023\.01\.08T[0-9:]+)/(\1 + day * 86400)/g' Benchmarks/Seed/step5-bars.dos
    cat <<'DOS'
  loadTable(dbName, tbName).append!(t)
}
print("append " + string(long(now(true) - t0) / 1000000.0))
DOS
  } >"$work/write-$days.dos"
}
for s in $sizes; do write_script "$s"; done
cat > "$work/query-a.dos" <<'DOS'
login("admin","123456")
pt = loadTable("dfs://testDB", "testTB")
t0 = now(true)
a = select count(*) from pt group by date(DateTime) as Date
print("query_a " + string(long(now(true) - t0) / 1000000.0))
print("rows " + string(exec sum(count) from a))
DOS
cat > "$work/query-b.dos" <<'DOS'
login("admin","123456")
pt = loadTable("dfs://testDB", "testTB")
t0 = now(true)
result = select first(LastPx) as Open, max(LastPx) as High, min(LastPx) as Low, last(LastPx) as Close from pt group by date(DateTime) as Date, SecurityID
print("query_b " + string(long(now(true) - t0) / 1000000.0))
DOS
cat > "$work/many-write.dos" <<'DOS'
login("admin","123456")
if (existsDatabase("dfs://many")) dropDatabase("dfs://many")
days = 2000.01.01 + 0..9999
db = database("dfs://many", VALUE, days)
t = table(take(days, 100000) as d, 1..100000 as v)
db.createPartitionedTable(t, `pt, `d).append!(t)
DOS
cat > "$work/many-open.dos" <<'DOS'
login("admin","123456")
t0 = now(true)
pt = loadTable("dfs://many", "pt")
t1 = now(true)
r = select count(*) from pt where d = 2010.06.15
t2 = now(true)
print("open " + string(long(t1 - t0) / 1000000.0))
print("prune " + string(long(t2 - t1) / 1000000.0))
print("rows " + string(r[`count][0]))
DOS

PORPOISE_HOME="$work/home" python3 - "$runs" "$bin" "$work" "$sizes" <<'PY'
import statistics, subprocess, sys
runs, binary, work, sizes = int(sys.argv[1]), sys.argv[2], sys.argv[3], [int(s) for s in sys.argv[4].split()]
def timed(script):
    """Runs a script under GNU time: its printed figures and the process's peak RSS in MiB."""
    r = subprocess.run(["/usr/bin/time", "-f", "PEAK %M", binary, "run", "-q", script],
                       capture_output=True, text=True, cwd=work)
    if r.returncode != 0:
        sys.exit(f"{script} failed:\n{r.stdout}\n{r.stderr}")
    figures = {}
    for line in r.stdout.splitlines():
        parts = line.split()
        if len(parts) == 2:
            figures[parts[0]] = float(parts[1])
    peak = [l for l in r.stderr.splitlines() if l.startswith("PEAK")][-1].split()[1]
    return figures, int(peak) / 1024
rows = []
for s in sizes:
    samples = {"append": [], "query_a": [], "query_b": []}
    peaks = {"append": [], "query_a": [], "query_b": []}
    count = 0
    for _ in range(runs):
        f, p = timed(f"write-{s}.dos"); samples["append"].append(f["append"]); peaks["append"].append(p)
        f, p = timed("query-a.dos"); samples["query_a"].append(f["query_a"]); peaks["query_a"].append(p)
        count = int(f["rows"])
        f, p = timed("query-b.dos"); samples["query_b"].append(f["query_b"]); peaks["query_b"].append(p)
    rows.append((s, count, {k: statistics.median(v) for k, v in samples.items()},
                 {k: statistics.median(v) for k, v in peaks.items()}))
print(f"medians of {runs} runs; time in ms, peak RSS of the phase's process in MiB;")
print("'vs 1x' is time / (the 1x time x the size): 1.00 is linear")
print(f"{'days':>4} {'rows':>11} | {'append':>8} {'vs 1x':>5} {'MiB':>5} | {'query a':>8} {'vs 1x':>5} {'MiB':>5} | {'query b':>8} {'vs 1x':>5} {'MiB':>5}")
base = rows[0]
for s, count, t, m in rows:
    k = s / base[0]
    cells = []
    for phase in ["append", "query_a", "query_b"]:
        cells.append(f"{t[phase]:8.0f} {t[phase] / (base[2][phase] * k):5.2f} {m[phase]:5.0f}")
    print(f"{s:4d} {count:11,d} | " + " | ".join(cells))
timed("many-write.dos")
opens, prunes, peaks = [], [], []
for _ in range(max(runs, 3)):
    f, p = timed("many-open.dos")
    opens.append(f["open"]); prunes.append(f["prune"]); peaks.append(p)
    assert int(f["rows"]) == 10, f
print(f"10,000 partitions (100,000 rows): open {statistics.median(opens):.1f} ms, "
      f"prune to one partition and count {statistics.median(prunes):.1f} ms, peak {statistics.median(peaks):.0f} MiB")
PY
