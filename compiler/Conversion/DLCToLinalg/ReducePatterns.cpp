//===- ReducePatterns.cpp - dlc comparison and reduction to linalg --------===//
//
// `dlc.greater` becomes an elementwise `linalg.generic` whose input maps
// implement numpy broadcasting and whose body compares (ordered for floats,
// signed for integers, unsigned for i1).
//
// `dlc.reduce_sum` becomes a `linalg.reduce` over the summed axes into a
// zero-filled accumulator; with `keepdims` a `tensor.expand_shape` restores
// the reduced axes as size 1.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/DLCToLinalg/Utils.h"
#include "dialects/DLC/IR/DLCOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "llvm/ADT/StringSwitch.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;

namespace {

/// Builds `lhs > rhs` for scalars of one element type.
Value buildGreaterScalar(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  Type type = lhs.getType();
  if (isa<FloatType>(type))
    return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, lhs, rhs);
  // i1 is a boolean: true (1) > false (0), which the signed order inverts.
  arith::CmpIPredicate pred =
      type.isInteger(1) ? arith::CmpIPredicate::ugt : arith::CmpIPredicate::sgt;
  return arith::CmpIOp::create(b, loc, pred, lhs, rhs);
}

/// Builds `lhs <predicate> rhs` (dlc.compare's predicates) for scalars of
/// one element type.
Value buildCompareScalar(OpBuilder &b, Location loc, StringRef predicate,
                         Value lhs, Value rhs) {
  Type type = lhs.getType();
  if (isa<FloatType>(type)) {
    auto pred = llvm::StringSwitch<arith::CmpFPredicate>(predicate)
                    .Case("eq", arith::CmpFPredicate::OEQ)
                    .Case("lt", arith::CmpFPredicate::OLT)
                    .Case("le", arith::CmpFPredicate::OLE)
                    .Case("gt", arith::CmpFPredicate::OGT)
                    .Default(arith::CmpFPredicate::OGE);
    return arith::CmpFOp::create(b, loc, pred, lhs, rhs);
  }
  bool isBool = type.isInteger(1);
  auto pred =
      llvm::StringSwitch<arith::CmpIPredicate>(predicate)
          .Case("eq", arith::CmpIPredicate::eq)
          .Case("lt", isBool ? arith::CmpIPredicate::ult
                             : arith::CmpIPredicate::slt)
          .Case("le", isBool ? arith::CmpIPredicate::ule
                             : arith::CmpIPredicate::sle)
          .Case("gt", isBool ? arith::CmpIPredicate::ugt
                             : arith::CmpIPredicate::sgt)
          .Default(isBool ? arith::CmpIPredicate::uge
                          : arith::CmpIPredicate::sge);
  return arith::CmpIOp::create(b, loc, pred, lhs, rhs);
}

/// Builds `lhs <kind> rhs` (dlc.logical's kinds) for i1 scalars.
Value buildLogicalScalar(OpBuilder &b, Location loc, StringRef kind,
                         Value lhs, Value rhs) {
  if (kind == "and")
    return arith::AndIOp::create(b, loc, lhs, rhs);
  if (kind == "or")
    return arith::OrIOp::create(b, loc, lhs, rhs);
  return arith::XOrIOp::create(b, loc, lhs, rhs);
}

/// The scalar body of each broadcasting elementwise op lowered below.
Value buildBroadcastScalar(OpBuilder &b, Location loc, dlc::GreaterOp,
                           ValueRange args) {
  return buildGreaterScalar(b, loc, args[0], args[1]);
}
Value buildBroadcastScalar(OpBuilder &b, Location loc, dlc::CompareOp op,
                           ValueRange args) {
  return buildCompareScalar(b, loc, op.getPredicate(), args[0], args[1]);
}
Value buildBroadcastScalar(OpBuilder &b, Location loc, dlc::LogicalOp op,
                           ValueRange args) {
  return buildLogicalScalar(b, loc, op.getKind(), args[0], args[1]);
}
Value buildBroadcastScalar(OpBuilder &b, Location loc, dlc::BitwiseOp op,
                           ValueRange args) {
  StringRef kind = op.getKind();
  Value l = args[0], r = args[1];
  if (kind == "shl")
    return arith::ShLIOp::create(b, loc, l, r);
  if (kind == "shrs")
    return arith::ShRSIOp::create(b, loc, l, r);
  if (kind == "shru")
    return arith::ShRUIOp::create(b, loc, l, r);
  return buildLogicalScalar(b, loc, kind, l, r);
}
Value buildBroadcastScalar(OpBuilder &b, Location loc, dlc::SelectOp,
                           ValueRange args) {
  return arith::SelectOp::create(b, loc, args[0], args[1], args[2]);
}

