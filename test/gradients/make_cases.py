#!/usr/bin/env python3
"""Writes the gradient test cases under test/gradients/ (one dir per case).

Each case is an ONNX backend-test dir plus reference gradients:

  model.onnx                      random float initializers are the parameters
  test_data_set_0/input_K.pb      the graph inputs
  test_data_set_0/output_0.pb     the forward output (checks the ONNX->torch
                                  mapping below against dlc's forward)
  grads/cotangent_0.pb            a random cotangent c, shaped like output 0
  grads/<initializer>.pb          d sum(c * output_0) / d initializer

The references come from PyTorch autograd (float64, from the float32 values
stored in the case), an implementation independent of dlc's gradient rules.
Each case writes its model with onnx.helper and the same computation as torch
functions; the forward output in output_0.pb lets `dlc-run --grads` tell a
mapping mistake here (forward FAIL) from a wrong gradient rule.

Run in the peers venv (`scripts/python-env.sh peers`: torch 2.15, onnx
1.23; not needed by the build or CI, which use the committed cases; the
older cases were written with Debian's torch 1.13 and onnx 1.12):

  $(scripts/python-env.sh peers)/bin/python test/gradients/make_cases.py \
      [OUT_DIR [CASE...]]
"""

import os
import shutil
import sys
import zlib

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import TensorProto, helper, numpy_helper

OPSET = 13
CASES = {}


def case(fn):
    """Registers a case builder under its function name."""
    CASES[fn.__name__] = fn
    return fn


class Case:
    """What a builder returns: ONNX nodes and the same computation in torch."""

    def __init__(self, rng):
        self.rng = rng
        self.nodes = []
        self.inputs = {}   # graph input name -> np array
        self.params = {}   # float initializer (differentiated) -> np array
        self.consts = {}   # other initializers (int64 shapes, ...) -> array
        self.forward = None  # (inputs, params as float64 tensors) -> tensor
        self.opset = OPSET   # raised by cases of newer ops

    def normal(self, *shape, scale=1.0):
        return (self.rng.standard_normal(shape) * scale).astype(np.float32)

    def uniform(self, lo, hi, *shape):
        return self.rng.uniform(lo, hi, shape).astype(np.float32)

    def away_from_zero(self, *shape, lo=0.3, hi=2.0):
        """Values with |v| in [lo, hi]: keeps Relu/Abs/... off their kinks."""
        sign = np.where(self.rng.random(shape) < 0.5, -1.0, 1.0)
        return (sign * self.rng.uniform(lo, hi, shape)).astype(np.float32)

    def node(self, op, ins, outs, **attrs):
        self.nodes.append(helper.make_node(op, ins, outs, name=outs[0] + "_" + op, **attrs))


# ---------------------------------------------------------------- unary ---

def unary(rng, op, torch_fn, target, **attrs):
    """Y = Op(X + W): W is a bias whose sum with X lands on `target` values
    (the op's domain, away from kinks), so dY/dW is the op's own rule."""
    c = Case(rng)
    x = c.normal(2, 3, 4)
    c.inputs["X"] = x
    c.params["W"] = (target(c, (2, 3, 4)) - x).astype(np.float32)
    c.node("Add", ["X", "W"], ["T"])
    c.node(op, ["T"], ["Y"], **attrs)
    c.forward = lambda i, p: torch_fn(i["X"] + p["W"])
    return c


def anywhere(c, shape):
    return c.away_from_zero(*shape, lo=0.2, hi=2.0)


def positive(c, shape):
    return c.uniform(0.5, 2.0, *shape)


@case
def gelu(rng):
    """Gelu (opset 20), the exact form: x * Phi(x)."""
    c = unary(rng, "Gelu", F.gelu, anywhere)
    c.opset = 20
    return c


@case
def gelu_tanh(rng):
    """Gelu (opset 20) with approximate = "tanh"."""
    c = unary(rng, "Gelu", lambda t: F.gelu(t, approximate="tanh"), anywhere,
              approximate="tanh")
    c.opset = 20
    return c


@case
def mish(rng):
    """Mish (opset 18): x * tanh(softplus(x))."""
    c = unary(rng, "Mish", lambda t: t * torch.tanh(F.softplus(t)), anywhere)
    c.opset = 18
    return c


@case
def relu(rng):
    return unary(rng, "Relu", torch.relu, anywhere)


@case
def softsign(rng):
    return unary(rng, "Softsign", F.softsign, anywhere)


@case
def thresholded_relu(rng):
    """The kink at alpha = 0.1 lies 0.1 or more from every value."""
    return unary(rng, "ThresholdedRelu", lambda t: F.threshold(t, 0.1, 0.0),
                 anywhere, alpha=0.1)


@case
def shrink(rng):
    """Soft shrinkage (bias = lambd = 0.1; kinks 0.1 or more away)."""
    return unary(rng, "Shrink", lambda t: F.softshrink(t, 0.1), anywhere,
                 lambd=0.1, bias=0.1)


@case
def leaky_relu(rng):
    return unary(rng, "LeakyRelu", lambda t: F.leaky_relu(t, 0.1), anywhere, alpha=0.1)


@case
def sigmoid(rng):
    return unary(rng, "Sigmoid", torch.sigmoid, anywhere)


@case
def tanh(rng):
    return unary(rng, "Tanh", torch.tanh, anywhere)


@case
def softplus(rng):
    return unary(rng, "Softplus", lambda t: torch.log(torch.exp(t) + 1), anywhere)


@case
def exp(rng):
    return unary(rng, "Exp", torch.exp, anywhere)


@case
def log(rng):
    return unary(rng, "Log", torch.log, positive)


@case
def neg(rng):
    return unary(rng, "Neg", torch.neg, anywhere)


@case
def sqrt(rng):
    return unary(rng, "Sqrt", torch.sqrt, positive)


@case
def abs(rng):
    return unary(rng, "Abs", torch.abs, anywhere)


@case
def reciprocal(rng):
    return unary(rng, "Reciprocal", torch.reciprocal,
                 lambda c, s: c.away_from_zero(*s, lo=0.5, hi=2.0))


@case
def erf(rng):
    return unary(rng, "Erf", torch.erf, anywhere)


def inside(lo, hi):
    """A target drawing values from (lo, hi): an inverse function's domain."""
    return lambda c, shape: c.uniform(lo, hi, *shape)


@case
def sin(rng):
    return unary(rng, "Sin", torch.sin, anywhere)


@case
def cos(rng):
    return unary(rng, "Cos", torch.cos, anywhere)


@case
def tan(rng):
    return unary(rng, "Tan", torch.tan, inside(-1.2, 1.2))


@case
def asin(rng):
    return unary(rng, "Asin", torch.asin, inside(-0.8, 0.8))


@case
def acos(rng):
    return unary(rng, "Acos", torch.acos, inside(-0.8, 0.8))


@case
def atan(rng):
    return unary(rng, "Atan", torch.atan, anywhere)


@case
def sinh(rng):
    return unary(rng, "Sinh", torch.sinh, anywhere)


@case
def cosh(rng):
    return unary(rng, "Cosh", torch.cosh, anywhere)


@case
def asinh(rng):
    return unary(rng, "Asinh", torch.asinh, anywhere)


@case
def acosh(rng):
    return unary(rng, "Acosh", torch.acosh, inside(1.2, 3.0))


@case
def atanh(rng):
    return unary(rng, "Atanh", torch.atanh, inside(-0.8, 0.8))


def bands(*intervals):
    """A target drawing |v| from the union of `intervals` (lo, hi), each
    sign equally likely: keeps piecewise ops off all their kinks."""
    def target(c, shape):
        pick = c.rng.integers(0, len(intervals), shape)
        mags = np.choose(pick, [c.uniform(lo, hi, *shape) for lo, hi in intervals])
        sign = np.where(c.rng.random(shape) < 0.5, -1.0, 1.0)
        return (sign * mags).astype(np.float32)
    return target


@case
def elu(rng):
    return unary(rng, "Elu", lambda t: F.elu(t, 0.7), anywhere, alpha=0.7)


@case
def selu(rng):
    return unary(rng, "Selu", F.selu, anywhere)


@case
def celu(rng):
    return unary(rng, "Celu", lambda t: F.celu(t, 1.5), anywhere, alpha=1.5)


@case
def hardsigmoid(rng):
    """alpha 0.5, beta 0.5: kinks at -1 and 1, values on both sides."""
    return unary(rng, "HardSigmoid", lambda t: torch.clamp(0.5 * t + 0.5, 0.0, 1.0),
                 bands((0.2, 0.8), (1.2, 2.0)), alpha=0.5, beta=0.5)


@case
def hardswish(rng):
    c = unary(rng, "HardSwish", F.hardswish, bands((0.2, 2.5), (3.5, 5.0)))
    c.opset = 14
    return c


