// RUN: dlc-opt %s -pass-pipeline='builtin.module(func.func(dlc-cpu-lower-contractions{vector-width=16},canonicalize))' | FileCheck %s
//
// A convolution whose (bias, relu) output only feeds a 2x2 stride-2 max
// pooling is pooled in registers: C is never written. Numbers derived by
// hand from the shapes.

// y = relu(conv(x) + bias): 2 images, 4 channels, 26x26, pooled to 13x13.
// Tasks: (image, pooled row) = 2 x 13. Each output row is 26 columns: one
// full vector and one of 10 lanes; two rows (2 * pr and 2 * pr + 1, at
// x offsets pr * 56 and (2 * pr + 1) * 28 past the tap's) make 4 vectors
// per channel, so 16 accumulators hold all 4 channels. Per channel: relu,
// max of the two rows, max of the even and odd lanes of the 32 columns,
// 13 lanes stored to the pooled buffer.
// CHECK-LABEL: func.func @conv_relu_pool
// CHECK-NOT: linalg.
// CHECK: %[[P:.*]] = memref.view %arg3[%c21632][] : memref<27136xi8> to memref<2x4x13x13xf32>
// CHECK-NOT: memref<2x4x26x26xf32>
// CHECK: scf.parallel (%[[N:.*]], %[[PR:.*]]) = (%c0, %c0) to (%c2, %c13) step (%c1, %c1)
// CHECK: %[[TAIL:.*]] = vector.constant_mask [10] : vector<16xi1>
// CHECK: %[[X:.*]] = memref.reinterpret_cast %arg0 to offset: [0], sizes: [1568], strides: [1]
// CHECK: %[[ROW0:.*]] = arith.muli %[[PR]], %c2
// CHECK: %[[B0:.*]] = memref.load %arg2[%c0] : memref<4xf32>
// CHECK: %[[INIT0:.*]] = vector.broadcast %[[B0]]
// CHECK: scf.for %[[KH:.*]] = %c0 to %c3 step %c1 iter_args(%{{.*}} = %[[INIT0]], %{{.*}} = %[[INIT0]], %{{.*}} = %[[INIT0]], %{{.*}} = %[[INIT0]],
// CHECK: scf.for %[[KW:.*]] = %c0 to %c3
// CHECK: %[[TAP:.*]] = affine.apply #{{.*}}(%[[N]], %[[KH]], %[[KW]])
// CHECK: %[[SKIP0:.*]] = arith.muli %[[PR]], %c56
// CHECK: %[[AT0:.*]] = arith.addi %[[TAP]], %[[SKIP0]]
// CHECK: vector.load %[[X]][%[[AT0]]]
// CHECK: %[[AT0B:.*]] = arith.addi %[[AT0]], %c16
// CHECK: vector.maskedload %[[X]][%[[AT0B]]], %[[TAIL]]
// CHECK: %[[ROW1:.*]] = arith.addi %[[ROW0]], %c1
// CHECK: %[[SKIP1:.*]] = arith.muli %[[ROW1]], %c28
// CHECK: arith.addi %[[TAP]], %[[SKIP1]]
// CHECK-COUNT-16: vector.fma
// CHECK: %[[KEEP:.*]] = vector.constant_mask [13] : vector<16xi1>
// CHECK: %[[R0:.*]] = arith.maximumf %{{.*}}#0, %cst
// CHECK: %[[R2:.*]] = arith.maximumf %{{.*}}#1, %cst
// CHECK: %[[R1:.*]] = arith.maximumf %{{.*}}#2, %cst
// CHECK: %[[R3:.*]] = arith.maximumf %{{.*}}#3, %cst
// CHECK-NOT: vector.maskedstore
// CHECK: %[[LO:.*]] = arith.maximumf %[[R0]], %[[R1]]
// CHECK: %[[HI:.*]] = arith.maximumf %[[R2]], %[[R3]]
// CHECK: %[[ODD:.*]] = vector.shuffle %[[LO]], %[[HI]] [1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31]
// CHECK: %[[EVEN:.*]] = vector.shuffle %[[LO]], %[[HI]] [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30]
// CHECK: %[[POOLED:.*]] = arith.maximumf %[[EVEN]], %[[ODD]]
// CHECK: vector.maskedstore %[[P]][%[[N]], %c0, %[[PR]], %c0], %[[KEEP]], %[[POOLED]]
// CHECK-COUNT-3: vector.maskedstore %[[P]]
func.func @conv_relu_pool(%x: memref<2x1x28x28xf32>, %w: memref<4x1x3x3xf32>, %bias: memref<4xf32>, %arena: memref<27136xi8>) {
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %c0 = arith.constant 0 : index
  %c21632 = arith.constant 21632 : index
  %c27040 = arith.constant 27040 : index
  %y = memref.view %arena[%c0][] : memref<27136xi8> to memref<2x4x26x26xf32>
  linalg.broadcast ins(%bias : memref<4xf32>) outs(%y : memref<2x4x26x26xf32>) dimensions = [0, 2, 3]
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : memref<2x1x28x28xf32>, memref<4x1x3x3xf32>) outs(%y : memref<2x4x26x26xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%y : memref<2x4x26x26xf32>) outs(%y : memref<2x4x26x26xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  }
  %p = memref.view %arena[%c21632][] : memref<27136xi8> to memref<2x4x13x13xf32>
  linalg.fill ins(%ninf : f32) outs(%p : memref<2x4x13x13xf32>)
  %window = memref.view %arena[%c27040][] : memref<27136xi8> to memref<2x2xf32>
  linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%y, %window : memref<2x4x26x26xf32>, memref<2x2xf32>) outs(%p : memref<2x4x13x13xf32>)
  return
}

