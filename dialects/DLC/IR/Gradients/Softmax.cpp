//===- Softmax.cpp - gradient rules of dlc.softmax and dlc.log_softmax ----===//
//
// With y the result and sums taken along the op's axis (kept as size 1):
//   softmax:     dx = y * (dy - sum(dy * y))
//   log_softmax: dx = dy - exp(y) * sum(dy)
//
//===----------------------------------------------------------------------===//

#include "dialects/DLC/IR/DLCOps.h"
#include "dialects/DLC/IR/Gradients/GradientUtils.h"

using namespace mlir;
using namespace dlc;

LogicalResult SoftmaxOp::buildGradient(OpBuilder &b,
                                       ArrayRef<Value> resultGrads,
                                       SmallVectorImpl<Value> &operandGrads) {
  if (!resultGrads[0])
    return noGradients(*this, operandGrads);
  Location loc = getLoc();
  Value y = getResult();
  Value weighted = createMul(b, loc, resultGrads[0], y);
  Value dot = reduceSumKeepDims(b, loc, weighted, {getAxis()});
  Value centred = createSub(b, loc, resultGrads[0], dot);
  operandGrads.assign(1, createMul(b, loc, y, centred));
  return success();
}

LogicalResult
LogSoftmaxOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                            SmallVectorImpl<Value> &operandGrads) {
  if (!resultGrads[0])
    return noGradients(*this, operandGrads);
  Location loc = getLoc();
  Value dy = resultGrads[0];
  Value probs = ExpOp::create(b, loc, getResult());
  Value total = reduceSumKeepDims(b, loc, dy, {getAxis()});
  operandGrads.assign(1,
                      createSub(b, loc, dy, createMul(b, loc, probs, total)));
  return success();
}
