//===- NVPTXPipeline.h - the NVIDIA GPU code generation phase ---*- C++ -*-===//
//
// From planned buffers (after bufferization and the arena plan) to kernels
// in PTX. Matmuls and convolutions become block kernels tiled through
// shared memory, long reductions one block per output with a tree over
// shared memory (dlc-gpu-tile-contractions, dlc-gpu-block-reductions, then
// dlc-gpu-launch-phases); every other linalg op a kernel over its parallel
// iterations, 256 threads a block (dlc-gpu-map-parallel-loops). The
// kernels are outlined into one gpu.module (dlc-gpu-merge-kernel-modules)
// with the constants they use sunk in, and compiled by LLVM's NVPTX
// back-end (gpu-module-to-binary, format isa: no CUDA toolkit needed).
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_CODEGEN_NVPTX_NVPTXPIPELINE_H
#define DLC_COMPILER_CODEGEN_NVPTX_NVPTXPIPELINE_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"

#include <string>

namespace dlc {

struct NVPTXCodegenOptions {
  /// The GPU architecture, sm_XX.
  std::string chip = "sm_80";
  unsigned optLevel = 3;
  int64_t blockSize = 256;
};

/// The passes that build the block kernels in phase form (PhaseKernels.h),
/// as pass-pipeline text on a func.func. The CPU's --emulate-gpu-loops runs
/// the same ones, so what it tests is what the GPU gets.
inline constexpr llvm::StringLiteral kBlockKernelPasses =
    "dlc-gpu-tile-contractions,dlc-gpu-block-reductions";

/// Whether `chip` names an architecture dlc compiles for (sm_XX, XX >= 50).
bool isSupportedGPU(llvm::StringRef chip);

/// The PTX ISA version (`+ptxNN`) new enough for `chip`.
std::string ptxFeatures(llvm::StringRef chip);

/// Planned buffers to gpu.launch_func and one gpu.binary holding the PTX.
void buildNVPTXPipeline(mlir::OpPassManager &pm,
                        const NVPTXCodegenOptions &options);

/// After buildNVPTXPipeline: the host code to the LLVM dialect, launching
/// the kernels through libdlcrt's mgpu* functions, with bare pointers for
/// memrefs (the same C ABI as on the CPU) and weights copied to the device.
void buildNVPTXHostPipeline(mlir::OpPassManager &pm);

/// The PTX of the module's gpu.binary (built by buildNVPTXPipeline).
mlir::FailureOr<std::string> extractPTX(mlir::ModuleOp module);

} // namespace dlc

#endif // DLC_COMPILER_CODEGEN_NVPTX_NVPTXPIPELINE_H