// The pooled buffer is planned over x's bytes (x dies at the convolution):
// writing pooled rows while the convolution still reads x would clobber
// it, so the convolution and the pooling stay apart.
// CHECK-LABEL: func.func @pooled_over_input
// CHECK: scf.parallel (%{{.*}}) = (%c0) to (%c43) step (%c1)
// CHECK: linalg.fill
// CHECK: linalg.pooling_nchw_max
func.func @pooled_over_input(%w: memref<4x1x3x3xf32>, %bias: memref<4xf32>, %arena: memref<27136xi8>) {
  %ninf = arith.constant 0xFF800000 : f32
  %c0 = arith.constant 0 : index
  %c21632 = arith.constant 21632 : index
  %c27040 = arith.constant 27040 : index
  %x = memref.view %arena[%c21632][] : memref<27136xi8> to memref<1x1x28x28xf32>
  %y = memref.view %arena[%c0][] : memref<27136xi8> to memref<1x4x26x26xf32>
  linalg.broadcast ins(%bias : memref<4xf32>) outs(%y : memref<1x4x26x26xf32>) dimensions = [0, 2, 3]
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : memref<1x1x28x28xf32>, memref<4x1x3x3xf32>) outs(%y : memref<1x4x26x26xf32>)
  %p = memref.view %arena[%c21632][] : memref<27136xi8> to memref<1x4x13x13xf32>
  linalg.fill ins(%ninf : f32) outs(%p : memref<1x4x13x13xf32>)
  %window = memref.view %arena[%c27040][] : memref<27136xi8> to memref<2x2xf32>
  linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%y, %window : memref<1x4x26x26xf32>, memref<2x2xf32>) outs(%p : memref<1x4x13x13xf32>)
  return
}

