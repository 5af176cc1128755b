// RUN: dlc-opt %s -dlc-build-train-step="loss=mse" | FileCheck %s
//
// Batch norm and dropout in a training step: the running statistics are
// "buffer" parameters (init zeros/ones) that the step writes back with
// momentum 0.75 from the batch statistics (unbiased variance: n = 4, so
// times 4/3), scale and bias train (init ones/zeros), dropout multiplies by
// a mask drawn from the state's dropout_rng, whose step advances. The
// inference function keeps the mode-dependent ops (expanded later).

// CHECK-LABEL: func.func @m_run
// CHECK-SAME: %{{[^:]*}}: tensor<2xf32> {{{[^}]*}}dlc.init = "ones"{{[^}]*}}dlc.onnx_name = "s"{{[^}]*}}dlc.role = "param"
// CHECK-SAME: %{{[^:]*}}: tensor<2xf32> {{{[^}]*}}dlc.init = "zeros"{{[^}]*}}dlc.onnx_name = "b"{{[^}]*}}dlc.role = "param"
// CHECK-SAME: %{{[^:]*}}: tensor<2xf32> {{{[^}]*}}dlc.init = "zeros"{{[^}]*}}dlc.onnx_name = "m"{{[^}]*}}dlc.role = "buffer"
// CHECK-SAME: %{{[^:]*}}: tensor<2xf32> {{{[^}]*}}dlc.init = "ones"{{[^}]*}}dlc.onnx_name = "v"{{[^}]*}}dlc.role = "buffer"
// CHECK: dlc.batch_norm
// CHECK: dlc.dropout

// CHECK-LABEL: func.func @m_train_step
// CHECK-SAME: (%[[X:[^:]*]]: tensor<4x2xf32>
// CHECK-SAME: %[[S:[^:]*]]: tensor<2xf32> {{{[^}]*}}dlc.onnx_name = "s"
// CHECK-SAME: %[[B:[^:]*]]: tensor<2xf32> {{{[^}]*}}dlc.onnx_name = "b"
// CHECK-SAME: %[[M:[^:]*]]: tensor<2xf32> {{{[^}]*}}dlc.onnx_name = "m"{{[^}]*}}dlc.role = "buffer"
// CHECK-SAME: %[[V:[^:]*]]: tensor<2xf32> {{{[^}]*}}dlc.onnx_name = "v"{{[^}]*}}dlc.role = "buffer"
// CHECK-SAME: %[[RNG:[^:]*]]: tensor<3xi32> {{{[^}]*}}dlc.onnx_name = "dropout_rng", dlc.onnx_type = 6 : i32, dlc.role = "state"}
// CHECK-NOT: dlc.batch_norm
// CHECK: %[[SUM:.*]] = dlc.reduce_sum %[[X]] {axes = array<i64: 0>, keepdims = true} : tensor<4x2xf32> -> tensor<1x2xf32>
// CHECK: %[[MEAN:.*]] = dlc.div %[[SUM]], %{{.*}} : tensor<1x2xf32>, tensor<f32> -> tensor<1x2xf32>
// CHECK: %[[C:.*]] = dlc.sub %[[X]], %[[MEAN]]
// CHECK: %[[SQ:.*]] = dlc.mul %[[C]], %[[C]]
// CHECK: dlc.reduce_sum %[[SQ]]
// CHECK: arith.constant dense<1.33333337> : tensor<f32>
// CHECK: arith.constant dense<7.500000e-01> : tensor<f32>
// CHECK: %[[MASK:.*]] = dlc.dropout_mask %[[RNG]] {ratio = 5.000000e-01 : f32, stream = 7 : i64} : tensor<3xi32> -> tensor<4x2xf32>
// CHECK: dlc.mul %{{.*}}, %[[MASK]]
// CHECK-DAG: arith.constant dense<[0, 0, 1]> : tensor<3xi32>
// CHECK-DAG: bufferization.materialize_in_destination %{{.*}} in %[[S]]
// CHECK-DAG: bufferization.materialize_in_destination %{{.*}} in %[[B]]
// CHECK-DAG: bufferization.materialize_in_destination %{{.*}} in %[[M]]
// CHECK-DAG: bufferization.materialize_in_destination %{{.*}} in %[[V]]
// CHECK-DAG: bufferization.materialize_in_destination %{{.*}} in %[[RNG]]
// CHECK-NOT: dlc.dropout %
func.func @m_run(%x: tensor<4x2xf32> {dlc.onnx_name = "x", dlc.onnx_type = 1 : i32}) -> (tensor<4x2xf32> {dlc.onnx_name = "y", dlc.onnx_type = 1 : i32}) {
  %s = arith.constant {dlc.initializer = "s"} dense<[1.0, 2.0]> : tensor<2xf32>
  %b = arith.constant {dlc.initializer = "b"} dense<[0.5, 0.0]> : tensor<2xf32>
  %m = arith.constant {dlc.initializer = "m"} dense<[0.0, 1.0]> : tensor<2xf32>
  %v = arith.constant {dlc.initializer = "v"} dense<[1.0, 2.0]> : tensor<2xf32>
  %0 = dlc.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-05 : f32, momentum = 0.75 : f32} : (tensor<4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<4x2xf32>
  %1 = dlc.dropout %0 {ratio = 0.5 : f32, stream = 7 : i64} : tensor<4x2xf32>
  return %1 : tensor<4x2xf32>
}
