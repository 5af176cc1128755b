// RUN: dlc-opt %s -canonicalize -split-input-file | FileCheck %s
//
// The folders of dlc ops (dialects/DLC/IR/DLCFolds.cpp). Exporters emit shape
// arithmetic (Shape -> Gather -> Unsqueeze -> Concat -> Reshape, Slice,
// Expand, Cast) on values that are constants once shapes are static; all of
// it must fold. Expected values are computed by hand.

// CHECK-LABEL: func.func @add_i64_broadcast
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<[11, 12, 13]> : tensor<3xi64>
// CHECK-NEXT: return %[[C]]
func.func @add_i64_broadcast() -> tensor<3xi64> {
  %a = arith.constant dense<[1, 2, 3]> : tensor<3xi64>
  %b = arith.constant dense<[10]> : tensor<1xi64>
  %0 = dlc.add %a, %b : tensor<3xi64>, tensor<1xi64> -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

// [[1,2],[3,4]] + [10,20]: the vector is added to each row.
// CHECK-LABEL: func.func @add_f32_rows
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<{{\[}}[1.100000e+01, 2.200000e+01], [1.300000e+01, 2.400000e+01]]> : tensor<2x2xf32>
// CHECK-NEXT: return %[[C]]
func.func @add_f32_rows() -> tensor<2x2xf32> {
  %a = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %b = arith.constant dense<[10.0, 20.0]> : tensor<2xf32>
  %0 = dlc.add %a, %b : tensor<2x2xf32>, tensor<2xf32> -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

// [[5],[3]] - [1,2] broadcasts both ways to 2x2: [[5-1, 5-2], [3-1, 3-2]].
// CHECK-LABEL: func.func @sub_both_stretch
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<{{\[}}[4, 3], [2, 1]]> : tensor<2x2xi64>
// CHECK-NEXT: return %[[C]]
func.func @sub_both_stretch() -> tensor<2x2xi64> {
  %a = arith.constant dense<[[5], [3]]> : tensor<2x1xi64>
  %b = arith.constant dense<[1, 2]> : tensor<2xi64>
  %0 = dlc.sub %a, %b : tensor<2x1xi64>, tensor<2xi64> -> tensor<2x2xi64>
  return %0 : tensor<2x2xi64>
}

// -----

// CHECK-LABEL: func.func @mul_by_rank0
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK-NEXT: return %[[C]]
func.func @mul_by_rank0() -> tensor<2xf32> {
  %a = arith.constant dense<[2.0, 4.0]> : tensor<2xf32>
  %b = arith.constant dense<0.5> : tensor<f32>
  %0 = dlc.mul %a, %b : tensor<2xf32>, tensor<f32> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Integer division truncates toward zero (ONNX Div on integers, like C).
// CHECK-LABEL: func.func @div_i64_truncates
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<[3, -3, 0]> : tensor<3xi64>
// CHECK-NEXT: return %[[C]]
func.func @div_i64_truncates() -> tensor<3xi64> {
  %a = arith.constant dense<[7, -7, 1]> : tensor<3xi64>
  %b = arith.constant dense<2> : tensor<i64>
  %0 = dlc.div %a, %b : tensor<3xi64>, tensor<i64> -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

// CHECK-LABEL: func.func @div_f32
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<[5.000000e-01, 1.500000e+00]> : tensor<2xf32>
// CHECK-NEXT: return %[[C]]
func.func @div_f32() -> tensor<2xf32> {
  %a = arith.constant dense<[1.0, 3.0]> : tensor<2xf32>
  %b = arith.constant dense<[2.0]> : tensor<1xf32>
  %0 = dlc.div %a, %b : tensor<2xf32>, tensor<1xf32> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Integer division by zero is left for run time, not folded.
// CHECK-LABEL: func.func @div_by_zero_not_folded
// CHECK: %[[D:.*]] = dlc.div
// CHECK: return %[[D]]
func.func @div_by_zero_not_folded() -> tensor<2xi64> {
  %a = arith.constant dense<[4, 6]> : tensor<2xi64>
  %b = arith.constant dense<[2, 0]> : tensor<2xi64>
  %0 = dlc.div %a, %b : tensor<2xi64>, tensor<2xi64> -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// A non-constant operand stops folding.
// CHECK-LABEL: func.func @add_runtime_not_folded
// CHECK-SAME: (%[[X:.*]]: tensor<2xf32>)
// CHECK: %[[S:.*]] = dlc.add %[[X]], %{{.*}}
// CHECK: return %[[S]]
func.func @add_runtime_not_folded(%x: tensor<2xf32>) -> tensor<2xf32> {
  %b = arith.constant dense<1.0> : tensor<2xf32>
  %0 = dlc.add %x, %b : tensor<2xf32>, tensor<2xf32> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_constant
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<{{\[}}[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi64>
// CHECK-NEXT: return %[[C]]
func.func @reshape_constant() -> tensor<2x3xi64> {
  %a = arith.constant dense<[1, 2, 3, 4, 5, 6]> : tensor<6xi64>
  %0 = dlc.reshape %a : tensor<6xi64> -> tensor<2x3xi64>
  return %0 : tensor<2x3xi64>
}

// -----

// CHECK-LABEL: func.func @reshape_identity
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]]
func.func @reshape_identity(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = dlc.reshape %x : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Two reshapes become one from the original input.
// CHECK-LABEL: func.func @reshape_of_reshape
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: %[[R:.*]] = dlc.reshape %[[X]] : tensor<2x3xf32> -> tensor<3x2xf32>
// CHECK-NEXT: return %[[R]]
func.func @reshape_of_reshape(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %0 = dlc.reshape %x : tensor<2x3xf32> -> tensor<6xf32>
  %1 = dlc.reshape %0 : tensor<6xf32> -> tensor<3x2xf32>
  return %1 : tensor<3x2xf32>
}

// -----

// CHECK-LABEL: func.func @transpose_constant
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<{{\[}}[1, 4], [2, 5], [3, 6]]> : tensor<3x2xi32>
// CHECK-NEXT: return %[[C]]
func.func @transpose_constant() -> tensor<3x2xi32> {
  %a = arith.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %0 = dlc.transpose %a {permutation = array<i64: 1, 0>} : tensor<2x3xi32> -> tensor<3x2xi32>
  return %0 : tensor<3x2xi32>
}

// -----

// result[i][j][0] = in[j][0][i] for permutation [2, 0, 1].
// CHECK-LABEL: func.func @transpose_constant_3d
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<{{\[}}{{\[}}[1.000000e+00], [4.000000e+00]], {{\[}}[2.000000e+00], [5.000000e+00]], {{\[}}[3.000000e+00], [6.000000e+00]]]> : tensor<3x2x1xf32>
// CHECK-NEXT: return %[[C]]
func.func @transpose_constant_3d() -> tensor<3x2x1xf32> {
  %a = arith.constant dense<[[[1.0, 2.0, 3.0]], [[4.0, 5.0, 6.0]]]> : tensor<2x1x3xf32>
  %0 = dlc.transpose %a {permutation = array<i64: 2, 0, 1>} : tensor<2x1x3xf32> -> tensor<3x2x1xf32>
  return %0 : tensor<3x2x1xf32>
}

// -----

// CHECK-LABEL: func.func @transpose_identity
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]]
func.func @transpose_identity(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = dlc.transpose %x {permutation = array<i64: 0, 1>} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Elements 1 and 3 of [0..5].
// CHECK-LABEL: func.func @slice_constant_strided
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<[1, 3]> : tensor<2xi64>
// CHECK-NEXT: return %[[C]]
func.func @slice_constant_strided() -> tensor<2xi64> {
  %a = arith.constant dense<[0, 1, 2, 3, 4, 5]> : tensor<6xi64>
  %0 = dlc.slice %a {starts = array<i64: 1>, steps = array<i64: 2>} : tensor<6xi64> -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// Start 5, step -2: elements 5, 3, 1.
// CHECK-LABEL: func.func @slice_constant_reversed
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<[5, 3, 1]> : tensor<3xi64>
// CHECK-NEXT: return %[[C]]
func.func @slice_constant_reversed() -> tensor<3xi64> {
  %a = arith.constant dense<[0, 1, 2, 3, 4, 5]> : tensor<6xi64>
  %0 = dlc.slice %a {starts = array<i64: 5>, steps = array<i64: -2>} : tensor<6xi64> -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

// Row 1, columns 0..1 of [[1,2,3],[4,5,6]].
// CHECK-LABEL: func.func @slice_constant_2d
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<{{\[}}[4, 5]]> : tensor<1x2xi64>
// CHECK-NEXT: return %[[C]]
func.func @slice_constant_2d() -> tensor<1x2xi64> {
  %a = arith.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi64>
  %0 = dlc.slice %a {starts = array<i64: 1, 0>, steps = array<i64: 1, 1>} : tensor<2x3xi64> -> tensor<1x2xi64>
  return %0 : tensor<1x2xi64>
}

// -----

// CHECK-LABEL: func.func @slice_identity
// CHECK-SAME: (%[[X:.*]]: tensor<4x6xf32>)
// CHECK-NEXT: return %[[X]]
func.func @slice_identity(%x: tensor<4x6xf32>) -> tensor<4x6xf32> {
  %0 = dlc.slice %x {starts = array<i64: 0, 0>, steps = array<i64: 1, 1>} : tensor<4x6xf32> -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

// CHECK-LABEL: func.func @broadcast_constant
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<{{\[}}[1, 1, 1], [2, 2, 2]]> : tensor<2x3xi64>
// CHECK-NEXT: return %[[C]]
func.func @broadcast_constant() -> tensor<2x3xi64> {
  %a = arith.constant dense<[[1], [2]]> : tensor<2x1xi64>
  %0 = dlc.broadcast %a : tensor<2x1xi64> -> tensor<2x3xi64>
  return %0 : tensor<2x3xi64>
}

// -----

// A new leading axis repeats the whole vector.
// CHECK-LABEL: func.func @broadcast_constant_leading
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<{{\[}}[1.000000e+00, 2.000000e+00], [1.000000e+00, 2.000000e+00]]> : tensor<2x2xf32>
// CHECK-NEXT: return %[[C]]
func.func @broadcast_constant_leading() -> tensor<2x2xf32> {
  %a = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %0 = dlc.broadcast %a : tensor<2xf32> -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

// CHECK-LABEL: func.func @broadcast_identity
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]]
func.func @broadcast_identity(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = dlc.broadcast %x : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Shape(x)[0] with a scalar index gives a rank-0 result; -1 counts from the end.
// CHECK-LABEL: func.func @gather_shape_entries
// CHECK-DAG: %[[N:.*]] = arith.constant dense<2> : tensor<i64>
// CHECK-DAG: %[[W:.*]] = arith.constant dense<224> : tensor<i64>
// CHECK-DAG: %[[V:.*]] = arith.constant dense<[224, 2]> : tensor<2xi64>
// CHECK: return %[[N]], %[[W]], %[[V]]
func.func @gather_shape_entries() -> (tensor<i64>, tensor<i64>, tensor<2xi64>) {
  %shape = arith.constant dense<[2, 3, 224, 224]> : tensor<4xi64>
  %i0 = arith.constant dense<0> : tensor<i64>
  %im1 = arith.constant dense<-1> : tensor<i64>
  %iv = arith.constant dense<[3, 0]> : tensor<2xi64>
  %0 = dlc.gather %shape, %i0 {axis = 0 : i64} : (tensor<4xi64>, tensor<i64>) -> tensor<i64>
  %1 = dlc.gather %shape, %im1 {axis = 0 : i64} : (tensor<4xi64>, tensor<i64>) -> tensor<i64>
  %2 = dlc.gather %shape, %iv {axis = 0 : i64} : (tensor<4xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %0, %1, %2 : tensor<i64>, tensor<i64>, tensor<2xi64>
}

// -----

// Along axis 1 with i32 indices [2, 0]: columns 2 and 0 of each row.
// CHECK-LABEL: func.func @gather_axis1
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<{{\[}}[3, 1], [6, 4]]> : tensor<2x2xi64>
// CHECK-NEXT: return %[[C]]
func.func @gather_axis1() -> tensor<2x2xi64> {
  %a = arith.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi64>
  %i = arith.constant dense<[2, 0]> : tensor<2xi32>
  %0 = dlc.gather %a, %i {axis = 1 : i64} : (tensor<2x3xi64>, tensor<2xi32>) -> tensor<2x2xi64>
  return %0 : tensor<2x2xi64>
}

// -----

// An out-of-range index is not folded (it is undefined in ONNX).
// CHECK-LABEL: func.func @gather_out_of_range_not_folded
// CHECK: %[[G:.*]] = dlc.gather
// CHECK: return %[[G]]
func.func @gather_out_of_range_not_folded() -> tensor<i64> {
  %a = arith.constant dense<[1, 2, 3, 4]> : tensor<4xi64>
  %i = arith.constant dense<4> : tensor<i64>
  %0 = dlc.gather %a, %i {axis = 0 : i64} : (tensor<4xi64>, tensor<i64>) -> tensor<i64>
  return %0 : tensor<i64>
}

// -----

// CHECK-LABEL: func.func @concat_vectors
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<[2, 3, 4]> : tensor<3xi64>
// CHECK-NEXT: return %[[C]]
func.func @concat_vectors() -> tensor<3xi64> {
  %a = arith.constant dense<[2]> : tensor<1xi64>
  %b = arith.constant dense<[3, 4]> : tensor<2xi64>
  %0 = dlc.concat %a, %b {axis = 0 : i64} : (tensor<1xi64>, tensor<2xi64>) -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

// Along axis 1 each row is the concatenation of the rows.
// CHECK-LABEL: func.func @concat_axis1
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<{{\[}}[1, 3, 4], [2, 5, 6]]> : tensor<2x3xi64>
// CHECK-NEXT: return %[[C]]
func.func @concat_axis1() -> tensor<2x3xi64> {
  %a = arith.constant dense<[[1], [2]]> : tensor<2x1xi64>
  %b = arith.constant dense<[[3, 4], [5, 6]]> : tensor<2x2xi64>
  %0 = dlc.concat %a, %b {axis = 1 : i64} : (tensor<2x1xi64>, tensor<2x2xi64>) -> tensor<2x3xi64>
  return %0 : tensor<2x3xi64>
}

// -----

// A splat operand contributes its value at every position.
// CHECK-LABEL: func.func @concat_splat
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<[7, 7, 1]> : tensor<3xi64>
// CHECK-NEXT: return %[[C]]
func.func @concat_splat() -> tensor<3xi64> {
  %a = arith.constant dense<7> : tensor<2xi64>
  %b = arith.constant dense<[1]> : tensor<1xi64>
  %0 = dlc.concat %a, %b {axis = 0 : i64} : (tensor<2xi64>, tensor<1xi64>) -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

// CHECK-LABEL: func.func @concat_single
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]]
func.func @concat_single(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = dlc.concat %x {axis = 0 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @cast_int_to_float
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<[1.000000e+00, -2.000000e+00]> : tensor<2xf32>
// CHECK-NEXT: return %[[C]]
func.func @cast_int_to_float() -> tensor<2xf32> {
  %a = arith.constant dense<[1, -2]> : tensor<2xi64>
  %0 = dlc.cast %a : tensor<2xi64> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Float to integer truncates toward zero.
// CHECK-LABEL: func.func @cast_float_to_int
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<[2, -2, 0]> : tensor<3xi32>
// CHECK-NEXT: return %[[C]]
func.func @cast_float_to_int() -> tensor<3xi32> {
  %a = arith.constant dense<[2.7, -2.7, 0.2]> : tensor<3xf32>
  %0 = dlc.cast %a : tensor<3xf32> -> tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

// To bool: non-zero is true. From bool: true is 1 (not -1).
// CHECK-LABEL: func.func @cast_bool
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[false, true, true]> : tensor<3xi1>
// CHECK-DAG: %[[F:.*]] = arith.constant dense<[1.000000e+00, 0.000000e+00]> : tensor<2xf32>
// CHECK-DAG: %[[I:.*]] = arith.constant dense<[1, 0]> : tensor<2xi64>
// CHECK: return %[[B]], %[[F]], %[[I]]
func.func @cast_bool() -> (tensor<3xi1>, tensor<2xf32>, tensor<2xi64>) {
  %a = arith.constant dense<[0.0, 0.5, -3.0]> : tensor<3xf32>
  %0 = dlc.cast %a : tensor<3xf32> -> tensor<3xi1>
  %t = arith.constant dense<[true, false]> : tensor<2xi1>
  %1 = dlc.cast %t : tensor<2xi1> -> tensor<2xf32>
  %2 = dlc.cast %t : tensor<2xi1> -> tensor<2xi64>
  return %0, %1, %2 : tensor<3xi1>, tensor<2xf32>, tensor<2xi64>
}

// -----

// CHECK-LABEL: func.func @cast_identity
// CHECK-SAME: (%[[X:.*]]: tensor<2xf32>)
// CHECK-NEXT: return %[[X]]
func.func @cast_identity(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = dlc.cast %x : tensor<2xf32> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// The exporter idiom for x.view(x.size(0), -1) on a [8,64,5,5] tensor:
// Shape -> Gather(0) -> Unsqueeze -> Concat with [-1] -> Reshape's shape
// operand. Everything but the reshape of %x folds; the shape is [8, -1].
// CHECK-LABEL: func.func @flatten_shape_chain
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<[8, -1]> : tensor<2xi64>
// CHECK-NEXT: return %[[C]]
func.func @flatten_shape_chain() -> tensor<2xi64> {
  %shape = arith.constant dense<[8, 64, 5, 5]> : tensor<4xi64>
  %zero = arith.constant dense<0> : tensor<i64>
  %n = dlc.gather %shape, %zero {axis = 0 : i64} : (tensor<4xi64>, tensor<i64>) -> tensor<i64>
  %n1 = dlc.reshape %n : tensor<i64> -> tensor<1xi64>
  %minus1 = arith.constant dense<[-1]> : tensor<1xi64>
  %target = dlc.concat %n1, %minus1 {axis = 0 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  return %target : tensor<2xi64>
}

// -----

// Slice of a shape, product of the kept dims, and a cast: [2,3,4,5][1:3] = [3,4]
// then 3 * 4 = 12 in f32.
// CHECK-LABEL: func.func @slice_mul_cast_chain
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<1.200000e+01> : tensor<1xf32>
// CHECK-NEXT: return %[[C]]
func.func @slice_mul_cast_chain() -> tensor<1xf32> {
  %shape = arith.constant dense<[2, 3, 4, 5]> : tensor<4xi64>
  %hw = dlc.slice %shape {starts = array<i64: 1>, steps = array<i64: 1>} : tensor<4xi64> -> tensor<2xi64>
  %h = dlc.slice %hw {starts = array<i64: 0>, steps = array<i64: 1>} : tensor<2xi64> -> tensor<1xi64>
  %w = dlc.slice %hw {starts = array<i64: 1>, steps = array<i64: 1>} : tensor<2xi64> -> tensor<1xi64>
  %p = dlc.mul %h, %w : tensor<1xi64>, tensor<1xi64> -> tensor<1xi64>
  %f = dlc.cast %p : tensor<1xi64> -> tensor<1xf32>
  return %f : tensor<1xf32>
}

// -----

// Neg of constants (integer and float) folds.
// CHECK-LABEL: func.func @neg_constants
// CHECK-DAG: arith.constant dense<[2, -3]> : tensor<2xi64>
// CHECK-DAG: arith.constant dense<[-1.500000e+00, 0.000000e+00]> : tensor<2xf32>
// CHECK-NOT: dlc.neg
func.func @neg_constants() -> (tensor<2xi64>, tensor<2xf32>) {
  %a = arith.constant dense<[-2, 3]> : tensor<2xi64>
  %b = arith.constant dense<[1.5, -0.0]> : tensor<2xf32>
  %0 = dlc.neg %a : tensor<2xi64>
  %1 = dlc.neg %b : tensor<2xf32>
  return %0, %1 : tensor<2xi64>, tensor<2xf32>
}

// -----

// The mask of TorchScript's Expand: Equal(shape, -1) over [2, -1, 4].
// CHECK-LABEL: func.func @compare_eq_shape
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<[false, true, false]> : tensor<3xi1>
// CHECK-NEXT: return %[[C]]
func.func @compare_eq_shape() -> tensor<3xi1> {
  %s = arith.constant dense<[2, -1, 4]> : tensor<3xi64>
  %m = arith.constant dense<-1> : tensor<i64>
  %0 = dlc.compare "eq" %s, %m : tensor<3xi64>, tensor<i64> -> tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

// 1.0 <= [0.5, 1.0, 2.0, NaN]: NaN compares false.
// CHECK-LABEL: func.func @compare_le_nan
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<[false, true, true, false]> : tensor<4xi1>
// CHECK-NEXT: return %[[C]]
func.func @compare_le_nan() -> tensor<4xi1> {
  %a = arith.constant dense<1.0> : tensor<f32>
  %b = arith.constant dense<[0.5, 1.0, 2.0, 0x7FC00000]> : tensor<4xf32>
  %0 = dlc.compare "le" %a, %b : tensor<f32>, tensor<4xf32> -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

// [[1], [5]] > [2, 4] broadcasts to [[1>2, 1>4], [5>2, 5>4]].
// CHECK-LABEL: func.func @greater_broadcast
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<{{\[}}[false, false], [true, true]]> : tensor<2x2xi1>
// CHECK-NEXT: return %[[C]]
func.func @greater_broadcast() -> tensor<2x2xi1> {
  %a = arith.constant dense<[[1], [5]]> : tensor<2x1xi64>
  %b = arith.constant dense<[2, 4]> : tensor<2xi64>
  %0 = dlc.greater %a, %b : tensor<2x1xi64>, tensor<2xi64> -> tensor<2x2xi1>
  return %0 : tensor<2x2xi1>
}

// -----

// CHECK-LABEL: func.func @logical_xor
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<[false, true, true, false]> : tensor<4xi1>
// CHECK-NEXT: return %[[C]]
func.func @logical_xor() -> tensor<4xi1> {
  %a = arith.constant dense<[false, false, true, true]> : tensor<4xi1>
  %b = arith.constant dense<[false, true, false, true]> : tensor<4xi1>
  %0 = dlc.logical "xor" %a, %b : tensor<4xi1>, tensor<4xi1> -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

// Where(shape == -1, 1, shape): TorchScript's Expand shape [2, -1, 4] turns
// into [2, 1, 4].
// CHECK-LABEL: func.func @select_shape
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<[2, 1, 4]> : tensor<3xi64>
// CHECK-NEXT: return %[[C]]
func.func @select_shape() -> tensor<3xi64> {
  %c = arith.constant dense<[false, true, false]> : tensor<3xi1>
  %one = arith.constant dense<1> : tensor<i64>
  %s = arith.constant dense<[2, -1, 4]> : tensor<3xi64>
  %0 = dlc.select %c, %one, %s : tensor<3xi1>, tensor<i64>, tensor<3xi64> -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

// A splat condition picks an operand of the result's type whole, runtime
// values included (the fully-masked-row guard of an unmasked Attention);
// an operand that would need a broadcast stays a select.
// CHECK-LABEL: func.func @select_splat
// CHECK-SAME: (%[[X:[^:]*]]: tensor<2x3xf32>, %[[Y:[^:]*]]: tensor<3xf32>)
// CHECK: %[[B:.*]] = dlc.select %{{.*}}, %[[X]], %[[Y]]
// CHECK: return %[[X]], %[[B]]
func.func @select_splat(%x: tensor<2x3xf32>, %y: tensor<3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %f = arith.constant dense<false> : tensor<2x1xi1>
  %zero = arith.constant dense<0.0> : tensor<f32>
  %0 = dlc.select %f, %zero, %x : tensor<2x1xi1>, tensor<f32>, tensor<2x3xf32> -> tensor<2x3xf32>
  %1 = dlc.select %f, %x, %y : tensor<2x1xi1>, tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// The element count of a shape [2, 3, 4] (ReduceProd, keepdims 0) and row
// sums of [[1, 2, 3], [4, 5, 6]] (ReduceSum over axis 1, keepdims 1).
// CHECK-LABEL: func.func @reduce_prod_sum
// CHECK-DAG: %[[P:.*]] = arith.constant dense<24> : tensor<i64>
// CHECK-DAG: %[[S:.*]] = arith.constant dense<{{\[}}[6.000000e+00], [1.500000e+01]]> : tensor<2x1xf32>
// CHECK: return %[[P]], %[[S]]
func.func @reduce_prod_sum() -> (tensor<i64>, tensor<2x1xf32>) {
  %s = arith.constant dense<[2, 3, 4]> : tensor<3xi64>
  %0 = dlc.reduce_prod %s {axes = array<i64: 0>, keepdims = false} : tensor<3xi64> -> tensor<i64>
  %x = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %1 = dlc.reduce_sum %x {axes = array<i64: 1>, keepdims = true} : tensor<2x3xf32> -> tensor<2x1xf32>
  return %0, %1 : tensor<i64>, tensor<2x1xf32>
}

// -----

// Column maxima and minima of [[1, 7], [4, 2], [3, 5]].
// CHECK-LABEL: func.func @reduce_max_min
// CHECK-DAG: %[[MX:.*]] = arith.constant dense<[4, 7]> : tensor<2xi64>
// CHECK-DAG: %[[MN:.*]] = arith.constant dense<[1, 2]> : tensor<2xi64>
// CHECK: return %[[MX]], %[[MN]]
func.func @reduce_max_min() -> (tensor<2xi64>, tensor<2xi64>) {
  %x = arith.constant dense<[[1, 7], [4, 2], [3, 5]]> : tensor<3x2xi64>
  %0 = dlc.reduce_max %x {axes = array<i64: 0>, keepdims = false} : tensor<3x2xi64> -> tensor<2xi64>
  %1 = dlc.reduce_min %x {axes = array<i64: 0>, keepdims = false} : tensor<3x2xi64> -> tensor<2xi64>
  return %0, %1 : tensor<2xi64>, tensor<2xi64>
}
