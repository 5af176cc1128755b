//===- ONNXImporter.h - ONNX graph to dlc dialect ---------------*- C++ -*-===//
#ifndef DLC_COMPILER_IMPORT_ONNX_ONNXIMPORTER_H
#define DLC_COMPILER_IMPORT_ONNX_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include "onnx/onnx_pb.h"

namespace dlc {

/// Argument/result attribute names on the imported entry function.
constexpr const char *kOnnxNameAttr = "dlc.onnx_name";
constexpr const char *kOnnxTypeAttr = "dlc.onnx_type";
/// On the arith.constant of each initializer: its ONNX name.
constexpr const char *kInitializerAttr = "dlc.initializer";
/// The newest ai.onnx opset whose op versions the importers implement (or
/// refuse by name: Attention's opset-24/25 inputs). Opsets 24 to 28 changed
/// Mod (floats with fmod 0), SpaceToDepth (CRD mode), Range and Cast
/// (attributes for float16 and float8 only) and added element types.
constexpr int64_t kMaxOpset = 28;

/// Reports every node whose op or domain dlc cannot import, all in one run;
/// failure if there is any. Needs no shape information, so it runs before
/// onnx::checker (which stops at the first op it does not know).
mlir::LogicalResult checkSupportedOps(const onnx::GraphProto &graph,
                                      llvm::StringRef fileName,
                                      mlir::MLIRContext *ctx);

/// Imports the (loaded, shape-inferred) model's graph as one func.func named
/// `funcName` whose arguments are the runtime inputs and whose results are
/// the graph outputs. Every op carries the location of its ONNX node. On
/// failure, diagnostics have been emitted (all unsupported ops at once).
mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>>
importModel(const onnx::ModelProto &model, llvm::StringRef fileName,
            llvm::StringRef funcName, mlir::MLIRContext *ctx);

} // namespace dlc

#endif // DLC_COMPILER_IMPORT_ONNX_ONNXIMPORTER_H
