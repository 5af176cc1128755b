// RUN: dlc-opt %s -dlc-build-vjp -split-input-file | FileCheck %s
//
// The gradient ops each rule builds (dialects/DLC/IR/Gradients/). Every
// function returns dL/dw for L = sum(cotangent * output 0); the expected
// graphs are derived by hand from the rules' formulas.

// relu: dy * cast(y > 0) for y = relu(x) (y > 0 exactly where x > 0, and
// the pre-activation need not be kept); then mul's rule multiplies by the
// other operand.
// CHECK-LABEL: func.func @relu
// CHECK-SAME: (%[[X:[^:]*]]: tensor<2x3xf32>, %[[DY:[^:]*]]: tensor<2x3xf32> {bufferization.writable = false, dlc.onnx_name = "cotangent_0", dlc.onnx_type = 1 : i32})
// CHECK-SAME: -> (tensor<2x3xf32> {dlc.onnx_name = "w"
// CHECK: %[[W:.*]] = arith.constant {dlc.initializer = "w"}
// CHECK: %[[XW:.*]] = dlc.mul %[[X]], %[[W]]
// CHECK: %[[Y:.*]] = dlc.relu %[[XW]]
// CHECK: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : tensor<2x3xf32>
// CHECK: %[[MASK:.*]] = dlc.greater %[[Y]], %[[ZERO]] : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x3xi1>
// CHECK: %[[MASKF:.*]] = dlc.cast %[[MASK]] : tensor<2x3xi1> -> tensor<2x3xf32>
// CHECK: %[[DXW:.*]] = dlc.mul %[[DY]], %[[MASKF]]
// CHECK: %[[DW:.*]] = dlc.mul %[[DXW]], %[[X]]
// CHECK: return %[[DW]] : tensor<2x3xf32>
func.func @relu(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %w = arith.constant {dlc.initializer = "w"} dense<1.0> : tensor<2x3xf32>
  %0 = dlc.mul %x, %w : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
  %1 = dlc.relu %0 : tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// -----

// A [1, 3] bias broadcast over [2, 3]: its gradient sums axis 0, kept.
// CHECK-LABEL: func.func @add_broadcast
// CHECK-SAME: (%{{.*}}: tensor<2x3xf32>, %[[DY:.*]]: tensor<2x3xf32>
// CHECK: %[[DB:.*]] = dlc.reduce_sum %[[DY]] {axes = array<i64: 0>, keepdims = true} : tensor<2x3xf32> -> tensor<1x3xf32>
// CHECK: return %[[DB]] : tensor<1x3xf32>
func.func @add_broadcast(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %b = arith.constant {dlc.initializer = "b"} dense<1.0> : tensor<1x3xf32>
  %0 = dlc.add %x, %b : tensor<2x3xf32>, tensor<1x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// A rank-1 bias broadcast over [4, 2, 3]: leading axes summed, then the
// kept [1, 1, 3] reshaped to the operand's [3].
// CHECK-LABEL: func.func @sub_rank_broadcast
// CHECK-SAME: (%{{.*}}: tensor<4x2x3xf32>, %[[DY:.*]]: tensor<4x2x3xf32>
// CHECK: %[[NEG:.*]] = dlc.neg %[[DY]] : tensor<4x2x3xf32>
// CHECK: %[[SUM:.*]] = dlc.reduce_sum %[[NEG]] {axes = array<i64: 0, 1>, keepdims = true} : tensor<4x2x3xf32> -> tensor<1x1x3xf32>
// CHECK: %[[DB:.*]] = dlc.reshape %[[SUM]] : tensor<1x1x3xf32> -> tensor<3xf32>
// CHECK: return %[[DB]] : tensor<3xf32>
func.func @sub_rank_broadcast(%x: tensor<4x2x3xf32>) -> tensor<4x2x3xf32> {
  %b = arith.constant {dlc.initializer = "b"} dense<1.0> : tensor<3xf32>
  %0 = dlc.sub %x, %b : tensor<4x2x3xf32>, tensor<3xf32> -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

// -----

// Batched x [4, 2, 3] times a shared w [3, 5]: dw = x^T dy summed over the
// batch axis the weight was broadcast along.
// CHECK-LABEL: func.func @matmul_broadcast_batch
// CHECK-SAME: (%[[X:.*]]: tensor<4x2x3xf32>, %[[DY:.*]]: tensor<4x2x5xf32>
// CHECK: %[[XT:.*]] = dlc.transpose %[[X]] {permutation = array<i64: 0, 2, 1>} : tensor<4x2x3xf32> -> tensor<4x3x2xf32>
// CHECK: %[[PROD:.*]] = dlc.matmul %[[XT]], %[[DY]] : tensor<4x3x2xf32>, tensor<4x2x5xf32> -> tensor<4x3x5xf32>
// CHECK: %[[SUM:.*]] = dlc.reduce_sum %[[PROD]] {axes = array<i64: 0>, keepdims = true} : tensor<4x3x5xf32> -> tensor<1x3x5xf32>
// CHECK: %[[DW:.*]] = dlc.reshape %[[SUM]] : tensor<1x3x5xf32> -> tensor<3x5xf32>
// CHECK: return %[[DW]]
func.func @matmul_broadcast_batch(%x: tensor<4x2x3xf32>) -> tensor<4x2x5xf32> {
  %w = arith.constant {dlc.initializer = "w"} dense<1.0> : tensor<3x5xf32>
  %0 = dlc.matmul %x, %w : tensor<4x2x3xf32>, tensor<3x5xf32> -> tensor<4x2x5xf32>
  return %0 : tensor<4x2x5xf32>
}

// -----

// Grouped, strided conv with bias: the filter gradient keeps the forward
// attributes; the bias gradient sums N and the spatial axes.
// CHECK-LABEL: func.func @conv_bias
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x5x5xf32>, %[[DY:.*]]: tensor<1x4x2x2xf32>
// CHECK: %[[DW:.*]] = dlc.conv_backward_filter %[[X]], %[[DY]] {dilations = array<i64: 1, 1>, group = 2 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x5x5xf32>, tensor<1x4x2x2xf32>) -> tensor<4x1x3x3xf32>
// CHECK: %[[DB:.*]] = dlc.reduce_sum %[[DY]] {axes = array<i64: 0, 2, 3>, keepdims = false} : tensor<1x4x2x2xf32> -> tensor<4xf32>
// CHECK: return %[[DW]], %[[DB]]
func.func @conv_bias(%x: tensor<1x2x5x5xf32>) -> tensor<1x4x2x2xf32> {
  %w = arith.constant {dlc.initializer = "w"} dense<1.0> : tensor<4x1x3x3xf32>
  %b = arith.constant {dlc.initializer = "b"} dense<1.0> : tensor<4xf32>
  %0 = dlc.conv %x, %w, %b {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 2 : i64} : (tensor<1x2x5x5xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
  return %0 : tensor<1x4x2x2xf32>
}

// -----

// The input gradient of a conv feeding a max pool: max_pool_backward with
// the pool's operands and attributes, then the transposed convolution.
// CHECK-LABEL: func.func @conv_max_pool
// CHECK-SAME: (%[[X:.*]]: tensor<1x1x6x6xf32>, %[[DY:.*]]: tensor<1x2x2x2xf32>
// CHECK: %[[Y:.*]] = dlc.conv %[[X]], %[[W:[^ ,]*]]
// CHECK: %[[P:.*]] = dlc.max_pool %[[Y]]
// CHECK: %[[DP:.*]] = dlc.max_pool_backward %[[Y]], %[[P]], %[[DY]] {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x4x4xf32>
// CHECK: %[[DW:.*]] = dlc.conv_backward_filter %[[X]], %[[DP]]
// CHECK: return %[[DW]]
func.func @conv_max_pool(%x: tensor<1x1x6x6xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant {dlc.initializer = "w"} dense<1.0> : tensor<2x1x3x3xf32>
  %0 = dlc.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x1x6x6xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x4x4xf32>
  %1 = dlc.max_pool %0 {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : tensor<1x2x4x4xf32> -> tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// Slice with step 2 from 1 over 7 elements takes 1, 3, 5: the gradient is
// spread with zeros between (reshape, pad, reshape, trim) and padded by the
// start (1) and the tail (7 - 1 - 5 = 1).
// CHECK-LABEL: func.func @slice_step
// CHECK-SAME: (%{{.*}}: tensor<7xf32>, %[[DY:.*]]: tensor<3xf32>
// CHECK: %[[COL:.*]] = dlc.reshape %[[DY]] : tensor<3xf32> -> tensor<3x1xf32>
// CHECK: %[[PAD:.*]] = dlc.pad %[[COL]] {pads = array<i64: 0, 0, 0, 1>, value = 0.000000e+00 : f64} : tensor<3x1xf32> -> tensor<3x2xf32>
// CHECK: %[[FLAT:.*]] = dlc.reshape %[[PAD]] : tensor<3x2xf32> -> tensor<6xf32>
// CHECK: %[[TRIM:.*]] = dlc.slice %[[FLAT]] {starts = array<i64: 0>, steps = array<i64: 1>} : tensor<6xf32> -> tensor<5xf32>
// CHECK: %[[DW:.*]] = dlc.pad %[[TRIM]] {pads = array<i64: 1, 1>, value = 0.000000e+00 : f64} : tensor<5xf32> -> tensor<7xf32>
// CHECK: return %[[DW]]
func.func @slice_step(%x: tensor<7xf32>) -> tensor<3xf32> {
  %w = arith.constant {dlc.initializer = "w"} dense<1.0> : tensor<7xf32>
  %0 = dlc.slice %w {starts = array<i64: 1>, steps = array<i64: 2>} : tensor<7xf32> -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// Negative step: reverse dy, then a positive-step slice from index 0
// (the last taken, 4 - 2 * 2): pads 0 before, 5 - 0 - 3 = 2 after.
// CHECK-LABEL: func.func @slice_negative_step
// CHECK-SAME: (%[[DY:.*]]: tensor<2xf32>
// CHECK: %[[REV:.*]] = dlc.slice %[[DY]] {starts = array<i64: 1>, steps = array<i64: -1>} : tensor<2xf32> -> tensor<2xf32>
// CHECK: %[[COL:.*]] = dlc.reshape %[[REV]] : tensor<2xf32> -> tensor<2x1xf32>
// CHECK: dlc.pad %[[COL]] {pads = array<i64: 0, 0, 0, 1>
// CHECK: %[[TRIM:.*]] = dlc.slice %{{.*}} {starts = array<i64: 0>, steps = array<i64: 1>} : tensor<4xf32> -> tensor<3xf32>
// CHECK: %[[DW:.*]] = dlc.pad %[[TRIM]] {pads = array<i64: 0, 2>, value = 0.000000e+00 : f64} : tensor<3xf32> -> tensor<5xf32>
// CHECK: return %[[DW]]
func.func @slice_negative_step() -> tensor<2xf32> {
  %w = arith.constant {dlc.initializer = "w"} dense<1.0> : tensor<5xf32>
  %0 = dlc.slice %w {starts = array<i64: 2>, steps = array<i64: -2>} : tensor<5xf32> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// softmax along axis 0: dx = y * (dy - sum_0(dy * y)).
// CHECK-LABEL: func.func @softmax
// CHECK-SAME: (%[[DY:.*]]: tensor<2x3xf32>
// CHECK: %[[Y:.*]] = dlc.softmax %[[W:.*]] {axis = 0 : i64}
// CHECK: %[[DYY:.*]] = dlc.mul %[[DY]], %[[Y]]
// CHECK: %[[DOT:.*]] = dlc.reduce_sum %[[DYY]] {axes = array<i64: 0>, keepdims = true} : tensor<2x3xf32> -> tensor<1x3xf32>
// CHECK: %[[C:.*]] = dlc.sub %[[DY]], %[[DOT]] : tensor<2x3xf32>, tensor<1x3xf32> -> tensor<2x3xf32>
// CHECK: %[[DW:.*]] = dlc.mul %[[Y]], %[[C]]
// CHECK: return %[[DW]]
func.func @softmax() -> tensor<2x3xf32> {
  %w = arith.constant {dlc.initializer = "w"} dense<1.0> : tensor<2x3xf32>
  %0 = dlc.softmax %w {axis = 0 : i64} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// gather: the scatter-add gather_backward; the indices get no gradient.
// CHECK-LABEL: func.func @gather
// CHECK-SAME: (%[[I:.*]]: tensor<3xi64>, %[[DY:.*]]: tensor<3x4xf32>
// CHECK: %[[DW:.*]] = dlc.gather_backward %[[DY]], %[[I]] {axis = 0 : i64} : (tensor<3x4xf32>, tensor<3xi64>) -> tensor<5x4xf32>
// CHECK: return %[[DW]]
func.func @gather(%i: tensor<3xi64>) -> tensor<3x4xf32> {
  %w = arith.constant {dlc.initializer = "w"} dense<1.0> : tensor<5x4xf32>
  %0 = dlc.gather %w, %i {axis = 0 : i64} : (tensor<5x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// pad with a crop: begin pad 1 and end pad -1 on a [4] input keep x[0..2]
// at dy[1..3]; the cropped x[3] gets zero.
// CHECK-LABEL: func.func @pad_crop
// CHECK-SAME: (%[[DY:.*]]: tensor<4xf32>
// CHECK: %[[KEPT:.*]] = dlc.slice %[[DY]] {starts = array<i64: 1>, steps = array<i64: 1>} : tensor<4xf32> -> tensor<3xf32>
// CHECK: %[[DW:.*]] = dlc.pad %[[KEPT]] {pads = array<i64: 0, 1>, value = 0.000000e+00 : f64} : tensor<3xf32> -> tensor<4xf32>
// CHECK: return %[[DW]]
func.func @pad_crop() -> tensor<4xf32> {
  %w = arith.constant {dlc.initializer = "w"} dense<1.0> : tensor<4xf32>
  %0 = dlc.pad %w {pads = array<i64: 1, -1>, value = 0.0 : f64} : tensor<4xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Concat: each input's gradient is its slice of dy along the axis.
// CHECK-LABEL: func.func @concat
// CHECK-SAME: (%{{.*}}: tensor<2x2xf32>, %[[DY:.*]]: tensor<2x5xf32>
// CHECK: %[[DW:.*]] = dlc.slice %[[DY]] {starts = array<i64: 0, 2>, steps = array<i64: 1, 1>} : tensor<2x5xf32> -> tensor<2x3xf32>
// CHECK: return %[[DW]]
func.func @concat(%x: tensor<2x2xf32>) -> tensor<2x5xf32> {
  %w = arith.constant {dlc.initializer = "w"} dense<1.0> : tensor<2x3xf32>
  %0 = dlc.concat %x, %w {axis = 1 : i64} : (tensor<2x2xf32>, tensor<2x3xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// Transpose: the inverse permutation of (1, 2, 0) is (2, 0, 1).
// CHECK-LABEL: func.func @transpose
// CHECK-SAME: (%[[DY:.*]]: tensor<3x4x2xf32>
// CHECK: %[[DW:.*]] = dlc.transpose %[[DY]] {permutation = array<i64: 2, 0, 1>} : tensor<3x4x2xf32> -> tensor<2x3x4xf32>
// CHECK: return %[[DW]]
func.func @transpose() -> tensor<3x4x2xf32> {
  %w = arith.constant {dlc.initializer = "w"} dense<1.0> : tensor<2x3x4xf32>
  %0 = dlc.transpose %w {permutation = array<i64: 1, 2, 0>} : tensor<2x3x4xf32> -> tensor<3x4x2xf32>
  return %0 : tensor<3x4x2xf32>
}

// -----

// reduce_sum without keepdims: restore the summed axis as size 1, then
// broadcast back to the input's shape.
// CHECK-LABEL: func.func @reduce_sum
// CHECK-SAME: (%[[DY:.*]]: tensor<2x4xf32>
// CHECK: %[[KEPT:.*]] = dlc.reshape %[[DY]] : tensor<2x4xf32> -> tensor<2x1x4xf32>
// CHECK: %[[DW:.*]] = dlc.broadcast %[[KEPT]] : tensor<2x1x4xf32> -> tensor<2x3x4xf32>
// CHECK: return %[[DW]]
func.func @reduce_sum() -> tensor<2x4xf32> {
  %w = arith.constant {dlc.initializer = "w"} dense<1.0> : tensor<2x3x4xf32>
  %0 = dlc.reduce_sum %w {axes = array<i64: 1>, keepdims = false} : tensor<2x3x4xf32> -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// A float -> float cast passes the gradient back through the inverse cast.
// CHECK-LABEL: func.func @cast
// CHECK-SAME: (%[[DY:.*]]: tensor<3xf64>
// CHECK: %[[DW:.*]] = dlc.cast %[[DY]] : tensor<3xf64> -> tensor<3xf32>
// CHECK: return %[[DW]]
func.func @cast() -> tensor<3xf64> {
  %w = arith.constant {dlc.initializer = "w"} dense<1.0> : tensor<3xf32>
  %0 = dlc.cast %w : tensor<3xf32> -> tensor<3xf64>
  return %0 : tensor<3xf64>
}

// -----

// avg_pool: avg_pool_backward with the forward attributes.
// CHECK-LABEL: func.func @avg_pool
// CHECK-SAME: (%[[DY:.*]]: tensor<1x1x3x3xf32>
// CHECK: %[[DW:.*]] = dlc.avg_pool_backward %[[DY]] {count_include_pad = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x1x3x3xf32> -> tensor<1x1x5x5xf32>
// CHECK: return %[[DW]]
func.func @avg_pool() -> tensor<1x1x3x3xf32> {
  %w = arith.constant {dlc.initializer = "w"} dense<1.0> : tensor<1x1x5x5xf32>
  %0 = dlc.avg_pool %w {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, count_include_pad = true} : tensor<1x1x5x5xf32> -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// -----

// log_softmax along axis 1: dx = dy - exp(y) * sum_1(dy).
// CHECK-LABEL: func.func @log_softmax
// CHECK-SAME: (%[[DY:.*]]: tensor<2x3xf32>
// CHECK: %[[Y:.*]] = dlc.log_softmax
// CHECK: %[[P:.*]] = dlc.exp %[[Y]]
// CHECK: %[[S:.*]] = dlc.reduce_sum %[[DY]] {axes = array<i64: 1>, keepdims = true} : tensor<2x3xf32> -> tensor<2x1xf32>
// CHECK: %[[PS:.*]] = dlc.mul %[[P]], %[[S]] : tensor<2x3xf32>, tensor<2x1xf32> -> tensor<2x3xf32>
// CHECK: %[[DW:.*]] = dlc.sub %[[DY]], %[[PS]]
// CHECK: return %[[DW]]
func.func @log_softmax() -> tensor<2x3xf32> {
  %w = arith.constant {dlc.initializer = "w"} dense<1.0> : tensor<2x3xf32>
  %0 = dlc.log_softmax %w {axis = 1 : i64} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// The integer index arithmetic does not depend on w, so the sweep does not
// differentiate it, and gather's rule gives its indices no gradient.
// CHECK-LABEL: func.func @integer_operands
// CHECK-SAME: (%[[I:.*]]: tensor<2xi64>, %[[DY:.*]]: tensor<2xf32>
// CHECK: %[[DW:.*]] = dlc.gather_backward %[[DY]], %{{.*}} {axis = 0 : i64} : (tensor<2xf32>, tensor<2xi64>) -> tensor<4xf32>
// CHECK-NOT: dlc.gather_backward
// CHECK: return %[[DW]]
func.func @integer_operands(%i: tensor<2xi64>) -> tensor<2xf32> {
  %w = arith.constant {dlc.initializer = "w"} dense<1.0> : tensor<4xf32>
  %one = arith.constant dense<1> : tensor<2xi64>
  %j = dlc.add %i, %one : tensor<2xi64>, tensor<2xi64> -> tensor<2xi64>
  %0 = dlc.gather %w, %j {axis = 0 : i64} : (tensor<4xf32>, tensor<2xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// conv_backward_data (ONNX ConvTranspose), strided and grouped: its
// operand's gradient is the forward conv of the cotangent, its weight's the
// filter gradient with the cotangent as the conv's input; both keep the
// attributes.
// CHECK-LABEL: func.func @conv_backward_data
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x2x2xf32>, %[[G:.*]]: tensor<1x2x5x5xf32>
// CHECK-DAG: %[[D:.*]] = arith.constant {dlc.initializer = "d"}
// CHECK-DAG: %[[W:.*]] = arith.constant {dlc.initializer = "w"}
// CHECK: %[[T:.*]] = dlc.add %[[X]], %[[D]]
// CHECK-DAG: %[[DT:.*]] = dlc.conv %[[G]], %[[W]] {dilations = array<i64: 1, 1>, group = 2 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x5x5xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x2x2xf32>
// CHECK-DAG: %[[DW:.*]] = dlc.conv_backward_filter %[[G]], %[[T]] {dilations = array<i64: 1, 1>, group = 2 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x5x5xf32>, tensor<1x4x2x2xf32>) -> tensor<4x1x3x3xf32>
// CHECK: return %[[DT]], %[[DW]]
func.func @conv_backward_data(%x: tensor<1x4x2x2xf32>) -> tensor<1x2x5x5xf32> {
  %d = arith.constant {dlc.initializer = "d"} dense<1.0> : tensor<1x4x2x2xf32>
  %w = arith.constant {dlc.initializer = "w"} dense<1.0> : tensor<4x1x3x3xf32>
  %t = dlc.add %x, %d : tensor<1x4x2x2xf32>, tensor<1x4x2x2xf32> -> tensor<1x4x2x2xf32>
  %0 = dlc.conv_backward_data %t, %w {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 2 : i64} : (tensor<1x4x2x2xf32>, tensor<4x1x3x3xf32>) -> tensor<1x2x5x5xf32>
  return %0 : tensor<1x2x5x5xf32>
}
