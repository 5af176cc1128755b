//===- ImportBitwise.cpp - ONNX's bit operations --------------------------===//
//
// BitwiseAnd/Or/Xor become dlc.bitwise, BitwiseNot a xor with all ones,
// BitCast dlc.bitcast, and BitShift a dlc.bitwise shift guarded as ONNX
// defines it: an amount outside [0, width) gives 0, or for a right shift
// of a negative signed value -1 (LLVM's shifts leave those unspecified).
// Right shifts are logical on unsigned types and arithmetic on signed ones.
//
//===----------------------------------------------------------------------===//
#include "compiler/Import/ONNX/ImportContext.h"

#include "mlir/IR/TypeUtilities.h"

using namespace mlir;

namespace dlc {
namespace {

bool isIntegerTensor(Value v) {
  Type t = getElementTypeOrSelf(v.getType());
  return isa<IntegerType>(t) && !t.isInteger(1);
}

/// `lhs kind rhs` with the broadcast shape.
FailureOr<Value> bitwise(NodeImporter &n, StringRef kind, Value lhs,
                         Value rhs) {
  auto shape = broadcastShapeOf(n, {lhs, rhs});
  if (failed(shape))
    return failure();
  auto type = RankedTensorType::get(*shape, getElementTypeOrSelf(lhs.getType()));
  return n.create<BitwiseOp>(type, n.builder().getStringAttr(kind), lhs, rhs);
}

template <const char *kind>
LogicalResult importBitwiseBinary(NodeImporter &n) {
  Value lhs = n.input(0), rhs = n.input(1);
  if (!lhs || !rhs)
    return failure();
  if (!isIntegerTensor(lhs) || !isIntegerTensor(rhs))
    return n.unsupported(n.proto().op_type() + " on non-integer tensors");
  auto y = bitwise(n, kind, lhs, rhs);
  return failed(y) ? failure() : setComposed(n, *y);
}

LogicalResult importBitwiseNot(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  if (!isIntegerTensor(x))
    return n.unsupported("BitwiseNot on a non-integer tensor");
  auto y = bitwise(n, "xor", x,
                   n.scalarConstant(getElementTypeOrSelf(x.getType()), -1));
  return failed(y) ? failure() : setComposed(n, *y);
}

LogicalResult importBitShift(NodeImporter &n) {
  Value x = n.input(0), amount = n.input(1);
  if (!x || !amount)
    return failure();
  if (!isIntegerTensor(x) || !isIntegerTensor(amount))
    return n.unsupported("BitShift on non-integer tensors");
  std::string direction = n.stringAttr("direction", "");
  if (direction != "LEFT" && direction != "RIGHT")
    return n.error("direction must be LEFT or RIGHT");
  bool isSigned = !isUnsignedType(n.inputOnnxType(0));
  Type elt = getElementTypeOrSelf(x.getType());
  int64_t width = elt.getIntOrFloatBitWidth();
  // In range: 0 <= amount < width, as signed values (an unsigned amount of
  // 2^(w-1) or more reads negative, and is out of range either way).
  auto at = cast<RankedTensorType>(amount.getType());
  Type i1 = n.builder().getI1Type();
  auto cmp = [&](StringRef pred, int64_t bound) {
    return n.create<CompareOp>(at.clone(i1), n.builder().getStringAttr(pred),
                               amount, n.scalarConstant(elt, bound));
  };
  Value inRange = n.create<LogicalOp>(at.clone(i1),
                                      n.builder().getStringAttr("and"),
                                      cmp("ge", 0), cmp("lt", width));
  Value safe = n.create<SelectOp>(at, inRange, amount,
                                  n.scalarConstant(elt, 0));
  StringRef kind = direction == "LEFT" ? "shl" : isSigned ? "shrs" : "shru";
  auto shifted = bitwise(n, kind, x, safe);
  if (failed(shifted))
    return failure();
  Value fill = n.scalarConstant(elt, 0);
  if (kind == "shrs") {
    auto sign = bitwise(n, "shrs", x, n.scalarConstant(elt, width - 1));
    if (failed(sign))
      return failure();
    fill = *sign;
  }
  auto type = cast<RankedTensorType>(shifted->getType());
  return setComposed(n, n.create<SelectOp>(type, inRange, *shifted, fill));
}

LogicalResult importBitCast(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  int64_t to = n.intAttr("to", 0);
  Type elt = convertElementType(to, n.getContext());
  auto xt = cast<RankedTensorType>(x.getType());
  if (!elt)
    return n.unsupported("BitCast to " + dataTypeName(to));
  // ONNX's bool is a byte: from bool the bits are 0 or 1 (a zero
  // extension), to bool any nonzero byte.
  if (xt.getElementType().isInteger(1) || elt.isInteger(1))
    return n.unsupported("BitCast from or to BOOL");
  if (xt.getElementType().getIntOrFloatBitWidth() != elt.getIntOrFloatBitWidth())
    return n.error("BitCast needs types of the same bit width");
  return setComposed(n, n.create<BitcastOp>(xt.clone(elt), x));
}

const char kAnd[] = "and", kOr[] = "or", kXor[] = "xor";

} // namespace

void registerBitwiseImporters(OpImporterMap &map) {
  map["BitwiseAnd"] = importBitwiseBinary<kAnd>;
  map["BitwiseOr"] = importBitwiseBinary<kOr>;
  map["BitwiseXor"] = importBitwiseBinary<kXor>;
  map["BitwiseNot"] = importBitwiseNot;
  map["BitShift"] = importBitShift;
  map["BitCast"] = importBitCast;
}

} // namespace dlc
