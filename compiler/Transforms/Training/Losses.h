//===- Losses.h - the training losses, as dlc IR ----------------*- C++ -*-===//
#ifndef DLC_COMPILER_TRANSFORMS_TRAINING_LOSSES_H
#define DLC_COMPILER_TRANSFORMS_TRAINING_LOSSES_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

#include <optional>

namespace dlc {

enum class LossKind {
  SoftmaxCrossEntropy, ///< logits (or a final Softmax, fused) vs class indices
  CrossEntropy,        ///< probabilities vs class indices
  BinaryCrossEntropy,  ///< probabilities vs 0/1 targets of the output's shape
  MeanSquaredError,    ///< values vs targets of the output's shape
};

/// Parses the driver's --loss= spelling.
std::optional<LossKind> parseLossKind(llvm::StringRef name);

/// The labels a loss takes for `output`: int64 class indices [N] for the
/// cross-entropies of an [N, C] output, else targets of the output's type.
/// Null when the output's shape does not suit the loss.
mlir::RankedTensorType labelsType(LossKind kind, mlir::RankedTensorType output);

/// Builds the scalar (rank-0 f32) loss, the mean over the batch (dimension
/// 0) of the per-sample loss. For SoftmaxCrossEntropy an `output` produced
/// by dlc.softmax is replaced by its input, so the loss is log-softmax of
/// the logits and its gradient the stable `softmax - onehot`.
mlir::Value buildLoss(mlir::OpBuilder &b, mlir::Location loc, LossKind kind,
                      mlir::Value output, mlir::Value labels);

/// How a per-element loss becomes the result.
enum class LossReduction {
  None, ///< the per-element losses
  Sum,  ///< their sum
  Mean, ///< their (weighted) mean
};

/// Parses ONNX's reduction attribute: "none", "sum" or "mean".
std::optional<LossReduction> parseLossReduction(llvm::StringRef name);

/// Options of the class-index losses (ONNX NegativeLogLikelihoodLoss and
/// SoftmaxCrossEntropyLoss).
struct ClassLossOptions {
  LossReduction reduction = LossReduction::Mean;
  mlir::Value weights;                ///< [C] per-class weights, or null
  std::optional<int64_t> ignoreIndex; ///< labels of this value count nothing
};

/// The negative log-likelihood of class indices (ONNX
/// NegativeLogLikelihoodLoss): `logProb` is [N, C, d1..dk] (float), `labels`
/// [N, d1..dk] (integer). Element loss -logProb[n, y, d...] * w[y], 0 where
/// y is the ignore index; Mean divides the sum by the sum of the weights
/// that count (their count without weights). Labels are compared with the
/// class numbers (no gather), so an out-of-range ignore index is safe. The
/// caller checks the shapes.
mlir::Value buildNegativeLogLikelihood(mlir::OpBuilder &b, mlir::Location loc,
                                       mlir::Value logProb, mlir::Value labels,
                                       const ClassLossOptions &options);

} // namespace dlc

#endif // DLC_COMPILER_TRANSFORMS_TRAINING_LOSSES_H
