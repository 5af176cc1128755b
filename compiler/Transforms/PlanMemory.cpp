//===- PlanMemory.cpp - the dlc-plan-memory pass --------------------------===//
//
// Static memory planning: after bufferization every intermediate buffer of a
// function is a statically shaped memref.alloc in its single block. Each gets
// a live range (its position to the position of its last use, following
// views), then an offset in one arena by the greedy-by-size heuristic, and is
// replaced by a memref.view of the arena argument.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/MemoryPlan.h"
#include "compiler/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "llvm/ADT/DenseMap.h"

namespace dlc {
#define GEN_PASS_DEF_PLANMEMORY
#include "compiler/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

/// Bytes a statically shaped memref occupies (i1 elements take a byte).
int64_t bufferBytes(MemRefType type) {
  int64_t elementBytes = (type.getElementTypeBitWidth() + 7) / 8;
  return type.getNumElements() * elementBytes;
}

/// Position in `block` of the last op that uses `root` or a view of it.
FailureOr<int64_t> lastUse(Value root, Block &block,
                           const llvm::DenseMap<Operation *, int64_t> &pos) {
  int64_t last = -1;
  SmallVector<Value> worklist{root};
  while (!worklist.empty()) {
    Value v = worklist.pop_back_val();
    for (Operation *user : v.getUsers()) {
      if (isa<func::ReturnOp>(user))
        return failure();
      Operation *ancestor = block.findAncestorOpInBlock(*user);
      if (ancestor)
        last = std::max(last, pos.lookup(ancestor));
      if (auto view = dyn_cast<ViewLikeOpInterface>(user))
        if (view.getViewSource() == v)
          llvm::append_range(worklist, user->getResults());
    }
  }
  return last;
}

LogicalResult planFunction(func::FuncOp func) {
  if (!func.getBody().hasOneBlock())
    return func.emitOpError("memory planning needs a single-block body");
  Block &block = func.getBody().front();
  llvm::DenseMap<Operation *, int64_t> pos;
  for (auto [i, op] : llvm::enumerate(block))
    pos[&op] = i;

  SmallVector<memref::AllocOp> allocs;
  SmallVector<dlc::BufferLife> lives;
  for (Operation &op : block) {
    auto alloc = dyn_cast<memref::AllocOp>(op);
    if (!alloc)
      continue;
    MemRefType type = alloc.getType();
    if (!type.hasStaticShape() || !type.getLayout().isIdentity())
      return alloc.emitOpError("cannot plan a buffer without a static, "
                               "identity-layout shape");
    for (Operation *user : llvm::make_early_inc_range(alloc->getUsers()))
      if (isa<memref::DeallocOp>(user))
        user->erase();
    FailureOr<int64_t> last = lastUse(alloc, block, pos);
    if (failed(last))
      return alloc.emitOpError("buffer escapes through a return; run "
                               "buffer-results-to-out-params first");
    allocs.push_back(alloc);
    lives.push_back({bufferBytes(type), pos[alloc], std::max(*last, pos[alloc])});
  }

  dlc::MemoryPlan plan = dlc::planGreedyBySize(lives, dlc::kArenaAlignment);
  auto arenaType =
      MemRefType::get({plan.totalBytes}, IntegerType::get(func.getContext(), 8));
  unsigned arenaIndex = func.getNumArguments();
  OpBuilder b(func.getContext());
  if (failed(func.insertArgument(
          arenaIndex, arenaType,
          b.getDictionaryAttr(b.getNamedAttr(dlc::kArenaArgAttr, b.getUnitAttr())),
          func.getLoc())))
    return failure();
  Value arena = func.getArgument(arenaIndex);
  for (auto [alloc, offset] : llvm::zip(allocs, plan.offsets)) {
    b.setInsertionPoint(alloc);
    Value shift = arith::ConstantIndexOp::create(b, alloc.getLoc(), offset);
    Value view = memref::ViewOp::create(b, alloc.getLoc(), alloc.getType(),
                                        arena, shift, ValueRange{});
    alloc.replaceAllUsesWith(view);
    alloc.erase();
  }
  func->setAttr(dlc::kArenaBytesAttr, b.getI64IntegerAttr(plan.totalBytes));
  return success();
}

struct PlanMemoryPass : dlc::impl::PlanMemoryBase<PlanMemoryPass> {
  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (!func.isExternal() && failed(planFunction(func)))
        return signalPassFailure();
  }
};

} // namespace
