//===- ImportResize.cpp - ONNX Resize and Upsample ------------------------===//
//
// Resize (opsets 10 to 19) and Upsample (opsets 7 and 9), composed from
// dlc.gather, dlc.mul, dlc.add and dlc.select so that both inherit the CPU
// and GPU lowerings of those ops and, for floats, their gradient rules.
//
// Resize is separable: along one axis, output position x reads a few input
// positions (taps) with weights that depend only on x, the lengths and the
// attributes. Both are computed here, at compile time and in double, the
// way the ONNX reference implementation computes them; each resized axis
// then becomes, over its taps t,
//
//   y = sum_t gather(x, index_t, axis) * weight_t
//
// with index_t a constant of the output length and weight_t a constant
// broadcast along the other axes. The axes are resized innermost first, as
// in the reference, so that tf_crop_and_resize's extrapolated values enter
// the interpolation of the outer axes exactly as they do there.
//
// The attributes of opsets 18 and 19 (axes, keep_aspect_ratio_policy,
// antialias, half_pixel_symmetric) are handled, though dlc loads models up
// to opset 17 only.
//
//===----------------------------------------------------------------------===//
#include "compiler/Import/ONNX/ImportContext.h"

#include <cmath>

using namespace mlir;

namespace dlc {
namespace {

enum class Mode { Nearest, Linear, Cubic };

/// A bound on resized lengths that keeps the compile-time tables sane.
constexpr double kMaxLength = 1ll << 40;

/// The attributes that decide the taps and weights of every axis.
struct ResizeAttrs {
  Mode mode = Mode::Nearest;
  std::string coordinates = "half_pixel";
  std::string nearest = "round_prefer_floor";
  double cubicA = -0.75;
  bool excludeOutside = false;
  bool antialias = false;
  double extrapolation = 0.0;
};

/// One axis: its lengths, the scale the coordinate transform divides by and
/// the region of interest (tf_crop_and_resize only), as fractions of it.
struct AxisResize {
  int64_t in = 1, out = 1;
  double scale = 1.0;
  double roiStart = 0.0, roiEnd = 1.0;
};

/// The 1-D resampling of one axis: `count` taps per output position.
struct AxisTaps {
  int64_t count = 0;
  SmallVector<int64_t> index; // [x * count + t], within [0, in)
  SmallVector<double> weight; // [x * count + t]
  SmallVector<bool> outside;  // [x]: takes extrapolation_value instead
};

bool isCoordinateMode(StringRef m) {
  return llvm::is_contained({"half_pixel", "half_pixel_symmetric",
                             "pytorch_half_pixel", "align_corners",
                             "asymmetric", "tf_crop_and_resize",
                             "tf_half_pixel_for_nn"},
                            m);
}

bool isNearestMode(StringRef m) {
  return llvm::is_contained(
      {"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"}, m);
}

/// The interpolation mode; opsets 7 to 10 also spell linear "bilinear".
FailureOr<Mode> parseMode(NodeImporter &n, StringRef mode) {
  if (mode == "nearest")
    return Mode::Nearest;
  if (mode == "linear" || mode == "bilinear" || mode == "trilinear")
    return Mode::Linear;
  if (mode == "cubic" && n.proto().op_type() == "Resize" && n.opset() >= 11)
    return Mode::Cubic;
  return n.error("unknown mode '" + mode + "'");
}

/// Upsample and opset 10 Resize sample asymmetrically and round nearest
/// down (what ONNX's version converter to Resize 11 sets).
FailureOr<ResizeAttrs> readLegacyAttrs(NodeImporter &n) {
  auto mode = parseMode(n, n.stringAttr("mode", "nearest"));
  if (failed(mode))
    return failure();
  ResizeAttrs a;
  a.mode = *mode;
  a.coordinates = "asymmetric";
  a.nearest = "floor";
  return a;
}

/// Resize from opset 11: the mode as before, then the attributes that
/// replace the legacy sampling.
FailureOr<ResizeAttrs> readAttrs(NodeImporter &n) {
  auto legacy = readLegacyAttrs(n);
  if (failed(legacy))
    return failure();
  ResizeAttrs a = *legacy;
  a.coordinates = n.stringAttr("coordinate_transformation_mode", "half_pixel");
  a.nearest = n.stringAttr("nearest_mode", "round_prefer_floor");
  if (!isCoordinateMode(a.coordinates))
    return n.error("unknown coordinate_transformation_mode '" + a.coordinates +
                   "'");
  if (!isNearestMode(a.nearest))
    return n.error("unknown nearest_mode '" + a.nearest + "'");
  a.cubicA = n.floatAttr("cubic_coeff_a", -0.75f);
  a.excludeOutside = n.intAttr("exclude_outside", 0) != 0;
  // Antialiasing widens the linear and cubic filters; nearest ignores it.
  a.antialias = n.intAttr("antialias", 0) != 0 && a.mode != Mode::Nearest;
  a.extrapolation = n.floatAttr("extrapolation_value", 0.0f);
  return a;
}

// Coordinates and weights ---------------------------------------------------

/// The input coordinate that output position `x` samples. `length` is the
/// resized length as the reference computes it, scale * in: align_corners
/// and tf_crop_and_resize divide by it also when the scales input makes it
/// fractional.
double originalCoordinate(const ResizeAttrs &a, const AxisResize &r, double x) {
  double in = r.in, length = r.scale * r.in;
  StringRef m = a.coordinates;
  if (m == "asymmetric")
    return x / r.scale;
  if (m == "align_corners")
    return length == 1 ? 0.0 : x * (in - 1) / (length - 1);
  if (m == "pytorch_half_pixel")
    return r.out > 1 ? (x + 0.5) / r.scale - 0.5 : 0.0;
  if (m == "tf_half_pixel_for_nn")
    return (x + 0.5) / r.scale;
  if (m == "tf_crop_and_resize") {
    double start = r.roiStart * (in - 1), span = r.roiEnd - r.roiStart;
    if (length == 1)
      return start + span * (in - 1) / 2;
    return start + x * span * (in - 1) / (length - 1);
  }
  double centered = (x + 0.5) / r.scale - 0.5;
  if (m == "half_pixel_symmetric") {
    // Moves the centre of the input to the centre of the output when the
    // integer output length differs from scale * in.
    double adjustment = r.out / length;
    return in / 2 * (1 - adjustment) + centered;
  }
  return centered; // half_pixel
}

/// The cubic convolution kernel with coefficient A (Keys).
double cubicKernel(double d, double A) {
  d = std::abs(d);
  if (d <= 1)
    return ((A + 2) * d - (A + 3)) * d * d + 1;
  if (d < 2)
    return ((A * d - 5 * A) * d + 8 * A) * d - 4 * A;
  return 0.0;
}

/// The weights of the taps base + first + i, i in [0, n), for a coordinate
/// base + ratio with ratio in (0, 1]; `first` is set to the first offset.
/// Linear and cubic evaluate their kernel at the tap distances, stretched
/// by 1/scale when antialiasing a downscale (then normalised to sum 1).
SmallVector<double> coefficients(const ResizeAttrs &a, double ratio,
                                 double scale, int64_t &first) {
  if (a.mode == Mode::Nearest) {
    first = 0;
    bool up = ratio == 1 || a.nearest == "ceil" ||
              (a.nearest == "round_prefer_floor" && ratio > 0.5) ||
              (a.nearest == "round_prefer_ceil" && ratio >= 0.5);
    return {up ? 0.0 : 1.0, up ? 1.0 : 0.0};
  }
  double support = a.mode == Mode::Linear ? 1.0 : 2.0;
  double stretch = a.antialias ? std::min(scale, 1.0) : 1.0;
  first = (int64_t)std::floor(-support / stretch) + 1;
  int64_t n = 2 - 2 * first;
  SmallVector<double> c;
  double sum = 0;
  for (int64_t i = 0; i < n; ++i) {
    double d = stretch * (first + i - ratio);
    c.push_back(a.mode == Mode::Linear ? std::max(0.0, 1 - std::abs(d))
                                       : cubicKernel(d, a.cubicA));
    sum += c.back();
  }
  if (a.antialias)
    for (double &w : c)
      w /= sum;
  return c;
}

/// The taps of output position `x`, appended as (index, weight) pairs with
/// zero weights left out; false when it lies outside tf_crop_and_resize's
/// region. The window is that of the reference: the n input positions
/// nearest the coordinate, on the input padded by n/2 edge copies.
bool tapsOf(const ResizeAttrs &a, const AxisResize &r, int64_t x,
            SmallVectorImpl<std::pair<int64_t, double>> &taps) {
  double coordinate = originalCoordinate(a, r, x);
  if (a.coordinates == "tf_crop_and_resize" &&
      (coordinate < 0 || coordinate > r.in - 1))
    return false;
  // base + ratio with ratio in (0, 1]: an integer coordinate takes ratio 1.
  int64_t base = (int64_t)std::ceil(coordinate) - 1;
  int64_t first;
  SmallVector<double> c = coefficients(a, coordinate - base, r.scale, first);
  int64_t n = c.size(), pad = n / 2;
  int64_t low = std::clamp<int64_t>(base + first, -pad, r.in + pad - n);
  double sum = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (a.excludeOutside && (low + i < 0 || low + i >= r.in))
      c[i] = 0;
    sum += c[i];
  }
  for (int64_t i = 0; i < n; ++i) {
    double w = a.excludeOutside && sum != 0 ? c[i] / sum : c[i];
    if (w != 0)
      taps.push_back({std::clamp<int64_t>(low + i, 0, r.in - 1), w});
  }
  return true;
}

/// The taps of every output position, each padded to the largest count
/// with zero-weight reads of index 0.
AxisTaps computeTaps(const ResizeAttrs &a, const AxisResize &r) {
  SmallVector<SmallVector<std::pair<int64_t, double>, 4>> perX(r.out);
  AxisTaps t;
  t.count = 1;
  for (int64_t x = 0; x < r.out; ++x) {
    t.outside.push_back(!tapsOf(a, r, x, perX[x]));
    t.count = std::max<int64_t>(t.count, perX[x].size());
  }
  for (auto &taps : perX) {
    taps.resize(t.count, {0, 0.0});
    for (auto [index, weight] : taps) {
      t.index.push_back(index);
      t.weight.push_back(weight);
    }
  }
  return t;
}

/// Whether the taps read every input position once with weight 1.
bool isIdentity(const AxisResize &r, const AxisTaps &t) {
  if (r.out != r.in || t.count != 1 || llvm::is_contained(t.outside, true))
    return false;
  for (int64_t x = 0; x < r.out; ++x)
    if (t.index[x] != x || t.weight[x] != 1.0)
      return false;
  return true;
}

// Building the dlc ops ------------------------------------------------------

/// A constant of `type` from doubles (float types) or integers.
Value constantOf(NodeImporter &n, RankedTensorType type,
                 ArrayRef<double> values) {
  SmallVector<Attribute> attrs;
  for (double v : values)
    attrs.push_back(
        isa<FloatType>(type.getElementType())
            ? (Attribute)FloatAttr::get(type.getElementType(), v)
            : (Attribute)IntegerAttr::get(type.getElementType(), (int64_t)v));
  return arith::ConstantOp::create(n.builder(), n.getLoc(), type,
                                   DenseElementsAttr::get(type, attrs));
}

/// Resamples `x` along `axis`: the sum over taps of gathers scaled by their
/// weights, then extrapolation_value where tf_crop_and_resize's region
/// ends. Null (reported) when an integer tensor needs weights.
Value resampleAxis(NodeImporter &n, Value x, int64_t axis, const AxisTaps &t,
                   double extrapolation) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t out = t.outside.size();
  SmallVector<int64_t> shape(type.getShape()), along(type.getRank(), 1);
  shape[axis] = along[axis] = out;
  auto resultType = type.clone(shape);
  auto weightType = RankedTensorType::get(along, type.getElementType());
  auto indexType = RankedTensorType::get({out}, n.builder().getI64Type());
  Value sum;
  for (int64_t k = 0; k < t.count; ++k) {
    SmallVector<int64_t> index;
    SmallVector<double> weight;
    for (int64_t i = 0; i < out; ++i) {
      index.push_back(t.index[i * t.count + k]);
      weight.push_back(t.weight[i * t.count + k]);
    }
    Value indices = arith::ConstantOp::create(
        n.builder(), n.getLoc(), indexType,
        DenseElementsAttr::get(indexType, ArrayRef<int64_t>(index)));
    Value term = n.create<GatherOp>(resultType, x, indices, axis);
    if (llvm::any_of(weight, [](double w) { return w != 1.0; })) {
      if (!isa<FloatType>(type.getElementType())) {
        n.unsupported("Resize interpolating a non-float tensor");
        return Value();
      }
      term =
          n.create<MulOp>(resultType, term, constantOf(n, weightType, weight));
    }
    sum = sum ? n.create<AddOp>(resultType, sum, term) : term;
  }
  if (!llvm::is_contained(t.outside, true))
    return sum;
  SmallVector<double> mask(t.outside.begin(), t.outside.end());
  auto maskType = weightType.clone(n.builder().getI1Type());
  return n.create<SelectOp>(
      resultType, constantOf(n, maskType, mask),
      n.scalarConstant(type.getElementType(), extrapolation), sum);
}

