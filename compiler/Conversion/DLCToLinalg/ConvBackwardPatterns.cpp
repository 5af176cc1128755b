//===- ConvBackwardPatterns.cpp - dlc conv gradients to linalg ------------===//
//
// `dlc.conv_backward_filter` is one `linalg.generic` that reduces over the
// batch and the output positions, with the channel axes split into
// [group, channels per group] so every indexing map stays affine:
//
//   dw[g, f, c, k] += dy[n, g, f, o] * xpad[n, g, c, o * s + k * d]
//
// `dlc.conv_backward_data` is a stride-1 convolution (dilation d) of the
// zero-inserted, padded `dy` with the flipped, transposed kernel, so no
// iteration scatters. With q = (K-1)*d - p, the buffer holds dy[o] at
// o * s + q and is I + (K-1)*d long; then
//
//   dx[n, c, i] = sum over (f, k) of buf[n, f, i + k * d] * wt[c, f, k],
//   wt[c, f, k] = w[f, c, K-1-k]          (per group)
//
// Group 1 uses the named NC* convolutions, grouped 2-D ones
// `linalg.conv_2d_ngchw_gfchw`, other grouped ones a generic of the same form.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/DLCToLinalg/Utils.h"
#include "dialects/DLC/IR/DLCOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;

namespace {

/// Checks what both conv gradients need, given the forward conv's input
/// (x or dx), output gradient and weight (w or dw) types: static shapes of one
/// rank in 3..5, one stride/dilation per spatial axis, begin+end pads, a group
/// dividing both channel counts, and shapes that agree with each other.
template <typename OpTy>
LogicalResult checkConvGradient(OpTy op, RankedTensorType input,
                                RankedTensorType outputGrad,
                                RankedTensorType weight,
                                ConversionPatternRewriter &rewriter) {
  for (RankedTensorType t : {input, outputGrad, weight})
    if (!t.hasStaticShape() || t.getRank() != input.getRank())
      return rewriter.notifyMatchFailure(op, "needs static shapes, one rank");
  int64_t rank = input.getRank();
  if (rank < 3 || rank > 5)
    return rewriter.notifyMatchFailure(op, "needs rank 3..5");
  size_t spatial = rank - 2;
  int64_t group = op.getGroup();
  if (op.getStrides().size() != spatial ||
      op.getDilations().size() != spatial || op.getPads().size() != 2 * spatial)
    return rewriter.notifyMatchFailure(op, "attribute sizes do not match rank");
  int64_t inChannels = input.getDimSize(1);
  int64_t outChannels = outputGrad.getDimSize(1);
  if (group < 1 || inChannels % group || outChannels % group)
    return rewriter.notifyMatchFailure(op, "group does not divide channels");
  if (weight.getDimSize(0) != outChannels ||
      weight.getDimSize(1) * group != inChannels ||
      input.getDimSize(0) != outputGrad.getDimSize(0))
    return rewriter.notifyMatchFailure(op, "operand shapes do not match");
  return success();
}

//===----------------------------------------------------------------------===//
// conv_backward_filter
//===----------------------------------------------------------------------===//

/// Lowers `dlc.conv_backward_filter` to a grouped reduction generic.
struct ConvBackwardFilterOpLowering
    : OpConversionPattern<dlc::ConvBackwardFilterOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(dlc::ConvBackwardFilterOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getInput(), dy = adaptor.getResultGrad();
    auto xType = cast<RankedTensorType>(x.getType());
    auto dyType = cast<RankedTensorType>(dy.getType());
    auto dwType = op.getResult().getType();
    if (failed(checkConvGradient(op, xType, dyType, dwType, rewriter)))
      return failure();
    int64_t group = op.getGroup();
    int64_t spatial = xType.getRank() - 2;
    ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations();
    ArrayRef<int64_t> pads = op.getPads();
    ArrayRef<int64_t> kernel = dwType.getShape().drop_front(2);

    // Zero-pad x; widen the end pad if the windows reach further (never for
    // shapes a forward conv produced, but then no read is out of bounds).
    SmallVector<int64_t> low(2, 0), high(2, 0);
    for (int64_t i = 0; i < spatial; ++i) {
      int64_t padded = xType.getDimSize(2 + i) + pads[i] + pads[spatial + i];
      int64_t needed = (dyType.getDimSize(2 + i) - 1) * strides[i] +
                       (kernel[i] - 1) * dilations[i] + 1;
      low.push_back(pads[i]);
      high.push_back(pads[spatial + i] + std::max<int64_t>(0, needed - padded));
    }
    Type elem = dwType.getElementType();
    Value zero = dlc::createScalarConstant(rewriter, loc, elem, 0.0);
    Value xPad = dlc::padWithConstant(rewriter, loc, x, low, high, zero);

    Value xGrouped = dlc::splitGroups(rewriter, loc, xPad, 1, group);
    Value dyGrouped = dlc::splitGroups(rewriter, loc, dy, 1, group);
    // dw is a matmul over (n, o..) whose columns dlc-cpu-lower-contractions
    // packs: per reduction step, the window (c, k..) gathered from x, or,
    // built channels-last ([g, c, k.., f]) and transposed after, dy's f
    // output channels, which measured faster wherever f fills a vector
    // (the seed CNN's 3x3 windows of 1 and 32 channels both).
    int64_t perGroup = dwType.getDimSize(0) / group;
    bool channelsLast = perGroup >= 16;
    SmallVector<int64_t> dwShape{group};
    if (!channelsLast)
      dwShape.push_back(perGroup);
    llvm::append_range(dwShape, dwType.getShape().drop_front(1));
    if (channelsLast)
      dwShape.push_back(perGroup);
    auto dwGroupedType = RankedTensorType::get(dwShape, elem);
    Value init = dlc::createFilledTensor(rewriter, loc, dwGroupedType, zero);

    // Loops: g, f, c, k_1..k_s (parallel), n, o_1..o_s (reduction).
    MLIRContext *ctx = rewriter.getContext();
    int64_t numLoops = 4 + 2 * spatial;
    auto dim = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
    AffineExpr g = dim(0), f = dim(1), c = dim(2), n = dim(3 + spatial);
    SmallVector<AffineExpr> xExprs{n, g, c}, dyExprs{n, g, f}, dwExprs{g};
    if (!channelsLast)
      dwExprs.push_back(f);
    dwExprs.push_back(c);
    for (int64_t i = 0; i < spatial; ++i) {
      AffineExpr k = dim(3 + i), o = dim(4 + spatial + i);
      xExprs.push_back(o * strides[i] + k * dilations[i]);
      dyExprs.push_back(o);
      dwExprs.push_back(k);
    }
    if (channelsLast)
      dwExprs.push_back(f);
    SmallVector<AffineMap> maps{AffineMap::get(numLoops, 0, xExprs, ctx),
                                AffineMap::get(numLoops, 0, dyExprs, ctx),
                                AffineMap::get(numLoops, 0, dwExprs, ctx)};
    SmallVector<utils::IteratorType> iterators =
        dlc::getParallelIterators(3 + spatial);
    iterators.append(1 + spatial, utils::IteratorType::reduction);
    Value dw =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{dwGroupedType},
            ValueRange{xGrouped, dyGrouped}, ValueRange{init}, maps, iterators,
            [](OpBuilder &b, Location l, ValueRange args) {
              Value prod = arith::MulFOp::create(b, l, args[0], args[1]);
              linalg::YieldOp::create(
                  b, l, arith::AddFOp::create(b, l, args[2], prod).getResult());
            })
            .getResult(0);
    if (channelsLast) {
      // [g, c, k.., f] -> [g, f, c, k..].
      SmallVector<int64_t> perm{0, spatial + 2};
      for (int64_t i = 1; i <= spatial + 1; ++i)
        perm.push_back(i);
      SmallVector<int64_t> shape{group, perGroup};
      llvm::append_range(shape, dwType.getShape().drop_front(1));
      Value empty = tensor::EmptyOp::create(rewriter, loc, shape, elem);
      dw = linalg::TransposeOp::create(rewriter, loc, dw, empty, perm)
               .getResult()[0];
    }
    rewriter.replaceOp(op, dlc::mergeGroups(rewriter, loc, dw, 0, dwType));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// conv_backward_data
//===----------------------------------------------------------------------===//

/// Builds the zero-inserted, padded dy: `[N, F, I_i + (K_i-1)*d_i]` holding
/// dy[o] at o * s + (K-1)*d - p. Outputs whose position falls outside the
/// buffer reach no input and are left out. Returns null when no output
/// reaches any input (the gradient is then zero).
Value buildDilatedGradient(OpBuilder &b, Location loc, Value dy,
                           ArrayRef<int64_t> inSpatial,
                           ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                           ArrayRef<int64_t> dilations,
                           ArrayRef<int64_t> padsLow) {
  auto dyType = cast<RankedTensorType>(dy.getType());
  int64_t spatial = inSpatial.size();
  SmallVector<int64_t> bufShape(dyType.getShape().take_front(2));
  SmallVector<int64_t> takeOffsets{0, 0}, takeSizes(bufShape);
  SmallVector<int64_t> putOffsets{0, 0}, putStrides{1, 1};
  for (int64_t i = 0; i < spatial; ++i) {
    int64_t reach = (kernel[i] - 1) * dilations[i];
    int64_t length = inSpatial[i] + reach;
    int64_t q = reach - padsLow[i];
    int64_t s = strides[i];
    // o in [first, last] keeps 0 <= o * s + q < length.
    int64_t first = q >= 0 ? 0 : (-q + s - 1) / s;
    int64_t last = std::min(dyType.getDimSize(2 + i) - 1,
                            length - 1 - q < 0 ? -1 : (length - 1 - q) / s);
    if (first > last)
      return nullptr;
    bufShape.push_back(length);
    takeOffsets.push_back(first);
    takeSizes.push_back(last - first + 1);
    putOffsets.push_back(first * s + q);
    putStrides.push_back(s);
  }
  SmallVector<int64_t> unit(dyType.getRank(), 1);
  Value taken = tensor::ExtractSliceOp::create(
      b, loc, dy, dlc::toFoldResults(b, takeOffsets), dlc::toFoldResults(b, takeSizes),
      dlc::toFoldResults(b, unit));
  Value buffer = dlc::createFilledTensor(
      b, loc, RankedTensorType::get(bufShape, dyType.getElementType()), 0.0);
  return tensor::InsertSliceOp::create(
      b, loc, taken, buffer, dlc::toFoldResults(b, putOffsets),
      dlc::toFoldResults(b, takeSizes), dlc::toFoldResults(b, putStrides));
}

/// Flips the kernel's spatial axes and swaps its channel roles: from
/// w [F, C/G, K...] to [C, F, K...] (group 1) or [G, C/G, F/G, K...].
Value buildTransposedKernel(OpBuilder &b, Location loc, Value w,
                            int64_t group) {
  auto wType = cast<RankedTensorType>(w.getType());
  int64_t spatial = wType.getRank() - 2;
  ArrayRef<int64_t> kernel = wType.getShape().drop_front(2);
  Value source = group == 1 ? w : dlc::splitGroups(b, loc, w, 0, group);
  int64_t lead = group == 1 ? 0 : 1; // the group axis, when present
  int64_t numLoops = lead + 2 + spatial;
  MLIRContext *ctx = b.getContext();
  // Loops: [g,] c, f, k...; the source is read at [g,] f, c, K-1-k.
  SmallVector<AffineExpr> srcExprs;
  SmallVector<int64_t> shape;
  auto srcShape = cast<RankedTensorType>(source.getType()).getShape();
  if (lead) {
    srcExprs.push_back(getAffineDimExpr(0, ctx));
    shape.push_back(group);
  }
  srcExprs.push_back(getAffineDimExpr(lead + 1, ctx));
  srcExprs.push_back(getAffineDimExpr(lead, ctx));
  shape.push_back(srcShape[lead + 1]);
  shape.push_back(srcShape[lead]);
  for (int64_t i = 0; i < spatial; ++i) {
    srcExprs.push_back(kernel[i] - 1 - getAffineDimExpr(lead + 2 + i, ctx));
    shape.push_back(kernel[i]);
  }
  auto type = RankedTensorType::get(shape, wType.getElementType());
  SmallVector<AffineMap> maps{AffineMap::get(numLoops, 0, srcExprs, ctx),
                              b.getMultiDimIdentityMap(numLoops)};
  return linalg::GenericOp::create(
             b, loc, TypeRange{type}, ValueRange{source},
             ValueRange{dlc::createEmptyTensor(b, loc, type)}, maps,
             dlc::getParallelIterators(numLoops),
             [](OpBuilder &nb, Location l, ValueRange args) {
               linalg::YieldOp::create(nb, l, args[0]);
             })
      .getResult(0);
}

/// Stride-1 named convolution (group 1) of rank 3..5.
Value createNamedConv(OpBuilder &b, Location loc, Value input, Value weight,
                      Value init, ArrayRef<int64_t> dilations) {
  Type type = init.getType();
  int64_t spatial = dilations.size();
  auto stridesAttr = dlc::getI64TensorAttr(b, SmallVector<int64_t>(spatial, 1));
  auto dilationsAttr = dlc::getI64TensorAttr(b, dilations);
  SmallVector<Value> ins{input, weight};
  if (spatial == 1)
    return linalg::Conv1DNcwFcwOp::create(b, loc, TypeRange{type}, ins, init,
                                          stridesAttr, dilationsAttr)
        .getResult(0);
  if (spatial == 2)
    return linalg::Conv2DNchwFchwOp::create(b, loc, TypeRange{type}, ins, init,
                                            stridesAttr, dilationsAttr)
        .getResult(0);
  return linalg::Conv3DNcdhwFcdhwOp::create(b, loc, TypeRange{type}, ins, init,
                                            stridesAttr, dilationsAttr)
      .getResult(0);
}

/// Stride-1 grouped convolution: input [N, G, Fg, L...], kernel
/// [G, Cg, Fg, K...], accumulator [N, G, Cg, I...].
Value createGroupedConv(OpBuilder &b, Location loc, Value input, Value weight,
                        Value init, ArrayRef<int64_t> dilations) {
  auto initType = cast<RankedTensorType>(init.getType());
  int64_t spatial = dilations.size();
  if (spatial == 2)
    return linalg::Conv2DNgchwGfchwOp::create(
               b, loc, TypeRange{initType}, ValueRange{input, weight}, init,
               dlc::getI64TensorAttr(b, {1, 1}),
               dlc::getI64TensorAttr(b, dilations))
        .getResult(0);
  // Loops: n, g, c, i_1..i_s (parallel), f, k_1..k_s (reduction).
  MLIRContext *ctx = b.getContext();
  int64_t numLoops = 4 + 2 * spatial;
  auto dim = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
  AffineExpr n = dim(0), g = dim(1), c = dim(2), f = dim(3 + spatial);
  SmallVector<AffineExpr> inExprs{n, g, f}, wExprs{g, c, f}, outExprs{n, g, c};
  for (int64_t i = 0; i < spatial; ++i) {
    AffineExpr pos = dim(3 + i), k = dim(4 + spatial + i);
    inExprs.push_back(pos + k * dilations[i]);
    wExprs.push_back(k);
    outExprs.push_back(pos);
  }
  SmallVector<AffineMap> maps{AffineMap::get(numLoops, 0, inExprs, ctx),
                              AffineMap::get(numLoops, 0, wExprs, ctx),
                              AffineMap::get(numLoops, 0, outExprs, ctx)};
  SmallVector<utils::IteratorType> iterators =
      dlc::getParallelIterators(3 + spatial);
  iterators.append(1 + spatial, utils::IteratorType::reduction);
  return linalg::GenericOp::create(
             b, loc, TypeRange{initType}, ValueRange{input, weight},
             ValueRange{init}, maps, iterators,
             [](OpBuilder &nb, Location l, ValueRange args) {
               Value prod = arith::MulFOp::create(nb, l, args[0], args[1]);
               linalg::YieldOp::create(
                   nb, l,
                   arith::AddFOp::create(nb, l, args[2], prod).getResult());
             })
      .getResult(0);
}

/// Lowers `dlc.conv_backward_data` to a convolution of the dilated, padded
/// gradient with the transposed kernel.
struct ConvBackwardDataOpLowering
    : OpConversionPattern<dlc::ConvBackwardDataOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(dlc::ConvBackwardDataOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value dy = adaptor.getResultGrad(), w = adaptor.getWeight();
    auto dyType = cast<RankedTensorType>(dy.getType());
    auto wType = cast<RankedTensorType>(w.getType());
    auto dxType = op.getResult().getType();
    if (failed(checkConvGradient(op, dxType, dyType, wType, rewriter)))
      return failure();
    int64_t group = op.getGroup();
    int64_t spatial = dxType.getRank() - 2;
    ArrayRef<int64_t> kernel = wType.getShape().drop_front(2);
    ArrayRef<int64_t> dilations = op.getDilations();
    Value zero =
        dlc::createScalarConstant(rewriter, loc, dxType.getElementType(), 0.0);
    Value buffer = buildDilatedGradient(
        rewriter, loc, dy, dxType.getShape().drop_front(2), kernel,
        op.getStrides(), dilations, op.getPads().take_front(spatial));
    if (!buffer) {
      rewriter.replaceOp(op,
                         dlc::createFilledTensor(rewriter, loc, dxType, zero));
      return success();
    }
    Value kernelT = buildTransposedKernel(rewriter, loc, w, group);
    Value result;
    if (group == 1) {
      Value init = dlc::createFilledTensor(rewriter, loc, dxType, zero);
      result = createNamedConv(rewriter, loc, buffer, kernelT, init, dilations);
    } else {
      Value init = dlc::splitGroups(
          rewriter, loc, dlc::createFilledTensor(rewriter, loc, dxType, zero),
          1, group);
      Value conv = createGroupedConv(
          rewriter, loc, dlc::splitGroups(rewriter, loc, buffer, 1, group), kernelT,
          init, dilations);
      result = dlc::mergeGroups(rewriter, loc, conv, 1, dxType);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void dlc::populateDLCConvBackwardToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvBackwardFilterOpLowering, ConvBackwardDataOpLowering>(
      patterns.getContext());
}
