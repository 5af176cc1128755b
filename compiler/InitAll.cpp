//===- InitAll.cpp - register every dialect, pass and pipeline ------------===//
#include "compiler/InitAll.h"

#include "compiler/Codegen/CPU/Passes.h"
#include "compiler/Codegen/NVPTX/Passes.h"
#include "compiler/Conversion/Passes.h"
#include "compiler/Pipelines/Pipelines.h"
#include "compiler/Transforms/Passes.h"
#include "dialects/DLC/IR/DLCDialect.h"

#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"

void dlc::registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<dlc::DLCDialect>();
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::registerAllToLLVMIRTranslations(registry);
}

void dlc::registerAllPasses() {
  mlir::registerAllPasses();
  dlc::registerConversionPasses();
  dlc::registerTransformsPasses();
  dlc::registerCPUCodegenPasses();
  dlc::registerNVPTXCodegenPasses();
  dlc::registerPipelines();
}
