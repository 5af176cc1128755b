//===- Passes.h - dlc transformation passes ---------------------*- C++ -*-===//
#ifndef DLC_COMPILER_TRANSFORMS_PASSES_H
#define DLC_COMPILER_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace dlc {

/// Attribute names of the memory plan.
constexpr const char *kArenaBytesAttr = "dlc.arena_bytes";
constexpr const char *kArenaArgAttr = "dlc.arena";
/// Per function, one dictionary per planned value (see dlc-plan-memory).
constexpr const char *kMemoryPlanAttr = "dlc.memory_plan";
/// Every buffer offset in the arena is a multiple of this.
constexpr int64_t kArenaAlignment = 64;

/// Attribute names of the training ABI (see dlc-build-train-step).
constexpr const char *kRoleAttr = "dlc.role";
constexpr const char *kInitAttr = "dlc.init";
constexpr const char *kFanInAttr = "dlc.fan_in";
constexpr const char *kFanOutAttr = "dlc.fan_out";

#define GEN_PASS_DECL
#include "compiler/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compiler/Transforms/Passes.h.inc"

} // namespace dlc

#endif // DLC_COMPILER_TRANSFORMS_PASSES_H
