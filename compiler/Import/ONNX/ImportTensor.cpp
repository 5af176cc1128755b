//===- ImportTensor.cpp - shape arithmetic and data movement --------------===//
//
// Shapes are static, so Shape and Size are constants and the arithmetic that
// exporters build on them folds away through the dlc ops' folders.
//
//===----------------------------------------------------------------------===//
#include "compiler/Import/ONNX/ImportContext.h"

using namespace mlir;

namespace dlc {
namespace {

LogicalResult importFlatten(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  auto t = cast<RankedTensorType>(x.getType());
  int64_t rank = t.getRank();
  int64_t axis = n.intAttr("axis", 1);
  if (axis < -rank || axis > rank)
    return n.error("axis " + Twine(axis) + " is out of range");
  if (axis < 0)
    axis += rank;
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < rank; ++d)
    (d < axis ? outer : inner) *= t.getDimSize(d);
  n.setOutput(0, reshapeTo(n, x, {outer, inner}));
  return success();
}

LogicalResult importReshape(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  auto t = cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> shape;
  if (n.opset() < 5) {
    shape = n.intsAttr("shape").value_or(SmallVector<int64_t>{});
  } else {
    auto s = n.constantInts(1, "the shape operand of Reshape");
    if (failed(s))
      return failure();
    shape = *s;
  }
  bool allowZero = n.intAttr("allowzero", 0) != 0;
  int64_t known = 1, inferAt = -1;
  for (auto [i, d] : llvm::enumerate(shape)) {
    if (d == 0 && !allowZero) {
      if ((int64_t)i >= t.getRank())
        return n.error("shape entry 0 at axis " + Twine(i) + " has no input dim to copy");
      d = t.getDimSize(i);
    }
    if (d == -1) {
      if (inferAt >= 0)
        return n.error("shape has more than one -1");
      inferAt = i;
      continue;
    }
    if (d < 0)
      return n.error("shape entry " + Twine(d) + " is invalid");
    known *= d;
  }
  if (inferAt >= 0) {
    if (known == 0 || t.getNumElements() % known)
      return n.error("cannot infer the -1 dimension");
    shape[inferAt] = t.getNumElements() / known;
  }
  int64_t count = 1;
  for (int64_t d : shape)
    count *= d;
  if (count != t.getNumElements())
    return n.error("cannot reshape " + Twine(t.getNumElements()) +
                   " elements to " + Twine(count));
  n.setOutput(0, reshapeTo(n, x, shape));
  return success();
}

/// Squeeze and Unsqueeze take axes as an attribute before opset 13 and as an
/// input from opset 13.
FailureOr<std::optional<SmallVector<int64_t>>> readAxes(NodeImporter &n) {
  if (n.opset() < 13)
    return n.intsAttr("axes");
  if (!n.hasInput(1))
    return std::optional<SmallVector<int64_t>>();
  auto axes = n.constantInts(1, "the axes operand");
  if (failed(axes))
    return failure();
  return std::optional<SmallVector<int64_t>>(*axes);
}

LogicalResult importSqueeze(NodeImporter &n) {
  Value x = n.input(0);
  auto axes = readAxes(n);
  if (!x || failed(axes))
    return failure();
  auto t = cast<RankedTensorType>(x.getType());
  SmallVector<bool> drop(t.getRank(), false);
  if (*axes) {
    for (int64_t a : **axes) {
      auto axis = n.normalizeAxis(a, t.getRank());
      if (failed(axis))
        return failure();
      if (t.getDimSize(*axis) != 1)
        return n.error("cannot squeeze axis " + Twine(a) + " of size " +
                       Twine(t.getDimSize(*axis)));
      drop[*axis] = true;
    }
  } else {
    for (int64_t d = 0; d < t.getRank(); ++d)
      drop[d] = t.getDimSize(d) == 1;
  }
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < t.getRank(); ++d)
    if (!drop[d])
      shape.push_back(t.getDimSize(d));
  n.setOutput(0, reshapeTo(n, x, shape));
  return success();
}

