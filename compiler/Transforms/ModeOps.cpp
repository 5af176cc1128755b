//===- ModeOps.cpp - expanding dlc.batch_norm and dlc.dropout -------------===//
//
// Training-mode batch norm (Ioffe & Szegedy 2015) over the axes A = all but
// 1, with n = prod of their extents:
//   mu = sum_A(x) / n,  c = x - mu,  s2 = sum_A(c * c) / n  (biased)
//   y = c * (scale / sqrt(s2 + eps)) + bias
//   running_mean' = momentum * running_mean + (1 - momentum) * mu
//   running_var'  = momentum * running_var + (1 - momentum) * s2 * n / (n - 1)
// The running variance takes the unbiased batch variance as PyTorch does (an
// ONNX model trained by dlc then carries the statistics a PyTorch-trained
// one would); ONNX's own training-mode reference uses the biased one.
//
//===----------------------------------------------------------------------===//
#include "compiler/Transforms/ModeOps.h"

#include "compiler/Transforms/Training/TensorMath.h"
#include "dialects/DLC/IR/DLCOps.h"

#include "llvm/ADT/DenseSet.h"

using namespace mlir;

namespace {

/// The [C] parameter `p` reshaped to [C, 1, ...] for an input of `rank`.
Value channelParam(dlc::TensorMath &m, Value p, int64_t rank) {
  int64_t c = cast<RankedTensorType>(p.getType()).getDimSize(0);
  SmallVector<int64_t> shape{c};
  shape.append(rank - 2, 1);
  return m.reshape(p, shape);
}

Value expandBatchNormInference(OpBuilder &b, dlc::BatchNormOp op) {
  dlc::TensorMath m(b, op.getLoc());
  int64_t rank = op.getInput().getType().getRank();
  Type elt = op.getInput().getType().getElementType();
  Value scale = channelParam(m, op.getScale(), rank);
  Value bias = channelParam(m, op.getBias(), rank);
  Value mean = channelParam(m, op.getMean(), rank);
  Value var = channelParam(m, op.getVar(), rank);
  Value eps = m.scalar(elt, op.getEpsilon().convertToDouble());
  Value invStd = m.div(scale, m.sqrt(m.add(var, eps)));
  return m.add(m.mul(m.sub(op.getInput(), mean), invStd), bias);
}

/// The batch statistics of one training-mode batch norm.
struct BatchStats {
  Value y, mean, var; ///< mean and var: [C], var biased
  int64_t count;
};

BatchStats expandBatchNormTraining(OpBuilder &b, dlc::BatchNormOp op) {
  dlc::TensorMath m(b, op.getLoc());
  Value x = op.getInput();
  auto type = op.getInput().getType();
  Type elt = type.getElementType();
  int64_t rank = type.getRank(), channels = type.getDimSize(1);
  SmallVector<int64_t> axes{0};
  int64_t count = type.getDimSize(0);
  for (int64_t d = 2; d < rank; ++d) {
    axes.push_back(d);
    count *= type.getDimSize(d);
  }
  Value n = m.scalar(elt, (double)count);
  Value mean = m.div(m.sum(x, axes, /*keepdims=*/true), n);
  Value centered = m.sub(x, mean);
  Value var = m.div(m.sum(m.mul(centered, centered), axes, true), n);
  Value scale = channelParam(m, op.getScale(), rank);
  Value bias = channelParam(m, op.getBias(), rank);
  Value eps = m.scalar(elt, op.getEpsilon().convertToDouble());
  Value invStd = m.div(scale, m.sqrt(m.add(var, eps)));
  // The normalised value has the input's shape: [1, C, 1...] broadcasts.
  Value y = m.add(m.mul(centered, invStd), bias);
  return {y, m.reshape(mean, {channels}), m.reshape(var, {channels}), count};
}

/// momentum * running + (1 - momentum) * batch.
Value movingAverage(dlc::TensorMath &m, float momentum, Value running,
                    Value batch) {
  Type elt = cast<RankedTensorType>(running.getType()).getElementType();
  return m.add(m.mul(m.scalar(elt, momentum), running),
               m.mul(m.scalar(elt, 1.0 - (double)momentum), batch));
}

LogicalResult
expandBatchNormForTraining(dlc::BatchNormOp op,
                           SmallVectorImpl<dlc::RunningUpdate> &updates,
                           llvm::DenseSet<Value> &updated) {
  OpBuilder b(op);
  BatchStats s = expandBatchNormTraining(b, op);
  if (s.count < 2)
    return op.emitOpError("trains with batch statistics and needs more than "
                          "one value per channel (batch and spatial size 1)");
  dlc::TensorMath m(b, op.getLoc());
  Type elt = op.getInput().getType().getElementType();
  float momentum = op.getMomentum().convertToFloat();
  auto track = [&](Value running, Value batch) -> LogicalResult {
    auto arg = dyn_cast<BlockArgument>(running);
    if (!arg)
      return success(); // a constant or computed statistic: nothing to keep
    if (!updated.insert(running).second)
      return op.emitOpError("shares a running statistic with another batch "
                            "norm; each needs its own");
    updates.push_back({arg, movingAverage(m, momentum, running, batch)});
    return success();
  };
  Value unbiased = m.mul(s.var, m.scalar(elt, (double)s.count / (s.count - 1)));
  if (failed(track(op.getMean(), s.mean)) ||
      failed(track(op.getVar(), unbiased)))
    return failure();
  op.replaceAllUsesWith(s.y);
  op.erase();
  return success();
}

/// The ratio of a dropout that trains; 0 when it has none (then it fails).
float trainingRatio(dlc::DropoutOp op) {
  auto ratio = op.getRatio();
  return ratio ? ratio->convertToFloat() : 0.0f;
}

LogicalResult expandDropoutForTraining(dlc::DropoutOp op, Value rng) {
  if (!op.getRatio())
    return op.emitOpError("needs a compile-time ratio to train (the model "
                          "gives it at run time)");
  if (trainingRatio(op) != 0.0f) {
    if (!rng)
      return op.emitOpError("needs the dropout generator state");
    OpBuilder b(op);
    Value mask =
        dlc::DropoutMaskOp::create(b, op.getLoc(), op.getType(), rng,
                                   op.getRatioAttr(), op.getStreamAttr());
    op.replaceAllUsesWith(
        dlc::MulOp::create(b, op.getLoc(), op.getType(), op.getInput(), mask)
            .getResult());
  } else {
    op.replaceAllUsesWith(op.getInput());
  }
  op.erase();
  return success();
}

} // namespace

