//===- RuntimeDecls.cpp - declarations of functions the code calls --------===//
#include "compiler/Transforms/RuntimeDecls.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

using namespace mlir;

void dlc::declareExternalFunction(ModuleOp module, StringRef name,
                                  FunctionType type) {
  if (module.lookupSymbol(name))
    return;
  OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
  func::FuncOp::create(b, module.getLoc(), name, type).setPrivate();
}
