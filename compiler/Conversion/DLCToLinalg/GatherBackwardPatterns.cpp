//===- GatherBackwardPatterns.cpp - dlc.gather_backward to linalg ---------===//
//
// The gradient of a gather is a scatter-add, and repeated indices must add
// up, so the indices are visited in order by one `scf.for`: iteration p
// reads index j = indices[p] (negative counts from the end; out-of-range
// ones are clamped like the forward gather's reads), and adds the slice of
// `dy` at p into the slice of the accumulator at j with an elementwise
// `linalg.generic` that writes into that slice (so it bufferizes in place).
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/DLCToLinalg/Utils.h"
#include "dialects/DLC/IR/DLCOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;

namespace {

/// The static sizes of `shape` as OpFoldResults.
SmallVector<OpFoldResult> toFoldResults(OpBuilder &b, ArrayRef<int64_t> v) {
  return llvm::map_to_vector(
      v, [&](int64_t x) -> OpFoldResult { return b.getIndexAttr(x); });
}

/// Lowers `dlc.gather_backward` to an scf.for of slice accumulations.
struct GatherBackwardOpLowering : OpConversionPattern<dlc::GatherBackwardOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(dlc::GatherBackwardOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value dy = adaptor.getResultGrad(), indices = adaptor.getIndices();
    auto dyType = cast<RankedTensorType>(dy.getType());
    auto idxType = cast<RankedTensorType>(indices.getType());
    auto dataType = op.getResult().getType();
    int64_t axis = op.getAxis();
    int64_t rank = dataType.getRank();
    int64_t idxRank = idxType.getRank();
    if (!dyType.hasStaticShape() || !idxType.hasStaticShape() ||
        !dataType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    if (axis < 0 || axis >= rank || dyType.getRank() != rank - 1 + idxRank)
      return rewriter.notifyMatchFailure(op, "axis or ranks do not match");
    ArrayRef<int64_t> dataShape = dataType.getShape();
    ArrayRef<int64_t> dyShape = dyType.getShape();
    if (dyShape.take_front(axis) != dataShape.take_front(axis) ||
        dyShape.slice(axis, idxRank) != idxType.getShape() ||
        dyShape.drop_front(axis + idxRank) != dataShape.drop_front(axis + 1))
      return rewriter.notifyMatchFailure(op, "shapes do not match");

    Value acc = dlc::createFilledTensor(rewriter, loc, dataType, 0.0);
    int64_t numIndices = idxType.getNumElements();
    if (numIndices == 0) {
      rewriter.replaceOp(op, acc);
      return success();
    }

    // One slice: data's shape without the axis.
    SmallVector<int64_t> sliceShape(dataShape);
    sliceShape.erase(sliceShape.begin() + axis);
    auto sliceType =
        RankedTensorType::get(sliceShape, dataType.getElementType());
    SmallVector<int64_t> accSizes(dataShape), dySizes(dyShape);
    accSizes[axis] = 1;
    for (int64_t i = 0; i < idxRank; ++i)
      dySizes[axis + i] = 1;

    Value lower = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value upper = arith::ConstantIndexOp::create(rewriter, loc, numIndices);
    Value step = arith::ConstantIndexOp::create(rewriter, loc, 1);
    auto loop = scf::ForOp::create(
        rewriter, loc, lower, upper, step, ValueRange{acc},
        [&](OpBuilder &b, Location l, Value p, ValueRange iterArgs) {
          Value current = iterArgs[0];
          SmallVector<Value> coords = dlc::delinearize(b, l, p, idxType.getShape());
          Value idx = tensor::ExtractOp::create(b, l, indices, coords);
          Value j = dlc::normalizeIndex(b, l, idx, dataShape[axis]);

          SmallVector<OpFoldResult> dyOffsets(rank - 1 + idxRank,
                                              b.getIndexAttr(0));
          for (int64_t i = 0; i < idxRank; ++i)
            dyOffsets[axis + i] = coords[i];
          SmallVector<OpFoldResult> accOffsets(rank, b.getIndexAttr(0));
          accOffsets[axis] = j;
          auto unit = [&](int64_t n) {
            return toFoldResults(b, SmallVector<int64_t>(n, 1));
          };
          Value dySlice = tensor::ExtractSliceOp::create(
              b, l, sliceType, dy, dyOffsets, toFoldResults(b, dySizes),
              unit(dyType.getRank()));
          Value accSlice = tensor::ExtractSliceOp::create(
              b, l, sliceType, current, accOffsets, toFoldResults(b, accSizes),
              unit(rank));
          int64_t sliceRank = sliceType.getRank();
          SmallVector<AffineMap> maps(2, b.getMultiDimIdentityMap(sliceRank));
          Value sum = linalg::GenericOp::create(
                          b, l, TypeRange{sliceType}, ValueRange{dySlice},
                          ValueRange{accSlice}, maps,
                          dlc::getParallelIterators(sliceRank),
                          [](OpBuilder &nb, Location nl, ValueRange args) {
                            linalg::YieldOp::create(
                                nb, nl,
                                arith::AddFOp::create(nb, nl, args[1], args[0])
                                    .getResult());
                          })
                          .getResult(0);
          Value updated = tensor::InsertSliceOp::create(
              b, l, sum, current, accOffsets, toFoldResults(b, accSizes),
              unit(rank));
          scf::YieldOp::create(b, l, updated);
        });
    rewriter.replaceOp(op, loop.getResult(0));
    return success();
  }
};

} // namespace

void dlc::populateDLCGatherBackwardToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<GatherBackwardOpLowering>(patterns.getContext());
}
