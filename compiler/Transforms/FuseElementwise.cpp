//===- FuseElementwise.cpp - elementwise fusion that spares contractions --===//
#include "compiler/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace dlc {
#define GEN_PASS_DEF_FUSEELEMENTWISE
#include "compiler/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

/// A reducing generic whose body is `yield out + x * y` of its two inputs.
bool isMulAddContraction(linalg::GenericOp op) {
  if (op.getNumReductionLoops() == 0 || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1)
    return false;
  Block &body = *op.getBody();
  if (std::distance(body.begin(), body.end()) != 3)
    return false;
  auto mul = dyn_cast<arith::MulFOp>(body.front());
  auto add = dyn_cast<arith::AddFOp>(*std::next(body.begin()));
  if (!mul || !add)
    return false;
  Value out = body.getArgument(2);
  bool addsProduct = (add.getLhs() == out && add.getRhs() == mul) ||
                     (add.getRhs() == out && add.getLhs() == mul);
  bool multipliesInputs =
      llvm::is_contained({body.getArgument(0), body.getArgument(1)},
                         mul.getLhs()) &&
      llvm::is_contained({body.getArgument(0), body.getArgument(1)},
                         mul.getRhs());
  return addsProduct && multipliesInputs;
}

struct FuseElementwisePass
    : dlc::impl::FuseElementwiseBase<FuseElementwisePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    linalg::populateElementwiseOpsFusionPatterns(
        patterns, [](OpOperand *fused) {
          Operation *producer = fused->get().getDefiningOp();
          auto consumer = dyn_cast<linalg::GenericOp>(fused->getOwner());
          return producer && producer->hasOneUse() &&
                 !(consumer && isMulAddContraction(consumer));
        });
    linalg::populateEraseUnusedOperandsAndResultsPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
