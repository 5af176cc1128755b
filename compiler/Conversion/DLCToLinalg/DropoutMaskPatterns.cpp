//===- DropoutMaskPatterns.cpp - dlc.dropout_mask to linalg ---------------===//
//
// The mask is a counter-based generator (in the spirit of Salmon et al.,
// "Parallel random numbers: as easy as 1, 2, 3", SC'11): every element
// hashes its own row-major index with a key derived from the generator
// state, so the mask is one parallel linalg.generic with no runtime call and
// no state per element. The hash is Chris Wellons' "lowbias32" integer
// finaliser (xor-shift-multiply, a bijection on 32 bits), chained:
//   key  = h(h(h(h(seed_lo + c0) ^ (seed_hi + c1)) ^ (step + c2)) ^ (stream +
//   c3)) u(i) = h(h(i + key) ^ h(key))
// and element i is dropped when u(i) < ratio * 2^32 (unsigned). It is a
// statistical generator, not a cryptographic one.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/DLCToLinalg/Utils.h"
#include "dialects/DLC/IR/DLCOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

#include <cmath>

using namespace mlir;

namespace {

/// Builders of u32 arithmetic on i32 values.
struct U32 {
  OpBuilder &b;
  Location loc;

  Value k(uint32_t v) {
    return arith::ConstantOp::create(b, loc, b.getI32IntegerAttr((int32_t)v));
  }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulIOp::create(b, loc, x, y); }
  Value xorr(Value x, Value y) { return arith::XOrIOp::create(b, loc, x, y); }
  Value shr(Value x, uint32_t s) {
    return arith::ShRUIOp::create(b, loc, x, k(s));
  }
  /// lowbias32: x ^= x >> 16; x *= 0x21f0aaad; x ^= x >> 15;
  /// x *= 0x735a2d97; x ^= x >> 15.
  Value hash(Value x) {
    x = xorr(x, shr(x, 16));
    x = mul(x, k(0x21f0aaadu));
    x = xorr(x, shr(x, 15));
    x = mul(x, k(0x735a2d97u));
    return xorr(x, shr(x, 15));
  }
};

/// The per-op key from the state [seed_lo, seed_hi, step] and the stream.
Value buildKey(U32 &u, Value rng, int64_t stream) {
  auto word = [&](int64_t i) {
    Value index = arith::ConstantIndexOp::create(u.b, u.loc, i);
    return tensor::ExtractOp::create(u.b, u.loc, rng, ValueRange{index})
        .getResult();
  };
  Value key = u.hash(u.add(word(0), u.k(0x9e3779b9u)));
  key = u.hash(u.xorr(key, u.add(word(1), u.k(0x7f4a7c15u))));
  key = u.hash(u.xorr(key, u.add(word(2), u.k(0x3c6ef372u))));
  return u.hash(u.xorr(key, u.k((uint32_t)stream + 0xdaa66d2bu)));
}

/// The dropping threshold ratio * 2^32, as a u32 bit pattern.
uint32_t threshold(double ratio) {
  double t = std::round(ratio * 4294967296.0);
  return t >= 4294967295.0 ? 0xffffffffu : (uint32_t)t;
}

struct DropoutMaskOpLowering : OpConversionPattern<dlc::DropoutMaskOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(dlc::DropoutMaskOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    if (!type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs a static shape");
    Location loc = op.getLoc();
    U32 u{rewriter, loc};
    Value key = buildKey(u, adaptor.getRng(), op.getStream());
    Value mixedKey = u.hash(key);
    double ratio = op.getRatio().convertToDouble();
    Value limit = u.k(threshold(ratio));
    Value keep = dlc::createScalarConstant(rewriter, loc, type.getElementType(),
                                           1.0 / (1.0 - ratio));
    Value drop =
        dlc::createScalarConstant(rewriter, loc, type.getElementType(), 0.0);
    int64_t rank = type.getRank();
    auto body = [&](OpBuilder &b, Location l, ValueRange) {
      // Row-major linear index of this element.
      Value linear = arith::ConstantIndexOp::create(b, l, 0);
      for (int64_t d = 0; d < rank; ++d) {
        Value extent = arith::ConstantIndexOp::create(b, l, type.getDimSize(d));
        linear = arith::AddIOp::create(
            b, l, arith::MulIOp::create(b, l, linear, extent),
            linalg::IndexOp::create(b, l, d));
      }
      U32 v{b, l};
      Value i = arith::IndexCastUIOp::create(b, l, b.getI32Type(), linear);
      Value bits = v.hash(v.xorr(v.hash(v.add(i, key)), mixedKey));
      Value dropped =
          arith::CmpIOp::create(b, l, arith::CmpIPredicate::ult, bits, limit);
      Value r = arith::SelectOp::create(b, l, dropped, drop, keep);
      linalg::YieldOp::create(b, l, r);
    };
    Value init = dlc::createEmptyTensor(rewriter, loc, type);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{}, ValueRange{init},
        SmallVector<AffineMap>{rewriter.getMultiDimIdentityMap(rank)},
        dlc::getParallelIterators(rank), body);
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void dlc::populateDLCDropoutMaskToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<DropoutMaskOpLowering>(patterns.getContext());
}