LogicalResult importUnsqueeze(NodeImporter &n) {
  Value x = n.input(0);
  auto axes = readAxes(n);
  if (!x || failed(axes))
    return failure();
  if (!*axes)
    return n.error("axes are required");
  auto t = cast<RankedTensorType>(x.getType());
  int64_t rank = t.getRank() + (int64_t)(*axes)->size();
  SmallVector<bool> inserted(rank, false);
  for (int64_t a : **axes) {
    auto axis = n.normalizeAxis(a, rank);
    if (failed(axis))
      return failure();
    if (inserted[*axis])
      return n.error("axis " + Twine(a) + " repeats");
    inserted[*axis] = true;
  }
  SmallVector<int64_t> shape;
  int64_t src = 0;
  for (int64_t d = 0; d < rank; ++d)
    shape.push_back(inserted[d] ? 1 : t.getDimSize(src++));
  n.setOutput(0, reshapeTo(n, x, shape));
  return success();
}

LogicalResult importTranspose(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  auto t = cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> perm;
  if (auto p = n.intsAttr("perm"))
    perm = *p;
  else
    for (int64_t d = t.getRank() - 1; d >= 0; --d)
      perm.push_back(d);
  if ((int64_t)perm.size() != t.getRank())
    return n.error("perm has " + Twine(perm.size()) + " entries, expected " +
                   Twine(t.getRank()));
  SmallVector<int64_t> shape;
  for (int64_t p : perm) {
    if (p < 0 || p >= t.getRank())
      return n.error("perm entry " + Twine(p) + " is out of range");
    shape.push_back(t.getDimSize(p));
  }
  n.setOutput(0, n.create<TransposeOp>(t.clone(shape), x, perm));
  return success();
}

LogicalResult importConcat(NodeImporter &n) {
  SmallVector<Value> inputs;
  for (unsigned i = 0; i < n.numInputs(); ++i) {
    Value v = n.input(i);
    if (!v)
      return failure();
    inputs.push_back(v);
  }
  if (inputs.empty())
    return n.error("needs at least one input");
  auto first = cast<RankedTensorType>(inputs[0].getType());
  auto axis = n.normalizeAxis(n.intAttr("axis", 0), first.getRank());
  if (failed(axis))
    return failure();
  SmallVector<int64_t> shape(first.getShape());
  shape[*axis] = 0;
  for (Value v : inputs) {
    auto t = cast<RankedTensorType>(v.getType());
    if (t.getRank() != first.getRank())
      return n.error("inputs have different ranks");
    shape[*axis] += t.getDimSize(*axis);
  }
  n.setOutput(0, n.create<ConcatOp>(first.clone(shape), inputs, *axis));
  return success();
}

/// The input position that output position `p` of a padded axis of `size`
/// (with `before` added in front) reads in Pad mode `mode`: reflect
/// mirrors without repeating the edge, edge clamps, wrap repeats.
int64_t paddedSource(StringRef mode, int64_t p, int64_t before,
                     int64_t size) {
  int64_t src = p - before;
  if (mode == "edge")
    return std::clamp<int64_t>(src, 0, size - 1);
  if (mode == "wrap")
    return ((src % size) + size) % size;
  if (size == 1)
    return 0;
  int64_t period = 2 * (size - 1);
  src = ((src % period) + period) % period;
  return src < size ? src : period - src;
}

/// Pad modes reflect, edge and wrap: per padded axis, a dlc.gather with
/// the constant source position of each output position (its gradient
/// adds the copies back up).
Value padByGather(NodeImporter &n, Value x, ArrayRef<int64_t> pads,
                  StringRef mode) {
  auto t = cast<RankedTensorType>(x.getType());
  int64_t rank = t.getRank();
  for (int64_t d = 0; d < rank; ++d) {
    int64_t before = pads[d], after = pads[rank + d];
    if (before == 0 && after == 0)
      continue;
    int64_t size = t.getDimSize(d);
    SmallVector<int64_t> sources, shape(t.getShape());
    shape[d] = size + before + after;
    for (int64_t p = 0; p < shape[d]; ++p)
      sources.push_back(paddedSource(mode, p, before, size));
    t = t.clone(shape);
    x = n.create<GatherOp>(t, x, i64Constant(n, sources), d);
  }
  return x;
}

