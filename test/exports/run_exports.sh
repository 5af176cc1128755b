#!/usr/bin/env bash
# Times `dlc` on each exported transformer and torchvision model
# (exports.sh) and runs dlc-run on all of them: outputs against ONNX
# Runtime, and for BERT and GPT-2 the gradients against PyTorch (--grads).
#
#   run_exports.sh BIN_DIR [CASE...]
set -euo pipefail
bin=$1; shift
cases="$(bash "$(dirname "$0")/exports.sh")"
names=("$@")
[ ${#names[@]} -gt 0 ] || mapfile -t names < <(ls "$cases" | grep -v '\.onnx$')
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
dirs=() graded=() status=0
for name in "${names[@]}"; do
  dir="$cases/$name"
  start=$(date +%s.%N)
  "$bin/dlc" "$dir/model.onnx" -o "$work/$name.o" || status=1
  end=$(date +%s.%N)
  awk -v n="$name" -v s="$start" -v e="$end" \
    'BEGIN { printf "compile %-24s %6.1f s\n", n, e - s }'
  dirs+=("$dir")
  [ ! -d "$dir/grads" ] || graded+=("$dir")
done
"$bin/dlc-run" "${dirs[@]}" || status=1
[ ${#graded[@]} -eq 0 ] || "$bin/dlc-run" --grads "${graded[@]}" || status=1
exit $status
