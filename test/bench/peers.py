#!/usr/bin/env python3
"""The peers of test/bench/compare: PyTorch and ONNX Runtime on the seed models.

Usage:  python peers.py info
        python peers.py check --models-dir DIR [--models M[,M...]]
        python peers.py torch|ort --models-dir DIR --case CASE --threads N
                        [--min-time S] [--repetitions R] [--warmup S]

`compare` runs this under the Python that has the peers (a venv with the
PyPI wheels, or Debian's python3-torch), one process per case, and reads the
JSON lines it prints on stdout:
  {"kind": "info", ...}                        versions and kernels (info)
  {"kind": "time", "case": C, "ms": T, ...}    median time of one case
  {"kind": "skip", "case": C, "why": W}        a case that could not run
  {"kind": "check", "model": M, "max_abs_diff": D, ...}
                                               torch's module against ORT
  {"kind": "blas", "threads": N, "openblas": {...} or null}
                                               torch's threads and OpenBLAS core
Cases are named <model>-infer-b1, <model>-infer-b128 and
<model>-train-b128, as in compare's ratio lines.

Timing matches Google Benchmark's repetitions in dlc-bench-*: after
--warmup seconds of calls, --repetitions times run calls for at least
--min-time seconds and take their mean; the case's time is the median of
those means.

The torch peer rebuilds each ONNX model as an nn.Module with the ONNX
initializers as its weights (the ops the seed models use: Conv, Relu,
Sigmoid, Tanh, MaxPool, Flatten, Gemm, BatchNormalization, Dropout and a
final Softmax), runs inference in eval() under torch.no_grad(), and trains
with CrossEntropyLoss on the logits (the model without its final Softmax,
as dlc's softmax-cross-entropy does) and SGD(lr=0.01, momentum=0.9).
"""

import argparse
import ctypes
import json
import os
import statistics
import sys
import time

LR = 0.01
MOMENTUM = 0.9
SEED = 7


def emit(record):
    print(json.dumps(record), flush=True)


def measure(fn, min_time, repetitions, warmup):
    """Median over `repetitions` of the mean call time (ms) of >= min_time s."""
    start = time.perf_counter()
    fn()
    while time.perf_counter() - start < warmup:
        fn()
    means = []
    for _ in range(repetitions):
        calls = 0
        start = time.perf_counter()
        while True:
            fn()
            calls += 1
            elapsed = time.perf_counter() - start
            if elapsed >= min_time:
                break
        means.append(elapsed / calls * 1e3)
    return statistics.median(means), means


def loaded_openblas_core():
    """The core OpenBLAS picked in this process, if the process loaded it."""
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "openblas" in line}
    except OSError:
        return None
    for lib in sorted(libs):
        try:
            blas = ctypes.CDLL(lib)
            blas.openblas_get_corename.restype = ctypes.c_char_p
            blas.openblas_get_config.restype = ctypes.c_char_p
            return {"library": lib,
                    "corename": blas.openblas_get_corename().decode(),
                    "config": blas.openblas_get_config().decode()}
        except (OSError, AttributeError):
            continue
    return None


def input_shape(model, batch):
    dims = model.graph.input[0].type.tensor_type.shape.dim
    return [batch if d.dim_param else d.dim_value for d in dims]


def fixed_input(np, shape):
    return np.random.default_rng(SEED).random(shape, dtype=np.float32)


# -- info --------------------------------------------------------------------
def info():
    record = {"kind": "info", "python": sys.version.split()[0],
              "executable": sys.executable}
    for name in ("numpy", "onnx", "onnxruntime", "torch"):
        try:
            module = __import__(name)
            record[name] = module.__version__
            record[name + "_path"] = os.path.dirname(module.__file__)
        except Exception as e:  # noqa: BLE001 - any import failure is a skip
            record[name + "_error"] = f"{type(e).__name__}: {e}"
    if "torch" in record:
        import torch
        capability = getattr(getattr(torch.backends, "cpu", None),
                             "get_cpu_capability", None)
        record["torch_cpu_capability"] = capability() if capability else "unknown"
        config = torch.__config__.show()
        record["torch_blas"] = next(
            (part.split("=", 1)[1] for part in config.replace(",", "\n").split()
             if part.startswith("BLAS_INFO=")), "unknown")
        record["torch_mkldnn"] = torch.backends.mkldnn.is_available()
        # Run one matmul so a lazily loaded BLAS is in the process.
        torch.ones(64, 64) @ torch.ones(64, 64)
        record["torch_openblas"] = loaded_openblas_core()
    emit(record)


# -- torch ---------------------------------------------------------------------
class UnsupportedModel(Exception):
    pass


