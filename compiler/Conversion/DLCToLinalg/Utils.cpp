//===- Utils.cpp - helpers shared by the dlc-to-linalg patterns -----------===//
//
// Implements the builders declared in Utils.h.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/DLCToLinalg/Utils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>

using namespace mlir;

TypedAttr dlc::getScalarAttr(OpBuilder &b, Type type, double value) {
  if (auto floatType = dyn_cast<FloatType>(type)) {
    APFloat apValue(value);
    bool losesInfo = false;
    apValue.convert(floatType.getFloatSemantics(),
                    APFloat::rmNearestTiesToEven, &losesInfo);
    return b.getFloatAttr(floatType, apValue);
  }
  auto intType = cast<IntegerType>(type);
  if (intType.getWidth() == 1)
    return b.getIntegerAttr(intType, value != 0.0 ? 1 : 0);
  return b.getIntegerAttr(intType, static_cast<int64_t>(std::trunc(value)));
}

Value dlc::createScalarConstant(OpBuilder &b, Location loc, Type type,
                                double value) {
  return arith::ConstantOp::create(b, loc, getScalarAttr(b, type, value));
}

Value dlc::createEmptyTensor(OpBuilder &b, Location loc,
                             RankedTensorType type) {
  return tensor::EmptyOp::create(b, loc, type.getShape(),
                                 type.getElementType());
}

Value dlc::createFilledTensor(OpBuilder &b, Location loc,
                              RankedTensorType type, Value value) {
  Value empty = createEmptyTensor(b, loc, type);
  return linalg::FillOp::create(b, loc, ValueRange{value}, ValueRange{empty})
      .getResult(0);
}

Value dlc::createFilledTensor(OpBuilder &b, Location loc,
                              RankedTensorType type, double value) {
  Value scalar = createScalarConstant(b, loc, type.getElementType(), value);
  return createFilledTensor(b, loc, type, scalar);
}

AffineMap dlc::getBroadcastMap(MLIRContext *ctx, ArrayRef<int64_t> inShape,
                               ArrayRef<int64_t> outShape) {
  int64_t outRank = outShape.size();
  int64_t lead = outRank - static_cast<int64_t>(inShape.size());
  SmallVector<AffineExpr> exprs;
  for (auto [i, size] : llvm::enumerate(inShape)) {
    int64_t outDim = lead + static_cast<int64_t>(i);
    if (size == 1 && outShape[outDim] != 1)
      exprs.push_back(getAffineConstantExpr(0, ctx));
    else
      exprs.push_back(getAffineDimExpr(outDim, ctx));
  }
  return AffineMap::get(outRank, /*symbolCount=*/0, exprs, ctx);
}

SmallVector<utils::IteratorType> dlc::getParallelIterators(int64_t n) {
  return SmallVector<utils::IteratorType>(n, utils::IteratorType::parallel);
}

Value dlc::padWithConstant(OpBuilder &b, Location loc, Value source,
                           ArrayRef<int64_t> low, ArrayRef<int64_t> high,
                           Value padValue) {
  if (llvm::all_of(low, [](int64_t p) { return p == 0; }) &&
      llvm::all_of(high, [](int64_t p) { return p == 0; }))
    return source;
  auto sourceType = cast<RankedTensorType>(source.getType());
  SmallVector<int64_t> shape(sourceType.getShape());
  for (auto [i, size] : llvm::enumerate(shape))
    size += low[i] + high[i];
  auto resultType = RankedTensorType::get(shape, sourceType.getElementType());
  SmallVector<OpFoldResult> lowOfr, highOfr;
  for (int64_t p : low)
    lowOfr.push_back(b.getIndexAttr(p));
  for (int64_t p : high)
    highOfr.push_back(b.getIndexAttr(p));
  return tensor::PadOp::create(b, loc, resultType, source, lowOfr, highOfr,
                               padValue);
}

Value dlc::createElementwiseGeneric(OpBuilder &b, Location loc,
                                    RankedTensorType resultType,
                                    ValueRange inputs, ScalarBodyBuilder body) {
  MLIRContext *ctx = b.getContext();
  ArrayRef<int64_t> outShape = resultType.getShape();
  SmallVector<AffineMap> maps;
  for (Value input : inputs)
    maps.push_back(getBroadcastMap(
        ctx, cast<RankedTensorType>(input.getType()).getShape(), outShape));
  maps.push_back(b.getMultiDimIdentityMap(resultType.getRank()));
  Value init = createEmptyTensor(b, loc, resultType);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, inputs, ValueRange{init}, maps,
      getParallelIterators(resultType.getRank()),
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value result = body(nested, nestedLoc, args.drop_back());
        linalg::YieldOp::create(nested, nestedLoc, result);
      });
  return generic.getResult(0);
}

