//===- ObjectEmitter.cpp - LLVM dialect to a native object file -----------===//
#include "compiler/Target/ObjectEmitter.h"

#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/TargetParser/SubtargetFeature.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/Instrumentation/AddressSanitizer.h"
#include "llvm/TargetParser/Host.h"

using namespace mlir;

namespace {

void initializeNativeTarget() {
  static bool done = [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    llvm::InitializeNativeTargetAsmParser();
    return true;
  }();
  (void)done;
}

std::string hostFeatures() {
  llvm::SubtargetFeatures features;
  for (const auto &feature : llvm::sys::getHostCPUFeatures())
    features.AddFeature(feature.getKey(), feature.getValue());
  return features.getString();
}

llvm::CodeGenOptLevel codeGenLevel(unsigned optLevel) {
  switch (optLevel) {
  case 0:
    return llvm::CodeGenOptLevel::None;
  case 1:
    return llvm::CodeGenOptLevel::Less;
  case 2:
    return llvm::CodeGenOptLevel::Default;
  default:
    return llvm::CodeGenOptLevel::Aggressive;
  }
}

} // namespace

void dlc::addPackedWrapper(llvm::Module &module, llvm::Function &f) {
  llvm::LLVMContext &ctx = module.getContext();
  auto *ptrTy = llvm::PointerType::getUnqual(ctx);
  auto *type = llvm::FunctionType::get(llvm::Type::getVoidTy(ctx), {ptrTy},
                                       /*isVarArg=*/false);
  auto *wrapper = llvm::Function::Create(type, llvm::Function::ExternalLinkage,
                                         f.getName() + "_packed", module);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", wrapper));
  llvm::SmallVector<llvm::Value *> args;
  for (unsigned i = 0; i < f.arg_size(); ++i) {
    llvm::Value *slot =
        b.CreateConstInBoundsGEP1_64(ptrTy, wrapper->getArg(0), i);
    args.push_back(b.CreateLoad(ptrTy, slot));
  }
  b.CreateCall(&f, args);
  b.CreateRetVoid();
}

void dlc::optimizeModule(llvm::Module &module, llvm::TargetMachine &machine,
                         unsigned optLevel, bool sanitizeAddress) {
  for (llvm::Function &f : module) {
    if (f.isDeclaration())
      continue;
    f.addFnAttr("target-cpu", machine.getTargetCPU());
    if (!machine.getTargetFeatureString().empty())
      f.addFnAttr("target-features", machine.getTargetFeatureString());
    if (sanitizeAddress)
      f.addFnAttr(llvm::Attribute::SanitizeAddress);
  }
  if (optLevel == 0 && !sanitizeAddress)
    return;
  splitLargeFunctions(module);
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder builder(&machine);
  builder.registerModuleAnalyses(mam);
  builder.registerCGSCCAnalyses(cgam);
  builder.registerFunctionAnalyses(fam);
  builder.registerLoopAnalyses(lam);
  builder.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::OptimizationLevel level = optLevel == 1   ? llvm::OptimizationLevel::O1
                                  : optLevel == 2 ? llvm::OptimizationLevel::O2
                                                  : llvm::OptimizationLevel::O3;
  if (optLevel > 0)
    builder.buildPerModuleDefaultPipeline(level).run(module, mam);
  // Like clang -fsanitize=address: instrument the optimised code, last.
  if (sanitizeAddress) {
    llvm::ModulePassManager asan;
    asan.addPass(llvm::AddressSanitizerPass(llvm::AddressSanitizerOptions()));
    asan.run(module, mam);
  }
}

unsigned dlc::vectorWidth(const llvm::TargetMachine &machine) {
  const llvm::MCSubtargetInfo *info = machine.getMCSubtargetInfo();
  if (info->checkFeatures("+avx512f"))
    return 16;
  if (info->checkFeatures("+avx"))
    return 8;
  return 4;
}

FailureOr<std::unique_ptr<llvm::TargetMachine>>
dlc::createTargetMachine(const TargetOptions &options, std::string &error) {
  initializeNativeTarget();
  llvm::Triple triple(llvm::sys::getDefaultTargetTriple());
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return failure();
  bool host = options.cpu.empty() || options.cpu == "native";
  std::string cpu = host ? llvm::sys::getHostCPUName().str() : options.cpu;
  std::string features = host ? hostFeatures() : "";
  std::unique_ptr<llvm::MCSubtargetInfo> subtarget(
      target->createMCSubtargetInfo(triple, cpu, ""));
  if (!host && !subtarget->isCPUStringValid(cpu)) {
    error = "unknown CPU '" + cpu + "' for " + triple.str();
    return failure();
  }
  llvm::TargetOptions targetOptions;
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, cpu, features, targetOptions, llvm::Reloc::PIC_, std::nullopt,
      codeGenLevel(options.optLevel)));
  if (!machine) {
    error = "cannot create a target machine for " + triple.str();
    return failure();
  }
  return machine;
}

FailureOr<std::unique_ptr<llvm::Module>>
dlc::translateToLLVMIR(ModuleOp module, llvm::LLVMContext &llvmContext,
                       llvm::TargetMachine &machine) {
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, llvmContext);
  if (!llvmModule)
    return emitError(module.getLoc(), "cannot translate to LLVM IR"),
           failure();
  llvmModule->setTargetTriple(machine.getTargetTriple());
  llvmModule->setDataLayout(machine.createDataLayout());
  return llvmModule;
}

LogicalResult dlc::emitMachineCode(llvm::Module &module,
                                   llvm::TargetMachine &machine, bool assembly,
                                   std::string &out) {
  llvm::SmallVector<char, 0> buffer;
  llvm::raw_svector_ostream os(buffer);
  llvm::legacy::PassManager passes;
  auto kind = assembly ? llvm::CodeGenFileType::AssemblyFile
                       : llvm::CodeGenFileType::ObjectFile;
  if (machine.addPassesToEmitFile(passes, os, nullptr, kind))
    return failure();
  passes.run(module);
  out.assign(buffer.begin(), buffer.end());
  return success();
}
