//===- LoadErrorsTest.cpp - dlc_load_onnx on wrong, cut and garbage files -===//
//
// Every failure is -1 with a message, and leaves the caller's buffer as it
// was; no input may crash (run these under ASan/UBSan to check reads too).
//
//===----------------------------------------------------------------------===//

#include "RuntimeTestSupport.h"

#include <gtest/gtest.h>

#include <random>

using namespace dlc::test;

namespace {

struct LoadErrors : ::testing::Test {
  ScratchDir dir;
  GemmParams gemm;
  std::string path = dir.file("m.onnx");

  /// Loads `bytes` from a file; returns the rc and checks the contract: on
  /// failure a message and an untouched buffer.
  int loadBytes(const std::string &bytes, std::string *message = nullptr) {
    writeFile(path, bytes);
    std::vector<float> out(GemmParams::kFloats, -7.0f);
    int rc = dlc_load_onnx(path.c_str(), gemm.descs, 2, out.data());
    if (rc != 0) {
      EXPECT_EQ(rc, -1);
      EXPECT_NE(std::string(dlc_last_error()), "");
      for (float v : out)
        EXPECT_EQ(v, -7.0f);
    }
    if (message)
      *message = dlc_last_error();
    return rc;
  }

  /// A model with W and B as given, serialized by protobuf.
  std::string modelWith(const onnx::TensorProto &w, const onnx::TensorProto &b) {
    onnx::ModelProto model = gemmBaseModel();
    *model.mutable_graph()->add_initializer() = w;
    *model.mutable_graph()->add_initializer() = b;
    return model.SerializeAsString();
  }

  static onnx::TensorProto tensor(const char *name,
                                  std::vector<int64_t> dims) {
    onnx::TensorProto t;
    t.set_name(name);
    t.set_data_type(onnx::TensorProto::FLOAT);
    int64_t count = 1;
    for (int64_t d : dims) {
      t.add_dims(d);
      count *= d;
    }
    t.set_raw_data(floatBytes(std::vector<float>(count, 1.0f)));
    return t;
  }

  void expectError(const std::string &bytes, const std::string &needle) {
    std::string message;
    EXPECT_EQ(loadBytes(bytes, &message), -1);
    EXPECT_NE(message.find(needle), std::string::npos) << message;
    EXPECT_NE(message.find(path), std::string::npos) << message;
  }

