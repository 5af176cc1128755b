//===- Compiler.cpp - ONNX file to object file and C header ---------------===//
//
// The phases run in order, and the first one the caller asked to see ends
// the run: import, graph passes, linalg, bufferization and the arena plan,
// the LLVM dialect, LLVM IR (optimised), then machine code and the header.
//
//===----------------------------------------------------------------------===//
#include "compiler/Driver/Compiler.h"

#include "compiler/Codegen/NVPTX/NVPTXPipeline.h"
#include "compiler/Import/ONNX/ModelLoader.h"
#include "compiler/Import/ONNX/ONNXImporter.h"
#include "compiler/InitAll.h"
#include "compiler/Pipelines/Pipelines.h"
#include "compiler/Target/HeaderEmitter.h"
#include "compiler/Target/ObjectEmitter.h"
#include "compiler/Target/TrainingABI.h"
#include "compiler/Driver/ModelABI.h"
#include "compiler/Driver/TrainingModel.h"
#include "compiler/Transforms/MemoryPlanSvg.h"
#include "compiler/Transforms/MemoryPlanTable.h"
#include "compiler/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;

namespace {

/// Drops the dlc.* argument attributes of every function, which only
/// describe the ABI and which the LLVM translation does not know, and the
/// recorded memory plan, which only --emit=plan reads.
void stripABIAttributes(ModuleOp module) {
  for (auto func : module.getOps<func::FuncOp>())
    func->removeAttr(dlc::kMemoryPlanAttr);
  for (auto func : module.getOps<func::FuncOp>())
    for (unsigned i = 0; i < func.getNumArguments(); ++i)
      if (DictionaryAttr attrs = func.getArgAttrDict(i))
        for (NamedAttribute attr : llvm::to_vector(attrs))
          if (attr.getName().strref().starts_with("dlc."))
            func.removeArgAttr(i, attr.getName());
}

/// The largest arena any entry point of the planned module needs.
int64_t arenaBytes(ModuleOp module) {
  int64_t bytes = 0;
  for (auto func : module.getOps<func::FuncOp>())
    if (auto attr = func->getAttrOfType<IntegerAttr>(dlc::kArenaBytesAttr))
      bytes = std::max<int64_t>(bytes, attr.getInt());
  return bytes;
}

LogicalResult buildVJP(ModuleOp module, ArrayRef<std::string> wrt) {
  PassManager pm(module.getContext());
  dlc::BuildVJPOptions options;
  options.wrt.assign(wrt.begin(), wrt.end());
  pm.addPass(dlc::createBuildVJP(options));
  return pm.run(module);
}

/// With --sanitize=address: AddressSanitizer also enforces the arena plan
/// (dlc-poison-dead-buffers).
LogicalResult poisonDeadBuffers(ModuleOp module) {
  PassManager pm(module.getContext());
  pm.addPass(dlc::createPoisonDeadBuffers());
  return pm.run(module);
}

LogicalResult runPhases(ModuleOp module, dlc::Phase first, dlc::Phase last,
                        const dlc::CPUCodegenOptions &codegen = {}) {
  PassManager pm(module.getContext());
  for (int p = (int)first; p <= (int)last; ++p)
    dlc::buildCPUPhase(pm, (dlc::Phase)p, codegen);
  return pm.run(module);
}

/// The code generation options for the target CPU `options.cpu`.
FailureOr<dlc::CPUCodegenOptions>
codegenOptions(ModuleOp module, const dlc::CompileOptions &options) {
  std::string error;
  auto machine =
      dlc::createTargetMachine({options.cpu, options.optLevel}, error);
  if (failed(machine))
    return emitError(module.getLoc()) << error;
  dlc::CPUCodegenOptions codegen;
  codegen.optLevel = options.optLevel;
  codegen.vectorWidth = dlc::vectorWidth(**machine);
  codegen.threads = options.threads;
  codegen.gpuLoops = options.emulateGPULoops;
  return codegen;
}

/// Emits LLVM IR, assembly or the object, per `emit`.
LogicalResult emitNative(ModuleOp module, const dlc::CompileOptions &options,
                         dlc::EmitKind emit, dlc::CompiledModel &result,
                         llvm::raw_ostream &textOut) {
  std::string error;
  auto machine = dlc::createTargetMachine({options.cpu, options.optLevel}, error);
  if (failed(machine))
    return emitError(module.getLoc()) << error;
  llvm::LLVMContext llvmContext;
  auto llvmModule = dlc::translateToLLVMIR(module, llvmContext, **machine);
  if (failed(llvmModule))
    return failure();
  const dlc::ModelInfo &info = result.info;
  if (info.train.enabled) {
    if (failed(dlc::addTrainingABI(**llvmModule, info)))
      return emitError(module.getLoc()) << "cannot build the training ABI";
  } else if (llvm::Function *run = (*llvmModule)->getFunction(info.runSymbol())) {
    dlc::addPackedWrapper(**llvmModule, *run);
  }
  dlc::optimizeModule(**llvmModule, **machine, options.optLevel,
                      options.sanitizeAddress);
  if (emit == dlc::EmitKind::LLVM) {
    (*llvmModule)->print(textOut, nullptr);
    return success();
  }
  bool assembly = emit == dlc::EmitKind::Asm;
  std::string code;
  if (failed(dlc::emitMachineCode(**llvmModule, **machine, assembly, code)))
    return emitError(module.getLoc()) << "cannot emit machine code";
  if (assembly)
    textOut << code;
  else
    result.object = std::move(code);
  return success();
}

/// --target=cuda: the kernels' PTX (--emit=ptx), or the host code that
/// launches them (with the PTX inside) as LLVM IR, assembly or an object.
LogicalResult emitGPU(ModuleOp module, const dlc::CompileOptions &options,
                      dlc::EmitKind emit, dlc::CompiledModel &result,
                      llvm::raw_ostream &textOut) {
  PassManager pm(module.getContext());
  dlc::NVPTXCodegenOptions codegen;
  codegen.chip = options.gpu;
  codegen.optLevel = options.optLevel;
  dlc::buildNVPTXPipeline(pm, codegen);
  if (failed(pm.run(module)))
    return failure();
  if (emit == dlc::EmitKind::PTX) {
    FailureOr<std::string> ptx = dlc::extractPTX(module);
    if (failed(ptx))
      return failure();
    textOut << *ptx;
    return success();
  }
  PassManager host(module.getContext());
  dlc::buildNVPTXHostPipeline(host);
  if (failed(host.run(module)))
    return failure();
  return emitNative(module, options, emit, result, textOut);
}

} // namespace

