//===- CaseRunner.h - run one ONNX backend-test case ------------*- C++ -*-===//
//
// A case dir holds model.onnx and test_data_set_N/{input_K,output_K}.pb, and
// for gradient checks grads/<initializer>.pb and grads/cotangent_0.pb. The
// runner binds the shape-deciding inputs from test_data_set_0, compiles the
// model through dlc::compileModel (the pipeline users get), links the object
// in-process, runs every data set and compares the outputs; with `grads` it
// compiles the model's vector-Jacobian product (CompileOptions::vjp) and
// compares the gradients with the references, with `fdGrads` with central
// finite differences of the forward model.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_TOOLS_DLC_RUN_CASERUNNER_H
#define DLC_TOOLS_DLC_RUN_CASERUNNER_H

#include "tools/dlc-run/TensorCompare.h"

#include <string>

namespace dlc {

struct RunOptions {
  Tolerance tolerance;
  /// Print compile diagnostics and per-output details to stderr.
  bool verbose = false;
  /// Wall-clock limit for one case in the isolated runner.
  unsigned timeoutSeconds = 120;
  /// Check grads/<initializer>.pb against the compiled VJP; the forward
  /// check runs too when the case has output_K.pb files.
  bool grads = false;
  /// Check the compiled VJP against central finite differences of the
  /// forward model (no reference files needed; no forward check).
  bool fdGrads = false;
  /// --fd-grads: coordinates sampled per initializer, the step relative to
  /// the initializer's RMS value, and the largest relative error accepted.
  unsigned fdSamples = 64;
  double fdStep = 1e-2;
  double fdThreshold = 5e-2;
  /// Compile each case's forward model ahead for dlc-run-compiled into
  /// <saveDir>/<case> (a shared object, its test data as raw bytes and a
  /// manifest) instead of running it here; for the GPU with `cuda`.
  std::string saveDir;
  bool cuda = false;
  std::string gpu = "sm_80";
};

enum class CaseStatus { Pass, Fail, Skip };

struct CaseResult {
  CaseStatus status;
  /// The case's report line: `PASS name`, `FAIL name: why`, `SKIP name: why`.
  std::string line;
};

/// The case's name: the last component of its directory.
std::string caseName(const std::string &caseDir);

/// Runs the case in this process.
CaseResult runCase(const std::string &caseDir, const RunOptions &options);

/// Runs the case in a forked child with a time limit, so a crash or a hang
/// becomes a FAIL line instead of ending the whole run.
CaseResult runCaseIsolated(const std::string &caseDir,
                           const RunOptions &options);

} // namespace dlc

#endif // DLC_TOOLS_DLC_RUN_CASERUNNER_H
