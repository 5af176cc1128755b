//===- ShapeHelpersTest.cpp - dlc::broadcastShapes, slidingWindowExtent ---===//
//
// Expected values are derived by hand from the numpy broadcasting rules (the
// examples of numpy's "Broadcasting" page) and from the ONNX Conv/MaxPool
// output-size formula floor((in + pads - dilation*(k-1) - 1) / stride) + 1.
//
//===----------------------------------------------------------------------===//

#include "dialects/DLC/IR/DLCOps.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

llvm::SmallVector<int64_t> broadcastOk(llvm::ArrayRef<int64_t> a,
                                       llvm::ArrayRef<int64_t> b) {
  auto r = dlc::broadcastShapes(a, b);
  EXPECT_TRUE(mlir::succeeded(r));
  return mlir::succeeded(r) ? *r : llvm::SmallVector<int64_t>{-99};
}

TEST(BroadcastShapes, EqualShapes) {
  EXPECT_THAT(broadcastOk({2, 3}, {2, 3}), ElementsAre(2, 3));
}

TEST(BroadcastShapes, TrailingVector) {
  // [2,3] + [3]: the vector is aligned on the right.
  EXPECT_THAT(broadcastOk({2, 3}, {3}), ElementsAre(2, 3));
  EXPECT_THAT(broadcastOk({3}, {2, 3}), ElementsAre(2, 3));
}

TEST(BroadcastShapes, NumpyDocExamples) {
  // A 8x1x6x1, B 7x1x5 -> 8x7x6x5.
  EXPECT_THAT(broadcastOk({8, 1, 6, 1}, {7, 1, 5}), ElementsAre(8, 7, 6, 5));
  // A 5x4, B 1 -> 5x4.
  EXPECT_THAT(broadcastOk({5, 4}, {1}), ElementsAre(5, 4));
  // A 15x3x5, B 15x1x5 -> 15x3x5.
  EXPECT_THAT(broadcastOk({15, 3, 5}, {15, 1, 5}), ElementsAre(15, 3, 5));
  // A 15x3x5, B 3x1 -> 15x3x5.
  EXPECT_THAT(broadcastOk({15, 3, 5}, {3, 1}), ElementsAre(15, 3, 5));
}

TEST(BroadcastShapes, BothSidesStretch) {
  // [4,1,5] and [3,1]: the 1s on either side stretch.
  EXPECT_THAT(broadcastOk({4, 1, 5}, {3, 1}), ElementsAre(4, 3, 5));
}

TEST(BroadcastShapes, ScalarOperands) {
  EXPECT_THAT(broadcastOk({}, {2, 2}), ElementsAre(2, 2));
  EXPECT_THAT(broadcastOk({2, 2}, {}), ElementsAre(2, 2));
  EXPECT_THAT(broadcastOk({}, {}), IsEmpty());
}

TEST(BroadcastShapes, OneStretchesToZero) {
  // numpy: np.ones((1,)) + np.ones((0,)) has shape (0,).
  EXPECT_THAT(broadcastOk({1}, {0}), ElementsAre(0));
  EXPECT_THAT(broadcastOk({0, 3}, {1, 3}), ElementsAre(0, 3));
}

TEST(BroadcastShapes, Incompatible) {
  EXPECT_TRUE(mlir::failed(dlc::broadcastShapes({3}, {4})));
  // numpy doc: 2x1 vs 8x4x3 fails (2 vs 4 in the second-to-last axis).
  EXPECT_TRUE(mlir::failed(dlc::broadcastShapes({2, 1}, {8, 4, 3})));
  EXPECT_TRUE(mlir::failed(dlc::broadcastShapes({2, 3}, {4, 3})));
  // 0 only combines with 0 or 1.
  EXPECT_TRUE(mlir::failed(dlc::broadcastShapes({0}, {2})));
}

TEST(SlidingWindowExtent, ValidConv) {
  // MNIST conv: 28 wide, 3x3 kernel, stride 1 -> 26.
  EXPECT_EQ(dlc::slidingWindowExtent(28, 0, 0, 3, 1, 1), 26);
  // Kernel as large as the input -> 1.
  EXPECT_EQ(dlc::slidingWindowExtent(5, 0, 0, 5, 1, 1), 1);
}

TEST(SlidingWindowExtent, Pooling) {
  // 2x2/2 pooling of 26 -> 13.
  EXPECT_EQ(dlc::slidingWindowExtent(26, 0, 0, 2, 2, 1), 13);
  // Floor mode drops the partial window: (6 - 3) / 2 + 1 = 2.
  EXPECT_EQ(dlc::slidingWindowExtent(6, 0, 0, 3, 2, 1), 2);
  // ResNet's max pool: 112, k3 s2 p1 -> (114 - 3) / 2 + 1 = 56.
  EXPECT_EQ(dlc::slidingWindowExtent(112, 1, 1, 3, 2, 1), 56);
}

TEST(SlidingWindowExtent, Padding) {
  // "same" 3x3 conv: 5 + 1 + 1 - 3 + 1 = 5.
  EXPECT_EQ(dlc::slidingWindowExtent(5, 1, 1, 3, 1, 1), 5);
  // Asymmetric pads count both: 5 + 0 + 2 - 3 + 1 = 5.
  EXPECT_EQ(dlc::slidingWindowExtent(5, 0, 2, 3, 1, 1), 5);
  // Stride 2: (5 + 2 - 3) / 2 + 1 = 3.
  EXPECT_EQ(dlc::slidingWindowExtent(5, 1, 1, 3, 2, 1), 3);
  // ResNet conv1: 224, k7 s2 p3 -> (230 - 7) / 2 + 1 = 112.
  EXPECT_EQ(dlc::slidingWindowExtent(224, 3, 3, 7, 2, 1), 112);
}

TEST(SlidingWindowExtent, Dilation) {
  // k3 d2 spans 5: 7 - 5 + 1 = 3.
  EXPECT_EQ(dlc::slidingWindowExtent(7, 0, 0, 3, 1, 2), 3);
  // k2 d3 spans 4, stride 2: (10 - 4) / 2 + 1 = 4.
  EXPECT_EQ(dlc::slidingWindowExtent(10, 0, 0, 2, 2, 3), 4);
}

TEST(SlidingWindowExtent, WindowLargerThanInput) {
  // The span 5 exceeds the input 3: no full window (result < 1).
  EXPECT_LT(dlc::slidingWindowExtent(3, 0, 0, 5, 1, 1), 1);
}

} // namespace