def attributes(node):
    from onnx import helper
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def symmetric_pads(node, pads):
    half = len(pads) // 2
    if list(pads[:half]) != list(pads[half:]):
        raise UnsupportedModel(f"{node.name}: asymmetric pads {list(pads)}")
    return tuple(pads[:half])


def torch_layer(node, weights):
    """One ONNX node of a sequential graph as a torch module."""
    import torch
    from torch import nn

    a = attributes(node)
    op = node.op_type
    if a.get("auto_pad", b"NOTSET") not in (b"NOTSET", "NOTSET"):
        raise UnsupportedModel(f"{node.name}: auto_pad")
    if op == "Conv":
        w = weights[node.input[1]]
        k = tuple(a.get("kernel_shape", w.shape[2:]))
        layer = nn.Conv2d(w.shape[1] * a.get("group", 1), w.shape[0], k,
                          stride=tuple(a.get("strides", [1] * len(k))),
                          padding=symmetric_pads(node, a.get("pads", [0] * 2 * len(k))),
                          dilation=tuple(a.get("dilations", [1] * len(k))),
                          groups=a.get("group", 1), bias=len(node.input) > 2)
        layer.weight.data = torch.from_numpy(w.copy())
        if len(node.input) > 2:
            layer.bias.data = torch.from_numpy(weights[node.input[2]].copy())
        return layer
    if op == "Gemm":
        if a.get("alpha", 1.0) != 1.0 or a.get("beta", 1.0) != 1.0 or a.get("transA", 0):
            raise UnsupportedModel(f"{node.name}: Gemm needs alpha=beta=1, transA=0")
        w = weights[node.input[1]]
        w = w if a.get("transB", 0) else w.T
        layer = nn.Linear(w.shape[1], w.shape[0], bias=len(node.input) > 2)
        layer.weight.data = torch.from_numpy(w.copy())
        if len(node.input) > 2:
            layer.bias.data = torch.from_numpy(weights[node.input[2]].copy().reshape(-1))
        return layer
    if op == "MaxPool":
        k = tuple(a["kernel_shape"])
        return nn.MaxPool2d(k, stride=tuple(a.get("strides", [1] * len(k))),
                            padding=symmetric_pads(node, a.get("pads", [0] * 2 * len(k))),
                            dilation=tuple(a.get("dilations", [1] * len(k))),
                            ceil_mode=bool(a.get("ceil_mode", 0)))
    if op == "BatchNormalization":
        scale, bias, mean, var = (weights[n] for n in node.input[1:5])
        layer = nn.BatchNorm2d(scale.shape[0], eps=a.get("epsilon", 1e-5),
                               momentum=1.0 - a.get("momentum", 0.9))
        layer.weight.data = torch.from_numpy(scale.copy())
        layer.bias.data = torch.from_numpy(bias.copy())
        layer.running_mean.data = torch.from_numpy(mean.copy())
        layer.running_var.data = torch.from_numpy(var.copy())
        return layer
    if op == "Dropout":
        ratio = weights[node.input[1]] if len(node.input) > 1 and node.input[1] else 0.5
        return nn.Dropout(float(ratio))
    if op == "Flatten":
        if a.get("axis", 1) != 1:
            raise UnsupportedModel(f"{node.name}: Flatten axis != 1")
        return nn.Flatten(1)
    if op == "Softmax":
        return nn.Softmax(dim=a.get("axis", -1))
    simple = {"Relu": nn.ReLU, "Sigmoid": nn.Sigmoid, "Tanh": nn.Tanh}
    if op in simple:
        return simple[op]()
    raise UnsupportedModel(f"{node.name}: op {op} not supported by the torch peer")


def torch_module(model):
    """The ONNX chain as nn.Sequential: (inference module, logits module)."""
    from onnx import numpy_helper
    from torch import nn

    weights = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    current = model.graph.input[0].name
    layers = []
    for node in model.graph.node:
        data = [i for i in node.input if i and i not in weights]
        if data != [current] or len(node.output) < 1:
            raise UnsupportedModel(f"{node.name}: not a single chain of ops")
        layers.append(torch_layer(node, weights))
        current = node.output[0]
    if current != model.graph.output[0].name:
        raise UnsupportedModel("the chain does not end at the graph output")
    full = nn.Sequential(*layers)
    logits = nn.Sequential(*layers[:-1]) if isinstance(layers[-1], nn.Softmax) else full
    return full, logits


def check_against_ort(np, torch, path, model, full):
    """Max |torch - ORT| on batch 4: the rebuilt module computes the model."""
    try:
        import onnxruntime as ort
    except Exception:  # noqa: BLE001 - the check is optional
        return None
    x = fixed_input(np, input_shape(model, 4))
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    want = sess.run(None, {sess.get_inputs()[0].name: x})[0]
    with torch.no_grad():
        got = full.eval()(torch.from_numpy(x)).numpy()
    return float(np.max(np.abs(got - want)))


