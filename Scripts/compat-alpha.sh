#!/usr/bin/env bash
# A measurement, not a test: runs DolphinDB's own factor scripts from its public
# DolphinDBModules repository (Apache-2.0) on generated data and checks that the two ways each
# computes its factors agree.
#
#   Scripts/compat-alpha.sh MODULES_DIR
#
# MODULES_DIR is a checkout of dolphindb/DolphinDBModules (nothing is downloaded). It runs
#  - wq101alpha/helper/wq101alphaScript.dos: the 101 WorldQuant factors of 4,000 generated
#    securities over 20 days, once through the panel functions of wq101alpha (into a wide
#    TSDB table of 4,002 columns) and once through prepare101 (into a long table), then
#    compares the two tables cell by cell;
#  - gtja191Alpha/helper/gtja191AlphaRes.dos: the 191 Guotai Junan factors of 12 generated
#    securities over 250 days, through gtja191Alpha and through gtja191Prepare, then compares
#    the two results.
# Two lines are changed first, and the output says so: `typestr(result) == CODE` compares a
# STRING with an INT constant, which Porpoise refuses (how DolphinDB reads it is not
# documented), so it becomes `== "CODE"`; gtja191Prepare's factor 75 reads `index_opem`, a
# typo for `index_open`. gtja191Prepare's factors 82 and 186 call the wrong factor (78 and 1)
# in DolphinDB's module, so those two are expected to differ.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
repo=${1:?usage: Scripts/compat-alpha.sh MODULES_DIR}
bin=${PORPOISE_BIN:-$here/.build/release/porpoise}
[ -x "$bin" ] || { echo "no porpoise at $bin (swift build -c release, or set PORPOISE_BIN)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home/modules"
for f in wq101alpha/src/wq101alpha.dos wq101alpha/helper/prepare101.dos gtja191Alpha/src/gtja191Alpha.dos \
  gtja191Alpha/helper/gtja191Prepare.dos; do
  cp "$repo/$f" "$work/home/modules/"
done
sed -i 's/input\.index_opem/input.index_open/' "$work/home/modules/gtja191Prepare.dos"
echo "changed: typestr(result) == CODE -> == \"CODE\"; gtja191Prepare index_opem -> index_open"

run() { (cd "$work" && PORPOISE_HOME="$work/home" "$bin" run "$1" 2>&1 | { grep -v "default password" || true; }); }
timed() {
  local start end
  start=$(date +%s.%N)
  run "$1"
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v what="$2" 'BEGIN { printf "%s: %.1f s\n", what, e - s }'
}

# Generated prices: a random walk per security, open/high/low/vwap around it, an index.
cat > "$work/generate.dos" <<'EOF'
login(`admin, `123456)
def prices(n, days) {
  D = size(days)
  N = n * D
  row = 0..(N - 1)
  ids = "sz" + lpad(string(1..n), 6, "0")
  t = table(ids[row / D] as securityid, timestamp(days[row % D]) as tradetime, norm(0.0, 0.02, N) as r,
    (10 + rand(50.0, n))[row / D] as base)
  t = select securityid, tradetime, base * exp(cumsum(r)) as close from t context by securityid
  update t set open = close * (1 + norm(0.0, 0.01, N))
  update t set high = max(open, close) * (1 + abs(norm(0.0, 0.01, N))), low = min(open, close) * (1 - abs(norm(0.0, 0.01, N)))
  update t set vol = 100000 + rand(4900000, N), vwap = (open + close + high + low) / 4
  index = 3000 * exp(cumsum(norm(0.0, 0.01, D)))
  update t set index_close = index[row % D], index_open = index[row % D] * (1 + norm(0.0, 0.005, D)[row % D])
  return select securityid, tradetime, open, close, high, low, vol, vwap, index_close, index_open from t
}
weekdays = 2010.01.04..2010.12.31
weekdays = weekdays[weekday(weekdays) between 1 : 5]
kday = prices(4000, weekdays[0:40])
if (existsDatabase("dfs://k_day_level")) dropDatabase("dfs://k_day_level")
db = database("dfs://k_day_level", RANGE, 2010.01M + 0..24, engine="TSDB")
db.createPartitionedTable(kday, `k_day, `tradetime, sortColumns=`securityid`tradetime).append!(kday)
saveText(prices(12, weekdays[0:250]), "datatest.csv")
EOF
timed generate.dos "generate the data"

# wq101alpha: the module's own script, after the info table its helper makes.
{ echo 'login(`admin, `123456)'; cat "$repo/wq101alpha/helper/infoDataScript.dos"; } > "$work/info.dos"
run info.dos
sed 's/typestr(result) == CODE/typestr(result) == "CODE"/' "$repo/wq101alpha/helper/wq101alphaScript.dos" \
  > "$work/wq101alphaScript.dos"
timed wq101alphaScript.dos "wq101alphaScript.dos (101 factors, both ways, written to two tables)"
cat > "$work/compare-wq.dos" <<'EOF'
login(`admin, `123456)
wide = select * from loadTable("dfs://K_FACTOR_WIDE", "factor_k_wide")
long = wide.unpivot(`tradetime`factorname, wide.colNames()[2:])
other = select tradetime, factorname, securityid as valueType, value as other from loadTable("dfs://K_FACTOR_LONG", "factor_k_long")
j = ej(long, other, `tradetime`factorname`valueType)
differ = select count(*) as cells from j where isNull(value) != isNull(other) or abs(value - other) > 1e-9 * (1 + abs(value)) group by factorname
print("wq101alpha: " + string(exec count(distinct factorname) from j) + " factors, " + string(size(j)) + " cells compared; factors that differ: " + string(size(differ)))
if (size(differ) > 0) print(differ)
EOF
timed compare-wq.dos "compare the wide and the long table"

# gtja191Alpha: the module's own check, both ways into two files, then compared.
sed -e "s|/YOUR_DIR/|$work/|g" -e 's/typestr(result) == CODE/typestr(result) == "CODE"/' \
  -e "s|saveText(resTable,\"$work/ddbVerifyRes.csv\")|saveText(resTable, \"$work/module.csv\"); saveText(resTableCal, \"$work/prepare.csv\")|" \
  "$repo/gtja191Alpha/helper/gtja191AlphaRes.dos" | { echo 'login(`admin, `123456)'; cat; } > "$work/gtja191AlphaRes.dos"
timed gtja191AlphaRes.dos "gtja191AlphaRes.dos (187 factors, both ways)" | { grep -v "^start " || true; }
cat > "$work/compare-gtja.dos" <<'EOF'
login(`admin, `123456)
a = loadText("module.csv")
b = loadText("prepare.csv")
differ = array(STRING, 0)
for (c in a.colNames()[1:]) {
  x = double(a[c])
  y = double(b[c])
  if (sum(isNull(x) != isNull(y)) + sum(abs(x - y) > 1e-6 * (1 + abs(x))) > 0) differ.append!(c)
}
print("gtja191Alpha: " + string(size(a.colNames()) - 1) + " factors compared; differ: " + concat(differ, " "))
EOF
run compare-gtja.dos
