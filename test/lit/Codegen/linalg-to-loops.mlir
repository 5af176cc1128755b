// RUN: dlc-opt %s -pass-pipeline='builtin.module(func.func(dlc-cpu-linalg-to-loops{min-parallel-work=100}))' | FileCheck %s
// RUN: dlc-opt %s -pass-pipeline='builtin.module(func.func(dlc-cpu-linalg-to-loops{parallel=false}))' | FileCheck %s --check-prefix=SERIAL
//
// dlc-cpu-linalg-to-loops: loop nests whose first loop over a parallel dim
// is an scf.parallel when the op has at least min-parallel-work iterations.

// 2x2 max pooling, 2x3x16x16 windows: the loops become n | c, oh, kh, kw,
// ow: the window taps move outside the 16 output columns so the innermost
// loop is over a parallel dim (vectorisable), and n runs on the threads.
// CHECK-LABEL: func.func @pool
// CHECK: scf.parallel (%[[N:.*]]) = (%c0) to (%c2)
// CHECK-NEXT: scf.for %[[C:.*]] = %{{.*}} to %c3
// CHECK-NEXT: scf.for %[[OH:.*]] = %{{.*}} to %c16
// CHECK-NEXT: scf.for %[[KH:.*]] = %{{.*}} to %c2
// CHECK-NEXT: scf.for %[[KW:.*]] = %{{.*}} to %c2
// CHECK-NEXT: scf.for %[[OW:.*]] = %{{.*}} to %c16
// CHECK: arith.maximumf
// CHECK: memref.store %{{.*}}, %arg2[%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}]
// SERIAL-LABEL: func.func @pool
// SERIAL-NOT: scf.parallel
func.func @pool(%x: memref<2x3x32x32xf32>, %win: memref<2x2xf32>, %y: memref<2x3x16x16xf32>) {
  linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %win : memref<2x3x32x32xf32>, memref<2x2xf32>) outs(%y : memref<2x3x16x16xf32>)
  return
}

// A bias gradient reduces over the batch, which comes first: the channel
// loop moves outside it to run on the threads, and the reduction loops
// carry the sum (loaded and stored once per channel) with reassociable adds.
// CHECK-LABEL: func.func @bias_grad
// CHECK: scf.parallel (%[[CH:.*]]) = (%c0) to (%c8)
// CHECK: %[[INIT:.*]] = memref.load %arg1[%{{.*}}] : memref<8xf32>
// CHECK: %[[SUM:.*]] = scf.for %{{.*}} = %{{.*}} to %c4 step %{{.*}} iter_args(%{{.*}} = %[[INIT]]) -> (f32)
// CHECK: scf.for %{{.*}} = %{{.*}} to %c100 step %{{.*}} iter_args
// CHECK: scf.for %{{.*}} = %{{.*}} to %c100{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %{{.*}}) -> (f32)
// CHECK: %[[X:.*]] = memref.load %arg0
// CHECK-NEXT: %[[NEXT:.*]] = arith.addf %[[X]], %[[ACC]] fastmath<reassoc,contract> : f32
// CHECK-NEXT: scf.yield %[[NEXT]]
// CHECK: memref.store %[[SUM]], %arg1[%{{.*}}] : memref<8xf32>
func.func @bias_grad(%dy: memref<4x8x100x100xf32>, %db: memref<8xf32>) {
  linalg.reduce ins(%dy : memref<4x8x100x100xf32>) outs(%db : memref<8xf32>) dimensions = [0, 2, 3]
    (%in: f32, %acc: f32) {
      %s = arith.addf %in, %acc : f32
      linalg.yield %s : f32
    }
  return
}

// Four iterations: not worth a fork.
// CHECK-LABEL: func.func @small
// CHECK-NOT: scf.parallel
// CHECK: scf.for
func.func @small(%a: memref<4xf32>, %b: memref<4xf32>) {
  linalg.copy ins(%a : memref<4xf32>) outs(%b : memref<4xf32>)
  return
}
