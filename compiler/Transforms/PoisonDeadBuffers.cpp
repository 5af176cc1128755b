//===- PoisonDeadBuffers.cpp - ASan enforces the plan's live ranges -------===//
//
// See dlc-poison-dead-buffers in Passes.td. The calls take the region's
// address as an !llvm.ptr made from the arena's aligned pointer, so they
// lower with the rest of the function through convert-func-to-llvm.
//
//===----------------------------------------------------------------------===//
#include "compiler/Transforms/BufferLiveness.h"
#include "compiler/Transforms/Passes.h"
#include "compiler/Transforms/RuntimeDecls.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMTypes.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

namespace dlc {
#define GEN_PASS_DEF_POISONDEADBUFFERS
#include "compiler/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

constexpr const char *kPoison = "__asan_poison_memory_region";
constexpr const char *kUnpoison = "__asan_unpoison_memory_region";
/// Reports, as a write of the whole region, any byte of it that is not
/// addressable (the instrumentation's own check for large accesses).
constexpr const char *kCheckWritable = "__asan_storeN";

/// Emits calls of the ASan region functions at the builder's insertion
/// point, addressing bytes of the arena whose base (an i64) is `base`.
struct RegionCalls {
  Value base;
  void call(OpBuilder &b, Location loc, StringRef fn, int64_t offset,
            int64_t bytes) const {
    Value at = base;
    if (offset != 0)
      at = arith::AddIOp::create(
          b, loc, base, arith::ConstantIntOp::create(b, loc, offset, 64));
    Value ptr = LLVM::IntToPtrOp::create(
        b, loc, LLVM::LLVMPointerType::get(b.getContext()), at);
    Value size = arith::ConstantIntOp::create(b, loc, bytes, 64);
    func::CallOp::create(b, loc, fn, TypeRange{}, ValueRange{ptr, size});
  }
};

/// The arena argument of `func`, or null where it has none or an empty one.
BlockArgument arenaOf(func::FuncOp func) {
  for (unsigned i = 0; i < func.getNumArguments(); ++i)
    if (func.getArgAttr(i, dlc::kArenaArgAttr)) {
      auto type = dyn_cast<MemRefType>(func.getArgument(i).getType());
      if (type && type.hasStaticShape() && type.getNumElements() > 0)
        return func.getArgument(i);
    }
  return {};
}

LogicalResult poisonFunction(func::FuncOp func, BlockArgument arena) {
  Block &block = func.getBody().front();
  int64_t arenaBytes = cast<MemRefType>(arena.getType()).getNumElements();
  llvm::DenseMap<Operation *, int64_t> pos;
  SmallVector<Operation *> opAt;
  for (Operation &op : block) {
    pos[&op] = opAt.size();
    opAt.push_back(&op);
  }
  // Every buffer: its view of the arena, offset, size and live range.
  struct Buffer {
    memref::ViewOp view;
    int64_t offset, bytes, first, last;
  };
  SmallVector<Buffer> buffers;
  for (Operation *user : arena.getUsers()) {
    auto view = dyn_cast<memref::ViewOp>(user);
    std::optional<int64_t> offset =
        view ? getConstantIntValue(view.getByteShift()) : std::nullopt;
    if (!view || !offset || view->getBlock() != &block)
      return user->emitOpError("uses the arena other than as a view at a "
                               "constant offset in the function's block");
    MemRefType type = view.getType();
    int64_t bytes =
        type.getNumElements() * ((type.getElementTypeBitWidth() + 7) / 8);
    Operation *culprit = nullptr;
    auto range = dlc::liveRange(view, block, pos, culprit);
    if (failed(range))
      return culprit->emitOpError("may alias a planned buffer beyond its "
                                  "live range");
    buffers.push_back({view, *offset, bytes, range->first, range->second});
  }

  OpBuilder b = OpBuilder::atBlockBegin(&block);
  Location loc = func.getLoc();
  Value pointer =
      memref::ExtractAlignedPointerAsIndexOp::create(b, loc, arena);
  RegionCalls calls{arith::IndexCastOp::create(b, loc, b.getI64Type(), pointer)};
  // First the arena must be the caller's memory through and through: the
  // unpoisoning below would otherwise hide an arena too short (its end in a
  // heap redzone) from the accesses that overrun it.
  calls.call(b, loc, kCheckWritable, 0, arenaBytes);
  calls.call(b, loc, kPoison, 0, arenaBytes);
  for (Buffer &buffer : buffers) {
    // Unpoisoned just before the first access, poisoned just after the last;
    // a buffer never accessed (its range is its view) gets both after the
    // view. Where one buffer dies at op p and another is born at op p + 1,
    // the poison call lands right after p and the unpoison right before
    // p + 1, so bytes they share end up unpoisoned for the newborn.
    Location at = buffer.view.getLoc();
    Operation *lastOp = opAt[buffer.last];
    if (lastOp == buffer.view.getOperation()) {
      b.setInsertionPointAfter(lastOp);
      calls.call(b, at, kUnpoison, buffer.offset, buffer.bytes);
      calls.call(b, at, kPoison, buffer.offset, buffer.bytes);
      continue;
    }
    b.setInsertionPoint(opAt[buffer.first]);
    calls.call(b, at, kUnpoison, buffer.offset, buffer.bytes);
    b.setInsertionPointAfter(lastOp);
    calls.call(b, at, kPoison, buffer.offset, buffer.bytes);
  }
  b.setInsertionPoint(block.getTerminator());
  calls.call(b, loc, kUnpoison, 0, arenaBytes);
  return success();
}

struct PoisonDeadBuffersPass
    : dlc::impl::PoisonDeadBuffersBase<PoisonDeadBuffersPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<std::pair<func::FuncOp, BlockArgument>> planned;
    for (auto func : module.getOps<func::FuncOp>())
      if (BlockArgument arena = func.isExternal() ? nullptr : arenaOf(func))
        planned.push_back({func, arena});
    if (planned.empty())
      return;
    // void name(ptr, i64)
    MLIRContext *ctx = module.getContext();
    auto regionFn = FunctionType::get(
        ctx, {LLVM::LLVMPointerType::get(ctx), IntegerType::get(ctx, 64)}, {});
    for (const char *name : {kPoison, kUnpoison, kCheckWritable})
      dlc::declareExternalFunction(module, name, regionFn);
    for (auto [func, arena] : planned) {
      if (!func.getBody().hasOneBlock())
        return func.emitOpError("needs a single-block body"),
               signalPassFailure();
      if (failed(poisonFunction(func, arena)))
        return signalPassFailure();
    }
  }
};

} // namespace
