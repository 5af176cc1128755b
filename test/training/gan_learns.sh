#!/bin/sh
# fashion_gan (models/fashion_gan.c) for one epoch on the real data: the
# generator's images must move towards the test set's statistics (see
# CMakeLists.txt for the bounds). Skips (77) without the dataset.
#
#   gan_learns.sh FASHION_GAN
set -eu
data=/usr/share/datasets/fashion-mnist
if [ ! -e "$data/train-images-idx3-ubyte.gz" ]; then
  echo "skipped: no Fashion-MNIST in $data"
  exit 77
fi
out=$("$1" --epochs 1)
echo "$out"
echo "$out" | awk '
  /^mean-image rms/ { start = $(NF - 2) + 0; sub(",", "", start); end = $NF }
  /^near-black/ { dark = $NF }
  END {
    ok = start > 0 && end < 0.6 * start && dark >= 0.25
    printf "%s: mean-image rms %s -> %s, near-black %s\n",
           ok ? "ok" : "FAIL", start, end, dark
    exit !ok
  }'
