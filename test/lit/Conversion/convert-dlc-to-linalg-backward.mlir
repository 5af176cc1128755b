// RUN: dlc-opt %s -convert-dlc-to-linalg -split-input-file | FileCheck %s
//
// convert-dlc-to-linalg for the ops the gradient rules emit: greater,
// reduce_sum and the conv/pool/gather backward ops (the forward families are
// in convert-dlc-to-linalg.mlir). Offsets, sizes and maps are derived by hand
// from each op's definition; the numbers are checked by the JIT unit tests
// (test/unit/Conversion).

// Ordered float compare with numpy broadcasting of the [3] operand.
// CHECK-DAG: #[[ID:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:map[0-9]*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @greater_broadcast
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<3xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[A]], %[[B]] : tensor<2x3xf32>, tensor<3xf32>) outs(%{{.*}} : tensor<2x3xi1>)
// CHECK: ^bb0(%[[L:.*]]: f32, %[[R:.*]]: f32, %{{.*}}: i1):
// CHECK: %[[GT:.*]] = arith.cmpf ogt, %[[L]], %[[R]] : f32
// CHECK: linalg.yield %[[GT]] : i1
func.func @greater_broadcast(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xi1> {
  %0 = dlc.greater %a, %b : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xi1>
  return %0 : tensor<2x3xi1>
}

// -----

// Signed for integers, unsigned for i1 (true > false).
// CHECK-LABEL: func.func @greater_integers
// CHECK: arith.cmpi sgt, %{{.*}}, %{{.*}} : i32
// CHECK: arith.cmpi ugt, %{{.*}}, %{{.*}} : i1
func.func @greater_integers(%a: tensor<4xi32>, %b: tensor<4xi32>, %c: tensor<4xi1>, %d: tensor<4xi1>) -> (tensor<4xi1>, tensor<4xi1>) {
  %0 = dlc.greater %a, %b : tensor<4xi32>, tensor<4xi32> -> tensor<4xi1>
  %1 = dlc.greater %c, %d : tensor<4xi1>, tensor<4xi1> -> tensor<4xi1>
  return %0, %1 : tensor<4xi1>, tensor<4xi1>
}

// -----

// keepdims = false: linalg.reduce over axes 0 and 2 into a zero-filled [3].
// CHECK-LABEL: func.func @reduce_sum_drop
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<3xf32>)
// CHECK: %[[S:.*]] = linalg.reduce ins(%[[X]] : tensor<2x3x4xf32>) outs(%[[INIT]] : tensor<3xf32>) dimensions = [0, 2]
// CHECK: arith.addf
// CHECK: return %[[S]] : tensor<3xf32>
func.func @reduce_sum_drop(%x: tensor<2x3x4xf32>) -> tensor<3xf32> {
  %0 = dlc.reduce_sum %x {axes = array<i64: 0, 2>, keepdims = false} : tensor<2x3x4xf32> -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// keepdims = true: the unit axes come back with expand_shape; reducing
// every axis goes through a rank-0 tensor; integers add with addi.
// CHECK-LABEL: func.func @reduce_sum_keep
// CHECK: %[[S:.*]] = linalg.reduce ins(%{{.*}} : tensor<2x3x4xi32>) outs(%{{.*}} : tensor<3xi32>) dimensions = [0, 2]
// CHECK: arith.addi
// CHECK: %[[E:.*]] = tensor.expand_shape %[[S]] {{\[\[}}0, 1, 2]] output_shape [1, 3, 1] : tensor<3xi32> into tensor<1x3x1xi32>
// CHECK: %[[T:.*]] = linalg.reduce ins(%{{.*}} : tensor<2x3x4xi32>) outs(%{{.*}} : tensor<i32>) dimensions = [0, 1, 2]
// CHECK: %[[F:.*]] = tensor.expand_shape %[[T]] [] output_shape [1, 1, 1] : tensor<i32> into tensor<1x1x1xi32>
// CHECK: return %[[E]], %[[F]]
func.func @reduce_sum_keep(%x: tensor<2x3x4xi32>) -> (tensor<1x3x1xi32>, tensor<1x1x1xi32>) {
  %0 = dlc.reduce_sum %x {axes = array<i64: 0, 2>, keepdims = true} : tensor<2x3x4xi32> -> tensor<1x3x1xi32>
  %1 = dlc.reduce_sum %x {axes = array<i64: 0, 1, 2>, keepdims = true} : tensor<2x3x4xi32> -> tensor<1x1x1xi32>
  return %0, %1 : tensor<1x3x1xi32>, tensor<1x1x1xi32>
}

// -----

// Empty axes is the identity.
// CHECK-LABEL: func.func @reduce_sum_no_axes
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]]
func.func @reduce_sum_no_axes(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = dlc.reduce_sum %x {axes = array<i64>, keepdims = true} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// The seed model's first conv (3x3, stride 1, pad 0): dy is placed at
// (K-1)*d - p = 2 in a zero [1, 32, 28+2, 28+2] buffer, the kernel is
// flipped (2 - k) with its channel roles swapped, and a stride-1 named conv
// produces dx.
// CHECK-DAG: #[[FLIP:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d1, d0, -d2 + 2, -d3 + 2)>
// CHECK-LABEL: func.func @conv_backward_data_seed
// CHECK-SAME: (%[[DY:.*]]: tensor<1x32x26x26xf32>, %[[W:.*]]: tensor<32x1x3x3xf32>)
// CHECK: %[[BUF0:.*]] = linalg.fill ins(%{{.*}}) outs(%{{.*}} : tensor<1x32x30x30xf32>)
// CHECK: %[[BUF:.*]] = tensor.insert_slice %{{.*}} into %[[BUF0]][0, 0, 2, 2] [1, 32, 26, 26] [1, 1, 1, 1] : tensor<1x32x26x26xf32> into tensor<1x32x30x30xf32>
// CHECK: %[[WT:.*]] = linalg.generic {indexing_maps = [#[[FLIP]], #{{.*}}], {{.*}}} ins(%[[W]] : tensor<32x1x3x3xf32>) outs(%{{.*}} : tensor<1x32x3x3xf32>)
// CHECK: %[[ACC:.*]] = linalg.fill ins(%{{.*}}) outs(%{{.*}} : tensor<1x1x28x28xf32>)
// CHECK: %[[DX:.*]] = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%[[BUF]], %[[WT]] : tensor<1x32x30x30xf32>, tensor<1x32x3x3xf32>) outs(%[[ACC]] : tensor<1x1x28x28xf32>)
// CHECK: return %[[DX]]
func.func @conv_backward_data_seed(%dy: tensor<1x32x26x26xf32>, %w: tensor<32x1x3x3xf32>) -> tensor<1x1x28x28xf32> {
  %dx = dlc.conv_backward_data %dy, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
          pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
        : (tensor<1x32x26x26xf32>, tensor<32x1x3x3xf32>) -> tensor<1x1x28x28xf32>
  return %dx : tensor<1x1x28x28xf32>
}

// -----

// Stride 2, dilation 2, pads (1, 2) begin / (0, 1) end, kernel 3x2, x 9x8:
// H: buffer 9 + 2*2 = 13 long, dy at 4 - 1 = 3 with stride 2;
// W: buffer 8 + 1*2 = 10 long, dy at 2 - 2 = 0 with stride 2;
// the convolution keeps dilation 2 at stride 1.
// CHECK-DAG: #[[FLIP:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d1, d0, -d2 + 2, -d3 + 1)>
// CHECK-LABEL: func.func @conv_backward_data_strided
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 3, 0] [2, 4, 3, 5] [1, 1, 2, 2] : tensor<2x4x3x5xf32> into tensor<2x4x13x10xf32>
// CHECK: linalg.generic {indexing_maps = [#[[FLIP]], #{{.*}}], {{.*}}} ins(%{{.*}} : tensor<4x3x3x2xf32>) outs(%{{.*}} : tensor<3x4x3x2xf32>)
// CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<2> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%{{.*}}, %{{.*}} : tensor<2x4x13x10xf32>, tensor<3x4x3x2xf32>) outs(%{{.*}} : tensor<2x3x9x8xf32>)
func.func @conv_backward_data_strided(%dy: tensor<2x4x3x5xf32>, %w: tensor<4x3x3x2xf32>) -> tensor<2x3x9x8xf32> {
  %dx = dlc.conv_backward_data %dy, %w {strides = array<i64: 2, 2>, dilations = array<i64: 2, 2>,
          pads = array<i64: 1, 2, 0, 1>, group = 1 : i64}
        : (tensor<2x4x3x5xf32>, tensor<4x3x3x2xf32>) -> tensor<2x3x9x8xf32>
  return %dx : tensor<2x3x9x8xf32>
}

