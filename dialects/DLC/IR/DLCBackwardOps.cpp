//===- DLCBackwardOps.cpp - verifiers of greater, reduce_sum, backward ops ===//
//
// The ops the gradient rules build: the comparison that makes masks, the
// reduction that undoes broadcasting, and the transposes of convolution,
// pooling and gather. Each verifier checks the shape relation its ODS
// description states, so the lowering never meets a form it cannot handle.
//
//===----------------------------------------------------------------------===//

#include "dialects/DLC/IR/DLCOps.h"

using namespace mlir;

LogicalResult dlc::GreaterOp::verify() { return verifyBroadcastBinary(*this, /*boolResult=*/true); }

LogicalResult dlc::SelectOp::verify() {
  auto t = getTrueValue().getType(), f = getFalseValue().getType();
  auto res = getResult().getType();
  if (t.getElementType() != f.getElementType() ||
      t.getElementType() != res.getElementType())
    return emitOpError("values and result must share an element type");
  auto shape = broadcastShapes(t.getShape(), f.getShape());
  if (succeeded(shape))
    shape = broadcastShapes(getCondition().getType().getShape(), *shape);
  if (failed(shape))
    return emitOpError("operand shapes are not broadcast-compatible");
  if (ArrayRef<int64_t>(*shape) != res.getShape())
    return emitOpError("result shape does not match the broadcast shape");
  return success();
}

LogicalResult dlc::CompareOp::verify() {
  if (!llvm::is_contained({"eq", "lt", "le", "gt", "ge"}, getPredicate()))
    return emitOpError("unknown predicate '") << getPredicate() << "'";
  return verifyBroadcastBinary(*this, /*boolResult=*/true);
}

LogicalResult dlc::BitwiseOp::verify() {
  if (!llvm::is_contained({"and", "or", "xor", "shl", "shrs", "shru"},
                          getKind()))
    return emitOpError("unknown kind '") << getKind() << "'";
  return verifyBroadcastBinary(*this, /*boolResult=*/false);
}

LogicalResult dlc::BitcastOp::verify() {
  auto in = getInput().getType(), out = getResult().getType();
  if (in.getShape() != out.getShape())
    return emitOpError("input and result must have the same shape");
  if (in.getElementType().getIntOrFloatBitWidth() !=
      out.getElementType().getIntOrFloatBitWidth())
    return emitOpError("element types must have the same bit width");
  return success();
}

LogicalResult dlc::LogicalOp::verify() {
  if (!llvm::is_contained({"and", "or", "xor"}, getKind()))
    return emitOpError("unknown kind '") << getKind() << "'";
  return verifyBroadcastBinary(*this, /*boolResult=*/true);
}

/// The reductions' shared contract: strictly increasing axes in range and
/// the result shape they and `keepdims` give.
template <typename OpTy>
static LogicalResult verifyReduction(OpTy op) {
  auto in = op.getInput().getType();
  auto res = op.getResult().getType();
  if (in.getElementType() != res.getElementType())
    return op.emitOpError("input and result must share an element type");
  ArrayRef<int64_t> axes = op.getAxes();
  for (auto [i, axis] : llvm::enumerate(axes)) {
    if (axis < 0 || axis >= in.getRank())
      return op.emitOpError("axis ")
             << axis << " is out of range for rank " << in.getRank();
    if (i > 0 && axis <= axes[i - 1])
      return op.emitOpError("axes must be strictly increasing");
  }
  SmallVector<int64_t> expected;
  for (int64_t d = 0; d < in.getRank(); ++d) {
    if (!llvm::is_contained(axes, d))
      expected.push_back(in.getDimSize(d));
    else if (op.getKeepdims())
      expected.push_back(1);
  }
  if (ArrayRef<int64_t>(expected) != res.getShape())
    return op.emitOpError("result shape should be [")
           << llvm::make_range(expected.begin(), expected.end()) << "]";
  return success();
}

LogicalResult dlc::ReduceSumOp::verify() { return verifyReduction(*this); }

/// ArgMax/ArgMin: the axis in range and the result shape it and
/// `keepdims` give.
template <typename OpTy>
static LogicalResult verifyArgExtremum(OpTy op) {
  auto in = op.getInput().getType();
  int64_t axis = op.getAxis();
  if (axis < 0 || axis >= in.getRank())
    return op.emitOpError("axis ")
           << axis << " is out of range for rank " << in.getRank();
  SmallVector<int64_t> expected;
  for (int64_t d = 0; d < in.getRank(); ++d) {
    if (d != axis)
      expected.push_back(in.getDimSize(d));
    else if (op.getKeepdims())
      expected.push_back(1);
  }
  if (ArrayRef<int64_t>(expected) != op.getResult().getType().getShape())
    return op.emitOpError("result shape should be [")
           << llvm::make_range(expected.begin(), expected.end()) << "]";
  return success();
}

