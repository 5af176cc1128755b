//===- TrainingModel.cpp - the driver's --train mode ----------------------===//
#include "compiler/Driver/TrainingModel.h"

#include "compiler/Driver/ModelABI.h"

#include "compiler/Import/ONNX/ONNXImporter.h"
#include "compiler/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MathExtras.h"

#include "onnx/onnx_pb.h"

#include <cstdio>

using namespace mlir;

namespace {

/// Appends a tensor to a params or state buffer at the next 64-byte offset.
void place(std::vector<dlc::ParamInfo> &list, int64_t &bytes,
           dlc::ParamInfo p) {
  p.offset = llvm::alignTo(bytes, dlc::ModelInfo::kArenaAlign);
  bytes = p.offset + p.numElements() * (int64_t)sizeof(float);
  list.push_back(std::move(p));
}

dlc::ParamInfo describeBufferTensor(Type type, DictionaryAttr attrs) {
  dlc::ParamInfo p;
  p.name = dlc::stringAttr(attrs, dlc::kOnnxNameAttr).str();
  auto shape = cast<RankedTensorType>(type).getShape();
  p.shape.assign(shape.begin(), shape.end());
  p.init = dlc::stringAttr(attrs, dlc::kInitAttr).str();
  p.fanIn = dlc::intAttr(attrs, dlc::kFanInAttr, 1);
  p.fanOut = dlc::intAttr(attrs, dlc::kFanOutAttr, 1);
  return p;
}

std::string optimizerSummary(const dlc::TrainOptions &o) {
  std::string s = o.optimizer;
  auto add = [&](const char *name, double v) {
    char text[32];
    snprintf(text, sizeof text, "%g", v);
    s += std::string(", ") + name + " " + text;
  };
  if (o.optimizer == "sgd" && o.momentum != 0)
    add(o.nesterov ? "nesterov momentum" : "momentum", o.momentum);
  if (o.optimizer == "rmsprop")
    add("rho", o.rho);
  if (o.optimizer == "adam" || o.optimizer == "adamw") {
    add("beta1", o.beta1);
    add("beta2", o.beta2);
  }
  if (o.weightDecay != 0)
    add("weight decay", o.weightDecay);
  if (o.l1 != 0)
    add("l1", o.l1);
  return s;
}

} // namespace

LogicalResult dlc::addTrainStep(ModuleOp module, const TrainOptions &options) {
  PassManager pm(module.getContext());
  BuildTrainStepOptions pass;
  pass.loss = options.loss;
  pass.lossOutput = options.lossOutput;
  pass.optimizer = options.optimizer;
  pass.momentum = options.momentum;
  pass.nesterov = options.nesterov;
  pass.beta1 = options.beta1;
  pass.beta2 = options.beta2;
  pass.rho = options.rho;
  pass.epsilon = options.epsilon;
  pass.weightDecay = options.weightDecay;
  pass.l1 = options.l1;
  pass.trainable.assign(options.trainable.begin(), options.trainable.end());
  pass.frozen.assign(options.frozen.begin(), options.frozen.end());
  pm.addPass(createBuildTrainStep(pass));
  if (failed(pm.run(module)))
    return failure();
  for (auto func : module.getOps<func::FuncOp>())
    func.setPrivate();
  return success();
}

void dlc::describeTraining(ModuleOp module, const TrainOptions &options,
                           ModelInfo &info) {
  auto run = module.lookupSymbol<func::FuncOp>(info.runSymbol());
  auto train = module.lookupSymbol<func::FuncOp>(info.trainSymbol());
  TrainInfo &t = info.train;
  t.enabled = true;
  t.loss = options.loss;
  t.optimizer = optimizerSummary(options);
  t.defaultLr = options.lr;
  for (unsigned i = 0; i < run.getNumArguments(); ++i) {
    DictionaryAttr attrs = run.getArgAttrDict(i);
    Type type = run.getArgumentTypes()[i];
    StringRef role = stringAttr(attrs, kRoleAttr);
    if (role == "param" || role == "buffer") // buffer: running statistics
      place(t.params, t.paramsBytes, describeBufferTensor(type, attrs));
    else
      info.inputs.push_back(describeTensor(type, attrs));
  }
  for (unsigned i = 0; i < run.getNumResults(); ++i)
    info.outputs.push_back(
        describeTensor(run.getResultTypes()[i], run.getResultAttrDict(i)));
  for (unsigned i = 0; i < train.getNumArguments(); ++i) {
    DictionaryAttr attrs = train.getArgAttrDict(i);
    StringRef role = stringAttr(attrs, kRoleAttr);
    if (role == "labels")
      t.labels = describeTensor(train.getArgumentTypes()[i], attrs);
    else if (role == "state")
      place(t.state, t.stateBytes,
            describeBufferTensor(train.getArgumentTypes()[i], attrs));
  }
  assignCNames(info);
}

std::string dlc::serializeBaseModel(const onnx::ModelProto &original,
                                    const TrainInfo &train) {
  llvm::StringSet<> trained;
  for (const ParamInfo &p : train.params)
    trained.insert(p.name);
  onnx::ModelProto base = original;
  auto *inits = base.mutable_graph()->mutable_initializer();
  for (int i = inits->size() - 1; i >= 0; --i)
    if (trained.contains(inits->Get(i).name()))
      inits->DeleteSubrange(i, 1);
  return base.SerializeAsString();
}
