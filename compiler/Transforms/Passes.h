//===- Passes.h - dlc transformation passes ---------------------*- C++ -*-===//
#ifndef DLC_COMPILER_TRANSFORMS_PASSES_H
#define DLC_COMPILER_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace dlc {

#define GEN_PASS_DECL
#include "compiler/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compiler/Transforms/Passes.h.inc"

} // namespace dlc

#endif // DLC_COMPILER_TRANSFORMS_PASSES_H
