//===- ReductionLoops.cpp - reductions with a register accumulator --------===//
#include "compiler/Codegen/CPU/ReductionLoops.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;

bool dlc::isInnerReduction(linalg::LinalgOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInits() != 1 ||
      op->getNumRegions() != 1 || op.hasDynamicShape())
    return false;
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  unsigned numParallel = 0;
  while (numParallel < iterators.size() &&
         iterators[numParallel] == utils::IteratorType::parallel)
    ++numParallel;
  if (numParallel == iterators.size())
    return false;
  // Short reductions (a pooling window, a 10-class softmax row) stay with
  // linalg's lowering, which measured faster there.
  SmallVector<int64_t> bounds = op.getStaticLoopRanges();
  int64_t reduced = 1;
  for (unsigned d = numParallel; d < iterators.size(); ++d) {
    if (iterators[d] != utils::IteratorType::reduction)
      return false;
    reduced *= bounds[d];
  }
  if (reduced < 64)
    return false;
  AffineMap outMap = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  for (AffineExpr e : outMap.getResults()) {
    auto dim = dyn_cast<AffineDimExpr>(e);
    if (!dim || dim.getPosition() >= numParallel)
      return false;
  }
  for (Operation &bodyOp : op->getRegion(0).front())
    if (bodyOp.getNumRegions())
      return false;
  return true;
}

namespace {

class ReductionEmitter {
public:
  ReductionEmitter(RewriterBase &b, linalg::LinalgOp op)
      : b(b), op(op), loc(op.getLoc()), ivs(op.getNumLoops()) {}

  SmallVector<Operation *> emit() {
    SmallVector<int64_t> bounds = op.getStaticLoopRanges();
    SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
    b.setInsertionPoint(op);
    unsigned d = 0;
    for (; iterators[d] == utils::IteratorType::parallel; ++d) {
      auto loop = scf::ForOp::create(b, loc, index(0), index(bounds[d]),
                                     index(1));
      loops.push_back(loop);
      ivs[d] = loop.getInductionVar();
      b.setInsertionPoint(loop.getBody()->getTerminator());
    }
    OpOperand *out = op.getDpsInitOperand(0);
    SmallVector<Value> outIndices = indicesOf(out);
    Value init = memref::LoadOp::create(b, loc, out->get(), outIndices);
    Value result = reduce(d, bounds, init);
    memref::StoreOp::create(b, loc, result, out->get(), outIndices);
    return loops;
  }

private:
  Value index(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }

  SmallVector<Value> indicesOf(OpOperand *operand) {
    AffineMap map = op.getMatchingIndexingMap(operand);
    SmallVector<Value> operands;
    for (Value iv : ivs)
      operands.push_back(iv ? iv : index(0));
    SmallVector<Value> indices;
    for (unsigned r = 0; r < map.getNumResults(); ++r)
      indices.push_back(affine::AffineApplyOp::create(
          b, loc, map.getSubMap({r}), operands));
    return indices;
  }

  /// The loop over reduction dim `d` and those after it, carrying `acc`.
  Value reduce(unsigned d, ArrayRef<int64_t> bounds, Value acc) {
    auto loop = scf::ForOp::create(b, loc, index(0), index(bounds[d]),
                                   index(1), ValueRange{acc});
    loops.push_back(loop);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    ivs[d] = loop.getInductionVar();
    Value carried = loop.getRegionIterArgs()[0];
    Value next = d + 1 == bounds.size() ? applyBody(carried)
                                        : reduce(d + 1, bounds, carried);
    scf::YieldOp::create(b, loc, next);
    return loop.getResult(0);
  }

  /// One iteration: the body with the inputs loaded and `acc` as output.
  Value applyBody(Value acc) {
    Block &body = op->getRegion(0).front();
    IRMapping mapping;
    for (OpOperand *input : op.getDpsInputOperands()) {
      Value arg = body.getArgument(input->getOperandNumber());
      Value value = input->get();
      if (isa<MemRefType>(value.getType()))
        value = memref::LoadOp::create(b, loc, value, indicesOf(input));
      mapping.map(arg, value);
    }
    mapping.map(body.getArguments().back(), acc);
    MLIRContext *ctx = b.getContext();
    auto flags = arith::FastMathFlagsAttr::get(
        ctx, arith::FastMathFlags::reassoc | arith::FastMathFlags::contract);
    for (Operation &bodyOp : body.without_terminator()) {
      if (auto indexOp = dyn_cast<linalg::IndexOp>(bodyOp)) {
        mapping.map(indexOp.getResult(), ivs[indexOp.getDim()]);
        continue;
      }
      Operation *clone = b.clone(bodyOp, mapping);
      if (auto fastmath = dyn_cast<arith::ArithFastMathInterface>(clone))
        clone->setAttr(fastmath.getFastMathAttrName(), flags);
    }
    return mapping.lookup(body.getTerminator()->getOperand(0));
  }

  RewriterBase &b;
  linalg::LinalgOp op;
  Location loc;
  SmallVector<Value> ivs;
  SmallVector<Operation *> loops;
};

} // namespace

SmallVector<Operation *> dlc::lowerInnerReduction(RewriterBase &rewriter,
                                                  linalg::LinalgOp op) {
  return ReductionEmitter(rewriter, op).emit();
}
