#!/bin/sh
# Compiles a model for the GPU (dlc --target=cuda --emit=ptx) and has
# NVIDIA's ptxas assemble the PTX for that architecture.
#
#   ptxas-check.sh DLC MODEL.onnx ARCH [DLC FLAGS...]
#
# ptxas is $PTXAS, else the one on PATH, else /usr/local/cuda/bin/ptxas.
# Without one the check cannot run: exit 77, which ctest reports as skipped
# (SKIP_RETURN_CODE), never as passed.
set -eu
dlc=$1 model=$2 arch=$3
shift 3
ptxas=${PTXAS:-$(command -v ptxas || echo /usr/local/cuda/bin/ptxas)}
if [ ! -x "$ptxas" ]; then
  echo "SKIP: no ptxas (install the CUDA toolkit or set PTXAS)"
  exit 77
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$dlc" "$model" --target=cuda --gpu="$arch" --emit=ptx -o "$dir/model.ptx" "$@"
"$ptxas" -arch="$arch" "$dir/model.ptx" -o "$dir/model.cubin"
echo "ptxas -arch=$arch accepted $(grep -c '^.visible .entry' "$dir/model.ptx") kernels of $(basename "$model") $*"
