#!/usr/bin/env bash
# Compiles one of make_exports.py's training models with `dlc --train`
# (Adam, softmax cross-entropy, C names step_*), links DRIVER against it and
# runs it on the exported weights: the driver decides whether it learned.
#
#   train_export.sh BIN_DIR CC RUNTIME_LIB RUNTIME_INCLUDE OMP_LIB MODEL DRIVER
#
# MODEL is a file name in the exports folder (exports.sh).
set -euo pipefail
bin=$1 cc=$2 runtime=$3 include=$4 omp=$5 name=$6 driver=$7
model="$(bash "$(dirname "$0")/exports.sh")/$name"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
start=$(date +%s)
"$bin/dlc" "$model" --train --loss=softmax-cross-entropy --optimizer=adam \
  --name=step -o "$work/step.o"
echo "dlc --train $name: $(( $(date +%s) - start )) s"
"$cc" -std=c11 -O2 -I"$work" -I"$include" -I"$(dirname "$0")" "$driver" \
  "$work/step.o" "$runtime" "$omp" -Wl,-rpath,"$(dirname "$omp")" \
  -lz -lm -ldl -o "$work/train"
"$work/train" "$model"
