/*===- bench_timing.h - median timing of the standalone benchmarks --------===*
 *
 * For fma-peak and openblas-sgemm (plain C programs outside Google
 * Benchmark): a monotonic clock and the median of a few samples.
 *
 *===----------------------------------------------------------------------===*/
#ifndef DLC_TEST_BENCH_BENCH_TIMING_H
#define DLC_TEST_BENCH_BENCH_TIMING_H

#include <stdlib.h>
#include <time.h>

static inline double bench_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int bench_compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Sorts `v` (n > 0 values) and returns its median. */
static inline double bench_median(double *v, int n) {
  qsort(v, (size_t)n, sizeof(double), bench_compare_doubles);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

#endif /* DLC_TEST_BENCH_BENCH_TIMING_H */
