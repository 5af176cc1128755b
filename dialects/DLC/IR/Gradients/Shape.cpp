//===- Shape.cpp - gradient rules of the dlc data-movement ops ------------===//
//
// Each rule moves the result gradient back to where the forward op read its
// elements: the inverse reshape or permutation, a slice per concat input,
// zero-filling pads for slice and pad, the scatter-add of gather_backward,
// and the sum over broadcast axes.
//
//===----------------------------------------------------------------------===//

#include "dialects/DLC/IR/DLCOps.h"
#include "dialects/DLC/IR/Gradients/GradientUtils.h"

using namespace mlir;
using namespace dlc;

namespace {

/// A dlc.slice of `v` with the result shape `shape`.
Value createSlice(OpBuilder &b, Location loc, Value v, ArrayRef<int64_t> starts,
                  ArrayRef<int64_t> steps, ArrayRef<int64_t> shape) {
  return SliceOp::create(b, loc, tensorTypeOf(v).clone(shape), v, starts,
                         steps);
}

/// A zero-valued dlc.pad of `v` (`pads`: begins then ends, non-negative);
/// `v` itself when every pad is 0.
Value zeroPad(OpBuilder &b, Location loc, Value v, ArrayRef<int64_t> pads) {
  if (llvm::all_of(pads, [](int64_t p) { return p == 0; }))
    return v;
  RankedTensorType type = tensorTypeOf(v);
  int64_t rank = type.getRank();
  SmallVector<int64_t> shape(type.getShape());
  for (int64_t d = 0; d < rank; ++d)
    shape[d] += pads[d] + pads[rank + d];
  return PadOp::create(b, loc, type.clone(shape), v,
                       b.getDenseI64ArrayAttr(pads), b.getF64FloatAttr(0.0));
}

/// Spreads `v` along `axis` so element i lands at i * step, with zeros in
/// between: [.., n, ..] -> [.., (n - 1) * step + 1, ..].
Value interleaveZeros(OpBuilder &b, Location loc, Value v, int64_t axis,
                      int64_t step) {
  RankedTensorType type = tensorTypeOf(v);
  int64_t n = type.getDimSize(axis), rank = type.getRank();
  SmallVector<int64_t> split(type.getShape());
  split.insert(split.begin() + axis + 1, 1);
  Value column = reshapeTo(b, loc, v, split);
  SmallVector<int64_t> pads(2 * (rank + 1), 0);
  pads[rank + 1 + axis + 1] = step - 1;
  Value padded = zeroPad(b, loc, column, pads);
  SmallVector<int64_t> merged(type.getShape());
  merged[axis] = n * step;
  Value flat = reshapeTo(b, loc, padded, merged);
  SmallVector<int64_t> starts(rank, 0), steps(rank, 1);
  SmallVector<int64_t> kept(merged);
  kept[axis] = (n - 1) * step + 1;
  return createSlice(b, loc, flat, starts, steps, kept);
}

/// Reverses `v` along every axis where `flip` is set.
Value reverseAxes(OpBuilder &b, Location loc, Value v, ArrayRef<bool> flip) {
  if (llvm::none_of(flip, [](bool f) { return f; }))
    return v;
  RankedTensorType type = tensorTypeOf(v);
  SmallVector<int64_t> starts, steps;
  for (auto [d, f] : llvm::enumerate(flip)) {
    starts.push_back(f ? type.getDimSize(d) - 1 : 0);
    steps.push_back(f ? -1 : 1);
  }
  return createSlice(b, loc, v, starts, steps, type.getShape());
}

/// Fills `operandGrads` with the gradient of the first operand (`grad`) and
/// nulls for the rest.
LogicalResult firstOperandOnly(Operation *op, Value grad,
                               SmallVectorImpl<Value> &operandGrads) {
  operandGrads.assign(op->getNumOperands(), Value());
  operandGrads[0] = grad;
  return success();
}

} // namespace

LogicalResult ReshapeOp::buildGradient(OpBuilder &b,
                                       ArrayRef<Value> resultGrads,
                                       SmallVectorImpl<Value> &operandGrads) {
  if (!resultGrads[0] || !isFloatTensor(getInput()))
    return noGradients(*this, operandGrads);
  return firstOperandOnly(
      *this,
      reshapeTo(b, getLoc(), resultGrads[0], getInput().getType().getShape()),
      operandGrads);
}

