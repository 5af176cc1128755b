//===- DLCOps.cpp - dlc op verifiers --------------------------------------===//
//
// Verifiers reject every form the lowering cannot handle, so a pass never
// meets an op it has to give up on.
//
//===----------------------------------------------------------------------===//

#include "dialects/DLC/IR/DLCOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;

#define GET_OP_CLASSES
#include "dialects/DLC/IR/DLCOps.cpp.inc"

FailureOr<SmallVector<int64_t>> dlc::broadcastShapes(ArrayRef<int64_t> lhs,
                                                     ArrayRef<int64_t> rhs) {
  size_t rank = std::max(lhs.size(), rhs.size());
  SmallVector<int64_t> result(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t a = i < rank - lhs.size() ? 1 : lhs[i - (rank - lhs.size())];
    int64_t b = i < rank - rhs.size() ? 1 : rhs[i - (rank - rhs.size())];
    if (a != b && a != 1 && b != 1)
      return failure();
    result[i] = a == 1 ? b : a;
  }
  return result;
}

int64_t dlc::slidingWindowExtent(int64_t in, int64_t padBegin, int64_t padEnd,
                                 int64_t kernel, int64_t stride,
                                 int64_t dilation) {
  int64_t span = dilation * (kernel - 1) + 1;
  return (in + padBegin + padEnd - span) / stride + 1;
}

/// Shared check of elementwise binary ops: one element type, broadcastable
/// shapes, and a result of the broadcast shape.
LogicalResult dlc::verifyBroadcastBinary(Operation *op, bool boolResult) {
  auto lhs = cast<RankedTensorType>(op->getOperand(0).getType());
  auto rhs = cast<RankedTensorType>(op->getOperand(1).getType());
  auto res = cast<RankedTensorType>(op->getResult(0).getType());
  if (lhs.getElementType() != rhs.getElementType())
    return op->emitOpError("operands must share an element type");
  if (!boolResult && lhs.getElementType() != res.getElementType())
    return op->emitOpError("operands and result must share an element type");
  auto shape = dlc::broadcastShapes(lhs.getShape(), rhs.getShape());
  if (failed(shape))
    return op->emitOpError("operand shapes are not broadcast-compatible");
  if (ArrayRef<int64_t>(*shape) != res.getShape())
    return op->emitOpError("result shape does not match the broadcast shape");
  return success();
}

LogicalResult dlc::AddOp::verify() { return verifyBroadcastBinary(*this); }
LogicalResult dlc::SubOp::verify() { return verifyBroadcastBinary(*this); }
LogicalResult dlc::MulOp::verify() { return verifyBroadcastBinary(*this); }
LogicalResult dlc::DivOp::verify() { return verifyBroadcastBinary(*this); }
LogicalResult dlc::MaxOp::verify() { return verifyBroadcastBinary(*this); }
LogicalResult dlc::MinOp::verify() { return verifyBroadcastBinary(*this); }
LogicalResult dlc::PowOp::verify() { return verifyBroadcastBinary(*this); }

LogicalResult dlc::MatMulOp::verify() {
  auto lhs = getLhs().getType();
  auto rhs = getRhs().getType();
  auto res = getResult().getType();
  if (lhs.getRank() < 2 || rhs.getRank() < 2)
    return emitOpError("operands must have rank 2 or more");
  if (lhs.getElementType() != rhs.getElementType() ||
      lhs.getElementType() != res.getElementType())
    return emitOpError("operands and result must share an element type");
  int64_t k = lhs.getShape().back();
  if (k != rhs.getShape()[rhs.getRank() - 2])
    return emitOpError("contraction dimensions differ: ")
           << k << " vs " << rhs.getShape()[rhs.getRank() - 2];
  auto batch = broadcastShapes(lhs.getShape().drop_back(2),
                               rhs.getShape().drop_back(2));
  if (failed(batch))
    return emitOpError("batch dimensions are not broadcast-compatible");
  SmallVector<int64_t> expected(*batch);
  expected.push_back(lhs.getShape()[lhs.getRank() - 2]);
  expected.push_back(rhs.getShape().back());
  if (ArrayRef<int64_t>(expected) != res.getShape())
    return emitOpError("result shape does not match [batch..., M, N]");
  return success();
}

