//===- DLCFolds.cpp - constant folding of dlc ops -------------------------===//
//
// Folders make the shape arithmetic that exporters emit (Shape, Gather,
// Unsqueeze, Concat, Slice, Expand, Cast on constants) disappear at import
// (OpBuilder::createOrFold) and in canonicalisation.
//
//===----------------------------------------------------------------------===//

#include "dialects/DLC/IR/DLCOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;

namespace {

/// Largest constant (in elements) that element-by-element folds produce;
/// data-movement folds work on raw bytes and have no such limit.
constexpr int64_t kMaxArithFoldElements = 1 << 16;

DenseElementsAttr asDense(Attribute a) {
  return dyn_cast_or_null<DenseElementsAttr>(a);
}

/// Row-major strides of a static shape.
SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t i = (int64_t)shape.size() - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

/// Builds a constant of `resultType` whose element at each multi-index is the
/// element `srcIndex(index)` (linear) of `src`. Works on raw bytes, so it is
/// cheap for any byte-sized element type.
Attribute foldByIndexMap(DenseElementsAttr src, RankedTensorType resultType,
                         function_ref<int64_t(ArrayRef<int64_t>)> srcIndex) {
  if (src.isSplat())
    return DenseElementsAttr::get(resultType, src.getSplatValue<Attribute>());
  Type elt = resultType.getElementType();
  unsigned bits = elt.getIntOrFloatBitWidth();
  if (bits % 8 != 0 || !elt.isIntOrFloat())
    return {};
  size_t bytes = bits / 8;
  ArrayRef<char> raw = src.getRawData();
  int64_t count = resultType.getNumElements();
  std::vector<char> out(count * bytes);
  SmallVector<int64_t> idx(resultType.getRank(), 0);
  for (int64_t linear = 0; linear < count; ++linear) {
    int64_t from = srcIndex(idx);
    std::memcpy(out.data() + linear * bytes, raw.data() + from * bytes, bytes);
    for (int64_t d = resultType.getRank() - 1; d >= 0; --d) {
      if (++idx[d] < resultType.getDimSize(d))
        break;
      idx[d] = 0;
    }
  }
  return DenseElementsAttr::getFromRawBuffer(resultType, out);
}

/// Linear index into a tensor of `shape` that broadcasts to the index space
/// of a larger result (numpy rules, aligned on the right).
int64_t broadcastIndex(ArrayRef<int64_t> shape, ArrayRef<int64_t> strides,
                       ArrayRef<int64_t> resultIdx) {
  int64_t offset = resultIdx.size() - shape.size(), linear = 0;
  for (size_t d = 0; d < shape.size(); ++d)
    if (shape[d] != 1)
      linear += resultIdx[offset + d] * strides[d];
  return linear;
}

/// Calls `fn(linear, operandIndices)` for every element of `resultType`, in
/// row-major order, with the linear index each operand (numpy-broadcast to
/// the result) contributes to that element.
void forEachBroadcast(RankedTensorType resultType,
                      ArrayRef<DenseElementsAttr> operands,
                      function_ref<void(int64_t, ArrayRef<int64_t>)> fn) {
  SmallVector<SmallVector<int64_t>> shapes, strides;
  for (DenseElementsAttr a : operands) {
    auto t = cast<RankedTensorType>(a.getType());
    shapes.push_back(llvm::to_vector(t.getShape()));
    strides.push_back(stridesOf(t.getShape()));
  }
  SmallVector<int64_t> idx(resultType.getRank(), 0), from(operands.size());
  for (int64_t linear = 0, n = resultType.getNumElements(); linear < n;
       ++linear) {
    for (size_t k = 0; k < operands.size(); ++k)
      from[k] = operands[k].isSplat()
                    ? 0
                    : broadcastIndex(shapes[k], strides[k], idx);
    fn(linear, from);
    for (int64_t d = resultType.getRank() - 1; d >= 0; --d) {
      if (++idx[d] < resultType.getDimSize(d))
        break;
      idx[d] = 0;
    }
  }
}

/// The operands as constants small enough to fold element by element.
std::optional<SmallVector<DenseElementsAttr, 3>>
foldableOperands(ArrayRef<Attribute> attrs, RankedTensorType resultType) {
  if (resultType.getNumElements() > kMaxArithFoldElements)
    return std::nullopt;
  SmallVector<DenseElementsAttr, 3> dense;
  for (Attribute a : attrs) {
    auto d = asDense(a);
    if (!d)
      return std::nullopt;
    dense.push_back(d);
  }
  return dense;
}

template <typename IntFn, typename FloatFn>
Attribute foldBinary(Attribute lhsAttr, Attribute rhsAttr,
                     RankedTensorType resultType, IntFn intFn,
                     FloatFn floatFn) {
  auto operands = foldableOperands({lhsAttr, rhsAttr}, resultType);
  if (!operands)
    return {};
  auto [lhs, rhs] = std::make_pair((*operands)[0], (*operands)[1]);
  Type elt = resultType.getElementType();
  if (isa<IntegerType>(elt)) {
    auto a = llvm::to_vector(lhs.getValues<APInt>());
    auto b = llvm::to_vector(rhs.getValues<APInt>());
    SmallVector<APInt> out;
    bool ok = true;
    forEachBroadcast(resultType, *operands, [&](int64_t, ArrayRef<int64_t> i) {
      std::optional<APInt> r = ok ? intFn(a[i[0]], b[i[1]]) : std::nullopt;
      ok = r.has_value();
      if (ok)
        out.push_back(*r);
    });
    return ok ? DenseElementsAttr::get(resultType, out) : Attribute();
  }
  if (isa<FloatType>(elt)) {
    auto a = llvm::to_vector(lhs.getValues<APFloat>());
    auto b = llvm::to_vector(rhs.getValues<APFloat>());
    SmallVector<APFloat> out;
    forEachBroadcast(resultType, *operands, [&](int64_t, ArrayRef<int64_t> i) {
      out.push_back(floatFn(a[i[0]], b[i[1]]));
    });
    return DenseElementsAttr::get(resultType, out);
  }
  return {};
}

/// The three-way order of two constant elements of one type: integers
/// signed (i1 as false < true), floats ordered; nullopt when either float is
/// NaN (every ordered comparison is then false).
std::optional<int> compareElements(Type elt, const Attribute &x,
                                   const Attribute &y) {
  if (elt.isInteger(1)) {
    bool a = cast<IntegerAttr>(x).getValue().getBoolValue();
    bool b = cast<IntegerAttr>(y).getValue().getBoolValue();
    return (int)a - (int)b;
  }
  if (isa<IntegerType>(elt)) {
    const APInt &a = cast<IntegerAttr>(x).getValue();
    const APInt &b = cast<IntegerAttr>(y).getValue();
    return a.slt(b) ? -1 : (a.sgt(b) ? 1 : 0);
  }
  APFloat::cmpResult r =
      cast<FloatAttr>(x).getValue().compare(cast<FloatAttr>(y).getValue());
  if (r == APFloat::cmpUnordered)
    return std::nullopt;
  return r == APFloat::cmpLessThan ? -1 : (r == APFloat::cmpGreaterThan ? 1 : 0);
}

/// A constant of `resultType` whose elements are `element` of the broadcast
/// operands' elements.
Attribute foldElementwise(
    ArrayRef<Attribute> attrs, RankedTensorType resultType,
    function_ref<Attribute(ArrayRef<Attribute> elements)> element) {
  auto operands = foldableOperands(attrs, resultType);
  if (!operands)
    return {};
  SmallVector<SmallVector<Attribute>> values;
  for (DenseElementsAttr d : *operands)
    values.push_back(llvm::to_vector(d.getValues<Attribute>()));
  SmallVector<Attribute> out;
  SmallVector<Attribute, 3> elements(operands->size());
  forEachBroadcast(resultType, *operands, [&](int64_t, ArrayRef<int64_t> i) {
    for (size_t k = 0; k < elements.size(); ++k)
      elements[k] = values[k][i[k]];
    out.push_back(element(elements));
  });
  return DenseElementsAttr::get(resultType, out);
}

/// foldElementwise for an i1 result: `test` of the operands' elements.
Attribute foldPredicate(
    ArrayRef<Attribute> attrs, RankedTensorType resultType,
    function_ref<bool(ArrayRef<Attribute> elements)> test) {
  Type i1 = resultType.getElementType();
  return foldElementwise(attrs, resultType,
                         [&](ArrayRef<Attribute> e) -> Attribute {
                           return IntegerAttr::get(i1, APInt(1, test(e)));
                         });
}

/// Whether `order` (from compareElements) satisfies a dlc.compare predicate.
bool satisfies(StringRef predicate, std::optional<int> order) {
  if (!order)
    return false;
  return llvm::StringSwitch<bool>(predicate)
      .Case("eq", *order == 0)
      .Case("lt", *order < 0)
      .Case("le", *order <= 0)
      .Case("gt", *order > 0)
      .Case("ge", *order >= 0)
      .Default(false);
}

/// Folds a reduction of a constant over `axes`: `combine(acc, element)`
/// folds each element into its output's accumulator, the first element of
/// an output starting it. Empty inputs are left alone (their identity
/// element is the lowering's business).
template <typename T>
Attribute foldReduce(Attribute inputAttr, ArrayRef<int64_t> axes,
                     RankedTensorType resultType,
                     function_ref<T(const T &, const T &)> combine) {
  auto input = asDense(inputAttr);
  if (!input)
    return {};
  auto inType = cast<RankedTensorType>(input.getType());
  int64_t count = inType.getNumElements();
  if (count == 0 || count > kMaxArithFoldElements)
    return {};
  SmallVector<int64_t> kept(inType.getShape());
  for (int64_t a : axes)
    kept[a] = 1;
  SmallVector<int64_t> keptStrides = stridesOf(kept);
  SmallVector<std::optional<T>> acc(resultType.getNumElements());
  auto values = llvm::to_vector(input.getValues<T>());
  SmallVector<int64_t> idx(inType.getRank(), 0);
  for (int64_t linear = 0; linear < count; ++linear) {
    int64_t to = 0;
    for (int64_t d = 0; d < inType.getRank(); ++d)
      if (kept[d] != 1)
        to += idx[d] * keptStrides[d];
    const T &v = values[input.isSplat() ? 0 : linear];
    acc[to] = acc[to] ? combine(*acc[to], v) : v;
    for (int64_t d = inType.getRank() - 1; d >= 0; --d) {
      if (++idx[d] < inType.getDimSize(d))
        break;
      idx[d] = 0;
    }
  }
  SmallVector<T> out;
  for (auto &a : acc)
    out.push_back(*a);
  return DenseElementsAttr::get(resultType, out);
}

/// foldReduce for an integer or float reduction.
template <typename IntFn, typename FloatFn>
OpFoldResult foldReduction(Value input, Attribute inputAttr,
                           ArrayRef<int64_t> axes, RankedTensorType resultType,
                           IntFn intFn, FloatFn floatFn) {
  if (axes.empty() && input.getType() == resultType)
    return input;
  Type elt = resultType.getElementType();
  if (isa<IntegerType>(elt) && !elt.isInteger(1))
    return foldReduce<APInt>(inputAttr, axes, resultType, intFn);
  if (isa<FloatType>(elt))
    return foldReduce<APFloat>(inputAttr, axes, resultType, floatFn);
  return {};
}

} // namespace

