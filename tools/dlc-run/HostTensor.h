//===- HostTensor.h - dense tensors in host memory for dlc-run --*- C++ -*-===//
//
// The buffers dlc-run hands to a compiled model and compares afterwards:
// dense, row-major, in the ONNX element type, 64-byte aligned. They are read
// from the backend test suite's serialized onnx.TensorProto files.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_TOOLS_DLC_RUN_HOSTTENSOR_H
#define DLC_TOOLS_DLC_RUN_HOSTTENSOR_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace onnx {
class TensorProto;
} // namespace onnx

namespace dlc {

/// Bytes per element of an ONNX element type dlc-run can hold, or 0 (string,
/// complex, 4-bit and 8-bit float types).
int64_t onnxElementBytes(int32_t onnxType);

/// The ONNX spelling of an element type ("float", "int64", ...).
std::string onnxTypeName(int32_t onnxType);

/// Formats a shape as `[2, 3, 4]`.
std::string formatShape(const std::vector<int64_t> &shape);

/// A dense row-major tensor in host memory, zero-initialised, 64-byte aligned.
class HostTensor {
public:
  HostTensor() = default;
  HostTensor(int32_t onnxType, std::vector<int64_t> shape);

  int32_t type() const { return onnxType; }
  const std::vector<int64_t> &shape() const { return dims; }
  int64_t numElements() const;
  size_t sizeInBytes() const { return bytes; }
  void *data() { return storage.get(); }
  const void *data() const { return storage.get(); }

private:
  struct Free {
    void operator()(void *p) const { std::free(p); }
  };
  int32_t onnxType = 0;
  std::vector<int64_t> dims;
  size_t bytes = 0;
  std::unique_ptr<void, Free> storage;
};

/// Reads a serialized onnx.TensorProto (raw_data or the typed fields).
llvm::Expected<HostTensor> readHostTensor(llvm::StringRef path);

/// Decodes an onnx.TensorProto held in memory (an initializer).
llvm::Expected<HostTensor> hostTensorFromProto(const onnx::TensorProto &proto);

/// Element `i` of a FLOAT or DOUBLE tensor.
double floatElement(const HostTensor &t, int64_t i);
void setFloatElement(HostTensor &t, int64_t i, double value);

} // namespace dlc

#endif // DLC_TOOLS_DLC_RUN_HOSTTENSOR_H
