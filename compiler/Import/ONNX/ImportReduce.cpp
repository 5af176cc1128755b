//===- ImportReduce.cpp - ONNX Reduce* ops --------------------------------===//
//
// The sum-based ONNX reductions, each built from dlc.reduce_sum and
// elementwise ops: ReduceSum, ReduceMean (sum times 1/count),
// ReduceSumSquare, ReduceL1, ReduceL2, ReduceLogSum and ReduceLogSumExp;
// and ReduceMax, ReduceMin and ReduceProd (dlc.reduce_max, dlc.reduce_min,
// dlc.reduce_prod).
// Axes come from input 1 (ReduceSum from opset 13) or the `axes` attribute;
// negative axes count from the back, and no axes mean all of them unless
// `noop_with_empty_axes` is set (then the node is the identity).
//
//===----------------------------------------------------------------------===//
#include "compiler/Import/ONNX/ImportContext.h"

#include <limits>

#include "llvm/ADT/STLExtras.h"

using namespace mlir;

namespace dlc {
namespace {

/// What a reduction node reduces: the axes (sorted, non-negative) and
/// whether they stay as size 1. `identity` when the node reduces nothing.
struct Reduction {
  SmallVector<int64_t> axes;
  bool keepdims = true;
  bool identity = false;
};

/// The axes the node names, from input 1 when present, else the attribute.
FailureOr<SmallVector<int64_t>> namedAxes(NodeImporter &n) {
  if (n.hasInput(1))
    return n.constantInts(1, "axes");
  if (auto axes = n.intsAttr("axes"))
    return *axes;
  return SmallVector<int64_t>();
}

FailureOr<Reduction> resolveReduction(NodeImporter &n, int64_t rank) {
  auto named = namedAxes(n);
  if (failed(named))
    return failure();
  Reduction r;
  r.keepdims = n.intAttr("keepdims", 1) != 0;
  if (named->empty()) {
    if (n.intAttr("noop_with_empty_axes", 0) != 0) {
      r.identity = true;
      return r;
    }
    for (int64_t d = 0; d < rank; ++d)
      r.axes.push_back(d);
    return r;
  }
  for (int64_t axis : *named) {
    auto a = n.normalizeAxis(axis, rank);
    if (failed(a))
      return failure();
    if (llvm::is_contained(r.axes, *a))
      return n.error("axis ") << axis << " is named twice";
    r.axes.push_back(*a);
  }
  llvm::sort(r.axes);
  return r;
}

/// The type of `input` reduced over `r`.
RankedTensorType reducedType(RankedTensorType input, const Reduction &r) {
  SmallVector<int64_t> shape;
  for (auto [d, size] : llvm::enumerate(input.getShape())) {
    if (!llvm::is_contained(r.axes, (int64_t)d))
      shape.push_back(size);
    else if (r.keepdims)
      shape.push_back(1);
  }
  return RankedTensorType::get(shape, input.getElementType());
}

/// How many elements each output element sums.
int64_t reducedCount(RankedTensorType input, const Reduction &r) {
  int64_t count = 1;
  for (int64_t d : r.axes)
    count *= input.getDimSize(d);
  return count;
}

/// The steps around the sum: `before` maps each element (x -> x*x, |x|,
/// exp x), `after` maps the sum (mean, sqrt, log); both may be null.
enum class Before { None, Square, Abs, Exp };
enum class After { None, Mean, Sqrt, Log };

Value applyBefore(NodeImporter &n, Before step, Value x) {
  Type t = x.getType();
  switch (step) {
  case Before::None:
    return x;
  case Before::Square:
    return n.create<MulOp>(t, x, x);
  case Before::Abs:
    return n.create<AbsOp>(t, x);
  case Before::Exp:
    return n.create<ExpOp>(t, x);
  }
  llvm_unreachable("unknown step");
}

Value applyAfter(NodeImporter &n, After step, Value sum, int64_t count) {
  Type t = sum.getType();
  switch (step) {
  case After::None:
    return sum;
  case After::Mean: {
    auto elem = cast<RankedTensorType>(t).getElementType();
    Value scale = n.scalarConstant(elem, count ? 1.0 / (double)count : 0.0);
    return n.create<MulOp>(t, sum, scale);
  }
  case After::Sqrt:
    return n.create<SqrtOp>(t, sum);
  case After::Log:
    return n.create<LogOp>(t, sum);
  }
  llvm_unreachable("unknown step");
}

bool needsFloat(Before before, After after) {
  return before == Before::Exp || after != After::None;
}

/// Input 0 reduced as the node says: the identity when it reduces nothing,
/// else `reduce` (null: it failed and reported why).
LogicalResult importReduction(
    NodeImporter &n,
    function_ref<Value(Value x, RankedTensorType type, const Reduction &r)>
        reduce) {
  Value x = n.input(0);
  if (!x)
    return failure();
  auto type = cast<RankedTensorType>(x.getType());
  auto r = resolveReduction(n, type.getRank());
  if (failed(r))
    return failure();
  Value y = r->identity ? x : reduce(x, type, *r);
  if (!y)
    return failure();
  n.setOutput(0, y);
  return success();
}

template <Before before, After after>
LogicalResult importReduce(NodeImporter &n) {
  RankedTensorType in = n.inputType(0);
  if (!in)
    return failure();
  if (needsFloat(before, after) && !isa<FloatType>(in.getElementType()))
    return n.unsupported("integer input ") << in;
  return importReduction(n, [&](Value x, RankedTensorType type,
                                const Reduction &r) {
    Value mapped = applyBefore(n, before, x);
    Value sum = n.create<ReduceSumOp>(reducedType(type, r), mapped,
                                      n.builder().getDenseI64ArrayAttr(r.axes),
                                      n.builder().getBoolAttr(r.keepdims));
    return applyAfter(n, after, sum, reducedCount(type, r));
  });
}

/// ReduceMax, ReduceMin and ReduceProd: dlc.reduce_max, dlc.reduce_min and
/// dlc.reduce_prod.
template <typename OpTy>
LogicalResult importReduceOp(NodeImporter &n) {
  return importReduction(n, [&](Value x, RankedTensorType type,
                                const Reduction &r) -> Value {
    for (int64_t axis : r.axes)
      if (type.getDimSize(axis) == 0) {
        n.unsupported("reducing an empty axis");
        return Value();
      }
    return n.create<OpTy>(reducedType(type, r), x,
                          n.builder().getDenseI64ArrayAttr(r.axes),
                          n.builder().getBoolAttr(r.keepdims));
  });
}

/// Whether element k along the axis counts into the cumulative sum at i.
bool cumulates(int64_t k, int64_t i, bool exclusive, bool reverse) {
  if (reverse)
    return exclusive ? k > i : k >= i;
  return exclusive ? k < i : k <= i;
}

/// CumSum as a masked sum: x gets a size-1 dim after `axis` (positions i),
/// is multiplied by a constant [N(k), N(i)] mask of the counted pairs and
/// summed over k. O(N^2) work along the axis, with the gradient of mul and
/// reduce_sum (a cumulative sum the other way). CumProd (opset 26) is the
/// same with the uncounted terms made 1 (+ 1 - mask) and a product over k.
template <typename ReduceOpTy>
LogicalResult importCumulative(NodeImporter &n) {
  constexpr bool isProduct = std::is_same_v<ReduceOpTy, ReduceProdOp>;
  Value x = n.input(0);
  if (!x)
    return failure();
  auto axisValue =
      n.constantInts(1, "the axis operand of " + n.proto().op_type());
  if (failed(axisValue))
    return failure();
  auto type = cast<RankedTensorType>(x.getType());
  if (axisValue->size() != 1)
    return n.error("axis must hold one value");
  auto axis = n.normalizeAxis((*axisValue)[0], type.getRank());
  if (failed(axis))
    return failure();
  bool exclusive = n.intAttr("exclusive", 0) != 0;
  bool reverse = n.intAttr("reverse", 0) != 0;
  int64_t len = type.getDimSize(*axis);
  SmallVector<int64_t> column(type.getShape());
  column.insert(column.begin() + *axis + 1, 1);
  SmallVector<int64_t> maskShape(type.getRank() + 1, 1), wide(column);
  maskShape[*axis] = maskShape[*axis + 1] = len;
  wide[*axis + 1] = len;
  SmallVector<double> mask, unmasked;
  for (int64_t k = 0; k < len; ++k)
    for (int64_t i = 0; i < len; ++i) {
      mask.push_back(cumulates(k, i, exclusive, reverse) ? 1.0 : 0.0);
      unmasked.push_back(1.0 - mask.back());
    }
  Value maskValue = denseConstant(n, type.clone(maskShape), mask);
  Value col = reshapeTo(n, x, column);
  Value terms = n.create<MulOp>(type.clone(wide), col, maskValue);
  if (isProduct)
    terms = n.create<AddOp>(type.clone(wide), terms,
                            denseConstant(n, type.clone(maskShape), unmasked));
  n.setOutput(0, n.create<ReduceOpTy>(
                     type, terms, n.builder().getDenseI64ArrayAttr({*axis}),
                     n.builder().getBoolAttr(false)));
  return success();
}

/// ArgMax and ArgMin: dlc.arg_max / dlc.arg_min along one axis.
template <typename OpTy>
LogicalResult importArgExtremum(NodeImporter &n) {
  RankedTensorType type = n.inputType(0);
  if (!type)
    return failure();
  auto axis = n.normalizeAxis(n.intAttr("axis", 0), type.getRank());
  if (failed(axis))
    return failure();
  if (type.getDimSize(*axis) == 0)
    return n.unsupported("the index along an empty axis");
  bool keepdims = n.intAttr("keepdims", 1) != 0;
  SmallVector<int64_t> shape;
  for (auto [d, size] : llvm::enumerate(type.getShape())) {
    if ((int64_t)d != *axis)
      shape.push_back(size);
    else if (keepdims)
      shape.push_back(1);
  }
  OpBuilder &b = n.builder();
  n.setOutput(0, n.create<OpTy>(RankedTensorType::get(shape, b.getI64Type()),
                                n.input(0), b.getI64IntegerAttr(*axis),
                                b.getBoolAttr(keepdims),
                                b.getBoolAttr(n.intAttr("select_last_index",
                                                        0) != 0)));
  return success();
}

/// The largest k TopK composes (one arg-max step per element).
constexpr int64_t kMaxTopK = 16;

/// TopK (float input, k a compile-time constant up to kMaxTopK): k steps of
/// ArgMax (ArgMin for the smallest), each masking its pick with -inf (+inf)
/// for the next; ties go to the lower index, as ONNX asks. The values are
/// dlc.gather_elements of the input at the indices, so they take its
/// gradient.
LogicalResult importTopK(NodeImporter &n) {
  Value x = floatInput(n);
  if (!x)
    return failure();
  auto kValue = n.constantInts(1, "the k operand of TopK");
  if (failed(kValue))
    return failure();
  auto type = cast<RankedTensorType>(x.getType());
  if (kValue->size() != 1)
    return n.error("k must hold one value");
  auto axis = n.normalizeAxis(n.intAttr("axis", -1), type.getRank());
  if (failed(axis))
    return failure();
  int64_t k = (*kValue)[0], len = type.getDimSize(*axis);
  if (k < 1 || k > len)
    return n.error("k = " + Twine(k) + " is out of range for an axis of " +
                   Twine(len));
  if (k > kMaxTopK)
    return n.unsupported("TopK with k above " + Twine(kMaxTopK));
  if (!n.intAttr("sorted", 1))
    return n.unsupported("TopK with sorted = 0");
  bool largest = n.intAttr("largest", 1) != 0;
  OpBuilder &b = n.builder();
  SmallVector<int64_t> one(type.getShape()), along(type.getRank(), 1);
  one[*axis] = 1;
  along[*axis] = len;
  SmallVector<double> iota;
  for (int64_t i = 0; i < len; ++i)
    iota.push_back(i);
  Value positions =
      denseConstant(n, RankedTensorType::get(along, b.getI64Type()), iota);
  double inf = std::numeric_limits<double>::infinity();
  Value masked = n.scalarConstant(type.getElementType(), largest ? -inf : inf);
  auto pickType = RankedTensorType::get(one, b.getI64Type());
  SmallVector<Value> picks;
  Value rest = x;
  for (int64_t i = 0; i < k; ++i) {
    auto axisAttr = b.getI64IntegerAttr(*axis);
    auto keep = b.getBoolAttr(true), first = b.getBoolAttr(false);
    Value pick = largest ? n.create<ArgMaxOp>(pickType, rest, axisAttr, keep,
                                              first)
                         : n.create<ArgMinOp>(pickType, rest, axisAttr, keep,
                                              first);
    picks.push_back(pick);
    Value hit = n.create<CompareOp>(type.clone(b.getI1Type()),
                                    b.getStringAttr("eq"), positions, pick);
    rest = n.create<SelectOp>(type, hit, masked, rest);
  }
  SmallVector<int64_t> topShape(type.getShape());
  topShape[*axis] = k;
  auto indexType = RankedTensorType::get(topShape, b.getI64Type());
  Value indices = picks.size() == 1
                      ? picks.front()
                      : n.create<ConcatOp>(indexType, picks, *axis);
  n.setOutput(0, n.create<GatherElementsOp>(type.clone(topShape), x, indices,
                                            *axis));
  n.setOutput(1, indices);
  return success();
}

} // namespace

void registerReduceImporters(OpImporterMap &map) {
  map["ArgMax"] = importArgExtremum<ArgMaxOp>;
  map["ArgMin"] = importArgExtremum<ArgMinOp>;
  map["ReduceMax"] = importReduceOp<ReduceMaxOp>;
  map["ReduceMin"] = importReduceOp<ReduceMinOp>;
  map["ReduceProd"] = importReduceOp<ReduceProdOp>;
  map["ReduceSum"] = importReduce<Before::None, After::None>;
  map["CumSum"] = importCumulative<ReduceSumOp>;
  map["CumProd"] = importCumulative<ReduceProdOp>;
  map["TopK"] = importTopK;
  map["ReduceMean"] = importReduce<Before::None, After::Mean>;
  map["ReduceSumSquare"] = importReduce<Before::Square, After::None>;
  map["ReduceL1"] = importReduce<Before::Abs, After::None>;
  map["ReduceL2"] = importReduce<Before::Square, After::Sqrt>;
  map["ReduceLogSum"] = importReduce<Before::None, After::Log>;
  map["ReduceLogSumExp"] = importReduce<Before::Exp, After::Log>;
}

} // namespace dlc