// -----

// Pads beyond the kernel's reach (p = 3 > (K-1)*d = 1): q = -2, so outputs
// 0 and 1 reach no input and only dy[2..9] enter the 5 + 1 = 6 long buffer.
// CHECK-LABEL: func.func @conv_backward_data_wide_pads
// CHECK: %[[TAKE:.*]] = tensor.extract_slice %{{.*}}[0, 0, 2] [1, 3, 6] [1, 1, 1] : tensor<1x3x10xf32> to tensor<1x3x6xf32>
// CHECK: tensor.insert_slice %[[TAKE]] into %{{.*}}[0, 0, 0] [1, 3, 6] [1, 1, 1] : tensor<1x3x6xf32> into tensor<1x3x6xf32>
// CHECK: linalg.conv_1d_ncw_fcw
func.func @conv_backward_data_wide_pads(%dy: tensor<1x3x10xf32>, %w: tensor<3x2x2xf32>) -> tensor<1x2x5xf32> {
  %dx = dlc.conv_backward_data %dy, %w {strides = array<i64: 1>, dilations = array<i64: 1>,
          pads = array<i64: 3, 3>, group = 1 : i64}
        : (tensor<1x3x10xf32>, tensor<3x2x2xf32>) -> tensor<1x2x5xf32>
  return %dx : tensor<1x2x5xf32>
}

