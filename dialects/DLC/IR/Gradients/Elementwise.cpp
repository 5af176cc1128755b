//===- Elementwise.cpp - gradient rules of elementwise dlc ops ------------===//
//
// Unary rules multiply the result gradient by the local derivative, written
// with the op's input `x` and result `y`; binary rules reduce each operand's
// share back to the operand's shape (sumToShape) to undo broadcasting.
//
//===----------------------------------------------------------------------===//

#include "dialects/DLC/IR/DLCOps.h"
#include "dialects/DLC/IR/Gradients/GradientUtils.h"

using namespace mlir;
using namespace dlc;

namespace {

/// Shared shape of the unary rules: no gradient for non-float tensors or a
/// result that does not reach the loss, else `dx = derivative(dy)`.
LogicalResult unaryRule(Operation *op, ArrayRef<Value> resultGrads,
                        SmallVectorImpl<Value> &operandGrads,
                        function_ref<Value(Value)> derivative) {
  if (!resultGrads[0] || !isFloatTensor(op->getOperand(0)))
    return noGradients(op, operandGrads);
  operandGrads.assign(1, derivative(resultGrads[0]));
  return success();
}

/// Shared shape of the binary rules: `lhsGrad` and `rhsGrad` give each
/// operand's gradient in the broadcast shape; it is summed to the operand's.
LogicalResult binaryRule(Operation *op, OpBuilder &b,
                         ArrayRef<Value> resultGrads,
                         SmallVectorImpl<Value> &operandGrads,
                         function_ref<Value(Value)> lhsGrad,
                         function_ref<Value(Value)> rhsGrad) {
  if (!resultGrads[0] || !isFloatTensor(op->getResult(0)))
    return noGradients(op, operandGrads);
  Location loc = op->getLoc();
  Value dy = resultGrads[0];
  operandGrads.clear();
  operandGrads.push_back(
      sumToShape(b, loc, lhsGrad(dy), tensorTypeOf(op->getOperand(0))));
  operandGrads.push_back(
      sumToShape(b, loc, rhsGrad(dy), tensorTypeOf(op->getOperand(1))));
  return success();
}

/// 1 - v * v, the shared factor of tanh.
Value oneMinusSquare(OpBuilder &b, Location loc, Value v) {
  Value one = createSplat(b, loc, tensorTypeOf(v), 1.0);
  return createSub(b, loc, one, createMul(b, loc, v, v));
}

} // namespace

LogicalResult ReluOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &operandGrads) {
  // The mask reads the output (y > 0 exactly where x > 0): the input then
  // dies at the forward op, which can overwrite it in place.
  return unaryRule(*this, resultGrads, operandGrads, [&](Value dy) {
    Value zero = createSplat(b, getLoc(), getType(), 0.0);
    Value mask = createGreaterMask(b, getLoc(), getResult(), zero, getType());
    return createMul(b, getLoc(), dy, mask);
  });
}

LogicalResult SigmoidOp::buildGradient(OpBuilder &b,
                                       ArrayRef<Value> resultGrads,
                                       SmallVectorImpl<Value> &operandGrads) {
  return unaryRule(*this, resultGrads, operandGrads, [&](Value dy) {
    Location loc = getLoc();
    Value one = createSplat(b, loc, getType(), 1.0);
    Value slope =
        createMul(b, loc, getResult(), createSub(b, loc, one, getResult()));
    return createMul(b, loc, dy, slope);
  });
}

LogicalResult TanhOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &operandGrads) {
  return unaryRule(*this, resultGrads, operandGrads, [&](Value dy) {
    return createMul(b, getLoc(), dy, oneMinusSquare(b, getLoc(), getResult()));
  });
}

LogicalResult SoftplusOp::buildGradient(OpBuilder &b,
                                        ArrayRef<Value> resultGrads,
                                        SmallVectorImpl<Value> &operandGrads) {
  return unaryRule(*this, resultGrads, operandGrads, [&](Value dy) {
    Value slope = SigmoidOp::create(b, getLoc(), getInput());
    return createMul(b, getLoc(), dy, slope);
  });
}

LogicalResult ExpOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                                   SmallVectorImpl<Value> &operandGrads) {
  return unaryRule(*this, resultGrads, operandGrads, [&](Value dy) {
    return createMul(b, getLoc(), dy, getResult());
  });
}

LogicalResult LogOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                                   SmallVectorImpl<Value> &operandGrads) {
  return unaryRule(*this, resultGrads, operandGrads, [&](Value dy) {
    return createDiv(b, getLoc(), dy, getInput());
  });
}

