//===- JitFunction.cpp - run one MLIR function through dlc's CPU path -----===//

#include "test/unit/Conversion/JitFunction.h"

#include "compiler/InitAll.h"
#include "compiler/Pipelines/Pipelines.h"
#include "compiler/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

using namespace mlir;

namespace {

llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

LogicalResult runPhases(ModuleOp module, dlc::Phase first, dlc::Phase last) {
  PassManager pm(module.getContext());
  for (int p = (int)first; p <= (int)last; ++p)
    dlc::buildCPUPhase(pm, (dlc::Phase)p);
  return pm.run(module);
}

} // namespace

std::string dlc::test::tensorType(llvm::ArrayRef<int64_t> shape,
                                  llvm::StringRef elem) {
  std::string s = "tensor<";
  for (int64_t d : shape)
    s += std::to_string(d) + "x";
  return s + elem.str() + ">";
}

std::string dlc::test::i64Array(llvm::ArrayRef<int64_t> values) {
  std::string s = "array<i64";
  for (size_t i = 0; i < values.size(); ++i)
    s += (i ? ", " : ": ") + std::to_string(values[i]);
  return s + ">";
}

int64_t dlc::test::numElements(llvm::ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

dlc::test::JitFunction::~JitFunction() = default;

llvm::Expected<std::unique_ptr<dlc::test::JitFunction>>
dlc::test::JitFunction::compile(llvm::StringRef source) {
  static const bool initialized = [] {
    dlc::registerAllPasses();
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    return true;
  }();
  (void)initialized;

  std::unique_ptr<JitFunction> fn(new JitFunction());
  DialectRegistry registry;
  dlc::registerAllDialects(registry);
  fn->context = std::make_unique<MLIRContext>(registry);
  fn->context->loadAllAvailableDialects();
  std::string diagnostics;
  llvm::raw_string_ostream os(diagnostics);
  ScopedDiagnosticHandler handler(fn->context.get(), [&](Diagnostic &diag) {
    os << diag << "\n";
    return success();
  });

  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(source, fn->context.get());
  if (!module)
    return makeError("cannot parse:\n" + diagnostics);
  auto func = module->lookupSymbol<func::FuncOp>("f");
  if (!func)
    return makeError("no func.func @f");
  fn->numInputs = func.getNumArguments();
  fn->numOutputs = func.getNumResults();

  if (failed(runPhases(*module, dlc::Phase::Graph, dlc::Phase::Bufferize)))
    return makeError("pipeline failed:\n" + diagnostics);
  func = module->lookupSymbol<func::FuncOp>("f");
  auto arenaBytes = func->getAttrOfType<IntegerAttr>(dlc::kArenaBytesAttr);
  if (!arenaBytes)
    return makeError("no arena plan on @f");
  fn->arena.assign(arenaBytes.getInt() + 64, 0);
  // As the driver does: the LLVM translation does not know dlc.* attributes.
  for (unsigned i = 0; i < func.getNumArguments(); ++i)
    func.removeArgAttr(i, dlc::kArenaArgAttr);
  if (failed(runPhases(*module, dlc::Phase::LLVM, dlc::Phase::LLVM)))
    return makeError("LLVM lowering failed:\n" + diagnostics);

  ExecutionEngineOptions options;
  auto transformer = makeOptimizingTransformer(/*optLevel=*/2,
                                               /*sizeLevel=*/0, nullptr);
  options.transformer = transformer;
  // The parallel loops call LLVM's OpenMP runtime.
  llvm::StringRef runtime[] = {DLC_OMP_LIBRARY};
  options.sharedLibPaths = runtime;
  auto engine = ExecutionEngine::create(*module, options);
  if (!engine)
    return engine.takeError();
  fn->engine = std::move(*engine);
  return fn;
}

llvm::Error dlc::test::JitFunction::call(llvm::ArrayRef<const void *> inputs,
                                         llvm::ArrayRef<void *> outputs) {
  if (inputs.size() != numInputs || outputs.size() != numOutputs)
    return makeError("wrong number of buffers for @f");
  // Bare-pointer calling convention: every argument is one pointer; the
  // packed wrapper takes a pointer to each.
  std::vector<void *> pointers;
  for (const void *p : inputs)
    pointers.push_back(const_cast<void *>(p));
  for (void *p : outputs)
    pointers.push_back(p);
  auto address = reinterpret_cast<uintptr_t>(arena.data());
  pointers.push_back(reinterpret_cast<void *>((address + 63) & ~uintptr_t(63)));
  std::vector<void *> args;
  for (void *&p : pointers)
    args.push_back(&p);
  return engine->invokePacked("f", args);
}

std::unique_ptr<dlc::test::JitFunction>
dlc::test::compileOrFail(const std::string &source) {
  auto fn = JitFunction::compile(source);
  if (!fn) {
    ADD_FAILURE() << llvm::toString(fn.takeError()) << "\nsource:\n" << source;
    return nullptr;
  }
  return std::move(*fn);
}

void dlc::test::callOrFail(JitFunction &fn, llvm::ArrayRef<const void *> inputs,
                           llvm::ArrayRef<void *> outputs) {
  if (llvm::Error err = fn.call(inputs, outputs))
    ADD_FAILURE() << llvm::toString(std::move(err));
}
