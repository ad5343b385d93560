#!/usr/bin/env bash
# Times reading and writing delimited text: saveText of a 1,000,000-row table (a symbol, a
# date, a datetime, two doubles, two integers: the tutorials' trades), loadText of that file
# with its types inferred and with a schema, and textChunkDS read through mr; against making
# the table in memory, the baseline measured in the same run (the ratios are what to watch).
# Prints the median of RUNS of each.   Usage: Scripts/bench-text.sh [RUNS]
# PORPOISE_BIN=path times that binary instead of a fresh release build (a before/after).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/bench-script.sh "${1:-5}" make saveText:make loadText:make loadText-schema:make textChunkDS:make <<'DOS'
login("admin", "123456")
file = getHomeDir() + "/bench-trades.csv"
n = 1000000
t0 = now(true)
t = table(rand(`IBM`MSFT`GM`C`FB`GOOG`V`F`XOM`AMZN, n) as sym, 2020.01.01 + rand(365, n) as date, 2020.01.01T09:30:00 + rand(20000, n) as time, 10.0 + rand(2.0, n) as price, 100.0 + rand(20.0, n) as bid, rand(100, n) as qty, rand(10000000000, n) as amount)
print("make " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); saveText(t, file); print("saveText " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = loadText(file); print("loadText " + string(long(now(true) - t0) / 1000000.0))
s = extractTextSchema(file)
t0 = now(true); r = loadText(file, schema=s); print("loadText-schema " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = mr(textChunkDS(file, 16), def(t): size(t), +); print("textChunkDS " + string(long(now(true) - t0) / 1000000.0))
DOS
