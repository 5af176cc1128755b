// RUN: dlc-opt %s --dlc-gpu-block-reductions -split-input-file | FileCheck %s
//
// A reduction of at least 64 elements per output becomes one block per
// output: each thread combines a strided share, a tree over shared memory
// halves the partials log2(threads) times, thread 0 adds the total to the
// output's old value.

// 4 rows of 300: 4 blocks of 256 threads, 8 tree steps.
// CHECK-LABEL: func.func @row_sums
// CHECK: %[[PART:.*]] = memref.alloca() {dlc.gpu_shared} : memref<256xf32>
// CHECK: scf.parallel (%{{.*}}) = (%{{.*}}) to (%c4)
// CHECK: scf.parallel (%[[T:.*]]) = (%{{.*}}) to (%c256)
// CHECK: %[[ID:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[SUM:.*]] = scf.for %[[R:.*]] = %[[T]] to %c300 step %c256{{(_[0-9]+)?}} iter_args(%[[ACC:.*]] = %[[ID]])
// CHECK: %[[X:.*]] = memref.load %arg0[%{{.*}}, %{{.*}}] : memref<4x300xf32>
// CHECK: %[[SQ:.*]] = arith.mulf %[[X]], %[[X]]
// CHECK: %[[NEXT:.*]] = arith.addf %[[SQ]], %[[ACC]]
// CHECK: scf.yield %[[NEXT]]
// CHECK: memref.store %[[SUM]], %[[PART]][%[[T]]]
// CHECK-COUNT-8: arith.cmpi ult, %{{.*}}, %c{{(128|64|32|16|8|4|2|1)}}{{(_[0-9]+)?}} : index
// CHECK: arith.cmpi eq, %{{.*}}, %c0
// CHECK: %[[OLD:.*]] = memref.load %arg1[%[[AT:.*]]]
// CHECK: %[[TOTAL:.*]] = memref.load %[[PART]][%c0
// CHECK: %[[NEW:.*]] = arith.addf %[[TOTAL]], %[[OLD]]
// CHECK: memref.store %[[NEW]], %arg1[%[[AT]]]
// CHECK: } {dlc.gpu_phases, mapping = [#gpu.loop_dim_map<processor = block_x
// CHECK-NOT: linalg.generic
func.func @row_sums(%x: memref<4x300xf32>, %out: memref<4xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>,
                                   affine_map<(d0, d1) -> (d0)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<4x300xf32>) outs(%out : memref<4xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %sq = arith.mulf %in, %in : f32
    %s = arith.addf %sq, %acc : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// A channel's maximum over batch, height and width (8 x 4 x 4 = 128): 128
// threads, starting from -inf.
// CHECK-LABEL: func.func @channel_max
// CHECK: memref.alloca() {dlc.gpu_shared} : memref<128xf32>
// CHECK: scf.parallel (%{{.*}}) = (%{{.*}}) to (%c3)
// CHECK: arith.constant 0xFF800000 : f32
// CHECK: scf.for %{{.*}} = %{{.*}} to %c128{{(_[0-9]+)?}} step %c128
// CHECK: arith.maximumf
// CHECK-NOT: linalg.reduce
func.func @channel_max(%x: memref<8x3x4x4xf32>, %out: memref<3xf32>) {
  linalg.reduce ins(%x : memref<8x3x4x4xf32>) outs(%out : memref<3xf32>)
      dimensions = [0, 2, 3]
    (%in: f32, %init: f32) {
      %m = arith.maximumf %in, %init : f32
      linalg.yield %m : f32
    }
  return
}

// -----

// Short rows (a softmax over 10 classes) stay one thread's loop; a body
// that uses the output twice is not a combiner.
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT: dlc.gpu_phases
// CHECK: linalg.reduce
// CHECK: linalg.generic
func.func @left_alone(%x: memref<128x10xf32>, %out: memref<128xf32>,
                      %y: memref<2x100xf32>, %out2: memref<2xf32>) {
  linalg.reduce ins(%x : memref<128x10xf32>) outs(%out : memref<128xf32>)
      dimensions = [1]
    (%in: f32, %init: f32) {
      %s = arith.addf %in, %init : f32
      linalg.yield %s : f32
    }
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>,
                                   affine_map<(d0, d1) -> (d0)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%y : memref<2x100xf32>) outs(%out2 : memref<2xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %p = arith.mulf %in, %acc : f32
    %s = arith.addf %p, %acc : f32
    linalg.yield %s : f32
  }
  return
}
