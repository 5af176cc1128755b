//===- RuntimeDecls.h - declarations of functions the code calls -*- C++ -*-===//
//
// Passes that emit calls into a runtime (AddressSanitizer's region API, the
// OpenMP queries) declare the callee once per module.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_TRANSFORMS_RUNTIMEDECLS_H
#define DLC_COMPILER_TRANSFORMS_RUNTIMEDECLS_H

#include "mlir/IR/BuiltinOps.h"

namespace dlc {

/// Declares the private external function `name` of `type` at the start of
/// `module` unless a symbol of that name is already there.
void declareExternalFunction(mlir::ModuleOp module, llvm::StringRef name,
                             mlir::FunctionType type);

} // namespace dlc

#endif // DLC_COMPILER_TRANSFORMS_RUNTIMEDECLS_H
