#!/usr/bin/env python3
"""Writes the ONNX backend suite of the installed onnx release.

The node cases come from onnx.backend.test.case.node.collect_testcases() and
the model cases ("simple"; "real" ones name a download and are left out) from
onnx.backend.test.case.model.collect_testcases(): the generators that write
the suite ONNX's own CI runs. Each case is written in the backend-test layout
dlc-run reads (model.onnx, test_data_set_N/input_K.pb, output_K.pb) under
OUT/<kind>/<name>; inputs and outputs that are not plain tensors (sequences,
optionals, maps) are written as ONNX's own SequenceProto/OptionalProto/
MapProto files, which dlc-run reports as unsupported.

Usage: gen_current_suite.py OUT
"""

import os
import shutil
import sys

import onnx
from onnx import numpy_helper
from onnx.backend.test.case import model as model_cases
from onnx.backend.test.case import node as node_cases


def serialize(value, value_info):
    """The protobuf file of one input or output, by the value's ONNX type."""
    kind = value_info.type.WhichOneof("value")
    if isinstance(value, onnx.TensorProto):
        proto = value
    elif kind == "sequence_type":
        proto = numpy_helper.from_list(value, value_info.name)
    elif kind == "optional_type":
        proto = numpy_helper.from_optional(value, value_info.name)
    elif kind == "map_type":
        proto = numpy_helper.from_dict(value, value_info.name)
    else:
        proto = numpy_helper.from_array(value, value_info.name)
    return proto.SerializeToString()


def write_case(root, case):
    out = os.path.join(root, case.kind, case.name)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    with open(os.path.join(out, "model.onnx"), "wb") as f:
        f.write(case.model.SerializeToString())
    graph = case.model.graph
    for i, (inputs, outputs) in enumerate(case.data_sets):
        data = os.path.join(out, f"test_data_set_{i}")
        os.makedirs(data)
        for prefix, values, infos in (("input", inputs, graph.input),
                                      ("output", outputs, graph.output)):
            for j, value in enumerate(values):
                with open(os.path.join(data, f"{prefix}_{j}.pb"), "wb") as f:
                    f.write(serialize(value, infos[j]))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    root = sys.argv[1]
    cases = [c for c in node_cases.collect_testcases() + model_cases.collect_testcases()
             if c.kind != "real" and c.model is not None]
    for case in cases:
        write_case(root, case)
    kinds = sorted({c.kind for c in cases})
    print(f"onnx {onnx.__version__}: {len(cases)} cases "
          + ", ".join(f"{k} {sum(c.kind == k for c in cases)}" for k in kinds))


if __name__ == "__main__":
    main()
