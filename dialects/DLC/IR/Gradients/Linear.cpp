//===- Linear.cpp - gradient rules of matmul, conv and its transpose ------===//
//
// matmul: dA = dC B^T and dB = A^T dC, summed over broadcast batch axes.
// conv: the transposed convolutions (conv_backward_data/filter) for input
// and weight, and the sum over batch and spatial axes for the bias.
// conv_backward_data (ConvTranspose): the adjoint of conv in its input, so
// its input's gradient is the forward conv and its weight's the filter
// gradient of that conv.
//
//===----------------------------------------------------------------------===//

#include "dialects/DLC/IR/DLCOps.h"
#include "dialects/DLC/IR/Gradients/GradientUtils.h"

using namespace mlir;
using namespace dlc;

namespace {

/// `v` with its last two axes swapped.
Value transposeLastTwo(OpBuilder &b, Location loc, Value v) {
  int64_t rank = tensorTypeOf(v).getRank();
  SmallVector<int64_t> perm = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  std::swap(perm[rank - 2], perm[rank - 1]);
  return transpose(b, loc, v, perm);
}

/// A batched matrix product with the result type inferred from the operands.
Value createMatMul(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  auto l = tensorTypeOf(lhs), r = tensorTypeOf(rhs);
  auto batch =
      broadcastShapes(l.getShape().drop_back(2), r.getShape().drop_back(2));
  assert(succeeded(batch) && "matmul gradient with incompatible batches");
  SmallVector<int64_t> shape(*batch);
  shape.push_back(l.getDimSize(l.getRank() - 2));
  shape.push_back(r.getShape().back());
  return MatMulOp::create(b, loc, l.clone(shape), lhs, rhs);
}

} // namespace

LogicalResult MatMulOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                                      SmallVectorImpl<Value> &operandGrads) {
  if (!resultGrads[0] || !isFloatTensor(getResult()))
    return noGradients(*this, operandGrads);
  Location loc = getLoc();
  Value dy = resultGrads[0];
  Value dLhs = createMatMul(b, loc, dy, transposeLastTwo(b, loc, getRhs()));
  Value dRhs = createMatMul(b, loc, transposeLastTwo(b, loc, getLhs()), dy);
  operandGrads.clear();
  operandGrads.push_back(sumToShape(b, loc, dLhs, getLhs().getType()));
  operandGrads.push_back(sumToShape(b, loc, dRhs, getRhs().getType()));
  return success();
}

LogicalResult ConvOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &operandGrads) {
  if (!resultGrads[0])
    return noGradients(*this, operandGrads);
  Location loc = getLoc();
  Value dy = resultGrads[0];
  operandGrads.clear();
  operandGrads.push_back(ConvBackwardDataOp::create(
      b, loc, getInput().getType(), dy, getWeight(), getStrides(),
      getDilations(), getPads(), getGroup()));
  operandGrads.push_back(ConvBackwardFilterOp::create(
      b, loc, getWeight().getType(), getInput(), dy, getStrides(),
      getDilations(), getPads(), getGroup()));
  if (Value bias = getBias()) {
    // Every output position of filter f adds bias[f].
    SmallVector<int64_t> axes = {0};
    for (int64_t d = 2; d < getType().getRank(); ++d)
      axes.push_back(d);
    operandGrads.push_back(ReduceSumOp::create(b, loc, getBias().getType(), dy,
                                               axes, /*keepdims=*/false));
  }
  return success();
}

LogicalResult
ConvBackwardDataOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                                  SmallVectorImpl<Value> &operandGrads) {
  if (!resultGrads[0])
    return noGradients(*this, operandGrads);
  // dx = A^T dy for the conv y = A x, so d(dy) = A g; and
  // dL/dw[f, c, k] = sum over (n, o) of dy[n, f, o] * g[n, c, o*s + k*d - p],
  // conv_backward_filter with g as the conv's input.
  Location loc = getLoc();
  Value g = resultGrads[0], dy = getResultGrad();
  operandGrads.clear();
  operandGrads.push_back(ConvOp::create(b, loc, dy.getType(), g, getWeight(),
                                        /*bias=*/Value(), getStrides(),
                                        getDilations(), getPads(), getGroup()));
  operandGrads.push_back(ConvBackwardFilterOp::create(
      b, loc, getWeight().getType(), g, dy, getStrides(), getDilations(),
      getPads(), getGroup()));
  return success();
}
