//===- BackwardOpsTest.cpp - numeric tests of the backward-op lowerings ---===//
//
// Each test compiles one dlc backward op (through the whole CPU pipeline)
// and compares it with a naive loop written here from the op's definition:
// the convolution gradients are accumulated from the forward convolution's
// own loop nest (every multiply-add x * w -> y contributes dy * w to dx and
// dy * x to dw), the pooling gradients walk every window, and the gather
// gradient adds every dy slice at its index.
//
//===----------------------------------------------------------------------===//
#include "test/unit/Conversion/JitFunction.h"
#include "test/unit/Conversion/Reference.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace dlc::test;

namespace {

/// Expects `actual` to match `expected` to float accumulation accuracy.
void expectClose(const std::vector<float> &actual,
                 const std::vector<float> &expected, float tolerance = 1e-4f) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i)
    ASSERT_NEAR(actual[i], expected[i],
                tolerance * std::max(1.0f, std::fabs(expected[i])))
        << "element " << i;
}

//===----------------------------------------------------------------------===//
// Convolution gradients
//===----------------------------------------------------------------------===//

struct ConvCase {
  Shape x, w; // [N, C, X...], [F, C/G, K...]
  Shape strides, dilations, pads;
  int64_t group;

  int64_t spatial() const { return x.size() - 2; }
  Shape y() const {
    Shape shape{x[0], w[0]};
    for (int64_t i = 0; i < spatial(); ++i)
      shape.push_back((x[2 + i] + pads[i] + pads[spatial() + i] -
                       dilations[i] * (w[2 + i] - 1) - 1) /
                          strides[i] +
                      1);
    return shape;
  }
  std::string attrs() const {
    return "{strides = " + i64Array(strides) +
           ", dilations = " + i64Array(dilations) +
           ", pads = " + i64Array(pads) + ", group = " + std::to_string(group) +
           " : i64}";
  }
};

/// dx and dw of y = conv(x, w) for cotangent dy, from the forward loop nest.
void referenceConvGradients(const ConvCase &c, const std::vector<float> &x,
                            const std::vector<float> &w,
                            const std::vector<float> &dy,
                            std::vector<float> &dx, std::vector<float> &dw) {
  Shape y = c.y();
  int64_t s = c.spatial();
  int64_t outPerGroup = c.w[0] / c.group, inPerGroup = c.w[1];
  dx.assign(numElements(c.x), 0.0f);
  dw.assign(numElements(c.w), 0.0f);
  // Loops: n, f, o..., c (in the group), k...
  Shape loops{y[0], y[1]};
  loops.insert(loops.end(), y.begin() + 2, y.end());
  loops.push_back(inPerGroup);
  loops.insert(loops.end(), c.w.begin() + 2, c.w.end());
  forEachIndex(loops, [&](const Index &l) {
    int64_t n = l[0], f = l[1], cl = l[2 + s];
    int64_t channel = (f / outPerGroup) * inPerGroup + cl;
    Index xi{n, channel}, wi{f, cl}, yi{n, f};
    for (int64_t j = 0; j < s; ++j) {
      int64_t o = l[2 + j], k = l[3 + s + j];
      int64_t pos = o * c.strides[j] + k * c.dilations[j] - c.pads[j];
      if (pos < 0 || pos >= c.x[2 + j])
        return;
      xi.push_back(pos);
      wi.push_back(k);
      yi.push_back(o);
    }
    float g = dy[offsetOf(y, yi)];
    dx[offsetOf(c.x, xi)] += g * w[offsetOf(c.w, wi)];
    dw[offsetOf(c.w, wi)] += g * x[offsetOf(c.x, xi)];
  });
}

