//===- Reduction.cpp - gradient rules of the dlc.reduce_* ops -------------===//
#include "dialects/DLC/IR/DLCOps.h"
#include "dialects/DLC/IR/Gradients/GradientUtils.h"

using namespace mlir;
using namespace dlc;

LogicalResult ReduceSumOp::buildGradient(OpBuilder &b,
                                         ArrayRef<Value> resultGrads,
                                         SmallVectorImpl<Value> &operandGrads) {
  if (!resultGrads[0] || !isFloatTensor(getInput()))
    return noGradients(*this, operandGrads);
  // Every summed element receives the gradient of its sum: restore the
  // reduced axes as size 1, then broadcast back to the input's shape.
  RankedTensorType in = getInput().getType();
  SmallVector<int64_t> kept(in.getShape());
  for (int64_t axis : getAxes())
    kept[axis] = 1;
  Value dy = reshapeTo(b, getLoc(), resultGrads[0], kept);
  operandGrads.assign(1, broadcastTo(b, getLoc(), dy, in.getShape()));
  return success();
}

LogicalResult ReduceProdOp::buildGradient(OpBuilder &b,
                                          ArrayRef<Value> resultGrads,
                                          SmallVectorImpl<Value> &operandGrads) {
  if (!resultGrads[0] || !isFloatTensor(getInput()))
    return noGradients(*this, operandGrads);
  // d prod / d x_i = prod / x_i: dy * y, broadcast back, divided by x.
  Location loc = getLoc();
  RankedTensorType in = getInput().getType();
  SmallVector<int64_t> kept(in.getShape());
  for (int64_t axis : getAxes())
    kept[axis] = 1;
  Value scaled = createMul(b, loc, resultGrads[0], getResult());
  Value spread = broadcastTo(b, loc, reshapeTo(b, loc, scaled, kept),
                             in.getShape());
  operandGrads.assign(1, createDiv(b, loc, spread, getInput()));
  return success();
}

/// The gradient of a maximum or minimum over axes: each input element
/// equal to its result gets the result's gradient divided by how many
/// elements tie there; the others get zero.
template <typename OpTy>
static LogicalResult extremumGradient(OpTy op, OpBuilder &b,
                                      ArrayRef<Value> resultGrads,
                                      SmallVectorImpl<Value> &operandGrads) {
  if (!resultGrads[0] || !isFloatTensor(op.getInput()))
    return noGradients(op, operandGrads);
  Location loc = op.getLoc();
  Value x = op.getInput();
  RankedTensorType in = op.getInput().getType();
  SmallVector<int64_t> kept(in.getShape());
  for (int64_t axis : op.getAxes())
    kept[axis] = 1;
  Value y = reshapeTo(b, loc, op.getResult(), kept);
  Value equal = CastOp::create(
      b, loc, in,
      CompareOp::create(b, loc, in.clone(b.getI1Type()),
                        b.getStringAttr("eq"), x, y));
  Value ties = ReduceSumOp::create(
      b, loc, RankedTensorType::get(kept, in.getElementType()), equal,
      b.getDenseI64ArrayAttr(op.getAxes()), b.getBoolAttr(true));
  Value share = createDiv(b, loc, reshapeTo(b, loc, resultGrads[0], kept),
                          ties);
  operandGrads.assign(1, createMul(b, loc, equal, share));
  return success();
}

LogicalResult ReduceMaxOp::buildGradient(OpBuilder &b,
                                         ArrayRef<Value> resultGrads,
                                         SmallVectorImpl<Value> &operandGrads) {
  return extremumGradient(*this, b, resultGrads, operandGrads);
}

LogicalResult ReduceMinOp::buildGradient(OpBuilder &b,
                                         ArrayRef<Value> resultGrads,
                                         SmallVectorImpl<Value> &operandGrads) {
  return extremumGradient(*this, b, resultGrads, operandGrads);
}
