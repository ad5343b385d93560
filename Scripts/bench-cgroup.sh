#!/usr/bin/env bash
# Times `group by sym cgroup by minute` (a running VWAP, volume and trade count per symbol and
# minute) over 1,000,000 trades of 100 symbols in 240 minutes, against the plain `group by sym,
# minute` of the same aggregates as the baseline measured in the same run (the ratio is what
# to watch), and a running metric the running path does not know (a user function: every
# prefix is evaluated) over a tenth of the rows.
# Prints the median of RUNS of each.   Usage: Scripts/bench-cgroup.sh [RUNS]
# PORPOISE_BIN=path times that binary instead of a fresh release build (a before/after).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/bench-script.sh "${1:-5}" group-by cgroup-by:group-by cgroup-prefixes:group-by <<'DOS'
n = 1000000
t = table(take(symbol("S" + string(0..99)), n) as sym, 09:30m + (0..(n - 1)) * 240 / n as minute, 10.0 + (0..(n - 1)) % 97 / 10.0 as price, 100 + (0..(n - 1)) % 13 as qty)
small = select * from t where sym in symbol("S" + string(0..9))
def mySum(x): sum(x)
t0 = now(true); r = select wavg(price, qty) as vwap, sum(qty) as volume, count(*) as trades from t group by sym, minute; print("group-by " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = select wavg(price, qty) as vwap, sum(qty) as volume, count(*) as trades from t group by sym cgroup by minute; print("cgroup-by " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = select mySum(qty) as volume from small group by sym cgroup by minute; print("cgroup-prefixes " + string(long(now(true) - t0) / 1000000.0))
DOS