void checkConvGradients(const ConvCase &c) {
  Shape y = c.y();
  std::string tx = tensorType(c.x, "f32"), tw = tensorType(c.w, "f32"),
              ty = tensorType(y, "f32");
  std::vector<float> x = randomFloats(numElements(c.x), 1);
  std::vector<float> w = randomFloats(numElements(c.w), 2);
  std::vector<float> dy = randomFloats(numElements(y), 3);
  std::vector<float> dxRef, dwRef;
  referenceConvGradients(c, x, w, dy, dxRef, dwRef);

  std::string dataSource =
      "func.func @f(%dy: " + ty + ", %w: " + tw + ") -> " + tx + " {\n" +
      "  %dx = dlc.conv_backward_data %dy, %w " + c.attrs() + " : (" + ty +
      ", " + tw + ") -> " + tx + "\n  return %dx : " + tx + "\n}\n";
  auto data = compileOrFail(dataSource);
  ASSERT_TRUE(data);
  std::vector<float> dx(numElements(c.x), -7.0f);
  callOrFail(*data, {dy.data(), w.data()}, {dx.data()});
  {
    SCOPED_TRACE("conv_backward_data");
    expectClose(dx, dxRef);
  }

  std::string filterSource =
      "func.func @f(%x: " + tx + ", %dy: " + ty + ") -> " + tw + " {\n" +
      "  %dw = dlc.conv_backward_filter %x, %dy " + c.attrs() + " : (" + tx +
      ", " + ty + ") -> " + tw + "\n  return %dw : " + tw + "\n}\n";
  auto filter = compileOrFail(filterSource);
  ASSERT_TRUE(filter);
  std::vector<float> dw(numElements(c.w), -7.0f);
  callOrFail(*filter, {x.data(), dy.data()}, {dw.data()});
  SCOPED_TRACE("conv_backward_filter");
  expectClose(dw, dwRef);
}

TEST(ConvBackwardLowering, SeedConv1) {
  checkConvGradients(
      {{1, 1, 28, 28}, {32, 1, 3, 3}, {1, 1}, {1, 1}, {0, 0, 0, 0}, 1});
}

TEST(ConvBackwardLowering, SeedConv2) {
  checkConvGradients(
      {{1, 32, 13, 13}, {64, 32, 3, 3}, {1, 1}, {1, 1}, {0, 0, 0, 0}, 1});
}

// Stride 2 drops the last padded row of x (it gets zero); asymmetric pads.
TEST(ConvBackwardLowering, Stride2Dilation2AsymmetricPads) {
  checkConvGradients(
      {{2, 3, 9, 8}, {4, 3, 3, 2}, {2, 2}, {2, 2}, {1, 2, 0, 1}, 1});
}

TEST(ConvBackwardLowering, Groups2Stride2Dilation2Pads) {
  checkConvGradients(
      {{2, 4, 9, 8}, {6, 2, 3, 2}, {2, 2}, {2, 2}, {1, 2, 0, 1}, 2});
}

TEST(ConvBackwardLowering, Depthwise) {
  checkConvGradients(
      {{1, 3, 7, 7}, {3, 1, 3, 3}, {1, 1}, {1, 1}, {1, 1, 1, 1}, 3});
}

// Pads larger than the kernel's reach: the first outputs see only padding.
TEST(ConvBackwardLowering, PadsBeyondKernel1D) {
  checkConvGradients({{1, 2, 5}, {3, 2, 2}, {1}, {1}, {3, 3}, 1});
}

TEST(ConvBackwardLowering, Groups2Stride3Conv1D) {
  checkConvGradients({{2, 4, 11}, {4, 2, 3}, {3}, {1}, {2, 1}, 2});
}

TEST(ConvBackwardLowering, Stride2Conv3D) {
  checkConvGradients({{1, 2, 5, 6, 5},
                      {3, 2, 2, 3, 2},
                      {2, 1, 2},
                      {1, 2, 1},
                      {0, 1, 1, 1, 0, 0},
                      1});
}

TEST(ConvBackwardLowering, Groups2Conv3D) {
  checkConvGradients({{1, 4, 4, 5, 4},
                      {2, 2, 2, 2, 2},
                      {1, 2, 1},
                      {1, 1, 2},
                      {1, 0, 0, 0, 1, 1},
                      2});
}

//===----------------------------------------------------------------------===//
// Pooling gradients
//===----------------------------------------------------------------------===//

struct PoolCase {
  Shape x, kernel, strides, dilations, pads;
  Shape y; // given, so that ceil-mode shapes can be tested

  int64_t spatial() const { return kernel.size(); }
  std::string attrs() const {
    return "kernel_shape = " + i64Array(kernel) +
           ", strides = " + i64Array(strides) +
           ", dilations = " + i64Array(dilations) +
           ", pads = " + i64Array(pads);
  }
  /// Calls `fn(window, taps)` for every window with the in-input positions
  /// of its taps in row-major tap order, and the number of taps in the
  /// padded extent.
  template <typename Fn> void forEachWindow(Fn fn) const {
    int64_t s = spatial();
    forEachIndex(y, [&](const Index &o) {
      std::vector<Index> inside;
      int64_t inPadded = 0;
      forEachIndex(kernel, [&](const Index &k) {
        Index pos{o[0], o[1]};
        bool isInside = true, isInPadded = true;
        for (int64_t j = 0; j < s; ++j) {
          int64_t p = o[2 + j] * strides[j] + k[j] * dilations[j];
          isInPadded &= p < x[2 + j] + pads[j] + pads[s + j];
          p -= pads[j];
          isInside &= p >= 0 && p < x[2 + j];
          pos.push_back(p);
        }
        inPadded += isInPadded;
        if (isInside)
          inside.push_back(pos);
      });
      fn(o, inside, inPadded);
    });
  }
};

