//===- ImportUnsigned.cpp - ONNX's unsigned integers on signless dlc ops --===//
//
// dlc's integers are signless, as MLIR's and LLVM's are: an ONNX uint8
// tensor is an i8 tensor, and the ops whose result depends on the
// signedness say which they mean. Where the importer meets unsigned values
// it rewrites them, per op kind, into a signless computation with the same
// result:
//
// - bit-exact ops (Add, Mul, Equal, Reshape, Gather, ...) need nothing:
//   wrapping arithmetic and data movement are the same bits either way;
// - order ops (Greater, Max, ReduceMax, ArgMax, TopK, MaxPool, Clip, ...)
//   see every unsigned operand plus 2^(w-1) (wrapping), which maps the
//   unsigned order onto the signed one, and their unsigned results get the
//   bias back;
// - widened ops (Div, Mod, Cast, CastLike, Pow) see unsigned operands
//   narrower than 64 bits zero-extended to i64, and their results are
//   truncated to the ONNX output's width;
// - Cast to an unsigned type converts floats through i64 (64-bit targets
//   split at 2^63), as fptoui would.
//
// Any other op on an unsigned tensor is reported unsupported, never run
// with signed semantics.
//
//===----------------------------------------------------------------------===//
#include "compiler/Import/ONNX/ImportContext.h"

#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/StringSwitch.h"

#include <cmath>
#include <limits>

using namespace mlir;

