//===- SoftmaxPatterns.cpp - dlc softmax / log_softmax to linalg ----------===//
//
// Stable decomposition along `axis` into three `linalg.generic`s:
//   m = max(x)                  (reduction)
//   s = sum(exp(x - m))         (reduction)
//   softmax     = exp(x - m) / s
//   log_softmax = (x - m) - log(s)
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/DLCToLinalg/Utils.h"
#include "dialects/DLC/IR/DLCOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;

namespace {

/// Lowers `dlc.softmax` (IsLog = false) or `dlc.log_softmax` (IsLog = true).
template <typename OpTy, bool IsLog>
struct SoftmaxLikeOpLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    if (!type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs a static shape");
    int64_t rank = type.getRank();
    int64_t axis = op.getAxis();
    if (axis < 0 || axis >= rank)
      return rewriter.notifyMatchFailure(op, "axis out of range");
    auto elem = cast<FloatType>(type.getElementType());
    MLIRContext *ctx = rewriter.getContext();
    Value x = adaptor.getInput();

    // Reduced shape and the map from the full iteration space onto it.
    SmallVector<int64_t> reducedShape;
    SmallVector<AffineExpr> reducedExprs;
    for (int64_t i = 0; i < rank; ++i) {
      if (i == axis)
        continue;
      reducedShape.push_back(type.getDimSize(i));
      reducedExprs.push_back(getAffineDimExpr(i, ctx));
    }
    auto reducedType = RankedTensorType::get(reducedShape, elem);
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    AffineMap reducedMap = AffineMap::get(rank, 0, reducedExprs, ctx);
    SmallVector<utils::IteratorType> reduceIters =
        dlc::getParallelIterators(rank);
    reduceIters[axis] = utils::IteratorType::reduction;

    // m = max over the axis, starting from -inf.
    Value negInf = arith::ConstantOp::create(
        rewriter, loc,
        rewriter.getFloatAttr(
            elem, APFloat::getInf(elem.getFloatSemantics(), /*Negative=*/true)));
    Value maxInit = dlc::createFilledTensor(rewriter, loc, reducedType, negInf);
    Value max =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{reducedType}, ValueRange{x},
            ValueRange{maxInit}, SmallVector<AffineMap>{identity, reducedMap},
            reduceIters,
            [](OpBuilder &b, Location l, ValueRange args) {
              Value r = arith::MaximumFOp::create(b, l, args[0], args[1]);
              linalg::YieldOp::create(b, l, r);
            })
            .getResult(0);

    // s = sum over the axis of exp(x - m).
    Value sumInit = dlc::createFilledTensor(rewriter, loc, reducedType, 0.0);
    Value sum =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{reducedType}, ValueRange{x, max},
            ValueRange{sumInit},
            SmallVector<AffineMap>{identity, reducedMap, reducedMap},
            reduceIters,
            [](OpBuilder &b, Location l, ValueRange args) {
              Value shifted = arith::SubFOp::create(b, l, args[0], args[1]);
              Value e = math::ExpOp::create(b, l, shifted);
              Value r = arith::AddFOp::create(b, l, e, args[2]);
              linalg::YieldOp::create(b, l, r);
            })
            .getResult(0);

    // Normalise elementwise.
    Value init = dlc::createEmptyTensor(rewriter, loc, type);
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{type}, ValueRange{x, max, sum},
            ValueRange{init},
            SmallVector<AffineMap>{identity, reducedMap, reducedMap, identity},
            dlc::getParallelIterators(rank),
            [](OpBuilder &b, Location l, ValueRange args) {
              Value shifted = arith::SubFOp::create(b, l, args[0], args[1]);
              Value r;
              if constexpr (IsLog)
                r = arith::SubFOp::create(b, l, shifted,
                                          math::LogOp::create(b, l, args[2]));
              else
                r = arith::DivFOp::create(
                    b, l, math::ExpOp::create(b, l, shifted), args[2]);
              linalg::YieldOp::create(b, l, r);
            })
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void dlc::populateDLCSoftmaxToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<SoftmaxLikeOpLowering<dlc::SoftmaxOp, /*IsLog=*/false>,
               SoftmaxLikeOpLowering<dlc::LogSoftmaxOp, /*IsLog=*/true>>(
      patterns.getContext());
}
