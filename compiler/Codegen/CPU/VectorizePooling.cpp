//===- VectorizePooling.cpp - NCHW pooling as vector loops ----------------===//
//
// See the pass description in Passes.td. Left to dlc-cpu-linalg-to-loops,
// a 2x2 stride-2 max pooling is a scalar loop (or gathers and scatters) with
// a NaN fix-up per element; here it is, per 16 output columns and tap, two
// loads, a shuffle and a max.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/Common/ContractionFusion.h"
#include "compiler/Codegen/CPU/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/Utils/MemRefUtils.h"

namespace dlc {
#define GEN_PASS_DEF_VECTORIZEPOOLING
#include "compiler/Codegen/CPU/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

/// Ops with fewer (output elements x taps) run on one thread, as in
/// dlc-cpu-linalg-to-loops.
constexpr int64_t kMinParallelWork = 32768;

/// The shape facts of a pooling op this pass lowers.
struct Pooling {
  Value input, output;
  /// N*C planes, input H x W, output OH x OW, window KH x KW, strides.
  int64_t planes, h, w, oh, ow, kh, kw, strideH, strideW;
  bool isMax;
};

bool allOnes(DenseIntElementsAttr attr) {
  return llvm::all_of(attr.getValues<int64_t>(),
                      [](int64_t v) { return v == 1; });
}

bool isPlainF32(Value v) {
  auto type = dyn_cast<MemRefType>(v.getType());
  return type && type.getElementType().isF32() &&
         memref::isStaticShapeAndContiguousRowMajor(type);
}

template <typename PoolOp>
std::optional<Pooling> matchPoolingOp(PoolOp op, bool isMax) {
  Value input = op.getInputs()[0], output = op.getOutputs()[0];
  auto window = dyn_cast<MemRefType>(op.getInputs()[1].getType());
  if (!op.hasPureBufferSemantics() || !isPlainF32(input) ||
      !isPlainF32(output) || !window || !window.hasStaticShape() ||
      !allOnes(op.getDilations()))
    return std::nullopt;
  SmallVector<int64_t> strides(op.getStrides().template getValues<int64_t>());
  if (strides[1] != 1 && strides[1] != 2)
    return std::nullopt;
  ArrayRef<int64_t> in = cast<MemRefType>(input.getType()).getShape();
  ArrayRef<int64_t> out = cast<MemRefType>(output.getType()).getShape();
  return Pooling{input,
                 output,
                 /*planes=*/in[0] * in[1],
                 in[2],
                 in[3],
                 out[2],
                 out[3],
                 window.getDimSize(0),
                 window.getDimSize(1),
                 strides[0],
                 strides[1],
                 isMax};
}

std::optional<Pooling> matchPooling(Operation *op) {
  if (auto max = dyn_cast<linalg::PoolingNchwMaxOp>(op))
    return matchPoolingOp(max, /*isMax=*/true);
  if (auto sum = dyn_cast<linalg::PoolingNchwSumOp>(op))
    return matchPoolingOp(sum, /*isMax=*/false);
  return std::nullopt;
}

class PoolingEmitter {
public:
  PoolingEmitter(OpBuilder &b, Location loc, const Pooling &p, unsigned vw,
                 Value fillValue)
      : b(b), loc(loc), p(p), vw(vw), fillValue(fillValue) {}

  void emit() {
    inFlat = flatten(p.input);
    outFlat = flatten(p.output);
    Value zero = index(0), one = index(1), planes = index(p.planes);
    auto body = [&](OpBuilder &nb, Location, ValueRange ivs) {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
      emitPlane(ivs[0]);
    };
    if (p.planes > 1 &&
        p.planes * p.oh * p.ow * p.kh * p.kw >= kMinParallelWork) {
      scf::ParallelOp::create(b, loc, ValueRange{zero}, ValueRange{planes},
                              ValueRange{one}, body);
      return;
    }
    auto loop = scf::ForOp::create(b, loc, zero, planes, one);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    emitPlane(loop.getInductionVar());
  }

private:
  Value index(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }

  Value mul(Value a, int64_t v) {
    return arith::MulIOp::create(b, loc, a, index(v));
  }
  Value add(Value a, Value c) { return arith::AddIOp::create(b, loc, a, c); }

  VectorType vectorType() {
    return VectorType::get({(int64_t)vw}, b.getF32Type());
  }

  Value flatten(Value mem) {
    auto type = cast<MemRefType>(mem.getType());
    ReassociationIndices all;
    for (int64_t d = 0; d < type.getRank(); ++d)
      all.push_back(d);
    return memref::CollapseShapeOp::create(b, loc, mem,
                                           ArrayRef<ReassociationIndices>{all});
  }

