//===- MapParallelLoops.cpp - every loop nest a block/thread mapping ------===//
//
// See the pass description in Passes.td.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/NVPTX/Passes.h"
#include "compiler/Transforms/ArenaAliasing.h"

#include "mlir/Dialect/GPU/Transforms/ParallelLoopMapper.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace dlc {
#define GEN_PASS_DEF_MAPPARALLELLOOPSTOGPU
#include "compiler/Codegen/NVPTX/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

/// An op of the function body the host cannot run: it reads or writes
/// memory (which lives on the device) outside any parallel loop.
bool needsKernel(Operation &op) {
  if (isa<scf::ParallelOp, gpu::LaunchOp, func::ReturnOp, memref::AllocaOp,
          memref::AllocOp, memref::DeallocOp>(op))
    return false;
  return !isMemoryEffectFree(&op);
}

/// Wraps `op` (without results) in a one-iteration scf.parallel.
LogicalResult wrapInParallel(Operation &op) {
  if (op.getNumResults() != 0)
    return op.emitError("cannot run on the GPU: its results stay on the host");
  OpBuilder b(&op);
  Location loc = op.getLoc();
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  auto loop = scf::ParallelOp::create(b, loc, ValueRange{zero},
                                      ValueRange{one}, ValueRange{one});
  op.moveBefore(loop.getBody()->getTerminator());
  return success();
}

/// The top-level op of `body` that holds `op`.
Operation *topLevelAncestor(Block &body, Operation *op) {
  while (op->getBlock() != &body)
    op = op->getParentOp();
  return op;
}

/// The static number of iterations of all of `loop`'s dims.
std::optional<int64_t> tripCount(scf::ParallelOp loop) {
  int64_t total = 1;
  for (unsigned d = 0; d < loop.getNumLoops(); ++d) {
    std::optional<int64_t> lb = getConstantIntValue(loop.getLowerBound()[d]);
    std::optional<int64_t> ub = getConstantIntValue(loop.getUpperBound()[d]);
    std::optional<int64_t> step = getConstantIntValue(loop.getStep()[d]);
    if (!lb || !ub || !step || *step <= 0)
      return std::nullopt;
    total *= llvm::divideCeil(*ub - *lb, *step);
  }
  return total;
}

/// Whether `op` (with what it holds) may write bytes of `mem`.
bool mayWrite(Operation *op, Value mem) {
  std::optional<SmallVector<MemoryEffects::EffectInstance>> effects =
      getEffectsRecursively(op);
  if (!effects)
    return true;
  return llvm::any_of(*effects, [&](const MemoryEffects::EffectInstance &e) {
    return isa<MemoryEffects::Write>(e.getEffect()) &&
           (!e.getValue() || dlc::mayOverlap(e.getValue(), mem));
  });
}

/// Whether `load`, recomputed at the start of `loop`'s body, still reads
/// the value it read: nothing between them may write what it reads (the
/// plan may have given those bytes to another buffer once the load was
/// their last use), nor may the loop itself unless it runs once (a wrapped
/// host op, which reads before it writes, as on the host).
bool valueSurvivesUntil(memref::LoadOp load, scf::ParallelOp loop) {
  for (Operation *op = load->getNextNode(); op; op = op->getNextNode()) {
    if (op == loop.getOperation())
      return tripCount(loop) == 1 || !mayWrite(op, load.getMemRef());
    if (mayWrite(op, load.getMemRef()))
      return false;
  }
  return false;
}

/// A scalar the host would read from device memory (a loss, a step
/// count): `load` and the pure ops computing on it are recomputed at the
/// start of each loop nest that uses them, then dropped from the host.
LogicalResult rematerializeInUsers(Block &body, memref::LoadOp load) {
  SetVector<Operation *> chain;
  chain.insert(load);
  for (Operation *op = load->getNextNode(); op; op = op->getNextNode())
    if (isMemoryEffectFree(op) && op->getNumRegions() == 0 &&
        llvm::any_of(op->getOperands(), [&](Value v) {
          return v.getDefiningOp() && chain.contains(v.getDefiningOp());
        }))
      chain.insert(op);
  DenseMap<Operation *, IRMapping> clones;
  for (Operation *op : chain) {
    for (OpOperand &use : llvm::make_early_inc_range(op->getUses())) {
      Operation *user = use.getOwner();
      if (chain.contains(user))
        continue;
      auto loop = dyn_cast<scf::ParallelOp>(topLevelAncestor(body, user));
      if (!loop || loop == user || !valueSurvivesUntil(load, loop))
        return user->emitError("cannot run on the GPU: it needs a value the "
                               "host would read from device memory");
      auto [it, fresh] = clones.try_emplace(loop);
      if (fresh) {
        OpBuilder b = OpBuilder::atBlockBegin(loop.getBody());
        for (Operation *c : chain)
          b.clone(*c, it->second);
      }
      use.set(it->second.lookup(use.get()));
    }
  }
  for (Operation *op : llvm::reverse(chain))
    if (op->use_empty())
      op->erase();
  return success();
}

LogicalResult mapTo(scf::ParallelOp loop, gpu::Processor processor) {
  MLIRContext *ctx = loop.getContext();
  AffineMap identity = AffineMap::getMultiDimIdentityMap(1, ctx);
  return gpu::setMappingAttr(
      loop, {gpu::ParallelLoopDimMappingAttr::get(ctx, processor, identity,
                                                  identity)});
}

struct MapParallelLoopsPass
    : dlc::impl::MapParallelLoopsToGPUBase<MapParallelLoopsPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    Block &body = func.getBody().front();
    for (Operation &op : llvm::make_early_inc_range(body))
      if (needsKernel(op) && !isa<memref::LoadOp>(op) &&
          failed(wrapInParallel(op)))
        return signalPassFailure();
    for (auto load : llvm::to_vector(body.getOps<memref::LoadOp>()))
      if (failed(rematerializeInUsers(body, load)))
        return signalPassFailure();

    IRRewriter rewriter(&getContext());
    for (auto loop : llvm::to_vector(body.getOps<scf::ParallelOp>())) {
      // Kernels in phase form (dlc-gpu-tile-contractions...) are mapped.
      if (loop->hasAttr(gpu::getMappingAttrName()))
        continue;
      // Small loops get a block of their size (known before collapsing).
      std::optional<int64_t> trips = tripCount(loop);
      if (loop.getNumLoops() > 1) {
        Operation *next = loop->getNextNode();
        std::vector<unsigned> all(loop.getNumLoops());
        std::iota(all.begin(), all.end(), 0);
        rewriter.setInsertionPoint(loop);
        collapseParallelLoops(rewriter, loop, {all});
        // The collapsed loop replaced `loop` just before `next`.
        Operation *it = next->getPrevNode();
        while (!isa<scf::ParallelOp>(it))
          it = it->getPrevNode();
        loop = cast<scf::ParallelOp>(it);
      }
      int64_t tile = trips ? std::min<int64_t>(blockSize, *trips) : blockSize;
      auto [blocks, threads] =
          scf::tileParallelLoop(loop, {std::max<int64_t>(tile, 1)},
                                /*noMinMaxBounds=*/true);
      if (failed(mapTo(blocks, gpu::Processor::BlockX)) ||
          failed(mapTo(threads, gpu::Processor::ThreadX)))
        return signalPassFailure();
    }
  }
};

} // namespace
