//===- TrainingABI.h - the C entry points of a training object --*- C++ -*-===//
#ifndef DLC_COMPILER_TARGET_TRAININGABI_H
#define DLC_COMPILER_TARGET_TRAININGABI_H

#include "compiler/Target/ModelInfo.h"

#include "mlir/Support/LLVM.h"
#include "llvm/IR/Module.h"

namespace dlc {

/// In a module holding the lowered `<m>_run(inputs..., params...,
/// outputs..., arena)` and `<m>_train_step(inputs..., labels, lr*, params...,
/// state..., loss*, arena)` (every tensor one pointer), renames both to
/// `<f>.impl` and adds the C entry points the header declares:
///   void  <m>_run(inputs..., outputs..., const void *params, void *arena);
///   float <m>_train_step(inputs..., labels, float lr, void *params,
///                        void *state, void *arena);
/// which find each tensor at its offset in the params and state buffers.
/// Also embeds `info.baseModel` as `<m>_onnx_model` / `<m>_onnx_model_size`.
mlir::LogicalResult addTrainingABI(llvm::Module &module, const ModelInfo &info);

} // namespace dlc

#endif // DLC_COMPILER_TARGET_TRAININGABI_H
