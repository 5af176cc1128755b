//===- ObjectEmitter.h - LLVM dialect to a native object file ---*- C++ -*-===//
#ifndef DLC_COMPILER_TARGET_OBJECTEMITTER_H
#define DLC_COMPILER_TARGET_OBJECTEMITTER_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/IR/Module.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>
#include <string>

namespace dlc {

struct TargetOptions {
  /// LLVM CPU name; empty means the host CPU (and its features).
  std::string cpu;
  unsigned optLevel = 3;
};

/// A TargetMachine for the host's triple and `options.cpu`, position
/// independent so the object links into PIE executables and shared objects.
mlir::FailureOr<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const TargetOptions &options, std::string &error);

/// Translates an LLVM-dialect module to LLVM IR, adds `<f>_packed(void **)`
/// beside each function named in `entryPoints`, and optimises at
/// `options.optLevel` for `machine`.
mlir::FailureOr<std::unique_ptr<llvm::Module>>
translateAndOptimize(mlir::ModuleOp module, llvm::LLVMContext &llvmContext,
                     llvm::TargetMachine &machine, unsigned optLevel,
                     llvm::ArrayRef<std::string> entryPoints);

/// Emits `module` as an object file (or assembly text) into `out`.
mlir::LogicalResult emitMachineCode(llvm::Module &module,
                                    llvm::TargetMachine &machine,
                                    bool assembly, std::string &out);

} // namespace dlc

#endif // DLC_COMPILER_TARGET_OBJECTEMITTER_H
