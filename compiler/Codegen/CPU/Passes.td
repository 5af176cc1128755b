//===- Passes.td - dlc CPU code generation passes ----------*- tablegen -*-===//
#ifndef DLC_CODEGEN_CPU_PASSES_TD
#define DLC_CODEGEN_CPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def LowerContractions : Pass<"dlc-cpu-lower-contractions", "mlir::func::FuncOp"> {
  let summary = "Lower f32 contractions (matmul, convolutions and their gradients) to packed, register-tiled vector loops";
  let description = [{
    Every `linalg` op on static f32 memrefs whose body is `out + a * b` and
    whose loops split into batch, row (M), column (N) and reduction (K) dims
    (matmul, the convolutions `dlc-to-linalg` emits, their input and weight
    gradients) becomes the loop nest of Goto and van de Geijn, "Anatomy of
    High-Performance Matrix Multiplication" (ACM TOMS 34(3), 2008):

      parallel over (batch, N panels of NR columns):
        for each block of the outermost K dim:
          pack the operand B of the block into a contiguous KxNR panel
          (an im2col for convolutions: B's indexing map is evaluated here,
          zero-padded past N)
          for each MR rows of C:
            MRxNR accumulators in vector registers, loaded from C;
            per k: NR/VW vector loads of the panel, MR broadcasts of A, and
            MR*NR/VW fused multiply-adds;
            masked stores back to C.

    NR is two vectors of `vector-width` lanes (one when N fits in one, or
    B is read as row segments, below); MR
    fills 16 accumulators with 16 lanes (AVX-512 has 32 registers: 8 rows
    of two vectors) and 12 otherwise (AVX2 has 16). The panel is a stack
    buffer of each task (at most 128 KiB).

    A 2-D convolution's B (columns (oh, ow), offset rowStride * oh + ow
    plus the K part) is read in place instead of packed: a vector of
    columns p = oh * OW + ow spans a few output rows, and is that many
    masked loads of runs of B merged into one register (row segments;
    used while a vector spans at most 4 rows). Where output rows are whole
    vectors, or other column runs have a unit-stride innermost dim at
    least half a vector long, the columns are that dim alone (one masked
    load per k), and the other column dims become batch dims.

    The fill or bias broadcast that wrote all of C just before, and an
    in-place elementwise op of arith/math ops on C just after (bias add,
    activation), are fused when the reduction is one block: accumulators
    start from the fill or bias value, the epilogue runs before the store.

    Other ops are left alone.
  }];
  let options = [
    Option<"vectorWidth", "vector-width", "unsigned", "16",
           "f32 lanes per vector register (16: AVX-512, 8: AVX2, 4: SSE)">,
  ];
  let dependentDialects = ["mlir::scf::SCFDialect", "mlir::vector::VectorDialect",
                           "mlir::memref::MemRefDialect", "mlir::arith::ArithDialect",
                           "mlir::affine::AffineDialect"];
}

