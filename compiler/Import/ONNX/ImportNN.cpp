//===- ImportNN.cpp - convolution, pooling and normalisation --------------===//
#include "compiler/Import/ONNX/ImportContext.h"

#include "mlir/IR/TypeUtilities.h"

using namespace mlir;

namespace dlc {
namespace {

/// Window attributes of Conv and the pools with auto_pad resolved to pads.
struct Window {
  SmallVector<int64_t> kernel, strides, dilations, pads, outShape;
};

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// The kernel, strides, dilations and pads (defaults 1, 1 and 0) of `k`
/// spatial axes, checked; auto_pad not yet applied.
FailureOr<Window> readWindow(NodeImporter &n, size_t k,
                             ArrayRef<int64_t> kernel) {
  Window w;
  w.kernel.assign(kernel.begin(), kernel.end());
  w.strides = n.intsAttr("strides").value_or(SmallVector<int64_t>(k, 1));
  w.dilations = n.intsAttr("dilations").value_or(SmallVector<int64_t>(k, 1));
  w.pads = n.intsAttr("pads").value_or(SmallVector<int64_t>(2 * k, 0));
  if (w.kernel.size() != k)
    return n.error("kernel_shape has " + Twine(w.kernel.size()) +
                   " dims, expected " + Twine(k));
  if (w.strides.size() != k || w.dilations.size() != k || w.pads.size() != 2 * k)
    return n.error("strides/dilations need " + Twine(k) + " values and pads " +
                   Twine(2 * k));
  for (size_t i = 0; i < k; ++i)
    if (w.kernel[i] < 1 || w.strides[i] < 1 || w.dilations[i] < 1 ||
        w.pads[i] < 0 || w.pads[k + i] < 0)
      return n.error("kernel, strides and dilations must be positive and pads "
                     "non-negative");
  return w;
}

FailureOr<Window> resolveWindow(NodeImporter &n, ArrayRef<int64_t> spatialIn,
                                ArrayRef<int64_t> kernel, bool ceilMode) {
  size_t k = spatialIn.size();
  FailureOr<Window> read = readWindow(n, k, kernel);
  if (failed(read))
    return failure();
  Window w = std::move(*read);
  std::string autoPad = n.stringAttr("auto_pad", "NOTSET");
  for (size_t i = 0; i < k; ++i) {
    int64_t span = w.dilations[i] * (w.kernel[i] - 1) + 1;
    if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
      int64_t out = ceilDiv(spatialIn[i], w.strides[i]);
      int64_t total = std::max<int64_t>(0, (out - 1) * w.strides[i] + span - spatialIn[i]);
      int64_t small = total / 2, large = total - small;
      w.pads[i] = autoPad == "SAME_UPPER" ? small : large;
      w.pads[k + i] = autoPad == "SAME_UPPER" ? large : small;
    } else if (autoPad == "VALID") {
      w.pads[i] = w.pads[k + i] = 0;
    } else if (autoPad != "NOTSET") {
      return n.error("unknown auto_pad '" + autoPad + "'");
    }
    int64_t padded = spatialIn[i] + w.pads[i] + w.pads[k + i];
    if (padded < span)
      return n.error("window of axis " + Twine(i) +
                     " is larger than the padded input");
    int64_t out = (padded - span) / w.strides[i] + 1;
    if (ceilMode && (padded - span) % w.strides[i] != 0 &&
        out * w.strides[i] < spatialIn[i] + w.pads[i])
      ++out;
    w.outShape.push_back(out);
  }
  return w;
}

/// The kernel of Conv and ConvTranspose: the spatial shape of the weight
/// (rank 3..5, the input's), which kernel_shape, when given, must repeat.
FailureOr<SmallVector<int64_t>> convKernel(NodeImporter &n, RankedTensorType xt,
                                           RankedTensorType wt) {
  if (xt.getRank() < 3 || xt.getRank() > 5)
    return n.unsupported(n.proto().op_type() + " of rank " +
                         Twine(xt.getRank()) +
                         " (1-D, 2-D and 3-D are supported)");
  if (wt.getRank() != xt.getRank())
    return n.error("weight has rank " + Twine(wt.getRank()) + ", expected " +
                   Twine(xt.getRank()));
  SmallVector<int64_t> kernel(wt.getShape().drop_front(2));
  if (auto ks = n.intsAttr("kernel_shape")) {
    if (ks->size() != kernel.size())
      return n.error("kernel_shape has " + Twine(ks->size()) +
                     " dims, expected " + Twine(kernel.size()));
    if (*ks != kernel)
      return n.error("kernel_shape does not match the weight's shape");
  }
  return kernel;
}

LogicalResult importConv(NodeImporter &n) {
  Value x = n.input(0), w = n.input(1);
  if (!x || !w)
    return failure();
  auto xt = cast<RankedTensorType>(x.getType());
  auto wt = cast<RankedTensorType>(w.getType());
  auto kernel = convKernel(n, xt, wt);
  if (failed(kernel))
    return failure();
  auto win = resolveWindow(n, xt.getShape().drop_front(2), *kernel, false);
  if (failed(win))
    return failure();
  int64_t group = n.intAttr("group", 1);
  if (group < 1 || xt.getDimSize(1) % group ||
      wt.getDimSize(1) * group != xt.getDimSize(1))
    return n.error("group " + Twine(group) + " does not fit " +
                   Twine(xt.getDimSize(1)) + " input channels and weight of " +
                   Twine(wt.getDimSize(1)) + " channels per group");
  SmallVector<int64_t> shape{xt.getDimSize(0), wt.getDimSize(0)};
  llvm::append_range(shape, win->outShape);
  Value bias = n.hasInput(2) ? n.input(2) : Value();
  OpBuilder &b = n.builder();
  auto conv = b.create<ConvOp>(n.getLoc(),
                               RankedTensorType::get(shape, xt.getElementType()),
                               x, w, bias, win->strides, win->dilations,
                               win->pads, group);
  n.setOutput(0, conv);
  return success();
}

/// `p` [C] reshaped to [C, 1, ...] so that it broadcasts over the channels
/// of a tensor of type `type` [N, C, D...].
Value perChannel(NodeImporter &n, Value p, RankedTensorType type) {
  SmallVector<int64_t> shape(type.getRank() - 1, 1);
  shape[0] = type.getDimSize(1);
  return n.create<ReshapeOp>(type.clone(shape), p);
}

/// ConvTranspose's window: per axis the full transposed extent is
/// s * (in - 1) + (k - 1) * d + 1 + output_padding, of which the pads cut
/// the output. output_shape, or auto_pad SAME_* (output in * s), makes the
/// pads total - out, split as ONNX's reference does (floor halves, the odd
/// one at the end for SAME_UPPER); they may come out negative, which widens
/// the output with zeros.
FailureOr<Window> resolveTransposedWindow(NodeImporter &n, ArrayRef<int64_t> in,
                                          ArrayRef<int64_t> kernel,
                                          ArrayRef<int64_t> outPadding) {
  size_t k = in.size();
  FailureOr<Window> read = readWindow(n, k, kernel);
  if (failed(read))
    return failure();
  Window w = std::move(*read);
  std::string autoPad = n.stringAttr("auto_pad", "NOTSET");
  if (!llvm::is_contained({"NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"},
                          autoPad))
    return n.error("unknown auto_pad '" + autoPad + "'");
  auto outShape = n.intsAttr("output_shape");
  if (outShape && outShape->size() == k + 2) // some exporters add [N, C]
    outShape->erase(outShape->begin(), outShape->begin() + 2);
  if (outShape && outShape->size() != k)
    return n.error("output_shape has " + Twine(outShape->size()) +
                   " entries, expected " + Twine(k));
  bool fromShape =
      outShape || autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER";
  for (size_t i = 0; i < k; ++i) {
    int64_t full = w.strides[i] * (in[i] - 1) +
                   (kernel[i] - 1) * w.dilations[i] + 1 + outPadding[i];
    if (fromShape) {
      int64_t out = outShape ? (*outShape)[i] : in[i] * w.strides[i];
      int64_t total = full - out;
      int64_t half = llvm::divideFloorSigned(total, 2);
      w.pads[i] = autoPad == "SAME_UPPER" ? half : total - half;
      w.pads[k + i] = total - w.pads[i];
    } else if (autoPad == "VALID") {
      w.pads[i] = w.pads[k + i] = 0;
    }
    w.outShape.push_back(full - w.pads[i] - w.pads[k + i]);
    if (w.outShape.back() < 1)
      return n.error("pads leave axis " + Twine(i) + " of the output empty");
  }
  return w;
}

/// The transposed convolution of `x` with the resolved window:
/// dlc.conv_backward_data over the pads that are non-negative, up to
/// stride - 1 trailing positions, and dlc.pad adding the zeros that
/// negative pads and larger output_padding ask for.
Value buildConvTranspose(NodeImporter &n, Value x, Value w, const Window &win,
                         ArrayRef<int64_t> outPadding, int64_t group) {
  auto xt = cast<RankedTensorType>(x.getType());
  auto wt = cast<RankedTensorType>(w.getType());
  size_t k = win.kernel.size();
  SmallVector<int64_t> opPads(2 * k), zeros(2 * k + 4, 0);
  SmallVector<int64_t> shape{xt.getDimSize(0), wt.getDimSize(1) * group};
  SmallVector<int64_t> outShape(shape), extra(zeros);
  for (size_t i = 0; i < k; ++i) {
    int64_t begin = win.pads[i], end = win.pads[k + i] - outPadding[i];
    opPads[i] = std::max<int64_t>(begin, 0);
    opPads[k + i] = std::max<int64_t>(end, 0);
    int64_t wider = std::max<int64_t>(-end, 0); // zeros past the full extent
    int64_t trailing = std::min(wider, win.strides[i] - 1);
    int64_t span = (win.kernel[i] - 1) * win.dilations[i] + 1;
    shape.push_back(win.strides[i] * (xt.getDimSize(2 + i) - 1) + span -
                    opPads[i] - opPads[k + i] + trailing);
    outShape.push_back(win.outShape[i]);
    extra[2 + i] = std::max<int64_t>(-begin, 0);
    extra[k + 4 + i] = wider - trailing;
  }
  Value y = n.create<ConvBackwardDataOp>(xt.clone(shape), x, w, win.strides,
                                         win.dilations, opPads, group);
  if (extra == zeros)
    return y;
  return n.create<PadOp>(xt.clone(outShape), y, extra, llvm::APFloat(0.0));
}

/// y [N, C, D...] + bias[c]; null (with an error) unless bias is [C].
Value addChannelBias(NodeImporter &n, Value y, Value bias) {
  auto type = cast<RankedTensorType>(y.getType());
  auto bt = dyn_cast_or_null<RankedTensorType>(bias ? bias.getType() : Type());
  if (!bt || bt.getRank() != 1 || bt.getDimSize(0) != type.getDimSize(1)) {
    n.error("B must have shape [" + Twine(type.getDimSize(1)) + "]");
    return nullptr;
  }
  return n.create<AddOp>(type, y, perChannel(n, bias, type));
}

/// ConvTranspose: X [N, C, D...], W [C, M/group, K...], optional B [M].
LogicalResult importConvTranspose(NodeImporter &n) {
  Value x = floatInput(n), w = n.input(1);
  if (!x || !w)
    return failure();
  auto xt = cast<RankedTensorType>(x.getType());
  auto wt = cast<RankedTensorType>(w.getType());
  auto kernel = convKernel(n, xt, wt);
  if (failed(kernel))
    return failure();
  size_t k = kernel->size();
  int64_t group = n.intAttr("group", 1);
  if (group < 1 || wt.getDimSize(0) != xt.getDimSize(1) ||
      xt.getDimSize(1) % group)
    return n.error("group " + Twine(group) + " does not fit " +
                   Twine(xt.getDimSize(1)) + " input channels and weight of " +
                   Twine(wt.getDimSize(0)) + " input channels");
  auto outPadding =
      n.intsAttr("output_padding").value_or(SmallVector<int64_t>(k, 0));
  if (outPadding.size() != k ||
      llvm::any_of(outPadding, [](int64_t p) { return p < 0; }))
    return n.error("output_padding needs " + Twine(k) + " non-negative values");
  auto win = resolveTransposedWindow(n, xt.getShape().drop_front(2), *kernel,
                                     outPadding);
  if (failed(win))
    return failure();
  Value y = buildConvTranspose(n, x, w, *win, outPadding, group);
  if (n.hasInput(2))
    y = addChannelBias(n, y, n.input(2));
  return setComposed(n, y);
}

/// Col2Im: the columns [N, C * prod(block), L] summed back into the image
/// [N, C, image...], as a transposed convolution of the block grid with a
/// one-hot kernel per (channel, block position) in C groups: block position
/// k of channel c lands at offset k of each window.
LogicalResult importCol2Im(NodeImporter &n) {
  Value x = floatInput(n);
  auto image = n.constantInts(1, "image_shape");
  auto block = n.constantInts(2, "block_shape");
  if (!x || failed(image) || failed(block))
    return failure();
  auto xt = cast<RankedTensorType>(x.getType());
  size_t k = block->size();
  if (xt.getRank() != 3 || image->size() != k || k == 0)
    return n.error("input must be [N, C * prod(block), L] and image_shape "
                   "have block_shape's length");
  auto read = readWindow(n, k, *block);
  if (failed(read))
    return failure();
  Window win = std::move(*read);
  int64_t positions = 1, blocks = 1;
  SmallVector<int64_t> grid{xt.getDimSize(0), xt.getDimSize(1)};
  SmallVector<int64_t> outPadding;
  for (size_t i = 0; i < k; ++i) {
    int64_t span = ((*block)[i] - 1) * win.dilations[i] + 1;
    int64_t padded = (*image)[i] + win.pads[i] + win.pads[k + i];
    if (padded < span)
      return n.error("block_shape does not fit image_shape");
    int64_t count = (padded - span) / win.strides[i] + 1;
    grid.push_back(count);
    outPadding.push_back(padded - (win.strides[i] * (count - 1) + span));
    positions *= (*block)[i];
    blocks *= count;
  }
  if (xt.getDimSize(1) % positions || xt.getDimSize(2) != blocks)
    return n.error("input is [N, " + Twine(xt.getDimSize(1)) + ", " +
                   Twine(xt.getDimSize(2)) + "], expected C * " +
                   Twine(positions) + " channels and " + Twine(blocks) +
                   " blocks");
  int64_t channels = xt.getDimSize(1) / positions;
  win.outShape.assign(image->begin(), image->end());
  // The kernel: input channel c * positions + p has a 1 at position p.
  SmallVector<int64_t> wShape{xt.getDimSize(1), 1};
  llvm::append_range(wShape, *block);
  SmallVector<double> oneHot(xt.getDimSize(1) * positions, 0.0);
  for (int64_t ch = 0; ch < xt.getDimSize(1); ++ch)
    oneHot[ch * positions + ch % positions] = 1.0;
  Value w = denseConstant(n, xt.clone(wShape), oneHot);
  Value columns = reshapeTo(n, x, grid);
  return setComposed(
      n, buildConvTranspose(n, columns, w, win, outPadding, channels));
}

/// A pooling node's window (kernel_shape, strides, dilations, pads,
/// auto_pad, ceil_mode) over x's spatial axes and its result type.
struct Pooling {
  Window window;
  RankedTensorType type;
};
FailureOr<Pooling> resolvePooling(NodeImporter &n, Value x) {
  auto xt = cast<RankedTensorType>(x.getType());
  if (xt.getRank() < 3)
    return n.error("input must be [N, C, spatial...]");
  auto kernel = n.intsAttr("kernel_shape");
  if (!kernel)
    return n.error("kernel_shape is required");
  auto win = resolveWindow(n, xt.getShape().drop_front(2), *kernel,
                           n.intAttr("ceil_mode", 0) != 0);
  if (failed(win))
    return failure();
  SmallVector<int64_t> shape{xt.getDimSize(0), xt.getDimSize(1)};
  llvm::append_range(shape, win->outShape);
  return Pooling{*win, RankedTensorType::get(shape, xt.getElementType())};
}

template <typename PoolOp>
LogicalResult importPool(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  if (!isa<FloatType>(getElementTypeOrSelf(x.getType())))
    return n.unsupported(n.proto().op_type() + " on integer tensors");
  if (n.hasOutput(1))
    return n.unsupported("MaxPool 'Indices' output");
  if (n.intAttr("storage_order", 0) != 0)
    return n.unsupported("storage_order=1");
  auto pooled = resolvePooling(n, x);
  if (failed(pooled))
    return failure();
  auto win = &pooled->window;
  RankedTensorType type = pooled->type;
  OpBuilder &b = n.builder();
  Value y;
  if constexpr (std::is_same_v<PoolOp, AvgPoolOp>) {
    if (n.attr("dilations") && n.opset() < 19 &&
        llvm::any_of(win->dilations, [](int64_t d) { return d != 1; }))
      return n.error("AveragePool has no dilations before opset 19");
    y = b.create<AvgPoolOp>(n.getLoc(), type, x, win->kernel, win->strides,
                            win->dilations, win->pads,
                            n.intAttr("count_include_pad", 0) != 0);
  } else {
    y = b.create<MaxPoolOp>(n.getLoc(), type, x, win->kernel, win->strides,
                            win->dilations, win->pads);
  }
  n.setOutput(0, y);
  return success();
}

/// LpPool: (sum over the window of |x|^p)^(1/p), the sum an average pool
/// that counts the pads (which add 0) times the window's size.
LogicalResult importLpPool(NodeImporter &n) {
  Value x = floatInput(n);
  if (!x)
    return failure();
  int64_t p = n.intAttr("p", 2);
  if (p < 1)
    return n.error("p must be at least 1, not " + Twine(p));
  auto pooled = resolvePooling(n, x);
  if (failed(pooled))
    return failure();
  const Window &win = pooled->window;
  RankedTensorType type = pooled->type;
  auto xt = cast<RankedTensorType>(x.getType());
  Type elt = xt.getElementType();
  Value magnitude = n.create<AbsOp>(xt, x);
  Value powered =
      p == 1 ? magnitude
             : n.create<PowOp>(xt, magnitude, n.scalarConstant(elt, p));
  int64_t size = 1;
  for (int64_t k : win.kernel)
    size *= k;
  Value mean = n.create<AvgPoolOp>(type, powered, win.kernel, win.strides,
                                   win.dilations, win.pads, true);
  Value sum = n.create<MulOp>(type, mean, n.scalarConstant(elt, size));
  if (p == 1)
    return setComposed(n, sum);
  n.setOutput(0, n.create<PowOp>(type, sum, n.scalarConstant(elt, 1.0 / p)));
  return success();
}

template <typename PoolOp>
LogicalResult importGlobalPool(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  auto xt = cast<RankedTensorType>(x.getType());
  if (xt.getRank() < 3)
    return n.error("input must be [N, C, spatial...]");
  SmallVector<int64_t> kernel(xt.getShape().drop_front(2));
  size_t k = kernel.size();
  SmallVector<int64_t> ones(k, 1), zeros(2 * k, 0);
  SmallVector<int64_t> shape{xt.getDimSize(0), xt.getDimSize(1)};
  shape.append(k, 1);
  auto type = RankedTensorType::get(shape, xt.getElementType());
  OpBuilder &b = n.builder();
  Value y;
  if constexpr (std::is_same_v<PoolOp, AvgPoolOp>)
    y = b.create<AvgPoolOp>(n.getLoc(), type, x, kernel, ones, ones, zeros,
                            false);
  else
    y = b.create<MaxPoolOp>(n.getLoc(), type, x, kernel, ones, ones, zeros);
  n.setOutput(0, y);
  return success();
}

/// BatchNormalization as dlc.batch_norm, which inference expands with the
/// running statistics and a training step with the batch's (ModeOps.h).
/// The node's own training_mode (outputs running_mean/var) is unsupported.
LogicalResult importBatchNorm(NodeImporter &n) {
  if (n.intAttr("training_mode", 0) || n.hasOutput(1) || n.hasOutput(2))
    return n.unsupported("BatchNormalization in training mode");
  Value x = n.input(0);
  if (!x)
    return failure();
  auto xt = cast<RankedTensorType>(x.getType());
  if (xt.getRank() < 2)
    return n.error("input must be [N, C, ...]");
  int64_t c = xt.getDimSize(1);
  SmallVector<Value> params;
  for (unsigned i = 1; i <= 4; ++i) {
    Value p = n.input(i);
    if (!p)
      return failure();
    auto pt = cast<RankedTensorType>(p.getType());
    if (pt.getRank() != 1 || pt.getDimSize(0) != c ||
        pt.getElementType() != xt.getElementType())
      return n.error("parameter " + Twine(i) + " must have shape [" +
                     Twine(c) + "] and the input's element type");
    params.push_back(p);
  }
  float epsilon = n.floatAttr("epsilon", 1e-5f);
  float momentum = n.floatAttr("momentum", 0.9f);
  if (!(epsilon >= 0.0f) || !(momentum >= 0.0f && momentum <= 1.0f))
    return n.error("epsilon must be non-negative and momentum in [0, 1]");
  OpBuilder &b = n.builder();
  n.setOutput(0, b.create<BatchNormOp>(n.getLoc(), xt, x, params[0], params[1],
                                       params[2], params[3],
                                       b.getF32FloatAttr(epsilon),
                                       b.getF32FloatAttr(momentum)));
  return success();
}

/// x normalized over `axes` (sorted, non-negative): (x - mean) * inv with
/// inv = 1 / sqrt(var + epsilon), from dlc.reduce_sum and elementwise ops
/// (so the gradient comes from theirs); mean and inv keep the axes as 1.
struct Normalized {
  Value y, mean, inv;
};
/// The mean of v over `axes`, which stay as size 1.
Value meanOver(NodeImporter &n, Value v, ArrayRef<int64_t> axes) {
  auto type = cast<RankedTensorType>(v.getType());
  int64_t count = 1;
  for (int64_t d : axes)
    count *= type.getDimSize(d);
  Value sum = sumAxes(n, v, axes, true);
  return n.create<MulOp>(
      sum.getType(), sum,
      n.scalarConstant(type.getElementType(), 1.0 / (double)count));
}

Normalized normalizeOver(NodeImporter &n, Value x, ArrayRef<int64_t> axes,
                         double epsilon) {
  auto type = cast<RankedTensorType>(x.getType());
  Type elt = type.getElementType();
  auto mean = [&](Value v) { return meanOver(n, v, axes); };
  Value mu = mean(x);
  Type keptType = mu.getType();
  Value centered = n.create<SubOp>(type, x, mu);
  Value var = mean(n.create<MulOp>(type, centered, centered));
  Value eps = n.scalarConstant(elt, epsilon);
  Value inv = n.create<ReciprocalOp>(
      keptType, n.create<SqrtOp>(keptType, n.create<AddOp>(keptType, var, eps)));
  return {n.create<MulOp>(type, centered, inv), mu, inv};
}

/// normalizeOver the axes from `first` on.
Normalized normalizeFrom(NodeImporter &n, Value x, int64_t first,
                         double epsilon) {
  int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
  auto axes = llvm::to_vector(llvm::seq<int64_t>(first, rank));
  return normalizeOver(n, x, axes, epsilon);
}

/// InstanceNormalization: normalized over the spatial axes of each image
/// and channel, then scale[c] * y + B[c].
LogicalResult importInstanceNorm(NodeImporter &n) {
  Value x = floatInput(n), scale = n.input(1), bias = n.input(2);
  if (!x || !scale || !bias)
    return failure();
  auto type = cast<RankedTensorType>(x.getType());
  if (type.getRank() < 3)
    return n.error("input must be [N, C, D...]");
  for (Value p : {scale, bias}) {
    auto pt = cast<RankedTensorType>(p.getType());
    if (pt.getRank() != 1 || pt.getDimSize(0) != type.getDimSize(1))
      return n.error("scale and B must have shape [C]");
  }
  Normalized z = normalizeFrom(n, x, 2, n.floatAttr("epsilon", 1e-5f));
  Value y = n.create<MulOp>(type, z.y, perChannel(n, scale, type));
  n.setOutput(0, n.create<AddOp>(type, y, perChannel(n, bias, type)));
  return success();
}

/// LayerNormalization over the axes from `axis` on: Y = normalized X *
/// Scale + B. The optional outputs Mean and InvStdDev keep the reduced axes
/// as 1.
LogicalResult importLayerNorm(NodeImporter &n) {
  Value x = n.input(0), scale = n.input(1);
  if (!x || !scale)
    return failure();
  auto type = cast<RankedTensorType>(x.getType());
  if (!isa<FloatType>(type.getElementType()))
    return n.unsupported("LayerNormalization on a non-float tensor");
  auto axis = n.normalizeAxis(n.intAttr("axis", -1), type.getRank());
  if (failed(axis))
    return failure();
  Normalized z = normalizeFrom(n, x, *axis, n.floatAttr("epsilon", 1e-5f));
  Value y = z.y, mu = z.mean, inv = z.inv;
  auto st = cast<RankedTensorType>(scale.getType());
  if (failed(broadcastShapes(type.getShape(), st.getShape())))
    return n.error("Scale does not broadcast to the input's shape");
  y = n.create<MulOp>(type, y, scale);
  if (n.hasInput(2)) {
    Value bias = n.input(2);
    if (!bias || failed(broadcastShapes(
                     type.getShape(),
                     cast<RankedTensorType>(bias.getType()).getShape())))
      return n.error("B does not broadcast to the input's shape");
    y = n.create<AddOp>(type, y, bias);
  }
  n.setOutput(0, y);
  if (n.hasOutput(1))
    n.setOutput(1, mu);
  if (n.hasOutput(2))
    n.setOutput(2, inv);
  return success();
}

/// GroupNormalization: the channels in `num_groups` groups, each image's
/// group normalized over its channels and spatial axes, then scale[c] * y +
/// B[c]. Opset 18 gave scale and B per group ([G]); opset 21 per channel.
LogicalResult importGroupNorm(NodeImporter &n) {
  Value x = floatInput(n), scale = n.input(1), bias = n.input(2);
  if (!x || !scale || !bias)
    return failure();
  auto type = cast<RankedTensorType>(x.getType());
  int64_t groups = n.intAttr("num_groups", 0);
  if (type.getRank() < 3)
    return n.error("input must be [N, C, D...]");
  int64_t c = type.getDimSize(1);
  if (groups < 1 || c % groups)
    return n.error("num_groups (" + Twine(groups) +
                   ") must be positive and divide the " + Twine(c) +
                   " channels");
  int64_t perGroup = type.getNumElements() / (type.getDimSize(0) * groups);
  auto grouped = type.clone({type.getDimSize(0), groups, perGroup});
  Normalized z = normalizeFrom(n, n.create<ReshapeOp>(grouped, x), 2,
                               n.floatAttr("epsilon", 1e-5f));
  Value y = n.create<ReshapeOp>(type, z.y);
  for (Value *p : {&scale, &bias}) {
    auto pt = cast<RankedTensorType>(p->getType());
    bool perGroupParam = n.opset() < 21 && groups != c;
    int64_t expected = perGroupParam ? groups : c;
    if (pt.getRank() != 1 || pt.getDimSize(0) != expected)
      return n.error("scale and bias must have shape [" + Twine(expected) +
                     "]");
    if (perGroupParam) {
      auto column = pt.clone({groups, 1});
      auto spread = pt.clone({groups, c / groups});
      *p = n.create<ReshapeOp>(
          pt.clone({c}), n.create<BroadcastOp>(
                             spread, n.create<ReshapeOp>(column, *p)));
    }
  }
  y = n.create<MulOp>(type, y, perChannel(n, scale, type));
  n.setOutput(0, n.create<AddOp>(type, y, perChannel(n, bias, type)));
  return success();
}

/// RMSNormalization (opset 23): x / sqrt(mean(x^2) + epsilon) * scale, the
/// mean over the axes from `axis` on.
LogicalResult importRMSNorm(NodeImporter &n) {
  Value x = floatInput(n), scale = n.input(1);
  if (!x || !scale)
    return failure();
  auto type = cast<RankedTensorType>(x.getType());
  auto axis = n.normalizeAxis(n.intAttr("axis", -1), type.getRank());
  if (failed(axis))
    return failure();
  auto st = cast<RankedTensorType>(scale.getType());
  if (failed(broadcastShapes(type.getShape(), st.getShape())))
    return n.error("scale does not broadcast to the input's shape");
  Type elt = type.getElementType();
  auto axes = llvm::to_vector(llvm::seq<int64_t>(*axis, type.getRank()));
  Value mean = meanOver(n, n.create<MulOp>(type, x, x), axes);
  Type keptType = mean.getType();
  Value eps = n.scalarConstant(elt, n.floatAttr("epsilon", 1e-5f));
  Value inv = n.create<ReciprocalOp>(
      keptType,
      n.create<SqrtOp>(keptType, n.create<AddOp>(keptType, mean, eps)));
  Value y = n.create<MulOp>(type, x, inv);
  n.setOutput(0, n.create<MulOp>(type, y, scale));
  return success();
}

/// MeanVarianceNormalization: (x - mean) / sqrt(var + 1e-9) over `axes`
/// (default [0, 2, 3]). ONNX's function adds the 1e-9 after the sqrt;
/// inside it keeps the gradient finite where the variance is 0.
LogicalResult importMVN(NodeImporter &n) {
  Value x = floatInput(n);
  if (!x)
    return failure();
  int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
  SmallVector<int64_t> axes;
  for (int64_t a : n.intsAttr("axes").value_or(SmallVector<int64_t>{0, 2, 3})) {
    auto axis = n.normalizeAxis(a, rank);
    if (failed(axis))
      return failure();
    if (llvm::is_contained(axes, *axis))
      return n.error("axis " + Twine(a) + " is named twice");
    axes.push_back(*axis);
  }
  llvm::sort(axes);
  return setComposed(n, normalizeOver(n, x, axes, 1e-9).y);
}

/// LpNormalization: x / ||x||_p along `axis` (p 1 or 2), 0 where the norm
/// is 0.
LogicalResult importLpNormalization(NodeImporter &n) {
  Value x = floatInput(n);
  if (!x)
    return failure();
  auto type = cast<RankedTensorType>(x.getType());
  auto axis = n.normalizeAxis(n.intAttr("axis", -1), type.getRank());
  if (failed(axis))
    return failure();
  int64_t p = n.intAttr("p", 2);
  if (p != 1 && p != 2)
    return n.error("p must be 1 or 2, not " + Twine(p));
  Value terms = p == 1 ? n.create<AbsOp>(type, x) : n.create<MulOp>(type, x, x);
  Value norm = sumAxes(n, terms, {*axis}, /*keepdims=*/true);
  auto normType = cast<RankedTensorType>(norm.getType());
  if (p == 2)
    norm = n.create<SqrtOp>(normType, norm);
  Type elt = type.getElementType();
  Value zero = n.scalarConstant(elt, 0);
  Value isZero = n.create<CompareOp>(normType.clone(n.builder().getI1Type()),
                                     n.builder().getStringAttr("eq"), norm,
                                     zero);
  // 1 where the norm is 0, so that the quotient is 0 / 1 there.
  Value safe = n.create<SelectOp>(normType, isZero,
                                  n.scalarConstant(elt, 1), norm);
  return setComposed(n, n.create<DivOp>(type, x, safe));
}

/// The sum over a window of `size` channels (axis 1) around each channel,
/// [c - (size - 1) / 2, c + size / 2] within bounds: `v` zero-padded on the
/// channel axis, then `size` shifted slices added up.
Value channelWindowSum(NodeImporter &n, Value v, int64_t size) {
  auto type = cast<RankedTensorType>(v.getType());
  int64_t rank = type.getRank();
  SmallVector<int64_t> pads(2 * rank, 0), shape(type.getShape());
  pads[1] = (size - 1) / 2;
  pads[rank + 1] = size / 2;
  shape[1] += size - 1;
  Value padded = n.create<PadOp>(type.clone(shape), v, pads,
                                 llvm::APFloat(0.0));
  SmallVector<int64_t> starts(rank, 0), steps(rank, 1);
  Value sum;
  for (int64_t i = 0; i < size; ++i) {
    starts[1] = i;
    Value part = n.create<SliceOp>(type, padded, starts, steps);
    sum = sum ? n.create<AddOp>(type, sum, part) : part;
  }
  return sum;
}

/// LRN: x / (bias + alpha / size * s)^beta, s the sum of the squares over
/// the channel window of each element.
LogicalResult importLRN(NodeImporter &n) {
  Value x = floatInput(n);
  if (!x)
    return failure();
  auto type = cast<RankedTensorType>(x.getType());
  if (type.getRank() < 2)
    return n.error("input must be [N, C, ...]");
  int64_t size = n.intAttr("size", 0);
  if (size < 1)
    return n.error("size must be positive");
  Type elt = type.getElementType();
  double alpha = n.floatAttr("alpha", 1e-4f), beta = n.floatAttr("beta", 0.75f);
  double bias = n.floatAttr("bias", 1.0f);
  Value sum = channelWindowSum(n, n.create<MulOp>(type, x, x), size);
  Value scaled =
      n.create<MulOp>(type, sum, n.scalarConstant(elt, alpha / size));
  Value base = n.create<AddOp>(type, scaled, n.scalarConstant(elt, bias));
  Value denom = n.create<PowOp>(type, base, n.scalarConstant(elt, beta));
  return setComposed(n, n.create<DivOp>(type, x, denom));
}

} // namespace

void registerNNImporters(OpImporterMap &map) {
  map["Conv"] = importConv;
  map["ConvTranspose"] = importConvTranspose;
  map["MaxPool"] = importPool<MaxPoolOp>;
  map["AveragePool"] = importPool<AvgPoolOp>;
  map["LpPool"] = importLpPool;
  map["GlobalAveragePool"] = importGlobalPool<AvgPoolOp>;
  map["GlobalMaxPool"] = importGlobalPool<MaxPoolOp>;
  map["BatchNormalization"] = importBatchNorm;
  map["LayerNormalization"] = importLayerNorm;
  map["GroupNormalization"] = importGroupNorm;
  map["RMSNormalization"] = importRMSNorm;
  map["InstanceNormalization"] = importInstanceNorm;
  map["MeanVarianceNormalization"] = importMVN;
  map["LpNormalization"] = importLpNormalization;
  map["Col2Im"] = importCol2Im;
  map["LRN"] = importLRN;
}

} // namespace dlc
