//===- ImportLogic.cpp - ONNX comparisons and boolean ops -----------------===//
//
// Equal, Less, LessOrEqual, Greater and GreaterOrEqual become dlc.compare;
// And, Or and Xor dlc.logical, and Not a xor with true. All broadcast as
// numpy does and yield bool tensors.
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
}

} // namespace dlc
