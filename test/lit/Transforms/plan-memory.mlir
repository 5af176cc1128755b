// RUN: dlc-opt %s -split-input-file -dlc-plan-memory | FileCheck %s

// Two 4 KiB temporaries whose lives do not overlap share offset 0; the one
// alive across both gets the next offset. The arena is 8 KiB, not 12.
// CHECK-LABEL: func.func @chain
// CHECK-SAME: (%{{.*}}: memref<1024xf32>, %{{.*}}: memref<1024xf32>, %[[ARENA:.*]]: memref<8192xi8> {dlc.arena})
// CHECK-SAME: dlc.arena_bytes = 8192
// CHECK: %[[O1:.*]] = arith.constant 0 : index
// CHECK-NEXT: memref.view %[[ARENA]][%[[O1]]][] : memref<8192xi8> to memref<1024xf32>
// CHECK: %[[O2:.*]] = arith.constant 4096 : index
// CHECK-NEXT: memref.view %[[ARENA]][%[[O2]]][] : memref<8192xi8> to memref<1024xf32>
// CHECK: %[[O3:.*]] = arith.constant 0 : index
// CHECK-NEXT: memref.view %[[ARENA]][%[[O3]]][] : memref<8192xi8> to memref<1024xf32>
// CHECK-NOT: memref.alloc
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

// A buffer read through a view stays live until the view's last use, so the
// later buffer cannot reuse its bytes.
// CHECK-LABEL: func.func @through_view
// CHECK-SAME: dlc.arena_bytes = 128
// CHECK: %[[O1:.*]] = arith.constant 0 : index
// CHECK-NEXT: memref.view %{{.*}}[%[[O1]]][] : memref<128xi8> to memref<4x4xf32>
// CHECK: memref.collapse_shape
// CHECK: %[[O2:.*]] = arith.constant 64 : index
// CHECK-NEXT: memref.view %{{.*}}[%[[O2]]][] : memref<128xi8> to memref<16xf32>
func.func @through_view(%in: memref<16xf32>, %out: memref<16xf32>) {
  %a = memref.alloc() : memref<4x4xf32>
  %flat = memref.collapse_shape %a [[0, 1]] : memref<4x4xf32> into memref<16xf32>
  memref.copy %in, %flat : memref<16xf32> to memref<16xf32>
  %b = memref.alloc() : memref<16xf32>
  memref.copy %flat, %b : memref<16xf32> to memref<16xf32>
  memref.copy %flat, %out : memref<16xf32> to memref<16xf32>
  memref.copy %b, %out : memref<16xf32> to memref<16xf32>
  return
}

// -----

// No temporaries: an empty arena argument is still appended (the ABI always
// has one).
// CHECK-LABEL: func.func @none
// CHECK-SAME: memref<0xi8> {dlc.arena}
// CHECK-SAME: dlc.arena_bytes = 0
func.func @none(%in: memref<4xf32>, %out: memref<4xf32>) {
  memref.copy %in, %out : memref<4xf32> to memref<4xf32>
  return
}

// -----

// An elementwise op writing over its input where it dies holds a second value
// in the same buffer: the plan records both, each with its ONNX node.
// CHECK-LABEL: func.func @in_place
// CHECK-SAME: dlc.arena_bytes = 64
// CHECK-SAME: dlc.memory_plan = [{buffer = 0 : i64, bytes = 64 : i64, first = 1 : i64, last = 2 : i64, node = "node 'a' (Exp)", offset = 0 : i64}, {buffer = 0 : i64, bytes = 64 : i64, first = 2 : i64, last = 3 : i64, node = "node 'b' (Relu)", offset = 0 : i64}]
#id = affine_map<(d0) -> (d0)>
func.func @in_place(%in: memref<16xf32>, %out: memref<16xf32>) {
  %a = memref.alloc() : memref<16xf32> loc(#a)
  memref.copy %in, %a : memref<16xf32> to memref<16xf32>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%a : memref<16xf32>) outs(%a : memref<16xf32>) {
  ^bb0(%x: f32, %y: f32):
    %zero = arith.constant 0.0 : f32
    %r = arith.maximumf %x, %zero : f32
    linalg.yield %r : f32
  } loc(#b)
  memref.copy %a, %out : memref<16xf32> to memref<16xf32>
  return
}
#file = loc("m.onnx":0:0)
#a = loc("node 'a' (Exp)"(#file))
#b = loc("node 'b' (Relu)"(#file))

// -----

// A buffer is live from its first access, not from its alloc: both allocs
// come first, but %b is first written after %a's last read, so they share
// offset 0. Taking a view (the collapse_shape) is no access.
// CHECK-LABEL: func.func @late_first_use
// CHECK-SAME: dlc.arena_bytes = 4096
// CHECK-SAME: first = 3 : i64, last = 4 : i64
// CHECK-SAME: first = 5 : i64, last = 6 : i64
// CHECK: arith.constant 0 : index
// CHECK: arith.constant 0 : index
func.func @late_first_use(%in: memref<1024xf32>, %out: memref<1024xf32>) {
  %a = memref.alloc() : memref<1024xf32>
  %b = memref.alloc() : memref<32x32xf32>
  %flat = memref.collapse_shape %b [[0, 1]] : memref<32x32xf32> into memref<1024xf32>
  memref.copy %in, %a : memref<1024xf32> to memref<1024xf32>
  memref.copy %a, %out : memref<1024xf32> to memref<1024xf32>
  memref.copy %out, %flat : memref<1024xf32> to memref<1024xf32>
  memref.copy %flat, %out : memref<1024xf32> to memref<1024xf32>
  return
}