/// Lowers `dlc.greater`, `dlc.compare`, `dlc.logical`, `dlc.bitwise` and
/// `dlc.select` to one elementwise generic that reads each operand with its
/// broadcasting map (the verifiers have checked shapes and element types).
template <typename OpTy>
struct BroadcastOpLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = op.getResult().getType();
    if (!type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs a static shape");
    Value result = dlc::createElementwiseGeneric(
        rewriter, op.getLoc(), type, adaptor.getOperands(),
        [&](OpBuilder &b, Location loc, ValueRange args) {
          return buildBroadcastScalar(b, loc, op, args);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Reassociation that expands the kept axes of a reduction back to `rank`
/// axes, the reduced ones (`isReduced`) as unit axes grouped with a
/// neighbouring kept axis. Empty when every axis was reduced.
SmallVector<ReassociationIndices>
getKeepDimsReassociation(ArrayRef<bool> isReduced) {
  SmallVector<ReassociationIndices> groups;
  ReassociationIndices pending; // reduced axes before the first kept axis
  for (auto [i, reduced] : llvm::enumerate(isReduced)) {
    int64_t axis = static_cast<int64_t>(i);
    if (reduced) {
      if (groups.empty())
        pending.push_back(axis);
      else
        groups.back().push_back(axis);
      continue;
    }
    ReassociationIndices group = pending;
    group.push_back(axis);
    pending.clear();
    groups.push_back(group);
  }
  return groups;
}

/// The value a reduction starts from: 0 for a sum, 1 for a product, the
/// lowest (highest)
/// value of the type for a maximum (minimum): for booleans false (true).
template <typename OpTy>
Value reductionInit(OpBuilder &b, Location loc, Type elem) {
  constexpr bool isMax = std::is_same_v<OpTy, dlc::ReduceMaxOp> ||
                         std::is_same_v<OpTy, dlc::ArgMaxOp>;
  if constexpr (std::is_same_v<OpTy, dlc::ReduceSumOp>)
    return dlc::createScalarConstant(b, loc, elem, 0.0);
  if constexpr (std::is_same_v<OpTy, dlc::ReduceProdOp>)
    return dlc::createScalarConstant(b, loc, elem, 1.0);
  if (auto f = dyn_cast<FloatType>(elem))
    return arith::ConstantOp::create(
        b, loc, FloatAttr::get(f, APFloat::getInf(f.getFloatSemantics(),
                                                  /*Negative=*/isMax)));
  unsigned width = elem.getIntOrFloatBitWidth();
  APInt bound = width == 1 ? APInt(1, isMax ? 0 : 1)
                : isMax    ? APInt::getSignedMinValue(width)
                           : APInt::getSignedMaxValue(width);
  return arith::ConstantOp::create(b, loc, IntegerAttr::get(elem, bound));
}

/// Combines an element into the running sum, product, maximum or minimum.
template <typename OpTy>
Value combine(OpBuilder &b, Location loc, Value x, Value acc) {
  if constexpr (std::is_same_v<OpTy, dlc::ReduceProdOp>)
    return isa<FloatType>(x.getType())
               ? Value(arith::MulFOp::create(b, loc, x, acc))
               : Value(arith::MulIOp::create(b, loc, x, acc));
  dlc::ScalarCombiner kind = dlc::ScalarCombiner::Min;
  if constexpr (std::is_same_v<OpTy, dlc::ReduceSumOp>)
    kind = dlc::ScalarCombiner::Add;
  else if constexpr (std::is_same_v<OpTy, dlc::ReduceMaxOp>)
    kind = dlc::ScalarCombiner::Max;
  return dlc::buildCombiner(b, loc, kind, x, acc);
}

/// Lowers `dlc.reduce_sum`, `dlc.reduce_max` and `dlc.reduce_min` to
/// `linalg.reduce` (+ expand_shape for keepdims).
template <typename OpTy>
struct ReduceOpLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inType = cast<RankedTensorType>(input.getType());
    auto resultType = op.getResult().getType();
    if (!inType.hasStaticShape() || !resultType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    ArrayRef<int64_t> axes = op.getAxes();
    if (axes.empty()) {
      rewriter.replaceOp(op, input);
      return success();
    }
    int64_t rank = inType.getRank();
    SmallVector<bool> isReduced(rank, false);
    for (int64_t axis : axes) {
      if (axis < 0 || axis >= rank)
        return rewriter.notifyMatchFailure(op, "axis out of range");
      isReduced[axis] = true;
    }
    SmallVector<int64_t> keptShape, keepDimsShape;
    for (int64_t i = 0; i < rank; ++i) {
      if (!isReduced[i])
        keptShape.push_back(inType.getDimSize(i));
      keepDimsShape.push_back(isReduced[i] ? 1 : inType.getDimSize(i));
    }
    if (resultType.getShape() !=
        ArrayRef<int64_t>(op.getKeepdims() ? keepDimsShape : keptShape))
      return rewriter.notifyMatchFailure(op,
                                         "result shape does not match axes");
    Type elem = inType.getElementType();
    auto keptType = RankedTensorType::get(keptShape, elem);
    Value init = dlc::createFilledTensor(
        rewriter, loc, keptType, reductionInit<OpTy>(rewriter, loc, elem));
    auto reduce = linalg::ReduceOp::create(
        rewriter, loc, ValueRange{input}, ValueRange{init}, axes,
        [&](OpBuilder &b, Location l, ValueRange args) {
          linalg::YieldOp::create(b, l,
                                  combine<OpTy>(b, l, args[0], args[1]));
        });
    Value result = reduce.getResult(0);
    if (op.getKeepdims())
      result =
          tensor::ExpandShapeOp::create(rewriter, loc, resultType, result,
                                        getKeepDimsReassociation(isReduced));
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Lowers `dlc.arg_max` / `dlc.arg_min` to one linalg.generic reducing
/// along the axis into two outputs, the best value so far and its index;
/// a later element replaces them only when strictly better (first index),
/// or also when equal (select_last_index).
template <typename OpTy>
struct ArgExtremumOpLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    constexpr bool isMax = std::is_same_v<OpTy, dlc::ArgMaxOp>;
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inType = cast<RankedTensorType>(input.getType());
    auto resultType = op.getResult().getType();
    if (!inType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    int64_t rank = inType.getRank(), axis = op.getAxis();
    MLIRContext *ctx = rewriter.getContext();
    SmallVector<int64_t> kept;
    SmallVector<AffineExpr> keptExprs;
    SmallVector<utils::IteratorType> iterators;
    for (int64_t d = 0; d < rank; ++d) {
      iterators.push_back(d == axis ? utils::IteratorType::reduction
                                    : utils::IteratorType::parallel);
      if (d == axis)
        continue;
      kept.push_back(inType.getDimSize(d));
      keptExprs.push_back(getAffineDimExpr(d, ctx));
    }
    Type elem = inType.getElementType();
    Value best = dlc::createFilledTensor(
        rewriter, loc, RankedTensorType::get(kept, elem),
        reductionInit<OpTy>(rewriter, loc, elem));
    Type i64 = rewriter.getI64Type();
    Value index = dlc::createFilledTensor(
        rewriter, loc, RankedTensorType::get(kept, i64), 0.0);
    AffineMap keptMap = AffineMap::get(rank, 0, keptExprs, ctx);
    bool last = op.getSelectLastIndex();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{best.getType(), index.getType()},
        ValueRange{input}, ValueRange{best, index},
        SmallVector<AffineMap>{AffineMap::getMultiDimIdentityMap(rank, ctx),
                               keptMap, keptMap},
        iterators, [&](OpBuilder &b, Location l, ValueRange args) {
          StringRef predicate = isMax ? (last ? "ge" : "gt")
                                      : (last ? "le" : "lt");
          Value better =
              buildCompareScalar(b, l, predicate, args[0], args[1]);
          Value at = arith::IndexCastOp::create(
              b, l, i64, linalg::IndexOp::create(b, l, axis));
          linalg::YieldOp::create(
              b, l,
              ValueRange{
                  arith::SelectOp::create(b, l, better, args[0], args[1]),
                  arith::SelectOp::create(b, l, better, at, args[2])});
        });
    Value result = generic.getResult(1);
    if (op.getKeepdims()) {
      SmallVector<bool> isReduced(rank, false);
      isReduced[axis] = true;
      result = tensor::ExpandShapeOp::create(
          rewriter, loc, resultType, result,
          getKeepDimsReassociation(isReduced));
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void dlc::populateDLCReduceToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<BroadcastOpLowering<dlc::GreaterOp>,
               BroadcastOpLowering<dlc::CompareOp>,
               BroadcastOpLowering<dlc::LogicalOp>,
               BroadcastOpLowering<dlc::BitwiseOp>,
               BroadcastOpLowering<dlc::SelectOp>,
               ReduceOpLowering<dlc::ReduceSumOp>,
               ReduceOpLowering<dlc::ReduceMaxOp>,
               ReduceOpLowering<dlc::ReduceMinOp>,
               ReduceOpLowering<dlc::ReduceProdOp>,
               ArgExtremumOpLowering<dlc::ArgMaxOp>,
               ArgExtremumOpLowering<dlc::ArgMinOp>>(patterns.getContext());
}
