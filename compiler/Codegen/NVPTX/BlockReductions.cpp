//===- BlockReductions.cpp - long reductions as one block per output ------===//
//
// See the pass description in Passes.td. Per block (one output p), with T
// threads and a shared partial[T]:
//
//   partial[t] = combine over r = t, t + T, ... < R of element(p, r)  phase 1
//   for s = T/2 .. 1: partial[t] = combine(partial[t], partial[t + s])
//                     for t < s                                     log2 T
//   out[p] = combine(partial[0], out[p])      by thread 0           last
//
// Consecutive threads read consecutive r, so a reduction over the
// innermost dims (a row sum, batch-norm statistics) reads coalesced.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/NVPTX/Passes.h"
#include "compiler/Codegen/NVPTX/PhaseKernels.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/IRMapping.h"

namespace dlc {
#define GEN_PASS_DEF_BLOCKREDUCTIONS
#include "compiler/Codegen/NVPTX/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

/// Reductions shorter than this stay one thread's loop.
constexpr int64_t kMinReduction = 64;
/// More outputs than this fill the GPU with a thread each.
constexpr int64_t kMaxOutputs = 16384;

/// `out = combiner(element, out)` as the body's last step: the combiner is
/// associative and commutative, and only it reads the output's value.
struct Combiner {
  Operation *op = nullptr;
  /// The body's value combined into the output.
  Value element;
  TypedAttr identity;
};

std::optional<Combiner> matchCombiner(linalg::LinalgOp g) {
  Block &body = *g.getBlock();
  BlockArgument out = body.getArguments().back();
  if (!out.hasOneUse())
    return std::nullopt;
  Operation *op = *out.getUsers().begin();
  if (body.getTerminator()->getOperand(0).getDefiningOp() != op ||
      !isa<arith::AddFOp, arith::MulFOp, arith::MaximumFOp, arith::MinimumFOp,
           arith::MaxNumFOp, arith::MinNumFOp, arith::AddIOp, arith::MulIOp,
           arith::MaxSIOp, arith::MinSIOp>(op))
    return std::nullopt;
  std::optional<TypedAttr> identity = arith::getNeutralElement(op);
  if (!identity)
    return std::nullopt;
  Value element = op->getOperand(op->getOperand(0) == out ? 1 : 0);
  if (element == out)
    return std::nullopt;
  return Combiner{op, element, *identity};
}

class ReductionKernel {
public:
  ReductionKernel(linalg::LinalgOp g, Combiner combiner)
      : g(g), combiner(combiner), loc(g.getLoc()),
        bounds(g.getStaticLoopRanges()) {
    for (auto [d, it] : llvm::enumerate(g.getIteratorTypesArray()))
      (it == utils::IteratorType::parallel ? parallel : reduction)
          .push_back(d);
    outputs = dlc::roleSize(parallel, bounds);
    length = dlc::roleSize(reduction, bounds);
    threads = length >= 256 ? 256 : length >= 128 ? 128 : 64;
    // (p, r), each linearised over its dims, to the loop dims.
    toLoops = dlc::delinearizeRoles({parallel, reduction}, bounds,
                                    g.getContext());
  }

  bool worthBlocks() const {
    return length >= kMinReduction && outputs <= kMaxOutputs;
  }

  void emit(OpBuilder &b) {
    Type type = combiner.identity.getType();
    partial = dlc::createSharedBuffer(b, loc, {threads}, type);
    dlc::createBlockLoop(b, loc, outputs, [&](OpBuilder &b, Value p) {
      dlc::createThreadLoop(b, loc, threads, [&](OpBuilder &b, Value t) {
        emitThreadSums(b, p, t);
      });
      for (int64_t s = threads / 2; s >= 1; s /= 2)
        dlc::createThreadLoop(b, loc, threads, [&](OpBuilder &b, Value t) {
          emitTreeStep(b, t, s);
        });
      dlc::createThreadLoop(b, loc, threads, [&](OpBuilder &b, Value t) {
        emitResult(b, p, t);
      });
    });
  }

private:
  Value constant(OpBuilder &b, int64_t v) {
    return arith::ConstantIndexOp::create(b, loc, v);
  }

  /// `map` (over the loop dims) at output p, reduction step r.
  SmallVector<Value> apply(OpBuilder &b, AffineMap map, Value p, Value r) {
    return dlc::applyAtRoles(b, loc, map, toLoops, {p, r});
  }

  /// The combiner applied to (`element`, `acc`), in the body's order.
  Value combine(OpBuilder &b, Value element, Value acc) {
    IRMapping mapping;
    mapping.map(combiner.element, element);
    mapping.map(g.getBlock()->getArguments().back(), acc);
    return b.clone(*combiner.op, mapping)->getResult(0);
  }

