//===- CaseCommon.cpp - what every dlc-run check of a case shares ---------===//

#include "tools/dlc-run/CaseCommon.h"

#include "compiler/Import/ONNX/RunningStatistics.h"
#include "compiler/Import/ONNX/ShapeInputs.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <set>

namespace {

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

/// `error: <file>: <message>` -> `<message>`.
std::string diagnosticMessage(llvm::StringRef line) {
  line.consume_front("error: ");
  size_t fileEnd = line.find(": ");
  if (fileEnd != llvm::StringRef::npos &&
      line.take_front(fileEnd).contains('.'))
    line = line.drop_front(fileEnd + 2);
  return line.str();
}

/// Turns the diagnostics of a failed compile into a SKIP (only unsupported
/// constructs or shapes that depend on runtime data, and only when
/// `unsupportedSkips`) or a FAIL naming the first relevant error.
dlc::CheckOutcome compileFailure(llvm::StringRef diags, bool unsupportedSkips) {
  llvm::SmallVector<llvm::StringRef> lines;
  diags.split(lines, '\n', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  std::string firstSkip;
  for (llvm::StringRef line : lines) {
    if (!line.starts_with("error: "))
      continue;
    std::string message = diagnosticMessage(line);
    if (!unsupportedSkips)
      return dlc::CheckOutcome::failed(message);
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
    return dlc::CheckOutcome::failed(message);
  }
  if (!firstSkip.empty())
    return {dlc::CaseStatus::Skip, firstSkip};
  llvm::StringRef first = lines.empty() ? "" : lines.front();
  return dlc::CheckOutcome::failed("compile failed" +
                                   (first.empty() ? "" : ": " + first.str()));
}

} // namespace

std::string dlc::dataFile(const std::string &dataSet, const char *kind,
                          size_t k) {
  return dataSet + "/" + kind + "_" + std::to_string(k) + ".pb";
}

std::string dlc::tensorLabel(const char *kind, size_t k,
                             const std::string &name) {
  return std::string(kind) + " " + std::to_string(k) + " '" + name + "'";
}

llvm::Expected<dlc::CaseLayout> dlc::readLayout(const std::string &dir) {
  CaseLayout c;
  c.dir = dir;
  c.name = caseName(dir);
  std::string modelPath = dir + "/model.onnx";
  auto file = llvm::MemoryBuffer::getFile(modelPath, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false);
  if (!file)
    return llvm::createStringError("cannot read model.onnx: " +
                                   file.getError().message());
  if (!c.model.ParseFromArray((*file)->getBufferStart(),
                              static_cast<int>((*file)->getBufferSize())))
    return llvm::createStringError("model.onnx is not an ONNX model");
  // As dlc reads it, so the gradient checks see the same parameters.
  separateRunningStatistics(*c.model.mutable_graph());
  const onnx::GraphProto &graph = c.model.graph();

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

  std::set<std::string> shapeInputs = findShapeDecidingInputs(graph);
  for (size_t k = 0; k < c.runtimeInputs.size(); ++k)
    if (shapeInputs.count(c.runtimeInputs[k]))
      c.bindings[c.runtimeInputs[k]] = dataFile(c.dataSets[0], "input", k);

  for (const onnx::ValueInfoProto &in : graph.input()) {
    if (initializers.count(in.name()) || c.bindings.count(in.name()) ||
        !hasSymbolicLeadingDim(in))
      continue;
    auto k = llvm::find(c.runtimeInputs, in.name()) - c.runtimeInputs.begin();
    auto data = readHostTensor(dataFile(c.dataSets[0], "input", k));
    if (!data)
      return data.takeError();
    if (!data->shape().empty())
      c.batch = data->shape()[0];
    break;
  }

  if (!c.bindings.empty()) {
    std::vector<std::string> names;
    for (const auto &binding : c.bindings)
      names.push_back(binding.first);
    c.suffix = " (bound: " + llvm::join(names, ", ") + ")";
  }
  return std::move(c);
}

std::vector<dlc::HostTensor>
dlc::LoadedModel::run(const std::vector<const HostTensor *> &inputs) const {
  std::vector<HostTensor> outputs;
  for (const TensorInfo &to : info.outputs)
    outputs.emplace_back(to.onnxType, to.shape);
  HostTensor arena(onnx::TensorProto::UINT8, {info.arenaBytes});
  std::vector<void *> args;
  // The entry point only reads its inputs.
  for (const HostTensor *t : inputs)
    args.push_back(const_cast<void *>(t->data()));
  for (HostTensor &t : outputs)
    args.push_back(t.data());
  args.push_back(arena.data());
  entry(args.data());
  return outputs;
}

llvm::cl::OptionCategory &dlc::dlcRunOptions() {
  static llvm::cl::OptionCategory category("dlc-run options");
  return category;
}

// How the cases are compiled, as dlc's options of the same names: checking
// the AVX2 code (-mcpu=haswell), the plain loops (-O0) or one thread.
static llvm::cl::opt<std::string>
    targetCpu("mcpu", llvm::cl::desc("Target CPU (default: the host's)"),
              llvm::cl::init(""), llvm::cl::cat(dlc::dlcRunOptions()));
static llvm::cl::opt<unsigned>
    caseOptLevel("O", llvm::cl::desc("Optimisation level (0-3)"),
                 llvm::cl::Prefix, llvm::cl::init(3),
                 llvm::cl::cat(dlc::dlcRunOptions()));
static llvm::cl::opt<bool>
    caseOpenMP("openmp", llvm::cl::desc("Run outer loops on OpenMP threads"),
               llvm::cl::init(true), llvm::cl::cat(dlc::dlcRunOptions()));

static llvm::cl::opt<bool> emulateGPULoops(
    "emulate-gpu-loops",
    llvm::cl::desc("Run the loop nests of the GPU kernels (--target=cuda) on "
                   "the CPU, one after another: checks them without a GPU"),
    llvm::cl::init(false), llvm::cl::cat(dlc::dlcRunOptions()));

dlc::CompileOptions dlc::baseCompileOptions(const CaseLayout &c,
                                            const std::string &modelName) {
  CompileOptions options;
  options.cpu = targetCpu;
  options.optLevel = std::min(caseOptLevel.getValue(), 3u);
  options.threads = caseOpenMP && !emulateGPULoops;
  options.emulateGPULoops = emulateGPULoops;
  options.inputPath = c.dir + "/model.onnx";
  options.modelName = sanitizeIdentifier(modelName);
  options.bindings = c.bindings;
  options.batch = c.batch;
  return options;
}

dlc::CheckOutcome dlc::compileCase(const CompileOptions &options,
                                   const RunOptions &run,
                                   const std::string &stage,
                                   bool unsupportedSkips,
                                   CompiledModel &out) {
  // The stream outlives the context that reports into it.
  std::string diags;
  llvm::raw_string_ostream diagStream(diags);
  std::unique_ptr<mlir::MLIRContext> context = createContext();
  context->disableMultithreading();
  installDiagnosticPrinter(*context, diagStream);

  mlir::FailureOr<CompiledModel> compiled =
      compileModel(options, EmitKind::Obj, *context, llvm::nulls());
  if (run.verbose)
    llvm::errs() << diags;
  if (mlir::failed(compiled)) {
    CheckOutcome outcome = compileFailure(diags, unsupportedSkips);
    outcome.message = stage + outcome.message;
    return outcome;
  }
  out = std::move(*compiled);
  return CheckOutcome::ok();
}

dlc::CheckOutcome dlc::compileAndLoad(const CaseLayout &c,
                                      const CompileOptions &options,
                                      const RunOptions &run,
                                      const std::string &stage,
                                      bool unsupportedSkips, LoadedModel &out) {
  CompiledModel compiled;
  CheckOutcome outcome =
      compileCase(options, run, stage, unsupportedSkips, compiled);
  if (!outcome.passed())
    return outcome;

  auto loader = ObjectLoader::load(compiled.object);
  if (!loader)
    return CheckOutcome::failed(
        stage + "cannot load object: " + llvm::toString(loader.takeError()));
  out.loader = std::make_unique<ObjectLoader>(std::move(*loader));
  std::string entryName = compiled.info.packedSymbol();
  auto entry = out.loader->lookupPacked(entryName);
  if (!entry)
    return CheckOutcome::failed(stage + "cannot link " + entryName + ": " +
                                llvm::toString(entry.takeError()));
  out.entry = *entry;
  out.info = std::move(compiled.info);
  return CheckOutcome::ok();
}

std::string dlc::checkFeed(const TensorInfo &info, const HostTensor &data,
                           const std::string &label) {
  if (data.type() != info.onnxType)
    return label + ": data is " + onnxTypeName(data.type()) +
           ", compiled for " + onnxTypeName(info.onnxType);
  if (data.shape() != info.shape)
    return label + ": data has shape " + formatShape(data.shape()) +
           ", compiled for " + formatShape(info.shape);
  return "";
}
