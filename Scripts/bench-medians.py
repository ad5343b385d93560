#!/usr/bin/env python3
"""Reads `case milliseconds` lines (one per run of each case) on stdin and prints each case's
median, and its ratio to its baseline case measured in the same run.

Usage: ... | Scripts/bench-medians.py CASE[:BASELINE] ...
A case without a baseline is a baseline itself (ratio 1.00); a case no run printed is "failed".
"""
import collections
import statistics
import sys

times = collections.defaultdict(list)
for line in sys.stdin:
    parts = line.split()
    if len(parts) == 2:
        times[parts[0]].append(float(parts[1]))
medians = {name: statistics.median(v) for name, v in times.items()}
print("%-16s %10s %8s" % ("case", "median ms", "ratio"))
for spec in sys.argv[1:]:
    name, _, base = spec.partition(":")
    if name not in medians:
        print("%-16s %10s" % (name, "failed"))
    elif base and base in medians:
        print("%-16s %10.1f %8.2f" % (name, medians[name], medians[name] / medians[base]))
    else:
        print("%-16s %10.1f %8s" % (name, medians[name], "1.00" if not base else "-"))
