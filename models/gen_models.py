#!/usr/bin/env python3
"""Writes dlc's seed ONNX models into this folder.

Usage:  python3 models/gen_models.py [--out DIR]

Needs onnx (1.12 is what Debian ships as python3-onnx) and numpy. The output is
deterministic: every model draws its weights from its own fixed seed, so running
the script again rewrites byte-identical files.

Weights are initialised the way Keras / PyTorch do by default:
  * He-uniform, U(-sqrt(6/fan_in), +sqrt(6/fan_in)), for layers followed by Relu;
  * Glorot-uniform, U(-sqrt(6/(fan_in+fan_out)), ...), for every other layer;
  * zero biases.
For a convolution fan_in = C_in*kH*kW and fan_out = C_out*kH*kW.

Every model uses opset 13, IR version 7, float32, a symbolic batch dimension 'N'
on its input and output, and Flatten (not Shape/Reshape arithmetic) between the
convolutions and the dense layers, so `dlc --batch=B` gives fully static shapes.
Each model passes onnx.checker (full check) and strict shape inference, and a
numpy forward pass of one input is run as a sanity check.
"""

import argparse
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 13
IR_VERSION = 7  # the IR version that introduced opset 13; onnx 1.12 accepts it
PRODUCER = "dlc models/gen_models.py"


class GraphBuilder:
    """Collects nodes and initializers for one sequential model."""

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.nodes = []
        self.inits = []

    # -- weights -----------------------------------------------------------
    def _uniform(self, shape, limit):
        return self.rng.uniform(-limit, limit, size=shape).astype(np.float32)

    def _weight(self, name, shape, fan_in, fan_out, relu_follows):
        if relu_follows:
            limit = np.sqrt(6.0 / fan_in)  # He-uniform
        else:
            limit = np.sqrt(6.0 / (fan_in + fan_out))  # Glorot-uniform
        w = self._uniform(shape, limit)
        self.inits.append(numpy_helper.from_array(w, name))
        return name

    def _zeros(self, name, shape):
        self.inits.append(
            numpy_helper.from_array(np.zeros(shape, dtype=np.float32), name))
        return name

    # -- layers (each returns the name of its output value) -----------------
    def conv(self, name, x, c_in, c_out, k, relu_follows):
        w = self._weight(name + ".weight", (c_out, c_in, k, k),
                         c_in * k * k, c_out * k * k, relu_follows)
        b = self._zeros(name + ".bias", (c_out,))
        y = name + "_out"
        self.nodes.append(helper.make_node(
            "Conv", [x, w, b], [y], name=name, kernel_shape=[k, k],
            strides=[1, 1], pads=[0, 0, 0, 0], dilations=[1, 1], group=1))
        return y

    def gemm(self, name, x, n_in, n_out, relu_follows, out=None):
        # PyTorch layout: weight [out, in], used with transB=1.
        w = self._weight(name + ".weight", (n_out, n_in), n_in, n_out,
                         relu_follows)
        b = self._zeros(name + ".bias", (n_out,))
        y = out or name + "_out"
        self.nodes.append(helper.make_node(
            "Gemm", [x, w, b], [y], name=name, alpha=1.0, beta=1.0,
            transA=0, transB=1))
        return y

    def unary(self, op, name, x, out=None, **attrs):
        y = out or name + "_out"
        self.nodes.append(helper.make_node(op, [x], [y], name=name, **attrs))
        return y

    def batchnorm(self, name, x, channels, momentum=0.9, epsilon=1e-5):
        # Scale 1, bias 0, running mean 0 and variance 1: the PyTorch and
        # Keras starting point. Trained with --train, the step uses the
        # batch statistics and updates the running ones.
        scale = name + ".weight"
        self.inits.append(numpy_helper.from_array(
            np.ones(channels, dtype=np.float32), scale))
        bias = self._zeros(name + ".bias", (channels,))
        mean = self._zeros(name + ".running_mean", (channels,))
        var = name + ".running_var"
        self.inits.append(numpy_helper.from_array(
            np.ones(channels, dtype=np.float32), var))
        y = name + "_out"
        self.nodes.append(helper.make_node(
            "BatchNormalization", [x, scale, bias, mean, var], [y], name=name,
            momentum=momentum, epsilon=epsilon))
        return y

    def dropout(self, name, x, ratio):
        # The ratio is an initializer (opset 13 input), read at compile time.
        r = name + ".ratio"
        self.inits.append(
            numpy_helper.from_array(np.array(ratio, np.float32), r))
        y = name + "_out"
        self.nodes.append(helper.make_node("Dropout", [x, r], [y], name=name))
        return y

    def lstm(self, name, x, n_in, hidden):
        # PyTorch's LSTM init: U(-1/sqrt(hidden), 1/sqrt(hidden)) for W and
        # R; zero biases. Gates in ONNX order (i, o, f, c). Returns Y_h.
        limit = 1.0 / np.sqrt(hidden)
        for suffix, cols in (("W", n_in), ("R", hidden)):
            self.inits.append(numpy_helper.from_array(
                self._uniform((1, 4 * hidden, cols), limit),
                name + "." + suffix))
        b = self._zeros(name + ".B", (1, 8 * hidden))
        y = name + "_h"
        self.nodes.append(helper.make_node(
            "LSTM", [x, name + ".W", name + ".R", b], ["", y], name=name,
            hidden_size=hidden))
        return y

    def reshape(self, name, x, shape):
        s = self._constant(name + ".shape", np.array(shape, np.int64))
        y = name + "_out"
        self.nodes.append(helper.make_node("Reshape", [x, s], [y], name=name))
        return y

    def _constant(self, name, array):
        self.inits.append(numpy_helper.from_array(array, name))
        return name

    def maxpool(self, name, x):
        return self.unary("MaxPool", name, x, kernel_shape=[2, 2],
                          strides=[2, 2], pads=[0, 0, 0, 0])

    def model(self, graph_name, doc, x_info, y_info):
        x_infos = x_info if isinstance(x_info, list) else [x_info]
        y_infos = y_info if isinstance(y_info, list) else [y_info]
        graph = helper.make_graph(self.nodes, graph_name, x_infos, y_infos,
                                  initializer=self.inits)
        m = helper.make_model(
            graph, producer_name=PRODUCER, producer_version="1",
            doc_string=doc, opset_imports=[helper.make_opsetid("", OPSET)])
        m.ir_version = IR_VERSION
        m.model_version = 1
        return m


