//===- TileContractions.cpp - matmuls and convolutions in shared tiles ----===//
//
// See the pass description in Passes.td. Per block (a TM x TN tile of C of
// one batch index), with (TM/4) x (TN/4) threads, thread t = (tr, tc)
// owning C rows tr + RT*i and columns tc + CT*j (i, j < 4):
//
//   acc[t] = the init writer's value, or C                    phase 1
//   for k0 in [0, K) step TK:
//     As[kk][mm] = A(m0 + mm, k0 + kk), Bs[kk][nn] = B(...)  phase 2 (0
//                  past the ends; consecutive threads, consecutive addresses)
//     acc[t][i][j] += As[k][tr + RT*i] * Bs[k][tc + CT*j]    phase 3
//   C(m0 + tr + RT*i, n0 + tc + CT*j) = epilogue(acc)         phase 4
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/Common/Contraction.h"
#include "compiler/Codegen/Common/ContractionFusion.h"
#include "compiler/Codegen/NVPTX/Passes.h"
#include "compiler/Codegen/NVPTX/PhaseKernels.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace dlc {
#define GEN_PASS_DEF_TILECONTRACTIONSFORGPU
#include "compiler/Codegen/NVPTX/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

constexpr int64_t kTileK = 16;
/// Outputs per thread along M and along N.
constexpr int64_t kMicro = 4;
/// Smallest M and N worth a tile; smaller ones stay plain loops.
constexpr int64_t kMinSize = 16;
/// Fewer tiles than this leave most of a GPU's multiprocessors idle (an
/// H100 has 132): the K dim is then split across blocks.
constexpr int64_t kMinBlocks = 256;
/// The shortest K range a block of a split contraction walks.
constexpr int64_t kMinSplitK = 256;

/// The tile extent along a dim of `size`.
int64_t tileFor(int64_t size) { return size >= 64 ? 64 : 32; }

/// Whether result `r` of `map` reads any of `dims`.
bool readsAny(AffineMap map, unsigned r, ArrayRef<unsigned> dims) {
  return llvm::any_of(dims, [&](unsigned d) {
    return map.getResult(r).isFunctionOfDim(d);
  });
}

class ContractionKernel {
public:
  ContractionKernel(linalg::LinalgOp op, const dlc::Contraction &c)
      : op(op), c(c), loc(op.getLoc()), maps(op.getIndexingMapsArray()) {
    batch = c.size(c.batch);
    m = c.size(c.m);
    n = c.size(c.n);
    k = c.size(c.k);
    tm = tileFor(m);
    tn = tileFor(n);
    rowThreads = tm / kMicro;
    colThreads = tn / kMicro;
    threads = rowThreads * colThreads;
    blocksM = llvm::divideCeil(m, tm);
    blocksN = llvm::divideCeil(n, tn);
    tiles = batch * blocksM * blocksN;
    chooseSplits();
    // (batch, m, n, k), each linearised over its dims, to the loop dims.
    toLoops = dlc::delinearizeRoles({c.batch, c.m, c.n, c.k}, c.bounds,
                                    op.getContext());
  }

  bool worthTiling() const { return m >= kMinSize && n >= kMinSize; }

  /// The ops fused in: C's init writer (fill or broadcast) and epilogue.
  /// A split contraction adds its partial sums to C atomically, so C's
  /// initial value must be there before and the epilogue runs after.
  void findFusions() {
    if (splits > 1)
      return;
    init = dlc::findInitWriter(op, c);
    epilogue = dlc::findEpilogue(op);
  }

  SmallVector<Operation *> fusedOps() const {
    SmallVector<Operation *> ops;
    if (init)
      ops.push_back(init);
    if (epilogue)
      ops.push_back(epilogue);
    return ops;
  }

