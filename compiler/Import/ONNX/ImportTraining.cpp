//===- ImportTraining.cpp - ONNX losses and preview training ops ----------===//
//
// The losses NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss build
// dlc::buildNegativeLogLikelihood (Training/Losses.h). The optimizers of
// ai.onnx.preview.training (Adam, Adagrad, Momentum) build dlc::buildUpdate
// (Training/Optimizers.h) once per optimized tensor, and Gradient runs the
// reverse sweep (Autodiff.h) over the graph imported so far, so these ops
// become the same dlc IR that --train generates.
//
//===----------------------------------------------------------------------===//
#include "compiler/Import/ONNX/ImportContext.h"

#include "compiler/Transforms/Autodiff.h"
#include "compiler/Transforms/Training/Losses.h"
#include "compiler/Transforms/Training/Optimizers.h"
#include "compiler/Transforms/Training/TensorMath.h"

using namespace mlir;

namespace dlc {
namespace {

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

FailureOr<LossReduction> reductionAttr(NodeImporter &n) {
  std::string name = n.stringAttr("reduction", "mean");
  std::optional<LossReduction> reduction = parseLossReduction(name);
  if (!reduction)
    return n.error("unknown reduction '" + name +
                   "' (expected 'none', 'sum' or 'mean')");
  return *reduction;
}

/// Checks scores [N, C, d1..dk] (float), labels [N, d1..dk] (integer) and
/// the optional weights [C] (the scores' element type).
LogicalResult checkClassLossOperands(NodeImporter &n, RankedTensorType scores,
                                     RankedTensorType labels) {
  if (!isa<FloatType>(scores.getElementType()) || scores.getRank() < 2)
    return n.error("input 0 must be a float tensor [N, C, d1..dk], not ")
           << scores;
  SmallVector<int64_t> labelShape(scores.getShape());
  labelShape.erase(labelShape.begin() + 1);
  if (!isa<IntegerType>(labels.getElementType()) ||
      labels.getShape() != ArrayRef<int64_t>(labelShape))
    return n.error("labels (input 1) must be integers of shape [N, d1..dk] "
                   "matching input 0 ")
           << scores << ", not " << labels;
  if (!n.hasInput(2))
    return success();
  RankedTensorType weights = n.inputType(2);
  if (!weights)
    return failure();
  if (weights.getElementType() != scores.getElementType() ||
      weights.getShape() != ArrayRef<int64_t>{scores.getDimSize(1)})
    return n.error("weights (input 2) must be [C] = [")
           << scores.getDimSize(1) << "] of " << scores.getElementType()
           << ", not " << weights;
  return success();
}

/// The loss of the log-probabilities `logProb` against the labels (input 1)
/// under the node's reduction, weights and ignore_index.
FailureOr<Value> buildClassLoss(NodeImporter &n, Value logProb) {
  Value labels = n.input(1);
  if (!labels)
    return failure();
  if (failed(checkClassLossOperands(n,
                                    cast<RankedTensorType>(logProb.getType()),
                                    cast<RankedTensorType>(labels.getType()))))
    return failure();
  FailureOr<LossReduction> reduction = reductionAttr(n);
  if (failed(reduction))
    return failure();
  ClassLossOptions options;
  options.reduction = *reduction;
  if (n.hasInput(2))
    options.weights = n.input(2);
  if (n.attr("ignore_index"))
    options.ignoreIndex = n.intAttr("ignore_index", 0);
  return buildNegativeLogLikelihood(n.builder(), n.getLoc(), logProb, labels,
                                    options);
}

LogicalResult importNegativeLogLikelihoodLoss(NodeImporter &n) {
  Value input = n.input(0);
  if (!input)
    return failure();
  FailureOr<Value> loss = buildClassLoss(n, input);
  if (failed(loss))
    return failure();
  n.setOutput(0, *loss);
  return success();
}

/// Log-softmax over the class axis, then the negative log-likelihood; the
/// optional output 1 is the log-probabilities.
LogicalResult importSoftmaxCrossEntropyLoss(NodeImporter &n) {
  Value scores = n.input(0);
  if (!scores)
    return failure();
  auto type = cast<RankedTensorType>(scores.getType());
  if (!isa<FloatType>(type.getElementType()) || type.getRank() < 2)
    return n.error("input 0 must be a float tensor [N, C, d1..dk], not ")
           << type;
  Value logProb = n.create<LogSoftmaxOp>(type, scores, /*axis=*/1);
  FailureOr<Value> loss = buildClassLoss(n, logProb);
  if (failed(loss))
    return failure();
  n.setOutput(0, *loss);
  n.setOutput(1, logProb);
  return success();
}

//===----------------------------------------------------------------------===//
// Optimizers: inputs R, T, X_1..X_k, G_1..G_k, then each state group
// (V_1..V_k, H_1..H_k); outputs X_1_new..X_k_new, then the new states.
//===----------------------------------------------------------------------===//

/// How one ONNX optimizer maps onto dlc::buildUpdate.
struct OptimizerImport {
  OptimizerConfig config;
  unsigned stateGroups; ///< state tensors per optimized tensor
  double stepOffset;    ///< buildUpdate's step t = T + stepOffset
};

/// The number k of optimized tensors; checks the input and output counts.
FailureOr<unsigned> countOptimized(NodeImporter &n, unsigned stateGroups) {
  unsigned perTensor = 2 + stateGroups;
  unsigned k = n.numInputs() < 2 ? 0 : (n.numInputs() - 2) / perTensor;
  if (k == 0 || n.numInputs() != 2 + k * perTensor)
    return n.error("expected inputs R, T and ")
           << perTensor << " tensors per optimized tensor, got "
           << n.numInputs() << " inputs";
  if (n.numOutputs() != k * (1 + stateGroups))
    return n.error("expected ") << k * (1 + stateGroups) << " outputs for " << k
                                << " optimized tensors, got " << n.numOutputs();
  return k;
}

/// R and T as rank-0 tensors of `elt`; T shifted by `offset`.
LogicalResult rateAndStep(NodeImporter &n, Type elt, double offset, Value &rate,
                          Value &step) {
  Value r = n.input(0), t = n.input(1);
  if (!r || !t)
    return failure();
  auto rt = cast<RankedTensorType>(r.getType());
  auto tt = cast<RankedTensorType>(t.getType());
  if (rt.getRank() != 0 || !isa<FloatType>(rt.getElementType()))
    return n.error("the learning rate R (input 0) must be a float scalar, not ")
           << rt;
  if (tt.getRank() != 0 || !isa<IntegerType>(tt.getElementType()))
    return n.error("the update count T (input 1) must be an integer scalar, "
                   "not ")
           << tt;
  TensorMath m(n.builder(), n.getLoc());
  rate = m.castTo(r, elt);
  step = m.castTo(t, elt);
  if (offset != 0.0)
    step = m.add(step, m.scalar(elt, offset));
  return success();
}

/// Checks that G and every state of X (inputs `operands`) have X's type.
LogicalResult checkSameType(NodeImporter &n, ArrayRef<unsigned> operands) {
  RankedTensorType x = n.inputType(operands[0]);
  if (!x)
    return failure();
  if (!isa<FloatType>(x.getElementType()))
    return n.error("optimized tensor (input ")
           << operands[0] << ") must be float, not " << x;
  for (unsigned i : operands.drop_front()) {
    RankedTensorType t = n.inputType(i);
    if (!t)
      return failure();
    if (t != x)
      return n.error("input ") << i << " must have the type " << x
                               << " of input " << operands[0] << ", not " << t;
  }
  return success();
}

/// Builds the update of the optimized tensor `i` of `k`.
LogicalResult importOneUpdate(NodeImporter &n, const OptimizerImport &opt,
                              unsigned k, unsigned i) {
  SmallVector<unsigned> operands{2 + i, 2 + k + i};
  for (unsigned s = 0; s < opt.stateGroups; ++s)
    operands.push_back(2 + (2 + s) * k + i);
  if (failed(checkSameType(n, operands)))
    return failure();
  Value x = n.input(operands[0]);
  Type elt = cast<RankedTensorType>(x.getType()).getElementType();
  Value rate, step;
  if (failed(rateAndStep(n, elt, opt.stepOffset, rate, step)))
    return failure();
  SmallVector<Value> state, newState;
  for (unsigned s = 0; s < opt.stateGroups; ++s)
    state.push_back(n.input(operands[2 + s]));
  Value newX = buildUpdate(n.builder(), n.getLoc(), opt.config, rate, step, x,
                           n.input(operands[1]), state, newState);
  n.setOutput(i, newX);
  for (auto [s, value] : llvm::enumerate(newState))
    n.setOutput((1 + s) * k + i, value);
  return success();
}

LogicalResult importOptimizer(NodeImporter &n, const OptimizerImport &opt) {
  FailureOr<unsigned> k = countOptimized(n, opt.stateGroups);
  if (failed(k))
    return failure();
  for (unsigned i = 0; i < *k; ++i)
    if (failed(importOneUpdate(n, opt, *k, i)))
      return failure();
  return success();
}

/// Adagrad: r = R / (1 + T decay_factor); t = T + 1 gives buildUpdate's
/// lr / (1 + (t - 1) lrDecay).
LogicalResult importAdagrad(NodeImporter &n) {
  OptimizerImport opt{{}, /*stateGroups=*/1, /*stepOffset=*/1.0};
  opt.config.kind = OptimizerKind::Adagrad;
  opt.config.lrDecay = n.floatAttr("decay_factor", 0.0f);
  opt.config.epsilon = n.floatAttr("epsilon", 1e-6f);
  opt.config.weightDecay = n.floatAttr("norm_coefficient", 0.0f);
  return importOptimizer(n, opt);
}

/// Momentum: V = alpha V + (T > 0 ? beta : 1) G, i.e. SGD's dampening
/// 1 - beta from the second step t = T + 1 > 1 on.
LogicalResult importMomentum(NodeImporter &n) {
  for (const char *name : {"alpha", "beta", "mode", "norm_coefficient"})
    if (!n.attr(name))
      return n.error("missing required attribute '") << name << "'";
  std::string mode = n.stringAttr("mode", "");
  if (mode != "standard" && mode != "nesterov")
    return n.error("unknown mode '" + mode +
                   "' (expected 'standard' or 'nesterov')");
  OptimizerImport opt{{}, /*stateGroups=*/1, /*stepOffset=*/1.0};
  opt.config.kind = OptimizerKind::SGD;
  opt.config.momentum = n.floatAttr("alpha", 0.0f);
  opt.config.dampening = 1.0 - (double)n.floatAttr("beta", 1.0f);
  opt.config.nesterov = mode == "nesterov";
  opt.config.weightDecay = n.floatAttr("norm_coefficient", 0.0f);
  return importOptimizer(n, opt);
}

/// Adam: ONNX's formula takes T itself as the update number (no correction
/// while T <= 0) and corrects the rate, not the moments.
LogicalResult importAdam(NodeImporter &n) {
  OptimizerImport opt{{}, /*stateGroups=*/2, /*stepOffset=*/0.0};
  opt.config.kind = OptimizerKind::Adam;
  opt.config.beta1 = n.floatAttr("alpha", 0.9f);
  opt.config.beta2 = n.floatAttr("beta", 0.999f);
  opt.config.epsilon = n.floatAttr("epsilon", 1e-6f);
  opt.config.weightDecay = n.floatAttr("norm_coefficient", 0.0f);
  opt.config.postDecay = n.floatAttr("norm_coefficient_post", 0.0f);
  opt.config.adamCorrectsRate = true;
  return importOptimizer(n, opt);
}

//===----------------------------------------------------------------------===//
// Gradient
//===----------------------------------------------------------------------===//

SmallVector<std::string> stringsAttr(NodeImporter &n, StringRef name) {
  SmallVector<std::string> values;
  if (const onnx::AttributeProto *a = n.attr(name))
    values.assign(a->strings().begin(), a->strings().end());
  return values;
}

/// The differentiated values, xs; the node's inputs must be xs then zs
/// (the gradient at the graph's own values, not at other ones).
FailureOr<SmallVector<Value>> gradientWrt(NodeImporter &n) {
  SmallVector<std::string> xs = stringsAttr(n, "xs");
  SmallVector<std::string> names = xs;
  llvm::append_range(names, stringsAttr(n, "zs"));
  if (xs.empty())
    return n.error("attribute 'xs' must name at least one tensor");
  for (auto [i, name] : llvm::enumerate(names))
    if ((unsigned)i >= n.numInputs() || n.proto().input(i) != name)
      return n.unsupported("Gradient whose inputs are not the tensors named "
                           "by 'xs' then 'zs' (input ")
             << i << " should be '" << name << "')";
  if (n.numInputs() != names.size())
    return n.error("has ") << n.numInputs() << " inputs but 'xs' and 'zs' name "
                           << names.size();
  SmallVector<Value> wrt;
  for (unsigned i = 0; i < xs.size(); ++i) {
    Value x = n.input(i);
    if (!x)
      return failure();
    if (!isa<FloatType>(cast<RankedTensorType>(x.getType()).getElementType()))
      return n.error("cannot differentiate with respect to '")
             << xs[i] << "' of type " << x.getType();
    wrt.push_back(x);
  }
  return wrt;
}

/// dy/dx for every x in xs: the reverse sweep seeded with ones at y (for a
/// non-scalar y, the gradient of the sum of its elements).
LogicalResult importGradient(NodeImporter &n) {
  std::string yName = n.stringAttr("y", "");
  Value y = n.valueNamed(yName);
  if (!y)
    return n.error("attribute 'y' ('" + yName +
                   "') does not name a tensor computed before this node");
  auto yType = cast<RankedTensorType>(y.getType());
  if (!isa<FloatType>(yType.getElementType()))
    return n.error("cannot differentiate '" + yName + "' of type ") << yType;
  FailureOr<SmallVector<Value>> wrt = gradientWrt(n);
  if (failed(wrt))
    return failure();
  if (n.numOutputs() > wrt->size())
    return n.error("has ") << n.numOutputs() << " outputs for " << wrt->size()
                           << " tensors in 'xs'";
  Value seed = n.scalarConstant(yType.getElementType(), 1.0, yType.getShape());
  auto grads = buildReverseSweep(n.builder(), {{y, seed}}, *wrt);
  if (failed(grads))
    return n.error("cannot build the gradient of '" + yName + "'");
  for (unsigned i = 0; i < n.numOutputs(); ++i)
    n.setOutput(i, (*grads)[i]);
  return success();
}

} // namespace

void registerTrainingImporters(OpImporterMap &map) {
  map["NegativeLogLikelihoodLoss"] = importNegativeLogLikelihoodLoss;
  map["SoftmaxCrossEntropyLoss"] = importSoftmaxCrossEntropyLoss;
  map[importerKey(kPreviewTrainingDomain, "Adagrad")] = importAdagrad;
  map[importerKey(kPreviewTrainingDomain, "Adam")] = importAdam;
  map[importerKey(kPreviewTrainingDomain, "Momentum")] = importMomentum;
  map[importerKey(kPreviewTrainingDomain, "Gradient")] = importGradient;
}

} // namespace dlc
