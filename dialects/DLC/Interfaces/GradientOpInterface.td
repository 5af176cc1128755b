//===- GradientOpInterface.td - reverse-mode gradient rules -*- tablegen -*-===//
//
// Every differentiable dlc op states its vector-Jacobian product in dlc ops,
// so the gradient graph is ordinary dlc IR that the same pipeline folds,
// fuses, plans and lowers.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_GRADIENT_OP_INTERFACE_TD
#define DLC_GRADIENT_OP_INTERFACE_TD

include "mlir/IR/OpBase.td"

def DLC_GradientOpInterface : OpInterface<"GradientOpInterface"> {
  let cppNamespace = "::dlc";
  let description = [{
    The op's reverse-mode rule. Given the gradient of a scalar loss with
    respect to each result, build (at the builder's insertion point, which is
    after the op) the gradient with respect to each operand.
  }];
  let methods = [
    InterfaceMethod<[{
        Builds the vector-Jacobian product. `resultGrads` has one entry per
        result; an entry is null when that result does not reach the loss
        (treat it as zero). On return `operandGrads` has one entry per
        operand, each of the operand's type, or null where the operand is not
        differentiable (integer indices, shapes) or its gradient is zero.
        Reports an error and fails when the rule does not cover the op's form.

        The default (an op that lists the interface without declaring the
        method) gives no operand a gradient: for ops whose results are
        piecewise constant or not floats (comparisons, indices).
      }],
      "::llvm::LogicalResult", "buildGradient",
      (ins "::mlir::OpBuilder &":$builder,
           "::llvm::ArrayRef<::mlir::Value>":$resultGrads,
           "::llvm::SmallVectorImpl<::mlir::Value> &":$operandGrads),
      /*methodBody=*/"",
      /*defaultImplementation=*/[{
        operandGrads.assign($_op->getNumOperands(), ::mlir::Value());
        return ::mlir::success();
      }]>,
  ];
}

// An op with a gradient rule of its own: declares buildGradient, which the
// op's Gradients/*.cpp file defines (the interface's default gives no
// gradients).
def DLC_GradientRule
    : DeclareOpInterfaceMethods<DLC_GradientOpInterface, ["buildGradient"]>;

#endif // DLC_GRADIENT_OP_INTERFACE_TD
