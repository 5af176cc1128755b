//===- MemoryPlanTest.cpp - the greedy-by-size arena placement ------------===//
//
// Expected offsets are worked out by hand from the algorithm's definition:
// largest buffer first, each at the lowest 64-byte aligned offset free of
// every placed buffer whose live range intersects its own.
//
//===----------------------------------------------------------------------===//
#include "compiler/Transforms/MemoryPlan.h"

#include <gtest/gtest.h>

using dlc::BufferLife;
using dlc::planGreedyBySize;

namespace {

/// No two buffers alive at the same time may share a byte.
void expectNoConflicts(llvm::ArrayRef<BufferLife> lives,
                       const dlc::MemoryPlan &plan) {
  for (size_t i = 0; i < lives.size(); ++i)
    for (size_t j = i + 1; j < lives.size(); ++j) {
      bool timeOverlap =
          lives[i].first <= lives[j].last && lives[j].first <= lives[i].last;
      bool spaceOverlap =
          plan.offsets[i] < plan.offsets[j] + lives[j].bytes &&
          plan.offsets[j] < plan.offsets[i] + lives[i].bytes;
      EXPECT_FALSE(timeOverlap && spaceOverlap) << "buffers " << i << ", " << j;
    }
}

TEST(MemoryPlan, EmptyPlanNeedsNoBytes) {
  dlc::MemoryPlan plan = planGreedyBySize({}, 64);
  EXPECT_EQ(plan.totalBytes, 0);
  EXPECT_TRUE(plan.offsets.empty());
}

TEST(MemoryPlan, DisjointLivesShareOffsetZero) {
  // A chain a -> b -> c where each buffer dies before the next-but-one is
  // born: a [0,1], b [1,2], c [2,3]. a and c may share bytes, b may not
  // overlap either.
  BufferLife lives[] = {{4096, 0, 1}, {4096, 1, 2}, {4096, 2, 3}};
  dlc::MemoryPlan plan = planGreedyBySize(lives, 64);
  EXPECT_EQ(plan.offsets[0], 0);
  EXPECT_EQ(plan.offsets[1], 4096);
  EXPECT_EQ(plan.offsets[2], 0);
  EXPECT_EQ(plan.totalBytes, 8192);
  expectNoConflicts(lives, plan);
}

TEST(MemoryPlan, LargestFirstAndAlignment) {
  // All alive together: sizes 100, 300, 10. Placed 300 at 0, 100 at 320
  // (300 rounded up to 64), 10 at 448 (320 + 100 = 420 rounded up).
  BufferLife lives[] = {{100, 0, 5}, {300, 0, 5}, {10, 0, 5}};
  dlc::MemoryPlan plan = planGreedyBySize(lives, 64);
  EXPECT_EQ(plan.offsets[1], 0);
  EXPECT_EQ(plan.offsets[0], 320);
  EXPECT_EQ(plan.offsets[2], 448);
  EXPECT_EQ(plan.totalBytes, 512); // 458 rounded up to 64
  expectNoConflicts(lives, plan);
}

TEST(MemoryPlan, SkipsAGapTooSmall) {
  // Two 1000-byte buffers alive through [0,10] sit at 0 and 1024 (1000
  // rounded up). A third, alive at [3,4], meets both; the 24-byte gap between
  // them is too small, so it goes above them at 2048 (2024 rounded up).
  BufferLife lives[] = {{1000, 0, 10}, {1000, 0, 10}, {1000, 3, 4}};
  dlc::MemoryPlan plan = planGreedyBySize(lives, 64);
  EXPECT_EQ(plan.offsets[0], 0);
  EXPECT_EQ(plan.offsets[1], 1024);
  EXPECT_EQ(plan.offsets[2], 2048);
  EXPECT_EQ(plan.totalBytes, 3072);
  expectNoConflicts(lives, plan);
}

TEST(MemoryPlan, ReusesMemoryOfDeadBuffers) {
  // A long-lived small buffer and two big ones that never meet: the second
  // big buffer reuses the first one's bytes.
  BufferLife lives[] = {{64, 0, 9}, {6400, 1, 3}, {6400, 4, 8}};
  dlc::MemoryPlan plan = planGreedyBySize(lives, 64);
  EXPECT_EQ(plan.offsets[1], 0);
  EXPECT_EQ(plan.offsets[2], 0);
  EXPECT_EQ(plan.offsets[0], 6400);
  EXPECT_EQ(plan.totalBytes, 6464);
  expectNoConflicts(lives, plan);
}

TEST(MemoryPlan, NaiveIsTheSumOfAllSizes) {
  BufferLife lives[] = {{100, 0, 1}, {300, 2, 3}, {10, 0, 9}};
  EXPECT_EQ(dlc::sumOfBytes(lives), 410);
  EXPECT_EQ(dlc::sumOfBytes({}), 0);
}

TEST(MemoryPlan, LowerBoundIsThePeakOfLiveBytes) {
  // Live bytes per point: 0: 100+10, 1: 100+10, 2: 300+10, 3: 300+10+50,
  // 4..9: 10. The peak is 360, at point 3.
  BufferLife lives[] = {{100, 0, 1}, {300, 2, 3}, {10, 0, 9}, {50, 3, 3}};
  EXPECT_EQ(dlc::peakLiveBytes(lives), 360);
  EXPECT_EQ(dlc::peakLiveBytes({}), 0);
}

TEST(MemoryPlan, LowerBoundCountsClosedRangesThatTouch) {
  // [0,2] and [2,4] are both live at point 2; [5,6] meets neither.
  BufferLife lives[] = {{64, 0, 2}, {128, 2, 4}, {1000, 5, 6}};
  EXPECT_EQ(dlc::peakLiveBytes(lives), 1000);
  BufferLife touching[] = {{640, 0, 2}, {128, 2, 4}, {100, 5, 6}};
  EXPECT_EQ(dlc::peakLiveBytes(touching), 768);
}

TEST(MemoryPlan, GreedyBySizeMeetsTheLowerBoundOnAChain) {
  // The chain of DisjointLivesShareOffsetZero: the peak is two buffers, and
  // the plan uses exactly that much.
  BufferLife lives[] = {{4096, 0, 1}, {4096, 1, 2}, {4096, 2, 3}};
  EXPECT_EQ(dlc::peakLiveBytes(lives), 8192);
  EXPECT_EQ(planGreedyBySize(lives, 64).totalBytes, 8192);
  EXPECT_EQ(dlc::sumOfBytes(lives), 12288);
}

TEST(MemoryPlanCheck, AcceptsTheGreedyPlans) {
  BufferLife lives[] = {{1000, 0, 10}, {1000, 0, 10}, {1000, 3, 4},
                        {64, 0, 9},    {6400, 1, 3},  {6400, 4, 8}};
  EXPECT_EQ(dlc::findPlanViolation(lives, planGreedyBySize(lives, 64), 64), "");
  EXPECT_EQ(dlc::findPlanViolation({}, planGreedyBySize({}, 64), 64), "");
}

TEST(MemoryPlanCheck, SharedBytesAreFineWhenLivesDoNotMeet) {
  // [0,1] and [2,3] never live together: the same bytes serve both.
  BufferLife lives[] = {{128, 0, 1}, {128, 2, 3}};
  dlc::MemoryPlan plan{{0, 0}, 128};
  EXPECT_EQ(dlc::findPlanViolation(lives, plan, 64), "");
}

TEST(MemoryPlanCheck, FindsOverlapOfBuffersLiveTogether) {
  // Live together at point 2 ([0,2] and [2,3]), bytes [0,128) and [64,192).
  BufferLife lives[] = {{128, 0, 2}, {128, 2, 3}};
  dlc::MemoryPlan plan{{0, 64}, 192};
  EXPECT_EQ(dlc::findPlanViolation(lives, plan, 64),
            "buffers 0 ([0, 128) live 0..2) and 1 ([64, 192) live 2..3) "
            "overlap");
  // Adjacent byte ranges do not overlap.
  plan = {{0, 128}, 256};
  EXPECT_EQ(dlc::findPlanViolation(lives, plan, 64), "");
}

TEST(MemoryPlanCheck, FindsMisalignmentAndOverruns) {
  BufferLife lives[] = {{100, 0, 1}};
  EXPECT_EQ(dlc::findPlanViolation(lives, {{32}, 192}, 64),
            "buffer 0 at offset 32 is not 64-aligned");
  EXPECT_EQ(dlc::findPlanViolation(lives, {{-64}, 192}, 64),
            "buffer 0 at offset -64 lies before the arena");
  EXPECT_EQ(dlc::findPlanViolation(lives, {{64}, 128}, 64),
            "buffer 0 (100 bytes at offset 64) overruns the 128-byte arena");
  EXPECT_EQ(dlc::findPlanViolation(lives, {{0}, 100}, 64),
            "arena of 100 bytes is not a multiple of 64");
  EXPECT_EQ(dlc::findPlanViolation(lives, {{}, 128}, 64),
            "0 offsets for 1 buffers");
}

} // namespace
