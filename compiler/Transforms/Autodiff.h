//===- Autodiff.h - reverse-mode differentiation of dlc IR ------*- C++ -*-===//
//
// The reverse sweep behind every gradient dlc computes: the VJP mode of
// dlc-run --grads, the ONNX Gradient op and --train. It calls each op's
// GradientOpInterface rule, so the gradient graph is ordinary dlc IR.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_TRANSFORMS_AUTODIFF_H
#define DLC_COMPILER_TRANSFORMS_AUTODIFF_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/Value.h"

#include <utility>

namespace dlc {

/// Appends to the block of `seeds` (before its terminator, or at its end
/// while it has none, as when the ONNX importer builds it) the reverse sweep
/// from the seeds — pairs (value, gradient of the loss with respect to it) —
/// back to `wrt`. Only ops on a path from some `wrt` value to some seed are
/// differentiated. Returns the gradient of every `wrt` value, a zero constant
/// where it does not reach a seed. Fails, with an error at the op, when an op
/// on such a path has no gradient rule. All values must live in one block.
mlir::FailureOr<llvm::SmallVector<mlir::Value>>
buildReverseSweep(mlir::OpBuilder &builder,
                  llvm::ArrayRef<std::pair<mlir::Value, mlir::Value>> seeds,
                  llvm::ArrayRef<mlir::Value> wrt);

/// A zero tensor of `type` (an arith.constant splat).
mlir::Value createZeros(mlir::OpBuilder &builder, mlir::Location loc,
                        mlir::RankedTensorType type);

} // namespace dlc

#endif // DLC_COMPILER_TRANSFORMS_AUTODIFF_H
