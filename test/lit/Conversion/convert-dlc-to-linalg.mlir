// RUN: dlc-opt %s -convert-dlc-to-linalg -split-input-file | FileCheck %s
//
// One function per op family. What is checked is the semantics: the named
// linalg op (or the generic's maps and body), padding, accumulator init and
// the index arithmetic; the expected values are derived by hand.

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

// CHECK-DAG: #[[ID2:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @relu
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<2x3xf32>
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]] : tensor<2x3xf32>) outs(%[[INIT]] : tensor<2x3xf32>)
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[M:.*]] = arith.maximumf %[[IN]], %[[ZERO]] : f32
// CHECK: linalg.yield %[[M]] : f32
// CHECK: return %[[R]]
func.func @relu(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = dlc.relu %x : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @relu_i32
// CHECK: linalg.generic
// CHECK: arith.maxsi %{{.*}}, %{{.*}} : i32
func.func @relu_i32(%x: tensor<4xi32>) -> tensor<4xi32> {
  %0 = dlc.relu %x : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// x >= 0 ? x : alpha * x.
// CHECK-LABEL: func.func @leaky_relu
// CHECK: linalg.generic
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[ALPHA:.*]] = arith.constant 2.500000e-01 : f32
// CHECK: %[[GE:.*]] = arith.cmpf oge, %[[IN]], %[[ZERO]] : f32
// CHECK: %[[AX:.*]] = arith.mulf %[[ALPHA]], %[[IN]] : f32
// CHECK: %[[SEL:.*]] = arith.select %[[GE]], %[[IN]], %[[AX]] : f32
// CHECK: linalg.yield %[[SEL]]
func.func @leaky_relu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = dlc.leaky_relu %x {alpha = 0.25 : f32} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @transcendental
// CHECK: linalg.generic
// CHECK: math.exp
// CHECK: arith.select
// CHECK: linalg.generic
// CHECK: math.tanh
// CHECK: linalg.generic
// CHECK: math.log1p
// CHECK: linalg.generic
// CHECK: math.sqrt
func.func @transcendental(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = dlc.sigmoid %x : tensor<4xf32>
  %1 = dlc.tanh %0 : tensor<4xf32>
  %2 = dlc.softplus %1 : tensor<4xf32>
  %3 = dlc.sqrt %2 : tensor<4xf32>
  return %3 : tensor<4xf32>
}

// -----

// [2,1] + [3] -> [2,3]: the lhs reads column 0 on every column, the rhs is
// indexed by the column only.
// CHECK-DAG: #[[LHS:map[0-9]*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[RHS:map[0-9]*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[OUT:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @add_broadcast
// CHECK-SAME: (%[[A:.*]]: tensor<2x1xf32>, %[[B:.*]]: tensor<3xf32>)
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<2x3xf32>
// CHECK: linalg.generic {indexing_maps = [#[[LHS]], #[[RHS]], #[[OUT]]], iterator_types = ["parallel", "parallel"]} ins(%[[A]], %[[B]] : tensor<2x1xf32>, tensor<3xf32>) outs(%[[INIT]] : tensor<2x3xf32>)
// CHECK: ^bb0(%[[L:.*]]: f32, %[[R:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[S:.*]] = arith.addf %[[L]], %[[R]] : f32
// CHECK: linalg.yield %[[S]]
func.func @add_broadcast(%a: tensor<2x1xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = dlc.add %a, %b : tensor<2x1xf32>, tensor<3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// A size-1 dimension that the result also has is not a broadcast: [1,3] * [1,3].
// CHECK-DAG: #[[ID:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @mul_same_shape
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]]]
// CHECK: arith.mulf
func.func @mul_same_shape(%a: tensor<1x3xf32>, %b: tensor<1x3xf32>) -> tensor<1x3xf32> {
  %0 = dlc.mul %a, %b : tensor<1x3xf32>, tensor<1x3xf32> -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// -----

// Rank-0 operand: an empty result list in its map.
// CHECK-DAG: #[[SCALAR:map[0-9]*]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @sub_scalar_i64
// CHECK: linalg.generic {indexing_maps = [#{{map[0-9]*}}, #[[SCALAR]], #{{map[0-9]*}}]
// CHECK: arith.subi %{{.*}}, %{{.*}} : i64
func.func @sub_scalar_i64(%a: tensor<2x2xi64>, %b: tensor<i64>) -> tensor<2x2xi64> {
  %0 = dlc.sub %a, %b : tensor<2x2xi64>, tensor<i64> -> tensor<2x2xi64>
  return %0 : tensor<2x2xi64>
}

// -----

// Integer Div truncates toward zero (signed): arith.divsi.
// CHECK-LABEL: func.func @div_i32
// CHECK: arith.divsi %{{.*}}, %{{.*}} : i32
// CHECK-LABEL: func.func @div_f32
// CHECK: arith.divf %{{.*}}, %{{.*}} : f32
func.func @div_i32(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
  %0 = dlc.div %a, %b : tensor<4xi32>, tensor<4xi32> -> tensor<4xi32>
  return %0 : tensor<4xi32>
}
func.func @div_f32(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %0 = dlc.div %a, %b : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Casts: signed int -> float, float -> int (toward zero), bool -> float as
// 0/1 (unsigned), float -> bool as x != 0.
// CHECK-LABEL: func.func @casts
// CHECK: arith.sitofp %{{.*}} : i64 to f32
// CHECK: arith.fptosi %{{.*}} : f32 to i32
// CHECK: arith.uitofp %{{.*}} : i1 to f32
// CHECK: arith.cmpf une, %{{.*}}, %{{.*}} : f32
func.func @casts(%a: tensor<4xi64>, %b: tensor<4xf32>, %c: tensor<4xi1>)
    -> (tensor<4xf32>, tensor<4xi32>, tensor<4xf32>, tensor<4xi1>) {
  %0 = dlc.cast %a : tensor<4xi64> -> tensor<4xf32>
  %1 = dlc.cast %b : tensor<4xf32> -> tensor<4xi32>
  %2 = dlc.cast %c : tensor<4xi1> -> tensor<4xf32>
  %3 = dlc.cast %b : tensor<4xf32> -> tensor<4xi1>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<4xi32>, tensor<4xf32>, tensor<4xi1>
}

//===----------------------------------------------------------------------===//
// MatMul
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: func.func @matmul_2d
// CHECK-SAME: (%[[A:.*]]: tensor<8x784xf32>, %[[B:.*]]: tensor<784x128xf32>)
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[EMPTY:.*]] = tensor.empty() : tensor<8x128xf32>
// CHECK: %[[ACC:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<8x128xf32>)
// CHECK: %[[P:.*]] = linalg.matmul ins(%[[A]], %[[B]] : tensor<8x784xf32>, tensor<784x128xf32>) outs(%[[ACC]] : tensor<8x128xf32>)
// CHECK: return %[[P]]
func.func @matmul_2d(%a: tensor<8x784xf32>, %b: tensor<784x128xf32>) -> tensor<8x128xf32> {
  %0 = dlc.matmul %a, %b : tensor<8x784xf32>, tensor<784x128xf32> -> tensor<8x128xf32>
  return %0 : tensor<8x128xf32>
}

// -----

// [2,3,4] x [4,5]: the shared 2-D rhs lets the batch fold into M: a [6,4] x
// [4,5] product reshaped to [2,3,5].
// CHECK-LABEL: func.func @matmul_batched_lhs
// CHECK-SAME: (%[[A:.*]]: tensor<2x3x4xf32>, %[[B:.*]]: tensor<4x5xf32>)
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[A]] {{\[}}[0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
// CHECK: %[[ACC:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<6x5xf32>)
// CHECK: %[[P:.*]] = linalg.matmul ins(%[[FLAT]], %[[B]] : tensor<6x4xf32>, tensor<4x5xf32>) outs(%[[ACC]] : tensor<6x5xf32>)
// CHECK: %[[R:.*]] = tensor.expand_shape %[[P]] {{\[}}[0, 1], [2]] output_shape [2, 3, 5] : tensor<6x5xf32> into tensor<2x3x5xf32>
// CHECK: return %[[R]]
func.func @matmul_batched_lhs(%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>) -> tensor<2x3x5xf32> {
  %0 = dlc.matmul %a, %b : tensor<2x3x4xf32>, tensor<4x5xf32> -> tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}

// -----

// [1,3,4] x [2,4,5]: the lhs batch broadcasts to 2 (a generic reading batch
// index 0), then linalg.batch_matmul.
// CHECK-DAG: #[[BCAST:map[0-9]*]] = affine_map<(d0, d1, d2) -> (0, d1, d2)>
// CHECK-LABEL: func.func @matmul_broadcast_batch
// CHECK-SAME: (%[[A:.*]]: tensor<1x3x4xf32>, %[[B:.*]]: tensor<2x4x5xf32>)
// CHECK: %[[AB:.*]] = linalg.generic {indexing_maps = [#[[BCAST]], #{{map[0-9]*}}], {{.*}} ins(%[[A]] : tensor<1x3x4xf32>) outs(%{{.*}} : tensor<2x3x4xf32>)
// CHECK: %[[ACC:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x3x5xf32>)
// CHECK: %[[P:.*]] = linalg.batch_matmul ins(%[[AB]], %[[B]] : tensor<2x3x4xf32>, tensor<2x4x5xf32>) outs(%[[ACC]] : tensor<2x3x5xf32>)
// CHECK: return %[[P]]
func.func @matmul_broadcast_batch(%a: tensor<1x3x4xf32>, %b: tensor<2x4x5xf32>) -> tensor<2x3x5xf32> {
  %0 = dlc.matmul %a, %b : tensor<1x3x4xf32>, tensor<2x4x5xf32> -> tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}

//===----------------------------------------------------------------------===//
// Convolution
//===----------------------------------------------------------------------===//

// -----

// Pads [1,1,1,1] become a zero tensor.pad of the spatial axes; the bias [F]
// is broadcast over N, H, W into the accumulator.
// CHECK-LABEL: func.func @conv2d_bias_pads
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8xf32>, %[[W:.*]]: tensor<16x3x3x3xf32>, %[[B:.*]]: tensor<16xf32>)
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[XP:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: tensor.yield %[[ZERO]] : f32
// CHECK: } : tensor<1x3x8x8xf32> to tensor<1x3x10x10xf32>
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<1x16x4x4xf32>
// CHECK: %[[ACC:.*]] = linalg.broadcast ins(%[[B]] : tensor<16xf32>) outs(%[[EMPTY]] : tensor<1x16x4x4xf32>) dimensions = [0, 2, 3]
// CHECK: %[[Y:.*]] = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%[[XP]], %[[W]] : tensor<1x3x10x10xf32>, tensor<16x3x3x3xf32>) outs(%[[ACC]] : tensor<1x16x4x4xf32>)
// CHECK: return %[[Y]]
func.func @conv2d_bias_pads(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<16xf32>) -> tensor<1x16x4x4xf32> {
  // (8 + 2 - 3) / 2 + 1 = 4.
  %0 = dlc.conv %x, %w, %b {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>,
         pads = array<i64: 1, 1, 1, 1>, group = 1 : i64}
       : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x4x4xf32>
  return %0 : tensor<1x16x4x4xf32>
}

// -----

// No bias, no pads: a zero-filled accumulator and the input as is; asymmetric
// dilations are passed through.
// CHECK-LABEL: func.func @conv2d_no_bias
// CHECK-SAME: (%[[X:.*]]: tensor<1x1x7x7xf32>, %[[W:.*]]: tensor<2x1x3x3xf32>)
// CHECK-NOT: tensor.pad
// CHECK: %[[ACC:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<1x2x3x5xf32>)
// CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<[2, 1]> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%[[X]], %[[W]] : {{.*}}) outs(%[[ACC]] : tensor<1x2x3x5xf32>)
func.func @conv2d_no_bias(%x: tensor<1x1x7x7xf32>, %w: tensor<2x1x3x3xf32>) -> tensor<1x2x3x5xf32> {
  // H: dilation 2 spans 5, 7 - 5 + 1 = 3. W: 7 - 3 + 1 = 5.
  %0 = dlc.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 2, 1>,
         pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
       : (tensor<1x1x7x7xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x3x5xf32>
  return %0 : tensor<1x2x3x5xf32>
}

// -----

// Group 2: channels split as [N, G, C/G, H, W], filters as [G, F/G, C/G, kh,
// kw], output [N, G, F/G, H, W], then collapsed back to [N, F, H, W].
// CHECK-LABEL: func.func @conv2d_grouped
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x5x5xf32>, %[[W:.*]]: tensor<6x2x3x3xf32>)
// CHECK-DAG: %[[XG:.*]] = tensor.expand_shape %[[X]] {{\[}}[0], [1, 2], [3], [4]] output_shape [1, 2, 2, 5, 5] : tensor<1x4x5x5xf32> into tensor<1x2x2x5x5xf32>
// CHECK-DAG: %[[WG:.*]] = tensor.expand_shape %[[W]] {{\[}}[0, 1], [2], [3], [4]] output_shape [2, 3, 2, 3, 3] : tensor<6x2x3x3xf32> into tensor<2x3x2x3x3xf32>
// CHECK-DAG: %[[ACC:.*]] = tensor.expand_shape %{{.*}} {{\[}}[0], [1, 2], [3], [4]] output_shape [1, 2, 3, 3, 3] : tensor<1x6x3x3xf32> into tensor<1x2x3x3x3xf32>
// CHECK: %[[Y:.*]] = linalg.conv_2d_ngchw_gfchw {{.*}} ins(%[[XG]], %[[WG]] : tensor<1x2x2x5x5xf32>, tensor<2x3x2x3x3xf32>) outs(%[[ACC]] : tensor<1x2x3x3x3xf32>)
// CHECK: %[[R:.*]] = tensor.collapse_shape %[[Y]] {{\[}}[0], [1, 2], [3], [4]] : tensor<1x2x3x3x3xf32> into tensor<1x6x3x3xf32>
// CHECK: return %[[R]]
func.func @conv2d_grouped(%x: tensor<1x4x5x5xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<1x6x3x3xf32> {
  %0 = dlc.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, group = 2 : i64}
       : (tensor<1x4x5x5xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x3x3xf32>
  return %0 : tensor<1x6x3x3xf32>
}

// -----

// 1-D with asymmetric pads [begin 2, end 0].
// CHECK-LABEL: func.func @conv1d
// CHECK: %[[XP:.*]] = tensor.pad %{{.*}} low[0, 0, 2] high[0, 0, 0]
// CHECK: linalg.conv_1d_ncw_fcw {dilations = dense<1> : tensor<1xi64>, strides = dense<1> : tensor<1xi64>} ins(%[[XP]], %{{.*}} : tensor<1x2x12xf32>, tensor<3x2x3xf32>) outs(%{{.*}} : tensor<1x3x10xf32>)
func.func @conv1d(%x: tensor<1x2x10xf32>, %w: tensor<3x2x3xf32>) -> tensor<1x3x10xf32> {
  // 10 + 2 - 3 + 1 = 10.
  %0 = dlc.conv %x, %w {strides = array<i64: 1>, dilations = array<i64: 1>,
         pads = array<i64: 2, 0>, group = 1 : i64}
       : (tensor<1x2x10xf32>, tensor<3x2x3xf32>) -> tensor<1x3x10xf32>
  return %0 : tensor<1x3x10xf32>
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

// -----

// Max pooling: padding never wins (the lowest finite float), the accumulator
// starts at -inf. ceil_mode 2x2/2 on 5 -> 3 windows, the last one overhangs
// by one, so the input is padded by one at the end of each axis.
// CHECK-LABEL: func.func @max_pool_ceil
// CHECK-SAME: (%[[X:.*]]: tensor<1x1x5x5xf32>)
// CHECK-DAG: %[[LOWEST:.*]] = arith.constant -3.40282347E+38 : f32
// CHECK-DAG: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[XP:.*]] = tensor.pad %[[X]] low[0, 0, 0, 0] high[0, 0, 1, 1]
// CHECK: tensor.yield %[[LOWEST]] : f32
// CHECK: } : tensor<1x1x5x5xf32> to tensor<1x1x6x6xf32>
// CHECK: %[[ACC:.*]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.*}} : tensor<1x1x3x3xf32>)
// CHECK: %[[WIN:.*]] = tensor.empty() : tensor<2x2xf32>
// CHECK: %[[Y:.*]] = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%[[XP]], %[[WIN]] : tensor<1x1x6x6xf32>, tensor<2x2xf32>) outs(%[[ACC]] : tensor<1x1x3x3xf32>)
// CHECK: return %[[Y]]
func.func @max_pool_ceil(%x: tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32> {
  %0 = dlc.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>,
         dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>}
       : tensor<1x1x5x5xf32> -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// -----

// Average pooling 2x2/1 with pads 1 on 3x3, count_include_pad = false: the
// divisor counts real elements only. Per axis the windows cover 1, 2, 2, 1
// input elements, so the divisors are their outer product.
// CHECK-LABEL: func.func @avg_pool_exclude_pad
// CHECK-SAME: (%[[X:.*]]: tensor<1x1x3x3xf32>)
// CHECK: %[[XP:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: %[[SUM:.*]] = linalg.pooling_nchw_sum {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%[[XP]], %{{.*}} : tensor<1x1x5x5xf32>, tensor<2x2xf32>) outs(%{{.*}} : tensor<1x1x4x4xf32>)
// CHECK: %[[DIV:.*]] = arith.constant dense<{{\[}}[1.000000e+00, 2.000000e+00, 2.000000e+00, 1.000000e+00], [2.000000e+00, 4.000000e+00, 4.000000e+00, 2.000000e+00], [2.000000e+00, 4.000000e+00, 4.000000e+00, 2.000000e+00], [1.000000e+00, 2.000000e+00, 2.000000e+00, 1.000000e+00]]> : tensor<4x4xf32>
// CHECK: linalg.generic {{.*}} ins(%[[SUM]], %[[DIV]] : tensor<1x1x4x4xf32>, tensor<4x4xf32>)
// CHECK: arith.divf
func.func @avg_pool_exclude_pad(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32> {
  %0 = dlc.avg_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 1, 1>,
         dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, count_include_pad = false}
       : tensor<1x1x3x3xf32> -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

// count_include_pad = true with 3x3 windows that always fit the padded input:
// every window divides by 9.
// CHECK-LABEL: func.func @avg_pool_include_pad
// CHECK: %[[SUM:.*]] = linalg.pooling_nchw_sum
// CHECK: %[[NINE:.*]] = arith.constant 9.000000e+00 : f32
// CHECK: linalg.generic {{.*}} ins(%[[SUM]] : tensor<1x2x4x4xf32>)
// CHECK: ^bb0(%[[S:.*]]: f32, %{{.*}}: f32):
// CHECK: arith.divf %[[S]], %[[NINE]] : f32
func.func @avg_pool_include_pad(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %0 = dlc.avg_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>,
         dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, count_include_pad = true}
       : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

// Global average pooling of 1-D: the named NCW sum op, divisor 5.
// CHECK-LABEL: func.func @avg_pool_1d
// CHECK: linalg.pooling_ncw_sum
// CHECK: %[[FIVE:.*]] = arith.constant 5.000000e+00 : f32
// CHECK: arith.divf %{{.*}}, %[[FIVE]] : f32
func.func @avg_pool_1d(%x: tensor<2x3x5xf32>) -> tensor<2x3x1xf32> {
  %0 = dlc.avg_pool %x {kernel_shape = array<i64: 5>, strides = array<i64: 1>,
         dilations = array<i64: 1>, pads = array<i64: 0, 0>, count_include_pad = false}
       : tensor<2x3x5xf32> -> tensor<2x3x1xf32>
  return %0 : tensor<2x3x1xf32>
}

//===----------------------------------------------------------------------===//
// Softmax
//===----------------------------------------------------------------------===//

// -----

// Along axis 1 of [8,10]: max and sum reduce d1 into [8], then
// exp(x - max) / sum.
// CHECK-DAG: #[[ID:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:map[0-9]*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @softmax
// CHECK-SAME: (%[[X:.*]]: tensor<8x10xf32>)
// CHECK: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[MINIT:.*]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.*}} : tensor<8xf32>)
// CHECK: %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]]], iterator_types = ["parallel", "reduction"]} ins(%[[X]] : tensor<8x10xf32>) outs(%[[MINIT]] : tensor<8xf32>)
// CHECK: arith.maximumf
// CHECK: %[[SINIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<8xf32>)
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ROW]]], iterator_types = ["parallel", "reduction"]} ins(%[[X]], %[[MAX]] : tensor<8x10xf32>, tensor<8xf32>) outs(%[[SINIT]] : tensor<8xf32>)
// CHECK: ^bb0(%[[A:.*]]: f32, %[[M:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK: %[[D:.*]] = arith.subf %[[A]], %[[M]] : f32
// CHECK: %[[E:.*]] = math.exp %[[D]] : f32
// CHECK: arith.addf %[[E]], %[[ACC]] : f32
// CHECK: %[[Y:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ROW]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[MAX]], %[[SUM]] : tensor<8x10xf32>, tensor<8xf32>, tensor<8xf32>)
// CHECK: ^bb0(%[[A2:.*]]: f32, %[[M2:.*]]: f32, %[[S2:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[D2:.*]] = arith.subf %[[A2]], %[[M2]] : f32
// CHECK: %[[E2:.*]] = math.exp %[[D2]] : f32
// CHECK: %[[Q:.*]] = arith.divf %[[E2]], %[[S2]] : f32
// CHECK: linalg.yield %[[Q]]
// CHECK: return %[[Y]]
func.func @softmax(%x: tensor<8x10xf32>) -> tensor<8x10xf32> {
  %0 = dlc.softmax %x {axis = 1 : i64} : tensor<8x10xf32>
  return %0 : tensor<8x10xf32>
}

// -----

// log_softmax along axis 0 of [3,4]: reductions over d0 into [4];
// (x - max) - log(sum).
// CHECK-DAG: #[[COL:map[0-9]*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @log_softmax
// CHECK: linalg.generic {indexing_maps = [#{{map[0-9]*}}, #[[COL]]], iterator_types = ["reduction", "parallel"]}
// CHECK: arith.maximumf
// CHECK: linalg.generic {{.*}} iterator_types = ["reduction", "parallel"]
// CHECK: math.exp
// CHECK: linalg.generic
// CHECK: ^bb0(%[[A:.*]]: f32, %[[M:.*]]: f32, %[[S:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[D:.*]] = arith.subf %[[A]], %[[M]] : f32
// CHECK: %[[L:.*]] = math.log %[[S]] : f32
// CHECK: %[[R:.*]] = arith.subf %[[D]], %[[L]] : f32
// CHECK: linalg.yield %[[R]]
func.func @log_softmax(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %0 = dlc.log_softmax %x {axis = 0 : i64} : tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: func.func @reshapes
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>, %[[V:.*]]: tensor<6xf32>, %[[M:.*]]: tensor<2x3xf32>)
// CHECK: %[[C:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
// CHECK: %[[E:.*]] = tensor.expand_shape %[[V]] {{\[}}[0, 1]] output_shape [2, 3] : tensor<6xf32> into tensor<2x3xf32>
// [2,3] -> [3,2] is neither a collapse nor an expand: through [6].
// CHECK: %[[F:.*]] = tensor.collapse_shape %[[M]] {{\[}}[0, 1]] : tensor<2x3xf32> into tensor<6xf32>
// CHECK: %[[T:.*]] = tensor.expand_shape %[[F]] {{\[}}[0, 1]] output_shape [3, 2] : tensor<6xf32> into tensor<3x2xf32>
// CHECK: return %[[C]], %[[E]], %[[T]]
func.func @reshapes(%x: tensor<2x3x4xf32>, %v: tensor<6xf32>, %m: tensor<2x3xf32>)
    -> (tensor<6x4xf32>, tensor<2x3xf32>, tensor<3x2xf32>) {
  %0 = dlc.reshape %x : tensor<2x3x4xf32> -> tensor<6x4xf32>
  %1 = dlc.reshape %v : tensor<6xf32> -> tensor<2x3xf32>
  %2 = dlc.reshape %m : tensor<2x3xf32> -> tensor<3x2xf32>
  return %0, %1, %2 : tensor<6x4xf32>, tensor<2x3xf32>, tensor<3x2xf32>
}

// -----

// CHECK-LABEL: func.func @transpose
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<4x2x3xf32>
// CHECK: %[[T:.*]] = linalg.transpose ins(%[[X]] : tensor<2x3x4xf32>) outs(%[[INIT]] : tensor<4x2x3xf32>) permutation = [2, 0, 1]
// CHECK: return %[[T]]
func.func @transpose(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %0 = dlc.transpose %x {permutation = array<i64: 2, 0, 1>} : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

// -----

// [2,3] ++ [1,3] ++ [4,3] along axis 0: at rows 0, 2 and 3.
// CHECK-LABEL: func.func @concat
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<1x3xf32>, %[[C:.*]]: tensor<4x3xf32>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<7x3xf32>
// CHECK: %[[I1:.*]] = tensor.insert_slice %[[A]] into %[[E]][0, 0] [2, 3] [1, 1] : tensor<2x3xf32> into tensor<7x3xf32>
// CHECK: %[[I2:.*]] = tensor.insert_slice %[[B]] into %[[I1]][2, 0] [1, 3] [1, 1] : tensor<1x3xf32> into tensor<7x3xf32>
// CHECK: %[[I3:.*]] = tensor.insert_slice %[[C]] into %[[I2]][3, 0] [4, 3] [1, 1] : tensor<4x3xf32> into tensor<7x3xf32>
// CHECK: return %[[I3]]
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<1x3xf32>, %c: tensor<4x3xf32>) -> tensor<7x3xf32> {
  %0 = dlc.concat %a, %b, %c {axis = 0 : i64} : (tensor<2x3xf32>, tensor<1x3xf32>, tensor<4x3xf32>) -> tensor<7x3xf32>
  return %0 : tensor<7x3xf32>
}

// -----

// Positive steps: one strided extract_slice.
// CHECK-LABEL: func.func @slice_strided
// CHECK-SAME: (%[[X:.*]]: tensor<4x6xf32>)
// CHECK: %[[S:.*]] = tensor.extract_slice %[[X]][1, 0] [2, 3] [1, 2] : tensor<4x6xf32> to tensor<2x3xf32>
// CHECK: return %[[S]]
func.func @slice_strided(%x: tensor<4x6xf32>) -> tensor<2x3xf32> {
  %0 = dlc.slice %x {starts = array<i64: 1, 0>, steps = array<i64: 1, 2>} : tensor<4x6xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// A negative step reads x[i][5 - 2j]: columns 5, 3, 1.
// CHECK-DAG: #[[REV:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1 * -2 + 5)>
// CHECK-DAG: #[[ID:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @slice_reversed
// CHECK-SAME: (%[[X:.*]]: tensor<4x6xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[REV]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]] : tensor<4x6xf32>) outs(%{{.*}} : tensor<4x3xf32>)
func.func @slice_reversed(%x: tensor<4x6xf32>) -> tensor<4x3xf32> {
  %0 = dlc.slice %x {starts = array<i64: 0, 5>, steps = array<i64: 1, -2>} : tensor<4x6xf32> -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Gather along axis 1 of data [5,4] with indices [2,3]: result [5,2,3];
// result[i, j, k] = data[i, indices[j, k]], a negative index counting from
// the end (+4).
// CHECK-DAG: #[[IDX:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[OUT:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @gather
// CHECK-SAME: (%[[D:.*]]: tensor<5x4xf32>, %[[I:.*]]: tensor<2x3xi64>)
// CHECK: linalg.generic {indexing_maps = [#[[IDX]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[I]] : tensor<2x3xi64>) outs(%{{.*}} : tensor<5x2x3xf32>)
// CHECK: ^bb0(%[[IN:.*]]: i64, %{{.*}}: f32):
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK-DAG: %[[FOUR:.*]] = arith.constant 4 : i64
// CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[IN]], %[[ZERO]] : i64
// CHECK: %[[WRAP:.*]] = arith.addi %[[IN]], %[[FOUR]] : i64
// CHECK: %[[SEL:.*]] = arith.select %[[NEG]], %[[WRAP]], %[[IN]] : i64
// CHECK: %[[POS:.*]] = arith.index_cast %{{.*}} : i64 to index
// CHECK: %[[ROW:.*]] = linalg.index 0 : index
// CHECK: %[[V:.*]] = tensor.extract %[[D]][%[[ROW]], %[[POS]]] : tensor<5x4xf32>
// CHECK: linalg.yield %[[V]] : f32
func.func @gather(%d: tensor<5x4xf32>, %i: tensor<2x3xi64>) -> tensor<5x2x3xf32> {
  %0 = dlc.gather %d, %i {axis = 1 : i64} : (tensor<5x4xf32>, tensor<2x3xi64>) -> tensor<5x2x3xf32>
  return %0 : tensor<5x2x3xf32>
}

// -----

// Expand [3,1] to [2,3,4]: the new leading axis is dropped from the map and
// the stretched axis reads index 0.
// CHECK-DAG: #[[IN:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d1, 0)>
// CHECK-DAG: #[[OUT:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @broadcast
// CHECK-SAME: (%[[X:.*]]: tensor<3x1xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[X]] : tensor<3x1xf32>) outs(%{{.*}} : tensor<2x3x4xf32>)
// CHECK: ^bb0(%[[V:.*]]: f32, %{{.*}}: f32):
// CHECK: linalg.yield %[[V]] : f32
func.func @broadcast(%x: tensor<3x1xf32>) -> tensor<2x3x4xf32> {
  %0 = dlc.broadcast %x : tensor<3x1xf32> -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// pads [1, 0, 1, 2] = begin [1, 0], end [1, 2], value 1.5.
// CHECK-LABEL: func.func @pad
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK: %[[V:.*]] = arith.constant 1.500000e+00 : f32
// CHECK: %[[P:.*]] = tensor.pad %[[X]] low[1, 0] high[1, 2]
// CHECK: tensor.yield %[[V]] : f32
// CHECK: } : tensor<2x3xf32> to tensor<4x5xf32>
// CHECK: return %[[P]]
func.func @pad(%x: tensor<2x3xf32>) -> tensor<4x5xf32> {
  %0 = dlc.pad %x {pads = array<i64: 1, 0, 1, 2>, value = 1.5 : f64} : tensor<2x3xf32> -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

// Negative pads crop: begin [0, -1] drops column 0, end [2, 0] pads two rows:
// [2,3] -> crop to [2,2] at offset [0,1] -> pad to [4,2].
// CHECK-LABEL: func.func @pad_crop
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xi32>)
// CHECK: %[[C:.*]] = tensor.extract_slice %[[X]][0, 1] [2, 2] [1, 1] : tensor<2x3xi32> to tensor<2x2xi32>
// CHECK: %[[Z:.*]] = arith.constant 0 : i32
// CHECK: %[[P:.*]] = tensor.pad %[[C]] low[0, 0] high[2, 0]
// CHECK: tensor.yield %[[Z]] : i32
// CHECK: } : tensor<2x2xi32> to tensor<4x2xi32>
// CHECK: return %[[P]]
func.func @pad_crop(%x: tensor<2x3xi32>) -> tensor<4x2xi32> {
  %0 = dlc.pad %x {pads = array<i64: 0, -1, 2, 0>, value = 0.0 : f64} : tensor<2x3xi32> -> tensor<4x2xi32>
  return %0 : tensor<4x2xi32>
}

// -----

// dlc.compare: ordered float predicates; booleans compare unsigned
// (false < true); the rhs broadcasts.
// CHECK-LABEL: func.func @compare
// CHECK: linalg.generic
// CHECK: arith.cmpf ole
// CHECK: linalg.generic
// CHECK: arith.cmpi ult
// CHECK: linalg.generic
// CHECK: arith.cmpi sge
func.func @compare(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %p: tensor<3xi1>, %i: tensor<3xi64>) -> (tensor<2x3xi1>, tensor<3xi1>, tensor<3xi1>) {
  %0 = dlc.compare "le" %a, %b : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xi1>
  %1 = dlc.compare "lt" %p, %p : tensor<3xi1>, tensor<3xi1> -> tensor<3xi1>
  %2 = dlc.compare "ge" %i, %i : tensor<3xi64>, tensor<3xi64> -> tensor<3xi1>
  return %0, %1, %2 : tensor<2x3xi1>, tensor<3xi1>, tensor<3xi1>
}

// -----

// dlc.logical: and, or, xor on i1.
// CHECK-LABEL: func.func @logical
// CHECK: arith.andi
// CHECK: arith.ori
// CHECK: arith.xori
func.func @logical(%a: tensor<3xi1>, %b: tensor<3xi1>) -> (tensor<3xi1>, tensor<3xi1>, tensor<3xi1>) {
  %0 = dlc.logical "and" %a, %b : tensor<3xi1>, tensor<3xi1> -> tensor<3xi1>
  %1 = dlc.logical "or" %a, %b : tensor<3xi1>, tensor<3xi1> -> tensor<3xi1>
  %2 = dlc.logical "xor" %a, %b : tensor<3xi1>, tensor<3xi1> -> tensor<3xi1>
  return %0, %1, %2 : tensor<3xi1>, tensor<3xi1>, tensor<3xi1>
}

// -----

// dlc.reduce_max starts from -inf (floats) and dlc.reduce_min from the
// largest i32 (integers).
// CHECK-LABEL: func.func @reduce_extrema
// CHECK: arith.constant 0xFF800000 : f32
// CHECK: linalg.reduce
// CHECK: arith.maximumf
// CHECK: arith.constant 2147483647 : i32
// CHECK: linalg.reduce
// CHECK: arith.minsi
func.func @reduce_extrema(%x: tensor<2x3xf32>, %y: tensor<2x3xi32>) -> (tensor<2xf32>, tensor<3xi32>) {
  %0 = dlc.reduce_max %x {axes = array<i64: 1>, keepdims = false} : tensor<2x3xf32> -> tensor<2xf32>
  %1 = dlc.reduce_min %y {axes = array<i64: 0>, keepdims = false} : tensor<2x3xi32> -> tensor<3xi32>
  return %0, %1 : tensor<2xf32>, tensor<3xi32>
}

// -----

// dlc.arg_max: one generic reducing axis 1 into the best value (from -inf)
// and its index; a later element wins only when strictly greater (the
// first index), or also when equal with select_last_index.
// CHECK-LABEL: func.func @arg_max
// CHECK: arith.constant 0xFF800000 : f32
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "reduction"]
// CHECK: %[[BETTER:.*]] = arith.cmpf ogt, %[[X:.*]], %[[BEST:[^ ]*]] : f32
// CHECK: %[[AT:.*]] = linalg.index 1
// CHECK: %[[I:.*]] = arith.index_cast %[[AT]] : index to i64
// CHECK: arith.select %[[BETTER]], %[[X]], %[[BEST]]
// CHECK: arith.select %[[BETTER]], %[[I]]
// CHECK: tensor.expand_shape
// CHECK: arith.cmpi sle
func.func @arg_max(%x: tensor<2x3xf32>, %y: tensor<4xi32>) -> (tensor<2x1xi64>, tensor<i64>) {
  %0 = dlc.arg_max %x {axis = 1 : i64, keepdims = true, select_last_index = false} : tensor<2x3xf32> -> tensor<2x1xi64>
  %1 = dlc.arg_min %y {axis = 0 : i64, keepdims = false, select_last_index = true} : tensor<4xi32> -> tensor<i64>
  return %0, %1 : tensor<2x1xi64>, tensor<i64>
}

// -----

// dlc.select: one generic over the broadcast of the three shapes.
// CHECK-LABEL: func.func @select
// CHECK: linalg.generic
// CHECK-SAME: ins(%arg0, %arg1, %arg2 : tensor<2x3xi1>, tensor<3xf32>, tensor<f32>)
// CHECK: arith.select
func.func @select(%c: tensor<2x3xi1>, %x: tensor<3xf32>, %y: tensor<f32>) -> tensor<2x3xf32> {
  %0 = dlc.select %c, %x, %y : tensor<2x3xi1>, tensor<3xf32>, tensor<f32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
