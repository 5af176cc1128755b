//===- ConvertTensorTest.cpp - dlc::convertTensor ---------------------------===//
//
// ONNX TensorProto -> DenseElementsAttr for the encodings the ONNX spec
// (onnx.proto) allows: little-endian raw_data, or the typed repeated fields
// (float_data, double_data, int64_data, and int32_data for INT8/INT16/INT32,
// BOOL and the bit pattern of FLOAT16).
//
//===----------------------------------------------------------------------===//

#include "compiler/Import/ONNX/ImportContext.h"

#include "mlir/IR/MLIRContext.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <cstring>

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class ConvertTensorTest : public ::testing::Test {
protected:
  mlir::MLIRContext ctx;
  std::string error;

  mlir::DenseElementsAttr convertOk(const onnx::TensorProto &t) {
    auto r = dlc::convertTensor(t, &ctx, error);
    EXPECT_TRUE(mlir::succeeded(r)) << error;
    return mlir::succeeded(r) ? *r : mlir::DenseElementsAttr();
  }

  static std::vector<int64_t> shapeOf(mlir::DenseElementsAttr a) {
    auto s = llvm::cast<mlir::RankedTensorType>(a.getType()).getShape();
    return std::vector<int64_t>(s.begin(), s.end());
  }

  template <typename T> static std::string rawBytes(std::vector<T> v) {
    std::string s(v.size() * sizeof(T), '\0');
    std::memcpy(s.data(), v.data(), s.size());
    return s;
  }
};

TEST_F(ConvertTensorTest, FloatRawData) {
  onnx::TensorProto t;
  t.set_name("w");
  t.set_data_type(onnx::TensorProto::FLOAT);
  t.add_dims(2);
  t.add_dims(2);
  t.set_raw_data(rawBytes<float>({1.0f, -2.5f, 0.5f, 3.0f}));
  auto a = convertOk(t);
  ASSERT_TRUE(a);
  EXPECT_TRUE(a.getElementType().isF32());
  EXPECT_THAT(shapeOf(a), ElementsAre(2, 2));
  EXPECT_THAT(llvm::to_vector(a.getValues<float>()),
              ElementsAre(1.0f, -2.5f, 0.5f, 3.0f));
}

TEST_F(ConvertTensorTest, Int64RawData) {
  onnx::TensorProto t;
  t.set_data_type(onnx::TensorProto::INT64);
  t.add_dims(3);
  t.set_raw_data(rawBytes<int64_t>({-1, 0, int64_t(1) << 40}));
  auto a = convertOk(t);
  ASSERT_TRUE(a);
  EXPECT_TRUE(a.getElementType().isInteger(64));
  EXPECT_THAT(llvm::to_vector(a.getValues<int64_t>()),
              ElementsAre(-1, 0, int64_t(1) << 40));
}

TEST_F(ConvertTensorTest, BoolRawDataIsOneBytePerElement) {
  onnx::TensorProto t;
  t.set_data_type(onnx::TensorProto::BOOL);
  t.add_dims(3);
  t.set_raw_data(std::string("\x01\x00\x01", 3));
  auto a = convertOk(t);
  ASSERT_TRUE(a);
  EXPECT_TRUE(a.getElementType().isInteger(1));
  EXPECT_THAT(llvm::to_vector(a.getValues<bool>()),
              ElementsAre(true, false, true));
}

TEST_F(ConvertTensorTest, FloatData) {
  onnx::TensorProto t;
  t.set_data_type(onnx::TensorProto::FLOAT);
  t.add_dims(3);
  t.add_float_data(0.25f);
  t.add_float_data(-1.0f);
  t.add_float_data(8.0f);
  auto a = convertOk(t);
  ASSERT_TRUE(a);
  EXPECT_THAT(llvm::to_vector(a.getValues<float>()),
              ElementsAre(0.25f, -1.0f, 8.0f));
}

TEST_F(ConvertTensorTest, DoubleData) {
  onnx::TensorProto t;
  t.set_data_type(onnx::TensorProto::DOUBLE);
  t.add_dims(2);
  t.add_double_data(1e300);
  t.add_double_data(-0.125);
  auto a = convertOk(t);
  ASSERT_TRUE(a);
  EXPECT_TRUE(a.getElementType().isF64());
  EXPECT_THAT(llvm::to_vector(a.getValues<double>()),
              ElementsAre(1e300, -0.125));
}

TEST_F(ConvertTensorTest, ScalarInt64Data) {
  onnx::TensorProto t;
  t.set_data_type(onnx::TensorProto::INT64);
  t.add_int64_data(7);
  auto a = convertOk(t);
  ASSERT_TRUE(a);
  // No dims: a rank-0 tensor holding one element.
  EXPECT_TRUE(shapeOf(a).empty());
  EXPECT_EQ(a.getNumElements(), 1);
  EXPECT_EQ(*a.getValues<int64_t>().begin(), 7);
}

