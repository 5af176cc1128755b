//===- OpaqueEmptyArguments.cpp - empty buffers as opaque pointers --------===//
#include "compiler/Codegen/CPU/Passes.h"

namespace dlc {
#define GEN_PASS_DEF_OPAQUEEMPTYARGUMENTS
#include "compiler/Codegen/CPU/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

bool isEmptyBuffer(Type type) {
  auto memref = dyn_cast<MemRefType>(type);
  return memref && memref.hasStaticShape() && memref.getNumElements() == 0;
}

struct OpaqueEmptyArguments
    : dlc::impl::OpaqueEmptyArgumentsBase<OpaqueEmptyArguments> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isDeclaration())
      return;
    SmallVector<Type> inputs(func.getArgumentTypes());
    auto opaque = MemRefType::get({1}, IntegerType::get(&getContext(), 8));
    for (BlockArgument arg : func.getArguments()) {
      if (!isEmptyBuffer(arg.getType()))
        continue;
      if (!arg.use_empty()) {
        func.emitError("argument ")
            << arg.getArgNumber() << " has no elements but is still used";
        return signalPassFailure();
      }
      arg.setType(opaque);
      inputs[arg.getArgNumber()] = opaque;
    }
    func.setType(FunctionType::get(&getContext(), inputs,
                                   func.getResultTypes()));
  }
};

} // namespace
