#!/usr/bin/env bash
# Times `iif` over 1,000,000 rows (two INT columns; a DOUBLE column and a scalar; a DOUBLE
# column and NULL), `distinct`, `nunique`, `in` and `find` of INT columns, `med` and `percentile` of a DOUBLE
# column, and `int`/`double` of STRING columns, against `price > 11.0` (the condition alone,
# the baseline measured in the same run). Prints the median of RUNS of each.
# Usage: Scripts/bench-vectors.sh [RUNS]
# PORPOISE_BIN=path times that binary instead of a fresh release build (a before/after).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/bench-script.sh "${1:-5}" condition iif-columns:condition iif-scalar:condition iif-null:condition distinct:condition nunique:condition in:condition find:condition med:condition percentile:condition int-of-text:condition double-of-text:condition <<'DOS'
n = 1000000
t = table(10.0 + rand(2.0, n) as price, rand(1000, n) as qty, rand(1000000, n) as id)
t0 = now(true); c = t.price > 11.0; print("condition " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = iif(t.price > 11.0, t.qty, -t.qty); print("iif-columns " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = iif(t.price > 11.0, t.price, 0); print("iif-scalar " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = iif(t.qty > 500, t.price, NULL); print("iif-null " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = distinct(t.id); print("distinct " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = nunique(t.id); print("nunique " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = t.id in 1..1000; print("in " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = find(1..1000, t.qty); print("find " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = med(t.price); print("med " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = percentile(t.price, 90); print("percentile " + string(long(now(true) - t0) / 1000000.0))
texts = string(t.qty)
t0 = now(true); r = int(texts); print("int-of-text " + string(long(now(true) - t0) / 1000000.0))
prices = string(t.price)
t0 = now(true); r = double(prices); print("double-of-text " + string(long(now(true) - t0) / 1000000.0))
DOS
