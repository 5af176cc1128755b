//===- Optimizers.h - optimizer updates, as dlc IR --------------*- C++ -*-===//
#ifndef DLC_COMPILER_TRANSFORMS_TRAINING_OPTIMIZERS_H
#define DLC_COMPILER_TRANSFORMS_TRAINING_OPTIMIZERS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

#include <optional>
#include <string>

namespace dlc {

enum class OptimizerKind { SGD, Adagrad, RMSprop, Adam, AdamW };

struct OptimizerConfig {
  OptimizerKind kind = OptimizerKind::SGD;
  double momentum = 0.0; ///< SGD (and RMSprop) momentum
  bool nesterov = false;
  double beta1 = 0.9, beta2 = 0.999; ///< Adam, AdamW
  double rho = 0.9;                  ///< RMSprop's average decay
  double epsilon = 1e-8;             ///< Adagrad, RMSprop, Adam, AdamW
  double weightDecay = 0.0; ///< L2 added to the gradient; AdamW: decoupled
  double l1 = 0.0;          ///< L1 added to the gradient as l1 * sign(w)
};

std::optional<OptimizerKind> parseOptimizerKind(llvm::StringRef name);

/// Names (suffixes after "<param>.") of the per-parameter state tensors the
/// optimizer keeps, each of the parameter's shape.
llvm::SmallVector<std::string> perParameterState(const OptimizerConfig &config);

/// Whether the optimizer keeps a step counter (a rank-0 f32 "step").
bool needsStepCount(const OptimizerConfig &config);

/// Builds the update of one parameter: returns the new parameter and sets
/// `newState` (one per perParameterState entry). `lr` and `step` (the
/// incremented step count, or null) are rank-0 tensors.
mlir::Value buildUpdate(mlir::OpBuilder &b, mlir::Location loc,
                        const OptimizerConfig &config, mlir::Value lr,
                        mlir::Value step, mlir::Value param, mlir::Value grad,
                        mlir::ValueRange state,
                        llvm::SmallVectorImpl<mlir::Value> &newState);

} // namespace dlc

#endif // DLC_COMPILER_TRANSFORMS_TRAINING_OPTIMIZERS_H
