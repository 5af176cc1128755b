//===- ArenaAliasing.h - may two planned buffers share bytes? ---*- C++ -*-===//
//
// After dlc-plan-memory every intermediate buffer is a memref.view of the
// arena at a constant byte offset, so two buffers overlap exactly when
// their ranges in the arena meet. Code generation asks before it reorders
// or merges accesses (a fused convolution and pooling, a scalar recomputed
// in a later kernel).
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_TRANSFORMS_ARENAALIASING_H
#define DLC_COMPILER_TRANSFORMS_ARENAALIASING_H

#include "mlir/IR/Value.h"

namespace dlc {

/// Whether `a` and `b` (memrefs) may share bytes. Distinct function
/// arguments and allocations do not (the generated ABI passes separate
/// buffers); views of one buffer do where their byte ranges meet, and
/// always where a range is unknown.
bool mayOverlap(mlir::Value a, mlir::Value b);

} // namespace dlc

#endif // DLC_COMPILER_TRANSFORMS_ARENAALIASING_H
