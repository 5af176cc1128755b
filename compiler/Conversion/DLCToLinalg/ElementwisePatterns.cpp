//===- ElementwisePatterns.cpp - dlc elementwise ops to linalg ------------===//
//
// Unary, binary (numpy broadcasting) and cast ops become one
// `linalg.generic` each. The scalar body is chosen by element type: float
// ops use arith's *f forms and math, signless integers the *i/*si forms.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/DLCToLinalg/Utils.h"
#include "dialects/DLC/IR/DLCOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;

namespace {

/// Whether the unary op `op` has an integer form. Ops that are only defined
/// on floats (by ONNX) reject integer tensors.
bool unaryAcceptsIntegers(Operation *op) {
  return isa<dlc::ReluOp, dlc::NegOp, dlc::AbsOp>(op);
}

/// Numerically stable logistic function: with e = exp(-|x|) and
/// r = 1 / (1 + e), sigmoid(x) is r for x >= 0 and e * r otherwise, so no
/// intermediate overflows and tiny results keep their precision.
Value buildSigmoid(OpBuilder &b, Location loc, Value x) {
  Type t = x.getType();
  Value one = dlc::createScalarConstant(b, loc, t, 1.0);
  Value zero = dlc::createScalarConstant(b, loc, t, 0.0);
  Value absX = math::AbsFOp::create(b, loc, x);
  Value e = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, absX));
  Value r = arith::DivFOp::create(b, loc, one,
                                  arith::AddFOp::create(b, loc, one, e));
  Value isNonNeg =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE, x, zero);
  return arith::SelectOp::create(b, loc, isNonNeg, r,
                                 arith::MulFOp::create(b, loc, e, r));
}

/// Numerically stable softplus log(1 + exp(x)):
/// x > 0 ? x + log1p(exp(-x)) : log1p(exp(x)).
Value buildSoftplus(OpBuilder &b, Location loc, Value x) {
  Type t = x.getType();
  Value zero = dlc::createScalarConstant(b, loc, t, 0.0);
  Value absX = math::AbsFOp::create(b, loc, x);
  // log1p(exp(-|x|)) is the shared tail of both branches.
  Value tail = math::Log1pOp::create(
      b, loc, math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, absX)));
  Value isPos =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x, zero);
  Value posBranch = arith::AddFOp::create(b, loc, x, tail);
  return arith::SelectOp::create(b, loc, isPos, posBranch, tail);
}

/// Builds the scalar computation of the unary dlc op `op` on `x`.
Value buildUnaryScalar(Operation *op, OpBuilder &b, Location loc, Value x) {
  Type t = x.getType();
  bool isFloat = isa<FloatType>(t);
  return llvm::TypeSwitch<Operation *, Value>(op)
      .Case([&](dlc::ReluOp) -> Value {
        Value zero = dlc::createScalarConstant(b, loc, t, 0.0);
        if (isFloat)
          return arith::MaximumFOp::create(b, loc, x, zero);
        return arith::MaxSIOp::create(b, loc, x, zero);
      })
      .Case([&](dlc::SigmoidOp) { return buildSigmoid(b, loc, x); })
      .Case([&](dlc::TanhOp) -> Value { return math::TanhOp::create(b, loc, x); })
      .Case([&](dlc::SoftplusOp) { return buildSoftplus(b, loc, x); })
      .Case([&](dlc::ExpOp) -> Value { return math::ExpOp::create(b, loc, x); })
      .Case([&](dlc::LogOp) -> Value { return math::LogOp::create(b, loc, x); })
      .Case([&](dlc::SqrtOp) -> Value { return math::SqrtOp::create(b, loc, x); })
      .Case([&](dlc::NegOp) -> Value {
        if (isFloat)
          return arith::NegFOp::create(b, loc, x);
        Value zero = dlc::createScalarConstant(b, loc, t, 0.0);
        return arith::SubIOp::create(b, loc, zero, x);
      })
      .Case([&](dlc::AbsOp) -> Value {
        if (isFloat)
          return math::AbsFOp::create(b, loc, x);
        return math::AbsIOp::create(b, loc, x);
      })
      .Case([&](dlc::ErfOp) -> Value { return math::ErfOp::create(b, loc, x); })
      .Case([&](dlc::SinOp) -> Value { return math::SinOp::create(b, loc, x); })
      .Case([&](dlc::CosOp) -> Value { return math::CosOp::create(b, loc, x); })
      .Case([&](dlc::TanOp) -> Value { return math::TanOp::create(b, loc, x); })
      .Case([&](dlc::AsinOp) -> Value { return math::AsinOp::create(b, loc, x); })
      .Case([&](dlc::AcosOp) -> Value { return math::AcosOp::create(b, loc, x); })
      .Case([&](dlc::AtanOp) -> Value { return math::AtanOp::create(b, loc, x); })
      .Case([&](dlc::SinhOp) -> Value { return math::SinhOp::create(b, loc, x); })
      .Case([&](dlc::CoshOp) -> Value { return math::CoshOp::create(b, loc, x); })
      .Case([&](dlc::AsinhOp) -> Value {
        return math::AsinhOp::create(b, loc, x);
      })
      .Case([&](dlc::AcoshOp) -> Value {
        return math::AcoshOp::create(b, loc, x);
      })
      .Case([&](dlc::AtanhOp) -> Value {
        return math::AtanhOp::create(b, loc, x);
      })
      .Case([&](dlc::FloorOp) -> Value { return math::FloorOp::create(b, loc, x); })
      .Case([&](dlc::CeilOp) -> Value { return math::CeilOp::create(b, loc, x); })
      .Case([&](dlc::RoundOp) -> Value {
        return math::RoundEvenOp::create(b, loc, x);
      })
      .Case([&](dlc::ReciprocalOp) -> Value {
        Value one = dlc::createScalarConstant(b, loc, t, 1.0);
        return arith::DivFOp::create(b, loc, one, x);
      })
      .Case([&](dlc::LeakyReluOp leaky) -> Value {
        Value zero = dlc::createScalarConstant(b, loc, t, 0.0);
        Value alpha = dlc::createScalarConstant(
            b, loc, t, leaky.getAlpha().convertToDouble());
        Value isNonNeg =
            arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE, x, zero);
        return arith::SelectOp::create(b, loc, isNonNeg, x,
                                       arith::MulFOp::create(b, loc, alpha, x));
      });
}

