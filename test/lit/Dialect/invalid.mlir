// RUN: dlc-opt %s -split-input-file -verify-diagnostics
//
// One case per verifier check of the dlc ops (dialects/DLC/IR/DLCOps.cpp) and
// per ODS constraint that a wrong model could trip.

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

func.func @binary_element_types(%a: tensor<2xf32>, %b: tensor<2xi32>) -> tensor<2xf32> {
  // expected-error @below {{'dlc.add' op operands must share an element type}}
  %0 = dlc.add %a, %b : tensor<2xf32>, tensor<2xi32> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @binary_result_element_type(%a: tensor<2xf32>) -> tensor<2xf16> {
  // expected-error @below {{'dlc.sub' op operands and result must share an element type}}
  %0 = dlc.sub %a, %a : tensor<2xf32>, tensor<2xf32> -> tensor<2xf16>
  return %0 : tensor<2xf16>
}

// -----

func.func @binary_not_broadcastable(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) -> tensor<4x3xf32> {
  // 2 vs 4 on axis 0: neither equal nor 1.
  // expected-error @below {{'dlc.mul' op operand shapes are not broadcast-compatible}}
  %0 = dlc.mul %a, %b : tensor<2x3xf32>, tensor<4x3xf32> -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @binary_trailing_mismatch(%a: tensor<2x3xf32>, %b: tensor<2xf32>) -> tensor<2x3xf32> {
  // Broadcasting aligns on the right: 3 vs 2.
  // expected-error @below {{'dlc.add' op operand shapes are not broadcast-compatible}}
  %0 = dlc.add %a, %b : tensor<2x3xf32>, tensor<2xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @binary_wrong_result_shape(%a: tensor<2x1xf32>, %b: tensor<3xf32>) -> tensor<2x1xf32> {
  // [2,1] and [3] broadcast to [2,3].
  // expected-error @below {{'dlc.div' op result shape does not match the broadcast shape}}
  %0 = dlc.div %a, %b : tensor<2x1xf32>, tensor<3xf32> -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}

// -----

func.func @unary_type_change(%a: tensor<2xf32>) -> tensor<3xf32> {
  // expected-error @below {{'dlc.relu' op requires the same type for all operands and results}}
  %0 = "dlc.relu"(%a) : (tensor<2xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @leaky_relu_integer(%a: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error @below {{'dlc.leaky_relu' op operand #0 must be ranked tensor of floating-point values}}
  %0 = dlc.leaky_relu %a {alpha = 0.5 : f32} : tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @unranked_operand(%a: tensor<*xf32>) -> tensor<*xf32> {
  // expected-error @below {{'dlc.tanh' op operand #0 must be ranked tensor}}
  %0 = "dlc.tanh"(%a) : (tensor<*xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @cast_shape_change(%a: tensor<2x3xf32>) -> tensor<6xi32> {
  // expected-error @below {{'dlc.cast' op requires the same shape for all operands and results}}
  %0 = dlc.cast %a : tensor<2x3xf32> -> tensor<6xi32>
  return %0 : tensor<6xi32>
}

//===----------------------------------------------------------------------===//
// MatMul
//===----------------------------------------------------------------------===//

// -----

func.func @matmul_rank1(%a: tensor<4xf32>, %b: tensor<4x2xf32>) -> tensor<2xf32> {
  // expected-error @below {{'dlc.matmul' op operands must have rank 2 or more}}
  %0 = dlc.matmul %a, %b : tensor<4xf32>, tensor<4x2xf32> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @matmul_element_types(%a: tensor<3x4xf32>, %b: tensor<4x2xf16>) -> tensor<3x2xf32> {
  // expected-error @below {{'dlc.matmul' op operands and result must share an element type}}
  %0 = dlc.matmul %a, %b : tensor<3x4xf32>, tensor<4x2xf16> -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @matmul_contraction(%a: tensor<3x5xf32>, %b: tensor<4x2xf32>) -> tensor<3x2xf32> {
  // K of the lhs (5) differs from K of the rhs (4).
  // expected-error @below {{'dlc.matmul' op contraction dimensions differ: 5 vs 4}}
  %0 = dlc.matmul %a, %b : tensor<3x5xf32>, tensor<4x2xf32> -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @matmul_batch(%a: tensor<2x3x4xf32>, %b: tensor<3x4x5xf32>) -> tensor<3x3x5xf32> {
  // Batch 2 vs 3.
  // expected-error @below {{'dlc.matmul' op batch dimensions are not broadcast-compatible}}
  %0 = dlc.matmul %a, %b : tensor<2x3x4xf32>, tensor<3x4x5xf32> -> tensor<3x3x5xf32>
  return %0 : tensor<3x3x5xf32>
}

// -----

func.func @matmul_result(%a: tensor<3x4xf32>, %b: tensor<4x2xf32>) -> tensor<2x3xf32> {
  // [3,4] x [4,2] is [3,2].
  // expected-error @below {{'dlc.matmul' op result shape does not match [batch..., M, N]}}
  %0 = dlc.matmul %a, %b : tensor<3x4xf32>, tensor<4x2xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @matmul_result_batch(%a: tensor<1x3x4xf32>, %b: tensor<2x4x2xf32>) -> tensor<1x3x2xf32> {
  // The batch broadcasts to 2, not 1.
  // expected-error @below {{'dlc.matmul' op result shape does not match [batch..., M, N]}}
  %0 = dlc.matmul %a, %b : tensor<1x3x4xf32>, tensor<2x4x2xf32> -> tensor<1x3x2xf32>
  return %0 : tensor<1x3x2xf32>
}

//===----------------------------------------------------------------------===//
// Conv
//===----------------------------------------------------------------------===//

// -----

func.func @conv_rank(%x: tensor<1x4xf32>, %w: tensor<2x4xf32>) -> tensor<1x2xf32> {
  // expected-error @below {{'dlc.conv' op input, weight and result must have the same rank 3..5}}
  %0 = dlc.conv %x, %w {strides = array<i64>, dilations = array<i64>, pads = array<i64>, group = 1 : i64}
       : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

// -----

func.func @conv_weight_rank(%x: tensor<1x1x5x5xf32>, %w: tensor<2x1x3xf32>) -> tensor<1x2x3x3xf32> {
  // expected-error @below {{'dlc.conv' op input, weight and result must have the same rank 3..5}}
  %0 = dlc.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
       : (tensor<1x1x5x5xf32>, tensor<2x1x3xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

func.func @conv_strides_count(%x: tensor<1x1x5x5xf32>, %w: tensor<2x1x3x3xf32>) -> tensor<1x2x3x3xf32> {
  // expected-error @below {{'dlc.conv' op strides/dilations need 2 entries and pads 4}}
  %0 = dlc.conv %x, %w {strides = array<i64: 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
       : (tensor<1x1x5x5xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

func.func @conv_pads_count(%x: tensor<1x1x5x5xf32>, %w: tensor<2x1x3x3xf32>) -> tensor<1x2x3x3xf32> {
  // Two pads for two spatial axes: ONNX wants begin and end of each (4).
  // expected-error @below {{'dlc.conv' op strides/dilations need 2 entries and pads 4}}
  %0 = dlc.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0>, group = 1 : i64}
       : (tensor<1x1x5x5xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

func.func @conv_zero_stride(%x: tensor<1x1x5x5xf32>, %w: tensor<2x1x3x3xf32>) -> tensor<1x2x3x3xf32> {
  // expected-error @below {{'dlc.conv' op strides must be positive}}
  %0 = dlc.conv %x, %w {strides = array<i64: 1, 0>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
       : (tensor<1x1x5x5xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

func.func @conv_zero_dilation(%x: tensor<1x1x5x5xf32>, %w: tensor<2x1x3x3xf32>) -> tensor<1x2x3x3xf32> {
  // expected-error @below {{'dlc.conv' op dilations must be positive}}
  %0 = dlc.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 0, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
       : (tensor<1x1x5x5xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

func.func @conv_negative_pad(%x: tensor<1x1x5x5xf32>, %w: tensor<2x1x3x3xf32>) -> tensor<1x2x2x3xf32> {
  // expected-error @below {{'dlc.conv' op pads must be non-negative}}
  %0 = dlc.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: -1, 0, 0, 0>, group = 1 : i64}
       : (tensor<1x1x5x5xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x2x3xf32>
  return %0 : tensor<1x2x2x3xf32>
}

// -----

func.func @conv_group_divides(%x: tensor<1x4x5x5xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<1x6x3x3xf32> {
  // 3 divides the 6 filters but not the 4 channels.
  // expected-error @below {{'dlc.conv' op group 3 must divide channels 4 and filters 6}}
  %0 = dlc.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 3 : i64}
       : (tensor<1x4x5x5xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x3x3xf32>
  return %0 : tensor<1x6x3x3xf32>
}

// -----

func.func @conv_group_filters(%x: tensor<1x4x5x5xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x3x3x3xf32> {
  // 2 divides the 4 channels but not the 3 filters.
  // expected-error @below {{'dlc.conv' op group 2 must divide channels 4 and filters 3}}
  %0 = dlc.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 2 : i64}
       : (tensor<1x4x5x5xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x3x3xf32>
  return %0 : tensor<1x3x3x3xf32>
}

// -----

func.func @conv_group_zero(%x: tensor<1x4x5x5xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x3x3xf32> {
  // expected-error @below {{'dlc.conv' op group 0 must divide channels 4 and filters 6}}
  %0 = dlc.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 0 : i64}
       : (tensor<1x4x5x5xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x3x3xf32>
  return %0 : tensor<1x6x3x3xf32>
}

// -----

func.func @conv_weight_channels(%x: tensor<1x4x5x5xf32>, %w: tensor<6x1x3x3xf32>) -> tensor<1x6x3x3xf32> {
  // With 2 groups each filter sees 4 / 2 = 2 channels.
  // expected-error @below {{'dlc.conv' op weight has 1 input channels per group, expected 2}}
  %0 = dlc.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 2 : i64}
       : (tensor<1x4x5x5xf32>, tensor<6x1x3x3xf32>) -> tensor<1x6x3x3xf32>
  return %0 : tensor<1x6x3x3xf32>
}

// -----

func.func @conv_bias_shape(%x: tensor<1x4x5x5xf32>, %w: tensor<6x2x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x6x3x3xf32> {
  // expected-error @below {{'dlc.conv' op bias must have shape [6]}}
  %0 = dlc.conv %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 2 : i64}
       : (tensor<1x4x5x5xf32>, tensor<6x2x3x3xf32>, tensor<4xf32>) -> tensor<1x6x3x3xf32>
  return %0 : tensor<1x6x3x3xf32>
}

// -----

func.func @conv_bias_rank(%x: tensor<1x4x5x5xf32>, %w: tensor<6x4x3x3xf32>, %b: tensor<1x6xf32>) -> tensor<1x6x3x3xf32> {
  // expected-error @below {{'dlc.conv' op bias must have shape [6]}}
  %0 = dlc.conv %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
       : (tensor<1x4x5x5xf32>, tensor<6x4x3x3xf32>, tensor<1x6xf32>) -> tensor<1x6x3x3xf32>
  return %0 : tensor<1x6x3x3xf32>
}

// -----

func.func @conv_result_filters(%x: tensor<1x4x5x5xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x5x3x3xf32> {
  // expected-error @below {{'dlc.conv' op result must be [N, F, ...]}}
  %0 = dlc.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
       : (tensor<1x4x5x5xf32>, tensor<6x4x3x3xf32>) -> tensor<1x5x3x3xf32>
  return %0 : tensor<1x5x3x3xf32>
}

// -----

func.func @conv_result_batch(%x: tensor<2x4x5x5xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x3x3xf32> {
  // expected-error @below {{'dlc.conv' op result must be [N, F, ...]}}
  %0 = dlc.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
       : (tensor<2x4x5x5xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x3x3xf32>
  return %0 : tensor<1x6x3x3xf32>
}

// -----

func.func @conv_spatial(%x: tensor<1x1x28x28xf32>, %w: tensor<32x1x3x3xf32>) -> tensor<1x32x28x28xf32> {
  // No padding: 28 - 3 + 1 = 26.
  // expected-error @below {{'dlc.conv' op spatial axis 0 of the result should be 26}}
  %0 = dlc.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
       : (tensor<1x1x28x28xf32>, tensor<32x1x3x3xf32>) -> tensor<1x32x28x28xf32>
  return %0 : tensor<1x32x28x28xf32>
}

// -----

func.func @conv_spatial_strided(%x: tensor<1x1x7x8xf32>, %w: tensor<1x1x3x3xf32>) -> tensor<1x1x3x4xf32> {
  // Axis 0: (7 + 1 + 1 - 3) / 2 + 1 = 4; axis 1 is checked after it.
  // expected-error @below {{'dlc.conv' op spatial axis 0 of the result should be 4}}
  %0 = dlc.conv %x, %w {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 1 : i64}
       : (tensor<1x1x7x8xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x3x4xf32>
  return %0 : tensor<1x1x3x4xf32>
}

// -----

func.func @conv_spatial_dilated(%x: tensor<1x1x10xf32>, %w: tensor<1x1x3xf32>) -> tensor<1x1x8xf32> {
  // Dilation 2 makes the 3-tap kernel span 5: 10 - 5 + 1 = 6.
  // expected-error @below {{'dlc.conv' op spatial axis 0 of the result should be 6}}
  %0 = dlc.conv %x, %w {strides = array<i64: 1>, dilations = array<i64: 2>, pads = array<i64: 0, 0>, group = 1 : i64}
       : (tensor<1x1x10xf32>, tensor<1x1x3xf32>) -> tensor<1x1x8xf32>
  return %0 : tensor<1x1x8xf32>
}

// -----

func.func @conv_window_too_large(%x: tensor<1x1x2x2xf32>, %w: tensor<1x1x3x3xf32>) -> tensor<1x1x1x1xf32> {
  // The 3x3 window does not fit the unpadded 2x2 input.
  // expected-error @below {{'dlc.conv' op spatial axis 0 of the result should be 0}}
  %0 = dlc.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
       : (tensor<1x1x2x2xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x1x1xf32>
  return %0 : tensor<1x1x1x1xf32>
}

// -----

func.func @conv_integer(%x: tensor<1x1x5x5xi32>, %w: tensor<1x1x3x3xi32>) -> tensor<1x1x3x3xi32> {
  // expected-error @below {{'dlc.conv' op operand #0 must be ranked tensor of floating-point values}}
  %0 = dlc.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
       : (tensor<1x1x5x5xi32>, tensor<1x1x3x3xi32>) -> tensor<1x1x3x3xi32>
  return %0 : tensor<1x1x3x3xi32>
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

// -----

func.func @pool_rank(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @below {{'dlc.max_pool' op input and result must be [N, C, spatial...]}}
  %0 = dlc.max_pool %x {kernel_shape = array<i64>, strides = array<i64>, dilations = array<i64>, pads = array<i64>}
       : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @pool_result_rank(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4xf32> {
  // expected-error @below {{'dlc.avg_pool' op input and result must be [N, C, spatial...]}}
  %0 = dlc.avg_pool %x {kernel_shape = array<i64: 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, count_include_pad = false}
       : tensor<1x2x4x4xf32> -> tensor<1x2x4xf32>
  return %0 : tensor<1x2x4xf32>
}

// -----

func.func @pool_kernel_count(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
  // A 2-D pool needs two kernel extents.
  // expected-error @below {{'dlc.max_pool' op kernel_shape needs 2 entries}}
  %0 = dlc.max_pool %x {kernel_shape = array<i64: 2, 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>}
       : tensor<1x2x4x4xf32> -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// -----

func.func @pool_pads_count(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error @below {{'dlc.max_pool' op strides/dilations need 2 entries and pads 4}}
  %0 = dlc.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0>}
       : tensor<1x2x4x4xf32> -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// -----

func.func @pool_negative_stride(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error @below {{'dlc.avg_pool' op strides must be positive}}
  %0 = dlc.avg_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: -2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, count_include_pad = true}
       : tensor<1x2x4x4xf32> -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// -----

func.func @pool_channels(%x: tensor<1x2x4x4xf32>) -> tensor<1x3x2x2xf32> {
  // expected-error @below {{'dlc.max_pool' op result must keep N and C}}
  %0 = dlc.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>}
       : tensor<1x2x4x4xf32> -> tensor<1x3x2x2xf32>
  return %0 : tensor<1x3x2x2xf32>
}

// -----

func.func @pool_spatial(%x: tensor<1x32x26x26xf32>) -> tensor<1x32x13x12xf32> {
  // 2x2/2 over 26 gives 13 on both axes; axis 1 is wrong.
  // expected-error @below {{'dlc.max_pool' op spatial axis 1 of the result should be 13}}
  %0 = dlc.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>}
       : tensor<1x32x26x26xf32> -> tensor<1x32x13x12xf32>
  return %0 : tensor<1x32x13x12xf32>
}

// -----

func.func @pool_spatial_two_more(%x: tensor<1x1x26x26xf32>) -> tensor<1x1x15x13xf32> {
  // ceil_mode adds at most one window: 13 or 14, not 15.
  // expected-error @below {{'dlc.avg_pool' op spatial axis 0 of the result should be 13}}
  %0 = dlc.avg_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, count_include_pad = false}
       : tensor<1x1x26x26xf32> -> tensor<1x1x15x13xf32>
  return %0 : tensor<1x1x15x13xf32>
}

// -----

func.func @pool_ceil_window_outside(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x3x2xf32> {
  // Floor gives (4 - 2) / 2 + 1 = 2; a third window would start at 4, past
  // the input of 4 (no begin pad), so ceil_mode cannot add it.
  // expected-error @below {{'dlc.max_pool' op last window of axis 0 starts past the input}}
  %0 = dlc.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>}
       : tensor<1x1x4x4xf32> -> tensor<1x1x3x2xf32>
  return %0 : tensor<1x1x3x2xf32>
}

//===----------------------------------------------------------------------===//
// Softmax
//===----------------------------------------------------------------------===//

// -----

func.func @softmax_axis(%x: tensor<8x10xf32>) -> tensor<8x10xf32> {
  // expected-error @below {{'dlc.softmax' op axis 2 is out of range for rank 2}}
  %0 = dlc.softmax %x {axis = 2 : i64} : tensor<8x10xf32>
  return %0 : tensor<8x10xf32>
}

// -----

func.func @log_softmax_negative_axis(%x: tensor<8x10xf32>) -> tensor<8x10xf32> {
  // The importer normalises axes; the op takes only non-negative ones.
  // expected-error @below {{'dlc.log_softmax' op axis -1 is out of range for rank 2}}
  %0 = dlc.log_softmax %x {axis = -1 : i64} : tensor<8x10xf32>
  return %0 : tensor<8x10xf32>
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

// -----

func.func @reshape_count(%x: tensor<2x3xf32>) -> tensor<7xf32> {
  // expected-error @below {{'dlc.reshape' op element counts differ}}
  %0 = dlc.reshape %x : tensor<2x3xf32> -> tensor<7xf32>
  return %0 : tensor<7xf32>
}

// -----

func.func @reshape_dynamic(%x: tensor<?x3xf32>) -> tensor<6xf32> {
  // expected-error @below {{'dlc.reshape' op element counts differ}}
  %0 = dlc.reshape %x : tensor<?x3xf32> -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

func.func @reshape_element_type(%x: tensor<2x3xf32>) -> tensor<6xi32> {
  // expected-error @below {{'dlc.reshape' op element types differ}}
  %0 = dlc.reshape %x : tensor<2x3xf32> -> tensor<6xi32>
  return %0 : tensor<6xi32>
}

// -----

func.func @transpose_perm_size(%x: tensor<2x3x4xf32>) -> tensor<3x2x4xf32> {
  // expected-error @below {{'dlc.transpose' op permutation must have one entry per axis}}
  %0 = dlc.transpose %x {permutation = array<i64: 1, 0>} : tensor<2x3x4xf32> -> tensor<3x2x4xf32>
  return %0 : tensor<3x2x4xf32>
}

// -----

func.func @transpose_repeated(%x: tensor<2x2xf32>) -> tensor<2x2xf32> {
  // expected-error @below {{'dlc.transpose' op permutation is not a permutation}}
  %0 = dlc.transpose %x {permutation = array<i64: 0, 0>} : tensor<2x2xf32> -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

func.func @transpose_out_of_range(%x: tensor<2x2xf32>) -> tensor<2x2xf32> {
  // expected-error @below {{'dlc.transpose' op permutation is not a permutation}}
  %0 = dlc.transpose %x {permutation = array<i64: 0, 2>} : tensor<2x2xf32> -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

func.func @transpose_result(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  // result.dim(i) = input.dim(perm[i]): perm [1,2,0] gives 3x4x2.
  // expected-error @below {{'dlc.transpose' op result dimension 0 mismatches}}
  %0 = dlc.transpose %x {permutation = array<i64: 1, 2, 0>} : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

// -----

func.func @concat_empty() -> tensor<0xf32> {
  // expected-error @below {{'dlc.concat' op needs at least one input}}
  %0 = dlc.concat {axis = 0 : i64} : () -> tensor<0xf32>
  return %0 : tensor<0xf32>
}

// -----

func.func @concat_axis(%a: tensor<2x3xf32>) -> tensor<2x6xf32> {
  // expected-error @below {{'dlc.concat' op axis 2 is out of range for rank 2}}
  %0 = dlc.concat %a, %a {axis = 2 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

func.func @concat_rank(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<3x3xf32> {
  // expected-error @below {{'dlc.concat' op inputs must match the result's rank and type}}
  %0 = dlc.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @concat_element_type(%a: tensor<2x3xf32>, %b: tensor<1x3xf16>) -> tensor<3x3xf32> {
  // expected-error @below {{'dlc.concat' op inputs must match the result's rank and type}}
  %0 = dlc.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<1x3xf16>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @concat_other_dim(%a: tensor<2x3xf32>, %b: tensor<1x4xf32>) -> tensor<3x3xf32> {
  // expected-error @below {{'dlc.concat' op non-axis dimension 1 mismatches}}
  %0 = dlc.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<1x4xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @concat_extent(%a: tensor<2x3xf32>, %b: tensor<1x3xf32>) -> tensor<4x3xf32> {
  // 2 + 1 = 3 along axis 0.
  // expected-error @below {{'dlc.concat' op axis extent should be 3}}
  %0 = dlc.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<1x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @slice_entries(%x: tensor<4x6xf32>) -> tensor<4x3xf32> {
  // expected-error @below {{'dlc.slice' op starts and steps need one entry per axis}}
  %0 = dlc.slice %x {starts = array<i64: 0>, steps = array<i64: 1, 2>} : tensor<4x6xf32> -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @slice_zero_step(%x: tensor<4x6xf32>) -> tensor<4x3xf32> {
  // expected-error @below {{'dlc.slice' op step must not be 0}}
  %0 = dlc.slice %x {starts = array<i64: 0, 0>, steps = array<i64: 1, 0>} : tensor<4x6xf32> -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @slice_past_end(%x: tensor<4x6xf32>) -> tensor<4x3xf32> {
  // Start 1, step 2, 3 elements: last index 5 is fine; start 2 would read 6.
  // expected-error @below {{'dlc.slice' op axis 1 reads out of bounds}}
  %0 = dlc.slice %x {starts = array<i64: 0, 2>, steps = array<i64: 1, 2>} : tensor<4x6xf32> -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @slice_start_outside(%x: tensor<4x6xf32>) -> tensor<1x6xf32> {
  // expected-error @below {{'dlc.slice' op axis 0 reads out of bounds}}
  %0 = dlc.slice %x {starts = array<i64: 4, 0>, steps = array<i64: 1, 1>} : tensor<4x6xf32> -> tensor<1x6xf32>
  return %0 : tensor<1x6xf32>
}

// -----

func.func @slice_negative_step_below_zero(%x: tensor<4x6xf32>) -> tensor<3x6xf32> {
  // Start 1, step -1, 3 elements reads 1, 0, -1.
  // expected-error @below {{'dlc.slice' op axis 0 reads out of bounds}}
  %0 = dlc.slice %x {starts = array<i64: 1, 0>, steps = array<i64: -1, 1>} : tensor<4x6xf32> -> tensor<3x6xf32>
  return %0 : tensor<3x6xf32>
}

// -----

func.func @gather_axis(%x: tensor<5x4xf32>, %i: tensor<3xi64>) -> tensor<3x4xf32> {
  // expected-error @below {{'dlc.gather' op axis 2 is out of range for rank 2}}
  %0 = dlc.gather %x, %i {axis = 2 : i64} : (tensor<5x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @gather_shape(%x: tensor<5x4xf32>, %i: tensor<2x3xi64>) -> tensor<3x4xf32> {
  // data[:0] + [2,3] + data[1:] = [2,3,4].
  // expected-error @below {{'dlc.gather' op result shape must be data[:axis] + indices + data[axis+1:]}}
  %0 = dlc.gather %x, %i {axis = 0 : i64} : (tensor<5x4xf32>, tensor<2x3xi64>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @gather_shape_axis1(%x: tensor<5x4xf32>, %i: tensor<3xi32>) -> tensor<3x5xf32> {
  // Along axis 1: [5] + [3] = [5,3].
  // expected-error @below {{'dlc.gather' op result shape must be data[:axis] + indices + data[axis+1:]}}
  %0 = dlc.gather %x, %i {axis = 1 : i64} : (tensor<5x4xf32>, tensor<3xi32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

func.func @gather_float_indices(%x: tensor<5x4xf32>, %i: tensor<3xf32>) -> tensor<3x4xf32> {
  // expected-error @below {{'dlc.gather' op operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values}}
  %0 = dlc.gather %x, %i {axis = 0 : i64} : (tensor<5x4xf32>, tensor<3xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @broadcast_incompatible(%x: tensor<3xf32>) -> tensor<2x4xf32> {
  // expected-error @below {{'dlc.broadcast' op input does not broadcast to the result shape}}
  %0 = dlc.broadcast %x : tensor<3xf32> -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @broadcast_shrinks(%x: tensor<2x3xf32>) -> tensor<1x3xf32> {
  // Expand never shrinks: [2,3] with [1,3] broadcasts to [2,3], not [1,3].
  // expected-error @below {{'dlc.broadcast' op input does not broadcast to the result shape}}
  %0 = dlc.broadcast %x : tensor<2x3xf32> -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// -----

func.func @pad_count(%x: tensor<2x2xf32>) -> tensor<2x4xf32> {
  // expected-error @below {{'dlc.pad' op pads needs 4 entries}}
  %0 = dlc.pad %x {pads = array<i64: 1, 1>, value = 0.0 : f64} : tensor<2x2xf32> -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @pad_result(%x: tensor<2x2xf32>) -> tensor<2x3xf32> {
  // Axis 1: 2 + 1 + 1 = 4.
  // expected-error @below {{'dlc.pad' op result dimension 1 mismatches the pads}}
  %0 = dlc.pad %x {pads = array<i64: 0, 1, 0, 1>, value = 0.0 : f64} : tensor<2x2xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @pad_negative_result(%x: tensor<2x2xf32>) -> tensor<2x2xf32> {
  // Negative pads crop: axis 0 is 2 - 1 + 0 = 1.
  // expected-error @below {{'dlc.pad' op result dimension 0 mismatches the pads}}
  %0 = dlc.pad %x {pads = array<i64: -1, 0, 0, 0>, value = 0.0 : f64} : tensor<2x2xf32> -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

func.func @compare_predicate(%a: tensor<2xf32>) -> tensor<2xi1> {
  // expected-error @below {{'dlc.compare' op unknown predicate 'ne'}}
  %0 = dlc.compare "ne" %a, %a : tensor<2xf32>, tensor<2xf32> -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

func.func @compare_shapes(%a: tensor<2xf32>, %b: tensor<3xf32>) -> tensor<2xi1> {
  // expected-error @below {{'dlc.compare' op operand shapes are not broadcast-compatible}}
  %0 = dlc.compare "lt" %a, %b : tensor<2xf32>, tensor<3xf32> -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

func.func @logical_kind(%a: tensor<2xi1>) -> tensor<2xi1> {
  // expected-error @below {{'dlc.logical' op unknown kind 'nand'}}
  %0 = dlc.logical "nand" %a, %a : tensor<2xi1>, tensor<2xi1> -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

func.func @bitwise_kind(%a: tensor<2xi8>) -> tensor<2xi8> {
  // expected-error @below {{'dlc.bitwise' op unknown kind 'rotl'}}
  %0 = dlc.bitwise "rotl" %a, %a : tensor<2xi8>, tensor<2xi8> -> tensor<2xi8>
  return %0 : tensor<2xi8>
}

// -----

func.func @bitwise_types(%a: tensor<2xi8>, %b: tensor<2xi16>) -> tensor<2xi8> {
  // expected-error @below {{'dlc.bitwise' op}}
  %0 = dlc.bitwise "and" %a, %b : tensor<2xi8>, tensor<2xi16> -> tensor<2xi8>
  return %0 : tensor<2xi8>
}

// -----

func.func @bitcast_width(%a: tensor<2xf32>) -> tensor<2xi16> {
  // expected-error @below {{'dlc.bitcast' op element types must have the same bit width}}
  %0 = dlc.bitcast %a : tensor<2xf32> -> tensor<2xi16>
  return %0 : tensor<2xi16>
}

// -----

func.func @arg_max_shape(%a: tensor<2x3xf32>) -> tensor<2xi64> {
  // expected-error @below {{'dlc.arg_max' op result shape should be [2, 1]}}
  %0 = dlc.arg_max %a {axis = 1 : i64, keepdims = true, select_last_index = false} : tensor<2x3xf32> -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

func.func @gather_elements_shape(%x: tensor<5x4xf32>, %i: tensor<2x3xi64>) -> tensor<2x4xf32> {
  // expected-error @below {{'dlc.gather_elements' op result must have the shape of indices and the element type of data}}
  %0 = dlc.gather_elements %x, %i {axis = 0 : i64} : (tensor<5x4xf32>, tensor<2x3xi64>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @gather_elements_rank(%x: tensor<5x4xf32>, %i: tensor<3xi64>) -> tensor<3xf32> {
  // expected-error @below {{'dlc.gather_elements' op indices must have the rank of data}}
  %0 = dlc.gather_elements %x, %i {axis = 0 : i64} : (tensor<5x4xf32>, tensor<3xi64>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @scatter_elements_updates(%x: tensor<5x4xf32>, %i: tensor<2x3xi64>, %u: tensor<2x2xf32>) -> tensor<5x4xf32> {
  // expected-error @below {{'dlc.scatter_elements' op indices and updates must have one shape}}
  %0 = dlc.scatter_elements %x, %i, %u {axis = 0 : i64, reduction = "none"} : (tensor<5x4xf32>, tensor<2x3xi64>, tensor<2x2xf32>) -> tensor<5x4xf32>
  return %0 : tensor<5x4xf32>
}

// -----

func.func @scatter_elements_reduction(%x: tensor<5x4xf32>, %i: tensor<2x3xi64>, %u: tensor<2x3xf32>) -> tensor<5x4xf32> {
  // expected-error @below {{'dlc.scatter_elements' op reduction must be none, add, mul, max or min}}
  %0 = dlc.scatter_elements %x, %i, %u {axis = 0 : i64, reduction = "sub"} : (tensor<5x4xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<5x4xf32>
  return %0 : tensor<5x4xf32>
}

// -----

func.func @gather_nd_tuple(%x: tensor<2x3xf32>, %i: tensor<4x3xi64>) -> tensor<4xf32> {
  // expected-error @below {{'dlc.gather_nd' op indices do not fit data (last dim of indices plus batch_dims must be at most data's rank)}}
  %0 = dlc.gather_nd %x, %i {batch_dims = 0 : i64} : (tensor<2x3xf32>, tensor<4x3xi64>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @gather_nd_shape(%x: tensor<2x3x5xf32>, %i: tensor<4x2xi64>) -> tensor<4x3xf32> {
  // [4] + [5] = [4, 5].
  // expected-error @below {{'dlc.gather_nd' op result shape must be indices.shape[:-1] + data.shape[batch_dims+k:]}}
  %0 = dlc.gather_nd %x, %i {batch_dims = 0 : i64} : (tensor<2x3x5xf32>, tensor<4x2xi64>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @scatter_nd_updates(%x: tensor<4x3xf32>, %i: tensor<2x1xi64>, %u: tensor<2x4xf32>) -> tensor<4x3xf32> {
  // expected-error @below {{'dlc.scatter_nd' op updates must have shape indices.shape[:-1] + data.shape[k:]}}
  %0 = dlc.scatter_nd %x, %i, %u {reduction = "none"} : (tensor<4x3xf32>, tensor<2x1xi64>, tensor<2x4xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}
