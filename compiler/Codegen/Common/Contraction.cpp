//===- Contraction.cpp - a linalg op seen as a batched matmul -------------===//
#include "compiler/Codegen/Common/Contraction.h"
#include "compiler/Transforms/MulAddBody.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"

using namespace mlir;

int64_t dlc::Contraction::size(ArrayRef<unsigned> dims) const {
  int64_t n = 1;
  for (unsigned d : dims)
    n *= bounds[d];
  return n;
}

namespace {

bool isStaticF32(Value v) {
  auto type = dyn_cast<MemRefType>(v.getType());
  return type && type.hasStaticShape() && type.getElementType().isF32();
}

/// The loop dims each result of `map` reads.
llvm::SmallBitVector usedDims(AffineMap map) {
  llvm::SmallBitVector used(map.getNumDims());
  for (AffineExpr e : map.getResults())
    e.walk([&](AffineExpr sub) {
      if (auto d = dyn_cast<AffineDimExpr>(sub))
        used.set(d.getPosition());
    });
  return used;
}

} // namespace

FailureOr<dlc::Contraction> dlc::matchContraction(linalg::LinalgOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1 || op->getNumRegions() != 1 ||
      op->getRegion(0).getBlocks().size() != 1 ||
      !dlc::isMulAddBody(op->getRegion(0).front()))
    return failure();
  Value c = op.getDpsInitOperand(0)->get();
  for (Value v : {op.getDpsInputOperand(0)->get(),
                  op.getDpsInputOperand(1)->get(), c})
    if (!isStaticF32(v))
      return failure();
  auto cType = cast<MemRefType>(c.getType());
  if (!cType.getLayout().isIdentity())
    return failure();
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  AffineMap cMap = maps[2];
  if (!cMap.isProjectedPermutation(/*allowZeroInResults=*/false) ||
      cMap.getNumResults() == 0)
    return failure();

  Contraction result;
  result.bounds = op.getStaticLoopRanges();
  llvm::SmallBitVector in0 = usedDims(maps[0]), in1 = usedDims(maps[1]),
                      inC = usedDims(cMap);
  // B is the input that reads C's innermost dim.
  unsigned last = cast<AffineDimExpr>(cMap.getResults().back()).getPosition();
  if (in0.test(last) == in1.test(last))
    return failure();
  result.b = in0.test(last) ? 0 : 1;
  result.a = 1 - result.b;
  const llvm::SmallBitVector &inA = result.a == 0 ? in0 : in1;
  const llvm::SmallBitVector &inB = result.b == 0 ? in0 : in1;
  // The N dims: the longest run of C's trailing results that only B reads.
  // They collapse into one contiguous column index.
  ArrayRef<AffineExpr> cResults = cMap.getResults();
  llvm::SmallBitVector isN(op.getNumLoops());
  for (AffineExpr e : llvm::reverse(cResults)) {
    unsigned d = cast<AffineDimExpr>(e).getPosition();
    if (!inB.test(d) || inA.test(d))
      break;
    isN.set(d);
  }
  for (AffineExpr e : cResults.take_back(isN.count()))
    result.n.push_back(cast<AffineDimExpr>(e).getPosition());
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  for (unsigned d = 0, e = op.getNumLoops(); d < e; ++d) {
    bool parallel = iterators[d] == utils::IteratorType::parallel;
    if (inC.test(d) != parallel)
      return failure();
    if (!inC.test(d))
      result.k.push_back(d);
    else if (inA.test(d) && !inB.test(d))
      result.m.push_back(d);
    else if (inA.test(d) || inB.test(d)) {
      // Read by both, or only by B but outside the column run (a
      // convolution's image index): an outer loop of independent products.
      if (!isN.test(d))
        result.batch.push_back(d);
    } else
      return failure(); // C is broadcast along d
  }
  if (result.m.empty() || result.k.empty())
    return failure();
  for (int64_t bound : result.bounds)
    if (bound <= 0)
      return failure();
  return result;
}

void dlc::lowerContractions(Operation *root, LowerContractionFn lower) {
  SmallVector<linalg::LinalgOp> ops;
  root->walk([&](linalg::LinalgOp op) { ops.push_back(op); });
  // Fused ops are erased as they go: they may still be on the list.
  DenseSet<Operation *> erased;
  for (linalg::LinalgOp op : ops) {
    if (erased.contains(op))
      continue;
    FailureOr<Contraction> c = matchContraction(op);
    if (failed(c))
      continue;
    FailureOr<SmallVector<Operation *>> fused = lower(op, *c);
    if (failed(fused))
      continue;
    op->erase();
    for (Operation *f : *fused) {
      erased.insert(f);
      f->erase();
    }
  }
}
