#!/usr/bin/env bash
# Times string functions over 1,000,000 rows, a STRING column (`code`, six digits) and a SYMBOL
# column (`sym`, ten values): `like`, `substr`, `strReplace` on each, `upper` of the symbols, and
# `regexReplace` and `regexFind` over the first 100,000 codes;
# against comparing the STRING column with one value (`==`), the baseline measured in the same run.
# Prints the median of RUNS of each.   Usage: Scripts/bench-strings.sh [RUNS]
# PORPOISE_BIN=path times that binary instead of a fresh release build (a before/after).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/bench-script.sh "${1:-5}" equal like-string:equal like-symbol:equal substr-string:equal \
  substr-symbol:equal replace-string:equal replace-symbol:equal upper-symbol:equal regex-replace:equal regex-find:equal <<'DOS'
n = 1000000
t = table(format(rand(1000000, n), "000000") as code, rand(`IBM`MSFT`GM`C`FB`GOOG`V`F`XOM`AMZN, n) as sym)
t0 = now(true); r = t.code == "000042"; print("equal " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = t.code like "60%"; print("like-string " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = t.sym like "%M%"; print("like-symbol " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = substr(t.code, 0, 3); print("substr-string " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = substr(t.sym, 0, 2); print("substr-symbol " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = strReplace(t.code, "0", "x"); print("replace-string " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = strReplace(t.sym, "M", "m"); print("replace-symbol " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = upper(t.sym); print("upper-symbol " + string(long(now(true) - t0) / 1000000.0))
c = t.code[0:100000]
t0 = now(true); r = regexReplace(c, "[0-4]+", "#"); print("regex-replace " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = regexFind(c, "9[0-9]"); print("regex-find " + string(long(now(true) - t0) / 1000000.0))
DOS
