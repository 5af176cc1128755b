// RUN: dlc-opt %s --dlc-gpu-tile-contractions -split-input-file | FileCheck %s
//
// A contraction of at least 16 rows and columns becomes a block kernel in
// phase form: here M = 100 (64-row tiles), N = 50 (32-column tiles), so
// 2 x 2 blocks of 16 x 8 = 128 threads, 4 x 4 outputs each; K = 70 in
// 16-deep slices. The fill starts the accumulators, the relu is applied
// before the store, and neither is left as an op of its own.

// CHECK-LABEL: func.func @gemm_relu
// CHECK-DAG: %[[ACC:.*]] = memref.alloca() {dlc.gpu_private} : memref<128x16xf32>
// CHECK-DAG: %[[BT:.*]] = memref.alloca() {dlc.gpu_shared} : memref<16x33xf32>
// CHECK-DAG: %[[AT:.*]] = memref.alloca() {dlc.gpu_shared} : memref<16x65xf32>
// CHECK-NOT: linalg.
// CHECK: scf.parallel (%{{.*}}) = (%{{.*}}) to (%c4)
// Phase 1: the accumulators start from the fill's value.
// CHECK: scf.parallel (%[[T:.*]]) = (%{{.*}}) to (%c128)
// CHECK-COUNT-16: memref.store %[[ZERO:.*]], %[[ACC]][%[[T]], %{{.*}}]
// CHECK: } {mapping = [#gpu.loop_dim_map<processor = thread_x
// CHECK: scf.for %[[K0:.*]] = %{{.*}} to %c70 step %c16
// Phase 2: the A and B slices, zero past the ends of M, N and K.
// CHECK: scf.parallel
// CHECK: %[[A:.*]] = memref.load %arg0
// CHECK: arith.cmpi ult, %{{.*}}, %c100
// CHECK: arith.cmpi ult, %{{.*}}, %c70
// CHECK: %[[AV:.*]] = arith.select %{{.*}}, %[[A]], %{{.*}} : f32
// CHECK: memref.store %[[AV]], %[[AT]]
// CHECK: memref.load %arg1
// CHECK: arith.cmpi ult, %{{.*}}, %c50
// CHECK: memref.store %{{.*}}, %[[BT]]
// CHECK: } {mapping = [#gpu.loop_dim_map<processor = thread_x
// Phase 3: 16 fmas per K step on values read from the shared slices.
// CHECK: scf.parallel (%[[T3:.*]]) =
// CHECK-COUNT-16: memref.load %[[ACC]][%[[T3]],
// CHECK: scf.for
// CHECK: memref.load %[[AT]]
// CHECK: memref.load %[[BT]]
// CHECK-COUNT-16: math.fma
// CHECK: scf.yield
// CHECK-COUNT-16: memref.store %{{.*}}, %[[ACC]][%[[T3]],
// CHECK: } {mapping = [#gpu.loop_dim_map<processor = thread_x
// CHECK: }
// Phase 4: in-bounds outputs, through the relu, to C.
// CHECK: scf.parallel (%[[T4:.*]]) =
// CHECK: scf.if
// CHECK: %[[V:.*]] = memref.load %[[ACC]][%[[T4]],
// CHECK: %[[R:.*]] = arith.maximumf %[[V]]
// CHECK: memref.store %[[R]], %arg2
// CHECK: } {dlc.gpu_phases, mapping = [#gpu.loop_dim_map<processor = block_x
// CHECK-NOT: linalg.
// CHECK: return
func.func @gemm_relu(%a: memref<100x70xf32>, %b: memref<70x50xf32>,
                     %c: memref<100x50xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<100x50xf32>)
  linalg.matmul ins(%a, %b : memref<100x70xf32>, memref<70x50xf32>)
                outs(%c : memref<100x50xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>,
                                   affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%c : memref<100x50xf32>) outs(%c : memref<100x50xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// A convolution: the bias broadcast starts each accumulator from the bias
// of its row (filter); 8 images x 1 x 2 tiles of the 10x10 = 100 outputs.
// CHECK-LABEL: func.func @conv_bias
// CHECK-NOT: linalg.
// CHECK: scf.parallel (%{{.*}}) = (%{{.*}}) to (%c16)
// CHECK: scf.parallel
// CHECK: memref.load %arg3[%{{.*}}] : memref<20xf32>
// CHECK: scf.for %{{.*}} = %{{.*}} to %c27 step %c16
// CHECK-NOT: linalg.
// CHECK: return
func.func @conv_bias(%x: memref<8x3x12x12xf32>, %w: memref<20x3x3x3xf32>,
                     %y: memref<8x20x10x10xf32>, %bias: memref<20xf32>) {
  linalg.broadcast ins(%bias : memref<20xf32>)
                   outs(%y : memref<8x20x10x10xf32>) dimensions = [0, 2, 3]
  linalg.conv_2d_nchw_fchw ins(%x, %w : memref<8x3x12x12xf32>, memref<20x3x3x3xf32>)
                           outs(%y : memref<8x20x10x10xf32>)
  return
}

// -----

// Fewer than 16 rows: left to plain loops.
// CHECK-LABEL: func.func @few_rows
// CHECK: linalg.matmul
// CHECK-NOT: dlc.gpu_phases
func.func @few_rows(%a: memref<8x70xf32>, %b: memref<70x50xf32>,
                    %c: memref<8x50xf32>) {
  linalg.matmul ins(%a, %b : memref<8x70xf32>, memref<70x50xf32>)
                outs(%c : memref<8x50xf32>)
  return
}

// -----

// Two 32x32 tiles and K = 1000: K is split into 3 ranges of 336 (a
// multiple of the 16-deep slice), 6 blocks in all, each adding into C
// atomically; the fill before and the relu after stay ops of their own.
// CHECK-LABEL: func.func @split_k
// CHECK: linalg.fill
// CHECK: scf.parallel (%[[BLK:.*]]) = (%{{.*}}) to (%c6)
// CHECK: %c1000 = arith.constant 1000
// CHECK-NEXT: %[[BEGIN:.*]] = affine.apply #{{.*}}(%[[BLK]])
// CHECK-NEXT: %[[LAST:.*]] = affine.apply #{{.*}}(%[[BLK]])
// CHECK-NEXT: %[[END:.*]] = arith.minui %[[LAST]], %c1000
// CHECK: scf.for %{{.*}} = %[[BEGIN]] to %[[END]] step %c16
// CHECK-COUNT-16: memref.atomic_rmw addf
// CHECK: linalg.generic
func.func @split_k(%a: memref<24x1000xf32>, %b: memref<1000x40xf32>,
                   %c: memref<24x40xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<24x40xf32>)
  linalg.matmul ins(%a, %b : memref<24x1000xf32>, memref<1000x40xf32>)
                outs(%c : memref<24x40xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>,
                                   affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%c : memref<24x40xf32>) outs(%c : memref<24x40xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  }
  return
}