/// Routes every window's dy to its first maximal tap inside the input.
std::vector<float> referenceMaxPoolBackward(const PoolCase &c,
                                            const std::vector<float> &x,
                                            const std::vector<float> &dy) {
  std::vector<float> dx(numElements(c.x), 0.0f);
  c.forEachWindow([&](const Index &o, const std::vector<Index> &taps, int64_t) {
    const Index *best = nullptr;
    for (const Index &t : taps)
      if (!best || x[offsetOf(c.x, t)] > x[offsetOf(c.x, *best)])
        best = &t;
    if (best)
      dx[offsetOf(c.x, *best)] += dy[offsetOf(c.y, o)];
  });
  return dx;
}

void checkMaxPoolBackward(const PoolCase &c, const std::vector<float> &x) {
  std::string tx = tensorType(c.x, "f32"), ty = tensorType(c.y, "f32");
  std::string attrs = "{" + c.attrs() + "}";
  std::string source =
      "func.func @f(%x: " + tx + ", %dy: " + ty + ") -> " + tx + " {\n" +
      "  %y = dlc.max_pool %x " + attrs + " : " + tx + " -> " + ty + "\n" +
      "  %dx = dlc.max_pool_backward %x, %y, %dy " + attrs + " : (" + tx +
      ", " + ty + ", " + ty + ") -> " + tx + "\n  return %dx : " + tx + "\n}\n";
  auto fn = compileOrFail(source);
  ASSERT_TRUE(fn);
  std::vector<float> dy = randomFloats(numElements(c.y), 5);
  std::vector<float> dx(numElements(c.x), -7.0f);
  callOrFail(*fn, {x.data(), dy.data()}, {dx.data()});
  // Routing only adds dy values: exact up to the order of additions.
  expectClose(dx, referenceMaxPoolBackward(c, x, dy), 1e-6f);
}

TEST(MaxPoolBackwardLowering, Seed26x26) {
  PoolCase c{{1, 4, 26, 26}, {2, 2},       {2, 2},
             {1, 1},         {0, 0, 0, 0}, {1, 4, 13, 13}};
  checkMaxPoolBackward(c, randomFloats(numElements(c.x), 7));
}

// 11 is odd: the last row and column are in no window and get zero.
TEST(MaxPoolBackwardLowering, Seed11x11OddSize) {
  PoolCase c{{2, 3, 11, 11}, {2, 2},       {2, 2},
             {1, 1},         {0, 0, 0, 0}, {2, 3, 5, 5}};
  checkMaxPoolBackward(c, randomFloats(numElements(c.x), 8));
}

// Few distinct values: most windows tie, the first tap must win.
TEST(MaxPoolBackwardLowering, TiesGoToFirstArgmax) {
  PoolCase c{{1, 2, 6, 7}, {2, 2}, {2, 2}, {1, 1}, {0, 0, 0, 0}, {1, 2, 3, 3}};
  checkMaxPoolBackward(c, tiedFloats(numElements(c.x), 9, 2));
}

// All-zero windows (after a relu) route to their first position.
TEST(MaxPoolBackwardLowering, AllZeroWindows) {
  PoolCase c{{1, 1, 4, 4}, {2, 2}, {2, 2}, {1, 1}, {0, 0, 0, 0}, {1, 1, 2, 2}};
  std::vector<float> x(16, 0.0f);
  std::string tx = tensorType(c.x, "f32"), ty = tensorType(c.y, "f32");
  checkMaxPoolBackward(c, x);
  // Hand-derived: window (a, b) routes to input (2a, 2b).
  std::vector<float> expected(16, 0.0f);
  expected[0] = 1, expected[2] = 2, expected[8] = 3, expected[10] = 4;
  std::string attrs = "{" + c.attrs() + "}";
  auto fn = compileOrFail("func.func @f(%x: " + tx + ", %dy: " + ty + ") -> " +
                          tx + " {\n" + "  %y = dlc.max_pool %x " + attrs +
                          " : " + tx + " -> " + ty + "\n" +
                          "  %dx = dlc.max_pool_backward %x, %y, %dy " + attrs +
                          " : (" + tx + ", " + ty + ", " + ty + ") -> " + tx +
                          "\n  return %dx : " + tx + "\n}\n");
  ASSERT_TRUE(fn);
  std::vector<float> dy{1, 2, 3, 4}, dx(16, -7.0f);
  callOrFail(*fn, {x.data(), dy.data()}, {dx.data()});
  expectClose(dx, expected, 0.0f);
}

