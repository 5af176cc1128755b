//===- DLCTrainingOps.cpp - verifiers of the mode-dependent ops -----------===//
#include "dialects/DLC/IR/DLCOps.h"

using namespace mlir;

namespace {

LogicalResult verifyRatio(Operation *op, float ratio) {
  if (!(ratio >= 0.0f && ratio < 1.0f))
    return op->emitOpError("ratio must lie in [0, 1), got ") << ratio;
  return success();
}

} // namespace

LogicalResult dlc::BatchNormOp::verify() {
  auto in = cast<RankedTensorType>(getInput().getType());
  if (in.getRank() < 2)
    return emitOpError("input must be [N, C, ...]");
  if (getResult().getType() != in)
    return emitOpError("result must have the input's type");
  auto channel = RankedTensorType::get({in.getDimSize(1)}, in.getElementType());
  for (Value p : {getScale(), getBias(), getMean(), getVar()})
    if (p.getType() != channel)
      return emitOpError("scale, bias, mean and var must be ") << channel;
  if (!(getEpsilon().convertToFloat() >= 0.0f))
    return emitOpError("epsilon must be non-negative");
  return success();
}

LogicalResult dlc::DropoutOp::verify() {
  if (auto ratio = getRatio())
    return verifyRatio(*this, ratio->convertToFloat());
  return success();
}

LogicalResult dlc::DropoutMaskOp::verify() {
  if (getRng().getType().getShape() != ArrayRef<int64_t>{3})
    return emitOpError("rng must be tensor<3xi32> [seed_lo, seed_hi, step]");
  return verifyRatio(*this, getRatio().convertToFloat());
}
