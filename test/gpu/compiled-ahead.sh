#!/bin/sh
# Cases compiled ahead by `dlc-run --save-compiled` and run by
# dlc-run-compiled (libdlcrt only: what runs on a GPU machine without LLVM).
#
#   compiled-ahead.sh DLC_RUN DLC_RUN_COMPILED FAKE_DRIVER WORKDIR CASE_DIR...
#
# On the CPU the saved cases must pass as they do in dlc-run. For the GPU
# (--target=cuda) there is no GPU here: without a driver every case must
# fail with the loader's reason (nothing crashes), and against the stand-in
# driver, which runs no kernel, the kernels are launched and the outputs
# compared (and so differ).
set -eu
run=$1 compiled=$2 fake=$3 work=$4
shift 4
rm -rf "$work"
"$run" --save-compiled "$work/cpu" "$@" | tail -1
"$compiled" "$work/cpu" > "$work/cpu.txt" || { cat "$work/cpu.txt"; exit 1; }
tail -1 "$work/cpu.txt"
[ "$(grep -c '^PASS' "$work/cpu.txt")" -eq "$#" ]

"$run" --target=cuda --save-compiled "$work/cuda" "$@" > "$work/saved.txt"
[ "$(grep -c '^SAVED' "$work/saved.txt")" -eq "$#" ]
if DLC_LIBCUDA=/nonexistent/libcuda.so.1 "$compiled" "$work/cuda" > "$work/nodriver.txt"; then
  echo "expected failures without a driver" >&2
  exit 1
fi
[ "$(grep -c '^FAIL .*: cannot load the CUDA driver /nonexistent/libcuda.so.1' "$work/nodriver.txt")" -eq "$#" ]
DLC_LIBCUDA="$fake" FAKE_CUDA_LOG="$work/launches.txt" "$compiled" "$work/cuda" > "$work/fake.txt" || true
[ "$(grep -c '^launch' "$work/launches.txt")" -ge "$#" ]
echo "cuda: $# cases saved; without a driver each fails with the reason; the stand-in driver got $(grep -c '^launch' "$work/launches.txt") launches"
