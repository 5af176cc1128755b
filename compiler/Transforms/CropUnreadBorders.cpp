//===- CropUnreadBorders.cpp - the dlc-crop-unread-borders pass -----------===//
//
// Windowed ops (dlc.conv, dlc.max_pool, dlc.avg_pool) whose windows stop
// short of their input's end read a cropped input instead, and the crop is
// pushed up the graph (through elementwise ops, into windowed producers) so
// that the producers compute only what is read.
//
//===----------------------------------------------------------------------===//
#include "compiler/Transforms/Passes.h"

#include "dialects/DLC/IR/DLCOps.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace dlc {
#define GEN_PASS_DEF_CROPUNREADBORDERS
#include "compiler/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

/// The spatial geometry of a convolution or pooling: per spatial dim the
/// window's extent ((k - 1) * dilation + 1), its stride and begin pad.
struct Windows {
  SmallVector<int64_t> extent, stride, padBegin;
};

std::optional<Windows> windowsOf(Operation *op) {
  if (!isa<dlc::ConvOp, dlc::MaxPoolOp, dlc::AvgPoolOp>(op))
    return std::nullopt;
  auto in = cast<RankedTensorType>(op->getOperand(0).getType());
  int64_t spatial = in.getRank() - 2;
  auto attr = [&](StringRef name) {
    return op->getAttrOfType<DenseI64ArrayAttr>(name).asArrayRef();
  };
  SmallVector<int64_t> kernel;
  if (auto conv = dyn_cast<dlc::ConvOp>(op))
    llvm::append_range(kernel,
                       conv.getWeight().getType().getShape().drop_front(2));
  else
    llvm::append_range(kernel, attr("kernel_shape"));
  Windows w;
  for (int64_t d = 0; d < spatial; ++d) {
    w.extent.push_back((kernel[d] - 1) * attr("dilations")[d] + 1);
    w.stride.push_back(attr("strides")[d]);
    w.padBegin.push_back(attr("pads")[d]);
  }
  return w;
}

/// A slice of `x` keeping `sizes` from the origin (unit steps).
Value cropFromOrigin(PatternRewriter &rewriter, Location loc, Value x,
                     ArrayRef<int64_t> sizes) {
  auto type = cast<RankedTensorType>(x.getType());
  if (type.getShape() == sizes)
    return x;
  SmallVector<int64_t> zeros(sizes.size(), 0), ones(sizes.size(), 1);
  return dlc::SliceOp::create(rewriter, loc, type.clone(sizes), x,
                              rewriter.getDenseI64ArrayAttr(zeros),
                              rewriter.getDenseI64ArrayAttr(ones));
}

/// The input of a windowed op cropped to what its windows read for the
/// spatial result sizes `out`: the input's sizes and the op's new pads.
struct Crop {
  SmallVector<int64_t> inSizes, pads;
};

/// The crop of `op`'s input for result sizes `out`; none unless the input
/// shrinks along some dim, and wherever the result shrinks.
std::optional<Crop> cropFor(Operation *op, const Windows &w,
                            ArrayRef<int64_t> out) {
  auto inType = cast<RankedTensorType>(op->getOperand(0).getType());
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  int64_t spatial = out.size();
  Crop crop{SmallVector<int64_t>(inType.getShape()),
            SmallVector<int64_t>(
                op->getAttrOfType<DenseI64ArrayAttr>("pads").asArrayRef())};
  bool shrinks = false;
  for (int64_t d = 0; d < spatial; ++d) {
    // The input rows [0, reach) are all the windows read.
    int64_t reach = (out[d] - 1) * w.stride[d] + w.extent[d] - w.padBegin[d];
    int64_t size = inType.getDimSize(d + 2);
    if (reach >= 1 && reach < size) {
      // Cropped to [0, reach): no window reaches the end pad any more.
      crop.inSizes[d + 2] = reach;
      crop.pads[spatial + d] = 0;
      shrinks = true;
    } else if (out[d] != resultType.getDimSize(d + 2)) {
      return std::nullopt; // fewer windows that still reach the end pad
    }
  }
  if (!shrinks)
    return std::nullopt;
  return crop;
}

/// `op` (a windowed op) rebuilt to produce the spatial sizes `out` from its
/// input cropped by `crop` (cropFor's for `out`).
Operation *rebuildWindowed(PatternRewriter &rewriter, Operation *op,
                           const Crop &crop, ArrayRef<int64_t> out) {
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  SmallVector<int64_t> outSizes(resultType.getShape().take_front(2));
  llvm::append_range(outSizes, out);
  Value cropped =
      cropFromOrigin(rewriter, op->getLoc(), op->getOperand(0), crop.inSizes);
  Operation *rebuilt = rewriter.clone(*op);
  rebuilt->setOperand(0, cropped);
  rebuilt->getResult(0).setType(resultType.clone(outSizes));
  rebuilt->setAttr("pads", rewriter.getDenseI64ArrayAttr(crop.pads));
  return rebuilt;
}

bool isElementwise(Operation *op) {
  return op->hasTrait<OpTrait::Elementwise>() ||
         isa<dlc::AddOp, dlc::SubOp, dlc::MulOp, dlc::DivOp, dlc::MaxOp,
             dlc::MinOp>(op);
}

