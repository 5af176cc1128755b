#!/usr/bin/env bash
# Times `dlc` on each exported transformer and torchvision model and the
# quantized CNN (exports.sh) and runs dlc-run on all of them: outputs
# against ONNX Runtime (with the flags of the case's tolerance.txt where it
# has one), and for BERT and GPT-2 the gradients against PyTorch (--grads).
#
#   run_exports.sh BIN_DIR [CASE...]
set -euo pipefail
bin=$1; shift
cases="$(bash "$(dirname "$0")/exports.sh")"
names=("$@")
[ ${#names[@]} -gt 0 ] || mapfile -t names < <(ls "$cases" | grep -v '\.onnx$')
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
dirs=() graded=() status=0
tolerant=()
for name in "${names[@]}"; do
  dir="$cases/$name"
  start=$(date +%s.%N)
  "$bin/dlc" "$dir/model.onnx" -o "$work/$name.o" || status=1
  end=$(date +%s.%N)
  awk -v n="$name" -v s="$start" -v e="$end" \
    'BEGIN { printf "compile %-24s %6.1f s\n", n, e - s }'
  if [ -f "$dir/tolerance.txt" ]; then tolerant+=("$dir"); else dirs+=("$dir"); fi
  [ ! -d "$dir/grads" ] || graded+=("$dir")
done
"$bin/dlc-run" "${dirs[@]}" || status=1
for dir in "${tolerant[@]}"; do
  # shellcheck disable=SC2046 # the file holds dlc-run flags
  "$bin/dlc-run" $(cat "$dir/tolerance.txt") "$dir" || status=1
done
[ ${#graded[@]} -eq 0 ] || "$bin/dlc-run" --grads "${graded[@]}" || status=1
exit $status
