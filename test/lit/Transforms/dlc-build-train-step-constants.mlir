// RUN: dlc-opt %s -dlc-build-train-step="loss=mse" | FileCheck %s
// RUN: dlc-opt %s -dlc-build-train-step="loss=mse trainable=w,eps" | FileCheck %s --check-prefix=NAMED
//
// Which float initializers train by default: the weight w does; the rank-0
// epsilon and the attention-style mask (finfo.min and -inf, as PyTorch's
// dynamo exporter folds them into initializers) stay constants. Named with
// trainable=, a rank-0 initializer trains too.

// CHECK-LABEL: func.func @m_train_step
// CHECK-SAME: dlc.onnx_name = "w"
// CHECK-NOT: dlc.onnx_name = "eps"
// CHECK-NOT: dlc.onnx_name = "mask"
// CHECK-SAME: ->
// CHECK-DAG: arith.constant {dlc.initializer = "eps"} dense<9.99999974E-6> : tensor<f32>
// CHECK-DAG: arith.constant {dlc.initializer = "mask"} dense<[0.000000e+00, -3.40282347E+38, 0xFF800000]> : tensor<3xf32>

// NAMED-LABEL: func.func @m_train_step
// NAMED-SAME: dlc.onnx_name = "w"
// NAMED-SAME: dlc.onnx_name = "eps"
// NAMED-NOT: dlc.onnx_name = "mask"
// NAMED-SAME: ->
func.func @m_run(%x: tensor<4x3xf32> {dlc.onnx_name = "x", dlc.onnx_type = 1 : i32}) -> (tensor<4x3xf32> {dlc.onnx_name = "y", dlc.onnx_type = 1 : i32}) {
  %w = arith.constant {dlc.initializer = "w"} dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %eps = arith.constant {dlc.initializer = "eps"} dense<1.0e-05> : tensor<f32>
  %mask = arith.constant {dlc.initializer = "mask"} dense<[0.0, -3.40282347E+38, 0xFF800000]> : tensor<3xf32>
  %0 = dlc.mul %x, %w : tensor<4x3xf32>, tensor<3xf32> -> tensor<4x3xf32>
  %1 = dlc.add %0, %eps : tensor<4x3xf32>, tensor<f32> -> tensor<4x3xf32>
  %2 = dlc.add %1, %mask : tensor<4x3xf32>, tensor<3xf32> -> tensor<4x3xf32>
  %3 = dlc.softmax %2 {axis = 1 : i64} : tensor<4x3xf32>
  return %3 : tensor<4x3xf32>
}
