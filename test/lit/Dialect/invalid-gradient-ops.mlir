// RUN: dlc-opt %s -split-input-file -verify-diagnostics
//
// One case per verifier check of the ops the gradient rules build
// (dialects/DLC/IR/DLCBackwardOps.cpp): greater, reduce_sum and the
// conv/pool/gather backward ops.

func.func @greater_element_types(%a: tensor<2xf32>, %b: tensor<2xf64>) -> tensor<2xi1> {
  // expected-error @below {{'dlc.greater' op operands must share an element type}}
  %0 = dlc.greater %a, %b : tensor<2xf32>, tensor<2xf64> -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

func.func @greater_not_broadcastable(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) -> tensor<4x3xi1> {
  // expected-error @below {{'dlc.greater' op operand shapes are not broadcast-compatible}}
  %0 = dlc.greater %a, %b : tensor<2x3xf32>, tensor<4x3xf32> -> tensor<4x3xi1>
  return %0 : tensor<4x3xi1>
}

// -----

func.func @greater_result_shape(%a: tensor<2x3xf32>, %b: tensor<f32>) -> tensor<3x2xi1> {
  // expected-error @below {{'dlc.greater' op result shape does not match the broadcast shape}}
  %0 = dlc.greater %a, %b : tensor<2x3xf32>, tensor<f32> -> tensor<3x2xi1>
  return %0 : tensor<3x2xi1>
}

// -----

func.func @greater_result_not_i1(%a: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @below {{'dlc.greater' op result #0 must be ranked tensor of 1-bit signless integer values}}
  %0 = dlc.greater %a, %a : tensor<2xf32>, tensor<2xf32> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @reduce_sum_axis_range(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @below {{'dlc.reduce_sum' op axis 2 is out of range for rank 2}}
  %0 = dlc.reduce_sum %x {axes = array<i64: 2>, keepdims = false} : tensor<2x3xf32> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @reduce_sum_axes_order(%x: tensor<2x3x4xf32>) -> tensor<3xf32> {
  // expected-error @below {{'dlc.reduce_sum' op axes must be strictly increasing}}
  %0 = dlc.reduce_sum %x {axes = array<i64: 2, 0>, keepdims = false} : tensor<2x3x4xf32> -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @reduce_sum_keepdims_shape(%x: tensor<2x3xf32>) -> tensor<3xf32> {
  // keepdims leaves axis 0 as size 1: the result must be [1, 3].
  // expected-error @below {{'dlc.reduce_sum' op result shape should be [1, 3]}}
  %0 = dlc.reduce_sum %x {axes = array<i64: 0>, keepdims = true} : tensor<2x3xf32> -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @reduce_sum_element_type(%x: tensor<2x3xf32>) -> tensor<3xf64> {
  // expected-error @below {{'dlc.reduce_sum' op input and result must share an element type}}
  %0 = dlc.reduce_sum %x {axes = array<i64: 0>, keepdims = false} : tensor<2x3xf32> -> tensor<3xf64>
  return %0 : tensor<3xf64>
}

// -----

func.func @conv_backward_data_extent(%dy: tensor<1x4x5x5xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x2x8x8xf32> {
  // An 8x8 input with a 3x3 kernel gives 6x6 outputs, not 5x5.
  // expected-error @below {{'dlc.conv_backward_data' op spatial axis 0 of the result gradient should be 6}}
  %0 = dlc.conv_backward_data %dy, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
       : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x8x8xf32>
  return %0 : tensor<1x2x8x8xf32>
}

// -----

func.func @conv_backward_data_group(%dy: tensor<1x4x6x6xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x3x8x8xf32> {
  // expected-error @below {{'dlc.conv_backward_data' op group 3 must divide channels 3 and filters 4}}
  %0 = dlc.conv_backward_data %dy, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 3 : i64}
       : (tensor<1x4x6x6xf32>, tensor<4x2x3x3xf32>) -> tensor<1x3x8x8xf32>
  return %0 : tensor<1x3x8x8xf32>
}

// -----

func.func @conv_backward_data_filters(%dy: tensor<1x5x6x6xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x2x8x8xf32> {
  // expected-error @below {{'dlc.conv_backward_data' op result gradient must be [N, F, ...] = [1, 4, ...]}}
  %0 = dlc.conv_backward_data %dy, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
       : (tensor<1x5x6x6xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x8x8xf32>
  return %0 : tensor<1x2x8x8xf32>
}

// -----

func.func @conv_backward_filter_pads(%x: tensor<1x2x8x8xf32>, %dy: tensor<1x4x6x6xf32>) -> tensor<4x2x3x3xf32> {
  // expected-error @below {{'dlc.conv_backward_filter' op strides/dilations need 2 entries and pads 4}}
  %0 = dlc.conv_backward_filter %x, %dy {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0>, group = 1 : i64}
       : (tensor<1x2x8x8xf32>, tensor<1x4x6x6xf32>) -> tensor<4x2x3x3xf32>
  return %0 : tensor<4x2x3x3xf32>
}

// -----

func.func @conv_backward_filter_channels(%x: tensor<1x2x8x8xf32>, %dy: tensor<1x4x6x6xf32>) -> tensor<4x1x3x3xf32> {
  // expected-error @below {{'dlc.conv_backward_filter' op weight has 1 input channels per group, expected 2}}
  %0 = dlc.conv_backward_filter %x, %dy {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
       : (tensor<1x2x8x8xf32>, tensor<1x4x6x6xf32>) -> tensor<4x1x3x3xf32>
  return %0 : tensor<4x1x3x3xf32>
}

// -----

func.func @max_pool_backward_types(%x: tensor<1x2x4x4xf32>, %y: tensor<1x2x2x2xf32>, %dy: tensor<1x2x3x3xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @below {{'dlc.max_pool_backward' op pooled and result_grad must have the same type}}
  %0 = dlc.max_pool_backward %x, %y, %dy {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>}
       : (tensor<1x2x4x4xf32>, tensor<1x2x2x2xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

func.func @max_pool_backward_result(%x: tensor<1x2x4x4xf32>, %y: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error @below {{'dlc.max_pool_backward' op result must have the input's type}}
  %0 = dlc.max_pool_backward %x, %y, %y {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>}
       : (tensor<1x2x4x4xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// -----

func.func @max_pool_backward_window(%x: tensor<1x2x4x4xf32>, %y: tensor<1x2x3x3xf32>) -> tensor<1x2x4x4xf32> {
  // Windows of 2 with stride 2 over 4 give 2 outputs (3 only in ceil mode
  // when the last window starts inside the input, which 4 does not allow).
  // expected-error @below {{'dlc.max_pool_backward' op last window of axis 0 starts past the input}}
  %0 = dlc.max_pool_backward %x, %y, %y {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>}
       : (tensor<1x2x4x4xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

func.func @avg_pool_backward_kernel(%dy: tensor<1x2x2x2xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @below {{'dlc.avg_pool_backward' op kernel_shape needs 2 entries}}
  %0 = dlc.avg_pool_backward %dy {kernel_shape = array<i64: 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, count_include_pad = false}
       : tensor<1x2x2x2xf32> -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

func.func @avg_pool_backward_channels(%dy: tensor<1x3x2x2xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @below {{'dlc.avg_pool_backward' op result must keep N and C}}
  %0 = dlc.avg_pool_backward %dy {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, count_include_pad = false}
       : tensor<1x3x2x2xf32> -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

func.func @gather_backward_axis(%dy: tensor<3x4xf32>, %i: tensor<3xi64>) -> tensor<5x4xf32> {
  // expected-error @below {{'dlc.gather_backward' op axis 2 is out of range for rank 2}}
  %0 = dlc.gather_backward %dy, %i {axis = 2 : i64} : (tensor<3x4xf32>, tensor<3xi64>) -> tensor<5x4xf32>
  return %0 : tensor<5x4xf32>
}

// -----

func.func @gather_backward_shape(%dy: tensor<2x4xf32>, %i: tensor<3xi64>) -> tensor<5x4xf32> {
  // expected-error @below {{'dlc.gather_backward' op result_grad shape must be result[:axis] + indices + result[axis+1:]}}
  %0 = dlc.gather_backward %dy, %i {axis = 0 : i64} : (tensor<2x4xf32>, tensor<3xi64>) -> tensor<5x4xf32>
  return %0 : tensor<5x4xf32>
}
