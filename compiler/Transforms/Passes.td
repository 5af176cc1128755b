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
    as `dlc.arena_bytes`.

    Example: two 4 KiB buffers whose lives do not overlap share offset 0 and
    the arena is 4 KiB.
  }];
  let dependentDialects = ["mlir::memref::MemRefDialect", "mlir::arith::ArithDialect"];
}

def MemRefCopyToLinalg : Pass<"dlc-memref-copy-to-linalg", "mlir::ModuleOp"> {
  let summary = "Rewrite memref.copy as linalg.copy";
  let description = [{
    `memref.copy` of non-contiguous buffers lowers to a call into MLIR's
    runner library, which generated objects must not depend on. As
    `linalg.copy` it becomes plain loops (which LLVM turns back into
    `memcpy` where the copy is contiguous).
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

#endif // DLC_TRANSFORMS_PASSES_TD
