//===- ImportMath.cpp - elementwise math, softmax, Gemm and MatMul --------===//
#include "compiler/Import/ONNX/ImportContext.h"

#include "llvm/Support/xxhash.h"

#include <cmath>

using namespace mlir;

namespace dlc {
namespace {

template <typename OpTy>
LogicalResult importUnary(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  n.setOutput(0, n.create<OpTy>(x.getType(), x));
  return success();
}

/// Creates a broadcasting binary op, computing the result type.
template <typename OpTy>
FailureOr<Value> createBinary(NodeImporter &n, Value lhs, Value rhs) {
  auto lt = cast<RankedTensorType>(lhs.getType());
  auto rt = cast<RankedTensorType>(rhs.getType());
  if (lt.getElementType() != rt.getElementType())
    return n.error("operand element types differ");
  auto shape = broadcastShapes(lt.getShape(), rt.getShape());
  if (failed(shape))
    return n.error("operand shapes are not broadcast-compatible");
  auto type = RankedTensorType::get(*shape, lt.getElementType());
  return n.create<OpTy>(type, lhs, rhs);
}

/// Before opset 7, a broadcast operand (with `axis`) lines its dims up
/// with `lhs`'s from `axis` on: reshaped to lhs's rank with size-1 dims
/// around them, it broadcasts the numpy way.
FailureOr<Value> alignAtAxis(NodeImporter &n, Value lhs, Value rhs,
                             int64_t axis) {
  auto lt = cast<RankedTensorType>(lhs.getType());
  auto rt = cast<RankedTensorType>(rhs.getType());
  auto start = n.normalizeAxis(axis, lt.getRank());
  if (failed(start))
    return failure();
  if (*start + rt.getRank() > lt.getRank())
    return n.error("broadcast operand of rank " + Twine(rt.getRank()) +
                   " does not fit from axis " + Twine(*start));
  SmallVector<int64_t> shape(lt.getRank(), 1);
  llvm::copy(rt.getShape(), shape.begin() + *start);
  return reshapeTo(n, rhs, shape);
}

template <typename OpTy>
LogicalResult importBinary(NodeImporter &n) {
  Value lhs = n.input(0), rhs = n.input(1);
  if (!lhs || !rhs)
    return failure();
  if (n.opset() < 7 && n.intAttr("broadcast", 0) && n.attr("axis")) {
    auto aligned = alignAtAxis(n, lhs, rhs, n.intAttr("axis", 0));
    if (failed(aligned))
      return failure();
    rhs = *aligned;
  }
  auto v = createBinary<OpTy>(n, lhs, rhs);
  if (failed(v))
    return failure();
  n.setOutput(0, *v);
  return success();
}

/// ONNX Max, Min and Sum: the binary op folded over the (one or more,
/// broadcasting) inputs, left to right.
template <typename OpTy>
FailureOr<Value> foldInputs(NodeImporter &n) {
  if (n.numInputs() < 1)
    return n.error("needs at least one input");
  Value result = n.input(0);
  if (!result)
    return failure();
  for (unsigned i = 1; i < n.numInputs(); ++i) {
    Value next = n.input(i);
    if (!next)
      return failure();
    FailureOr<Value> v = createBinary<OpTy>(n, result, next);
    if (failed(v))
      return failure();
    result = *v;
  }
  return result;
}

template <typename OpTy>
LogicalResult importVariadic(NodeImporter &n) {
  FailureOr<Value> v = foldInputs<OpTy>(n);
  if (failed(v))
    return failure();
  n.setOutput(0, *v);
  return success();
}

/// ONNX Mean: the Sum divided by the number of inputs (floats).
LogicalResult importMean(NodeImporter &n) {
  FailureOr<Value> sum = foldInputs<AddOp>(n);
  if (failed(sum))
    return failure();
  auto type = cast<RankedTensorType>(sum->getType());
  if (!isa<FloatType>(type.getElementType()))
    return n.unsupported("Mean on a non-float tensor");
  Value count = n.scalarConstant(type.getElementType(), n.numInputs());
  FailureOr<Value> mean = createBinary<DivOp>(n, *sum, count);
  if (failed(mean))
    return failure();
  n.setOutput(0, *mean);
  return success();
}

LogicalResult importLeakyRelu(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  n.setOutput(0, n.create<LeakyReluOp>(x.getType(), x,
                                       n.builder().getF32FloatAttr(n.floatAttr("alpha", 0.01f))));
  return success();
}


/// Builders for the compositions below: same-shape or broadcasting ops on
/// the (float) tensors of one node.
struct Composer {
  NodeImporter &n;
  Type elt;

