#!/bin/sh
# The CI guard of the conformance rate: runs a whole ONNX backend test
# suite (run_all.sh) and fails when a case listed in LIST does not PASS, or
# when any case crashed or timed out. Cases that pass but are not listed are
# printed so that the list can grow with them:
#
#   test/conformance/check_expected.sh BUILD_DIR DATA_DIR LIST LABEL
#   test/conformance/check_expected.sh --update BUILD_DIR DATA_DIR LIST LABEL
#
# LIST: expected_pass.txt (Debian's ONNX 1.12 data, LABEL onnx-1.12) or
# expected_pass_current.txt (the pinned release's suite, LABEL
# onnx-current). Only this run's logs are read: run_all.sh empties
# BUILD_DIR/conformance/LABEL first. --update adds this run's passing cases
# to LIST (after a change that made more cases pass; review the diff).
set -u
here=$(cd "$(dirname "$0")" && pwd)
update=0
if [ "${1:-}" = "--update" ]; then
  update=1
  shift
fi
if [ $# -ne 4 ]; then
  echo "usage: $0 [--update] BUILD_DIR DATA_DIR LIST LABEL" >&2
  exit 2
fi
build=$1 data=$2 list=$3 label=$4
JOBS=${JOBS:-2} OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} \
  sh "$here/run_all.sh" "$build" "$data" "$label" \
  | sed -n '/^conformance:/p;/ passed, /p;/^error:/p'
logs=$build/conformance/$label
if ! ls "$logs"/*.log > /dev/null 2>&1; then
  echo "error: the run wrote no results under $logs"
  exit 1
fi
passed=$(mktemp)
trap 'rm -f "$passed"' EXIT
for log in "$logs"/*.log; do
  suite=$(basename "$log" .log)
  sed -n "s|^PASS \([^ :]*\).*|$suite/\1|p" "$log"
done | sort > "$passed"

if [ "$update" -eq 1 ]; then
  { sed -n '/^#/p' "$list"
    { grep -v '^#' "$list"; cat "$passed"; } | sort -u; } > "$list.new"
  mv "$list.new" "$list"
  echo "$(basename "$list"): $(grep -vc '^#' "$list") cases"
fi

status=0
missing=$(grep -v '^#' "$list" | sort | comm -23 - "$passed")
if [ -n "$missing" ]; then
  echo "error: expected to pass but did not:"
  echo "$missing" | while read -r c; do
    suite=${c%%/*} name=${c#*/}
    grep -h "^[A-Z]* $name\b" "$logs/$suite.log" || echo "(no result) $c"
  done
  status=1
fi
crashed=$(cat "$logs"/*.log | grep -E '^FAIL [^:]*: (crashed|timed out)')
if [ -n "$crashed" ]; then
  echo "error: crashed or timed out:"
  echo "$crashed"
  status=1
fi
new=$(grep -v '^#' "$list" | sort | comm -13 - "$passed")
if [ -n "$new" ]; then
  echo "passing but not yet in $(basename "$list") (add them with --update):"
  echo "$new"
fi
[ "$status" -eq 0 ] && echo "conformance guard: every expected case passes"
exit "$status"
