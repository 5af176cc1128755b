//===- ModelABI.h - the entry points' ABI, read from the IR -*- C++ -*-===//
//
// What the header and the object wrappers are generated from: each entry
// point's tensors, read from the function types and the dlc.* argument and
// result attributes the importer and the training pass set.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_DRIVER_MODELABI_H
#define DLC_COMPILER_DRIVER_MODELABI_H

#include "compiler/Driver/Compiler.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace dlc {

/// One argument or result: its ONNX name and type (dlc.onnx_name,
/// dlc.onnx_type) and shape.
TensorInfo describeTensor(mlir::Type type, mlir::DictionaryAttr attrs);

/// What any compiled model's header says before its tensors: its name,
/// source file and what it runs on (OpenMP threads, or the GPU).
ModelInfo describeModel(const CompileOptions &options);

/// The inference ABI of `func`: every argument an input, every result an
/// output; C names assigned.
ModelInfo describeInference(mlir::func::FuncOp func,
                            const CompileOptions &options);

/// Gives every input, output (and the labels) a C parameter name, unique
/// within its entry point and distinct from the fixed ones (arena, ...).
void assignCNames(ModelInfo &info);

/// A string or integer attribute of `attrs` (which may be null), or the
/// default.
llvm::StringRef stringAttr(mlir::DictionaryAttr attrs, llvm::StringRef name);
int64_t intAttr(mlir::DictionaryAttr attrs, llvm::StringRef name,
                int64_t otherwise);

} // namespace dlc

#endif // DLC_COMPILER_DRIVER_MODELABI_H
