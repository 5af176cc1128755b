//===- CaseRunner.cpp - run one ONNX backend-test case --------------------===//

#include "tools/dlc-run/CaseRunner.h"

#include "compiler/Driver/Compiler.h"
#include "compiler/Import/ONNX/ShapeInputs.h"
#include "tools/dlc-run/ObjectLoader.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include "onnx/onnx_pb.h"

#include <algorithm>
#include <set>

namespace {

/// What dlc-run needs to know about a case before compiling it.
struct CaseLayout {
  std::string dir;
  std::string name;
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
};

dlc::CaseResult pass(const CaseLayout &c, const std::string &suffix) {
  return {dlc::CaseStatus::Pass, "PASS " + c.name + suffix};
}

dlc::CaseResult fail(const CaseLayout &c, const std::string &why,
                     const std::string &suffix) {
  return {dlc::CaseStatus::Fail, "FAIL " + c.name + ": " + why + suffix};
}

dlc::CaseResult skip(const CaseLayout &c, const std::string &why,
                     const std::string &suffix) {
  return {dlc::CaseStatus::Skip, "SKIP " + c.name + ": " + why + suffix};
}

std::string dataFile(const std::string &dataSet, const char *kind, size_t k) {
  return dataSet + "/" + kind + "_" + std::to_string(k) + ".pb";
}

/// The numeric suffix of `test_data_set_N`, or -1.
long dataSetIndex(llvm::StringRef dirName) {
  long index = -1;
  if (!dirName.consume_front("test_data_set_") ||
      dirName.getAsInteger(10, index))
    return -1;
  return index;
}

std::vector<std::string> findDataSets(const std::string &dir) {
  std::vector<std::pair<long, std::string>> found;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec)) {
    long index = dataSetIndex(llvm::sys::path::filename(it->path()));
    if (index >= 0)
      found.push_back({index, it->path()});
  }
  llvm::sort(found);
  std::vector<std::string> dataSets;
  for (auto &entry : found)
    dataSets.push_back(entry.second);
  return dataSets;
}

bool hasSymbolicLeadingDim(const onnx::ValueInfoProto &value) {
  if (!value.type().has_tensor_type() ||
      !value.type().tensor_type().has_shape())
    return false;
  const auto &shape = value.type().tensor_type().shape();
  return shape.dim_size() > 0 && !shape.dim(0).has_dim_value();
}

/// Reads model.onnx for its inputs and outputs and decides the bindings.
llvm::Expected<CaseLayout> readLayout(const std::string &dir) {
  CaseLayout c;
  c.dir = dir;
  c.name = dlc::caseName(dir);
  std::string modelPath = dir + "/model.onnx";
  auto file = llvm::MemoryBuffer::getFile(modelPath, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false);
  if (!file)
    return llvm::createStringError("cannot read model.onnx: " +
                                   file.getError().message());
  onnx::ModelProto model;
  if (!model.ParseFromArray((*file)->getBufferStart(),
                            static_cast<int>((*file)->getBufferSize())))
    return llvm::createStringError("model.onnx is not an ONNX model");
  const onnx::GraphProto &graph = model.graph();

  std::set<std::string> initializers;
  for (const onnx::TensorProto &t : graph.initializer())
    initializers.insert(t.name());
  for (const onnx::ValueInfoProto &in : graph.input())
    if (!initializers.count(in.name()))
      c.runtimeInputs.push_back(in.name());
  for (const onnx::ValueInfoProto &out : graph.output())
    c.outputs.push_back(out.name());

  c.dataSets = findDataSets(dir);
  if (c.dataSets.empty())
    return llvm::createStringError("no test_data_set_N directory");

  std::set<std::string> shapeInputs = dlc::findShapeDecidingInputs(graph);
  for (size_t k = 0; k < c.runtimeInputs.size(); ++k)
    if (shapeInputs.count(c.runtimeInputs[k]))
      c.bindings[c.runtimeInputs[k]] = dataFile(c.dataSets[0], "input", k);

  for (const onnx::ValueInfoProto &in : graph.input()) {
    if (initializers.count(in.name()) || c.bindings.count(in.name()) ||
        !hasSymbolicLeadingDim(in))
      continue;
    auto k = llvm::find(c.runtimeInputs, in.name()) - c.runtimeInputs.begin();
    auto data = dlc::readHostTensor(dataFile(c.dataSets[0], "input", k));
    if (!data)
      return data.takeError();
    if (!data->shape().empty())
      c.batch = data->shape()[0];
    break;
  }
  return c;
}

/// `error: <file>: <message>` -> `<message>`.
std::string diagnosticMessage(llvm::StringRef line) {
  line.consume_front("error: ");
  size_t fileEnd = line.find(": ");
  if (fileEnd != llvm::StringRef::npos && line.take_front(fileEnd).contains('.'))
    line = line.drop_front(fileEnd + 2);
  return line.str();
}

