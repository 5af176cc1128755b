// RUN: dlc-opt %s -convert-dlc-to-linalg | FileCheck %s
//
// dlc.dropout_mask: one parallel generic with no inputs. The key is hashed
// from the three rng words outside it; inside, the row-major index (i * 3 +
// j) is hashed and compared unsigned with ratio * 2^32 = 0.25 * 2^32 =
// 1073741824: below it the element is 0, else 1 / (1 - 0.25).

// CHECK-LABEL: func.func @dropout_mask
// CHECK-SAME: (%[[RNG:.*]]: tensor<3xi32>)
// CHECK-DAG: tensor.extract %[[RNG]][%{{.*}}] : tensor<3xi32>
// CHECK-DAG: %[[LIMIT:.*]] = arith.constant 1073741824 : i32
// CHECK-DAG: %[[KEEP:.*]] = arith.constant 1.33333337 : f32
// CHECK-DAG: %[[DROP:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: linalg.generic {indexing_maps = [#{{.*}}], iterator_types = ["parallel", "parallel"]} outs(%{{.*}} : tensor<2x3xf32>)
// CHECK: %[[I:.*]] = linalg.index 0 : index
// CHECK: %[[J:.*]] = linalg.index 1 : index
// CHECK: arith.index_castui
// CHECK: arith.shrui
// CHECK: arith.muli
// CHECK: %[[LOW:.*]] = arith.cmpi ult, %{{.*}}, %[[LIMIT]] : i32
// CHECK: %[[R:.*]] = arith.select %[[LOW]], %[[DROP]], %[[KEEP]] : f32
// CHECK: linalg.yield %[[R]] : f32
func.func @dropout_mask(%rng: tensor<3xi32>) -> tensor<2x3xf32> {
  %0 = dlc.dropout_mask %rng {ratio = 0.25 : f32, stream = 3 : i64} : tensor<3xi32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
