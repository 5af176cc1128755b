//===- Pipelines.cpp - dlc's pass pipelines and their phases --------------===//
#include "compiler/Pipelines/Pipelines.h"

#include "compiler/Codegen/CPU/CPUPipeline.h"
#include "compiler/Conversion/Passes.h"
#include "compiler/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void dlc::buildGraphPipeline(OpPassManager &pm) {
  pm.addPass(createExpandInferenceOps());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createCropUnreadBorders());
}

void dlc::buildLinalgPipeline(OpPassManager &pm) {
  pm.addNestedPass<func::FuncOp>(createConvertDLCToLinalg());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createFuseElementwise());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void dlc::buildCPUPhase(OpPassManager &pm, Phase phase,
                        const CPUCodegenOptions &options) {
  switch (phase) {
  case Phase::Graph:
    return buildGraphPipeline(pm);
  case Phase::Linalg:
    return buildLinalgPipeline(pm);
  case Phase::Bufferize:
    return buildCPUBufferizePipeline(pm);
  case Phase::LLVM:
    return buildCPULowerToLLVMPipeline(pm, options);
  }
}

void dlc::buildCPUPipelineUpTo(OpPassManager &pm, Phase last,
                               const CPUCodegenOptions &options) {
  for (Phase p : {Phase::Graph, Phase::Linalg, Phase::Bufferize, Phase::LLVM}) {
    buildCPUPhase(pm, p, options);
    if (p == last)
      return;
  }
}

void dlc::registerPipelines() {
  PassPipelineRegistration<>("dlc-graph", "dlc graph optimisation",
                             buildGraphPipeline);
  PassPipelineRegistration<>("dlc-to-linalg",
                             "dlc to fused linalg on tensors",
                             buildLinalgPipeline);
  PassPipelineRegistration<>(
      "dlc-cpu-bufferize", "bufferize and plan the arena (CPU)",
      [](OpPassManager &pm) { buildCPUPhase(pm, Phase::Bufferize); });
  PassPipelineRegistration<>(
      "dlc-cpu-to-llvm", "lower planned buffers to the LLVM dialect (CPU)",
      [](OpPassManager &pm) { buildCPUPhase(pm, Phase::LLVM); });
  PassPipelineRegistration<>(
      "dlc-cpu-pipeline", "dlc dialect to the LLVM dialect (CPU)",
      [](OpPassManager &pm) { buildCPUPipelineUpTo(pm, Phase::LLVM); });
}