@case
def clip(rng):
    """Y = Clip(X + W, lo, hi) with the bounds parameters too."""
    c = unary(rng, "Clip", None, bands((0.1, 0.4), (0.6, 0.8), (1.0, 2.0)))
    c.params["lo"] = np.array(-0.5, dtype=np.float32)
    c.params["hi"] = np.array(0.9, dtype=np.float32)
    c.nodes[-1].input.extend(["lo", "hi"])
    c.forward = lambda i, p: torch.clamp(i["X"] + p["W"], p["lo"], p["hi"])
    return c


@case
def prelu(rng):
    """Y = PRelu(X + W, slope) with a slope [3, 1] broadcast over [2, 3, 4]."""
    c = unary(rng, "PRelu", None, anywhere)
    c.params["slope"] = c.uniform(0.1, 0.9, 3, 1)
    c.nodes[-1].input.append("slope")
    c.forward = lambda i, p: torch.where(i["X"] + p["W"] >= 0, i["X"] + p["W"],
                                         p["slope"] * (i["X"] + p["W"]))
    return c


# --------------------------------------------------------------- binary ---

def binary(rng, op, torch_fn):
    """T = Op(A, X), Y = Op(T, B): a broadcast parameter on each side
    (A [3,1] and B [4] against X [2,3,4]), so both operand rules and the
    reduction over broadcast dimensions are checked."""
    c = Case(rng)
    c.inputs["X"] = c.away_from_zero(2, 3, 4, lo=0.5, hi=2.0)
    c.params["A"] = c.away_from_zero(3, 1, lo=0.5, hi=2.0)
    c.params["B"] = c.away_from_zero(4, lo=0.5, hi=2.0)
    c.node(op, ["A", "X"], ["T"])
    c.node(op, ["T", "B"], ["Y"])
    c.forward = lambda i, p: torch_fn(torch_fn(p["A"], i["X"]), p["B"])
    return c


@case
def add_broadcast(rng):
    return binary(rng, "Add", torch.add)


@case
def sub_broadcast(rng):
    return binary(rng, "Sub", torch.sub)


@case
def mul_broadcast(rng):
    return binary(rng, "Mul", torch.mul)


@case
def div_broadcast(rng):
    return binary(rng, "Div", torch.div)


@case
def max_broadcast(rng):
    """Max: the larger operand takes the gradient (no ties in random data)."""
    return binary(rng, "Max", torch.maximum)


@case
def min_broadcast(rng):
    return binary(rng, "Min", torch.minimum)


@case
def where_broadcast(rng):
    """Y = Where(C, A * X, B): a constant condition [2,3,4]; the gradient
    goes to A * X where C holds and to B [4] (broadcast) elsewhere."""
    c = Case(rng)
    c.inputs["X"] = c.normal(2, 3, 4)
    c.params["A"] = c.normal(3, 1)
    c.params["B"] = c.normal(4)
    c.consts["C"] = rng.random((2, 3, 4)) < 0.5
    c.node("Mul", ["A", "X"], ["T"])
    c.node("Where", ["C", "T", "B"], ["Y"])
    cond = torch.from_numpy(c.consts["C"])
    c.forward = lambda i, p: torch.where(cond, p["A"] * i["X"], p["B"])
    return c


@case
def pow_broadcast(rng):
    """Y = Pow(X + W, E): a positive base and an exponent E [4] broadcast
    over it, both parameters."""
    c = unary(rng, "Pow", None, positive)
    c.params["E"] = c.uniform(-1.5, 2.5, 4)
    c.nodes[-1].input.append("E")
    c.forward = lambda i, p: torch.pow(i["X"] + p["W"], p["E"])
    return c


# --------------------------------------------------------- matmul, gemm ---

@case
def matmul_2d(rng):
    """Y = A @ (X @ B): a parameter on each side."""
    c = Case(rng)
    c.inputs["X"] = c.normal(3, 4)
    c.params["A"] = c.normal(2, 3)
    c.params["B"] = c.normal(4, 5)
    c.node("MatMul", ["X", "B"], ["T"])
    c.node("MatMul", ["A", "T"], ["Y"])
    c.forward = lambda i, p: p["A"] @ (i["X"] @ p["B"])
    return c


@case
def matmul_batched(rng):
    """T = X[2,3,4] @ B[4,5] (B broadcast over the batch), Y = A[2,2,3] @ T."""
    c = Case(rng)
    c.inputs["X"] = c.normal(2, 3, 4)
    c.params["A"] = c.normal(2, 2, 3)
    c.params["B"] = c.normal(4, 5)
    c.node("MatMul", ["X", "B"], ["T"])
    c.node("MatMul", ["A", "T"], ["Y"])
    c.forward = lambda i, p: torch.matmul(p["A"], torch.matmul(i["X"], p["B"]))
    return c


def gemm(rng, a_shape, b_shape, c_shape, param_a, trans_a, trans_b, alpha, beta):
    c = Case(rng)
    a_name, b_name = ("W", "X") if param_a else ("X", "W")
    (c.params if param_a else c.inputs)[a_name] = c.normal(*a_shape)
    (c.inputs if param_a else c.params)[b_name] = c.normal(*b_shape)
    c.params["C"] = c.normal(*c_shape)
    c.node("Gemm", [a_name, b_name, "C"], ["Y"],
           transA=trans_a, transB=trans_b, alpha=alpha, beta=beta)

    def fwd(i, p):
        values = {**i, **p}
        a, b = values[a_name], values[b_name]
        a = a.T if trans_a else a
        b = b.T if trans_b else b
        return alpha * (a @ b) + beta * p["C"]
    c.forward = fwd
    return c


@case
def gemm_default(rng):
    """Y = X[3,4] @ W[4,5] + C[5]."""
    return gemm(rng, (3, 4), (4, 5), (5,), False, 0, 0, 1.0, 1.0)


@case
def gemm_transb_alpha_beta(rng):
    """Y = 0.5 X[3,4] @ W[5,4]^T + 2 C[1,5] (the PyTorch Linear layout)."""
    return gemm(rng, (3, 4), (5, 4), (1, 5), False, 0, 1, 0.5, 2.0)


@case
def gemm_transa(rng):
    """Y = 1.5 W[4,3]^T @ X[4,5] + 0.7 C[3,1]: the parameter is A."""
    return gemm(rng, (4, 3), (4, 5), (3, 1), True, 1, 0, 1.5, 0.7)


# ----------------------------------------------------------------- conv ---

def conv(rng, x_shape, w_shape, pads, strides, dilations, group, bias):
    c = Case(rng)
    c.inputs["X"] = c.normal(*x_shape)
    c.params["W"] = c.normal(*w_shape, scale=0.5)
    ins = ["X", "W"]
    if bias:
        c.params["B"] = c.normal(w_shape[0])
        ins.append("B")
    c.node("Conv", ins, ["Y"], kernel_shape=list(w_shape[2:]), pads=pads,
           strides=strides, dilations=dilations, group=group)

    def fwd(i, p):
        # ONNX pads are [h_begin, w_begin, h_end, w_end]; F.pad wants
        # (w_begin, w_end, h_begin, h_end).
        x = F.pad(i["X"], (pads[1], pads[3], pads[0], pads[2]))
        return F.conv2d(x, p["W"], p.get("B"), stride=strides,
                        dilation=dilations, groups=group)
    c.forward = fwd
    return c


@case
def conv_pads_bias(rng):
    return conv(rng, (2, 2, 5, 5), (3, 2, 3, 3), [1, 1, 1, 1], [1, 1], [1, 1], 1, True)


@case
def conv_strides_dilations(rng):
    """Asymmetric pads, stride 2, dilation 2, no bias."""
    return conv(rng, (1, 2, 7, 6), (2, 2, 2, 3), [1, 0, 0, 2], [2, 2], [2, 2], 1, False)


@case
def conv_groups(rng):
    return conv(rng, (1, 4, 5, 5), (6, 2, 3, 3), [0, 1, 0, 1], [1, 2], [1, 1], 2, True)


@case
def conv_depthwise(rng):
    return conv(rng, (1, 3, 4, 4), (3, 1, 3, 3), [1, 1, 1, 1], [1, 1], [1, 1], 3, True)


# ------------------------------------------------------- conv_transpose ---

