//===- TensorMath.h - terse builders of dlc tensor arithmetic ---*- C++ -*-===//
//
// Losses and optimizer updates are short formulas over tensors and rank-0
// scalars; these helpers build them as dlc ops with ONNX broadcasting, so
// the result stays differentiable, foldable and fusable dlc IR.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_TRANSFORMS_TRAINING_TENSORMATH_H
#define DLC_COMPILER_TRANSFORMS_TRAINING_TENSORMATH_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

namespace dlc {

class TensorMath {
public:
  TensorMath(mlir::OpBuilder &b, mlir::Location loc) : b(b), loc(loc) {}

  /// A rank-0 constant of element type `elt`.
  mlir::Value scalar(mlir::Type elt, double value);
  /// A rank-0 f32 constant.
  mlir::Value scalar(double value);

  mlir::Value add(mlir::Value x, mlir::Value y);
  mlir::Value sub(mlir::Value x, mlir::Value y);
  mlir::Value mul(mlir::Value x, mlir::Value y);
  mlir::Value div(mlir::Value x, mlir::Value y);
  mlir::Value sqrt(mlir::Value x);
  mlir::Value log(mlir::Value x);
  mlir::Value exp(mlir::Value x);
  mlir::Value abs(mlir::Value x);
  /// Sum of every element: a rank-0 tensor.
  mlir::Value sumAll(mlir::Value x);
  /// Sum over `axes` (increasing, non-negative) with dlc.reduce_sum.
  mlir::Value sum(mlir::Value x, llvm::ArrayRef<int64_t> axes,
                  bool keepdims = false);

  /// 1 where x > y, else 0, in x's element type (broadcast shape).
  mlir::Value greaterMask(mlir::Value x, mlir::Value y);
  /// 1 where x == y, else 0: 1 - [x > y] - [y > x].
  mlir::Value equalMask(mlir::Value x, mlir::Value y);
  /// mask * x + (1 - mask) * y for a 0/1 `mask`.
  mlir::Value select(mlir::Value mask, mlir::Value x, mlir::Value y);
  /// x converted to element type `elt` (dlc.cast; x itself if it has it).
  mlir::Value castTo(mlir::Value x, mlir::Type elt);
  mlir::Value reshape(mlir::Value x, llvm::ArrayRef<int64_t> shape);

  mlir::OpBuilder &builder() { return b; }
  mlir::Location getLoc() const { return loc; }

private:
  template <typename OpTy>
  mlir::Value binary(mlir::Value x, mlir::Value y);

  mlir::OpBuilder &b;
  mlir::Location loc;
};

} // namespace dlc

#endif // DLC_COMPILER_TRANSFORMS_TRAINING_TENSORMATH_H
