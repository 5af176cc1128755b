//===- Passes.h - dlc NVPTX code generation passes --------------*- C++ -*-===//
#ifndef DLC_COMPILER_CODEGEN_NVPTX_PASSES_H
#define DLC_COMPILER_CODEGEN_NVPTX_PASSES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Pass/Pass.h"

namespace dlc {

#define GEN_PASS_DECL
#include "compiler/Codegen/NVPTX/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compiler/Codegen/NVPTX/Passes.h.inc"

} // namespace dlc

#endif // DLC_COMPILER_CODEGEN_NVPTX_PASSES_H
