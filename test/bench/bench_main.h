/*===- bench_main.h - the dlc benchmarks' main ------------------*- C++ -*-===*
 *
 * Both suites register their cases at run time (one per compiled model)
 * and then run Google Benchmark as BENCHMARK_MAIN would.
 *
 *===----------------------------------------------------------------------===*/
#ifndef DLC_TEST_BENCH_BENCH_MAIN_H
#define DLC_TEST_BENCH_BENCH_MAIN_H

#include <benchmark/benchmark.h>

namespace dlcbench {

/// Runs the registered benchmarks with the command line's flags.
inline int runRegisteredBenchmarks(int argc, char **argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

} // namespace dlcbench

#endif // DLC_TEST_BENCH_BENCH_MAIN_H
