// RUN: dlc-opt %s -pass-pipeline='builtin.module(func.func(dlc-cpu-vectorize-strided-generics{vector-width=4},canonicalize))' | FileCheck %s
//
// A max pooling gradient's two generics (2x2 windows, stride 2) with 4
// lanes; the numbers are derived by hand from the shapes.

// The first argmax: the lanes run along the pooled columns d3 (3 of them,
// one vector), the window taps d4, d5 (reductions) become loops outside it.
// x is read at 2 * d3 + d5: lanes 0, 2, 4 of a full load at row offset
// 72 n + 24 c + 6 (2 d2 + d4) + d5 and a 1-lane load 4 floats further.
// CHECK-LABEL: func.func @argmax
// CHECK: %[[X:.*]] = memref.reinterpret_cast %arg0 to offset: [0], sizes: [144], strides: [1]
// CHECK: %[[IDX:.*]] = memref.reinterpret_cast %arg3 to offset: [0], sizes: [36], strides: [1]
// CHECK: scf.for %[[N:.*]] = %c0 to %c2
// CHECK: scf.for %[[C:.*]] = %c0 to %c3
// CHECK: scf.for %[[PH:.*]] = %c0 to %c2
// CHECK: scf.for %[[KH:.*]] = %c0 to %c2
// CHECK: scf.for %[[KW:.*]] = %c0 to %c2
// CHECK: %[[LO:.*]] = vector.load %[[X]][%[[AT:.*]]] : memref<144xf32>, vector<4xf32>
// CHECK: %[[HIAT:.*]] = arith.addi %[[AT]], %c4
// CHECK: %[[ONE:.*]] = vector.constant_mask [1]
// CHECK: %[[HI:.*]] = vector.maskedload %[[X]][%[[HIAT]]], %[[ONE]]
// CHECK: %[[TAPS:.*]] = vector.shuffle %[[LO]], %[[HI]] [0, 2, 4, 6]
// CHECK: %[[MAX:.*]] = vector.maskedload {{.*}} : memref<36xf32>, vector<4xi1>, vector<4xf32>
// CHECK: %[[BEST:.*]] = vector.maskedload %[[IDX]]
// CHECK: %[[HIT:.*]] = arith.cmpf oeq, %[[TAPS]], %[[MAX]] : vector<4xf32>
// CHECK: %[[CAND:.*]] = arith.select %[[HIT]]
// CHECK: %[[FIRST:.*]] = arith.minsi %[[BEST]], %[[CAND]] : vector<4xi32>
// CHECK: vector.maskedstore %[[IDX]][%{{.*}}], %{{.*}}, %[[FIRST]]

// The routing back: the lanes run along the input columns d3 (6 of them:
// a full vector and 2 lanes). Each reads the window index and gradient at
// d3 floordiv 2: (valid + 1) / 2 elements loaded, each lane repeated
// twice. The output is a strided subview (rows of 7, the 6 covered): its
// flat offset is 105 n + 35 c + 7 h + w.
// CHECK-LABEL: func.func @route
// CHECK: %[[OUT:.*]] = memref.reinterpret_cast %arg2 to offset: [0], sizes: [202], strides: [1]
// CHECK: scf.for %[[W0:.*]] = %c0 to %c6 step %c4
// CHECK: %[[VALID:.*]] = arith.minsi %{{.*}}, %c4
// CHECK: %[[PLUS:.*]] = arith.addi %[[VALID]], %c1
// CHECK: %[[HALF:.*]] = arith.divui %[[PLUS]], %c2
// CHECK: %[[HALFMASK:.*]] = vector.create_mask %[[HALF]]
// CHECK: %[[I:.*]] = vector.maskedload %{{.*}}, %[[HALFMASK]], %{{.*}} : memref<36xi32>
// CHECK: %[[IR:.*]] = vector.shuffle %[[I]], %[[I]] [0, 0, 1, 1]
// CHECK: %[[G:.*]] = vector.maskedload %{{.*}} : memref<36xf32>
// CHECK: %[[GR:.*]] = vector.shuffle %[[G]], %[[G]] [0, 0, 1, 1]
// CHECK: %[[IS:.*]] = arith.cmpi eq, %[[IR]], %{{.*}} : vector<4xi32>
// CHECK: %[[R:.*]] = arith.select %[[IS]], %[[GR]], %{{.*}} : vector<4xi1>, vector<4xf32>
// CHECK: vector.maskedstore %[[OUT]][%{{.*}}], %{{.*}}, %[[R]]

// Unit strides only: left to dlc-cpu-linalg-to-loops (LLVM vectorizes it).
// CHECK-LABEL: func.func @unit_only
// CHECK: linalg.generic
#x = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 2 + d4, d3 * 2 + d5)>
#p = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>
#w = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>
#half = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2 floordiv 2, d3 floordiv 2)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @argmax(%x: memref<2x3x4x6xf32>, %pooled: memref<2x3x2x3xf32>, %window: memref<2x2xf32>, %idx: memref<2x3x2x3xi32>) {
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : i32
  linalg.generic {indexing_maps = [#x, #p, #w, #p], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%x, %pooled, %window : memref<2x3x4x6xf32>, memref<2x3x2x3xf32>, memref<2x2xf32>) outs(%idx : memref<2x3x2x3xi32>) {
  ^bb0(%in: f32, %max: f32, %unused: f32, %best: i32):
    %kh = linalg.index 4 : index
    %kw = linalg.index 5 : index
    %row = arith.muli %kh, %c2 : index
    %tap = arith.addi %row, %kw : index
    %tap32 = arith.index_cast %tap : index to i32
    %hit = arith.cmpf oeq, %in, %max : f32
    %cand = arith.select %hit, %tap32, %c4 : i32
    %first = arith.minsi %best, %cand : i32
    linalg.yield %first : i32
  }
  return
}

func.func @route(%idx: memref<2x3x2x3xi32>, %dy: memref<2x3x2x3xf32>, %dx: memref<2x3x5x7xf32>) {
  %c2 = arith.constant 2 : index
  %zero = arith.constant 0.0 : f32
  %covered = memref.subview %dx[0, 0, 0, 0] [2, 3, 4, 6] [1, 1, 1, 1] : memref<2x3x5x7xf32> to memref<2x3x4x6xf32, strided<[105, 35, 7, 1]>>
  linalg.generic {indexing_maps = [#half, #half, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%idx, %dy : memref<2x3x2x3xi32>, memref<2x3x2x3xf32>) outs(%covered : memref<2x3x4x6xf32, strided<[105, 35, 7, 1]>>) {
  ^bb0(%best: i32, %g: f32, %out: f32):
    %h = linalg.index 2 : index
    %w = linalg.index 3 : index
    %hr = arith.remui %h, %c2 : index
    %wr = arith.remui %w, %c2 : index
    %row = arith.muli %hr, %c2 : index
    %tap = arith.addi %row, %wr : index
    %tap32 = arith.index_cast %tap : index to i32
    %is = arith.cmpi eq, %best, %tap32 : i32
    %r = arith.select %is, %g, %zero : f32
    linalg.yield %r : f32
  }
  return
}

func.func @unit_only(%a: memref<4x8xf32>, %b: memref<4x8xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%a : memref<4x8xf32>) outs(%b : memref<4x8xf32>) {
  ^bb0(%x: f32, %y: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  }
  return
}
