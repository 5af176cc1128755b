// RUN: dlc-opt %s --dlc-gpu-map-parallel-loops -split-input-file -verify-diagnostics | FileCheck %s
//
// Every loop nest of the function becomes a block/thread-mapped pair of
// scf.parallel (which convert-parallel-loops-to-gpu turns into a launch).

// 4 x 300 iterations, collapsed to 4 * 300 = 1200 (i = t div 300,
// j = t mod 300) and tiled by 256: blocks step by 256 threads, the last
// one guarded by t < 1200.
// CHECK-LABEL: func.func @two_dims
// CHECK: %[[ROWS:.*]] = arith.muli %{{.*}}, %c4
// CHECK: %[[TOTAL:.*]] = arith.muli %[[ROWS]], %c300
// CHECK: %[[TILE:.*]] = arith.muli %{{.*}}, %c256
// CHECK: scf.parallel (%[[B:.*]]) = (%{{.*}}) to (%[[TOTAL]]) step (%[[TILE]])
// CHECK: scf.parallel (%[[T:.*]]) = (%{{.*}}) to (%[[TILE]]) step
// CHECK: %[[LIN:.*]] = arith.addi %[[T]], %[[B]]
// CHECK: %[[IN:.*]] = arith.cmpi ult, %{{.*}}, %[[TOTAL]]
// CHECK: scf.if %{{.*}}
// CHECK: %[[J:.*]] = arith.remsi %[[LIN]], %c300
// CHECK: %[[I:.*]] = arith.divsi %[[LIN]], %c300
// CHECK: memref.load %arg0[%[[I]], %[[J]]]
// CHECK: } {mapping = [#gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]}
// CHECK: } {mapping = [#gpu.loop_dim_map<processor = block_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]}
func.func @two_dims(%a: memref<4x300xf32>, %b: memref<4x300xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c300 = arith.constant 300 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c300) step (%c1, %c1) {
    %v = memref.load %a[%i, %j] : memref<4x300xf32>
    memref.store %v, %b[%i, %j] : memref<4x300xf32>
    scf.reduce
  }
  return
}

// The host never touches device memory: the scalar it would load (and
// square) is recomputed inside the loop that uses it; the store and the
// sequential reduction loop each become a one-thread kernel.
// CHECK-LABEL: func.func @host_scalar
// CHECK-NOT: memref.load %arg0
// CHECK: scf.parallel
// CHECK: scf.parallel
// CHECK: %[[X:.*]] = memref.load %arg0[] : memref<f32>
// CHECK: %[[Y:.*]] = arith.mulf %[[X]], %[[X]]
// CHECK: memref.store %[[Y]], %arg1
// CHECK: scf.parallel (%{{.*}}) = (%{{.*}}) to (%c1{{.*}}) step
// CHECK: scf.parallel
// CHECK: memref.store %cst, %arg2[]
// CHECK: block_x
// CHECK: scf.parallel (%{{.*}}) = (%{{.*}}) to (%c1{{.*}}) step
// CHECK: scf.parallel
// CHECK: scf.for
// CHECK: block_x
// CHECK-NEXT: return
func.func @host_scalar(%s: memref<f32>, %a: memref<8xf32>, %total: memref<f32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : f32
  %x = memref.load %s[] : memref<f32>
  %y = arith.mulf %x, %x : f32
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
    memref.store %y, %a[%i] : memref<8xf32>
    scf.reduce
  }
  memref.store %zero, %total[] : memref<f32>
  scf.for %i = %c0 to %c8 step %c1 {
    %acc = memref.load %total[] : memref<f32>
    %v = memref.load %a[%i] : memref<8xf32>
    %n = arith.addf %acc, %v : f32
    memref.store %n, %total[] : memref<f32>
  }
  return
}

// -----

// The plan reused the scalar's bytes (offset 0 of the arena) for another
// buffer that a kernel writes before the loop that needs the scalar:
// recomputing it there would read the wrong value, so this is an error.
func.func @scalar_overwritten(%arena: memref<64xi8>, %out: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %scalar = memref.view %arena[%c0][] : memref<64xi8> to memref<f32>
  %other = memref.view %arena[%c0][] : memref<64xi8> to memref<8xf32>
  %x = memref.load %scalar[] : memref<f32>
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
    %v = memref.load %out[%i] : memref<8xf32>
    memref.store %v, %other[%i] : memref<8xf32>
    scf.reduce
  }
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
    // expected-error @below {{cannot run on the GPU: it needs a value the host would read from device memory}}
    memref.store %x, %out[%i] : memref<8xf32>
    scf.reduce
  }
  return
}
