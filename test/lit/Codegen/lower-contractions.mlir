// RUN: dlc-opt %s -pass-pipeline='builtin.module(func.func(dlc-cpu-lower-contractions{vector-width=16},canonicalize))' | FileCheck %s
//
// dlc-cpu-lower-contractions with AVX-512 widths (16 lanes, NR = 32
// columns, MR = 8 rows with two vectors per row, 16 with one). The shapes
// are chosen to leave tails: the numbers below are derived by hand.

// The convolutions' x row offsets (see @conv_bias_relu, @conv_full_rows).
// CHECK-DAG: #[[XROW:.*]] = affine_map<(d0, d1, d2, d3) -> (d0 * 432 + d1 * 144 + d2 * 12 + d3)>
// CHECK-DAG: #[[XROW16:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0 * 648 + d1 * 18 + d2 * 324 + d3 * 18 + d4)>

// C[20x40] += A[20x48] B[48x40]: ceil(40/32) = 2 column panels in parallel,
// each packs B's 48x32 panel (1536 floats) and runs 20/8 = 2 full row
// blocks then a tail of 4 rows; the second panel is 8 columns wide, so the
// second vector of each row is masked (create_mask 40 - 32 - 16 < 0).
// CHECK-LABEL: func.func @matmul
// CHECK-NOT: linalg.matmul
// CHECK: scf.parallel (%[[P:.*]]) = (%c0) to (%c2) step (%c1)
// CHECK: %[[J0:.*]] = arith.muli %[[P]], %c32
// CHECK: %[[W:.*]] = arith.minsi %{{.*}}, %c32
// CHECK: %[[M0:.*]] = vector.create_mask %[[W]] : vector<16xi1>
// CHECK: %[[PANEL:.*]] = memref.alloca() {alignment = 64 : i64} : memref<1536xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c48 step %c1
// CHECK: memref.store %{{.*}}, %[[PANEL]]
// CHECK: scf.for %[[I:.*]] = %c0 to %c16 step %c8
// CHECK: vector.maskedload %arg2[%[[I]], %[[J0]]], %[[M0]]
// CHECK: scf.for %{{.*}} = %c0 to %c48 step %c1 iter_args({{.*}}) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK: vector.load %[[PANEL]]
// CHECK: %[[A:.*]] = memref.load %arg0
// CHECK: %[[SPLAT:.*]] = vector.broadcast %[[A]] : f32 to vector<16xf32>
// CHECK: vector.fma %[[SPLAT]]
// CHECK: vector.maskedstore %arg2[%[[I]], %[[J0]]], %[[M0]]
// The 4-row tail from row 16.
// CHECK: vector.maskedload %arg2[%c16, %[[J0]]]
// CHECK: scf.for %{{.*}} = %c0 to %c48 step %c1 iter_args({{.*}}) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK: vector.maskedstore %arg2[%c19, %{{.*}}]
func.func @matmul(%a: memref<20x48xf32>, %b: memref<48x40xf32>, %c: memref<20x40xf32>) {
  linalg.matmul ins(%a, %b : memref<20x48xf32>, memref<48x40xf32>) outs(%c : memref<20x40xf32>)
  return
}