  std::string validFile() {
    std::vector<float> params(GemmParams::kFloats, 0.5f);
    std::string base = gemmBaseModel().SerializeAsString();
    std::string saved = dir.file("valid.onnx");
    EXPECT_EQ(dlc_save_onnx(saved.c_str(), base.data(), base.size(),
                            gemm.descs, 2, params.data()),
              0);
    return readFile(saved);
  }
};

TEST_F(LoadErrors, ValidFileLoads) {
  EXPECT_EQ(loadBytes(modelWith(tensor("W", {4, 3}), tensor("B", {3}))), 0)
      << dlc_last_error();
}

TEST_F(LoadErrors, MissingTensor) {
  onnx::ModelProto model = gemmBaseModel();
  *model.mutable_graph()->add_initializer() = tensor("W", {4, 3});
  *model.mutable_graph()->add_initializer() = tensor("BB", {3});
  expectError(model.SerializeAsString(), "no initializer named 'B'");
  expectError("", "no initializer named 'W'");
}

TEST_F(LoadErrors, WrongDims) {
  expectError(modelWith(tensor("W", {3, 4}), tensor("B", {3})),
              "tensor 'W': dims [3, 4], expected [4, 3]");
  expectError(modelWith(tensor("W", {4, 3}), tensor("B", {1, 3})),
              "tensor 'B': dims [1, 3], expected [3]");
  expectError(modelWith(tensor("W", {12}), tensor("B", {3})),
              "dims [12], expected [4, 3]");
  expectError(modelWith(tensor("W", {4, 3, 1, 1, 1, 1, 1, 1, 1, 1}),
                        tensor("B", {3})),
              "dims [4, 3, 1, 1, 1, 1, 1, 1, ... (rank 10)]");
}

TEST_F(LoadErrors, WrongTypeOrSize) {
  onnx::TensorProto w = tensor("W", {4, 3});
  w.set_data_type(onnx::TensorProto::DOUBLE);
  expectError(modelWith(w, tensor("B", {3})),
              "tensor 'W': data_type 11, expected FLOAT (1)");
  w.clear_data_type();
  expectError(modelWith(w, tensor("B", {3})), "data_type 0");
  onnx::TensorProto b = tensor("B", {3});
  b.set_raw_data(floatBytes({1.0f, 2.0f}));
  expectError(modelWith(tensor("W", {4, 3}), b),
              "raw_data holds 8 bytes, expected 12");
  b.set_raw_data(floatBytes({1.0f, 2.0f, 3.0f}));
  b.add_float_data(4.0f);
  expectError(modelWith(tensor("W", {4, 3}), b),
              "both raw_data and float_data");
  b.clear_raw_data();
  expectError(modelWith(tensor("W", {4, 3}), b),
              "1 float_data values, expected 3");
  b = tensor("B", {3});
  b.set_data_location(onnx::TensorProto::EXTERNAL);
  expectError(modelWith(tensor("W", {4, 3}), b), "external data");
}

TEST_F(LoadErrors, NotAFile) {
  std::string missing = dir.file("absent.onnx");
  std::vector<float> out(GemmParams::kFloats);
  EXPECT_EQ(dlc_load_onnx(missing.c_str(), gemm.descs, 2, out.data()), -1);
  EXPECT_NE(std::string(dlc_last_error()).find("absent.onnx"),
            std::string::npos);
  EXPECT_EQ(dlc_load_onnx(dir.path().c_str(), gemm.descs, 2, out.data()), -1);
  EXPECT_NE(std::string(dlc_last_error()).find("not a regular file"),
            std::string::npos);
}

// Every proper prefix of a valid file must fail cleanly: the initializers
// are in the last top-level field, so any cut loses or breaks them.
TEST_F(LoadErrors, EveryTruncationFailsCleanly) {
  std::string valid = validFile();
  ASSERT_EQ(loadBytes(valid), 0) << dlc_last_error();
  for (size_t len = 0; len < valid.size(); ++len)
    ASSERT_EQ(loadBytes(valid.substr(0, len)), -1) << "prefix " << len;
}

TEST_F(LoadErrors, WireFormatViolations) {
  expectError(std::string("\x3a\x05\x2a\x03", 4),
              "length runs past the end");
  expectError(std::string("\x38\x01", 2), "graph is not a message");
  expectError(std::string("\x3a\x02\x28\x01", 4),
              "initializer is not a message");
  expectError(std::string("\x0f", 1), "invalid wire type");
  expectError(std::string("\x00\x00", 2), "field number out of range");
  expectError(std::string("\x08\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f", 11),
              "truncated or overlong varint");
  expectError(std::string("\x0b\x08\x01", 3), "group has no end tag");
  expectError(std::string("\x0b\x14", 2), "does not match its group");
  expectError(std::string("\x0c", 1), "end-group tag outside a group");
  std::string deep;
  for (int i = 0; i < 40; ++i)
    deep += "\x0b";
  expectError(deep, "nested too deep");
  // A well-formed group is skipped like any unknown field.
  std::string grouped = std::string("\x0b\x08\x01\x0c", 4) +
                        modelWith(tensor("W", {4, 3}), tensor("B", {3}));
  EXPECT_EQ(loadBytes(grouped), 0) << dlc_last_error();
}

TEST_F(LoadErrors, RandomGarbageFailsCleanly) {
  std::mt19937 rng(12345);
  for (int round = 0; round < 2000; ++round) {
    std::string bytes(rng() % 300, '\0');
    for (char &c : bytes)
      c = static_cast<char>(rng());
    ASSERT_EQ(loadBytes(bytes), -1) << "round " << round;
  }
}

// Flipped bytes in a valid file: success (a changed value) or a clean error.
TEST_F(LoadErrors, CorruptedFilesFailCleanlyOrLoad) {
  std::string valid = validFile();
  std::mt19937 rng(777);
  int failures = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string bytes = valid;
    for (int flips = 1 + rng() % 3; flips > 0; --flips)
      bytes[rng() % bytes.size()] = static_cast<char>(rng());
    failures += loadBytes(bytes) != 0;
  }
  EXPECT_GT(failures, 0);
}

} // namespace
