#!/usr/bin/env python3
"""Exports the models users bring today and writes them as ONNX backend-test
cases that `dlc-run` checks:

  <model>_<exporter>/model.onnx                 torch.onnx.export's file
  <model>_<exporter>/test_data_set_0/input_K.pb a seeded input
  <model>_<exporter>/test_data_set_0/output_K.pb ONNX Runtime's outputs on it
  <model>_<exporter>/grads/                      (language models) PyTorch
      autograd's d sum(c * output_0) / d w for every initializer that is a
      named parameter of the torch model, for a random cotangent c

The models are Hugging Face transformers built from small configs with
seeded random weights (BERT for sequence classification, GPT-2 with its LM
head, ViT for image classification; hidden 128, 2 layers), each exported
with both torch exporters (`dynamo=True`, the default, and the TorchScript
exporter), and torchvision CNNs exported with `dynamo=True`. The expected
outputs are ONNX Runtime's, an implementation independent of dlc; the script
also requires that ONNX Runtime matches PyTorch, so a bad export is reported
here rather than blamed on dlc. `text_classifier.onnx` is a BERT classifier
on input_ids alone and `language_model.onnx` GPT-2 giving next-token
logits, for the training tests (train_export.sh).

Runs in the venv of scripts/requirements-peers.txt:

  make_exports.py OUT_DIR [CASE...]
"""
import os
import sys
import time
import warnings

import numpy as np
import onnx
import onnxruntime as ort
import torch
from onnx import numpy_helper

VOCAB = 512
SEQ = 16
BATCH = 2


class Logits(torch.nn.Module):
    """A transformers model as a module returning its logits tensor alone."""

    def __init__(self, model, names, **kwargs):
        super().__init__()
        self.model = model
        self.names = names
        self.kwargs = kwargs

    def forward(self, *args):
        return self.model(**dict(zip(self.names, args)), **self.kwargs).logits


def token_ids(g, batch=BATCH):
    return torch.randint(0, VOCAB, (batch, SEQ), generator=g)


def bert(g):
    from transformers import BertConfig, BertForSequenceClassification
    config = BertConfig(vocab_size=VOCAB, hidden_size=128, num_hidden_layers=2,
                        num_attention_heads=4, intermediate_size=256,
                        max_position_embeddings=64, num_labels=3)
    mask = torch.ones(BATCH, SEQ, dtype=torch.int64)
    mask[1, SEQ - 5:] = 0  # the second sequence is padded
    model = BertForSequenceClassification(config)
    return Logits(model, ("input_ids", "attention_mask")), (token_ids(g), mask)


def gpt2(g):
    from transformers import GPT2Config, GPT2LMHeadModel
    config = GPT2Config(vocab_size=VOCAB, n_positions=64, n_embd=128,
                        n_layer=2, n_head=4)
    # With an attention_mask: without one, transformers 5 looks for packed
    # sequences in the position ids with aten::diff, which the TorchScript
    # exporter cannot export.
    mask = torch.ones(BATCH, SEQ, dtype=torch.int64)
    model = Logits(GPT2LMHeadModel(config), ("input_ids", "attention_mask"),
                   use_cache=False)
    return model, (token_ids(g), mask)


def vit(g):
    from transformers import ViTConfig, ViTForImageClassification
    config = ViTConfig(image_size=32, patch_size=8, num_channels=3,
                       hidden_size=128, num_hidden_layers=2,
                       num_attention_heads=4, intermediate_size=256,
                       num_labels=10)
    pixels = torch.randn(BATCH, 3, 32, 32, generator=g)
    return Logits(ViTForImageClassification(config), ("pixel_values",)), (pixels,)


def torchvision_model(name):
    def build(g):
        import torchvision
        model = getattr(torchvision.models, name)(weights=None)
        return model, (torch.randn(1, 3, 224, 224, generator=g),)
    return build


