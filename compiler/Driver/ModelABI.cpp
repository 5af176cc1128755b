//===- ModelABI.cpp - the entry points' ABI from the compiled functions ---===//
#include "compiler/Driver/ModelABI.h"

#include "compiler/Import/ONNX/ONNXImporter.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Path.h"

using namespace mlir;

dlc::TensorInfo dlc::describeTensor(Type type, DictionaryAttr attrs) {
  auto tensor = cast<RankedTensorType>(type);
  TensorInfo t;
  t.name = stringAttr(attrs, kOnnxNameAttr).str();
  t.onnxType = intAttr(attrs, kOnnxTypeAttr, 0);
  t.shape.assign(tensor.getShape().begin(), tensor.getShape().end());
  t.elementBytes = (tensor.getElementTypeBitWidth() + 7) / 8;
  return t;
}

StringRef dlc::stringAttr(DictionaryAttr attrs, StringRef name) {
  if (attrs)
    if (auto s = attrs.getAs<StringAttr>(name))
      return s.getValue();
  return {};
}

int64_t dlc::intAttr(DictionaryAttr attrs, StringRef name, int64_t otherwise) {
  if (attrs)
    if (auto i = attrs.getAs<IntegerAttr>(name))
      return i.getInt();
  return otherwise;
}

void dlc::assignCNames(ModelInfo &info) {
  llvm::StringSet<> used{"arena", "params", "state", "lr"};
  auto assign = [&](TensorInfo &t) {
    std::string base = sanitizeIdentifier(t.name);
    std::string name = base;
    for (int i = 2; !used.insert(name).second; ++i)
      name = base + "_" + std::to_string(i);
    t.cName = name;
  };
  for (auto &t : info.inputs)
    assign(t);
  for (auto &t : info.outputs)
    assign(t);
  if (info.train.enabled)
    assign(info.train.labels);
}

dlc::ModelInfo dlc::describeModel(const CompileOptions &options) {
  ModelInfo info;
  info.name = options.modelName;
  info.sourceFile = llvm::sys::path::filename(options.inputPath).str();
  info.cuda = options.target == Target::CUDA;
  info.threads = !info.cuda && options.threads && options.optLevel > 0;
  return info;
}

dlc::ModelInfo dlc::describeInference(func::FuncOp func,
                                     const CompileOptions &options) {
  ModelInfo info = describeModel(options);
  FunctionType type = func.getFunctionType();
  for (unsigned i = 0; i < type.getNumInputs(); ++i)
    info.inputs.push_back(describeTensor(type.getInput(i), func.getArgAttrDict(i)));
  for (unsigned i = 0; i < type.getNumResults(); ++i)
    info.outputs.push_back(
        describeTensor(type.getResult(i), func.getResultAttrDict(i)));
  assignCNames(info);
  return info;
}
