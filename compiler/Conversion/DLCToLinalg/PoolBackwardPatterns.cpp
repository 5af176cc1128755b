//===- PoolBackwardPatterns.cpp - dlc pooling gradients to linalg ---------===//
//
// Both pooling gradients end in one "window adjoint" `linalg.generic` over
// the input positions (n, c, i) that reduces over the window taps k: the
// window covering i through tap k is o = (i + p - k * d) / s when that
// divides and 0 <= o < O, and its contribution is read with tensor.extract.
// Each iteration writes only its own dx element, so nothing scatters.
//
// `dlc.max_pool_backward` first finds each window's first argmax (a min
// reduction over the row-major tap numbers of the taps equal to the pooled
// value; padding is NaN so it never matches), then routes dy[o] to the tap
// whose number is that argmax. (A window whose maximum is NaN equals no tap
// and routes nowhere.)
//
// `dlc.avg_pool_backward` divides dy by the forward divisor (computed at
// compile time, as the forward lowering does) and spreads it over the taps.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/DLCToLinalg/Utils.h"
#include "dialects/DLC/IR/DLCOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;

namespace {

/// The windows of one pooling op: per spatial axis its kernel, stride,
/// dilation, begin/end pads and the input and output sizes.
struct PoolWindows {
  SmallVector<int64_t> kernel, strides, dilations, padsLow, padsHigh;
  SmallVector<int64_t> in, out;
  int64_t spatial() const { return kernel.size(); }
  int64_t numTaps() const {
    int64_t n = 1;
    for (int64_t k : kernel)
      n *= k;
    return n;
  }
};

/// Reads and checks the window attributes of a pooling gradient whose
/// forward input has `inType` and forward result `outType`.
template <typename OpTy>
FailureOr<PoolWindows> getPoolWindows(OpTy op, RankedTensorType inType,
                                      RankedTensorType outType,
                                      ConversionPatternRewriter &rewriter) {
  if (!inType.hasStaticShape() || !outType.hasStaticShape() ||
      inType.getRank() < 3 || inType.getRank() != outType.getRank())
    return rewriter.notifyMatchFailure(op, "needs static [N, C, D...] shapes");
  if (inType.getShape().take_front(2) != outType.getShape().take_front(2))
    return rewriter.notifyMatchFailure(op, "N or C differ");
  size_t spatial = inType.getRank() - 2;
  PoolWindows w;
  w.kernel.assign(op.getKernelShape().begin(), op.getKernelShape().end());
  w.strides.assign(op.getStrides().begin(), op.getStrides().end());
  w.dilations.assign(op.getDilations().begin(), op.getDilations().end());
  ArrayRef<int64_t> pads = op.getPads();
  if (w.kernel.size() != spatial || w.strides.size() != spatial ||
      w.dilations.size() != spatial || pads.size() != 2 * spatial)
    return rewriter.notifyMatchFailure(op, "attribute sizes do not match rank");
  if (llvm::any_of(w.strides, [](int64_t s) { return s < 1; }))
    return rewriter.notifyMatchFailure(op, "strides must be positive");
  w.padsLow.assign(pads.begin(), pads.begin() + spatial);
  w.padsHigh.assign(pads.begin() + spatial, pads.end());
  w.in.assign(inType.getShape().begin() + 2, inType.getShape().end());
  w.out.assign(outType.getShape().begin() + 2, outType.getShape().end());
  return w;
}

/// The row-major number of the tap whose per-axis indices are `taps`.
Value linearizeTaps(OpBuilder &b, Location loc, ValueRange taps,
                    ArrayRef<int64_t> kernel) {
  Value linear = arith::ConstantIndexOp::create(b, loc, 0);
  for (auto [k, size] : llvm::zip(taps, kernel)) {
    Value scaled = arith::MulIOp::create(
        b, loc, linear, arith::ConstantIndexOp::create(b, loc, size));
    linear = arith::AddIOp::create(b, loc, scaled, k);
  }
  return linear;
}

/// Computes one window's contribution to a dx element: receives the
/// window's coordinates (n, c, o...) (in bounds) and the tap number.
using WindowContribution = llvm::function_ref<Value(
    OpBuilder &, Location, ArrayRef<Value> window, Value tap)>;

/// Builds the window adjoint (see the file comment) into a zero `dxType`.
Value createWindowAdjoint(OpBuilder &b, Location loc, RankedTensorType dxType,
                          const PoolWindows &w, WindowContribution contribute) {
  MLIRContext *ctx = b.getContext();
  int64_t spatial = w.spatial();
  int64_t numLoops = 2 + 2 * spatial;
  Type elem = dxType.getElementType();
  // The window tensor only gives the tap loops their extent.
  Value taps = tensor::EmptyOp::create(b, loc, w.kernel, elem);
  SmallVector<AffineExpr> tapExprs, dxExprs;
  for (int64_t i = 0; i < 2 + spatial; ++i)
    dxExprs.push_back(getAffineDimExpr(i, ctx));
  for (int64_t i = 0; i < spatial; ++i)
    tapExprs.push_back(getAffineDimExpr(2 + spatial + i, ctx));
  SmallVector<AffineMap> maps{AffineMap::get(numLoops, 0, tapExprs, ctx),
                              AffineMap::get(numLoops, 0, dxExprs, ctx)};
  SmallVector<utils::IteratorType> iterators =
      dlc::getParallelIterators(2 + spatial);
  iterators.append(spatial, utils::IteratorType::reduction);
  Value init = dlc::createFilledTensor(b, loc, dxType, 0.0);
  auto body = [&](OpBuilder &nb, Location l, ValueRange args) {
    auto index = [&](int64_t c) {
      return arith::ConstantIndexOp::create(nb, l, c);
    };
    SmallVector<Value> window{linalg::IndexOp::create(nb, l, 0),
                              linalg::IndexOp::create(nb, l, 1)};
    SmallVector<Value> tapIndices;
    Value valid = arith::ConstantIntOp::create(nb, l, 1, /*width=*/1);
    Value zeroIndex = index(0);
    for (int64_t j = 0; j < spatial; ++j) {
      Value i = linalg::IndexOp::create(nb, l, 2 + j);
      Value k = linalg::IndexOp::create(nb, l, 2 + spatial + j);
      tapIndices.push_back(k);
      // t = i + p - k * d is o * s when tap k of window o lands on i.
      Value t = arith::SubIOp::create(
          nb, l, arith::AddIOp::create(nb, l, i, index(w.padsLow[j])),
          arith::MulIOp::create(nb, l, k, index(w.dilations[j])));
      Value s = index(w.strides[j]);
      Value inRange = arith::AndIOp::create(
          nb, l,
          arith::CmpIOp::create(nb, l, arith::CmpIPredicate::sge, t, zeroIndex),
          arith::CmpIOp::create(nb, l, arith::CmpIPredicate::slt, t,
                                index(w.out[j] * w.strides[j])));
      Value divides =
          arith::CmpIOp::create(nb, l, arith::CmpIPredicate::eq,
                                arith::RemSIOp::create(nb, l, t, s), zeroIndex);
      Value axisValid = arith::AndIOp::create(nb, l, inRange, divides);
      valid = arith::AndIOp::create(nb, l, valid, axisValid);
      window.push_back(arith::SelectOp::create(
          nb, l, axisValid, arith::DivSIOp::create(nb, l, t, s), zeroIndex));
    }
    Value tap = linearizeTaps(nb, l, tapIndices, w.kernel);
    Value value = contribute(nb, l, window, tap);
    Value zero = dlc::createScalarConstant(nb, l, elem, 0.0);
    Value added = arith::AddFOp::create(
        nb, l, args[1], arith::SelectOp::create(nb, l, valid, value, zero));
    linalg::YieldOp::create(nb, l, added);
  };
  return linalg::GenericOp::create(b, loc, TypeRange{dxType}, ValueRange{taps},
                                   ValueRange{init}, maps, iterators, body)
      .getResult(0);
}

/// Whether the windows tile the input without overlap or padding (stride ==
/// kernel, no dilation), so each input position has at most one window.
bool windowsTile(const PoolWindows &w) {
  for (int64_t i = 0; i < w.spatial(); ++i)
    if (w.strides[i] != w.kernel[i] || w.dilations[i] != 1 ||
        w.padsLow[i] != 0 || w.out[i] * w.strides[i] > w.in[i])
      return false;
  return true;
}

/// The window adjoint when windowsTile(w): an elementwise generic over the
/// covered positions, reading window i floordiv s at tap i mod s (no
/// reduction, no tensor.extract), placed into a zero dx when the windows
/// leave a margin uncovered.
Value createTiledAdjoint(OpBuilder &b, Location loc, RankedTensorType dxType,
                         const PoolWindows &w, ValueRange windowOperands,
                         WindowContribution contribute) {
  MLIRContext *ctx = b.getContext();
  int64_t spatial = w.spatial();
  int64_t rank = 2 + spatial;
  SmallVector<int64_t> covered(dxType.getShape().take_front(2));
  SmallVector<AffineExpr> windowExprs{getAffineDimExpr(0, ctx),
                                      getAffineDimExpr(1, ctx)};
  for (int64_t i = 0; i < spatial; ++i) {
    covered.push_back(w.out[i] * w.strides[i]);
    windowExprs.push_back(getAffineDimExpr(2 + i, ctx).floorDiv(w.strides[i]));
  }
  auto coveredType = RankedTensorType::get(covered, dxType.getElementType());
  SmallVector<AffineMap> maps(windowOperands.size(),
                              AffineMap::get(rank, 0, windowExprs, ctx));
  maps.push_back(AffineMap::getMultiDimIdentityMap(rank, ctx));
  Value empty = tensor::EmptyOp::create(b, loc, covered,
                                        dxType.getElementType());
  auto body = [&](OpBuilder &nb, Location l, ValueRange args) {
    SmallVector<Value> tapIndices;
    for (int64_t i = 0; i < spatial; ++i) {
      Value pos = linalg::IndexOp::create(nb, l, 2 + i);
      tapIndices.push_back(arith::RemUIOp::create(
          nb, l, pos, arith::ConstantIndexOp::create(nb, l, w.strides[i])));
    }
    Value tap = linearizeTaps(nb, l, tapIndices, w.kernel);
    SmallVector<Value> window(args.drop_back());
    linalg::YieldOp::create(nb, l, contribute(nb, l, window, tap));
  };
  Value result =
      linalg::GenericOp::create(b, loc, TypeRange{coveredType},
                                windowOperands, ValueRange{empty}, maps,
                                dlc::getParallelIterators(rank), body)
          .getResult(0);
  if (coveredType == dxType)
    return result;
  Value zeros = dlc::createFilledTensor(b, loc, dxType, 0.0);
  SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0)),
      strides(rank, b.getIndexAttr(1)), sizes;
  for (int64_t size : covered)
    sizes.push_back(b.getIndexAttr(size));
  return tensor::InsertSliceOp::create(b, loc, result, zeros, offsets, sizes,
                                       strides);
}