OpFoldResult dlc::NegOp::fold(FoldAdaptor adaptor) {
  auto in = asDense(adaptor.getInput());
  if (!in || in.getNumElements() > kMaxArithFoldElements)
    return {};
  if (isa<IntegerType>(in.getElementType()))
    return in.mapValues(in.getElementType(),
                        [](const APInt &v) { return -v; });
  if (isa<FloatType>(in.getElementType()))
    return in.mapValues(in.getElementType(), [](const APFloat &v) {
      return (-v).bitcastToAPInt();
    });
  return {};
}

OpFoldResult dlc::AddOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](const APInt &a, const APInt &b) -> std::optional<APInt> { return a + b; },
      [](const APFloat &a, const APFloat &b) { return a + b; });
}

OpFoldResult dlc::SubOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](const APInt &a, const APInt &b) -> std::optional<APInt> { return a - b; },
      [](const APFloat &a, const APFloat &b) { return a - b; });
}

OpFoldResult dlc::MulOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](const APInt &a, const APInt &b) -> std::optional<APInt> { return a * b; },
      [](const APFloat &a, const APFloat &b) { return a * b; });
}

OpFoldResult dlc::DivOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](const APInt &a, const APInt &b) -> std::optional<APInt> {
        if (b.isZero())
          return std::nullopt;
        return a.sdiv(b);
      },
      [](const APFloat &a, const APFloat &b) { return a / b; });
}

