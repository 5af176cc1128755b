//===- ImportGenerate.cpp - tensors generated from positions --------------===//
//
// Range, EyeLike and the Hann, Hamming and Blackman windows depend only on
// compile-time values, so each becomes a constant. OneHot compares its
// (runtime) indices with the positions along the new axis: dlc.compare
// against a constant iota, then dlc.select between the off and on values.
//
//===----------------------------------------------------------------------===//
#include "compiler/Import/ONNX/ImportContext.h"

#include <cmath>

using namespace mlir;

namespace dlc {
namespace {

/// The one value of a compile-time scalar input, as a double.
FailureOr<double> scalarInput(NodeImporter &n, unsigned i, StringRef what) {
  auto c = n.constantInput(i);
  if (!c || c->getNumElements() != 1)
    return n.error(Twine(what) + " must be a compile-time scalar"),
           failure();
  Attribute a = *c->getValues<Attribute>().begin();
  if (auto f = dyn_cast<FloatAttr>(a))
    return f.getValueAsDouble();
  return static_cast<double>(cast<IntegerAttr>(a).getInt());
}

/// Range: start + i * delta for i < max(ceil((limit - start) / delta), 0).
LogicalResult importRange(NodeImporter &n) {
  auto start = scalarInput(n, 0, "start");
  auto limit = scalarInput(n, 1, "limit");
  auto delta = scalarInput(n, 2, "delta");
  if (failed(start) || failed(limit) || failed(delta))
    return failure();
  if (*delta == 0)
    return n.error("delta must not be zero");
  double count = std::ceil((*limit - *start) / *delta);
  int64_t size = std::max<int64_t>(static_cast<int64_t>(count), 0);
  SmallVector<double> values;
  for (int64_t i = 0; i < size; ++i)
    values.push_back(*start + i * *delta);
  Type elt = n.inputType(0).getElementType();
  n.setOutput(0, denseConstant(n, RankedTensorType::get({size}, elt), values));
  return success();
}

/// EyeLike: ones on the diagonal shifted by k, of the input's 2-D shape and
/// `dtype` (default the input's element type).
LogicalResult importEyeLike(NodeImporter &n) {
  auto in = n.inputType(0);
  if (!in)
    return failure();
  if (in.getRank() != 2)
    return n.error("input has rank " + Twine(in.getRank()) + ", expected 2");
  Type elt = in.getElementType();
  if (const auto *a = n.attr("dtype")) {
    elt = convertElementType(a->i(), n.getContext());
    if (!elt)
      return n.unsupported("EyeLike dtype " + Twine(a->i()));
  }
  int64_t rows = in.getDimSize(0), cols = in.getDimSize(1);
  int64_t k = n.intAttr("k", 0);
  SmallVector<double> values(rows * cols, 0.0);
  for (int64_t i = 0; i < rows; ++i)
    if (i + k >= 0 && i + k < cols)
      values[i * cols + i + k] = 1.0;
  n.setOutput(0, denseConstant(n, RankedTensorType::get({rows, cols}, elt),
                            values));
  return success();
}

/// The cosine terms of a generalized cosine window: w[i] = sum_k
/// coeffs[k] * cos(2 pi k i / N), N = size (periodic) or size - 1.
LogicalResult importCosineWindow(NodeImporter &n, ArrayRef<double> coeffs) {
  auto size = scalarInput(n, 0, "size");
  if (failed(size))
    return failure();
  int64_t len = static_cast<int64_t>(*size);
  double period = n.intAttr("periodic", 1) ? len : len - 1;
  Type elt = convertElementType(n.intAttr("output_datatype", 1),
                                n.getContext());
  if (!elt)
    return n.unsupported("window output_datatype");
  SmallVector<double> values;
  for (int64_t i = 0; i < len; ++i) {
    double w = 0;
    for (auto [k, c] : llvm::enumerate(coeffs))
      w += c * std::cos(2 * M_PI * k * i / period);
    values.push_back(w);
  }
  n.setOutput(0, denseConstant(n, RankedTensorType::get({len}, elt), values));
  return success();
}

LogicalResult importHannWindow(NodeImporter &n) {
  return importCosineWindow(n, {0.5, -0.5});
}

LogicalResult importHammingWindow(NodeImporter &n) {
  return importCosineWindow(n, {25.0 / 46.0, -21.0 / 46.0});
}

LogicalResult importBlackmanWindow(NodeImporter &n) {
  return importCosineWindow(n, {0.42, -0.5, 0.08});
}

/// OneHot: out = on where wrap(indices) == position along `axis`, else off;
/// negative indices count from `depth`.
LogicalResult importOneHot(NodeImporter &n) {
  Value indices = n.input(0), values = n.input(2);
  if (!indices || !values)
    return failure();
  auto depth = scalarInput(n, 1, "depth");
  if (failed(depth))
    return failure();
  auto it = cast<RankedTensorType>(indices.getType());
  auto vt = cast<RankedTensorType>(values.getType());
  if (vt.getNumElements() != 2)
    return n.error("values must hold two elements (off, on)");
  int64_t d = static_cast<int64_t>(*depth);
  auto axis = n.normalizeAxis(n.intAttr("axis", -1), it.getRank() + 1);
  if (failed(axis))
    return failure();
  OpBuilder &b = n.builder();
  Type i64 = b.getI64Type();
  // Indices as int64 (ONNX allows any numeric type), negatives wrapped.
  Value idx = indices;
  if (it.getElementType() != i64)
    idx = n.create<CastOp>(it.clone(i64), indices);
  auto idxType = it.clone(i64);
  Value isNeg = n.create<CompareOp>(it.clone(b.getI1Type()),
                                    b.getStringAttr("lt"), idx,
                                    n.scalarConstant(i64, 0));
  Value wrapped = n.create<AddOp>(idxType, idx, n.scalarConstant(i64, d));
  idx = n.create<SelectOp>(idxType, isNeg, wrapped, idx);
  // Indices get a size-1 dim at `axis`; positions run along it.
  SmallVector<int64_t> withAxis(it.getShape()), along(it.getRank() + 1, 1);
  withAxis.insert(withAxis.begin() + *axis, 1);
  along[*axis] = d;
  idx = reshapeTo(n, idx, withAxis);
  SmallVector<double> iota;
  for (int64_t i = 0; i < d; ++i)
    iota.push_back(i);
  Value positions = denseConstant(n, RankedTensorType::get(along, i64), iota);
  SmallVector<int64_t> shape(withAxis);
  shape[*axis] = d;
  auto outType = RankedTensorType::get(shape, vt.getElementType());
  Value hit = n.create<CompareOp>(outType.clone(b.getI1Type()),
                                  b.getStringAttr("eq"), idx, positions);
  auto scalarOf = [&](int64_t i) {
    auto one = RankedTensorType::get({1}, vt.getElementType());
    Value v = n.create<SliceOp>(one, values, b.getDenseI64ArrayAttr({i}),
                                b.getDenseI64ArrayAttr({1}));
    return reshapeTo(n, v, {});
  };
  Value off = scalarOf(0), on = scalarOf(1);
  return setComposed(n, n.create<SelectOp>(outType, hit, on, off));
}

} // namespace

void registerGenerateImporters(OpImporterMap &map) {
  map["Range"] = importRange;
  map["EyeLike"] = importEyeLike;
  map["OneHot"] = importOneHot;
  map["HannWindow"] = importHannWindow;
  map["HammingWindow"] = importHammingWindow;
  map["BlackmanWindow"] = importBlackmanWindow;
}

} // namespace dlc
