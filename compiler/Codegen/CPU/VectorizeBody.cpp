//===- VectorizeBody.cpp - a linalg body's scalar ops on vectors ----------===//
#include "compiler/Codegen/CPU/VectorizeBody.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

using namespace mlir;

std::optional<dlc::Access> dlc::laneAccess(AffineMap map, unsigned d) {
  if (map.getNumResults() == 0)
    return Access::Broadcast;
  for (AffineExpr e : map.getResults().drop_back())
    if (e.isFunctionOfDim(d))
      return std::nullopt;
  AffineExpr last = map.getResults().back();
  if (!last.isFunctionOfDim(d))
    return Access::Broadcast;
  MLIRContext *ctx = map.getContext();
  AffineExpr dim = getAffineDimExpr(d, ctx);
  if (last == dim.floorDiv(2))
    return Access::Half;
  if (!last.isPureAffine())
    return std::nullopt;
  // Linear: the coefficient of d is last(d = 1) - last(d = 0).
  auto at = [&](int64_t value) {
    SmallVector<AffineExpr> dims;
    for (unsigned i = 0; i < map.getNumDims(); ++i)
      dims.push_back(i == d ? getAffineConstantExpr(value, ctx)
                            : getAffineDimExpr(i, ctx));
    return last.replaceDims(dims);
  };
  auto coefficient = dyn_cast<AffineConstantExpr>(
      simplifyAffineExpr(at(1) - at(0), map.getNumDims(), 0));
  if (!coefficient)
    return std::nullopt;
  if (coefficient.getValue() == 1)
    return Access::Unit;
  if (coefficient.getValue() == 2)
    return Access::Stride2;
  return std::nullopt;
}

bool dlc::isLaneWiseBody(Block &body, bool allowIndex) {
  for (Operation &op : body.without_terminator()) {
    if (allowIndex && isa<linalg::IndexOp>(op))
      continue;
    StringRef dialect = op.getDialect()->getNamespace();
    if ((dialect != "arith" && dialect != "math") || op.getNumRegions() ||
        op.getNumResults() != 1)
      return false;
  }
  return true;
}

Value dlc::vectorizeScalarOp(OpBuilder &b, Operation &op, int64_t lanes,
                             function_ref<Value(Value)> operand) {
  Location loc = op.getLoc();
  auto vectorOf = [&](Type t) { return VectorType::get({lanes}, t); };
  if (auto constant = dyn_cast<arith::ConstantOp>(op)) {
    auto type = vectorOf(constant.getType());
    return arith::ConstantOp::create(
        b, loc, type, DenseElementsAttr::get(type, constant.getValue()));
  }
  OperationState state(loc, op.getName());
  for (Value v : op.getOperands())
    state.addOperands(operand(v));
  state.addTypes(vectorOf(op.getResult(0).getType()));
  state.addAttributes(op.getAttrs());
  return b.create(state)->getResult(0);
}
