//===- HostTensor.cpp - dense tensors in host memory for dlc-run ----------===//

#include "tools/dlc-run/HostTensor.h"

#include "llvm/Support/MemoryBuffer.h"

#include "onnx/onnx_pb.h"

#include <cstring>

using onnx::TensorProto;

int64_t dlc::onnxElementBytes(int32_t onnxType) {
  switch (onnxType) {
  case TensorProto::BOOL:
  case TensorProto::INT8:
  case TensorProto::UINT8:
    return 1;
  case TensorProto::INT16:
  case TensorProto::UINT16:
  case TensorProto::FLOAT16:
  case TensorProto::BFLOAT16:
    return 2;
  case TensorProto::FLOAT:
  case TensorProto::INT32:
  case TensorProto::UINT32:
    return 4;
  case TensorProto::DOUBLE:
  case TensorProto::INT64:
  case TensorProto::UINT64:
    return 8;
  default:
    return 0;
  }
}

std::string dlc::onnxTypeName(int32_t onnxType) {
  if (!TensorProto::DataType_IsValid(onnxType))
    return "type " + std::to_string(onnxType);
  std::string name =
      TensorProto::DataType_Name(static_cast<TensorProto::DataType>(onnxType));
  for (char &c : name)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

std::string dlc::formatShape(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

dlc::HostTensor::HostTensor(int32_t onnxType, std::vector<int64_t> shape)
    : onnxType(onnxType), dims(std::move(shape)) {
  bytes = static_cast<size_t>(numElements() * onnxElementBytes(onnxType));
  // aligned_alloc wants a non-zero multiple of the alignment.
  size_t allocBytes = (bytes + 63) / 64 * 64;
  storage.reset(std::aligned_alloc(64, allocBytes ? allocBytes : 64));
  std::memset(storage.get(), 0, allocBytes ? allocBytes : 64);
}

int64_t dlc::HostTensor::numElements() const {
  int64_t n = 1;
  for (int64_t d : dims)
    n *= d;
  return n;
}

namespace {

llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// Copies the typed repeated field `values` into `out`, keeping the low bytes
/// of each value (the typed fields widen small types; the host is
/// little-endian like raw_data).
template <typename Field>
llvm::Error copyTypedField(const Field &values, dlc::HostTensor &out) {
  if (values.size() != out.numElements())
    return makeError("holds " + llvm::Twine(values.size()) +
                     " values for " + llvm::Twine(out.numElements()) +
                     " elements");
  int64_t elementBytes = dlc::onnxElementBytes(out.type());
  auto *dst = static_cast<char *>(out.data());
  for (int i = 0; i < values.size(); ++i) {
    auto value = values.Get(i);
    static_assert(sizeof(value) >= 4, "typed fields are 32 or 64 bit");
    std::memcpy(dst + i * elementBytes, &value, elementBytes);
  }
  return llvm::Error::success();
}

llvm::Error decodeTensor(const TensorProto &proto, dlc::HostTensor &out) {
  if (proto.data_location() == TensorProto::EXTERNAL)
    return makeError("external tensor data is not supported");
  if (proto.has_raw_data()) {
    if (proto.raw_data().size() != out.sizeInBytes())
      return makeError("raw_data has " + llvm::Twine(proto.raw_data().size()) +
                       " bytes, expected " + llvm::Twine(out.sizeInBytes()));
    std::memcpy(out.data(), proto.raw_data().data(), out.sizeInBytes());
    return llvm::Error::success();
  }
  switch (proto.data_type()) {
  case TensorProto::FLOAT:
    return copyTypedField(proto.float_data(), out);
  case TensorProto::DOUBLE:
    return copyTypedField(proto.double_data(), out);
  case TensorProto::INT64:
    return copyTypedField(proto.int64_data(), out);
  case TensorProto::UINT32:
  case TensorProto::UINT64:
    return copyTypedField(proto.uint64_data(), out);
  default:
    return copyTypedField(proto.int32_data(), out);
  }
}

} // namespace

llvm::Expected<dlc::HostTensor>
dlc::hostTensorFromProto(const TensorProto &proto) {
  if (onnxElementBytes(proto.data_type()) == 0)
    return makeError("unsupported element type " +
                     onnxTypeName(proto.data_type()));
  std::vector<int64_t> shape(proto.dims().begin(), proto.dims().end());
  for (int64_t d : shape)
    if (d < 0)
      return makeError("negative dimension");
  HostTensor tensor(proto.data_type(), std::move(shape));
  if (llvm::Error err = decodeTensor(proto, tensor))
    return std::move(err);
  return std::move(tensor);
}

llvm::Expected<dlc::HostTensor> dlc::readHostTensor(llvm::StringRef path) {
  auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false);
  if (!file)
    return makeError(path + ": " + file.getError().message());
  TensorProto proto;
  if (!proto.ParseFromArray((*file)->getBufferStart(),
                            static_cast<int>((*file)->getBufferSize())))
    return makeError(path + ": not a serialized onnx.TensorProto");
  auto tensor = hostTensorFromProto(proto);
  if (!tensor)
    return makeError(path + ": " + llvm::toString(tensor.takeError()));
  return tensor;
}

double dlc::floatElement(const HostTensor &t, int64_t i) {
  if (t.type() == TensorProto::DOUBLE)
    return static_cast<const double *>(t.data())[i];
  return static_cast<const float *>(t.data())[i];
}

void dlc::setFloatElement(HostTensor &t, int64_t i, double value) {
  if (t.type() == TensorProto::DOUBLE)
    static_cast<double *>(t.data())[i] = value;
  else
    static_cast<float *>(t.data())[i] = static_cast<float>(value);
}
