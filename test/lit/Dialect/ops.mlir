// RUN: dlc-opt %s | dlc-opt | FileCheck %s
// RUN: dlc-opt %s --mlir-print-op-generic | dlc-opt | FileCheck %s
//
// Every dlc op parses, verifies, prints and parses again in custom form (and
// from the generic form).

// CHECK-LABEL: func.func @unary
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
func.func @unary(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // CHECK: %[[A:.*]] = dlc.relu %[[X]] : tensor<2x3xf32>
  %0 = dlc.relu %x : tensor<2x3xf32>
  // CHECK: %[[B:.*]] = dlc.sigmoid %[[A]] : tensor<2x3xf32>
  %1 = dlc.sigmoid %0 : tensor<2x3xf32>
  // CHECK: %[[C:.*]] = dlc.tanh %[[B]] : tensor<2x3xf32>
  %2 = dlc.tanh %1 : tensor<2x3xf32>
  // CHECK: %[[D:.*]] = dlc.softplus %[[C]] : tensor<2x3xf32>
  %3 = dlc.softplus %2 : tensor<2x3xf32>
  // CHECK: %[[E:.*]] = dlc.exp %[[D]] : tensor<2x3xf32>
  %4 = dlc.exp %3 : tensor<2x3xf32>
  // CHECK: %[[F:.*]] = dlc.log %[[E]] : tensor<2x3xf32>
  %5 = dlc.log %4 : tensor<2x3xf32>
  // CHECK: %[[G:.*]] = dlc.neg %[[F]] : tensor<2x3xf32>
  %6 = dlc.neg %5 : tensor<2x3xf32>
  // CHECK: %[[H:.*]] = dlc.sqrt %[[G]] : tensor<2x3xf32>
  %7 = dlc.sqrt %6 : tensor<2x3xf32>
  // CHECK: %[[I:.*]] = dlc.abs %[[H]] : tensor<2x3xf32>
  %8 = dlc.abs %7 : tensor<2x3xf32>
  // CHECK: %[[J:.*]] = dlc.reciprocal %[[I]] : tensor<2x3xf32>
  %9 = dlc.reciprocal %8 : tensor<2x3xf32>
  // CHECK: %[[K:.*]] = dlc.leaky_relu %[[J]] {alpha = 5.000000e-01 : f32} : tensor<2x3xf32>
  %10 = dlc.leaky_relu %9 {alpha = 0.5 : f32} : tensor<2x3xf32>
  // CHECK: return %[[K]]
  return %10 : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @integer_unary
func.func @integer_unary(%x: tensor<4xi32>) -> tensor<4xi32> {
  // CHECK: dlc.relu %{{.*}} : tensor<4xi32>
  %0 = dlc.relu %x : tensor<4xi32>
  // CHECK: dlc.abs %{{.*}} : tensor<4xi32>
  %1 = dlc.abs %0 : tensor<4xi32>
  return %1 : tensor<4xi32>
}

// CHECK-LABEL: func.func @binary
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[Y:.*]]: tensor<3xf32>, %[[Z:.*]]: tensor<4x1x1xf32>)
func.func @binary(%x: tensor<2x3xf32>, %y: tensor<3xf32>, %z: tensor<4x1x1xf32>) -> tensor<4x2x3xf32> {
  // CHECK: %[[A:.*]] = dlc.add %[[X]], %[[Y]] : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  %0 = dlc.add %x, %y : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  // CHECK: %[[B:.*]] = dlc.sub %[[Y]], %[[A]] : tensor<3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
  %1 = dlc.sub %y, %0 : tensor<3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
  // CHECK: %[[C:.*]] = dlc.mul %[[B]], %[[Z]] : tensor<2x3xf32>, tensor<4x1x1xf32> -> tensor<4x2x3xf32>
  %2 = dlc.mul %1, %z : tensor<2x3xf32>, tensor<4x1x1xf32> -> tensor<4x2x3xf32>
  // CHECK: %[[D:.*]] = dlc.div %[[C]], %[[C]] : tensor<4x2x3xf32>, tensor<4x2x3xf32> -> tensor<4x2x3xf32>
  %3 = dlc.div %2, %2 : tensor<4x2x3xf32>, tensor<4x2x3xf32> -> tensor<4x2x3xf32>
  return %3 : tensor<4x2x3xf32>
}

