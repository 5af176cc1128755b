// RUN: dlc-opt %s -pass-pipeline='builtin.module(func.func(dlc-cpu-linalg-to-loops{min-parallel-work=100 vector-width=16}),canonicalize)' | FileCheck %s
//
// Inner reductions whose innermost reduced dim is read at unit stride run
// as vector loops with one vector accumulator through all their reduction
// loops and one horizontal reduction per output element.

// A bias gradient: db[c] = sum over (n, h, w) of dy[n, c, h, w], w = 26:
// a full vector and 10 lanes per row; the masked lanes add 0.
// CHECK-LABEL: func.func @bias_grad
// CHECK: scf.parallel (%[[C:.*]]) =
// CHECK: %[[INIT:.*]] = memref.load %arg1[%[[C]]]
// CHECK: %[[SUM:.*]] = scf.for %[[N:.*]] = %c0 to %c4 step %c1 iter_args(%[[A0:.*]] = %[[ZERO:.*]]) -> (vector<16xf32>)
// CHECK: scf.for %[[H:.*]] = %c0 to %c26 step %c1 iter_args(%[[A1:.*]] = %[[A0]]) -> (vector<16xf32>)
// CHECK: scf.for %[[W:.*]] = %c0 to %c26 step %c16 iter_args(%[[A2:.*]] = %[[A1]]) -> (vector<16xf32>)
// CHECK: %[[LEFT:.*]] = arith.subi %c26, %[[W]]
// CHECK: %[[VALID:.*]] = arith.minsi %[[LEFT]], %c16
// CHECK: %[[M:.*]] = vector.create_mask %[[VALID]] : vector<16xi1>
// CHECK: %[[X:.*]] = vector.maskedload %arg0[%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}], %[[M]]
// CHECK: %[[KEEP:.*]] = arith.select %[[M]], %[[X]], %{{.*}} : vector<16xi1>, vector<16xf32>
// CHECK: arith.addf %[[A2]], %[[KEEP]] fastmath<reassoc,contract> : vector<16xf32>
// CHECK: %[[R:.*]] = vector.reduction <add>, %[[SUM]], %[[INIT]] fastmath<reassoc,contract> : vector<16xf32> into f32
// CHECK: memref.store %[[R]], %arg1[%[[C]]]
func.func @bias_grad(%dy: memref<4x8x26x26xf32>, %db: memref<8xf32>) {
  linalg.reduce ins(%dy : memref<4x8x26x26xf32>) outs(%db : memref<8xf32>) dimensions = [0, 2, 3]
    (%in: f32, %acc: f32) {
      %s = arith.addf %in, %acc : f32
      linalg.yield %s : f32
    }
  return
}

// A row maximum of exp(x) over 100 columns: the body's exp is applied to
// the vector, the masked lanes of the last vector (100 = 6 * 16 + 4) are
// -inf.
// CHECK-LABEL: func.func @row_max_exp
// CHECK-DAG: %[[NINF:.*]] = arith.constant dense<0xFF800000> : vector<16xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c100 step %c16 iter_args(%[[A:.*]] = %[[NINF]])
// CHECK: %[[E:.*]] = math.exp %{{.*}} : vector<16xf32>
// CHECK: %[[KEEP:.*]] = arith.select %{{.*}}, %[[E]], %[[NINF]]
// CHECK: arith.maximumf %[[A]], %[[KEEP]] : vector<16xf32>
// CHECK: vector.reduction <maximumf>
func.func @row_max_exp(%x: memref<3x100xf32>, %m: memref<3xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%x : memref<3x100xf32>) outs(%m : memref<3xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %e = math.exp %in : f32
    %r = arith.maximumf %acc, %e : f32
    linalg.yield %r : f32
  }
  return
}

// The reduced dim is the strided one (a column sum): scalar loops.
// CHECK-LABEL: func.func @column_sum
// CHECK-NOT: vector.
// CHECK: return
func.func @column_sum(%x: memref<100x3xf32>, %s: memref<3xf32>) {
  linalg.reduce ins(%x : memref<100x3xf32>) outs(%s : memref<3xf32>) dimensions = [0]
    (%in: f32, %acc: f32) {
      %r = arith.addf %in, %acc : f32
      linalg.yield %r : f32
    }
  return
}
