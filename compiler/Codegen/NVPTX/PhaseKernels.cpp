//===- PhaseKernels.cpp - block kernels as phases of thread loops ---------===//
#include "compiler/Codegen/NVPTX/PhaseKernels.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/ParallelLoopMapper.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

using namespace mlir;

namespace {

/// A one-dim scf.parallel over [0, count) mapped to `processor`.
scf::ParallelOp createLoop(OpBuilder &b, Location loc, int64_t count,
                           gpu::Processor processor,
                           dlc::PhaseBodyFn body) {
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value upper = arith::ConstantIndexOp::create(b, loc, count);
  auto loop = scf::ParallelOp::create(
      b, loc, ValueRange{zero}, ValueRange{upper}, ValueRange{one},
      [&](OpBuilder &nested, Location, ValueRange ivs) {
        body(nested, ivs[0]);
      });
  MLIRContext *ctx = b.getContext();
  AffineMap identity = AffineMap::getMultiDimIdentityMap(1, ctx);
  (void)gpu::setMappingAttr(
      loop, {gpu::ParallelLoopDimMappingAttr::get(ctx, processor, identity,
                                                  identity)});
  return loop;
}

/// A scratch buffer at the start of the function (a stack slot for the
/// whole call on the CPU, not one per block), marked `kind`.
Value createScratch(OpBuilder &b, Location loc, MemRefType type,
                    StringRef kind) {
  auto func = b.getInsertionBlock()->getParent()->getParentOfType<
      FunctionOpInterface>();
  OpBuilder entry = OpBuilder::atBlockBegin(&func.getFunctionBody().front());
  auto alloca = memref::AllocaOp::create(entry, loc, type);
  alloca->setAttr(kind, b.getUnitAttr());
  return alloca;
}

} // namespace

void dlc::createBlockLoop(OpBuilder &b, Location loc, int64_t blocks,
                          PhaseBodyFn body) {
  scf::ParallelOp loop =
      createLoop(b, loc, blocks, gpu::Processor::BlockX, body);
  loop->setAttr(kPhasesAttr, b.getUnitAttr());
}

void dlc::createThreadLoop(OpBuilder &b, Location loc, int64_t threads,
                           PhaseBodyFn body) {
  createLoop(b, loc, threads, gpu::Processor::ThreadX, body);
}

Value dlc::createSharedBuffer(OpBuilder &b, Location loc,
                              ArrayRef<int64_t> shape, Type element) {
  return createScratch(b, loc, MemRefType::get(shape, element), kSharedAttr);
}

Value dlc::createPrivateBuffer(OpBuilder &b, Location loc, int64_t threads,
                               ArrayRef<int64_t> shape, Type element) {
  SmallVector<int64_t> full{threads};
  llvm::append_range(full, shape);
  return createScratch(b, loc, MemRefType::get(full, element), kPrivateAttr);
}

int64_t dlc::roleSize(ArrayRef<unsigned> dims, ArrayRef<int64_t> bounds) {
  int64_t size = 1;
  for (unsigned d : dims)
    size *= bounds[d];
  return size;
}

AffineMap dlc::delinearizeRoles(ArrayRef<SmallVector<unsigned>> roles,
                                ArrayRef<int64_t> bounds, MLIRContext *ctx) {
  SmallVector<AffineExpr> exprs(bounds.size(), getAffineConstantExpr(0, ctx));
  for (auto [role, dims] : llvm::enumerate(roles)) {
    int64_t stride = roleSize(dims, bounds);
    AffineExpr linear = getAffineDimExpr(role, ctx);
    for (auto [i, d] : llvm::enumerate(dims)) {
      stride /= bounds[d];
      AffineExpr e = linear.floorDiv(stride);
      exprs[d] = i == 0 ? e : e % bounds[d];
    }
  }
  return AffineMap::get(roles.size(), 0, exprs, ctx);
}

SmallVector<Value> dlc::applyAtRoles(OpBuilder &b, Location loc, AffineMap map,
                                     AffineMap toLoops, ValueRange roles) {
  SmallVector<Value> result;
  for (AffineExpr e : map.compose(toLoops).getResults())
    result.push_back(affine::AffineApplyOp::create(
        b, loc, AffineMap::get(roles.size(), 0, e), roles));
  return result;
}
