//===- MulAddBody.h - is a linalg body a multiply-accumulate ----*- C++ -*-===//
#ifndef DLC_COMPILER_TRANSFORMS_MULADDBODY_H
#define DLC_COMPILER_TRANSFORMS_MULADDBODY_H

#include "mlir/IR/Block.h"

namespace dlc {

/// Whether `body` (block arguments x, y, out) is exactly `yield out + x * y`,
/// in either operand order: the body of a matmul or a convolution.
bool isMulAddBody(mlir::Block &body);

} // namespace dlc

#endif // DLC_COMPILER_TRANSFORMS_MULADDBODY_H