//===----------------------------------------------------------------------===//
// max_pool_backward
//===----------------------------------------------------------------------===//

/// Returns, per window (n, c, o...), the row-major number of its first tap
/// equal to `pooled` (i32), or the number of taps when none is.
Value createFirstArgmax(OpBuilder &b, Location loc, Value input, Value pooled,
                        const PoolWindows &w) {
  auto inType = cast<RankedTensorType>(input.getType());
  auto pooledType = cast<RankedTensorType>(pooled.getType());
  auto elem = cast<FloatType>(inType.getElementType());
  int64_t spatial = w.spatial();

  // Pad (pads plus any ceil-mode overhang) with NaN, which equals nothing.
  SmallVector<int64_t> low(2, 0), high(2, 0);
  for (int64_t i = 0; i < spatial; ++i) {
    int64_t padded = w.in[i] + w.padsLow[i] + w.padsHigh[i];
    int64_t needed =
        (w.out[i] - 1) * w.strides[i] + w.dilations[i] * (w.kernel[i] - 1) + 1;
    low.push_back(w.padsLow[i]);
    high.push_back(w.padsHigh[i] + std::max<int64_t>(0, needed - padded));
  }
  Value nan = arith::ConstantOp::create(
      b, loc, b.getFloatAttr(elem, APFloat::getNaN(elem.getFloatSemantics())));
  Value padded = dlc::padWithConstant(b, loc, input, low, high, nan);

  MLIRContext *ctx = b.getContext();
  int64_t numLoops = 2 + 2 * spatial;
  SmallVector<AffineExpr> inExprs{getAffineDimExpr(0, ctx),
                                  getAffineDimExpr(1, ctx)};
  SmallVector<AffineExpr> outExprs(inExprs), tapExprs;
  for (int64_t i = 0; i < spatial; ++i) {
    AffineExpr o = getAffineDimExpr(2 + i, ctx);
    AffineExpr k = getAffineDimExpr(2 + spatial + i, ctx);
    inExprs.push_back(o * w.strides[i] + k * w.dilations[i]);
    outExprs.push_back(o);
    tapExprs.push_back(k);
  }
  SmallVector<AffineMap> maps{AffineMap::get(numLoops, 0, inExprs, ctx),
                              AffineMap::get(numLoops, 0, outExprs, ctx),
                              AffineMap::get(numLoops, 0, tapExprs, ctx),
                              AffineMap::get(numLoops, 0, outExprs, ctx)};
  SmallVector<utils::IteratorType> iterators =
      dlc::getParallelIterators(2 + spatial);
  iterators.append(spatial, utils::IteratorType::reduction);
  Type i32 = b.getI32Type();
  auto argmaxType = RankedTensorType::get(pooledType.getShape(), i32);
  Value init = dlc::createFilledTensor(b, loc, argmaxType, (double)w.numTaps());
  Value taps = tensor::EmptyOp::create(b, loc, w.kernel, elem);
  auto body = [&](OpBuilder &nb, Location l, ValueRange args) {
    SmallVector<Value> tapIndices;
    for (int64_t i = 0; i < spatial; ++i)
      tapIndices.push_back(linalg::IndexOp::create(nb, l, 2 + spatial + i));
    Value tap = arith::IndexCastOp::create(
        nb, l, i32, linearizeTaps(nb, l, tapIndices, w.kernel));
    Value isMax = arith::CmpFOp::create(nb, l, arith::CmpFPredicate::OEQ,
                                        args[0], args[1]);
    Value none = dlc::createScalarConstant(nb, l, i32, (double)w.numTaps());
    Value candidate = arith::SelectOp::create(nb, l, isMax, tap, none);
    linalg::YieldOp::create(
        nb, l, arith::MinSIOp::create(nb, l, args[3], candidate).getResult());
  };
  return linalg::GenericOp::create(b, loc, TypeRange{argmaxType},
                                   ValueRange{padded, pooled, taps},
                                   ValueRange{init}, maps, iterators, body)
      .getResult(0);
}

