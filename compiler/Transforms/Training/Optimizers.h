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

  // Variants of the same algorithms (ONNX's preview training ops use them;
  // the defaults leave the updates above unchanged).
  /// SGD with momentum: after the first step (t > 1) the gradient enters the
  /// momentum as (1 - dampening) g (PyTorch's dampening; ONNX Momentum's
  /// beta is 1 - dampening).
  double dampening = 0.0;
  /// Adagrad: the rate is lr / (1 + (t - 1) lrDecay) (PyTorch's lr_decay;
  /// ONNX Adagrad's decay_factor with T = t - 1).
  double lrDecay = 0.0;
  /// Adam: fold both bias corrections into the rate, epsilon outside them:
  /// w -= lr sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps), and no
  /// correction while t <= 0 (Kingma & Ba's efficient form; ONNX Adam).
  bool adamCorrectsRate = false;
  /// The updated parameter is scaled by (1 - postDecay) (ONNX Adam's
  /// norm_coefficient_post).
  double postDecay = 0.0;
};

std::optional<OptimizerKind> parseOptimizerKind(llvm::StringRef name);

/// Names (suffixes after "<param>.") of the per-parameter state tensors the
/// optimizer keeps, each of the parameter's shape.
llvm::SmallVector<std::string> perParameterState(const OptimizerConfig &config);

/// Whether the optimizer keeps a step counter (a rank-0 f32 "step").
bool needsStepCount(const OptimizerConfig &config);

/// Builds the update of one parameter: returns the new parameter and sets
/// `newState` (one per perParameterState entry). `lr` and `step` (the
/// incremented step count t, 1 on the first update, or null) are rank-0
/// tensors of the parameter's element type. SGD uses momentum exactly when
/// `state` holds a momentum buffer (perParameterState gives one when
/// momentum != 0).
mlir::Value buildUpdate(mlir::OpBuilder &b, mlir::Location loc,
                        const OptimizerConfig &config, mlir::Value lr,
                        mlir::Value step, mlir::Value param, mlir::Value grad,
                        mlir::ValueRange state,
                        llvm::SmallVectorImpl<mlir::Value> &newState);

} // namespace dlc

#endif // DLC_COMPILER_TRANSFORMS_TRAINING_OPTIMIZERS_H
