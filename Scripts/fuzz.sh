#!/usr/bin/env bash
# Fuzzes the parser + interpreter and the wire decoder with libFuzzer, for a given time each.
#
#   Scripts/fuzz.sh [SECONDS] [script] [wire]     default: 60 s for each of both targets
#
# The targets (Fuzz/Sources) are built apart, in .build-fuzz, with every module instrumented
# (-sanitize=fuzzer,address). Each starts from the golden scripts (script) or a few encoded
# requests (wire) plus Fuzz/Regressions, and grows a corpus in .build-fuzz/corpus-TARGET.
# A crash, trap, leak or timeout is written to Fuzz/Findings/TARGET/; once fixed, keep its
# input in Fuzz/Regressions/TARGET/ (FuzzRegressionTests runs them all on every test run).
# Ends with a line per target: executions, and findings (0 is the target).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(script wire)

Scripts/install-deps.sh
swift build -c release --package-path Fuzz --scratch-path .build-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library >/dev/null

# Seeds for the wire target: one of each request kind, as the shell and rpc send them.
seed_wire() {
  local dir=$1
  python3 - "$dir" <<'PY'
import struct, sys
d = sys.argv[1]
def s(t): b = t.encode(); return struct.pack('<I', len(b)) + b
seeds = {
  'hello': bytes([1]) + struct.pack('<I', 1) + s('porpoise'),
  'run': bytes([2, 1]) + s('<stdin>') + s('x = 1 2 3\nsum(x)'),
  'call-int': bytes([3]) + s('add') + s('') + struct.pack('<I', 2) + bytes([1, 4]) + struct.pack('<q', 40) + bytes([1, 4]) + struct.pack('<q', 2),
  'call-tuple': bytes([3]) + s('size') + s('') + struct.pack('<I', 1) + bytes([7]) + struct.pack('<I', 2) + bytes([0, 3, 18]) + s('IBM'),
  'dot': bytes([4]) + s('.vars'),
  'interrupt': bytes([5]),
  'done': bytes([0x13, 0, 1, 2, 16]) + struct.pack('<d', 2.5),
}
for name, b in seeds.items():
    open(f'{d}/{name}', 'wb').write(b)
PY
}

status=0
for target in "${targets[@]}"; do
  case "$target" in
    script) binary=.build-fuzz/release/FuzzScript ;;
    wire) binary=.build-fuzz/release/FuzzWire ;;
    *) echo "unknown target '$target' (script or wire)" >&2; exit 64 ;;
  esac
  corpus=".build-fuzz/corpus-$target"
  findings="Fuzz/Findings/$target"
  mkdir -p "$corpus" "$findings" "Fuzz/Regressions/$target"
  seeds=("Fuzz/Regressions/$target")
  if [ "$target" = script ]; then
    find Tests/Scripts -name '*.dos' -exec cp {} "$corpus/" \;
    extra=(-dict=Fuzz/script.dict -max_len=4096)
  else
    seed_wire "$corpus"
    extra=(-max_len=65536)
  fi
  log=".build-fuzz/$target.log"
  # Work in a scratch folder: scripts may write files (saveText, databases) where they run.
  scratch=$(mktemp -d)
  root=$PWD
  set +e
  (cd "$scratch" && SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 "$root/$binary" "$root/$corpus" "${seeds[@]/#/$root/}" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=3072 -detect_leaks=0 -print_final_stats=1 \
    -artifact_prefix="$root/$findings/" "${extra[@]/#-dict=/-dict=$root/}" >"$root/$log" 2>&1)
  rc=$?
  set -e
  rm -rf "$scratch"
  runs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}' | tail -1)
  found=$(find "$findings" -type f | wc -l)
  echo "$target: ${runs:-0} executions in ${seconds} s, ${found} findings in $findings (libFuzzer exit $rc; log $log)"
  [ "$found" -eq 0 ] || status=1
done
exit $status
