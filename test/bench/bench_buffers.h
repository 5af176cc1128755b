/*===- bench_buffers.h - buffers of the dlc benchmarks ----------*- C++ -*-===*
 *
 * Buffers allocated once per benchmark (64-byte aligned, as the generated
 * headers ask) and filled with fixed pseudo-random data, so every run of
 * every benchmark sees the same inputs.
 *
 *===----------------------------------------------------------------------===*/
#ifndef DLC_TEST_BENCH_BENCH_BUFFERS_H
#define DLC_TEST_BENCH_BENCH_BUFFERS_H

#include "dlc/dlcrt.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace dlcbench {

constexpr std::size_t kAlign = 64;

struct AlignedFree {
  void operator()(void *p) const { dlc_aligned_free(p); }
};

/// `bytes` of 64-byte aligned memory (at least one cache line, so a model
/// whose arena is empty still gets a valid pointer); exits on failure.
inline std::unique_ptr<void, AlignedFree> allocate(std::size_t bytes) {
  void *p = dlc_aligned_alloc(bytes < kAlign ? kAlign : bytes, kAlign);
  if (!p) {
    std::fprintf(stderr, "dlc-bench: cannot allocate %zu bytes\n", bytes);
    std::exit(1);
  }
  return std::unique_ptr<void, AlignedFree>(p);
}

/// splitmix64: the fixed stream every buffer is filled from.
inline std::uint64_t nextRandom(std::uint64_t &state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// Fills `n` floats uniformly in [lo, hi) from `seed`.
inline void fillUniform(float *data, std::size_t n, std::uint64_t seed,
                        float lo = -1.0f, float hi = 1.0f) {
  std::uint64_t state = seed;
  for (std::size_t i = 0; i < n; ++i) {
    double unit = (nextRandom(state) >> 11) * (1.0 / 9007199254740992.0);
    data[i] = static_cast<float>(lo + (hi - lo) * unit);
  }
}

/// Fills `n` class labels in [0, classes) from `seed`.
inline void fillLabels(std::int64_t *labels, std::size_t n,
                       std::int64_t classes, std::uint64_t seed) {
  std::uint64_t state = seed;
  for (std::size_t i = 0; i < n; ++i)
    labels[i] = static_cast<std::int64_t>(nextRandom(state) %
                                          static_cast<std::uint64_t>(classes));
}

} // namespace dlcbench

#endif // DLC_TEST_BENCH_BENCH_BUFFERS_H
