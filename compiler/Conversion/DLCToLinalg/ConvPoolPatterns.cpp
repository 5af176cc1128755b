//===- ConvPoolPatterns.cpp - dlc conv and pooling to linalg --------------===//
//
// `dlc.conv` becomes a named NC* linalg convolution over a zero-padded
// input, accumulating into the broadcast bias. Grouped 2-D convolutions use
// `linalg.conv_2d_ngchw_gfchw`; grouped 1-D/3-D ones are split per group.
//
// `dlc.max_pool` / `dlc.avg_pool` pad the input (explicit pads plus the
// ceil-mode overhang) and use the named NCW/NCHW pooling ops, or a windowed
// `linalg.generic` for 3-D where no NCDHW op exists. Average pooling then
// divides by a per-window count computed at compile time.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/DLCToLinalg/Utils.h"
#include "dialects/DLC/IR/DLCOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;

namespace {

//===----------------------------------------------------------------------===//
// Convolution
//===----------------------------------------------------------------------===//

/// Creates the named NC* convolution for a rank-3/4/5 problem (group 1).
Value createNamedConv(OpBuilder &b, Location loc, Value input, Value weight,
                      Value init, ArrayRef<int64_t> strides,
                      ArrayRef<int64_t> dilations) {
  Type type = init.getType();
  auto stridesAttr = dlc::getI64TensorAttr(b, strides);
  auto dilationsAttr = dlc::getI64TensorAttr(b, dilations);
  SmallVector<Value> ins{input, weight};
  switch (cast<RankedTensorType>(type).getRank()) {
  case 3:
    return linalg::Conv1DNcwFcwOp::create(b, loc, TypeRange{type}, ins,
                                          ValueRange{init}, stridesAttr,
                                          dilationsAttr)
        .getResult(0);
  case 4:
    return linalg::Conv2DNchwFchwOp::create(b, loc, TypeRange{type}, ins,
                                            ValueRange{init}, stridesAttr,
                                            dilationsAttr)
        .getResult(0);
  default:
    return linalg::Conv3DNcdhwFcdhwOp::create(b, loc, TypeRange{type}, ins,
                                              ValueRange{init}, stridesAttr,
                                              dilationsAttr)
        .getResult(0);
  }
}

/// Takes `size` entries of axis `axis` starting at `offset` from `source`.
Value sliceAxis(OpBuilder &b, Location loc, Value source, int64_t axis,
                int64_t offset, int64_t size) {
  auto type = cast<RankedTensorType>(source.getType());
  SmallVector<int64_t> offsets(type.getRank(), 0);
  SmallVector<int64_t> sizes(type.getShape());
  SmallVector<int64_t> strides(type.getRank(), 1);
  offsets[axis] = offset;
  sizes[axis] = size;
  return tensor::ExtractSliceOp::create(b, loc, source,
                                        dlc::toFoldResults(b, offsets),
                                        dlc::toFoldResults(b, sizes),
                                        dlc::toFoldResults(b, strides));
}

/// Grouped 2-D convolution: splits the channel axes into [G, C/G] and uses
/// `linalg.conv_2d_ngchw_gfchw`.
Value createGroupedConv2D(OpBuilder &b, Location loc, Value input,
                          Value weight, Value init, int64_t group,
                          ArrayRef<int64_t> strides,
                          ArrayRef<int64_t> dilations) {
  auto split = [&](Value v, int64_t axis) {
    return dlc::splitGroups(b, loc, v, axis, group);
  };
  Value groupedInit = split(init, 1);
  Value conv =
      linalg::Conv2DNgchwGfchwOp::create(
          b, loc, TypeRange{groupedInit.getType()},
          ValueRange{split(input, 1), split(weight, 0)},
          ValueRange{groupedInit}, dlc::getI64TensorAttr(b, strides),
          dlc::getI64TensorAttr(b, dilations))
          .getResult(0);
  return dlc::mergeGroups(b, loc, conv, 1,
                          cast<RankedTensorType>(init.getType()));
}

/// Grouped convolution of any rank as one named convolution per group over
/// channel slices, inserted into the accumulator.
Value createSplitGroupedConv(OpBuilder &b, Location loc, Value input,
                             Value weight, Value init, int64_t group,
                             ArrayRef<int64_t> strides,
                             ArrayRef<int64_t> dilations) {
  auto initType = cast<RankedTensorType>(init.getType());
  int64_t inPerGroup = cast<RankedTensorType>(input.getType()).getDimSize(1) /
                       group;
  int64_t outPerGroup = initType.getDimSize(1) / group;
  Value result = init;
  for (int64_t g = 0; g < group; ++g) {
    Value in = sliceAxis(b, loc, input, 1, g * inPerGroup, inPerGroup);
    Value w = sliceAxis(b, loc, weight, 0, g * outPerGroup, outPerGroup);
    Value acc = sliceAxis(b, loc, init, 1, g * outPerGroup, outPerGroup);
    Value conv = createNamedConv(b, loc, in, w, acc, strides, dilations);
    SmallVector<int64_t> offsets(initType.getRank(), 0);
    offsets[1] = g * outPerGroup;
    auto convType = cast<RankedTensorType>(conv.getType());
    result = tensor::InsertSliceOp::create(
        b, loc, conv, result, dlc::toFoldResults(b, offsets),
        dlc::toFoldResults(b, convType.getShape()),
        dlc::toFoldResults(b, SmallVector<int64_t>(initType.getRank(), 1)));
  }
  return result;
}

/// Lowers `dlc.conv`.
struct ConvOpLowering : OpConversionPattern<dlc::ConvOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(dlc::ConvOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = op.getResult().getType();
    int64_t rank = resultType.getRank();
    if (!resultType.hasStaticShape() || rank < 3 || rank > 5)
      return rewriter.notifyMatchFailure(op, "needs static rank-3..5 tensors");
    int64_t spatial = rank - 2;
    Type elem = resultType.getElementType();

    // Zero-pad the spatial axes.
    ArrayRef<int64_t> pads = op.getPads();
    SmallVector<int64_t> low(2, 0), high(2, 0);
    llvm::append_range(low, pads.take_front(spatial));
    llvm::append_range(high, pads.drop_front(spatial));
    Value zero = dlc::createScalarConstant(rewriter, loc, elem, 0.0);
    Value input =
        dlc::padWithConstant(rewriter, loc, adaptor.getInput(), low, high, zero);

    // The accumulator starts as the bias broadcast over N and space.
    Value init;
    if (Value bias = adaptor.getBias()) {
      SmallVector<int64_t> addedDims{0};
      for (int64_t i = 2; i < rank; ++i)
        addedDims.push_back(i);
      Value empty = dlc::createEmptyTensor(rewriter, loc, resultType);
      init = linalg::BroadcastOp::create(rewriter, loc, bias, empty, addedDims)
                 .getResult()[0];
    } else {
      init = dlc::createFilledTensor(rewriter, loc, resultType, zero);
    }

    Value weight = adaptor.getWeight();
    int64_t group = op.getGroup();
    ArrayRef<int64_t> strides = op.getStrides();
    ArrayRef<int64_t> dilations = op.getDilations();
    Value result;
    if (group == 1)
      result = createNamedConv(rewriter, loc, input, weight, init, strides,
                               dilations);
    else if (rank == 4)
      result = createGroupedConv2D(rewriter, loc, input, weight, init, group,
                                   strides, dilations);
    else
      result = createSplitGroupedConv(rewriter, loc, input, weight, init,
                                      group, strides, dilations);
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

/// Window geometry of one pooling op with the padding it needs: `low`/`high`
/// cover every axis of the input (zero on N and C); `high` includes the
/// ceil-mode overhang.
struct PoolGeometry {
  SmallVector<int64_t> kernel, strides, dilations;
  SmallVector<int64_t> low, high;
};

template <typename OpTy> PoolGeometry computePoolGeometry(OpTy op) {
  PoolGeometry g;
  g.kernel.assign(op.getKernelShape().begin(), op.getKernelShape().end());
  g.strides.assign(op.getStrides().begin(), op.getStrides().end());
  g.dilations.assign(op.getDilations().begin(), op.getDilations().end());
  auto inType = op.getInput().getType();
  auto outType = op.getResult().getType();
  int64_t spatial = inType.getRank() - 2;
  ArrayRef<int64_t> pads = op.getPads();
  g.low.assign(2, 0);
  g.high.assign(2, 0);
  for (int64_t i = 0; i < spatial; ++i) {
    int64_t in = inType.getDimSize(2 + i);
    int64_t out = outType.getDimSize(2 + i);
    int64_t padded = in + pads[i] + pads[spatial + i];
    int64_t needed = (out - 1) * g.strides[i] +
                     g.dilations[i] * (g.kernel[i] - 1) + 1;
    g.low.push_back(pads[i]);
    g.high.push_back(pads[spatial + i] + std::max<int64_t>(0, needed - padded));
  }
  return g;
}

/// Pools `input` (already padded) into `init` with the named NCW/NCHW op, or
/// a windowed linalg.generic for other ranks. `isMax` picks max or sum.
Value createPooling(OpBuilder &b, Location loc, Value input, Value init,
                    const PoolGeometry &g, bool isMax) {
  auto initType = cast<RankedTensorType>(init.getType());
  Type elem = initType.getElementType();
  Value window = tensor::EmptyOp::create(b, loc, g.kernel, elem);
  SmallVector<Value> ins{input, window};
  SmallVector<Type> types{initType};
  auto strides = dlc::getI64TensorAttr(b, g.strides);
  auto dilations = dlc::getI64TensorAttr(b, g.dilations);
  int64_t spatial = g.kernel.size();
  if (spatial == 1 && isMax)
    return linalg::PoolingNcwMaxOp::create(b, loc, types, ins, init, strides,
                                           dilations)
        .getResult(0);
  if (spatial == 1)
    return linalg::PoolingNcwSumOp::create(b, loc, types, ins, init, strides,
                                           dilations)
        .getResult(0);
  if (spatial == 2 && isMax)
    return linalg::PoolingNchwMaxOp::create(b, loc, types, ins, init, strides,
                                            dilations)
        .getResult(0);
  if (spatial == 2)
    return linalg::PoolingNchwSumOp::create(b, loc, types, ins, init, strides,
                                            dilations)
        .getResult(0);

  // Generic window: loops (n, c, o_1..o_s, k_1..k_s), the k's reductions.
  MLIRContext *ctx = b.getContext();
  int64_t numLoops = 2 + 2 * spatial;
  SmallVector<AffineExpr> inExprs{getAffineDimExpr(0, ctx),
                                  getAffineDimExpr(1, ctx)};
  SmallVector<AffineExpr> windowExprs, outExprs{getAffineDimExpr(0, ctx),
                                                getAffineDimExpr(1, ctx)};
  for (int64_t i = 0; i < spatial; ++i) {
    AffineExpr o = getAffineDimExpr(2 + i, ctx);
    AffineExpr k = getAffineDimExpr(2 + spatial + i, ctx);
    inExprs.push_back(o * g.strides[i] + k * g.dilations[i]);
    windowExprs.push_back(k);
    outExprs.push_back(o);
  }
  SmallVector<AffineMap> maps{AffineMap::get(numLoops, 0, inExprs, ctx),
                              AffineMap::get(numLoops, 0, windowExprs, ctx),
                              AffineMap::get(numLoops, 0, outExprs, ctx)};
  SmallVector<utils::IteratorType> iterators =
      dlc::getParallelIterators(2 + spatial);
  iterators.append(spatial, utils::IteratorType::reduction);
  return linalg::GenericOp::create(
             b, loc, types, ins, ValueRange{init}, maps, iterators,
             [&](OpBuilder &nb, Location nl, ValueRange args) {
               Value r = isMax ? Value(arith::MaximumFOp::create(
                                     nb, nl, args[0], args[2]))
                               : Value(arith::AddFOp::create(nb, nl, args[0],
                                                            args[2]));
               linalg::YieldOp::create(nb, nl, r);
             })
      .getResult(0);
}

/// Lowers `dlc.max_pool`: pad with the lowest finite value, max-pool into a
/// -inf accumulator.
struct MaxPoolOpLowering : OpConversionPattern<dlc::MaxPoolOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(dlc::MaxPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = op.getResult().getType();
    if (!resultType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    auto elem = cast<FloatType>(resultType.getElementType());
    PoolGeometry g = computePoolGeometry(op);
    const llvm::fltSemantics &sem = elem.getFloatSemantics();
    Value lowest = arith::ConstantOp::create(
        rewriter, loc,
        rewriter.getFloatAttr(elem, APFloat::getLargest(sem, /*Negative=*/true)));
    Value negInf = arith::ConstantOp::create(
        rewriter, loc,
        rewriter.getFloatAttr(elem, APFloat::getInf(sem, /*Negative=*/true)));
    Value input = dlc::padWithConstant(rewriter, loc, adaptor.getInput(), g.low,
                                       g.high, lowest);
    Value init = dlc::createFilledTensor(rewriter, loc, resultType, negInf);
    rewriter.replaceOp(op, createPooling(rewriter, loc, input, init, g,
                                         /*isMax=*/true));
    return success();
  }
};

/// Number of window taps `o * stride + j * dilation` (j < kernel) that fall
/// inside [begin, end).
int64_t countTaps(int64_t o, int64_t kernel, int64_t stride, int64_t dilation,
                  int64_t begin, int64_t end) {
  int64_t count = 0;
  for (int64_t j = 0; j < kernel; ++j) {
    int64_t pos = o * stride + j * dilation;
    count += pos >= begin && pos < end;
  }
  return count;
}

/// Lowers `dlc.avg_pool`: zero-pad, sum-pool, divide by the window count
/// (a scalar when uniform, else a compile-time constant over output space).
struct AvgPoolOpLowering : OpConversionPattern<dlc::AvgPoolOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(dlc::AvgPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = op.getResult().getType();
    if (!resultType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    Type elem = resultType.getElementType();
    PoolGeometry g = computePoolGeometry(op);
    Value zero = dlc::createScalarConstant(rewriter, loc, elem, 0.0);
    Value input = dlc::padWithConstant(rewriter, loc, adaptor.getInput(), g.low,
                                       g.high, zero);
    Value init = dlc::createFilledTensor(rewriter, loc, resultType, zero);
    Value sum = createPooling(rewriter, loc, input, init, g, /*isMax=*/false);

    // Per-axis tap counts; the divisor is their product.
    auto inType = op.getInput().getType();
    int64_t spatial = g.kernel.size();
    ArrayRef<int64_t> pads = op.getPads();
    SmallVector<SmallVector<int64_t>> axisCounts;
    for (int64_t i = 0; i < spatial; ++i) {
      int64_t in = inType.getDimSize(2 + i);
      int64_t begin = op.getCountIncludePad() ? 0 : pads[i];
      int64_t end = op.getCountIncludePad() ? in + pads[i] + pads[spatial + i]
                                            : pads[i] + in;
      SmallVector<int64_t> counts;
      for (int64_t o = 0, e = resultType.getDimSize(2 + i); o < e; ++o)
        counts.push_back(countTaps(o, g.kernel[i], g.strides[i],
                                   g.dilations[i], begin, end));
      axisCounts.push_back(counts);
    }
    ArrayRef<int64_t> outSpatial = resultType.getShape().drop_front(2);
    SmallVector<Attribute> divisors;
    SmallVector<int64_t> index(spatial, 0);
    int64_t numPositions = 1;
    for (int64_t d : outSpatial)
      numPositions *= d;
    bool uniform = true;
    int64_t first = -1;
    for (int64_t p = 0; p < numPositions; ++p) {
      // Row-major decomposition of p into per-axis output indices.
      int64_t rest = p, count = 1;
      for (int64_t i = spatial - 1; i >= 0; --i) {
        index[i] = rest % outSpatial[i];
        rest /= outSpatial[i];
      }
      for (int64_t i = 0; i < spatial; ++i)
        count *= axisCounts[i][index[i]];
      count = std::max<int64_t>(count, 1);
      if (first < 0)
        first = count;
      uniform &= count == first;
      divisors.push_back(dlc::getScalarAttr(rewriter, elem, (double)count));
    }

    Value result;
    if (uniform) {
      Value divisor =
          dlc::createScalarConstant(rewriter, loc, elem, (double)first);
      result = dlc::createElementwiseGeneric(
          rewriter, loc, resultType, sum,
          [&](OpBuilder &b, Location l, ValueRange args) -> Value {
            return arith::DivFOp::create(b, l, args[0], divisor);
          });
    } else {
      auto divisorType = RankedTensorType::get(outSpatial, elem);
      Value divisorTensor = arith::ConstantOp::create(
          rewriter, loc, DenseElementsAttr::get(divisorType, divisors));
      result = dlc::createElementwiseGeneric(
          rewriter, loc, resultType, ValueRange{sum, divisorTensor},
          [](OpBuilder &b, Location l, ValueRange args) -> Value {
            return arith::DivFOp::create(b, l, args[0], args[1]);
          });
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void dlc::populateDLCConvPoolToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvOpLowering, MaxPoolOpLowering, AvgPoolOpLowering>(
      patterns.getContext());
}