// -----

// Groups 2 in 2-D: channels split into [2, 3] (dy, buffer) and [2, 2] (dx);
// the kernel [6, 2, 3, 3] -> [2, 3, 2, 3, 3] -> transposed [2, 2, 3, 3, 3]
// (g, c, f, k); then the named grouped conv.
// CHECK-DAG: #[[GFLIP:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d2, d1, -d3 + 2, -d4 + 2)>
// CHECK-LABEL: func.func @conv_backward_data_groups
// CHECK: %[[WG:.*]] = tensor.expand_shape %{{.*}} {{\[\[}}0, 1], [2], [3], [4]] output_shape [2, 3, 2, 3, 3]
// CHECK: %[[WT:.*]] = linalg.generic {indexing_maps = [#[[GFLIP]], #{{.*}}], {{.*}}} ins(%[[WG]] : tensor<2x3x2x3x3xf32>) outs(%{{.*}} : tensor<2x2x3x3x3xf32>)
// CHECK: %[[ACC:.*]] = tensor.expand_shape %{{.*}} {{\[\[}}0], [1, 2], [3], [4]] output_shape [1, 2, 2, 5, 5]
// CHECK: %[[BUF:.*]] = tensor.expand_shape %{{.*}} {{\[\[}}0], [1, 2], [3], [4]] output_shape [1, 2, 3, 7, 7]
// CHECK: %[[C:.*]] = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%[[BUF]], %[[WT]] : tensor<1x2x3x7x7xf32>, tensor<2x2x3x3x3xf32>) outs(%[[ACC]] : tensor<1x2x2x5x5xf32>)
// CHECK: tensor.collapse_shape %[[C]] {{\[\[}}0], [1, 2], [3], [4]] : tensor<1x2x2x5x5xf32> into tensor<1x4x5x5xf32>
func.func @conv_backward_data_groups(%dy: tensor<1x6x3x3xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<1x4x5x5xf32> {
  %dx = dlc.conv_backward_data %dy, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
          pads = array<i64: 0, 0, 0, 0>, group = 2 : i64}
        : (tensor<1x6x3x3xf32>, tensor<6x2x3x3xf32>) -> tensor<1x4x5x5xf32>
  return %dx : tensor<1x4x5x5xf32>
}

// -----

// Groups 2 in 1-D (no named grouped op): a generic over
// (n, g, c, i | f, k) reading buf[n, g, f, i + k] and wt[g, c, f, k].
// CHECK-DAG: #[[BUFMAP:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d4, d3 + d5)>
// CHECK-DAG: #[[WTMAP:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d1, d2, d4, d5)>
// CHECK-DAG: #[[OUTMAP:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @conv_backward_data_groups_1d
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 0] [1, 4, 4] [1, 1, 3] : tensor<1x4x4xf32> into tensor<1x4x13xf32>
// CHECK: linalg.generic {indexing_maps = [#[[BUFMAP]], #[[WTMAP]], #[[OUTMAP]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%{{.*}}, %{{.*}} : tensor<1x2x2x13xf32>, tensor<2x2x2x3xf32>) outs(%{{.*}} : tensor<1x2x2x11xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
func.func @conv_backward_data_groups_1d(%dy: tensor<1x4x4xf32>, %w: tensor<4x2x3xf32>) -> tensor<1x4x11xf32> {
  %dx = dlc.conv_backward_data %dy, %w {strides = array<i64: 3>, dilations = array<i64: 1>,
          pads = array<i64: 2, 1>, group = 2 : i64}
        : (tensor<1x4x4xf32>, tensor<4x2x3xf32>) -> tensor<1x4x11xf32>
  return %dx : tensor<1x4x11xf32>
}