LogicalResult dlc::verifyWindowAttrs(Operation *op, int64_t spatial,
                                     ArrayRef<int64_t> strides,
                                     ArrayRef<int64_t> dilations,
                                     ArrayRef<int64_t> pads) {
  if ((int64_t)strides.size() != spatial ||
      (int64_t)dilations.size() != spatial ||
      (int64_t)pads.size() != 2 * spatial)
    return op->emitOpError("strides/dilations need ")
           << spatial << " entries and pads " << 2 * spatial;
  for (int64_t s : strides)
    if (s < 1)
      return op->emitOpError("strides must be positive");
  for (int64_t d : dilations)
    if (d < 1)
      return op->emitOpError("dilations must be positive");
  for (int64_t p : pads)
    if (p < 0)
      return op->emitOpError("pads must be non-negative");
  return success();
}

LogicalResult dlc::ConvOp::verify() {
  auto in = getInput().getType();
  auto w = getWeight().getType();
  auto res = getResult().getType();
  int64_t rank = in.getRank();
  if (rank < 3 || rank > 5 || w.getRank() != rank || res.getRank() != rank)
    return emitOpError("input, weight and result must have the same rank 3..5");
  int64_t spatial = rank - 2;
  if (failed(verifyWindowAttrs(*this, spatial, getStrides(), getDilations(),
                               getPads())))
    return failure();
  int64_t group = getGroup();
  int64_t c = in.getDimSize(1), f = w.getDimSize(0);
  if (group < 1 || c % group || f % group)
    return emitOpError("group ") << group << " must divide channels " << c
                                 << " and filters " << f;
  if (w.getDimSize(1) * group != c)
    return emitOpError("weight has ")
           << w.getDimSize(1) << " input channels per group, expected "
           << c / group;
  if (getBias() && (getBias().getType().getRank() != 1 ||
                    getBias().getType().getDimSize(0) != f))
    return emitOpError("bias must have shape [") << f << "]";
  if (res.getDimSize(0) != in.getDimSize(0) || res.getDimSize(1) != f)
    return emitOpError("result must be [N, F, ...]");
  for (int64_t i = 0; i < spatial; ++i) {
    int64_t ext = slidingWindowExtent(in.getDimSize(2 + i), getPads()[i],
                                      getPads()[spatial + i],
                                      w.getDimSize(2 + i), getStrides()[i],
                                      getDilations()[i]);
    if (ext < 1 || ext != res.getDimSize(2 + i))
      return emitOpError("spatial axis ")
             << i << " of the result should be " << ext;
  }
  return success();
}

LogicalResult dlc::verifyPoolShapes(Operation *op, RankedTensorType in,
                                    RankedTensorType res,
                                    ArrayRef<int64_t> kernel,
                                    ArrayRef<int64_t> strides,
                                    ArrayRef<int64_t> dilations,
                                    ArrayRef<int64_t> pads) {
  int64_t spatial = in.getRank() - 2;
  if (spatial < 1 || res.getRank() != in.getRank())
    return op->emitOpError("input and result must be [N, C, spatial...]");
  if ((int64_t)kernel.size() != spatial)
    return op->emitOpError("kernel_shape needs ") << spatial << " entries";
  if (failed(verifyWindowAttrs(op, spatial, strides, dilations, pads)))
    return failure();
  if (res.getDimSize(0) != in.getDimSize(0) ||
      res.getDimSize(1) != in.getDimSize(1))
    return op->emitOpError("result must keep N and C");
  for (int64_t i = 0; i < spatial; ++i) {
    int64_t floorExt =
        dlc::slidingWindowExtent(in.getDimSize(2 + i), pads[i],
                                 pads[spatial + i], kernel[i], strides[i],
                                 dilations[i]);
    int64_t got = res.getDimSize(2 + i);
    if (floorExt < 1 || (got != floorExt && got != floorExt + 1))
      return op->emitOpError("spatial axis ")
             << i << " of the result should be " << floorExt;
    if (got == floorExt + 1 && (got - 1) * strides[i] >= in.getDimSize(2 + i) + pads[i])
      return op->emitOpError("last window of axis ") << i << " starts past the input";
  }
  return success();
}

static LogicalResult verifyPool(Operation *op, ArrayRef<int64_t> kernel,
                                ArrayRef<int64_t> strides,
                                ArrayRef<int64_t> dilations,
                                ArrayRef<int64_t> pads) {
  return dlc::verifyPoolShapes(
      op, cast<RankedTensorType>(op->getOperand(0).getType()),
      cast<RankedTensorType>(op->getResult(0).getType()), kernel, strides,
      dilations, pads);
}