/// Resizes every axis whose resampling is not the identity, innermost
/// first.
LogicalResult resize(NodeImporter &n, Value x, const ResizeAttrs &a,
                     ArrayRef<AxisResize> axes) {
  for (int64_t axis = axes.size() - 1; axis >= 0 && x; --axis) {
    AxisTaps t = computeTaps(a, axes[axis]);
    if (!isIdentity(axes[axis], t))
      x = resampleAxis(n, x, axis, t, a.extrapolation);
  }
  return setComposed(n, x);
}

// Scales, sizes and roi -----------------------------------------------------

/// Whether input `i` is given and not an empty tensor (opset 11 passes the
/// unused one of scales and sizes as an empty constant).
bool givenNonEmpty(NodeImporter &n, unsigned i) {
  if (!n.hasInput(i))
    return false;
  auto type = n.inputType(i);
  return type && type.getNumElements() != 0;
}

/// Input `i` as doubles; fails, with the message the drivers recognise,
/// unless it is a compile-time constant.
FailureOr<SmallVector<double>> constantDoubles(NodeImporter &n, unsigned i,
                                               StringRef what) {
  std::optional<DenseElementsAttr> attr = n.constantInput(i);
  if (!attr || !isa<FloatType>(attr->getElementType()))
    return n.error(what + " (input '" + n.proto().input(i) +
                   "') must be a compile-time constant; bind it with --bind " +
                   n.proto().input(i) + "=FILE.pb");
  SmallVector<double> values;
  for (APFloat v : attr->getValues<APFloat>()) {
    bool lost;
    v.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
    values.push_back(v.convertToDouble());
  }
  return values;
}

