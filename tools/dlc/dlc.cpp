//===- dlc.cpp - the dlc compiler driver ----------------------------------===//
//
//   dlc model.onnx -o model.o        object file + model.h beside it
//   dlc model.onnx --emit=dlc        print a stage (dlc|linalg|plan|plan-svg|llvm|asm|header)
//
// Options follow clang/onnx-mlir: -o, -O0..-O3, -mcpu=, --emit=, --batch=,
// --bind NAME=FILE.pb, --sanitize=address. Errors print one line each and
// exit with status 1.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/NVPTX/NVPTXPipeline.h"
#include "compiler/Driver/Compiler.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

namespace cl = llvm::cl;

namespace {

cl::OptionCategory generalCategory("dlc options");

cl::opt<std::string> inputFile(cl::Positional, cl::desc("<model.onnx>"),
                               cl::Required, cl::cat(generalCategory));
cl::opt<std::string> outputFile("o", cl::desc("Output file"),
                                cl::value_desc("file"),
                                cl::cat(generalCategory));
cl::opt<dlc::EmitKind> emitKind(
    "emit", cl::desc("What to produce"), cl::init(dlc::EmitKind::Obj),
    cl::values(
        clEnumValN(dlc::EmitKind::DLC, "dlc", "the dlc dialect after graph passes"),
        clEnumValN(dlc::EmitKind::Linalg, "linalg", "linalg on tensors"),
        clEnumValN(dlc::EmitKind::Plan, "plan", "buffers placed in the arena"),
        clEnumValN(dlc::EmitKind::PlanSvg, "plan-svg",
                   "the arena plan drawn as SVG (position across, offset up)"),
        clEnumValN(dlc::EmitKind::LLVM, "llvm", "optimised LLVM IR"),
        clEnumValN(dlc::EmitKind::Asm, "asm", "native assembly"),
        clEnumValN(dlc::EmitKind::PTX, "ptx",
                   "the GPU kernels' PTX (--target=cuda)"),
        clEnumValN(dlc::EmitKind::Obj, "obj", "object file and C header (default)"),
        clEnumValN(dlc::EmitKind::Header, "header", "the C header only")),
    cl::cat(generalCategory));
cl::opt<unsigned> optLevel("O", cl::desc("Optimisation level (0-3)"),
                           cl::Prefix, cl::init(3), cl::cat(generalCategory));
cl::opt<std::string> cpu("mcpu", cl::desc("Target CPU (default: the host's)"),
                         cl::init(""), cl::cat(generalCategory));
cl::opt<dlc::Target> target(
    "target", cl::desc("What the code runs on"), cl::init(dlc::Target::CPU),
    cl::values(clEnumValN(dlc::Target::CPU, "cpu", "this machine's CPU"),
               clEnumValN(dlc::Target::CUDA, "cuda",
                          "an NVIDIA GPU (PTX through LLVM's NVPTX back-end)")),
    cl::cat(generalCategory));
cl::opt<std::string> gpu("gpu",
                         cl::desc("With --target=cuda: the GPU architecture"),
                         cl::value_desc("sm_XX"), cl::init("sm_80"),
                         cl::cat(generalCategory));
cl::opt<bool> openmp(
    "openmp",
    cl::desc("Run outer loops on OpenMP threads (link LLVM's libomp; the "
             "count comes from OMP_NUM_THREADS or omp_set_num_threads). "
             "--openmp=false: single-threaded code needing only libc"),
    cl::init(true), cl::cat(generalCategory));
cl::opt<std::string> sanitize(
    "sanitize",
    cl::desc("Instrument the generated code: address (AddressSanitizer; "
             "link with -fsanitize=address)"),
    cl::value_desc("address"), cl::cat(generalCategory));
cl::opt<int64_t> batch("batch",
                       cl::desc("Value of a symbolic leading (batch) dimension"),
                       cl::init(-1), cl::cat(generalCategory));
cl::list<std::string> binds(
    "bind", cl::desc("Fold a shape-deciding input in as a constant"),
    cl::value_desc("NAME=FILE.pb"), cl::cat(generalCategory));
cl::opt<bool> vjp("vjp",
                  cl::desc("Compile the vector-Jacobian product: inputs and "
                           "cotangent_0 in, initializer gradients out"),
                  cl::cat(generalCategory));
cl::list<std::string> wrt("wrt", cl::CommaSeparated,
                          cl::desc("With --vjp: the initializers to "
                                   "differentiate (default: every float one)"),
                          cl::value_desc("NAME,..."),
                          cl::cat(generalCategory));
cl::OptionCategory trainCategory("Training (--train)");
cl::opt<bool> train("train",
                    cl::desc("Compile a training step: <m>_train_step and "
                             "<m>_run over caller-owned parameters"),
                    cl::cat(trainCategory));
cl::opt<std::string> loss(
    "loss",
    cl::desc("softmax-cross-entropy (int64 class labels) | cross-entropy | "
             "binary-cross-entropy | mse"),
    cl::init("softmax-cross-entropy"), cl::cat(trainCategory));
cl::opt<std::string> lossOutput("loss-output",
                                cl::desc("The output the loss reads "
                                         "(default: the first)"),
                                cl::value_desc("NAME"), cl::cat(trainCategory));
cl::opt<std::string> optimizer("optimizer",
                               cl::desc("sgd | adagrad | rmsprop | adam | adamw"),
                               cl::init("sgd"), cl::cat(trainCategory));
cl::opt<double> lr("lr", cl::desc("Learning rate the header suggests "
                                  "(the step takes it as an argument)"),
                   cl::init(0.01), cl::cat(trainCategory));
cl::opt<double> momentum("momentum", cl::desc("SGD/RMSprop momentum"),
                         cl::init(0.0), cl::cat(trainCategory));
cl::opt<bool> nesterov("nesterov", cl::desc("Nesterov momentum (sgd)"),
                       cl::cat(trainCategory));
cl::opt<double> beta1("beta1", cl::desc("Adam/AdamW beta1"), cl::init(0.9),
                      cl::cat(trainCategory));
cl::opt<double> beta2("beta2", cl::desc("Adam/AdamW beta2"), cl::init(0.999),
                      cl::cat(trainCategory));
cl::opt<double> rho("rho", cl::desc("RMSprop decay"), cl::init(0.9),
                    cl::cat(trainCategory));
cl::opt<double> epsilon("epsilon", cl::desc("Denominator guard"),
                        cl::init(1e-8), cl::cat(trainCategory));
cl::opt<double> weightDecay("weight-decay",
                            cl::desc("L2 weight decay (AdamW: decoupled)"),
                            cl::init(0.0), cl::cat(trainCategory));
cl::opt<double> l1("l1", cl::desc("L1 penalty"), cl::init(0.0),
                   cl::cat(trainCategory));
cl::list<std::string> trainable("trainable", cl::CommaSeparated,
                                cl::desc("Initializers to train (default: "
                                         "every float one but rank-0 "
                                         "scalars and masks: values that "
                                         "are not finite or 1e30 and above)"),
                                cl::value_desc("NAME,..."),
                                cl::cat(trainCategory));
cl::list<std::string> frozen("frozen", cl::CommaSeparated,
                             cl::desc("Initializers to keep constant"),
                             cl::value_desc("NAME,..."), cl::cat(trainCategory));

cl::opt<std::string> modelName(
    "name", cl::desc("C name prefix (default: the output file's stem)"),
    cl::cat(generalCategory));

/// `path` with its extension replaced by `ext`.
std::string withExtension(llvm::StringRef path, llvm::StringRef ext) {
  llvm::SmallString<256> s(path);
  llvm::sys::path::replace_extension(s, ext);
  return s.str().str();
}

int fail(llvm::StringRef message) {
  llvm::errs() << "error: " << inputFile << ": " << message << "\n";
  return 1;
}

dlc::TrainOptions trainOptions() {
  dlc::TrainOptions t;
  t.enabled = train;
  t.loss = loss;
  t.lossOutput = lossOutput;
  t.optimizer = optimizer;
  t.lr = lr;
  t.momentum = momentum;
  t.nesterov = nesterov;
  t.beta1 = beta1;
  t.beta2 = beta2;
  t.rho = rho;
  t.epsilon = epsilon;
  t.weightDecay = weightDecay;
  t.l1 = l1;
  t.trainable.assign(trainable.begin(), trainable.end());
  t.frozen.assign(frozen.begin(), frozen.end());
  return t;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  mlir::registerPassManagerCLOptions();
  // LLVM's and MLIR's own options still parse, but --help lists dlc's.
  cl::HideUnrelatedOptions({&generalCategory, &trainCategory});
  cl::ParseCommandLineOptions(argc, argv, "dlc: ONNX to object file + C header\n");

  dlc::CompileOptions options;
  options.inputPath = inputFile;
  if (batch.getNumOccurrences() && batch < 0)
    return fail("--batch must not be negative");
  options.batch = batch;
  options.cpu = cpu;
  options.target = target;
  if (!dlc::isSupportedGPU(gpu))
    return fail("--gpu=" + gpu + " is not a GPU architecture (sm_50 and up)");
  options.gpu = gpu;
  if (target == dlc::Target::CUDA && (vjp || sanitize.getNumOccurrences()))
    return fail("--target=cuda does not support --vjp or --sanitize");
  if (sanitize.getNumOccurrences() && sanitize != "address")
    return fail("unknown sanitizer '" + sanitize + "' (supported: address)");
  options.sanitizeAddress = sanitize == "address";
  options.vjp = vjp;
  options.gradientsOf.assign(wrt.begin(), wrt.end());
  options.train = trainOptions();
  if (train && vjp)
    return fail("--train and --vjp are different compile modes; give one");
  if (optLevel > 3)
    return fail("-O" + std::to_string(optLevel) + " is not a level (0-3)");
  options.optLevel = optLevel;
  options.threads = openmp;
  for (const std::string &bind : binds) {
    auto [name, file] = llvm::StringRef(bind).split('=');
    if (name.empty() || file.empty())
      return fail("--bind expects NAME=FILE.pb, got '" + bind + "'");
    options.bindings[name.str()] = file.str();
  }
  bool toFile = !outputFile.empty() && outputFile != "-";
  if (emitKind == dlc::EmitKind::Obj && !toFile)
    return fail("no output file: give -o FILE.o");
  llvm::StringRef stem = llvm::sys::path::stem(toFile ? outputFile : inputFile);
  options.modelName = dlc::sanitizeIdentifier(modelName.empty() ? stem : modelName);

  auto context = dlc::createContext();
  dlc::installDiagnosticPrinter(*context);
  std::string text;
  llvm::raw_string_ostream textOut(text);
  auto compiled = dlc::compileModel(options, emitKind, *context, textOut);
  if (mlir::failed(compiled))
    return 1;

  std::vector<std::pair<std::string, std::string>> files;
  if (emitKind == dlc::EmitKind::Obj) {
    files.push_back({outputFile, compiled->object});
    files.push_back({withExtension(outputFile, "h"), compiled->header});
  } else if (toFile) {
    files.push_back({outputFile, text});
  } else {
    llvm::outs() << text;
    return 0;
  }
  std::string error;
  if (mlir::failed(dlc::writeFilesAtomically(files, error)))
    return fail(error);
  return 0;
}