// Overlapping windows (stride 1 < kernel 3) with pads and ties: a position
// can be the first argmax of several windows and collect all their dy.
TEST(MaxPoolBackwardLowering, OverlappingPaddedTies) {
  PoolCase c{{2, 2, 5, 6}, {3, 3}, {1, 1}, {1, 1}, {1, 1, 1, 1}, {2, 2, 5, 6}};
  checkMaxPoolBackward(c, tiedFloats(numElements(c.x), 10, 3));
}

TEST(MaxPoolBackwardLowering, DilationStride) {
  PoolCase c{{1, 2, 9, 10}, {2, 3}, {2, 3}, {2, 1}, {1, 0, 0, 2}, {1, 2, 4, 4}};
  checkMaxPoolBackward(c, tiedFloats(numElements(c.x), 11, 4));
}

// ceil_mode: the last window overhangs the input end.
TEST(MaxPoolBackwardLowering, CeilModeOverhang) {
  PoolCase c{{1, 2, 7, 7}, {2, 2}, {2, 2}, {1, 1}, {0, 0, 0, 0}, {1, 2, 4, 4}};
  checkMaxPoolBackward(c, randomFloats(numElements(c.x), 12));
}

TEST(MaxPoolBackwardLowering, Pool1D) {
  PoolCase c{{2, 3, 10}, {3}, {2}, {1}, {1, 0}, {2, 3, 5}};
  checkMaxPoolBackward(c, tiedFloats(numElements(c.x), 13, 3));
}

TEST(MaxPoolBackwardLowering, Pool3D) {
  PoolCase c{{1, 2, 4, 5, 4}, {2, 2, 2},          {2, 2, 2},
             {1, 1, 1},       {0, 0, 0, 0, 1, 0}, {1, 2, 2, 3, 2}};
  checkMaxPoolBackward(c, tiedFloats(numElements(c.x), 14, 3));
}

/// Spreads every window's dy / divisor over its taps inside the input.
std::vector<float> referenceAvgPoolBackward(const PoolCase &c,
                                            bool countIncludePad,
                                            const std::vector<float> &dy) {
  std::vector<float> dx(numElements(c.x), 0.0f);
  c.forEachWindow(
      [&](const Index &o, const std::vector<Index> &taps, int64_t inPadded) {
        int64_t count = countIncludePad ? inPadded : taps.size();
        float share = dy[offsetOf(c.y, o)] / std::max<int64_t>(count, 1);
        for (const Index &t : taps)
          dx[offsetOf(c.x, t)] += share;
      });
  return dx;
}

void checkAvgPoolBackward(const PoolCase &c, bool countIncludePad) {
  std::string tx = tensorType(c.x, "f32"), ty = tensorType(c.y, "f32");
  std::string source =
      "func.func @f(%dy: " + ty + ") -> " + tx + " {\n" +
      "  %dx = dlc.avg_pool_backward %dy {" + c.attrs() +
      ", count_include_pad = " + (countIncludePad ? "true" : "false") +
      "} : " + ty + " -> " + tx + "\n  return %dx : " + tx + "\n}\n";
  auto fn = compileOrFail(source);
  ASSERT_TRUE(fn);
  std::vector<float> dy = randomFloats(numElements(c.y), 15);
  std::vector<float> dx(numElements(c.x), -7.0f);
  callOrFail(*fn, {dy.data()}, {dx.data()});
  expectClose(dx, referenceAvgPoolBackward(c, countIncludePad, dy), 1e-5f);
}

TEST(AvgPoolBackwardLowering, NoPads) {
  checkAvgPoolBackward(
      {{1, 3, 26, 26}, {2, 2}, {2, 2}, {1, 1}, {0, 0, 0, 0}, {1, 3, 13, 13}},
      false);
}

TEST(AvgPoolBackwardLowering, PadsExcluded) {
  checkAvgPoolBackward(
      {{2, 2, 5, 5}, {3, 3}, {2, 2}, {1, 1}, {1, 1, 1, 1}, {2, 2, 3, 3}},
      false);
}

