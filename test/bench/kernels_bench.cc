/*===- kernels_bench.cc - dlc-bench-kernels: SGEMM compiled by dlc --------===*
 *
 * C[S,S] = A[S,S] x B[S,S] for S in {256, 512, 1024}: one ONNX MatMul per
 * size (sgemm_<S>.onnxtxt, from gen_sgemm.py) compiled by dlc at build time.
 * Benchmarks are named sgemm/<S>, timed in wall-clock time (the generated
 * code may run threads, OMP_NUM_THREADS sets how many) and report a GFLOP/s
 * counter (2*S^3 floating-point operations per call).
 *
 *===----------------------------------------------------------------------===*/
#include "bench_buffers.h"
#include "bench_main.h"
#include "sgemm_1024.h"
#include "sgemm_256.h"
#include "sgemm_512.h"

#include <benchmark/benchmark.h>

#include <string>

namespace {

using SgemmFn = void (*)(const float *, const float *, float *, void *);

struct SgemmCase {
  long size;
  SgemmFn run;
  std::size_t arenaBytes;
};

void runSgemm(benchmark::State &state, SgemmCase c) {
  std::size_t elements = static_cast<std::size_t>(c.size) * c.size;
  auto a = dlcbench::allocate(elements * sizeof(float));
  auto b = dlcbench::allocate(elements * sizeof(float));
  auto out = dlcbench::allocate(elements * sizeof(float));
  auto arena = dlcbench::allocate(c.arenaBytes);
  dlcbench::fillUniform(static_cast<float *>(a.get()), elements, 1);
  dlcbench::fillUniform(static_cast<float *>(b.get()), elements, 2);
  for (auto _ : state) {
    c.run(static_cast<const float *>(a.get()),
          static_cast<const float *>(b.get()), static_cast<float *>(out.get()),
          arena.get());
    benchmark::DoNotOptimize(out.get());
    benchmark::ClobberMemory();
  }
  double flops = 2.0 * c.size * c.size * c.size;
  state.counters["GFLOP/s"] = benchmark::Counter(
      flops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

void registerSgemm(SgemmCase c) {
  benchmark::RegisterBenchmark(("sgemm/" + std::to_string(c.size)).c_str(),
                               runSgemm, c)
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
}

} // namespace

int main(int argc, char **argv) {
  registerSgemm({256, sgemm_256_run, SGEMM_256_ARENA_BYTES});
  registerSgemm({512, sgemm_512_run, SGEMM_512_ARENA_BYTES});
  registerSgemm({1024, sgemm_1024_run, SGEMM_1024_ARENA_BYTES});
  return dlcbench::runRegisteredBenchmarks(argc, argv);
}
