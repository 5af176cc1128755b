//===- RuntimeTestSupport.cpp - helpers for the libdlcrt tests ------------===//

#include "RuntimeTestSupport.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace dlc::test {

ScratchDir::ScratchDir() {
  const char *tmp = std::getenv("TMPDIR");
  std::string tmpl = std::string(tmp && *tmp ? tmp : "/tmp") + "/dlcrt-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data()))
    throw std::runtime_error("mkdtemp failed");
  dir = buf.data();
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  // A test may have made a subdirectory read-only.
  for (auto &entry : fs::recursive_directory_iterator(dir, ec))
    fs::permissions(entry.path(), fs::perms::owner_all,
                    fs::perm_options::add, ec);
  fs::remove_all(dir, ec);
}

std::vector<std::string> ScratchDir::entriesOf(const std::string &dir) {
  std::vector<std::string> names;
  for (auto &entry : fs::directory_iterator(dir))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::string readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void writeFile(const std::string &path, const std::string &bytes) {
  // Replace rather than truncate: ext4 flushes a truncated-and-rewritten file
  // on close (auto_da_alloc), which makes the loops over thousands of files
  // wait on the disk.
  std::remove(path.c_str());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

static void addFloatValueInfo(onnx::ValueInfoProto *v, const char *name,
                              std::initializer_list<int64_t> dims) {
  v->set_name(name);
  auto *tensor = v->mutable_type()->mutable_tensor_type();
  tensor->set_elem_type(onnx::TensorProto::FLOAT);
  for (int64_t d : dims)
    tensor->mutable_shape()->add_dim()->set_dim_value(d);
}

onnx::ModelProto gemmBaseModel() {
  onnx::ModelProto model;
  model.set_ir_version(8);
  model.set_producer_name("dlcrt-tests");
  model.add_opset_import()->set_version(13);
  onnx::GraphProto *g = model.mutable_graph();
  g->set_name("gemm");
  onnx::NodeProto *node = g->add_node();
  node->set_op_type("Gemm");
  node->set_name("fc");
  node->add_input("X");
  node->add_input("W");
  node->add_input("B");
  node->add_output("Y");
  addFloatValueInfo(g->add_input(), "X", {1, 4});
  addFloatValueInfo(g->add_output(), "Y", {1, 3});
  return model;
}

GemmParams::GemmParams() {
  for (int i = 0; i < 2; ++i) {
    dlc_param_desc &d = descs[i];
    d.name = i == 0 ? "W" : "B";
    d.onnx_type = 1;
    d.rank = i == 0 ? 2 : 1;
    d.dims = i == 0 ? wDims.data() : bDims.data();
    d.offset = i == 0 ? 0 : 64;
    d.fan_in = 4;
    d.fan_out = 3;
    d.init = i == 0 ? DLC_INIT_HE_UNIFORM : DLC_INIT_ZEROS;
  }
}

void WireWriter::varint(uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void WireWriter::fixed32Field(uint32_t field, float v) {
  tag(field, 5);
  out += floatBytes({v});
}

void WireWriter::lenField(uint32_t field, const std::string &payload) {
  tag(field, 2);
  varint(payload.size());
  out += payload;
}

std::string floatBytes(const std::vector<float> &values) {
  std::string bytes;
  for (float v : values) {
    uint32_t bits;
    std::memcpy(&bits, &v, 4);
    for (int i = 0; i < 4; ++i)
      bytes.push_back(static_cast<char>(bits >> (8 * i)));
  }
  return bytes;
}

} // namespace dlc::test
