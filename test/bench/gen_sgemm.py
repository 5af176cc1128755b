#!/usr/bin/env python3
"""Writes the SGEMM kernel models of dlc-bench-kernels: sgemm_<S>.onnxtxt.

Usage:  python3 test/bench/gen_sgemm.py [--out DIR] [SIZE ...]

Each model is one ONNX MatMul, C[S,S] = A[S,S] x B[S,S], with both operands
as graph inputs (no weights), static shapes, opset 13, in the ONNX text
form dlc reads. Sizes default to 256, 512 and 1024. No Python packages needed.
"""

import argparse
import os

TEMPLATE = """\
# C = A x B, {s}x{s}x{s} single-precision matrix multiply (written by gen_sgemm.py).
ir_version: 7
opset_import {{ version: 13 }}
graph {{
  name: "sgemm_{s}"
  node {{ input: "A" input: "B" output: "C" name: "matmul" op_type: "MatMul" }}
{inputs}
  output {{
    name: "C"
    type {{ tensor_type {{ elem_type: 1 shape {{ dim {{ dim_value: {s} }} dim {{ dim_value: {s} }} }} }} }}
  }}
}}
"""

INPUT = """\
  input {{
    name: "{name}"
    type {{ tensor_type {{ elem_type: 1 shape {{ dim {{ dim_value: {s} }} dim {{ dim_value: {s} }} }} }} }}
  }}"""


def sgemm_model(size):
    inputs = "\n".join(INPUT.format(name=n, s=size) for n in ("A", "B"))
    return TEMPLATE.format(s=size, inputs=inputs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    parser.add_argument("sizes", nargs="*", type=int, default=[256, 512, 1024])
    args = parser.parse_args()
    for size in args.sizes:
        path = os.path.join(args.out, f"sgemm_{size}.onnxtxt")
        with open(path, "w") as f:
            f.write(sgemm_model(size))
        print(path)


if __name__ == "__main__":
    main()
