//===- Passes.td - dlc conversion passes -------------------*- tablegen -*-===//
#ifndef DLC_CONVERSION_PASSES_TD
#define DLC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertDLCToLinalg : Pass<"convert-dlc-to-linalg", "mlir::func::FuncOp"> {
  let summary = "Lower dlc ops to linalg (named ops where they exist), tensor and arith";
  let description = [{
    Rewrites every dlc op into linalg on tensors: named ops for contractions,
    convolutions and pooling, linalg.generic for elementwise work with ONNX
    broadcasting expressed in indexing maps, tensor ops for data movement.
    The result is ready for one-shot bufferization.
  }];
  let dependentDialects = [
    "mlir::linalg::LinalgDialect", "mlir::tensor::TensorDialect",
    "mlir::arith::ArithDialect", "mlir::math::MathDialect",
    "mlir::scf::SCFDialect",
  ];
}

#endif // DLC_CONVERSION_PASSES_TD
