//===- SaveCompiled.h - a case compiled ahead, for dlc-run-compiled -*- C++ -*-=//
#ifndef DLC_TOOLS_DLC_RUN_SAVECOMPILED_H
#define DLC_TOOLS_DLC_RUN_SAVECOMPILED_H

#include "tools/dlc-run/CaseRunner.h"

namespace dlc {

struct CaseLayout;
struct CheckOutcome;

/// Compiles `c`'s forward model and saves it with its test data under
/// run.saveDir (see SaveCompiled.cpp for the layout).
CheckOutcome saveCompiledCase(const CaseLayout &c, const RunOptions &run);

} // namespace dlc

#endif // DLC_TOOLS_DLC_RUN_SAVECOMPILED_H
