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

/// The f32 lanes of the widest vector registers `machine` has (16 with
/// AVX-512, 8 with AVX/AVX2, else 4).
unsigned vectorWidth(const llvm::TargetMachine &machine);

/// A TargetMachine for the host's triple and `options.cpu`, position
/// independent so the object links into PIE executables and shared objects.
mlir::FailureOr<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const TargetOptions &options, std::string &error);

/// Translates an LLVM-dialect module to LLVM IR for `machine`'s triple and
/// data layout.
mlir::FailureOr<std::unique_ptr<llvm::Module>>
translateToLLVMIR(mlir::ModuleOp module, llvm::LLVMContext &llvmContext,
                  llvm::TargetMachine &machine);

/// Adds `void <f>_packed(void **args)` that calls `f(args[0], ...)`, for
/// generic callers such as dlc-run.
void addPackedWrapper(llvm::Module &module, llvm::Function &f);

/// Extracts the outermost loops of every very large function (a long
/// unrolled recurrent layer) into functions of their own, so that LLVM's
/// function passes see small functions (SplitLargeFunctions.cpp).
void splitLargeFunctions(llvm::Module &module);

/// Tags every function with `machine`'s CPU and features and runs LLVM's
/// default pipeline at `optLevel`; with `sanitizeAddress`, then LLVM's
/// AddressSanitizer over every function (link with -fsanitize=address).
void optimizeModule(llvm::Module &module, llvm::TargetMachine &machine,
                    unsigned optLevel, bool sanitizeAddress = false);

/// Emits `module` as an object file (or assembly text) into `out`.
mlir::LogicalResult emitMachineCode(llvm::Module &module,
                                    llvm::TargetMachine &machine,
                                    bool assembly, std::string &out);

} // namespace dlc

#endif // DLC_COMPILER_TARGET_OBJECTEMITTER_H
