//===- Optimizers.cpp - optimizer updates, as dlc IR ----------------------===//
//
// The update rules follow PyTorch's documented algorithms (torch.optim SGD,
// Adagrad, RMSprop, Adam, AdamW, v1.13), with g the gradient after the
// regularisers g += weight_decay * w (not for AdamW) and g += l1 * sign(w):
//   SGD       v = mu v + g;  w -= lr (nesterov ? g + mu v : v)   (mu = 0: w -= lr g)
//   Adagrad   s += g^2;      w -= lr g / (sqrt(s) + eps)
//   RMSprop   s = rho s + (1 - rho) g^2;  u = g / (sqrt(s) + eps)
//             (momentum: v = mu v + u; u = v);  w -= lr u
//   Adam      m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
//             w -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
//   AdamW     w -= lr wd w first, then the Adam step.
//
//===----------------------------------------------------------------------===//
#include "compiler/Transforms/Training/Optimizers.h"

#include "compiler/Transforms/Training/TensorMath.h"

#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using dlc::OptimizerConfig;
using dlc::OptimizerKind;

std::optional<OptimizerKind> dlc::parseOptimizerKind(StringRef name) {
  return llvm::StringSwitch<std::optional<OptimizerKind>>(name)
      .Case("sgd", OptimizerKind::SGD)
      .Case("adagrad", OptimizerKind::Adagrad)
      .Case("rmsprop", OptimizerKind::RMSprop)
      .Case("adam", OptimizerKind::Adam)
      .Case("adamw", OptimizerKind::AdamW)
      .Default(std::nullopt);
}

SmallVector<std::string>
dlc::perParameterState(const OptimizerConfig &config) {
  switch (config.kind) {
  case OptimizerKind::SGD:
    return config.momentum != 0.0 ? SmallVector<std::string>{"momentum"}
                                  : SmallVector<std::string>{};
  case OptimizerKind::Adagrad:
    return {"sum_sq"};
  case OptimizerKind::RMSprop:
    return config.momentum != 0.0
               ? SmallVector<std::string>{"square_avg", "momentum"}
               : SmallVector<std::string>{"square_avg"};
  case OptimizerKind::Adam:
  case OptimizerKind::AdamW:
    return {"exp_avg", "exp_avg_sq"};
  }
  return {};
}

bool dlc::needsStepCount(const OptimizerConfig &config) {
  return config.kind == OptimizerKind::Adam ||
         config.kind == OptimizerKind::AdamW;
}

namespace {

/// g + wd * w + l1 * sign(w); sign(w) as w / (|w| + tiny), which is +-1 for
/// every normal w and 0 at 0.
Value regularise(dlc::TensorMath &m, const OptimizerConfig &c, Value w,
                 Value g) {
  Type elt = cast<RankedTensorType>(w.getType()).getElementType();
  if (c.weightDecay != 0.0 && c.kind != OptimizerKind::AdamW)
    g = m.add(g, m.mul(m.scalar(elt, c.weightDecay), w));
  if (c.l1 != 0.0) {
    Value sign = m.div(w, m.add(m.abs(w), m.scalar(elt, 1e-30)));
    g = m.add(g, m.mul(m.scalar(elt, c.l1), sign));
  }
  return g;
}

/// x^t for a rank-0 step count t: exp(t log x).
Value powStep(dlc::TensorMath &m, Type elt, double x, Value step) {
  return m.exp(m.mul(step, m.scalar(elt, std::log(x))));
}

} // namespace

Value dlc::buildUpdate(OpBuilder &b, Location loc, const OptimizerConfig &c,
                       Value lr, Value step, Value w, Value g, ValueRange state,
                       SmallVectorImpl<Value> &newState) {
  TensorMath m(b, loc);
  Type elt = cast<RankedTensorType>(w.getType()).getElementType();
  auto k = [&](double v) { return m.scalar(elt, v); };
  g = regularise(m, c, w, g);
  switch (c.kind) {
  case OptimizerKind::SGD: {
    if (c.momentum == 0.0)
      return m.sub(w, m.mul(lr, g));
    Value v = m.add(m.mul(k(c.momentum), state[0]), g);
    newState.push_back(v);
    Value dir = c.nesterov ? m.add(g, m.mul(k(c.momentum), v)) : v;
    return m.sub(w, m.mul(lr, dir));
  }
  case OptimizerKind::Adagrad: {
    Value s = m.add(state[0], m.mul(g, g));
    newState.push_back(s);
    return m.sub(w, m.mul(lr, m.div(g, m.add(m.sqrt(s), k(c.epsilon)))));
  }
  case OptimizerKind::RMSprop: {
    Value s = m.add(m.mul(k(c.rho), state[0]), m.mul(k(1.0 - c.rho), m.mul(g, g)));
    newState.push_back(s);
    Value u = m.div(g, m.add(m.sqrt(s), k(c.epsilon)));
    if (c.momentum != 0.0) {
      u = m.add(m.mul(k(c.momentum), state[1]), u);
      newState.push_back(u);
    }
    return m.sub(w, m.mul(lr, u));
  }
  case OptimizerKind::Adam:
  case OptimizerKind::AdamW: {
    if (c.kind == OptimizerKind::AdamW && c.weightDecay != 0.0)
      w = m.sub(w, m.mul(m.mul(lr, k(c.weightDecay)), w));
    Value mom = m.add(m.mul(k(c.beta1), state[0]), m.mul(k(1.0 - c.beta1), g));
    Value vel = m.add(m.mul(k(c.beta2), state[1]),
                      m.mul(k(1.0 - c.beta2), m.mul(g, g)));
    newState.push_back(mom);
    newState.push_back(vel);
    Value mHat = m.div(mom, m.sub(k(1.0), powStep(m, elt, c.beta1, step)));
    Value vHat = m.div(vel, m.sub(k(1.0), powStep(m, elt, c.beta2, step)));
    return m.sub(w, m.mul(lr, m.div(mHat, m.add(m.sqrt(vHat), k(c.epsilon)))));
  }
  }
  return w;
}
