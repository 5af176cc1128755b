// RUN: dlc-opt %s --pass-pipeline='builtin.module(gpu.module(dlc-gpu-define-libdevice-functions))' -split-input-file -verify-diagnostics | FileCheck %s
//
// The libdevice functions convert-gpu-to-nvvm calls get bodies of LLVM
// intrinsics (internal linkage): no libdevice to link.

// CHECK-LABEL: gpu.module @kernels
// CHECK: llvm.func internal @__nv_fabsf(%[[X:.*]]: f32) -> f32
// CHECK-NEXT: %[[R:.*]] = llvm.intr.fabs(%[[X]]) : (f32) -> f32
// CHECK-NEXT: llvm.return %[[R]] : f32
// CHECK: llvm.func internal @__nv_floor(%[[D:.*]]: f64) -> f64
// CHECK-NEXT: llvm.intr.floor(%[[D]]) : (f64) -> f64
// CHECK: llvm.func internal @__nv_fmaf(%[[A:.*]]: f32, %[[B:.*]]: f32, %[[C:.*]]: f32) -> f32
// CHECK-NEXT: llvm.intr.fma(%[[A]], %[[B]], %[[C]])
// Defined functions are left alone.
// CHECK: llvm.func @__nv_mine(
// CHECK-NEXT: llvm.return
gpu.module @kernels {
  llvm.func @__nv_fabsf(f32) -> f32
  llvm.func @__nv_floor(f64) -> f64
  llvm.func @__nv_fmaf(f32, f32, f32) -> f32
  llvm.func @__nv_mine(%x: f32) -> f32 {
    llvm.return %x : f32
  }
}

// -----

// No intrinsic computes it: an error naming the function.
gpu.module @kernels {
  // expected-error @below {{no GPU code for libdevice function '__nv_j0f' (it would need CUDA's libdevice)}}
  llvm.func @__nv_j0f(f32) -> f32
}
