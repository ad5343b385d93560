#!/usr/bin/env bash
# Times formatting a column of 1,000,000 values, against string() of the same column as the
# baseline measured in the same run (the ratio is what to watch): temporalFormat of DATETIMEs
# ("yyyy.MM.dd HH:mm:ss"), the tutorials' filter `where temporalFormat(DateTime, "yyyy.MM.dd")
# >= ...` over a table, and format of integers as zero-padded codes ("000000").
# Prints the median of RUNS of each.   Usage: Scripts/bench-format.sh [RUNS]
# PORPOISE_BIN=path times that binary instead of a fresh release build (a before/after).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/bench-script.sh "${1:-5}" string-datetime temporalFormat:string-datetime filter:string-datetime string-int format-int:string-int <<'DOS'
n = 1000000
t = table(take(`A`B`C, n) as sym, 2020.06.01T09:30:00 + 0..(n - 1) as DateTime, 1..n as code)
t0 = now(true); r = string(t.DateTime); print("string-datetime " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = temporalFormat(t.DateTime, "yyyy.MM.dd HH:mm:ss"); print("temporalFormat " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = select count(*) from t where temporalFormat(DateTime, "yyyy.MM.dd") >= "2020.06.05" group by sym; print("filter " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = string(t.code); print("string-int " + string(long(now(true) - t0) / 1000000.0))
t0 = now(true); r = format(t.code, "000000"); print("format-int " + string(long(now(true) - t0) / 1000000.0))
DOS
