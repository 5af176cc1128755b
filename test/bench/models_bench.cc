/*===- models_bench.cc - dlc-bench-models: the seed models compiled by dlc -===*
 *
 * models/{mnist_cnn,cifar10_cnn,mnist_mlp}.onnx compiled by dlc at build time
 * three ways each: inference at batch 1 (<m>_b1) and batch 128 (<m>_b128),
 * and the SGD-momentum training step at batch 128 (<m>_train; loss
 * softmax-cross-entropy, lr 0.01, momentum 0.9). Benchmarks are named
 * infer/<m>/b1, infer/<m>/b128 and train/<m>/b128, timed in wall-clock time
 * (OMP_NUM_THREADS sets the generated code's threads), with an images/s
 * counter (items_per_second). The training step starts from the model's own
 * weights (read from the .onnx file, as the inference objects embed them)
 * and reports the last step's loss as a counter.
 *
 *===----------------------------------------------------------------------===*/
#include "bench_buffers.h"
#include "bench_main.h"
#include "cifar10_cnn_b1.h"
#include "cifar10_cnn_b128.h"
#include "cifar10_cnn_train.h"
#include "mnist_cnn_b1.h"
#include "mnist_cnn_b128.h"
#include "mnist_cnn_train.h"
#include "mnist_mlp_b1.h"
#include "mnist_mlp_b128.h"
#include "mnist_mlp_train.h"

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#ifndef DLC_BENCH_MODELS_DIR
#error "DLC_BENCH_MODELS_DIR must name the folder of the seed .onnx files"
#endif

namespace {

using InferFn = void (*)(const float *, float *, void *);
using TrainStepFn = float (*)(const float *, const std::int64_t *, float,
                              void *, void *, void *);
using LoadFn = int (*)(const char *, void *);

struct InferCase {
  const char *model;
  long batch;
  InferFn run;
  std::size_t inputElements, outputElements, arenaBytes;
};

struct TrainCase {
  const char *model;
  long batch;
  TrainStepFn step;
  LoadFn load;
  std::size_t inputElements, outputElements, labelElements;
  std::size_t paramsBytes, stateBytes, arenaBytes;
  float lr;
};

void runInference(benchmark::State &state, InferCase c) {
  auto input = dlcbench::allocate(c.inputElements * sizeof(float));
  auto output = dlcbench::allocate(c.outputElements * sizeof(float));
  auto arena = dlcbench::allocate(c.arenaBytes);
  dlcbench::fillUniform(static_cast<float *>(input.get()), c.inputElements, 7,
                        0.0f, 1.0f);
  for (auto _ : state) {
    c.run(static_cast<const float *>(input.get()),
          static_cast<float *>(output.get()), arena.get());
    benchmark::DoNotOptimize(output.get());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * c.batch);
}

void runTrainStep(benchmark::State &state, TrainCase c) {
  auto input = dlcbench::allocate(c.inputElements * sizeof(float));
  auto labels = dlcbench::allocate(c.labelElements * sizeof(std::int64_t));
  auto params = dlcbench::allocate(c.paramsBytes);
  auto optState = dlcbench::allocate(c.stateBytes);
  auto arena = dlcbench::allocate(c.arenaBytes);
  std::string path = std::string(DLC_BENCH_MODELS_DIR) + "/" + c.model + ".onnx";
  if (c.load(path.c_str(), params.get()) != 0) {
    state.SkipWithError(("cannot read the weights: " +
                         std::string(dlc_last_error())).c_str());
    return;
  }
  std::memset(optState.get(), 0, c.stateBytes);
  dlcbench::fillUniform(static_cast<float *>(input.get()), c.inputElements, 7,
                        0.0f, 1.0f);
  std::int64_t classes =
      static_cast<std::int64_t>(c.outputElements / c.labelElements);
  dlcbench::fillLabels(static_cast<std::int64_t *>(labels.get()),
                       c.labelElements, classes, 11);
  float loss = 0.0f;
  for (auto _ : state) {
    loss = c.step(static_cast<const float *>(input.get()),
                  static_cast<const std::int64_t *>(labels.get()), c.lr,
                  params.get(), optState.get(), arena.get());
    benchmark::DoNotOptimize(loss);
    benchmark::ClobberMemory();
  }
  if (!std::isfinite(loss))
    state.SkipWithError("the training step's loss is not finite");
  state.counters["loss"] = loss;
  state.SetItemsProcessed(state.iterations() * c.batch);
}

void registerInference(InferCase c) {
  std::string name = std::string("infer/") + c.model + "/b" +
                     std::to_string(c.batch);
  benchmark::RegisterBenchmark(name.c_str(), runInference, c)
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
}

void registerTrainStep(TrainCase c) {
  std::string name = std::string("train/") + c.model + "/b" +
                     std::to_string(c.batch);
  benchmark::RegisterBenchmark(name.c_str(), runTrainStep, c)
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
}

} // namespace

// One model's three compiled forms, by the names CMakeLists.txt gives them.
#define DLC_INFER_CASE(model, batch, fn, PREFIX)                              \
  InferCase {                                                                 \
    #model, batch, fn##_run, PREFIX##_INPUT_0_ELEMENTS,                       \
        PREFIX##_OUTPUT_0_ELEMENTS, PREFIX##_ARENA_BYTES                      \
  }
#define DLC_TRAIN_CASE(model, fn, PREFIX)                                     \
  TrainCase {                                                                 \
    #model, 128, fn##_train_step, fn##_load, PREFIX##_INPUT_0_ELEMENTS,       \
        PREFIX##_OUTPUT_0_ELEMENTS, PREFIX##_LABELS_ELEMENTS,                 \
        PREFIX##_PARAMS_BYTES, PREFIX##_STATE_BYTES, PREFIX##_ARENA_BYTES,    \
        PREFIX##_DEFAULT_LR                                                   \
  }
#define DLC_REGISTER_MODEL(model, PREFIX)                                     \
  registerInference(DLC_INFER_CASE(model, 1, model##_b1, PREFIX##_B1));       \
  registerInference(DLC_INFER_CASE(model, 128, model##_b128, PREFIX##_B128)); \
  registerTrainStep(DLC_TRAIN_CASE(model, model##_train, PREFIX##_TRAIN))

int main(int argc, char **argv) {
  DLC_REGISTER_MODEL(mnist_cnn, MNIST_CNN);
  DLC_REGISTER_MODEL(cifar10_cnn, CIFAR10_CNN);
  DLC_REGISTER_MODEL(mnist_mlp, MNIST_MLP);
  return dlcbench::runRegisteredBenchmarks(argc, argv);
}
