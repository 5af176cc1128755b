//===- Passes.td - dlc transformation passes ---------------*- tablegen -*-===//
#ifndef DLC_TRANSFORMS_PASSES_TD
#define DLC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def PlanMemory : Pass<"dlc-plan-memory", "mlir::ModuleOp"> {
  let summary = "Place every intermediate buffer at a compile-time offset in one arena";
  let description = [{
    After bufferization, every statically shaped `memref.alloc` of the defined
    functions becomes a `memref.view` into one caller-owned arena argument
    appended to the function (`memref<Nxi8>`, marked `dlc.arena`). Buffers whose
    live ranges (first to last use, through views) do not overlap may share
    bytes; offsets are chosen greedily by size (largest first, lowest
    non-conflicting 64-byte aligned offset), the "greedy by size" heuristic of
    Pisarchyk and Lee, "Efficient Memory Management for Deep Neural Net
    Inference" (arXiv:2001.03288). The arena size is recorded on the function
    as `dlc.arena_bytes`, and the plan as `dlc.memory_plan`: one dictionary
    per value (ONNX node, buffer index, bytes, offset, first and last
    position in the block), where an elementwise `linalg.generic` that
    bufferization let write over its dying input starts a second value in
    that input's buffer. `dlc --emit=plan` prints it.

    Example: two 4 KiB buffers whose lives do not overlap share offset 0 and
    the arena is 4 KiB.
  }];
  let dependentDialects = ["mlir::memref::MemRefDialect", "mlir::arith::ArithDialect"];
}

