//===- ElementsPatterns.cpp - element and index-tuple gathers, scatters ---===//
//
// dlc.gather_elements is one parallel generic over the indices that reads
// `data` at the output position with the axis coordinate replaced by the
// index. dlc.scatter_elements must apply repeated indices in order (the
// last write wins, or the reductions accumulate), so one `scf.for` visits
// the updates in row-major order and combines each into its target.
// dlc.gather_nd and dlc.scatter_nd do the same with index tuples: the k
// entries along the last dim of `indices` address data's leading dims.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/DLCToLinalg/Utils.h"
#include "dialects/DLC/IR/DLCOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;

namespace {

/// `coords` with the coordinate at `axis` replaced by the normalised index
/// `idx` along an axis of `size`.
SmallVector<Value> withAxisIndex(OpBuilder &b, Location loc,
                                 ArrayRef<Value> coords, int64_t axis,
                                 Value idx, int64_t size) {
  SmallVector<Value> target(coords);
  target[axis] = dlc::normalizeIndex(b, loc, idx, size);
  return target;
}

struct GatherElementsOpLowering
    : OpConversionPattern<dlc::GatherElementsOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(dlc::GatherElementsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto outType = op.getResult().getType();
    Value data = adaptor.getData();
    int64_t axis = op.getAxis();
    int64_t size = cast<RankedTensorType>(data.getType()).getDimSize(axis);
    Value result = dlc::createElementwiseGeneric(
        rewriter, op.getLoc(), outType, adaptor.getIndices(),
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          SmallVector<Value> coords;
          for (int64_t d = 0; d < outType.getRank(); ++d)
            coords.push_back(linalg::IndexOp::create(b, loc, d));
          return tensor::ExtractOp::create(
              b, loc, data,
              withAxisIndex(b, loc, coords, axis, args[0], size));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Combines the current element `old` with the update `upd`.
Value combine(OpBuilder &b, Location loc, StringRef kind, Value old,
              Value upd) {
  bool isFloat = isa<FloatType>(upd.getType());
  if (kind == "add")
    return dlc::buildCombiner(b, loc, dlc::ScalarCombiner::Add, old, upd);
  if (kind == "max")
    return dlc::buildCombiner(b, loc, dlc::ScalarCombiner::Max, old, upd);
  if (kind == "min")
    return dlc::buildCombiner(b, loc, dlc::ScalarCombiner::Min, old, upd);
  if (kind == "mul")
    return isFloat ? Value(arith::MulFOp::create(b, loc, old, upd))
                   : Value(arith::MulIOp::create(b, loc, old, upd));
  return upd;
}

/// The data coordinates an update at `coords` (of `updates`) goes to.
using TargetFn = function_ref<SmallVector<Value>(OpBuilder &, Location,
                                                 ArrayRef<Value>)>;

/// One scf.for over the elements of `updates` in row-major order, each
/// combined (`kind`) into its target element of a copy of `data`.
Value emitScatterLoop(OpBuilder &builder, Location loc, Value data,
                      Value updates, StringRef kind, TargetFn targetOf) {
  auto updType = cast<RankedTensorType>(updates.getType());
  Value lower = arith::ConstantIndexOp::create(builder, loc, 0);
  Value upper =
      arith::ConstantIndexOp::create(builder, loc, updType.getNumElements());
  Value step = arith::ConstantIndexOp::create(builder, loc, 1);
  auto loop = scf::ForOp::create(
      builder, loc, lower, upper, step, ValueRange{data},
      [&](OpBuilder &b, Location l, Value p, ValueRange iterArgs) {
        SmallVector<Value> coords =
            dlc::delinearize(b, l, p, updType.getShape());
        Value upd = tensor::ExtractOp::create(b, l, updates, coords);
        SmallVector<Value> target = targetOf(b, l, coords);
        Value old = tensor::ExtractOp::create(b, l, iterArgs[0], target);
        Value updated = tensor::InsertOp::create(
            b, l, combine(b, l, kind, old, upd), iterArgs[0], target);
        scf::YieldOp::create(b, l, updated);
      });
  return loop.getResult(0);
}

struct ScatterElementsOpLowering
    : OpConversionPattern<dlc::ScatterElementsOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(dlc::ScatterElementsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value indices = adaptor.getIndices();
    int64_t axis = op.getAxis();
    int64_t size = op.getResult().getType().getDimSize(axis);
    Value result = emitScatterLoop(
        rewriter, op.getLoc(), adaptor.getData(), adaptor.getUpdates(),
        op.getReduction(),
        [&](OpBuilder &b, Location l, ArrayRef<Value> coords) {
          Value idx = tensor::ExtractOp::create(b, l, indices, coords);
          return withAxisIndex(b, l, coords, axis, idx, size);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// The data coordinates of an index tuple: `lead` (batch coordinates), then
/// the k entries of `indices` at `prefix` (normalised against data's dims),
/// then `trail`.
SmallVector<Value> tupleTarget(OpBuilder &b, Location loc, Value indices,
                               ArrayRef<Value> prefix, ArrayRef<Value> lead,
                               ArrayRef<Value> trail, RankedTensorType data) {
  int64_t k = cast<RankedTensorType>(indices.getType()).getShape().back();
  SmallVector<Value> target(lead);
  SmallVector<Value> at(prefix);
  at.push_back(Value());
  for (int64_t j = 0; j < k; ++j) {
    at.back() = arith::ConstantIndexOp::create(b, loc, j);
    Value t = tensor::ExtractOp::create(b, loc, indices, at);
    target.push_back(dlc::normalizeIndex(
        b, loc, t, data.getDimSize(target.size())));
  }
  llvm::append_range(target, trail);
  return target;
}

struct GatherNDOpLowering : OpConversionPattern<dlc::GatherNDOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(dlc::GatherNDOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto outType = op.getResult().getType();
    Value data = adaptor.getData(), indices = adaptor.getIndices();
    auto dataType = cast<RankedTensorType>(data.getType());
    int64_t q = cast<RankedTensorType>(indices.getType()).getRank();
    int64_t batch = op.getBatchDims();
    Value result = dlc::createElementwiseGeneric(
        rewriter, op.getLoc(), outType, ValueRange{},
        [&](OpBuilder &b, Location loc, ValueRange) -> Value {
          SmallVector<Value> c;
          for (int64_t d = 0; d < outType.getRank(); ++d)
            c.push_back(linalg::IndexOp::create(b, loc, d));
          ArrayRef<Value> coords(c);
          return tensor::ExtractOp::create(
              b, loc, data,
              tupleTarget(b, loc, indices, coords.take_front(q - 1),
                          coords.take_front(batch), coords.drop_front(q - 1),
                          dataType));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ScatterNDOpLowering : OpConversionPattern<dlc::ScatterNDOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(dlc::ScatterNDOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value indices = adaptor.getIndices();
    auto dataType = op.getResult().getType();
    int64_t q = cast<RankedTensorType>(indices.getType()).getRank();
    Value result = emitScatterLoop(
        rewriter, op.getLoc(), adaptor.getData(), adaptor.getUpdates(),
        op.getReduction(),
        [&](OpBuilder &b, Location l, ArrayRef<Value> coords) {
          return tupleTarget(b, l, indices, coords.take_front(q - 1), {},
                             coords.drop_front(q - 1), dataType);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void dlc::populateDLCElementsToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<GatherElementsOpLowering, ScatterElementsOpLowering,
               GatherNDOpLowering, ScatterNDOpLowering>(patterns.getContext());
}
