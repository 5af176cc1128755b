//===- GradientUtils.h - helpers of the dlc gradient rules ------*- C++ -*-===//
//
// Small builders the per-family gradient rules share: splat constants,
// masks, and the reduction that undoes numpy broadcasting.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_DIALECTS_DLC_IR_GRADIENTS_GRADIENTUTILS_H
#define DLC_DIALECTS_DLC_IR_GRADIENTS_GRADIENTUTILS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

namespace dlc {

/// The tensor type of `v`.
mlir::RankedTensorType tensorTypeOf(mlir::Value v);

/// True when `v` is a tensor of floating-point elements (the only values the
/// rules differentiate; integer and i1 tensors get no gradient).
bool isFloatTensor(mlir::Value v);

/// An arith.constant splat of `value` with type `type`.
mlir::Value createSplat(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::RankedTensorType type, double value);

/// 1.0 where `lhs > rhs` (broadcast), else 0.0, as a tensor of `type`'s
/// element type and the broadcast shape.
mlir::Value createGreaterMask(mlir::OpBuilder &b, mlir::Location loc,
                              mlir::Value lhs, mlir::Value rhs,
                              mlir::RankedTensorType type);

/// Elementwise ops of equal-shape or broadcasting operands whose result type
/// is the broadcast of the operands' (inferred here).
mlir::Value createMul(mlir::OpBuilder &b, mlir::Location loc, mlir::Value lhs,
                      mlir::Value rhs);
mlir::Value createDiv(mlir::OpBuilder &b, mlir::Location loc, mlir::Value lhs,
                      mlir::Value rhs);
mlir::Value createSub(mlir::OpBuilder &b, mlir::Location loc, mlir::Value lhs,
                      mlir::Value rhs);
mlir::Value createAdd(mlir::OpBuilder &b, mlir::Location loc, mlir::Value lhs,
                      mlir::Value rhs);

/// Sums `grad` (of a broadcast shape) back to `target`'s shape: leading axes
/// `target` lacks and axes where `target` has size 1 are summed
/// (dlc.reduce_sum with keepdims), then the result is reshaped to `target`.
/// Returns `grad` itself when the shapes already agree.
mlir::Value sumToShape(mlir::OpBuilder &b, mlir::Location loc, mlir::Value grad,
                       mlir::RankedTensorType target);

/// `v` with shape `shape` (a dlc.reshape, or `v` when it already has it).
mlir::Value reshapeTo(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v,
                      llvm::ArrayRef<int64_t> shape);

/// `v` broadcast to `shape` (a dlc.broadcast, or `v` when it already has it).
mlir::Value broadcastTo(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v,
                        llvm::ArrayRef<int64_t> shape);

/// `v` with its dimensions permuted (a dlc.transpose).
mlir::Value transpose(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v,
                      llvm::ArrayRef<int64_t> permutation);

/// Sum of `v` over `axes` (sorted), keeping them as size-1 dimensions.
mlir::Value reduceSumKeepDims(mlir::OpBuilder &b, mlir::Location loc,
                              mlir::Value v, llvm::ArrayRef<int64_t> axes);

/// Fills `operandGrads` with one null entry per operand of `op` (no operand
/// gets a gradient) and succeeds.
llvm::LogicalResult
noGradients(mlir::Operation *op,
            llvm::SmallVectorImpl<mlir::Value> &operandGrads);

} // namespace dlc

#endif // DLC_DIALECTS_DLC_IR_GRADIENTS_GRADIENTUTILS_H
