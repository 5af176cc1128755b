//===- TrainingHeader.cpp - the header section of a training object -------===//
//
// A training object has no weights of its own: the caller owns a params
// buffer (initialised, saved and loaded through libdlcrt with the parameter
// table below) and an optimizer-state buffer, and passes both to every call.
//
//===----------------------------------------------------------------------===//
#include "compiler/Target/HeaderEmitter.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include "onnx/onnx_pb.h"

#include <cstdio>

using namespace dlc;

namespace {

const char *initKind(llvm::StringRef init) {
  if (init == "he_uniform")
    return "DLC_INIT_HE_UNIFORM";
  if (init == "glorot_uniform")
    return "DLC_INIT_GLOROT_UNIFORM";
  if (init == "ones")
    return "DLC_INIT_ONES";
  return "DLC_INIT_ZEROS";
}

/// A C float literal for `v`, exact to float precision.
std::string cFloat(double v) {
  char text[40];
  snprintf(text, sizeof text, "%.9g", v);
  std::string s = text;
  if (s.find_first_of(".en") == std::string::npos)
    s += ".0";
  return s + "f";
}

/// A C string literal for `s` (ONNX names may hold any character).
std::string cString(llvm::StringRef s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\')
      out += '\\', out += (char)c;
    else if (c >= 0x20 && c < 0x7f)
      out += (char)c;
    else
      out += llvm::formatv("\\{0:o3}", (unsigned)c).str();
  }
  return out + "\"";
}

void emitBuffers(llvm::raw_ostream &os, const ModelInfo &info,
                 llvm::StringRef prefix) {
  const TrainInfo &t = info.train;
  os << "/* Training step compiled by dlc --train: loss " << t.loss
     << " on output \"" << (info.outputs.empty() ? "" : info.outputs[0].name)
     << "\",\n   optimizer " << t.optimizer << ". */\n"
     << "#define " << prefix << "_DEFAULT_LR " << cFloat(t.defaultLr) << "\n"
     << "/* labels: " << describeTensorType(t.labels) << " */\n"
     << "#define " << prefix << "_LABELS_ELEMENTS " << t.labels.numElements()
     << "\n\n"
     << "/* The trainable parameters (and batch norms' running statistics, "
        "which the\n   step updates without gradient), owned by the caller: "
     << prefix << "_PARAMS_BYTES bytes\n   aligned to " << prefix
     << "_ARENA_ALIGN, each tensor at its offset in the table below. */\n"
     << "#define " << prefix << "_PARAMS_BYTES " << t.paramsBytes << "\n"
     << "#define " << prefix << "_NUM_PARAMS " << t.params.size() << "\n"
     << "/* The optimizer state, owned by the caller and zeroed before the "
        "first step\n   (" << info.name << "_init_state):";
  for (const ParamInfo &s : t.state)
    os << "\n     " << s.name << " " << shapeText(s.shape) << " at " << s.offset;
  if (t.state.empty())
    os << " none";
  os << " */\n"
     << "#define " << prefix << "_STATE_BYTES " << t.stateBytes << "\n\n";
}

void emitParamTable(llvm::raw_ostream &os, const ModelInfo &info,
                    llvm::StringRef prefix) {
  const TrainInfo &t = info.train;
  os << "static const int64_t " << info.name << "_param_dims[] = {";
  std::vector<size_t> dimOffsets;
  size_t used = 0;
  for (const ParamInfo &p : t.params) {
    dimOffsets.push_back(used);
    for (int64_t d : p.shape)
      os << d << ", ";
    used += p.shape.size();
  }
  os << "0};\n"
     << "static const dlc_param_desc " << info.name << "_params[" << prefix
     << "_NUM_PARAMS] = {\n";
  for (auto [i, p] : llvm::enumerate(t.params))
    os << "    {" << cString(p.name) << ", " << onnx::TensorProto::FLOAT << ", "
       << p.shape.size() << ", " << info.name << "_param_dims + "
       << dimOffsets[i] << ", " << p.offset << ", " << p.fanIn << ", "
       << p.fanOut << ", " << initKind(p.init) << "},\n";
  os << "};\n\n";
}