DenseIntElementsAttr dlc::getI64TensorAttr(OpBuilder &b,
                                           ArrayRef<int64_t> values) {
  auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                    b.getI64Type());
  return DenseIntElementsAttr::get(type, values);
}

SmallVector<OpFoldResult> dlc::toFoldResults(OpBuilder &b,
                                             ArrayRef<int64_t> v) {
  return llvm::map_to_vector(
      v, [&](int64_t x) -> OpFoldResult { return b.getIndexAttr(x); });
}

Value dlc::splitGroups(OpBuilder &b, Location loc, Value v, int64_t axis,
                       int64_t group) {
  auto type = cast<RankedTensorType>(v.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape[axis] /= group;
  shape.insert(shape.begin() + axis, group);
  SmallVector<ReassociationIndices> reassociation;
  for (int64_t i = 0, e = type.getRank(); i < e; ++i) {
    int64_t j = i + (i > axis ? 1 : 0);
    reassociation.push_back(i == axis ? ReassociationIndices{j, j + 1}
                                      : ReassociationIndices{j});
  }
  return tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get(shape, type.getElementType()), v,
      reassociation);
}

Value dlc::mergeGroups(OpBuilder &b, Location loc, Value v, int64_t axis,
                       RankedTensorType type) {
  SmallVector<ReassociationIndices> reassociation;
  for (int64_t i = 0, e = type.getRank(); i < e; ++i) {
    int64_t j = i + (i > axis ? 1 : 0);
    reassociation.push_back(i == axis ? ReassociationIndices{j, j + 1}
                                      : ReassociationIndices{j});
  }
  return tensor::CollapseShapeOp::create(b, loc, type, v, reassociation);
}

Value dlc::buildCombiner(OpBuilder &b, Location loc, ScalarCombiner kind,
                         Value lhs, Value rhs) {
  bool isFloat = isa<FloatType>(lhs.getType());
  // Booleans order false < true: unsigned, where i1's signed order has
  // true (-1) below false.
  bool isBool = lhs.getType().isInteger(1);
  switch (kind) {
  case ScalarCombiner::Add:
    return isFloat ? Value(arith::AddFOp::create(b, loc, lhs, rhs))
                   : Value(arith::AddIOp::create(b, loc, lhs, rhs));
  case ScalarCombiner::Max:
    if (isBool)
      return arith::MaxUIOp::create(b, loc, lhs, rhs);
    return isFloat ? Value(arith::MaximumFOp::create(b, loc, lhs, rhs))
                   : Value(arith::MaxSIOp::create(b, loc, lhs, rhs));
  case ScalarCombiner::Min:
    if (isBool)
      return arith::MinUIOp::create(b, loc, lhs, rhs);
    return isFloat ? Value(arith::MinimumFOp::create(b, loc, lhs, rhs))
                   : Value(arith::MinSIOp::create(b, loc, lhs, rhs));
  }
  llvm_unreachable("unknown combiner");
}

/// Splits the linear index `linear` into row-major coordinates of `shape`.
SmallVector<Value> dlc::delinearize(OpBuilder &b, Location loc, Value linear,
                               ArrayRef<int64_t> shape) {
  SmallVector<Value> coords(shape.size());
  Value rest = linear;
  for (int64_t i = static_cast<int64_t>(shape.size()) - 1; i >= 0; --i) {
    Value size = arith::ConstantIndexOp::create(b, loc, shape[i]);
    coords[i] = arith::RemUIOp::create(b, loc, rest, size);
    rest = arith::DivUIOp::create(b, loc, rest, size);
  }
  return coords;
}

/// Maps an index value to a position along an axis of `size`: negative
/// values count from the end, the result is clamped into [0, size).
Value dlc::normalizeIndex(OpBuilder &b, Location loc, Value idx, int64_t size) {
  Type type = idx.getType();
  Value zero = arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, 0));
  Value sizeValue =
      arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, size));
  Value last =
      arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, size - 1));
  Value isNeg =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, idx, zero);
  Value wrapped = arith::SelectOp::create(
      b, loc, isNeg, arith::AddIOp::create(b, loc, idx, sizeValue), idx);
  Value clamped = arith::MinSIOp::create(
      b, loc, arith::MaxSIOp::create(b, loc, wrapped, zero), last);
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), clamped);
}