// -----

// dw[g, f, c, k] += dy[n, g, f, o] * xpad[n, g, c, 2o + 2k]: loops
// (g, f, c, kh, kw | n, oh, ow), x zero-padded by (1, 1).
// CHECK-DAG: #[[XMAP:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d5, d0, d2, d6 * 2 + d3 * 2, d7 * 2 + d4 * 2)>
// CHECK-DAG: #[[DYMAP:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d5, d0, d1, d6, d7)>
// CHECK-DAG: #[[DWMAP:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d4)>
// CHECK-LABEL: func.func @conv_backward_filter_groups
// CHECK: %[[XP:.*]] = tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: %[[XG:.*]] = tensor.expand_shape %[[XP]] {{\[\[}}0], [1, 2], [3], [4]] output_shape [1, 2, 2, 11, 11]
// CHECK: %[[DYG:.*]] = tensor.expand_shape %{{.*}} {{\[\[}}0], [1, 2], [3], [4]] output_shape [1, 2, 3, 4, 4]
// CHECK: %[[DW:.*]] = linalg.generic {indexing_maps = [#[[XMAP]], #[[DYMAP]], #[[DWMAP]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%[[XG]], %[[DYG]] : tensor<1x2x2x11x11xf32>, tensor<1x2x3x4x4xf32>) outs(%{{.*}} : tensor<2x3x2x3x3xf32>)
// CHECK: %[[P:.*]] = arith.mulf
// CHECK: arith.addf %{{.*}}, %[[P]]
// CHECK: tensor.collapse_shape %[[DW]] {{\[\[}}0, 1], [2], [3], [4]] : tensor<2x3x2x3x3xf32> into tensor<6x2x3x3xf32>
func.func @conv_backward_filter_groups(%x: tensor<1x4x9x9xf32>, %dy: tensor<1x6x4x4xf32>) -> tensor<6x2x3x3xf32> {
  %dw = dlc.conv_backward_filter %x, %dy {strides = array<i64: 2, 2>, dilations = array<i64: 2, 2>,
          pads = array<i64: 1, 1, 1, 1>, group = 2 : i64}
        : (tensor<1x4x9x9xf32>, tensor<1x6x4x4xf32>) -> tensor<6x2x3x3xf32>
  return %dw : tensor<6x2x3x3xf32>
}

// -----

