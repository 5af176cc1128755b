//===- CPUPipeline.cpp - the host CPU code generation phases --------------===//
//
// Upstream passes are added from their textual form so that their options
// read the same as in a dlc-opt command line.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/CPU/CPUPipeline.h"

#include "compiler/Codegen/CPU/Passes.h"
#include "compiler/Codegen/NVPTX/NVPTXPipeline.h"
#include "compiler/Transforms/Passes.h"
#include "compiler/Transforms/PipelineText.h"

using namespace mlir;

namespace {

/// Upstream passes by name and options, as dlc-opt takes them.
void addPasses(OpPassManager &pm, llvm::StringRef text) {
  dlc::addPipelineText(pm, text);
}

} // namespace

void dlc::buildCPUBufferizePipeline(OpPassManager &pm) {
  pm.addPass(dlc::createReuseElementwiseInputs());
  addPasses(pm, "func.func(dlc-distinct-results),eliminate-empty-tensors,empty-tensor-to-alloc-tensor,"
                "one-shot-bufferize{bufferize-function-boundaries "
                "function-boundary-type-conversion=identity-layout-map},"
                // A training step's parameter and state results are its
                // arguments, updated in place: drop them (private functions).
                "canonicalize,drop-equivalent-buffer-results,"
                "buffer-results-to-out-params{hoist-static-allocs "
                "modify-public-functions},"
                "canonicalize,cse");
  pm.addPass(dlc::createMemRefCopyToLinalg());
  pm.addPass(dlc::createPlanMemory());
}

void dlc::buildCPULowerToLLVMPipeline(OpPassManager &pm,
                                      const CPUCodegenOptions &options) {
  std::string loops;
  if (options.gpuLoops) {
    // The kernels as the GPU gets them, before gpu.launch: block kernels
    // in phase form run their thread loops one after another.
    loops = "func.func(" + kBlockKernelPasses.str() +
            ",convert-linalg-to-parallel-loops,canonicalize,"
            "dlc-gpu-map-parallel-loops)";
  } else if (options.optLevel == 0) {
    // -O0: the plain loop nests of each op, one thread, for debugging.
    loops = "func.func(dlc-cpu-linalg-to-loops{parallel=false})";
  } else {
    std::string width =
        "{vector-width=" + std::to_string(options.vectorWidth) + "}";
    loops = "func.func(dlc-cpu-lower-contractions" + width +
            ",dlc-cpu-vectorize-pooling" + width +
            ",dlc-cpu-vectorize-strided-generics" + width +
            ",dlc-cpu-linalg-to-loops{parallel=" +
            (options.threads ? "true" : "false") +
            " vector-width=" + std::to_string(options.vectorWidth) + "})";
  }
  addPasses(pm, loops + ",canonicalize");
  pm.addPass(dlc::createApproximateMath());
  if (options.optLevel > 0 && options.threads && !options.gpuLoops)
    addPasses(pm, "dlc-cpu-parallel-to-openmp");
  addPasses(pm, "func.func(canonicalize,dlc-cpu-opaque-empty-arguments),"
                "lower-affine,convert-scf-to-cf,convert-vector-to-llvm,"
                "expand-strided-metadata,lower-affine,finalize-memref-to-llvm,"
                "convert-math-to-llvm,convert-arith-to-llvm,"
                "convert-index-to-llvm,convert-cf-to-llvm,"
                "convert-func-to-llvm{use-bare-ptr-memref-call-conv},"
                "convert-openmp-to-llvm,reconcile-unrealized-casts");
}
