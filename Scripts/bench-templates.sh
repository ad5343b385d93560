#!/usr/bin/env bash
# Times DolphinDB's neighbour templates as its manual's context by example writes them
# (`(NULL \:P x) - 1`, ratios by eachPre; `-:P x`, deltas) over 1,000,000 rows in 100 groups, and
# eachPre(sub, x) over the whole vector, against the built-ins ratios and deltas of the same
# query as the baseline measured in the same run (the ratio is what to watch).
# Prints the median of RUNS of each.   Usage: Scripts/bench-templates.sh [RUNS]
# PORPOISE_BIN=path times that binary instead of a fresh release build (a before/after).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/bench-script.sh "${1:-5}" ratios ratios-template:ratios deltas deltas-template:deltas eachpre-vector:deltas <<'DOS'
n = 1000000
setRandomSeed(7)
ta = table(rand(100, n) as ID, rand(10.0, n) as x)
t0 = now(true); r = select ratios(x) - 1 as ret from ta context by ID; print("ratios " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = select (NULL \:P x) - 1 as ret from ta context by ID; print("ratios-template " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = select deltas(x) as d from ta context by ID; print("deltas " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = select -:P x as d from ta context by ID; print("deltas-template " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = eachPre(sub, ta.x); print("eachpre-vector " + string(long(now(true) - t0) / 1000000.0))
DOS
