//===- RuntimeTestSupport.h - helpers for the libdlcrt tests ----*- C++ -*-===//
//
// A scratch directory, file helpers, a small ONNX model built with libonnx's
// protobuf classes, and a protobuf wire writer for tensors protobuf's own
// serializer would never write (unpacked floats, packed dims).
//
//===----------------------------------------------------------------------===//
#ifndef DLC_TEST_UNIT_RUNTIME_RUNTIMETESTSUPPORT_H
#define DLC_TEST_UNIT_RUNTIME_RUNTIMETESTSUPPORT_H

#include "dlc/dlcrt.h"
#include "onnx/onnx_pb.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dlc::test {

/// A fresh directory under $TMPDIR (or /tmp), removed with its contents.
class ScratchDir {
public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir &) = delete;
  ScratchDir &operator=(const ScratchDir &) = delete;
  const std::string &path() const { return dir; }
  std::string file(const std::string &name) const { return dir + "/" + name; }
  /// The names in the directory, sorted.
  std::vector<std::string> entries() const { return entriesOf(dir); }
  static std::vector<std::string> entriesOf(const std::string &dir);

private:
  std::string dir;
};

std::string readFile(const std::string &path);
void writeFile(const std::string &path, const std::string &bytes);

/// Y = Gemm(X[1,4], W[4,3], B[3]) with W and B initializers left out: the
/// base model the compiler would embed. ir_version 8, opset 13.
onnx::ModelProto gemmBaseModel();

/// Descs for W [4,3] (offset 0) and B [3] (offset 64) in a 76-byte buffer.
struct GemmParams {
  std::vector<int64_t> wDims{4, 3}, bDims{3};
  dlc_param_desc descs[2];
  GemmParams();
  static constexpr size_t kBytes = 76;
  static constexpr size_t kFloats = kBytes / 4;
};

/// Appends protobuf wire-format fields to a string.
class WireWriter {
public:
  void varint(uint64_t v);
  void tag(uint32_t field, uint32_t wire) { varint(uint64_t(field) << 3 | wire); }
  void varintField(uint32_t field, uint64_t v) { tag(field, 0); varint(v); }
  void fixed32Field(uint32_t field, float v);
  void lenField(uint32_t field, const std::string &payload);
  const std::string &bytes() const { return out; }

private:
  std::string out;
};

/// The little-endian bytes of `values`.
std::string floatBytes(const std::vector<float> &values);

} // namespace dlc::test

#endif // DLC_TEST_UNIT_RUNTIME_RUNTIMETESTSUPPORT_H
