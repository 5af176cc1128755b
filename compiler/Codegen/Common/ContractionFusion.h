//===- ContractionFusion.h - what fuses into a contraction ------*- C++ -*-===//
//
// dlc-cpu-lower-contractions keeps C's tile in registers; the ops that write
// all of C just before (a fill, or the bias broadcast of a convolution) and
// an in-place elementwise op just after (bias add, activation) then need no
// pass of their own over C: the accumulators start from the fill or bias
// value and the activation is applied before the store.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_CODEGEN_COMMON_CONTRACTIONFUSION_H
#define DLC_COMPILER_CODEGEN_COMMON_CONTRACTIONFUSION_H

#include "compiler/Codegen/Common/Contraction.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace dlc {

/// The linalg.fill of `op`'s output right before `op` (only side-effect-
/// free ops in between); null if none.
mlir::linalg::FillOp findOutputFill(mlir::linalg::LinalgOp op);

/// The op that writes every element of `op`'s C right before it (only
/// side-effect-free ops in between): a linalg.fill, or a linalg.broadcast
/// whose input is indexed by C dims outside the column run (one value per
/// row of the tile). Null if none.
mlir::Operation *findInitWriter(mlir::linalg::LinalgOp op,
                                const Contraction &c);

/// The elementwise linalg.generic right after `op` (only side-effect-free
/// ops in between) that reads only C and writes C in place, with a body of
/// arith/math ops; null if none.
mlir::linalg::GenericOp findEpilogue(mlir::linalg::LinalgOp op);

/// A 2x2, stride-2 max pooling of `op`'s C (after `epilogue`, if any): the
/// next ops that touch memory are a linalg.fill of the pooled buffer and the
/// pooling. Returns the fill and the pooling. Where C is read after the
/// pooling too (a training step keeps it for the backward pass), `storeC`
/// says C must still be written; then the pooling must cover all of C (even
/// height and width) and the pooled buffer must not overlap C.
struct PoolConsumer {
  mlir::linalg::FillOp fill;
  mlir::linalg::PoolingNchwMaxOp pool;
  bool storeC = false;
};
std::optional<PoolConsumer> findPoolConsumer(mlir::linalg::LinalgOp op,
                                             mlir::Operation *initWriter,
                                             mlir::linalg::GenericOp epilogue);

/// `epilogue`'s body applied to `value`: a scalar, or a vector lane-wise.
mlir::Value applyEpilogue(mlir::OpBuilder &b, mlir::Location loc,
                          mlir::linalg::GenericOp epilogue, mlir::Value value);

} // namespace dlc

#endif // DLC_COMPILER_CODEGEN_COMMON_CONTRACTIONFUSION_H