def tensor(name, dims):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, dims)


# -- the models ------------------------------------------------------------
def xor_mlp():
    g = GraphBuilder(seed=1)
    h = g.gemm("fc1", "x", 2, 4, relu_follows=False)
    h = g.unary("Sigmoid", "sigmoid1", h)
    h = g.gemm("fc2", h, 4, 1, relu_follows=False)
    g.unary("Sigmoid", "sigmoid2", h, out="y")
    return g.model("xor_mlp", "2-4-1 MLP with sigmoid activations (XOR).",
                   tensor("x", ["N", 2]), tensor("y", ["N", 1]))


def mnist_cnn():
    g = GraphBuilder(seed=2)
    h = g.conv("conv1", "image", 1, 32, 3, relu_follows=True)  # 26x26
    h = g.unary("Relu", "relu1", h)
    h = g.maxpool("pool1", h)  # 13x13
    h = g.conv("conv2", h, 32, 64, 3, relu_follows=True)  # 11x11
    h = g.unary("Relu", "relu2", h)
    h = g.maxpool("pool2", h)  # 5x5
    h = g.unary("Flatten", "flatten", h, axis=1)  # 64*5*5 = 1600
    h = g.gemm("fc1", h, 1600, 128, relu_follows=True)
    h = g.unary("Relu", "relu3", h)
    h = g.gemm("fc2", h, 128, 10, relu_follows=False)
    g.unary("Softmax", "softmax", h, out="probs", axis=1)
    return g.model("mnist_cnn",
                   "Keras-tutorial MNIST/Fashion-MNIST CNN; random weights.",
                   tensor("image", ["N", 1, 28, 28]), tensor("probs", ["N", 10]))


