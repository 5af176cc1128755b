//===- TrainingModel.h - the driver's --train mode --------------*- C++ -*-===//
//
// Adds the training step to an imported module and describes its ABI: which
// arguments are inputs, labels, parameters and optimizer state, where each
// tensor sits in the caller's params and state buffers, and the ONNX model
// (without the trained initializers) that saving completes.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_DRIVER_TRAININGMODEL_H
#define DLC_COMPILER_DRIVER_TRAININGMODEL_H

#include "compiler/Driver/Compiler.h"

#include "mlir/IR/BuiltinOps.h"

namespace onnx {
class ModelProto;
} // namespace onnx

namespace dlc {

/// Runs dlc-build-train-step with `options` on the freshly imported module
/// and makes `<m>_run` and `<m>_train_step` private, so bufferization drops
/// the parameter and state results it writes back in place.
mlir::LogicalResult addTrainStep(mlir::ModuleOp module,
                                 const TrainOptions &options);

/// Fills `info` (inputs, outputs, labels, params, state, their offsets) from
/// the two functions' argument attributes, C names assigned.
void describeTraining(mlir::ModuleOp module, const TrainOptions &options,
                      ModelInfo &info);

/// `original` without the initializers that train, serialized: the base
/// that dlc_save_onnx completes with the trained values.
std::string serializeBaseModel(const onnx::ModelProto &original,
                               const TrainInfo &train);

} // namespace dlc

#endif // DLC_COMPILER_DRIVER_TRAININGMODEL_H
