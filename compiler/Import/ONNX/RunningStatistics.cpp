//===- RunningStatistics.cpp - batch norm statistics of their own ---------===//

#include "compiler/Import/ONNX/RunningStatistics.h"

#include <map>
#include <set>
#include <string>

namespace {

bool isRunningStatisticUse(const onnx::NodeProto &node, int input) {
  return node.op_type() == "BatchNormalization" &&
         (node.domain().empty() || node.domain() == "ai.onnx") &&
         (input == 3 || input == 4);
}

/// Every value name of the graph, so new names can be made unique.
std::set<std::string> valueNames(const onnx::GraphProto &graph) {
  std::set<std::string> names;
  for (const auto &init : graph.initializer())
    names.insert(init.name());
  for (const auto &vi : graph.input())
    names.insert(vi.name());
  for (const auto &node : graph.node())
    for (const auto &out : node.output())
      names.insert(out);
  return names;
}

std::string uniqueName(std::set<std::string> &names, const std::string &base) {
  std::string name = base;
  for (int i = 1; names.count(name); ++i)
    name = base + "_" + std::to_string(i);
  names.insert(name);
  return name;
}

/// How many node inputs and graph outputs read each name.
std::map<std::string, int> useCounts(const onnx::GraphProto &graph) {
  std::map<std::string, int> uses;
  for (const auto &node : graph.node())
    for (const auto &in : node.input())
      ++uses[in];
  for (const auto &out : graph.output())
    ++uses[out.name()];
  return uses;
}

} // namespace

void dlc::separateRunningStatistics(onnx::GraphProto &graph) {
  std::map<std::string, int> initializer;
  for (int i = 0; i < graph.initializer_size(); ++i)
    initializer[graph.initializer(i).name()] = i;
  std::map<std::string, int> uses = useCounts(graph);
  std::set<std::string> names = valueNames(graph), orphans;
  for (auto &node : *graph.mutable_node()) {
    for (int k = 0; k < node.input_size(); ++k) {
      const std::string shared = node.input(k);
      auto it = initializer.find(shared);
      if (!isRunningStatisticUse(node, k) || it == initializer.end() ||
          uses[shared] < 2)
        continue;
      std::string owner = node.name().empty() ? node.output(0) : node.name();
      std::string name = uniqueName(
          names, owner + (k == 3 ? ".running_mean" : ".running_var"));
      onnx::TensorProto copy = graph.initializer(it->second);
      copy.set_name(name);
      *graph.add_initializer() = copy;
      // Before IR 4 an initializer is also a graph input: so is its copy.
      for (int i = 0, n = graph.input_size(); i < n; ++i)
        if (graph.input(i).name() == shared) {
          onnx::ValueInfoProto input = graph.input(i);
          input.set_name(name);
          *graph.add_input() = input;
          break;
        }
      node.set_input(k, name);
      if (--uses[shared] == 0)
        orphans.insert(shared);
    }
  }
  auto drop = [&](auto *values) {
    for (int i = values->size() - 1; i >= 0; --i)
      if (orphans.count(values->Get(i).name()))
        values->DeleteSubrange(i, 1);
  };
  drop(graph.mutable_initializer());
  drop(graph.mutable_input());
}
