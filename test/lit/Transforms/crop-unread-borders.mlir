// RUN: dlc-opt %s -dlc-crop-unread-borders -split-input-file | FileCheck %s
//
// A 2x2, stride-2 pooling of 11x11 reads rows and columns 0..9: the crop to
// 10x10 moves through the relu (and the bias it broadcasts) into the
// convolution, which then reads 12x12 of its 13x13 input.

// CHECK-LABEL: func.func @conv_relu_pool
// CHECK: %[[X:.*]] = dlc.slice %arg0 {starts = array<i64: 0, 0, 0, 0>, steps = array<i64: 1, 1, 1, 1>} : tensor<2x4x13x13xf32> -> tensor<2x4x12x12xf32>
// CHECK: %[[C:.*]] = dlc.conv %[[X]], %arg1, %arg2 {{.*}} -> tensor<2x4x10x10xf32>
// CHECK: %[[R:.*]] = dlc.relu %[[C]] : tensor<2x4x10x10xf32>
// CHECK: dlc.max_pool %[[R]] {{.*}} : tensor<2x4x10x10xf32> -> tensor<2x4x5x5xf32>
func.func @conv_relu_pool(%x: tensor<2x4x13x13xf32>, %w: tensor<4x4x3x3xf32>, %b: tensor<4xf32>) -> tensor<2x4x5x5xf32> {
  %0 = dlc.conv %x, %w, %b {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<2x4x13x13xf32>, tensor<4x4x3x3xf32>, tensor<4xf32>) -> tensor<2x4x11x11xf32>
  %1 = dlc.relu %0 : tensor<2x4x11x11xf32>
  %2 = dlc.max_pool %1 {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<2x4x11x11xf32> -> tensor<2x4x5x5xf32>
  return %2 : tensor<2x4x5x5xf32>
}

// -----

// Through a broadcasting add: the [4, 1, 1] bias stays whole, the other
// operand is cropped; the end pad that the windows no longer reach is
// dropped.
// CHECK-LABEL: func.func @add_pool
// (2x2 windows at stride 3 over 9 rows and an end pad: rows 0..7 read.)
// CHECK-DAG: %[[A:.*]] = dlc.slice %arg0 {{.*}} : tensor<2x4x9x9xf32> -> tensor<2x4x8x8xf32>
// CHECK-DAG: %[[S:.*]] = dlc.add %[[A]], %arg1 : tensor<2x4x8x8xf32>, tensor<4x1x1xf32> -> tensor<2x4x8x8xf32>
// CHECK: dlc.avg_pool %[[S]] {{.*}}pads = array<i64: 0, 0, 0, 0>{{.*}} : tensor<2x4x8x8xf32> -> tensor<2x4x3x3xf32>
func.func @add_pool(%x: tensor<2x4x9x9xf32>, %b: tensor<4x1x1xf32>) -> tensor<2x4x3x3xf32> {
  %0 = dlc.add %x, %b : tensor<2x4x9x9xf32>, tensor<4x1x1xf32> -> tensor<2x4x9x9xf32>
  %1 = dlc.avg_pool %0 {count_include_pad = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 1, 1>, strides = array<i64: 3, 3>} : tensor<2x4x9x9xf32> -> tensor<2x4x3x3xf32>
  return %1 : tensor<2x4x3x3xf32>
}

// -----

// Left alone: the pooling reads every row (even size), and a pooled value
// that has another use (a training step's backward pass reads it).
// CHECK-LABEL: func.func @untouched
// CHECK-NOT: dlc.slice
func.func @untouched(%x: tensor<1x2x8x8xf32>, %y: tensor<1x2x9x9xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x9x9xf32>) {
  %0 = dlc.max_pool %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x2x8x8xf32> -> tensor<1x2x4x4xf32>
  %1 = dlc.relu %y : tensor<1x2x9x9xf32>
  %2 = dlc.max_pool %1 {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x2x9x9xf32> -> tensor<1x2x4x4xf32>
  return %0, %2, %1 : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x9x9xf32>
}

// -----

// Left alone: a "same" convolution (pads 1) computes every row the pooling
// might crop from what its end pad reaches, so a crop would stay between
// the convolution and the relu.
// CHECK-LABEL: func.func @same_conv
// CHECK-NOT: dlc.slice
func.func @same_conv(%x: tensor<1x2x7x7xf32>, %w: tensor<2x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %0 = dlc.conv %x, %w {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x2x7x7xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x7x7xf32>
  %1 = dlc.relu %0 : tensor<1x2x7x7xf32>
  %2 = dlc.max_pool %1 {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x2x7x7xf32> -> tensor<1x2x3x3xf32>
  return %2 : tensor<1x2x3x3xf32>
}
