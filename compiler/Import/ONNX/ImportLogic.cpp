//===- ImportLogic.cpp - ONNX comparisons and boolean ops -----------------===//
//
// Equal, Less, LessOrEqual, Greater and GreaterOrEqual become dlc.compare;
// And, Or and Xor dlc.logical, and Not a xor with true. All broadcast as
// numpy does and yield bool tensors. Where is dlc.select, and Trilu a
// dlc.select of the input and zero under a constant triangular mask.
//
//===----------------------------------------------------------------------===//
#include "compiler/Import/ONNX/ImportContext.h"

using namespace mlir;

namespace dlc {
namespace {

/// The i1 tensor type of the broadcast of `lhs` and `rhs`; null (with an
/// error) when they do not broadcast or differ in element type.
RankedTensorType maskType(NodeImporter &n, Value lhs, Value rhs) {
  auto lt = cast<RankedTensorType>(lhs.getType());
  auto rt = cast<RankedTensorType>(rhs.getType());
  if (lt.getElementType() != rt.getElementType()) {
    n.error("operand element types differ");
    return nullptr;
  }
  auto shape = broadcastShapes(lt.getShape(), rt.getShape());
  if (failed(shape)) {
    n.error("operand shapes are not broadcast-compatible");
    return nullptr;
  }
  return RankedTensorType::get(*shape, n.builder().getI1Type());
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
  auto ct = cast<RankedTensorType>(c.getType());
  auto xt = cast<RankedTensorType>(x.getType());
  auto yt = cast<RankedTensorType>(y.getType());
  if (!ct.getElementType().isInteger(1))
    return n.error("condition is not a bool tensor");
  if (xt.getElementType() != yt.getElementType())
    return n.error("X and Y element types differ");
  auto shape = broadcastShapes(xt.getShape(), yt.getShape());
  if (succeeded(shape))
    shape = broadcastShapes(ct.getShape(), *shape);
  if (failed(shape))
    return n.error("operand shapes are not broadcast-compatible");
  n.setOutput(0, n.create<SelectOp>(
                     RankedTensorType::get(*shape, xt.getElementType()), c, x,
                     y));
  return success();
}

/// Trilu: keeps the upper (j - i >= k) or lower (j - i <= k) triangle of
/// the last two axes, zero elsewhere. A constant k (or none: 0) makes a
/// constant mask; a k known only at run time compares the constant j - i
/// with it.
LogicalResult importTrilu(NodeImporter &n) {
  RankedTensorType type = n.inputType(0);
  if (!type)
    return failure();
  if (type.getRank() < 2)
    return n.error("input has rank ") << type.getRank() << ", expected >= 2";
  bool upper = n.intAttr("upper", 1) != 0;
  int64_t rows = type.getDimSize(type.getRank() - 2);
  int64_t cols = type.getDimSize(type.getRank() - 1);
  OpBuilder &b = n.builder();
  auto maskType = RankedTensorType::get({rows, cols}, b.getI1Type());
  SmallVector<int64_t> offsets;
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j)
      offsets.push_back(j - i);
  Value mask;
  std::optional<DenseElementsAttr> k =
      n.hasInput(1) ? n.constantInput(1) : std::nullopt;
  if (!n.hasInput(1) || k) {
    int64_t kv = k ? (*k).getValues<APInt>()[0].getSExtValue() : 0;
    SmallVector<bool> keep;
    for (int64_t d : offsets)
      keep.push_back(upper ? d >= kv : d <= kv);
    mask = arith::ConstantOp::create(b, n.getLoc(), maskType,
                                     DenseElementsAttr::get(maskType, keep));
  } else {
    Value kv = n.input(1);
    auto kt = cast<RankedTensorType>(kv.getType());
    if (kt.getNumElements() != 1 || !kt.getElementType().isInteger(64))
      return n.error("k must be one int64");
    auto offsetType = RankedTensorType::get({rows, cols}, b.getI64Type());
    Value diag = arith::ConstantOp::create(
        b, n.getLoc(), offsetType,
        DenseElementsAttr::get(offsetType, ArrayRef<int64_t>(offsets)));
    mask = n.create<CompareOp>(maskType, b.getStringAttr(upper ? "ge" : "le"),
                               diag, kv);
  }
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
