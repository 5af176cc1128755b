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

template <typename IntFn, typename FloatFn>
Attribute foldBinary(Attribute lhsAttr, Attribute rhsAttr,
                     RankedTensorType resultType, IntFn intFn,
                     FloatFn floatFn) {
  auto lhs = asDense(lhsAttr), rhs = asDense(rhsAttr);
  if (!lhs || !rhs || resultType.getNumElements() > kMaxArithFoldElements)
    return {};
  auto lt = cast<RankedTensorType>(lhs.getType());
  auto rt = cast<RankedTensorType>(rhs.getType());
  SmallVector<int64_t> ls = stridesOf(lt.getShape()), rs = stridesOf(rt.getShape());
  SmallVector<int64_t> idx(resultType.getRank(), 0);
  int64_t count = resultType.getNumElements();
  Type elt = resultType.getElementType();
  if (isa<IntegerType>(elt)) {
    auto a = llvm::to_vector(lhs.getValues<APInt>());
    auto b = llvm::to_vector(rhs.getValues<APInt>());
    SmallVector<APInt> out;
    for (int64_t linear = 0; linear < count; ++linear) {
      const APInt &x = a[lhs.isSplat() ? 0 : broadcastIndex(lt.getShape(), ls, idx)];
      const APInt &y = b[rhs.isSplat() ? 0 : broadcastIndex(rt.getShape(), rs, idx)];
      std::optional<APInt> r = intFn(x, y);
      if (!r)
        return {};
      out.push_back(*r);
      for (int64_t d = resultType.getRank() - 1; d >= 0; --d) {
        if (++idx[d] < resultType.getDimSize(d))
          break;
        idx[d] = 0;
      }
    }
    return DenseElementsAttr::get(resultType, out);
  }
  if (isa<FloatType>(elt)) {
    auto a = llvm::to_vector(lhs.getValues<APFloat>());
    auto b = llvm::to_vector(rhs.getValues<APFloat>());
    SmallVector<APFloat> out;
    for (int64_t linear = 0; linear < count; ++linear) {
      const APFloat &x = a[lhs.isSplat() ? 0 : broadcastIndex(lt.getShape(), ls, idx)];
      const APFloat &y = b[rhs.isSplat() ? 0 : broadcastIndex(rt.getShape(), rs, idx)];
      out.push_back(floatFn(x, y));
      for (int64_t d = resultType.getRank() - 1; d >= 0; --d) {
        if (++idx[d] < resultType.getDimSize(d))
          break;
        idx[d] = 0;
      }
    }
    return DenseElementsAttr::get(resultType, out);
  }
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
