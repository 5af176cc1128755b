//===- BuildTrainStep.cpp - the dlc-build-train-step pass -----------------===//
//
// Turns the imported inference function into the pair the training ABI
// exposes: `@<m>_run(inputs..., params...)` and `@<m>_train_step(...)`; see
// Passes.td for the contract. The loss, the reverse sweep and the optimizer
// update are all dlc IR, so the whole step is optimised, fused, planned and
// lowered by the same pipeline as inference.
//
//===----------------------------------------------------------------------===//
#include "compiler/Import/ONNX/ONNXImporter.h"
#include "compiler/Transforms/Autodiff.h"
#include "compiler/Transforms/ModeOps.h"
#include "compiler/Transforms/Passes.h"
#include "compiler/Transforms/Training/Losses.h"
#include "compiler/Transforms/Training/Optimizers.h"
#include "compiler/Transforms/Training/TensorMath.h"
#include "dialects/DLC/IR/DLCOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/StringSet.h"

#include "onnx/onnx_pb.h"

namespace dlc {
#define GEN_PASS_DEF_BUILDTRAINSTEP
#include "compiler/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

constexpr const char *kWritableAttr = "bufferization.writable";

/// A parameter: the name of its initializer and how to initialise it. A
/// buffer (a batch norm's running statistic) lives with the parameters but
/// the step writes it instead of differentiating it.
struct Param {
  std::string name;
  RankedTensorType type;
  StringRef init;
  int64_t fanIn = 1, fanOut = 1;
  bool buffer = false;
};

/// Whether an initializer can be a learned parameter when --trainable does
/// not name the parameters: exporters fold the graph's constants into
/// initializers too (PyTorch's dynamo exporter: scalars such as epsilon,
/// sqrt(d) or an exponent as rank-0 tensors, attention masks of
/// finfo.min or -inf), and training those breaks the model. So not a rank-0
/// scalar, and every value finite and below 1e30 in magnitude.
bool canBeParameter(arith::ConstantOp c, RankedTensorType type) {
  if (type.getRank() == 0)
    return false;
  auto values = dyn_cast<DenseElementsAttr>(c.getValue());
  if (!values)
    return true;
  auto ordinary = [](const APFloat &v) {
    return v.isFinite() && std::abs(v.convertToDouble()) < 1e30;
  };
  if (values.isSplat())
    return ordinary(values.getSplatValue<APFloat>());
  return llvm::all_of(values.getValues<APFloat>(), ordinary);
}

/// The float initializer constants to train, in program order (all that
/// canBeParameter, or those `only` names), and the running statistics of
/// batch norms (unless frozen). Unused ones stay.
SmallVector<arith::ConstantOp> selectTrainable(func::FuncOp func,
                                               const llvm::StringSet<> &only,
                                               const llvm::StringSet<> &frozen) {
  SmallVector<arith::ConstantOp> found;
  func.walk([&](arith::ConstantOp c) {
    auto name = c->getAttrOfType<StringAttr>(dlc::kInitializerAttr);
    auto type = dyn_cast<RankedTensorType>(c.getType());
    if (!name || !type || !isa<FloatType>(type.getElementType()) ||
        c.use_empty() || frozen.contains(name.getValue()))
      return;
    bool chosen = only.empty() ? canBeParameter(c, type)
                               : only.contains(name.getValue());
    if (chosen || dlc::isRunningStatistic(c))
      found.push_back(c);
  });
  return found;
}

/// Whether `v` feeds a ReLU within a few layers' glue (bias add, reshape,
/// transpose), before any other activation: then He init suits it.
bool feedsRelu(Value v, int depth = 4) {
  if (depth == 0)
    return false;
  for (Operation *user : v.getUsers()) {
    if (isa<dlc::ReluOp, dlc::LeakyReluOp>(user))
      return true;
    if (isa<dlc::SigmoidOp, dlc::TanhOp, dlc::SoftmaxOp, dlc::LogSoftmaxOp>(
            user))
      continue;
    for (Value r : user->getResults())
      if (feedsRelu(r, depth - 1))
        return true;
  }
  return false;
}

/// Fans for the uniform initialisers, from how the weight is used: a conv
/// weight [F, C/g, k...], a Gemm weight [out, in] seen through a transpose,
/// or a MatMul weight [in, out].
Param describeParam(Value arg, StringRef name) {
  Param p;
  p.name = name.str();
  p.type = cast<RankedTensorType>(arg.getType());
  ArrayRef<int64_t> dims = p.type.getShape();
  if (StringRef init = dlc::batchNormInit(arg); !init.empty()) {
    p.init = init;
    return p;
  }
  if (dims.size() < 2) {
    p.init = "zeros";
    return p;
  }
  int64_t receptive = 1;
  for (int64_t d : dims.drop_front(2))
    receptive *= d;
  bool transposed = llvm::any_of(arg.getUsers(), [](Operation *u) {
    return isa<dlc::TransposeOp>(u);
  });
  bool conv = llvm::any_of(arg.getUsers(), [](Operation *u) {
    return isa<dlc::ConvOp>(u);
  });
  if (conv || transposed) {
    p.fanIn = dims[1] * receptive;
    p.fanOut = dims[0] * receptive;
  } else {
    p.fanIn = dims[dims.size() - 2];
    p.fanOut = dims.back();
  }
  p.init = feedsRelu(arg) ? "he_uniform" : "glorot_uniform";
  return p;
}

DictionaryAttr roleAttrs(OpBuilder &b, StringRef role, StringRef name,
                         int32_t onnxType, bool writable) {
  return b.getDictionaryAttr(
      {b.getNamedAttr(dlc::kRoleAttr, b.getStringAttr(role)),
       b.getNamedAttr(dlc::kOnnxNameAttr, b.getStringAttr(name)),
       b.getNamedAttr(dlc::kOnnxTypeAttr, b.getI32IntegerAttr(onnxType)),
       b.getNamedAttr(kWritableAttr, b.getBoolAttr(writable))});
}

DictionaryAttr paramAttrs(OpBuilder &b, const Param &p, bool writable) {
  SmallVector<NamedAttribute> attrs(
      roleAttrs(b, p.buffer ? "buffer" : "param", p.name,
                onnx::TensorProto::FLOAT, writable)
          .getValue());
  attrs.push_back(b.getNamedAttr(dlc::kInitAttr, b.getStringAttr(p.init)));
  attrs.push_back(b.getNamedAttr(dlc::kFanInAttr, b.getI64IntegerAttr(p.fanIn)));
  attrs.push_back(
      b.getNamedAttr(dlc::kFanOutAttr, b.getI64IntegerAttr(p.fanOut)));
  return b.getDictionaryAttr(attrs);
}

/// Makes the chosen initializer constants arguments of `func`, appended
/// after its inputs; returns their descriptions.
SmallVector<Param> promoteToArguments(func::FuncOp func,
                                      ArrayRef<arith::ConstantOp> consts) {
  OpBuilder b(func.getContext());
  SmallVector<Param> params;
  for (arith::ConstantOp c : consts) {
    unsigned index = func.getNumArguments();
    (void)func.insertArgument(index, c.getType(), {}, c.getLoc());
    Value arg = func.getArgument(index);
    c.getResult().replaceAllUsesWith(arg);
    params.push_back(describeParam(
        arg, c->getAttrOfType<StringAttr>(dlc::kInitializerAttr).getValue()));
    params.back().buffer = dlc::isRunningStatistic(arg);
    func.setArgAttrs(index, paramAttrs(b, params.back(), /*writable=*/false));
    c.erase();
  }
  for (unsigned i = 0; i + params.size() < func.getNumArguments(); ++i)
    func.setArgAttr(i, dlc::kRoleAttr, b.getStringAttr("input"));
  return params;
}

struct TrainStepBuilder {
  func::FuncOp train;
  ArrayRef<Param> params;
  const dlc::OptimizerConfig &optimizer;
  dlc::LossKind lossKind;
  unsigned lossOutput;