/// The resized axes: the `axes` attribute (opset 18), else all of them.
FailureOr<SmallVector<int64_t>> resizedAxes(NodeImporter &n, int64_t rank) {
  SmallVector<int64_t> axes;
  std::optional<SmallVector<int64_t>> given = n.intsAttr("axes");
  for (int64_t i = 0; i < (given ? (int64_t)given->size() : rank); ++i) {
    auto axis = n.normalizeAxis(given ? (*given)[i] : i, rank);
    if (failed(axis))
      return failure();
    if (llvm::is_contained(axes, *axis))
      return n.error("axis " + Twine(*axis) + " is repeated in axes");
    axes.push_back(*axis);
  }
  return axes;
}

/// Sets scale and out from the scales input: out = floor(in * scale).
LogicalResult applyScales(NodeImporter &n, ArrayRef<double> scales,
                          ArrayRef<int64_t> axes,
                          MutableArrayRef<AxisResize> r) {
  if (scales.size() != axes.size())
    return n.error("scales has " + Twine(scales.size()) + " values for " +
                   Twine(axes.size()) + " axes");
  for (auto [axis, scale] : llvm::zip(axes, scales)) {
    if (!(scale > 0) || !(scale * r[axis].in < kMaxLength))
      return n.error("scale " + std::to_string(scale) + " is out of range");
    r[axis].scale = scale;
    r[axis].out = (int64_t)std::floor(scale * r[axis].in);
  }
  return success();
}

