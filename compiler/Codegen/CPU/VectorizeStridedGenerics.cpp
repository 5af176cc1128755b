//===- VectorizeStridedGenerics.cpp - stride-2 and halved reads as vectors ===//
//
// See the pass description in Passes.td. A max pooling's gradient reads
// the input at 2 * pw + kw (the argmax) and the pooled values at
// w floordiv 2 (routing them back); left to LLVM both are gathers or scalar
// loops. Here each read is one or two contiguous loads and a shuffle.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/CPU/Passes.h"
#include "compiler/Codegen/CPU/VectorizeBody.h"
#include "compiler/Transforms/ArenaAliasing.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/Utils/MemRefUtils.h"
#include "mlir/IR/IRMapping.h"

namespace dlc {
#define GEN_PASS_DEF_VECTORIZESTRIDEDGENERICS
#include "compiler/Codegen/CPU/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using dlc::Access;

namespace {

/// Ops with fewer iterations run on one thread, as in
/// dlc-cpu-linalg-to-loops.
constexpr int64_t kMinParallelWork = 32768;


/// A memref of f32 or i32 with a static shape, offset and strides.
bool isStatic32Bit(Value v) {
  auto type = dyn_cast<MemRefType>(v.getType());
  if (!type || !type.hasStaticShape() ||
      !(type.getElementType().isF32() ||
        type.getElementType().isSignlessInteger(32)))
    return false;
  SmallVector<int64_t> strides;
  int64_t offset;
  return succeeded(type.getStridesAndOffset(strides, offset)) &&
         !ShapedType::isDynamic(offset) &&
         llvm::none_of(strides, ShapedType::isDynamic);
}

/// The dim the lanes run along: the last parallel dim, which only
/// reduction dims follow (the loops put it innermost; see emitLoops).
std::optional<unsigned> laneDim(linalg::GenericOp g) {
  SmallVector<utils::IteratorType> iterators = g.getIteratorTypesArray();
  for (unsigned d = iterators.size(); d-- > 0;)
    if (iterators[d] == utils::IteratorType::parallel)
      return d;
  return std::nullopt;
}

/// The accesses of every operand of a generic this pass lowers (see
/// Passes.td), or nothing.
std::optional<SmallVector<Access>> matchGeneric(linalg::GenericOp g) {
  std::optional<unsigned> lane = laneDim(g);
  if (!g.hasPureBufferSemantics() || !lane || g.getNumDpsInits() != 1 ||
      !dlc::isLaneWiseBody(*g.getBody(), /*allowIndex=*/true))
    return std::nullopt;
  unsigned d = *lane;
  SmallVector<Access> accesses;
  bool strided = false;
  for (OpOperand &operand : g->getOpOperands()) {
    if (!isStatic32Bit(operand.get()))
      return std::nullopt;
    std::optional<Access> access =
        dlc::laneAccess(g.getMatchingIndexingMap(&operand), d);
    if (!access)
      return std::nullopt;
    strided |= *access == Access::Stride2 || *access == Access::Half;
    accesses.push_back(*access);
  }
  // A vector's inputs are read before its output is written: an input
  // may share the output's memory only element for element.
  Value out = g.getDpsInitOperand(0)->get();
  for (OpOperand *input : g.getDpsInputOperands())
    if (dlc::mayOverlap(input->get(), out) &&
        (input->get() != out ||
         g.getMatchingIndexingMap(input) !=
             g.getMatchingIndexingMap(g.getDpsInitOperand(0))))
      return std::nullopt;
  // The output: lane l is element d0 + l, each written once per iteration.
  AffineMap outMap = g.getMatchingIndexingMap(g.getDpsInitOperand(0));
  if (!strided || accesses.back() != Access::Unit ||
      outMap.getNumResults() == 0 ||
      outMap.getResults().back() != getAffineDimExpr(d, g.getContext()))
    return std::nullopt;
  return accesses;
}

class GenericEmitter {
public:
  GenericEmitter(OpBuilder &b, linalg::GenericOp g, ArrayRef<Access> accesses,
                 unsigned vw)
      : b(b), loc(g.getLoc()), g(g), accesses(accesses), vw(vw) {
    bounds = g.getStaticLoopRanges();
    lane = *laneDim(g);
    // The loop order: every dim but the lane dim, in order, then the lane
    // dim. Each output element still sees its reduction iterations in
    // their order; the lanes are distinct output elements.
    for (unsigned d = 0; d < bounds.size(); ++d)
      if (d != lane)
        order.push_back(d);
    order.push_back(lane);
  }

