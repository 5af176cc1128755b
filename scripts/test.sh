#!/usr/bin/env bash
# README.md's second command: install, build and run every test (lit,
# GoogleTest, dlc-run over the ONNX backend node tests of the seed ops).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${DLC_BUILD_DIR:-$root/build}"
bash "$root/scripts/build.sh"
ctest --test-dir "$build" --output-on-failure