LogicalResult NegOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                                   SmallVectorImpl<Value> &operandGrads) {
  return unaryRule(*this, resultGrads, operandGrads, [&](Value dy) -> Value {
    return NegOp::create(b, getLoc(), dy);
  });
}

LogicalResult SqrtOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &operandGrads) {
  // d sqrt(x) = 1 / (2 sqrt(x)) = 0.5 / y.
  return unaryRule(*this, resultGrads, operandGrads, [&](Value dy) {
    Value half = createSplat(b, getLoc(), getType(), 0.5);
    return createDiv(b, getLoc(), createMul(b, getLoc(), dy, half),
                     getResult());
  });
}

LogicalResult AbsOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                                   SmallVectorImpl<Value> &operandGrads) {
  // sign(x) = [x > 0] - [0 > x]; zero at 0 (the subgradient PyTorch takes).
  return unaryRule(*this, resultGrads, operandGrads, [&](Value dy) {
    Location loc = getLoc();
    Value zero = createSplat(b, loc, getType(), 0.0);
    Value pos = createGreaterMask(b, loc, getInput(), zero, getType());
    Value neg = createGreaterMask(b, loc, zero, getInput(), getType());
    return createMul(b, loc, dy, createSub(b, loc, pos, neg));
  });
}

LogicalResult
ReciprocalOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                            SmallVectorImpl<Value> &operandGrads) {
  // d (1/x) = -1/x^2 = -y^2.
  return unaryRule(*this, resultGrads, operandGrads, [&](Value dy) -> Value {
    Location loc = getLoc();
    Value scaled =
        createMul(b, loc, dy, createMul(b, loc, getResult(), getResult()));
    return NegOp::create(b, loc, scaled);
  });
}

LogicalResult ErfOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                                   SmallVectorImpl<Value> &operandGrads) {
  // d erf(x) = 2 / sqrt(pi) * exp(-x^2).
  return unaryRule(*this, resultGrads, operandGrads, [&](Value dy) {
    Location loc = getLoc();
    Value negSquare = NegOp::create(b, loc, createMul(b, loc, getInput(), getInput()));
    Value slope = createMul(b, loc, createSplat(b, loc, getType(), 1.1283791670955126),
                            ExpOp::create(b, loc, negSquare));
    return createMul(b, loc, dy, slope);
  });
}

/// The slope of asin, acos, asinh and acosh: dy * scale / sqrt(c + s x^2).
static Value inverseSqrtSlope(OpBuilder &b, Location loc, Value dy, Value x,
                              double scale, double c, double s) {
  RankedTensorType t = tensorTypeOf(x);
  Value square = createMul(b, loc, x, x);
  Value inner = createAdd(b, loc, createSplat(b, loc, t, c),
                          createMul(b, loc, createSplat(b, loc, t, s), square));
  Value scaled = createMul(b, loc, dy, createSplat(b, loc, t, scale));
  return createDiv(b, loc, scaled, SqrtOp::create(b, loc, inner));
}

/// dy / (c + s * x^2), the slope of atan and atanh.
static Value inverseSquareSlope(OpBuilder &b, Location loc, Value dy, Value x,
                                double c, double s) {
  RankedTensorType t = tensorTypeOf(x);
  Value inner =
      createAdd(b, loc, createSplat(b, loc, t, c),
                createMul(b, loc, createSplat(b, loc, t, s),
                          createMul(b, loc, x, x)));
  return createDiv(b, loc, dy, inner);
}

LogicalResult SinOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                                   SmallVectorImpl<Value> &operandGrads) {
  return unaryRule(*this, resultGrads, operandGrads, [&](Value dy) {
    return createMul(b, getLoc(), dy, CosOp::create(b, getLoc(), getInput()));
  });
}

LogicalResult CosOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                                   SmallVectorImpl<Value> &operandGrads) {
  return unaryRule(*this, resultGrads, operandGrads, [&](Value dy) -> Value {
    Value sin = SinOp::create(b, getLoc(), getInput());
    return NegOp::create(b, getLoc(), createMul(b, getLoc(), dy, sin));
  });
}

LogicalResult TanOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                                   SmallVectorImpl<Value> &operandGrads) {
  // d tan(x) = 1 + y^2.
  return unaryRule(*this, resultGrads, operandGrads, [&](Value dy) {
    Location loc = getLoc();
    Value slope = createAdd(b, loc, createSplat(b, loc, getType(), 1.0),
                            createMul(b, loc, getResult(), getResult()));
    return createMul(b, loc, dy, slope);
  });
}