/// Turns the diagnostics of a failed compile into a SKIP (only unsupported
/// constructs or shapes that depend on runtime data) or a FAIL (anything
/// else) naming the first relevant error.
dlc::CaseResult compileFailure(const CaseLayout &c, llvm::StringRef diags,
                               const std::string &suffix) {
  llvm::SmallVector<llvm::StringRef> lines;
  diags.split(lines, '\n', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  std::string firstSkip;
  for (llvm::StringRef line : lines) {
    if (!line.starts_with("error: "))
      continue;
    std::string message = diagnosticMessage(line);
    size_t unsupported = message.find("unsupported");
    if (unsupported != std::string::npos) {
      if (firstSkip.empty())
        firstSkip = message.substr(unsupported);
      continue;
    }
    if (message.find("must be a compile-time constant") != std::string::npos) {
      if (firstSkip.empty())
        firstSkip = "shape depends on runtime data: " + message;
      continue;
    }
    return fail(c, message, suffix);
  }
  if (!firstSkip.empty())
    return skip(c, firstSkip, suffix);
  llvm::StringRef first = lines.empty() ? "" : lines.front();
  return fail(c, "compile failed" + (first.empty() ? "" : ": " + first.str()),
              suffix);
}

std::string tensorLabel(const char *kind, size_t k, const std::string &name) {
  return std::string(kind) + " " + std::to_string(k) + " '" + name + "'";
}

/// Runs one data set; returns why it failed, or an empty string.
std::string runDataSet(const CaseLayout &c, const std::string &dataSet,
                       const dlc::ModelInfo &info, dlc::PackedEntryPoint entry,
                       const dlc::RunOptions &options) {
  std::vector<dlc::HostTensor> inputs, outputs;
  std::vector<void *> args;
  for (size_t i = 0; i < info.inputs.size(); ++i) {
    const dlc::TensorInfo &ti = info.inputs[i];
    size_t k = llvm::find(c.runtimeInputs, ti.name) - c.runtimeInputs.begin();
    if (k == c.runtimeInputs.size())
      return "compiled input '" + ti.name + "' is not a graph input";
    auto data = dlc::readHostTensor(dataFile(dataSet, "input", k));
    if (!data)
      return llvm::toString(data.takeError());
    std::string label = tensorLabel("input", k, ti.name);
    if (data->type() != ti.onnxType)
      return label + ": data is " + dlc::onnxTypeName(data->type()) +
             ", compiled for " + dlc::onnxTypeName(ti.onnxType);
    if (data->shape() != ti.shape)
      return label + ": data has shape " + dlc::formatShape(data->shape()) +
             ", compiled for " + dlc::formatShape(ti.shape);
    inputs.push_back(std::move(*data));
  }
  for (const dlc::TensorInfo &to : info.outputs)
    outputs.emplace_back(to.onnxType, to.shape);
  dlc::HostTensor arena(onnx::TensorProto::UINT8, {info.arenaBytes});

  for (dlc::HostTensor &t : inputs)
    args.push_back(t.data());
  for (dlc::HostTensor &t : outputs)
    args.push_back(t.data());
  args.push_back(arena.data());
  entry(args.data());

  for (size_t j = 0; j < info.outputs.size(); ++j) {
    const dlc::TensorInfo &to = info.outputs[j];
    size_t k = llvm::find(c.outputs, to.name) - c.outputs.begin();
    if (k == c.outputs.size())
      k = j;
    auto want = dlc::readHostTensor(dataFile(dataSet, "output", k));
    if (!want)
      return llvm::toString(want.takeError());
    std::optional<std::string> why =
        dlc::compareTensors(outputs[j], *want, options.tolerance);
    if (options.verbose)
      llvm::errs() << c.name << ": " << llvm::sys::path::filename(dataSet)
                   << " " << tensorLabel("output", k, to.name) << " "
                   << dlc::formatShape(to.shape) << ": "
                   << (why ? *why : "ok") << "\n";
    if (why)
      return tensorLabel("output", k, to.name) + ": " + *why;
  }
  return "";
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
  if (!layout) {
    CaseLayout bare;
    bare.name = caseName(caseDir);
    return fail(bare, llvm::toString(layout.takeError()), "");
  }
  const CaseLayout &c = *layout;
  std::string suffix;
  if (!c.bindings.empty()) {
    std::vector<std::string> names;
    for (const auto &binding : c.bindings)
      names.push_back(binding.first);
    suffix = " (bound: " + llvm::join(names, ", ") + ")";
  }

  // The stream outlives the context that reports into it.
  std::string diags;
  llvm::raw_string_ostream diagStream(diags);
  std::unique_ptr<mlir::MLIRContext> context = createContext();
  context->disableMultithreading();
  installDiagnosticPrinter(*context, diagStream);

  CompileOptions compileOptions;
  compileOptions.inputPath = c.dir + "/model.onnx";
  compileOptions.modelName = sanitizeIdentifier(c.name);
  compileOptions.bindings = c.bindings;
  compileOptions.batch = c.batch;
  mlir::FailureOr<CompiledModel> compiled = compileModel(
      compileOptions, EmitKind::Obj, *context, llvm::nulls());
  if (options.verbose)
    llvm::errs() << diags;
  if (mlir::failed(compiled))
    return compileFailure(c, diags, suffix);

  auto loader = ObjectLoader::load(compiled->object);
  if (!loader)
    return fail(c, "cannot load object: " + llvm::toString(loader.takeError()),
                suffix);
  std::string entryName = compiled->info.packedSymbol();
  auto entry = loader->lookupPacked(entryName);
  if (!entry)
    return fail(c, "cannot link " + entryName + ": " +
                       llvm::toString(entry.takeError()),
                suffix);

  for (const std::string &dataSet : c.dataSets) {
    std::string why =
        runDataSet(c, dataSet, compiled->info, *entry, options);
    if (!why.empty())
      return fail(c,
                  (c.dataSets.size() > 1
                       ? llvm::sys::path::filename(dataSet).str() + " "
                       : std::string()) +
                      why,
                  suffix);
  }
  return pass(c, suffix);
}
