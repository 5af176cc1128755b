#!/bin/sh
# Runs code compiled by `dlc --target=cuda` against a stand-in CUDA driver
# (FakeCudaDriver.c) that records launches instead of running them: the
# grid and block sizes the generated host code computes, the kernels it
# launches per call, and the weights it uploads once. No GPU involved.
#
#   fake-launch.sh DLC CC RUNTIME_INCLUDE LIBDLCRT FAKE_DRIVER PYTHON WORKDIR
set -eu
dlc=$1 cc=$2 include=$3 libdlcrt=$4 fake=$5 python=$6 work=$7
here=$(dirname "$0")
mkdir -p "$work"
cd "$work"
rm -f log.txt

build() { # model.onnx name flags...
  model=$1 name=$2
  shift 2
  "$dlc" "$model" --target=cuda -o "$name.o" "$@"
  upper=$(echo "$name" | tr a-z A-Z)
  "$cc" -std=c11 -I. -I"$include" "-DHEADER=\"$name.h\"" "-DM(x)=${name}_##x" \
    "-DU(x)=${upper}_##x" "$here/launch_app.c" "$name.o" "$libdlcrt" \
    -o "$name-app"
}

# One Relu over 3 x 1000 floats: one kernel of ceil(3000 / 256) = 12 blocks
# of 256 threads, launched once per call (the app calls twice).
"$python" -c '
import onnx
from onnx import helper, TensorProto
g = helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "relu",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [3, 1000])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, [3, 1000])])
onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]),
          "relu.onnx")'
build relu.onnx relu
FAKE_CUDA_LOG=log.txt DLC_LIBCUDA="$fake" ./relu-app > /dev/null
expected="launch relu_run_kernel grid 12 1 1 block 256 1 1"
printf '%s\n%s\n' "$expected" "$expected" > expected.txt
diff expected.txt log.txt
echo "relu: 2 launches of 12 x 256 threads"

# A block kernel (dlc-gpu-tile-contractions): MatMul [100,70] x [70,50] and
# Relu are one kernel (the relu its epilogue) of 2 x 2 tiles of 64 x 32
# outputs, 16 x 8 = 128 threads each, with shared memory and barriers.
"$python" -c '
import numpy as np, onnx
from onnx import helper, numpy_helper, TensorProto
w = numpy_helper.from_array(np.full((70, 50), 0.5, np.float32), "w")
g = helper.make_graph([helper.make_node("MatMul", ["x", "w"], ["h"]),
                       helper.make_node("Relu", ["h"], ["y"])], "mm",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [100, 70])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, [100, 50])], [w])
onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]),
          "mm.onnx")'
build mm.onnx mm
"$dlc" mm.onnx --target=cuda --emit=ptx -o mm.ptx
grep -q 'bar.sync' mm.ptx
grep -q '\.shared' mm.ptx
rm -f log.txt
FAKE_CUDA_LOG=log.txt DLC_LIBCUDA="$fake" ./mm-app > /dev/null
grep '^launch' log.txt > launched.txt
expected="launch mm_run_kernel grid 4 1 1 block 128 1 1"
printf '%s\n%s\n' "$expected" "$expected" | diff - launched.txt
echo "mm: 2 launches of one tiled kernel, 4 x 128 threads"

# A reduction of 300 per output (dlc-gpu-block-reductions): ReduceSum of
# [4,300] over axis 1 is a block of 256 threads per row.
"$python" -c '
import numpy as np, onnx
from onnx import helper, numpy_helper, TensorProto
axes = numpy_helper.from_array(np.array([1], np.int64), "axes")
g = helper.make_graph([helper.make_node("ReduceSum", ["x", "axes"], ["y"],
                                        keepdims=0)], "rows",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [4, 300])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, [4])], [axes])
onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]),
          "rows.onnx")'
build rows.onnx rows
rm -f log.txt
FAKE_CUDA_LOG=log.txt DLC_LIBCUDA="$fake" ./rows-app > /dev/null
grep -c '^launch rows_run_kernel.* grid 4 1 1 block 256 1 1$' log.txt |
  grep -qx 2
echo "rows: the row sums as 4 blocks of 256 threads"

# xor_mlp: per call, each kernel of its PTX once, in order; the weights
# go to the device on the first call only.
rm -f log.txt
build "$here/../../models/xor_mlp.onnx" xor --batch=4
"$dlc" "$here/../../models/xor_mlp.onnx" --batch=4 --name=xor --target=cuda \
  --emit=ptx -o xor.ptx
FAKE_CUDA_LOG=log.txt DLC_LIBCUDA="$fake" ./xor-app > /dev/null
sed -n 's/^\.visible \.entry \([a-z_0-9]*\)(.*/\1/p' xor.ptx > kernels.txt
kernels=$(wc -l < kernels.txt)
[ "$kernels" -gt 0 ]
awk '/^launch/ {print $2}' log.txt > launched.txt
cat kernels.txt kernels.txt | diff - launched.txt
uploads=$(grep -c '^upload' log.txt)
first_launch=$(grep -n '^launch' log.txt | head -1 | cut -d: -f1)
[ "$(head -n "$first_launch" log.txt | grep -c '^upload')" -eq "$uploads" ]
echo "xor: $kernels kernels launched once per call; $uploads weight uploads, all before the first launch"

# Without a driver the program starts and fails at its first GPU call,
# with the reason, exit status 1.
if DLC_LIBCUDA=/nonexistent/libcuda.so.1 ./relu-app start > out.txt 2> err.txt; then
  echo "expected a failure without a driver" >&2
  exit 1
else
  status=$?
fi
[ "$status" -eq 1 ]
grep -q '^started$' out.txt
grep -q '^dlc: CUDA: cannot load the CUDA driver /nonexistent/libcuda.so.1' err.txt
echo "no driver: started, then: $(cat err.txt)"