LogicalResult dlc::MaxPoolOp::verify() {
  return verifyPool(*this, getKernelShape(), getStrides(), getDilations(),
                    getPads());
}
LogicalResult dlc::AvgPoolOp::verify() {
  return verifyPool(*this, getKernelShape(), getStrides(), getDilations(),
                    getPads());
}

LogicalResult dlc::verifyAxis(Operation *op, int64_t axis, int64_t rank) {
  if (axis < 0 || axis >= rank)
    return op->emitOpError("axis ") << axis << " is out of range for rank "
                                    << rank;
  return success();
}

LogicalResult dlc::SoftmaxOp::verify() {
  return verifyAxis(*this, getAxis(), getInput().getType().getRank());
}
LogicalResult dlc::LogSoftmaxOp::verify() {
  return verifyAxis(*this, getAxis(), getInput().getType().getRank());
}

LogicalResult dlc::ReshapeOp::verify() {
  auto in = getInput().getType();
  auto res = getResult().getType();
  if (in.getElementType() != res.getElementType())
    return emitOpError("element types differ");
  if (!in.hasStaticShape() || !res.hasStaticShape() ||
      in.getNumElements() != res.getNumElements())
    return emitOpError("element counts differ");
  return success();
}

LogicalResult dlc::TransposeOp::verify() {
  auto in = getInput().getType();
  auto res = getResult().getType();
  ArrayRef<int64_t> perm = getPermutation();
  if ((int64_t)perm.size() != in.getRank() || res.getRank() != in.getRank())
    return emitOpError("permutation must have one entry per axis");
  SmallVector<bool> seen(perm.size(), false);
  for (auto [i, p] : llvm::enumerate(perm)) {
    if (p < 0 || p >= in.getRank() || seen[p])
      return emitOpError("permutation is not a permutation");
    seen[p] = true;
    if (res.getDimSize(i) != in.getDimSize(p))
      return emitOpError("result dimension ") << i << " mismatches";
  }
  return success();
}

LogicalResult dlc::ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError("needs at least one input");
  auto res = getResult().getType();
  int64_t axis = getAxis();
  if (failed(verifyAxis(*this, axis, res.getRank())))
    return failure();
  int64_t total = 0;
  for (Value v : getInputs()) {
    auto t = cast<RankedTensorType>(v.getType());
    if (t.getRank() != res.getRank() ||
        t.getElementType() != res.getElementType())
      return emitOpError("inputs must match the result's rank and type");
    for (int64_t d = 0; d < t.getRank(); ++d)
      if (d != axis && t.getDimSize(d) != res.getDimSize(d))
        return emitOpError("non-axis dimension ") << d << " mismatches";
    total += t.getDimSize(axis);
  }
  if (total != res.getDimSize(axis))
    return emitOpError("axis extent should be ") << total;
  return success();
}

LogicalResult dlc::SliceOp::verify() {
  auto in = getInput().getType();
  auto res = getResult().getType();
  if ((int64_t)getStarts().size() != in.getRank() ||
      (int64_t)getSteps().size() != in.getRank() || res.getRank() != in.getRank())
    return emitOpError("starts and steps need one entry per axis");
  for (int64_t d = 0; d < in.getRank(); ++d) {
    int64_t start = getStarts()[d], step = getSteps()[d], n = res.getDimSize(d);
    if (step == 0)
      return emitOpError("step must not be 0");
    if (n == 0)
      continue;
    int64_t last = start + (n - 1) * step;
    if (start < 0 || start >= in.getDimSize(d) || last < 0 ||
        last >= in.getDimSize(d))
      return emitOpError("axis ") << d << " reads out of bounds";
  }
  return success();
}

LogicalResult dlc::GatherOp::verify() {
  auto data = getData().getType();
  auto idx = getIndices().getType();
  int64_t axis = getAxis();
  if (failed(verifyAxis(*this, axis, data.getRank())))
    return failure();
  SmallVector<int64_t> expected(data.getShape().take_front(axis));
  llvm::append_range(expected, idx.getShape());
  llvm::append_range(expected, data.getShape().drop_front(axis + 1));
  if (ArrayRef<int64_t>(expected) != getResult().getType().getShape())
    return emitOpError("result shape must be data[:axis] + indices + data[axis+1:]");
  return success();
}