LogicalResult AsinOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &operandGrads) {
  return unaryRule(*this, resultGrads, operandGrads, [&](Value dy) {
    return inverseSqrtSlope(b, getLoc(), dy, getInput(), 1.0, 1.0, -1.0);
  });
}

LogicalResult AcosOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &operandGrads) {
  return unaryRule(*this, resultGrads, operandGrads, [&](Value dy) {
    return inverseSqrtSlope(b, getLoc(), dy, getInput(), -1.0, 1.0, -1.0);
  });
}

LogicalResult AtanOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &operandGrads) {
  return unaryRule(*this, resultGrads, operandGrads, [&](Value dy) {
    return inverseSquareSlope(b, getLoc(), dy, getInput(), 1.0, 1.0);
  });
}

LogicalResult SinhOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &operandGrads) {
  return unaryRule(*this, resultGrads, operandGrads, [&](Value dy) {
    return createMul(b, getLoc(), dy, CoshOp::create(b, getLoc(), getInput()));
  });
}

LogicalResult CoshOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &operandGrads) {
  return unaryRule(*this, resultGrads, operandGrads, [&](Value dy) {
    return createMul(b, getLoc(), dy, SinhOp::create(b, getLoc(), getInput()));
  });
}

LogicalResult AsinhOp::buildGradient(OpBuilder &b,
                                     ArrayRef<Value> resultGrads,
                                     SmallVectorImpl<Value> &operandGrads) {
  return unaryRule(*this, resultGrads, operandGrads, [&](Value dy) {
    return inverseSqrtSlope(b, getLoc(), dy, getInput(), 1.0, 1.0, 1.0);
  });
}

LogicalResult AcoshOp::buildGradient(OpBuilder &b,
                                     ArrayRef<Value> resultGrads,
                                     SmallVectorImpl<Value> &operandGrads) {
  return unaryRule(*this, resultGrads, operandGrads, [&](Value dy) {
    return inverseSqrtSlope(b, getLoc(), dy, getInput(), 1.0, -1.0, 1.0);
  });
}

LogicalResult AtanhOp::buildGradient(OpBuilder &b,
                                     ArrayRef<Value> resultGrads,
                                     SmallVectorImpl<Value> &operandGrads) {
  return unaryRule(*this, resultGrads, operandGrads, [&](Value dy) {
    return inverseSquareSlope(b, getLoc(), dy, getInput(), 1.0, -1.0);
  });
}

// Floor, Ceil and Round are piecewise constant: zero gradient almost
// everywhere (as PyTorch takes it).
LogicalResult FloorOp::buildGradient(OpBuilder &, ArrayRef<Value>,
                                     SmallVectorImpl<Value> &operandGrads) {
  return noGradients(*this, operandGrads);
}

LogicalResult CeilOp::buildGradient(OpBuilder &, ArrayRef<Value>,
                                    SmallVectorImpl<Value> &operandGrads) {
  return noGradients(*this, operandGrads);
}

LogicalResult RoundOp::buildGradient(OpBuilder &, ArrayRef<Value>,
                                     SmallVectorImpl<Value> &operandGrads) {
  return noGradients(*this, operandGrads);
}

LogicalResult LeakyReluOp::buildGradient(OpBuilder &b,
                                         ArrayRef<Value> resultGrads,
                                         SmallVectorImpl<Value> &operandGrads) {
  // slope = alpha + (1 - alpha) * [x > 0].
  return unaryRule(*this, resultGrads, operandGrads, [&](Value dy) {
    Location loc = getLoc();
    double alpha = getAlpha().convertToDouble();
    Value zero = createSplat(b, loc, getType(), 0.0);
    Value mask = createGreaterMask(b, loc, getInput(), zero, getType());
    Value slope = createAdd(
        b, loc, createSplat(b, loc, getType(), alpha),
        createMul(b, loc, mask, createSplat(b, loc, getType(), 1.0 - alpha)));
    return createMul(b, loc, dy, slope);
  });
}

LogicalResult AddOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                                   SmallVectorImpl<Value> &operandGrads) {
  auto same = [](Value dy) { return dy; };
  return binaryRule(*this, b, resultGrads, operandGrads, same, same);
}

/// The share of d(max(l, r)) that goes to l: 1 where l > r, 0 where
/// l < r, 1/2 at ties: (1 + [l > r] - [r > l]) / 2.
static Value maxShare(OpBuilder &b, Location loc, Value l, Value r,
                      RankedTensorType type) {
  Value greater = createGreaterMask(b, loc, l, r, type);
  Value less = createGreaterMask(b, loc, r, l, type);
  Value one = createSplat(b, loc, tensorTypeOf(greater), 1.0);
  Value half = createSplat(b, loc, tensorTypeOf(greater), 0.5);
  Value sign = createSub(b, loc, greater, less);
  return createMul(b, loc, createAdd(b, loc, one, sign), half);
}

