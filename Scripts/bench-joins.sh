#!/usr/bin/env bash
# Times joins of 2,000,000 trades with 200,000 quotes (ten symbols, a day of seconds): `aj` on
# symbol and time, `aj` on time alone, `lj` and `ej` on symbol and time; against `sort` of the
# trades' times (one typed sort, the baseline measured in the same run).
# Prints the median of RUNS of each.   Usage: Scripts/bench-joins.sh [RUNS]
# PORPOISE_BIN=path times that binary instead of a fresh release build (a before/after).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/bench-script.sh "${1:-5}" sort aj-sym-time:sort aj-time:sort lj-sym-time:sort ej-sym-time:sort <<'DOS'
n = 2000000
m = 200000
syms = `IBM`MSFT`GM`C`FB`GOOG`V`F`XOM`AMZN
trades = table(rand(syms, n) as sym, 09:30:00 + rand(23400, n) as time, 10.0 + rand(2.0, n) as price)
quotes = table(rand(syms, m) as sym, 09:30:00 + rand(23400, m) as time, 10.0 + rand(2.0, m) as bid)
t0 = now(true); r = sort(trades.time); print("sort " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = aj(trades, quotes, `sym`time); print("aj-sym-time " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = aj(trades, quotes, `time); print("aj-time " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = lj(trades, quotes, `sym`time); print("lj-sym-time " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = ej(trades, quotes, `sym`time); print("ej-sym-time " + string(long(now(true) - t0) / 1000000.0))
DOS
