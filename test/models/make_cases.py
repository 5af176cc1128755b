#!/usr/bin/env python3
"""Writes one ONNX backend-test case per seed model in models/: the model
with its batch bound to 16, a random input, and every output computed by
models/gen_models.py's float64 numpy forward pass (reference_forward), an
implementation independent of dlc. dlc-run then checks dlc's code against
it, on the CPU and through the GPU kernels run on the CPU
(--emulate-gpu-loops): at batch 16 the seed models' matmuls and
convolutions are big enough to take the tiled GPU kernels.

    make_cases.py OUT_DIR
"""
import copy
import os
import sys

import numpy as np
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "models"))
import gen_models  # noqa: E402

BATCH = 16


def bind_batch(model):
    for value in list(model.graph.input) + list(model.graph.output):
        dim = value.type.tensor_type.shape.dim[0]
        if dim.dim_param:
            dim.dim_value = BATCH
    return model


def dims(value):
    return [d.dim_value for d in value.type.tensor_type.shape.dim]


def write(path, array, name):
    with open(path, "wb") as f:
        f.write(numpy_helper.from_array(array, name).SerializeToString())


def write_case(out, name, model, rng):
    case = os.path.join(out, name)
    data = os.path.join(case, "test_data_set_0")
    os.makedirs(data, exist_ok=True)
    with open(os.path.join(case, "model.onnx"), "wb") as f:
        f.write(model.SerializeToString())
    inputs = {}
    for k, value in enumerate(model.graph.input):
        # Pixels and noise in [0, 1); other inputs (the GAN generator's
        # discriminator weights) small.
        scale = 1.0 if k == 0 else 0.05
        array = (scale * rng.uniform(0, 1, dims(value))).astype(np.float32)
        if k > 0:
            array -= scale / 2
        inputs[value.name] = array
        write(os.path.join(data, f"input_{k}.pb"), array, value.name)
    x = inputs.pop(model.graph.input[0].name)
    for k, value in enumerate(model.graph.output):
        one = copy.deepcopy(model)  # reference_forward returns output 0
        one.graph.output[0].CopyFrom(value)
        y = gen_models.reference_forward(one, x, inputs).astype(np.float32)
        write(os.path.join(data, f"output_{k}.pb"), y, value.name)


def main():
    out = sys.argv[1]
    for name, build in gen_models.MODELS.items():
        rng = np.random.default_rng(len(name))
        write_case(out, name, bind_batch(build()), rng)
        print(name)


if __name__ == "__main__":
    main()
