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

/// Verifier pieces shared by the forward ops (DLCOps.cpp) and the backward
/// ops (DLCBackwardOps.cpp).

/// Elementwise binary shape rule: one element type for the operands (and,
/// unless `boolResult`, the result), shapes broadcast-compatible, result of
/// the broadcast shape (DLCOps.cpp).
mlir::LogicalResult verifyBroadcastBinary(mlir::Operation *op,
                                          bool boolResult = false);

/// Window attributes of conv and pooling: `spatial` entries of positive
/// strides and dilations, 2 * `spatial` non-negative pads.
mlir::LogicalResult verifyWindowAttrs(mlir::Operation *op, int64_t spatial,
                                      llvm::ArrayRef<int64_t> strides,
                                      llvm::ArrayRef<int64_t> dilations,
                                      llvm::ArrayRef<int64_t> pads);

/// A pooling window maps `in` [N, C, D...] to `res` [N, C, O...]; O may be
/// one larger than floor mode gives (ceil_mode).
mlir::LogicalResult verifyPoolShapes(
    mlir::Operation *op, mlir::RankedTensorType in, mlir::RankedTensorType res,
    llvm::ArrayRef<int64_t> kernel, llvm::ArrayRef<int64_t> strides,
    llvm::ArrayRef<int64_t> dilations, llvm::ArrayRef<int64_t> pads);

/// `axis` lies in [0, rank).
mlir::LogicalResult verifyAxis(mlir::Operation *op, int64_t axis, int64_t rank);

/// How a scatter combines an update with its target: none, add, mul, max
/// or min (dlc.scatter_elements, dlc.scatter_nd; ONNX's `reduction`).
bool isScatterReduction(llvm::StringRef reduction);

/// A scatter's updates have data's element type, its result is data's type
/// and its reduction is one isScatterReduction accepts.
mlir::LogicalResult verifyScatterUpdates(mlir::Operation *op,
                                         mlir::RankedTensorType data,
                                         mlir::RankedTensorType updates,
                                         mlir::RankedTensorType result,
                                         llvm::StringRef reduction);

} // namespace dlc

#endif // DLC_DIALECTS_DLC_IR_DLCOPS_H
