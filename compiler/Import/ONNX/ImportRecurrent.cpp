//===- ImportRecurrent.cpp - ONNX RNN, GRU and LSTM, unrolled -------------===//
//
// The recurrent ops run over a static sequence length, so they are unrolled
// into dlc ops (slice, reshape, transpose, matmul, concat and elementwise
// ops) and inherit those ops' CPU and GPU lowerings and gradient rules.
//
// Per direction, one matmul projects the whole input sequence (X W^T plus
// the biases that do not depend on the state); each step then adds H R^T
// and applies the op's gates in ONNX's order (LSTM i o f c, GRU z r h). Y is
// stacked as [seq, num_directions, batch, hidden] and transposed for the
// batch-first layout 1.
//
//===----------------------------------------------------------------------===//
#include "compiler/Import/ONNX/ImportContext.h"

#include "llvm/Support/InterleavedRange.h"

using namespace mlir;

namespace dlc {
namespace {

enum class CellKind { RNN, GRU, LSTM };

/// An entry of the `activations` attribute with the alpha and beta it took
/// from `activation_alpha` and `activation_beta`.
struct Activation {
  StringRef name; // as in kActivations (lower case)
  double alpha = 0, beta = 0;
};

/// The activations ONNX names (matched ignoring case), how many of alpha and
/// beta each takes (in that order) and their defaults (those of the ONNX ops of
/// the same name; Affine and ScaledTanh default to the identity and tanh).
struct ActivationInfo {
  const char *name;
  unsigned params;
  double alpha, beta;
};

const ActivationInfo kActivations[] = {
    {"relu", 0, 0, 0},           {"tanh", 0, 0, 0},
    {"sigmoid", 0, 0, 0},        {"affine", 2, 1.0, 0.0},
    {"leakyrelu", 1, 0.01, 0},   {"thresholdedrelu", 1, 1.0, 0},
    {"scaledtanh", 2, 1.0, 1.0}, {"hardsigmoid", 2, 0.2, 0.5},
    {"elu", 1, 1.0, 0},          {"softsign", 0, 0, 0},
    {"softplus", 0, 0, 0},
};

/// The attributes and sizes of one recurrent node.
struct RecurrentSpec {
  CellKind kind = CellKind::RNN;
  int64_t gates = 1; // blocks of W and R: 1 (RNN), 3 (GRU), 4 (LSTM)
  int64_t seq = 0, batch = 0, inputSize = 0, hidden = 0;
  int64_t directions = 1;
  bool reverse = false;    // direction "reverse"
  bool batchFirst = false; // layout 1
  std::optional<double> clip;
  bool linearBeforeReset = false; // GRU
  bool inputForget = false;       // LSTM
  /// The activations of the first direction, then those of the second.
  SmallVector<Activation> activations;
};

/// The recurrent state: H, and C for the LSTM.
struct State {
  Value h, c;
};

/// What one direction reads, in the shapes the steps use.
struct Weights {
  Value wT;          // [input, gates * hidden]
  Value rT;          // [hidden, gates * hidden]; GRU: the z and r blocks
  Value rhT;         // GRU: [hidden, hidden], the h block of R^T
  Value inputBias;   // [gates * hidden], added to X W^T; null without B
  Value hiddenBias;  // GRU with linear_before_reset: Rbh; else null
  Value peephole[3]; // LSTM: P's i, o and f blocks [hidden]; else null
  State initial;     // [batch, hidden] each
  ArrayRef<Activation> acts;
};

/// Builders for the unrolled ops of one node, on tensors of element type
/// `elt`. The shapes were checked up front (readSpec), so they match.
struct Ops {
  NodeImporter &n;
  Type elt;
  int64_t hidden;
  std::optional<double> clip;

