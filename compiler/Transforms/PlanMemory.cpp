//===- PlanMemory.cpp - the dlc-plan-memory pass --------------------------===//
//
// Static memory planning: after bufferization every intermediate buffer of a
// function is a statically shaped memref.alloc in its single block. Each gets
// a live range (the positions of its first and last accesses, following
// views), then an offset in one arena by the greedy-by-size heuristic, and is
// replaced by a memref.view of the arena argument.
//
// The plan is recorded per value on the function (dlc.memory_plan): a buffer
// holds one value, plus one more for each elementwise op that bufferization
// let write its result over its input where that input dies.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/BufferLiveness.h"
#include "compiler/Transforms/MemoryPlan.h"
#include "compiler/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
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

/// The first NameLoc in `loc` (the importer names each ONNX node so), or
/// "-" where there is none.
std::string nodeName(Location loc) {
  std::string name = "-";
  loc->walk([&](Location inner) {
    if (auto named = dyn_cast<NameLoc>(inner)) {
      name = named.getName().str();
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return name;
}

/// The buffer `value` is a view of, following view sources.
Value viewRoot(Value value) {
  while (auto view = value.getDefiningOp<ViewLikeOpInterface>())
    value = view.getViewSource();
  return value;
}

/// The init buffer of an elementwise op (every loop parallel, every operand
/// indexed by the identity) that is also one of its inputs: the op's result
/// replaces that input in place. Null for any other op.
Value inPlaceInit(Operation *op) {
  auto generic = dyn_cast<linalg::GenericOp>(op);
  if (!generic || generic.getNumDpsInits() != 1 ||
      generic.getNumLoops() != generic.getNumParallelLoops() ||
      !llvm::all_of(generic.getIndexingMapsArray(),
                    [](AffineMap map) { return map.isIdentity(); }))
    return {};
  Value init = generic.getDpsInits()[0];
  return llvm::is_contained(generic.getDpsInputs(), init) ? init : Value();
}

/// One value held by a planned buffer.
struct PlannedValue {
  std::string name;
  size_t buffer;
  dlc::BufferLife life;
};

/// Splits each buffer's life into the values it holds: the value its alloc
/// defines, then one per op in `block` that writes in place over all of it.
SmallVector<PlannedValue>
valuesOf(MutableArrayRef<memref::AllocOp> allocs, ArrayRef<dlc::BufferLife> lives,
         Block &block, const llvm::DenseMap<Operation *, int64_t> &pos) {
  llvm::DenseMap<Value, size_t> bufferOf;
  for (auto [i, alloc] : llvm::enumerate(allocs))
    bufferOf[alloc.getResult()] = i;
  SmallVector<SmallVector<Operation *>> writers(allocs.size());
  for (Operation &op : block) {
    Value init = inPlaceInit(&op);
    if (!init)
      continue;
    auto it = bufferOf.find(viewRoot(init));
    if (it != bufferOf.end() &&
        bufferBytes(cast<MemRefType>(init.getType())) == lives[it->second].bytes)
      writers[it->second].push_back(&op);
  }
  SmallVector<PlannedValue> values;
  for (auto [i, alloc] : llvm::enumerate(allocs)) {
    dlc::BufferLife life = lives[i];
    std::string name = nodeName(alloc.getLoc());
    for (Operation *writer : writers[i]) {
      int64_t at = pos.lookup(writer);
      values.push_back({name, i, {life.bytes, life.first, at}});
      name = nodeName(writer->getLoc());
      life.first = at;
    }
    values.push_back({name, i, life});
  }
  return values;
}

/// Records the plan on `func` as dlc.memory_plan: per value its ONNX node,
/// bytes, offset in the arena, buffer index and live range.
void recordPlan(func::FuncOp func, ArrayRef<PlannedValue> values,
                ArrayRef<int64_t> offsets) {
  Builder b(func.getContext());
  SmallVector<Attribute> entries;
  for (const PlannedValue &v : values)
    entries.push_back(b.getDictionaryAttr({
        b.getNamedAttr("node", b.getStringAttr(v.name)),
        b.getNamedAttr("buffer", b.getI64IntegerAttr(v.buffer)),
        b.getNamedAttr("bytes", b.getI64IntegerAttr(v.life.bytes)),
        b.getNamedAttr("offset", b.getI64IntegerAttr(offsets[v.buffer])),
        b.getNamedAttr("first", b.getI64IntegerAttr(v.life.first)),
        b.getNamedAttr("last", b.getI64IntegerAttr(v.life.last)),
    }));
  func->setAttr(dlc::kMemoryPlanAttr, b.getArrayAttr(entries));
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
    Operation *culprit = nullptr;
    auto range = dlc::liveRange(alloc, block, pos, culprit);
    if (failed(range)) {
      if (isa<func::ReturnOp>(culprit))
        return alloc.emitOpError("buffer escapes through a return; run "
                                 "buffer-results-to-out-params first");
      return alloc.emitOpError("cannot plan a buffer that '")
             << culprit->getName() << "' may alias beyond its live range";
    }
    allocs.push_back(alloc);
    lives.push_back({bufferBytes(type), range->first, range->second});
  }

  SmallVector<PlannedValue> values = valuesOf(allocs, lives, block, pos);
  dlc::MemoryPlan plan = dlc::planGreedyBySize(lives, dlc::kArenaAlignment);
  std::string violation =
      dlc::findPlanViolation(lives, plan, dlc::kArenaAlignment);
  if (!violation.empty())
    return func.emitOpError("invalid memory plan: ") << violation;
  recordPlan(func, values, plan.offsets);
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
