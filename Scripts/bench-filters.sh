#!/usr/bin/env bash
# Times filtering 10,000,000 rows by a text column against one value, beside the same filter on
# an INT column as the baseline measured in the same run (the ratios are what to watch): a
# SYMBOL column (dictionary-coded), a STRING column (`where s = "SH000005"`, as DolphinDB's SQL
# case tutorial filters a cj() of formatted codes), the bare comparison `t.s == "SH000005"` and
# a range `t.s < "SH001500"`. Prints the median of RUNS of each.   Usage: Scripts/bench-filters.sh [RUNS]
# PORPOISE_BIN=path times that binary instead of a fresh release build (a before/after).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/bench-script.sh "${1:-5}" int-filter symbol-filter:int-filter string-filter:int-filter \
  string-compare:int-filter string-range:int-filter <<'DOS'
n = 10000000
codes = format(0..2999, "SH000000")
t = table(take(0..2999, n) as code, symbol(take(codes, n)) as sym, take(codes, n) as s, rand(100.0, n) as price)
t0 = now(true); r = exec price from t where code = 5; print("int-filter " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = exec price from t where sym = "SH000005"; print("symbol-filter " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = exec price from t where s = "SH000005"; print("string-filter " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = t.s == "SH000005"; print("string-compare " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = t.s < "SH001500"; print("string-range " + string(long(now(true) - t0) / 1000000.0))
DOS