/// Spreads the pads of `axes` (opset 18's axes operand: begins then ends,
/// one each per listed axis) over all `rank` axes, zero elsewhere.
LogicalResult spreadPadsOverAxes(NodeImporter &n, int64_t rank,
                                 SmallVector<int64_t> &pads) {
  auto axes = n.constantInts(3, "the axes operand of Pad");
  if (failed(axes))
    return failure();
  size_t k = axes->size();
  if (pads.size() != 2 * k)
    return n.error("pads has " + Twine(pads.size()) + " entries for " +
                   Twine(k) + " axes, expected " + Twine(2 * k));
  SmallVector<int64_t> full(2 * rank, 0);
  for (auto [i, a] : llvm::enumerate(*axes)) {
    auto axis = n.normalizeAxis(a, rank);
    if (failed(axis))
      return failure();
    full[*axis] = pads[i];
    full[rank + *axis] = pads[k + i];
  }
  pads = std::move(full);
  return success();
}

/// The pads of a Pad node (attribute before opset 11, then input 1, over
/// the axes of input 3 when given) and its constant value (attribute, then
/// input 2).
LogicalResult readPadding(NodeImporter &n, int64_t rank,
                          SmallVector<int64_t> &pads, double &value) {
  if (n.opset() < 11) {
    pads = n.intsAttr("pads").value_or(SmallVector<int64_t>{});
    value = n.floatAttr("value", 0.0f);
    return success();
  }
  auto p = n.constantInts(1, "the pads operand of Pad");
  if (failed(p))
    return failure();
  pads = *p;
  if (n.hasInput(2)) {
    auto v = n.constantInput(2);
    if (!v)
      return n.error("the constant_value operand of Pad must be a "
                     "compile-time constant");
    Attribute first = *v->getValues<Attribute>().begin();
    if (auto f = dyn_cast<FloatAttr>(first))
      value = f.getValueAsDouble();
    else
      value = (double)cast<IntegerAttr>(first).getInt();
  }
  return n.hasInput(3) ? spreadPadsOverAxes(n, rank, pads) : success();
}

/// Checks the mode: constant, reflect and edge, and wrap from opset 19.
LogicalResult checkPadMode(NodeImporter &n, StringRef mode) {
  if (mode == "constant" || mode == "reflect" || mode == "edge" ||
      (mode == "wrap" && n.opset() >= 19))
    return success();
  return n.unsupported("Pad mode '" + mode + "'");
}

LogicalResult importPad(NodeImporter &n) {
  Value x = n.input(0);
  std::string mode = n.stringAttr("mode", "constant");
  SmallVector<int64_t> pads;
  double value = 0.0;
  if (!x || failed(checkPadMode(n, mode)))
    return failure();
  auto t = cast<RankedTensorType>(x.getType());
  if (failed(readPadding(n, t.getRank(), pads, value)))
    return failure();
  if ((int64_t)pads.size() != 2 * t.getRank())
    return n.error("pads has " + Twine(pads.size()) + " entries, expected " +
                   Twine(2 * t.getRank()));
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < t.getRank(); ++d) {
    shape.push_back(t.getDimSize(d) + pads[d] + pads[t.getRank() + d]);
    if (shape.back() < 0)
      return n.error("pads crop axis " + Twine(d) + " below zero");
    if (mode != "constant" && t.getDimSize(d) == 0 && shape.back() > 0)
      return n.error("Pad mode '" + mode + "' cannot pad empty axis " +
                     Twine(d));
  }
  if (mode != "constant")
    return setComposed(n, padByGather(n, x, pads, mode));
  n.setOutput(0, n.create<PadOp>(t.clone(shape), x, pads,
                                 llvm::APFloat(value)));
  return success();
}

/// CenterCropPad: each of `axes` (default all) cropped or zero-padded to
/// the constant `shape`, centred (the odd element at the end): one dlc.pad
/// whose negative pads crop.
LogicalResult importCenterCropPad(NodeImporter &n) {
  Value x = n.input(0);
  auto shape = n.constantInts(1, "shape");
  if (!x || failed(shape))
    return failure();
  auto t = cast<RankedTensorType>(x.getType());
  int64_t rank = t.getRank();
  auto axes = n.intsAttr("axes").value_or(
      llvm::to_vector(llvm::seq<int64_t>(0, rank)));
  if (axes.size() != shape->size())
    return n.error("shape has " + Twine(shape->size()) + " entries for " +
                   Twine(axes.size()) + " axes");
  SmallVector<int64_t> pads(2 * rank, 0), out(t.getShape());
  for (auto [a, size] : llvm::zip(axes, *shape)) {
    auto axis = n.normalizeAxis(a, rank);
    if (failed(axis))
      return failure();
    if (size < 0)
      return n.error("shape entries must be non-negative");
    int64_t diff = size - t.getDimSize(*axis);
    // Growing: floor(diff / 2) zeros before; shrinking: floor(-diff / 2)
    // elements cut before. The rest goes at the end.
    int64_t before = diff >= 0 ? diff / 2 : -((-diff) / 2);
    pads[*axis] = before;
    pads[rank + *axis] = diff - before;
    out[*axis] = size;
  }
  return setComposed(n, n.create<PadOp>(t.clone(out), x, pads,
                                        llvm::APFloat(0.0)));
}

