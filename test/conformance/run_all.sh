#!/bin/sh
# Measures the conformance rate: dlc-run over every case of the ONNX backend
# test suite (node, pytorch-converted, pytorch-operator, simple): Debian's
# ONNX 1.12 data by default, or the current suite gen_current_suite.py wrote.
#
#   test/conformance/run_all.sh BUILD_DIR [DATA_DIR [LABEL]]
#
# Prints each suite's summary, the total and the most frequent SKIP and FAIL
# reasons; the per-case lines are kept in
# BUILD_DIR/conformance/LABEL/<suite>.log (LABEL: onnx-1.12 by default), a
# folder emptied first, so no log of an earlier run is ever read as this
# run's. JOBS=N runs N dlc-run processes at once (default 1).
set -u
if [ $# -lt 1 ]; then
  echo "usage: $0 BUILD_DIR [DATA_DIR]" >&2
  exit 2
fi
build=$1
data=${2:-/usr/share/libonnx-testdata/data}
label=${3:-onnx-1.12}
runner=$build/bin/dlc-run
jobs=${JOBS:-1}
if [ ! -x "$runner" ]; then
  echo "error: $runner not found; build the dlc-run target first" >&2
  exit 2
fi
if [ ! -d "$data/node" ]; then
  echo "error: no ONNX backend test data at $data (no node/ folder)" >&2
  exit 2
fi
logdir=$build/conformance/$label
rm -rf "$logdir"
mkdir -p "$logdir"

total_pass=0 total_fail=0 total_skip=0
for suite in node pytorch-converted pytorch-operator simple; do
  [ -d "$data/$suite" ] || continue
  log=$logdir/$suite.log
  ls -d "$data/$suite"/*/model.onnx 2>/dev/null | sed 's|/model.onnx$||' \
    > "$logdir/$suite.cases"
  # Shard the cases; each shard is one dlc-run process.
  rm -f "$logdir/$suite".shard.*
  split -n "r/$jobs" -d "$logdir/$suite.cases" "$logdir/$suite.shard."
  for shard in "$logdir/$suite".shard.*; do
    xargs -r "$runner" < "$shard" > "$shard.out" 2>/dev/null &
  done
  wait
  cat "$logdir/$suite".shard.*.out | grep -E '^(PASS|FAIL|SKIP) ' | sort > "$log"
  rm -f "$logdir/$suite".shard.*
  p=$(grep -c '^PASS ' "$log") f=$(grep -c '^FAIL ' "$log") s=$(grep -c '^SKIP ' "$log")
  echo "$suite: $p passed, $f failed, $s skipped"
  total_pass=$((total_pass + p)) total_fail=$((total_fail + f)) total_skip=$((total_skip + s))
done

all=$((total_pass + total_fail + total_skip))
echo
echo "most frequent SKIP reasons:"
cat "$logdir"/*.log | sed -n 's/^SKIP [^:]*: \(.*\)$/\1/p' | sed 's/ (bound: .*)$//' \
  | sort | uniq -c | sort -rn | head -15
echo "most frequent FAIL reasons (first 60 characters):"
cat "$logdir"/*.log | sed -n 's/^FAIL [^:]*: \(.*\)$/\1/p' | cut -c1-60 \
  | sort | uniq -c | sort -rn | head -15
echo
if [ "$all" -gt 0 ]; then
  echo "conformance: $total_pass of $all cases pass ($((100 * total_pass / all))%)"
fi
echo "$total_pass passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" -eq 0 ]
