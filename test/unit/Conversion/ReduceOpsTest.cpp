//===- ReduceOpsTest.cpp - numeric tests of greater and reduce_sum --------===//
//
// `dlc.greater` and `dlc.reduce_sum` compiled through the CPU pipeline and
// compared with naive loops (numpy broadcasting, sums over the axes).
//
//===----------------------------------------------------------------------===//
#include "test/unit/Conversion/JitFunction.h"
#include "test/unit/Conversion/Reference.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace dlc::test;

namespace {

/// The index into an operand of `inShape` broadcast to `outIndex`.
Index broadcastIndex(const Shape &inShape, const Index &outIndex) {
  size_t lead = outIndex.size() - inShape.size();
  Index index;
  for (size_t i = 0; i < inShape.size(); ++i)
    index.push_back(inShape[i] == 1 ? 0 : outIndex[lead + i]);
  return index;
}

//===----------------------------------------------------------------------===//
// greater
//===----------------------------------------------------------------------===//

template <typename T>
void checkGreater(const Shape &lhsShape, const std::vector<T> &lhs,
                  const Shape &rhsShape, const std::vector<T> &rhs,
                  const Shape &outShape, const std::string &elem) {
  std::vector<uint8_t> expected;
  forEachIndex(outShape, [&](const Index &o) {
    expected.push_back(lhs[offsetOf(lhsShape, broadcastIndex(lhsShape, o))] >
                       rhs[offsetOf(rhsShape, broadcastIndex(rhsShape, o))]);
  });
  std::string tl = tensorType(lhsShape, elem), tr = tensorType(rhsShape, elem),
              to = tensorType(outShape, "i1");
  auto fn = compileOrFail("func.func @f(%a: " + tl + ", %b: " + tr + ") -> " +
                          to + " {\n  %m = dlc.greater %a, %b : " + tl + ", " +
                          tr + " -> " + to + "\n  return %m : " + to + "\n}\n");
  ASSERT_TRUE(fn);
  // i1 tensors are stored one byte per element.
  std::vector<uint8_t> actual(expected.size(), 7);
  callOrFail(*fn, {lhs.data(), rhs.data()}, {actual.data()});
  for (size_t i = 0; i < expected.size(); ++i)
    EXPECT_EQ(actual[i] & 1, expected[i]) << "element " << i;
}

TEST(GreaterLowering, FloatBroadcastBothSides) {
  std::vector<float> lhs = tiedFloats(2 * 1 * 4, 1, 3);
  std::vector<float> rhs = tiedFloats(3 * 1, 2, 3);
  checkGreater<float>({2, 1, 4}, lhs, {3, 1}, rhs, {2, 3, 4}, "f32");
}

TEST(GreaterLowering, FloatAgainstScalarWithNaN) {
  float nan = std::numeric_limits<float>::quiet_NaN();
  checkGreater<float>({6}, {-1.0f, 0.0f, 2.0f, nan, -0.0f, 1e-30f}, {}, {0.0f},
                      {6}, "f32");
}

TEST(GreaterLowering, SignedIntegers) {
  checkGreater<int32_t>({2, 3}, {-5, 0, 7, 3, -1, 2}, {3}, {-4, 0, 8}, {2, 3},
                        "i32");
  checkGreater<int64_t>({4}, {INT64_MIN, -1, 1, INT64_MAX}, {1}, {0}, {4},
                        "i64");
}

//===----------------------------------------------------------------------===//
// reduce_sum
//===----------------------------------------------------------------------===//

template <typename T>
void checkReduceSum(const Shape &inShape, const std::vector<T> &input,
                    const Shape &axes, bool keepdims, const std::string &elem) {
  Shape keptShape, outShape;
  for (size_t i = 0; i < inShape.size(); ++i) {
    bool reduced =
        std::find(axes.begin(), axes.end(), (int64_t)i) != axes.end();
    keptShape.push_back(reduced ? 1 : inShape[i]);
    if (!reduced || keepdims)
      outShape.push_back(reduced ? 1 : inShape[i]);
  }
  std::vector<T> expected(numElements(keptShape), T(0));
  forEachIndex(inShape, [&](const Index &i) {
    Index kept(i);
    for (int64_t a : axes)
      kept[a] = 0;
    expected[offsetOf(keptShape, kept)] += input[offsetOf(inShape, i)];
  });
  std::string ti = tensorType(inShape, elem), to = tensorType(outShape, elem);
  auto fn = compileOrFail(
      "func.func @f(%x: " + ti + ") -> " + to +
      " {\n  %s = dlc.reduce_sum %x " + "{axes = " + i64Array(axes) +
      ", keepdims = " + (keepdims ? "true" : "false") + "} : " + ti + " -> " +
      to + "\n  return %s : " + to + "\n}\n");
  ASSERT_TRUE(fn);
  std::vector<T> actual(expected.size(), T(-7));
  callOrFail(*fn, {input.data()}, {actual.data()});
  for (size_t i = 0; i < expected.size(); ++i) {
    if constexpr (std::is_floating_point_v<T>)
      EXPECT_NEAR(actual[i], expected[i],
                  1e-5 * std::max<double>(1.0, std::fabs(expected[i])))
          << "element " << i;
    else
      EXPECT_EQ(actual[i], expected[i]) << "element " << i;
  }
}

TEST(ReduceSumLowering, OuterAndInnerAxesKeepDims) {
  checkReduceSum<float>({2, 3, 4}, randomFloats(24, 3), {0, 2}, true, "f32");
}

TEST(ReduceSumLowering, OuterAndInnerAxesDropDims) {
  checkReduceSum<float>({2, 3, 4}, randomFloats(24, 4), {0, 2}, false, "f32");
}

TEST(ReduceSumLowering, AllAxesBothWays) {
  checkReduceSum<float>({3, 5}, randomFloats(15, 5), {0, 1}, true, "f32");
  checkReduceSum<float>({3, 5}, randomFloats(15, 6), {0, 1}, false, "f32");
}

TEST(ReduceSumLowering, MiddleAxisOfRank4) {
  checkReduceSum<float>({2, 3, 4, 5}, randomFloats(120, 7), {1}, false, "f32");
  checkReduceSum<float>({2, 3, 4, 5}, randomFloats(120, 8), {1, 3}, true,
                        "f32");
}

TEST(ReduceSumLowering, EmptyAxesIsIdentity) {
  checkReduceSum<float>({2, 3}, randomFloats(6, 9), {}, true, "f32");
}

TEST(ReduceSumLowering, Integers) {
  checkReduceSum<int32_t>({2, 3}, {1, -2, 3, 40, 50, -60}, {1}, false, "i32");
  checkReduceSum<int64_t>({2, 3}, {1, -2, 3, 40, 50, -60}, {0}, true, "i64");
}

} // namespace