TEST(AvgPoolBackwardLowering, PadsIncluded) {
  checkAvgPoolBackward(
      {{2, 2, 5, 5}, {3, 3}, {2, 2}, {1, 1}, {1, 1, 1, 1}, {2, 2, 3, 3}}, true);
}

// Overlapping, asymmetric pads, dilation; ceil-mode overhang never counts.
TEST(AvgPoolBackwardLowering, CeilModeAsymmetricPadsIncluded) {
  checkAvgPoolBackward(
      {{1, 2, 7, 8}, {3, 2}, {2, 3}, {1, 2}, {1, 0, 0, 1}, {1, 2, 4, 3}}, true);
}

TEST(AvgPoolBackwardLowering, CeilModeAsymmetricPadsExcluded) {
  checkAvgPoolBackward(
      {{1, 2, 7, 8}, {3, 2}, {2, 3}, {1, 2}, {1, 0, 0, 1}, {1, 2, 4, 3}},
      false);
}

TEST(AvgPoolBackwardLowering, Pool1DAnd3D) {
  checkAvgPoolBackward({{2, 3, 9}, {3}, {2}, {1}, {1, 1}, {2, 3, 5}}, false);
  checkAvgPoolBackward({{1, 2, 4, 4, 5},
                        {2, 2, 3},
                        {2, 1, 2},
                        {1, 1, 1},
                        {0, 1, 1, 0, 0, 1},
                        {1, 2, 2, 4, 3}},
                       true);
}

// Global average pooling: one window over everything.
TEST(AvgPoolBackwardLowering, Global) {
  checkAvgPoolBackward(
      {{2, 3, 3, 4}, {3, 4}, {1, 1}, {1, 1}, {0, 0, 0, 0}, {2, 3, 1, 1}},
      false);
}

//===----------------------------------------------------------------------===//
// Gather gradient
//===----------------------------------------------------------------------===//

template <typename IndexT>
void checkGatherBackward(const Shape &data, const Shape &indicesShape,
                         const std::vector<IndexT> &indices, int64_t axis) {
  Shape dyShape(data.begin(), data.begin() + axis);
  dyShape.insert(dyShape.end(), indicesShape.begin(), indicesShape.end());
  dyShape.insert(dyShape.end(), data.begin() + axis + 1, data.end());
  std::vector<float> dy = randomFloats(numElements(dyShape), 16);
  int64_t idxRank = indicesShape.size();

  std::vector<float> expected(numElements(data), 0.0f);
  forEachIndex(dyShape, [&](const Index &d) {
    Index idx(d.begin() + axis, d.begin() + axis + idxRank);
    int64_t j = indices[offsetOf(indicesShape, idx)];
    if (j < 0)
      j += data[axis];
    Index target(d.begin(), d.begin() + axis);
    target.push_back(j);
    target.insert(target.end(), d.begin() + axis + idxRank, d.end());
    expected[offsetOf(data, target)] += dy[offsetOf(dyShape, d)];
  });

  std::string idxElem = sizeof(IndexT) == 8 ? "i64" : "i32";
  std::string td = tensorType(data, "f32"),
              ti = tensorType(indicesShape, idxElem),
              ty = tensorType(dyShape, "f32");
  auto fn = compileOrFail(
      "func.func @f(%dy: " + ty + ", %i: " + ti + ") -> " + td + " {\n" +
      "  %dd = dlc.gather_backward %dy, %i {axis = " + std::to_string(axis) +
      " : i64} : (" + ty + ", " + ti + ") -> " + td + "\n  return %dd : " + td +
      "\n}\n");
  ASSERT_TRUE(fn);
  std::vector<float> dd(numElements(data), -7.0f);
  callOrFail(*fn, {dy.data(), indices.data()}, {dd.data()});
  expectClose(dd, expected, 1e-6f);
}

TEST(GatherBackwardLowering, RepeatedAndNegativeIndicesAxis0) {
  checkGatherBackward<int64_t>({5, 3}, {6}, {1, -1, 1, 4, 0, -4}, 0);
}

TEST(GatherBackwardLowering, MatrixIndicesAxis1) {
  checkGatherBackward<int64_t>({2, 3, 4}, {2, 2}, {0, -3, 2, 2}, 1);
}

TEST(GatherBackwardLowering, I32IndicesLastAxis) {
  checkGatherBackward<int32_t>({2, 3, 4}, {5}, {3, -1, 0, 3, -4}, 2);
}

TEST(GatherBackwardLowering, ScalarIndex) {
  checkGatherBackward<int64_t>({4, 3}, {}, {-2}, 0);
}

} // namespace
