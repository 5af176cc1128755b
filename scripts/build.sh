#!/usr/bin/env bash
# Installs what dlc needs and builds it (used by bootstrap.sh and test.sh):
# Debian's packages (.ci/install-deps), the pinned Python venv
# (python-env.sh), ONNX's C++ library (.ci/build-onnx), then dlc itself in
# ${DLC_BUILD_DIR:-build}. The venv and ONNX are cached under
# ${DLC_CACHE_DIR:-~/.cache/dlc}, keyed by version.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${DLC_BUILD_DIR:-$root/build}"
bash "$root/.ci/install-deps"
venv="$(bash "$root/scripts/python-env.sh")"
onnx="$(bash "$root/.ci/build-onnx")"
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
cmake -G Ninja -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
  -DONNX_ROOT="$onnx" -DDLC_PYTHON="$venv/bin/python"
cmake --build "$build"
