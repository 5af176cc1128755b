//===- ImportQuantize.cpp - quantization ops ------------------------------===//
//
// QuantizeLinear, DequantizeLinear (per-tensor, per-axis and blocked scales
// and zero points), DynamicQuantizeLinear, QLinearMatMul and MatMulInteger
// on 8/16/32-bit integers, composed from dlc ops:
//   dequantize: y = (x - zero_point) * scale
//   quantize:   y = saturate(round_half_even(x / scale) + zero_point)
// The integer products of QLinearMatMul and MatMulInteger are computed in
// f64, exactly (every partial sum of 8-bit products stays far below 2^53),
// then scaled and rounded as ONNX's reference does.
//
//===----------------------------------------------------------------------===//
#include "compiler/Import/ONNX/ImportContext.h"

#include "mlir/IR/TypeUtilities.h"

using namespace mlir;

namespace dlc {
namespace {

/// An integer tensor of ONNX type `onnxType` as floats of type `ft`.
Value intToFloat(NodeImporter &n, Value x, int32_t onnxType, Type ft) {
  auto t = cast<RankedTensorType>(x.getType()).clone(ft);
  if (onnxType == onnx::TensorProto::UINT64)
    return convertFromUint64(n, x, t);
  if (isUnsignedType(onnxType))
    x = zeroExtend(n, x);
  return n.create<CastOp>(t, x);
}

/// The range of the integer ONNX type `onnxType` held as `elt`.
std::pair<double, double> integerRange(Type elt, int32_t onnxType) {
  unsigned w = elt.getIntOrFloatBitWidth();
  if (isUnsignedType(onnxType))
    return {0.0, std::ldexp(1.0, w) - 1};
  return {-std::ldexp(1.0, w - 1), std::ldexp(1.0, w - 1) - 1};
}

/// Floats `v` rounded half to even, clamped to the range of the integer
/// type of `type` and converted to it.
Value saturateTo(NodeImporter &n, Value v, RankedTensorType type,
                 int32_t onnxType) {
  auto vt = cast<RankedTensorType>(v.getType());
  Type ft = vt.getElementType();
  auto [lo, hi] = integerRange(type.getElementType(), onnxType);
  Value r = n.create<RoundOp>(vt, v);
  r = n.create<MaxOp>(vt, r, n.scalarConstant(ft, lo));
  r = n.create<MinOp>(vt, r, n.scalarConstant(ft, hi));
  return isUnsignedType(onnxType) ? convertToUnsigned(n, r, type)
                                  : n.create<CastOp>(type, r);
}

/// A scale or zero point for x: a scalar as it is, a 1-D [D] along `axis`,
/// or (block_size > 0) a blocked one, x's shape with ceil(D / block) at
/// `axis`, each entry repeated over its block.
FailureOr<Value> alongAxis(NodeImporter &n, Value v, RankedTensorType xt) {
  auto vt = cast<RankedTensorType>(v.getType());
  if (vt.getNumElements() == 1 && vt.getRank() <= 1)
    return reshapeTo(n, v, {});
  auto axis = n.normalizeAxis(n.intAttr("axis", 1), xt.getRank());
  if (failed(axis))
    return failure();
  int64_t d = xt.getDimSize(*axis), block = n.intAttr("block_size", 0);
  if (block <= 0) {
    if (vt.getRank() != 1 || vt.getDimSize(0) != d)
      return n.error("a per-axis scale or zero point must be 1-D of size " +
                     Twine(d));
    SmallVector<int64_t> shape(xt.getRank(), 1);
    shape[*axis] = d;
    return reshapeTo(n, v, shape);
  }
  int64_t blocks = (d + block - 1) / block;
  SmallVector<int64_t> expected(xt.getShape());
  expected[*axis] = blocks;
  if (vt.getShape() != ArrayRef<int64_t>(expected))
    return n.error("a blocked scale or zero point must have the input's "
                   "shape with " + Twine(blocks) + " at axis " + Twine(*axis));
  SmallVector<int64_t> split(expected), spread(expected), whole(expected);
  split.insert(split.begin() + *axis + 1, 1);
  spread.insert(spread.begin() + *axis + 1, block);
  whole[*axis] = blocks * block;
  Value r = n.create<BroadcastOp>(vt.clone(spread), reshapeTo(n, v, split));
  r = reshapeTo(n, r, whole);
  if (blocks * block == d)
    return r;
  SmallVector<int64_t> zeros(xt.getRank(), 0), ones(xt.getRank(), 1);
  return n.create<SliceOp>(vt.clone(xt.getShape()), r, zeros, ones);
}

/// Input `i` (a zero point, absent means 0) as floats `ft` along x.
FailureOr<Value> zeroPointAsFloat(NodeImporter &n, unsigned i,
                                  RankedTensorType xt, Type ft) {
  if (!n.hasInput(i))
    return n.scalarConstant(ft, 0);
  Value zp = n.input(i);
  if (!zp)
    return failure();
  auto along = alongAxis(n, zp, xt);
  if (failed(along))
    return failure();
  return intToFloat(n, *along, n.inputOnnxType(i), ft);
}

LogicalResult importDequantizeLinear(NodeImporter &n) {
  Value x = n.input(0), scale = n.input(1);
  if (!x || !scale)
    return failure();
  auto xt = cast<RankedTensorType>(x.getType());
  Type ft = getElementTypeOrSelf(scale.getType());
  if (!isa<IntegerType>(xt.getElementType()) || !isa<FloatType>(ft))
    return n.unsupported("DequantizeLinear from " +
                         dataTypeName(n.inputOnnxType(0)));
  auto s = alongAxis(n, scale, xt);
  auto zp = zeroPointAsFloat(n, 2, xt, ft);
  if (failed(s) || failed(zp))
    return failure();
  auto yt = xt.clone(ft);
  Value xf = intToFloat(n, x, n.inputOnnxType(0), ft);
  Value y = n.create<MulOp>(yt, n.create<SubOp>(yt, xf, *zp), *s);
  if (n.attr("output_dtype") && n.intAttr("output_dtype", 0)) {
    Type out = convertElementType(n.intAttr("output_dtype", 0), n.getContext());
    if (!out || !isa<FloatType>(out))
      return n.unsupported("DequantizeLinear output_dtype");
    y = n.create<CastOp>(yt.clone(out), y);
  }
  return setComposed(n, y);
}

/// The ONNX type QuantizeLinear produces: the zero point's, else
/// output_dtype, else UINT8.
int32_t quantizedType(NodeImporter &n) {
  if (n.hasInput(2))
    return n.inputOnnxType(2);
  int64_t dtype = n.intAttr("output_dtype", 0);
  return dtype ? dtype : onnx::TensorProto::UINT8;
}

LogicalResult importQuantizeLinear(NodeImporter &n) {
  Value x = floatInput(n), scale = n.input(1);
  if (!x || !scale)
    return failure();
  auto xt = cast<RankedTensorType>(x.getType());
  int32_t to = quantizedType(n);
  Type qt = convertElementType(to, n.getContext());
  if (!qt || !isa<IntegerType>(qt) || qt.isInteger(1))
    return n.unsupported("QuantizeLinear to " + dataTypeName(to));
  Type ft = xt.getElementType();
  auto s = alongAxis(n, scale, xt);
  auto zp = zeroPointAsFloat(n, 2, xt, ft);
  if (failed(s) || failed(zp))
    return failure();
  Value sf = *s;
  if (getElementTypeOrSelf(sf.getType()) != ft)
    sf = n.create<CastOp>(cast<RankedTensorType>(sf.getType()).clone(ft), sf);
  Value scaled = n.create<RoundOp>(xt, n.create<DivOp>(xt, x, sf));
  Value shifted = n.create<AddOp>(xt, scaled, *zp);
  return setComposed(n, saturateTo(n, shifted, xt.clone(qt), to));
}

/// DynamicQuantizeLinear: uint8 with the scale and zero point that map
/// [min(0, min x), max(0, max x)] onto [0, 255].
LogicalResult importDynamicQuantizeLinear(NodeImporter &n) {
  Value x = floatInput(n);
  if (!x)
    return failure();
  auto xt = cast<RankedTensorType>(x.getType());
  Type ft = xt.getElementType(), u8 = n.builder().getIntegerType(8);
  auto all = llvm::to_vector(llvm::seq<int64_t>(0, xt.getRank()));
  auto scalar = RankedTensorType::get({}, ft);
  auto axes = n.builder().getDenseI64ArrayAttr(all);
  auto keep = n.builder().getBoolAttr(false);
  Value zero = n.scalarConstant(ft, 0);
  Value hi = n.create<MaxOp>(scalar, n.create<ReduceMaxOp>(scalar, x, axes, keep),
                             zero);
  Value lo = n.create<MinOp>(scalar, n.create<ReduceMinOp>(scalar, x, axes, keep),
                             zero);
  Value scale = n.create<DivOp>(scalar, n.create<SubOp>(scalar, hi, lo),
                                n.scalarConstant(ft, 255));
  Value zpf = n.create<DivOp>(scalar, n.create<SubOp>(scalar, zero, lo), scale);
  int32_t uint8 = onnx::TensorProto::UINT8;
  Value zp = saturateTo(n, zpf, scalar.clone(u8), uint8);
  Value zpRounded = n.create<RoundOp>(scalar, zpf);
  Value y = n.create<AddOp>(xt, n.create<RoundOp>(xt, n.create<DivOp>(xt, x, scale)),
                            zpRounded);
  n.setOutput(0, saturateTo(n, y, xt.clone(u8), uint8));
  n.setOutput(1, scale);
  n.setOutput(2, zp);
  return success();
}

/// Input `i` minus zero point `zpIndex` in f64; `rowWise` puts a 1-D zero
/// point on the rows (A's per-row form).
FailureOr<Value> centeredF64(NodeImporter &n, unsigned i, unsigned zpIndex,
                             bool rowWise) {
  Value v = n.input(i);
  if (!v)
    return failure();
  auto vt = cast<RankedTensorType>(v.getType());
  Type f64 = n.builder().getF64Type();
  Value vf = intToFloat(n, v, n.inputOnnxType(i), f64);
  if (!n.hasInput(zpIndex))
    return vf;
  Value zp = n.input(zpIndex);
  if (!zp)
    return failure();
  auto zt = cast<RankedTensorType>(zp.getType());
  if (rowWise && zt.getRank() == 1 && zt.getNumElements() > 1)
    zp = reshapeTo(n, zp, {zt.getDimSize(0), 1});
  Value zf = intToFloat(n, zp, n.inputOnnxType(zpIndex), f64);
  return n.create<SubOp>(vt.clone(f64), vf, zf);
}

LogicalResult importMatMulInteger(NodeImporter &n) {
  auto a = centeredF64(n, 0, 2, /*rowWise=*/true);
  auto b = centeredF64(n, 1, 3, /*rowWise=*/false);
  if (failed(a) || failed(b))
    return failure();
  auto c = createMatMul(n, *a, *b);
  if (failed(c))
    return failure();
  auto ct = cast<RankedTensorType>(c->getType());
  return setComposed(n, n.create<CastOp>(ct.clone(n.builder().getI32Type()),
                                         *c));
}

/// QLinearMatMul: the exact integer product times a_scale * b_scale /
/// y_scale, plus y_zero_point, rounded and saturated.
LogicalResult importQLinearMatMul(NodeImporter &n) {
  auto a = centeredF64(n, 0, 2, /*rowWise=*/true);
  auto b = centeredF64(n, 3, 5, /*rowWise=*/false);
  Value as = n.input(1), bs = n.input(4), ys = n.input(6), yzp = n.input(7);
  if (failed(a) || failed(b) || !as || !bs || !ys || !yzp)
    return failure();
  auto c = createMatMul(n, *a, *b);
  if (failed(c))
    return failure();
  auto ct = cast<RankedTensorType>(c->getType());
  Type f64 = n.builder().getF64Type();
  auto st = cast<RankedTensorType>(as.getType());
  if (st.getNumElements() != 1 ||
      cast<RankedTensorType>(bs.getType()).getNumElements() != 1 ||
      cast<RankedTensorType>(ys.getType()).getNumElements() != 1)
    return n.unsupported("QLinearMatMul with per-axis scales");
  auto scalar = RankedTensorType::get({}, st.getElementType());
  Value factor = n.create<DivOp>(
      scalar,
      n.create<MulOp>(scalar, reshapeTo(n, as, {}), reshapeTo(n, bs, {})),
      reshapeTo(n, ys, {}));
  factor = n.create<CastOp>(scalar.clone(f64), factor);
  Value d = n.create<MulOp>(ct, *c, factor);
  Value zp = intToFloat(n, reshapeTo(n, yzp, {}), n.inputOnnxType(7), f64);
  d = n.create<AddOp>(ct, d, zp);
  auto out = ct.clone(getElementTypeOrSelf(yzp.getType()));
  return setComposed(n, saturateTo(n, d, out, n.inputOnnxType(7)));
}

} // namespace

void registerQuantizeImporters(OpImporterMap &map) {
  map["QuantizeLinear"] = importQuantizeLinear;
  map["DequantizeLinear"] = importDequantizeLinear;
  map["DynamicQuantizeLinear"] = importDynamicQuantizeLinear;
  map["MatMulInteger"] = importMatMulInteger;
  map["QLinearMatMul"] = importQLinearMatMul;
}

} // namespace dlc
