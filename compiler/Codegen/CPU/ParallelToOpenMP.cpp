//===- ParallelToOpenMP.cpp - scf.parallel as hand-chunked omp.parallel ---===//
#include "compiler/Codegen/CPU/Passes.h"
#include "compiler/Transforms/RuntimeDecls.h"

#include "mlir/IR/IRMapping.h"

namespace dlc {
#define GEN_PASS_DEF_PARALLELTOOPENMP
#include "compiler/Codegen/CPU/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

/// Chunks each thread takes on average: enough that a slower core's
/// share shrinks, few enough that the atomic adds cost nothing.
constexpr int64_t kChunksPerThread = 8;
constexpr const char *kNumThreads = "omp_get_num_threads";
constexpr const char *kMaxThreads = "omp_get_max_threads";

Value callQuery(OpBuilder &b, Location loc, StringRef name) {
  Value i32 = func::CallOp::create(b, loc, name, TypeRange{b.getI32Type()},
                                   ValueRange{})
                  .getResult(0);
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), i32);
}

/// The byte offsets of `loop`'s top-level static stack buffers packed into
/// one scratch buffer (64-byte aligned each), and its size.
int64_t layoutScratch(scf::ParallelOp loop,
                      DenseMap<Operation *, int64_t> &offsets) {
  int64_t bytes = 0;
  for (auto alloca : loop.getBody()->getOps<memref::AllocaOp>()) {
    MemRefType type = alloca.getType();
    Type elem = type.getElementType();
    if (alloca->getNumOperands() != 0 || !type.hasStaticShape() ||
        !type.getLayout().isIdentity() || !elem.isIntOrIndexOrFloat())
      continue;
    offsets[alloca] = bytes;
    // index lowers to 64 bits on the CPU targets.
    int64_t bits = elem.isIndex() ? 64 : elem.getIntOrFloatBitWidth();
    int64_t size = type.getNumElements() * bits / 8;
    bytes += llvm::alignTo(size, 64);
  }
  return bytes;
}

/// Runs the iterations [begin, end) of `loop`'s linearised space at the
/// builder; `mapping` already maps its top-level stack buffers (hoisted
/// out of the loop), which are not cloned again.
void emitChunk(OpBuilder &b, scf::ParallelOp loop, ArrayRef<Value> trips,
               Value begin, Value end, IRMapping mapping) {
  Location loc = loop.getLoc();
  auto chunkLoop = scf::ForOp::create(
      b, loc, begin, end, arith::ConstantIndexOp::create(b, loc, 1));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(chunkLoop.getBody());
  // The linear iteration back to one induction variable per dim.
  Value linear = chunkLoop.getInductionVar();
  SmallVector<Value> ivs(trips.size());
  for (unsigned d = trips.size(); d-- > 0;) {
    Value t = d == 0 ? linear
                     : arith::RemSIOp::create(b, loc, linear, trips[d])
                           .getResult();
    if (d > 0)
      linear = arith::DivSIOp::create(b, loc, linear, trips[d]);
    Value offset = arith::MulIOp::create(b, loc, t, loop.getStep()[d]);
    ivs[d] = arith::AddIOp::create(b, loc, loop.getLowerBound()[d], offset);
  }
  mapping.map(loop.getInductionVars(), ivs);
  for (Operation &op : loop.getBody()->without_terminator())
    if (!isa<memref::AllocaOp>(op) || !mapping.contains(op.getResult(0)))
      b.clone(op, mapping);
}

/// Chunks of `grain` iterations of [0, total) taken in turn from the shared
/// `counter` (atomic adds) until none is left, each run by emitChunk. A
/// thread that runs slower (a busy core) takes fewer chunks instead of
/// holding the others at the region's end.
void emitChunksFromCounter(OpBuilder &b, scf::ParallelOp loop,
                           ArrayRef<Value> trips, Value total, Value grain,
                           Value counter, const IRMapping &mapping) {
  Location loc = loop.getLoc();
  Type i64 = b.getI64Type();
  Value grain64 = arith::IndexCastOp::create(b, loc, i64, grain);
  Type index = b.getIndexType();
  auto whileOp = scf::WhileOp::create(b, loc, TypeRange{index}, ValueRange{});
  {
    OpBuilder::InsertionGuard guard(b);
    b.createBlock(&whileOp.getBefore());
    Value taken = memref::AtomicRMWOp::create(
        b, loc, arith::AtomicRMWKind::addi, grain64, counter, ValueRange{});
    Value begin = arith::IndexCastOp::create(b, loc, index, taken);
    Value more = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt,
                                       begin, total);
    scf::ConditionOp::create(b, loc, more, ValueRange{begin});
  }
  OpBuilder::InsertionGuard guard(b);
  Block *after = b.createBlock(&whileOp.getAfter(), {}, {index}, {loc});
  Value begin = after->getArgument(0);
  Value end = arith::MinSIOp::create(
      b, loc, arith::AddIOp::create(b, loc, begin, grain), total);
  emitChunk(b, loop, trips, begin, end, mapping);
  scf::YieldOp::create(b, loc);
}

