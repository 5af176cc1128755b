//===- ReductionLoops.cpp - reductions with a register accumulator --------===//
#include "compiler/Codegen/CPU/ReductionLoops.h"
#include "compiler/Codegen/CPU/VectorizeBody.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
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

/// The combining op of a reduction body: the yielded value is
/// combiner(acc, x) for the output's block argument acc, used nowhere
/// else, with an addf, maximumf or minimumf on f32.
struct Combiner {
  Operation *op;
  Value x;
  vector::CombiningKind kind;
};

std::optional<Combiner> findCombiner(linalg::LinalgOp op) {
  Block &body = op->getRegion(0).front();
  BlockArgument acc = body.getArguments().back();
  Operation *combiner = body.getTerminator()->getOperand(0).getDefiningOp();
  if (!combiner || !acc.hasOneUse() || !acc.getType().isF32() ||
      combiner->getNumOperands() != 2 || combiner->getBlock() != &body)
    return std::nullopt;
  std::optional<vector::CombiningKind> kind;
  if (isa<arith::AddFOp>(combiner))
    kind = vector::CombiningKind::ADD;
  else if (isa<arith::MaximumFOp>(combiner))
    kind = vector::CombiningKind::MAXIMUMF;
  else if (isa<arith::MinimumFOp>(combiner))
    kind = vector::CombiningKind::MINIMUMF;
  if (!kind)
    return std::nullopt;
  Value other = combiner->getOperand(0) == acc ? combiner->getOperand(1)
                                                : combiner->getOperand(0);
  if (other == acc || !llvm::is_contained(combiner->getOperands(), acc))
    return std::nullopt;
  return Combiner{combiner, other, *kind};
}

/// How an input is read along loop dim `d` in the vector loop: at unit
/// stride in its innermost (contiguous) dim, or not at all (broadcast).
enum class LaneRead { Unit, Broadcast, Unsupported };

LaneRead laneRead(linalg::LinalgOp op, OpOperand *input, unsigned d) {
  auto type = dyn_cast<MemRefType>(input->get().getType());
  if (!type)
    return LaneRead::Broadcast;
  std::optional<dlc::Access> access =
      dlc::laneAccess(op.getMatchingIndexingMap(input), d);
  if (access == dlc::Access::Broadcast)
    return LaneRead::Broadcast;
  // A masked load along the memref's innermost, contiguous dim.
  SmallVector<int64_t> strides;
  int64_t offset;
  if (access != dlc::Access::Unit || !type.getElementType().isF32() ||
      failed(type.getStridesAndOffset(strides, offset)) || strides.back() != 1)
    return LaneRead::Unsupported;
  return LaneRead::Unit;
}

class ReductionEmitter {
public:
  ReductionEmitter(RewriterBase &b, linalg::LinalgOp op, unsigned vectorWidth)
      : b(b), op(op), loc(op.getLoc()), ivs(op.getNumLoops()),
        vw(vectorWidth) {}

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
    Value result;
    if (canVectorize(bounds.size() - 1, bounds.back())) {
      // A vector accumulator through every reduction loop, reduced once.
      vectorMode = true;
      Value lanes = reduce(d, bounds, neutralVector());
      result = vector::ReductionOp::create(
          b, loc, combiner->kind, lanes, init,
          arith::FastMathFlags::reassoc | arith::FastMathFlags::contract);
    } else {
      result = reduce(d, bounds, init);
    }
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
    if (d + 1 == bounds.size() && vectorMode)
      return reduceVectors(d, bounds[d], acc);
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

  /// Whether the innermost reduction dim `d` (of `size` iterations) can
  /// run as a vector loop: a lane-wise body ending in a combiner, inputs
  /// read at unit stride along d or not at all.
  bool canVectorize(unsigned d, int64_t size) {
    if (vw == 0 || size < (int64_t)vw ||
        !dlc::isLaneWiseBody(op->getRegion(0).front(), /*allowIndex=*/false))
      return false;
    combiner = findCombiner(op);
    return combiner &&
           llvm::all_of(op.getDpsInputOperands(), [&](OpOperand *input) {
             return laneRead(op, input, d) != LaneRead::Unsupported;
           });
  }

