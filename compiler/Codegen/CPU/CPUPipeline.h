//===- CPUPipeline.h - the host CPU code generation phases ------*- C++ -*-===//
#ifndef DLC_COMPILER_CODEGEN_CPU_CPUPIPELINE_H
#define DLC_COMPILER_CODEGEN_CPU_CPUPIPELINE_H

#include "mlir/Pass/PassManager.h"

namespace dlc {

/// linalg on tensors -> memrefs: one-shot bufferization across the function
/// boundary, results turned into caller-owned out-params, every intermediate
/// buffer placed in the arena (dlc-plan-memory).
void buildCPUBufferizePipeline(mlir::OpPassManager &pm);

/// Planned memrefs -> loops -> the LLVM dialect, with the bare-pointer calling
/// convention (every memref argument is one pointer) and no libm calls.
void buildCPULowerToLLVMPipeline(mlir::OpPassManager &pm);

} // namespace dlc

#endif // DLC_COMPILER_CODEGEN_CPU_CPUPIPELINE_H