def cifar10_cnn():
    g = GraphBuilder(seed=3)
    h = g.conv("conv1", "image", 3, 32, 3, relu_follows=True)  # 30x30
    h = g.unary("Relu", "relu1", h)
    h = g.maxpool("pool1", h)  # 15x15
    h = g.conv("conv2", h, 32, 64, 3, relu_follows=True)  # 13x13
    h = g.unary("Relu", "relu2", h)
    h = g.maxpool("pool2", h)  # 6x6
    h = g.conv("conv3", h, 64, 64, 3, relu_follows=True)  # 4x4
    h = g.unary("Relu", "relu3", h)
    h = g.unary("Flatten", "flatten", h, axis=1)  # 64*4*4 = 1024
    h = g.gemm("fc1", h, 1024, 64, relu_follows=True)
    h = g.unary("Relu", "relu4", h)
    h = g.gemm("fc2", h, 64, 10, relu_follows=False)
    g.unary("Softmax", "softmax", h, out="probs", axis=1)
    return g.model("cifar10_cnn",
                   "TensorFlow-tutorial CIFAR-10 CNN; random weights.",
                   tensor("image", ["N", 3, 32, 32]), tensor("probs", ["N", 10]))


def mnist_mlp():
    g = GraphBuilder(seed=4)
    h = g.unary("Flatten", "flatten", "image", axis=1)  # 784
    h = g.gemm("fc1", h, 784, 128, relu_follows=True)
    h = g.unary("Relu", "relu1", h)
    h = g.gemm("fc2", h, 128, 10, relu_follows=False)
    g.unary("Softmax", "softmax", h, out="probs", axis=1)
    return g.model("mnist_mlp", "784-128-10 MLP for MNIST; random weights.",
                   tensor("image", ["N", 1, 28, 28]), tensor("probs", ["N", 10]))


def mnist_mlp_bn_dropout():
    g = GraphBuilder(seed=5)
    h = g.unary("Flatten", "flatten", "image", axis=1)  # 784
    h = g.gemm("fc1", h, 784, 256, relu_follows=True)
    h = g.batchnorm("bn1", h, 256)
    h = g.unary("Relu", "relu1", h)
    h = g.dropout("dropout1", h, 0.2)
    h = g.gemm("fc2", h, 256, 10, relu_follows=False)
    g.unary("Softmax", "softmax", h, out="probs", axis=1)
    return g.model("mnist_mlp_bn_dropout",
                   "784-256-10 MLP with batch norm and dropout (0.2) for "
                   "MNIST; random weights.",
                   tensor("image", ["N", 1, 28, 28]),
                   tensor("probs", ["N", 10]))


def fashion_lstm():
    g = GraphBuilder(seed=6)
    # Each image is a sequence of its 28 rows of 28 pixels, read top down.
    h = g.reshape("rows", "image", [0, 28, 28])             # [N, 28, 28]
    h = g.unary("Transpose", "time_major", h, perm=[1, 0, 2])  # [28, N, 28]
    h = g.lstm("lstm", h, 28, 64)                            # [1, N, 64]
    h = g.reshape("last", h, [-1, 64])                       # [N, 64]
    h = g.gemm("fc", h, 64, 10, relu_follows=False)
    g.unary("Softmax", "softmax", h, out="probs", axis=1)
    return g.model("fashion_lstm",
                   "LSTM sequence classifier: an image's 28 rows as 28 time "
                   "steps, hidden 64, then Gemm 64->10; random weights.",
                   tensor("image", ["N", 1, 28, 28]),
                   tensor("probs", ["N", 10]))


# The GAN: a generator G (noise [N,16] -> image [N,784]) and a
# discriminator D (image -> probability that it is real), 784-128-1 with
# LeakyRelu 0.2. D trains alone on real and fake images; G trains through
# gan_generator, which is G followed by D with D's weights as graph inputs
# (so G's step reads D's current weights and updates only G's).
GAN_NOISE, GAN_HIDDEN, GAN_PIXELS = 16, 128, 784
GAN_D_WEIGHTS = [("d_fc1.weight", [GAN_HIDDEN, GAN_PIXELS]),
                 ("d_fc1.bias", [GAN_HIDDEN]),
                 ("d_fc2.weight", [1, GAN_HIDDEN]), ("d_fc2.bias", [1])]


