//===- MemoryPlanSvg.h - the --emit=plan-svg drawing ------------*- C++ -*-===//
//
// Draws what dlc-plan-memory recorded as one self-contained SVG: a panel per
// planned function, program position across, arena offset up, one box per
// value (hover for its node, size and range; named where the name fits).
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_TRANSFORMS_MEMORYPLANSVG_H
#define DLC_COMPILER_TRANSFORMS_MEMORYPLANSVG_H

#include "compiler/Transforms/MemoryPlanTable.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/raw_ostream.h"

namespace dlc {

/// Writes `plans` (see readMemoryPlans) as an SVG document.
void drawMemoryPlans(llvm::ArrayRef<FunctionPlan> plans, llvm::raw_ostream &os);

} // namespace dlc

#endif // DLC_COMPILER_TRANSFORMS_MEMORYPLANSVG_H
