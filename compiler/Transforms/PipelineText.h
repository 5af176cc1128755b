//===- PipelineText.h - add a built-in pipeline written as text -*- C++ -*-===//
//
// The code generation phases name upstream passes in their textual form, so
// that their options read as in a dlc-opt command line.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_TRANSFORMS_PIPELINETEXT_H
#define DLC_COMPILER_TRANSFORMS_PIPELINETEXT_H

#include "mlir/Pass/PassManager.h"

namespace dlc {

/// Parses `text` into `pm`. The pipelines are fixed in dlc's sources: a
/// failure is a bug in dlc and aborts with the parser's message.
void addPipelineText(mlir::OpPassManager &pm, llvm::StringRef text);

} // namespace dlc

#endif // DLC_COMPILER_TRANSFORMS_PIPELINETEXT_H
