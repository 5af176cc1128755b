// RUN: dlc-opt %s -pass-pipeline='builtin.module(func.func(dlc-cpu-vectorize-pooling{vector-width=16},canonicalize))' | FileCheck %s
//
// dlc-cpu-vectorize-pooling with 16 lanes. The numbers are derived by hand
// from the shapes.

// 2x2 max pooling, stride 2, after a fill with -inf: 2 planes of 10x20 in,
// 5x10 out (400 output-taps: one thread). Per output row (input offset
// plane*200 + row*40) one vector of 10 columns; each tap is two loads of
// the input row (16 lanes, then the 19 - 16 = 3 lanes that 2*10 - 1 needs)
// whose even lanes a shuffle keeps. The fill is gone: max(-inf, x) = x.
// CHECK-LABEL: func.func @max_2x2_stride2
// CHECK-NOT: linalg.
// CHECK-DAG: %[[X:.*]] = memref.collapse_shape %arg0 {{\[}}[0, 1, 2, 3]] : memref<1x2x10x20xf32> into memref<400xf32>
// CHECK-DAG: %[[Y:.*]] = memref.collapse_shape %arg1 {{\[}}[0, 1, 2, 3]] : memref<1x2x5x10xf32> into memref<100xf32>
// CHECK: scf.for %[[P:.*]] = %c0 to %c2 step %c1
// CHECK: %[[INPLANE:.*]] = arith.muli %[[P]], %c200
// CHECK: %[[OUTPLANE:.*]] = arith.muli %[[P]], %c50
// CHECK: scf.for %[[R:.*]] = %c0 to %c5 step %c1
// CHECK: %[[INROW:.*]] = arith.muli %[[R]], %c40
// CHECK: %[[IN:.*]] = arith.addi %[[INPLANE]], %[[INROW]]
// CHECK: %[[OUTROW:.*]] = arith.muli %[[R]], %c10
// CHECK: %[[OUT:.*]] = arith.addi %[[OUTPLANE]], %[[OUTROW]]
// CHECK: %[[M10:.*]] = vector.constant_mask [10] : vector<16xi1>
// CHECK: %[[M3:.*]] = vector.constant_mask [3] : vector<16xi1>
// CHECK: %[[LO:.*]] = vector.load %[[X]][%[[IN]]]
// CHECK: %[[AT16:.*]] = arith.addi %[[IN]], %c16
// CHECK: %[[HI:.*]] = vector.maskedload %[[X]][%[[AT16]]], %[[M3]]
// CHECK: %[[T00:.*]] = vector.shuffle %[[LO]], %[[HI]] [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30]
// CHECK: arith.addi %[[IN]], %c1
// CHECK: %[[T01:.*]] = vector.shuffle
// CHECK: %[[MAX:.*]] = arith.maximumf %[[T00]], %[[T01]]
// CHECK: arith.addi %[[IN]], %c20
// CHECK: %[[T10:.*]] = vector.shuffle
// CHECK: %[[MAX1:.*]] = arith.maximumf %[[MAX]], %[[T10]]
// CHECK: arith.addi %[[IN]], %c21
// CHECK: %[[T11:.*]] = vector.shuffle
// CHECK: %[[MAX2:.*]] = arith.maximumf %[[MAX1]], %[[T11]]
// CHECK: vector.maskedstore %[[Y]][%[[OUT]]], %[[M10]], %[[MAX2]]
func.func @max_2x2_stride2(%x: memref<1x2x10x20xf32>, %y: memref<1x2x5x10xf32>) {
  %ninf = arith.constant 0xFF800000 : f32
  %window = memref.alloca() : memref<2x2xf32>
  linalg.fill ins(%ninf : f32) outs(%y : memref<1x2x5x10xf32>)
  linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %window : memref<1x2x10x20xf32>, memref<2x2xf32>) outs(%y : memref<1x2x5x10xf32>)
  return
}

// 3x3 sum pooling, stride 1, no fill: the sum starts from y's values; the
// taps are at row*6 + {0, 1, 2, 6, 7, 8, 12, 13, 14}, 4 lanes each.
// CHECK-LABEL: func.func @sum_3x3
// CHECK: scf.for %[[R:.*]] = %c0 to %c4 step %c1
// CHECK: %[[IN:.*]] = arith.muli %[[R]], %c6
// CHECK: %[[OUT:.*]] = arith.muli %[[R]], %c4
// CHECK: %[[M4:.*]] = vector.constant_mask [4] : vector<16xi1>
// CHECK: %[[Y0:.*]] = vector.maskedload %{{.*}}[%[[OUT]]], %[[M4]]
// CHECK: %[[T0:.*]] = vector.maskedload %{{.*}}[%[[IN]]], %[[M4]]
// CHECK: %[[S:.*]] = arith.addf %[[Y0]], %[[T0]]
// CHECK-COUNT-8: arith.addf
// CHECK: vector.maskedstore %{{.*}}[%[[OUT]]], %[[M4]]
func.func @sum_3x3(%x: memref<1x1x6x6xf32>, %y: memref<1x1x4x4xf32>) {
  %window = memref.alloca() : memref<3x3xf32>
  linalg.pooling_nchw_sum {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %window : memref<1x1x6x6xf32>, memref<3x3xf32>) outs(%y : memref<1x1x4x4xf32>)
  return
}

// Column stride 3: left to dlc-cpu-linalg-to-loops.
// CHECK-LABEL: func.func @stride3
// CHECK: linalg.pooling_nchw_max
func.func @stride3(%x: memref<1x1x9x9xf32>, %y: memref<1x1x3x3xf32>) {
  %window = memref.alloca() : memref<3x3xf32>
  linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<3> : tensor<2xi64>} ins(%x, %window : memref<1x1x9x9xf32>, memref<3x3xf32>) outs(%y : memref<1x1x3x3xf32>)
  return
}