  Value mask(Value lanes) {
    auto type = VectorType::get({(int64_t)vw}, b.getI1Type());
    return vector::CreateMaskOp::create(b, loc, type, ValueRange{lanes});
  }

  Value maskedLoad(Value at, Value laneMask) {
    return vector::MaskedLoadOp::create(b, loc, vectorType(), inFlat, at,
                                        laneMask, zeros);
  }

  void emitPlane(Value plane) {
    zeros = arith::ConstantOp::create(
        b, loc, vectorType(), DenseElementsAttr::get(vectorType(), 0.0f));
    Value inPlane = mul(plane, p.h * p.w), outPlane = mul(plane, p.oh * p.ow);
    auto rows = scf::ForOp::create(b, loc, index(0), index(p.oh), index(1));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(rows.getBody());
    Value row = rows.getInductionVar();
    Value inRow = add(inPlane, mul(row, p.strideH * p.w));
    Value outRow = add(outPlane, mul(row, p.ow));
    auto cols = scf::ForOp::create(b, loc, index(0), index(p.ow), index(vw));
    b.setInsertionPointToStart(cols.getBody());
    emitVector(inRow, outRow, cols.getInductionVar());
  }

  /// Output columns col0 .. col0 + vw of one row.
  void emitVector(Value inRow, Value outRow, Value col0) {
    Value valid = arith::MinSIOp::create(
        b, loc, index(vw), arith::SubIOp::create(b, loc, index(p.ow), col0));
    Value outMask = mask(valid);
    Value outAt = add(outRow, col0);
    Value init =
        fillValue
            ? vector::BroadcastOp::create(b, loc, vectorType(), fillValue)
                  .getResult()
            : vector::MaskedLoadOp::create(b, loc, vectorType(), outFlat,
                                           outAt, outMask, zeros)
                  .getResult();
    // With stride 2, lanes 2 * l (l < valid) of the two loads are needed.
    Value needed;
    SmallVector<Value> strideMasks;
    if (p.strideW == 2) {
      needed = arith::SubIOp::create(b, loc, mul(valid, 2), index(1));
      strideMasks = {mask(needed),
                     mask(arith::SubIOp::create(b, loc, needed, index(vw)))};
    }
    Value inCol = add(inRow, mul(col0, p.strideW));
    Value acc = init;
    // The window is small: its taps are unrolled.
    for (int64_t i = 0; i < p.kh; ++i) {
      for (int64_t j = 0; j < p.kw; ++j) {
        Value at = add(inCol, index(i * p.w + j));
        Value tap = p.strideW == 1 ? maskedLoad(at, outMask)
                                   : evenLanes(at, strideMasks);
        acc = p.isMax ? arith::MaximumFOp::create(b, loc, acc, tap).getResult()
                      : arith::AddFOp::create(b, loc, acc, tap).getResult();
      }
    }
    vector::MaskedStoreOp::create(b, loc, outFlat, outAt, outMask, acc);
  }

  /// Input elements at, at + 2, ..., at + 2 * (vw - 1): the even lanes of
  /// two contiguous loads.
  Value evenLanes(Value at, ArrayRef<Value> masks) {
    Value lo = maskedLoad(at, masks[0]);
    Value hi = maskedLoad(add(at, index(vw)), masks[1]);
    SmallVector<int64_t> even;
    for (int64_t l = 0; l < (int64_t)vw; ++l)
      even.push_back(2 * l);
    return vector::ShuffleOp::create(b, loc, lo, hi, even);
  }

  OpBuilder &b;
  Location loc;
  const Pooling &p;
  unsigned vw;
  Value fillValue, inFlat, outFlat, zeros;
};

struct VectorizePoolingPass
    : dlc::impl::VectorizePoolingBase<VectorizePoolingPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<std::pair<Operation *, Pooling>> found;
    getOperation().walk([&](linalg::LinalgOp op) {
      // Windows beyond a few taps unroll into too much code.
      if (std::optional<Pooling> pooling = matchPooling(op);
          pooling && pooling->kh * pooling->kw <= 16)
        found.push_back({op, *pooling});
    });
    for (auto &[op, pooling] : found) {
      linalg::FillOp fill = dlc::findOutputFill(cast<linalg::LinalgOp>(op));
      OpBuilder b(op);
      PoolingEmitter(b, op->getLoc(), pooling, vectorWidth,
                     fill ? fill.getInputs()[0] : Value())
          .emit();
      op->erase();
      if (fill)
        fill->erase();
    }
  }
};

} // namespace
