// RUN: dlc-opt %s -split-input-file -verify-diagnostics
//
// One case per verifier check of the mode-dependent ops
// (dialects/DLC/IR/DLCTrainingOps.cpp).

func.func @batch_norm_rank(%x: tensor<4xf32>, %p: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @below {{'dlc.batch_norm' op input must be [N, C, ...]}}
  %0 = dlc.batch_norm %x, %p, %p, %p, %p {epsilon = 1.0e-05 : f32, momentum = 0.9 : f32} : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @batch_norm_channels(%x: tensor<2x3xf32>, %p: tensor<4xf32>) -> tensor<2x3xf32> {
  // expected-error @below {{'dlc.batch_norm' op scale, bias, mean and var must be 'tensor<3xf32>'}}
  %0 = dlc.batch_norm %x, %p, %p, %p, %p {epsilon = 1.0e-05 : f32, momentum = 0.9 : f32} : (tensor<2x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @batch_norm_epsilon(%x: tensor<2x3xf32>, %p: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error @below {{'dlc.batch_norm' op epsilon must be non-negative}}
  %0 = dlc.batch_norm %x, %p, %p, %p, %p {epsilon = -1.0 : f32, momentum = 0.9 : f32} : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @dropout_ratio(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @below {{'dlc.dropout' op ratio must lie in [0, 1), got 1}}
  %0 = dlc.dropout %x {ratio = 1.0 : f32, stream = 0 : i64} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @dropout_mask_rng(%rng: tensor<2xi32>) -> tensor<2x3xf32> {
  // expected-error @below {{'dlc.dropout_mask' op rng must be tensor<3xi32> [seed_lo, seed_hi, step]}}
  %0 = dlc.dropout_mask %rng {ratio = 0.5 : f32, stream = 0 : i64} : tensor<2xi32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @dropout_mask_ratio(%rng: tensor<3xi32>) -> tensor<2x3xf32> {
  // expected-error @below {{'dlc.dropout_mask' op ratio must lie in [0, 1), got -5.000000e-01}}
  %0 = dlc.dropout_mask %rng {ratio = -0.5 : f32, stream = 0 : i64} : tensor<3xi32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
