//===- DLCTrainingOps.td - ops whose meaning depends on the mode -*- tablegen -*-===//
//
// BatchNormalization and Dropout compute different things when a model
// trains and when it infers. The importer emits them as these ops, which
// keep the mode open; dlc-expand-inference-ops (every compile) and
// dlc-build-train-step (the training step, before the reverse sweep)
// expand them into ordinary differentiable dlc ops.
//
// Included at the end of DLCOps.td.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TRAINING_OPS_TD
#define DLC_TRAINING_OPS_TD

//===----------------------------------------------------------------------===//
// Mode-dependent ops
//===----------------------------------------------------------------------===//

def DLC_BatchNormOp : DLC_Op<"batch_norm", [Pure]> {
  let summary = "batch normalisation over axis 1 (ONNX BatchNormalization)";
  let description = [{
    `input` is [N, C, D...]; `scale`, `bias`, `mean` and `var` are [C].
    Inference normalises with the running statistics:
    `y = (x - mean) * scale / sqrt(var + epsilon) + bias`.
    A training step normalises with the batch's mean and biased variance
    over every axis but 1, and updates the running statistics (when they
    are model parameters) as
    `running = momentum * running + (1 - momentum) * batch`, with the
    unbiased batch variance (PyTorch's convention; ONNX's `momentum` is
    `1 - torch momentum`).

    Example:
    ```mlir
    %y = dlc.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-05 : f32, momentum = 0.9 : f32}
          : (tensor<8x4x5x5xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<8x4x5x5xf32>
    ```
  }];
  let arguments = (ins DLC_FloatTensor:$input, DLC_FloatTensor:$scale,
                   DLC_FloatTensor:$bias, DLC_FloatTensor:$mean,
                   DLC_FloatTensor:$var, F32Attr:$epsilon, F32Attr:$momentum);
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $mean `,` $var attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def DLC_DropoutOp : DLC_Op<"dropout", [Pure, SameOperandsAndResultType]> {
  let summary = "dropout (ONNX Dropout)";
  let description = [{
    The identity at inference. In a training step each element is zeroed
    with probability `ratio` and the others are scaled by `1 / (1 - ratio)`
    (`dlc.dropout_mask`); `stream` tells the dropout ops of one model apart
    so that they draw independent masks. Without `ratio` the model gives it
    at run time: such a dropout can only infer.

    Example:
    ```mlir
    %y = dlc.dropout %x {ratio = 5.0e-01 : f32, stream = 0 : i64} : tensor<8x16xf32>
    ```
  }];
  let arguments = (ins DLC_FloatTensor:$input, OptionalAttr<F32Attr>:$ratio,
                   I64Attr:$stream);
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def DLC_DropoutMaskOp : DLC_Op<"dropout_mask", [Pure]> {
  let summary = "the scaled keep-mask of a training-mode dropout";
  let description = [{
    A tensor of `0` (probability `ratio`) and `1 / (1 - ratio)`. `rng` is
    the training step's generator state `[seed_lo, seed_hi, step]` (i32):
    element `i` (row-major) is dropped when a counter-based hash of
    (seed, step, `stream`, i) falls below `ratio * 2^32`, so equal states
    give equal masks and no runtime call or stored state per element is
    needed. It does not depend on any float value: the reverse sweep
    treats it as a constant.

    Example:
    ```mlir
    %m = dlc.dropout_mask %rng {ratio = 2.5e-01 : f32, stream = 1 : i64} : tensor<3xi32> -> tensor<8x16xf32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[I32]>:$rng, F32Attr:$ratio,
                   I64Attr:$stream);
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = "$rng attr-dict `:` type($rng) `->` type($result)";
  let hasVerifier = 1;
}

#endif // DLC_TRAINING_OPS_TD
