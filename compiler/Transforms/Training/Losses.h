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

} // namespace dlc

#endif // DLC_COMPILER_TRANSFORMS_TRAINING_LOSSES_H