  void emit(OpBuilder &b) {
    Type f32 = b.getF32Type();
    aTile = dlc::createSharedBuffer(b, loc, {kTileK, tm + 1}, f32);
    bTile = dlc::createSharedBuffer(b, loc, {kTileK, tn + 1}, f32);
    acc = dlc::createPrivateBuffer(b, loc, threads, {kMicro * kMicro}, f32);
    dlc::createBlockLoop(
        b, loc, splits * tiles, [&](OpBuilder &b, Value block) {
          AffineExpr d = b.getAffineDimExpr(0);
          Value bn = apply(b, d % blocksN, block);
          Value bm = apply(b, d.floorDiv(blocksN) % blocksM, block);
          batchIndex = apply(b, d.floorDiv(blocksN * blocksM) % batch, block);
          m0 = apply(b, d * tm, bm);
          n0 = apply(b, d * tn, bn);
          // Split s walks K in [s * splitK, min((s + 1) * splitK, K)).
          kBegin = constant(b, 0);
          kEnd = constant(b, k);
          if (splits > 1) {
            kBegin = apply(b, d.floorDiv(tiles) * splitK, block);
            kEnd = arith::MinUIOp::create(
                b, loc, apply(b, d.floorDiv(tiles) * splitK + splitK, block),
                kEnd);
          }
          emitBlock(b);
        });
  }

private:
  /// Splits K where the tiles alone are too few blocks, each split a
  /// multiple of the K slice long.
  void chooseSplits() {
    splits = std::min<int64_t>(llvm::divideCeil(kMinBlocks, tiles),
                               k / kMinSplitK);
    splits = std::max<int64_t>(splits, 1);
    splitK = llvm::alignTo(llvm::divideCeil(k, splits), kTileK);
    splits = llvm::divideCeil(k, splitK);
  }

  Value apply(OpBuilder &b, AffineExpr e, ValueRange operands) {
    AffineMap map = AffineMap::get(operands.size(), 0, e);
    return affine::AffineApplyOp::create(b, loc, map, operands);
  }

  Value constant(OpBuilder &b, int64_t v) {
    return arith::ConstantIndexOp::create(b, loc, v);
  }

  /// The indices operand `operand` (0, 1: inputs; 2: C) reads at the role
  /// positions (m, n, k): `batchIndex` and these, linear.
  SmallVector<Value> indices(OpBuilder &b, unsigned operand, Value mi,
                             Value ni, Value ki) {
    return dlc::applyAtRoles(b, loc, maps[operand], toLoops,
                             {batchIndex, mi, ni, ki});
  }

  /// `v` clamped to [0, size): an in-bounds stand-in past the end.
  Value clamp(OpBuilder &b, Value v, int64_t size) {
    return arith::MinUIOp::create(b, loc, v, constant(b, size - 1));
  }

