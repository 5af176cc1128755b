//===- Losses.cpp - the training losses, as dlc IR ------------------------===//
//
// Every loss is the batch mean of a per-sample term built from dlc ops, so
// autodiff differentiates it like the rest of the graph:
//   softmax-cross-entropy  -sum_c onehot(y)_c * log_softmax(z)_c
//   cross-entropy          -sum_c onehot(y)_c * log(p_c + 1e-7)
//   binary-cross-entropy   -(t log(p + 1e-7) + (1 - t) log(1 - p + 1e-7))
//   mse                    (p - t)^2, averaged over every element
// The 1e-7 guard keeps log finite at p = 0, like Keras' epsilon clipping.
//
//===----------------------------------------------------------------------===//
#include "compiler/Transforms/Training/Losses.h"

#include "compiler/Transforms/Training/TensorMath.h"
#include "dialects/DLC/IR/DLCOps.h"

using namespace mlir;

namespace {

constexpr double kLogGuard = 1e-7;

/// onehot(labels) as [N, C] floats: rows of the C x C identity gathered by
/// class index (the gather's gradient never reaches the integer labels).
Value oneHot(OpBuilder &b, Location loc, Value labels, int64_t classes,
             Type elt) {
  auto eyeType = RankedTensorType::get({classes, classes}, elt);
  SmallVector<Attribute> eye(classes * classes, b.getFloatAttr(elt, 0.0));
  for (int64_t i = 0; i < classes; ++i)
    eye[i * classes + i] = b.getFloatAttr(elt, 1.0);
  Value table = arith::ConstantOp::create(
      b, loc, eyeType, DenseElementsAttr::get(eyeType, eye));
  int64_t n = cast<RankedTensorType>(labels.getType()).getDimSize(0);
  return dlc::GatherOp::create(b, loc, RankedTensorType::get({n, classes}, elt),
                               table, labels, /*axis=*/0);
}

} // namespace

std::optional<dlc::LossKind> dlc::parseLossKind(StringRef name) {
  return llvm::StringSwitch<std::optional<LossKind>>(name)
      .Case("softmax-cross-entropy", LossKind::SoftmaxCrossEntropy)
      .Case("cross-entropy", LossKind::CrossEntropy)
      .Case("binary-cross-entropy", LossKind::BinaryCrossEntropy)
      .Case("mse", LossKind::MeanSquaredError)
      .Default(std::nullopt);
}

RankedTensorType dlc::labelsType(LossKind kind, RankedTensorType output) {
  if (!output || !isa<FloatType>(output.getElementType()) ||
      output.getRank() < 1)
    return {};
  if (kind == LossKind::SoftmaxCrossEntropy || kind == LossKind::CrossEntropy) {
    if (output.getRank() != 2)
      return {};
    return RankedTensorType::get({output.getDimSize(0)},
                                 IntegerType::get(output.getContext(), 64));
  }
  return output;
}

Value dlc::buildLoss(OpBuilder &b, Location loc, LossKind kind, Value output,
                     Value labels) {
  TensorMath m(b, loc);
  auto type = cast<RankedTensorType>(output.getType());
  Type elt = type.getElementType();
  double batch = type.getDimSize(0);
  Value perSampleSum;
  switch (kind) {
  case LossKind::SoftmaxCrossEntropy: {
    Value logits = output;
    if (auto softmax = output.getDefiningOp<SoftmaxOp>())
      if (softmax.getAxis() == type.getRank() - 1)
        logits = softmax.getInput();
    Value logp = LogSoftmaxOp::create(b, loc, type, logits, type.getRank() - 1);
    Value hot = oneHot(b, loc, labels, type.getDimSize(1), elt);
    perSampleSum = m.sub(m.scalar(elt, 0.0), m.sumAll(m.mul(hot, logp)));
    break;
  }
  case LossKind::CrossEntropy: {
    Value logp = m.log(m.add(output, m.scalar(elt, kLogGuard)));
    Value hot = oneHot(b, loc, labels, type.getDimSize(1), elt);
    perSampleSum = m.sub(m.scalar(elt, 0.0), m.sumAll(m.mul(hot, logp)));
    break;
  }
  case LossKind::BinaryCrossEntropy: {
    Value one = m.scalar(elt, 1.0), guard = m.scalar(elt, kLogGuard);
    Value pos = m.mul(labels, m.log(m.add(output, guard)));
    Value neg = m.mul(m.sub(one, labels),
                      m.log(m.add(m.sub(one, output), guard)));
    double perSample = type.getNumElements() / batch;
    perSampleSum = m.div(m.sub(m.scalar(elt, 0.0), m.sumAll(m.add(pos, neg))),
                         m.scalar(elt, perSample));
    break;
  }
  case LossKind::MeanSquaredError: {
    Value diff = m.sub(output, labels);
    double perSample = type.getNumElements() / batch;
    perSampleSum = m.div(m.sumAll(m.mul(diff, diff)), m.scalar(elt, perSample));
    break;
  }
  }
  return m.div(perSampleSum, m.scalar(elt, batch));
}
