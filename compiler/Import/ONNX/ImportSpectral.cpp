//===- ImportSpectral.cpp - DFT as matrix products ------------------------===//
//
// DFT (opsets 17-20) on real ([..., 1]) or complex ([..., 2]) signals as
// products with constant cosine and sine matrices along the signal axis:
// with theta = 2 pi n k / N,
//   forward:  Yr = Xr cos + Xi sin,        Yi = Xi cos - Xr sin
//   inverse:  Yr = (Xr cos - Xi sin) / N,  Yi = (Xi cos + Xr sin) / N
// dft_length pads (zero rows) or truncates the signal; onesided keeps the
// bins 0..N/2 of a forward transform, and an inverse onesided transform
// takes those bins of a Hermitian spectrum to the real signal of length N
// (each bin but DC and Nyquist counted twice). The matrix form costs
// O(N^2) per signal, fine for the lengths models use; dlc has no FFT.
//
//===----------------------------------------------------------------------===//
#include "compiler/Import/ONNX/ImportContext.h"

#include <cmath>

using namespace mlir;

namespace dlc {
namespace {

/// The [rows, cols] constant whose entry (r, c) is f(r, c).
Value matrixConstant(NodeImporter &n, Type elt, int64_t rows, int64_t cols,
                     llvm::function_ref<double(int64_t, int64_t)> f) {
  SmallVector<double> values;
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      values.push_back(f(r, c));
  return denseConstant(n, RankedTensorType::get({rows, cols}, elt), values);
}

/// Part `part` (0 real, 1 imaginary) of [..., 1|2] with the signal axis
/// moved last: [..., L].
Value signalPart(NodeImporter &n, Value x, int64_t part,
                 ArrayRef<int64_t> toLast) {
  auto t = cast<RankedTensorType>(x.getType());
  int64_t rank = t.getRank();
  SmallVector<int64_t> starts(rank, 0), steps(rank, 1), shape(t.getShape());
  starts.back() = part;
  shape.back() = 1;
  Value v = n.create<SliceOp>(t.clone(shape), x, starts, steps);
  shape.pop_back();
  return transposeTo(n, reshapeTo(n, v, shape), toLast);
}

/// `y` [..., K] with the last axis moved back to `axis` and a trailing
/// size-1 axis (for the real/imaginary concat).
Value restore(NodeImporter &n, Value y, ArrayRef<int64_t> fromLast) {
  Value back = transposeTo(n, y, fromLast);
  SmallVector<int64_t> shape(cast<RankedTensorType>(back.getType()).getShape());
  shape.push_back(1);
  return reshapeTo(n, back, shape);
}

/// a @ A + b @ B ([..., L] by [L, K]), b or B optional.
Value combine(NodeImporter &n, Value a, Value ma, Value b, Value mb) {
  auto at = cast<RankedTensorType>(a.getType());
  SmallVector<int64_t> shape(at.getShape());
  shape.back() = cast<RankedTensorType>(ma.getType()).getDimSize(1);
  auto type = at.clone(shape);
  Value y = n.create<MatMulOp>(type, a, ma);
  if (!b)
    return y;
  return n.create<AddOp>(type, y, n.create<MatMulOp>(type, b, mb));
}

LogicalResult importDFT(NodeImporter &n) {
  Value x = floatInput(n);
  if (!x)
    return failure();
  auto t = cast<RankedTensorType>(x.getType());
  int64_t rank = t.getRank(), parts = t.getDimSize(rank - 1);
  if (rank < 2 || (parts != 1 && parts != 2))
    return n.error("input must be [..., signal, 1 or 2]");
  int64_t axisValue = n.opset() >= 20 ? -2 : n.intAttr("axis", 1);
  if (n.opset() >= 20 && n.hasInput(2)) {
    auto axis = n.constantInts(2, "axis");
    if (failed(axis))
      return failure();
    axisValue = axis->front();
  }
  auto axis = n.normalizeAxis(axisValue, rank);
  if (failed(axis))
    return failure();
  if (*axis == rank - 1)
    return n.error("axis cannot be the real/imaginary axis");
  bool inverse = n.intAttr("inverse", 0) != 0;
  bool onesided = n.intAttr("onesided", 0) != 0;
  if (onesided && !inverse && parts == 2)
    return n.error("a one-sided forward DFT needs a real input");
  int64_t length = t.getDimSize(*axis);
  int64_t size = inverse && onesided ? 2 * (length - 1) : length;
  if (n.hasInput(1)) {
    auto dftLength = n.constantInts(1, "dft_length");
    if (failed(dftLength))
      return failure();
    size = dftLength->front();
  }
  if (size < 1)
    return n.error("dft_length must be positive");
  // The signal axis moved last, and back.
  SmallVector<int64_t> toLast, fromLast(rank - 1);
  for (int64_t d = 0; d < rank - 1; ++d)
    if (d != *axis)
      toLast.push_back(d);
  toLast.push_back(*axis);
  for (int64_t d = 0; d < rank - 1; ++d)
    fromLast[toLast[d]] = d;
  Value re = signalPart(n, x, 0, toLast);
  Value im = parts == 2 ? signalPart(n, x, 1, toLast) : Value();
  Type elt = t.getElementType();
  const double tau = 2 * M_PI;
  auto angle = [&](int64_t a, int64_t b) { return tau * a * b / size; };
  // Rows: the input's samples (bins for an inverse one-sided transform);
  // rows past the transform length are zero (truncation).
  int64_t outLength = inverse || !onesided ? size : size / 2 + 1;
  auto matrix = [&](bool sine, double scale) {
    return matrixConstant(n, elt, length, outLength, [&](int64_t r, int64_t c) {
      if (r >= size)
        return 0.0;
      double a = angle(r, c);
      return scale * (sine ? std::sin(a) : std::cos(a));
    });
  };
  Value yr, yi;
  if (inverse && onesided) {
    // Bin r stands for itself and its mirror N - r, except DC and Nyquist.
    auto weight = [&](int64_t r) {
      return r == 0 || 2 * r == size ? 1.0 : 2.0;
    };
    auto half = [&](bool sine, double sign) {
      return matrixConstant(n, elt, length, size, [&](int64_t r, int64_t c) {
        if (2 * r > size)
          return 0.0;
        double a = angle(r, c), w = sign * weight(r) / size;
        return w * (sine ? std::sin(a) : std::cos(a));
      });
    };
    yr = combine(n, re, half(false, 1), im, im ? half(true, -1) : Value());
    return setComposed(n, restore(n, yr, fromLast));
  }
  double scale = inverse ? 1.0 / size : 1.0, sign = inverse ? -1 : 1;
  Value cos = matrix(false, scale);
  // Yr = Xr cos + sign Xi sin, Yi = Xi cos - sign Xr sin.
  yr = combine(n, re, cos, im, im ? matrix(true, sign * scale) : Value());
  yi = combine(n, re, matrix(true, -sign * scale), im, im ? cos : Value());
  Value both[] = {restore(n, yr, fromLast), restore(n, yi, fromLast)};
  auto bt = cast<RankedTensorType>(both[0].getType());
  SmallVector<int64_t> shape(bt.getShape());
  shape.back() = 2;
  return setComposed(n, n.create<ConcatOp>(bt.clone(shape), both, rank - 1));
}

} // namespace

void registerSpectralImporters(OpImporterMap &map) { map["DFT"] = importDFT; }

} // namespace dlc
