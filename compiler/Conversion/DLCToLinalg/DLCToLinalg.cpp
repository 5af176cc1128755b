//===- DLCToLinalg.cpp - the convert-dlc-to-linalg pass -------------------===//
//
// Sets up the conversion target (linalg, tensor, arith, math legal; dlc
// illegal) and applies the patterns of every op family. The patterns live in
// one file per family; see Utils.h.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/DLCToLinalg/Utils.h"
#include "compiler/Conversion/Passes.h"
#include "dialects/DLC/IR/DLCDialect.h"

#include "mlir/Transforms/DialectConversion.h"

namespace dlc {
#define GEN_PASS_DEF_CONVERTDLCTOLINALG
#include "compiler/Conversion/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

/// Rewrites every dlc op of a function into linalg on tensors.
struct ConvertDLCToLinalgPass
    : dlc::impl::ConvertDLCToLinalgBase<ConvertDLCToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    ConversionTarget target(*ctx);
    target.addLegalDialect<linalg::LinalgDialect, tensor::TensorDialect,
                           arith::ArithDialect, math::MathDialect,
                           scf::SCFDialect, func::FuncDialect>();
    target.addIllegalDialect<dlc::DLCDialect>();

    RewritePatternSet patterns(ctx);
    dlc::populateDLCElementwiseToLinalgPatterns(patterns);
    dlc::populateDLCMatMulToLinalgPatterns(patterns);
    dlc::populateDLCConvPoolToLinalgPatterns(patterns);
    dlc::populateDLCSoftmaxToLinalgPatterns(patterns);
    dlc::populateDLCDataMovementToLinalgPatterns(patterns);
    dlc::populateDLCReduceToLinalgPatterns(patterns);
    dlc::populateDLCConvBackwardToLinalgPatterns(patterns);
    dlc::populateDLCPoolBackwardToLinalgPatterns(patterns);
    dlc::populateDLCGatherBackwardToLinalgPatterns(patterns);
    dlc::populateDLCDropoutMaskToLinalgPatterns(patterns);
    dlc::populateDLCElementsToLinalgPatterns(patterns);

    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
