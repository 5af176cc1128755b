#!/usr/bin/env python3
"""numpy reference for fashion_mnist_classify: what dlc's mnist_cnn must print.

Usage:  python3 models/reference_classify.py [--count N] [--data DIR] [--show K]

Runs models/mnist_cnn.onnx (float64, gen_models.reference_forward) on the first
N Fashion-MNIST test images and prints the same prediction lines and accuracy as
the C app, so a dlc build can be checked against it line by line.
"""

import argparse
import gzip
import os
import sys

import numpy as np
import onnx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_models import reference_forward  # noqa: E402

CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
           "Shirt", "Sneaker", "Bag", "Ankle boot"]


def read_idx(path, magic):
    with gzip.open(path, "rb") as f:
        data = f.read()
    got = int.from_bytes(data[:4], "big")
    if got != magic:
        sys.exit(f"error: {path}: magic 0x{got:08x}, expected 0x{magic:08x}")
    ndims = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndims)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * ndims).reshape(dims)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--show", type=int, default=10)
    ap.add_argument("--model", default=os.path.join(here, "mnist_cnn.onnx"))
    args = ap.parse_args()

    images = read_idx(os.path.join(args.data, "t10k-images-idx3-ubyte.gz"), 0x803)
    labels = read_idx(os.path.join(args.data, "t10k-labels-idx1-ubyte.gz"), 0x801)
    n = len(images) if args.count <= 0 else min(args.count, len(images))
    x = images[:n].reshape(n, 1, 28, 28).astype(np.float32) * np.float32(1 / 255)
    model = onnx.load(args.model)
    probs = np.concatenate([reference_forward(model, x[i:i + 256])
                            for i in range(0, n, 256)])
    pred = probs.argmax(axis=1)
    for i in range(min(args.show, n)):
        p, y = pred[i], labels[i]
        print(f"  image {i:5d}: predicted {CLASSES[p]:<11s} (p={probs[i, p]:.3f})"
              f"  actual {CLASSES[y]:<11s} {'ok' if p == y else ''}")
    correct = int((pred == labels[:n]).sum())
    print(f"accuracy: {correct} / {n} = {100.0 * correct / n:.2f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