OpFoldResult dlc::MaxOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](const APInt &a, const APInt &b) -> std::optional<APInt> {
        return a.sge(b) ? a : b;
      },
      [](const APFloat &a, const APFloat &b) { return llvm::maximum(a, b); });
}

OpFoldResult dlc::MinOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](const APInt &a, const APInt &b) -> std::optional<APInt> {
        return a.sle(b) ? a : b;
      },
      [](const APFloat &a, const APFloat &b) { return llvm::minimum(a, b); });
}

OpFoldResult dlc::ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  if (auto producer = getInput().getDefiningOp<ReshapeOp>()) {
    getInputMutable().assign(producer.getInput());
    return getResult();
  }
  if (auto dense = asDense(adaptor.getInput()))
    return dense.reshape(getType());
  return {};
}

OpFoldResult dlc::TransposeOp::fold(FoldAdaptor adaptor) {
  ArrayRef<int64_t> perm = getPermutation();
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
    return getInput();
  auto dense = asDense(adaptor.getInput());
  if (!dense)
    return {};
  SmallVector<int64_t> strides = stridesOf(getInput().getType().getShape());
  return foldByIndexMap(dense, getType(), [&](ArrayRef<int64_t> idx) {
    int64_t linear = 0;
    for (size_t i = 0; i < perm.size(); ++i)
      linear += idx[i] * strides[perm[i]];
    return linear;
  });
}