def gan_discriminator_layers(g, x, weights_are_inputs):
    if weights_are_inputs:
        names = [n for n, _ in GAN_D_WEIGHTS]
        g.nodes.append(helper.make_node("Gemm", [x] + names[:2], ["d_fc1_out"],
                                        name="d_fc1", transB=1))
        h = "d_fc1_out"
    else:
        h = g.gemm("d_fc1", x, GAN_PIXELS, GAN_HIDDEN, relu_follows=True)
    h = g.unary("LeakyRelu", "d_lrelu", h, alpha=0.2)
    if weights_are_inputs:
        g.nodes.append(helper.make_node("Gemm", [h] + names[2:], ["d_fc2_out"],
                                        name="d_fc2", transB=1))
        h = "d_fc2_out"
    else:
        h = g.gemm("d_fc2", h, GAN_HIDDEN, 1, relu_follows=False)
    return g.unary("Sigmoid", "d_sigmoid", h, out="real_prob")


def gan_discriminator():
    g = GraphBuilder(seed=7)
    gan_discriminator_layers(g, "image", weights_are_inputs=False)
    return g.model("gan_discriminator",
                   "GAN discriminator: 784-128-1, LeakyRelu 0.2, Sigmoid "
                   "(the probability that an image is real); random weights.",
                   tensor("image", ["N", GAN_PIXELS]),
                   tensor("real_prob", ["N", 1]))


def gan_generator():
    g = GraphBuilder(seed=8)
    h = g.gemm("g_fc1", "z", GAN_NOISE, GAN_HIDDEN, relu_follows=True)
    h = g.unary("Relu", "g_relu", h)
    h = g.gemm("g_fc2", h, GAN_HIDDEN, GAN_PIXELS, relu_follows=False)
    fake = g.unary("Sigmoid", "g_sigmoid", h, out="fake")
    gan_discriminator_layers(g, fake, weights_are_inputs=True)
    inputs = [tensor("z", ["N", GAN_NOISE])]
    inputs += [tensor(n, dims) for n, dims in GAN_D_WEIGHTS]
    return g.model("gan_generator",
                   "GAN generator 16-128-784 (Relu, Sigmoid) followed by the "
                   "discriminator, whose weights are inputs; random weights.",
                   inputs, [tensor("real_prob", ["N", 1]),
                            tensor("fake", ["N", GAN_PIXELS])])


MODELS = {
    "xor_mlp": xor_mlp,
    "mnist_cnn": mnist_cnn,
    "cifar10_cnn": cifar10_cnn,
    "mnist_mlp": mnist_mlp,
    "mnist_mlp_bn_dropout": mnist_mlp_bn_dropout,
    "fashion_lstm": fashion_lstm,
    "gan_discriminator": gan_discriminator,
    "gan_generator": gan_generator,
}


# -- numpy reference forward pass -------------------------------------------
def _conv(x, w, b, attrs):
    n, c, h, wd = x.shape
    oc, _, kh, kw = w.shape
    oh, ow = h - kh + 1, wd - kw + 1
    y = np.zeros((n, oc, oh, ow), dtype=np.float64)
    for i in range(kh):
        for j in range(kw):
            patch = x[:, :, i:i + oh, j:j + ow]  # n c oh ow
            y += np.einsum("nchw,oc->nohw", patch, w[:, :, i, j])
    return y + b.reshape(1, oc, 1, 1)


def _maxpool(x, attrs):
    n, c, h, w = x.shape
    oh, ow = h // 2, w // 2
    x = x[:, :, :oh * 2, :ow * 2].reshape(n, c, oh, 2, ow, 2)
    return x.max(axis=(3, 5))


def _softmax(x, attrs):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _lstm(x, w, r, b):
    """ONNX LSTM, forward, default activations; returns Y_h [1, N, H]."""
    hidden = r.shape[2]
    sig = lambda v: 1.0 / (1.0 + np.exp(-v))
    h = np.zeros((x.shape[1], hidden))
    c = np.zeros_like(h)
    bias = b[0, :4 * hidden] + b[0, 4 * hidden:]
    for t in range(x.shape[0]):
        gates = x[t] @ w[0].T + h @ r[0].T + bias
        i, o, f, cc = np.split(gates, 4, axis=1)
        c = sig(f) * c + sig(i) * np.tanh(cc)
        h = sig(o) * np.tanh(c)
    return h[None]