TEST_F(ConvertTensorTest, Int32Data) {
  onnx::TensorProto t;
  t.set_data_type(onnx::TensorProto::INT32);
  t.add_dims(1);
  t.add_dims(2);
  t.add_int32_data(-5);
  t.add_int32_data(2147483647);
  auto a = convertOk(t);
  ASSERT_TRUE(a);
  EXPECT_TRUE(a.getElementType().isInteger(32));
  EXPECT_THAT(shapeOf(a), ElementsAre(1, 2));
  EXPECT_THAT(llvm::to_vector(a.getValues<int32_t>()),
              ElementsAre(-5, 2147483647));
}

TEST_F(ConvertTensorTest, Int8InInt32Data) {
  // INT8 values travel in int32_data, one per entry.
  onnx::TensorProto t;
  t.set_data_type(onnx::TensorProto::INT8);
  t.add_dims(3);
  t.add_int32_data(-128);
  t.add_int32_data(-3);
  t.add_int32_data(127);
  auto a = convertOk(t);
  ASSERT_TRUE(a);
  EXPECT_TRUE(a.getElementType().isInteger(8));
  EXPECT_THAT(llvm::to_vector(a.getValues<int8_t>()),
              ElementsAre(-128, -3, 127));
}

TEST_F(ConvertTensorTest, BoolInInt32Data) {
  onnx::TensorProto t;
  t.set_data_type(onnx::TensorProto::BOOL);
  t.add_dims(2);
  t.add_int32_data(0);
  t.add_int32_data(1);
  auto a = convertOk(t);
  ASSERT_TRUE(a);
  EXPECT_THAT(llvm::to_vector(a.getValues<bool>()), ElementsAre(false, true));
}

TEST_F(ConvertTensorTest, Float16BitsInInt32Data) {
  // IEEE half: 0x3C00 = 1.0, 0xC000 = -2.0, 0x3800 = 0.5.
  onnx::TensorProto t;
  t.set_data_type(onnx::TensorProto::FLOAT16);
  t.add_dims(3);
  t.add_int32_data(0x3C00);
  t.add_int32_data(0xC000);
  t.add_int32_data(0x3800);
  auto a = convertOk(t);
  ASSERT_TRUE(a);
  EXPECT_TRUE(a.getElementType().isF16());
  std::vector<double> values;
  for (const llvm::APFloat &f : a.getValues<llvm::APFloat>())
    values.push_back(f.convertToDouble());
  EXPECT_THAT(values, ElementsAre(1.0, -2.0, 0.5));
}

TEST_F(ConvertTensorTest, WrongRawSize) {
  onnx::TensorProto t;
  t.set_name("bad");
  t.set_data_type(onnx::TensorProto::FLOAT);
  t.add_dims(2);
  t.set_raw_data(rawBytes<float>({1.0f})); // 4 bytes, 8 needed
  EXPECT_TRUE(mlir::failed(dlc::convertTensor(t, &ctx, error)));
  EXPECT_THAT(error, HasSubstr("'bad'"));
  EXPECT_THAT(error, HasSubstr("wrong number of elements"));
}

TEST_F(ConvertTensorTest, WrongTypedFieldCount) {
  onnx::TensorProto t;
  t.set_name("short");
  t.set_data_type(onnx::TensorProto::INT64);
  t.add_dims(2);
  t.add_dims(2);
  t.add_int64_data(1);
  t.add_int64_data(2);
  t.add_int64_data(3);
  EXPECT_TRUE(mlir::failed(dlc::convertTensor(t, &ctx, error)));
  EXPECT_THAT(error, HasSubstr("wrong number of elements"));
}

TEST_F(ConvertTensorTest, ExternalDataIsRejected) {
  onnx::TensorProto t;
  t.set_name("ext");
  t.set_data_type(onnx::TensorProto::FLOAT);
  t.add_dims(1);
  t.set_data_location(onnx::TensorProto::EXTERNAL);
  auto *entry = t.add_external_data();
  entry->set_key("location");
  entry->set_value("weights.bin");
  EXPECT_TRUE(mlir::failed(dlc::convertTensor(t, &ctx, error)));
  EXPECT_THAT(error, HasSubstr("external"));
  EXPECT_THAT(error, HasSubstr("'ext'"));
}

TEST_F(ConvertTensorTest, UnsupportedElementType) {
  onnx::TensorProto t;
  t.set_name("s");
  t.set_data_type(onnx::TensorProto::STRING);
  t.add_dims(1);
  t.add_string_data("hello");
  EXPECT_TRUE(mlir::failed(dlc::convertTensor(t, &ctx, error)));
  EXPECT_THAT(error, HasSubstr("unsupported tensor element type"));
  EXPECT_THAT(error, HasSubstr("STRING"));
}

TEST(ConvertElementType, OnnxCodes) {
  mlir::MLIRContext ctx;
  EXPECT_TRUE(dlc::convertElementType(onnx::TensorProto::FLOAT, &ctx).isF32());
  EXPECT_TRUE(dlc::convertElementType(onnx::TensorProto::INT64, &ctx)
                  .isInteger(64));
  EXPECT_TRUE(dlc::convertElementType(onnx::TensorProto::BOOL, &ctx)
                  .isInteger(1));
  EXPECT_FALSE(dlc::convertElementType(onnx::TensorProto::STRING, &ctx));
  EXPECT_FALSE(dlc::convertElementType(onnx::TensorProto::COMPLEX64, &ctx));
}

} // namespace