  void emit() {
    for (OpOperand &operand : g->getOpOperands())
      flat.push_back(flatten(operand.get()));
    int64_t total = 1;
    for (int64_t n : bounds)
      total *= n;
    SmallVector<Value> ivs(bounds.size());
    unsigned first = order.front();
    bool parallel = order.size() > 1 && bounds[first] > 1 &&
                    g.getIteratorTypesArray()[first] ==
                        utils::IteratorType::parallel &&
                    total >= kMinParallelWork;
    if (!parallel)
      return emitLoops(ivs, 0);
    scf::ParallelOp::create(
        b, loc, ValueRange{index(0)}, ValueRange{index(bounds[first])},
        ValueRange{index(1)}, [&](OpBuilder &nb, Location, ValueRange iv) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
          ivs[first] = iv[0];
          emitLoops(ivs, 1);
        });
  }

private:
  Value index(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }

  /// `mem`'s buffer from its base as a 1-D memref over every element it
  /// spans (offset() adds the static offset).
  Value flatten(Value mem) {
    auto type = cast<MemRefType>(mem.getType());
    auto [strides, offset] = type.getStridesAndOffset();
    int64_t span = offset + 1;
    for (auto [size, stride] : llvm::zip(type.getShape(), strides))
      span += (size - 1) * stride;
    return memref::ReinterpretCastOp::create(
        b, loc, MemRefType::get({span}, type.getElementType()), mem,
        /*offset=*/0, ArrayRef<int64_t>{span}, ArrayRef<int64_t>{1});
  }

  /// Loops over dims order[pos], ..., then the vector loop of the lane dim.
  void emitLoops(SmallVectorImpl<Value> &ivs, unsigned pos) {
    unsigned dim = order[pos];
    bool isLane = pos + 1 == order.size();
    auto loop = scf::ForOp::create(b, loc, index(0), index(bounds[dim]),
                                   index(isLane ? vw : 1));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    ivs[dim] = loop.getInductionVar();
    if (isLane)
      return emitVector(ivs);
    emitLoops(ivs, pos + 1);
  }

  VectorType vectorOf(Type elem) {
    return VectorType::get({(int64_t)vw}, elem);
  }

  Value mask(Value lanes) {
    return vector::CreateMaskOp::create(b, loc, vectorOf(b.getI1Type()),
                                        ValueRange{lanes});
  }

  /// The flat offset of `operand`'s element at the loop values `ivs`.
  Value offset(OpOperand &operand, ArrayRef<Value> ivs) {
    AffineMap map = g.getMatchingIndexingMap(&operand);
    auto type = cast<MemRefType>(operand.get().getType());
    auto [strides, staticOffset] = type.getStridesAndOffset();
    Value sum = index(staticOffset);
    for (auto [r, stride] : llvm::enumerate(strides)) {
      Value at = affine::AffineApplyOp::create(
          b, loc, map.getSubMap({(unsigned)r}), ivs);
      sum = arith::AddIOp::create(
          b, loc, sum, arith::MulIOp::create(b, loc, at, index(stride)));
    }
    return sum;
  }

