// RUN: dlc-opt %s -dlc-expand-inference-ops -split-input-file | FileCheck %s
//
// Inference meaning of the mode-dependent ops: batch norm with the running
// statistics, (x - mean) * (scale / sqrt(var + eps)) + bias, on [C, 1, 1]
// parameters; dropout the identity (with or without a ratio).

// CHECK-LABEL: func.func @batch_norm
// CHECK-SAME: (%[[X:[^:]*]]: tensor<2x3x4x4xf32>, %[[S:[^:]*]]: tensor<3xf32>, %[[B:[^:]*]]: tensor<3xf32>, %[[M:[^:]*]]: tensor<3xf32>, %[[V:[^:]*]]: tensor<3xf32>)
// CHECK-DAG: %[[S3:.*]] = dlc.reshape %[[S]] : tensor<3xf32> -> tensor<3x1x1xf32>
// CHECK-DAG: %[[B3:.*]] = dlc.reshape %[[B]] : tensor<3xf32> -> tensor<3x1x1xf32>
// CHECK-DAG: %[[M3:.*]] = dlc.reshape %[[M]] : tensor<3xf32> -> tensor<3x1x1xf32>
// CHECK-DAG: %[[V3:.*]] = dlc.reshape %[[V]] : tensor<3xf32> -> tensor<3x1x1xf32>
// CHECK-DAG: %[[EPS:.*]] = arith.constant dense<1.250000e-01> : tensor<f32>
// CHECK: %[[VE:.*]] = dlc.add %[[V3]], %[[EPS]]
// CHECK: %[[SD:.*]] = dlc.sqrt %[[VE]]
// CHECK: %[[INV:.*]] = dlc.div %[[S3]], %[[SD]]
// CHECK: %[[C:.*]] = dlc.sub %[[X]], %[[M3]] : tensor<2x3x4x4xf32>, tensor<3x1x1xf32> -> tensor<2x3x4x4xf32>
// CHECK: %[[N:.*]] = dlc.mul %[[C]], %[[INV]]
// CHECK: %[[Y:.*]] = dlc.add %[[N]], %[[B3]]
// CHECK: return %[[Y]]
func.func @batch_norm(%x: tensor<2x3x4x4xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  %0 = dlc.batch_norm %x, %s, %b, %m, %v {epsilon = 0.125 : f32, momentum = 0.9 : f32} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x4xf32>
  return %0 : tensor<2x3x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @dropout
// CHECK-SAME: (%[[X:[^:]*]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]], %[[X]]
func.func @dropout(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = dlc.dropout %x {ratio = 0.5 : f32, stream = 1 : i64} : tensor<2x3xf32>
  %1 = dlc.dropout %x {stream = 2 : i64} : tensor<2x3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<2x3xf32>
}