void emitEntryPoints(llvm::raw_ostream &os, const ModelInfo &info) {
  const TrainInfo &t = info.train;
  os << "/* Inference with the caller's parameters. Every buffer is dense and "
        "row-major. */\n"
     << "void " << info.runSymbol() << "(";
  emitTensorParams(os, info);
  os << "const void *params, void *arena);\n\n"
     << "/* One training step on a batch: forward, loss, gradients and the "
        "optimizer\n   update of params and state in place. Returns the "
        "loss (mean over the batch). */\n"
     << "float " << info.trainSymbol() << "(";
  for (const TensorInfo &in : info.inputs)
    os << "const " << cElementType(in.onnxType) << " *" << in.cName << ", ";
  os << "const " << cElementType(t.labels.onnxType) << " *" << t.labels.cName
     << ", float lr, void *params, void *state, void *arena);\n\n";
}

void emitHelpers(llvm::raw_ostream &os, const ModelInfo &info,
                 llvm::StringRef prefix) {
  const std::string &m = info.name;
  os << "/* The ONNX model without the trained initializers, for saving. */\n"
     << "extern const unsigned char " << m << "_onnx_model[];\n"
     << "extern const uint64_t " << m << "_onnx_model_size;\n\n"
     << "/* Seeded He/Glorot uniform initialisation (biases zero). 0 or -1, "
        "see\n   dlc_last_error(). */\n"
     << "static inline int " << m << "_init_params(void *params, uint64_t "
        "seed) {\n"
     << "  return dlc_init_params(params, " << m << "_params, " << prefix
     << "_NUM_PARAMS, seed);\n}\n\n"
     << "static inline void " << m << "_init_state(void *state) {\n"
     << "  memset(state, 0, " << prefix << "_STATE_BYTES);\n}\n\n";
  for (const ParamInfo &s : info.train.state)
    if (s.name == "dropout_rng")
      os << "/* Seeds the dropout masks (after " << m << "_init_state, which "
            "seeds 0): the\n   same seed gives the same masks, step by step. "
            "The state holds\n   [seed_lo, seed_hi, step] (uint32) at "
         << s.offset << ". */\n"
         << "static inline void " << m
         << "_seed_dropout(void *state, uint64_t seed) {\n"
         << "  uint32_t *rng = (uint32_t *)((char *)state + " << s.offset
         << ");\n"
         << "  rng[0] = (uint32_t)seed;\n  rng[1] = (uint32_t)(seed >> 32);\n"
         << "  rng[2] = 0;\n}\n\n";
  os << "/* Writes the model with the trained parameters as an ONNX file "
        "(atomically). */\n"
     << "static inline int " << m
     << "_save(const char *path, const void *params) {\n"
     << "  return dlc_save_onnx(path, " << m << "_onnx_model, (size_t)" << m
     << "_onnx_model_size,\n                       " << m << "_params, "
     << prefix << "_NUM_PARAMS, params);\n}\n\n"
     << "/* Reads the parameters from an ONNX file (one saved by " << m
     << "_save, or any\n   model with initializers of these names and "
        "shapes). */\n"
     << "static inline int " << m << "_load(const char *path, void *params) {\n"
     << "  return dlc_load_onnx(path, " << m << "_params, " << prefix
     << "_NUM_PARAMS, params);\n}\n\n";
}

} // namespace

void dlc::emitTrainingDeclarations(llvm::raw_ostream &os,
                                   const ModelInfo &info) {
  std::string prefix = llvm::StringRef(info.name).upper();
  emitBuffers(os, info, prefix);
  emitParamTable(os, info, prefix);
  emitEntryPoints(os, info);
  emitHelpers(os, info, prefix);
}
