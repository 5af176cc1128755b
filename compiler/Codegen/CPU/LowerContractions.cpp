//===- LowerContractions.cpp - packed, register-tiled contractions --------===//
//
// See the pass description in Passes.td. The emitted loops, per task of the
// scf.parallel over (batch, N panel):
//
//   panel = alloca [kBlock * innerK * NR] f32
//   for kb in [0, kOuter) step kBlock:
//     pack:   panel[kr][jj] = B(batch, k = (kb.., kr), n = j0 + jj), jj < width
//     for i0 in [0, M) step MR:         (then one tail block of M % MR rows)
//       acc[r][v] = masked load C[batch][i0 + r][j0 + v*VW ..]
//       for k in the block: acc[r][v] = fma(bcast A(i0 + r, k), panel[kr][v], acc)
//       masked store acc to C
//
// Lanes past `width` (the last panel) hold whatever the panel held; they
// never reach memory, because every C access is masked.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/Common/Contraction.h"
#include "compiler/Codegen/Common/ContractionFusion.h"
#include "compiler/Codegen/CPU/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

namespace dlc {
#define GEN_PASS_DEF_LOWERCONTRACTIONS
#include "compiler/Codegen/CPU/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

/// Panel size above which the contraction is left to plain loops.
constexpr int64_t kMaxPanelFloats = 32 * 1024;
/// One K block of the panel aims at 64 KiB: it stays in L2 (and mostly
/// L1) while every row block of C streams through it.
constexpr int64_t kPanelBudgetFloats = 16 * 1024;
/// The most row segments one vector of B is loaded from.
constexpr int64_t kMaxSegments = 4;
/// Fewer (batch, N panel) tasks than this split the K blocks too (split-K):
/// enough chunks for two threads to even out a slower core.
constexpr int64_t kMinTasks = 8;
/// The split-K partial results' limit (512 KiB of the caller's stack).
constexpr int64_t kMaxPartialFloats = 128 * 1024;

class ContractionEmitter {
public:
  ContractionEmitter(OpBuilder &b, linalg::LinalgOp op,
                     const dlc::Contraction &c, unsigned vectorWidth)
      : b(b), loc(op.getLoc()), op(op), c(c), vw(vectorWidth) {
    maps = op.getIndexingMapsArray();
    aMem = op.getDpsInputOperand(c.a)->get();
    bMem = op.getDpsInputOperand(c.b)->get();
    numLoops = op.getNumLoops();
    chooseDirectB();
    linearB = direct || splitBOffset();
    n = this->c.size(this->c.n);
    // Row segments take a few masked loads per vector: one vector per row
    // and more rows (more broadcasts of A instead) measured faster, 7% on
    // mnist_cnn and 10% on cifar10_cnn inference.
    vectors = segments ? 1 : std::min<int64_t>(2, llvm::divideCeil(n, vw));
    nr = vw * vectors;
    // Accumulators: half of AVX-512's 32 registers, 12 of AVX2's 16.
    mr = (vw >= 16 ? 16 : 12) / vectors;
    m = c.size(c.m);
    kOuter = c.bounds[c.k.front()];
    innerK = c.size(ArrayRef<unsigned>(c.k).drop_front());
    kBlock = direct ? kOuter
                    : std::clamp<int64_t>(kPanelBudgetFloats / (innerK * nr),
                                          1, kOuter);
    chooseSplits();
  }

  /// Split-K (emitSplitK): where the batch and the N panels make fewer
  /// than kMinTasks tasks (a weight gradient: its reduction runs over the
  /// batch), each task also takes a share of the K blocks and accumulates
  /// into a partial C of its own.
  void chooseSplits() {
    int64_t tasks = c.size(c.batch) * llvm::divideCeil(n, nr);
    int64_t blocks = llvm::divideCeil(kOuter, kBlock);
    int64_t cFloats =
        cast<MemRefType>(op.getDpsInitOperand(0)->get().getType())
            .getNumElements();
    if (direct || tasks >= kMinTasks || blocks < 2)
      return;
    int64_t wanted =
        std::min<int64_t>(llvm::divideCeil(kMinTasks, tasks), blocks);
    wanted = std::min(wanted, kMaxPartialFloats / cFloats);
    if (wanted < 2)
      return;
    blocksPerSplit = (int64_t)llvm::divideCeil(blocks, wanted);
    splits = (int64_t)llvm::divideCeil(blocks, blocksPerSplit);
  }

  /// With one K block, C's tile is complete after one pass: it can start
  /// from the op that wrote C before and end with the op that maps C after.
  void findFusions() {
    if (kBlock < kOuter || splits > 1)
      return;
    initWriter = dlc::findInitWriter(op, c);
    epilogue = dlc::findEpilogue(op);
  }