def reference_forward(model, x, inputs=None):
    """Evaluates the few ops the seed models use, in float64: `x` is the
    first input, `inputs` (by name) any others; returns the first output."""
    env = {i.name: numpy_helper.to_array(i).astype(np.float64)
           for i in model.graph.initializer}
    env[model.graph.input[0].name] = x.astype(np.float64)
    for name, value in (inputs or {}).items():
        env[name] = value.astype(np.float64)
    for node in model.graph.node:
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        args = [env[i] for i in node.input]
        op = node.op_type
        if op == "Conv":
            y = _conv(args[0], args[1], args[2], attrs)
        elif op == "MaxPool":
            y = _maxpool(args[0], attrs)
        elif op == "Relu":
            y = np.maximum(args[0], 0.0)
        elif op == "Sigmoid":
            y = 1.0 / (1.0 + np.exp(-args[0]))
        elif op == "LeakyRelu":
            y = np.where(args[0] > 0, args[0], attrs["alpha"] * args[0])
        elif op == "Flatten":
            y = args[0].reshape(args[0].shape[0], -1)
        elif op == "Gemm":
            y = args[0] @ args[1].T + args[2]
        elif op == "Softmax":
            y = _softmax(args[0], attrs)
        elif op == "BatchNormalization":  # inference: running statistics
            x, scale, bias, mean, var = args
            shape = (1, -1) + (1,) * (x.ndim - 2)
            y = ((x - mean.reshape(shape)) /
                 np.sqrt(var.reshape(shape) + attrs.get("epsilon", 1e-5)) *
                 scale.reshape(shape) + bias.reshape(shape))
        elif op == "Dropout":  # inference: the identity
            y = args[0]
        elif op == "Reshape":
            shape = [d if d != 0 else args[0].shape[i]
                     for i, d in enumerate(args[1].astype(np.int64))]
            y = args[0].reshape(shape)
        elif op == "Transpose":
            y = args[0].transpose(attrs["perm"])
        elif op == "LSTM":
            y = _lstm(args[0], args[1], args[2], args[3])
        else:
            raise NotImplementedError(op)
        # The first output the node names (LSTM's is its second, Y_h).
        env[next(o for o in node.output if o)] = y
    return env[model.graph.output[0].name]


def _static_dims(value_info, batch):
    dims = []
    for d in value_info.type.tensor_type.shape.dim:
        dims.append(batch if d.dim_param else d.dim_value)
    return dims


def verify(name, model):
    onnx.checker.check_model(model, full_check=True)
    inferred = onnx.shape_inference.infer_shapes(model, check_type=True,
                                                 strict_mode=True)
    assert all(n.name for n in model.graph.node), f"{name}: unnamed node"
    # Shape inference must reproduce the declared output shape, 'N' included.
    out = inferred.graph.output[0].type.tensor_type.shape.dim
    want = model.graph.output[0].type.tensor_type.shape.dim
    assert [(d.dim_param, d.dim_value) for d in out] == \
        [(d.dim_param, d.dim_value) for d in want], f"{name}: output shape"
    # Every intermediate value must get a shape too.
    named = sum(1 for n in model.graph.node for o in n.output if o)
    assert len(inferred.graph.value_info) == \
        named - len(model.graph.output), \
        f"{name}: shape inference left values untyped"
    # One forward pass on a deterministic input (and small normal values
    # for any other input: the GAN generator's discriminator weights).
    rng = np.random.default_rng(0)
    in_dims = _static_dims(model.graph.input[0], 2)
    x = rng.uniform(0, 1, in_dims).astype(np.float32)
    others = {i.name: 0.1 * rng.standard_normal(_static_dims(i, 2))
              for i in model.graph.input[1:]}
    y = reference_forward(model, x, others)
    assert list(y.shape) == _static_dims(model.graph.output[0], 2), y.shape
    assert np.all(np.isfinite(y)), f"{name}: non-finite output"
    if model.graph.node[-1].op_type == "Softmax":
        assert np.allclose(y.sum(axis=1), 1.0), f"{name}: softmax rows"
    return y


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=here, help="output folder (default: %(default)s)")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for name, build in MODELS.items():
        model = build()
        y = verify(name, model)
        path = os.path.join(args.out, name + ".onnx")
        data = model.SerializeToString(deterministic=True)
        with open(path, "wb") as f:
            f.write(data)
        params = sum(int(np.prod(i.dims)) for i in model.graph.initializer)
        print(f"{path}: {len(data)} bytes, {len(model.graph.node)} nodes, "
              f"{params} parameters; sample output[0] = "
              f"{np.array2string(y[0], precision=4, max_line_width=200)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
