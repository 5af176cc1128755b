// RUN: dlc-opt %s -dlc-cpu-parallel-to-openmp -canonicalize | FileCheck %s
//
// A 2-D scf.parallel over i in [0, 6) step 2 and j in [0, 5): 3 x 5 = 15
// iterations, linearised (j = t mod 5, i = (t div 5) * 2). With more than
// one OpenMP thread, the threads of the omp.parallel take chunks of
// ceil(15 / (n * 8)) iterations from a counter (atomic adds; reset to 0
// before the region) until it passes 15, each thread with its own stack
// buffer; with one, the loop runs in the caller on a view of a
// function-level scratch buffer (32 bytes rounded up to 64), so no runtime
// call allocates.

// CHECK-DAG: func.func private @omp_get_max_threads() -> i32
// CHECK-DAG: func.func private @omp_get_num_threads() -> i32
// CHECK-LABEL: func.func @two_dims
// CHECK-DAG: %[[COUNTER:.*]] = memref.alloca() : memref<i64>
// CHECK-DAG: %[[SCRATCH:.*]] = memref.alloca() {alignment = 64 : i64} : memref<64xi8>
// CHECK: %[[MAX:.*]] = call @omp_get_max_threads()
// CHECK: %[[MAXI:.*]] = arith.index_cast %[[MAX]]
// CHECK: %[[MANY:.*]] = arith.cmpi sgt, %[[MAXI]], %c1
// CHECK: scf.if %[[MANY]] {
// CHECK-NEXT: memref.store %c0_i64, %[[COUNTER]][]
// CHECK-NEXT: omp.parallel {
// CHECK-NEXT: %[[BUF:.*]] = memref.alloca() : memref<8xf32>
// CHECK: %[[NT:.*]] = func.call @omp_get_num_threads()
// CHECK: %[[NTI:.*]] = arith.index_cast %[[NT]]
// CHECK: %[[CHUNKS:.*]] = arith.muli %[[NTI]], %c8
// CHECK: %[[GRAIN:.*]] = arith.ceildivsi %c15, %[[CHUNKS]]
// CHECK: %[[GRAIN64:.*]] = arith.index_cast %[[GRAIN]] : index to i64
// CHECK: scf.while : () -> index {
// CHECK: %[[TAKEN:.*]] = memref.atomic_rmw addi %[[GRAIN64]], %[[COUNTER]][]
// CHECK: %[[BEGIN:.*]] = arith.index_cast %[[TAKEN]] : i64 to index
// CHECK: %[[MORE:.*]] = arith.cmpi slt, %[[BEGIN]], %c15
// CHECK: scf.condition(%[[MORE]]) %[[BEGIN]]
// CHECK: ^bb0(%[[B:.*]]: index):
// CHECK: %[[E0:.*]] = arith.addi %[[B]], %[[GRAIN]]
// CHECK: %[[END:.*]] = arith.minsi %[[E0]], %c15
// CHECK: scf.for %[[T:.*]] = %[[B]] to %[[END]] step %c1 {
// CHECK: %[[J:.*]] = arith.remsi %[[T]], %c5
// CHECK: %[[ROW:.*]] = arith.divsi %[[T]], %c5
// CHECK: %[[I:.*]] = arith.muli %[[ROW]], %c2
// CHECK: memref.store %{{.*}}, %[[BUF]][%c0]
// CHECK: memref.store %{{.*}}, %arg0[%[[I]], %[[J]]]
// CHECK: omp.terminator
// CHECK: } else {
// CHECK: %[[VIEW:.*]] = memref.view %[[SCRATCH]][%c0][] : memref<64xi8> to memref<8xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c15 step %c1 {
// CHECK: memref.store %{{.*}}, %[[VIEW]][%c0]
// CHECK-NOT: scf.parallel
func.func @two_dims(%m: memref<6x5xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c5 = arith.constant 5 : index
  %c6 = arith.constant 6 : index
  %f = arith.constant 1.0 : f32
  scf.parallel (%i, %j) = (%c0, %c0) to (%c6, %c5) step (%c2, %c1) {
    %buf = memref.alloca() : memref<8xf32>
    memref.store %f, %buf[%c0] : memref<8xf32>
    %v = memref.load %buf[%c0] : memref<8xf32>
    memref.store %v, %m[%i, %j] : memref<6x5xf32>
    scf.reduce
  }
  return
}
