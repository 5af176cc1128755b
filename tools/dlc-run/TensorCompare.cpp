//===- TensorCompare.cpp - compare a model output with the expected -------===//

#include "tools/dlc-run/TensorCompare.h"

#include "onnx/onnx_pb.h"

#include <cmath>
#include <cstring>
#include <limits>

using onnx::TensorProto;

namespace {

template <typename T> T load(const void *base, int64_t i) {
  T value;
  std::memcpy(&value, static_cast<const char *>(base) + i * sizeof(T),
              sizeof(T));
  return value;
}

float halfToFloat(uint16_t h) {
  float sign = (h & 0x8000) ? -1.0f : 1.0f;
  int exponent = (h >> 10) & 0x1f;
  int mantissa = h & 0x3ff;
  if (exponent == 0)
    return sign * std::ldexp(static_cast<float>(mantissa), -24);
  if (exponent == 31)
    return mantissa ? std::numeric_limits<float>::quiet_NaN()
                    : sign * std::numeric_limits<float>::infinity();
  return sign * std::ldexp(static_cast<float>(mantissa | 0x400), exponent - 25);
}

float bfloat16ToFloat(uint16_t h) {
  uint32_t bits = static_cast<uint32_t>(h) << 16;
  float value;
  std::memcpy(&value, &bits, sizeof(value));
  return value;
}

bool isFloatType(int32_t type) {
  return type == TensorProto::FLOAT || type == TensorProto::DOUBLE ||
         type == TensorProto::FLOAT16 || type == TensorProto::BFLOAT16;
}

bool isUnsignedType(int32_t type) {
  return type == TensorProto::UINT8 || type == TensorProto::UINT16 ||
         type == TensorProto::UINT32 || type == TensorProto::UINT64 ||
         type == TensorProto::BOOL;
}

double floatAt(const dlc::HostTensor &t, int64_t i) {
  switch (t.type()) {
  case TensorProto::FLOAT:
    return load<float>(t.data(), i);
  case TensorProto::DOUBLE:
    return load<double>(t.data(), i);
  case TensorProto::FLOAT16:
    return halfToFloat(load<uint16_t>(t.data(), i));
  default:
    return bfloat16ToFloat(load<uint16_t>(t.data(), i));
  }
}

/// The element as its bit pattern widened to 64 bits (sign-extended for
/// signed types), so that equality is exact for every integer type.
uint64_t intAt(const dlc::HostTensor &t, int64_t i) {
  switch (t.type()) {
  case TensorProto::INT8:
    return static_cast<uint64_t>(load<int8_t>(t.data(), i));
  case TensorProto::INT16:
    return static_cast<uint64_t>(load<int16_t>(t.data(), i));
  case TensorProto::INT32:
    return static_cast<uint64_t>(load<int32_t>(t.data(), i));
  case TensorProto::INT64:
    return static_cast<uint64_t>(load<int64_t>(t.data(), i));
  case TensorProto::BOOL:
  case TensorProto::UINT8:
    return load<uint8_t>(t.data(), i);
  case TensorProto::UINT16:
    return load<uint16_t>(t.data(), i);
  case TensorProto::UINT32:
    return load<uint32_t>(t.data(), i);
  default:
    return load<uint64_t>(t.data(), i);
  }
}

std::string formatInt(uint64_t value, int32_t type) {
  return isUnsignedType(type) ? std::to_string(value)
                              : std::to_string(static_cast<int64_t>(value));
}

std::string formatFloat(double value) {
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%.9g", value);
  return buf;
}

bool floatsMatch(double got, double want, const dlc::Tolerance &tol) {
  if (std::isnan(want) || std::isnan(got))
    return std::isnan(want) && std::isnan(got);
  if (got == want) // also equal infinities
    return true;
  return std::fabs(got - want) <= tol.atol + tol.rtol * std::fabs(want);
}

} // namespace

std::optional<std::string> dlc::compareTensors(const HostTensor &got,
                                               const HostTensor &want,
                                               const Tolerance &tol) {
  if (got.type() != want.type())
    return "element type " + onnxTypeName(got.type()) + ", expected " +
           onnxTypeName(want.type());
  if (got.shape() != want.shape())
    return "shape " + formatShape(got.shape()) + ", expected " +
           formatShape(want.shape());
  int64_t n = want.numElements();
  if (isFloatType(want.type())) {
    for (int64_t i = 0; i < n; ++i) {
      double g = floatAt(got, i), w = floatAt(want, i);
      if (!floatsMatch(g, w, tol))
        return "index " + std::to_string(i) + ": got " + formatFloat(g) +
               ", expected " + formatFloat(w);
    }
    return std::nullopt;
  }
  for (int64_t i = 0; i < n; ++i) {
    uint64_t g = intAt(got, i), w = intAt(want, i);
    if (g != w)
      return "index " + std::to_string(i) + ": got " +
             formatInt(g, want.type()) + ", expected " +
             formatInt(w, want.type());
  }
  return std::nullopt;
}