// As @conv_relu_pool, but a later op (a training step's backward pass)
// reads y: the fused tasks also store y's two rows (26 columns each: a full
// vector and 10 lanes) after the relu, before pooling them.
// CHECK-LABEL: func.func @conv_relu_pool_kept
// CHECK-NOT: linalg.fill
// CHECK: %[[Y:.*]] = memref.view %arg3[%c0][] : memref<27136xi8> to memref<2x4x26x26xf32>
// CHECK: %[[P:.*]] = memref.view %arg3[%c21632][] : memref<27136xi8> to memref<2x4x13x13xf32>
// CHECK: scf.parallel (%[[N:.*]], %[[PR:.*]]) = (%c0, %c0) to (%c2, %c13)
// CHECK: %[[TAIL:.*]] = vector.constant_mask [10] : vector<16xi1>
// CHECK: %[[ROW0:.*]] = arith.muli %[[PR]], %c2
// CHECK-COUNT-16: vector.fma
// CHECK: %[[R0:.*]] = arith.maximumf %{{.*}}#0, %cst
// CHECK: %[[R1:.*]] = arith.maximumf %{{.*}}#1, %cst
// CHECK: %[[R2:.*]] = arith.maximumf %{{.*}}#2, %cst
// CHECK: %[[R3:.*]] = arith.maximumf %{{.*}}#3, %cst
// CHECK: vector.store %[[R0]], %[[Y]][%[[N]], %c0, %[[ROW0]], %c0]
// CHECK: vector.maskedstore %[[Y]][%[[N]], %c0, %[[ROW0]], %c16], %[[TAIL]], %[[R1]]
// CHECK: %[[ROW1:.*]] = arith.addi %[[ROW0]], %c1
// CHECK: vector.store %[[R2]], %[[Y]][%[[N]], %c0, %[[ROW1]], %c0]
// CHECK: vector.maskedstore %[[Y]][%[[N]], %c0, %[[ROW1]], %c16], %[[TAIL]], %[[R3]]
// CHECK: vector.maskedstore %[[P]][%[[N]], %c0, %[[PR]], %c0]
// CHECK: linalg.copy ins(%[[Y]]
func.func @conv_relu_pool_kept(%x: memref<2x1x28x28xf32>, %w: memref<4x1x3x3xf32>, %bias: memref<4xf32>, %arena: memref<27136xi8>, %keep: memref<2x4x26x26xf32>) {
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %c0 = arith.constant 0 : index
  %c21632 = arith.constant 21632 : index
  %c27040 = arith.constant 27040 : index
  %y = memref.view %arena[%c0][] : memref<27136xi8> to memref<2x4x26x26xf32>
  linalg.broadcast ins(%bias : memref<4xf32>) outs(%y : memref<2x4x26x26xf32>) dimensions = [0, 2, 3]
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : memref<2x1x28x28xf32>, memref<4x1x3x3xf32>) outs(%y : memref<2x4x26x26xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%y : memref<2x4x26x26xf32>) outs(%y : memref<2x4x26x26xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  }
  %p = memref.view %arena[%c21632][] : memref<27136xi8> to memref<2x4x13x13xf32>
  linalg.fill ins(%ninf : f32) outs(%p : memref<2x4x13x13xf32>)
  %window = memref.view %arena[%c27040][] : memref<27136xi8> to memref<2x2xf32>
  linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%y, %window : memref<2x4x26x26xf32>, memref<2x2xf32>) outs(%p : memref<2x4x13x13xf32>)
  linalg.copy ins(%y : memref<2x4x26x26xf32>) outs(%keep : memref<2x4x26x26xf32>)
  return
}

// y (25x25) is read later but the pooling (to 12x12) skips its last row and
// column: the fused tasks would leave them unwritten, so nothing is fused.
// CHECK-LABEL: func.func @odd_conv_kept
// CHECK: linalg.fill
// CHECK: linalg.pooling_nchw_max
// CHECK: linalg.copy
func.func @odd_conv_kept(%x: memref<2x1x27x27xf32>, %w: memref<4x1x3x3xf32>, %bias: memref<4xf32>, %arena: memref<27136xi8>, %keep: memref<2x4x25x25xf32>) {
  %ninf = arith.constant 0xFF800000 : f32
  %c0 = arith.constant 0 : index
  %c21632 = arith.constant 21632 : index
  %c27040 = arith.constant 27040 : index
  %y = memref.view %arena[%c0][] : memref<27136xi8> to memref<2x4x25x25xf32>
  linalg.broadcast ins(%bias : memref<4xf32>) outs(%y : memref<2x4x25x25xf32>) dimensions = [0, 2, 3]
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : memref<2x1x27x27xf32>, memref<4x1x3x3xf32>) outs(%y : memref<2x4x25x25xf32>)
  %p = memref.view %arena[%c21632][] : memref<27136xi8> to memref<2x4x12x12xf32>
  linalg.fill ins(%ninf : f32) outs(%p : memref<2x4x12x12xf32>)
  %window = memref.view %arena[%c27040][] : memref<27136xi8> to memref<2x2xf32>
  linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%y, %window : memref<2x4x25x25xf32>, memref<2x2xf32>) outs(%p : memref<2x4x12x12xf32>)
  linalg.copy ins(%y : memref<2x4x25x25xf32>) outs(%keep : memref<2x4x25x25xf32>)
  return
}
