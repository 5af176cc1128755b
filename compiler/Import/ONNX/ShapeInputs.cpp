//===- ShapeInputs.cpp - graph inputs that only decide shapes -------------===//
//
// One table lists, per op type, the operand positions whose values only
// decide shapes. Positions are the same in every opset that has them as
// inputs (older opsets carry them as attributes and simply have fewer
// inputs), so no opset check is needed.
//
//===----------------------------------------------------------------------===//

#include "compiler/Import/ONNX/ShapeInputs.h"

#include <initializer_list>
#include <map>
#include <vector>

namespace {

struct ShapeOperands {
  const char *opType;
  std::initializer_list<int> positions;
};

const ShapeOperands kShapeOperands[] = {
    {"Reshape", {1}},          {"Expand", {1}},
    {"Tile", {1}},             {"ConstantOfShape", {0}},
    {"Slice", {1, 2, 3, 4}},   {"Range", {0, 1, 2}},
    {"Pad", {1, 2, 3}},        {"Split", {1}},
    {"Resize", {1, 2, 3}},     {"Upsample", {1}},
    {"TopK", {1}},             {"OneHot", {1}},
    {"Squeeze", {1}},          {"Unsqueeze", {1}},
    {"ReduceSum", {1}},        {"ReduceMean", {1}},
    {"ReduceMax", {1}},        {"ReduceMin", {1}},
    {"ReduceProd", {1}},       {"ReduceL1", {1}},
    {"ReduceL2", {1}},         {"ReduceLogSum", {1}},
    {"ReduceLogSumExp", {1}},  {"ReduceSumSquare", {1}},
    // Unrolled only when every sequence is full length (ImportRecurrent).
    {"RNN", {4}},              {"GRU", {4}},
    {"LSTM", {4}},             {"CumSum", {1}}, {"CumProd", {1}},
    {"HannWindow", {0}},       {"HammingWindow", {0}},
    {"BlackmanWindow", {0}},
    {"CenterCropPad", {1}},    {"Col2Im", {1, 2}},
    {"DFT", {1, 2}},
};

/// Ops whose result depends on their input's shape alone, not its values:
/// the walk back from a shape operand stops there.
bool readsShapeOnly(const std::string &opType) {
  return opType == "Shape" || opType == "Size";
}

} // namespace

std::set<std::string>
dlc::findShapeDecidingInputs(const onnx::GraphProto &graph) {
  std::map<std::string, std::vector<int>> table;
  for (const ShapeOperands &entry : kShapeOperands)
    table[entry.opType] = entry.positions;

  std::set<std::string> initializers;
  for (const onnx::TensorProto &t : graph.initializer())
    initializers.insert(t.name());
  for (const onnx::SparseTensorProto &t : graph.sparse_initializer())
    initializers.insert(t.values().name());
  std::set<std::string> runtimeInputs;
  for (const onnx::ValueInfoProto &in : graph.input())
    if (!initializers.count(in.name()))
      runtimeInputs.insert(in.name());

  // Value name -> the node that produces it.
  std::map<std::string, const onnx::NodeProto *> producer;
  for (const onnx::NodeProto &node : graph.node())
    for (const std::string &out : node.output())
      producer[out] = &node;

  // Every runtime input a shape operand's value is computed from, through
  // any chain of ops (the shape arithmetic exporters write) but Shape/Size.
  std::set<std::string> result, visited;
  std::vector<std::string> work;
  for (const onnx::NodeProto &node : graph.node()) {
    auto it = table.find(node.op_type());
    if (it == table.end())
      continue;
    for (int pos : it->second)
      if (pos < node.input_size() && !node.input(pos).empty())
        work.push_back(node.input(pos));
  }
  while (!work.empty()) {
    std::string name = work.back();
    work.pop_back();
    if (!visited.insert(name).second)
      continue;
    if (runtimeInputs.count(name)) {
      result.insert(name);
      continue;
    }
    auto src = producer.find(name);
    if (src == producer.end() || readsShapeOnly(src->second->op_type()))
      continue;
    for (const std::string &in : src->second->input())
      if (!in.empty())
        work.push_back(in);
  }
  return result;
}