LogicalResult importShape(NodeImporter &n) {
  auto t = n.inputType(0);
  if (!t)
    return failure();
  int64_t rank = t.getRank();
  int64_t start = n.intAttr("start", 0), end = n.intAttr("end", rank);
  start = std::clamp<int64_t>(start < 0 ? start + rank : start, 0, rank);
  end = std::clamp<int64_t>(end < 0 ? end + rank : end, 0, rank);
  SmallVector<int64_t> dims;
  for (int64_t d = start; d < end; ++d)
    dims.push_back(t.getDimSize(d));
  n.setOutput(0, i64Constant(n, dims));
  return success();
}

LogicalResult importSize(NodeImporter &n) {
  auto t = n.inputType(0);
  if (!t)
    return failure();
  n.setOutput(0, i64Constant(n, {t.getNumElements()}, ArrayRef<int64_t>{}));
  return success();
}

LogicalResult importGather(NodeImporter &n) {
  Value data = n.input(0), indices = n.input(1);
  if (!data || !indices)
    return failure();
  auto dt = cast<RankedTensorType>(data.getType());
  auto it = cast<RankedTensorType>(indices.getType());
  if (!it.getElementType().isInteger(32) && !it.getElementType().isInteger(64))
    return n.error("indices must be int32 or int64");
  auto axis = n.normalizeAxis(n.intAttr("axis", 0), dt.getRank());
  if (failed(axis))
    return failure();
  SmallVector<int64_t> shape(dt.getShape().take_front(*axis));
  llvm::append_range(shape, it.getShape());
  llvm::append_range(shape, dt.getShape().drop_front(*axis + 1));
  n.setOutput(0, n.create<GatherOp>(dt.clone(shape), data, indices, *axis));
  return success();
}

/// The integer indices input 1 of GatherElements and ScatterElements, and
/// their axis (attribute `axis`, default 0) normalised against `data`.
FailureOr<int64_t> elementsAxis(NodeImporter &n, Value data, Value indices) {
  auto it = cast<RankedTensorType>(indices.getType());
  if (!it.getElementType().isInteger(32) && !it.getElementType().isInteger(64))
    return n.error("indices must be int32 or int64");
  auto dt = cast<RankedTensorType>(data.getType());
  if (it.getRank() != dt.getRank())
    return n.error("indices must have the rank of data");
  return n.normalizeAxis(n.intAttr("axis", 0), dt.getRank());
}

LogicalResult importGatherElements(NodeImporter &n) {
  Value data = n.input(0), indices = n.input(1);
  if (!data || !indices)
    return failure();
  auto axis = elementsAxis(n, data, indices);
  if (failed(axis))
    return failure();
  auto dt = cast<RankedTensorType>(data.getType());
  auto it = cast<RankedTensorType>(indices.getType());
  n.setOutput(0, n.create<GatherElementsOp>(it.clone(dt.getElementType()),
                                            data, indices, *axis));
  return success();
}

/// The `reduction` attribute of ScatterElements and ScatterND.
FailureOr<StringAttr> scatterReduction(NodeImporter &n) {
  std::string reduction = n.stringAttr("reduction", "none");
  if (!isScatterReduction(reduction))
    return n.unsupported(n.proto().op_type() + " reduction '" + reduction +
                         "'");
  return n.builder().getStringAttr(reduction);
}

/// ScatterElements, and Scatter (its deprecated name, opsets 9 and 10).
LogicalResult importScatterElements(NodeImporter &n) {
  Value data = n.input(0), indices = n.input(1), updates = n.input(2);
  if (!data || !indices || !updates)
    return failure();
  auto axis = elementsAxis(n, data, indices);
  if (failed(axis))
    return failure();
  if (indices.getType() != cast<RankedTensorType>(indices.getType())
                               .clone(cast<RankedTensorType>(updates.getType())
                                          .getShape()))
    return n.error("indices and updates must have one shape");
  auto reduction = scatterReduction(n);
  if (failed(reduction))
    return failure();
  n.setOutput(0, n.create<ScatterElementsOp>(data.getType(), data, indices,
                                             updates, *axis, *reduction));
  return success();
}

