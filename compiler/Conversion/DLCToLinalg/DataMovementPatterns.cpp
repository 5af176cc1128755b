//===- DataMovementPatterns.cpp - dlc data movement to tensor/linalg ------===//
//
// reshape   -> tensor.collapse_shape / expand_shape (via 1-D when neither
//              alone expresses it)
// transpose -> linalg.transpose
// concat    -> tensor.empty + a chain of tensor.insert_slice
// slice     -> tensor.extract_slice; a linalg.generic with an affine
//              `start + step * i` map when some step is negative
// gather    -> linalg.generic over the result reading indices as an operand
//              and data by tensor.extract
// broadcast -> linalg.generic with a broadcasting input map
// pad       -> tensor.extract_slice (negative pads) + tensor.pad
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/DLCToLinalg/Utils.h"
#include "dialects/DLC/IR/DLCOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;

namespace {

SmallVector<OpFoldResult> toFoldResults(OpBuilder &b, ArrayRef<int64_t> v) {
  return llvm::map_to_vector(
      v, [&](int64_t x) -> OpFoldResult { return b.getIndexAttr(x); });
}

/// Reassociation grouping all `rank` dimensions into one (empty for rank 0).
SmallVector<ReassociationIndices> allInOne(int64_t rank) {
  if (rank == 0)
    return {};
  ReassociationIndices group;
  for (int64_t i = 0; i < rank; ++i)
    group.push_back(i);
  return {group};
}

/// Lowers `dlc.reshape`.
struct ReshapeOpLowering : OpConversionPattern<dlc::ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(dlc::ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inType = cast<RankedTensorType>(input.getType());
    auto outType = op.getResult().getType();
    if (!inType.hasStaticShape() || !outType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    if (inType == outType) {
      rewriter.replaceOp(op, input);
      return success();
    }
    int64_t inRank = inType.getRank(), outRank = outType.getRank();
    if (inRank > outRank) {
      if (auto re = getReassociationIndicesForCollapse(inType.getShape(),
                                                       outType.getShape())) {
        rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(op, outType,
                                                             input, *re);
        return success();
      }
    } else if (outRank > inRank) {
      if (auto re = getReassociationIndicesForCollapse(outType.getShape(),
                                                       inType.getShape())) {
        rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(op, outType, input,
                                                           *re);
        return success();
      }
    }
    // Always valid for static shapes: through a 1-D tensor.
    auto flatType =
        RankedTensorType::get({inType.getNumElements()}, inType.getElementType());
    Value flat = input;
    if (inRank == 0)
      flat = tensor::ExpandShapeOp::create(rewriter, loc, flatType, input,
                                           allInOne(0));
    else if (inRank > 1)
      flat = tensor::CollapseShapeOp::create(rewriter, loc, flatType, input,
                                             allInOne(inRank));
    Value result = flat;
    if (outRank == 0)
      result = tensor::CollapseShapeOp::create(rewriter, loc, outType, flat,
                                               allInOne(0));
    else if (outRank > 1)
      result = tensor::ExpandShapeOp::create(rewriter, loc, outType, flat,
                                             allInOne(outRank));
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Lowers `dlc.transpose` to `linalg.transpose` (same permutation
/// convention: result.dim(i) = input.dim(permutation[i])).
struct TransposeOpLowering : OpConversionPattern<dlc::TransposeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(dlc::TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto outType = op.getResult().getType();
    Value init = dlc::createEmptyTensor(rewriter, op.getLoc(), outType);
    auto transpose = linalg::TransposeOp::create(
        rewriter, op.getLoc(), adaptor.getInput(), init, op.getPermutation());
    rewriter.replaceOp(op, transpose.getResult()[0]);
    return success();
  }
};

/// Lowers `dlc.concat` to insert_slices into an empty tensor.
struct ConcatOpLowering : OpConversionPattern<dlc::ConcatOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(dlc::ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto outType = op.getResult().getType();
    if (adaptor.getInputs().size() == 1) {
      rewriter.replaceOp(op, adaptor.getInputs().front());
      return success();
    }
    Location loc = op.getLoc();
    int64_t rank = outType.getRank(), axis = op.getAxis();
    Value result = dlc::createEmptyTensor(rewriter, loc, outType);
    SmallVector<int64_t> offsets(rank, 0), strides(rank, 1);
    for (Value input : adaptor.getInputs()) {
      auto inType = cast<RankedTensorType>(input.getType());
      if (inType.getDimSize(axis) == 0)
        continue;
      result = tensor::InsertSliceOp::create(
          rewriter, loc, input, result, toFoldResults(rewriter, offsets),
          toFoldResults(rewriter, inType.getShape()),
          toFoldResults(rewriter, strides));
      offsets[axis] += inType.getDimSize(axis);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Lowers `dlc.slice`.
struct SliceOpLowering : OpConversionPattern<dlc::SliceOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(dlc::SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto outType = op.getResult().getType();
    ArrayRef<int64_t> starts = op.getStarts(), steps = op.getSteps();
    if (llvm::all_of(steps, [](int64_t s) { return s > 0; })) {
      rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
          op, outType, adaptor.getInput(), toFoldResults(rewriter, starts),
          toFoldResults(rewriter, outType.getShape()),
          toFoldResults(rewriter, steps));
      return success();
    }
    // Some step is negative: read input[start + step * i] per axis.
    MLIRContext *ctx = rewriter.getContext();
    int64_t rank = outType.getRank();
    SmallVector<AffineExpr> exprs;
    for (int64_t i = 0; i < rank; ++i)
      exprs.push_back(getAffineConstantExpr(starts[i], ctx) +
                      getAffineDimExpr(i, ctx) * steps[i]);
    SmallVector<AffineMap> maps{AffineMap::get(rank, 0, exprs, ctx),
                                rewriter.getMultiDimIdentityMap(rank)};
    Value init = dlc::createEmptyTensor(rewriter, loc, outType);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{outType}, ValueRange{adaptor.getInput()},
        ValueRange{init}, maps, dlc::getParallelIterators(rank),
        [](OpBuilder &b, Location l, ValueRange args) {
          linalg::YieldOp::create(b, l, args[0]);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// Lowers `dlc.gather`: one generic over the result; the index is read as a
/// linalg operand, made non-negative, clamped into range, and used to
/// tensor.extract from data.
struct GatherOpLowering : OpConversionPattern<dlc::GatherOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(dlc::GatherOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto outType = op.getResult().getType();
    Value data = adaptor.getData(), indices = adaptor.getIndices();
    auto dataType = cast<RankedTensorType>(data.getType());
    auto indicesType = cast<RankedTensorType>(indices.getType());
    int64_t axis = op.getAxis();
    int64_t idxRank = indicesType.getRank();
    int64_t outRank = outType.getRank();
    int64_t axisSize = dataType.getDimSize(axis);
    MLIRContext *ctx = rewriter.getContext();

    SmallVector<AffineExpr> idxExprs;
    for (int64_t i = 0; i < idxRank; ++i)
      idxExprs.push_back(getAffineDimExpr(axis + i, ctx));
    SmallVector<AffineMap> maps{AffineMap::get(outRank, 0, idxExprs, ctx),
                                rewriter.getMultiDimIdentityMap(outRank)};
    Value init = dlc::createEmptyTensor(rewriter, loc, outType);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{outType}, ValueRange{indices},
        ValueRange{init}, maps, dlc::getParallelIterators(outRank),
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value position = dlc::normalizeIndex(b, l, args[0], axisSize);
          SmallVector<Value> coords;
          for (int64_t d = 0; d < axis; ++d)
            coords.push_back(linalg::IndexOp::create(b, l, d));
          coords.push_back(position);
          for (int64_t d = axis + 1; d < dataType.getRank(); ++d)
            coords.push_back(linalg::IndexOp::create(b, l, d - 1 + idxRank));
          Value element = tensor::ExtractOp::create(b, l, data, coords);
          linalg::YieldOp::create(b, l, element);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// Lowers `dlc.broadcast` to a generic copying through a broadcasting map.
struct BroadcastOpLowering : OpConversionPattern<dlc::BroadcastOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(dlc::BroadcastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto outType = op.getResult().getType();
    if (adaptor.getInput().getType() == outType) {
      rewriter.replaceOp(op, adaptor.getInput());
      return success();
    }
    Value result = dlc::createElementwiseGeneric(
        rewriter, op.getLoc(), outType, adaptor.getInput(),
        [](OpBuilder &, Location, ValueRange args) { return args[0]; });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Lowers `dlc.pad`: negative pads crop with extract_slice, positive ones
/// pad with the constant.
struct PadOpLowering : OpConversionPattern<dlc::PadOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(dlc::PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inType = cast<RankedTensorType>(input.getType());
    int64_t rank = inType.getRank();
    ArrayRef<int64_t> pads = op.getPads();
    SmallVector<int64_t> offsets, sizes, low, high;
    bool crops = false;
    for (int64_t d = 0; d < rank; ++d) {
      int64_t begin = pads[d], end = pads[rank + d];
      crops |= begin < 0 || end < 0;
      offsets.push_back(std::max<int64_t>(0, -begin));
      sizes.push_back(inType.getDimSize(d) + std::min<int64_t>(0, begin) +
                      std::min<int64_t>(0, end));
      low.push_back(std::max<int64_t>(0, begin));
      high.push_back(std::max<int64_t>(0, end));
    }
    if (crops)
      input = tensor::ExtractSliceOp::create(
          rewriter, loc, input, toFoldResults(rewriter, offsets),
          toFoldResults(rewriter, sizes),
          toFoldResults(rewriter, SmallVector<int64_t>(rank, 1)));
    Value value = dlc::createScalarConstant(
        rewriter, loc, inType.getElementType(), op.getValue().convertToDouble());
    Value result = dlc::padWithConstant(rewriter, loc, input, low, high, value);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void dlc::populateDLCDataMovementToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ReshapeOpLowering, TransposeOpLowering, ConcatOpLowering,
               SliceOpLowering, GatherOpLowering, BroadcastOpLowering,
               PadOpLowering>(patterns.getContext());
}