/// if (omp_get_max_threads() > 1) omp.parallel { chunks from `counter` }
/// else { every iteration, stack buffers in `scratch` }.
void lowerToOpenMP(scf::ParallelOp loop, Value scratch, Value counter,
                   const DenseMap<Operation *, int64_t> &offsets) {
  OpBuilder b(loop);
  Location loc = loop.getLoc();
  SmallVector<Value> trips;
  Value total = arith::ConstantIndexOp::create(b, loc, 1);
  for (auto [lb, ub, step] : llvm::zip(loop.getLowerBound(),
                                       loop.getUpperBound(), loop.getStep())) {
    Value span = arith::SubIOp::create(b, loc, ub, lb);
    trips.push_back(arith::CeilDivSIOp::create(b, loc, span, step));
    total = arith::MulIOp::create(b, loc, total, trips.back());
  }
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value parallel = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt,
                                         callQuery(b, loc, kMaxThreads), one);
  auto branch = scf::IfOp::create(b, loc, parallel, /*withElse=*/true);

  // Threads: LLVM's libomp serialises a one-thread region with a malloc,
  // hence the else branch.
  b.setInsertionPointToStart(branch.thenBlock());
  memref::StoreOp::create(
      b, loc, arith::ConstantIntOp::create(b, loc, b.getI64Type(), 0),
      counter, ValueRange{});
  auto region = omp::ParallelOp::create(b, loc);
  b.createBlock(&region.getRegion());
  IRMapping threadMapping;
  for (Operation &op : loop.getBody()->getOperations())
    if (offsets.count(&op))
      threadMapping.map(op.getResult(0), b.clone(op)->getResult(0));
  // About kChunksPerThread chunks per thread.
  Value threads = callQuery(b, loc, kNumThreads);
  Value grain = arith::CeilDivSIOp::create(
      b, loc, total,
      arith::MulIOp::create(
          b, loc, threads,
          arith::ConstantIndexOp::create(b, loc, kChunksPerThread)));
  emitChunksFromCounter(b, loop, trips, total, grain, counter, threadMapping);
  omp::TerminatorOp::create(b, loc);

  b.setInsertionPointToStart(branch.elseBlock());
  IRMapping mapping;
  for (Operation &op : loop.getBody()->getOperations()) {
    auto it = offsets.find(&op);
    if (it == offsets.end())
      continue;
    auto type = cast<MemRefType>(op.getResult(0).getType());
    Value offset = arith::ConstantIndexOp::create(b, loc, it->second);
    mapping.map(op.getResult(0), memref::ViewOp::create(b, loc, type, scratch,
                                                        offset, ValueRange{})
                                     .getResult());
  }
  emitChunk(b, loop, trips, zero, total, mapping);
  loop->erase();
}

struct ParallelToOpenMPPass
    : dlc::impl::ParallelToOpenMPBase<ParallelToOpenMPPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<scf::ParallelOp> loops;
    module.walk([&](scf::ParallelOp loop) {
      if (loop.getNumResults() == 0 &&
          !loop->getParentOfType<scf::ParallelOp>())
        loops.push_back(loop);
    });
    if (loops.empty())
      return;
    auto query = FunctionType::get(&getContext(), {},
                                   {IntegerType::get(&getContext(), 32)});
    for (const char *name : {kNumThreads, kMaxThreads})
      dlc::declareExternalFunction(module, name, query);
    // One scratch buffer per function, at its entry, for the one-thread
    // path: the loops run one after another, so they share it.
    DenseMap<Operation *, int64_t> offsets;
    DenseMap<Operation *, int64_t> scratchBytes;
    for (scf::ParallelOp loop : loops) {
      Operation *func = loop->getParentOfType<func::FuncOp>();
      int64_t bytes = layoutScratch(loop, offsets);
      scratchBytes[func] = std::max(scratchBytes[func], bytes);
    }
    // And one shared chunk counter per function.
    DenseMap<Operation *, Value> scratch, counter;
    for (auto [func, bytes] : scratchBytes) {
      Block &entry = cast<func::FuncOp>(func).getBody().front();
      OpBuilder b = OpBuilder::atBlockBegin(&entry);
      counter[func] = memref::AllocaOp::create(
          b, func->getLoc(), MemRefType::get({}, b.getI64Type()));
      if (bytes == 0)
        continue;
      auto type = MemRefType::get({bytes}, b.getI8Type());
      scratch[func] = memref::AllocaOp::create(b, func->getLoc(), type,
                                               b.getI64IntegerAttr(64));
    }
    for (scf::ParallelOp loop : loops) {
      Operation *func = loop->getParentOfType<func::FuncOp>();
      lowerToOpenMP(loop, scratch.lookup(func), counter.lookup(func),
                    offsets);
    }
  }
};

} // namespace