  /// The combiner's neutral value in every lane.
  Value neutralVector() {
    auto type = VectorType::get({(int64_t)vw}, b.getF32Type());
    float neutralValue =
        combiner->kind == vector::CombiningKind::ADD ? 0.0f
        : combiner->kind == vector::CombiningKind::MAXIMUMF
            ? -std::numeric_limits<float>::infinity()
            : std::numeric_limits<float>::infinity();
    return arith::ConstantOp::create(
        b, loc, type, DenseElementsAttr::get(type, neutralValue));
  }

  /// The loop over the innermost reduction dim d in vectors of vw lanes,
  /// carrying the vector accumulator `acc`; the masked lanes of the last
  /// vector are the neutral value.
  Value reduceVectors(unsigned d, int64_t size, Value acc) {
    Value neutral = neutralVector();
    auto loop = scf::ForOp::create(b, loc, index(0), index(size), index(vw),
                                   ValueRange{acc});
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      ivs[d] = loop.getInductionVar();
      Value valid = arith::MinSIOp::create(
          b, loc, index(vw),
          arith::SubIOp::create(b, loc, index(size), ivs[d]));
      Value mask = vector::CreateMaskOp::create(
          b, loc, VectorType::get({(int64_t)vw}, b.getI1Type()),
          ValueRange{valid});
      Value x = vectorBody(d, mask);
      x = arith::SelectOp::create(b, loc, mask, x, neutral);
      Value carried = loop.getRegionIterArgs()[0];
      Value next;
      auto flags =
          arith::FastMathFlags::reassoc | arith::FastMathFlags::contract;
      if (combiner->kind == vector::CombiningKind::ADD)
        next = arith::AddFOp::create(b, loc, carried, x, flags);
      else if (combiner->kind == vector::CombiningKind::MAXIMUMF)
        next = arith::MaximumFOp::create(b, loc, carried, x);
      else
        next = arith::MinimumFOp::create(b, loc, carried, x);
      scf::YieldOp::create(b, loc, next);
    }
    return loop.getResult(0);
  }

  /// The combiner's other operand for the lanes of dim d at ivs[d]...
  Value vectorBody(unsigned d, Value mask) {
    Block &body = op->getRegion(0).front();
    auto type = VectorType::get({(int64_t)vw}, b.getF32Type());
    Value zeros = arith::ConstantOp::create(
        b, loc, type, DenseElementsAttr::get(type, 0.0f));
    IRMapping mapping;
    for (OpOperand *input : op.getDpsInputOperands()) {
      Value arg = body.getArgument(input->getOperandNumber());
      Value value = input->get();
      if (arg.use_empty())
        continue;
      if (laneRead(op, input, d) == LaneRead::Unit)
        value = vector::MaskedLoadOp::create(b, loc, type, value,
                                             indicesOf(input), mask, zeros);
      else if (isa<MemRefType>(value.getType()))
        value = memref::LoadOp::create(b, loc, value, indicesOf(input));
      mapping.map(arg, value);
    }
    auto operand = [&](Value v) -> Value {
      Value mapped = mapping.lookupOrDefault(v);
      if (isa<VectorType>(mapped.getType()))
        return mapped;
      // A scalar (from outside the body, or a broadcast input).
      Value splat = vector::BroadcastOp::create(
          b, loc, VectorType::get({(int64_t)vw}, mapped.getType()), mapped);
      mapping.map(v, splat);
      return splat;
    };
    for (Operation &bodyOp : body.without_terminator())
      if (&bodyOp != combiner->op)
        mapping.map(bodyOp.getResult(0),
                    dlc::vectorizeScalarOp(b, bodyOp, vw, operand));
    return operand(combiner->x);
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
  /// Lanes of the innermost reduction's vector loop; 0: scalar.
  unsigned vw;
  std::optional<Combiner> combiner;
  /// The reduction loops carry a vector accumulator (canVectorize).
  bool vectorMode = false;
};

} // namespace

SmallVector<Operation *> dlc::lowerInnerReduction(RewriterBase &rewriter,
                                                  linalg::LinalgOp op,
                                                  unsigned vectorWidth) {
  return ReductionEmitter(rewriter, op, vectorWidth).emit();
}
