#!/usr/bin/env bash
# The seed workload (SEED-001 steps 5 and 6) as two processes: one generates 1,210,000 bars
# and appends them into a fresh partitioned database, one loads the table and runs the two
# queries. Prints each phase's median over RUNS runs and the peak memory of each process,
# beside DuckDB and polars doing the same work in the same run.
# Usage: Scripts/bench-seed.sh [RUNS]   (needs: pip install duckdb polars pyarrow numpy)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
Scripts/build-release.sh >&2
bin="$(pwd)/.build/release/porpoise"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Seed 001 step 5 (Benchmarks/Seed: the database and table, then the bars), timed.
{
  cat Benchmarks/Seed/step5-setup.dos
  echo 't0 = now(true)'
  cat Benchmarks/Seed/step5-bars.dos
  cat <<'DOS'
t1 = now(true)
loadTable(dbName, tbName).append!(t)
t2 = now(true)
print("generate " + string(long(t1 - t0) / 1000000.0))
print("append " + string(long(t2 - t1) / 1000000.0))
DOS
} >"$work/write.dos"
cp Benchmarks/Seed/step6-timed.dos "$work/query.dos"
cat > "$work/py_write.py" <<'PY'
import sys, time, numpy as np
engine, path = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
n = 1210000
rng = np.random.default_rng()
rand_price = np.round(10 + rng.random(100), 2)
rand_volume = 100 + rng.integers(0, 100, 100)
sec = np.array([f"{i:06d}" for i in range(5000)])
base = np.datetime64("2023-01-08T09:30:00")
dt = np.concatenate([base + np.arange(121) * np.timedelta64(60, "s"),
                     np.datetime64("2023-01-08T13:00:00") + np.arange(121) * np.timedelta64(60, "s")])
cols = {"SecurityID": np.repeat(sec, len(dt)), "DateTime": np.tile(dt.astype("datetime64[ms]"), len(sec))}
for c in ["PreClosePx", "OpenPx", "HighPx", "LowPx", "LastPx"]:
    cols[c] = rng.choice(rand_price, n)
cols["Volume"] = rng.choice(rand_volume, n).astype(np.int32)
cols["Amount"] = np.round(cols["LastPx"] * cols["Volume"], 2)
if engine == "duckdb":
    import duckdb, pyarrow as pa
    df = pa.table(cols)
    t1 = time.perf_counter()
    con = duckdb.connect(path)
    con.execute("DROP TABLE IF EXISTS testTB")
    con.execute("CREATE TABLE testTB AS SELECT * FROM df")
    con.close()
else:
    import polars as pl
    df = pl.DataFrame(cols)
    t1 = time.perf_counter()
    df.write_parquet(path)
t2 = time.perf_counter()
print("generate", (t1 - t0) * 1000)
print("append", (t2 - t1) * 1000)
PY
cat > "$work/py_query.py" <<'PY'
import sys, time
engine, path = sys.argv[1], sys.argv[2]
if engine == "duckdb":
    import duckdb
    con = duckdb.connect(path, read_only=True)
    t0 = time.perf_counter()
    a = con.execute("SELECT CAST(DateTime AS DATE) AS Date, count(*) FROM testTB GROUP BY 1").fetchall()
    t1 = time.perf_counter()
    b = con.execute("SELECT CAST(DateTime AS DATE) AS Date, SecurityID, first(LastPx) AS Open, max(LastPx) AS High, "
                    "min(LastPx) AS Low, last(LastPx) AS Close FROM testTB GROUP BY 1, 2").fetchall()
    t2 = time.perf_counter()
else:
    import polars as pl
    t0 = time.perf_counter()
    lf = pl.scan_parquet(path)
    a = lf.group_by(pl.col("DateTime").dt.date().alias("Date")).agg(pl.len()).collect()
    t1 = time.perf_counter()
    b = lf.group_by([pl.col("DateTime").dt.date().alias("Date"), "SecurityID"]).agg(
        pl.col("LastPx").first().alias("Open"), pl.col("LastPx").max().alias("High"),
        pl.col("LastPx").min().alias("Low"), pl.col("LastPx").last().alias("Close")).collect()
    t2 = time.perf_counter()
print("query_a", (t1 - t0) * 1000)
print("query_b", (t2 - t1) * 1000)
PY

python3 - "$runs" "$bin" "$work" <<'PY'
import os, statistics, subprocess, sys
runs, binary, work = int(sys.argv[1]), sys.argv[2], sys.argv[3]
def timed(cmd, env=None):
    """Runs a command under GNU time; returns its phase lines and peak RSS in MiB."""
    r = subprocess.run(["/usr/bin/time", "-f", "PEAK %M"] + cmd, capture_output=True, text=True, env=env, cwd=work)
    if r.returncode != 0:
        sys.exit(f"{cmd} failed:\n{r.stderr}")
    phases = {}
    for line in r.stdout.splitlines():
        parts = line.split()
        if len(parts) == 2:
            phases[parts[0]] = float(parts[1])
    peak = [l for l in r.stderr.splitlines() if l.startswith("PEAK")][-1].split()[1]
    return phases, int(peak) / 1024
results = {}
env = dict(os.environ, PORPOISE_HOME=os.path.join(work, "porpoise-home"))
for name, write, query in [
    ("porpoise", [binary, "run", "write.dos"], [binary, "run", "query.dos"]),
    ("duckdb", ["python3", "py_write.py", "duckdb", "seed.duckdb"], ["python3", "py_query.py", "duckdb", "seed.duckdb"]),
    ("polars", ["python3", "py_write.py", "polars", "seed.parquet"], ["python3", "py_query.py", "polars", "seed.parquet"]),
]:
    phases = {}
    peaks = []
    for _ in range(runs):
        for cmd in (write, query):
            p, peak = timed(cmd, env)
            peaks.append(peak)
            for k, v in p.items():
                phases.setdefault(k, []).append(v)
    results[name] = ({k: statistics.median(v) for k, v in phases.items()}, max(peaks))
print(f"medians of {runs} runs, milliseconds; peak RSS of the larger process, MiB")
print(f"{'engine':10} {'generate':>9} {'append':>9} {'query a':>9} {'query b':>9} {'total':>9} {'peak':>7}")
for name, (p, peak) in results.items():
    total = sum(p.get(k, 0) for k in ["generate", "append", "query_a", "query_b"])
    print(f"{name:10} {p['generate']:9.1f} {p['append']:9.1f} {p['query_a']:9.1f} {p['query_b']:9.1f} {total:9.1f} {peak:7.0f}")
PY