  /// Lanes 0 .. vw of `operand` for innermost values d0 .. d0 + valid.
  Value load(OpOperand &operand, ArrayRef<Value> ivs, Value valid) {
    Value mem = flat[operand.getOperandNumber()];
    Type elem = cast<MemRefType>(mem.getType()).getElementType();
    VectorType type = vectorOf(elem);
    Value zeros = arith::ConstantOp::create(
        b, loc, type, DenseElementsAttr::get(type, b.getZeroAttr(elem)));
    Value at = offset(operand, ivs);
    auto masked = [&](Value where, Value lanes) -> Value {
      return vector::MaskedLoadOp::create(b, loc, type, mem, where,
                                          mask(lanes), zeros);
    };
    auto shuffle = [&](Value lo, Value hi, auto laneOf) -> Value {
      SmallVector<int64_t> lanes;
      for (int64_t l = 0; l < (int64_t)vw; ++l)
        lanes.push_back(laneOf(l));
      return vector::ShuffleOp::create(b, loc, lo, hi, lanes);
    };
    switch (accesses[operand.getOperandNumber()]) {
    case Access::Broadcast:
      return vector::BroadcastOp::create(
          b, loc, type, memref::LoadOp::create(b, loc, mem, ValueRange{at}));
    case Access::Unit:
      return masked(at, valid);
    case Access::Stride2: {
      // Lanes 2 * l (l < valid) of two contiguous loads.
      Value needed = arith::SubIOp::create(
          b, loc, arith::MulIOp::create(b, loc, valid, index(2)), index(1));
      Value lo = masked(at, needed);
      Value hi = masked(arith::AddIOp::create(b, loc, at, index(vw)),
                        arith::SubIOp::create(b, loc, needed, index(vw)));
      return shuffle(lo, hi, [](int64_t l) { return 2 * l; });
    }
    case Access::Half: {
      // d0 is even: elements d0 / 2 + l / 2, (valid + 1) / 2 of them.
      Value half = arith::DivUIOp::create(
          b, loc, arith::AddIOp::create(b, loc, valid, index(1)), index(2));
      Value v = masked(at, half);
      return shuffle(v, v, [](int64_t l) { return l / 2; });
    }
    }
    llvm_unreachable("unknown access");
  }

  void emitVector(ArrayRef<Value> ivs) {
    Value d0 = ivs[lane];
    Value valid = arith::MinSIOp::create(
        b, loc, index(vw),
        arith::SubIOp::create(b, loc, index(bounds[lane]), d0));
    Block &body = *g.getBody();
    IRMapping mapping;
    for (OpOperand &operand : g->getOpOperands()) {
      BlockArgument arg = body.getArgument(operand.getOperandNumber());
      if (!arg.use_empty())
        mapping.map(arg, load(operand, ivs, valid));
    }
    auto operand = [&](Value v) -> Value {
      if (Value mapped = mapping.lookupOrNull(v))
        return mapped;
      // A scalar from outside the body: the same in every lane.
      Value splat =
          vector::BroadcastOp::create(b, loc, vectorOf(v.getType()), v);
      mapping.map(v, splat);
      return splat;
    };
    for (Operation &op : body.without_terminator())
      mapping.map(op.getResult(0), vectorize(op, ivs, operand));
    OpOperand *out = g.getDpsInitOperand(0);
    Value result = operand(body.getTerminator()->getOperand(0));
    vector::MaskedStoreOp::create(b, loc, flat[out->getOperandNumber()],
                                  offset(*out, ivs), mask(valid), result);
  }

  /// `op` on vectors of the lanes' values.
  Value vectorize(Operation &op, ArrayRef<Value> ivs,
                  function_ref<Value(Value)> operand) {
    VectorType indexVector = vectorOf(b.getIndexType());
    if (auto idx = dyn_cast<linalg::IndexOp>(op)) {
      Value base =
          vector::BroadcastOp::create(b, loc, indexVector, ivs[idx.getDim()]);
      if (idx.getDim() != lane)
        return base;
      SmallVector<int64_t> lanes;
      for (int64_t l = 0; l < (int64_t)vw; ++l)
        lanes.push_back(l);
      Value iota = arith::ConstantOp::create(
          b, loc, indexVector, b.getIndexVectorAttr(lanes));
      return arith::AddIOp::create(b, loc, base, iota);
    }
    return dlc::vectorizeScalarOp(b, op, vw, operand);
  }

  OpBuilder &b;
  Location loc;
  linalg::GenericOp g;
  ArrayRef<Access> accesses;
  unsigned vw;
  SmallVector<int64_t> bounds;
  /// The lane dim, and the loop order (see the constructor).
  unsigned lane;
  SmallVector<unsigned> order;
  SmallVector<Value> flat;
};

struct VectorizeStridedGenericsPass
    : dlc::impl::VectorizeStridedGenericsBase<VectorizeStridedGenericsPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<std::pair<linalg::GenericOp, SmallVector<Access>>> found;
    getOperation().walk([&](linalg::GenericOp g) {
      if (std::optional<SmallVector<Access>> accesses = matchGeneric(g))
        found.push_back({g, *accesses});
    });
    for (auto &[g, accesses] : found) {
      OpBuilder b(g);
      GenericEmitter(b, g, accesses, vectorWidth).emit();
      g->erase();
    }
  }
};

} // namespace
