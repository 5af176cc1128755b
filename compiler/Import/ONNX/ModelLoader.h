//===- ModelLoader.h - read, bind, check and shape-infer a model -*- C++ -*-===//
#ifndef DLC_COMPILER_IMPORT_ONNX_MODELLOADER_H
#define DLC_COMPILER_IMPORT_ONNX_MODELLOADER_H

#include "onnx/onnx_pb.h"

#include <cstdint>
#include <map>
#include <string>

namespace dlc {

struct LoadOptions {
  /// Value for a symbolic leading dimension of the graph inputs; -1: none.
  int64_t batch = -1;
  /// Graph inputs turned into initializers: name -> TensorProto (.pb) file.
  std::map<std::string, std::string> bindings;
};

/// Parses `path`: binary protobuf, or protobuf text for .txt/.onnxtxt/.pbtxt
/// files or when the binary parse fails, and gives batch norms' running
/// statistics initializers of their own (RunningStatistics.h). On failure
/// returns false and sets `error` to one line.
bool readModel(const std::string &path, onnx::ModelProto &model,
               std::string &error);

/// Applies the batch and input bindings to a parsed model, then runs
/// onnx::checker and onnx::shape_inference (with data propagation).
bool prepareModel(onnx::ModelProto &model, const LoadOptions &options,
                  std::string &error);

/// Reads a serialized onnx.TensorProto from a file.
bool readTensorFile(const std::string &path, onnx::TensorProto &tensor,
                    std::string &error);

} // namespace dlc

#endif // DLC_COMPILER_IMPORT_ONNX_MODELLOADER_H
