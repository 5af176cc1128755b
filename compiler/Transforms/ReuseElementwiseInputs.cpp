//===- ReuseElementwiseInputs.cpp - the dlc-reuse-elementwise-inputs pass -===//
//
// An elementwise linalg.generic writes into a fresh tensor.empty. Where one of
// its inputs has the result's type and dies there (this op is its only use),
// the op may as well write over that input: with the input as its init,
// one-shot bufferization gives the result the input's buffer.
//
//===----------------------------------------------------------------------===//
#include "compiler/Transforms/Passes.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace dlc {
#define GEN_PASS_DEF_REUSEELEMENTWISEINPUTS
#include "compiler/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

/// Every loop parallel and every operand indexed by the identity: element i
/// of the result depends on element i of each input only.
bool isElementwise(linalg::GenericOp op) {
  return op.getNumDpsInits() == 1 &&
         op.getNumLoops() == op.getNumParallelLoops() &&
         llvm::all_of(op.getIndexingMapsArray(),
                      [](AffineMap map) { return map.isIdentity(); });
}

/// An input of `op` that can hold its result: same type, computed by a
/// destination-style op into a buffer of its own (never a function argument
/// or a constant), and used by `op` alone.
OpOperand *dyingInput(linalg::GenericOp op, Type resultType) {
  for (OpOperand *input : op.getDpsInputOperands()) {
    Value v = input->get();
    if (v.getType() == resultType && v.hasOneUse() &&
        v.getDefiningOp<DestinationStyleOpInterface>())
      return input;
  }
  return nullptr;
}

struct WriteOverDyingInput : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::GenericOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.hasPureTensorSemantics() || !isElementwise(op))
      return rewriter.notifyMatchFailure(op, "not an elementwise tensor op");
    OpOperand &init = op.getDpsInitsMutable()[0];
    if (!init.get().getDefiningOp<tensor::EmptyOp>() ||
        !op.getMatchingBlockArgument(&init).use_empty())
      return rewriter.notifyMatchFailure(op, "the init holds data");
    OpOperand *input = dyingInput(op, init.get().getType());
    if (!input)
      return rewriter.notifyMatchFailure(op, "no input dies here");
    Value reused = input->get();
    rewriter.modifyOpInPlace(op, [&] { init.set(reused); });
    return success();
  }
};

struct ReuseElementwiseInputsPass
    : dlc::impl::ReuseElementwiseInputsBase<ReuseElementwiseInputsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<WriteOverDyingInput>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