/// The gradients of max (or, with the operands swapped in the share, min).
static LogicalResult extremumRule(Operation *op, OpBuilder &b,
                                  ArrayRef<Value> resultGrads,
                                  SmallVectorImpl<Value> &operandGrads,
                                  bool isMax) {
  if (!resultGrads[0] || !isFloatTensor(op->getResult(0)))
    return noGradients(op, operandGrads);
  Location loc = op->getLoc();
  Value l = op->getOperand(0), r = op->getOperand(1);
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  Value share = isMax ? maxShare(b, loc, l, r, type)
                      : maxShare(b, loc, r, l, type);
  return binaryRule(
      op, b, resultGrads, operandGrads,
      [&](Value dy) { return createMul(b, loc, dy, share); },
      [&](Value dy) {
        return createSub(b, loc, dy, createMul(b, loc, dy, share));
      });
}

LogicalResult MaxOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                                   SmallVectorImpl<Value> &operandGrads) {
  return extremumRule(*this, b, resultGrads, operandGrads, /*isMax=*/true);
}

LogicalResult MinOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                                   SmallVectorImpl<Value> &operandGrads) {
  return extremumRule(*this, b, resultGrads, operandGrads, /*isMax=*/false);
}

LogicalResult SubOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                                   SmallVectorImpl<Value> &operandGrads) {
  return binaryRule(
      *this, b, resultGrads, operandGrads, [](Value dy) { return dy; },
      [&](Value dy) -> Value { return NegOp::create(b, getLoc(), dy); });
}

LogicalResult MulOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                                   SmallVectorImpl<Value> &operandGrads) {
  return binaryRule(
      *this, b, resultGrads, operandGrads,
      [&](Value dy) { return createMul(b, getLoc(), dy, getRhs()); },
      [&](Value dy) { return createMul(b, getLoc(), dy, getLhs()); });
}

LogicalResult DivOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                                   SmallVectorImpl<Value> &operandGrads) {
  // d(l/r)/dl = 1/r, d(l/r)/dr = -l/r^2 = -y/r.
  return binaryRule(
      *this, b, resultGrads, operandGrads,
      [&](Value dy) { return createDiv(b, getLoc(), dy, getRhs()); },
      [&](Value dy) -> Value {
        Value scaled = createDiv(
            b, getLoc(), createMul(b, getLoc(), dy, getResult()), getRhs());
        return NegOp::create(b, getLoc(), scaled);
      });
}

LogicalResult PowOp::buildGradient(OpBuilder &b, ArrayRef<Value> resultGrads,
                                   SmallVectorImpl<Value> &operandGrads) {
  // d(x^y)/dx = y * x^(y-1); d(x^y)/dy = x^y * log(x), defined for x > 0.
  return binaryRule(
      *this, b, resultGrads, operandGrads,
      [&](Value dy) {
        Location loc = getLoc();
        Value one = createSplat(b, loc, tensorTypeOf(getRhs()), 1.0);
        Value lower = PowOp::create(b, loc, getType(), getLhs(),
                                    createSub(b, loc, getRhs(), one));
        return createMul(b, loc, dy, createMul(b, loc, getRhs(), lower));
      },
      [&](Value dy) {
        Value logX = LogOp::create(b, getLoc(), getLhs());
        return createMul(b, getLoc(), dy, createMul(b, getLoc(), getResult(), logX));
      });
}

LogicalResult SelectOp::buildGradient(OpBuilder &b,
                                      ArrayRef<Value> resultGrads,
                                      SmallVectorImpl<Value> &operandGrads) {
  if (!resultGrads[0] || !isFloatTensor(getResult()))
    return noGradients(*this, operandGrads);
  Location loc = getLoc();
  Value dy = resultGrads[0];
  auto type = cast<RankedTensorType>(dy.getType());
  Value zero = createSplat(b, loc, type, 0.0);
  auto chosen = [&](Value t, Value f) {
    return SelectOp::create(b, loc, type, getCondition(), t, f).getResult();
  };
  operandGrads.assign(
      {Value(),
       sumToShape(b, loc, chosen(dy, zero), tensorTypeOf(getTrueValue())),
       sumToShape(b, loc, chosen(zero, dy), tensorTypeOf(getFalseValue()))});
  return success();
}