def parse_case(case):
    """<model>-infer-b<B> or <model>-train-b<B> -> (model, kind, batch)."""
    model, kind, batch = case.rsplit("-", 2)
    if kind not in ("infer", "train") or not batch.startswith("b") \
            or not batch[1:].isdigit():
        raise SystemExit(f"peers.py: bad case {case!r}")
    return model, kind, int(batch[1:])


def load_model(args, name):
    import onnx
    return onnx.load(os.path.join(args.models_dir, name + ".onnx"))


def run_check(args):
    """Each model's torch module against onnxruntime (see check_against_ort)."""
    import numpy as np
    import torch

    for name in args.models.split(","):
        model = load_model(args, name)
        try:
            full, _ = torch_module(model)
        except UnsupportedModel as e:
            emit({"kind": "skip", "case": name, "why": str(e)})
            continue
        path = os.path.join(args.models_dir, name + ".onnx")
        diff = check_against_ort(np, torch, path, model, full)
        if diff is not None:
            emit({"kind": "check", "model": name, "batch": 4,
                  "max_abs_diff": diff})


def torch_step(np, torch, model, logits, batch):
    """One SGD-momentum training step on a fixed batch, as a callable."""
    from torch import nn

    logits.train()
    x = torch.from_numpy(fixed_input(np, input_shape(model, batch)))
    classes = model.graph.output[0].type.tensor_type.shape.dim[1].dim_value
    y = torch.from_numpy(
        np.random.default_rng(SEED + 1).integers(0, classes, batch))
    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.SGD(logits.parameters(), lr=LR, momentum=MOMENTUM)

    def train_step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(logits(x), y)
        loss.backward()
        opt.step()
    return train_step


def run_torch(args):
    import numpy as np
    import torch

    torch.set_num_threads(args.threads)
    torch.manual_seed(SEED)
    torch.ones(64, 64) @ torch.ones(64, 64)  # loads a lazily loaded BLAS
    emit({"kind": "blas", "threads": torch.get_num_threads(),
          "openblas": loaded_openblas_core()})
    name, kind, batch = parse_case(args.case)
    model = load_model(args, name)
    try:
        full, logits = torch_module(model)
    except UnsupportedModel as e:
        emit({"kind": "skip", "case": args.case, "why": str(e)})
        return
    if kind == "train":
        report(args.case, torch_step(np, torch, model, logits, batch), args)
        return
    full.eval()
    x = torch.from_numpy(fixed_input(np, input_shape(model, batch)))

    def infer():
        with torch.no_grad():
            full(x)
    report(args.case, infer, args)


# -- onnxruntime -------------------------------------------------------------
def run_ort(args):
    import numpy as np
    import onnxruntime as ort

    name, kind, batch = parse_case(args.case)
    if kind != "infer":
        emit({"kind": "skip", "case": args.case,
              "why": "onnxruntime runs inference only"})
        return
    options = ort.SessionOptions()
    options.intra_op_num_threads = args.threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    model = load_model(args, name)
    sess = ort.InferenceSession(os.path.join(args.models_dir, name + ".onnx"),
                                options, providers=["CPUExecutionProvider"])
    feed = {sess.get_inputs()[0].name: fixed_input(np, input_shape(model, batch))}
    report(args.case, lambda: sess.run(None, feed), args)


# -- driver --------------------------------------------------------------------
def report(case, fn, args):
    ms, means = measure(fn, args.min_time, args.repetitions, args.warmup)
    emit({"kind": "time", "case": case, "ms": ms, "repetitions": means})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("peer", choices=["info", "check", "torch", "ort"])
    parser.add_argument("--models-dir")
    parser.add_argument("--models", default="mnist_cnn,cifar10_cnn,mnist_mlp",
                        help="models to check (check)")
    parser.add_argument("--case", help="the case to time (torch, ort)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--min-time", type=float, default=1.0)
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--warmup", type=float, default=0.5)
    args = parser.parse_args()
    if args.peer == "info":
        info()
        return
    if not args.models_dir:
        parser.error("--models-dir is required")
    if args.peer == "check":
        run_check(args)
        return
    if not args.case:
        parser.error("--case is required")
    if args.threads < 1 or args.repetitions < 1 or args.min_time <= 0:
        parser.error("--threads and --repetitions must be >= 1, --min-time > 0")
    {"torch": run_torch, "ort": run_ort}[args.peer](args)


if __name__ == "__main__":
    main()
