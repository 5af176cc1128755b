// RUN: dlc-opt %s --dlc-memref-copy-to-linalg | FileCheck %s

// A strided copy becomes linalg.copy (plain loops later, no runner
// library call).
// CHECK-LABEL: func.func @strided
// CHECK: linalg.copy ins(%{{.*}} : memref<4x4xf32, strided<[8, 1]>>) outs(%arg1 : memref<4x4xf32>)
// CHECK-NOT: memref.copy
func.func @strided(%a: memref<4x8xf32>, %b: memref<4x4xf32>) {
  %s = memref.subview %a[0, 0] [4, 4] [1, 1] : memref<4x8xf32> to memref<4x4xf32, strided<[8, 1]>>
  memref.copy %s, %b : memref<4x4xf32, strided<[8, 1]>> to memref<4x4xf32>
  return
}

// A copy of a slice onto itself is gone.
// CHECK-LABEL: func.func @onto_itself
// CHECK-NOT: copy
// CHECK: return
func.func @onto_itself(%a: memref<4x8xf32>) {
  %s = memref.subview %a[0, 2] [4, 4] [1, 1] : memref<4x8xf32> to memref<4x4xf32, strided<[8, 1], offset: 2>>
  memref.copy %s, %s : memref<4x4xf32, strided<[8, 1], offset: 2>> to memref<4x4xf32, strided<[8, 1], offset: 2>>
  return
}