  Value constant(double v) { return n.scalarConstant(elt, v); }
  Value relu(Value x) { return n.create<ReluOp>(x.getType(), x); }
  Value exp(Value x) { return n.create<ExpOp>(x.getType(), x); }
  template <typename OpTy>
  Value unary(Value x) {
    return x ? n.create<OpTy>(x.getType(), x) : Value();
  }
  template <typename OpTy>
  Value binary(Value lhs, Value rhs) {
    auto v = createBinary<OpTy>(n, lhs, rhs);
    return succeeded(v) ? *v : Value();
  }
  Value add(Value a, Value b) { return binary<AddOp>(a, b); }
  Value sub(Value a, Value b) { return binary<SubOp>(a, b); }
  Value mul(Value a, Value b) { return binary<MulOp>(a, b); }
  Value div(Value a, Value b) { return binary<DivOp>(a, b); }

  /// min(x, 0) as x - relu(x): no select, and its gradient is [x <= 0].
  Value negativePart(Value x) { return sub(x, relu(x)); }

  /// relu(x) + alpha * (exp(min(x, 0) / scale) - 1): Elu (scale 1) and
  /// Celu (scale alpha). exp sees only non-positive values, so it cannot
  /// overflow where the branch is not taken.
  Value expLinear(Value x, double alpha, double scale) {
    Value neg = negativePart(x);
    if (scale != 1.0)
      neg = div(neg, constant(scale));
    Value tail = sub(exp(neg), constant(1.0));
    return add(relu(x), mul(constant(alpha), tail));
  }

  /// Clamps y to [0, 1] as relu(y) - relu(y - 1).
  Value unitClamp(Value y) { return sub(relu(y), relu(sub(y, constant(1.0)))); }