/// Sets scale and out from the sizes input and keep_aspect_ratio_policy:
/// stretch takes each size as given; not_larger and not_smaller take one
/// scale for all the axes (the least or the greatest of size / in) and
/// round scale * in half up.
LogicalResult applySizes(NodeImporter &n, ArrayRef<int64_t> sizes,
                         ArrayRef<int64_t> axes,
                         MutableArrayRef<AxisResize> r) {
  if (sizes.size() != axes.size())
    return n.error("sizes has " + Twine(sizes.size()) + " values for " +
                   Twine(axes.size()) + " axes");
  std::string policy = n.stringAttr("keep_aspect_ratio_policy", "stretch");
  if (policy != "stretch" && policy != "not_larger" && policy != "not_smaller")
    return n.error("unknown keep_aspect_ratio_policy '" + policy + "'");
  SmallVector<double> scales;
  for (auto [axis, size] : llvm::zip(axes, sizes)) {
    if (size < 1 || size > kMaxLength)
      return n.error("size " + Twine(size) + " is out of range");
    scales.push_back((double)size / r[axis].in);
  }
  double common = policy == "not_larger" ? *llvm::min_element(scales)
                                         : *llvm::max_element(scales);
  for (auto [k, axis] : llvm::enumerate(axes)) {
    bool stretch = policy == "stretch";
    r[axis].scale = stretch ? scales[k] : common;
    r[axis].out = stretch ? sizes[k] : (int64_t)(common * r[axis].in + 0.5);
  }
  return success();
}

