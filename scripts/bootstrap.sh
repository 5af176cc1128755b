#!/usr/bin/env bash
# README.md's first command: install the Debian packages dlc needs, build
# everything, compile the seed CNN with dlc and run the example app that links
# the generated object on real Fashion-MNIST test images.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${DLC_BUILD_DIR:-$root/build}"
bash "$root/.ci/install-deps"
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
cmake -G Ninja -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release
cmake --build "$build"
"$build/models/fashion_mnist_classify" --count 1000
