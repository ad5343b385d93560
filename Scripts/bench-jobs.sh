#!/usr/bin/env bash
# Batch jobs on the embedded node (release build): 10,000 trivial jobs submitted and waited
# for (jobs per second, peak memory), and the latency from submitJob to the job's first
# statement on an idle node (200 jobs one at a time, nanosecond clocks on both sides), beside
# the same trivial function called in the session as the baseline. Prints medians of RUNS
# (default 3) runs. Targets (issue 14): >= 2,000 jobs/s, median submit-to-start under 1 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/build-release.sh >/dev/null
bin="$PWD/.build/release/porpoise"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
runs="${1:-3}"
cat >"$work/run.dos" <<'DOS'
def trivial(x) { return x + 1 }
def started() { return now(true) }
n = 10000
t0 = now(true)
for (i in 0..(n - 1)) { trivial(i) }
print("in-session calls per s " + string(n * 1000000000.0 / long(now(true) - t0)))
t0 = now(true)
ids = array(STRING, 0, n)
for (i in 0..(n - 1)) { ids.append!(submitJob("t" + string(i), "", trivial, i)) }
for (id in ids) { getJobReturn(id, true) }
print("jobs per s " + string(n * 1000000000.0 / long(now(true) - t0)))
lat = array(DOUBLE, 0, 200)
for (i in 0..199) {
  s = now(true)
  id = submitJob("lat" + string(i), "", started)
  lat.append!(long(getJobReturn(id, true) - s) / 1000000.0)
}
print("submit-to-start median ms " + string(med(lat)))
DOS
# A new home each run: ext4 creates files slowly right after many were deleted where they go.
for r in $(seq "$runs"); do
  /usr/bin/time -f "peak MiB %M" "$bin" -home "$work/home$r" -maxBatchJobHistory 20000 run "$work/run.dos" 2>&1 |
    sed 's/^peak MiB \([0-9]*\)$/echo "peak MiB $((\1 \/ 1024))"/e'
done | python3 -c '
import re, statistics, sys
vals = {}
for line in sys.stdin:
    m = re.match(r"^(.*?) ([0-9.]+)$", line.strip())
    if m: vals.setdefault(m.group(1), []).append(float(m.group(2)))
for k, v in vals.items():
    print(f"  {k:32s} median {statistics.median(v):12.3f}   ({len(v)} runs: {[round(x, 3) for x in v]})")
'
