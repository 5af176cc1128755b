//===- Pooling.cpp - gradient rules of dlc.max_pool and dlc.avg_pool ------===//
//
// Both map to their backward ops, which carry the forward attributes: max
// pooling routes each window's gradient to its argmax, average pooling
// spreads it over the window's taps.
//
//===----------------------------------------------------------------------===//

#include "dialects/DLC/IR/DLCOps.h"
#include "dialects/DLC/IR/Gradients/GradientUtils.h"

using namespace mlir;
using namespace dlc;

LogicalResult MaxPoolOp::buildGradient(OpBuilder &b,
                                       ArrayRef<Value> resultGrads,
                                       SmallVectorImpl<Value> &operandGrads) {
  if (!resultGrads[0])
    return noGradients(*this, operandGrads);
  operandGrads.assign(1, MaxPoolBackwardOp::create(
                             b, getLoc(), getInput().getType(), getInput(),
                             getResult(), resultGrads[0], getKernelShape(),
                             getStrides(), getDilations(), getPads()));
  return success();
}

LogicalResult AvgPoolOp::buildGradient(OpBuilder &b,
                                       ArrayRef<Value> resultGrads,
                                       SmallVectorImpl<Value> &operandGrads) {
  if (!resultGrads[0])
    return noGradients(*this, operandGrads);
  operandGrads.assign(1, AvgPoolBackwardOp::create(
                             b, getLoc(), getInput().getType(), resultGrads[0],
                             getKernelShape(), getStrides(), getDilations(),
                             getPads(), getCountIncludePad()));
  return success();
}
