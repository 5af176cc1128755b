//===- MemoryPlan.h - offsets for buffers with known lifetimes --*- C++ -*-===//
//
// The placement algorithm behind dlc-plan-memory, free of IR so that unit
// tests can check it on hand-made live ranges.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_TRANSFORMS_MEMORYPLAN_H
#define DLC_COMPILER_TRANSFORMS_MEMORYPLAN_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <string>

namespace dlc {

/// One buffer: its size and the closed interval of program points at which
/// it is live.
struct BufferLife {
  int64_t bytes;
  int64_t first;
  int64_t last;
};

struct MemoryPlan {
  /// One offset per buffer, in the order given.
  llvm::SmallVector<int64_t> offsets;
  /// Bytes the arena needs (0 when there are no buffers).
  int64_t totalBytes = 0;
};

/// Greedy by size (Pisarchyk and Lee, arXiv:2001.03288): buffers are placed
/// largest first, each at the lowest `alignment`-aligned offset that does not
/// overlap a placed buffer whose live range intersects its own.
MemoryPlan planGreedyBySize(llvm::ArrayRef<BufferLife> buffers,
                            int64_t alignment);

/// Checks `plan` for `buffers` directly, pair by pair: every offset is a
/// non-negative multiple of `alignment`, every buffer lies inside the arena
/// (itself a multiple of `alignment`), and no two buffers whose live ranges
/// intersect share a byte. Returns the first violation found, or an empty
/// string for a valid plan.
std::string findPlanViolation(llvm::ArrayRef<BufferLife> buffers,
                              const MemoryPlan &plan, int64_t alignment);

/// The sum of the buffers' sizes: the arena a plan that shares no bytes
/// between buffers would need.
int64_t sumOfBytes(llvm::ArrayRef<BufferLife> buffers);

/// The largest total size of the buffers live at one program point. No
/// placement of these buffers can use a smaller arena.
int64_t peakLiveBytes(llvm::ArrayRef<BufferLife> buffers);

} // namespace dlc

#endif // DLC_COMPILER_TRANSFORMS_MEMORYPLAN_H
