//===- DLCDialect.td - the dlc dialect ---------------------*- tablegen -*-===//
//
// The tensor-level dialect that ONNX models are imported into. Static shapes,
// value semantics; every op carries the location of the ONNX node it came from.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_TD
#define DLC_DIALECT_TD

include "mlir/IR/OpBase.td"

def DLC_Dialect : Dialect {
  let name = "dlc";
  let summary = "Tensor-level deep-learning ops imported from ONNX";
  let description = [{
    The dlc dialect holds the graph that dlc optimises, differentiates and
    lowers. Ops work on ranked, statically shaped tensors with value semantics.
    Binary elementwise ops follow ONNX (numpy) multidirectional broadcasting.
  }];
  let cppNamespace = "::dlc";
  let hasConstantMaterializer = 1;
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::tensor::TensorDialect"];
}

class DLC_Op<string mnemonic, list<Trait> traits = []>
    : Op<DLC_Dialect, mnemonic, traits>;

#endif // DLC_DIALECT_TD
