//===- NVPTXPipeline.cpp - the NVIDIA GPU code generation phase -----------===//
#include "compiler/Codegen/NVPTX/NVPTXPipeline.h"

#include "compiler/Codegen/NVPTX/Passes.h"
#include "compiler/Transforms/Passes.h"
#include "compiler/Transforms/PipelineText.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"

using namespace mlir;

namespace {

/// Upstream passes by name and options, as dlc-opt takes them.
void addPasses(OpPassManager &pm, llvm::StringRef text) {
  dlc::addPipelineText(pm, text);
}

unsigned smVersion(llvm::StringRef chip) {
  unsigned version = 0;
  if (!chip.consume_front("sm_") || chip.getAsInteger(10, version))
    return 0;
  return version;
}

} // namespace

bool dlc::isSupportedGPU(llvm::StringRef chip) {
  return smVersion(chip) >= 50;
}

std::string dlc::ptxFeatures(llvm::StringRef chip) {
  // PTX 7.8 (CUDA 11.8) introduced sm_90; 8.0 is CUDA 12.0, which every
  // driver of the last years reads, and LLVM 22 writes it.
  return smVersion(chip) >= 100 ? "+ptx86" : "+ptx80";
}

void dlc::buildNVPTXPipeline(OpPassManager &pm,
                             const NVPTXCodegenOptions &options) {
  std::string opt = std::to_string(options.optLevel);
  addPasses(pm, "func.func(" + kBlockKernelPasses.str() +
                ",dlc-gpu-launch-phases,"
                "convert-linalg-to-parallel-loops,canonicalize,"
                "dlc-gpu-map-parallel-loops{block-size=" +
                    std::to_string(options.blockSize) +
                    "},convert-parallel-loops-to-gpu),"
                    "gpu-launch-sink-index-computations,gpu-kernel-outlining,"
                    "dlc-gpu-merge-kernel-modules,"
                    "lower-affine,canonicalize,cse");
  // exp, log, tanh... as polynomials; the libdevice calls the other math
  // ops become get intrinsic bodies (dlc-gpu-define-libdevice-functions):
  // nothing to link, so the PTX does not depend on a CUDA installation.
  pm.addPass(dlc::createApproximateMath());
  addPasses(pm, "nvvm-attach-target{chip=" + options.chip +
                    " features=" + ptxFeatures(options.chip) + " O=" + opt +
                    "},gpu.module(convert-scf-to-cf,"
                    "convert-gpu-to-nvvm{use-bare-ptr-memref-call-conv},"
                    "dlc-gpu-define-libdevice-functions,"
                    "canonicalize,cse,reconcile-unrealized-casts),"
                    "gpu-module-to-binary{format=isa}");
}

void dlc::buildNVPTXHostPipeline(OpPassManager &pm) {
  addPasses(pm, "lower-affine,convert-scf-to-cf,expand-strided-metadata,"
                "lower-affine,finalize-memref-to-llvm,convert-arith-to-llvm,"
                "convert-index-to-llvm,convert-cf-to-llvm,"
                "gpu-to-llvm{use-bare-pointers-for-host "
                "use-bare-pointers-for-kernels},"
                "convert-func-to-llvm{use-bare-ptr-memref-call-conv},"
                "reconcile-unrealized-casts,dlc-gpu-constants-to-device");
}

FailureOr<std::string> dlc::extractPTX(ModuleOp module) {
  std::string ptx;
  module.walk([&](gpu::BinaryOp binary) {
    for (Attribute object : binary.getObjects())
      if (auto gpuObject = dyn_cast<gpu::ObjectAttr>(object))
        ptx += gpuObject.getObject().getValue().str();
  });
  if (ptx.empty())
    return emitError(module.getLoc()) << "no GPU kernel was generated";
  return ptx;
}
