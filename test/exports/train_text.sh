#!/usr/bin/env bash
# Compiles make_exports.py's BERT text classifier with `dlc --train` (Adam,
# softmax cross-entropy), links train_text.c against it and runs it: the
# loss must fall and the trained model classify unseen sequences (see the
# driver).
#
#   train_text.sh BIN_DIR CC RUNTIME_LIB RUNTIME_INCLUDE OMP_LIB
set -euo pipefail
bin=$1 cc=$2 runtime=$3 include=$4 omp=$5
model="$(bash "$(dirname "$0")/exports.sh")/text_classifier.onnx"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$bin/dlc" "$model" --train --loss=softmax-cross-entropy --optimizer=adam \
  --name=text -o "$work/text.o"
"$cc" -std=c11 -O2 -I"$work" -I"$include" "$(dirname "$0")/train_text.c" "$work/text.o" \
  "$runtime" "$omp" -Wl,-rpath,"$(dirname "$omp")" -lz -lm -ldl -o "$work/train_text"
"$work/train_text" "$model" "${STEPS:-600}"
