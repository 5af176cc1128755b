//===- Passes.td - dlc transformation passes ---------------*- tablegen -*-===//
#ifndef DLC_TRANSFORMS_PASSES_TD
#define DLC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def PlanMemory : Pass<"dlc-plan-memory", "mlir::ModuleOp"> {
  let summary = "Place every intermediate buffer at a compile-time offset in one arena";
  let description = [{
    After bufferization, every statically shaped `memref.alloc` of the entry
    functions becomes a `memref.view` into one caller-owned arena argument
    appended to the function. Buffers whose live ranges (first to last use,
    through views) do not overlap may share bytes; offsets are chosen greedily
    by size (largest first, lowest non-conflicting 64-byte aligned offset), the
    "greedy by size" heuristic of Pisarchyk and Lee, "Efficient Memory
    Management for Deep Neural Net Inference" (arXiv:2001.03288). The arena
    size is recorded on the function as `dlc.arena_bytes`.
  }];
  let dependentDialects = ["mlir::memref::MemRefDialect", "mlir::arith::ArithDialect"];
}

#endif // DLC_TRANSFORMS_PASSES_TD
