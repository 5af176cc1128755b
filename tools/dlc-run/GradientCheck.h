//===- GradientCheck.h - check a compiled VJP's gradients -------*- C++ -*-===//
//
// Both checks compile the case's vector-Jacobian product
// (CompileOptions::vjp): the entry point takes the graph inputs and then
// `cotangent_0` (output 0's type and shape) and returns, per differentiated
// initializer w, d sum(cotangent_0 * output_0) / d w.
//
// - Reference gradients (--grads): grads/<initializer>.pb, computed by an
//   independent implementation, for the cotangent grads/cotangent_0.pb (all
//   ones when absent); tolerance as for outputs, or grads/tolerance.txt
//   (`rtol=R atol=A`, `#` comments).
// - Finite differences (--fd-grads): the forward model compiled with the
//   float initializers turned into graph inputs, evaluated at w +- h on a
//   sample of each initializer's coordinates (central differences), for a
//   seeded pseudo-random cotangent.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_TOOLS_DLC_RUN_GRADIENTCHECK_H
#define DLC_TOOLS_DLC_RUN_GRADIENTCHECK_H

#include "tools/dlc-run/CaseCommon.h"

namespace dlc {

/// The initializers that have a grads/<name>.pb reference, in initializer
/// order; empty without a grads/ dir. An error when a file there names no
/// floating-point initializer.
llvm::Expected<std::vector<std::string>>
findReferenceGradients(const CaseLayout &c);

/// Compiles the VJP for `initializers` and compares each gradient with its
/// grads/<name>.pb on test_data_set_0's inputs.
CheckOutcome
checkReferenceGradients(const CaseLayout &c,
                        const std::vector<std::string> &initializers,
                        const RunOptions &options);

/// Compares the VJP of every floating-point initializer (except those that
/// only decide shapes) with central finite differences of the forward model.
/// The PASS note names each initializer's largest relative error.
CheckOutcome checkFiniteDifferences(const CaseLayout &c,
                                    const RunOptions &options);

} // namespace dlc

#endif // DLC_TOOLS_DLC_RUN_GRADIENTCHECK_H
