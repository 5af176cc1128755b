//===- PipelineText.cpp - add a built-in pipeline written as text ---------===//
#include "compiler/Transforms/PipelineText.h"

#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/raw_ostream.h"

void dlc::addPipelineText(mlir::OpPassManager &pm, llvm::StringRef text) {
  std::string error;
  llvm::raw_string_ostream os(error);
  if (mlir::failed(mlir::parsePassPipeline(text, pm, os)))
    llvm::report_fatal_error(llvm::Twine("dlc: bad built-in pipeline '") +
                             text + "': " + error);
}
