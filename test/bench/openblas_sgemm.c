/*===- openblas_sgemm.c - OpenBLAS SGEMM on one thread (the peer) ---------===*
 *
 * C[S,S] = A[S,S] x B[S,S] through cblas_sgemm (row-major, no transposes)
 * with OpenBLAS held to one thread: the same work as dlc-bench-kernels'
 * sgemm/<S>, inputs from the same kind of fixed pseudo-random fill.
 *
 * Usage: openblas-sgemm [--size S] [--seconds T]
 *   S: matrix size (default 1024); T: minimum total time of the timed calls
 *   (default 1.0; at least 5 calls), after 2 warm-up calls.
 * Prints key=value lines: corename (the kernel OpenBLAS picked for this CPU,
 * which OPENBLAS_CORETYPE can override), config, threads, size, calls,
 * ms_median, gflops.
 *
 *===----------------------------------------------------------------------===*/
#include "bench_timing.h"

#include <cblas.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kMaxCalls = 1000, kMinCalls = 5 };

static float *allocMatrix(long size, uint64_t seed) {
  float *m = aligned_alloc(64, (size_t)size * size * sizeof(float));
  if (!m) {
    fprintf(stderr, "openblas-sgemm: out of memory\n");
    exit(1);
  }
  uint64_t state = seed;
  for (long i = 0; i < size * size; ++i) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    m[i] = (float)(-1.0 + 2.0 * (double)(z >> 11) / 9007199254740992.0);
  }
  return m;
}

static void sgemm(long n, const float *a, const float *b, float *c) {
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)n,
              (int)n, 1.0f, a, (int)n, b, (int)n, 0.0f, c, (int)n);
}

int main(int argc, char **argv) {
  long size = 1024;
  double seconds = 1.0;
  for (int i = 1; i < argc; ++i) {
    if (strcmp(argv[i], "--size") == 0 && i + 1 < argc) {
      size = atol(argv[++i]);
    } else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
      seconds = atof(argv[++i]);
    } else {
      fprintf(stderr, "usage: %s [--size S] [--seconds T]\n", argv[0]);
      return 2;
    }
  }
  if (size <= 0 || size > 16384 || !(seconds > 0.0)) {
    fprintf(stderr, "openblas-sgemm: need 0 < size <= 16384, seconds > 0\n");
    return 2;
  }
  openblas_set_num_threads(1);
  float *a = allocMatrix(size, 1), *b = allocMatrix(size, 2);
  float *c = allocMatrix(size, 3);
  sgemm(size, a, b, c);
  sgemm(size, a, b, c);
  static double times[kMaxCalls];
  int calls = 0;
  double total = 0;
  while (calls < kMaxCalls && (calls < kMinCalls || total < seconds)) {
    double start = bench_seconds();
    sgemm(size, a, b, c);
    times[calls] = bench_seconds() - start;
    total += times[calls++];
  }
  double median = bench_median(times, calls);
  printf("corename=%s\nconfig=%s\nthreads=%d\nsize=%ld\ncalls=%d\n"
         "ms_median=%.4f\ngflops=%.3f\n",
         openblas_get_corename(), openblas_get_config(),
         openblas_get_num_threads(), size, calls, median * 1e3,
         2.0 * size * size * size / median * 1e-9);
  free(a);
  free(b);
  free(c);
  return 0;
}