// Convolution with its bias broadcast before and a relu after, both fused.
// x's offset for output column p = oh * 10 + ow (of 100 per channel) is
// row(n, c, kh, kw) + oh * 12 + ow = row + p + 2 * oh: each vector of 16
// columns is read in place as masked loads of the runs of the (at most
// (16 - 1) / 10 + 2 = 3) output rows it spans. Tasks: 2 images x
// ceil(100 / 16) = 7 panels of one vector; the 4 output channels are the
// rows (MR = 16); K = (c, kh, kw) = 3 x 3 x 3 loops.
// CHECK-LABEL: func.func @conv_bias_relu
// CHECK-NOT: linalg.
// CHECK: %[[LANES:.*]] = arith.constant dense<[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]> : vector<16xi32>
// CHECK: %[[Y:.*]] = memref.collapse_shape %arg3 {{\[}}[0], [1], [2, 3]] : memref<2x4x10x10xf32> into memref<2x4x100xf32>
// CHECK: scf.parallel (%[[N:.*]], %[[P:.*]]) = (%c0, %c0) to (%c2, %c7) step (%c1, %c1)
// CHECK: %[[J0:.*]] = arith.muli %[[P]], %c16
// CHECK: %[[X:.*]] = memref.reinterpret_cast %arg0 to offset: [0], sizes: [864], strides: [1]
// The first vector's first row, its lanes [lo, hi) and its base (the row
// clamped to the last one, 9, so that no address leaves x).
// CHECK: %[[ROW:.*]] = arith.divui %[[J0]], %c10
// CHECK: %[[ROWSTART:.*]] = arith.muli %[[ROW]], %c10
// CHECK: %[[LO:.*]] = arith.subi %[[ROWSTART]], %[[J0]]
// CHECK: arith.cmpi sgt, %{{.*}}, %[[LANES]]
// CHECK: %[[MASK0:.*]] = arith.andi
// CHECK: %[[CLAMPED:.*]] = arith.minsi %[[ROW]], %c9
// CHECK: %[[SKEW:.*]] = arith.muli %[[CLAMPED]], %c2
// CHECK: %[[BASE0:.*]] = arith.addi %[[J0]], %[[SKEW]]
// CHECK: %[[B0:.*]] = memref.load %arg2[%c0] : memref<4xf32>
// CHECK: %[[INIT0:.*]] = vector.broadcast %[[B0]] : f32 to vector<16xf32>
// CHECK: %[[ACC:.*]]:4 = scf.for %[[C:.*]] = %c0 to %c3 step %c1 iter_args(%{{.*}} = %[[INIT0]],
// CHECK: scf.for %[[KH:.*]] = %c0 to %c3
// CHECK: scf.for %[[KW:.*]] = %c0 to %c3
// CHECK: %[[OFF:.*]] = affine.apply #[[XROW]](%[[N]], %[[C]], %[[KH]], %[[KW]])
// CHECK: %[[AT0:.*]] = arith.addi %[[OFF]], %[[BASE0]]
// CHECK: %[[SEG0:.*]] = vector.maskedload %[[X]][%[[AT0]]], %[[MASK0]], %cst
// CHECK: %[[SEG1:.*]] = vector.maskedload %[[X]][%{{.*}}], %{{.*}}, %[[SEG0]]
// CHECK: %[[XV:.*]] = vector.maskedload %[[X]][%{{.*}}], %{{.*}}, %[[SEG1]]
// CHECK: %[[W0:.*]] = memref.load %arg1[%c0, %[[C]], %[[KH]], %[[KW]]]
// CHECK: %[[WS:.*]] = vector.broadcast %[[W0]]
// CHECK: vector.fma %[[WS]], %[[XV]]
// CHECK: %[[RELU:.*]] = arith.maximumf %[[ACC]]#0, %{{.*}} : vector<16xf32>
// CHECK: vector.maskedstore %[[Y]][%[[N]], %c0, %[[J0]]], %{{.*}}, %[[RELU]]
func.func @conv_bias_relu(%x: memref<2x3x12x12xf32>, %w: memref<4x3x3x3xf32>, %bias: memref<4xf32>, %y: memref<2x4x10x10xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.broadcast ins(%bias : memref<4xf32>) outs(%y : memref<2x4x10x10xf32>) dimensions = [0, 2, 3]
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : memref<2x3x12x12xf32>, memref<4x3x3x3xf32>) outs(%y : memref<2x4x10x10xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%y : memref<2x4x10x10xf32>) outs(%y : memref<2x4x10x10xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  }
  return
}