// Max-pool gradient, 2x2 stride 2 on the odd 11x11 input:
// 1. first argmax per window: x padded with NaN (equal to nothing; here
//    nothing to pad), min over the tap numbers 2 * kh + kw whose value
//    equals the pooled one, starting from 4 (= no tap);
// 2. the windows tile the input (stride = kernel, no pads): over the
//    covered 10x10 positions (h, w), the window is (h floordiv 2,
//    w floordiv 2) and the tap 2 * (h mod 2) + (w mod 2); dy is taken where
//    the window's argmax is that tap, and the result is placed into a zero
//    11x11 dx (row and column 10 belong to no window).
// CHECK-DAG: #[[WIN:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 2 + d4, d3 * 2 + d5)>
// CHECK-DAG: #[[OUT:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[TAP:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>
// CHECK-DAG: #[[COVER:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2 floordiv 2, d3 floordiv 2)>
// CHECK-DAG: #[[ID4:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @max_pool_backward_odd
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x11x11xf32>, %[[Y:.*]]: tensor<1x2x5x5xf32>, %[[DY:.*]]: tensor<1x2x5x5xf32>)
// CHECK: %[[NONE:.*]] = arith.constant 4 : i32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[NONE]] : i32) outs(%{{.*}} : tensor<1x2x5x5xi32>)
// CHECK: %[[AM:.*]] = linalg.generic {indexing_maps = [#[[WIN]], #[[OUT]], #[[TAP]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%[[X]], %[[Y]], %{{.*}} : tensor<1x2x11x11xf32>, tensor<1x2x5x5xf32>, tensor<2x2xf32>) outs(%[[INIT]] : tensor<1x2x5x5xi32>)
// CHECK: ^bb0(%[[XV:.*]]: f32, %[[YV:.*]]: f32, %{{.*}}: f32, %[[ACC:.*]]: i32):
// CHECK: %[[EQ:.*]] = arith.cmpf oeq, %[[XV]], %[[YV]] : f32
// CHECK: %[[CAND:.*]] = arith.select %[[EQ]], %{{.*}}, %{{.*}} : i32
// CHECK: %[[MIN:.*]] = arith.minsi %[[ACC]], %[[CAND]] : i32
// CHECK: linalg.yield %[[MIN]]
// CHECK: %[[ROUTED:.*]] = linalg.generic {indexing_maps = [#[[COVER]], #[[COVER]], #[[ID4]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[AM]], %[[DY]] : tensor<1x2x5x5xi32>, tensor<1x2x5x5xf32>) outs(%{{.*}} : tensor<1x2x10x10xf32>)
// CHECK: ^bb0(%[[FIRST:.*]]: i32, %[[G:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[H:.*]] = linalg.index 2 : index
// CHECK: arith.remui %[[H]], %{{.*}} : index
// CHECK: %[[W:.*]] = linalg.index 3 : index
// CHECK: arith.remui %[[W]], %{{.*}} : index
// CHECK: %[[HIT:.*]] = arith.cmpi eq, %[[FIRST]], %{{.*}} : i32
// CHECK: arith.select %[[HIT]], %[[G]], %{{.*}} : f32
// CHECK: %[[ZERO:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<1x2x11x11xf32>)
// CHECK: tensor.insert_slice %[[ROUTED]] into %[[ZERO]][0, 0, 0, 0] [1, 2, 10, 10] [1, 1, 1, 1]
func.func @max_pool_backward_odd(%x: tensor<1x2x11x11xf32>, %y: tensor<1x2x5x5xf32>, %dy: tensor<1x2x5x5xf32>) -> tensor<1x2x11x11xf32> {
  %dx = dlc.max_pool_backward %x, %y, %dy {kernel_shape = array<i64: 2, 2>,
          strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>}
        : (tensor<1x2x11x11xf32>, tensor<1x2x5x5xf32>, tensor<1x2x5x5xf32>) -> tensor<1x2x11x11xf32>
  return %dx : tensor<1x2x11x11xf32>
}

// -----

// With pads the argmax reads x padded with NaN.
// CHECK-LABEL: func.func @max_pool_backward_pads
// CHECK: %[[NAN:.*]] = arith.constant 0x7FC00000 : f32
// CHECK: tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: tensor.yield %[[NAN]]
func.func @max_pool_backward_pads(%x: tensor<1x1x4x4xf32>, %y: tensor<1x1x4x4xf32>, %dy: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %dx = dlc.max_pool_backward %x, %y, %dy {kernel_shape = array<i64: 3, 3>,
          strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>}
        : (tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32>
  return %dx : tensor<1x1x4x4xf32>
}

// -----

// 3x3 stride 2 pads 1 on 5x5, count_include_pad = false: per axis the
// windows hold 2, 3, 2 input taps, so the divisors are their products.
// CHECK-LABEL: func.func @avg_pool_backward_exclude_pad
// CHECK-SAME: (%[[DY:.*]]: tensor<1x2x3x3xf32>)
// CHECK: %[[DIV:.*]] = arith.constant dense<{{\[\[}}4.000000e+00, 6.000000e+00, 4.000000e+00], [6.000000e+00, 9.000000e+00, 6.000000e+00], [4.000000e+00, 6.000000e+00, 4.000000e+00]]> : tensor<3x3xf32>
// CHECK: %[[SCALED:.*]] = linalg.generic {{.*}} ins(%[[DY]], %[[DIV]] : tensor<1x2x3x3xf32>, tensor<3x3xf32>)
// CHECK: arith.divf
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x2x5x5xf32>)
// CHECK: tensor.extract %[[SCALED]][{{.*}}] : tensor<1x2x3x3xf32>
func.func @avg_pool_backward_exclude_pad(%dy: tensor<1x2x3x3xf32>) -> tensor<1x2x5x5xf32> {
  %dx = dlc.avg_pool_backward %dy {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>,
          dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, count_include_pad = false}
        : tensor<1x2x3x3xf32> -> tensor<1x2x5x5xf32>
  return %dx : tensor<1x2x5x5xf32>
}

