//===- GradientUtils.cpp - helpers of the dlc gradient rules --------------===//
#include "dialects/DLC/IR/Gradients/GradientUtils.h"

#include "dialects/DLC/IR/DLCOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;

RankedTensorType dlc::tensorTypeOf(Value v) {
  return cast<RankedTensorType>(v.getType());
}

bool dlc::isFloatTensor(Value v) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  return type && isa<FloatType>(type.getElementType());
}

Value dlc::createSplat(OpBuilder &b, Location loc, RankedTensorType type,
                       double value) {
  Attribute elt = b.getFloatAttr(type.getElementType(), value);
  return arith::ConstantOp::create(b, loc, type,
                                   DenseElementsAttr::get(type, elt));
}

/// The broadcast of the types of `lhs` and `rhs` with `lhs`'s element type.
static RankedTensorType broadcastType(Value lhs, Value rhs) {
  auto l = dlc::tensorTypeOf(lhs), r = dlc::tensorTypeOf(rhs);
  auto shape = dlc::broadcastShapes(l.getShape(), r.getShape());
  assert(succeeded(shape) && "gradient rule combines incompatible shapes");
  return RankedTensorType::get(*shape, l.getElementType());
}

Value dlc::createGreaterMask(OpBuilder &b, Location loc, Value lhs, Value rhs,
                             RankedTensorType type) {
  RankedTensorType shape = broadcastType(lhs, rhs);
  Value mask = GreaterOp::create(
      b, loc, RankedTensorType::get(shape.getShape(), b.getI1Type()), lhs, rhs);
  return CastOp::create(
      b, loc, RankedTensorType::get(shape.getShape(), type.getElementType()),
      mask);
}

Value dlc::createMul(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return MulOp::create(b, loc, broadcastType(lhs, rhs), lhs, rhs);
}
Value dlc::createDiv(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return DivOp::create(b, loc, broadcastType(lhs, rhs), lhs, rhs);
}
Value dlc::createSub(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return SubOp::create(b, loc, broadcastType(lhs, rhs), lhs, rhs);
}
Value dlc::createAdd(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return AddOp::create(b, loc, broadcastType(lhs, rhs), lhs, rhs);
}

Value dlc::reshapeTo(OpBuilder &b, Location loc, Value v,
                     ArrayRef<int64_t> shape) {
  RankedTensorType type = tensorTypeOf(v);
  if (type.getShape() == shape)
    return v;
  return ReshapeOp::create(b, loc, type.clone(shape), v);
}

Value dlc::broadcastTo(OpBuilder &b, Location loc, Value v,
                       ArrayRef<int64_t> shape) {
  RankedTensorType type = tensorTypeOf(v);
  if (type.getShape() == shape)
    return v;
  return BroadcastOp::create(b, loc, type.clone(shape), v);
}

Value dlc::transpose(OpBuilder &b, Location loc, Value v,
                     ArrayRef<int64_t> permutation) {
  RankedTensorType type = tensorTypeOf(v);
  SmallVector<int64_t> shape;
  for (int64_t p : permutation)
    shape.push_back(type.getDimSize(p));
  return TransposeOp::create(b, loc, type.clone(shape), v, permutation);
}

Value dlc::reduceSumKeepDims(OpBuilder &b, Location loc, Value v,
                             ArrayRef<int64_t> axes) {
  if (axes.empty())
    return v;
  RankedTensorType type = tensorTypeOf(v);
  SmallVector<int64_t> shape(type.getShape());
  for (int64_t axis : axes)
    shape[axis] = 1;
  return ReduceSumOp::create(b, loc, type.clone(shape), v, axes,
                             /*keepdims=*/true);
}

Value dlc::sumToShape(OpBuilder &b, Location loc, Value grad,
                      RankedTensorType target) {
  RankedTensorType type = tensorTypeOf(grad);
  if (type.getShape() == target.getShape())
    return grad;
  int64_t lead = type.getRank() - target.getRank();
  assert(lead >= 0 && "gradient has lower rank than its operand");
  SmallVector<int64_t> axes;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (d < lead ||
        (target.getDimSize(d - lead) == 1 && type.getDimSize(d) != 1))
      axes.push_back(d);
  Value summed = reduceSumKeepDims(b, loc, grad, axes);
  return reshapeTo(b, loc, summed, target.getShape());
}

LogicalResult dlc::noGradients(Operation *op,
                               SmallVectorImpl<Value> &operandGrads) {
  operandGrads.assign(op->getNumOperands(), Value());
  return success();
}
