//===- TensorMath.cpp - terse builders of dlc tensor arithmetic -----------===//
#include "compiler/Transforms/Training/TensorMath.h"

#include "dialects/DLC/IR/DLCOps.h"


using namespace mlir;

Value dlc::TensorMath::scalar(Type elt, double value) {
  auto type = RankedTensorType::get({}, elt);
  Attribute attr = isa<FloatType>(elt)
                       ? (Attribute)b.getFloatAttr(elt, value)
                       : (Attribute)b.getIntegerAttr(elt, (int64_t)value);
  return arith::ConstantOp::create(b, loc, type,
                                   DenseElementsAttr::get(type, attr));
}

Value dlc::TensorMath::scalar(double value) {
  return scalar(b.getF32Type(), value);
}

template <typename OpTy>
Value dlc::TensorMath::binary(Value x, Value y) {
  auto xt = cast<RankedTensorType>(x.getType());
  auto yt = cast<RankedTensorType>(y.getType());
  auto shape = broadcastShapes(xt.getShape(), yt.getShape());
  assert(succeeded(shape) && "training formulas broadcast by construction");
  return OpTy::create(b, loc, xt.clone(*shape), x, y);
}

Value dlc::TensorMath::add(Value x, Value y) { return binary<AddOp>(x, y); }
Value dlc::TensorMath::sub(Value x, Value y) { return binary<SubOp>(x, y); }
Value dlc::TensorMath::mul(Value x, Value y) { return binary<MulOp>(x, y); }
Value dlc::TensorMath::div(Value x, Value y) { return binary<DivOp>(x, y); }
Value dlc::TensorMath::sqrt(Value x) {
  return SqrtOp::create(b, loc, x.getType(), x);
}
Value dlc::TensorMath::log(Value x) {
  return LogOp::create(b, loc, x.getType(), x);
}
Value dlc::TensorMath::exp(Value x) {
  return ExpOp::create(b, loc, x.getType(), x);
}
Value dlc::TensorMath::abs(Value x) {
  return AbsOp::create(b, loc, x.getType(), x);
}

Value dlc::TensorMath::sumAll(Value x) {
  // [n] . ones[n] as a [1, n] x [n, 1] product: reuses the matmul and reshape
  // gradient rules.
  auto type = cast<RankedTensorType>(x.getType());
  Type elt = type.getElementType();
  int64_t n = type.getNumElements();
  Value row = ReshapeOp::create(b, loc, RankedTensorType::get({1, n}, elt), x);
  auto onesType = RankedTensorType::get({n, 1}, elt);
  Value ones = arith::ConstantOp::create(
      b, loc, onesType,
      DenseElementsAttr::get(onesType, b.getFloatAttr(elt, 1.0)));
  Value dot = MatMulOp::create(b, loc, RankedTensorType::get({1, 1}, elt), row,
                               ones);
  return ReshapeOp::create(b, loc, RankedTensorType::get({}, elt), dot);
}

Value dlc::TensorMath::sum(Value x, ArrayRef<int64_t> axes, bool keepdims) {
  auto type = cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    if (!llvm::is_contained(axes, d))
      shape.push_back(type.getDimSize(d));
    else if (keepdims)
      shape.push_back(1);
  }
  return ReduceSumOp::create(b, loc, type.clone(shape), x, axes, keepdims);
}

Value dlc::TensorMath::greaterMask(Value x, Value y) {
  auto xt = cast<RankedTensorType>(x.getType());
  auto yt = cast<RankedTensorType>(y.getType());
  auto shape = broadcastShapes(xt.getShape(), yt.getShape());
  assert(succeeded(shape) && "training formulas broadcast by construction");
  Value mask = GreaterOp::create(
      b, loc, RankedTensorType::get(*shape, b.getI1Type()), x, y);
  return castTo(mask, xt.getElementType());
}

Value dlc::TensorMath::equalMask(Value x, Value y) {
  Type elt = cast<RankedTensorType>(x.getType()).getElementType();
  return sub(sub(scalar(elt, 1.0), greaterMask(x, y)), greaterMask(y, x));
}

Value dlc::TensorMath::select(Value mask, Value x, Value y) {
  Type elt = cast<RankedTensorType>(mask.getType()).getElementType();
  return add(mul(mask, x), mul(sub(scalar(elt, 1.0), mask), y));
}

Value dlc::TensorMath::castTo(Value x, Type elt) {
  auto type = cast<RankedTensorType>(x.getType());
  if (type.getElementType() == elt)
    return x;
  return CastOp::create(b, loc, type.clone(elt), x);
}

Value dlc::TensorMath::reshape(Value x, ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(x.getType());
  if (type.getShape() == shape)
    return x;
  return ReshapeOp::create(b, loc, type.clone(shape), x);
}