// -----

// count_include_pad = true: every window counts 9, a scalar divisor.
// CHECK-LABEL: func.func @avg_pool_backward_include_pad
// CHECK: %[[NINE:.*]] = arith.constant 9.000000e+00 : f32
// CHECK: arith.divf %{{.*}}, %[[NINE]] : f32
func.func @avg_pool_backward_include_pad(%dy: tensor<1x2x3x3xf32>) -> tensor<1x2x5x5xf32> {
  %dx = dlc.avg_pool_backward %dy {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>,
          dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, count_include_pad = true}
        : tensor<1x2x3x3xf32> -> tensor<1x2x5x5xf32>
  return %dx : tensor<1x2x5x5xf32>
}

// -----

// A loop over the 3 indices: wrap negatives (+5), clamp to [0, 4], add row
// p of dy into row j of the accumulator in place.
// CHECK-LABEL: func.func @gather_backward
// CHECK-SAME: (%[[DY:.*]]: tensor<3x4xf32>, %[[I:.*]]: tensor<3xi64>)
// CHECK: %[[ZERO:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<5x4xf32>)
// CHECK: %[[R:.*]] = scf.for %[[P:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %[[ZERO]]) -> (tensor<5x4xf32>)
// CHECK: %[[IDX:.*]] = tensor.extract %[[I]][%[[Q:.*]]] : tensor<3xi64>
// CHECK: arith.cmpi slt, %[[IDX]]
// CHECK: arith.addi %[[IDX]], %{{.*}} : i64
// CHECK: %[[J:.*]] = arith.index_cast %{{.*}} : i64 to index
// CHECK: %[[ROW:.*]] = tensor.extract_slice %[[DY]][%[[Q]], 0] [1, 4] [1, 1] : tensor<3x4xf32> to tensor<4xf32>
// CHECK: %[[CUR:.*]] = tensor.extract_slice %[[ACC]][%[[J]], 0] [1, 4] [1, 1] : tensor<5x4xf32> to tensor<4xf32>
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[ROW]] : tensor<4xf32>) outs(%[[CUR]] : tensor<4xf32>)
// CHECK: %[[UPD:.*]] = tensor.insert_slice %[[SUM]] into %[[ACC]][%[[J]], 0] [1, 4] [1, 1]
// CHECK: scf.yield %[[UPD]]
// CHECK: return %[[R]]
func.func @gather_backward(%dy: tensor<3x4xf32>, %i: tensor<3xi64>) -> tensor<5x4xf32> {
  %dd = dlc.gather_backward %dy, %i {axis = 0 : i64} : (tensor<3x4xf32>, tensor<3xi64>) -> tensor<5x4xf32>
  return %dd : tensor<5x4xf32>
}

// -----

// gather_elements reads data at the output position with the axis
// coordinate replaced by the (wrapped, clamped) index.
// CHECK-LABEL: func.func @gather_elements
// CHECK: linalg.generic
// CHECK: %[[J:.*]] = linalg.index 0 : index
// CHECK: %[[P:.*]] = arith.index_cast
// CHECK: tensor.extract %{{.*}}[%[[J]], %[[P]]] : tensor<2x5xf32>
func.func @gather_elements(%x: tensor<2x5xf32>, %i: tensor<2x3xi64>) -> tensor<2x3xf32> {
  %0 = dlc.gather_elements %x, %i {axis = 1 : i64} : (tensor<2x5xf32>, tensor<2x3xi64>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// scatter_elements with "add": one loop over the 6 updates in order, each
// added into its target.
// CHECK-LABEL: func.func @scatter_elements_add
// CHECK: %[[C6:.*]] = arith.constant 6 : index
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[C6]] step %{{.*}} iter_args(%[[ACC:.*]] = %arg0)
// CHECK: %[[OLD:.*]] = tensor.extract %[[ACC]]
// CHECK: %[[SUM:.*]] = arith.addf %[[OLD]]
// CHECK: tensor.insert %[[SUM]] into %[[ACC]]
func.func @scatter_elements_add(%x: tensor<2x5xf32>, %i: tensor<2x3xi64>, %u: tensor<2x3xf32>) -> tensor<2x5xf32> {
  %0 = dlc.scatter_elements %x, %i, %u {axis = 1 : i64, reduction = "add"} : (tensor<2x5xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}
