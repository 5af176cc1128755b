//===- PhaseKernels.h - block kernels as phases of thread loops -*- C++ -*-===//
//
// A kernel that needs shared memory and barriers (a tiled matmul, a tree
// reduction) is first built in *phase form*, plain scf that runs anywhere:
//
//   %tile = memref.alloca() {dlc.gpu_shared}     at the function's entry:
//   %acc  = memref.alloca() {dlc.gpu_private}    one per block on the GPU;
//                                                 [threads, ...], row t
//                                                 belongs to thread t
//   scf.parallel (%block) = (0) to (blocks)       {dlc.gpu_phases, block_x}
//     scf.parallel (%t) = (0) to (threads)        {thread_x}      phase 1
//     scf.for ... { scf.parallel (%t) ... }                       phase 2..
//
// Each thread loop is one phase; every thread finishes a phase before any
// starts the next. Between phases only uniform work (index math, scf.for
// over phases) happens. On the CPU (--emulate-gpu-loops) the loops run as
// written, so the kernel's indexing is tested without a GPU; on the GPU
// dlc-gpu-launch-phases makes each block loop a gpu.launch: thread loops
// become the thread's own code followed by gpu.barrier, shared buffers
// workgroup memory, and private buffers per-thread arrays without the
// thread dim (registers, once their indices are constants).
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_CODEGEN_NVPTX_PHASEKERNELS_H
#define DLC_COMPILER_CODEGEN_NVPTX_PHASEKERNELS_H

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"

namespace dlc {

/// Marks a block loop in phase form.
inline constexpr llvm::StringLiteral kPhasesAttr = "dlc.gpu_phases";
inline constexpr llvm::StringLiteral kSharedAttr = "dlc.gpu_shared";
inline constexpr llvm::StringLiteral kPrivateAttr = "dlc.gpu_private";

using PhaseBodyFn = llvm::function_ref<void(mlir::OpBuilder &, mlir::Value)>;

/// A block loop of `blocks` iterations at `b`'s insertion point; `body`
/// fills it given the block index.
void createBlockLoop(mlir::OpBuilder &b, mlir::Location loc, int64_t blocks,
                     PhaseBodyFn body);

/// A phase: a thread loop of `threads` iterations; `body` gets the thread.
void createThreadLoop(mlir::OpBuilder &b, mlir::Location loc,
                      int64_t threads, PhaseBodyFn body);

/// A buffer the block's threads share (workgroup memory on the GPU),
/// created at the start of the function `b` inserts into (before the block
/// loop is built). It must be used by one block loop only, like the
/// private buffers.
mlir::Value createSharedBuffer(mlir::OpBuilder &b, mlir::Location loc,
                               llvm::ArrayRef<int64_t> shape,
                               mlir::Type element);

/// Per-thread storage: `shape` for each of `threads` threads, as one buffer
/// whose leading dim is the thread. Index it with a thread loop's index.
mlir::Value createPrivateBuffer(mlir::OpBuilder &b, mlir::Location loc,
                                int64_t threads,
                                llvm::ArrayRef<int64_t> shape,
                                mlir::Type element);

/// How many iterations `dims` (of loop `bounds`) make together.
int64_t roleSize(llvm::ArrayRef<unsigned> dims,
                 llvm::ArrayRef<int64_t> bounds);

/// The map from one linear index per role (the map's dims, in order) to
/// the loop dims: role i's `roles[i]` dims, row-major over their `bounds`,
/// are its linear index split up. A kernel's block and thread indices
/// become an op's iteration this way.
mlir::AffineMap delinearizeRoles(
    llvm::ArrayRef<llvm::SmallVector<unsigned>> roles,
    llvm::ArrayRef<int64_t> bounds, mlir::MLIRContext *ctx);

/// What `map` (over the loop dims, as an operand's indexing map) gives at
/// the roles' linear indices `roles`, through `toLoops` (delinearizeRoles):
/// one affine.apply per result.
llvm::SmallVector<mlir::Value> applyAtRoles(mlir::OpBuilder &b,
                                            mlir::Location loc,
                                            mlir::AffineMap map,
                                            mlir::AffineMap toLoops,
                                            mlir::ValueRange roles);

} // namespace dlc

#endif // DLC_COMPILER_CODEGEN_NVPTX_PHASEKERNELS_H
