// RUN: dlc-opt %s -split-input-file -dlc-plan-memory -dlc-poison-dead-buffers | FileCheck %s

// The chain of plan-memory.mlir: a (bytes [0, 4096)) is copied into b
// ([4096, 8192)), b into c ([0, 4096) again: a is dead by then). The arena
// is checked and poisoned on entry; each buffer is unpoisoned just before
// its first access and poisoned just after its last; a's bytes are poisoned
// after the copy a -> b and unpoisoned again, for c, before the copy b -> c;
// the whole arena is unpoisoned before the return.
// CHECK-DAG: func.func private @__asan_poison_memory_region(!llvm.ptr, i64)
// CHECK-DAG: func.func private @__asan_unpoison_memory_region(!llvm.ptr, i64)
// CHECK-DAG: func.func private @__asan_storeN(!llvm.ptr, i64)
// CHECK-LABEL: func.func @chain
// CHECK: %[[P:.*]] = memref.extract_aligned_pointer_as_index %arg2
// CHECK: %[[BASE:.*]] = arith.index_cast %[[P]] : index to i64
// CHECK: %[[ARENA:.*]] = llvm.inttoptr %[[BASE]]
// CHECK: %[[ALL:.*]] = arith.constant 8192 : i64
// CHECK-NEXT: call @__asan_storeN(%[[ARENA]], %[[ALL]])
// CHECK: call @__asan_poison_memory_region(%{{.*}}, %{{.*}}) : (!llvm.ptr, i64) -> ()
// CHECK: %[[A:.*]] = memref.view %arg2
// CHECK: call @__asan_unpoison_memory_region
// CHECK-NEXT: memref.copy %arg0, %[[A]]
// CHECK: %[[B:.*]] = memref.view %arg2
// CHECK: %[[OFF:.*]] = arith.constant 4096 : i64
// CHECK-NEXT: arith.addi %[[BASE]], %[[OFF]]
// CHECK: call @__asan_unpoison_memory_region
// CHECK-NEXT: memref.copy %[[A]], %[[B]]
// CHECK: call @__asan_poison_memory_region
// CHECK: %[[C:.*]] = memref.view %arg2
// CHECK: call @__asan_unpoison_memory_region
// CHECK-NEXT: memref.copy %[[B]], %[[C]]
// CHECK: call @__asan_poison_memory_region
// CHECK-NEXT: memref.copy %[[C]], %arg1
// CHECK: call @__asan_poison_memory_region
// CHECK: %[[END:.*]] = arith.constant 8192 : i64
// CHECK-NEXT: call @__asan_unpoison_memory_region(%{{.*}}, %[[END]])
// CHECK-NEXT: return
func.func @chain(%in: memref<1024xf32>, %out: memref<1024xf32>) {
  %a = memref.alloc() : memref<1024xf32>
  memref.copy %in, %a : memref<1024xf32> to memref<1024xf32>
  %b = memref.alloc() : memref<1024xf32>
  memref.copy %a, %b : memref<1024xf32> to memref<1024xf32>
  %c = memref.alloc() : memref<1024xf32>
  memref.copy %b, %c : memref<1024xf32> to memref<1024xf32>
  memref.copy %c, %out : memref<1024xf32> to memref<1024xf32>
  return
}

// -----

// A function with nothing to plan (an empty arena) is left alone, and
// nothing is declared.
// CHECK-NOT: __asan
// CHECK-LABEL: func.func @no_arena
// CHECK-NOT: __asan
func.func @no_arena(%in: memref<4xf32>, %out: memref<4xf32>) {
  memref.copy %in, %out : memref<4xf32> to memref<4xf32>
  return
}
