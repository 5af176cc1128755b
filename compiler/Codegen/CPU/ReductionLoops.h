//===- ReductionLoops.h - reductions with a register accumulator -*- C++ -*-===//
//
// linalg's own loop lowering reads and writes the output element in every
// iteration of a reduction; with memref arguments LLVM cannot prove the
// store does not alias the inputs, so a bias gradient (a sum over batch and
// pixels) became a chain of dependent scalar adds through memory. Here the
// reduction loops carry the value instead (scf.for iter_args), the output is
// loaded and stored once per element, and the float adds and multiplies of
// the body may be reassociated (fastmath reassoc, contract), which lets LLVM
// vectorise the innermost reduction loop with several partial sums, as
// every BLAS and framework does.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_CODEGEN_CPU_REDUCTIONLOOPS_H
#define DLC_COMPILER_CODEGEN_CPU_REDUCTIONLOOPS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"

namespace dlc {

/// Whether `op` (buffers, one output, static bounds, a body without
/// regions) loops over its parallel dims first and reduces over the rest
/// (at least 64 iterations per output), with an output indexed by parallel
/// dims only.
bool isInnerReduction(mlir::linalg::LinalgOp op);

/// Lowers such an op (isInnerReduction) to scf.for loops, one per dim in
/// dim order (returned), the reduction loops carrying the accumulator.
/// With a `vectorWidth`, an innermost reduction dim of at least that many
/// iterations that the inputs read at unit stride (or not at all), in a
/// body ending in an add, maximumf or minimumf of the accumulator, is a
/// loop over vectors of that many lanes with one horizontal reduction at
/// its end (LLVM had unrolled such a short loop and gathered along the
/// next one). The op is left in place for the caller to erase.
llvm::SmallVector<mlir::Operation *>
lowerInnerReduction(mlir::RewriterBase &rewriter, mlir::linalg::LinalgOp op,
                    unsigned vectorWidth = 0);

} // namespace dlc

#endif // DLC_COMPILER_CODEGEN_CPU_REDUCTIONLOOPS_H
