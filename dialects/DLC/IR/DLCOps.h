//===- DLCOps.h - dlc op declarations ---------------------------*- C++ -*-===//
#ifndef DLC_DIALECTS_DLC_IR_DLCOPS_H
#define DLC_DIALECTS_DLC_IR_DLCOPS_H

#include "dialects/DLC/IR/DLCDialect.h"
#include "dialects/DLC/Interfaces/GradientOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dialects/DLC/IR/DLCOps.h.inc"

namespace dlc {

/// Numpy/ONNX multidirectional broadcasting of two static shapes; failure when
/// a pair of dimensions is neither equal nor 1.
mlir::FailureOr<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<int64_t> lhs, llvm::ArrayRef<int64_t> rhs);

/// Output extent of a sliding window (conv or pool) on one axis, floor mode.
int64_t slidingWindowExtent(int64_t in, int64_t padBegin, int64_t padEnd,
                            int64_t kernel, int64_t stride, int64_t dilation);

} // namespace dlc

#endif // DLC_DIALECTS_DLC_IR_DLCOPS_H
