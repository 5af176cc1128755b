//===- dlc-run.cpp - the ONNX backend-test conformance runner -------------===//
//
//   dlc-run [--rtol=R] [--atol=A] [--timeout=S] [--verbose] CASE_DIR...
//
// Compiles each case's model.onnx through the pipeline `dlc` uses, runs it
// on every test_data_set_N and prints one line per case (PASS, FAIL name:
// why, SKIP name: unsupported ...), then `N passed, M failed, K skipped`.
// Exits 1 when a case failed.
//
//===----------------------------------------------------------------------===//

#include "tools/dlc-run/CaseRunner.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

namespace cl = llvm::cl;

static cl::list<std::string> caseDirs(cl::Positional, cl::OneOrMore,
                                      cl::desc("CASE_DIR..."));
static cl::opt<double> relTolerance("rtol", cl::init(1e-3),
                            cl::desc("Relative tolerance for float outputs"));
static cl::opt<double> absTolerance("atol", cl::init(1e-5),
                            cl::desc("Absolute tolerance for float outputs"));
static cl::opt<unsigned> timeoutSeconds("timeout", cl::init(120),
                                 cl::desc("Seconds allowed per case"));
static cl::opt<bool> verboseOutput("verbose", cl::init(false),
                             cl::desc("Print diagnostics and per-output "
                                      "results to stderr"));

int main(int argc, char **argv) {
  // compileModel applies the MLIR command-line options (--mlir-print-ir-*,
  // ...), which exist only once registered.
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  mlir::registerPassManagerCLOptions();
  cl::ParseCommandLineOptions(argc, argv, "dlc conformance runner\n");
  dlc::RunOptions options;
  options.tolerance.rtol = relTolerance;
  options.tolerance.atol = absTolerance;
  options.timeoutSeconds = timeoutSeconds;
  options.verbose = verboseOutput;

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
  llvm::outs() << passed << " passed, " << failed << " failed, " << skipped
               << " skipped\n";
  return failed ? 1 : 0;
}