  /// After findFusions: a convolution read as row segments whose C feeds a
  /// 2x2, stride-2 max pooling is computed two output rows at a time, one
  /// to two vectors per row, and pooled in registers (emitPooledRows): the
  /// pooled rows are written, and C only where it is read later (a training
  /// step's backward pass), without a pass of its own. Only where
  /// a row's vectors are at least 3/4 used: the point is the memory traffic
  /// of a convolution with a short reduction (a first layer), not its
  /// arithmetic.
  void findPoolFusion() {
    // C is [batch][M][rows][columns], the first four loop dims.
    AffineMap cMap = maps[2];
    auto isDim = [](AffineExpr e, unsigned d) {
      auto dim = dyn_cast<AffineDimExpr>(e);
      return dim && dim.getPosition() == d;
    };
    if (!segments || !initWriter || c.batch.size() != 1 || c.m.size() != 1 ||
        cMap.getNumResults() != 4)
      return;
    for (unsigned d = 0; d < 4; ++d)
      if (!isDim(cMap.getResult(d), d))
        return;
    int64_t rowVectors = llvm::divideCeil(rowWidth, (int64_t)vw);
    if (rowVectors > 2 || 4 * rowWidth < 3 * rowVectors * (int64_t)vw)
      return;
    std::optional<dlc::PoolConsumer> consumer =
        dlc::findPoolConsumer(op, initWriter, epilogue);
    if (!consumer)
      return;
    pooled = *consumer;
    vectors = rowVectors;
    nr = vw * vectors;
    mr = (vw >= 16 ? 16 : 12) / (2 * vectors);
  }

  /// The ops emit() made redundant.
  SmallVector<Operation *> fusedOps() const {
    SmallVector<Operation *> ops;
    if (initWriter)
      ops.push_back(initWriter);
    if (epilogue)
      ops.push_back(epilogue);
    if (pooled) {
      ops.push_back(pooled->fill);
      ops.push_back(pooled->pool);
    }
    return ops;
  }

  bool fits() const {
    return direct || kBlock * innerK * nr <= kMaxPanelFloats;
  }

  void emit() {
    if (pooled)
      return emitPooledRows();
    collapseC();
    if (splits > 1)
      return emitSplitK();
    emitTasks(llvm::divideCeil(n, nr), [&](Value batch, Value panel) {
      emitTask(batch, panel, index(0), index(kOuter));
    });
  }

private:
  /// scf.parallel over (the batch dims, linearised) x [0, inner), with
  /// `body` emitting each task at `b`.
  void emitTasks(int64_t inner, function_ref<void(Value, Value)> body) {
    Value zero = index(0), one = index(1);
    scf::ParallelOp::create(
        b, loc, ValueRange{zero, zero},
        ValueRange{index(c.size(c.batch)), index(inner)},
        ValueRange{one, one}, [&](OpBuilder &nb, Location, ValueRange ivs) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(nb.getInsertionBlock(),
                              nb.getInsertionPoint());
          body(ivs[0], ivs[1]);
        });
  }

  /// Tasks over (batch, N panel, split): split s runs K blocks
  /// [s * blocksPerSplit, (s + 1) * blocksPerSplit) into partials[s], zeroed
  /// first; then C += the sum of the partials.
  void emitSplitK() {
    Value target = cCollapsed;
    auto cType = cast<MemRefType>(target.getType());
    SmallVector<int64_t> shape{splits};
    llvm::append_range(shape, cType.getShape());
    Value partials = memref::AllocaOp::create(
        b, loc, MemRefType::get(shape, b.getF32Type()),
        b.getI64IntegerAttr(64));
    Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
    linalg::FillOp::create(b, loc, zero, partials);
    int64_t rank = cType.getRank();
    int64_t splitK = blocksPerSplit * kBlock;
    emitTasks(llvm::divideCeil(n, nr) * splits, [&](Value batch, Value t) {
      Value split = arith::RemUIOp::create(b, loc, t, index(splits));
      SmallVector<OpFoldResult> offsets(rank + 1, b.getIndexAttr(0));
      offsets[0] = split;
      SmallVector<OpFoldResult> sizes{b.getIndexAttr(1)};
      for (int64_t d : cType.getShape())
        sizes.push_back(b.getIndexAttr(d));
      SmallVector<OpFoldResult> strides(rank + 1, b.getIndexAttr(1));
      auto partType = memref::SubViewOp::inferRankReducedResultType(
          cType.getShape(), cast<MemRefType>(partials.getType()), offsets,
          sizes, strides);
      cCollapsed = memref::SubViewOp::create(b, loc, partType, partials,
                                             offsets, sizes, strides);
      Value kStart = arith::MulIOp::create(b, loc, split, index(splitK));
      Value kEnd = arith::MinSIOp::create(
          b, loc, arith::AddIOp::create(b, loc, kStart, index(splitK)),
          index(kOuter));
      emitTask(batch, arith::DivUIOp::create(b, loc, t, index(splits)),
               kStart, kEnd);
    });
    cCollapsed = target;
    addPartials(partials, target);
  }

