//===- ModelInfo.h - the ABI of one compiled model --------------*- C++ -*-===//
#ifndef DLC_COMPILER_TARGET_MODELINFO_H
#define DLC_COMPILER_TARGET_MODELINFO_H

#include <cstdint>
#include <string>
#include <vector>

namespace dlc {

/// The number of elements of a tensor of `shape`.
inline int64_t numElements(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

/// One runtime input or output of the compiled entry point.
struct TensorInfo {
  std::string name;  ///< ONNX value name
  std::string cName; ///< C parameter name (unique within the entry point)
  int32_t onnxType;  ///< onnx::TensorProto_DataType value
  std::vector<int64_t> shape;
  int64_t elementBytes;
  int64_t numElements() const { return dlc::numElements(shape); }
};

/// One tensor of the params or optimizer-state buffer of a training object.
struct ParamInfo {
  std::string name;  ///< ONNX initializer name (state: "<param>.<slot>")
  std::vector<int64_t> shape;
  int64_t offset = 0; ///< bytes from the start of its buffer (64-aligned)
  std::string init;   ///< zeros | he_uniform | glorot_uniform (params)
  int64_t fanIn = 1, fanOut = 1;
  int64_t numElements() const { return dlc::numElements(shape); }
};

/// What --train adds: the step's extra arguments and the two buffers.
struct TrainInfo {
  bool enabled = false;
  TensorInfo labels;
  std::vector<ParamInfo> params;
  int64_t paramsBytes = 0;
  std::vector<ParamInfo> state;
  int64_t stateBytes = 0;
  std::string loss;
  std::string optimizer; ///< with its hyper-parameters, for the header
  double defaultLr = 0.01;
};

/// The ABI of a compiled model: `<name>_run(inputs..., outputs..., arena)`
/// and `<name>_run_packed(void **args)` with args in the same order.
struct ModelInfo {
  std::string name;       ///< C identifier prefix of every symbol
  std::string sourceFile; ///< the ONNX file, as the user named it
  std::vector<TensorInfo> inputs;
  std::vector<TensorInfo> outputs;
  int64_t arenaBytes = 0;
  /// The code calls LLVM's OpenMP runtime (parallel loops).
  bool threads = false;
  /// The code runs on an NVIDIA GPU through libdlcrt's CUDA runtime: every
  /// pointer the entry points take is device memory.
  bool cuda = false;
  /// With cuda and training: where in the arena the training step's
  /// scalars (the learning rate in, the loss out) live on the device.
  int64_t deviceScalarsOffset = -1;
  static constexpr int64_t kArenaAlign = 64;
  TrainInfo train;
  /// Serialized ONNX model without the trained initializers (for saving).
  std::string baseModel;

  std::string runSymbol() const { return name + "_run"; }
  std::string packedSymbol() const { return name + "_run_packed"; }
  std::string trainSymbol() const { return name + "_train_step"; }
};

} // namespace dlc

#endif // DLC_COMPILER_TARGET_MODELINFO_H