namespace dlc {
namespace {

enum class UnsignedUse { Bits, Order, Widen, Unsupported };

UnsignedUse unsignedUse(StringRef op) {
  return llvm::StringSwitch<UnsignedUse>(op)
      .Cases({"Add", "Sub", "Mul", "Neg", "Sum", "Equal", "Identity",
              "Reshape", "Flatten", "Squeeze", "Unsqueeze", "Transpose"},
             UnsignedUse::Bits)
      .Cases({"Concat", "Split", "Slice", "Gather", "GatherElements",
              "GatherND", "ScatterElements", "ScatterND", "Expand", "Tile"},
             UnsignedUse::Bits)
      .Cases({"Where", "Constant", "ConstantOfShape", "Shape", "Size", "Pad",
              "ReduceSum", "ReduceProd", "DepthToSpace", "SpaceToDepth",
              "Trilu", "CumSum"},
             UnsignedUse::Bits)
      // These importers mind unsigned integers themselves.
      .Cases({"QuantizeLinear", "DequantizeLinear", "DynamicQuantizeLinear",
              "MatMulInteger", "QLinearMatMul"},
             UnsignedUse::Bits)
      .Cases({"BitwiseAnd", "BitwiseOr", "BitwiseXor", "BitwiseNot",
              "BitShift", "BitCast"},
             UnsignedUse::Bits)
      .Cases({"Greater", "Less", "GreaterOrEqual", "LessOrEqual", "Max",
              "Min", "Clip", "ReduceMax", "ReduceMin", "ArgMax", "ArgMin",
              "TopK", "MaxPool"},
             UnsignedUse::Order)
      .Cases({"Div", "Mod", "Cast", "CastLike", "Pow"}, UnsignedUse::Widen)
      .Default(UnsignedUse::Unsupported);
}

/// The width of an unsigned ONNX type held as a signless integer.
unsigned widthOf(Value v) {
  return getElementTypeOrSelf(v.getType()).getIntOrFloatBitWidth();
}

/// v + 2^(w-1), wrapping (added as -2^(w-1)): the unsigned order of v as
/// the signed order.
Value orderBias(NodeImporter &n, Value v) {
  Type elt = getElementTypeOrSelf(v.getType());
  double bias = -std::ldexp(1.0, elt.getIntOrFloatBitWidth() - 1);
  return n.create<AddOp>(v.getType(), v, n.scalarConstant(elt, bias));
}

/// The node's input values by position (null where absent).
SmallVector<Value> inputValues(NodeImporter &n) {
  SmallVector<Value> values;
  for (unsigned i = 0; i < n.numInputs(); ++i)
    values.push_back(n.hasInput(i) ? n.valueNamed(n.proto().input(i))
                                   : Value());
  return values;
}

} // namespace

bool isUnsignedType(int32_t onnxType) {
  return onnxType == onnx::TensorProto::UINT8 ||
         onnxType == onnx::TensorProto::UINT16 ||
         onnxType == onnx::TensorProto::UINT32 ||
         onnxType == onnx::TensorProto::UINT64;
}

Value zeroExtend(NodeImporter &n, Value x) {
  auto t = cast<RankedTensorType>(x.getType());
  unsigned w = t.getElementType().getIntOrFloatBitWidth();
  Type i64 = n.builder().getI64Type();
  Value s = n.create<CastOp>(t.clone(i64), x);
  if (w >= 64)
    return s;
  Value negative = n.create<CompareOp>(t.clone(n.builder().getI1Type()),
                                       n.builder().getStringAttr("lt"), s,
                                       n.scalarConstant(i64, 0));
  Value wrapped = n.create<AddOp>(
      t.clone(i64), s, n.scalarConstant(i64, double(uint64_t(1) << w)));
  return n.create<SelectOp>(t.clone(i64), negative, wrapped, s);
}

Value convertFromUint64(NodeImporter &n, Value x, RankedTensorType type) {
  auto xt = cast<RankedTensorType>(x.getType());
  Value y = n.create<CastOp>(type, x);
  auto ft = dyn_cast<FloatType>(type.getElementType());
  if (!ft)
    return y;
  Value top = n.create<CompareOp>(xt.clone(n.builder().getI1Type()),
                                  n.builder().getStringAttr("lt"), x,
                                  n.scalarConstant(xt.getElementType(), 0));
  Value lifted = n.create<AddOp>(type, y, n.scalarConstant(ft, 0x1p64));
  return n.create<SelectOp>(type, top, lifted, y);
}

Value convertToUnsigned(NodeImporter &n, Value x, RankedTensorType type) {
  auto xt = cast<RankedTensorType>(x.getType());
  Type elt = type.getElementType(), i64 = n.builder().getI64Type();
  if (!isa<FloatType>(xt.getElementType()))
    return n.create<CastOp>(type, x);
  if (elt.getIntOrFloatBitWidth() < 64)
    return n.create<CastOp>(type, n.create<CastOp>(xt.clone(i64), x));
  // Values from 2^63 on: fptosi(x - 2^63) with the top bit set.
  Type ft = xt.getElementType();
  Value big = n.create<CompareOp>(xt.clone(n.builder().getI1Type()),
                                  n.builder().getStringAttr("ge"), x,
                                  n.scalarConstant(ft, 0x1p63));
  Value low = n.create<SubOp>(xt, x, n.scalarConstant(ft, 0x1p63));
  Value high = n.create<AddOp>(
      type, n.create<CastOp>(type, low),
      n.scalarConstant(elt, double(std::numeric_limits<int64_t>::min())));
  return n.create<SelectOp>(type, big, high, n.create<CastOp>(type, x));
}

LogicalResult importNode(NodeImporter &n, OpImportFn importer) {
  bool any = false;
  for (unsigned i = 0; i < n.numInputs(); ++i)
    any |= isUnsignedType(n.inputOnnxType(i));
  for (unsigned i = 0; i < n.numOutputs(); ++i)
    any |= isUnsignedType(n.outputOnnxType(i));
  if (!any)
    return importer(n);
  UnsignedUse use = unsignedUse(n.proto().op_type());
  if (use == UnsignedUse::Unsupported)
    return n.unsupported("unsigned integer tensors in " + n.proto().op_type());
  if (use == UnsignedUse::Bits)
    return importer(n);
  // Rewrite the unsigned inputs, import, restore them for other users.
  SmallVector<Value> original = inputValues(n);
  for (unsigned i = 0; i < n.numInputs(); ++i) {
    if (!original[i] || !isUnsignedType(n.inputOnnxType(i)))
      continue;
    if (use == UnsignedUse::Widen && widthOf(original[i]) >= 64) {
      // Cast converts 64-bit unsigned values itself (convertFromUint64).
      if (n.proto().op_type() != "Cast" && n.proto().op_type() != "CastLike")
        return n.unsupported("64-bit unsigned " + n.proto().op_type());
      continue;
    }
    n.rebind(n.proto().input(i), use == UnsignedUse::Order
                                     ? orderBias(n, original[i])
                                     : zeroExtend(n, original[i]));
  }
  LogicalResult imported = importer(n);
  for (unsigned i = 0; i < n.numInputs(); ++i)
    if (original[i])
      n.rebind(n.proto().input(i), original[i]);
  if (failed(imported))
    return failure();
  // Unsigned results back to their own representation.
  for (unsigned i = 0; i < n.numOutputs(); ++i) {
    if (!isUnsignedType(n.outputOnnxType(i)))
      continue;
    Value y = n.valueNamed(n.proto().output(i));
    Type want = convertElementType(n.outputOnnxType(i), n.getContext());
    auto yt = cast<RankedTensorType>(y.getType());
    if (use == UnsignedUse::Order)
      n.setOutput(i, orderBias(n, y)); // -2^(w-1) == +2^(w-1), wrapping
    else if (yt.getElementType() != want)
      n.setOutput(i, n.create<CastOp>(yt.clone(want), y));
  }
  return success();
}

} // namespace dlc
