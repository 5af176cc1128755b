//===- Reference.h - helpers for naive reference loops ----------*- C++ -*-===//
//
// Row-major N-d indexing and seeded test data for the reference
// implementations the lowering tests compare with.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_TEST_UNIT_CONVERSION_REFERENCE_H
#define DLC_TEST_UNIT_CONVERSION_REFERENCE_H

#include <cstdint>
#include <random>
#include <vector>

namespace dlc::test {

using Shape = std::vector<int64_t>;
using Index = std::vector<int64_t>;

/// Row-major offset of `index` in `shape`.
inline int64_t offsetOf(const Shape &shape, const Index &index) {
  int64_t offset = 0;
  for (size_t i = 0; i < shape.size(); ++i)
    offset = offset * shape[i] + index[i];
  return offset;
}

/// Calls `fn(index)` for every index of `shape` in row-major order.
template <typename Fn> void forEachIndex(const Shape &shape, Fn fn) {
  Index index(shape.size(), 0);
  for (int64_t d : shape)
    if (d == 0)
      return;
  while (true) {
    fn(index);
    int64_t i = static_cast<int64_t>(shape.size()) - 1;
    for (; i >= 0; --i) {
      if (++index[i] < shape[i])
        break;
      index[i] = 0;
    }
    if (i < 0)
      return;
  }
}

/// `count` values uniform in [lo, hi) from a fixed seed.
inline std::vector<float> randomFloats(size_t count, unsigned seed,
                                       float lo = -1.0f, float hi = 1.0f) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(count);
  for (float &x : v)
    x = dist(rng);
  return v;
}

/// `count` small integers in [0, levels) as floats: data full of ties.
inline std::vector<float> tiedFloats(size_t count, unsigned seed, int levels) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> dist(0, levels - 1);
  std::vector<float> v(count);
  for (float &x : v)
    x = static_cast<float>(dist(rng));
  return v;
}

} // namespace dlc::test

#endif // DLC_TEST_UNIT_CONVERSION_REFERENCE_H
