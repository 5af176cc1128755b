/*===- fma_peak.c - single-core FMA throughput (the `vs peak` reference) --===*
 *
 * Measures what one core can do: many independent chains of vector fused
 * multiply-adds, acc = acc * x + y, with no loads or stores in the loop, so
 * only the FMA units' throughput limits it. Uses AVX-512 (16 chains of 16
 * floats) when the CPU has avx512f, else AVX2+FMA (12 chains of 8 floats);
 * enough chains to cover the FMA latency on every current x86 core.
 *
 * Usage: fma-peak [--seconds S]   (S: time per sample, default 0.2; 7 samples)
 * Prints key=value lines: isa, chains, samples, gflops_median, gflops_max.
 * One FMA counts as 2 floating-point operations.
 *
 *===----------------------------------------------------------------------===*/
#include "bench_timing.h"

#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kSamples = 7 };

/* `iters` rounds of 16 chains x 16 lanes; returns a value that depends on
   every chain so the loop cannot be removed. */
__attribute__((target("avx512f"), noinline)) static float
fmaChainsAvx512(long iters) {
  __m512 x = _mm512_set1_ps(0.999999f), y = _mm512_set1_ps(1e-6f);
  __m512 a0 = _mm512_set1_ps(0.0f), a1 = _mm512_set1_ps(0.1f),
         a2 = _mm512_set1_ps(0.2f), a3 = _mm512_set1_ps(0.3f),
         a4 = _mm512_set1_ps(0.4f), a5 = _mm512_set1_ps(0.5f),
         a6 = _mm512_set1_ps(0.6f), a7 = _mm512_set1_ps(0.7f),
         a8 = _mm512_set1_ps(0.8f), a9 = _mm512_set1_ps(0.9f),
         a10 = _mm512_set1_ps(1.0f), a11 = _mm512_set1_ps(1.1f),
         a12 = _mm512_set1_ps(1.2f), a13 = _mm512_set1_ps(1.3f),
         a14 = _mm512_set1_ps(1.4f), a15 = _mm512_set1_ps(1.5f);
  for (long i = 0; i < iters; ++i) {
    a0 = _mm512_fmadd_ps(a0, x, y);
    a1 = _mm512_fmadd_ps(a1, x, y);
    a2 = _mm512_fmadd_ps(a2, x, y);
    a3 = _mm512_fmadd_ps(a3, x, y);
    a4 = _mm512_fmadd_ps(a4, x, y);
    a5 = _mm512_fmadd_ps(a5, x, y);
    a6 = _mm512_fmadd_ps(a6, x, y);
    a7 = _mm512_fmadd_ps(a7, x, y);
    a8 = _mm512_fmadd_ps(a8, x, y);
    a9 = _mm512_fmadd_ps(a9, x, y);
    a10 = _mm512_fmadd_ps(a10, x, y);
    a11 = _mm512_fmadd_ps(a11, x, y);
    a12 = _mm512_fmadd_ps(a12, x, y);
    a13 = _mm512_fmadd_ps(a13, x, y);
    a14 = _mm512_fmadd_ps(a14, x, y);
    a15 = _mm512_fmadd_ps(a15, x, y);
  }
  __m512 s = _mm512_add_ps(
      _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3)),
                    _mm512_add_ps(_mm512_add_ps(a4, a5), _mm512_add_ps(a6, a7))),
      _mm512_add_ps(
          _mm512_add_ps(_mm512_add_ps(a8, a9), _mm512_add_ps(a10, a11)),
          _mm512_add_ps(_mm512_add_ps(a12, a13), _mm512_add_ps(a14, a15))));
  return _mm512_reduce_add_ps(s);
}