bool dlc::isScatterReduction(StringRef reduction) {
  return llvm::is_contained({"none", "add", "mul", "max", "min"}, reduction);
}

LogicalResult dlc::verifyScatterUpdates(Operation *op, RankedTensorType data,
                                        RankedTensorType updates,
                                        RankedTensorType result,
                                        StringRef reduction) {
  if (updates.getElementType() != data.getElementType() || result != data)
    return op->emitOpError(
        "updates and result must have data's element type");
  if (!isScatterReduction(reduction))
    return op->emitOpError("reduction must be none, add, mul, max or min");
  return success();
}

LogicalResult dlc::GatherElementsOp::verify() {
  auto data = getData().getType();
  auto idx = getIndices().getType();
  if (failed(verifyAxis(*this, getAxis(), data.getRank())))
    return failure();
  if (idx.getRank() != data.getRank())
    return emitOpError("indices must have the rank of data");
  if (getResult().getType() != idx.clone(data.getElementType()))
    return emitOpError("result must have the shape of indices and the "
                       "element type of data");
  return success();
}

LogicalResult dlc::ScatterElementsOp::verify() {
  auto data = getData().getType();
  if (failed(verifyAxis(*this, getAxis(), data.getRank())))
    return failure();
  if (getIndices().getType().getShape() != getUpdates().getType().getShape())
    return emitOpError("indices and updates must have one shape");
  if (getUpdates().getType().getRank() != data.getRank())
    return emitOpError("updates must have the rank of data");
  return verifyScatterUpdates(*this, data, getUpdates().getType(),
                              getResult().getType(), getReduction());
}

/// The shape GatherND gives, or ScatterND's updates must have:
/// indices.shape[:-1] + data.shape[batchDims + k:]; empty when the last
/// dim of indices (k) does not fit.
static std::optional<SmallVector<int64_t>>
slicesShape(RankedTensorType data, RankedTensorType indices,
            int64_t batchDims) {
  if (indices.getRank() < 1 || batchDims < 0 ||
      batchDims >= indices.getRank())
    return std::nullopt;
  int64_t k = indices.getShape().back();
  if (k < 1 || batchDims + k > data.getRank() ||
      data.getShape().take_front(batchDims) !=
          indices.getShape().take_front(batchDims))
    return std::nullopt;
  SmallVector<int64_t> shape(indices.getShape().drop_back());
  llvm::append_range(shape, data.getShape().drop_front(batchDims + k));
  return shape;
}

LogicalResult dlc::GatherNDOp::verify() {
  auto shape = slicesShape(getData().getType(), getIndices().getType(),
                           getBatchDims());
  if (!shape)
    return emitOpError("indices do not fit data (last dim of indices plus "
                       "batch_dims must be at most data's rank)");
  if (ArrayRef<int64_t>(*shape) != getResult().getType().getShape())
    return emitOpError(
        "result shape must be indices.shape[:-1] + data.shape[batch_dims+k:]");
  return success();
}

LogicalResult dlc::ScatterNDOp::verify() {
  auto data = getData().getType();
  auto shape = slicesShape(data, getIndices().getType(), 0);
  if (!shape)
    return emitOpError("the last dim of indices must be at most data's rank");
  if (ArrayRef<int64_t>(*shape) != getUpdates().getType().getShape())
    return emitOpError(
        "updates must have shape indices.shape[:-1] + data.shape[k:]");
  return verifyScatterUpdates(*this, data, getUpdates().getType(),
                              getResult().getType(), getReduction());
}

LogicalResult dlc::BroadcastOp::verify() {
  auto in = getInput().getType();
  auto res = getResult().getType();
  auto shape = broadcastShapes(in.getShape(), res.getShape());
  if (failed(shape) || ArrayRef<int64_t>(*shape) != res.getShape())
    return emitOpError("input does not broadcast to the result shape");
  return success();
}

LogicalResult dlc::PadOp::verify() {
  auto in = getInput().getType();
  auto res = getResult().getType();
  int64_t rank = in.getRank();
  if ((int64_t)getPads().size() != 2 * rank || res.getRank() != rank)
    return emitOpError("pads needs ") << 2 * rank << " entries";
  for (int64_t d = 0; d < rank; ++d)
    if (in.getDimSize(d) + getPads()[d] + getPads()[rank + d] !=
        res.getDimSize(d))
      return emitOpError("result dimension ") << d << " mismatches the pads";
  return success();
}
