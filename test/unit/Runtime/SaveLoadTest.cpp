//===- SaveLoadTest.cpp - dlc_save_onnx / dlc_load_onnx round trips -------===//
//
// Saved files are read back with libonnx's protobuf classes and checker (an
// independent parser), and files written by them are loaded.
//
//===----------------------------------------------------------------------===//

#include "RuntimeTestSupport.h"

#include "onnx/checker.h"

#include <gtest/gtest.h>

#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

using namespace dlc::test;

namespace {

struct SaveLoad : ::testing::Test {
  ScratchDir dir;
  GemmParams gemm;
  std::string base = gemmBaseModel().SerializeAsString();
  std::vector<float> params = std::vector<float>(GemmParams::kFloats, 0.0f);

  void SetUp() override {
    ASSERT_EQ(dlc_init_params(params.data(), gemm.descs, 2, 2024), 0);
    for (int i = 0; i < 3; ++i)
      params[16 + i] = 0.25f * (i + 1); // B, so that it is not all zeros
  }
  int save(const std::string &path) {
    return dlc_save_onnx(path.c_str(), base.data(), base.size(), gemm.descs,
                         2, params.data());
  }
  std::vector<float> load(const std::string &path, int expectRc = 0) {
    std::vector<float> out(GemmParams::kFloats, -7.0f);
    EXPECT_EQ(dlc_load_onnx(path.c_str(), gemm.descs, 2, out.data()),
              expectRc)
        << dlc_last_error();
    return out;
  }
  std::vector<float> w() const {
    return std::vector<float>(params.begin(), params.begin() + 12);
  }
  std::vector<float> b() const {
    return std::vector<float>(params.begin() + 16, params.begin() + 19);
  }
};

TEST_F(SaveLoad, SavedFileIsTheBaseModelWithInitializers) {
  std::string path = dir.file("m.onnx");
  ASSERT_EQ(save(path), 0) << dlc_last_error();
  onnx::ModelProto model;
  ASSERT_TRUE(model.ParseFromString(readFile(path)));
  EXPECT_EQ(model.ir_version(), 8);
  EXPECT_EQ(model.graph().name(), "gemm");
  ASSERT_EQ(model.graph().node_size(), 1);
  EXPECT_EQ(model.graph().node(0).op_type(), "Gemm");
  EXPECT_EQ(model.graph().input_size(), 1);
  ASSERT_EQ(model.graph().initializer_size(), 2);
  const onnx::TensorProto &tw = model.graph().initializer(0);
  const onnx::TensorProto &tb = model.graph().initializer(1);
  EXPECT_EQ(tw.name(), "W");
  EXPECT_EQ(tb.name(), "B");
  EXPECT_EQ(tw.data_type(), onnx::TensorProto::FLOAT);
  EXPECT_EQ(std::vector<int64_t>(tw.dims().begin(), tw.dims().end()),
            gemm.wDims);
  EXPECT_EQ(std::vector<int64_t>(tb.dims().begin(), tb.dims().end()),
            gemm.bDims);
  EXPECT_EQ(tw.raw_data(), floatBytes(w()));
  EXPECT_EQ(tb.raw_data(), floatBytes(b()));
  EXPECT_NO_THROW(onnx::checker::check_model(model));
}

TEST_F(SaveLoad, RoundTripAndNoTemporaryLeft) {
  std::string path = dir.file("m.onnx");
  ASSERT_EQ(save(path), 0) << dlc_last_error();
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"m.onnx"});
  std::vector<float> back = load(path);
  EXPECT_EQ(std::memcmp(back.data(), params.data(), 48), 0);
  EXPECT_EQ(std::memcmp(back.data() + 16, params.data() + 16, 12), 0);
  for (int i = 12; i < 16; ++i) // the gap between W and B
    EXPECT_EQ(back[i], -7.0f);
}

TEST_F(SaveLoad, OverwritesAnOlderFile) {
  std::string path = dir.file("m.onnx");
  writeFile(path, "old contents");
  ASSERT_EQ(save(path), 0) << dlc_last_error();
  params[0] = 3.5f;
  ASSERT_EQ(save(path), 0) << dlc_last_error();
  EXPECT_EQ(load(path)[0], 3.5f);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"m.onnx"});
}

TEST_F(SaveLoad, LoadsFloatDataWrittenByProtobuf) {
  onnx::ModelProto model = gemmBaseModel();
  std::vector<float> wv(12), bv = {-1.5f, 0.0f, 2.75f};
  for (int i = 0; i < 12; ++i)
    wv[i] = 0.125f * i - 0.5f;
  for (int i = 0; i < 2; ++i) {
    onnx::TensorProto *t = model.mutable_graph()->add_initializer();
    t->set_name(i == 0 ? "W" : "B");
    t->set_data_type(onnx::TensorProto::FLOAT);
    for (int64_t d : i == 0 ? gemm.wDims : gemm.bDims)
      t->add_dims(d);
    for (float v : i == 0 ? wv : bv)
      t->add_float_data(v);
  }
  EXPECT_NO_THROW(onnx::checker::check_model(model));
  std::string path = dir.file("float_data.onnx");
  writeFile(path, model.SerializeAsString());
  std::vector<float> back = load(path);
  EXPECT_EQ(std::vector<float>(back.begin(), back.begin() + 12), wv);
  EXPECT_EQ(std::vector<float>(back.begin() + 16, back.begin() + 19), bv);
}

