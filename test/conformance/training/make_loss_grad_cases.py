#!/usr/bin/python3
"""Writes gradient cases of ONNX's class-index losses (loss_grad_*/).

Each case is an ONNX backend-test dir whose float initializer W scales the
scores (s = x * W) before SoftmaxCrossEntropyLoss or
NegativeLogLikelihoodLoss, plus the reference gradient that
`dlc-run --grads` checks:

  grads/cotangent_0.pb   a random cotangent c, shaped like the loss
  grads/W.pb             d sum(c * loss) / dW

The forward output and the gradient come from PyTorch (F.cross_entropy,
F.nll_loss with weight, ignore_index and reduction; autograd in float64),
independent of dlc. Needs Debian's python3-torch; the build and CI use the
committed cases:

  /usr/bin/python3 test/conformance/training/make_loss_grad_cases.py
"""
import os

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))


def save(path, array, name):
    with open(path, "wb") as f:
        f.write(numpy_helper.from_array(array, name).SerializeToString())


def write_case(name, op, shape, labels, reduction, weights=None,
               ignore_index=None, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape).astype(np.float32)
    w_param = (rng.standard_normal(shape) + 1.5).astype(np.float32)
    attrs = {"reduction": reduction}
    if ignore_index is not None:
        attrs["ignore_index"] = ignore_index
    loss_inputs = ["s", "y"] + (["w"] if weights is not None else [])
    nodes = [helper.make_node("Mul", ["x", "W"], ["s"]),
             helper.make_node(op, loss_inputs, ["loss"], **attrs)]
    inits = [numpy_helper.from_array(w_param, "W"),
             numpy_helper.from_array(labels, "y")]
    if weights is not None:
        inits.append(numpy_helper.from_array(weights, "w"))

    # Reference: torch in float64 from the stored float32 values.
    W = torch.tensor(w_param, dtype=torch.float64, requires_grad=True)
    s = torch.tensor(x, dtype=torch.float64) * W
    kwargs = dict(reduction=reduction, ignore_index=(
        ignore_index if ignore_index is not None else -100))
    if weights is not None:
        kwargs["weight"] = torch.tensor(weights, dtype=torch.float64)
    target = torch.tensor(labels)
    if op == "SoftmaxCrossEntropyLoss":
        loss = F.cross_entropy(s, target, **kwargs)
    else:
        loss = F.nll_loss(s, target, **kwargs)
    cot = rng.standard_normal(tuple(loss.shape)).astype(np.float32)
    (loss * torch.tensor(cot, dtype=torch.float64)).sum().backward()

    out_shape = list(loss.shape)
    graph = helper.make_graph(
        nodes, name, [helper.make_tensor_value_info("x", TensorProto.FLOAT, shape)],
        [helper.make_tensor_value_info("loss", TensorProto.FLOAT, out_shape)],
        initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    case = os.path.join(HERE, name)
    os.makedirs(os.path.join(case, "test_data_set_0"), exist_ok=True)
    os.makedirs(os.path.join(case, "grads"), exist_ok=True)
    onnx.save(model, os.path.join(case, "model.onnx"))
    save(os.path.join(case, "test_data_set_0", "input_0.pb"), x, "x")
    save(os.path.join(case, "test_data_set_0", "output_0.pb"),
         loss.detach().numpy().astype(np.float32), "loss")
    save(os.path.join(case, "grads", "cotangent_0.pb"), cot, "cotangent_0")
    save(os.path.join(case, "grads", "W.pb"),
         W.grad.numpy().astype(np.float32), "W")


if __name__ == "__main__":
    weights = np.array([0.5, 1.0, 2.0, 1.5, 0.7], dtype=np.float32)
    labels_3d = np.array([[0, 1], [1, 4], [3, 1]], dtype=np.int64)
    write_case("loss_grad_sce_mean_weight_ii", "SoftmaxCrossEntropyLoss",
               [3, 5, 2], labels_3d, "mean", weights=weights, ignore_index=1)
    write_case("loss_grad_sce_none_2d", "SoftmaxCrossEntropyLoss", [4, 5],
               np.array([2, 0, 4, 1], dtype=np.int64), "none", seed=1)
    write_case("loss_grad_nll_sum_weight", "NegativeLogLikelihoodLoss",
               [3, 5, 2], labels_3d, "sum", weights=weights, seed=2)
