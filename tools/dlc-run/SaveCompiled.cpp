//===- SaveCompiled.cpp - a case compiled ahead, for dlc-run-compiled -----===//
//
// The GPU machine a session may borrow has CUDA but no LLVM: dlc-run
// compiles there nothing. `dlc-run --save-compiled DIR` compiles each
// case's forward model here (for the CPU without OpenMP, or with --target=
// cuda for the GPU), links it into DIR/<case>/model.so together with
// libdlcrt, and writes the case's test data as raw little-endian bytes with
// a manifest that dlc-run-compiled (tools/dlc-run-compiled, no LLVM, no
// protobuf) reads:
//
//   case <name>
//   entry <packed entry point symbol>
//   target cpu|cuda
//   arena <bytes>
//   tolerance <rtol> <atol>
//   dataset <name>
//   input <onnx element type> <bytes> <file>
//   output <onnx element type> <bytes> <file>
//
//===----------------------------------------------------------------------===//
#include "tools/dlc-run/SaveCompiled.h"

#include "tools/dlc-run/CaseCommon.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

namespace {

using Files = std::vector<std::pair<std::string, std::string>>;

/// model.o + libdlcrt -> model.so with the C compiler dlc was built with.
std::string linkSharedObject(const std::string &dir) {
  std::string object = dir + "/model.o", shared = dir + "/model.so";
  llvm::SmallVector<llvm::StringRef> args{
      DLC_C_COMPILER, "-shared", "-o", shared, object, DLC_RUNTIME_LIBRARY};
  std::string error;
  int rc = llvm::sys::ExecuteAndWait(DLC_C_COMPILER, args, std::nullopt, {},
                                     0, 0, &error);
  if (rc != 0)
    return "cannot link " + shared + " with " DLC_C_COMPILER ": " +
           (error.empty() ? "exit status " + std::to_string(rc) : error);
  llvm::sys::fs::remove(object);
  return "";
}

/// Adds one data set's tensors as raw files to `files`, and their lines to
/// the manifest.
std::string saveDataSet(const dlc::CaseLayout &c, const std::string &dataSet,
                        const dlc::ModelInfo &info, const std::string &dir,
                        Files &files, llvm::raw_ostream &manifest) {
  std::string set = llvm::sys::path::filename(dataSet).str();
  manifest << "dataset " << set << "\n";
  auto save = [&](const char *kind, size_t k, const dlc::TensorInfo &ti,
                  size_t fileIndex) -> std::string {
    auto data = dlc::readHostTensor(dlc::dataFile(dataSet, kind, fileIndex));
    if (!data)
      return llvm::toString(data.takeError());
    if (std::string why = dlc::checkFeed(
            ti, *data, dlc::tensorLabel(kind, fileIndex, ti.name));
        !why.empty())
      return why;
    std::string file = set + "_" + kind + "_" + std::to_string(k) + ".bin";
    files.push_back(
        {dir + "/" + file,
         std::string(static_cast<const char *>(data->data()),
                     data->sizeInBytes())});
    manifest << kind << " " << data->type() << " " << data->sizeInBytes()
             << " " << file << "\n";
    return "";
  };
  for (auto [k, ti] : llvm::enumerate(info.inputs)) {
    size_t i = llvm::find(c.runtimeInputs, ti.name) - c.runtimeInputs.begin();
    if (i == c.runtimeInputs.size())
      return "compiled input '" + ti.name + "' is not a graph input";
    if (std::string why = save("input", k, ti, i); !why.empty())
      return why;
  }
  for (auto [k, to] : llvm::enumerate(info.outputs)) {
    size_t i = llvm::find(c.outputs, to.name) - c.outputs.begin();
    if (std::string why = save("output", k, to, i == c.outputs.size() ? k : i);
        !why.empty())
      return why;
  }
  return "";
}

} // namespace

dlc::CheckOutcome dlc::saveCompiledCase(const CaseLayout &c,
                                        const RunOptions &run) {
  CompileOptions options = baseCompileOptions(c, c.name);
  // The machine that runs it may have no libomp: one thread on the CPU.
  options.threads = false;
  if (run.cuda) {
    options.target = Target::CUDA;
    options.gpu = run.gpu;
  }
  CompiledModel compiled;
  CheckOutcome outcome =
      compileCase(options, run, "", /*unsupportedSkips=*/true, compiled);
  if (!outcome.passed())
    return outcome;
  std::string dir = run.saveDir + "/" + c.name;
  if (std::error_code ec = llvm::sys::fs::create_directories(dir))
    return CheckOutcome::failed("cannot create " + dir + ": " + ec.message());
  Files files{{dir + "/model.o", compiled.object}};
  std::string text;
  llvm::raw_string_ostream manifest(text);
  manifest << "case " << c.name << "\n"
           << "entry " << compiled.info.packedSymbol() << "\n"
           << "target " << (run.cuda ? "cuda" : "cpu") << "\n"
           << "arena " << compiled.info.arenaBytes << "\n"
           << "tolerance " << run.tolerance.rtol << " " << run.tolerance.atol
           << "\n";
  for (const std::string &dataSet : c.dataSets)
    if (std::string why =
            saveDataSet(c, dataSet, compiled.info, dir, files, manifest);
        !why.empty())
      return CheckOutcome::failed(why);
  std::string error;
  if (mlir::failed(writeFilesAtomically(files, error)))
    return CheckOutcome::failed(error);
  if (std::string why = linkSharedObject(dir); !why.empty())
    return CheckOutcome::failed(why);
  // The manifest last: a case dir with one is complete.
  if (mlir::failed(
          writeFilesAtomically({{dir + "/manifest.txt", text}}, error)))
    return CheckOutcome::failed(error);
  return CheckOutcome::ok(dir);
}