# (model, exporter) -> builder; the language models also get PyTorch grads.
TRANSFORMERS = {"bert": bert, "gpt2": gpt2, "vit": vit}
CASES = {}
for _name, _build in TRANSFORMERS.items():
    CASES[f"{_name}_dynamo"] = (_build, True)
    CASES[f"{_name}_torchscript"] = (_build, False)
for _name in ("resnet18", "mobilenet_v2"):
    CASES[f"{_name}_dynamo"] = (torchvision_model(_name), True)
WITH_GRADS = ("bert", "gpt2")


def export(model, args, path, dynamo):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if dynamo:
            program = torch.onnx.export(model, args, dynamo=True,
                                        verbose=False)
            program.save(path)
        else:
            # Without constant folding the TorchScript exporter keeps the
            # parameters' names (folding would turn W^T into a new
            # initializer named after its node).
            torch.onnx.export(model, args, path, dynamo=False, opset_version=17,
                              do_constant_folding=False)


def save(path, array, name):
    with open(path, "wb") as f:
        f.write(numpy_helper.from_array(array, name).SerializeToString())


def run_reference(path, arrays):
    """ONNX Runtime's outputs, with the inputs bound by the file's names."""
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    names = [i.name for i in session.get_inputs()]
    if len(names) != len(arrays):
        raise SystemExit(f"{path}: {len(names)} graph inputs, "
                         f"{len(arrays)} example inputs")
    return names, session.run(None, dict(zip(names, arrays)))


def perturb(model, g):
    """Moves every parameter off its initial value (LayerNorm's ones, the
    zero biases), as training would: exporters share equal constants
    between nodes, which would make one initializer stand for several
    parameters."""
    with torch.no_grad():
        for p in model.parameters():
            p.add_(0.05 * torch.randn(p.shape, generator=g))


def parameter_initializers(model, onnx_model):
    """initializer name -> (parameter name, transposed): the exporters keep
    some parameters under their names and fold others (W^T) into new
    initializers, so each is found by value. A parameter that more than one
    initializer holds (GPT-2's tied embedding) is left out: its gradient is
    the sum over the uses."""
    params = {n: p.detach().numpy() for n, p in model.named_parameters()}
    found = {}
    for init in onnx_model.graph.initializer:
        if init.data_type != onnx.TensorProto.FLOAT or "/" in init.name:
            continue
        value = numpy_helper.to_array(init)
        for name, p in params.items():
            if value.shape == p.shape and np.array_equal(value, p):
                found[init.name] = (name, False)
            elif p.ndim == 2 and value.shape == p.T.shape and \
                    np.array_equal(value, p.T):
                found[init.name] = (name, True)
    uses = {}
    for name, _ in found.values():
        uses[name] = uses.get(name, 0) + 1
    return {i: v for i, v in found.items() if uses[v[0]] == 1}


def write_grads(case, model, args, onnx_model, rng):
    """d sum(c * logits) / d w in float64 for the initializers that hold a
    parameter of `model`."""
    mapping = parameter_initializers(model, onnx_model)
    params = dict(model.double().named_parameters())
    logits = model(*[a.double() if a.is_floating_point() else a for a in args])
    cotangent = rng.standard_normal(logits.shape).astype(np.float32)
    wanted = [params[name] for name, _ in mapping.values()]
    grads = torch.autograd.grad(logits, wanted,
                                grad_outputs=torch.from_numpy(cotangent).double())
    model.float()
    os.makedirs(os.path.join(case, "grads"), exist_ok=True)
    save(os.path.join(case, "grads", "cotangent_0.pb"), cotangent, "cotangent_0")
    largest = max(float(g.abs().max()) for g in grads)
    for (init, (_, transposed)), grad in zip(mapping.items(), grads):
        grad = grad.T if transposed else grad
        save(os.path.join(case, "grads", f"{init}.pb"),
             grad.numpy().astype(np.float32), init)
    with open(os.path.join(case, "grads", "tolerance.txt"), "w") as f:
        f.write("# float32 through two transformer layers against float64\n"
                f"rtol=2e-3 atol={2e-4 * largest:.3g}\n")
    return len(mapping), len(params)


