//===- DLCDialect.cpp - dlc dialect registration --------------------------===//
#include "dialects/DLC/IR/DLCDialect.h"
#include "dialects/DLC/IR/DLCOps.h"

using namespace mlir;

#include "dialects/DLC/IR/DLCDialect.cpp.inc"

void dlc::DLCDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/DLC/IR/DLCOps.cpp.inc"
      >();
}

Operation *dlc::DLCDialect::materializeConstant(OpBuilder &builder,
                                                Attribute value, Type type,
                                                Location loc) {
  if (auto elements = dyn_cast<ElementsAttr>(value))
    if (elements.getType() == type)
      return builder.create<arith::ConstantOp>(loc, type, elements);
  return nullptr;
}
