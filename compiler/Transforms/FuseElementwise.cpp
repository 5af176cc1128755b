//===- FuseElementwise.cpp - elementwise fusion that spares contractions --===//
#include "compiler/Transforms/MulAddBody.h"
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
  return op.getNumReductionLoops() > 0 && op.getNumDpsInputs() == 2 &&
         op.getNumDpsInits() == 1 && dlc::isMulAddBody(*op.getBody());
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