def write_case(out, name, build, dynamo, rng):
    g = torch.Generator().manual_seed(1234)
    torch.manual_seed(1234)
    model, args = build(g)
    model.eval()
    perturb(model, g)
    case = os.path.join(out, name)
    data = os.path.join(case, "test_data_set_0")
    os.makedirs(data, exist_ok=True)
    path = os.path.join(case, "model.onnx")
    start = time.time()
    export(model, args, path, dynamo)
    seconds = time.time() - start
    onnx_model = onnx.load(path)
    arrays = [a.numpy() for a in args]
    names, outputs = run_reference(path, arrays)
    with torch.no_grad():
        expected = model(*args)
    if not np.allclose(outputs[0], expected.numpy(), rtol=1e-3, atol=1e-4):
        raise SystemExit(f"{name}: ONNX Runtime does not match PyTorch on the "
                         "export (not a dlc failure)")
    for k, (input_name, array) in enumerate(zip(names, arrays)):
        save(os.path.join(data, f"input_{k}.pb"), array, input_name)
    for k, (value, array) in enumerate(zip(onnx_model.graph.output, outputs)):
        save(os.path.join(data, f"output_{k}.pb"), array, value.name)
    note = ""
    if name.split("_")[0] in WITH_GRADS:
        note = ", grads for %d of %d parameters" % write_grads(
            case, model, args, onnx_model, rng)
    opsets = ",".join(f"{o.domain or 'ai.onnx'}:{o.version}"
                      for o in onnx_model.opset_import)
    print(f"{name}: IR {onnx_model.ir_version}, opset {opsets}, "
          f"{len(onnx_model.graph.node)} nodes, exported in {seconds:.1f} s"
          f"{note}")


def write_text_classifier(out):
    """BERT for 2-way classification on input_ids alone (batch 8), the model
    train_text.c trains with dlc --train."""
    from transformers import BertConfig, BertForSequenceClassification
    torch.manual_seed(7)
    config = BertConfig(vocab_size=64, hidden_size=64, num_hidden_layers=2,
                        num_attention_heads=4, intermediate_size=128,
                        max_position_embeddings=SEQ, num_labels=2,
                        hidden_dropout_prob=0.0,
                        attention_probs_dropout_prob=0.0)
    model = Logits(BertForSequenceClassification(config), ("input_ids",)).eval()
    ids = torch.randint(0, 64, (8, SEQ))
    path = os.path.join(out, "text_classifier.onnx")
    export(model, (ids,), path, dynamo=True)
    print(f"text_classifier: {len(onnx.load(path).graph.node)} nodes")


