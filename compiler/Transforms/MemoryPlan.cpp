//===- MemoryPlan.cpp - offsets for buffers with known lifetimes ----------===//
#include "compiler/Transforms/MemoryPlan.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"

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

std::string dlc::findPlanViolation(llvm::ArrayRef<BufferLife> buffers,
                                   const MemoryPlan &plan, int64_t alignment) {
  if (plan.offsets.size() != buffers.size())
    return llvm::formatv("{0} offsets for {1} buffers", plan.offsets.size(),
                         buffers.size());
  if (plan.totalBytes % alignment != 0)
    return llvm::formatv("arena of {0} bytes is not a multiple of {1}",
                         plan.totalBytes, alignment);
  for (auto [i, b] : llvm::enumerate(buffers)) {
    int64_t offset = plan.offsets[i];
    if (offset < 0)
      return llvm::formatv("buffer {0} at offset {1} lies before the arena", i,
                           offset);
    if (offset % alignment != 0)
      return llvm::formatv("buffer {0} at offset {1} is not {2}-aligned", i,
                           offset, alignment);
    if (b.bytes < 0 || offset + b.bytes > plan.totalBytes)
      return llvm::formatv("buffer {0} ({1} bytes at offset {2}) overruns the "
                           "{3}-byte arena",
                           i, b.bytes, offset, plan.totalBytes);
  }
  for (size_t i = 0; i < buffers.size(); ++i)
    for (size_t j = i + 1; j < buffers.size(); ++j) {
      const BufferLife &a = buffers[i], &b = buffers[j];
      int64_t oa = plan.offsets[i], ob = plan.offsets[j];
      bool sharesBytes = oa < ob + b.bytes && ob < oa + a.bytes &&
                         a.bytes > 0 && b.bytes > 0;
      if (sharesBytes && livesOverlap(a, b))
        return llvm::formatv("buffers {0} ([{1}, {2}) live {3}..{4}) and {5} "
                             "([{6}, {7}) live {8}..{9}) overlap",
                             i, oa, oa + a.bytes, a.first, a.last, j, ob,
                             ob + b.bytes, b.first, b.last);
    }
  return "";
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
