//===- LinalgToLoops.cpp - linalg to loops, the outermost one parallel ----===//
#include "compiler/Codegen/CPU/Passes.h"
#include "compiler/Codegen/CPU/ReductionLoops.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/PatternMatch.h"

namespace dlc {
#define GEN_PASS_DEF_LINALGTOLOOPS
#include "compiler/Codegen/CPU/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

int64_t iterations(linalg::LinalgOp op) {
  int64_t total = 1;
  for (int64_t bound : op.getStaticLoopRanges())
    total = ShapedType::isDynamic(bound) ? INT64_MAX / 2 : total * bound;
  return total;
}

/// The first loop of the nest that runs more than once, if it is over a
/// parallel dim (the loops are in the op's dim order).
scf::ForOp parallelCandidate(linalg::LinalgOp op,
                             ArrayRef<Operation *> loops) {
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  for (auto [loop, iterator] : llvm::zip(loops, iterators)) {
    auto forOp = dyn_cast<scf::ForOp>(loop);
    if (!forOp)
      return nullptr;
    std::optional<int64_t> lb = getConstantIntValue(forOp.getLowerBound()),
                           ub = getConstantIntValue(forOp.getUpperBound()),
                           step = getConstantIntValue(forOp.getStep());
    std::optional<int64_t> trips;
    if (lb && ub && step && *step > 0)
      trips = llvm::divideCeil(*ub - *lb, *step);
    if (trips && *trips == 1)
      continue;
    if (iterator != utils::IteratorType::parallel || !trips)
      return nullptr;
    return forOp;
  }
  return nullptr;
}

/// Replaces `loop` (no iter_args) by an scf.parallel with the same body.
void makeParallel(RewriterBase &rewriter, scf::ForOp loop) {
  rewriter.setInsertionPoint(loop);
  auto parallel = scf::ParallelOp::create(
      rewriter, loop.getLoc(), ValueRange{loop.getLowerBound()},
      ValueRange{loop.getUpperBound()}, ValueRange{loop.getStep()});
  Block *body = parallel.getBody();
  rewriter.eraseOp(body->getTerminator());
  rewriter.eraseOp(loop.getBody()->getTerminator());
  rewriter.inlineBlockBefore(loop.getBody(), body, body->end(),
                             parallel.getInductionVars());
  rewriter.setInsertionPointToEnd(body);
  scf::ReduceOp::create(rewriter, loop.getLoc());
  rewriter.eraseOp(loop);
}

/// The loop order that puts the parallel dims outermost (so the outermost
/// loop can run on threads) and, where the op reduces innermost over a
/// window (pooling) while another parallel dim stays outer, the last
/// parallel dim innermost (so LLVM vectorises across it). Empty: keep.
SmallVector<unsigned> preferredOrder(linalg::LinalgOp op) {
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  SmallVector<int64_t> bounds = op.getStaticLoopRanges();
  SmallVector<unsigned> parallel, reduction;
  for (unsigned d = 0; d < iterators.size(); ++d)
    (iterators[d] == utils::IteratorType::parallel ? parallel : reduction)
        .push_back(d);
  if (reduction.empty() || parallel.empty())
    return {};
  SmallVector<unsigned> order(parallel);
  int64_t window = 1;
  for (unsigned d : reduction)
    window *= bounds[d];
  bool vectorizeLast = parallel.size() >= 2 && bounds[parallel.back()] >= 8 &&
                       window <= 16 &&
                       iterators.back() == utils::IteratorType::reduction;
  if (vectorizeLast)
    order.pop_back();
  order.append(reduction);
  if (vectorizeLast)
    order.push_back(parallel.back());
  for (unsigned i = 0; i < order.size(); ++i)
    if (order[i] != i)
      return order;
  return {};
}

/// Reorders `op`'s loops per preferredOrder (as a generic); returns the op
/// to lower.
linalg::LinalgOp reorderLoops(RewriterBase &rewriter, linalg::LinalgOp op) {
  SmallVector<unsigned> order = preferredOrder(op);
  if (order.empty())
    return op;
  rewriter.setInsertionPoint(op);
  auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
  if (!generic) {
    FailureOr<linalg::GenericOp> generalized =
        linalg::generalizeNamedOp(rewriter, op);
    if (failed(generalized))
      return op;
    generic = *generalized;
  }
  FailureOr<linalg::GenericOp> reordered =
      linalg::interchangeGenericOp(rewriter, generic, order);
  return succeeded(reordered) ? cast<linalg::LinalgOp>(reordered->getOperation())
                              : cast<linalg::LinalgOp>(generic.getOperation());
}

struct LinalgToLoopsPass : dlc::impl::LinalgToLoopsBase<LinalgToLoopsPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> ops;
    getOperation().walk([&](linalg::LinalgOp op) { ops.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : ops) {
      if (parallel)
        op = reorderLoops(rewriter, op);
      bool worthThreads = parallel && iterations(op) >= minParallelWork;
      rewriter.setInsertionPoint(op);
      FailureOr<linalg::LinalgLoops> loops =
          dlc::isInnerReduction(op)
              ? FailureOr<linalg::LinalgLoops>(
                    dlc::lowerInnerReduction(rewriter, op, vectorWidth))
              : linalg::linalgOpToLoops(rewriter, op);
      if (failed(loops)) {
        op.emitError("cannot lower to loops");
        return signalPassFailure();
      }
      scf::ForOp candidate =
          worthThreads ? parallelCandidate(op, *loops) : nullptr;
      rewriter.eraseOp(op);
      if (candidate && candidate.getNumResults() == 0)
        makeParallel(rewriter, candidate);
    }
  }
};

} // namespace