/// GatherND (batch_dims from opset 12) and ScatterND: int64 index tuples.
LogicalResult importGatherND(NodeImporter &n) {
  Value data = n.input(0), indices = n.input(1);
  if (!data || !indices)
    return failure();
  auto out = n.outputType(0);
  if (failed(out))
    return failure();
  if (!cast<RankedTensorType>(indices.getType()).getElementType().isInteger(64))
    return n.error("indices must be int64");
  n.setOutput(0, n.create<GatherNDOp>(*out, data, indices,
                                      n.intAttr("batch_dims", 0)));
  return success();
}

LogicalResult importScatterND(NodeImporter &n) {
  Value data = n.input(0), indices = n.input(1), updates = n.input(2);
  if (!data || !indices || !updates)
    return failure();
  if (!cast<RankedTensorType>(indices.getType()).getElementType().isInteger(64))
    return n.error("indices must be int64");
  auto reduction = scatterReduction(n);
  if (failed(reduction))
    return failure();
  n.setOutput(0, n.create<ScatterNDOp>(data.getType(), data, indices, updates,
                                       *reduction));
  return success();
}

/// ONNX Slice: per-axis clamping of starts/ends as the operator spec says.
LogicalResult importSlice(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  auto t = cast<RankedTensorType>(x.getType());
  int64_t rank = t.getRank();
  SmallVector<int64_t> starts, ends, axes, steps;
  if (n.opset() < 10) {
    starts = n.intsAttr("starts").value_or(SmallVector<int64_t>{});
    ends = n.intsAttr("ends").value_or(SmallVector<int64_t>{});
    axes = n.intsAttr("axes").value_or(SmallVector<int64_t>{});
  } else {
    auto s = n.constantInts(1, "the starts operand of Slice");
    auto e = succeeded(s) ? n.constantInts(2, "the ends operand of Slice")
                          : FailureOr<SmallVector<int64_t>>(failure());
    if (failed(s) || failed(e))
      return failure();
    starts = *s;
    ends = *e;
    if (n.hasInput(3)) {
      auto a = n.constantInts(3, "the axes operand of Slice");
      if (failed(a))
        return failure();
      axes = *a;
    }
    if (n.hasInput(4)) {
      auto st = n.constantInts(4, "the steps operand of Slice");
      if (failed(st))
        return failure();
      steps = *st;
    }
  }
  if (axes.empty())
    for (size_t i = 0; i < starts.size(); ++i)
      axes.push_back(i);
  if (steps.empty())
    steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() ||
      steps.size() != starts.size())
    return n.error("starts, ends, axes and steps differ in length");
  SmallVector<int64_t> outStarts(rank, 0), outSteps(rank, 1),
      shape(t.getShape());
  for (size_t i = 0; i < starts.size(); ++i) {
    auto axis = n.normalizeAxis(axes[i], rank);
    if (failed(axis))
      return failure();
    int64_t dim = t.getDimSize(*axis), step = steps[i];
    if (step == 0)
      return n.error("steps must not be 0");
    int64_t start = starts[i] < 0 ? starts[i] + dim : starts[i];
    int64_t end = ends[i] < 0 ? ends[i] + dim : ends[i];
    if (step > 0) {
      start = std::clamp<int64_t>(start, 0, dim);
      end = std::clamp<int64_t>(end, 0, dim);
    } else {
      start = std::clamp<int64_t>(start, 0, dim - 1);
      end = std::clamp<int64_t>(end, -1, dim - 1);
    }
    int64_t count = step > 0 ? (end - start + step - 1) / step
                             : (start - end + (-step) - 1) / (-step);
    count = std::max<int64_t>(count, 0);
    outStarts[*axis] = count ? start : 0;
    outSteps[*axis] = step;
    shape[*axis] = count;
  }
  n.setOutput(0, n.create<SliceOp>(t.clone(shape), x, outStarts, outSteps));
  return success();
}

