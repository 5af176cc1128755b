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