def conv_transpose_case(rng, x_shape, w_shape, group, bias, torch_fn,
                        **attrs):
    """Y = ConvTranspose(X + D, W[, B]): D makes the input's gradient (the
    forward conv of the result's) checked as well as the weight's."""
    c = Case(rng)
    c.inputs["X"] = c.normal(*x_shape)
    c.params["D"] = c.normal(*x_shape, scale=0.5)
    c.params["W"] = c.normal(*w_shape, scale=0.5)
    ins = ["T", "W"]
    if bias:
        c.params["B"] = c.normal(w_shape[1] * group)
        ins.append("B")
    c.node("Add", ["X", "D"], ["T"])
    c.node("ConvTranspose", ins, ["Y"], group=group, **attrs)
    c.forward = lambda i, p: torch_fn(i["X"] + p["D"], p["W"], p.get("B"))
    return c


@case
def conv_transpose(rng):
    """2-D, pads 1, bias."""
    return conv_transpose_case(
        rng, (2, 3, 4, 4), (3, 2, 3, 3), 1, True,
        lambda t, w, b: F.conv_transpose2d(t, w, b, padding=1),
        kernel_shape=[3, 3], pads=[1, 1, 1, 1])


@case
def conv_transpose_strided_groups(rng):
    """2-D, two groups, strides 2x3, dilations 2x1, output_padding 1x2."""
    return conv_transpose_case(
        rng, (1, 4, 3, 4), (4, 3, 3, 2), 2, True,
        lambda t, w, b: F.conv_transpose2d(
            t, w, b, stride=(2, 3), padding=(1, 0), output_padding=(1, 2),
            groups=2, dilation=(2, 1)),
        strides=[2, 3], dilations=[2, 1], pads=[1, 0, 1, 0],
        output_padding=[1, 2])


@case
def conv_transpose1d_output_shape(rng):
    """1-D, dilation 2, output_shape 2 past the full extent 4+4+1 = 9: the
    pads come out -1 and -1, a zero at either end (a dlc.pad)."""
    return conv_transpose_case(
        rng, (2, 2, 5), (2, 3, 3), 1, False,
        lambda t, w, b: F.pad(F.conv_transpose1d(t, w, dilation=2), (1, 1)),
        dilations=[2], output_shape=[11])


# -------------------------------------------------------------- pooling ---

def spaced(c, shape, spacing=0.1):
    """Distinct values at least `spacing` apart: no ties in a max window."""
    n = int(np.prod(shape))
    values = (np.arange(n) - n / 2) * spacing
    return c.rng.permutation(values).reshape(shape).astype(np.float32)


def pool_case(rng, op, x_shape, torch_fn, distinct=False, **attrs):
    """Y = Pool(X + W)."""
    c = Case(rng)
    x = c.normal(*x_shape)
    c.inputs["X"] = x
    target = spaced(c, x_shape) if distinct else c.normal(*x_shape)
    c.params["W"] = (target - x).astype(np.float32)
    c.node("Add", ["X", "W"], ["T"])
    c.node(op, ["T"], ["Y"], **attrs)
    c.forward = lambda i, p: torch_fn(i["X"] + p["W"])
    return c


@case
def maxpool_2x2(rng):
    return pool_case(rng, "MaxPool", (1, 2, 4, 6),
                     lambda t: F.max_pool2d(t, 2, 2), distinct=True,
                     kernel_shape=[2, 2], strides=[2, 2])


@case
def maxpool_overlapping_pads(rng):
    """3x3 windows, stride 1, pads 1: an element is the max of several."""
    return pool_case(rng, "MaxPool", (1, 2, 4, 4),
                     lambda t: F.max_pool2d(t, 3, 1, padding=1), distinct=True,
                     kernel_shape=[3, 3], strides=[1, 1], pads=[1, 1, 1, 1])


@case
def averagepool_pads(rng):
    """count_include_pad=0: border windows divide by their real elements."""
    return pool_case(rng, "AveragePool", (1, 2, 5, 5),
                     lambda t: F.avg_pool2d(t, 3, 2, padding=1, count_include_pad=False),
                     kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1])


@case
def averagepool_count_include_pad(rng):
    return pool_case(rng, "AveragePool", (1, 2, 5, 5),
                     lambda t: F.avg_pool2d(t, 3, 2, padding=1, count_include_pad=True),
                     kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1],
                     count_include_pad=1)


@case
def globalaveragepool(rng):
    return pool_case(rng, "GlobalAveragePool", (2, 3, 3, 4),
                     lambda t: t.mean(dim=(2, 3), keepdim=True))


# -------------------------------------------------------------- softmax ---

@case
def softmax_axis1(rng):
    """Softmax over a middle axis (opset 13: one axis, not a flattened 2-D)."""
    return pool_case(rng, "Softmax", (2, 3, 4), lambda t: torch.softmax(t, 1), axis=1)


@case
def logsoftmax(rng):
    return pool_case(rng, "LogSoftmax", (3, 5), lambda t: torch.log_softmax(t, -1), axis=-1)


# -------------------------------------------------------- tensor layout ---

def layout_case(rng, w_shape, build, torch_fn):
    """Y = Op(W) + X: the cotangent reaches W only through the op."""
    c = Case(rng)
    c.params["W"] = c.normal(*w_shape)
    build(c)
    out = torch_fn(torch.from_numpy(c.params["W"]).double(), c)
    c.inputs["X"] = c.normal(*out.shape)
    c.node("Add", ["T", "X"], ["Y"])
    c.forward = lambda i, p: torch_fn(p["W"], c) + i["X"]
    return c


@case
def reshape(rng):
    def build(c):
        c.consts["shape"] = np.array([3, -1, 2], dtype=np.int64)
        c.node("Reshape", ["W", "shape"], ["T"])
    return layout_case(rng, (2, 6, 2), build, lambda w, c: w.reshape(3, -1, 2))


@case
def flatten(rng):
    return layout_case(rng, (2, 3, 2, 2),
                       lambda c: c.node("Flatten", ["W"], ["T"], axis=2),
                       lambda w, c: w.reshape(6, 4))


@case
def transpose(rng):
    return layout_case(rng, (2, 3, 4),
                       lambda c: c.node("Transpose", ["W"], ["T"], perm=[2, 0, 1]),
                       lambda w, c: w.permute(2, 0, 1))


@case
def slice(rng):
    """Rows 1..3, every second column counted from the end, negative step."""
    def build(c):
        c.consts["starts"] = np.array([1, -1], dtype=np.int64)
        c.consts["ends"] = np.array([4, -7], dtype=np.int64)
        c.consts["axes"] = np.array([0, 1], dtype=np.int64)
        c.consts["steps"] = np.array([1, -2], dtype=np.int64)
        c.node("Slice", ["W", "starts", "ends", "axes", "steps"], ["T"])
    return layout_case(rng, (5, 6), build, lambda w, c: w[1:4].flip(1)[:, ::2])


@case
def expand(rng):
    def build(c):
        c.consts["shape"] = np.array([2, 3, 4], dtype=np.int64)
        c.node("Expand", ["W", "shape"], ["T"])
    return layout_case(rng, (3, 1), build, lambda w, c: w.expand(2, 3, 4))


@case
def pad(rng):
    def build(c):
        c.consts["pads"] = np.array([1, 2, 0, 1], dtype=np.int64)
        c.node("Pad", ["W", "pads"], ["T"], mode="constant")
    return layout_case(rng, (3, 4), build, lambda w, c: F.pad(w, (2, 1, 1, 0)))


@case
def concat(rng):
    """Y = Concat(A, X, B) on axis 1."""
    c = Case(rng)
    c.params["A"] = c.normal(2, 2, 3)
    c.inputs["X"] = c.normal(2, 1, 3)
    c.params["B"] = c.normal(2, 3, 3)
    c.node("Concat", ["A", "X", "B"], ["Y"], axis=1)
    c.forward = lambda i, p: torch.cat([p["A"], i["X"], p["B"]], 1)
    return c


@case
def gather(rng):
    """Rows of W picked by a runtime index input, one of them twice."""
    c = Case(rng)
    c.params["W"] = c.normal(5, 3)
    c.inputs["I"] = np.array([[3, 0], [3, 4]], dtype=np.int64)
    c.node("Gather", ["W", "I"], ["Y"], axis=0)
    c.forward = lambda i, p: p["W"][i["I"]]
    return c


@case
def gather_axis1(rng):
    c = Case(rng)
    c.params["W"] = c.normal(2, 4, 3)
    c.consts["I"] = np.array([1, 1, 3], dtype=np.int64)
    c.inputs["X"] = c.normal(2, 3, 3)
    c.node("Gather", ["W", "I"], ["T"], axis=1)
    c.node("Add", ["T", "X"], ["Y"])
    c.forward = lambda i, p: p["W"][:, [1, 1, 3]] + i["X"]
    return c


@case
def gather_elements(rng):
    """W[i, I[i, j]] along axis 1, with a repeated and a negative index."""
    c = Case(rng)
    c.params["W"] = c.normal(3, 4)
    idx = np.array([[0, 3, 3], [-1, 1, 2], [2, 2, 0]], dtype=np.int64)
    c.inputs["I"] = idx
    c.node("GatherElements", ["W", "I"], ["Y"], axis=1)
    c.forward = lambda i, p: torch.gather(p["W"], 1, i["I"] % 4)
    return c


