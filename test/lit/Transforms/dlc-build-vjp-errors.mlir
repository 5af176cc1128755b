// RUN: dlc-opt %s -dlc-build-vjp -split-input-file -verify-diagnostics
//
// The reverse sweep names the op whose gradient rule is missing.

func.func @no_rule(%dy: tensor<3x4xf32>) -> tensor<5x4xf32> {
  %i = arith.constant dense<[0, 2, 2]> : tensor<3xi64>
  %w = arith.constant {dlc.initializer = "w"} dense<1.0> : tensor<3x4xf32>
  // The backward ops have no rules of their own (no second derivatives).
  // expected-error @below {{no gradient rule for 'dlc.gather_backward', which the loss depends on}}
  %0 = dlc.gather_backward %w, %i {axis = 0 : i64} : (tensor<3x4xf32>, tensor<3xi64>) -> tensor<5x4xf32>
  return %0 : tensor<5x4xf32>
}
