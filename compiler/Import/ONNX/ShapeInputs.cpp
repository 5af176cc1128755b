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
};

/// Ops through which a shape value passes unchanged (as far as which graph
/// input it comes from).
bool isPassThrough(const std::string &opType) {
  return opType == "Identity" || opType == "Cast";
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

  // Value name -> the input of the pass-through node that produces it.
  std::map<std::string, std::string> passThroughSource;
  for (const onnx::NodeProto &node : graph.node())
    if (isPassThrough(node.op_type()) && node.input_size() >= 1)
      for (const std::string &out : node.output())
        passThroughSource[out] = node.input(0);

  std::set<std::string> result;
  for (const onnx::NodeProto &node : graph.node()) {
    auto it = table.find(node.op_type());
    if (it == table.end())
      continue;
    for (int pos : it->second) {
      if (pos >= node.input_size() || node.input(pos).empty())
        continue;
      std::string name = node.input(pos);
      // The graph is acyclic, so the walk ends; the bound guards bad models.
      for (size_t steps = 0; steps <= passThroughSource.size(); ++steps) {
        auto src = passThroughSource.find(name);
        if (src == passThroughSource.end())
          break;
        name = src->second;
      }
      if (runtimeInputs.count(name))
        result.insert(name);
    }
  }
  return result;
}
