//===- InitAll.h - register every dialect, pass and pipeline ----*- C++ -*-===//
#ifndef DLC_COMPILER_INITALL_H
#define DLC_COMPILER_INITALL_H

#include "mlir/IR/DialectRegistry.h"

namespace dlc {

/// Registers the dlc dialect and every upstream dialect and extension that the
/// pipelines use (bufferization models, LLVM translation interfaces).
void registerAllDialects(mlir::DialectRegistry &registry);

/// Registers dlc's passes and pipelines, plus the upstream passes, so that
/// `dlc-opt` can run any stage alone.
void registerAllPasses();

} // namespace dlc

#endif // DLC_COMPILER_INITALL_H
