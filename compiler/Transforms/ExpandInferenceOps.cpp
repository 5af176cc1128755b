//===- ExpandInferenceOps.cpp - the dlc-expand-inference-ops pass ---------===//
#include "compiler/Transforms/ModeOps.h"
#include "compiler/Transforms/Passes.h"

namespace dlc {
#define GEN_PASS_DEF_EXPANDINFERENCEOPS
#include "compiler/Transforms/Passes.h.inc"
} // namespace dlc

namespace {

struct ExpandInferenceOpsPass
    : dlc::impl::ExpandInferenceOpsBase<ExpandInferenceOpsPass> {
  void runOnOperation() override { dlc::expandForInference(getOperation()); }
};

} // namespace