@case
def scatter_elements(rng):
    """W with rows of U written (axis 0, distinct targets per column) and
    a scatter-add of V: both the kept and the overwritten elements of W."""
    c = Case(rng)
    c.params["W"] = c.normal(4, 3)
    c.params["U"] = c.normal(2, 3)
    c.params["V"] = c.normal(2, 3)
    idx = np.array([[1, 0, 3], [2, 3, 0]], dtype=np.int64)
    c.consts["I"] = idx
    c.node("ScatterElements", ["W", "I", "U"], ["T"], axis=0)
    c.node("ScatterElements", ["T", "I", "V"], ["Y"], axis=0,
           reduction="add")
    c.opset = max(c.opset, 16)
    ti = torch.from_numpy(idx)
    c.forward = lambda i, p: torch.scatter_add(
        torch.scatter(p["W"], 0, ti, p["U"]), 0, ti, p["V"])
    return c


@case
def tile(rng):
    c = Case(rng)
    c.params["W"] = c.normal(2, 3)
    c.consts["R"] = np.array([2, 3], dtype=np.int64)
    c.node("Tile", ["W", "R"], ["Y"])
    c.forward = lambda i, p: p["W"].repeat(2, 3)
    return c


@case
def depth_to_space(rng):
    """CRD mode, then back with SpaceToDepth (DCR-ordered) times an input."""
    c = Case(rng)
    c.params["W"] = c.normal(1, 8, 2, 3)
    c.inputs["X"] = c.normal(1, 8, 2, 3)
    c.node("DepthToSpace", ["W"], ["T"], blocksize=2, mode="CRD")
    c.node("SpaceToDepth", ["T"], ["S"], blocksize=2)
    c.node("Mul", ["S", "X"], ["Y"])

    def forward(i, p):
        t = F.pixel_shuffle(p["W"], 2)                   # CRD order
        n, ch, h, w = t.shape                            # SpaceToDepth
        s = t.reshape(n, ch, h // 2, 2, w // 2, 2).permute(0, 3, 5, 1, 2, 4)
        return s.reshape(n, ch * 4, h // 2, w // 2) * i["X"]
    c.forward = forward
    return c


@case
def reduce_prod(rng):
    c = Case(rng)
    c.params["W"] = c.away_from_zero(2, 3, 4, lo=0.5, hi=1.5)
    c.node("ReduceProd", ["W"], ["Y"], axes=[1], keepdims=0)
    c.forward = lambda i, p: torch.prod(p["W"], 1)
    return c


@case
def cumsum_reverse_exclusive(rng):
    """Along axis 1 of [2, 5, 3], from the end, leaving each element out."""
    c = Case(rng)
    c.params["W"] = c.normal(2, 5, 3)
    c.consts["A"] = np.array(1, dtype=np.int64)
    c.node("CumSum", ["W", "A"], ["Y"], exclusive=1, reverse=1)

    def forward(i, p):
        flipped = torch.flip(p["W"], [1])
        return torch.flip(torch.cumsum(flipped, 1) - flipped, [1])
    c.forward = forward
    return c


@case
def cumprod_exclusive(rng):
    """CumProd (opset 26) along axis 1 of [2, 4, 3], leaving each element
    out: a running product of values away from 0 (its gradient is y / x)."""
    c = Case(rng)
    c.opset = 26
    c.params["W"] = c.away_from_zero(2, 4, 3, lo=0.5, hi=1.5)
    c.consts["A"] = np.array(1, dtype=np.int64)
    c.node("CumProd", ["W", "A"], ["Y"], exclusive=1)

    def forward(i, p):
        ones = torch.ones_like(p["W"][:, :1])
        return torch.cumprod(torch.cat([ones, p["W"][:, :-1]], 1), 1)
    c.forward = forward
    return c


def recurrent_case(rng, op, gates, step, cell=False, **attrs):
    """One layer, 3 steps, batch 2, input 4, hidden 3, with W, R, B and
    initial_h (and initial_c with `cell`) trained; `step(x_t, state, W, R,
    Wb, Rb)` is the ONNX spec's cell written in torch (the gates in ONNX
    order), the reference; it returns the new state, h first."""
    c = Case(rng)
    hidden = 3
    c.inputs["X"] = c.normal(3, 2, 4)
    c.params["W"] = c.normal(1, gates * hidden, 4, scale=0.5)
    c.params["R"] = c.normal(1, gates * hidden, hidden, scale=0.5)
    c.params["B"] = c.normal(1, 2 * gates * hidden, scale=0.5)
    c.params["H0"] = c.normal(1, 2, hidden, scale=0.5)
    inputs = ["X", "W", "R", "B", "", "H0"]
    if cell:
        c.params["C0"] = c.normal(1, 2, hidden, scale=0.5)
        inputs.append("C0")
    c.node(op, inputs, ["Y"], hidden_size=hidden, **attrs)

    def forward(i, p):
        w, r = p["W"][0], p["R"][0]
        wb, rb = p["B"][0].split(gates * hidden)
        state = (p["H0"][0], p["C0"][0]) if cell else (p["H0"][0],)
        ys = []
        for t in range(3):
            state = step(i["X"][t], state, w, r, wb, rb)
            ys.append(state[0])
        return torch.stack(ys).unsqueeze(1)
    c.forward = forward
    return c


@case
def gru(rng):
    """GRU with linear_before_reset (PyTorch's form of the cell)."""
    def step(x, state, w, r, wb, rb):
        h = state[0]
        xz, xr, xh = (x @ w.T + wb).chunk(3, -1)
        hz, hr, hh = (h @ r.T + rb).chunk(3, -1)
        z, rr = torch.sigmoid(xz + hz), torch.sigmoid(xr + hr)
        n = torch.tanh(xh + rr * hh)
        return ((1 - z) * n + z * h,)
    return recurrent_case(rng, "GRU", 3, step, linear_before_reset=1)


@case
def rnn_tanh(rng):
    def step(x, state, w, r, wb, rb):
        return (torch.tanh(x @ w.T + wb + state[0] @ r.T + rb),)
    return recurrent_case(rng, "RNN", 1, step)


@case
def lstm(rng):
    """LSTM without peepholes: gates i, o, f, c in ONNX's order."""
    def step(x, state, w, r, wb, rb):
        h, cell = state
        gi, go, gf, gc = (x @ w.T + wb + h @ r.T + rb).chunk(4, -1)
        cell = torch.sigmoid(gf) * cell + torch.sigmoid(gi) * torch.tanh(gc)
        return (torch.sigmoid(go) * torch.tanh(cell), cell)
    return recurrent_case(rng, "LSTM", 4, step, cell=True)


@case
def gather_nd(rng):
    """Rows W[i, j, :] by index pairs, one pair twice and one negative."""
    c = Case(rng)
    c.params["W"] = c.normal(3, 4, 2)
    idx = np.array([[[0, 1], [2, 3]], [[0, 1], [-1, 0]]], dtype=np.int64)
    c.inputs["I"] = idx
    c.node("GatherND", ["W", "I"], ["Y"])
    c.forward = lambda i, p: p["W"][i["I"][..., 0] % 3, i["I"][..., 1] % 4]
    return c


@case
def scatter_nd(rng):
    """Rows 1 and 3 of W replaced by U, then V added at rows 3 and 0."""
    c = Case(rng)
    c.params["W"] = c.normal(4, 3)
    c.params["U"] = c.normal(2, 3)
    c.params["V"] = c.normal(2, 3)
    c.consts["I"] = np.array([[1], [3]], dtype=np.int64)
    c.consts["J"] = np.array([[3], [0]], dtype=np.int64)
    c.node("ScatterND", ["W", "I", "U"], ["T"])
    c.node("ScatterND", ["T", "J", "V"], ["Y"], reduction="add")
    c.opset = max(c.opset, 16)

    def forward(i, p):
        t = p["W"].clone()
        t[[1, 3]] = p["U"]
        return t.index_add(0, torch.tensor([3, 0]), p["V"])
    c.forward = forward
    return c


@case
def top_k(rng):
    """The 3 smallest of each row of W (distinct values: no ties)."""
    c = Case(rng)
    c.params["W"] = (rng.permutation(24).reshape(4, 6) * 0.25 - 3).astype(
        np.float32)
    c.consts["K"] = np.array([3], dtype=np.int64)
    c.node("TopK", ["W", "K"], ["Y", "I"], axis=1, largest=0)
    c.forward = lambda i, p: torch.topk(p["W"], 3, dim=1, largest=False)[0]
    return c


# ------------------------------------------- more forms of the same ops ---

@case
def matmul_broadcast_batch(rng):
    """A[2,1,3,4] @ B[3,4,5]: each operand is broadcast along a batch axis."""
    c = Case(rng)
    c.params["A"] = c.normal(2, 1, 3, 4)
    c.params["B"] = c.normal(3, 4, 5)
    c.inputs["X"] = c.normal(2, 3, 3, 5)
    c.node("MatMul", ["A", "B"], ["T"])
    c.node("Add", ["T", "X"], ["Y"])
    c.forward = lambda i, p: torch.matmul(p["A"], p["B"]) + i["X"]
    return c


@case
def conv1d_strides_dilations(rng):
    """1-D: pads 2/1, stride 2, dilation 2, bias."""
    c = Case(rng)
    c.inputs["X"] = c.normal(2, 3, 9)
    c.params["W"] = c.normal(4, 3, 3, scale=0.5)
    c.params["B"] = c.normal(4)
    c.node("Conv", ["X", "W", "B"], ["Y"], kernel_shape=[3], pads=[2, 1],
           strides=[2], dilations=[2])
    c.forward = lambda i, p: F.conv1d(F.pad(i["X"], (2, 1)), p["W"], p["B"],
                                      stride=2, dilation=2)
    return c


@case
def conv3d_groups(rng):
    """3-D, two groups, asymmetric pads [d, h, w begin, d, h, w end]."""
    c = Case(rng)
    c.inputs["X"] = c.normal(1, 4, 4, 4, 3)
    c.params["W"] = c.normal(2, 2, 2, 3, 2, scale=0.5)
    c.node("Conv", ["X", "W"], ["Y"], kernel_shape=[2, 3, 2],
           pads=[0, 1, 1, 1, 0, 0], group=2)
    c.forward = lambda i, p: F.conv3d(F.pad(i["X"], (1, 0, 1, 0, 0, 1)),
                                      p["W"], groups=2)
    return c


@case
def maxpool_ceil_dilations(rng):
    """ceil_mode: the last window overhangs the input; dilation 2."""
    return pool_case(rng, "MaxPool", (1, 2, 6, 6),
                     lambda t: F.max_pool2d(t, 2, 2, dilation=2, ceil_mode=True),
                     distinct=True, kernel_shape=[2, 2], strides=[2, 2],
                     dilations=[2, 2], ceil_mode=1)


@case
def averagepool_ceil(rng):
    """ceil_mode: the overhang of the last window is not counted."""
    return pool_case(rng, "AveragePool", (1, 2, 6, 6),
                     lambda t: F.avg_pool2d(t, 3, 2, ceil_mode=True,
                                            count_include_pad=False),
                     kernel_shape=[3, 3], strides=[2, 2], ceil_mode=1)


@case
def softmax_axis0(rng):
    return pool_case(rng, "Softmax", (3, 4), lambda t: torch.softmax(t, 0), axis=0)


@case
def logsoftmax_axis1(rng):
    return pool_case(rng, "LogSoftmax", (2, 3, 4),
                     lambda t: torch.log_softmax(t, 1), axis=1)


@case
def slice_steps(rng):
    """Every third row from 1; columns 6, 4, 2 (step -2)."""
    def build(c):
        c.consts["starts"] = np.array([1, 6], dtype=np.int64)
        c.consts["ends"] = np.array([8, 0], dtype=np.int64)
        c.consts["axes"] = np.array([0, 1], dtype=np.int64)
        c.consts["steps"] = np.array([3, -2], dtype=np.int64)
        c.node("Slice", ["W", "starts", "ends", "axes", "steps"], ["T"])
    return layout_case(rng, (8, 7), build, lambda w, c: w[1:8:3][:, [6, 4, 2]])


@case
def pad_crop(rng):
    """Negative pads crop: rows +1/-1, columns -1/+2."""
    def build(c):
        c.consts["pads"] = np.array([1, -1, -1, 2], dtype=np.int64)
        c.node("Pad", ["W", "pads"], ["T"], mode="constant")
    return layout_case(rng, (3, 4), build, lambda w, c: F.pad(w, (-1, 2, 1, -1)))


@case
def cast_double(rng):
    """Y = Cast(Cast(W, DOUBLE) * Cast(W, DOUBLE), FLOAT) + X."""
    c = Case(rng)
    c.params["W"] = c.normal(2, 3)
    c.inputs["X"] = c.normal(2, 3)
    c.node("Cast", ["W"], ["D"], to=TensorProto.DOUBLE)
    c.node("Mul", ["D", "D"], ["S"])
    c.node("Cast", ["S"], ["T"], to=TensorProto.FLOAT)
    c.node("Add", ["T", "X"], ["Y"])
    c.forward = lambda i, p: p["W"] * p["W"] + i["X"]
    return c


# ------------------------------------------------------------ batchnorm ---

@case
def batchnorm(rng):
    """Inference form: every one of scale, B, mean, var is a parameter."""
    c = Case(rng)
    c.inputs["X"] = c.normal(2, 3, 2, 3)
    c.params["scale"] = c.normal(3)
    c.params["B"] = c.normal(3)
    c.params["mean"] = c.normal(3, scale=0.3)
    c.params["var"] = c.uniform(0.5, 1.5, 3)
    c.node("BatchNormalization", ["X", "scale", "B", "mean", "var"], ["Y"], epsilon=1e-5)

    def fwd(i, p):
        shape = (1, 3, 1, 1)
        x = (i["X"] - p["mean"].reshape(shape)) / torch.sqrt(p["var"].reshape(shape) + 1e-5)
        return x * p["scale"].reshape(shape) + p["B"].reshape(shape)
    c.forward = fwd
    return c


def dcgan_block(rng, add_bn_params, bn_inputs, stats_are_state):
    """A DCGAN generator block as PyTorch exports it: ConvTranspose2d (no
    bias, 4x4, stride 2, pad 1), BatchNorm2d in eval mode, ReLU, at batch 2.
    add_bn_params(c) adds the batch norm's initializers, bn_inputs names its
    (scale, B, mean, var); with stats_are_state the references read mean
    and var detached (PyTorch's buffers), else they are parameters too."""
    c = Case(rng)
    c.inputs["X"] = c.normal(2, 4, 3, 3)
    c.params["W"] = c.normal(4, 3, 4, 4, scale=0.5)
    add_bn_params(c)
    c.node("ConvTranspose", ["X", "W"], ["T"], kernel_shape=[4, 4],
           strides=[2, 2], pads=[1, 1, 1, 1])
    c.node("BatchNormalization", ["T", *bn_inputs], ["N"], epsilon=1e-5)
    c.node("Relu", ["N"], ["Y"])

    def fwd(i, p):
        # Written out: torch's batch_norm differentiates no running stats.
        t = F.conv_transpose2d(i["X"], p["W"], stride=2, padding=1)
        scale, bias, mean, var = (p[k].reshape(1, 3, 1, 1) for k in bn_inputs)
        if stats_are_state:
            mean, var = mean.detach(), var.detach()
        n = (t - mean) / torch.sqrt(var + 1e-5)
        return torch.relu(n * scale + bias)
    c.forward = fwd
    return c


@case
def conv_transpose_bn_relu(rng):
    """The scale gradient sums over a batch whose images the ConvTranspose
    wrote; every input of the batch norm is a parameter."""
    def add(c):
        c.params["scale"] = c.normal(3)
        c.params["B"] = c.normal(3, scale=0.5)
        c.params["mean"] = c.normal(3, scale=0.3)
        c.params["var"] = c.uniform(0.5, 1.5, 3)
    return dcgan_block(rng, add, ["scale", "B", "mean", "var"], False)


@case
def conv_transpose_bn_shared_init(rng):
    """The block as torch.onnx exports a fresh BatchNorm2d in eval mode:
    initializers deduplicated by value, so one tensor of ones is the scale
    and the running variance, one of zeros the bias and the running mean.
    The running statistics are state: the references differentiate the
    scale and bias uses only. Summing the variance's term into the scale's
    gradient gave half of it."""
    def add(c):
        c.params["ones"] = np.ones(3, np.float32)
        c.params["zeros"] = np.zeros(3, np.float32)
    return dcgan_block(rng, add, ["ones", "zeros", "zeros", "ones"], True)


@case
def layer_norm(rng):
    """LayerNormalization over the last two axes (opset 17) of X + W, so
    that W's gradient is the input's; Scale and B are parameters too."""
    c = Case(rng)
    c.opset = 17
    c.inputs["X"] = c.normal(2, 3, 4)
    c.params["W"] = c.normal(3, 4, scale=0.5)
    c.params["scale"] = c.normal(3, 4)
    c.params["B"] = c.normal(3, 4)
    c.node("Add", ["X", "W"], ["T"])
    c.node("LayerNormalization", ["T", "scale", "B"], ["Y"], axis=1,
           epsilon=1e-5)
    c.forward = lambda i, p: F.layer_norm(i["X"] + p["W"], (3, 4), p["scale"],
                                          p["B"], eps=1e-5)
    return c


@case
def attention_chain(rng):
    """One causal self-attention head as exporters write it: Q, K, V
    projections of X [2, 5, 8], softmax(Q K^T / sqrt(8) + mask) V with an
    additive causal mask (0 / -30: masked out as exp(-30) is 1e-13, and
    small enough for --fd-grads' steps on the mask too), then an output
    projection."""
    c = Case(rng)
    c.inputs["X"] = c.normal(2, 5, 8)
    for w in ("Wq", "Wk", "Wv", "Wo"):
        c.params[w] = c.normal(8, 8, scale=0.4)
    mask = np.triu(np.full((5, 5), -30, dtype=np.float32), 1)
    c.consts["mask"] = mask
    c.consts["scale"] = np.array(1 / np.sqrt(8), dtype=np.float32)
    c.node("MatMul", ["X", "Wq"], ["q"])
    c.node("MatMul", ["X", "Wk"], ["k"])
    c.node("MatMul", ["X", "Wv"], ["v"])
    c.node("Transpose", ["k"], ["kt"], perm=[0, 2, 1])
    c.node("MatMul", ["q", "kt"], ["s"])
    c.node("Mul", ["s", "scale"], ["ss"])
    c.node("Add", ["ss", "mask"], ["sm"])
    c.node("Softmax", ["sm"], ["p"], axis=-1)
    c.node("MatMul", ["p", "v"], ["h"])
    c.node("MatMul", ["h", "Wo"], ["Y"])

    def forward(i, p):
        x = i["X"]
        q, k, v = x @ p["Wq"], x @ p["Wk"], x @ p["Wv"]
        s = q @ k.transpose(1, 2) / np.sqrt(8) + torch.from_numpy(mask).double()
        return torch.softmax(s, -1) @ v @ p["Wo"]
    c.forward = forward
    return c


@case
def attention_gqa_causal(rng):
    """Attention (opset 23) on 4-D Q [2, 4, 5, 6] and K, V [2, 2, 5, 6]
    (grouped-query: two query heads per KV head), is_causal, each a
    parameter plus an input; against torch's scaled_dot_product_attention
    with the KV heads repeated."""
    c = Case(rng)
    c.opset = 23
    shapes = {"Q": (2, 4, 5, 6), "K": (2, 2, 5, 6), "V": (2, 2, 5, 6)}
    for name, shape in shapes.items():
        c.inputs["X" + name] = c.normal(*shape)
        c.params["W" + name] = c.normal(*shape[1:], scale=0.5)
        c.node("Add", ["X" + name, "W" + name], [name.lower()])
    c.node("Attention", ["q", "k", "v"], ["Y"], is_causal=1)

    def forward(i, p):
        q, k, v = (i["X" + n] + p["W" + n] for n in "QKV")
        k, v = k.repeat_interleave(2, 1), v.repeat_interleave(2, 1)
        return F.scaled_dot_product_attention(q, k, v, is_causal=True)
    c.forward = forward
    return c


@case
def rotary_embedding(rng):
    """RotaryEmbedding (opset 23) of X + W ([2, 3, 4, 8]: B, heads, S, D)
    with rotary_embedding_dim 6 (the last 2 features pass through), cos/sin
    caches indexed by position ids [2, 4]."""
    c = Case(rng)
    c.opset = 23
    c.inputs["X"] = c.normal(2, 3, 4, 8)
    c.params["W"] = c.normal(3, 4, 8, scale=0.5)
    angles = np.arange(6, dtype=np.float32)[:, None] * \
        np.array([1.0, 0.3, 0.1], dtype=np.float32)
    c.consts["cos"] = np.cos(angles).astype(np.float32)
    c.consts["sin"] = np.sin(angles).astype(np.float32)
    ids = np.array([[0, 1, 2, 3], [2, 3, 4, 5]], dtype=np.int64)
    c.consts["pos"] = ids
    c.node("Add", ["X", "W"], ["T"])
    c.node("RotaryEmbedding", ["T", "cos", "sin", "pos"], ["Y"],
           rotary_embedding_dim=6)

    def forward(i, p):
        x = (i["X"] + p["W"]).transpose(1, 2)          # [B, S, H, D]
        cos = torch.from_numpy(c.consts["cos"][ids]).double()[:, :, None]
        sin = torch.from_numpy(c.consts["sin"][ids]).double()[:, :, None]
        x1, x2, rest = x[..., :3], x[..., 3:6], x[..., 6:]
        y = torch.cat([cos * x1 - sin * x2, sin * x1 + cos * x2, rest], -1)
        return y.transpose(1, 2)
    c.forward = forward
    return c


@case
def instance_norm(rng):
    """InstanceNormalization of X + W ([2, 3, 2, 4]) with per-channel scale
    and B."""
    c = Case(rng)
    c.inputs["X"] = c.normal(2, 3, 2, 4)
    c.params["W"] = c.normal(3, 2, 4, scale=0.5)
    c.params["scale"] = c.normal(3)
    c.params["B"] = c.normal(3)
    c.node("Add", ["X", "W"], ["T"])
    c.node("InstanceNormalization", ["T", "scale", "B"], ["Y"], epsilon=1e-5)
    c.forward = lambda i, p: F.instance_norm(i["X"] + p["W"], weight=p["scale"],
                                             bias=p["B"], eps=1e-5)
    return c


@case
def split_concat(rng):
    """Split X + W [2, 4] on axis 1 into [1, 3] and concatenate the parts
    swapped: each part's gradient is its own slice of the cotangent."""
    c = Case(rng)
    c.opset = 13
    c.inputs["X"] = c.normal(2, 4)
    c.params["W"] = c.normal(2, 4)
    c.consts["split"] = np.array([1, 3], dtype=np.int64)
    c.node("Add", ["X", "W"], ["T"])
    c.node("Split", ["T", "split"], ["A", "B"], axis=1)
    c.node("Concat", ["B", "A"], ["Y"], axis=1)

    def fwd(i, p):
        t = i["X"] + p["W"]
        return torch.cat([t[:, 1:], t[:, :1]], dim=1)
    c.forward = fwd
    return c


# --------------------------------------------------------------- resize ---

def resize_case(rng, sizes, torch_mode, **attrs):
    """Resize of W [1, 2, 3, 4] to `sizes` (H up, W down): dlc composes it
    from gathers weighted by constants, so the gradient is gather's."""
    def build(c):
        c.consts["sizes"] = np.array(sizes, dtype=np.int64)
        c.node("Resize", ["W", "", "", "sizes"], ["T"], **attrs)

    def fwd(w, c):
        if torch_mode == "nearest":
            return F.interpolate(w, size=sizes[2:], mode="nearest")
        return F.interpolate(w, size=sizes[2:], mode=torch_mode,
                             align_corners=False)
    return layout_case(rng, (1, 2, 3, 4), build, fwd)


@case
def resize_linear(rng):
    """Bilinear, half_pixel (PyTorch's align_corners=False)."""
    return resize_case(rng, [1, 2, 5, 3], "bilinear", mode="linear")


@case
def resize_cubic(rng):
    """Bicubic with A = -0.75, half_pixel (PyTorch's bicubic)."""
    return resize_case(rng, [1, 2, 5, 3], "bicubic", mode="cubic")


@case
def resize_nearest(rng):
    """Nearest, asymmetric and floor (PyTorch's nearest) to twice H and
    half W."""
    return resize_case(rng, [1, 2, 6, 2], "nearest", mode="nearest",
                       coordinate_transformation_mode="asymmetric",
                       nearest_mode="floor")


# ---------------------------------------------------- seed model stacks ---

def glorot(c, fan_out, fan_in, *shape):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return c.uniform(-limit, limit, *shape)


@case
def stack_xor_mlp(rng):
    """models/xor_mlp: Gemm + Sigmoid, Gemm + Sigmoid."""
    c = Case(rng)
    c.inputs["x"] = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
    c.params["fc1.weight"] = c.normal(4, 2)
    c.params["fc1.bias"] = c.normal(4, scale=0.1)
    c.params["fc2.weight"] = c.normal(1, 4)
    c.params["fc2.bias"] = c.normal(1, scale=0.1)
    c.node("Gemm", ["x", "fc1.weight", "fc1.bias"], ["h"], transB=1)
    c.node("Sigmoid", ["h"], ["a"])
    c.node("Gemm", ["a", "fc2.weight", "fc2.bias"], ["z"], transB=1)
    c.node("Sigmoid", ["z"], ["y"])

    def fwd(i, p):
        a = torch.sigmoid(F.linear(i["x"], p["fc1.weight"], p["fc1.bias"]))
        return torch.sigmoid(F.linear(a, p["fc2.weight"], p["fc2.bias"]))
    c.forward = fwd
    return c


@case
def stack_mlp(rng):
    """models/mnist_mlp in small: Flatten, Gemm + Relu, Gemm, Softmax."""
    c = Case(rng)
    c.inputs["image"] = c.uniform(0, 1, 2, 1, 4, 4)
    c.params["fc1.weight"] = glorot(c, 8, 16, 8, 16)
    c.params["fc1.bias"] = c.normal(8, scale=0.1)
    c.params["fc2.weight"] = glorot(c, 5, 8, 5, 8)
    c.params["fc2.bias"] = c.normal(5, scale=0.1)
    c.node("Flatten", ["image"], ["flat"], axis=1)
    c.node("Gemm", ["flat", "fc1.weight", "fc1.bias"], ["h"], transB=1)
    c.node("Relu", ["h"], ["a"])
    c.node("Gemm", ["a", "fc2.weight", "fc2.bias"], ["logits"], transB=1)
    c.node("Softmax", ["logits"], ["probs"], axis=1)

    def fwd(i, p):
        a = torch.relu(F.linear(i["image"].flatten(1), p["fc1.weight"], p["fc1.bias"]))
        return torch.softmax(F.linear(a, p["fc2.weight"], p["fc2.bias"]), 1)
    c.forward = fwd
    return c


@case
def stack_cnn(rng):
    """models/mnist_cnn in small: Conv + Relu, MaxPool, Flatten, Gemm,
    Softmax."""
    c = Case(rng)
    c.inputs["image"] = c.uniform(0, 1, 2, 1, 6, 6)
    c.params["conv1.weight"] = c.normal(3, 1, 3, 3, scale=0.5)
    c.params["conv1.bias"] = c.normal(3, scale=0.1)
    c.params["fc.weight"] = glorot(c, 4, 27, 4, 27)
    c.params["fc.bias"] = c.normal(4, scale=0.1)
    c.node("Conv", ["image", "conv1.weight", "conv1.bias"], ["c1"],
           kernel_shape=[3, 3], pads=[1, 1, 1, 1])
    c.node("Relu", ["c1"], ["r1"])
    c.node("MaxPool", ["r1"], ["p1"], kernel_shape=[2, 2], strides=[2, 2])
    c.node("Flatten", ["p1"], ["flat"], axis=1)
    c.node("Gemm", ["flat", "fc.weight", "fc.bias"], ["logits"], transB=1)
    c.node("Softmax", ["logits"], ["probs"], axis=1)

    def fwd(i, p):
        r = torch.relu(F.conv2d(i["image"], p["conv1.weight"], p["conv1.bias"], padding=1))
        flat = F.max_pool2d(r, 2, 2).flatten(1)
        return torch.softmax(F.linear(flat, p["fc.weight"], p["fc.bias"]), 1)
    c.forward = fwd
    return c


@case
def conv_relu_pool_rows(rng):
    """A first layer as in models/mnist_cnn (26 output columns, 2x2 pooling
    of the relu): on AVX-512 dlc pools it in registers and never writes the
    convolution's output."""
    c = Case(rng)
    c.inputs["image"] = c.uniform(0, 1, 2, 1, 28, 28)
    c.params["conv1.weight"] = c.normal(4, 1, 3, 3, scale=0.5)
    c.params["conv1.bias"] = c.normal(4, scale=0.1)
    c.params["fc.weight"] = glorot(c, 3, 676, 676, 3)
    c.node("Conv", ["image", "conv1.weight", "conv1.bias"], ["c1"],
           kernel_shape=[3, 3])
    c.node("Relu", ["c1"], ["r1"])
    c.node("MaxPool", ["r1"], ["p1"], kernel_shape=[2, 2], strides=[2, 2])
    c.node("Flatten", ["p1"], ["flat"], axis=1)
    c.node("MatMul", ["flat", "fc.weight"], ["logits"])

    def fwd(i, p):
        r = torch.relu(F.conv2d(i["image"], p["conv1.weight"], p["conv1.bias"]))
        return F.max_pool2d(r, 2, 2).flatten(1) @ p["fc.weight"]
    c.forward = fwd
    return c


@case
def conv_split_k(rng):
    """A convolution's weight gradient (8 x 27, one panel of columns) has
    too few tasks for two threads: dlc splits its reduction (K = 16 images
    x 10 x 10, in blocks of 5 images) 4 ways, the last split one image, and
    adds the partial results up after (split-K)."""
    c = Case(rng)
    c.inputs["image"] = c.uniform(0, 1, 16, 3, 12, 12)
    c.params["conv.weight"] = c.normal(8, 3, 3, 3, scale=0.3)
    c.params["fc.weight"] = glorot(c, 4, 800, 800, 4)
    c.node("Conv", ["image", "conv.weight"], ["c1"], kernel_shape=[3, 3])
    c.node("Tanh", ["c1"], ["t1"])
    c.node("Flatten", ["t1"], ["flat"], axis=1)
    c.node("MatMul", ["flat", "fc.weight"], ["logits"])

    def fwd(i, p):
        t = torch.tanh(F.conv2d(i["image"], p["conv.weight"]))
        return t.flatten(1) @ p["fc.weight"]
    c.forward = fwd
    return c


# ----------------------------------------------------------- reductions ---

@case
def reduce_mean(rng):
    """ReduceMean over a negative and a positive axis, dropping both."""
    return layout_case(rng, (2, 3, 4),
                       lambda c: c.node("ReduceMean", ["W"], ["T"], axes=[-1, 0], keepdims=0),
                       lambda w, c: w.mean(dim=(0, 2)))


@case
def reduce_max(rng):
    """ReduceMax over the last axis, kept: the largest element of each row
    takes the gradient (no ties in random data)."""
    return layout_case(rng, (2, 3, 4),
                       lambda c: c.node("ReduceMax", ["W"], ["T"], axes=[-1], keepdims=1),
                       lambda w, c: torch.amax(w, dim=-1, keepdim=True))


@case
def reduce_min(rng):
    """ReduceMin over axes 0 and 2, dropped."""
    return layout_case(rng, (2, 3, 4),
                       lambda c: c.node("ReduceMin", ["W"], ["T"], axes=[0, 2], keepdims=0),
                       lambda w, c: torch.amin(w, dim=(0, 2)))


@case
def reduce_sum_keepdims(rng):
    """ReduceSum (opset 13: axes as an input) keeping the reduced axis."""
    def build(c):
        c.consts["axes"] = np.array([1], dtype=np.int64)
        c.node("ReduceSum", ["W", "axes"], ["T"], keepdims=1)
    return layout_case(rng, (2, 3, 4), build, lambda w, c: w.sum(dim=1, keepdim=True))


@case
def reduce_l2(rng):
    """ReduceL2 over all axes (no axes given), kept as 1x1."""
    return layout_case(rng, (3, 4), lambda c: c.node("ReduceL2", ["W"], ["T"]),
                       lambda w, c: w.pow(2).sum().sqrt().reshape(1, 1))


# ------------------------------------------------------- einsum, pad, LRN ---

@case
def einsum_batch_matmul(rng):
    """Y = einsum('bij,bkj->bik', A, B) + X: B's contracted axis is last,
    so the importer transposes it before dlc.matmul."""
    c = Case(rng)
    c.params["A"] = c.normal(2, 3, 4)
    c.params["B"] = c.normal(2, 5, 4)
    c.inputs["X"] = c.normal(2, 3, 5)
    c.node("Einsum", ["A", "B"], ["T"], equation="bij,bkj->bik")
    c.node("Add", ["T", "X"], ["Y"])
    c.forward = lambda i, p: (torch.einsum("bij,bkj->bik", p["A"], p["B"])
                              + i["X"])
    return c


@case
def einsum_three_operands(rng):
    """Y = einsum('bn,anm,bm->ba', A, X, B): two contractions in a row."""
    c = Case(rng)
    c.params["A"] = c.normal(2, 3)
    c.inputs["X"] = c.normal(4, 3, 5)
    c.params["B"] = c.normal(2, 5)
    c.node("Einsum", ["A", "X", "B"], ["Y"], equation="bn,anm,bm->ba")
    c.forward = lambda i, p: torch.einsum("bn,anm,bm->ba", p["A"], i["X"],
                                          p["B"])
    return c


def einsum_layout(rng, shape, equation):
    """Y = einsum(equation, W) + X."""
    return layout_case(rng, shape,
                       lambda c: c.node("Einsum", ["W"], ["T"],
                                        equation=equation),
                       lambda w, c: torch.einsum(equation, w))


@case
def einsum_diagonal(rng):
    """The diagonal of each matrix in a batch (ellipsis and repeated i)."""
    return einsum_layout(rng, (2, 3, 3), "...ii->...i")


@case
def einsum_sum(rng):
    """A single operand summed over i and transposed: 'ijk->kj'."""
    return einsum_layout(rng, (2, 3, 4), "ijk->kj")


def pad_mode(rng, mode, torch_mode, shape, pads):
    """Pad of the last two axes in `mode` (ONNX pads [b0 b1 b2 b3 e0 e1 e2
    e3]; torch's tuple lists the last axis first)."""
    def build(c):
        c.consts["pads"] = np.array(pads, dtype=np.int64)
        c.node("Pad", ["W", "pads"], ["T"], mode=mode)
    torch_pads = (pads[3], pads[7], pads[2], pads[6])
    return layout_case(rng, shape, build,
                       lambda w, c: F.pad(w, torch_pads, mode=torch_mode))


@case
def pad_reflect(rng):
    """Mirrored copies: an inner element gets its own and its mirrors'
    gradients."""
    return pad_mode(rng, "reflect", "reflect", (1, 2, 4, 5),
                    [0, 0, 1, 2, 0, 0, 3, 1])


@case
def pad_edge(rng):
    """Edge copies: the border elements collect the pads' gradients."""
    return pad_mode(rng, "edge", "replicate", (1, 2, 3, 4),
                    [0, 0, 2, 1, 0, 0, 1, 3])


@case
def lrn(rng):
    """LRN over windows of 3 channels (odd: ONNX's and torch's windows
    agree); alpha large enough that the neighbours matter."""
    return layout_case(rng, (2, 5, 3, 3),
                       lambda c: c.node("LRN", ["W"], ["T"], size=3, alpha=0.5,
                                        beta=0.75, bias=1.0),
                       lambda w, c: F.local_response_norm(w, 3, alpha=0.5,
                                                          beta=0.75, k=1.0))


@case
def mean_variance_normalization(rng):
    """MVN over the default axes [0, 2, 3] (per channel), as ONNX's
    function writes it: (x - mean) / (sqrt(var) + 1e-9)."""
    def mvn(w, c):
        mean = w.mean(dim=(0, 2, 3), keepdim=True)
        var = ((w - mean) ** 2).mean(dim=(0, 2, 3), keepdim=True)
        return (w - mean) / (var.sqrt() + 1e-9)
    return layout_case(rng, (2, 3, 4, 2),
                       lambda c: c.node("MeanVarianceNormalization", ["W"],
                                        ["T"]),
                       mvn)


# ---------------------------------------------------- GPU block kernels ---
# Contractions of at least 16 rows and 16 columns become shared-memory tiled
# block kernels on the GPU (dlc-gpu-tile-contractions), run on the CPU by
# --emulate-gpu-loops. These are sized past one 64-wide tile and not in
# multiples of a tile or of its 16-deep K slices; their gradients are
# tiled contractions too.

@case
def tiled_gemm_relu(rng):
    """Y = Relu(X[70,40] @ W[50,40]^T + b[50]): M 70, N 50, K 40; the bias
    starts the accumulators and the relu is the store's epilogue."""
    c = Case(rng)
    c.inputs["X"] = c.normal(70, 40)
    c.params["W"] = c.normal(50, 40, scale=0.2)
    c.params["b"] = c.normal(50, scale=0.1)
    c.node("Gemm", ["X", "W", "b"], ["h"], transB=1)
    c.node("Relu", ["h"], ["Y"])
    c.forward = lambda i, p: torch.relu(F.linear(i["X"], p["W"], p["b"]))
    return c


@case
def tiled_conv_bias_relu(rng):
    """Y = Relu(Conv(X[2,3,12,13], W[20,3,3,3], b), pads 1): 20 filter
    rows, 156 output columns per image, K 27 read through im2col maps."""
    c = Case(rng)
    c.inputs["X"] = c.normal(2, 3, 12, 13)
    c.params["W"] = c.normal(20, 3, 3, 3, scale=0.3)
    c.params["b"] = c.normal(20, scale=0.1)
    c.node("Conv", ["X", "W", "b"], ["h"], kernel_shape=[3, 3],
           pads=[1, 1, 1, 1])
    c.node("Relu", ["h"], ["Y"])
    c.forward = lambda i, p: torch.relu(
        F.conv2d(i["X"], p["W"], p["b"], padding=1))
    return c


@case
def tiled_matmul_batched(rng):
    """Y = A[3,20,33] @ (X[33,40] + D[33,40]): three 20x40 products over
    K 33, a parameter on each side."""
    c = Case(rng)
    c.inputs["X"] = c.normal(33, 40)
    c.params["D"] = c.normal(33, 40, scale=0.5)
    c.params["A"] = c.normal(3, 20, 33, scale=0.3)
    c.node("Add", ["X", "D"], ["T"])
    c.node("MatMul", ["A", "T"], ["Y"])
    c.forward = lambda i, p: torch.matmul(p["A"], i["X"] + p["D"])
    return c


@case
def tiled_gemm_split_k(rng):
    """Y = Relu(X[24,1000] @ W[1000,40] + b[40]): one 32x64 tile, so its
    K of 1000 is split across three blocks that add into Y atomically."""
    c = Case(rng)
    c.inputs["X"] = c.normal(24, 1000)
    c.params["W"] = c.normal(1000, 40, scale=0.05)
    c.params["b"] = c.normal(40, scale=0.1)
    c.node("Gemm", ["X", "W", "b"], ["h"])
    c.node("Relu", ["h"], ["Y"])
    c.forward = lambda i, p: torch.relu(i["X"] @ p["W"] + p["b"])
    return c


# ---------------------------------------------------------------- write ---

def value_info(name, array):
    elem = helper.np_dtype_to_tensor_dtype(array.dtype)
    return helper.make_tensor_value_info(name, elem, list(array.shape))


def save_tensor(path, array, name):
    # np.array, not np.ascontiguousarray: that makes 0-d arrays 1-d.
    with open(path, "wb") as f:
        f.write(numpy_helper.from_array(np.array(array, order="C"), name).SerializeToString())


def write_case(root, name, c):
    def tensors(arrays):
        return {k: torch.from_numpy(v).double() if v.dtype == np.float32
                else torch.from_numpy(v) for k, v in arrays.items()}
    inputs = tensors(c.inputs)
    params = {k: t.requires_grad_() for k, t in tensors(c.params).items()}
    out = c.forward(inputs, params)
    cotangent = c.normal(*out.shape)
    grads = torch.autograd.grad(out, list(params.values()),
                                grad_outputs=torch.from_numpy(cotangent).double())
    output = out.detach().numpy().astype(np.float32)

    inits = [numpy_helper.from_array(v, k) for k, v in {**c.params, **c.consts}.items()]
    graph = helper.make_graph(
        c.nodes, name, [value_info(k, v) for k, v in c.inputs.items()],
        [value_info(c.nodes[-1].output[0], output)], inits)
    model = helper.make_model(graph, producer_name="dlc test/gradients/make_cases.py",
                              opset_imports=[helper.make_opsetid("", c.opset)])
    model.ir_version = 7 if c.opset <= 14 else 8
    # An onnx older than the case's opset (Debian's 1.12 knows up to 17)
    # leaves the check to dlc-run, which loads it with dlc's ONNX library.
    if c.opset <= onnx.defs.onnx_opset_version():
        onnx.checker.check_model(model, full_check=True)

    case_dir = os.path.join(root, name)
    shutil.rmtree(case_dir, ignore_errors=True)
    os.makedirs(os.path.join(case_dir, "test_data_set_0"))
    os.makedirs(os.path.join(case_dir, "grads"))
    onnx.save(model, os.path.join(case_dir, "model.onnx"))
    for k, (in_name, array) in enumerate(c.inputs.items()):
        save_tensor(os.path.join(case_dir, "test_data_set_0", f"input_{k}.pb"), array, in_name)
    save_tensor(os.path.join(case_dir, "test_data_set_0", "output_0.pb"), output,
                c.nodes[-1].output[0])
    save_tensor(os.path.join(case_dir, "grads", "cotangent_0.pb"), cotangent, "cotangent_0")
    for (p_name, _), g in zip(params.items(), grads):
        save_tensor(os.path.join(case_dir, "grads", p_name + ".pb"),
                    g.numpy().astype(np.float32), p_name)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    only = set(sys.argv[2:])
    for name, build in CASES.items():
        if only and name not in only:
            continue
        rng = np.random.default_rng(zlib.crc32(name.encode()))
        write_case(root, name, build(rng))
        print(name)


if __name__ == "__main__":
    main()
