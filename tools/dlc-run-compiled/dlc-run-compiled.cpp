//===- dlc-run-compiled.cpp - run cases dlc-run compiled ahead ------------===//
//
//   dlc-run-compiled DIR...     (DIR: what `dlc-run --save-compiled` wrote)
//
// Runs each case saved by `dlc-run --save-compiled` (see
// tools/dlc-run/SaveCompiled.cpp for the layout) and compares its outputs
// with the saved expectations, printing `PASS name`, `FAIL name: why` and
// last `N passed, M failed, 0 skipped`, like dlc-run. It needs neither LLVM
// nor protobuf, only libdlcrt: it is what runs on a borrowed GPU machine,
// where --target=cuda cases keep inputs, outputs and the arena in device
// memory (dlc/dlcrt_cuda.h).
//
//===----------------------------------------------------------------------===//
#include "dlc/dlcrt.h"
#include "dlc/dlcrt_cuda.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <dlfcn.h>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Tensor {
  int32_t type = 0; // onnx.TensorProto.DataType
  std::vector<unsigned char> bytes;
};

struct DataSet {
  std::string name;
  std::vector<Tensor> inputs, outputs;
};

struct Case {
  std::string dir, name, entry, target;
  size_t arena = 0;
  double rtol = 1e-3, atol = 1e-5;
  std::vector<DataSet> dataSets;
};

/// Reads DIR/manifest.txt and the data files; "" or why not.
std::string readCase(const std::string &dir, Case &c) {
  c.dir = dir;
  std::ifstream manifest(dir + "/manifest.txt");
  if (!manifest)
    return "cannot read " + dir + "/manifest.txt";
  std::string line;
  while (std::getline(manifest, line)) {
    std::istringstream in(line);
    std::string key;
    in >> key;
    if (key == "case")
      in >> c.name;
    else if (key == "entry")
      in >> c.entry;
    else if (key == "target")
      in >> c.target;
    else if (key == "arena")
      in >> c.arena;
    else if (key == "tolerance")
      in >> c.rtol >> c.atol;
    else if (key == "dataset") {
      c.dataSets.emplace_back();
      in >> c.dataSets.back().name;
    } else if ((key == "input" || key == "output") && !c.dataSets.empty()) {
      Tensor t;
      size_t bytes = 0;
      std::string file;
      in >> t.type >> bytes >> file;
      t.bytes.resize(bytes);
      std::ifstream data(dir + "/" + file, std::ios::binary);
      if (!data.read(reinterpret_cast<char *>(t.bytes.data()), bytes))
        return "cannot read " + dir + "/" + file;
      (key == "input" ? c.dataSets.back().inputs
                      : c.dataSets.back().outputs)
          .push_back(std::move(t));
    } else if (!key.empty()) {
      return dir + "/manifest.txt: unknown line '" + line + "'";
    }
  }
  if (c.name.empty() || c.entry.empty() ||
      (c.target != "cpu" && c.target != "cuda"))
    return dir + "/manifest.txt: incomplete";
  return "";
}

double element(const Tensor &t, size_t i) {
  if (t.type == 1) {
    float f;
    std::memcpy(&f, &t.bytes[i * 4], 4);
    return f;
  }
  double d;
  std::memcpy(&d, &t.bytes[i * 8], 8);
  return d;
}

/// "" when `got` matches `want` (floats within tolerance, NaN = NaN; other
/// types byte for byte), else the first difference.
std::string compare(const Tensor &got, const Tensor &want, const Case &c) {
  if (got.bytes.size() != want.bytes.size())
    return "size differs";
  if (want.type != 1 && want.type != 11) // FLOAT, DOUBLE
    return got.bytes == want.bytes ? "" : "elements differ";
  size_t n = want.bytes.size() / (want.type == 1 ? 4 : 8);
  for (size_t i = 0; i < n; ++i) {
    double g = element(got, i), w = element(want, i);
    bool same = (std::isnan(g) && std::isnan(w)) ||
                std::fabs(g - w) <= c.atol + c.rtol * std::fabs(w);
    if (!same) {
      char why[160];
      std::snprintf(why, sizeof why, "index %zu: got %.9g, expected %.9g", i,
                    g, w);
      return why;
    }
  }
  return "";
}

using PackedEntry = void (*)(void **);