/// Lowers `dlc.max_pool_backward`: first argmax per window, then the window
/// adjoint routing dy to it.
struct MaxPoolBackwardOpLowering : OpConversionPattern<dlc::MaxPoolBackwardOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(dlc::MaxPoolBackwardOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput(), pooled = adaptor.getPooled();
    Value dy = adaptor.getResultGrad();
    auto inType = cast<RankedTensorType>(input.getType());
    auto outType = cast<RankedTensorType>(dy.getType());
    auto dxType = op.getResult().getType();
    if (pooled.getType() != outType || dxType != inType)
      return rewriter.notifyMatchFailure(op, "operand types do not match");
    FailureOr<PoolWindows> w = getPoolWindows(op, inType, outType, rewriter);
    if (failed(w))
      return failure();
    Value argmax = createFirstArgmax(rewriter, loc, input, pooled, *w);
    Type elem = dxType.getElementType();
    if (windowsTile(*w)) {
      // The window's (argmax, dy) arrive as the generic's inputs.
      Value result = createTiledAdjoint(
          rewriter, loc, dxType, *w, ValueRange{argmax, dy},
          [&](OpBuilder &b, Location l, ArrayRef<Value> window, Value tap) {
            Value isFirst = arith::CmpIOp::create(
                b, l, arith::CmpIPredicate::eq, window[0],
                arith::IndexCastOp::create(b, l, b.getI32Type(), tap));
            Value zero = dlc::createScalarConstant(b, l, elem, 0.0);
            return arith::SelectOp::create(b, l, isFirst, window[1], zero);
          });
      rewriter.replaceOp(op, result);
      return success();
    }
    Value result = createWindowAdjoint(
        rewriter, loc, dxType, *w,
        [&](OpBuilder &b, Location l, ArrayRef<Value> window, Value tap) {
          Value first = tensor::ExtractOp::create(b, l, argmax, window);
          Value grad = tensor::ExtractOp::create(b, l, dy, window);
          Value isFirst = arith::CmpIOp::create(
              b, l, arith::CmpIPredicate::eq, first,
              arith::IndexCastOp::create(b, l, b.getI32Type(), tap));
          Value zero =
              dlc::createScalarConstant(b, l, dxType.getElementType(), 0.0);
          return arith::SelectOp::create(b, l, isFirst, grad, zero);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// avg_pool_backward
//===----------------------------------------------------------------------===//

/// Number of taps `o * stride + j * dilation` (j < kernel) inside
/// [begin, end), in padded coordinates.
int64_t countTapsInside(int64_t o, int64_t kernel, int64_t stride,
                        int64_t dilation, int64_t begin, int64_t end) {
  int64_t count = 0;
  for (int64_t j = 0; j < kernel; ++j) {
    int64_t pos = o * stride + j * dilation;
    count += pos >= begin && pos < end;
  }
  return count;
}

/// The forward divisor of every window as an attribute over the output's
/// spatial shape: the product of the per-axis tap counts (at least 1).
DenseElementsAttr getAvgPoolDivisors(const PoolWindows &w, bool countIncludePad,
                                     FloatType elem) {
  int64_t spatial = w.spatial();
  SmallVector<SmallVector<int64_t>> axisCounts;
  for (int64_t i = 0; i < spatial; ++i) {
    int64_t begin = countIncludePad ? 0 : w.padsLow[i];
    int64_t end = countIncludePad ? w.in[i] + w.padsLow[i] + w.padsHigh[i]
                                  : w.padsLow[i] + w.in[i];
    SmallVector<int64_t> counts;
    for (int64_t o = 0; o < w.out[i]; ++o)
      counts.push_back(countTapsInside(o, w.kernel[i], w.strides[i],
                                       w.dilations[i], begin, end));
    axisCounts.push_back(counts);
  }
  int64_t numWindows = 1;
  for (int64_t d : w.out)
    numWindows *= d;
  SmallVector<APFloat> divisors;
  for (int64_t p = 0; p < numWindows; ++p) {
    int64_t rest = p, count = 1;
    for (int64_t i = spatial - 1; i >= 0; --i) {
      count *= axisCounts[i][rest % w.out[i]];
      rest /= w.out[i];
    }
    APFloat value((double)std::max<int64_t>(count, 1));
    bool losesInfo = false;
    value.convert(elem.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                  &losesInfo);
    divisors.push_back(value);
  }
  return DenseElementsAttr::get(RankedTensorType::get(w.out, elem), divisors);
}

/// Lowers `dlc.avg_pool_backward`: dy / divisor, then the window adjoint.
struct AvgPoolBackwardOpLowering : OpConversionPattern<dlc::AvgPoolBackwardOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(dlc::AvgPoolBackwardOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value dy = adaptor.getResultGrad();
    auto outType = cast<RankedTensorType>(dy.getType());
    auto dxType = op.getResult().getType();
    FailureOr<PoolWindows> w = getPoolWindows(op, dxType, outType, rewriter);
    if (failed(w))
      return failure();
    auto elem = cast<FloatType>(dxType.getElementType());
    DenseElementsAttr divisors =
        getAvgPoolDivisors(*w, op.getCountIncludePad(), elem);
    Value scaled;
    if (divisors.isSplat()) {
      Value divisor = arith::ConstantOp::create(
          rewriter, loc,
          rewriter.getFloatAttr(elem, divisors.getSplatValue<APFloat>()));
      scaled = dlc::createElementwiseGeneric(
          rewriter, loc, outType, dy,
          [&](OpBuilder &b, Location l, ValueRange args) -> Value {
            return arith::DivFOp::create(b, l, args[0], divisor);
          });
    } else {
      Value divisor = arith::ConstantOp::create(rewriter, loc, divisors);
      scaled = dlc::createElementwiseGeneric(
          rewriter, loc, outType, ValueRange{dy, divisor},
          [](OpBuilder &b, Location l, ValueRange args) -> Value {
            return arith::DivFOp::create(b, l, args[0], args[1]);
          });
    }
    Value result = createWindowAdjoint(
        rewriter, loc, dxType, *w,
        [&](OpBuilder &b, Location l, ArrayRef<Value> window, Value) -> Value {
          return tensor::ExtractOp::create(b, l, scaled, window);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void dlc::populateDLCPoolBackwardToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<MaxPoolBackwardOpLowering, AvgPoolBackwardOpLowering>(
      patterns.getContext());
}