  /// max(alpha * x + beta, 0) clamped to 1 (ONNX HardSigmoid).
  Value hardSigmoid(Value x, double alpha, double beta) {
    return unitClamp(add(mul(constant(alpha), x), constant(beta)));
  }
};

Composer composerFor(NodeImporter &n, Value x) {
  return Composer{n, cast<RankedTensorType>(x.getType()).getElementType()};
}

} // namespace

FailureOr<Value> createMatMul(NodeImporter &n, Value lhs, Value rhs) {
  auto lt = cast<RankedTensorType>(lhs.getType());
  auto rt = cast<RankedTensorType>(rhs.getType());
  if (lt.getRank() == 0 || rt.getRank() == 0)
    return n.error("MatMul operands must have rank 1 or more");
  bool lhsVec = lt.getRank() == 1, rhsVec = rt.getRank() == 1;
  if (lhsVec) {
    lt = RankedTensorType::get({1, lt.getDimSize(0)}, lt.getElementType());
    lhs = n.create<ReshapeOp>(lt, lhs);
  }
  if (rhsVec) {
    rt = RankedTensorType::get({rt.getDimSize(0), 1}, rt.getElementType());
    rhs = n.create<ReshapeOp>(rt, rhs);
  }
  if (lt.getShape().back() != rt.getShape()[rt.getRank() - 2])
    return n.error("MatMul contraction dimensions differ");
  auto batch = broadcastShapes(lt.getShape().drop_back(2),
                               rt.getShape().drop_back(2));
  if (failed(batch))
    return n.error("MatMul batch dimensions do not broadcast");
  SmallVector<int64_t> shape(*batch);
  shape.push_back(lt.getDimSize(lt.getRank() - 2));
  shape.push_back(rt.getShape().back());
  Value result = n.create<MatMulOp>(
      RankedTensorType::get(shape, lt.getElementType()), lhs, rhs);
  if (!lhsVec && !rhsVec)
    return result;
  SmallVector<int64_t> squeezed(*batch);
  if (!lhsVec)
    squeezed.push_back(shape[shape.size() - 2]);
  if (!rhsVec)
    squeezed.push_back(shape.back());
  return n.create<ReshapeOp>(
      RankedTensorType::get(squeezed, lt.getElementType()), result);
}


Value composeElu(NodeImporter &n, Value x, double alpha) {
  return composerFor(n, x).expLinear(x, alpha, 1.0);
}

Value composeHardSigmoid(NodeImporter &n, Value x, double alpha,
                         double beta) {
  return composerFor(n, x).hardSigmoid(x, alpha, beta);
}

namespace {

/// Sign: [x > 0] - [0 > x] in x's element type (floats and integers).
LogicalResult importSign(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  auto type = cast<RankedTensorType>(x.getType());
  Value zero = n.scalarConstant(type.getElementType(), 0.0);
  auto maskType = type.clone(n.builder().getI1Type());
  auto indicator = [&](Value lhs, Value rhs) {
    return n.create<CastOp>(type, n.create<GreaterOp>(maskType, lhs, rhs));
  };
  n.setOutput(0, n.create<SubOp>(type, indicator(x, zero), indicator(zero, x)));
  return success();
}

/// Pow on a float base; an exponent of another type is cast to the base's.
/// Pow of an integer base: computed in f64 (exact for the integer results
/// f64 holds) and converted back to the base's type, truncating.
LogicalResult importIntegerPow(NodeImporter &n, Value x, Value y) {
  auto xt = cast<RankedTensorType>(x.getType());
  auto yt = cast<RankedTensorType>(y.getType());
  Type f64 = n.builder().getF64Type();
  Value xf = n.create<CastOp>(xt.clone(f64), x);
  Value yf = n.create<CastOp>(yt.clone(f64), y);
  auto z = createBinary<PowOp>(n, xf, yf);
  if (failed(z))
    return failure();
  auto zt = cast<RankedTensorType>((*z).getType());
  return setComposed(n, n.create<CastOp>(zt.clone(xt.getElementType()), *z));
}

LogicalResult importPow(NodeImporter &n) {
  Value in = n.input(0), y = n.input(1);
  if (!in || !y)
    return failure();
  if (cast<RankedTensorType>(in.getType()).getElementType().isInteger())
    return importIntegerPow(n, in, y);
  Value x = floatInput(n);
  if (!x)
    return failure();
  Type elt = cast<RankedTensorType>(x.getType()).getElementType();
  auto yType = cast<RankedTensorType>(y.getType());
  if (yType.getElementType() != elt)
    y = n.create<CastOp>(yType.clone(elt), y);
  auto z = createBinary<PowOp>(n, x, y);
  return setComposed(n, succeeded(z) ? *z : Value());
}

/// Elu: x if x > 0 else alpha * (exp(x) - 1).
LogicalResult importElu(NodeImporter &n) {
  Value x = floatInput(n);
  if (!x)
    return failure();
  return setComposed(n, composeElu(n, x, n.floatAttr("alpha", 1.0f)));
}

/// Celu: max(0, x) + min(0, alpha * (exp(x / alpha) - 1)).
LogicalResult importCelu(NodeImporter &n) {
  Value x = floatInput(n);
  if (!x)
    return failure();
  float alpha = n.floatAttr("alpha", 1.0f);
  if (alpha == 0.0f)
    return n.error("Celu alpha must not be 0");
  return setComposed(n, composerFor(n, x).expLinear(x, alpha, alpha));
}

/// Selu: gamma * Elu(x, alpha).
LogicalResult importSelu(NodeImporter &n) {
  Value x = floatInput(n);
  if (!x)
    return failure();
  Composer c = composerFor(n, x);
  Value elu = c.expLinear(x, n.floatAttr("alpha", 1.67326319217681884765625f), 1.0);
  if (!elu)
    return failure();
  return setComposed(
      n, c.mul(c.constant(n.floatAttr("gamma", 1.05070102214813232421875f)), elu));
}

LogicalResult importHardSigmoid(NodeImporter &n) {
  Value x = floatInput(n);
  if (!x)
    return failure();
  return setComposed(n, composeHardSigmoid(n, x, n.floatAttr("alpha", 0.2f),
                                            n.floatAttr("beta", 0.5f)));
}

/// HardSwish: x * HardSigmoid(x) with alpha 1/6, beta 1/2.
LogicalResult importHardSwish(NodeImporter &n) {
  Value x = floatInput(n);
  if (!x)
    return failure();
  Composer c = composerFor(n, x);
  Value gate = c.hardSigmoid(x, 1.0 / 6.0, 0.5);
  return setComposed(n, gate ? c.mul(x, gate) : Value());
}

/// Gelu (opset 20): x * Phi(x) = x/2 * (1 + erf(x / sqrt 2)), or with
/// approximate = "tanh" x/2 * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))).
LogicalResult importGelu(NodeImporter &n) {
  Value x = floatInput(n);
  if (!x)
    return failure();
  Composer c = composerFor(n, x);
  std::string approximate = n.stringAttr("approximate", "none");
  Value inner;
  if (approximate == "none") {
    inner = c.unary<ErfOp>(c.mul(x, c.constant(M_SQRT1_2)));
  } else if (approximate == "tanh") {
    Value cubic = c.mul(c.constant(0.044715), c.mul(x, c.mul(x, x)));
    Value arg = c.mul(c.constant(std::sqrt(2.0 / M_PI)), c.add(x, cubic));
    inner = c.unary<TanhOp>(arg);
  } else {
    return n.error("approximate must be 'none' or 'tanh', not '" +
                   approximate + "'");
  }
  Value half = c.mul(c.constant(0.5), x);
  return setComposed(n, c.mul(half, c.add(c.constant(1.0), inner)));
}

/// Mish (opset 18): x * tanh(softplus(x)).
LogicalResult importMish(NodeImporter &n) {
  Value x = floatInput(n);
  if (!x)
    return failure();
  Composer c = composerFor(n, x);
  return setComposed(n, c.mul(x, c.unary<TanhOp>(c.unary<SoftplusOp>(x))));
}

/// Swish (opset 24): x * sigmoid(alpha * x).
LogicalResult importSwish(NodeImporter &n) {
  Value x = floatInput(n);
  if (!x)
    return failure();
  Composer c = composerFor(n, x);
  Value ax = c.mul(c.constant(n.floatAttr("alpha", 1.0f)), x);
  return setComposed(n, c.mul(x, c.unary<SigmoidOp>(ax)));
}

/// PRelu: x if x >= 0 else slope * x, slope broadcast to x, composed as
/// relu(x) + slope * min(x, 0).
LogicalResult importPRelu(NodeImporter &n) {
  Value x = floatInput(n), slope = n.input(1);
  if (!x || !slope)
    return failure();
  // Before opset 7 a slope of X's channel count applies per channel.
  auto xt = cast<RankedTensorType>(x.getType());
  auto st = cast<RankedTensorType>(slope.getType());
  if (n.opset() < 7 && st.getRank() == 1 && xt.getRank() > 1 &&
      st.getDimSize(0) == xt.getDimSize(1) && st.getDimSize(0) != 1) {
    auto aligned = alignAtAxis(n, x, slope, 1);
    if (failed(aligned))
      return failure();
    slope = *aligned;
  }
  Composer c = composerFor(n, x);
  Value neg = c.negativePart(x);
  Value scaled = c.mul(slope, neg);
  if (!scaled)
    return failure();
  if (cast<RankedTensorType>(scaled.getType()).getShape() !=
      cast<RankedTensorType>(x.getType()).getShape())
    return n.error("PRelu slope must broadcast to the shape of X");
  return setComposed(n, c.add(c.relu(x), scaled));
}

/// A bound of Clip: attribute `name` before opset 11, input `index` from
/// then on (a rank-0 tensor, constant or not); null when absent.
FailureOr<Value> clipBound(NodeImporter &n, Composer &c, StringRef name,
                           unsigned index) {
  if (n.opset() < 11) {
    if (!n.attr(name))
      return Value();
    return c.constant(n.floatAttr(name, 0.0f));
  }
  if (!n.hasInput(index))
    return Value();
  Value v = n.input(index);
  if (!v)
    return failure();
  auto type = cast<RankedTensorType>(v.getType());
  if (type.getNumElements() != 1)
    return n.error("Clip ") << name << " must be a scalar";
  if (type.getRank() != 0)
    v = n.create<ReshapeOp>(RankedTensorType::get({}, type.getElementType()), v);
  return v;
}

/// Clip on floats: max(x, lo) as lo + relu(x - lo), then min(., hi) as
/// hi - relu(hi - .). Integer tensors are refused: x - lo could overflow.
/// Clip of an integer tensor: max with the lower bound, min with the
/// upper (inputs 1 and 2, rank-0 tensors of X's type).
LogicalResult importIntegerClip(NodeImporter &n, Value x) {
  FailureOr<Value> y = x;
  if (n.hasInput(1))
    y = createBinary<MaxOp>(n, *y, n.input(1));
  if (succeeded(y) && n.hasInput(2))
    y = createBinary<MinOp>(n, *y, n.input(2));
  return setComposed(n, succeeded(y) ? *y : Value());
}

LogicalResult importClip(NodeImporter &n) {
  Value in = n.input(0);
  if (!in)
    return failure();
  if (n.opset() >= 11 &&
      cast<RankedTensorType>(in.getType()).getElementType().isInteger())
    return importIntegerClip(n, in);
  Value x = floatInput(n);
  if (!x)
    return failure();
  Composer c = composerFor(n, x);
  auto lo = clipBound(n, c, "min", 1);
  auto hi = clipBound(n, c, "max", 2);
  if (failed(lo) || failed(hi))
    return failure();
  Value y = x;
  if (*lo)
    y = c.add(*lo, c.relu(c.sub(y, *lo)));
  if (y && *hi)
    y = c.sub(*hi, c.relu(c.sub(*hi, y)));
  return setComposed(n, y);
}

LogicalResult importIdentity(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  n.setOutput(0, x);
  return success();
}

/// The drop ratio of a Dropout node: the `ratio` attribute before opset 12,
/// input 1 from then on; 0.5 by default. Empty when input 1 is not a
/// compile-time constant (the model can then only infer).
FailureOr<std::optional<float>> dropoutRatio(NodeImporter &n) {
  float ratio = n.floatAttr("ratio", 0.5f);
  if (n.opset() >= 12 && n.hasInput(1)) {
    auto r = n.constantInput(1);
    if (!r)
      return std::optional<float>();
    if (r->getNumElements() != 1 || !isa<FloatType>(r->getElementType()))
      return n.error("ratio must be a float scalar");
    ratio = (*r->getValues<APFloat>().begin()).convertToFloat();
  }
  if (!(ratio >= 0.0f && ratio < 1.0f))
    return n.error("ratio must lie in [0, 1), got ") << ratio;
  return std::optional<float>(ratio);
}

/// Dropout as dlc.dropout: the identity at inference, a seeded mask in a
/// training step (ModeOps.h). Its stream, which tells the masks of different
/// nodes apart, hashes the node's output name and its `seed` attribute.
/// The optional mask output is the inference one (all true). A node that
/// asks for training mode itself is supported only with ratio 0.
LogicalResult importDropout(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  auto ratio = dropoutRatio(n);
  if (failed(ratio))
    return failure();
  if (n.hasInput(2)) {
    auto mode = n.constantInput(2);
    if (!mode || (!mode->getSplatValue<APInt>().isZero() && *ratio != 0.0f))
      return n.unsupported("Dropout in training mode");
  }
  if (isa<FloatType>(cast<RankedTensorType>(x.getType()).getElementType())) {
    uint64_t stream =
        llvm::xxh3_64bits(n.proto().output(0)) ^ (uint64_t)n.intAttr("seed", 0);
    OpBuilder &b = n.builder();
    FloatAttr ratioAttr = *ratio ? b.getF32FloatAttr(**ratio) : FloatAttr();
    x = b.create<DropoutOp>(n.getLoc(), x.getType(), x, ratioAttr,
                            b.getI64IntegerAttr((int64_t)stream));
  }
  n.setOutput(0, x);
  if (n.hasOutput(1)) {
    auto shape = cast<RankedTensorType>(x.getType()).getShape();
    n.setOutput(1, n.scalarConstant(n.builder().getI1Type(), 1, shape));
  }
  return success();
}

/// Softmax and LogSoftmax. Before opset 13 the input is coerced to 2-D at
/// `axis` (default 1) and normalised over the flattened trailing part.
template <typename OpTy>
LogicalResult importSoftmax(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  if (n.opset() >= 13) {
    auto axis = n.normalizeAxis(n.intAttr("axis", -1), rank);
    if (failed(axis))
      return failure();
    n.setOutput(0, n.create<OpTy>(type, x, *axis));
    return success();
  }
  auto axis = n.normalizeAxis(n.intAttr("axis", 1), rank);
  if (failed(axis))
    return failure();
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < rank; ++d)
    (d < *axis ? outer : inner) *= type.getDimSize(d);
  auto flatType = RankedTensorType::get({outer, inner}, type.getElementType());
  Value flat = n.create<ReshapeOp>(flatType, x);
  Value y = n.create<OpTy>(flatType, flat, 1);
  n.setOutput(0, n.create<ReshapeOp>(type, y));
  return success();
}

/// Input 0 converted to `type`, whose ONNX element type is `to`, minding
/// unsigned integers (importNode has zero-extended those below 64 bits).
Value castTo(NodeImporter &n, Value x, RankedTensorType type, int32_t to) {
  if (isUnsignedType(to))
    return convertToUnsigned(n, x, type);
  if (n.inputOnnxType(0) == onnx::TensorProto::UINT64)
    return convertFromUint64(n, x, type);
  return n.create<CastOp>(type, x);
}

LogicalResult importCast(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  int64_t to = n.intAttr("to", 0);
  Type elt = convertElementType(to, n.getContext());
  if (!elt)
    return n.unsupported("Cast target type " + dataTypeName(to));
  auto type = cast<RankedTensorType>(x.getType()).clone(elt);
  n.setOutput(0, castTo(n, x, type, to));
  return success();
}

/// CastLike: a Cast to the element type of input 1.
LogicalResult importCastLike(NodeImporter &n) {
  Value x = n.input(0);
  RankedTensorType like = n.inputType(1);
  if (!x || !like)
    return failure();
  auto type = cast<RankedTensorType>(x.getType()).clone(like.getElementType());
  n.setOutput(0, castTo(n, x, type, n.inputOnnxType(1)));
  return success();
}

LogicalResult importConstant(NodeImporter &n) {
  OpBuilder &b = n.builder();
  auto emit = [&](DenseElementsAttr attr) {
    n.setOutput(0, b.create<arith::ConstantOp>(n.getLoc(), attr.getType(), attr));
    return success();
  };
  if (const auto *a = n.attr("value")) {
    std::string error;
    auto attr = convertTensor(a->t(), n.getContext(), error);
    if (failed(attr))
      return n.error(error);
    return emit(*attr);
  }
  if (const auto *a = n.attr("value_float"))
    return emit(DenseElementsAttr::get(RankedTensorType::get({}, b.getF32Type()),
                                       a->f()));
  if (const auto *a = n.attr("value_int"))
    return emit(DenseElementsAttr::get(RankedTensorType::get({}, b.getI64Type()),
                                       (int64_t)a->i()));
  if (const auto *a = n.attr("value_floats")) {
    SmallVector<float> v(a->floats().begin(), a->floats().end());
    return emit(DenseElementsAttr::get(
        RankedTensorType::get({(int64_t)v.size()}, b.getF32Type()),
        ArrayRef<float>(v)));
  }
  if (const auto *a = n.attr("value_ints")) {
    SmallVector<int64_t> v(a->ints().begin(), a->ints().end());
    return emit(DenseElementsAttr::get(
        RankedTensorType::get({(int64_t)v.size()}, b.getI64Type()),
        ArrayRef<int64_t>(v)));
  }
  return n.unsupported("Constant without a tensor, float or int value");
}

LogicalResult importMatMul(NodeImporter &n) {
  Value lhs = n.input(0), rhs = n.input(1);
  if (!lhs || !rhs)
    return failure();
  auto v = createMatMul(n, lhs, rhs);
  if (failed(v))
    return failure();
  n.setOutput(0, *v);
  return success();
}

Value transpose2D(NodeImporter &n, Value v) {
  auto t = cast<RankedTensorType>(v.getType());
  auto type = RankedTensorType::get({t.getDimSize(1), t.getDimSize(0)},
                                    t.getElementType());
  return n.create<TransposeOp>(type, v, ArrayRef<int64_t>{1, 0});
}

/// Gemm: alpha * op(A) * op(B) + beta * C, with C broadcast.
LogicalResult importGemm(NodeImporter &n) {
  Value a = n.input(0), b = n.input(1);
  if (!a || !b)
    return failure();
  if (cast<RankedTensorType>(a.getType()).getRank() != 2 ||
      cast<RankedTensorType>(b.getType()).getRank() != 2)
    return n.error("Gemm operands A and B must be matrices");
  if (n.intAttr("transA", 0))
    a = transpose2D(n, a);
  if (n.intAttr("transB", 0))
    b = transpose2D(n, b);
  auto y = createMatMul(n, a, b);
  if (failed(y))
    return failure();
  Type elt = cast<RankedTensorType>(a.getType()).getElementType();
  float alpha = n.floatAttr("alpha", 1.0f), beta = n.floatAttr("beta", 1.0f);
  if (alpha != 1.0f)
    y = createBinary<MulOp>(n, *y, n.scalarConstant(elt, alpha));
  if (succeeded(y) && n.hasInput(2) && beta != 0.0f) {
    Value c = n.input(2);
    if (beta != 1.0f)
      c = *createBinary<MulOp>(n, c, n.scalarConstant(elt, beta));
    y = createBinary<AddOp>(n, *y, c);
  }
  if (failed(y))
    return failure();
  n.setOutput(0, *y);
  return success();
}

} // namespace

