//===- ApproximateMath.cpp - the dlc-approximate-math pass ----------------===//
#include "compiler/Transforms/Passes.h"

#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace dlc {
#define GEN_PASS_DEF_APPROXIMATEMATH
#include "compiler/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

struct ApproximateMathPass
    : dlc::impl::ApproximateMathBase<ApproximateMathPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateMathPolynomialApproximationPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