  Value inBounds(OpBuilder &b, Value v, int64_t size) {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, v,
                                 constant(b, size));
  }

  void emitBlock(OpBuilder &b) {
    dlc::createThreadLoop(b, loc, threads,
                          [&](OpBuilder &b, Value t) { emitInit(b, t); });
    auto loop = scf::ForOp::create(b, loc, kBegin, kEnd, constant(b, kTileK));
    OpBuilder inner = OpBuilder::atBlockBegin(loop.getBody());
    Value k0 = loop.getInductionVar();
    dlc::createThreadLoop(inner, loc, threads, [&](OpBuilder &b, Value t) {
      emitTileLoads(b, t, k0);
    });
    dlc::createThreadLoop(inner, loc, threads,
                          [&](OpBuilder &b, Value t) { emitProducts(b, t); });
    dlc::createThreadLoop(b, loc, threads,
                          [&](OpBuilder &b, Value t) { emitStores(b, t); });
  }

  /// The thread's output at (i, j): its linear row and column in C.
  std::pair<Value, Value> position(OpBuilder &b, Value t, int64_t i,
                                   int64_t j) {
    AffineExpr d0 = b.getAffineDimExpr(0), d1 = b.getAffineDimExpr(1);
    Value row = apply(b, d1 + d0.floorDiv(colThreads) + rowThreads * i,
                      {t, m0});
    Value col = apply(b, d1 + d0 % colThreads + colThreads * j, {t, n0});
    return {row, col};
  }

  Value accIndex(OpBuilder &b, int64_t i, int64_t j) {
    return constant(b, i * kMicro + j);
  }

  /// Phase 1: each thread's accumulators start from C's initial value.
  void emitInit(OpBuilder &b, Value t) {
    for (int64_t i = 0; i < kMicro; ++i)
      for (int64_t j = 0; j < kMicro; ++j)
        memref::StoreOp::create(b, loc, initialValue(b, t, i, j), acc,
                                ValueRange{t, accIndex(b, i, j)});
  }

  /// C's value at thread t's output (i, j) before the contraction: the
  /// fused fill's or bias broadcast's, or C's own.
  Value initialValue(OpBuilder &b, Value t, int64_t i, int64_t j) {
    if (splits > 1)
      return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0));
    if (auto fill = dyn_cast_or_null<linalg::FillOp>(init))
      return fill.getInputs()[0];
    auto [row, col] = position(b, t, i, j);
    SmallVector<Value> at =
        indices(b, 2, clamp(b, row, m), clamp(b, col, n), constant(b, 0));
    if (auto broadcast = dyn_cast_or_null<linalg::BroadcastOp>(init))
      return memref::LoadOp::create(b, loc, broadcast.getInput(),
                                    keptIndices(broadcast, at));
    return memref::LoadOp::create(b, loc, op.getDpsInitOperand(0)->get(), at);
  }

  /// C's indices `at` without the dims `broadcast` adds.
  static SmallVector<Value> keptIndices(linalg::BroadcastOp broadcast,
                                        ArrayRef<Value> at) {
    SmallVector<Value> kept;
    for (auto [d, v] : llvm::enumerate(at))
      if (!llvm::is_contained(broadcast.getDimensions(), (int64_t)d))
        kept.push_back(v);
    return kept;
  }

  /// Phase 2: the block's threads copy one K slice of A and B into shared
  /// memory, in the order that makes consecutive threads read consecutive
  /// addresses (K-major where the operand's innermost index moves with K).
  void emitTileLoads(OpBuilder &b, Value t, Value k0) {
    unsigned a = c.a, bIn = c.b;
    unsigned last = maps[a].getNumResults() - 1;
    emitTileLoad(b, t, k0, a, aTile, tm,
                 /*columnsFast=*/!readsAny(maps[a], last, c.k));
    last = maps[bIn].getNumResults() - 1;
    emitTileLoad(b, t, k0, bIn, bTile, tn,
                 /*columnsFast=*/readsAny(maps[bIn], last, c.n));
  }

  /// One operand's tile[kk][jj], jj < width along M (A) or N (B);
  /// `columnsFast`: consecutive elements move along jj, else along kk.
  void emitTileLoad(OpBuilder &b, Value t, Value k0, unsigned operand,
                    Value tile, int64_t width, bool columnsFast) {
    bool isA = operand == c.a;
    int64_t extent = isA ? m : n;
    Value base = isA ? m0 : n0;
    Value input = op.getDpsInputOperand(operand)->get();
    AffineExpr d0 = b.getAffineDimExpr(0);
    for (int64_t q = 0; q < kTileK * width / threads; ++q) {
      AffineExpr e = d0 + threads * q;
      AffineExpr kk = columnsFast ? e.floorDiv(width) : e % kTileK;
      AffineExpr jj = columnsFast ? e % width : e.floorDiv(kTileK);
      Value kkv = apply(b, kk, t), jjv = apply(b, jj, t);
      Value kIdx = apply(b, d0 + b.getAffineDimExpr(1), {k0, kkv});
      Value jIdx = apply(b, d0 + b.getAffineDimExpr(1), {base, jjv});
      Value kc = clamp(b, kIdx, k), jc = clamp(b, jIdx, extent);
      Value zero = constant(b, 0);
      SmallVector<Value> at = isA ? indices(b, operand, jc, zero, kc)
                                  : indices(b, operand, zero, jc, kc);
      Value v = memref::LoadOp::create(b, loc, input, at);
      Value valid = arith::AndIOp::create(b, loc, inBounds(b, kIdx, k),
                                          inBounds(b, jIdx, extent));
      Value none = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0));
      v = arith::SelectOp::create(b, loc, valid, v, none);
      memref::StoreOp::create(b, loc, v, tile, ValueRange{kkv, jjv});
    }
  }

  /// Phase 3: each thread's 4x4 products over the K slice, in registers.
  void emitProducts(OpBuilder &b, Value t) {
    SmallVector<Value> sums;
    for (int64_t i = 0; i < kMicro; ++i)
      for (int64_t j = 0; j < kMicro; ++j)
        sums.push_back(memref::LoadOp::create(
            b, loc, acc, ValueRange{t, accIndex(b, i, j)}));
    AffineExpr d0 = b.getAffineDimExpr(0);
    Value tr = apply(b, d0.floorDiv(colThreads), t);
    Value tc = apply(b, d0 % colThreads, t);
    auto loop = scf::ForOp::create(
        b, loc, constant(b, 0), constant(b, kTileK), constant(b, 1), sums,
        [&](OpBuilder &b, Location, Value kk, ValueRange in) {
          SmallVector<Value> as, bs, out;
          for (int64_t i = 0; i < kMicro; ++i) {
            Value row = apply(b, d0 + rowThreads * i, tr);
            as.push_back(
                memref::LoadOp::create(b, loc, aTile, ValueRange{kk, row}));
            Value col = apply(b, d0 + colThreads * i, tc);
            bs.push_back(
                memref::LoadOp::create(b, loc, bTile, ValueRange{kk, col}));
          }
          for (int64_t i = 0; i < kMicro; ++i)
            for (int64_t j = 0; j < kMicro; ++j)
              out.push_back(math::FmaOp::create(b, loc, as[i], bs[j],
                                                in[i * kMicro + j]));
          scf::YieldOp::create(b, loc, out);
        });
    for (int64_t i = 0; i < kMicro; ++i)
      for (int64_t j = 0; j < kMicro; ++j)
        memref::StoreOp::create(b, loc, loop.getResult(i * kMicro + j), acc,
                                ValueRange{t, accIndex(b, i, j)});
  }

  /// Phase 4: the in-bounds outputs, through the fused epilogue, to C
  /// (added to it, atomically, by a split contraction).
  void emitStores(OpBuilder &b, Value t) {
    Value c0 = op.getDpsInitOperand(0)->get();
    for (int64_t i = 0; i < kMicro; ++i)
      for (int64_t j = 0; j < kMicro; ++j) {
        auto [row, col] = position(b, t, i, j);
        Value inside = arith::AndIOp::create(b, loc, inBounds(b, row, m),
                                             inBounds(b, col, n));
        auto guard = scf::IfOp::create(b, loc, inside, /*withElse=*/false);
        OpBuilder then = guard.getThenBodyBuilder();
        Value v = memref::LoadOp::create(then, loc, acc,
                                         ValueRange{t, accIndex(then, i, j)});
        if (epilogue)
          v = dlc::applyEpilogue(then, loc, epilogue, v);
        SmallVector<Value> at = indices(then, 2, row, col, constant(then, 0));
        if (splits > 1)
          memref::AtomicRMWOp::create(then, loc, arith::AtomicRMWKind::addf,
                                      v, c0, at);
        else
          memref::StoreOp::create(then, loc, v, c0, at);
      }
  }

  linalg::LinalgOp op;
  const dlc::Contraction &c;
  Location loc;
  SmallVector<AffineMap> maps;
  AffineMap toLoops;
  int64_t batch, m, n, k, tm, tn, rowThreads, colThreads, threads;
  /// Tiles along M and N, and in all (with the batch).
  int64_t blocksM, blocksN, tiles;
  /// K split across `splits` blocks of `splitK` each (1 and K: unsplit).
  int64_t splits = 1, splitK = 0;
  Operation *init = nullptr;
  linalg::GenericOp epilogue;
  /// The block's scratch buffers.
  Value aTile, bTile, acc;
  /// Set inside the block loop.
  Value batchIndex, m0, n0, kBegin, kEnd;
};

struct TileContractionsPass
    : dlc::impl::TileContractionsForGPUBase<TileContractionsPass> {
  void runOnOperation() override {
    dlc::lowerContractions(
        getOperation(),
        [&](linalg::LinalgOp op, const dlc::Contraction &c)
            -> FailureOr<SmallVector<Operation *>> {
          ContractionKernel kernel(op, c);
          if (!kernel.worthTiling())
            return failure();
          kernel.findFusions();
          OpBuilder b(op);
          kernel.emit(b);
          return kernel.fusedOps();
        });
  }
};

} // namespace