OpFoldResult dlc::SliceOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType() &&
      llvm::all_of(getStarts(), [](int64_t s) { return s == 0; }) &&
      llvm::all_of(getSteps(), [](int64_t s) { return s == 1; }))
    return getInput();
  auto dense = asDense(adaptor.getInput());
  if (!dense)
    return {};
  SmallVector<int64_t> strides = stridesOf(getInput().getType().getShape());
  return foldByIndexMap(dense, getType(), [&](ArrayRef<int64_t> idx) {
    int64_t linear = 0;
    for (size_t d = 0; d < idx.size(); ++d)
      linear += (getStarts()[d] + idx[d] * getSteps()[d]) * strides[d];
    return linear;
  });
}

OpFoldResult dlc::BroadcastOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  auto dense = asDense(adaptor.getInput());
  if (!dense)
    return {};
  ArrayRef<int64_t> shape = getInput().getType().getShape();
  SmallVector<int64_t> strides = stridesOf(shape);
  return foldByIndexMap(dense, getType(), [&](ArrayRef<int64_t> idx) {
    return broadcastIndex(shape, strides, idx);
  });
}

OpFoldResult dlc::GatherOp::fold(FoldAdaptor adaptor) {
  auto data = asDense(adaptor.getData());
  auto indices = asDense(adaptor.getIndices());
  if (!data || !indices)
    return {};
  auto dataType = getData().getType();
  int64_t axis = getAxis(), axisDim = dataType.getDimSize(axis);
  auto idxValues = llvm::to_vector(indices.getValues<APInt>());
  for (APInt &v : idxValues) {
    int64_t i = v.getSExtValue();
    if (i < -axisDim || i >= axisDim)
      return {};
  }
  SmallVector<int64_t> dataStrides = stridesOf(dataType.getShape());
  auto idxType = getIndices().getType();
  SmallVector<int64_t> idxStrides = stridesOf(idxType.getShape());
  int64_t idxRank = idxType.getRank();
  return foldByIndexMap(data, getType(), [&](ArrayRef<int64_t> idx) {
    int64_t idxLinear = 0;
    for (int64_t j = 0; j < idxRank; ++j)
      idxLinear += idx[axis + j] * idxStrides[j];
    int64_t i = idxValues[indices.isSplat() ? 0 : idxLinear].getSExtValue();
    if (i < 0)
      i += axisDim;
    int64_t linear = 0;
    for (int64_t d = 0; d < axis; ++d)
      linear += idx[d] * dataStrides[d];
    linear += i * dataStrides[axis];
    for (int64_t d = axis + 1; d < dataType.getRank(); ++d)
      linear += idx[d - 1 + idxRank] * dataStrides[d];
    return linear;
  });
}

