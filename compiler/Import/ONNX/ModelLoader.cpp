//===- ModelLoader.cpp - read, bind, check and shape-infer a model --------===//
//
// The only file that calls into libonnx's checker and shape inference, which
// report through C++ exceptions; it is built with -fexceptions and turns every
// exception into an error string.
//
//===----------------------------------------------------------------------===//

#include "compiler/Import/ONNX/ModelLoader.h"
#include "compiler/Import/ONNX/RunningStatistics.h"

#include "onnx/checker.h"
#include "onnx/common/version.h"
#include "onnx/defs/schema.h"
#include "onnx/shape_inference/implementation.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/text_format.h>

#include <fstream>
#include <set>
#include <sstream>

namespace {

bool readFile(const std::string &path, std::string &bytes, std::string &error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open file";
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  bytes = ss.str();
  return true;
}

bool hasTextSuffix(const std::string &path) {
  for (const char *suffix : {".txt", ".onnxtxt", ".onnxtext", ".pbtxt", ".textproto"}) {
    std::string s(suffix);
    if (path.size() >= s.size() && path.compare(path.size() - s.size(), s.size(), s) == 0)
      return true;
  }
  return false;
}

bool parseModel(const std::string &bytes, bool textFirst, onnx::ModelProto &model) {
  auto parseBinary = [&] {
    google::protobuf::io::ArrayInputStream stream(bytes.data(), (int)bytes.size());
    google::protobuf::io::CodedInputStream coded(&stream);
    coded.SetTotalBytesLimit(INT32_MAX);
    return model.ParseFromCodedStream(&coded) && model.has_graph();
  };
  auto parseText = [&] {
    model.Clear();
    google::protobuf::TextFormat::Parser parser;
    parser.AllowPartialMessage(false);
    // Silence protobuf's own stderr logging of text parse errors.
    struct Quiet : google::protobuf::io::ErrorCollector {
      void AddError(int, int, const std::string &) override {}
    } quiet;
    parser.RecordErrorsTo(&quiet);
    return parser.ParseFromString(bytes, &model) && model.has_graph();
  };
  if (textFirst)
    return parseText() || parseBinary();
  return parseBinary() || parseText();
}

/// Binds symbolic leading dimensions to `batch`; any other symbolic or
/// missing dimension of a runtime input is an error.
bool bindBatch(onnx::GraphProto &graph, int64_t batch, std::string &error) {
  std::set<std::string> initializers;
  for (const auto &init : graph.initializer())
    initializers.insert(init.name());
  for (auto &input : *graph.mutable_input()) {
    if (initializers.count(input.name()) || !input.type().has_tensor_type())
      continue;
    auto *shape = input.mutable_type()->mutable_tensor_type()->mutable_shape();
    for (int axis = 0; axis < shape->dim_size(); ++axis) {
      auto *dim = shape->mutable_dim(axis);
      if (dim->has_dim_value())
        continue;
      std::string sym = dim->has_dim_param() ? dim->dim_param() : "?";
      if (axis == 0 && batch >= 0) {
        dim->set_dim_value(batch);
        continue;
      }
      error = "input '" + input.name() + "' has symbolic dimension '" + sym +
              "' at axis " + std::to_string(axis) +
              (axis == 0 ? "; bind it with --batch=N"
                         : "; only a leading batch dimension can be bound");
      return false;
    }
  }
  return true;
}

bool applyBindings(onnx::GraphProto &graph,
                   const std::map<std::string, std::string> &bindings,
                   std::string &error) {
  for (const auto &[name, file] : bindings) {
    auto *inputs = graph.mutable_input();
    auto it = std::find_if(inputs->begin(), inputs->end(),
                           [&](const auto &vi) { return vi.name() == name; });
    if (it == inputs->end()) {
      error = "--bind " + name + ": the graph has no input of that name";
      return false;
    }
    onnx::TensorProto tensor;
    if (!dlc::readTensorFile(file, tensor, error)) {
      error = "--bind " + name + "=" + file + ": " + error;
      return false;
    }
    tensor.set_name(name);
    *graph.add_initializer() = tensor;
    inputs->erase(it);
  }
  return true;
}

/// The library's own limits, checked before its checker so that a model
/// from a newer exporter gets an error naming both versions.
bool checkVersions(const onnx::ModelProto &model, std::string &error) {
  std::string library = std::string("this dlc's ONNX library (") +
                        onnx::LAST_RELEASE_VERSION + ")";
  if (model.ir_version() > onnx::IR_VERSION) {
    error = "IR version " + std::to_string(model.ir_version()) +
            " is newer than " + library + " reads (IR " +
            std::to_string(onnx::IR_VERSION) + ")";
    return false;
  }
  const auto &ranges = onnx::OpSchemaRegistry::DomainToVersionRange::Instance();
  for (const auto &opset : model.opset_import()) {
    std::string domain = opset.domain() == "ai.onnx" ? "" : opset.domain();
    auto it = ranges.Map().find(domain);
    if (it == ranges.Map().end() || opset.version() <= it->second.second)
      continue;
    error = "opset " + std::to_string(opset.version()) + " of domain '" +
            (domain.empty() ? "ai.onnx" : domain) + "' is newer than " +
            library + " defines (" + std::to_string(it->second.second) + ")";
    return false;
  }
  return true;
}

} // namespace

bool dlc::readTensorFile(const std::string &path, onnx::TensorProto &tensor,
                         std::string &error) {
  std::string bytes;
  if (!readFile(path, bytes, error))
    return false;
  if (!tensor.ParseFromString(bytes)) {
    error = "not a serialized onnx.TensorProto";
    return false;
  }
  return true;
}

bool dlc::readModel(const std::string &path, onnx::ModelProto &model,
                    std::string &error) {
  std::string bytes;
  if (!readFile(path, bytes, error))
    return false;
  if (bytes.empty() || !parseModel(bytes, hasTextSuffix(path), model)) {
    error = "not an ONNX model (neither binary nor text protobuf ModelProto)";
    return false;
  }
  separateRunningStatistics(*model.mutable_graph());
  return true;
}

bool dlc::prepareModel(onnx::ModelProto &model, const LoadOptions &options,
                       std::string &error) {
  if (!applyBindings(*model.mutable_graph(), options.bindings, error) ||
      !bindBatch(*model.mutable_graph(), options.batch, error))
    return false;
  if (!checkVersions(model, error))
    return false;
  try {
    onnx::checker::check_model(model);
  } catch (const std::exception &e) {
    std::string what = e.what();
    error = "invalid ONNX model: " + what.substr(0, what.find('\n'));
    return false;
  }
  try {
    onnx::ShapeInferenceOptions inferOptions(/*check_type=*/false,
                                             /*error_mode=*/0,
                                             /*data_prop=*/true);
    onnx::shape_inference::InferShapes(
        model, onnx::OpSchemaRegistry::Instance(), inferOptions);
  } catch (const std::exception &e) {
    // Shape inference is a helper: importers compute what it could not.
  }
  return true;
}
