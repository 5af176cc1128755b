//===- CaseRunner.cpp - run one ONNX backend-test case --------------------===//

#include "tools/dlc-run/CaseRunner.h"

#include "tools/dlc-run/CaseCommon.h"
#include "tools/dlc-run/GradientCheck.h"
#include "tools/dlc-run/SaveCompiled.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace {

/// Runs one data set; returns why it failed, or an empty string.
std::string runDataSet(const dlc::CaseLayout &c, const std::string &dataSet,
                       const dlc::LoadedModel &model,
                       const dlc::RunOptions &options) {
  std::vector<dlc::HostTensor> inputs;
  for (const dlc::TensorInfo &ti : model.info.inputs) {
    size_t k = llvm::find(c.runtimeInputs, ti.name) - c.runtimeInputs.begin();
    if (k == c.runtimeInputs.size())
      return "compiled input '" + ti.name + "' is not a graph input";
    auto data = dlc::readHostTensor(dlc::dataFile(dataSet, "input", k));
    if (!data)
      return llvm::toString(data.takeError());
    std::string why =
        dlc::checkFeed(ti, *data, dlc::tensorLabel("input", k, ti.name));
    if (!why.empty())
      return why;
    inputs.push_back(std::move(*data));
  }
  std::vector<const dlc::HostTensor *> feeds;
  for (const dlc::HostTensor &t : inputs)
    feeds.push_back(&t);
  std::vector<dlc::HostTensor> outputs = model.run(feeds);

  for (size_t j = 0; j < model.info.outputs.size(); ++j) {
    const dlc::TensorInfo &to = model.info.outputs[j];
    size_t k = llvm::find(c.outputs, to.name) - c.outputs.begin();
    if (k == c.outputs.size())
      k = j;
    auto want = dlc::readHostTensor(dlc::dataFile(dataSet, "output", k));
    if (!want)
      return llvm::toString(want.takeError());
    std::optional<std::string> why =
        dlc::compareTensors(outputs[j], *want, options.tolerance);
    if (options.verbose)
      llvm::errs() << c.name << ": " << llvm::sys::path::filename(dataSet)
                   << " " << dlc::tensorLabel("output", k, to.name) << " "
                   << dlc::formatShape(to.shape) << ": " << (why ? *why : "ok")
                   << "\n";
    if (why)
      return dlc::tensorLabel("output", k, to.name) + ": " + *why;
  }
  return "";
}

/// Compiles the model for inference and compares every data set's outputs.
dlc::CheckOutcome checkForward(const dlc::CaseLayout &c,
                               const dlc::RunOptions &options) {
  dlc::LoadedModel model;
  dlc::CheckOutcome compiled =
      dlc::compileAndLoad(c, dlc::baseCompileOptions(c, c.name), options, "",
                          /*unsupportedSkips=*/true, model);
  if (!compiled.passed())
    return compiled;
  for (const std::string &dataSet : c.dataSets) {
    std::string why = runDataSet(c, dataSet, model, options);
    if (!why.empty())
      return dlc::CheckOutcome::failed(
          (c.dataSets.size() > 1
               ? llvm::sys::path::filename(dataSet).str() + " "
               : std::string()) +
          why);
  }
  return dlc::CheckOutcome::ok();
}

} // namespace

std::string dlc::caseName(const std::string &caseDir) {
  llvm::StringRef dir = caseDir;
  while (dir.size() > 1 && llvm::sys::path::is_separator(dir.back()))
    dir = dir.drop_back();
  return llvm::sys::path::filename(dir).str();
}

dlc::CaseResult dlc::runCase(const std::string &caseDir,
                             const RunOptions &options) {
  auto layout = readLayout(caseDir);
  if (!layout)
    return {CaseStatus::Fail, "FAIL " + caseName(caseDir) + ": " +
                                  llvm::toString(layout.takeError())};
  const CaseLayout &c = *layout;
  auto finish = [&](const CheckOutcome &outcome,
                    const std::vector<std::string> &notes) -> CaseResult {
    switch (outcome.status) {
    case CaseStatus::Pass:
      return {CaseStatus::Pass,
              "PASS " + c.name + c.suffix +
                  (notes.empty() ? "" : " (" + llvm::join(notes, "; ") + ")")};
    case CaseStatus::Fail:
      return {CaseStatus::Fail,
              "FAIL " + c.name + ": " + outcome.message + c.suffix};
    case CaseStatus::Skip:
      break;
    }
    return {CaseStatus::Skip,
            "SKIP " + c.name + ": " + outcome.message + c.suffix};
  };

  if (!options.saveDir.empty()) {
    CheckOutcome outcome = saveCompiledCase(c, options);
    if (outcome.passed())
      return {CaseStatus::Pass, "SAVED " + c.name + " (" + outcome.message +
                                    ")" + c.suffix};
    return finish(outcome, {});
  }
  std::vector<std::string> references;
  if (options.grads) {
    auto found = findReferenceGradients(c);
    if (!found)
      return finish(CheckOutcome::failed(llvm::toString(found.takeError())),
                    {});
    references = std::move(*found);
  }
  bool hasOutputs = llvm::sys::fs::exists(dataFile(c.dataSets[0], "output", 0));
  bool forward = options.grads ? hasOutputs : !options.fdGrads;
  if (options.grads && !hasOutputs && references.empty())
    return finish(CheckOutcome::failed("nothing to check: no output_K.pb "
                                       "and no grads/<initializer>.pb"),
                  {});

  std::vector<std::string> notes;
  if (options.grads && references.empty())
    notes.push_back("forward only: no grads/<initializer>.pb");
  if (forward) {
    CheckOutcome outcome = checkForward(c, options);
    if (!outcome.passed())
      return finish(outcome, notes);
  }
  if (!references.empty()) {
    CheckOutcome outcome = checkReferenceGradients(c, references, options);
    if (!outcome.passed())
      return finish(outcome, notes);
    if (!outcome.message.empty())
      notes.push_back(outcome.message);
  }
  if (options.fdGrads) {
    CheckOutcome outcome = checkFiniteDifferences(c, options);
    if (!outcome.passed())
      return finish(outcome, notes);
    if (!outcome.message.empty())
      notes.push_back(outcome.message);
  }
  return finish(CheckOutcome::ok(), notes);
}