/// Whether a crop of `v` to `sizes` can move all the way up: through
/// single-use elementwise ops (along an operand of the full shape) to a
/// function argument, or to a single-use windowed op that then computes
/// the smaller result. Elsewhere the crop would stay between a producer and
/// its elementwise consumers (a strided read, and no epilogue fusion).
bool cropReachesProducer(Value v, ArrayRef<int64_t> sizes) {
  while (Operation *def = v.getDefiningOp()) {
    if (!v.hasOneUse())
      return false;
    if (std::optional<Windows> w = windowsOf(def))
      return cropFor(def, *w, sizes.drop_front(2)).has_value();
    if (!isElementwise(def))
      return false;
    auto same = llvm::find_if(def->getOperands(), [&](Value operand) {
      return operand.getType() == v.getType();
    });
    if (same == def->operand_end())
      return false;
    v = *same;
  }
  return true;
}

/// A pooling whose windows stop short of its input's end reads the input
/// cropped to them, where the crop can move on up to the producer.
template <typename PoolOp>
struct CropPoolInput : OpRewritePattern<PoolOp> {
  using OpRewritePattern<PoolOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(PoolOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.getInput().hasOneUse())
      return failure();
    std::optional<Windows> w = windowsOf(op);
    auto out = cast<RankedTensorType>(op->getResult(0).getType());
    SmallVector<int64_t> spatial(out.getShape().drop_front(2));
    std::optional<Crop> crop = cropFor(op, *w, spatial);
    if (!crop || !cropReachesProducer(op->getOperand(0), crop->inSizes))
      return failure();
    rewriter.setInsertionPoint(op);
    Operation *rebuilt = rebuildWindowed(rewriter, op, *crop, spatial);
    rewriter.replaceOp(op, rebuilt->getResults());
    return success();
  }
};

/// Whether `slice` keeps a box from the origin with unit steps, whole along
/// the first `whole` dims; its sizes are then its result's shape.
bool isOriginCrop(dlc::SliceOp slice, int64_t whole) {
  auto in = slice.getInput().getType();
  auto out = slice.getResult().getType();
  return llvm::all_of(slice.getStarts(), [](int64_t s) { return s == 0; }) &&
         llvm::all_of(slice.getSteps(), [](int64_t s) { return s == 1; }) &&
         in.getShape().take_front(whole) == out.getShape().take_front(whole);
}

/// slice(windowed(x)) from the origin, spatial dims only: the windowed op
/// computes the smaller result itself.
struct CropWindowedProducer : OpRewritePattern<dlc::SliceOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(dlc::SliceOp slice,
                                PatternRewriter &rewriter) const override {
    Operation *producer = slice.getInput().getDefiningOp();
    std::optional<Windows> w =
        producer ? windowsOf(producer) : std::nullopt;
    if (!w || !slice.getInput().hasOneUse() || !isOriginCrop(slice, 2))
      return failure();
    SmallVector<int64_t> out(slice.getType().getShape().drop_front(2));
    std::optional<Crop> crop = cropFor(producer, *w, out);
    if (!crop)
      return failure();
    rewriter.setInsertionPoint(producer);
    Operation *rebuilt = rebuildWindowed(rewriter, producer, *crop, out);
    rewriter.replaceOp(slice, rebuilt->getResults());
    rewriter.eraseOp(producer);
    return success();
  }
};

/// slice(elementwise(a, b, ...)): the operands are sliced instead, each
/// along the dims where it is not broadcast.
struct SliceElementwiseOperands : OpRewritePattern<dlc::SliceOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(dlc::SliceOp slice,
                                PatternRewriter &rewriter) const override {
    Operation *producer = slice.getInput().getDefiningOp();
    if (!producer || !slice.getInput().hasOneUse() || !isElementwise(producer))
      return failure();
    auto full = slice.getInput().getType();
    auto kept = slice.getType();
    rewriter.setInsertionPoint(producer);
    SmallVector<Value> operands;
    for (Value operand : producer->getOperands())
      operands.push_back(sliceOperand(rewriter, slice, operand, full, kept));
    Operation *rebuilt = rewriter.clone(*producer);
    rebuilt->setOperands(operands);
    rebuilt->getResult(0).setType(kept);
    rewriter.replaceOp(slice, rebuilt->getResults());
    rewriter.eraseOp(producer);
    return success();
  }

  /// `operand` (right-aligned with the full result, numpy broadcasting)
  /// sliced like the result along its dims that are not broadcast.
  static Value sliceOperand(PatternRewriter &rewriter, dlc::SliceOp slice,
                            Value operand, RankedTensorType full,
                            RankedTensorType kept) {
    auto type = cast<RankedTensorType>(operand.getType());
    int64_t offset = full.getRank() - type.getRank();
    SmallVector<int64_t> starts, steps, sizes;
    bool changes = false;
    for (int64_t d = 0; d < type.getRank(); ++d) {
      int64_t r = d + offset;
      bool stretched = type.getDimSize(d) != full.getDimSize(r);
      starts.push_back(stretched ? 0 : slice.getStarts()[r]);
      steps.push_back(stretched ? 1 : slice.getSteps()[r]);
      sizes.push_back(stretched ? type.getDimSize(d) : kept.getDimSize(r));
      changes |= sizes.back() != type.getDimSize(d);
    }
    if (!changes)
      return operand;
    return dlc::SliceOp::create(rewriter, slice.getLoc(), type.clone(sizes),
                                operand, rewriter.getDenseI64ArrayAttr(starts),
                                rewriter.getDenseI64ArrayAttr(steps));
  }
};

struct CropUnreadBordersPass
    : dlc::impl::CropUnreadBordersBase<CropUnreadBordersPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<CropPoolInput<dlc::MaxPoolOp>, CropPoolInput<dlc::AvgPoolOp>,
                 CropWindowedProducer, SliceElementwiseOperands>(
        &getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
