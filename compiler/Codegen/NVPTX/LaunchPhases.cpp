//===- LaunchPhases.cpp - phase-form block loops to gpu.launch ------------===//
//
// See the pass description in Passes.td and PhaseKernels.h.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/NVPTX/Passes.h"
#include "compiler/Codegen/NVPTX/PhaseKernels.h"

#include "mlir/Dialect/GPU/Transforms/ParallelLoopMapper.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace dlc {
#define GEN_PASS_DEF_LAUNCHPHASES
#include "compiler/Codegen/NVPTX/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

bool isThreadLoop(Operation *op) {
  auto loop = dyn_cast<scf::ParallelOp>(op);
  auto mapping = loop ? loop->getAttrOfType<ArrayAttr>(
                            gpu::getMappingAttrName())
                      : nullptr;
  if (!mapping || mapping.size() != 1)
    return false;
  auto dim = dyn_cast<gpu::ParallelLoopDimMappingAttr>(mapping[0]);
  return dim && dim.getProcessor() == gpu::Processor::ThreadX;
}

/// The one-dim, zero-based, unit-step static trip count of `loop`.
std::optional<int64_t> simpleTripCount(scf::ParallelOp loop) {
  if (loop.getNumLoops() != 1 ||
      !isConstantIntValue(loop.getLowerBound()[0], 0) ||
      !isConstantIntValue(loop.getStep()[0], 1))
    return std::nullopt;
  return getConstantIntValue(loop.getUpperBound()[0]);
}

MemRefType inAddressSpace(memref::AllocaOp alloca, gpu::AddressSpace space,
                          bool dropThreadDim) {
  MemRefType type = alloca.getType();
  ArrayRef<int64_t> shape = type.getShape();
  return MemRefType::get(dropThreadDim ? shape.drop_front() : shape,
                         type.getElementType(), MemRefLayoutAttrInterface{},
                         gpu::AddressSpaceAttr::get(alloca.getContext(),
                                                    space));
}

class PhaseLauncher {
public:
  explicit PhaseLauncher(scf::ParallelOp blockLoop) : blockLoop(blockLoop) {}

  LogicalResult run() {
    if (failed(analyse()))
      return failure();
    OpBuilder b(blockLoop);
    Location loc = blockLoop.getLoc();
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    Value threadCount = arith::ConstantIndexOp::create(b, loc, threads);
    SmallVector<Type> sharedTypes, privateTypes;
    for (memref::AllocaOp a : shared)
      sharedTypes.push_back(
          inAddressSpace(a, gpu::AddressSpace::Workgroup, false));
    for (memref::AllocaOp a : perThread)
      privateTypes.push_back(
          inAddressSpace(a, gpu::AddressSpace::Private, true));
    launch = gpu::LaunchOp::create(
        b, loc, blockLoop.getUpperBound()[0], one, one, threadCount, one, one,
        /*dynamicSharedMemorySize=*/nullptr, /*asyncTokenType=*/nullptr,
        /*asyncDependencies=*/{}, sharedTypes, privateTypes);
    Block &body = launch.getBody().front();
    OpBuilder end = OpBuilder::atBlockEnd(&body);
    gpu::TerminatorOp::create(end, loc);
    Block &phases = *blockLoop.getBody();
    body.getOperations().splice(body.begin(), phases.getOperations(),
                                phases.begin(), std::prev(phases.end()));
    blockLoop.getInductionVars()[0].replaceAllUsesWith(launch.getBlockIds().x);
    for (auto [alloca, arg] :
         llvm::zip_equal(shared, launch.getWorkgroupAttributions()))
      alloca.replaceAllUsesWith(arg);
    for (auto [alloca, arg] :
         llvm::zip_equal(perThread, launch.getPrivateAttributions()))
      if (failed(dropThreadIndex(alloca, arg)))
        return failure();
    for (memref::AllocaOp alloca : llvm::concat<memref::AllocaOp>(shared,
                                                                  perThread))
      alloca.erase();
    for (scf::ParallelOp loop : threadLoops)
      inlineThreadLoop(loop);
    blockLoop.erase();
    return success();
  }

private:
  /// Finds the thread loops, checks they agree on the block size and that
  /// only uniform work sits between them, and sorts the buffers.
  LogicalResult analyse() {
    if (!simpleTripCount(blockLoop))
      return blockLoop.emitError("not a block loop in phase form");
    WalkResult walk = blockLoop.getRegion().walk<WalkOrder::PreOrder>(
        [&](Operation *op) {
          if (isThreadLoop(op)) {
            threadLoops.push_back(cast<scf::ParallelOp>(op));
            findScratch(op);
            return WalkResult::skip();
          }
          if (isa<scf::ForOp, scf::YieldOp, scf::ReduceOp>(op) ||
              isMemoryEffectFree(op))
            return WalkResult::advance();
          return WalkResult::interrupt();
        });
    if (walk.wasInterrupted() || threadLoops.empty())
      return blockLoop.emitError(
          "phase-form block loop: only thread loops may touch memory");
    for (memref::AllocaOp alloca : llvm::concat<memref::AllocaOp>(shared,
                                                                  perThread))
      for (Operation *user : alloca->getUsers())
        if (!blockLoop->isAncestor(user))
          return user->emitError("a block's scratch buffer used outside it");
    for (scf::ParallelOp loop : threadLoops) {
      std::optional<int64_t> trips = simpleTripCount(loop);
      if (!trips || (threads && *trips != threads))
        return loop.emitError("thread loops of one block differ in size");
      threads = *trips;
    }
    return success();
  }

