//===- VectorizeBody.h - a linalg body's scalar ops on vectors --*- C++ -*-===//
//
// The CPU passes that emit their own vector loops for a linalg op (its
// lanes being consecutive iterations of one loop dim) apply the op's body
// lane-wise: each arith or math op becomes the same op on vectors.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_CODEGEN_CPU_VECTORIZEBODY_H
#define DLC_COMPILER_CODEGEN_CPU_VECTORIZEBODY_H

#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Builders.h"

#include <optional>

namespace dlc {

/// How an operand is read along a loop dim d whose consecutive iterations
/// are the lanes of a vector.
enum class Access { Broadcast, Unit, Stride2, Half };

/// The access of `map`'s operand along dim `d`: every result but the last
/// must not use d; the last is free of d (Broadcast), d + c (Unit),
/// 2 * d + c (Stride2; c pure affine in the other dims) or exactly
/// d floordiv 2 (Half). Anything else: nothing.
std::optional<Access> laneAccess(mlir::AffineMap map, unsigned d);

/// Whether every op of `body` but the terminator is an arith or math op
/// with one result and no regions, or (if `allowIndex`) a linalg.index.
bool isLaneWiseBody(mlir::Block &body, bool allowIndex);

/// `op` (an arith or math op with one result) on vectors of `lanes` lanes:
/// an arith.constant becomes a splat, any other op takes its operands
/// through `operand` (which maps the scalars to vectors).
mlir::Value vectorizeScalarOp(mlir::OpBuilder &b, mlir::Operation &op,
                              int64_t lanes,
                              llvm::function_ref<mlir::Value(mlir::Value)>
                                  operand);

} // namespace dlc

#endif // DLC_COMPILER_CODEGEN_CPU_VECTORIZEBODY_H