  /// Index of the first parameter argument in the inference function.
  unsigned numInputs() { return train.getNumArguments() - params.size(); }

  LogicalResult build();
};

LogicalResult TrainStepBuilder::build() {
  OpBuilder b(train.getContext());
  Block &body = train.getBody().front();
  auto ret = cast<func::ReturnOp>(body.getTerminator());
  Location loc = ret.getLoc();
  unsigned inputs = numInputs();

  // Arguments: inputs..., labels, lr, params..., state...
  auto output = cast<RankedTensorType>(ret.getOperand(lossOutput).getType());
  RankedTensorType labels = dlc::labelsType(lossKind, output);
  if (!labels)
    return train.emitOpError("output ")
           << lossOutput << " of type " << output
           << " does not suit the chosen loss";
  int32_t labelsOnnx = labels.getElementType().isInteger(64)
                           ? onnx::TensorProto::INT64
                           : onnx::TensorProto::FLOAT;
  auto scalarType = RankedTensorType::get({}, b.getF32Type());
  (void)train.insertArgument(inputs, labels,
                             roleAttrs(b, "labels", "labels", labelsOnnx, false),
                             loc);
  (void)train.insertArgument(
      inputs + 1, scalarType,
      roleAttrs(b, "lr", "lr", onnx::TensorProto::FLOAT, false), loc);
  for (auto [i, p] : llvm::enumerate(params))
    train.setArgAttrs(inputs + 2 + i, paramAttrs(b, p, /*writable=*/true));
  // The optimizer state of the differentiated parameters, its step count,
  // and the dropout generator [seed_lo, seed_hi, step].
  SmallVector<std::string> stateNames;
  SmallVector<RankedTensorType> stateTypes;
  SmallVector<int32_t> stateOnnx;
  auto addState = [&](std::string name, RankedTensorType type, int32_t onnx) {
    stateNames.push_back(std::move(name));
    stateTypes.push_back(type);
    stateOnnx.push_back(onnx);
  };
  for (const Param &p : params)
    if (!p.buffer)
      for (const std::string &suffix : dlc::perParameterState(optimizer))
        addState(p.name + "." + suffix, p.type, onnx::TensorProto::FLOAT);
  if (dlc::needsStepCount(optimizer))
    addState("step", scalarType, onnx::TensorProto::FLOAT);
  if (dlc::hasDropout(train))
    addState("dropout_rng", RankedTensorType::get({3}, b.getI32Type()),
             onnx::TensorProto::INT32);
  unsigned stateBase = train.getNumArguments();
  for (auto [name, type, onnxType] :
       llvm::zip(stateNames, stateTypes, stateOnnx))
    (void)train.insertArgument(train.getNumArguments(), type,
                               roleAttrs(b, "state", name, onnxType, true),
                               loc);
  auto stateArg = [&](StringRef name) -> Value {
    for (auto [i, n] : llvm::enumerate(stateNames))
      if (n == name)
        return train.getArgument(stateBase + i);
    return {};
  };

  // Batch norm and dropout in training mode, before the reverse sweep.
  Value rng = stateArg("dropout_rng");
  auto running = dlc::expandForTraining(train, rng);
  if (failed(running))
    return failure();

  // Forward and loss, then the reverse sweep to every parameter.
  b.setInsertionPoint(ret);
  dlc::TensorMath m(b, loc);
  Value lr = train.getArgument(inputs + 1);
  Value loss = dlc::buildLoss(b, loc, lossKind, ret.getOperand(lossOutput),
                              train.getArgument(inputs));
  SmallVector<Value> paramArgs;
  for (auto [i, p] : llvm::enumerate(params))
    if (!p.buffer)
      paramArgs.push_back(train.getArgument(inputs + 2 + i));
  auto grads = dlc::buildReverseSweep(b, {{loss, m.scalar(1.0)}}, paramArgs);
  if (failed(grads))
    return failure();

  // The update, written back into the parameter and state arguments.
  size_t perParam = dlc::perParameterState(optimizer).size();
  Value stepArg = stateArg("step"), step;
  if (stepArg)
    step = m.add(stepArg, m.scalar(1.0));
  SmallVector<Value> results{loss};
  auto writeBack = [&](Value value, Value dest) {
    results.push_back(
        bufferization::MaterializeInDestinationOp::create(b, loc, value, dest)
            .getResult());
  };
  SmallVector<std::pair<Value, Value>> stateWrites;
  for (auto [i, w] : llvm::enumerate(paramArgs)) {
    SmallVector<Value> state, newState;
    for (size_t s = 0; s < perParam; ++s)
      state.push_back(train.getArgument(stateBase + i * perParam + s));
    Value newW = dlc::buildUpdate(b, loc, optimizer, lr, step, w, (*grads)[i],
                                  state, newState);
    writeBack(newW, w);
    for (auto [s, value] : llvm::zip(state, newState))
      stateWrites.push_back({value, s});
  }
  for (const dlc::RunningUpdate &u : *running)
    writeBack(u.updated, u.running);
  for (auto [value, dest] : stateWrites)
    writeBack(value, dest);
  if (step)
    writeBack(step, stepArg);
  if (rng) { // the next step draws new masks
    auto type = cast<RankedTensorType>(rng.getType());
    Value one = arith::ConstantOp::create(
        b, loc, type, DenseElementsAttr::get(type, ArrayRef<int32_t>{0, 0, 1}));
    writeBack(m.add(rng, one), rng);
  }
  func::ReturnOp::create(b, loc, results);
  ret.erase();

  train.setType(FunctionType::get(train.getContext(), body.getArgumentTypes(),
                                   ValueRange(results).getTypes()));
  SmallVector<DictionaryAttr> resultAttrs(results.size(),
                                          b.getDictionaryAttr({}));
  resultAttrs[0] = b.getDictionaryAttr(
      {b.getNamedAttr(dlc::kOnnxNameAttr, b.getStringAttr("loss")),
       b.getNamedAttr(dlc::kOnnxTypeAttr,
                      b.getI32IntegerAttr(onnx::TensorProto::FLOAT))});
  train.setAllResultAttrs(resultAttrs);
  return success();
}

struct BuildTrainStepPass
    : dlc::impl::BuildTrainStepBase<BuildTrainStepPass> {
  using BuildTrainStepBase::BuildTrainStepBase;

  FailureOr<dlc::OptimizerConfig> optimizerConfig() {
    auto kind = dlc::parseOptimizerKind(optimizer);
    if (!kind)
      return emitError(getOperation().getLoc(), "unknown optimizer '")
             << optimizer << "'";
    dlc::OptimizerConfig c;
    c.kind = *kind;
    c.momentum = momentum;
    c.nesterov = nesterov;
    c.beta1 = beta1;
    c.beta2 = beta2;
    c.rho = rho;
    c.epsilon = epsilon;
    c.weightDecay = weightDecay;
    c.l1 = l1;
    return c;
  }

  FailureOr<unsigned> lossOutputIndex(func::FuncOp func) {
    if (lossOutput.empty())
      return 0u;
    for (unsigned i = 0; i < func.getNumResults(); ++i)
      if (auto name = func.getResultAttrOfType<StringAttr>(i, dlc::kOnnxNameAttr))
        if (name.getValue() == lossOutput)
          return i;
    return func.emitOpError("has no output named '") << lossOutput << "'";
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto funcs = llvm::to_vector(module.getOps<func::FuncOp>());
    if (funcs.size() != 1)
      return emitError(module.getLoc(), "expected one entry function"),
             signalPassFailure();
    func::FuncOp run = funcs.front();
    auto lossKind = dlc::parseLossKind(loss);
    if (!lossKind)
      return emitError(module.getLoc(), "unknown loss '") << loss << "'",
             signalPassFailure();
    auto config = optimizerConfig();
    auto outputIndex = lossOutputIndex(run);
    if (failed(config) || failed(outputIndex))
      return signalPassFailure();

    llvm::StringSet<> only, frozenSet;
    for (const std::string &n : trainable)
      only.insert(n);
    for (const std::string &n : frozen)
      frozenSet.insert(n);
    SmallVector<arith::ConstantOp> consts = selectTrainable(run, only, frozenSet);
    if (consts.empty())
      return run.emitOpError("has no trainable float initializer"),
             signalPassFailure();
    SmallVector<Param> params = promoteToArguments(run, consts);
    if (llvm::all_of(params, [](const Param &p) { return p.buffer; }))
      return run.emitOpError("has no trainable float initializer (only batch "
                             "norm running statistics)"),
             signalPassFailure();

    func::FuncOp train = run.clone();
    StringRef base = run.getSymName();
    base.consume_back("_run");
    train.setSymName((base + "_train_step").str());
    module.push_back(train);
    TrainStepBuilder builder{train, params, *config, *lossKind, *outputIndex};
    if (failed(builder.build()))
      return signalPassFailure();
  }
};

} // namespace
