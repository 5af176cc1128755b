//===- MatMulPatterns.cpp - dlc.matmul to linalg contractions -------------===//
//
// `[..., M, K] x [..., K, N]` becomes `linalg.matmul` (rank 2, or a batched
// lhs against a 2-D rhs, whose batch folds into M) or `linalg.batch_matmul`
// after the batch dimensions are broadcast to the result's and collapsed
// into one. The accumulator is a zero-filled `tensor.empty`, f32 for
// narrower floats (f16, bf16), whose sums are then rounded once, as
// numpy's and ONNX Runtime's half-precision products are.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/DLCToLinalg/Utils.h"
#include "dialects/DLC/IR/DLCOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;

namespace {

/// Reassociation that folds the first `numFolded` dimensions of a rank-`rank`
/// shape into one and keeps the rest.
SmallVector<ReassociationIndices> foldLeadingDims(int64_t rank,
                                                  int64_t numFolded) {
  SmallVector<ReassociationIndices> reassociation;
  ReassociationIndices first;
  for (int64_t i = 0; i < numFolded; ++i)
    first.push_back(i);
  reassociation.push_back(first);
  for (int64_t i = numFolded; i < rank; ++i)
    reassociation.push_back({i});
  return reassociation;
}

/// Broadcasts `operand` (`[b..., R, C]`) to `[batch..., R, C]`; returns it
/// unchanged when its batch dimensions already equal `batch`.
Value broadcastBatch(OpBuilder &b, Location loc, Value operand,
                     ArrayRef<int64_t> batch) {
  auto type = cast<RankedTensorType>(operand.getType());
  if (type.getShape().drop_back(2) == batch)
    return operand;
  SmallVector<int64_t> shape(batch);
  llvm::append_range(shape, type.getShape().take_back(2));
  auto resultType = RankedTensorType::get(shape, type.getElementType());
  return dlc::createElementwiseGeneric(
      b, loc, resultType, operand,
      [](OpBuilder &, Location, ValueRange args) { return args[0]; });
}

/// The element type products of `elem` accumulate in.
Type accumulatorType(Type elem) {
  auto ft = dyn_cast<FloatType>(elem);
  if (ft && ft.getWidth() < 32)
    return Float32Type::get(elem.getContext());
  return elem;
}

/// `product` (in the accumulator type) rounded to `elem`.
Value roundTo(OpBuilder &b, Location loc, Value product, Type elem) {
  auto type = cast<RankedTensorType>(product.getType());
  if (type.getElementType() == elem)
    return product;
  return dlc::createElementwiseGeneric(
      b, loc, type.clone(elem), product,
      [elem](OpBuilder &b, Location loc, ValueRange args) -> Value {
        return arith::TruncFOp::create(b, loc, elem, args[0]);
      });
}

/// Lowers `dlc.matmul`.
struct MatMulOpLowering : OpConversionPattern<dlc::MatMulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(dlc::MatMulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = op.getResult().getType();
    if (!resultType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    auto lhsType = cast<RankedTensorType>(lhs.getType());
    auto rhsType = cast<RankedTensorType>(rhs.getType());
    Type elem = resultType.getElementType();
    Type acc = accumulatorType(elem);
    int64_t rank = resultType.getRank();
    int64_t m = resultType.getDimSize(rank - 2);
    int64_t n = resultType.getDimSize(rank - 1);

    // Plain 2-D product.
    if (rank == 2) {
      auto accType = resultType.clone(acc);
      Value init = dlc::createFilledTensor(rewriter, loc, accType, 0.0);
      Value product =
          linalg::MatmulOp::create(rewriter, loc, TypeRange{accType},
                                   ValueRange{lhs, rhs}, ValueRange{init})
              .getResult(0);
      rewriter.replaceOp(op, roundTo(rewriter, loc, product, elem));
      return success();
    }

    ArrayRef<int64_t> batch = resultType.getShape().drop_back(2);
    int64_t batchSize = 1;
    for (int64_t d : batch)
      batchSize *= d;

    // A batched lhs times a shared 2-D rhs: fold the batch into M.
    if (rhsType.getRank() == 2 && lhsType.getShape().drop_back(2) == batch) {
      int64_t k = lhsType.getShape().back();
      auto flatLhsType = RankedTensorType::get({batchSize * m, k}, elem);
      Value flatLhs = tensor::CollapseShapeOp::create(
          rewriter, loc, flatLhsType, lhs, foldLeadingDims(lhsType.getRank(), rank - 1));
      auto flatType = RankedTensorType::get({batchSize * m, n}, acc);
      Value init = dlc::createFilledTensor(rewriter, loc, flatType, 0.0);
      Value product =
          linalg::MatmulOp::create(rewriter, loc, TypeRange{flatType},
                                   ValueRange{flatLhs, rhs}, ValueRange{init})
              .getResult(0);
      product = roundTo(rewriter, loc, product, elem);
      rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
          op, resultType, product, foldLeadingDims(rank, rank - 1));
      return success();
    }

    // General case: broadcast both batches, collapse them to one dimension
    // and use linalg.batch_matmul.
    lhs = broadcastBatch(rewriter, loc, lhs, batch);
    rhs = broadcastBatch(rewriter, loc, rhs, batch);
    int64_t numBatch = batch.size();
    if (numBatch > 1) {
      lhs = tensor::CollapseShapeOp::create(rewriter, loc, lhs,
                                            foldLeadingDims(rank, numBatch));
      rhs = tensor::CollapseShapeOp::create(rewriter, loc, rhs,
                                            foldLeadingDims(rank, numBatch));
    }
    auto flatType = RankedTensorType::get({batchSize, m, n}, acc);
    Value init = dlc::createFilledTensor(rewriter, loc, flatType, 0.0);
    Value product =
        linalg::BatchMatmulOp::create(rewriter, loc, TypeRange{flatType},
                                      ValueRange{lhs, rhs}, ValueRange{init})
            .getResult(0);
    product = roundTo(rewriter, loc, product, elem);
    if (numBatch > 1)
      product = tensor::ExpandShapeOp::create(
          rewriter, loc, resultType, product, foldLeadingDims(rank, numBatch));
    rewriter.replaceOp(op, product);
    return success();
  }
};

} // namespace

void dlc::populateDLCMatMulToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<MatMulOpLowering>(patterns.getContext());
}