// CHECK-LABEL: func.func @matmul
func.func @matmul(%a: tensor<8x784xf32>, %b: tensor<784x128xf32>,
                  %c: tensor<2x1x4x5xf32>, %d: tensor<3x5x6xf32>)
    -> (tensor<8x128xf32>, tensor<2x3x4x6xf32>) {
  // CHECK: dlc.matmul %{{.*}}, %{{.*}} : tensor<8x784xf32>, tensor<784x128xf32> -> tensor<8x128xf32>
  %0 = dlc.matmul %a, %b : tensor<8x784xf32>, tensor<784x128xf32> -> tensor<8x128xf32>
  // CHECK: dlc.matmul %{{.*}}, %{{.*}} : tensor<2x1x4x5xf32>, tensor<3x5x6xf32> -> tensor<2x3x4x6xf32>
  %1 = dlc.matmul %c, %d : tensor<2x1x4x5xf32>, tensor<3x5x6xf32> -> tensor<2x3x4x6xf32>
  return %0, %1 : tensor<8x128xf32>, tensor<2x3x4x6xf32>
}

// CHECK-LABEL: func.func @conv
func.func @conv(%x: tensor<1x1x28x28xf32>, %w: tensor<32x1x3x3xf32>, %b: tensor<32xf32>,
                %g: tensor<1x4x5x5xf32>, %gw: tensor<6x2x3x3xf32>)
    -> (tensor<1x32x26x26xf32>, tensor<1x6x3x3xf32>) {
  // CHECK: dlc.conv %{{.*}}, %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
  // CHECK-SAME: : (tensor<1x1x28x28xf32>, tensor<32x1x3x3xf32>, tensor<32xf32>) -> tensor<1x32x26x26xf32>
  %0 = dlc.conv %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
       : (tensor<1x1x28x28xf32>, tensor<32x1x3x3xf32>, tensor<32xf32>) -> tensor<1x32x26x26xf32>
  // Grouped, strided, padded, no bias: (5 + 1 + 1 - 3) / 2 + 1 = 3.
  // CHECK: dlc.conv %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, group = 2 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
  // CHECK-SAME: : (tensor<1x4x5x5xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x3x3xf32>
  %1 = dlc.conv %g, %gw {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>,
         pads = array<i64: 1, 1, 1, 1>, group = 2 : i64}
       : (tensor<1x4x5x5xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x3x3xf32>
  return %0, %1 : tensor<1x32x26x26xf32>, tensor<1x6x3x3xf32>
}

// CHECK-LABEL: func.func @conv1d
func.func @conv1d(%x: tensor<2x3x10xf32>, %w: tensor<4x3x3xf32>) -> tensor<2x4x4xf32> {
  // Kernel 3 with dilation 3 spans 7: 10 - 7 + 1 = 4.
  // CHECK: dlc.conv {{.*}}dilations = array<i64: 3>{{.*}} : (tensor<2x3x10xf32>, tensor<4x3x3xf32>) -> tensor<2x4x4xf32>
  %0 = dlc.conv %x, %w {strides = array<i64: 1>, dilations = array<i64: 3>,
         pads = array<i64: 0, 0>, group = 1 : i64}
       : (tensor<2x3x10xf32>, tensor<4x3x3xf32>) -> tensor<2x4x4xf32>
  return %0 : tensor<2x4x4xf32>
}

// CHECK-LABEL: func.func @pool
func.func @pool(%x: tensor<1x32x26x26xf32>, %y: tensor<1x1x5x5xf32>)
    -> (tensor<1x32x13x13xf32>, tensor<1x1x3x3xf32>) {
  // CHECK: dlc.max_pool %{{.*}} {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
  // CHECK-SAME: : tensor<1x32x26x26xf32> -> tensor<1x32x13x13xf32>
  %0 = dlc.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>,
         dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>}
       : tensor<1x32x26x26xf32> -> tensor<1x32x13x13xf32>
  // ceil_mode form: floor gives (5 - 2) / 2 + 1 = 2, ceil 3.
  // CHECK: dlc.avg_pool %{{.*}} {count_include_pad = false, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
  // CHECK-SAME: : tensor<1x1x5x5xf32> -> tensor<1x1x3x3xf32>
  %1 = dlc.avg_pool %y {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>,
         dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, count_include_pad = false}
       : tensor<1x1x5x5xf32> -> tensor<1x1x3x3xf32>
  return %0, %1 : tensor<1x32x13x13xf32>, tensor<1x1x3x3xf32>
}