def VectorizePooling : Pass<"dlc-cpu-vectorize-pooling", "mlir::func::FuncOp"> {
  let summary = "Lower 2-D NCHW max and sum pooling to vector loops over output columns";
  let description = [{
    `linalg.pooling_nchw_max` and `linalg.pooling_nchw_sum` on static f32
    memrefs with unit dilations and a column stride of 1 or 2 become:

      parallel over the (image, channel) planes:
        for each output row, for each vector of output columns:
          acc = the fill value written just before (the fill is erased),
                else the output's current values
          for each window tap (kh, kw): acc = max/add(acc, the input
            columns the vector's windows read at that tap)
          masked store

    With stride 2 the input columns are two contiguous (masked) loads of
    the row whose even lanes a shuffle keeps: no gather, no scalar loop.
    Other pooling ops are left to dlc-cpu-linalg-to-loops.
  }];
  let options = [
    Option<"vectorWidth", "vector-width", "unsigned", "16",
           "f32 lanes per vector register (16: AVX-512, 8: AVX2, 4: SSE)">,
  ];
  let dependentDialects = ["mlir::scf::SCFDialect", "mlir::vector::VectorDialect",
                           "mlir::memref::MemRefDialect", "mlir::arith::ArithDialect"];
}

def VectorizeStridedGenerics
    : Pass<"dlc-cpu-vectorize-strided-generics", "mlir::func::FuncOp"> {
  let summary = "Vector loops over the innermost dim of linalg.generics that read it at stride 2 or halved";
  let description = [{
    A `linalg.generic` on static, contiguous f32/i32 memrefs whose innermost
    loop is parallel, whose output is indexed by that loop at unit stride,
    whose body is arith/math ops and `linalg.index`, and which reads some
    input at `2 * d + c` or `d floordiv 2` of it (a max pooling gradient's
    argmax and its routing back to the input positions) becomes:

      parallel over the outermost dim (when parallel and worth it):
        loops over the other outer dims, in order
          for each vector of the innermost dim:
            each input: a masked load (unit stride), two masked loads and an
              even-lane shuffle (stride 2), a half-width load whose lanes
              are each repeated twice (floordiv 2), or a scalar broadcast
              (not indexed by the innermost dim)
            the body on vectors; masked store

    Left to `dlc-cpu-linalg-to-loops`, LLVM turns those reads into gathers
    or scalar code. Generics without such a read are left alone: LLVM
    vectorizes unit strides itself.
  }];
  let options = [
    Option<"vectorWidth", "vector-width", "unsigned", "16",
           "32-bit lanes per vector register (16: AVX-512, 8: AVX2, 4: SSE)">,
  ];
  let dependentDialects = ["mlir::scf::SCFDialect", "mlir::vector::VectorDialect",
                           "mlir::memref::MemRefDialect", "mlir::arith::ArithDialect",
                           "mlir::affine::AffineDialect"];
}

def LinalgToLoops : Pass<"dlc-cpu-linalg-to-loops", "mlir::func::FuncOp"> {
  let summary = "Lower the remaining linalg ops to loops whose outermost parallel loop is scf.parallel";
  let description = [{
    Like `convert-linalg-to-loops`, but the outermost loop of a parallel dim
    with at least two iterations becomes an `scf.parallel` (which
    `convert-scf-to-openmp` then runs on the OpenMP threads) when the op
    has at least `min-parallel-work` iterations in all. Only one loop is
    parallel, so the inner loops stay plain and LLVM vectorises the innermost.
  }];
  let options = [
    Option<"vectorWidth", "vector-width", "unsigned", "0",
           "f32 lanes of the vector loop of an inner reduction's innermost "
           "dim (0: scalar loops, left to LLVM)">,
    Option<"minParallelWork", "min-parallel-work", "int64_t", "32768",
           "iterations below which an op runs on one thread">,
    Option<"parallel", "parallel", "bool", "true",
           "emit scf.parallel at all">,
  ];
  let dependentDialects = ["mlir::scf::SCFDialect", "mlir::memref::MemRefDialect",
                           "mlir::affine::AffineDialect", "mlir::arith::ArithDialect",
                           "mlir::vector::VectorDialect"];
}

def ParallelToOpenMP : Pass<"dlc-cpu-parallel-to-openmp", "mlir::ModuleOp"> {
  let summary = "Run each outermost scf.parallel on the OpenMP threads, statically chunked by hand";
  let description = [{
    Each outermost `scf.parallel` (without reductions) becomes an
    `omp.parallel` region in which the threads take contiguous chunks of
    the linearised iteration space (about 8 per thread) from a shared
    counter with atomic adds until none is left: a thread on a busier core
    takes fewer. Unlike `convert-scf-to-openmp`'s
    `omp.wsloop`, this calls no worksharing entry point of the runtime
    (`__kmpc_for_static_init` mallocs in LLVM's libomp), so a compiled step
    makes no heap allocation once the thread pool exists. Stack buffers
    allocated at the top of the loop body (the contraction panels) move to
    the start of the region: one per thread, not per iteration.
  }];
  let dependentDialects = ["mlir::omp::OpenMPDialect", "mlir::func::FuncDialect",
                           "mlir::scf::SCFDialect", "mlir::arith::ArithDialect"];
}

def OpaqueEmptyArguments
    : Pass<"dlc-cpu-opaque-empty-arguments", "mlir::func::FuncOp"> {
  let summary = "Pass zero-element buffers of an entry point as opaque pointers";
  let description = [{
    A function argument of a memref type with zero elements (an ONNX input
    or output with a 0-sized dimension) has nothing to read or write, but
    MLIR's bare-pointer calling convention does not accept it (no strides
    of an empty identity layout), and one such argument turns the whole
    signature into memref descriptors, which is not the C ABI the header
    declares. Once the loops over it are gone, the argument becomes
    `memref<1xi8>`, a plain pointer the code never dereferences. An empty
    argument that is still used is an error.
  }];
}

#endif // DLC_CODEGEN_CPU_PASSES_TD