OpFoldResult dlc::ConcatOp::fold(FoldAdaptor adaptor) {
  if (getInputs().size() == 1)
    return getInputs()[0];
  SmallVector<DenseElementsAttr> parts;
  for (Attribute a : adaptor.getInputs()) {
    auto dense = asDense(a);
    if (!dense || getType().getNumElements() > kMaxArithFoldElements)
      return {};
    parts.push_back(dense);
  }
  // Concatenate via Attribute values: concats of constants are shape vectors.
  int64_t axis = getAxis();
  auto shape = getType().getShape();
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= shape[d];
  for (int64_t d = axis + 1; d < (int64_t)shape.size(); ++d)
    inner *= shape[d];
  SmallVector<Attribute> out;
  SmallVector<SmallVector<Attribute>> values;
  for (DenseElementsAttr p : parts)
    values.push_back(llvm::to_vector(p.getValues<Attribute>()));
  for (int64_t o = 0; o < outer; ++o)
    for (auto [p, vals] : llvm::zip(parts, values)) {
      int64_t chunk = cast<RankedTensorType>(p.getType()).getDimSize(axis) * inner;
      for (int64_t i = 0; i < chunk; ++i)
        out.push_back(vals[p.isSplat() ? 0 : o * chunk + i]);
    }
  return DenseElementsAttr::get(getType(), out);
}

OpFoldResult dlc::CastOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  auto dense = asDense(adaptor.getInput());
  if (!dense || getType().getNumElements() > kMaxArithFoldElements)
    return {};
  Type from = dense.getElementType(), to = getType().getElementType();
  auto toFloat = dyn_cast<FloatType>(to);
  unsigned toBits = to.getIntOrFloatBitWidth();
  SmallVector<Attribute> out;
  for (Attribute a : dense.getValues<Attribute>()) {
    if (auto i = dyn_cast<IntegerAttr>(a)) {
      APInt v = i.getValue();
      bool isBool = from.isInteger(1);
      if (toFloat) {
        APFloat f(toFloat.getFloatSemantics());
        f.convertFromAPInt(v, /*isSigned=*/!isBool, APFloat::rmNearestTiesToEven);
        out.push_back(FloatAttr::get(to, f));
      } else if (to.isInteger(1)) {
        out.push_back(IntegerAttr::get(to, APInt(1, !v.isZero())));
      } else {
        out.push_back(IntegerAttr::get(to, isBool ? v.zextOrTrunc(toBits)
                                                  : v.sextOrTrunc(toBits)));
      }
    } else if (auto f = dyn_cast<FloatAttr>(a)) {
      APFloat v = f.getValue();
      bool lost;
      if (toFloat) {
        v.convert(toFloat.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
        out.push_back(FloatAttr::get(to, v));
      } else if (to.isInteger(1)) {
        out.push_back(IntegerAttr::get(to, APInt(1, !v.isZero())));
      } else {
        APSInt r(toBits, /*isUnsigned=*/false);
        v.convertToInteger(r, APFloat::rmTowardZero, &lost);
        out.push_back(IntegerAttr::get(to, r));
      }
    } else {
      return {};
    }
  }
  return DenseElementsAttr::get(getType(), out);
}

