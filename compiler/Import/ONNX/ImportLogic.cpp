//===- ImportLogic.cpp - ONNX comparisons and boolean ops -----------------===//
//
// Equal, Less, LessOrEqual, Greater and GreaterOrEqual become dlc.compare;
// And, Or and Xor dlc.logical, and Not a xor with true. All broadcast as
// numpy does and yield bool tensors. Where is dlc.select, and Trilu a
// dlc.select of the input and zero under a triangular mask.
//
//===----------------------------------------------------------------------===//
#include "compiler/Import/ONNX/ImportContext.h"

#include "mlir/IR/TypeUtilities.h"

using namespace mlir;

namespace dlc {
namespace {

/// The i1 tensor type of the broadcast of `lhs` and `rhs`; null (with an
/// error) when they do not broadcast or differ in element type.
RankedTensorType maskType(NodeImporter &n, Value lhs, Value rhs) {
  if (getElementTypeOrSelf(lhs) != getElementTypeOrSelf(rhs)) {
    n.error("operand element types differ");
    return nullptr;
  }
  auto shape = broadcastShapeOf(n, {lhs, rhs});
  return succeeded(shape)
             ? RankedTensorType::get(*shape, n.builder().getI1Type())
             : nullptr;
}

template <typename OpTy>
LogicalResult importMaskOp(NodeImporter &n, StringRef which) {
  Value lhs = n.input(0), rhs = n.input(1);
  if (!lhs || !rhs)
    return failure();
  RankedTensorType type = maskType(n, lhs, rhs);
  if (!type)
    return failure();
  n.setOutput(0, n.create<OpTy>(type, n.builder().getStringAttr(which), lhs,
                                rhs));
  return success();
}

template <const char *predicate>
LogicalResult importCompare(NodeImporter &n) {
  return importMaskOp<CompareOp>(n, predicate);
}

template <const char *kind>
LogicalResult importLogical(NodeImporter &n) {
  Value lhs = n.input(0);
  if (lhs && !cast<RankedTensorType>(lhs.getType()).getElementType().isInteger(1))
    return n.unsupported(n.proto().op_type() + " on a non-bool tensor");
  return importMaskOp<LogicalOp>(n, kind);
}

LogicalResult importNot(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  auto type = cast<RankedTensorType>(x.getType());
  if (!type.getElementType().isInteger(1))
    return n.unsupported("Not on a non-bool tensor");
  Value t = n.scalarConstant(type.getElementType(), 1.0);
  n.setOutput(0, n.create<LogicalOp>(type, n.builder().getStringAttr("xor"),
                                     x, t));
  return success();
}

LogicalResult importWhere(NodeImporter &n) {
  Value c = n.input(0), x = n.input(1), y = n.input(2);
  if (!c || !x || !y)
    return failure();
  if (!getElementTypeOrSelf(c).isInteger(1))
    return n.error("condition is not a bool tensor");
  Type elt = getElementTypeOrSelf(x);
  if (elt != getElementTypeOrSelf(y))
    return n.error("X and Y element types differ");
  auto shape = broadcastShapeOf(n, {c, x, y});
  if (failed(shape))
    return failure();
  n.setOutput(0, n.create<SelectOp>(RankedTensorType::get(*shape, elt), c, x,
                                    y));
  return success();
}

/// Trilu: keeps the upper (j - i >= k) or lower (j - i <= k) triangle of
/// the last two axes, zero elsewhere: a dlc.select under the mask that
/// compares the constant j - i with k (0 when absent; k may be known only
/// at run time).
LogicalResult importTrilu(NodeImporter &n) {
  RankedTensorType type = n.inputType(0);
  if (!type)
    return failure();
  if (type.getRank() < 2)
    return n.error("input has rank ") << type.getRank() << ", expected >= 2";
  OpBuilder &b = n.builder();
  Value k = n.hasInput(1) ? n.input(1) : n.scalarConstant(b.getI64Type(), 0);
  if (!k)
    return failure();
  auto kt = cast<RankedTensorType>(k.getType());
  if (kt.getNumElements() != 1 || !kt.getElementType().isInteger(64))
    return n.error("k must be one int64");
  int64_t rows = type.getDimSize(type.getRank() - 2);
  int64_t cols = type.getDimSize(type.getRank() - 1);
  SmallVector<int64_t> offsets;
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j)
      offsets.push_back(j - i);
  auto offsetType = RankedTensorType::get({rows, cols}, b.getI64Type());
  Value diagonal = arith::ConstantOp::create(
      b, n.getLoc(), offsetType,
      DenseElementsAttr::get(offsetType, ArrayRef<int64_t>(offsets)));
  bool upper = n.intAttr("upper", 1) != 0;
  Value mask = n.create<CompareOp>(offsetType.clone(b.getI1Type()),
                                   b.getStringAttr(upper ? "ge" : "le"),
                                   diagonal, k);
  Value zero = n.scalarConstant(type.getElementType(), 0.0);
  n.setOutput(0, n.create<SelectOp>(type, mask, n.input(0), zero));
  return success();
}

constexpr char kEq[] = "eq", kLt[] = "lt", kLe[] = "le", kGt[] = "gt",
               kGe[] = "ge", kAnd[] = "and", kOr[] = "or", kXor[] = "xor";

} // namespace

void registerLogicImporters(OpImporterMap &map) {
  map["Equal"] = importCompare<kEq>;
  map["Less"] = importCompare<kLt>;
  map["LessOrEqual"] = importCompare<kLe>;
  map["Greater"] = importCompare<kGt>;
  map["GreaterOrEqual"] = importCompare<kGe>;
  map["And"] = importLogical<kAnd>;
  map["Or"] = importLogical<kOr>;
  map["Xor"] = importLogical<kXor>;
  map["Not"] = importNot;
  map["Where"] = importWhere;
  map["Trilu"] = importTrilu;
}

} // namespace dlc
