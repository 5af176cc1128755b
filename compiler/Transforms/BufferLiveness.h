//===- BufferLiveness.h - live ranges of buffers in a block -----*- C++ -*-===//
//
// The live range dlc-plan-memory gives a buffer, and dlc-poison-dead-buffers
// makes AddressSanitizer enforce: the positions of its first and last
// accesses in the function's block, following views.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_TRANSFORMS_BUFFERLIVENESS_H
#define DLC_COMPILER_TRANSFORMS_BUFFERLIVENESS_H

#include "mlir/IR/Block.h"
#include "mlir/IR/Value.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/DenseMap.h"

#include <utility>

namespace dlc {

/// Positions in `block` (per `pos`) of the first and last ops that access
/// `root` or a view of it. Ops that only take a view count for the end, not
/// the start: the bytes are untouched until the first access. A buffer never
/// accessed lives at its definition. Fails, setting `culprit`, where an op
/// may pass an alias of the buffer on (a return, a region terminator, an op
/// with a memref result other than a view): the accesses through that alias
/// would escape the range.
mlir::FailureOr<std::pair<int64_t, int64_t>>
liveRange(mlir::Value root, mlir::Block &block,
          const llvm::DenseMap<mlir::Operation *, int64_t> &pos,
          mlir::Operation *&culprit);

} // namespace dlc

#endif // DLC_COMPILER_TRANSFORMS_BUFFERLIVENESS_H