def write_quantized_cnn(out, rng):
    """models/mnist_cnn.onnx (batch 4) quantized by ONNX Runtime's own tool
    (quantize_static, QDQ format: uint8 activations, int8 weights with
    per-channel scales, calibrated on seeded random images), as a case with
    ONNX Runtime's outputs. ONNX Runtime runs the QDQ pairs as integer
    kernels and dlc as the float computation they specify, so intermediate
    values may round one quantum apart; `tolerance.txt` allows two quanta
    of the output's scale (run_exports.sh)."""
    from onnxruntime.quantization import (CalibrationDataReader, QuantFormat,
                                          QuantType, quantize_static)
    here = os.path.dirname(os.path.abspath(__file__))
    model = onnx.load(os.path.join(here, "..", "..", "models", "mnist_cnn.onnx"))
    model.graph.input[0].type.tensor_type.shape.dim[0].dim_value = 4
    for value in model.graph.output:
        value.type.tensor_type.shape.dim[0].dim_value = 4
    case = os.path.join(out, "mnist_cnn_qdq")
    os.makedirs(os.path.join(case, "test_data_set_0"), exist_ok=True)
    float_path = os.path.join(case, "float.onnx")
    onnx.save(model, float_path)
    name = model.graph.input[0].name
    batches = [rng.uniform(0, 1, (4, 1, 28, 28)).astype(np.float32)
               for _ in range(8)]

    class Reader(CalibrationDataReader):
        def __init__(self):
            self.left = iter(batches)

        def get_next(self):
            batch = next(self.left, None)
            return None if batch is None else {name: batch}

    path = os.path.join(case, "model.onnx")
    quantize_static(float_path, path, Reader(), quant_format=QuantFormat.QDQ,
                    per_channel=True, weight_type=QuantType.QInt8,
                    activation_type=QuantType.QUInt8)
    os.remove(float_path)
    x = rng.uniform(0, 1, (4, 1, 28, 28)).astype(np.float32)
    names, outputs = run_reference(path, [x])
    save(os.path.join(case, "test_data_set_0", "input_0.pb"), x, names[0])
    quantized = onnx.load(path)
    save(os.path.join(case, "test_data_set_0", "output_0.pb"), outputs[0],
         quantized.graph.output[0].name)
    # The scale of the DequantizeLinear that produces the output.
    producer = {o: node for node in quantized.graph.node for o in node.output}
    last = producer[quantized.graph.output[0].name]
    if last.op_type != "DequantizeLinear":
        raise SystemExit("mnist_cnn_qdq: the output is not dequantized")
    scales = {i.name: numpy_helper.to_array(i)
              for i in quantized.graph.initializer}
    scale = float(scales[last.input[1]])
    with open(os.path.join(case, "tolerance.txt"), "w") as f:
        f.write(f"--rtol=0 --atol={2 * scale:.6g}\n")
    ops = sorted({node.op_type for node in quantized.graph.node})
    print(f"mnist_cnn_qdq: {len(quantized.graph.node)} nodes ({', '.join(ops)}), "
          f"output scale {scale:.4g}")


class NextTokenLogits(torch.nn.Module):
    """GPT-2's logits for positions 0..S-2 as [B * (S - 1), vocab]: each row
    predicts the next token, so a softmax cross-entropy against
    input_ids[:, 1:] is the LM loss."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids):
        logits = self.model(input_ids=input_ids, use_cache=False).logits
        return logits[:, :-1].reshape(-1, logits.shape[-1])


def write_language_model(out):
    """GPT-2 (vocabulary 64, 2 layers) on input_ids [4, 16] giving next-token
    logits, the model train_lm.c trains with dlc --train."""
    from transformers import GPT2Config, GPT2LMHeadModel
    torch.manual_seed(11)
    config = GPT2Config(vocab_size=64, n_positions=SEQ, n_embd=64, n_layer=2,
                        n_head=4, resid_pdrop=0.0, embd_pdrop=0.0,
                        attn_pdrop=0.0, bos_token_id=0, eos_token_id=0)
    model = NextTokenLogits(GPT2LMHeadModel(config)).eval()
    ids = torch.randint(0, 64, (4, SEQ))
    path = os.path.join(out, "language_model.onnx")
    export(model, (ids,), path, dynamo=True)
    print(f"language_model: {len(onnx.load(path).graph.node)} nodes")


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    out = sys.argv[1]
    names = sys.argv[2:] or list(CASES) + ["mnist_cnn_qdq", "text_classifier",
                                           "language_model"]
    rng = np.random.default_rng(5)
    os.makedirs(out, exist_ok=True)
    print(f"torch {torch.__version__}, onnx {onnx.__version__}, "
          f"onnxruntime {ort.__version__}")
    for name in names:
        if name == "text_classifier":
            write_text_classifier(out)
        elif name == "language_model":
            write_language_model(out)
        elif name == "mnist_cnn_qdq":
            write_quantized_cnn(out, rng)
        elif name in CASES:
            write_case(out, name, *CASES[name], rng)
        else:
            raise SystemExit(f"no case {name}; cases: {', '.join(CASES)}")


if __name__ == "__main__":
    main()
