//===- Optimizers.cpp - optimizer updates, as dlc IR ----------------------===//
//
// The update rules follow PyTorch's documented algorithms (torch.optim SGD,
// Adagrad, RMSprop, Adam, AdamW, v1.13), with g the gradient after the
// regularisers g += weight_decay * w (not for AdamW) and g += l1 * sign(w),
// and t the 1-based step:
//   SGD       v = mu v + (t > 1 ? 1 - dampening : 1) g
//             w -= lr (nesterov ? g + mu v : v)       (no momentum: w -= lr g)
//   Adagrad   s += g^2;  w -= lr / (1 + (t - 1) lr_decay) * g / (sqrt(s) + eps)
//   RMSprop   s = rho s + (1 - rho) g^2;  u = g / (sqrt(s) + eps)
//             (momentum: v = mu v + u; u = v);  w -= lr u
//   Adam      m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
//             w -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
//             (adamCorrectsRate: w -= lr sqrt(1 - b2^t) / (1 - b1^t) *
//              m / (sqrt(v) + eps), uncorrected while t <= 0)
//   AdamW     w -= lr wd w first, then the Adam step.
// and last w *= 1 - postDecay. With ONNX's names (ai.onnx.preview.training)
// Momentum is SGD with mu = alpha, dampening = 1 - beta, t = T + 1; Adagrad
// has lr_decay = decay_factor, t = T + 1; Adam has b1 = alpha, b2 = beta,
// adamCorrectsRate, t = T; norm_coefficient is weight_decay and
// norm_coefficient_post is postDecay.
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
  switch (config.kind) {
  case OptimizerKind::SGD:
    return config.momentum != 0.0 && config.dampening != 0.0;
  case OptimizerKind::Adagrad:
    return config.lrDecay != 0.0;
  case OptimizerKind::RMSprop:
    return false;
  case OptimizerKind::Adam:
  case OptimizerKind::AdamW:
    return true;
  }
  return false;
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

/// The parameter, gradient and state of one update, with its builders.
struct Update {
  dlc::TensorMath &m;
  const OptimizerConfig &c;
  Type elt;
  Value lr, step, w, g;
  ValueRange state;
  SmallVectorImpl<Value> &newState;

  Value k(double v) { return m.scalar(elt, v); }
  Value sgd();
  Value adagrad();
  Value rmsprop();
  Value adam();
  Value adamRate();
};

Value Update::sgd() {
  if (state.empty())
    return m.sub(w, m.mul(lr, g));
  Value scaled = g;
  if (c.dampening != 0.0) // the first step takes g whole
    scaled = m.mul(
        m.select(m.greaterMask(step, k(1.0)), k(1.0 - c.dampening), k(1.0)), g);
  Value v = m.add(m.mul(k(c.momentum), state[0]), scaled);
  newState.push_back(v);
  Value dir = c.nesterov ? m.add(g, m.mul(k(c.momentum), v)) : v;
  return m.sub(w, m.mul(lr, dir));
}

Value Update::adagrad() {
  Value s = m.add(state[0], m.mul(g, g));
  newState.push_back(s);
  Value rate = lr;
  if (c.lrDecay != 0.0)
    rate = m.div(lr, m.add(k(1.0), m.mul(m.sub(step, k(1.0)), k(c.lrDecay))));
  return m.sub(w, m.mul(rate, m.div(g, m.add(m.sqrt(s), k(c.epsilon)))));
}

Value Update::rmsprop() {
  Value s =
      m.add(m.mul(k(c.rho), state[0]), m.mul(k(1.0 - c.rho), m.mul(g, g)));
  newState.push_back(s);
  Value u = m.div(g, m.add(m.sqrt(s), k(c.epsilon)));
  if (c.momentum != 0.0) {
    u = m.add(m.mul(k(c.momentum), state[1]), u);
    newState.push_back(u);
  }
  return m.sub(w, m.mul(lr, u));
}

/// lr sqrt(1 - b2^t) / (1 - b1^t) for t > 0, else lr; the powers use
/// max(t, 1) so that the unused branch stays finite.
Value Update::adamRate() {
  Value positive = m.greaterMask(step, k(0.0));
  Value t = m.select(positive, step, k(1.0));
  Value factor = m.div(m.sqrt(m.sub(k(1.0), powStep(m, elt, c.beta2, t))),
                       m.sub(k(1.0), powStep(m, elt, c.beta1, t)));
  return m.mul(lr, m.select(positive, factor, k(1.0)));
}

Value Update::adam() {
  if (c.kind == OptimizerKind::AdamW && c.weightDecay != 0.0)
    w = m.sub(w, m.mul(m.mul(lr, k(c.weightDecay)), w));
  Value mom = m.add(m.mul(k(c.beta1), state[0]), m.mul(k(1.0 - c.beta1), g));
  Value vel =
      m.add(m.mul(k(c.beta2), state[1]), m.mul(k(1.0 - c.beta2), m.mul(g, g)));
  newState.push_back(mom);
  newState.push_back(vel);
  if (c.adamCorrectsRate)
    return m.sub(
        w, m.mul(adamRate(), m.div(mom, m.add(m.sqrt(vel), k(c.epsilon)))));
  Value mHat = m.div(mom, m.sub(k(1.0), powStep(m, elt, c.beta1, step)));
  Value vHat = m.div(vel, m.sub(k(1.0), powStep(m, elt, c.beta2, step)));
  return m.sub(w, m.mul(lr, m.div(mHat, m.add(m.sqrt(vHat), k(c.epsilon)))));
}

} // namespace

Value dlc::buildUpdate(OpBuilder &b, Location loc, const OptimizerConfig &c,
                       Value lr, Value step, Value w, Value g, ValueRange state,
                       SmallVectorImpl<Value> &newState) {
  TensorMath m(b, loc);
  Type elt = cast<RankedTensorType>(w.getType()).getElementType();
  Update u{m, c, elt, lr, step, w, regularise(m, c, w, g), state, newState};
  Value updated = w;
  switch (c.kind) {
  case OptimizerKind::SGD:
    updated = u.sgd();
    break;
  case OptimizerKind::Adagrad:
    updated = u.adagrad();
    break;
  case OptimizerKind::RMSprop:
    updated = u.rmsprop();
    break;
  case OptimizerKind::Adam:
  case OptimizerKind::AdamW:
    updated = u.adam();
    break;
  }
  if (c.postDecay != 0.0)
    updated = m.mul(u.k(1.0 - c.postDecay), updated);
  return updated;
}