  /// target += the sum over the leading dim of `partials`.
  void addPartials(Value partials, Value target) {
    int64_t rank = cast<MemRefType>(target.getType()).getRank();
    MLIRContext *ctx = b.getContext();
    // Loops (C dims..., split): the split is a reduction.
    SmallVector<AffineExpr> partialDims{getAffineDimExpr(rank, ctx)};
    for (int64_t d = 0; d < rank; ++d)
      partialDims.push_back(getAffineDimExpr(d, ctx));
    SmallVector<AffineMap> maps{
        AffineMap::get(rank + 1, 0, partialDims, ctx),
        AffineMap::getMultiDimIdentityMap(rank + 1, ctx).getMajorSubMap(rank)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    iterators.push_back(utils::IteratorType::reduction);
    linalg::GenericOp::create(
        b, loc, ValueRange{partials}, ValueRange{target}, maps, iterators,
        [](OpBuilder &nb, Location nloc, ValueRange args) {
          Value sum = arith::AddFOp::create(nb, nloc, args[0], args[1]);
          linalg::YieldOp::create(nb, nloc, sum);
        });
  }

  /// Tasks over (image, pooled row): see findPoolFusion.
  void emitPooledRows() {
    // At the pooling, where its output buffer is defined: nothing in
    // between writes what the convolution reads (the ops in between are
    // the fused ones).
    b.setInsertionPoint(pooled->pool);
    auto pooledType = cast<MemRefType>(pooled->pool.getOutputs()[0].getType());
    emitTasks(pooledType.getDimSize(2), [&](Value batch, Value pooledRow) {
      SmallVector<Value> vals(numLoops);
      decompose(batch, c.batch, vals);
      masks.clear();
      auto maskType = VectorType::get({(int64_t)vw}, b.getI1Type());
      for (unsigned v = 0; v < vectors; ++v)
        masks.push_back(vector::CreateMaskOp::create(
            b, loc, maskType, ValueRange{index(rowWidth - v * vw)}));
      bFlat = flatB();
      int64_t full = m / mr * mr;
      if (full > 0) {
        auto rows =
            scf::ForOp::create(b, loc, index(0), index(full), index(mr));
        OpBuilder::InsertionGuard rowGuard(b);
        b.setInsertionPointToStart(rows.getBody());
        emitPooledMicroKernel(vals, rows.getInductionVar(), mr, pooledRow);
      }
      if (m % mr)
        emitPooledMicroKernel(vals, index(full), m % mr, pooledRow);
    });
  }

  /// Rows i0 .. i0 + rows of C over output rows 2 * pooledRow + {0, 1},
  /// then pooled and stored.
  void emitPooledMicroKernel(ArrayRef<Value> common, Value i0, int64_t rows,
                             Value pooledRow) {
    Value zeros = arith::ConstantOp::create(
        b, loc, vectorType(), DenseElementsAttr::get(vectorType(), 0.0f));
    Value row0 = arith::MulIOp::create(b, loc, pooledRow, index(2));
    SmallVector<SmallVector<Value>> rowVals;
    SmallVector<Value> accs;
    for (int64_t r = 0; r < rows; ++r) {
      SmallVector<Value> vals(common.begin(), common.end());
      decompose(arith::AddIOp::create(b, loc, i0, index(r)), c.m, vals);
      Value init = initialRowValue(cRowIndices(vals));
      accs.append(2 * vectors, init);
      rowVals.push_back(std::move(vals));
    }
    SmallVector<Value> kVals(common.begin(), common.end());
    SmallVector<Value> results = buildKLoops(
        kVals, index(0), index(kOuter), accs,
        [&](SmallVectorImpl<Value> &vals, ValueRange acc) {
          Value base = applyExpr(bRow, vals);
          SmallVector<Value> bVecs;
          for (int64_t t = 0; t < 2; ++t) {
            Value rowStart = arith::AddIOp::create(
                b, loc, base,
                arith::MulIOp::create(
                    b, loc,
                    arith::AddIOp::create(b, loc, row0, index(t)),
                    index(rowStride)));
            for (unsigned v = 0; v < vectors; ++v)
              bVecs.push_back(vector::MaskedLoadOp::create(
                  b, loc, vectorType(), bFlat,
                  ValueRange{arith::AddIOp::create(b, loc, rowStart,
                                                   index(v * vw))},
                  masks[v], zeros));
          }
          return fmaStep(rowVals, vals, bVecs, acc);
        });
    Value pooledMem = pooled->pool.getOutputs()[0];
    int64_t pooledWidth =
        cast<MemRefType>(pooledMem.getType()).getDimSize(3);
    auto maskType = VectorType::get({(int64_t)vw}, b.getI1Type());
    Value storeMask = vector::CreateMaskOp::create(
        b, loc, maskType, ValueRange{index(pooledWidth)});
    SmallVector<int64_t> even, odd;
    for (int64_t l = 0; l < (int64_t)vw; ++l) {
      even.push_back(2 * l);
      odd.push_back(2 * l + 1);
    }
    for (int64_t r = 0; r < rows; ++r) {
      // The epilogue (an activation) before the max: it need not be
      // monotonic.
      SmallVector<Value> rowAcc;
      for (Value acc :
           ArrayRef<Value>(results).slice(r * 2 * vectors, 2 * vectors))
        rowAcc.push_back(epilogue ? dlc::applyEpilogue(b, loc, epilogue, acc)
                                  : acc);
      if (pooled->storeC)
        storeRowPair(rowVals[r], row0, rowAcc);
      SmallVector<Value> columnMax;
      for (unsigned v = 0; v < vectors; ++v)
        columnMax.push_back(arith::MaximumFOp::create(
            b, loc, rowAcc[v], rowAcc[vectors + v]));
      Value lo = columnMax[0], hi = columnMax[vectors - 1];
      Value result = arith::MaximumFOp::create(
          b, loc, vector::ShuffleOp::create(b, loc, lo, hi, even),
          vector::ShuffleOp::create(b, loc, lo, hi, odd));
      result = arith::MaximumFOp::create(
          b, loc, result,
          vector::BroadcastOp::create(b, loc, vectorType(),
                                      pooled->fill.getInputs()[0]));
      SmallVector<Value> at = cRowIndices(rowVals[r]);
      at.push_back(pooledRow);
      at.push_back(index(0));
      vector::MaskedStoreOp::create(b, loc, pooledMem, at, storeMask, result);
    }
  }

  /// Stores C's output rows row0 and row0 + 1 (`vectors` vectors each, in
  /// `values`) of the C row at `vals`.
  void storeRowPair(ArrayRef<Value> vals, Value row0, ArrayRef<Value> values) {
    Value cMem = op.getDpsInitOperand(0)->get();
    for (int64_t t = 0; t < 2; ++t) {
      SmallVector<Value> at = cRowIndices(vals);
      at.push_back(arith::AddIOp::create(b, loc, row0, index(t)));
      at.push_back(Value());
      for (unsigned v = 0; v < vectors; ++v) {
        at.back() = index(v * vw);
        vector::MaskedStoreOp::create(b, loc, cMem, at, masks[v],
                                      values[t * vectors + v]);
      }
    }
  }

  /// A convolution's columns (oh, ow) are not one run of B's memory, so
  /// flattening them needs a gathering pack. Where B's offset is linear and
  /// the innermost column dim is unit-stride in B, B is instead read in
  /// place: the columns are that dim alone (the others join the batch
  /// dims) and each k loads row(k) + j0 .. with a masked vector load.
  void chooseDirectB() {
    if (chooseRowSegments())
      return;
    // Too short a run would leave most vector lanes idle: pack instead.
    if (c.n.size() < 2 || 2 * c.bounds[c.n.back()] < vw)
      return;
    dlc::Contraction original = c;
    c.batch.append(c.n.begin(), c.n.end() - 1);
    c.n.erase(c.n.begin(), c.n.end() - 1);
    direct = splitBOffset() &&
             bColumn == getAffineDimExpr(c.n.back(), b.getContext());
    if (!direct)
      c = original;
  }

  /// A 2-D convolution's columns (oh, ow) with B's column offset
  /// rowStride * oh + ow: column p = oh * OW + ow of C is B's element
  /// p + oh * (rowStride - OW) past the row's start, so a vector of columns
  /// spanning a few output rows is a few masked loads of runs of B, one per
  /// row (segments). Every lane does useful work, as with a packed panel,
  /// and nothing is copied. Not where whole rows fill whole vectors
  /// (single-row reads are cheaper then), nor for rows so short that a
  /// vector spans more than kMaxSegments of them.
  bool chooseRowSegments() {
    if (c.n.size() != 2 || !splitBOffset())
      return false;
    int64_t rows = c.bounds[c.n[0]], width = c.bounds[c.n[1]];
    if (width % vw == 0 || rows < 2)
      return false;
    auto coefficient = [&](unsigned dim) -> std::optional<int64_t> {
      SmallVector<AffineExpr> unit;
      for (unsigned d = 0; d < numLoops; ++d)
        unit.push_back(getAffineConstantExpr(d == dim, b.getContext()));
      auto value = dyn_cast<AffineConstantExpr>(
          simplifyAffineExpr(bColumn.replaceDims(unit), numLoops, 0));
      return value ? std::optional<int64_t>(value.getValue()) : std::nullopt;
    };
    std::optional<int64_t> rowCoef = coefficient(c.n[0]);
    std::optional<int64_t> colCoef = coefficient(c.n[1]);
    if (!rowCoef || !colCoef || *colCoef != 1 || *rowCoef < width)
      return false;
    // Linear (pure affine) in the two dims: the coefficients say it all.
    AffineExpr rebuilt =
        getAffineDimExpr(c.n[0], b.getContext()) * *rowCoef +
        getAffineDimExpr(c.n[1], b.getContext());
    if (simplifyAffineExpr(bColumn - rebuilt, numLoops, 0) !=
        getAffineConstantExpr(0, b.getContext()))
      return false;
    segmentsPerVector = std::min<int64_t>(rows, (vw - 1) / width + 2);
    if (segmentsPerVector > kMaxSegments)
      return false;
    rowStride = *rowCoef;
    rowWidth = width;
    direct = segments = true;
    return true;
  }

  Value index(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }

  /// For each vector of the task's columns j0 .. j0 + width: the masks
  /// and base offsets (from B's row) of its segments (chooseRowSegments).
  void computeSegments(Value j0, Value width) {
    segmentMasks.clear();
    segmentBases.clear();
    auto laneType = VectorType::get({(int64_t)vw}, b.getI32Type());
    SmallVector<int32_t> laneIds;
    for (int32_t l = 0; l < (int32_t)vw; ++l)
      laneIds.push_back(l);
    Value lanes = arith::ConstantOp::create(
        b, loc, laneType, DenseElementsAttr::get(laneType, ArrayRef(laneIds)));
    auto splat = [&](Value v) -> Value {
      Value i32 = arith::IndexCastOp::create(b, loc, b.getI32Type(), v);
      return vector::BroadcastOp::create(b, loc, laneType, i32);
    };
    Value lastRow = index(c.bounds[c.n[0]] - 1);
    for (unsigned v = 0; v < vectors; ++v) {
      Value start = arith::AddIOp::create(b, loc, j0, index(v * vw));
      Value valid = arith::SubIOp::create(b, loc, width, index(v * vw));
      Value firstRow = arith::DivUIOp::create(b, loc, start, index(rowWidth));
      for (int64_t s = 0; s < segmentsPerVector; ++s) {
        Value row = arith::AddIOp::create(b, loc, firstRow, index(s));
        // Lanes [lo, hi) of this vector are columns of `row`.
        Value lo = arith::SubIOp::create(
            b, loc, arith::MulIOp::create(b, loc, row, index(rowWidth)),
            start);
        Value hi = arith::MinSIOp::create(
            b, loc, arith::AddIOp::create(b, loc, lo, index(rowWidth)),
            valid);
        segmentMasks.push_back(arith::AndIOp::create(
            b, loc,
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, lanes,
                                  splat(lo)),
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, lanes,
                                  splat(hi))));
        // A segment past the last row is empty; its address stays inside B.
        Value clamped = arith::MinSIOp::create(b, loc, row, lastRow);
        segmentBases.push_back(arith::AddIOp::create(
            b, loc, start,
            arith::MulIOp::create(b, loc, clamped,
                                  index(rowStride - rowWidth))));
      }
    }
  }

  /// C with its trailing N dims collapsed into one column dim.
  void collapseC() {
    Value cMem = op.getDpsInitOperand(0)->get();
    auto type = cast<MemRefType>(cMem.getType());
    unsigned rank = type.getRank(), numN = c.n.size();
    SmallVector<ReassociationIndices> groups;
    for (unsigned i = 0; i + numN < rank; ++i)
      groups.push_back({(int64_t)i});
    ReassociationIndices last;
    for (unsigned i = rank - numN; i < rank; ++i)
      last.push_back(i);
    groups.push_back(last);
    cCollapsed = numN == 1 ? cMem
                           : memref::CollapseShapeOp::create(b, loc, cMem,
                                                              groups)
                                 .getResult();
  }

  /// Writes the values of `dims` (row-major, innermost last) that the
  /// linear index `linear` stands for into `vals`.
  void decompose(Value linear, ArrayRef<unsigned> dims,
                 SmallVectorImpl<Value> &vals) {
    for (unsigned i = dims.size(); i-- > 0;) {
      Value size = index(c.bounds[dims[i]]);
      vals[dims[i]] = i == 0 ? linear
                             : arith::RemUIOp::create(b, loc, linear, size)
                                   .getResult();
      if (i > 0)
        linear = arith::DivUIOp::create(b, loc, linear, size);
    }
  }

  /// `vals` as affine.apply operands: dims not set yet (unused by the
  /// map at hand) as 0.
  SmallVector<Value> dimOperands(ArrayRef<Value> vals) {
    Value zero = index(0);
    return llvm::map_to_vector(vals, [&](Value v) { return v ? v : zero; });
  }

  /// The indices of `map` at the loop dims `vals` (unset ones unused).
  SmallVector<Value> apply(AffineMap map, ArrayRef<Value> vals) {
    SmallVector<Value> operands = dimOperands(vals);
    SmallVector<Value> indices;
    for (unsigned r = 0; r < map.getNumResults(); ++r) {
      AffineMap sub = map.getSubMap({r});
      if (auto dim = dyn_cast<AffineDimExpr>(sub.getResult(0))) {
        indices.push_back(operands[dim.getPosition()]);
        continue;
      }
      indices.push_back(
          affine::AffineApplyOp::create(b, loc, sub, operands).getResult());
    }
    return indices;
  }

  /// The panel row of the K dims in `vals`, counted from K block `kb`.
  Value panelRow(ArrayRef<Value> vals, Value kb) {
    Value row = arith::SubIOp::create(b, loc, vals[c.k.front()], kb);
    for (unsigned d : ArrayRef<unsigned>(c.k).drop_front()) {
      row = arith::MulIOp::create(b, loc, row, index(c.bounds[d]));
      row = arith::AddIOp::create(b, loc, row, vals[d]);
    }
    return row;
  }

  using KBody = function_ref<SmallVector<Value>(SmallVectorImpl<Value> &vals,
                                                ValueRange iterArgs)>;

  /// Loops over the K dims of one block ([kb, kbEnd) of the outermost),
  /// carrying `init`; `body` sees every dim value set.
  SmallVector<Value> buildKLoops(SmallVectorImpl<Value> &vals, Value kb,
                                 Value kbEnd, ValueRange init, KBody body,
                                 unsigned level = 0) {
    unsigned dim = c.k[level];
    Value lb = level == 0 ? kb : index(0);
    Value ub = level == 0 ? kbEnd : index(c.bounds[dim]);
    auto loop = scf::ForOp::create(b, loc, lb, ub, index(1), init);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    vals[dim] = loop.getInductionVar();
    SmallVector<Value> results =
        level + 1 == c.k.size()
            ? body(vals, loop.getRegionIterArgs())
            : buildKLoops(vals, kb, kbEnd, loop.getRegionIterArgs(), body,
                          level + 1);
    // Without iter_args the builder already added the (empty) yield.
    if (!init.empty())
      scf::YieldOp::create(b, loc, results);
    return loop.getResults();
  }

  /// The task of N panel `panel` in batch `batchIndex`, over the outer K
  /// range [kStart, kEnd) (a multiple of kBlock from kStart).
  void emitTask(Value batchIndex, Value panel, Value kStart, Value kEnd) {
    SmallVector<Value> vals(numLoops);
    decompose(batchIndex, c.batch, vals);
    Value j0 = arith::MulIOp::create(b, loc, panel, index(nr));
    Value width = arith::MinSIOp::create(
        b, loc, index(nr), arith::SubIOp::create(b, loc, index(n), j0));
    auto vecMaskType = VectorType::get({(int64_t)vw}, b.getI1Type());
    masks.clear();
    for (unsigned v = 0; v < vectors; ++v)
      masks.push_back(vector::CreateMaskOp::create(
          b, loc, vecMaskType,
          ValueRange{arith::SubIOp::create(b, loc, width, index(v * vw))}));
    if (direct) {
      bFlat = flatB();
      if (segments)
        computeSegments(j0, width);
    } else {
      auto panelType =
          MemRefType::get({kBlock * innerK * nr}, b.getF32Type());
      panelMem = memref::AllocaOp::create(b, loc, panelType,
                                          b.getI64IntegerAttr(64));
      columnOffsets = memref::AllocaOp::create(
          b, loc, MemRefType::get({(int64_t)nr}, b.getIndexType()),
          b.getI64IntegerAttr(64));
    }
    auto blocks = scf::ForOp::create(b, loc, kStart, kEnd, index(kBlock));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(blocks.getBody());
    Value kb = blocks.getInductionVar();
    Value kbEnd = arith::MinSIOp::create(
        b, loc, arith::AddIOp::create(b, loc, kb, index(kBlock)), kEnd);
    if (!direct)
      emitPack(vals, kb, kbEnd, j0, width);
    int64_t full = m / mr * mr;
    if (full > 0) {
      auto rows = scf::ForOp::create(b, loc, index(0), index(full),
                                     index(mr));
      OpBuilder::InsertionGuard rowGuard(b);
      b.setInsertionPointToStart(rows.getBody());
      emitMicroKernel(vals, rows.getInductionVar(), mr, kb, kbEnd, j0);
    }
    if (m % mr)
      emitMicroKernel(vals, index(full), m % mr, kb, kbEnd, j0);
  }

  /// B's element offset as (part of the N dims) + (part of the others),
  /// when its map and layout make it linear (no mod or floordiv).
  bool splitBOffset() {
    auto type = cast<MemRefType>(bMem.getType());
    SmallVector<int64_t> strides;
    int64_t offset;
    if (failed(type.getStridesAndOffset(strides, offset)) ||
        ShapedType::isDynamic(offset) ||
        llvm::any_of(strides, ShapedType::isDynamic))
      return false;
    AffineMap map = maps[c.b];
    MLIRContext *ctx = b.getContext();
    AffineExpr flat = getAffineConstantExpr(offset, ctx);
    int64_t span = offset + 1;
    for (auto [expr, stride, size] :
         llvm::zip(map.getResults(), strides, type.getShape())) {
      if (!expr.isPureAffine())
        return false;
      flat = flat + expr * stride;
      span += (size - 1) * stride;
    }
    SmallVector<AffineExpr> onlyN, withoutN, none;
    for (unsigned d = 0; d < numLoops; ++d) {
      bool isN = llvm::is_contained(c.n, d);
      AffineExpr dim = getAffineDimExpr(d, ctx);
      AffineExpr zero = getAffineConstantExpr(0, ctx);
      onlyN.push_back(isN ? dim : zero);
      withoutN.push_back(isN ? zero : dim);
      none.push_back(zero);
    }
    auto simplified = [&](AffineExpr e) {
      return simplifyAffineExpr(e, numLoops, 0);
    };
    AffineExpr constant = simplified(flat.replaceDims(none));
    bColumn = simplified(flat.replaceDims(onlyN) - constant);
    bRow = simplified(flat.replaceDims(withoutN));
    bSpan = span;
    return true;
  }

  Value applyExpr(AffineExpr e, ArrayRef<Value> vals) {
    return affine::AffineApplyOp::create(
        b, loc, AffineMap::get(numLoops, 0, e), dimOperands(vals));
  }

  /// B as a flat array (splitBOffset succeeded).
  Value flatB() {
    auto flatType = MemRefType::get({bSpan}, b.getF32Type());
    return memref::ReinterpretCastOp::create(
        b, loc, flatType, bMem, /*offset=*/0, ArrayRef<int64_t>{bSpan},
        ArrayRef<int64_t>{1});
  }

  VectorType vectorType() {
    return VectorType::get({(int64_t)vw}, b.getF32Type());
  }

  /// The packed panel's row for the K dims in `vals`.
  SmallVector<Value> loadPanelRow(ArrayRef<Value> vals, Value kb) {
    Value base = arith::MulIOp::create(b, loc, panelRow(vals, kb), index(nr));
    SmallVector<Value> vecs;
    for (unsigned v = 0; v < vectors; ++v)
      vecs.push_back(vector::LoadOp::create(
          b, loc, vectorType(), panelMem,
          ValueRange{arith::AddIOp::create(b, loc, base, index(v * vw))}));
    return vecs;
  }

  /// B's columns j0.. of the row at `vals`, read in place (masked).
  SmallVector<Value> loadBInPlace(ArrayRef<Value> vals, Value j0) {
    Value row = applyExpr(bRow, vals);
    Value zeros = arith::ConstantOp::create(
        b, loc, vectorType(), DenseElementsAttr::get(vectorType(), 0.0f));
    SmallVector<Value> vecs;
    if (segments) {
      for (unsigned v = 0; v < vectors; ++v) {
        Value vec = zeros;
        for (int64_t s = 0; s < segmentsPerVector; ++s) {
          unsigned i = v * segmentsPerVector + s;
          vec = vector::MaskedLoadOp::create(
              b, loc, vectorType(), bFlat,
              ValueRange{arith::AddIOp::create(b, loc, row, segmentBases[i])},
              segmentMasks[i], vec);
        }
        vecs.push_back(vec);
      }
      return vecs;
    }
    Value base = arith::AddIOp::create(b, loc, row, j0);
    for (unsigned v = 0; v < vectors; ++v)
      vecs.push_back(vector::MaskedLoadOp::create(
          b, loc, vectorType(), bFlat,
          ValueRange{arith::AddIOp::create(b, loc, base, index(v * vw))},
          masks[v], zeros));
    return vecs;
  }

  /// panel[kr][jj] = B at (k, n = j0 + jj) for jj < width. With a linear
  /// B (every map the seeds compile), the offset of each column in the
  /// panel is computed once per panel and the copy is a gather (a plain
  /// copy when the column is B's innermost dim); else each element's
  /// indices are evaluated.
  void emitPack(SmallVectorImpl<Value> &vals, Value kb, Value kbEnd, Value j0,
                Value width) {
    if (!linearB) {
      AffineMap bMap = maps[c.b];
      return emitPackLoops(vals, kb, kbEnd, width,
                           [&](ArrayRef<Value> kVals, Value jj) -> Value {
                             SmallVector<Value> at(kVals);
                             decompose(arith::AddIOp::create(b, loc, j0, jj),
                                       c.n, at);
                             return memref::LoadOp::create(b, loc, bMem,
                                                           apply(bMap, at));
                           });
    }
    Value flat = flatB();
    bool contiguous = c.n.size() == 1 &&
                      bColumn == getAffineDimExpr(c.n[0], b.getContext());
    if (!contiguous) {
      // columnOffsets[jj] = the N part of B's offset for column j0 + jj.
      auto cols = scf::ForOp::create(b, loc, index(0), width, index(1));
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(cols.getBody());
      SmallVector<Value> at(vals.begin(), vals.end());
      Value jj = cols.getInductionVar();
      decompose(arith::AddIOp::create(b, loc, j0, jj), c.n, at);
      memref::StoreOp::create(b, loc, applyExpr(bColumn, at), columnOffsets,
                              ValueRange{jj});
    }
    emitPackLoops(vals, kb, kbEnd, width,
                  [&](ArrayRef<Value> kVals, Value jj) -> Value {
                    // (The row part is hoisted out of the column loop by
                    // LLVM.)
                    Value row = applyExpr(bRow, kVals);
                    Value column =
                        contiguous
                            ? arith::AddIOp::create(b, loc, j0, jj).getResult()
                            : memref::LoadOp::create(b, loc, columnOffsets,
                                                     ValueRange{jj})
                                  .getResult();
                    return memref::LoadOp::create(
                        b, loc, flat,
                        ValueRange{arith::AddIOp::create(b, loc, row, column)});
                  });
  }

  /// For each K step of the block and column jj < width:
  /// panel[kr][jj] = element(k dims, jj).
  void emitPackLoops(
      SmallVectorImpl<Value> &vals, Value kb, Value kbEnd, Value width,
      function_ref<Value(ArrayRef<Value> kVals, Value jj)> element) {
    buildKLoops(vals, kb, kbEnd, {},
                [&](SmallVectorImpl<Value> &kVals, ValueRange) {
                  Value base = arith::MulIOp::create(
                      b, loc, panelRow(kVals, kb), index(nr));
                  auto cols =
                      scf::ForOp::create(b, loc, index(0), width, index(1));
                  OpBuilder::InsertionGuard guard(b);
                  b.setInsertionPointToStart(cols.getBody());
                  Value jj = cols.getInductionVar();
                  memref::StoreOp::create(
                      b, loc, element(kVals, jj), panelMem,
                      ValueRange{arith::AddIOp::create(b, loc, base, jj)});
                  return SmallVector<Value>{};
                });
  }

  /// C's indices (without the column) for the row whose M dims are in
  /// `vals`.
  SmallVector<Value> cRowIndices(ArrayRef<Value> vals) {
    SmallVector<Value> indices;
    ArrayRef<AffineExpr> results = maps[2].getResults();
    for (AffineExpr e : results.drop_back(c.n.size()))
      indices.push_back(vals[cast<AffineDimExpr>(e).getPosition()]);
    return indices;
  }

  /// What a row of C holds before the contraction when initWriter wrote
  /// it (the same in every column), given the row's C indices; else null.
  Value initialRowValue(ArrayRef<Value> rowIndices) {
    Value scalar;
    if (auto fill = dyn_cast_or_null<linalg::FillOp>(initWriter)) {
      scalar = fill.getInputs()[0];
    } else if (auto broadcast =
                   dyn_cast_or_null<linalg::BroadcastOp>(initWriter)) {
      SmallVector<Value> indices;
      for (int64_t d = 0; d < (int64_t)rowIndices.size(); ++d)
        if (!llvm::is_contained(broadcast.getDimensions(), d))
          indices.push_back(rowIndices[d]);
      scalar = memref::LoadOp::create(b, loc, broadcast.getInput(), indices);
    } else {
      return nullptr;
    }
    return vector::BroadcastOp::create(b, loc, vectorType(), scalar);
  }

  /// One k of the register tile: per row r (dims in rowVals[r], the K dims
  /// from kVals), A broadcast times each of `bVecs` added to the row's
  /// accumulators acc[r * bVecs.size() ...].
  SmallVector<Value> fmaStep(ArrayRef<SmallVector<Value>> rowVals,
                             ArrayRef<Value> kVals, ArrayRef<Value> bVecs,
                             ValueRange acc) {
    SmallVector<Value> next;
    for (auto [r, row] : llvm::enumerate(rowVals)) {
      SmallVector<Value> at(row.begin(), row.end());
      for (unsigned d : c.k)
        at[d] = kVals[d];
      Value a = memref::LoadOp::create(b, loc, aMem, apply(maps[c.a], at));
      Value splat = vector::BroadcastOp::create(b, loc, vectorType(), a);
      for (auto [i, bVec] : llvm::enumerate(bVecs))
        next.push_back(vector::FMAOp::create(
            b, loc, splat, bVec, acc[r * bVecs.size() + i]));
    }
    return next;
  }

  void emitMicroKernel(ArrayRef<Value> common, Value i0, int64_t rows,
                       Value kb, Value kbEnd, Value j0) {
    auto vecType = VectorType::get({(int64_t)vw}, b.getF32Type());
    Value zeros = arith::ConstantOp::create(
        b, loc, vecType, DenseElementsAttr::get(vecType, 0.0f));
    // Each row's dim values (batch and M set; K set in the loop).
    SmallVector<SmallVector<Value>> rowVals;
    SmallVector<Value> accs;
    for (int64_t r = 0; r < rows; ++r) {
      SmallVector<Value> vals(common.begin(), common.end());
      decompose(arith::AddIOp::create(b, loc, i0, index(r)), c.m, vals);
      SmallVector<Value> at = cRowIndices(vals);
      Value rowInit = initialRowValue(at);
      for (unsigned v = 0; v < vectors; ++v) {
        if (rowInit) {
          accs.push_back(rowInit);
          continue;
        }
        SmallVector<Value> idx = at;
        idx.push_back(arith::AddIOp::create(b, loc, j0, index(v * vw)));
        accs.push_back(vector::MaskedLoadOp::create(
            b, loc, vecType, cCollapsed, idx, masks[v], zeros));
      }
      rowVals.push_back(std::move(vals));
    }
    SmallVector<Value> kVals(common.begin(), common.end());
    SmallVector<Value> results = buildKLoops(
        kVals, kb, kbEnd, accs,
        [&](SmallVectorImpl<Value> &vals, ValueRange acc) {
          SmallVector<Value> bVecs = direct ? loadBInPlace(vals, j0)
                                            : loadPanelRow(vals, kb);
          return fmaStep(rowVals, vals, bVecs, acc);
        });
    for (int64_t r = 0; r < rows; ++r) {
      SmallVector<Value> at = cRowIndices(rowVals[r]);
      for (unsigned v = 0; v < vectors; ++v) {
        SmallVector<Value> idx = at;
        idx.push_back(arith::AddIOp::create(b, loc, j0, index(v * vw)));
        Value result = results[r * vectors + v];
        if (epilogue)
          result = dlc::applyEpilogue(b, loc, epilogue, result);
        vector::MaskedStoreOp::create(b, loc, cCollapsed, idx, masks[v],
                                      result);
      }
    }
  }

  OpBuilder &b;
  Location loc;
  linalg::LinalgOp op;
  dlc::Contraction c;
  unsigned vw, nr, mr, vectors;
  /// B is read in place, not packed (chooseDirectB).
  bool direct = false;
  /// B is read in place a row segment at a time (chooseRowSegments): B's
  /// column offset is rowStride * oh + ow, C's rows are rowWidth columns.
  bool segments = false;
  int64_t rowStride = 0, rowWidth = 0, segmentsPerVector = 0;
  SmallVector<Value> segmentMasks, segmentBases;
  /// B's offset is linear and split into bColumn and bRow (splitBOffset).
  bool linearB = false;
  /// Fused into the tile loops (findFusions).
  Operation *initWriter = nullptr;
  linalg::GenericOp epilogue;
  /// The max pooling computed in registers (findPoolFusion).
  std::optional<dlc::PoolConsumer> pooled;
  SmallVector<AffineMap> maps;
  Value aMem, bMem, cCollapsed, panelMem, columnOffsets, bFlat;
  /// B's linear offset split by splitBOffset, and its extent.
  AffineExpr bColumn, bRow;
  int64_t bSpan = 0;
  SmallVector<Value> masks;
  unsigned numLoops;
  int64_t n, m, kOuter, innerK, kBlock;
  /// Split-K (chooseSplits): 1, or the number of K ranges of
  /// blocksPerSplit blocks each.
  int64_t splits = 1, blocksPerSplit = 0;
};

struct LowerContractionsPass
    : dlc::impl::LowerContractionsBase<LowerContractionsPass> {
  using Base::Base;

  void runOnOperation() override {
    dlc::lowerContractions(
        getOperation(),
        [&](linalg::LinalgOp op, const dlc::Contraction &c)
            -> FailureOr<SmallVector<Operation *>> {
          OpBuilder b(op);
          ContractionEmitter emitter(b, op, c, vectorWidth);
          if (!emitter.fits())
            return failure();
          emitter.findFusions();
          emitter.findPoolFusion();
          emitter.emit();
          return emitter.fusedOps();
        });
  }
};

} // namespace
