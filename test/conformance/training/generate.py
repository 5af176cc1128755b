#!/usr/bin/env python3
"""Writes dlc's own ai.onnx.preview.training cases (ONNX backend-test layout).

The backend suite's optimizer cases all use T = 0, which leaves Adagrad's
decay_factor, Momentum's beta and Adam's bias correction unexercised. These
cases use T > 0 (and Adam's norm_coefficient_post); their expected outputs
come from ONNX's own reference implementations (onnx.backend.test.case.node:
apply_adagrad, apply_momentum, apply_nesterov, apply_adam), not from dlc.

    /usr/bin/python3 test/conformance/training/generate.py   # rewrites the cases
"""
import os

import numpy as np
import onnx
from onnx import helper, numpy_helper
from onnx.backend.test.case.node.adagrad import apply_adagrad
from onnx.backend.test.case.node.adam import apply_adam
from onnx.backend.test.case.node.momentum import apply_momentum, apply_nesterov

DOMAIN = "ai.onnx.preview.training"
HERE = os.path.dirname(os.path.abspath(__file__))


def write_case(name, op, inputs, outputs, attrs):
    """inputs/outputs: lists of (name, array); the node is `op` over them."""
    node = helper.make_node(op, [n for n, _ in inputs], [n for n, _ in outputs],
                            domain=DOMAIN, **attrs)
    info = lambda n, a: helper.make_tensor_value_info(
        n, onnx.mapping.NP_TYPE_TO_TENSOR_TYPE[a.dtype], a.shape)
    graph = helper.make_graph([node], name, [info(n, a) for n, a in inputs],
                              [info(n, a) for n, a in outputs])
    model = helper.make_model(graph, opset_imports=[
        helper.make_opsetid("", 13), helper.make_opsetid(DOMAIN, 1)])
    onnx.checker.check_model(model)
    case = os.path.join(HERE, name)
    data = os.path.join(case, "test_data_set_0")
    os.makedirs(data, exist_ok=True)
    onnx.save(model, os.path.join(case, "model.onnx"))
    for kind, values in (("input", inputs), ("output", outputs)):
        for i, (n, a) in enumerate(values):
            with open(os.path.join(data, "%s_%d.pb" % (kind, i)), "wb") as f:
                f.write(numpy_helper.from_array(a, n).SerializeToString())


def f32(*values):
    return np.array(values, dtype=np.float32)


def scalars(r, t):
    return [("R", np.array(r, dtype=np.float32)), ("T", np.array(t, dtype=np.int64))]


def adagrad_t3():
    attrs = dict(norm_coefficient=0.001, epsilon=1e-5, decay_factor=0.1)
    r, t, x, g, h = 0.1, 3, f32(1.0, -2.0), f32(-0.5, 3.0), f32(2.0, 1.0)
    x_new, h_new = apply_adagrad(np.float32(r), t, x, g, h, **attrs)
    write_case("onnx_adagrad_t3", "Adagrad",
               scalars(r, t) + [("X", x), ("G", g), ("H", h)],
               [("X_new", x_new.astype(np.float32)),
                ("H_new", h_new.astype(np.float32))], attrs)


def momentum_t2(nesterov):
    attrs = dict(norm_coefficient=0.01, alpha=0.9, beta=0.3)
    r, t, x, g, v = 0.1, 2, f32(1.2, 2.8), f32(-0.94, -2.5), f32(1.7, 3.6)
    apply = apply_nesterov if nesterov else apply_momentum
    x_new, v_new = apply(np.float32(r), t, x, g, v, **attrs)
    mode = "nesterov" if nesterov else "standard"
    write_case("onnx_%s_momentum_t2" % mode, "Momentum",
               scalars(r, t) + [("X", x), ("G", g), ("V", v)],
               [("X_new", x_new.astype(np.float32)),
                ("V_new", v_new.astype(np.float32))], dict(attrs, mode=mode))


def adam_t3():
    attrs = dict(norm_coefficient=0.001, norm_coefficient_post=0.02,
                 alpha=0.9, beta=0.95, epsilon=1e-4)
    r, t = 0.1, 3
    x, g, v, h = f32(1.2, 2.8), f32(-0.94, -2.5), f32(1.7, 3.6), f32(0.1, 0.1)
    x_new, v_new, h_new = apply_adam(np.float32(r), t, x, g, v, h, **attrs)
    write_case("onnx_adam_t3", "Adam",
               scalars(r, t) + [("X", x), ("G", g), ("V", v), ("H", h)],
               [("X_new", x_new.astype(np.float32)),
                ("V_new", v_new.astype(np.float32)),
                ("H_new", h_new.astype(np.float32))], attrs)


if __name__ == "__main__":
    adagrad_t3()
    momentum_t2(nesterov=False)
    momentum_t2(nesterov=True)
    adam_t3()
