//===- ModeOps.h - expanding dlc.batch_norm and dlc.dropout -----*- C++ -*-===//
//
// The importer keeps BatchNormalization and Dropout as mode-dependent ops
// (DLCTrainingOps.td). Inference expands them with the running statistics
// and as the identity; a training step expands them with batch statistics
// and a seeded mask, before its reverse sweep, so that the gradient comes
// from the rules of the ordinary ops they expand to.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_TRANSFORMS_MODEOPS_H
#define DLC_COMPILER_TRANSFORMS_MODEOPS_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Value.h"

namespace dlc {

/// Expands every dlc.batch_norm and dlc.dropout nested in `root` for
/// inference: y = (x - mean) * (scale / sqrt(var + eps)) + bias with the
/// [C] parameters reshaped to [C, 1, ...]; dropout is the identity.
void expandForInference(mlir::Operation *root);

/// Whether `root` holds a dlc.dropout with a non-zero ratio (a training
/// step then needs the dropout generator state).
bool hasDropout(mlir::Operation *root);

/// A running statistic that a training step writes back: the function
/// argument holding it and its updated value.
struct RunningUpdate {
  mlir::BlockArgument running;
  mlir::Value updated;
};

/// Expands every dlc.batch_norm and dlc.dropout of `func` for training.
/// Batch norm normalises with the batch statistics; where its mean and var
/// are arguments of `func` their updates are returned. Dropout multiplies by
/// dlc.dropout_mask of `rng` (tensor<3xi32>, needed when hasDropout).
/// Fails, with an error at the op, on a batch norm with one value per
/// channel or a running statistic that two batch norms share.
mlir::FailureOr<llvm::SmallVector<RunningUpdate>>
expandForTraining(mlir::func::FuncOp func, mlir::Value rng);

/// What a batch norm operand starts as when training from scratch: "ones"
/// for scale and var, "zeros" for bias and mean; empty when `v` feeds no
/// batch norm.
llvm::StringRef batchNormInit(mlir::Value v);

/// Whether `v` is used only as the running mean or variance of batch norms:
/// a buffer a training step updates, not a parameter it differentiates.
bool isRunningStatistic(mlir::Value v);

} // namespace dlc

#endif // DLC_COMPILER_TRANSFORMS_MODEOPS_H
