//===- ImportSelect.cpp - ONNX ops built from comparisons and selects -----===//
//
// Mod, ThresholdedRelu, Shrink, Softsign, IsInf, IsNaN and Hardmax, composed
// from dlc.compare, dlc.select and the arithmetic ops, so that each inherits
// their lowerings (CPU and GPU) and, for floats, their gradient rules.
//
//===----------------------------------------------------------------------===//
#include "compiler/Import/ONNX/ImportContext.h"

#include <cmath>
#include <limits>

using namespace mlir;

namespace dlc {
namespace {

/// Broadcasting builders on the tensors of one node (all of one element
/// type `elt`); a null Value once a shape failed to broadcast (reported).
struct Selector {
  NodeImporter &n;
  Type elt;

  FailureOr<SmallVector<int64_t>> shapeOf(ArrayRef<Value> values) {
    return broadcastShapeOf(n, values);
  }
  Value constant(double v) { return n.scalarConstant(elt, v); }
  template <typename OpTy>
  Value binary(Value a, Value b) {
    auto shape = shapeOf({a, b});
    if (failed(shape))
      return Value();
    return n.create<OpTy>(RankedTensorType::get(*shape, elt), a, b);
  }
  Value compare(StringRef predicate, Value a, Value b) {
    auto shape = shapeOf({a, b});
    if (failed(shape))
      return Value();
    return n.create<CompareOp>(
        RankedTensorType::get(*shape, n.builder().getI1Type()),
        n.builder().getStringAttr(predicate), a, b);
  }
  Value select(Value c, Value a, Value b) {
    auto shape = shapeOf({c, a, b});
    if (failed(shape))
      return Value();
    return n.create<SelectOp>(RankedTensorType::get(*shape, elt), c, a, b);
  }
  Value logical(StringRef kind, Value a, Value b) {
    if (!a || !b)
      return Value();
    auto shape = shapeOf({a, b});
    if (failed(shape))
      return Value();
    return n.create<LogicalOp>(
        RankedTensorType::get(*shape, n.builder().getI1Type()),
        n.builder().getStringAttr(kind), a, b);
  }
};

Selector selectorFor(NodeImporter &n, Value x) {
  return Selector{n, cast<RankedTensorType>(x.getType()).getElementType()};
}

} // namespace

/// x where x > alpha, else 0.
Value composeThresholdedRelu(NodeImporter &n, Value x, double alpha) {
  Selector s = selectorFor(n, x);
  return s.select(s.compare("gt", x, s.constant(alpha)), x, s.constant(0.0));
}

/// x / (1 + |x|).
Value composeSoftsign(NodeImporter &n, Value x) {
  Selector s = selectorFor(n, x);
  Value abs = n.create<AbsOp>(x.getType(), x);
  return s.binary<DivOp>(x, s.binary<AddOp>(s.constant(1.0), abs));
}

namespace {

/// Mod: with fmod, C's fmod (the sign of the dividend), x - y * trunc(x/y)
/// (integer division truncates); else Python's mod (the sign of the
/// divisor): for integers that remainder plus y where it is non-zero and
/// its sign differs from y's, for floats (opset 28) x - y * floor(x/y).
LogicalResult importMod(NodeImporter &n) {
  Value x = n.input(0), y = n.input(1);
  if (!x || !y)
    return failure();
  Type elt = cast<RankedTensorType>(x.getType()).getElementType();
  Selector s{n, elt};
  bool isFloat = isa<FloatType>(elt), fmod = n.intAttr("fmod", 0) != 0;
  Value q = s.binary<DivOp>(x, y);
  if (!q)
    return failure();
  if (isFloat) {
    auto type = cast<RankedTensorType>(q.getType());
    Value floor = n.create<FloorOp>(type, q);
    if (fmod) {
      Value trunc = s.select(s.compare("lt", q, s.constant(0.0)),
                             n.create<CeilOp>(type, q), floor);
      return setComposed(n, s.binary<SubOp>(x, s.binary<MulOp>(y, trunc)));
    }
    // Floor semantics; an infinite divisor leaves x where the signs agree
    // (or x is 0) and gives y where they differ, as opset 28 specifies.
    Value r = s.binary<SubOp>(x, s.binary<MulOp>(y, floor));
    Value absY = n.create<AbsOp>(y.getType(), y);
    Value infinite = s.compare("eq", absY, s.constant(INFINITY));
    Value differ = s.compare("lt", s.binary<MulOp>(x, y), s.constant(0.0));
    Value atInfinity = s.select(differ, y, x);
    return setComposed(n, s.select(infinite, atInfinity, r));
  }
  Value r = s.binary<SubOp>(x, s.binary<MulOp>(y, q));
  if (!r || fmod)
    return setComposed(n, r);
  Value zero = s.constant(0.0);
  Value rNeg = s.compare("lt", r, zero);
  Value differ = s.logical("xor", rNeg, s.compare("lt", y, zero));
  Value nonZero = s.logical("or", rNeg, s.compare("gt", r, zero));
  Value fix = s.logical("and", differ, nonZero);
  if (!fix)
    return failure();
  return setComposed(n, s.select(fix, s.binary<AddOp>(r, y), r));
}

LogicalResult importThresholdedRelu(NodeImporter &n) {
  Value x = floatInput(n);
  if (!x)
    return failure();
  return setComposed(
      n, composeThresholdedRelu(n, x, n.floatAttr("alpha", 1.0f)));
}

/// Shrink: x - bias where x > lambd, x + bias where x < -lambd, else 0.
LogicalResult importShrink(NodeImporter &n) {
  Value x = floatInput(n);
  if (!x)
    return failure();
  Selector s{n, cast<RankedTensorType>(x.getType()).getElementType()};
  double lambd = n.floatAttr("lambd", 0.5f), bias = n.floatAttr("bias", 0.0f);
  Value low = s.select(s.compare("lt", x, s.constant(-lambd)),
                       s.binary<AddOp>(x, s.constant(bias)), s.constant(0.0));
  return setComposed(n, s.select(s.compare("gt", x, s.constant(lambd)),
                               s.binary<SubOp>(x, s.constant(bias)), low));
}

LogicalResult importSoftsign(NodeImporter &n) {
  Value x = floatInput(n);
  if (!x)
    return failure();
  return setComposed(n, composeSoftsign(n, x));
}

/// IsInf: x == +inf (detect_positive) or x == -inf (detect_negative).
LogicalResult importIsInf(NodeImporter &n) {
  Value x = floatInput(n);
  if (!x)
    return failure();
  Selector s{n, cast<RankedTensorType>(x.getType()).getElementType()};
  double inf = std::numeric_limits<double>::infinity();
  Value isPos = s.compare("eq", x, s.constant(inf));
  Value isNeg = s.compare("eq", x, s.constant(-inf));
  bool pos = n.intAttr("detect_positive", 1) != 0;
  bool neg = n.intAttr("detect_negative", 1) != 0;
  if (pos && neg)
    return setComposed(n, s.logical("or", isPos, isNeg));
  if (pos || neg)
    return setComposed(n, pos ? isPos : isNeg);
  return n.unsupported("IsInf detecting neither sign");
}

/// IsNaN: not (x == x), since NaN is the one value unequal to itself.
LogicalResult importIsNaN(NodeImporter &n) {
  Value x = floatInput(n);
  if (!x)
    return failure();
  Selector s{n, cast<RankedTensorType>(x.getType()).getElementType()};
  Value isTrue = n.scalarConstant(n.builder().getI1Type(), 1.0);
  return setComposed(n, s.logical("xor", s.compare("eq", x, x), isTrue));
}

/// Hardmax (opset 13): 1 at the first maximum along `axis`, 0 elsewhere,
/// as [position == ArgMax] with the positions a constant along the axis.
LogicalResult importHardmax(NodeImporter &n) {
  Value x = floatInput(n);
  if (!x)
    return failure();
  if (n.opset() < 13)
    return n.unsupported("Hardmax before opset 13 (2-D coercion)");
  auto type = cast<RankedTensorType>(x.getType());
  auto axis = n.normalizeAxis(n.intAttr("axis", -1), type.getRank());
  if (failed(axis))
    return failure();
  OpBuilder &b = n.builder();
  SmallVector<int64_t> kept(type.getShape()), along(type.getRank(), 1);
  kept[*axis] = 1;
  along[*axis] = type.getDimSize(*axis);
  Value best = n.create<ArgMaxOp>(
      RankedTensorType::get(kept, b.getI64Type()), x,
      b.getI64IntegerAttr(*axis), b.getBoolAttr(true), b.getBoolAttr(false));
  SmallVector<int64_t> positions;
  for (int64_t i = 0; i < along[*axis]; ++i)
    positions.push_back(i);
  auto positionType = RankedTensorType::get(along, b.getI64Type());
  Value position = arith::ConstantOp::create(
      b, n.getLoc(), positionType,
      DenseElementsAttr::get(positionType, ArrayRef<int64_t>(positions)));
  Value hit = n.create<CompareOp>(type.clone(b.getI1Type()),
                                  b.getStringAttr("eq"), position, best);
  return setComposed(n, n.create<CastOp>(type, hit));
}

} // namespace

void registerSelectImporters(OpImporterMap &map) {
  map["Hardmax"] = importHardmax;
  map["Mod"] = importMod;
  map["ThresholdedRelu"] = importThresholdedRelu;
  map["Shrink"] = importShrink;
  map["Softsign"] = importSoftsign;
  map["IsInf"] = importIsInf;
  map["IsNaN"] = importIsNaN;
}

} // namespace dlc
