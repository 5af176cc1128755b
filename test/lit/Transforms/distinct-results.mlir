// RUN: dlc-opt %s -pass-pipeline='builtin.module(func.func(dlc-distinct-results))' | FileCheck %s
//
// A value returned twice: the second return gets a copy of its own; the
// first and a value returned once stay as they are.

// CHECK-LABEL: func.func @twice
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[Y:.*]]: tensor<4xf32>)
// CHECK: %[[C:.*]] = bufferization.alloc_tensor() copy(%[[X]])
// CHECK: return %[[X]], %[[Y]], %[[C]]
func.func @twice(%x: tensor<2x3xf32>, %y: tensor<4xf32>)
    -> (tensor<2x3xf32>, tensor<4xf32>, tensor<2x3xf32>) {
  return %x, %y, %x : tensor<2x3xf32>, tensor<4xf32>, tensor<2x3xf32>
}

// CHECK-LABEL: func.func @once
// CHECK-NOT: alloc_tensor
func.func @once(%x: tensor<2xf32>, %y: tensor<2xf32>)
    -> (tensor<2xf32>, tensor<2xf32>) {
  return %x, %y : tensor<2xf32>, tensor<2xf32>
}