// CHECK-LABEL: func.func @softmax
func.func @softmax(%x: tensor<8x10xf32>) -> (tensor<8x10xf32>, tensor<8x10xf32>) {
  // CHECK: dlc.softmax %{{.*}} {axis = 1 : i64} : tensor<8x10xf32>
  %0 = dlc.softmax %x {axis = 1 : i64} : tensor<8x10xf32>
  // CHECK: dlc.log_softmax %{{.*}} {axis = 0 : i64} : tensor<8x10xf32>
  %1 = dlc.log_softmax %x {axis = 0 : i64} : tensor<8x10xf32>
  return %0, %1 : tensor<8x10xf32>, tensor<8x10xf32>
}

// CHECK-LABEL: func.func @data_movement
func.func @data_movement(%x: tensor<2x3xf32>, %y: tensor<1x3xf32>, %i: tensor<4xi64>)
    -> (tensor<6xf32>, tensor<3x2xf32>, tensor<3x3xf32>, tensor<2x2xf32>,
        tensor<4x3xf32>, tensor<4x2x3xf32>, tensor<4x5xf32>, tensor<2x3xi32>) {
  // CHECK: dlc.reshape %{{.*}} : tensor<2x3xf32> -> tensor<6xf32>
  %0 = dlc.reshape %x : tensor<2x3xf32> -> tensor<6xf32>
  // CHECK: dlc.transpose %{{.*}} {permutation = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<3x2xf32>
  %1 = dlc.transpose %x {permutation = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<3x2xf32>
  // CHECK: dlc.concat %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<2x3xf32>, tensor<1x3xf32>) -> tensor<3x3xf32>
  %2 = dlc.concat %x, %y {axis = 0 : i64} : (tensor<2x3xf32>, tensor<1x3xf32>) -> tensor<3x3xf32>
  // CHECK: dlc.slice %{{.*}} {starts = array<i64: 0, 2>, steps = array<i64: 1, -2>} : tensor<2x3xf32> -> tensor<2x2xf32>
  %3 = dlc.slice %x {starts = array<i64: 0, 2>, steps = array<i64: 1, -2>} : tensor<2x3xf32> -> tensor<2x2xf32>
  // CHECK: dlc.gather %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<2x3xf32>, tensor<4xi64>) -> tensor<4x3xf32>
  %4 = dlc.gather %x, %i {axis = 0 : i64} : (tensor<2x3xf32>, tensor<4xi64>) -> tensor<4x3xf32>
  // CHECK: dlc.broadcast %{{.*}} : tensor<2x3xf32> -> tensor<4x2x3xf32>
  %5 = dlc.broadcast %x : tensor<2x3xf32> -> tensor<4x2x3xf32>
  // CHECK: dlc.pad %{{.*}} {pads = array<i64: 1, 0, 1, 2>, value = 1.500000e+00 : f64} : tensor<2x3xf32> -> tensor<4x5xf32>
  %6 = dlc.pad %x {pads = array<i64: 1, 0, 1, 2>, value = 1.5 : f64} : tensor<2x3xf32> -> tensor<4x5xf32>
  // CHECK: dlc.cast %{{.*}} : tensor<2x3xf32> -> tensor<2x3xi32>
  %7 = dlc.cast %x : tensor<2x3xf32> -> tensor<2x3xi32>
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<6xf32>, tensor<3x2xf32>, tensor<3x3xf32>, tensor<2x2xf32>,
        tensor<4x3xf32>, tensor<4x2x3xf32>, tensor<4x5xf32>, tensor<2x3xi32>
}