/* `iters` rounds of 12 chains x 8 lanes. */
__attribute__((target("avx2,fma"), noinline)) static float
fmaChainsAvx2(long iters) {
  __m256 x = _mm256_set1_ps(0.999999f), y = _mm256_set1_ps(1e-6f);
  __m256 a0 = _mm256_set1_ps(0.0f), a1 = _mm256_set1_ps(0.1f),
         a2 = _mm256_set1_ps(0.2f), a3 = _mm256_set1_ps(0.3f),
         a4 = _mm256_set1_ps(0.4f), a5 = _mm256_set1_ps(0.5f),
         a6 = _mm256_set1_ps(0.6f), a7 = _mm256_set1_ps(0.7f),
         a8 = _mm256_set1_ps(0.8f), a9 = _mm256_set1_ps(0.9f),
         a10 = _mm256_set1_ps(1.0f), a11 = _mm256_set1_ps(1.1f);
  for (long i = 0; i < iters; ++i) {
    a0 = _mm256_fmadd_ps(a0, x, y);
    a1 = _mm256_fmadd_ps(a1, x, y);
    a2 = _mm256_fmadd_ps(a2, x, y);
    a3 = _mm256_fmadd_ps(a3, x, y);
    a4 = _mm256_fmadd_ps(a4, x, y);
    a5 = _mm256_fmadd_ps(a5, x, y);
    a6 = _mm256_fmadd_ps(a6, x, y);
    a7 = _mm256_fmadd_ps(a7, x, y);
    a8 = _mm256_fmadd_ps(a8, x, y);
    a9 = _mm256_fmadd_ps(a9, x, y);
    a10 = _mm256_fmadd_ps(a10, x, y);
    a11 = _mm256_fmadd_ps(a11, x, y);
  }
  __m256 s = _mm256_add_ps(
      _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)),
                    _mm256_add_ps(_mm256_add_ps(a4, a5), _mm256_add_ps(a6, a7))),
      _mm256_add_ps(_mm256_add_ps(a8, a9), _mm256_add_ps(a10, a11)));
  float lanes[8];
  _mm256_storeu_ps(lanes, s);
  return lanes[0] + lanes[1] + lanes[2] + lanes[3] + lanes[4] + lanes[5] +
         lanes[6] + lanes[7];
}

typedef float (*ChainsFn)(long);

struct Isa {
  const char *name;
  ChainsFn run;
  int chains, lanes;
};

volatile float fmaPeakSink;

/* GFLOP/s of one timed run of `iters` rounds. */
static double sampleGflops(const struct Isa *isa, long iters) {
  double start = bench_seconds();
  fmaPeakSink = isa->run(iters);
  double elapsed = bench_seconds() - start;
  return 2.0 * isa->chains * isa->lanes * (double)iters / elapsed * 1e-9;
}

int main(int argc, char **argv) {
  double seconds = 0.2;
  for (int i = 1; i < argc; ++i) {
    if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
      seconds = atof(argv[++i]);
    } else {
      fprintf(stderr, "usage: %s [--seconds S]\n", argv[0]);
      return 2;
    }
  }
  if (!(seconds > 0.0)) {
    fprintf(stderr, "fma-peak: --seconds must be positive\n");
    return 2;
  }
  __builtin_cpu_init();
  struct Isa isa;
  if (__builtin_cpu_supports("avx512f")) {
    isa = (struct Isa){"avx512f", fmaChainsAvx512, 16, 16};
  } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    isa = (struct Isa){"avx2+fma", fmaChainsAvx2, 12, 8};
  } else {
    fprintf(stderr, "fma-peak: the CPU has neither AVX-512F nor AVX2+FMA\n");
    return 1;
  }
  /* Calibrate: grow the round count until one run takes `seconds`. */
  long iters = 1 << 16;
  for (;;) {
    double start = bench_seconds();
    fmaPeakSink = isa.run(iters);
    double elapsed = bench_seconds() - start;
    if (elapsed >= seconds)
      break;
    double scale = elapsed > 0 ? seconds / elapsed * 1.1 : 8.0;
    iters = (long)(iters * (scale > 8.0 ? 8.0 : scale < 1.5 ? 1.5 : scale));
  }
  double samples[kSamples], best = 0;
  for (int i = 0; i < kSamples; ++i) {
    samples[i] = sampleGflops(&isa, iters);
    if (samples[i] > best)
      best = samples[i];
  }
  printf("isa=%s\nchains=%d\nsamples=%d\ngflops_median=%.3f\ngflops_max=%.3f\n",
         isa.name, isa.chains, kSamples, bench_median(samples, kSamples), best);
  return 0;
}