LogicalResult TransposeOp::buildGradient(OpBuilder &b,
                                         ArrayRef<Value> resultGrads,
                                         SmallVectorImpl<Value> &operandGrads) {
  if (!resultGrads[0] || !isFloatTensor(getInput()))
    return noGradients(*this, operandGrads);
  ArrayRef<int64_t> perm = getPermutation();
  SmallVector<int64_t> inverse(perm.size());
  for (auto [i, p] : llvm::enumerate(perm))
    inverse[p] = i;
  return firstOperandOnly(
      *this, transpose(b, getLoc(), resultGrads[0], inverse), operandGrads);
}

LogicalResult BroadcastOp::buildGradient(OpBuilder &b,
                                         ArrayRef<Value> resultGrads,
                                         SmallVectorImpl<Value> &operandGrads) {
  if (!resultGrads[0] || !isFloatTensor(getInput()))
    return noGradients(*this, operandGrads);
  return firstOperandOnly(
      *this, sumToShape(b, getLoc(), resultGrads[0], getInput().getType()),
      operandGrads);
}

LogicalResult CastOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &operandGrads) {
  // Only float -> float casts pass a gradient; integer casts are shape math.
  if (!resultGrads[0] || !isFloatTensor(getInput()) ||
      !isFloatTensor(getResult()))
    return noGradients(*this, operandGrads);
  Value dx = CastOp::create(b, getLoc(), getInput().getType(), resultGrads[0]);
  return firstOperandOnly(*this, dx, operandGrads);
}

LogicalResult ConcatOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                                      SmallVectorImpl<Value> &operandGrads) {
  if (!resultGrads[0] || !isFloatTensor(getResult()))
    return noGradients(*this, operandGrads);
  int64_t rank = getType().getRank(), axis = getAxis(), offset = 0;
  operandGrads.clear();
  for (Value input : getInputs()) {
    RankedTensorType type = tensorTypeOf(input);
    SmallVector<int64_t> starts(rank, 0), steps(rank, 1);
    starts[axis] = offset;
    offset += type.getDimSize(axis);
    if (type.getDimSize(axis) == 0) {
      operandGrads.push_back(Value());
      continue;
    }
    operandGrads.push_back(createSlice(b, getLoc(), resultGrads[0], starts,
                                       steps, type.getShape()));
  }
  return success();
}

LogicalResult SliceOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                                     SmallVectorImpl<Value> &operandGrads) {
  if (!resultGrads[0] || !isFloatTensor(getInput()))
    return noGradients(*this, operandGrads);
  RankedTensorType in = getInput().getType();
  if (getType().getNumElements() == 0)
    return noGradients(*this, operandGrads);
  Location loc = getLoc();
  int64_t rank = in.getRank();
  SmallVector<int64_t> starts(getStarts()), steps(getSteps());
  // Negative steps: reverse dy, then read it as a positive-step slice that
  // starts at the last element taken.
  SmallVector<bool> flip(rank, false);
  for (int64_t d = 0; d < rank; ++d) {
    if (steps[d] > 0)
      continue;
    flip[d] = true;
    starts[d] += (getType().getDimSize(d) - 1) * steps[d];
    steps[d] = -steps[d];
  }
  Value dx = reverseAxes(b, loc, resultGrads[0], flip);
  for (int64_t d = 0; d < rank; ++d)
    if (steps[d] > 1 && getType().getDimSize(d) > 1)
      dx = interleaveZeros(b, loc, dx, d, steps[d]);
  SmallVector<int64_t> pads(2 * rank);
  for (int64_t d = 0; d < rank; ++d) {
    pads[d] = starts[d];
    pads[rank + d] =
        in.getDimSize(d) - starts[d] - tensorTypeOf(dx).getDimSize(d);
  }
  return firstOperandOnly(*this, zeroPad(b, loc, dx, pads), operandGrads);
}

LogicalResult PadOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                                   SmallVectorImpl<Value> &operandGrads) {
  if (!resultGrads[0] || !isFloatTensor(getInput()))
    return noGradients(*this, operandGrads);
  // Input elements that survive the crops are read from dy past the begin
  // pad; cropped ones get zero.
  RankedTensorType in = getInput().getType();
  int64_t rank = in.getRank();
  ArrayRef<int64_t> pads = getPads();
  SmallVector<int64_t> starts(rank), steps(rank, 1), kept(rank);
  SmallVector<int64_t> refill(2 * rank);
  for (int64_t d = 0; d < rank; ++d) {
    int64_t begin = pads[d], end = pads[rank + d];
    starts[d] = std::max<int64_t>(begin, 0);
    kept[d] = in.getDimSize(d) + std::min<int64_t>(begin, 0) +
              std::min<int64_t>(end, 0);
    refill[d] = std::max<int64_t>(-begin, 0);
    refill[rank + d] = std::max<int64_t>(-end, 0);
    if (kept[d] <= 0)
      return noGradients(*this, operandGrads);
  }
  Value dx = resultGrads[0];
  if (ArrayRef<int64_t>(kept) != getType().getShape())
    dx = createSlice(b, getLoc(), dx, starts, steps, kept);
  return firstOperandOnly(*this, zeroPad(b, getLoc(), dx, refill),
                          operandGrads);
}

