//===- ContractionFusion.cpp - what fuses into a lowered contraction ------===//
#include "compiler/Codegen/Common/ContractionFusion.h"
#include "compiler/Transforms/ArenaAliasing.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

using namespace mlir;

namespace {

Value outputOf(linalg::LinalgOp op) { return op.getDpsInitOperand(0)->get(); }

/// The nearest op before (or after) `op` in its block that may touch memory.
Operation *nearestEffect(Operation *op, bool forward) {
  for (Operation *it = forward ? op->getNextNode() : op->getPrevNode(); it;
       it = forward ? it->getNextNode() : it->getPrevNode())
    if (!isMemoryEffectFree(it))
      return it;
  return nullptr;
}

bool isIdentityElementwise(linalg::GenericOp g) {
  return g.getNumLoops() == g.getNumParallelLoops() &&
         llvm::all_of(g.getIndexingMapsArray(),
                      [](AffineMap m) { return m.isIdentity(); });
}

/// A body whose ops are all arith or math ops without regions.
bool isVectorizableBody(Block &body) {
  for (Operation &op : body.without_terminator()) {
    StringRef dialect = op.getDialect()->getNamespace();
    if ((dialect != "arith" && dialect != "math") || op.getNumRegions())
      return false;
  }
  return true;
}

/// Whether a 2x2 stride-2 pooling of `input` into `pooled` reads every
/// element of `input` (even height and width).
bool coversAll(Value input, Value pooled) {
  auto in = cast<MemRefType>(input.getType());
  auto out = cast<MemRefType>(pooled.getType());
  return in.getRank() == 4 && out.getRank() == 4 &&
         in.getDimSize(2) == 2 * out.getDimSize(2) &&
         in.getDimSize(3) == 2 * out.getDimSize(3);
}

} // namespace

linalg::FillOp dlc::findOutputFill(linalg::LinalgOp op) {
  auto fill = dyn_cast_or_null<linalg::FillOp>(
      nearestEffect(op, /*forward=*/false));
  return fill && fill.getOutputs()[0] == outputOf(op) ? fill : nullptr;
}

Operation *dlc::findInitWriter(linalg::LinalgOp op, const Contraction &c) {
  Value out = outputOf(op);
  if (linalg::FillOp fill = findOutputFill(op))
    return fill;
  Operation *prev = nearestEffect(op, /*forward=*/false);
  auto broadcast = dyn_cast_or_null<linalg::BroadcastOp>(prev);
  if (!broadcast || broadcast.getInit() != out)
    return nullptr;
  // Every dim the input keeps must be a row dim of C.
  int64_t rank = cast<MemRefType>(out.getType()).getRank();
  int64_t rowDims = rank - c.n.size();
  for (int64_t d = rowDims; d < rank; ++d)
    if (!llvm::is_contained(broadcast.getDimensions(), d))
      return nullptr;
  return broadcast;
}

linalg::GenericOp dlc::findEpilogue(linalg::LinalgOp op) {
  Value out = outputOf(op);
  auto g = dyn_cast_or_null<linalg::GenericOp>(nearestEffect(op, true));
  if (!g || g.getNumDpsInputs() != 1 || g.getNumDpsInits() != 1 ||
      g.getDpsInputOperand(0)->get() != out || outputOf(g) != out ||
      !isIdentityElementwise(g) || !isVectorizableBody(*g.getBody()))
    return nullptr;
  return g;
}


std::optional<dlc::PoolConsumer>
dlc::findPoolConsumer(linalg::LinalgOp op, Operation *initWriter,
                      linalg::GenericOp epilogue) {
  Value out = outputOf(op);
  Operation *last = epilogue ? epilogue.getOperation() : op.getOperation();
  auto fill = dyn_cast_or_null<linalg::FillOp>(nearestEffect(last, true));
  if (!fill)
    return std::nullopt;
  auto pool =
      dyn_cast_or_null<linalg::PoolingNchwMaxOp>(nearestEffect(fill, true));
  if (!pool || pool.getInputs()[0] != out ||
      pool.getOutputs()[0] != fill.getOutputs()[0])
    return std::nullopt;
  auto window = dyn_cast<MemRefType>(pool.getInputs()[1].getType());
  auto is = [](DenseIntElementsAttr attr, int64_t v) {
    return llvm::all_of(attr.getValues<int64_t>(),
                        [&](int64_t x) { return x == v; });
  };
  if (!window || window.getShape() != ArrayRef<int64_t>{2, 2} ||
      !is(pool.getStrides(), 2) || !is(pool.getDilations(), 1))
    return std::nullopt;
  Value pooled = pool.getOutputs()[0];
  bool storeC = false;
  for (Operation *user : out.getUsers()) {
    if (user == op.getOperation() || user == initWriter || user == last ||
        user == pool.getOperation())
      continue;
    // Read later (a training step's backward pass): C is still written.
    if (user->getBlock() != pool->getBlock() || !pool->isBeforeInBlock(user))
      return std::nullopt;
    storeC = true;
  }
  if (storeC && !coversAll(out, pooled))
    return std::nullopt;
  if (storeC && dlc::mayOverlap(out, pooled))
    return std::nullopt;
  // The pooled rows are written while the convolution still reads: the
  // planner may have given its inputs' memory to the pooled buffer.
  for (Value input : op.getDpsInputs())
    if (dlc::mayOverlap(input, pooled))
      return std::nullopt;
  if (auto broadcast = dyn_cast_or_null<linalg::BroadcastOp>(initWriter))
    if (dlc::mayOverlap(broadcast.getInput(), pooled))
      return std::nullopt;
  return PoolConsumer{fill, pool, storeC};
}

Value dlc::applyEpilogue(OpBuilder &b, Location loc, linalg::GenericOp epilogue,
                         Value value) {
  Block &body = *epilogue.getBody();
  // A vector gets the body lane-wise; a scalar as it is.
  auto vector = dyn_cast<VectorType>(value.getType());
  auto typeOf = [&](Type t) -> Type {
    return vector ? VectorType::get(vector.getShape(), t) : t;
  };
  IRMapping mapping;
  // Both block arguments hold C's value (the op is in place).
  mapping.map(body.getArgument(0), value);
  mapping.map(body.getArgument(1), value);
  auto operand = [&](Value v) -> Value {
    if (Value mapped = mapping.lookupOrNull(v))
      return mapped;
    if (!vector)
      return v;
    // A scalar from outside the body: the same in every lane.
    Value splat = vector::BroadcastOp::create(b, loc, typeOf(v.getType()), v);
    mapping.map(v, splat);
    return splat;
  };
  for (Operation &op : body.without_terminator()) {
    auto constant = dyn_cast<arith::ConstantOp>(op);
    if (constant && vector) {
      auto type = cast<VectorType>(typeOf(constant.getType()));
      mapping.map(constant.getResult(),
                  arith::ConstantOp::create(
                      b, loc, type,
                      DenseElementsAttr::get(type, constant.getValue())));
      continue;
    }
    OperationState state(loc, op.getName());
    for (Value v : op.getOperands())
      state.addOperands(operand(v));
    for (Type t : op.getResultTypes())
      state.addTypes(typeOf(t));
    state.addAttributes(op.getAttrs());
    Operation *clone = b.create(state);
    mapping.map(op.getResults(), clone->getResults());
  }
  return operand(body.getTerminator()->getOperand(0));
}
