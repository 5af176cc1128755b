//===- Pipelines.h - dlc's pass pipelines and their phases ------*- C++ -*-===//
//
// The compiler is a fixed sequence of phases; each is a pipeline function
// that dlc-opt can also run alone (dlc-graph, dlc-to-linalg, dlc-cpu-bufferize,
// dlc-cpu-to-llvm, or dlc-cpu-pipeline for all of them). The driver's --emit=
// stops after one phase.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_PIPELINES_PIPELINES_H
#define DLC_COMPILER_PIPELINES_PIPELINES_H

#include "compiler/Codegen/CPU/CPUPipeline.h"

#include "mlir/Pass/PassManager.h"

namespace dlc {

/// The phases of compilation, in order; each names the IR it leaves.
enum class Phase {
  Graph,     ///< dlc dialect, folded and simplified
  Linalg,    ///< linalg on tensors, elementwise ops fused
  Bufferize, ///< memrefs, out-params, arena-planned buffers
  LLVM,      ///< the LLVM dialect
};

/// Graph optimisation on the dlc dialect: canonicalisation (the folders turn
/// shape arithmetic into constants) and CSE.
void buildGraphPipeline(mlir::OpPassManager &pm);

/// dlc to linalg on tensors, then fusion of elementwise producers into
/// their consumers.
void buildLinalgPipeline(mlir::OpPassManager &pm);

/// Appends the passes of `phase` (only that phase) for the CPU target.
void buildCPUPhase(mlir::OpPassManager &pm, Phase phase,
                   const CPUCodegenOptions &options = {});

/// Appends every phase up to and including `last` for the CPU target.
void buildCPUPipelineUpTo(mlir::OpPassManager &pm, Phase last,
                          const CPUCodegenOptions &options = {});

/// Registers the pipelines with the pass registry (for dlc-opt).
void registerPipelines();

} // namespace dlc

#endif // DLC_COMPILER_PIPELINES_PIPELINES_H