  /// The scratch buffers the ops in `threadLoop` use.
  void findScratch(Operation *threadLoop) {
    threadLoop->walk([&](Operation *op) {
      for (Value v : op->getOperands()) {
        auto alloca = v.getDefiningOp<memref::AllocaOp>();
        if (!alloca)
          continue;
        if (alloca->hasAttr(dlc::kSharedAttr) &&
            !llvm::is_contained(shared, alloca))
          shared.push_back(alloca);
        if (alloca->hasAttr(dlc::kPrivateAttr) &&
            !llvm::is_contained(perThread, alloca))
          perThread.push_back(alloca);
      }
    });
  }

  /// Per-thread storage: row `t` of `alloca` becomes thread t's own `arg`,
  /// so every access must index the leading dim with its thread loop's
  /// index.
  LogicalResult dropThreadIndex(memref::AllocaOp alloca, Value arg) {
    for (Operation *user : llvm::make_early_inc_range(alloca->getUsers())) {
      OpBuilder b(user);
      auto ownIndex = [&](ValueRange indices) {
        auto iv = dyn_cast<BlockArgument>(indices.front());
        return iv && isThreadLoop(iv.getOwner()->getParentOp());
      };
      if (auto load = dyn_cast<memref::LoadOp>(user);
          load && ownIndex(load.getIndices())) {
        Value own = memref::LoadOp::create(b, load.getLoc(), arg,
                                           load.getIndices().drop_front());
        load.getResult().replaceAllUsesWith(own);
      } else if (auto store = dyn_cast<memref::StoreOp>(user);
                 store && ownIndex(store.getIndices())) {
        memref::StoreOp::create(b, store.getLoc(), store.getValue(), arg,
                                store.getIndices().drop_front());
      } else {
        return user->emitError("a private buffer read or written other "
                               "than by its own thread");
      }
      user->erase();
    }
    return success();
  }

  /// The loop's body becomes the thread's code, then a barrier (none
  /// after the kernel's last phase).
  void inlineThreadLoop(scf::ParallelOp loop) {
    loop.getInductionVars()[0].replaceAllUsesWith(launch.getThreadIds().x);
    Block *body = loop.getBody();
    body->getTerminator()->erase();
    loop->getBlock()->getOperations().splice(loop->getIterator(),
                                             body->getOperations());
    Operation *next = loop->getNextNode();
    if (!isa<gpu::TerminatorOp>(next)) {
      OpBuilder b(next);
      gpu::BarrierOp::create(b, loop.getLoc());
    }
    loop.erase();
  }

  scf::ParallelOp blockLoop;
  gpu::LaunchOp launch;
  SmallVector<scf::ParallelOp> threadLoops;
  SmallVector<memref::AllocaOp> shared, perThread;
  int64_t threads = 0;
};

struct LaunchPhasesPass : dlc::impl::LaunchPhasesBase<LaunchPhasesPass> {
  void runOnOperation() override {
    SmallVector<scf::ParallelOp> loops;
    getOperation().walk([&](scf::ParallelOp loop) {
      if (loop->hasAttr(dlc::kPhasesAttr))
        loops.push_back(loop);
    });
    for (scf::ParallelOp loop : loops)
      if (failed(PhaseLauncher(loop).run()))
        return signalPassFailure();
  }
};

} // namespace
