//===- MemoryPlanTable.h - the --emit=plan report ---------------*- C++ -*-===//
//
// Prints what dlc-plan-memory recorded on each function: one line per value
// (buffer, size, offset, live range, ONNX node) and the arena summary line.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_TRANSFORMS_MEMORYPLANTABLE_H
#define DLC_COMPILER_TRANSFORMS_MEMORYPLANTABLE_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"
#include "llvm/Support/raw_ostream.h"

namespace dlc {

/// For each planned function of `module`, a table of its values ending with
/// `arena: X bytes (naive: Y bytes, lower bound: Z bytes)`: X the arena, Y
/// the sum of all values' sizes (each value in a buffer of its own), Z the
/// largest total size of the buffers live at one program point. Fails, with
/// an error on the function, where the recorded plan is malformed.
mlir::LogicalResult printMemoryPlans(mlir::ModuleOp module,
                                     llvm::raw_ostream &os);

} // namespace dlc

#endif // DLC_COMPILER_TRANSFORMS_MEMORYPLANTABLE_H