FailureOr<dlc::CompiledModel>
dlc::compileModel(const CompileOptions &options, EmitKind emit,
                  MLIRContext &context, llvm::raw_ostream &textOut) {
  Location fileLoc = FileLineColLoc::get(&context, options.inputPath, 0, 0);
  onnx::ModelProto proto;
  std::string error;
  if (!readModel(options.inputPath, proto, error))
    return emitError(fileLoc) << error, failure();
  if (failed(checkSupportedOps(proto.graph(), options.inputPath, &context)))
    return failure();
  // --train saves the model as given (symbolic batch, shape inputs).
  onnx::ModelProto original;
  if (options.train.enabled)
    original = proto;
  if (!prepareModel(proto, {options.batch, options.bindings}, error))
    return emitError(fileLoc) << error, failure();
  auto module = importModel(proto, options.inputPath,
                            options.modelName + "_run", &context);
  if (failed(module))
    return failure();
  if (options.vjp && failed(buildVJP(**module, options.gradientsOf)))
    return failure();
  const TrainOptions &train = options.train;
  if (train.enabled && failed(addTrainStep(**module, train)))
    return failure();

  CompiledModel result;
  if (train.enabled) {
    result.info = describeModel(options);
    describeTraining(**module, train, result.info);
    result.info.baseModel = serializeBaseModel(original, result.info.train);
  } else {
    result.info = describeInference(
        (*module)->lookupSymbol<func::FuncOp>(options.modelName + "_run"),
        options);
  }
  auto printIR = [&] {
    (*module)->print(textOut);
    return result;
  };
  if (failed(runPhases(**module, Phase::Graph, Phase::Graph)))
    return failure();
  if (emit == EmitKind::DLC)
    return printIR();
  if (failed(runPhases(**module, Phase::Linalg, Phase::Linalg)))
    return failure();
  if (emit == EmitKind::Linalg)
    return printIR();
  if (failed(runPhases(**module, Phase::Bufferize, Phase::Bufferize)))
    return failure();
  result.info.arenaBytes = arenaBytes(**module);
  if (result.info.cuda && train.enabled) {
    // The step's float argument and result pass through device memory.
    result.info.deviceScalarsOffset =
        llvm::alignTo(result.info.arenaBytes, ModelInfo::kArenaAlign);
    result.info.arenaBytes =
        result.info.deviceScalarsOffset + ModelInfo::kArenaAlign;
  }
  result.header = emitHeader(result.info);
  if (emit == EmitKind::Plan) {
    if (failed(printMemoryPlans(**module, textOut)))
      return failure();
    return result;
  }
  if (emit == EmitKind::PlanSvg) {
    auto plans = readMemoryPlans(**module);
    if (failed(plans))
      return failure();
    drawMemoryPlans(*plans, textOut);
    return result;
  }
  if (emit == EmitKind::Header) {
    textOut << result.header;
    return result;
  }
  if (options.sanitizeAddress && failed(poisonDeadBuffers(**module)))
    return failure();
  stripABIAttributes(**module);
  if (options.target == Target::CUDA) {
    if (failed(emitGPU(**module, options, emit, result, textOut)))
      return failure();
    return result;
  }
  if (emit == EmitKind::PTX)
    return emitError(fileLoc) << "--emit=ptx needs --target=cuda", failure();
  FailureOr<CPUCodegenOptions> codegen = codegenOptions(**module, options);
  if (failed(codegen) ||
      failed(runPhases(**module, Phase::LLVM, Phase::LLVM, *codegen)) ||
      failed(emitNative(**module, options, emit, result, textOut)))
    return failure();
  return result;
}

std::unique_ptr<MLIRContext> dlc::createContext() {
  // The CPU phases name upstream passes textually: they must be registered.
  static const bool passesRegistered = (registerAllPasses(), true);
  (void)passesRegistered;
  DialectRegistry registry;
  registerAllDialects(registry);
  auto context = std::make_unique<MLIRContext>(registry);
  context->loadAllAvailableDialects();
  return context;
}