void dlc::expandForInference(Operation *root) {
  SmallVector<Operation *> ops;
  root->walk([&](Operation *op) {
    if (isa<BatchNormOp, DropoutOp>(op))
      ops.push_back(op);
  });
  for (Operation *op : ops) {
    if (auto bn = dyn_cast<BatchNormOp>(op)) {
      OpBuilder b(bn);
      bn.replaceAllUsesWith(expandBatchNormInference(b, bn));
    } else {
      op->replaceAllUsesWith(ValueRange{cast<DropoutOp>(op).getInput()});
    }
    op->erase();
  }
}

bool dlc::hasDropout(Operation *root) {
  bool found = false;
  root->walk([&](DropoutOp op) { found |= trainingRatio(op) != 0.0f; });
  return found;
}

FailureOr<SmallVector<dlc::RunningUpdate>>
dlc::expandForTraining(func::FuncOp func, Value rng) {
  SmallVector<Operation *> ops;
  func.walk([&](Operation *op) {
    if (isa<BatchNormOp, DropoutOp>(op))
      ops.push_back(op);
  });
  SmallVector<RunningUpdate> updates;
  llvm::DenseSet<Value> updated;
  for (Operation *op : ops) {
    if (auto bn = dyn_cast<BatchNormOp>(op)) {
      if (failed(expandBatchNormForTraining(bn, updates, updated)))
        return failure();
      continue;
    }
    if (failed(expandDropoutForTraining(cast<DropoutOp>(op), rng)))
      return failure();
  }
  return updates;
}

StringRef dlc::batchNormInit(Value v) {
  for (OpOperand &use : v.getUses()) {
    if (!isa<BatchNormOp>(use.getOwner()))
      continue;
    switch (use.getOperandNumber()) {
    case 1: // scale
    case 4: // var
      return "ones";
    case 2: // bias
    case 3: // mean
      return "zeros";
    }
  }
  return {};
}

bool dlc::isRunningStatistic(Value v) {
  return !v.use_empty() && llvm::all_of(v.getUses(), [](OpOperand &use) {
    return isa<BatchNormOp>(use.getOwner()) && use.getOperandNumber() >= 3;
  });
}
