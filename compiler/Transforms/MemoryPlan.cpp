//===- MemoryPlan.cpp - offsets for buffers with known lifetimes ----------===//
#include "compiler/Transforms/MemoryPlan.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <numeric>

using namespace dlc;

namespace {
int64_t alignUp(int64_t value, int64_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}
bool livesOverlap(const BufferLife &a, const BufferLife &b) {
  return a.first <= b.last && b.first <= a.last;
}
} // namespace

MemoryPlan dlc::planGreedyBySize(llvm::ArrayRef<BufferLife> buffers,
                                 int64_t alignment) {
  MemoryPlan plan;
  plan.offsets.assign(buffers.size(), 0);
  llvm::SmallVector<size_t> order(buffers.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return buffers[a].bytes > buffers[b].bytes;
  });

  llvm::SmallVector<size_t> placed;
  for (size_t i : order) {
    // Byte ranges of the placed buffers alive at the same time, by offset.
    llvm::SmallVector<std::pair<int64_t, int64_t>> busy;
    for (size_t j : placed)
      if (livesOverlap(buffers[i], buffers[j]))
        busy.push_back({plan.offsets[j], plan.offsets[j] + buffers[j].bytes});
    llvm::sort(busy);
    int64_t offset = 0;
    for (auto [begin, end] : busy) {
      if (offset + buffers[i].bytes <= begin)
        break;
      offset = std::max(offset, alignUp(end, alignment));
    }
    plan.offsets[i] = offset;
    plan.totalBytes = std::max(plan.totalBytes, offset + buffers[i].bytes);
    placed.push_back(i);
  }
  plan.totalBytes = alignUp(plan.totalBytes, alignment);
  return plan;
}

int64_t dlc::sumOfBytes(llvm::ArrayRef<BufferLife> buffers) {
  int64_t sum = 0;
  for (const BufferLife &b : buffers)
    sum += b.bytes;
  return sum;
}

int64_t dlc::peakLiveBytes(llvm::ArrayRef<BufferLife> buffers) {
  // A buffer adds its bytes at `first` and removes them after `last`; at one
  // point removals (keyed last + 1) sort before additions of the same key.
  llvm::SmallVector<std::pair<int64_t, int64_t>> events;
  for (const BufferLife &b : buffers) {
    events.push_back({b.first, b.bytes});
    events.push_back({b.last + 1, -b.bytes});
  }
  llvm::sort(events);
  int64_t live = 0, peak = 0;
  for (auto [point, delta] : events) {
    live += delta;
    peak = std::max(peak, live);
  }
  return peak;
}