/// Runs one data set on the CPU or the GPU; "" or why it failed.
std::string runDataSet(const Case &c, PackedEntry entry, const DataSet &d) {
  bool gpu = c.target == "cuda";
  std::vector<Tensor> outputs(d.outputs.size());
  std::vector<void *> args, owned;
  auto buffer = [&](size_t bytes) -> void * {
    void *p = gpu ? dlc_cuda_malloc(bytes ? bytes : 1)
                  : dlc_aligned_alloc(bytes ? bytes : 1, 64);
    owned.push_back(p);
    return p;
  };
  std::string why;
  for (const Tensor &t : d.inputs) {
    void *p = buffer(t.bytes.size());
    if (!p || (gpu ? dlc_cuda_upload(p, t.bytes.data(), t.bytes.size())
                   : (std::memcpy(p, t.bytes.data(), t.bytes.size()), 0)))
      why = dlc_last_error();
    args.push_back(p);
  }
  for (size_t k = 0; k < d.outputs.size(); ++k) {
    outputs[k].type = d.outputs[k].type;
    outputs[k].bytes.resize(d.outputs[k].bytes.size());
    args.push_back(buffer(outputs[k].bytes.size()));
  }
  args.push_back(buffer(c.arena));
  for (void *p : args)
    if (!p && why.empty())
      why = std::string("out of memory: ") + dlc_last_error();
  if (why.empty()) {
    entry(args.data());
    for (size_t k = 0; k < outputs.size() && why.empty(); ++k) {
      void *p = args[d.inputs.size() + k];
      if (gpu && dlc_cuda_download(outputs[k].bytes.data(), p,
                                   outputs[k].bytes.size()))
        why = dlc_last_error();
      else if (!gpu)
        std::memcpy(outputs[k].bytes.data(), p, outputs[k].bytes.size());
      if (why.empty()) {
        why = compare(outputs[k], d.outputs[k], c);
        if (!why.empty())
          why = "output " + std::to_string(k) + ": " + why;
      }
    }
  }
  for (void *p : owned)
    gpu ? dlc_cuda_free(p) : dlc_aligned_free(p);
  return why;
}

/// "" if the case passed, else why.
std::string runCase(const std::string &dir, std::string &name) {
  Case c;
  name = dir;
  if (std::string why = readCase(dir, c); !why.empty())
    return why;
  name = c.name;
  if (c.target == "cuda" && dlc_cuda_init() != 0)
    return dlc_last_error();
  std::string so = dir + "/model.so";
  void *library = dlopen(so.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!library)
    return std::string("cannot load ") + so + ": " + dlerror();
  auto entry = reinterpret_cast<PackedEntry>(dlsym(library, c.entry.c_str()));
  if (!entry)
    return so + " has no " + c.entry;
  for (const DataSet &d : c.dataSets)
    if (std::string why = runDataSet(c, entry, d); !why.empty())
      return (c.dataSets.size() > 1 ? d.name + " " : "") + why;
  return "";
}

/// The case directories: each argument, or each subdirectory of it that
/// holds a manifest.
std::vector<std::string> caseDirs(int argc, char **argv) {
  std::vector<std::string> dirs;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (std::ifstream(arg + "/manifest.txt")) {
      dirs.push_back(arg);
      continue;
    }
    std::vector<std::string> inside;
    if (DIR *d = opendir(arg.c_str())) {
      while (dirent *e = readdir(d))
        if (e->d_name[0] != '.' &&
            std::ifstream(arg + "/" + e->d_name + "/manifest.txt"))
          inside.push_back(arg + "/" + e->d_name);
      closedir(d);
    }
    if (inside.empty())
      inside.push_back(arg); // reported as unreadable
    std::sort(inside.begin(), inside.end());
    dirs.insert(dirs.end(), inside.begin(), inside.end());
  }
  return dirs;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DIR...  (from dlc-run --save-compiled)\n",
                 argv[0]);
    return 2;
  }
  unsigned passed = 0, failed = 0;
  for (const std::string &dir : caseDirs(argc, argv)) {
    std::string name;
    std::string why = runCase(dir, name);
    if (why.empty()) {
      std::printf("PASS %s\n", name.c_str());
      ++passed;
    } else {
      std::printf("FAIL %s: %s\n", name.c_str(), why.c_str());
      ++failed;
    }
    std::fflush(stdout);
  }
  std::printf("%u passed, %u failed, 0 skipped\n", passed, failed);
  return failed ? 1 : 0;
}
