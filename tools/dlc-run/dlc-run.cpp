//===- dlc-run.cpp - the ONNX backend-test conformance runner -------------===//
//
//   dlc-run [--rtol=R] [--atol=A] [--timeout=S] [--verbose]
//           [--grads] [--fd-grads [--fd-samples=N] [--fd-step=H]
//            [--fd-threshold=T]] CASE_DIR...
//
// Compiles each case's model.onnx through the pipeline `dlc` uses, runs it
// on every test_data_set_N and prints one line per case (PASS, FAIL name:
// why, SKIP name: unsupported ...), then `N passed, M failed, K skipped`.
// Exits 1 when a case failed. --grads also checks the compiled
// vector-Jacobian product against grads/<initializer>.pb, --fd-grads
// against central finite differences (DESIGN.md section 5).
//
//===----------------------------------------------------------------------===//

#include "tools/dlc-run/CaseCommon.h"
#include "tools/dlc-run/CaseRunner.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

namespace cl = llvm::cl;

static cl::list<std::string> caseDirs(cl::Positional, cl::OneOrMore,
                                      cl::desc("CASE_DIR..."),
                                      cl::cat(dlc::dlcRunOptions()));
static cl::opt<double>
    relTolerance("rtol", cl::init(1e-3),
                 cl::desc("Relative tolerance for float outputs"),
                 cl::cat(dlc::dlcRunOptions()));
static cl::opt<double>
    absTolerance("atol", cl::init(1e-5),
                 cl::desc("Absolute tolerance for float outputs"),
                 cl::cat(dlc::dlcRunOptions()));
static cl::opt<unsigned> timeoutSeconds("timeout", cl::init(120),
                                        cl::desc("Seconds allowed per case"),
                                        cl::cat(dlc::dlcRunOptions()));
static cl::opt<bool> verboseOutput("verbose", cl::init(false),
                                   cl::desc("Print diagnostics and per-output "
                                            "results to stderr"),
                                            cl::cat(dlc::dlcRunOptions()));

static cl::opt<bool>
    checkGrads("grads", cl::init(false),
               cl::desc("Also compare the compiled VJP of each case with its "
                        "grads/<initializer>.pb references"),
                        cl::cat(dlc::dlcRunOptions()));
static cl::opt<bool> checkFdGrads(
    "fd-grads", cl::init(false),
    cl::desc("Compare the compiled VJP with central finite differences of "
             "the forward model instead of running the forward check"),
             cl::cat(dlc::dlcRunOptions()));
static cl::opt<unsigned>
    fdSamples("fd-samples", cl::init(64),
              cl::desc("--fd-grads: coordinates sampled per initializer"),
              cl::cat(dlc::dlcRunOptions()));
static cl::opt<std::string> saveCompiled(
    "save-compiled",
    cl::desc("Compile each case's forward model ahead into DIR/<case> for "
             "dlc-run-compiled (which needs no LLVM) instead of running it"),
    cl::value_desc("DIR"), cl::cat(dlc::dlcRunOptions()));
static cl::opt<std::string>
    caseTarget("target",
               cl::desc("With --save-compiled: cpu, or cuda for the GPU"),
               cl::init("cpu"), cl::cat(dlc::dlcRunOptions()));
static cl::opt<std::string>
    caseGpu("gpu", cl::desc("With --target=cuda: the GPU architecture"),
            cl::value_desc("sm_XX"), cl::init("sm_80"),
            cl::cat(dlc::dlcRunOptions()));
static cl::opt<double> fdStep(
    "fd-step", cl::init(1e-2),
    cl::desc("--fd-grads: step relative to the initializer's RMS value"),
    cl::cat(dlc::dlcRunOptions()));
static cl::opt<double>
    fdThreshold("fd-threshold", cl::init(5e-2),
                cl::desc("--fd-grads: largest relative error accepted"),
                cl::cat(dlc::dlcRunOptions()));

/// Why the command line is unusable, or "".
static std::string validateOptions() {
  if (fdSamples == 0)
    return "--fd-samples must be positive";
  if (!(fdStep > 0))
    return "--fd-step must be positive";
  if (!(fdThreshold > 0))
    return "--fd-threshold must be positive";
  if (caseTarget != "cpu" && caseTarget != "cuda")
    return "--target must be cpu or cuda";
  if (caseTarget == "cuda" && saveCompiled.empty())
    return "--target=cuda runs through dlc-run-compiled on the GPU machine: "
           "give --save-compiled DIR";
  if (!saveCompiled.empty() && (checkGrads || checkFdGrads))
    return "--save-compiled saves forward models only (no --grads)";
  return "";
}

int main(int argc, char **argv) {
  // compileModel applies the MLIR command-line options (--mlir-print-ir-*,
  // ...), which exist only once registered.
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  mlir::registerPassManagerCLOptions();
  // LLVM's and MLIR's own options still parse; --help lists dlc-run's.
  cl::HideUnrelatedOptions(dlc::dlcRunOptions());
  cl::ParseCommandLineOptions(argc, argv, "dlc conformance runner\n");
  if (std::string why = validateOptions(); !why.empty()) {
    llvm::errs() << "dlc-run: " << why << "\n";
    return 2;
  }
  dlc::RunOptions options;
  options.tolerance.rtol = relTolerance;
  options.tolerance.atol = absTolerance;
  options.timeoutSeconds = timeoutSeconds;
  options.verbose = verboseOutput;
  options.grads = checkGrads;
  options.fdGrads = checkFdGrads;
  options.fdSamples = fdSamples;
  options.fdStep = fdStep;
  options.fdThreshold = fdThreshold;
  options.saveDir = saveCompiled;
  options.cuda = caseTarget == "cuda";
  options.gpu = caseGpu;

  unsigned passed = 0, failed = 0, skipped = 0;
  for (const std::string &dir : caseDirs) {
    dlc::CaseResult result = dlc::runCaseIsolated(dir, options);
    llvm::outs() << result.line << "\n";
    llvm::outs().flush();
    switch (result.status) {
    case dlc::CaseStatus::Pass:
      ++passed;
      break;
    case dlc::CaseStatus::Fail:
      ++failed;
      break;
    case dlc::CaseStatus::Skip:
      ++skipped;
      break;
    }
  }
  llvm::outs() << passed << (options.saveDir.empty() ? " passed, " : " saved, ")
               << failed << " failed, " << skipped << " skipped\n";
  return failed ? 1 : 0;
}
