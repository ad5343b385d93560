#!/usr/bin/env bash
# Times moving statistics over 1,000,000 DOUBLE rows with a window of 250 (a trading year of
# days): mstd, mcorr, mskew, mmax, mmed, mpercentile, mrank, mprod, mfirst, and tmstd over a
# time window of 250 seconds, against `mavg` (a running sum, the baseline measured in the same
# run). Prints the median of RUNS of each.
# Usage: Scripts/bench-moving.sh [RUNS]
# PORPOISE_BIN=path times that binary instead of a fresh release build (a before/after).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/bench-script.sh "${1:-5}" mavg mstd:mavg mcorr:mavg mskew:mavg mmax:mavg mmed:mavg mpercentile:mavg mrank:mavg mprod:mavg mfirst:mavg tmstd:mavg <<'DOS'
n = 1000000
x = 100.0 + rand(10.0, n)
y = 50.0 + rand(5.0, n)
t = 2024.01.02T09:30:00 + 0..(n - 1)
t0 = now(true); r = mavg(x, 250); print("mavg " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = mstd(x, 250); print("mstd " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = mcorr(x, y, 250); print("mcorr " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = mskew(x, 250); print("mskew " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = mmax(x, 250); print("mmax " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = mmed(x, 250); print("mmed " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = mpercentile(x, 25, 250); print("mpercentile " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = mrank(x, true, 250); print("mrank " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = mprod(x / 100.0, 250); print("mprod " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = mfirst(x, 250); print("mfirst " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = tmstd(t, x, 250); print("tmstd " + string(long(now(true) - t0) / 1000000.0))
DOS