// float_data unpacked (one fixed32 field per value, split in two runs) and
// dims packed: legal encodings protobuf's serializer does not produce here.
TEST_F(SaveLoad, LoadsUnpackedFloatsAndPackedDims) {
  WireWriter w, packedDims, b, graph, model;
  packedDims.varint(4);
  packedDims.varint(3);
  w.lenField(1, packedDims.bytes());
  w.varintField(2, 1);
  w.lenField(8, "W");
  for (int i = 0; i < 12; ++i)
    w.fixed32Field(4, i * 1.0f);
  b.lenField(8, "B");
  b.varintField(1, 3);
  b.fixed32Field(4, 10.0f);
  b.lenField(4, floatBytes({11.0f, 12.0f})); // packed run after an unpacked
  b.varintField(2, 1);
  b.varintField(99, 5); // an unknown field, skipped
  graph.lenField(5, w.bytes());
  graph.lenField(5, b.bytes());
  model.varintField(1, 8);
  model.lenField(7, graph.bytes());
  std::string path = dir.file("hand.onnx");
  writeFile(path, model.bytes());
  std::vector<float> back = load(path);
  for (int i = 0; i < 12; ++i)
    EXPECT_EQ(back[i], i * 1.0f);
  EXPECT_EQ(std::vector<float>(back.begin() + 16, back.begin() + 19),
            (std::vector<float>{10.0f, 11.0f, 12.0f}));
}

// A name given twice: the last initializer wins, also across the top-level
// graph fields that a second save would append.
TEST_F(SaveLoad, LastInitializerWithANameWins) {
  std::string path = dir.file("twice.onnx");
  ASSERT_EQ(save(path), 0);
  std::vector<float> first = params;
  params[5] = 100.0f;
  params[17] = -100.0f;
  base = readFile(path); // the saved model becomes the next base
  ASSERT_EQ(save(path), 0) << dlc_last_error();
  onnx::ModelProto model;
  ASSERT_TRUE(model.ParseFromString(readFile(path)));
  EXPECT_EQ(model.graph().initializer_size(), 4);
  std::vector<float> back = load(path);
  EXPECT_EQ(back[5], 100.0f);
  EXPECT_EQ(back[17], -100.0f);
  EXPECT_EQ(back[4], first[4]);
}

TEST_F(SaveLoad, MissingDirectoryFailsAndLeavesNothing) {
  std::string missing = dir.file("no/such/dir/m.onnx");
  EXPECT_EQ(save(missing), -1);
  EXPECT_NE(std::string(dlc_last_error()).find(missing), std::string::npos)
      << dlc_last_error();
  writeFile(dir.file("plain"), "x"); // a file where a directory should be
  EXPECT_EQ(save(dir.file("plain/m.onnx")), -1);
  EXPECT_NE(std::string(dlc_last_error()).find("plain/m.onnx"),
            std::string::npos);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"plain"});
}

TEST_F(SaveLoad, ReadOnlyDirectoryFailsAndLeavesNothing) {
  if (geteuid() == 0)
    GTEST_SKIP() << "root writes into read-only directories";
  std::string ro = dir.file("ro");
  ASSERT_EQ(mkdir(ro.c_str(), 0555), 0);
  EXPECT_EQ(save(ro + "/m.onnx"), -1);
  EXPECT_NE(std::string(dlc_last_error()).find("ro/m.onnx"),
            std::string::npos);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"ro"});
  EXPECT_EQ(ScratchDir::entriesOf(ro), std::vector<std::string>{});
}

// The rename fails (the target is a non-empty directory) after the data has
// been written: the temporary must go.
TEST_F(SaveLoad, FailedRenameRemovesTheTemporary) {
  std::string target = dir.file("taken");
  ASSERT_EQ(mkdir(target.c_str(), 0755), 0);
  writeFile(target + "/keep", "x");
  EXPECT_EQ(save(target), -1);
  EXPECT_NE(std::string(dlc_last_error()).find("rename"), std::string::npos)
      << dlc_last_error();
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"taken"});
}

TEST_F(SaveLoad, BadArgumentsFailBeforeCreatingAFile) {
  std::string path = dir.file("m.onnx");
  gemm.wDims[1] = -3;
  EXPECT_EQ(save(path), -1);
  EXPECT_NE(std::string(dlc_last_error()).find("'W'"), std::string::npos);
  gemm.wDims[1] = 3;
  base = "\x0a\xff"; // field 1 LEN, length runs past the end
  EXPECT_EQ(save(path), -1);
  EXPECT_NE(std::string(dlc_last_error()).find("base model"),
            std::string::npos)
      << dlc_last_error();
  EXPECT_EQ(dlc_save_onnx(path.c_str(), nullptr, 4, gemm.descs, 2,
                          params.data()),
            -1);
  EXPECT_EQ(dlc_save_onnx(nullptr, nullptr, 0, nullptr, 0, nullptr), -1);
  EXPECT_TRUE(dir.entries().empty());
}

// The onnx Python package (the path CMake found) checks a saved file too.
TEST_F(SaveLoad, PythonOnnxChecksASavedFile) {
  std::string python = DLCRT_TEST_PYTHON;
  if (std::system((python + " -c 'import onnx' 2>/dev/null").c_str()) != 0)
    GTEST_SKIP() << python << " cannot import onnx";
  std::string path = dir.file("m.onnx");
  ASSERT_EQ(save(path), 0);
  std::string cmd =
      python + " -c 'import sys, onnx; from onnx import numpy_helper; m = onnx.load(sys.argv[1]); "
               "onnx.checker.check_model(m); "
               "i = {t.name: numpy_helper.to_array(t) for t in "
               "m.graph.initializer}; "
               "assert i[\"W\"].shape == (4, 3) and i[\"B\"].shape == (3,); "
               "assert list(i[\"B\"]) == [0.25, 0.5, 0.75]' " +
      path;
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

} // namespace
