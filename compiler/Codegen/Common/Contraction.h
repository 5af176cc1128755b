//===- Contraction.h - a linalg op seen as a batched matmul -----*- C++ -*-===//
//
// dlc-cpu-lower-contractions (and dlc-gpu-tile-contractions on the GPU)
// treats every `out += a * b` linalg op whose loops split cleanly into
// batch, row, column and reduction dims as
// C[batch][M][N] += sum_K A[batch][M][K] * B[batch][K][N], where A and B
// are read through their (any affine) indexing maps: a convolution's input
// map (n, c, oh + kh, ow + kw) is how the packing does im2col.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_CODEGEN_COMMON_CONTRACTION_H
#define DLC_COMPILER_CODEGEN_COMMON_CONTRACTION_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "llvm/ADT/SmallVector.h"

namespace dlc {

struct Contraction {
  /// Which input (0 or 1) is A (broadcast per row) and which is B (packed).
  unsigned a = 0, b = 1;
  /// Loop dims by role. The N dims are the trailing results of C's map (in
  /// that order) that only B reads; M dims appear in C and A only; batch
  /// dims are C's other dims (read by both inputs, or by B alone, like a
  /// convolution's image index); K dims (reductions) are not in C. Each
  /// list but N is in increasing dim order.
  llvm::SmallVector<unsigned> batch, m, n, k;
  /// The static loop bounds.
  llvm::SmallVector<int64_t> bounds;

  int64_t size(llvm::ArrayRef<unsigned> dims) const;
};

/// Recognises `op` (pure buffer semantics, static f32 memrefs, two inputs,
/// C contiguous row-major with a permutation map) as a contraction.
mlir::FailureOr<Contraction> matchContraction(mlir::linalg::LinalgOp op);

/// Lowers what `lower` takes of the contractions in `root`, in walk order:
/// `lower` emits the replacement before the op and returns the ops it
/// fused in (erased with the op, and not visited again), or failure to
/// leave the op as it is.
using LowerContractionFn =
    llvm::function_ref<mlir::FailureOr<llvm::SmallVector<mlir::Operation *>>(
        mlir::linalg::LinalgOp, const Contraction &)>;
void lowerContractions(mlir::Operation *root, LowerContractionFn lower);

} // namespace dlc

#endif // DLC_COMPILER_CODEGEN_COMMON_CONTRACTION_H