/// Lowers a unary elementwise dlc op to a `linalg.generic`.
template <typename OpTy>
struct UnaryOpLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    if (!type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs a static shape");
    Type elem = type.getElementType();
    if (!isa<FloatType>(elem) && !unaryAcceptsIntegers(op))
      return rewriter.notifyMatchFailure(op, "defined on floats only");
    Value result = dlc::createElementwiseGeneric(
        rewriter, op.getLoc(), type, adaptor.getInput(),
        [&](OpBuilder &b, Location loc, ValueRange args) {
          return buildUnaryScalar(op, b, loc, args[0]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Float x^y as exp(y * log|x|): for x < 0 negated when y is an odd
/// integer and NaN when y is not integral; 1 when y is 0 (also for x 0).
Value buildPow(OpBuilder &b, Location loc, Value x, Value y) {
  Type t = x.getType();
  Value zero = dlc::createScalarConstant(b, loc, t, 0.0);
  Value one = dlc::createScalarConstant(b, loc, t, 1.0);
  Value half = dlc::createScalarConstant(b, loc, t, 0.5);
  Value magnitude = math::ExpOp::create(
      b, loc,
      arith::MulFOp::create(b, loc, y,
                            math::LogOp::create(b, loc, math::AbsFOp::create(b, loc, x))));
  Value isIntegral = arith::CmpFOp::create(
      b, loc, arith::CmpFPredicate::OEQ, math::FloorOp::create(b, loc, y), y);
  Value halfY = arith::MulFOp::create(b, loc, y, half);
  Value isOdd = arith::AndIOp::create(
      b, loc, isIntegral,
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE,
                            math::FloorOp::create(b, loc, halfY), halfY));
  Value nan = dlc::createScalarConstant(b, loc, t, std::nan(""));
  Value negBase = arith::SelectOp::create(
      b, loc, isIntegral,
      arith::SelectOp::create(b, loc, isOdd, arith::NegFOp::create(b, loc, magnitude),
                              magnitude),
      nan);
  Value isNeg = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x, zero);
  Value result = arith::SelectOp::create(b, loc, isNeg, negBase, magnitude);
  Value yIsZero = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, y, zero);
  return arith::SelectOp::create(b, loc, yIsZero, one, result);
}

/// Builds `lhs <op> rhs` for the binary dlc op `OpTy` in the element type.
template <typename OpTy>
Value buildBinaryScalar(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  bool isFloat = isa<FloatType>(lhs.getType());
  if constexpr (std::is_same_v<OpTy, dlc::AddOp>)
    return dlc::buildCombiner(b, loc, dlc::ScalarCombiner::Add, lhs, rhs);
  else if constexpr (std::is_same_v<OpTy, dlc::SubOp>)
    return isFloat ? Value(arith::SubFOp::create(b, loc, lhs, rhs))
                   : Value(arith::SubIOp::create(b, loc, lhs, rhs));
  else if constexpr (std::is_same_v<OpTy, dlc::MulOp>)
    return isFloat ? Value(arith::MulFOp::create(b, loc, lhs, rhs))
                   : Value(arith::MulIOp::create(b, loc, lhs, rhs));
  else if constexpr (std::is_same_v<OpTy, dlc::PowOp>)
    return buildPow(b, loc, lhs, rhs);
  else if constexpr (std::is_same_v<OpTy, dlc::MaxOp>)
    return dlc::buildCombiner(b, loc, dlc::ScalarCombiner::Max, lhs, rhs);
  else if constexpr (std::is_same_v<OpTy, dlc::MinOp>)
    return dlc::buildCombiner(b, loc, dlc::ScalarCombiner::Min, lhs, rhs);
  else
    return isFloat ? Value(arith::DivFOp::create(b, loc, lhs, rhs))
                   : Value(arith::DivSIOp::create(b, loc, lhs, rhs));
}

/// Lowers a broadcasting binary dlc op to one `linalg.generic` whose input
/// maps implement numpy broadcasting.
template <typename OpTy>
struct BinaryOpLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    if (!type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs a static shape");
    if (std::is_same_v<OpTy, dlc::DivOp> &&
        type.getElementType().isInteger(1))
      return rewriter.notifyMatchFailure(op, "division of i1 is undefined");
    if (std::is_same_v<OpTy, dlc::PowOp> && !isa<FloatType>(type.getElementType()))
      return rewriter.notifyMatchFailure(op, "pow is defined on floats only");
    Value result = dlc::createElementwiseGeneric(
        rewriter, op.getLoc(), type,
        ValueRange{adaptor.getLhs(), adaptor.getRhs()},
        [&](OpBuilder &b, Location loc, ValueRange args) {
          return buildBinaryScalar<OpTy>(b, loc, args[0], args[1]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Converts the scalar `x` to the element type `to`: float widths by
/// extf/truncf, int<->float by sitofp/fptosi (uitofp for i1), integer widths
/// by extsi/trunci (extui from i1); conversion to i1 compares with zero.
Value buildCastScalar(OpBuilder &b, Location loc, Value x, Type to) {
  Type from = x.getType();
  if (from == to)
    return x;
  auto fromFloat = dyn_cast<FloatType>(from);
  auto toFloat = dyn_cast<FloatType>(to);
  if (to.isInteger(1)) {
    Value zero = dlc::createScalarConstant(b, loc, from, 0.0);
    if (fromFloat)
      return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, x, zero);
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, x, zero);
  }
  if (fromFloat && toFloat) {
    if (fromFloat.getWidth() < toFloat.getWidth())
      return arith::ExtFOp::create(b, loc, to, x);
    if (fromFloat.getWidth() > toFloat.getWidth())
      return arith::TruncFOp::create(b, loc, to, x);
    // Same width, other format (bf16 <-> f16): go through f32.
    Value wide = arith::ExtFOp::create(b, loc, b.getF32Type(), x);
    return arith::TruncFOp::create(b, loc, to, wide);
  }
  if (fromFloat)
    return arith::FPToSIOp::create(b, loc, to, x);
  if (toFloat) {
    if (from.isInteger(1))
      return arith::UIToFPOp::create(b, loc, to, x);
    return arith::SIToFPOp::create(b, loc, to, x);
  }
  unsigned fromWidth = from.getIntOrFloatBitWidth();
  unsigned toWidth = to.getIntOrFloatBitWidth();
  if (from.isInteger(1))
    return arith::ExtUIOp::create(b, loc, to, x);
  if (fromWidth < toWidth)
    return arith::ExtSIOp::create(b, loc, to, x);
  return arith::TruncIOp::create(b, loc, to, x);
}

/// The scalar conversion of `dlc.cast` and of `dlc.bitcast`.
Value buildConvertScalar(OpBuilder &b, Location loc, dlc::CastOp, Value x,
                         Type to) {
  return buildCastScalar(b, loc, x, to);
}
Value buildConvertScalar(OpBuilder &b, Location loc, dlc::BitcastOp, Value x,
                         Type to) {
  return arith::BitcastOp::create(b, loc, to, x);
}

/// `dlc.cast` and `dlc.bitcast`: one conversion per element, none when the
/// types already agree.
template <typename OpTy>
struct ConvertOpLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = op.getResult().getType();
    if (!type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs a static shape");
    if (adaptor.getInput().getType() == type) {
      rewriter.replaceOp(op, adaptor.getInput());
      return success();
    }
    Type to = type.getElementType();
    Value result = dlc::createElementwiseGeneric(
        rewriter, op.getLoc(), type, adaptor.getInput(),
        [&](OpBuilder &b, Location loc, ValueRange args) {
          return buildConvertScalar(b, loc, op, args[0], to);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// `x + pad(g, 0)` (same shapes, g placed at non-negative offsets), as a
/// slice's gradient accumulates: only g's window of x changes, so it is
/// `x[window] += g` (extract_slice, add, insert_slice, in place in x's
/// buffer once bufferized) instead of a zero-padded copy of g as large as
/// x. An unrolled recurrence slices each step's input from one tensor; its
/// gradient then needs no buffer the size of the whole sequence per step.
struct AddZeroPaddedLowering : OpConversionPattern<dlc::AddOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(dlc::AddOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    if (!type.hasStaticShape() || !isa<FloatType>(type.getElementType()))
      return failure();
    for (unsigned i = 0; i < 2; ++i) {
      auto pad = op->getOperand(i).getDefiningOp<dlc::PadOp>();
      Value other = adaptor.getOperands()[1 - i];
      if (!pad || !pad->hasOneUse() || pad.getValue().convertToDouble() != 0 ||
          other.getType() != type || pad.getType() != type ||
          llvm::any_of(pad.getPads(), [](int64_t p) { return p < 0; }))
        continue;
      Value g = rewriter.getRemappedValue(pad.getInput());
      auto gType = cast<RankedTensorType>(g.getType());
      int64_t rank = type.getRank();
      Location loc = op.getLoc();
      SmallVector<OpFoldResult> offsets = dlc::toFoldResults(
          rewriter, pad.getPads().take_front(rank));
      SmallVector<OpFoldResult> sizes =
          dlc::toFoldResults(rewriter, gType.getShape());
      SmallVector<OpFoldResult> strides =
          dlc::toFoldResults(rewriter, SmallVector<int64_t>(rank, 1));
      Value window = tensor::ExtractSliceOp::create(rewriter, loc, other,
                                                    offsets, sizes, strides);
      Value sum = dlc::createElementwiseGeneric(
          rewriter, loc, gType, ValueRange{window, g},
          [](OpBuilder &b, Location loc, ValueRange v) {
            return buildBinaryScalar<dlc::AddOp>(b, loc, v[0], v[1]);
          });
      rewriter.replaceOpWithNewOp<tensor::InsertSliceOp>(
          op, sum, other, offsets, sizes, strides);
      return success();
    }
    return failure();
  }
};

} // namespace

void dlc::populateDLCElementwiseToLinalgPatterns(RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<UnaryOpLowering<dlc::ReluOp>, UnaryOpLowering<dlc::SigmoidOp>,
               UnaryOpLowering<dlc::TanhOp>, UnaryOpLowering<dlc::SoftplusOp>,
               UnaryOpLowering<dlc::ExpOp>, UnaryOpLowering<dlc::LogOp>,
               UnaryOpLowering<dlc::NegOp>, UnaryOpLowering<dlc::SqrtOp>,
               UnaryOpLowering<dlc::AbsOp>, UnaryOpLowering<dlc::ReciprocalOp>,
               UnaryOpLowering<dlc::LeakyReluOp>, UnaryOpLowering<dlc::ErfOp>,
               UnaryOpLowering<dlc::FloorOp>, UnaryOpLowering<dlc::CeilOp>,
               UnaryOpLowering<dlc::RoundOp>>(ctx);
  patterns.add<UnaryOpLowering<dlc::SinOp>, UnaryOpLowering<dlc::CosOp>,
               UnaryOpLowering<dlc::TanOp>, UnaryOpLowering<dlc::AsinOp>,
               UnaryOpLowering<dlc::AcosOp>, UnaryOpLowering<dlc::AtanOp>,
               UnaryOpLowering<dlc::SinhOp>, UnaryOpLowering<dlc::CoshOp>,
               UnaryOpLowering<dlc::AsinhOp>, UnaryOpLowering<dlc::AcoshOp>,
               UnaryOpLowering<dlc::AtanhOp>>(ctx);
  patterns.add<BinaryOpLowering<dlc::AddOp>, BinaryOpLowering<dlc::SubOp>,
               BinaryOpLowering<dlc::MulOp>, BinaryOpLowering<dlc::DivOp>,
               BinaryOpLowering<dlc::PowOp>, BinaryOpLowering<dlc::MaxOp>,
               BinaryOpLowering<dlc::MinOp>>(ctx);
  patterns.add<ConvertOpLowering<dlc::CastOp>,
               ConvertOpLowering<dlc::BitcastOp>>(ctx);
  patterns.add<AddZeroPaddedLowering>(ctx, /*benefit=*/2);
}
