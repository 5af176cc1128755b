//===- MemoryPlanTable.h - the --emit=plan report ---------------*- C++ -*-===//
//
// Reads what dlc-plan-memory recorded on each function and prints it: one
// line per value (buffer, size, offset, live range, ONNX node) and the arena
// summary line.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_TRANSFORMS_MEMORYPLANTABLE_H
#define DLC_COMPILER_TRANSFORMS_MEMORYPLANTABLE_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace dlc {

/// One value of a recorded plan: the ONNX node that wrote it, the buffer it
/// lives in, that buffer's size and offset, and the value's live range.
struct PlanRow {
  std::string node;
  int64_t buffer, bytes, offset, first, last;
};

/// The recorded plan of one function with its summary numbers: the arena,
/// the naive size (the sum of all values' sizes, each value in a buffer of
/// its own) and the lower bound (the largest total size of the buffers live
/// at one program point).
struct FunctionPlan {
  std::string function;
  llvm::SmallVector<PlanRow> rows;
  int64_t arenaBytes, naiveBytes, lowerBoundBytes;
};

/// The plans recorded on the functions of `module`, in function order. Fails,
/// with an error on the function, where a recorded plan is malformed.
mlir::FailureOr<llvm::SmallVector<FunctionPlan>>
readMemoryPlans(mlir::ModuleOp module);

/// For each planned function of `module`, a table of its values ending with
/// `arena: X bytes (naive: Y bytes, lower bound: Z bytes)`.
mlir::LogicalResult printMemoryPlans(mlir::ModuleOp module,
                                     llvm::raw_ostream &os);

} // namespace dlc

#endif // DLC_COMPILER_TRANSFORMS_MEMORYPLANTABLE_H