OpFoldResult dlc::GreaterOp::fold(FoldAdaptor adaptor) {
  Type elt = getLhs().getType().getElementType();
  return foldPredicate({adaptor.getLhs(), adaptor.getRhs()}, getType(),
                       [&](ArrayRef<Attribute> e) {
                         return satisfies("gt", compareElements(elt, e[0], e[1]));
                       });
}

OpFoldResult dlc::CompareOp::fold(FoldAdaptor adaptor) {
  Type elt = getLhs().getType().getElementType();
  StringRef predicate = getPredicate();
  return foldPredicate({adaptor.getLhs(), adaptor.getRhs()}, getType(),
                       [&](ArrayRef<Attribute> e) {
                         return satisfies(predicate,
                                          compareElements(elt, e[0], e[1]));
                       });
}

OpFoldResult dlc::LogicalOp::fold(FoldAdaptor adaptor) {
  StringRef kind = getKind();
  return foldPredicate({adaptor.getLhs(), adaptor.getRhs()}, getType(),
                       [&](ArrayRef<Attribute> e) {
                         bool a = cast<IntegerAttr>(e[0]).getValue().getBoolValue();
                         bool b = cast<IntegerAttr>(e[1]).getValue().getBoolValue();
                         return kind == "and" ? a && b
                                              : (kind == "or" ? a || b : a != b);
                       });
}

OpFoldResult dlc::SelectOp::fold(FoldAdaptor adaptor) {
  // A splat condition picks one operand whole, when it has the result's
  // type (else the broadcast stays an op).
  if (auto c = dyn_cast_or_null<SplatElementsAttr>(adaptor.getCondition())) {
    Value picked = c.getSplatValue<bool>() ? getTrueValue() : getFalseValue();
    if (picked.getType() == getType())
      return picked;
  }
  return foldElementwise(
      {adaptor.getCondition(), adaptor.getTrueValue(), adaptor.getFalseValue()},
      getType(), [](ArrayRef<Attribute> e) {
        bool c = cast<IntegerAttr>(e[0]).getValue().getBoolValue();
        return c ? e[1] : e[2];
      });
}

OpFoldResult dlc::ReduceSumOp::fold(FoldAdaptor adaptor) {
  return foldReduction(
      getInput(), adaptor.getInput(), getAxes(), getType(),
      [](const APInt &a, const APInt &b) { return a + b; },
      [](const APFloat &a, const APFloat &b) { return a + b; });
}

OpFoldResult dlc::ReduceProdOp::fold(FoldAdaptor adaptor) {
  return foldReduction(
      getInput(), adaptor.getInput(), getAxes(), getType(),
      [](const APInt &a, const APInt &b) { return a * b; },
      [](const APFloat &a, const APFloat &b) { return a * b; });
}

OpFoldResult dlc::ReduceMaxOp::fold(FoldAdaptor adaptor) {
  return foldReduction(
      getInput(), adaptor.getInput(), getAxes(), getType(),
      [](const APInt &a, const APInt &b) { return a.sge(b) ? a : b; },
      [](const APFloat &a, const APFloat &b) { return llvm::maximum(a, b); });
}

OpFoldResult dlc::ReduceMinOp::fold(FoldAdaptor adaptor) {
  return foldReduction(
      getInput(), adaptor.getInput(), getAxes(), getType(),
      [](const APInt &a, const APInt &b) { return a.sle(b) ? a : b; },
      [](const APFloat &a, const APFloat &b) { return llvm::minimum(a, b); });
}
