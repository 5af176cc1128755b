// RUN: dlc-opt %s --dlc-gpu-launch-phases -split-input-file -verify-diagnostics | FileCheck %s
//
// A block loop in phase form becomes a gpu.launch: a block per iteration,
// a thread per thread-loop iteration, each thread loop the thread's own
// code followed by a barrier (none after the last), shared buffers
// workgroup memory, private buffers the thread's own row.

#thread = #gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>
#block = #gpu.loop_dim_map<processor = block_x, map = (d0) -> (d0), bound = (d0) -> (d0)>

// CHECK-LABEL: func.func @block_sums
// CHECK-NOT: memref.alloca
// CHECK: gpu.launch blocks(%[[B:[^,]*]], {{.*}} in (%{{[^ ]*}} = %c3,
// CHECK-SAME: threads(%[[T:[^,]*]], {{.*}} in (%{{[^ ]*}} = %c4
// CHECK-SAME: workgroup(%[[SH:.*]] : memref<4xf32, #gpu.address_space<workgroup>>)
// CHECK-SAME: private(%[[OWN:.*]] : memref<2xf32, #gpu.address_space<private>>)
// CHECK: %[[X:.*]] = memref.load %arg0[%[[B]], %[[T]]]
// CHECK: memref.store %[[X]], %[[OWN]][%c1]
// CHECK: memref.store %[[X]], %[[SH]][%[[T]]]
// CHECK-NEXT: gpu.barrier
// CHECK: %[[Y:.*]] = memref.load %[[SH]]
// CHECK: %[[MINE:.*]] = memref.load %[[OWN]][%c1]
// CHECK: %[[S:.*]] = arith.addf %[[Y]], %[[MINE]]
// CHECK: memref.store %[[S]], %arg1[%[[B]], %[[T]]]
// CHECK-NOT: gpu.barrier
// CHECK-NEXT: gpu.terminator
// CHECK-NOT: scf.parallel
func.func @block_sums(%in: memref<3x4xf32>, %out: memref<3x4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %shared = memref.alloca() {dlc.gpu_shared} : memref<4xf32>
  %own = memref.alloca() {dlc.gpu_private} : memref<4x2xf32>
  scf.parallel (%b) = (%c0) to (%c3) step (%c1) {
    scf.parallel (%t) = (%c0) to (%c4) step (%c1) {
      %x = memref.load %in[%b, %t] : memref<3x4xf32>
      memref.store %x, %own[%t, %c1] : memref<4x2xf32>
      memref.store %x, %shared[%t] : memref<4xf32>
      scf.reduce
    } {mapping = [#thread]}
    scf.parallel (%t) = (%c0) to (%c4) step (%c1) {
      %next = arith.addi %t, %c1 : index
      %wrapped = arith.remui %next, %c4 : index
      %y = memref.load %shared[%wrapped] : memref<4xf32>
      %mine = memref.load %own[%t, %c1] : memref<4x2xf32>
      %s = arith.addf %y, %mine : f32
      memref.store %s, %out[%b, %t] : memref<3x4xf32>
      scf.reduce
    } {mapping = [#thread]}
    scf.reduce
  } {dlc.gpu_phases, mapping = [#block]}
  return
}

// -----

#thread = #gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>
#block = #gpu.loop_dim_map<processor = block_x, map = (d0) -> (d0), bound = (d0) -> (d0)>

// Another thread's private row is not reachable on the GPU.
func.func @private_of_another(%out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %own = memref.alloca() {dlc.gpu_private} : memref<4x1xf32>
  scf.parallel (%b) = (%c0) to (%c1) step (%c1) {
    scf.parallel (%t) = (%c0) to (%c4) step (%c1) {
      // expected-error @+1 {{a private buffer read or written other than by its own thread}}
      %x = memref.load %own[%c0, %c0] : memref<4x1xf32>
      memref.store %x, %out[%t] : memref<4xf32>
      scf.reduce
    } {mapping = [#thread]}
    scf.reduce
  } {dlc.gpu_phases, mapping = [#block]}
  return
}

// -----

#thread = #gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>
#block = #gpu.loop_dim_map<processor = block_x, map = (d0) -> (d0), bound = (d0) -> (d0)>

// Every thread would run a store between phases.
func.func @store_between_phases(%out: memref<4xf32>, %v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  // expected-error @+1 {{phase-form block loop: only thread loops may touch memory}}
  scf.parallel (%b) = (%c0) to (%c1) step (%c1) {
    memref.store %v, %out[%b] : memref<4xf32>
    scf.parallel (%t) = (%c0) to (%c4) step (%c1) {
      memref.store %v, %out[%t] : memref<4xf32>
      scf.reduce
    } {mapping = [#thread]}
    scf.reduce
  } {dlc.gpu_phases, mapping = [#block]}
  return
}

// -----

#thread = #gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>
#block = #gpu.loop_dim_map<processor = block_x, map = (d0) -> (d0), bound = (d0) -> (d0)>

func.func @threads_differ(%out: memref<8xf32>, %v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  scf.parallel (%b) = (%c0) to (%c1) step (%c1) {
    scf.parallel (%t) = (%c0) to (%c4) step (%c1) {
      memref.store %v, %out[%t] : memref<8xf32>
      scf.reduce
    } {mapping = [#thread]}
    // expected-error @+1 {{thread loops of one block differ in size}}
    scf.parallel (%t) = (%c0) to (%c8) step (%c1) {
      memref.store %v, %out[%t] : memref<8xf32>
      scf.reduce
    } {mapping = [#thread]}
    scf.reduce
  } {dlc.gpu_phases, mapping = [#block]}
  return
}