/// The roi input of tf_crop_and_resize: starts, then ends, of the axes.
LogicalResult applyRoi(NodeImporter &n, ArrayRef<int64_t> axes,
                       MutableArrayRef<AxisResize> r) {
  auto roi = constantDoubles(n, 1, "roi");
  if (failed(roi))
    return failure();
  if (roi->size() != 2 * axes.size())
    return n.error("roi has " + Twine(roi->size()) + " values for " +
                   Twine(axes.size()) + " axes");
  for (auto [k, axis] : llvm::enumerate(axes)) {
    r[axis].roiStart = (*roi)[k];
    r[axis].roiEnd = (*roi)[k + axes.size()];
  }
  return success();
}

/// Checks the input shape and starts every axis unresized.
FailureOr<SmallVector<AxisResize>> unresized(NodeImporter &n, Value x) {
  SmallVector<AxisResize> r;
  for (int64_t in : cast<RankedTensorType>(x.getType()).getShape()) {
    if (in < 1)
      return n.unsupported("Resize of an empty tensor");
    r.push_back({in, in});
  }
  return r;
}

/// Resize 11 to 19: X, roi, scales, sizes (one of scales and sizes).
LogicalResult importResize(NodeImporter &n, Value x) {
  auto a = readAttrs(n);
  auto r = unresized(n, x);
  if (failed(a) || failed(r))
    return failure();
  auto axes = resizedAxes(n, r->size());
  if (failed(axes))
    return failure();
  if (a->coordinates == "tf_crop_and_resize" && failed(applyRoi(n, *axes, *r)))
    return failure();
  if (givenNonEmpty(n, 2)) {
    auto scales = constantDoubles(n, 2, "scales");
    if (failed(scales) || failed(applyScales(n, *scales, *axes, *r)))
      return failure();
  } else if (givenNonEmpty(n, 3)) {
    auto sizes = n.constantInts(3, "sizes");
    if (failed(sizes) || failed(applySizes(n, *sizes, *axes, *r)))
      return failure();
  } else {
    return n.error("Resize needs one of scales and sizes");
  }
  for (const AxisResize &axis : *r)
    if (axis.out < 1)
      return n.unsupported("Resize to an empty tensor");
  return resize(n, x, *a, *r);
}

/// Upsample and opset 10 Resize: scales from input `scalesInput`, or the
/// `scales` attribute (Upsample 7) when it is negative.
LogicalResult importLegacy(NodeImporter &n, Value x, int scalesInput) {
  auto a = readLegacyAttrs(n);
  auto r = unresized(n, x);
  if (failed(a) || failed(r))
    return failure();
  SmallVector<double> scales;
  if (scalesInput < 0) {
    const onnx::AttributeProto *attr = n.attr("scales");
    if (!attr)
      return n.error("Upsample needs the scales attribute");
    scales.assign(attr->floats().begin(), attr->floats().end());
  } else {
    auto given = constantDoubles(n, scalesInput, "scales");
    if (failed(given))
      return failure();
    scales = *given;
  }
  auto axes = llvm::to_vector(llvm::seq<int64_t>(0, (int64_t)r->size()));
  if (failed(applyScales(n, scales, axes, *r)))
    return failure();
  for (const AxisResize &axis : *r)
    if (axis.out < 1)
      return n.unsupported("Resize to an empty tensor");
  return resize(n, x, *a, *r);
}

LogicalResult importResizeOp(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  if (n.opset() < 11)
    return importLegacy(n, x, /*scalesInput=*/1);
  return importResize(n, x);
}

LogicalResult importUpsample(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  if (n.opset() < 7)
    return n.unsupported("Upsample before opset 7 (width and height scales)");
  return importLegacy(n, x, n.opset() < 9 ? -1 : 1);
}

} // namespace

void registerResizeImporters(OpImporterMap &map) {
  map["Resize"] = importResizeOp;
  map["Upsample"] = importUpsample;
}

} // namespace dlc