  static ArrayRef<int64_t> shapeOf(Value v) {
    return cast<RankedTensorType>(v.getType()).getShape();
  }
  RankedTensorType type(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, elt);
  }
  Value constant(double v) { return n.scalarConstant(elt, v); }
  Value zeros(ArrayRef<int64_t> shape) {
    return n.scalarConstant(elt, 0.0, shape);
  }
  Value reshape(Value v, ArrayRef<int64_t> shape) {
    return n.create<ReshapeOp>(type(shape), v);
  }
  Value slice(Value v, ArrayRef<int64_t> starts, ArrayRef<int64_t> sizes) {
    SmallVector<int64_t> steps(starts.size(), 1);
    return n.create<SliceOp>(type(sizes), v, starts, steps);
  }
  Value transpose(Value v, ArrayRef<int64_t> perm) {
    SmallVector<int64_t> shape;
    for (int64_t p : perm)
      shape.push_back(shapeOf(v)[p]);
    return n.create<TransposeOp>(type(shape), v, perm);
  }
  /// A product of matrices.
  Value matmul(Value a, Value b) {
    return n.create<MatMulOp>(type({shapeOf(a)[0], shapeOf(b)[1]}), a, b);
  }
  template <typename OpTy>
  Value binary(Value a, Value b) {
    auto shape = broadcastShapes(shapeOf(a), shapeOf(b));
    assert(succeeded(shape) && "the shapes were checked up front");
    return n.create<OpTy>(type(*shape), a, b);
  }
  Value add(Value a, Value b) { return binary<AddOp>(a, b); }
  Value sub(Value a, Value b) { return binary<SubOp>(a, b); }
  Value mul(Value a, Value b) { return binary<MulOp>(a, b); }

