#!/bin/sh
# Trains a Fashion-MNIST app (models/fashion_mnist_train.c built around one
# compiled step) for a few epochs on the real data and requires a test
# accuracy of at least MIN: chance is 0.10; the epoch counts and bounds in
# CMakeLists.txt sit well below what the models reach (README, models/).
# Skips (77) where the dataset is not installed.
#
#   learns.sh APP EPOCHS MIN
set -eu
app=$1 epochs=$2 min=$3
data=/usr/share/datasets/fashion-mnist
if [ ! -e "$data/train-images-idx3-ubyte.gz" ] &&
   [ ! -e "$data/train-images-idx3-ubyte" ]; then
  echo "skipped: no Fashion-MNIST in $data"
  exit 77
fi
out=$("$app" --epochs "$epochs" --seed 3)
echo "$out"
accuracy=$(echo "$out" | sed -n 's/^test accuracy: //p')
[ -n "$accuracy" ]
awk -v a="$accuracy" -v m="$min" 'BEGIN { exit !(a >= m) }'
echo "ok: test accuracy $accuracy >= $min after $epochs epochs"