void registerMathImporters(OpImporterMap &map) {
  map["Relu"] = importUnary<ReluOp>;
  map["Sigmoid"] = importUnary<SigmoidOp>;
  map["Tanh"] = importUnary<TanhOp>;
  map["Softplus"] = importUnary<SoftplusOp>;
  map["Exp"] = importUnary<ExpOp>;
  map["Log"] = importUnary<LogOp>;
  map["Neg"] = importUnary<NegOp>;
  map["Sqrt"] = importUnary<SqrtOp>;
  map["Abs"] = importUnary<AbsOp>;
  map["Reciprocal"] = importUnary<ReciprocalOp>;
  map["Erf"] = importUnary<ErfOp>;
  map["Floor"] = importUnary<FloorOp>;
  map["Ceil"] = importUnary<CeilOp>;
  map["Round"] = importUnary<RoundOp>;
  map["Sin"] = importUnary<SinOp>;
  map["Cos"] = importUnary<CosOp>;
  map["Tan"] = importUnary<TanOp>;
  map["Asin"] = importUnary<AsinOp>;
  map["Acos"] = importUnary<AcosOp>;
  map["Atan"] = importUnary<AtanOp>;
  map["Sinh"] = importUnary<SinhOp>;
  map["Cosh"] = importUnary<CoshOp>;
  map["Asinh"] = importUnary<AsinhOp>;
  map["Acosh"] = importUnary<AcoshOp>;
  map["Atanh"] = importUnary<AtanhOp>;
  map["Sign"] = importSign;
  map["Pow"] = importPow;
  map["LeakyRelu"] = importLeakyRelu;
  map["Elu"] = importElu;
  map["Selu"] = importSelu;
  map["Celu"] = importCelu;
  map["HardSigmoid"] = importHardSigmoid;
  map["HardSwish"] = importHardSwish;
  map["Gelu"] = importGelu;
  map["Mish"] = importMish;
  map["Swish"] = importSwish;
  map["Clip"] = importClip;
  map["PRelu"] = importPRelu;
  map["Add"] = importBinary<AddOp>;
  map["Sub"] = importBinary<SubOp>;
  map["Mul"] = importBinary<MulOp>;
  map["Div"] = importBinary<DivOp>;
  map["Max"] = importVariadic<MaxOp>;
  map["Min"] = importVariadic<MinOp>;
  map["Sum"] = importVariadic<AddOp>;
  map["Mean"] = importMean;
  map["Identity"] = importIdentity;
  map["Dropout"] = importDropout;
  map["Softmax"] = importSoftmax<SoftmaxOp>;
  map["LogSoftmax"] = importSoftmax<LogSoftmaxOp>;
  map["Cast"] = importCast;
  map["CastLike"] = importCastLike;
  map["Constant"] = importConstant;
  map["MatMul"] = importMatMul;
  map["Gemm"] = importGemm;
}

} // namespace dlc