/// The part sizes of a Split: input 1 or the `split` attribute, else equal
/// parts (the last one smaller when the axis does not divide evenly).
FailureOr<SmallVector<int64_t>> splitSizes(NodeImporter &n, int64_t dim) {
  if (n.hasInput(1))
    return n.constantInts(1, "split");
  if (auto split = n.intsAttr("split"))
    return *split;
  int64_t parts = n.numOutputs();
  if (parts < 1)
    return n.error("Split has no outputs");
  int64_t size = (dim + parts - 1) / parts;
  SmallVector<int64_t> sizes;
  for (int64_t p = 0, left = dim; p < parts; ++p, left -= size)
    sizes.push_back(std::max<int64_t>(std::min(size, left), 0));
  return sizes;
}

/// Split: one dlc.slice per output along `axis`.
LogicalResult importSplit(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  auto t = cast<RankedTensorType>(x.getType());
  auto axis = n.normalizeAxis(n.intAttr("axis", 0), t.getRank());
  if (failed(axis))
    return failure();
  int64_t dim = t.getDimSize(*axis);
  auto sizes = splitSizes(n, dim);
  if (failed(sizes))
    return failure();
  if ((int64_t)sizes->size() != n.numOutputs())
    return n.error("split has ") << sizes->size() << " parts for "
                                 << n.numOutputs() << " outputs";
  int64_t total = 0;
  for (int64_t s : *sizes) {
    if (s < 0)
      return n.error("split sizes must not be negative");
    total += s;
  }
  if (total != dim)
    return n.error("split sizes add up to ")
           << total << ", the axis has " << dim;
  SmallVector<int64_t> starts(t.getRank(), 0), steps(t.getRank(), 1),
      shape(t.getShape());
  for (auto [i, size] : llvm::enumerate(*sizes)) {
    shape[*axis] = size;
    SmallVector<int64_t> at(starts);
    if (size == 0)
      at[*axis] = 0; // as Slice: an empty part starts at 0
    if (n.hasOutput(i))
      n.setOutput(i, n.create<SliceOp>(t.clone(shape), x, at, steps));
    starts[*axis] += size;
  }
  return success();
}

LogicalResult importExpand(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  auto s = n.constantInts(1, "the shape operand of Expand");
  if (failed(s))
    return failure();
  auto t = cast<RankedTensorType>(x.getType());
  auto shape = broadcastShapes(t.getShape(), *s);
  if (failed(shape))
    return n.error("input does not broadcast to the requested shape");
  n.setOutput(0, n.create<BroadcastOp>(t.clone(*shape), x));
  return success();
}

LogicalResult importConstantOfShape(NodeImporter &n) {
  auto s = n.constantInts(0, "the shape operand of ConstantOfShape");
  if (failed(s))
    return failure();
  Attribute scalar = n.builder().getF32FloatAttr(0.0f);
  Type elt = n.builder().getF32Type();
  if (const auto *a = n.attr("value")) {
    std::string error;
    auto v = convertTensor(a->t(), n.getContext(), error);
    if (failed(v))
      return n.error(error);
    if (v->getNumElements() != 1)
      return n.error("value must hold one element");
    elt = v->getElementType();
    scalar = *v->getValues<Attribute>().begin();
  }
  auto type = RankedTensorType::get(*s, elt);
  n.setOutput(0, n.builder().create<arith::ConstantOp>(
                     n.getLoc(), type, DenseElementsAttr::get(type, scalar)));
  return success();
}

} // namespace

void registerTensorImporters(OpImporterMap &map) {
  map["CenterCropPad"] = importCenterCropPad;
  map["Flatten"] = importFlatten;
  map["Reshape"] = importReshape;
  map["Squeeze"] = importSqueeze;
  map["Unsqueeze"] = importUnsqueeze;
  map["Transpose"] = importTranspose;
  map["Concat"] = importConcat;
  map["Pad"] = importPad;
  map["Shape"] = importShape;
  map["Size"] = importSize;
  map["Gather"] = importGather;
  map["GatherElements"] = importGatherElements;
  map["ScatterElements"] = importScatterElements;
  map["Scatter"] = importScatterElements;
  map["GatherND"] = importGatherND;
  map["ScatterND"] = importScatterND;
  map["Slice"] = importSlice;
  map["Split"] = importSplit;
  map["Expand"] = importExpand;
  map["ConstantOfShape"] = importConstantOfShape;
}

} // namespace dlc
