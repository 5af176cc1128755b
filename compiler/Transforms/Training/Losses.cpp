//===- Losses.cpp - the training losses, as dlc IR ------------------------===//
//
// Every loss is the batch mean of a per-sample term built from dlc ops, so
// autodiff differentiates it like the rest of the graph:
//   softmax-cross-entropy  -sum_c onehot(y)_c * log_softmax(z)_c
//   cross-entropy          -sum_c onehot(y)_c * log(p_c + 1e-7)
//   binary-cross-entropy   -(t log(p + 1e-7) + (1 - t) log(1 - p + 1e-7))
//   mse                    (p - t)^2, averaged over every element
// The 1e-7 guard keeps log finite at p = 0, like Keras' epsilon clipping.
// ONNX's class-index losses (buildNegativeLogLikelihood) select the label's
// entry with a one-hot mask from comparisons against the class numbers.
//
//===----------------------------------------------------------------------===//
#include "compiler/Transforms/Training/Losses.h"

#include "compiler/Transforms/Training/TensorMath.h"
#include "dialects/DLC/IR/DLCOps.h"

#include "llvm/ADT/Sequence.h"
#include "llvm/ADT/StringSwitch.h"

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

std::optional<dlc::LossReduction> dlc::parseLossReduction(StringRef name) {
  return llvm::StringSwitch<std::optional<LossReduction>>(name)
      .Case("none", LossReduction::None)
      .Case("sum", LossReduction::Sum)
      .Case("mean", LossReduction::Mean)
      .Default(std::nullopt);
}

namespace {

/// [N, C, d1..dk] 0/1 mask of labels [N, d1..dk] == class c, as floats of
/// `elt`: the labels as [N, 1, d...] against the classes as [1, C, 1...].
Value classMask(dlc::TensorMath &m, Value labelsF, int64_t classes,
                RankedTensorType logProbType) {
  Type elt = logProbType.getElementType();
  SmallVector<int64_t> shape(logProbType.getRank(), 1);
  shape[1] = classes;
  auto type = RankedTensorType::get(shape, elt);
  SmallVector<Attribute> numbers;
  for (int64_t c = 0; c < classes; ++c)
    numbers.push_back(m.builder().getFloatAttr(elt, (double)c));
  Value iota = arith::ConstantOp::create(m.builder(), m.getLoc(), type,
                                         DenseElementsAttr::get(type, numbers));
  SmallVector<int64_t> labelShape(logProbType.getShape());
  labelShape[1] = 1;
  return m.equalMask(m.reshape(labelsF, labelShape), iota);
}

/// Every axis of `type`, for a full reduction.
SmallVector<int64_t> allAxes(Value v) {
  return llvm::to_vector(
      llvm::seq<int64_t>(0, cast<RankedTensorType>(v.getType()).getRank()));
}

} // namespace

Value dlc::buildNegativeLogLikelihood(OpBuilder &b, Location loc, Value logProb,
                                      Value labels,
                                      const ClassLossOptions &options) {
  TensorMath m(b, loc);
  auto type = cast<RankedTensorType>(logProb.getType());
  Type elt = type.getElementType();
  int64_t classes = type.getDimSize(1);
  Value labelsF = m.castTo(labels, elt);
  Value hot = classMask(m, labelsF, classes, type);
  // Per-element factor: the label's weight, zero where ignored.
  Value factor;
  if (options.weights) {
    SmallVector<int64_t> shape(type.getRank(), 1);
    shape[1] = classes;
    factor = m.sum(m.mul(hot, m.reshape(options.weights, shape)), {1});
  }
  if (options.ignoreIndex) {
    Value ignored = m.scalar(elt, *options.ignoreIndex);
    Value kept =
        m.add(m.greaterMask(labelsF, ignored), m.greaterMask(ignored, labelsF));
    factor = factor ? m.mul(factor, kept) : kept;
  }
  Value picked = m.sum(m.mul(hot, logProb), {1});
  Value loss =
      m.sub(m.scalar(elt, 0.0), factor ? m.mul(picked, factor) : picked);
  switch (options.reduction) {
  case LossReduction::None:
    return loss;
  case LossReduction::Sum:
    return m.sum(loss, allAxes(loss));
  case LossReduction::Mean: {
    auto lossType = cast<RankedTensorType>(loss.getType());
    Value total = factor ? m.sum(factor, allAxes(factor))
                         : m.scalar(elt, (double)lossType.getNumElements());
    return m.div(m.sum(loss, allAxes(loss)), total);
  }
  }
  return loss;
}
