//===- ShapeInputsTest.cpp - which graph inputs decide shapes -------------===//
//
// findShapeDecidingInputs walks back from every shape operand through the
// shape arithmetic (any op but Shape and Size, which read only their
// input's shape): CenterCropPad's ONNX function computes Pad's pads from
// the `shape` input and Shape(x), so `shape` must be bound and x must not.
//
//===----------------------------------------------------------------------===//
#include "compiler/Import/ONNX/ShapeInputs.h"

#include <gtest/gtest.h>

namespace {

onnx::NodeProto *addNode(onnx::GraphProto &g, const char *op,
                         std::initializer_list<const char *> ins,
                         const char *out) {
  onnx::NodeProto *node = g.add_node();
  node->set_op_type(op);
  for (const char *in : ins)
    node->add_input(in);
  node->add_output(out);
  return node;
}

TEST(ShapeInputs, WalksThroughShapeArithmeticButNotShape) {
  onnx::GraphProto g;
  for (const char *name : {"x", "shape", "scale", "w"})
    g.add_input()->set_name(name);
  g.add_initializer()->set_name("w");
  addNode(g, "Shape", {"x"}, "s");
  addNode(g, "Sub", {"shape", "s"}, "d");
  addNode(g, "Div", {"d", "w"}, "half");
  addNode(g, "Concat", {"half", "d"}, "pads");
  addNode(g, "Pad", {"x", "pads"}, "y");
  addNode(g, "Mul", {"y", "scale"}, "z");
  std::set<std::string> expected{"shape"};
  EXPECT_EQ(dlc::findShapeDecidingInputs(g), expected);
}

TEST(ShapeInputs, DirectAndThroughCast) {
  onnx::GraphProto g;
  for (const char *name : {"x", "dims", "k"})
    g.add_input()->set_name(name);
  addNode(g, "Cast", {"dims"}, "dims64");
  addNode(g, "Reshape", {"x", "dims64"}, "r");
  addNode(g, "TopK", {"r", "k"}, "t");
  std::set<std::string> expected{"dims", "k"};
  EXPECT_EQ(dlc::findShapeDecidingInputs(g), expected);
}

} // namespace
