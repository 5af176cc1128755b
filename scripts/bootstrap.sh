#!/usr/bin/env bash
# README.md's first command: install the Debian packages dlc needs, build
# everything, then the main job on real Fashion-MNIST data:
#  1. train the seed CNN for two epochs with its dlc-compiled training step
#     (fashion_mnist_train; `--epochs 10` is the full recipe),
#     saving the trained model as ONNX;
#  2. compile the saved model for inference with dlc, as a user would, and
#     link it into the example app, which classifies test images.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${DLC_BUILD_DIR:-$root/build}"
bash "$root/scripts/build.sh"

demo="$build/demo"
mkdir -p "$demo"
"$build/bin/fashion_mnist_train" --epochs 2 \
  --save "$demo/mnist_cnn_trained.onnx"
"$build/bin/dlc" "$demo/mnist_cnn_trained.onnx" --batch=64 --name=mnist_cnn \
  -o "$demo/mnist_cnn.o"
cc -std=c11 -O2 -I"$demo" -I"$root/runtime/include" \
  "$root/models/fashion_mnist_classify.c" "$root/models/idx.c" \
  "$demo/mnist_cnn.o" -L"$build/lib" -ldlcrt -lz -lm \
  -L/usr/lib/llvm-22/lib -Wl,-rpath,/usr/lib/llvm-22/lib -lomp \
  -o "$demo/fashion_mnist_classify"
"$demo/fashion_mnist_classify" --count 1000