LogicalResult dlc::ArgMaxOp::verify() { return verifyArgExtremum(*this); }
LogicalResult dlc::ArgMinOp::verify() { return verifyArgExtremum(*this); }
LogicalResult dlc::ReduceMaxOp::verify() { return verifyReduction(*this); }
LogicalResult dlc::ReduceMinOp::verify() { return verifyReduction(*this); }
LogicalResult dlc::ReduceProdOp::verify() { return verifyReduction(*this); }

/// The relation every conv backward op shares with its forward conv: `x`
/// [N, C, D...], `w` [F, C/group, K...] and `y` [N, F, O...] with
/// O = slidingWindowExtent(D, pads, K, strides, dilations).
static LogicalResult verifyConvShapes(Operation *op, RankedTensorType x,
                                      RankedTensorType w, RankedTensorType y,
                                      ArrayRef<int64_t> strides,
                                      ArrayRef<int64_t> dilations,
                                      ArrayRef<int64_t> pads, int64_t group) {
  int64_t rank = x.getRank();
  if (rank < 3 || rank > 5 || w.getRank() != rank || y.getRank() != rank)
    return op->emitOpError(
        "input, weight and result gradient must have the same rank 3..5");
  if (x.getElementType() != w.getElementType() ||
      x.getElementType() != y.getElementType())
    return op->emitOpError("operands and result must share an element type");
  int64_t spatial = rank - 2;
  if (failed(dlc::verifyWindowAttrs(op, spatial, strides, dilations, pads)))
    return failure();
  int64_t c = x.getDimSize(1), f = w.getDimSize(0);
  if (group < 1 || c % group || f % group)
    return op->emitOpError("group ")
           << group << " must divide channels " << c << " and filters " << f;
  if (w.getDimSize(1) * group != c)
    return op->emitOpError("weight has ")
           << w.getDimSize(1) << " input channels per group, expected "
           << c / group;
  if (y.getDimSize(0) != x.getDimSize(0) || y.getDimSize(1) != f)
    return op->emitOpError("result gradient must be [N, F, ...] = [")
           << x.getDimSize(0) << ", " << f << ", ...]";
  for (int64_t i = 0; i < spatial; ++i) {
    int64_t ext = dlc::slidingWindowExtent(
        x.getDimSize(2 + i), pads[i], pads[spatial + i], w.getDimSize(2 + i),
        strides[i], dilations[i]);
    if (ext < 1 || ext != y.getDimSize(2 + i))
      return op->emitOpError("spatial axis ")
             << i << " of the result gradient should be " << ext;
  }
  return success();
}

LogicalResult dlc::ConvBackwardDataOp::verify() {
  return verifyConvShapes(*this, getResult().getType(), getWeight().getType(),
                          getResultGrad().getType(), getStrides(),
                          getDilations(), getPads(), getGroup());
}

LogicalResult dlc::ConvBackwardFilterOp::verify() {
  return verifyConvShapes(*this, getInput().getType(), getResult().getType(),
                          getResultGrad().getType(), getStrides(),
                          getDilations(), getPads(), getGroup());
}

LogicalResult dlc::MaxPoolBackwardOp::verify() {
  auto in = getInput().getType();
  if (getPooled().getType() != getResultGrad().getType())
    return emitOpError("pooled and result_grad must have the same type");
  if (getResult().getType() != in)
    return emitOpError("result must have the input's type");
  if (in.getElementType() != getPooled().getType().getElementType())
    return emitOpError("operands must share an element type");
  return verifyPoolShapes(*this, in, getPooled().getType(), getKernelShape(),
                          getStrides(), getDilations(), getPads());
}

LogicalResult dlc::AvgPoolBackwardOp::verify() {
  auto dy = getResultGrad().getType();
  auto res = getResult().getType();
  if (dy.getElementType() != res.getElementType())
    return emitOpError("result_grad and result must share an element type");
  return verifyPoolShapes(*this, res, dy, getKernelShape(), getStrides(),
                          getDilations(), getPads());
}

LogicalResult dlc::GatherBackwardOp::verify() {
  auto data = getResult().getType();
  auto dy = getResultGrad().getType();
  int64_t axis = getAxis();
  if (failed(verifyAxis(*this, axis, data.getRank())))
    return failure();
  if (dy.getElementType() != data.getElementType())
    return emitOpError("result_grad and result must share an element type");
  SmallVector<int64_t> expected(data.getShape().take_front(axis));
  llvm::append_range(expected, getIndices().getType().getShape());
  llvm::append_range(expected, data.getShape().drop_front(axis + 1));
  if (ArrayRef<int64_t>(expected) != dy.getShape())
    return emitOpError("result_grad shape must be result[:axis] + indices + "
                       "result[axis+1:]");
  return success();
}
