//===- CPUPipeline.h - the host CPU code generation phases ------*- C++ -*-===//
#ifndef DLC_COMPILER_CODEGEN_CPU_CPUPIPELINE_H
#define DLC_COMPILER_CODEGEN_CPU_CPUPIPELINE_H

#include "mlir/Pass/PassManager.h"

namespace dlc {

/// What the code generation for the host CPU may use.
struct CPUCodegenOptions {
  /// 0: plain loop nests on one thread (debugging); otherwise packed vector
  /// contractions and OpenMP threads.
  unsigned optLevel = 3;
  /// f32 lanes of a vector register: 16 with AVX-512, 8 with AVX2.
  unsigned vectorWidth = 16;
  /// Outer loops run on the OpenMP runtime (the program links libomp).
  bool threads = true;
  /// Test mode: the loop nests --target=cuda makes its kernels of (every
  /// linalg op collapsed, tiled into blocks, host scalars recomputed in the
  /// loops: dlc-gpu-map-parallel-loops), run one after another on the CPU,
  /// so that their results are checked where no GPU is.
  bool gpuLoops = false;
};

/// linalg on tensors -> memrefs: one-shot bufferization across the function
/// boundary, results turned into caller-owned out-params, every intermediate
/// buffer placed in the arena (dlc-plan-memory).
void buildCPUBufferizePipeline(mlir::OpPassManager &pm);

/// Planned memrefs -> loops -> the LLVM dialect, with the bare-pointer calling
/// convention (every memref argument is one pointer) and no libm calls:
/// contractions become packed, register-tiled vector loops
/// (dlc-cpu-lower-contractions), the rest loop nests whose outermost
/// parallel loop runs on OpenMP threads (dlc-cpu-linalg-to-loops).
void buildCPULowerToLLVMPipeline(mlir::OpPassManager &pm,
                                 const CPUCodegenOptions &options = {});

} // namespace dlc

#endif // DLC_COMPILER_CODEGEN_CPU_CPUPIPELINE_H