def FuseElementwise : Pass<"dlc-fuse-elementwise", "mlir::ModuleOp"> {
  let summary = "Fuse elementwise producers into their consumers, except into contractions";
  let description = [{
    `linalg-fuse-elementwise-ops` with one exception: a producer is not
    fused into a `linalg.generic` that reduces and whose body is exactly
    `out + a * b` (a matmul or convolution written as a generic). Fused,
    the relu before a dense layer made the layer's body `out + max(a, 0) *
    b`, which dlc-cpu-lower-contractions cannot treat as a matrix multiply
    (it ran as scalar loops); unfused, the relu is the epilogue of the
    convolution that produces its input. As upstream, only producers with
    one use are fused.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

def CropUnreadBorders : Pass<"dlc-crop-unread-borders", "mlir::ModuleOp"> {
  let summary = "Compute only the rows and columns a pooling reads";
  let description = [{
    A pooling or convolution without end padding whose windows stop short
    of its input's end (a 2x2, stride-2 pooling of an odd size, whose last
    row and column no window reads) gets its input cropped to what the
    windows read: a `dlc.slice` from the origin. The crop then moves up to
    the producer where it has one use: through elementwise ops (broadcast
    operands cropped where they are not broadcast), and into a convolution
    or pooling, which then computes the smaller result from an input
    cropped the same way. What is left is a slice of a value with other
    uses or of a function argument: a subview, not a copy.

    The seed CNN's second convolution (11x11 output, pooled 2x2 to 5x5)
    then computes 10x10 positions, and the first (26x26, pooled to 13x13,
    of which the second reads 12x12) computes 24x24.

    Example: `dlc.max_pool(relu(conv(%x)))` with a 2x2, stride-2 window over
    an 11x11 `conv` becomes `dlc.max_pool(relu(conv(slice(%x))))`, the
    slice keeping the input rows the 10x10 convolution reads.
  }];
}

def DistinctResults : Pass<"dlc-distinct-results", "mlir::func::FuncOp"> {
  let summary = "Give each repeated function result a copy of its own";
  let description = [{
    Where a `func.return` returns one tensor more than once (a vector-Jacobian
    product whose two initializers get one gradient, a graph with two outputs
    naming one tensor), every repeat after the first becomes a copy in a new
    allocation (`bufferization.alloc_tensor copy(%v)`; a `linalg.copy` into
    `tensor.empty` would be folded back into the source by
    eliminate-empty-tensors). Each result then bufferizes to its own buffer,
    as the C ABI's separate output pointers need (and
    buffer-results-to-out-params cannot hoist one allocation into two
    output parameters).
  }];
  let dependentDialects = ["mlir::bufferization::BufferizationDialect"];
}

def ReuseElementwiseInputs : Pass<"dlc-reuse-elementwise-inputs", "mlir::ModuleOp"> {
  let summary = "Let elementwise ops write over an input that dies there";
  let description = [{
    An elementwise `linalg.generic` (every loop parallel, every indexing map
    the identity) whose init is a `tensor.empty` it does not read takes as
    init an input of the result's type whose only use it is, where that input
    is computed by a destination-style op (not a function argument or a
    constant). One-shot bufferization then writes the result over the input's
    buffer in place instead of allocating one, so dlc-plan-memory has fewer
    and shorter-lived buffers.

    Example: `%r = linalg.generic ins(%x) outs(%empty)` computing ReLU, where
    `%x` is only used here, becomes `linalg.generic ins(%x) outs(%x)`.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

def MemRefCopyToLinalg : Pass<"dlc-memref-copy-to-linalg", "mlir::ModuleOp"> {
  let summary = "Rewrite memref.copy as linalg.copy";
  let description = [{
    `memref.copy` of non-contiguous buffers lowers to a call into MLIR's
    runner library, which generated objects must not depend on. As
    `linalg.copy` it becomes plain loops (which LLVM turns back into
    `memcpy` where the copy is contiguous). A copy of a buffer onto itself
    (bufferization leaves one where a slice was computed in place) is
    erased.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

def ApproximateMath : Pass<"dlc-approximate-math", "mlir::ModuleOp"> {
  let summary = "Replace transcendental math ops by polynomial approximations";
  let description = [{
    exp, log, log1p, tanh, ... become arithmetic (MLIR's polynomial
    approximations, accurate to a few ulp in f32), so generated objects need no
    libm and the loops around them vectorise.
  }];
  let dependentDialects = ["mlir::math::MathDialect", "mlir::arith::ArithDialect",
                           "mlir::vector::VectorDialect"];
}

def BuildVJP : Pass<"dlc-build-vjp", "mlir::ModuleOp"> {
  let summary = "Turn each function into its vector-Jacobian product";
  let description = [{
    `f(inputs...) -> (outputs...)` becomes
    `f(inputs..., cotangent_0) -> (grads...)` with
    `grad_w = d sum(cotangent_0 * output_0) / d w` for each initializer `w`
    (an `arith.constant` carrying `dlc.initializer`) named in `wrt`, or every
    floating-point initializer when `wrt` is empty, in the order the
    constants appear. Runs on freshly imported IR, before folding merges or
    rewrites the initializer constants. The gradient graph comes from the
    reverse sweep over the ops' gradient rules.

    Example: for `y = relu(x * w)` it returns `dy/dw`, built from `dlc.mul`
    and the relu rule.
  }];
  let options = [
    ListOption<"wrt", "wrt", "std::string",
               "initializers to differentiate (default: every float one)">,
  ];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

def BuildTrainStep : Pass<"dlc-build-train-step", "mlir::ModuleOp"> {
  let summary = "Add a training step (forward, loss, gradients, update)";
  let description = [{
    On freshly imported IR with one entry function `@<m>_run`: the trainable
    initializers (float ones, filtered by `trainable`/`frozen`) become
    parameter arguments of `@<m>_run` (after its inputs), and a new function

      @<m>_train_step(inputs..., labels, lr, params..., state...)
          -> (loss, params'..., state'...)

    computes the forward pass, the loss on `loss-output` (default: output 0),
    its gradients by the reverse sweep over the ops' gradient rules, and the
    optimizer update. Updated parameters and state are written back into
    their arguments (`bufferization.materialize_in_destination`), so after
    bufferization they update the caller's buffers in place. Arguments carry
    `dlc.role` (input, labels, lr, param, buffer, state) and
    `dlc.onnx_name`; parameters also `dlc.init`, `dlc.fan_in`, `dlc.fan_out`
    for the seeded initialiser (He uniform before a ReLU, Glorot uniform
    otherwise, zeros for biases; batch norm scale ones, bias zeros).
    `dlc.batch_norm` and `dlc.dropout` are expanded for training first
    (compiler/Transforms/ModeOps.h): the running mean and variance of a batch
    norm are "buffer" arguments among the parameters that the step updates
    (init zeros and ones) instead of differentiating; with dropout the state
    ends with `dropout_rng` (tensor<3xi32>: seed_lo, seed_hi, step), whose
    step the training step increments.
  }];
  let options = [
    Option<"loss", "loss", "std::string", "\"softmax-cross-entropy\"",
           "softmax-cross-entropy | cross-entropy | binary-cross-entropy | mse">,
    Option<"lossOutput", "loss-output", "std::string", "\"\"",
           "the graph output the loss is computed on (default: the first)">,
    Option<"optimizer", "optimizer", "std::string", "\"sgd\"",
           "sgd | adagrad | rmsprop | adam | adamw">,
    Option<"momentum", "momentum", "double", "0.0", "SGD/RMSprop momentum">,
    Option<"nesterov", "nesterov", "bool", "false", "Nesterov momentum (SGD)">,
    Option<"beta1", "beta1", "double", "0.9", "Adam/AdamW beta1">,
    Option<"beta2", "beta2", "double", "0.999", "Adam/AdamW beta2">,
    Option<"rho", "rho", "double", "0.9", "RMSprop decay">,
    Option<"epsilon", "epsilon", "double", "1e-8", "denominator guard">,
    Option<"weightDecay", "weight-decay", "double", "0.0",
           "L2 weight decay (AdamW: decoupled)">,
    Option<"l1", "l1", "double", "0.0", "L1 penalty">,
    ListOption<"trainable", "trainable", "std::string",
               "initializers to train (default: every float one but rank-0 "
               "scalars and non-finite or >= 1e30 masks)">,
    ListOption<"frozen", "frozen", "std::string",
               "initializers to keep constant">,
  ];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::bufferization::BufferizationDialect"];
}

def ExpandInferenceOps : Pass<"dlc-expand-inference-ops", "mlir::ModuleOp"> {
  let summary = "Expand dlc.batch_norm and dlc.dropout for inference";
  let description = [{
    The first graph pass of every compile: `dlc.batch_norm` becomes
    `(x - mean) * (scale / sqrt(var + epsilon)) + bias` with the running
    statistics reshaped to `[C, 1, ...]`, and `dlc.dropout` the identity.
    A training step has expanded its own copies for training by then
    (dlc-build-train-step), so this only meets inference code.

    Example: `%y = dlc.dropout %x {ratio = 0.5 : f32, stream = 0 : i64}`
    is replaced by `%x`.
  }];
}

#endif // DLC_TRANSFORMS_PASSES_TD

def PoisonDeadBuffers : Pass<"dlc-poison-dead-buffers", "mlir::ModuleOp"> {
  let summary = "Make AddressSanitizer enforce the arena plan's live ranges";
  let description = [{
    For code built with `dlc --sanitize=address`. In every function with a
    `dlc.arena` argument (after dlc-plan-memory) the whole arena is checked
    to be addressable (`__asan_storeN`: an arena shorter than planned is
    reported there) and poisoned on entry (`__asan_poison_memory_region`);
    each buffer, a `memref.view` of
    the arena at a constant offset, is unpoisoned just before its first
    access and poisoned again just after its last (the live range the plan
    used), and the arena is unpoisoned before each return so the caller may
    reuse it. An access to a buffer outside its planned live range, or to
    the gaps between buffers, is then reported by AddressSanitizer as a
    use-after-poison. The buffers' bytes are untouched otherwise.
  }];
  let dependentDialects = ["mlir::memref::MemRefDialect",
                           "mlir::arith::ArithDialect",
                           "mlir::func::FuncDialect",
                           "mlir::LLVM::LLVMDialect"];
}
