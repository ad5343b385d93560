#!/usr/bin/env bash
# Login costs on the embedded node (release build): a password login (PBKDF2-SHA256, 210,000
# rounds, by design slow) against a token login (HMAC check) measured in the same run, and a
# DFS query as an administrator against the same query as a user whose rights are checked
# rule by rule. Prints medians of RUNS (default 5) runs.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/build-release.sh >/dev/null
bin="$PWD/.build/release/porpoise"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/setup.dos" <<'DOS'
login("admin", "123456")
db = database("dfs://bench", VALUE, 1..10)
db.createPartitionedTable(table(1:0, `p`v, [INT, DOUBLE]), `t, `p).append!(table(take(1..10, 100000) as p, rand(1.0, 100000) as v))
createUser("reader", "pw")
createGroup("readers", "reader")
grant("readers", TABLE_READ, "dfs://bench/t")
deny("readers", TABLE_READ, "dfs://bench/other")
DOS
"$bin" -home "$work/home" run "$work/setup.dos" 2>/dev/null
cat >"$work/run.dos" <<'DOS'
def per(n, t0) { return (now() - t0) * 1000.0 / n }
t0 = now()
for (i in 1..20) { login("admin", "123456") }
print("password login (us) " + string(per(20, t0)))
token = getSessionToken()
t0 = now()
for (i in 1..2000) { loginByToken(token) }
print("token login (us) " + string(per(2000, t0)))
pt = loadTable("dfs://bench", "t")
t0 = now()
for (i in 1..500) { x = exec count(*) from pt where p = 3 }
print("query as admin (us) " + string(per(500, t0)))
logout()
login("reader", "pw")
pt = loadTable("dfs://bench", "t")
t0 = now()
for (i in 1..500) { x = exec count(*) from pt where p = 3 }
print("query as a granted user (us) " + string(per(500, t0)))
DOS
for i in $(seq 1 "${1:-5}"); do "$bin" -home "$work/home" run "$work/run.dos" 2>/dev/null; done | python3 -c '
import sys, statistics, collections
rows = collections.OrderedDict()
for line in sys.stdin:
    name, value = line.rsplit(" ", 1)
    rows.setdefault(name, []).append(float(value))
med = {k: statistics.median(v) for k, v in rows.items()}
for k, v in med.items(): print(f"{k:32s} {v:10.1f}")
tok = med["token login (us)"] / med["password login (us)"]
usr = med["query as a granted user (us)"] / med["query as admin (us)"]
print("token / password login: %.4fx; granted user / admin query: %.2fx" % (tok, usr))
'
