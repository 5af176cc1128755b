//===- Passes.td - dlc NVPTX code generation passes --------*- tablegen -*-===//
#ifndef DLC_CODEGEN_NVPTX_PASSES_TD
#define DLC_CODEGEN_NVPTX_PASSES_TD

include "mlir/Pass/PassBase.td"

def MapParallelLoopsToGPU : Pass<"dlc-gpu-map-parallel-loops", "mlir::func::FuncOp"> {
  let summary = "Give every top-level loop nest of a function a block/thread mapping";
  let description = [{
    After `convert-linalg-to-parallel-loops`, each linalg op is an
    `scf.parallel` over its parallel dims (reductions inside as `scf.for`)
    or, with no parallel dim, plain loops. On the GPU every one must run as
    a kernel, because the host never touches device memory:

      - memory-touching ops outside any `scf.parallel` (a full reduction,
        a rank-0 op) are wrapped in a one-iteration `scf.parallel`;
      - each top-level `scf.parallel` is collapsed to one dim (its
        iterations linearised, so a 4-D convolution output still fills
        whole blocks), tiled by `block-size` with the tail guarded inside,
        and mapped: tiles to `block_x`, iterations of a tile to `thread_x`.

    `convert-parallel-loops-to-gpu` then turns each into a `gpu.launch`.
  }];
  let options = [
    Option<"blockSize", "block-size", "int64_t", "256",
           "threads per block">,
  ];
  let dependentDialects = ["mlir::scf::SCFDialect", "mlir::gpu::GPUDialect",
                           "mlir::arith::ArithDialect", "mlir::affine::AffineDialect"];
}

def TileContractionsForGPU : Pass<"dlc-gpu-tile-contractions", "mlir::func::FuncOp"> {
  let summary = "Matmuls and convolutions as shared-memory tiled block kernels";
  let description = [{
    Every contraction `dlc::matchContraction` recognises (a matmul, a
    batched matmul, a convolution read through its im2col maps, their
    gradients) with at least 16 rows and 16 columns becomes a block kernel
    in phase form (PhaseKernels.h): a 64x64 (or 32-wide, for small sizes)
    tile of C per block, 4x4 outputs per thread accumulated in registers,
    the K dim walked in slices of 16 that the block's threads first copy
    into shared memory with coalesced loads (zeros past the ends, rows
    padded against bank conflicts). A fill or bias broadcast of C right
    before is fused as the accumulators' start, and an in-place elementwise
    op right after (bias add, activation) as the store's epilogue.

    Where the tiles are fewer than 256 blocks and K is long (a weight
    gradient: K runs over the batch and the image), K is split into ranges
    of at least 256 handled by separate blocks, each adding its partial
    tile to C with atomic adds (then nothing is fused: C's initial value is
    written before, the epilogue runs after).
  }];
  let dependentDialects = ["mlir::scf::SCFDialect", "mlir::gpu::GPUDialect",
                           "mlir::memref::MemRefDialect", "mlir::math::MathDialect",
                           "mlir::arith::ArithDialect", "mlir::affine::AffineDialect"];
}

def BlockReductions : Pass<"dlc-gpu-block-reductions", "mlir::func::FuncOp"> {
  let summary = "Long reductions as one block of threads per output";
  let description = [{
    A linalg.generic that reduces at least 64 elements into each output
    (no more than 16384 outputs), with a body ending in an associative,
    commutative `out = combine(element, out)` (add, mul, max, min; a
    softmax's row max and sum, a loss, batch-norm statistics, a bias
    gradient, a contraction too thin to tile) becomes a block kernel in
    phase form (PhaseKernels.h): one block per output, each of its 64 to
    256 threads combining a strided share of the elements (consecutive
    threads, consecutive elements), then a tree over shared memory in
    log2(threads) steps, then thread 0 combining the total into the output.
  }];
  let dependentDialects = ["mlir::scf::SCFDialect", "mlir::gpu::GPUDialect",
                           "mlir::memref::MemRefDialect",
                           "mlir::arith::ArithDialect", "mlir::affine::AffineDialect"];
}

def LaunchPhases : Pass<"dlc-gpu-launch-phases", "mlir::func::FuncOp"> {
  let summary = "Phase-form block loops to gpu.launch with barriers";
  let description = [{
    Each block loop in phase form (marked `dlc.gpu_phases`, see
    PhaseKernels.h) becomes a `gpu.launch` of one block per iteration and
    as many threads as its thread loops have iterations. Each thread loop's
    body becomes straight-line code of `threadIdx.x` followed by a
    `gpu.barrier` (none after the last phase); buffers marked
    `dlc.gpu_shared` become workgroup attributions, and those marked
    `dlc.gpu_private` private attributions without the leading thread dim
    (every access must index it with its own thread loop's index). Only
    uniform, memory-free work may sit between thread loops.
  }];
  let dependentDialects = ["mlir::gpu::GPUDialect", "mlir::memref::MemRefDialect"];
}

def MergeKernelModules : Pass<"dlc-gpu-merge-kernel-modules", "mlir::ModuleOp"> {
  let summary = "Move every outlined kernel into one gpu.module";
  let description = [{
    `gpu-kernel-outlining` gives each kernel its own `gpu.module`. One
    module per model means one PTX text (one `.version` header, one file
    `ptxas` accepts, one `cuModuleLoadData` at run time): the kernels move
    into the first module, renamed where their names collide, and every
    `gpu.launch_func` follows them.
  }];
  let dependentDialects = ["mlir::gpu::GPUDialect"];
}

def DefineLibdeviceFunctions : Pass<"dlc-gpu-define-libdevice-functions", "mlir::gpu::GPUModuleOp"> {
  let summary = "Give libdevice's __nv_* math functions bodies of LLVM intrinsics";
  let description = [{
    `convert-gpu-to-nvvm` turns math ops (fabs, floor, sqrt, fma...) into
    calls of CUDA's libdevice (`__nv_fabsf`...), which `gpu-module-to-binary`
    links only where a CUDA toolkit is installed. dlc's PTX must not depend
    on one: each such declaration in the module gets a body made of the
    matching LLVM intrinsic, which the NVPTX back-end selects directly
    (abs.f32, cvt.rmi.f32.f32, sqrt.rn.f32, fma.rn.f32...). A libdevice
    function without an intrinsic is an error naming it (transcendental ops
    are approximated before, by dlc-approximate-math).
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect"];
}

def ConstantsToDevice : Pass<"dlc-gpu-constants-to-device", "mlir::ModuleOp"> {
  let summary = "Hand kernels device copies of the constants (weights) the object holds";
  let description = [{
    After the host code is in the LLVM dialect: every address of a constant
    global (a model's embedded weights) that a host function takes becomes
    `dlc_cuda_constant(address, bytes)`, libdlcrt's device copy of it, made
    on the first call and kept, so kernels never see a host pointer.
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect"];
}

#endif // DLC_CODEGEN_NVPTX_PASSES_TD
