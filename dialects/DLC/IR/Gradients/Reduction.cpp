//===- Reduction.cpp - gradient rule of dlc.reduce_sum --------------------===//
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
