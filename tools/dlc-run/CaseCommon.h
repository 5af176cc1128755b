//===- CaseCommon.h - what every dlc-run check of a case shares -*- C++ -*-===//
//
// The layout of a case dir, compiling a model for it through
// dlc::compileModel and linking the object in-process, and running the
// linked entry point on host tensors. The forward check (CaseRunner.cpp), the
// reference-gradient check and the finite-difference check
// (GradientCheck.cpp) are built from these.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_TOOLS_DLC_RUN_CASECOMMON_H
#define DLC_TOOLS_DLC_RUN_CASECOMMON_H

#include "compiler/Driver/Compiler.h"
#include "tools/dlc-run/CaseRunner.h"
#include "tools/dlc-run/HostTensor.h"
#include "tools/dlc-run/ObjectLoader.h"

#include "onnx/onnx_pb.h"
#include "llvm/Support/CommandLine.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace dlc {

/// The category of dlc-run's own options (--help lists only these).
llvm::cl::OptionCategory &dlcRunOptions();

/// What dlc-run needs to know about a case before compiling it.
struct CaseLayout {
  std::string dir;
  std::string name;
  onnx::ModelProto model;
  /// Graph inputs that are not initializers, in graph order: input_K.pb
  /// holds the value of runtimeInputs[K].
  std::vector<std::string> runtimeInputs;
  /// Graph outputs in order: output_K.pb holds outputs[K].
  std::vector<std::string> outputs;
  /// test_data_set_N directories, by N.
  std::vector<std::string> dataSets;
  /// Shape-deciding inputs, bound from the first data set.
  std::map<std::string, std::string> bindings;
  /// The leading dimension to bind when an input's is symbolic; -1: none.
  int64_t batch = -1;
  /// Appended to the case's line: ` (bound: a, b)` or empty.
  std::string suffix;
};

/// Reads model.onnx for its inputs and outputs and decides the bindings.
llvm::Expected<CaseLayout> readLayout(const std::string &dir);

/// `<dataSet>/<kind>_<k>.pb`.
std::string dataFile(const std::string &dataSet, const char *kind, size_t k);

/// `input 0 'x'`.
std::string tensorLabel(const char *kind, size_t k, const std::string &name);

/// How one check of a case ended: Pass (message: an optional note for the
/// PASS line), Fail or Skip (message: why).
struct CheckOutcome {
  CaseStatus status = CaseStatus::Pass;
  std::string message;

  static CheckOutcome ok(std::string note = "") {
    return {CaseStatus::Pass, std::move(note)};
  }
  static CheckOutcome failed(std::string why) {
    return {CaseStatus::Fail, std::move(why)};
  }
  bool passed() const { return status == CaseStatus::Pass; }
};

/// A compiled model linked into this process.
struct LoadedModel {
  ModelInfo info;
  std::unique_ptr<ObjectLoader> loader;
  PackedEntryPoint entry = nullptr;

  /// Runs the entry point on `inputs` (in info.inputs order, already checked
  /// against it) and returns the outputs in info.outputs order.
  std::vector<HostTensor>
  run(const std::vector<const HostTensor *> &inputs) const;
};

/// The compile options every check starts from: the case's model, bindings
/// and batch, and `modelName` as the symbol prefix.
CompileOptions baseCompileOptions(const CaseLayout &c,
                                  const std::string &modelName);

/// Compiles `options` into `out` (object and header). On failure returns
/// why, as compileAndLoad does.
CheckOutcome compileCase(const CompileOptions &options, const RunOptions &run,
                         const std::string &stage, bool unsupportedSkips,
                         CompiledModel &out);

/// Compiles `options` and links the object into `out`. On failure returns
/// why, prefixed with `stage` (e.g. "vjp: "): a SKIP when every error is an
/// unsupported construct and `unsupportedSkips` is set, else a FAIL.
CheckOutcome compileAndLoad(const CaseLayout &c, const CompileOptions &options,
                            const RunOptions &run, const std::string &stage,
                            bool unsupportedSkips, LoadedModel &out);

/// Why `data` cannot be fed as `info` (element type or shape), or "".
std::string checkFeed(const TensorInfo &info, const HostTensor &data,
                      const std::string &label);

} // namespace dlc

#endif // DLC_TOOLS_DLC_RUN_CASECOMMON_H
