//===- Compiler.h - the compile API shared by dlc and dlc-run ---*- C++ -*-===//
//
// One entry point takes an ONNX file through import, the graph passes, the
// target pipeline and LLVM to an object file and its C header. The `dlc`
// driver and the `dlc-run` conformance runner both call it, so conformance
// tests exercise exactly what users get.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_DRIVER_COMPILER_H
#define DLC_COMPILER_DRIVER_COMPILER_H

#include "compiler/Target/ModelInfo.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace dlc {

/// The stage at which compilation stops (the driver's --emit=).
enum class EmitKind { DLC, Linalg, Plan, PlanSvg, LLVM, Asm, PTX, Obj, Header };

/// What the code runs on (the driver's --target=).
enum class Target { CPU, CUDA };

/// What --train compiles: the loss, the optimizer and its hyper-parameters
/// (see the dlc-build-train-step pass).
struct TrainOptions {
  bool enabled = false;
  std::string loss = "softmax-cross-entropy";
  /// The graph output the loss reads; empty: the first.
  std::string lossOutput;
  std::string optimizer = "sgd";
  /// The learning rate the header suggests (<M>_DEFAULT_LR); the step takes
  /// the rate as an argument so the app can schedule it.
  double lr = 0.01;
  double momentum = 0.0;
  bool nesterov = false;
  double beta1 = 0.9, beta2 = 0.999, rho = 0.9, epsilon = 1e-8;
  double weightDecay = 0.0, l1 = 0.0;
  /// Initializers to train (empty: every float one) and to keep constant.
  std::vector<std::string> trainable, frozen;
};

struct CompileOptions {
  std::string inputPath;
  /// C identifier prefix of every generated symbol (`<name>_run`, ...).
  std::string modelName;
  /// Binds a symbolic leading (batch) dimension of the inputs; -1: none given.
  int64_t batch = -1;
  /// Inputs that only decide shapes, folded in as constants: name -> .pb file
  /// holding a serialized onnx.TensorProto.
  std::map<std::string, std::string> bindings;
  unsigned optLevel = 3;
  /// LLVM CPU name; empty means the host CPU.
  std::string cpu;
  Target target = Target::CPU;
  /// Test mode for the CPU target: see CPUCodegenOptions::gpuLoops.
  bool emulateGPULoops = false;
  /// With Target::CUDA: the GPU architecture (sm_XX).
  std::string gpu = "sm_80";
  /// Run the outer loops on OpenMP threads (then the program links LLVM's
  /// libomp); false: single-threaded code that needs only libc.
  bool threads = true;
  /// Instrument the generated code with LLVM's AddressSanitizer (the
  /// program must link with -fsanitize=address), which then also reports
  /// any access to an arena buffer outside its planned live range.
  bool sanitizeAddress = false;
  /// Compile the vector-Jacobian product instead of inference: the entry
  /// point takes the inputs and then `cotangent_0` (output 0's type) and
  /// returns d sum(cotangent_0 * output_0) / d w for each float initializer
  /// w named in `gradientsOf` (every one when empty), in initializer order.
  bool vjp = false;
  std::vector<std::string> gradientsOf;
  /// Compile a training object: `<m>_run` and `<m>_train_step` over
  /// caller-owned parameter and optimizer-state buffers.
  TrainOptions train;
};

struct CompiledModel {
  ModelInfo info;
  std::string object; ///< ELF relocatable object (PIC)
  std::string header; ///< the C header
};

/// Runs the whole pipeline up to `emit`. For the textual stages (DLC, Linalg,
/// LLVM, Asm, Header) the text is written to `textOut`; for Obj the result
/// holds object and header. Errors are reported through the context's
/// diagnostic handler (see installDiagnosticPrinter) and yield failure.
mlir::FailureOr<CompiledModel> compileModel(const CompileOptions &options,
                                            EmitKind emit,
                                            mlir::MLIRContext &context,
                                            llvm::raw_ostream &textOut);

/// Creates a context with every dialect and pass dlc uses registered.
std::unique_ptr<mlir::MLIRContext> createContext();

/// Prints diagnostics as `error: <file>: node '<name>' (<Op>): <message>`,
/// the form every dlc tool uses.
void installDiagnosticPrinter(mlir::MLIRContext &context,
                              llvm::raw_ostream &os = llvm::errs());

/// Writes each (path, contents) pair through a temporary file in the same
/// folder and renames them only when all are written, so a failure never
/// leaves a partial file behind. On failure `error` names the path.
mlir::LogicalResult
writeFilesAtomically(llvm::ArrayRef<std::pair<std::string, std::string>> files,
                     std::string &error);

/// Turns a file stem or ONNX name into a C identifier.
std::string sanitizeIdentifier(llvm::StringRef name);

} // namespace dlc

#endif // DLC_COMPILER_DRIVER_COMPILER_H