LogicalResult GatherOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                                      SmallVectorImpl<Value> &operandGrads) {
  if (!resultGrads[0] || !isFloatTensor(getData()))
    return noGradients(*this, operandGrads);
  Value dx = GatherBackwardOp::create(b, getLoc(), getData().getType(),
                                      resultGrads[0], getIndices(), getAxis());
  return firstOperandOnly(*this, dx, operandGrads);
}

LogicalResult
GatherElementsOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                                SmallVectorImpl<Value> &operandGrads) {
  // The gradient of a gather is the scatter-add of dy into zeros.
  if (!resultGrads[0] || !isFloatTensor(getData()))
    return noGradients(*this, operandGrads);
  Location loc = getLoc();
  Value zeros = createSplat(b, loc, getData().getType(), 0.0);
  Value dx = ScatterElementsOp::create(b, loc, getData().getType(), zeros,
                                       getIndices(), resultGrads[0],
                                       getAxis(), "add");
  return firstOperandOnly(*this, dx, operandGrads);
}

/// The gradient of a scatter (ScatterElements, ScatterND). "none": the
/// overwritten elements of data get no gradient (`scatterZeros` of dy) and
/// each update the gradient at its target (`gatherAt` of dy); "add": data
/// gets dy unchanged. With repeated indices and "none", every update of a
/// repeated target gets its gradient, as PyTorch's scatter takes it.
template <typename ScatterOp>
static LogicalResult
scatterGradient(ScatterOp op, ArrayRef<Value> resultGrads,
                SmallVectorImpl<Value> &operandGrads,
                function_ref<Value(Value dy, Value zeros)> scatterZeros,
                function_ref<Value(Value dy)> gatherAt, OpBuilder &b) {
  if (!resultGrads[0] || !isFloatTensor(op.getData()))
    return noGradients(op, operandGrads);
  StringRef kind = op.getReduction();
  if (kind != "none" && kind != "add")
    return op.emitOpError("has no gradient rule for reduction '")
           << kind << "'";
  Value dy = resultGrads[0], dData = dy;
  if (kind == "none")
    dData = scatterZeros(
        dy, createSplat(b, op.getLoc(), op.getUpdates().getType(), 0.0));
  operandGrads.assign({dData, Value(), gatherAt(dy)});
  return success();
}

LogicalResult
ScatterElementsOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                                 SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  return scatterGradient(
      *this, resultGrads, operandGrads,
      [&](Value dy, Value zeros) -> Value {
        return ScatterElementsOp::create(b, loc, dy.getType(), dy,
                                         getIndices(), zeros, getAxis(),
                                         "none");
      },
      [&](Value dy) -> Value {
        return GatherElementsOp::create(b, loc, getUpdates().getType(), dy,
                                        getIndices(), getAxis());
      },
      b);
}

LogicalResult GatherNDOp::buildGradient(OpBuilder &b,
                                        ArrayRef<Value> resultGrads,
                                        SmallVectorImpl<Value> &operandGrads) {
  // The scatter-add of dy into zeros (batch_dims = 0).
  if (!resultGrads[0] || !isFloatTensor(getData()))
    return noGradients(*this, operandGrads);
  if (getBatchDims() != 0)
    return emitOpError("has no gradient rule with batch_dims");
  Location loc = getLoc();
  Value zeros = createSplat(b, loc, getData().getType(), 0.0);
  Value dx = ScatterNDOp::create(b, loc, getData().getType(), zeros,
                                 getIndices(), resultGrads[0], "add");
  return firstOperandOnly(*this, dx, operandGrads);
}

LogicalResult ScatterNDOp::buildGradient(OpBuilder &b,
                                         ArrayRef<Value> resultGrads,
                                         SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  return scatterGradient(
      *this, resultGrads, operandGrads,
      [&](Value dy, Value zeros) -> Value {
        return ScatterNDOp::create(b, loc, dy.getType(), dy, getIndices(),
                                   zeros, "none");
      },
      [&](Value dy) -> Value {
        return GatherNDOp::create(b, loc, getUpdates().getType(), dy,
                                  getIndices(), 0);
      },
      b);
}