  Value concat(ArrayRef<Value> values, int64_t axis);
  /// Entries [start, start + count) of the last axis.
  Value columns(Value v, int64_t start, int64_t count);
  /// Block k of the last axis (gate k of a [..., gates * hidden] tensor).
  Value gate(Value v, int64_t k) { return columns(v, k * hidden, hidden); }
  /// Index d of axis 0 with that axis dropped.
  Value direction(Value v, int64_t d);
  Value activate(const Activation &a, Value x);
  /// The activation of a gate: its input clipped to [-clip, clip] first.
  Value activateGate(const Activation &a, Value pre);
};

Value Ops::concat(ArrayRef<Value> values, int64_t axis) {
  if (values.size() == 1)
    return values.front();
  SmallVector<int64_t> shape(shapeOf(values.front()));
  shape[axis] = 0;
  for (Value v : values)
    shape[axis] += shapeOf(v)[axis];
  return n.create<ConcatOp>(type(shape), values, axis);
}

Value Ops::columns(Value v, int64_t start, int64_t count) {
  SmallVector<int64_t> starts(shapeOf(v).size(), 0), sizes(shapeOf(v));
  starts.back() = start;
  sizes.back() = count;
  return slice(v, starts, sizes);
}

Value Ops::direction(Value v, int64_t d) {
  SmallVector<int64_t> starts(shapeOf(v).size(), 0), sizes(shapeOf(v));
  starts.front() = d;
  sizes.front() = 1;
  return reshape(slice(v, starts, sizes), ArrayRef(sizes).drop_front());
}

Value Ops::activate(const Activation &a, Value x) {
  Type t = x.getType();
  StringRef name = a.name;
  if (name == "relu")
    return n.create<ReluOp>(t, x);
  if (name == "tanh")
    return n.create<TanhOp>(t, x);
  if (name == "sigmoid")
    return n.create<SigmoidOp>(t, x);
  if (name == "softplus")
    return n.create<SoftplusOp>(t, x);
  if (name == "leakyrelu")
    return n.create<LeakyReluOp>(t, x,
                                 n.builder().getF32FloatAttr((float)a.alpha));
  if (name == "affine")
    return add(mul(constant(a.alpha), x), constant(a.beta));
  if (name == "scaledtanh")
    return mul(constant(a.alpha),
               n.create<TanhOp>(t, mul(constant(a.beta), x)));
  if (name == "thresholdedrelu")
    return composeThresholdedRelu(n, x, a.alpha);
  if (name == "hardsigmoid")
    return composeHardSigmoid(n, x, a.alpha, a.beta);
  if (name == "elu")
    return composeElu(n, x, a.alpha);
  assert(name == "softsign" && "activations were checked in readSpec");
  return composeSoftsign(n, x);
}

Value Ops::activateGate(const Activation &a, Value pre) {
  if (clip)
    pre = binary<MinOp>(binary<MaxOp>(pre, constant(-*clip)), constant(*clip));
  return activate(a, pre);
}

//===----------------------------------------------------------------------===//
// Reading the node
//===----------------------------------------------------------------------===//

/// The activations per direction and their defaults.
ArrayRef<const char *> defaultActivations(CellKind kind) {
  static const char *const rnn[] = {"tanh"};
  static const char *const gru[] = {"sigmoid", "tanh"};
  static const char *const lstm[] = {"sigmoid", "tanh", "tanh"};
  switch (kind) {
  case CellKind::RNN:
    return rnn;
  case CellKind::GRU:
    return gru;
  case CellKind::LSTM:
    return lstm;
  }
  llvm_unreachable("unknown cell kind");
}

/// The floats of attribute `name` (empty when absent).
SmallVector<double> floatsAttr(NodeImporter &n, StringRef name) {
  SmallVector<double> values;
  if (const onnx::AttributeProto *a = n.attr(name))
    values.append(a->floats().begin(), a->floats().end());
  return values;
}

/// The names in `activations`, or the defaults for every direction; a
/// bidirectional node may name one direction's, which both then use.
FailureOr<SmallVector<std::string>>
activationNames(NodeImporter &n, CellKind kind, int64_t directions) {
  ArrayRef<const char *> defaults = defaultActivations(kind);
  SmallVector<std::string> names;
  if (const onnx::AttributeProto *a = n.attr("activations"))
    names.assign(a->strings().begin(), a->strings().end());
  else
    names.assign(defaults.begin(), defaults.end());
  if (directions == 2 && names.size() == defaults.size())
    names.append(SmallVector<std::string>(names));
  if ((int64_t)names.size() != (int64_t)defaults.size() * directions)
    return n.error("activations must name ")
           << defaults.size() * directions << " functions, not "
           << names.size();
  return names;
}

/// The activations with their alpha and beta, which are consumed in order
/// by the functions that take them.
FailureOr<SmallVector<Activation>>
readActivations(NodeImporter &n, CellKind kind, int64_t directions) {
  auto names = activationNames(n, kind, directions);
  if (failed(names))
    return failure();
  SmallVector<double> alphas = floatsAttr(n, "activation_alpha");
  SmallVector<double> betas = floatsAttr(n, "activation_beta");
  size_t nextAlpha = 0, nextBeta = 0;
  SmallVector<Activation> acts;
  for (const std::string &name : *names) {
    const ActivationInfo *info =
        llvm::find_if(kActivations, [&](const ActivationInfo &i) {
          return StringRef(name).equals_insensitive(i.name);
        });
    if (info == std::end(kActivations))
      return n.unsupported("activation function '") << name << "'";
    Activation a{info->name, info->alpha, info->beta};
    if (info->params >= 1 && nextAlpha < alphas.size())
      a.alpha = alphas[nextAlpha++];
    if (info->params >= 2 && nextBeta < betas.size())
      a.beta = betas[nextBeta++];
    acts.push_back(a);
  }
  return acts;
}

/// Reports unless `v` is a tensor of `elt` with shape `shape`.
LogicalResult expectShape(NodeImporter &n, Value v, StringRef what, Type elt,
                          ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(v.getType());
  if (type.getElementType() != elt)
    return n.error(what) << " must have X's element type " << elt;
  if (type.getShape() == shape)
    return success();
  return n.error(what) << " must have shape [" << llvm::interleaved(shape, ", ")
                       << "], not [" << llvm::interleaved(type.getShape(), ", ")
                       << "]";
}

/// direction: forward, reverse or bidirectional.
LogicalResult readDirection(NodeImporter &n, RecurrentSpec &s) {
  std::string direction = n.stringAttr("direction", "forward");
  if (direction != "forward" && direction != "reverse" &&
      direction != "bidirectional")
    return n.error("direction must be forward, reverse or bidirectional, "
                   "not '")
           << direction << "'";
  s.reverse = direction == "reverse";
  s.directions = direction == "bidirectional" ? 2 : 1;
  return success();
}

/// The sizes from X (and the layout) and R (hidden_size when absent), and
/// the checks of W and R.
LogicalResult readSizes(NodeImporter &n, RecurrentSpec &s, Value x, Value w,
                        Value r) {
  auto xShape = Ops::shapeOf(x), rShape = Ops::shapeOf(r);
  if (xShape.size() != 3 || rShape.size() != 3)
    return n.error("X and R must have rank 3");
  int64_t layout = n.intAttr("layout", 0);
  if (layout != 0 && layout != 1)
    return n.error("layout must be 0 or 1");
  s.batchFirst = layout == 1;
  s.seq = xShape[s.batchFirst ? 1 : 0];
  s.batch = xShape[s.batchFirst ? 0 : 1];
  s.inputSize = xShape[2];
  s.hidden = n.intAttr("hidden_size", rShape[2]);
  if (s.seq < 1 || s.hidden < 1)
    return n.error("the sequence and hidden_size must not be empty");
  Type elt = cast<RankedTensorType>(x.getType()).getElementType();
  int64_t rows = s.gates * s.hidden;
  if (failed(expectShape(n, w, "W", elt, {s.directions, rows, s.inputSize})))
    return failure();
  return expectShape(n, r, "R", elt, {s.directions, rows, s.hidden});
}

/// sequence_lens: only a constant with every length the full sequence.
LogicalResult checkSequenceLens(NodeImporter &n, const RecurrentSpec &s) {
  if (!n.hasInput(4))
    return success();
  std::optional<DenseElementsAttr> lens = n.constantInput(4);
  if (!lens || !isa<IntegerType>(lens->getElementType()))
    return n.unsupported("sequence_lens (input '")
           << n.proto().input(4)
           << "') that is not a compile-time constant; bind it with --bind "
           << n.proto().input(4) << "=FILE.pb";
  for (const APInt &len : lens->getValues<APInt>())
    if (len.getSExtValue() != s.seq)
      return n.unsupported("sequence_lens shorter than the sequence (")
             << len.getSExtValue() << " of " << s.seq << ")";
  return success();
}

FailureOr<RecurrentSpec> readSpec(NodeImporter &n, CellKind kind, Value x,
                                  Value w, Value r) {
  RecurrentSpec s;
  s.kind = kind;
  s.gates = kind == CellKind::RNN ? 1 : kind == CellKind::GRU ? 3 : 4;
  if (failed(readDirection(n, s)) || failed(readSizes(n, s, x, w, r)) ||
      failed(checkSequenceLens(n, s)))
    return failure();
  if (n.attr("clip"))
    s.clip = n.floatAttr("clip", 0.0f);
  s.linearBeforeReset = n.intAttr("linear_before_reset", 0) != 0;
  s.inputForget = n.intAttr("input_forget", 0) != 0;
  auto acts = readActivations(n, kind, s.directions);
  if (failed(acts))
    return failure();
  s.activations = std::move(*acts);
  return s;
}

//===----------------------------------------------------------------------===//
// Per-direction weights
//===----------------------------------------------------------------------===//

/// The optional input `i` of shape `shape` (null when absent).
FailureOr<Value> optionalInput(NodeImporter &n, unsigned i, StringRef what,
                               Type elt, ArrayRef<int64_t> shape) {
  if (!n.hasInput(i))
    return Value();
  Value v = n.input(i);
  if (!v || failed(expectShape(n, v, what, elt, shape)))
    return failure();
  return v;
}

/// The optional inputs of a node, all directions.
struct OptionalInputs {
  Value b, h0, c0, p; // h0 and c0 time-major: [directions, batch, hidden]
};

FailureOr<OptionalInputs> readOptionalInputs(NodeImporter &n, Ops &o,
                                             const RecurrentSpec &s) {
  int64_t nd = s.directions, hid = s.hidden;
  SmallVector<int64_t> stateShape = {nd, s.batch, hid};
  if (s.batchFirst)
    stateShape = {s.batch, nd, hid};
  auto b = optionalInput(n, 3, "B", o.elt, {nd, 2 * s.gates * hid});
  auto h0 = optionalInput(n, 5, "initial_h", o.elt, stateShape);
  FailureOr<Value> c0 = Value(), p = Value();
  if (s.kind == CellKind::LSTM) {
    c0 = optionalInput(n, 6, "initial_c", o.elt, stateShape);
    p = optionalInput(n, 7, "P", o.elt, {nd, 3 * hid});
  }
  if (failed(b) || failed(h0) || failed(c0) || failed(p))
    return failure();
  auto timeMajor = [&](Value v) {
    return v && s.batchFirst ? o.transpose(v, {1, 0, 2}) : v;
  };
  return OptionalInputs{*b, timeMajor(*h0), timeMajor(*c0), *p};
}

/// The biases of direction `d` from B = [Wb, Rb]: all but the GRU's Rbh
/// under linear_before_reset fold into the input projection.
void loadBiases(Ops &o, const RecurrentSpec &s, Value b, int64_t d,
                Weights &w) {
  if (!b)
    return;
  int64_t rows = s.gates * s.hidden;
  Value bias = o.direction(b, d);
  Value wb = o.columns(bias, 0, rows), rb = o.columns(bias, rows, rows);
  if (s.kind == CellKind::GRU && s.linearBeforeReset) {
    w.hiddenBias = o.gate(rb, 2);
    rb = o.concat({o.columns(rb, 0, 2 * s.hidden), o.zeros({s.hidden})}, 0);
  }
  w.inputBias = o.add(wb, rb);
}

/// The initial state of direction `d` (zeros when not given).
Value initialState(Ops &o, const RecurrentSpec &s, Value all, int64_t d) {
  return all ? o.direction(all, d) : o.zeros({s.batch, s.hidden});
}

Weights loadWeights(Ops &o, const RecurrentSpec &s, Value wAll, Value rAll,
                    const OptionalInputs &opt, int64_t d) {
  Weights w;
  w.wT = o.transpose(o.direction(wAll, d), {1, 0});
  w.rT = o.transpose(o.direction(rAll, d), {1, 0});
  if (s.kind == CellKind::GRU) {
    w.rhT = o.gate(w.rT, 2);
    w.rT = o.columns(w.rT, 0, 2 * s.hidden);
  }
  loadBiases(o, s, opt.b, d, w);
  if (opt.p) {
    Value p = o.direction(opt.p, d);
    for (int64_t k = 0; k < 3; ++k)
      w.peephole[k] = o.gate(p, k);
  }
  w.initial.h = initialState(o, s, opt.h0, d);
  if (s.kind == CellKind::LSTM)
    w.initial.c = initialState(o, s, opt.c0, d);
  size_t perDirection = s.activations.size() / s.directions;
  w.acts = ArrayRef(s.activations).slice(d * perDirection, perDirection);
  return w;
}

//===----------------------------------------------------------------------===//
// The steps
//===----------------------------------------------------------------------===//

/// The gate inputs of one step: X_t W^T (+ biases) + H R^T.
Value gateInputs(Ops &o, const Weights &w, Value xt, Value h) {
  return o.add(xt, o.matmul(h, w.rT));
}

/// Ht = f(Xt Wi^T + Ht-1 Ri^T + Wbi + Rbi).
State rnnStep(Ops &o, const Weights &w, Value xt, State st) {
  return {o.activateGate(w.acts[0], gateInputs(o, w, xt, st.h)), Value()};
}

/// The h gate's recurrent term: (rt (.) Ht-1) Rh^T, or with
/// linear_before_reset rt (.) (Ht-1 Rh^T + Rbh).
Value resetHidden(Ops &o, const RecurrentSpec &s, const Weights &w, Value r,
                  Value h) {
  if (!s.linearBeforeReset)
    return o.matmul(o.mul(r, h), w.rhT);
  Value hr = o.matmul(h, w.rhT);
  if (w.hiddenBias)
    hr = o.add(hr, w.hiddenBias);
  return o.mul(r, hr);
}

/// zt = f(.), rt = f(.), ht = g(.), Ht = (1 - zt) (.) ht + zt (.) Ht-1.
State gruStep(Ops &o, const RecurrentSpec &s, const Weights &w, Value xt,
              State st) {
  const Activation &f = w.acts[0], &g = w.acts[1];
  Value hzr = o.matmul(st.h, w.rT);
  Value z = o.activateGate(f, o.add(o.gate(xt, 0), o.gate(hzr, 0)));
  Value r = o.activateGate(f, o.add(o.gate(xt, 1), o.gate(hzr, 1)));
  Value candidate =
      o.activateGate(g, o.add(o.gate(xt, 2), resetHidden(o, s, w, r, st.h)));
  Value keep = o.sub(o.constant(1.0), z);
  return {o.add(o.mul(keep, candidate), o.mul(z, st.h)), Value()};
}

/// The input of LSTM gate k (i, o, f) with its peephole term P[k] (.) c.
Value peephole(Ops &o, const Weights &w, Value gates, int64_t k, Value c) {
  Value pre = o.gate(gates, k);
  return w.peephole[k] ? o.add(pre, o.mul(w.peephole[k], c)) : pre;
}

/// it, ft from Ct-1; Ct = ft (.) Ct-1 + it (.) g(c); ot from Ct;
/// Ht = ot (.) h(Ct). With input_forget, ft = 1 - it.
State lstmStep(Ops &o, const RecurrentSpec &s, const Weights &w, Value xt,
               State st) {
  const Activation &f = w.acts[0], &g = w.acts[1], &h = w.acts[2];
  Value gates = gateInputs(o, w, xt, st.h);
  Value i = o.activateGate(f, peephole(o, w, gates, 0, st.c));
  Value forget = s.inputForget
                     ? o.sub(o.constant(1.0), i)
                     : o.activateGate(f, peephole(o, w, gates, 2, st.c));
  Value cell = o.activateGate(g, o.gate(gates, 3));
  Value c = o.add(o.mul(forget, st.c), o.mul(i, cell));
  Value out = o.activateGate(f, peephole(o, w, gates, 1, c));
  return {o.mul(out, o.activate(h, c)), c};
}

State step(Ops &o, const RecurrentSpec &s, const Weights &w, Value xt,
           State st) {
  switch (s.kind) {
  case CellKind::RNN:
    return rnnStep(o, w, xt, st);
  case CellKind::GRU:
    return gruStep(o, s, w, xt, st);
  case CellKind::LSTM:
    return lstmStep(o, s, w, xt, st);
  }
  llvm_unreachable("unknown cell kind");
}

//===----------------------------------------------------------------------===//
// Unrolling and the outputs
//===----------------------------------------------------------------------===//

/// X W^T + biases for every step: [seq * batch, gates * hidden], the rows of
/// step t from t * batch.
Value projectInputs(Ops &o, const RecurrentSpec &s, Value x, const Weights &w) {
  Value flat = o.reshape(x, {s.seq * s.batch, s.inputSize});
  Value projected = o.matmul(flat, w.wT);
  return w.inputBias ? o.add(projected, w.inputBias) : projected;
}

/// One direction over the whole sequence: hs[t] is the state after the
/// step that read X[t], so Y keeps the input's time order either way.
struct DirectionRun {
  SmallVector<Value> hs;
  State last;
};

DirectionRun runDirection(Ops &o, const RecurrentSpec &s, const Weights &w,
                          Value projected, bool reverse) {
  DirectionRun run;
  run.hs.resize(s.seq);
  State st = w.initial;
  int64_t rows = s.gates * s.hidden;
  for (int64_t k = 0; k < s.seq; ++k) {
    int64_t t = reverse ? s.seq - 1 - k : k;
    Value xt = o.slice(projected, {t * s.batch, 0}, {s.batch, rows});
    st = step(o, s, w, xt, st);
    run.hs[t] = st.h;
  }
  run.last = st;
  return run;
}

/// Y: [seq, directions, batch, hidden], batch first for layout 1.
Value stackSequence(Ops &o, const RecurrentSpec &s,
                    ArrayRef<DirectionRun> runs) {
  SmallVector<Value> perDirection;
  for (const DirectionRun &run : runs) {
    SmallVector<Value> steps;
    for (Value h : run.hs)
      steps.push_back(o.reshape(h, {1, 1, s.batch, s.hidden}));
    perDirection.push_back(o.concat(steps, 0));
  }
  Value y = o.concat(perDirection, 1);
  return s.batchFirst ? o.transpose(y, {2, 0, 1, 3}) : y;
}

/// Y_h or Y_c: [directions, batch, hidden], batch first for layout 1.
Value stackFinal(Ops &o, const RecurrentSpec &s, ArrayRef<Value> states) {
  SmallVector<Value> reshaped;
  for (Value v : states)
    reshaped.push_back(o.reshape(v, {1, s.batch, s.hidden}));
  Value y = o.concat(reshaped, 0);
  return s.batchFirst ? o.transpose(y, {1, 0, 2}) : y;
}

void setOutputs(NodeImporter &n, Ops &o, const RecurrentSpec &s,
                ArrayRef<DirectionRun> runs) {
  if (n.hasOutput(0))
    n.setOutput(0, stackSequence(o, s, runs));
  SmallVector<Value> hs, cs;
  for (const DirectionRun &run : runs) {
    hs.push_back(run.last.h);
    cs.push_back(run.last.c);
  }
  if (n.hasOutput(1))
    n.setOutput(1, stackFinal(o, s, hs));
  if (s.kind == CellKind::LSTM && n.hasOutput(2))
    n.setOutput(2, stackFinal(o, s, cs));
}

template <CellKind Kind>
LogicalResult importRecurrent(NodeImporter &n) {
  Value x = floatInput(n), w = n.input(1), r = n.input(2);
  if (!x || !w || !r)
    return failure();
  auto spec = readSpec(n, Kind, x, w, r);
  if (failed(spec))
    return failure();
  Type elt = cast<RankedTensorType>(x.getType()).getElementType();
  Ops o{n, elt, spec->hidden, spec->clip};
  auto opt = readOptionalInputs(n, o, *spec);
  if (failed(opt))
    return failure();
  if (spec->batchFirst)
    x = o.transpose(x, {1, 0, 2});
  SmallVector<DirectionRun, 2> runs;
  for (int64_t d = 0; d < spec->directions; ++d) {
    Weights weights = loadWeights(o, *spec, w, r, *opt, d);
    Value projected = projectInputs(o, *spec, x, weights);
    runs.push_back(
        runDirection(o, *spec, weights, projected, spec->reverse || d == 1));
  }
  setOutputs(n, o, *spec, runs);
  return success();
}

} // namespace

void registerRecurrentImporters(OpImporterMap &map) {
  map["RNN"] = importRecurrent<CellKind::RNN>;
  map["GRU"] = importRecurrent<CellKind::GRU>;
  map["LSTM"] = importRecurrent<CellKind::LSTM>;
}

} // namespace dlc