// Not f32: left alone.
// CHECK-LABEL: func.func @integer_matmul
// CHECK: linalg.matmul
func.func @integer_matmul(%a: memref<4x4xi32>, %b: memref<4x4xi32>, %c: memref<4x4xi32>) {
  linalg.matmul ins(%a, %b : memref<4x4xi32>, memref<4x4xi32>) outs(%c : memref<4x4xi32>)
  return
}

// Output rows of exactly one vector (16): x is read in place one row per
// task, unmasked: 1 image x 16 rows = 16 tasks, 3 output channels in one
// block of rows, x's offset (n, oh, c, kh, kw) -> n*648 + (oh + kh)*18 +
// c*324 + kw.
// CHECK-LABEL: func.func @conv_full_rows
// CHECK: scf.parallel (%[[T:.*]]) = (%c0) to (%c16) step (%c1)
// CHECK: %[[OH:.*]] = arith.remui %[[T]], %c16
// CHECK: %[[N:.*]] = arith.divui %[[T]], %c16
// CHECK: %[[X:.*]] = memref.reinterpret_cast %arg0 to offset: [0], sizes: [648], strides: [1]
// CHECK: scf.for %[[C:.*]] = %c0 to %c2
// CHECK: scf.for %[[KH:.*]] = %c0 to %c3
// CHECK: scf.for %[[KW:.*]] = %c0 to %c3
// CHECK: %[[OFF:.*]] = affine.apply #[[XROW16]](%[[N]], %[[OH]], %[[C]], %[[KH]], %[[KW]])
// CHECK: vector.load %[[X]][%[[OFF]]] : memref<648xf32>, vector<16xf32>
// CHECK-COUNT-3: vector.fma
// CHECK: vector.store %{{.*}}, %arg2[%[[N]], %c2, %[[OH]], %c0]
func.func @conv_full_rows(%x: memref<1x2x18x18xf32>, %w: memref<3x2x3x3xf32>, %y: memref<1x3x16x16xf32>) {
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : memref<1x2x18x18xf32>, memref<3x2x3x3xf32>) outs(%y : memref<1x3x16x16xf32>)
  return
}

// Split-K: one 32-column panel and no batch make one task, too few for two
// threads. K = 2048 is packed in blocks of 16384 / 32 = 512 rows, so the
// four blocks go to four tasks, each into its own zeroed partial C
// (4 x 4 x 32 floats on the stack); a reduction generic then adds the
// partials into C.
// CHECK-LABEL: func.func @split_k
// CHECK: %[[P:.*]] = memref.alloca() {alignment = 64 : i64} : memref<4x4x32xf32>
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[P]] : memref<4x4x32xf32>)
// CHECK: scf.parallel (%[[T:.*]]) = (%c0) to (%c4) step (%c1)
// CHECK: %[[S:.*]] = arith.remui %[[T]], %c4
// CHECK: %[[PART:.*]] = memref.subview %[[P]][%[[S]], 0, 0] [1, 4, 32] [1, 1, 1]
// CHECK: %[[K0:.*]] = arith.muli %[[S]], %c512
// CHECK: %[[K1:.*]] = arith.addi %[[K0]], %c512
// CHECK: %[[KEND:.*]] = arith.minsi %[[K1]], %c2048
// CHECK: scf.for %{{.*}} = %[[K0]] to %[[KEND]] step %c512
// CHECK: vector.maskedload %[[PART]]
// CHECK: vector.fma
// CHECK: vector.maskedstore %[[PART]]
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME: ins(%[[P]] : memref<4x4x32xf32>) outs(%arg2 : memref<4x32xf32>)
// CHECK: arith.addf
func.func @split_k(%a: memref<4x2048xf32>, %b: memref<2048x32xf32>, %c: memref<4x32xf32>) {
  linalg.matmul ins(%a, %b : memref<4x2048xf32>, memref<2048x32xf32>) outs(%c : memref<4x32xf32>)
  return
}
