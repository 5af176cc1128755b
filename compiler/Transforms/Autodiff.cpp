//===- Autodiff.cpp - reverse-mode differentiation of dlc IR --------------===//
#include "compiler/Transforms/Autodiff.h"

#include "dialects/DLC/IR/DLCOps.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetVector.h"

using namespace mlir;

Value dlc::createZeros(OpBuilder &b, Location loc, RankedTensorType type) {
  Attribute zero = b.getZeroAttr(type.getElementType());
  return arith::ConstantOp::create(b, loc, type,
                                   DenseElementsAttr::get(type, zero));
}

namespace {

/// Ops whose results depend on some `wrt` value (forward reachability).
llvm::SmallPtrSet<Operation *, 32> dependOnWrt(ArrayRef<Value> wrt) {
  llvm::SmallPtrSet<Operation *, 32> reached;
  SmallVector<Value> worklist(wrt.begin(), wrt.end());
  while (!worklist.empty()) {
    Value v = worklist.pop_back_val();
    for (Operation *user : v.getUsers())
      if (reached.insert(user).second)
        llvm::append_range(worklist, user->getResults());
  }
  return reached;
}

/// Ops that some seed depends on (backward reachability).
llvm::SmallPtrSet<Operation *, 32>
seedsDependOn(ArrayRef<std::pair<Value, Value>> seeds) {
  llvm::SmallPtrSet<Operation *, 32> reached;
  SmallVector<Value> worklist;
  for (auto &seed : seeds)
    worklist.push_back(seed.first);
  while (!worklist.empty()) {
    Operation *def = worklist.pop_back_val().getDefiningOp();
    if (def && reached.insert(def).second)
      llvm::append_range(worklist, def->getOperands());
  }
  return reached;
}

/// Adds `grad` into the gradient accumulated for `value`.
void accumulate(OpBuilder &b, llvm::DenseMap<Value, Value> &grads, Value value,
                Value grad) {
  Value &slot = grads[value];
  if (!slot) {
    slot = grad;
    return;
  }
  slot = dlc::AddOp::create(b, grad.getLoc(), value.getType(), slot, grad);
}

} // namespace

FailureOr<SmallVector<Value>>
dlc::buildReverseSweep(OpBuilder &b, ArrayRef<std::pair<Value, Value>> seeds,
                       ArrayRef<Value> wrt) {
  if (seeds.empty())
    return failure();
  Value firstSeed = seeds.front().first;
  Block *block = firstSeed.getParentBlock();
  llvm::SmallPtrSet<Operation *, 32> forward = dependOnWrt(wrt);
  llvm::SmallPtrSet<Operation *, 32> backward = seedsDependOn(seeds);
  llvm::DenseSet<Value> wrtSet(wrt.begin(), wrt.end());
  auto needsGradient = [&](Value v) {
    if (wrtSet.contains(v))
      return true;
    Operation *def = v.getDefiningOp();
    return def && forward.contains(def);
  };

  OpBuilder::InsertionGuard guard(b);
  if (block->mightHaveTerminator())
    b.setInsertionPoint(block->getTerminator());
  else // a block still being built, as by the ONNX importer
    b.setInsertionPointToEnd(block);
  llvm::DenseMap<Value, Value> grads;
  for (auto [value, grad] : seeds)
    accumulate(b, grads, value, grad);

  for (Operation &op : llvm::reverse(*block)) {
    if (!forward.contains(&op) || !backward.contains(&op))
      continue;
    SmallVector<Value> resultGrads;
    bool any = false;
    for (Value r : op.getResults()) {
      resultGrads.push_back(grads.lookup(r));
      any |= (bool)resultGrads.back();
    }
    if (!any)
      continue;
    auto rule = dyn_cast<GradientOpInterface>(&op);
    if (!rule)
      return op.emitError("no gradient rule for '")
             << op.getName() << "', which the loss depends on";
    SmallVector<Value> operandGrads;
    if (failed(rule.buildGradient(b, resultGrads, operandGrads)))
      return failure();
    if (operandGrads.size() != op.getNumOperands())
      return op.emitError("gradient rule returned ")
             << operandGrads.size() << " gradients for "
             << op.getNumOperands() << " operands";
    for (auto [operand, grad] : llvm::zip(op.getOperands(), operandGrads)) {
      if (!grad || !needsGradient(operand))
        continue;
      if (grad.getType() != operand.getType())
        return op.emitError("gradient rule gave ")
               << grad.getType() << " for an operand of type "
               << operand.getType();
      accumulate(b, grads, operand, grad);
    }
  }

  SmallVector<Value> result;
  for (Value w : wrt) {
    Value g = grads.lookup(w);
    result.push_back(g ? g
                       : createZeros(b, w.getLoc(),
                                     cast<RankedTensorType>(w.getType())));
  }
  return result;
}
