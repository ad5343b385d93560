#!/usr/bin/env bash
# Times `order by` over a 1,000,000-row table: by a symbol then a date (the tutorials' usual
# order), by a double descending, by an integer with nulls last, `rank` of the doubles, and the
# first ten rows of two of those orders (`select top 10`), and `sortBy!` by symbol and date;
# against `sort` of the double column alone (one typed sort, the baseline measured in the same run).
# Prints the median of RUNS of each.   Usage: Scripts/bench-sort.sh [RUNS]
# PORPOISE_BIN=path times that binary instead of a fresh release build (a before/after).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/bench-script.sh "${1:-5}" sort order-sym-date:sort order-price-desc:sort order-qty-nulls:sort rank:sort top-price-desc:sort top-sym-date:sort sortby-sym-date:sort <<'DOS'
n = 1000000
t = table(rand(`IBM`MSFT`GM`C`FB`GOOG`V`F`XOM`AMZN, n) as sym, 2020.01.01 + rand(365, n) as date, 10.0 + rand(2.0, n) as price, rand([1, 2, NULL, 3], n) as qty)
t0 = now(true); r = sort(t.price); print("sort " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = select * from t order by sym, date; print("order-sym-date " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = select * from t order by price desc; print("order-price-desc " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = select * from t order by qty nulls last; print("order-qty-nulls " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = rank(t.price); print("rank " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = select top 10 * from t order by price desc; print("top-price-desc " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = select top 10 sym, date, price from t order by sym desc, date; print("top-sym-date " + string(long(now(true) - t0) / 1000000.0))
c = t.copy(); t0 = now(true); c.sortBy!(`sym`date); print("sortby-sym-date " + string(long(now(true) - t0) / 1000000.0))
DOS
