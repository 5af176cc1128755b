#!/usr/bin/env bash
# A model saved by fashion_mnist_train --save reloads with the same test
# accuracy: (1) into the training app's own inference entry point (--load),
# (2) compiled afresh by `dlc` for inference and linked into
# fashion_mnist_classify, and (3) it passes the current onnx package's
# checker (full_check: shape inference too).
# Usage: save_reload.sh TRAIN_APP DLC CLASSIFY_C IDX_C INCLUDE_DIR LIBDLCRT PYTHON
set -euo pipefail
train_app=$1 dlc=$2 classify_c=$3 idx_c=$4 include=$5 libdlcrt=$6 python=$7
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

accuracy() { sed -n 's/^test accuracy: //p'; }

trained=$("$train_app" --epochs 1 --train-limit 1280 --seed 7 \
  --save "$work/model.onnx" | tee /dev/stderr | accuracy)
reloaded=$("$train_app" --epochs 0 --load "$work/model.onnx" | accuracy)
echo "trained: $trained, reloaded: $reloaded"
[ -n "$trained" ] && [ "$trained" = "$reloaded" ]

"$dlc" "$work/model.onnx" --batch=100 --name=mnist_cnn -o "$work/mnist_cnn.o"
cc -std=c11 -O2 -I"$work" -I"$include" -I"$(dirname "$idx_c")" "$classify_c" \
  "$idx_c" "$work/mnist_cnn.o" "$libdlcrt" -lz -lm \
  -L/usr/lib/llvm-22/lib -Wl,-rpath,/usr/lib/llvm-22/lib -lomp \
  -o "$work/classify"
line=$("$work/classify" --count 0 --show 0 | grep '^accuracy:')
echo "recompiled: $line"
correct=$(echo "$line" | sed -n 's/^accuracy: \([0-9]*\) \/ 10000.*/\1/p')
expected=$(awk -v a="$trained" 'BEGIN { printf "%d", a * 10000 + 0.5 }')
[ "$correct" = "$expected" ]

"$python" -c 'import onnx, sys
onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)
print("onnx", onnx.__version__, "checker: ok")' "$work/model.onnx"
