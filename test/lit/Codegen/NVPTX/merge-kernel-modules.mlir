// RUN: dlc-opt %s --dlc-gpu-merge-kernel-modules | FileCheck %s
//
// Two outlined modules whose kernels have the same name: one module is
// left, the second kernel is renamed, and its launch follows it.

// CHECK: gpu.module @first
// CHECK: gpu.func @k() kernel
// CHECK: gpu.func @[[RENAMED:k_[0-9]+]]() kernel
// CHECK-NOT: gpu.module @second
// CHECK-LABEL: func.func @host
// CHECK: gpu.launch_func @first::@k
// CHECK: gpu.launch_func @first::@[[RENAMED]]
module attributes {gpu.container_module} {
  gpu.module @first {
    gpu.func @k() kernel {
      gpu.return
    }
  }
  gpu.module @second {
    gpu.func @k() kernel {
      gpu.return
    }
  }
  func.func @host() {
    %c1 = arith.constant 1 : index
    gpu.launch_func @first::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1)
    gpu.launch_func @second::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1)
    return
  }
}
