// RUN: dlc-opt %s --convert-dlc-to-linalg -split-input-file | FileCheck %s
//
// x + pad(g, 0) adds g into its window of x (how a slice's gradient
// accumulates) instead of adding a zero-padded copy of g as large as x.

// CHECK-LABEL: func.func @accumulate_window
// CHECK-SAME: (%[[X:.*]]: tensor<28x4x8xf32>, %[[G:.*]]: tensor<1x4x8xf32>)
// CHECK: %[[W:.*]] = tensor.extract_slice %[[X]][5, 0, 0] [1, 4, 8] [1, 1, 1]
// CHECK: %[[S:.*]] = linalg.generic {{.*}} ins(%[[W]], %[[G]] :
// CHECK: arith.addf
// CHECK: %[[R:.*]] = tensor.insert_slice %[[S]] into %[[X]][5, 0, 0] [1, 4, 8] [1, 1, 1]
// CHECK: return %[[R]]
func.func @accumulate_window(%x: tensor<28x4x8xf32>, %g: tensor<1x4x8xf32>) -> tensor<28x4x8xf32> {
  %p = dlc.pad %g {pads = array<i64: 5, 0, 0, 22, 0, 0>, value = 0.0 : f64} : tensor<1x4x8xf32> -> tensor<28x4x8xf32>
  %y = dlc.add %p, %x : tensor<28x4x8xf32>, tensor<28x4x8xf32> -> tensor<28x4x8xf32>
  return %y : tensor<28x4x8xf32>
}

// -----

// Not for a pad with another value, or one with other uses.
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT: tensor.insert_slice
// CHECK: return
func.func @left_alone(%x: tensor<4x8xf32>, %g: tensor<1x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %p = dlc.pad %g {pads = array<i64: 1, 0, 2, 0>, value = 1.0 : f64} : tensor<1x8xf32> -> tensor<4x8xf32>
  %y = dlc.add %x, %p : tensor<4x8xf32>, tensor<4x8xf32> -> tensor<4x8xf32>
  %q = dlc.pad %g {pads = array<i64: 1, 0, 2, 0>, value = 0.0 : f64} : tensor<1x8xf32> -> tensor<4x8xf32>
  %z = dlc.add %x, %q : tensor<4x8xf32>, tensor<4x8xf32> -> tensor<4x8xf32>
  %w = dlc.add %z, %q : tensor<4x8xf32>, tensor<4x8xf32> -> tensor<4x8xf32>
  return %y, %w : tensor<4x8xf32>, tensor<4x8xf32>
}