  /// The body's element at (p, r): the inputs loaded, the body's ops up to
  /// the combiner cloned.
  Value element(OpBuilder &b, Value p, Value r) {
    IRMapping mapping;
    SmallVector<AffineMap> maps = g.getIndexingMapsArray();
    for (OpOperand *input : g.getDpsInputOperands()) {
      unsigned i = input->getOperandNumber();
      mapping.map(g.getBlock()->getArgument(i),
                  memref::LoadOp::create(b, loc, input->get(),
                                         apply(b, maps[i], p, r)));
    }
    for (Operation &op : g.getBlock()->without_terminator()) {
      if (&op == combiner.op)
        continue;
      if (auto index = dyn_cast<linalg::IndexOp>(op)) {
        AffineMap dim = AffineMap::get(bounds.size(), 0,
                                       b.getAffineDimExpr(index.getDim()));
        mapping.map(index.getResult(), apply(b, dim, p, r).front());
        continue;
      }
      b.clone(op, mapping);
    }
    return mapping.lookupOrDefault(combiner.element);
  }

  /// Phase 1: thread t combines r = t, t + T, ...
  void emitThreadSums(OpBuilder &b, Value p, Value t) {
    Value identity = arith::ConstantOp::create(b, loc, combiner.identity);
    auto loop = scf::ForOp::create(
        b, loc, t, constant(b, length), constant(b, threads),
        ValueRange{identity},
        [&](OpBuilder &b, Location, Value r, ValueRange acc) {
          scf::YieldOp::create(b, loc,
                               combine(b, element(b, p, r), acc.front()));
        });
    memref::StoreOp::create(b, loc, loop.getResult(0), partial, t);
  }

  /// A tree step: partial[t] = combine(partial[t], partial[t + s]), t < s.
  void emitTreeStep(OpBuilder &b, Value t, int64_t s) {
    Value active = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, t,
                                         constant(b, s));
    auto guard = scf::IfOp::create(b, loc, active, /*withElse=*/false);
    OpBuilder then = guard.getThenBodyBuilder();
    Value other = arith::AddIOp::create(then, loc, t, constant(then, s));
    Value mine = memref::LoadOp::create(then, loc, partial, t);
    Value theirs = memref::LoadOp::create(then, loc, partial, other);
    memref::StoreOp::create(then, loc, combine(then, theirs, mine), partial,
                            t);
  }

  /// Thread 0 combines the block's total into the output.
  void emitResult(OpBuilder &b, Value p, Value t) {
    Value first = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, t,
                                        constant(b, 0));
    auto guard = scf::IfOp::create(b, loc, first, /*withElse=*/false);
    OpBuilder then = guard.getThenBodyBuilder();
    Value out = g.getDpsInitOperand(0)->get();
    SmallVector<Value> at =
        apply(then, g.getIndexingMapsArray().back(), p, constant(then, 0));
    Value old = memref::LoadOp::create(then, loc, out, at);
    Value total = memref::LoadOp::create(then, loc, partial, constant(then, 0));
    memref::StoreOp::create(then, loc, combine(then, total, old), out, at);
  }

  linalg::LinalgOp g;
  Combiner combiner;
  Location loc;
  SmallVector<int64_t> bounds;
  SmallVector<unsigned> parallel, reduction;
  int64_t outputs, length, threads;
  AffineMap toLoops;
  Value partial;
};

bool isCandidate(linalg::LinalgOp g) {
  return g.hasPureBufferSemantics() && g.getNumDpsInits() == 1 &&
         g.getNumReductionLoops() > 0 &&
         llvm::all_of(g->getOperands(), [](Value v) {
           auto type = dyn_cast<MemRefType>(v.getType());
           return !type || type.hasStaticShape();
         });
}

struct BlockReductionsPass
    : dlc::impl::BlockReductionsBase<BlockReductionsPass> {
  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> ops;
    getOperation().walk([&](linalg::LinalgOp g) {
      if (isa<linalg::GenericOp, linalg::ReduceOp>(g) && isCandidate(g))
        ops.push_back(g);
    });
    for (linalg::LinalgOp g : ops) {
      std::optional<Combiner> combiner = matchCombiner(g);
      if (!combiner)
        continue;
      ReductionKernel kernel(g, *combiner);
      if (!kernel.worthBlocks())
        continue;
      OpBuilder b(g);
      kernel.emit(b);
      g->erase();
    }
  }
};

} // namespace
