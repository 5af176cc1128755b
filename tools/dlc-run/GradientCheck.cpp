//===- GradientCheck.cpp - check a compiled VJP's gradients ---------------===//

#include "tools/dlc-run/GradientCheck.h"

#include "compiler/Import/ONNX/ShapeInputs.h"
#include "tools/dlc-run/TensorCompare.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <map>
#include <random>
#include <set>

using onnx::TensorProto;

namespace {

bool isFloatInitializer(const TensorProto &t) {
  return t.data_type() == TensorProto::FLOAT ||
         t.data_type() == TensorProto::DOUBLE;
}

std::string gradsFile(const dlc::CaseLayout &c, const std::string &name) {
  return c.dir + "/grads/" + name + ".pb";
}

std::string formatError(double value) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.2g", value);
  return buf;
}

std::string formatValue(double value) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.6g", value);
  return buf;
}

/// Collects the tensors to feed `infos`: those named in `provided`, the
/// others from test_data_set_0 (input_K.pb of graph input K). On failure
/// returns why.
std::string
gatherFeeds(const dlc::CaseLayout &c, const std::vector<dlc::TensorInfo> &infos,
            const std::map<std::string, const dlc::HostTensor *> &provided,
            std::deque<dlc::HostTensor> &storage,
            std::vector<const dlc::HostTensor *> &feeds) {
  for (const dlc::TensorInfo &ti : infos) {
    auto it = provided.find(ti.name);
    if (it != provided.end()) {
      std::string why = dlc::checkFeed(ti, *it->second, "'" + ti.name + "'");
      if (!why.empty())
        return why;
      feeds.push_back(it->second);
      continue;
    }
    size_t k = llvm::find(c.runtimeInputs, ti.name) - c.runtimeInputs.begin();
    if (k == c.runtimeInputs.size())
      return "compiled input '" + ti.name + "' is not a graph input";
    auto data = dlc::readHostTensor(dlc::dataFile(c.dataSets[0], "input", k));
    if (!data)
      return llvm::toString(data.takeError());
    std::string why =
        dlc::checkFeed(ti, *data, dlc::tensorLabel("input", k, ti.name));
    if (!why.empty())
      return why;
    storage.push_back(std::move(*data));
    feeds.push_back(&storage.back());
  }
  return "";
}

/// Compiles the case's VJP for `initializers`. Every compile error is a
/// FAIL: a missing gradient rule must not read as an unsupported model.
dlc::CheckOutcome compileVJP(const dlc::CaseLayout &c,
                             const std::vector<std::string> &initializers,
                             const dlc::RunOptions &options,
                             dlc::LoadedModel &vjp) {
  dlc::CompileOptions compileOptions =
      dlc::baseCompileOptions(c, c.name + "_vjp");
  compileOptions.vjp = true;
  compileOptions.gradientsOf = initializers;
  dlc::CheckOutcome compiled = dlc::compileAndLoad(
      c, compileOptions, options, "vjp: ", /*unsupportedSkips=*/false, vjp);
  if (!compiled.passed())
    return compiled;
  if (vjp.info.inputs.empty())
    return dlc::CheckOutcome::failed("vjp: the entry point has no cotangent "
                                     "input");
  for (const std::string &name : initializers)
    if (llvm::none_of(vjp.info.outputs,
                      [&](const dlc::TensorInfo &t) { return t.name == name; }))
      return dlc::CheckOutcome::failed("vjp: no gradient output for '" + name +
                                       "'");
  return dlc::CheckOutcome::ok();
}

/// Runs the VJP on test_data_set_0's inputs and `cotangent`; returns the
/// gradients by initializer name, or sets `why`.
std::map<std::string, dlc::HostTensor> runVJP(const dlc::CaseLayout &c,
                                              const dlc::LoadedModel &vjp,
                                              const dlc::HostTensor &cotangent,
                                              std::string &why) {
  std::deque<dlc::HostTensor> storage;
  std::vector<const dlc::HostTensor *> feeds;
  const dlc::TensorInfo &cotangentInfo = vjp.info.inputs.back();
  why = gatherFeeds(c, vjp.info.inputs, {{cotangentInfo.name, &cotangent}},
                    storage, feeds);
  std::map<std::string, dlc::HostTensor> grads;
  if (!why.empty())
    return grads;
  std::vector<dlc::HostTensor> outputs = vjp.run(feeds);
  for (size_t j = 0; j < outputs.size(); ++j)
    grads[vjp.info.outputs[j].name] = std::move(outputs[j]);
  return grads;
}

/// Reads grads/tolerance.txt (`rtol=R atol=A`, `#` starts a comment) over
/// `tol`; on a malformed file returns why.
std::string readTolerance(const dlc::CaseLayout &c, dlc::Tolerance &tol) {
  std::string path = c.dir + "/grads/tolerance.txt";
  if (!llvm::sys::fs::exists(path))
    return "";
  auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!file)
    return "grads/tolerance.txt: " + file.getError().message();
  llvm::SmallVector<llvm::StringRef> lines;
  (*file)->getBuffer().split(lines, '\n');
  for (llvm::StringRef line : lines) {
    line = line.split('#').first;
    llvm::SmallVector<llvm::StringRef> words;
    llvm::SplitString(line, words);
    for (llvm::StringRef word : words) {
      auto [key, value] = word.split('=');
      double number;
      if (value.getAsDouble(number) || number < 0 ||
          (key != "rtol" && key != "atol"))
        return "grads/tolerance.txt: expected rtol=R or atol=A, got '" +
               word.str() + "'";
      (key == "rtol" ? tol.rtol : tol.atol) = number;
    }
  }
  return "";
}

/// A seeded pseudo-random tensor with elements in [-1, 1), the same on every
/// host (no std:: distribution, whose results are implementation-defined).
dlc::HostTensor randomTensor(const dlc::TensorInfo &info, std::mt19937 &gen) {
  dlc::HostTensor t(info.onnxType, info.shape);
  for (int64_t i = 0; i < t.numElements(); ++i)
    dlc::setFloatElement(t, i, (gen() >> 8) * (2.0 / (1 << 24)) - 1.0);
  return t;
}

bool isFloatInfo(const dlc::TensorInfo &info) {
  return info.onnxType == TensorProto::FLOAT ||
         info.onnxType == TensorProto::DOUBLE;
}

} // namespace

//===----------------------------------------------------------------------===//
// Reference gradients
//===----------------------------------------------------------------------===//

llvm::Expected<std::vector<std::string>>
dlc::findReferenceGradients(const CaseLayout &c) {
  std::set<std::string> files;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(c.dir + "/grads", ec), end;
       it != end && !ec; it.increment(ec)) {
    llvm::StringRef file = llvm::sys::path::filename(it->path());
    if (file.consume_back(".pb") && file != "cotangent_0")
      files.insert(file.str());
  }
  std::vector<std::string> names;
  for (const TensorProto &t : c.model.graph().initializer()) {
    if (!files.erase(t.name()))
      continue;
    if (!isFloatInitializer(t))
      return llvm::createStringError("grads/" + t.name() +
                                     ".pb: initializer '" + t.name() +
                                     "' is not floating-point");
    names.push_back(t.name());
  }
  if (!files.empty())
    return llvm::createStringError("grads/" + *files.begin() +
                                   ".pb names no initializer");
  return names;
}

dlc::CheckOutcome
dlc::checkReferenceGradients(const CaseLayout &c,
                             const std::vector<std::string> &initializers,
                             const RunOptions &options) {
  Tolerance tol = options.tolerance;
  std::string why = readTolerance(c, tol);
  if (!why.empty())
    return CheckOutcome::failed(why);

  LoadedModel vjp;
  CheckOutcome compiled = compileVJP(c, initializers, options, vjp);
  if (!compiled.passed())
    return compiled;

  const TensorInfo &cotangentInfo = vjp.info.inputs.back();
  HostTensor cotangent;
  std::string cotangentPath = c.dir + "/grads/cotangent_0.pb";
  if (llvm::sys::fs::exists(cotangentPath)) {
    auto read = readHostTensor(cotangentPath);
    if (!read)
      return CheckOutcome::failed(llvm::toString(read.takeError()));
    cotangent = std::move(*read);
  } else {
    if (!isFloatInfo(cotangentInfo))
      return CheckOutcome::failed("vjp: cotangent of type " +
                                  onnxTypeName(cotangentInfo.onnxType));
    cotangent = HostTensor(cotangentInfo.onnxType, cotangentInfo.shape);
    for (int64_t i = 0; i < cotangent.numElements(); ++i)
      setFloatElement(cotangent, i, 1.0);
  }

  std::map<std::string, HostTensor> grads = runVJP(c, vjp, cotangent, why);
  if (!why.empty())
    return CheckOutcome::failed("vjp: " + why);
  for (const std::string &name : initializers) {
    auto want = readHostTensor(gradsFile(c, name));
    if (!want)
      return CheckOutcome::failed(llvm::toString(want.takeError()));
    std::optional<std::string> mismatch =
        compareTensors(grads[name], *want, tol);
    if (options.verbose)
      llvm::errs() << c.name << ": gradient '" << name << "' "
                   << formatShape(want->shape()) << ": "
                   << (mismatch ? *mismatch : "ok") << "\n";
    if (mismatch)
      return CheckOutcome::failed("gradient '" + name + "': " + *mismatch);
  }
  return CheckOutcome::ok();
}

//===----------------------------------------------------------------------===//
// Finite differences
//===----------------------------------------------------------------------===//

namespace {

/// Relative precision assumed for each term of sum(c * output_0): float32
/// rounding through a few dozen operations and approximated math functions.
/// It sets the noise floor of a difference quotient.
constexpr double kObjectiveRelativeNoise = 1e-5;

/// Moves the initializers `names` to graph inputs with their type and shape.
void promoteToInputs(onnx::ModelProto &model,
                     const std::vector<std::string> &names) {
  onnx::GraphProto *graph = model.mutable_graph();
  std::set<std::string> promote(names.begin(), names.end());
  std::set<std::string> listed;
  for (const onnx::ValueInfoProto &in : graph->input())
    listed.insert(in.name());
  google::protobuf::RepeatedPtrField<TensorProto> kept;
  for (const TensorProto &t : graph->initializer()) {
    if (!promote.count(t.name())) {
      *kept.Add() = t;
      continue;
    }
    if (listed.count(t.name()))
      continue;
    onnx::ValueInfoProto *in = graph->add_input();
    in->set_name(t.name());
    auto *tensorType = in->mutable_type()->mutable_tensor_type();
    tensorType->set_elem_type(t.data_type());
    auto *shape = tensorType->mutable_shape();
    for (int64_t d : t.dims())
      shape->add_dim()->set_dim_value(d);
  }
  graph->mutable_initializer()->Swap(&kept);
}

/// The floating-point initializers to differentiate: all but those that only
/// decide shapes (found by promoting every one and asking the importer's
/// rule).
std::vector<std::string>
differentiableInitializers(const onnx::ModelProto &model) {
  std::vector<std::string> floats;
  for (const TensorProto &t : model.graph().initializer())
    if (isFloatInitializer(t))
      floats.push_back(t.name());
  onnx::ModelProto promoted = model;
  promoteToInputs(promoted, floats);
  std::set<std::string> shapeInputs =
      dlc::findShapeDecidingInputs(promoted.graph());
  std::vector<std::string> names;
  for (const std::string &name : floats)
    if (!shapeInputs.count(name))
      names.push_back(name);
  return names;
}

/// Up to `count` distinct indices below `n`, ascending (all when n <= count).
std::vector<int64_t> sampleIndices(int64_t n, unsigned count,
                                   std::mt19937 &gen) {
  std::vector<int64_t> all(n);
  for (int64_t i = 0; i < n; ++i)
    all[i] = i;
  if (n <= static_cast<int64_t>(count))
    return all;
  for (unsigned k = 0; k < count; ++k)
    std::swap(all[k], all[k + gen() % (n - k)]);
  all.resize(count);
  std::sort(all.begin(), all.end());
  return all;
}

/// sum(c * y) and sum(|c * y|) over output 0.
struct Objective {
  double value = 0, magnitude = 0;
};

/// The finite-difference comparison for one initializer.
struct Comparison {
  /// Beyond the objective's rounding noise (decides PASS/FAIL).
  double maxError = 0;
  /// |gradient - difference| / scale before the noise allowance (reported).
  double maxRawError = 0;
  int64_t worstIndex = -1;
  double worstGradient = 0, worstDifference = 0;
  unsigned kinks = 0, checked = 0;
};

} // namespace

dlc::CheckOutcome dlc::checkFiniteDifferences(const CaseLayout &c,
                                              const RunOptions &options) {
  std::vector<std::string> params = differentiableInitializers(c.model);
  if (params.empty())
    return CheckOutcome::failed("finite differences: no floating-point "
                                "initializer to differentiate");

  // The forward model with the parameters as graph inputs, from a temp file.
  onnx::ModelProto promoted = c.model;
  promoteToInputs(promoted, params);
  llvm::SmallString<128> tempPath;
  int tempFd;
  if (llvm::sys::fs::createTemporaryFile("dlc-run-fd", "onnx", tempFd,
                                         tempPath))
    return CheckOutcome::failed("finite differences: cannot create a "
                                "temporary file");
  llvm::FileRemover removeTemp(tempPath);
  {
    llvm::raw_fd_ostream os(tempFd, /*shouldClose=*/true);
    os << promoted.SerializeAsString();
  }
  CompileOptions forwardOptions = baseCompileOptions(c, c.name + "_fd");
  forwardOptions.inputPath = tempPath.str().str();
  LoadedModel forward;
  CheckOutcome compiled =
      compileAndLoad(c, forwardOptions, options, "finite differences: ",
                     /*unsupportedSkips=*/true, forward);
  if (!compiled.passed())
    return compiled;

  LoadedModel vjp;
  compiled = compileVJP(c, params, options, vjp);
  if (!compiled.passed())
    return compiled;

  // Parameter values, fed by name; perturbed in place.
  std::map<std::string, HostTensor> values;
  std::map<std::string, const HostTensor *> provided;
  for (const TensorProto &t : c.model.graph().initializer()) {
    if (!llvm::is_contained(params, t.name()))
      continue;
    auto value = hostTensorFromProto(t);
    if (!value)
      return CheckOutcome::failed("initializer '" + t.name() +
                                  "': " + llvm::toString(value.takeError()));
    values[t.name()] = std::move(*value);
    provided[t.name()] = &values[t.name()];
  }
  std::deque<HostTensor> storage;
  std::vector<const HostTensor *> feeds;
  std::string why =
      gatherFeeds(c, forward.info.inputs, provided, storage, feeds);
  if (!why.empty())
    return CheckOutcome::failed("finite differences: " + why);

  std::mt19937 gen(0x646c63);
  const TensorInfo &cotangentInfo = vjp.info.inputs.back();
  if (!isFloatInfo(cotangentInfo))
    return CheckOutcome::failed("vjp: cotangent of type " +
                                onnxTypeName(cotangentInfo.onnxType));
  if (forward.info.outputs.empty() ||
      forward.info.outputs[0].shape != cotangentInfo.shape)
    return CheckOutcome::failed(
        "vjp: cotangent shape " + formatShape(cotangentInfo.shape) +
        " is not output 0's " +
        (forward.info.outputs.empty()
             ? std::string("(none)")
             : formatShape(forward.info.outputs[0].shape)));
  HostTensor cotangent = randomTensor(cotangentInfo, gen);
  std::map<std::string, HostTensor> grads = runVJP(c, vjp, cotangent, why);
  if (!why.empty())
    return CheckOutcome::failed("vjp: " + why);

  auto evaluate = [&]() {
    std::vector<HostTensor> outputs = forward.run(feeds);
    Objective o;
    for (int64_t i = 0; i < cotangent.numElements(); ++i) {
      double term = floatElement(cotangent, i) * floatElement(outputs[0], i);
      o.value += term;
      o.magnitude += std::fabs(term);
    }
    return o;
  };
  Objective base = evaluate();

  std::vector<std::string> report;
  std::string failure;
  for (const std::string &name : params) {
    HostTensor &w = values[name];
    const HostTensor &grad = grads[name];
    if (grad.shape() != w.shape())
      return CheckOutcome::failed("vjp: gradient '" + name + "' has shape " +
                                  formatShape(grad.shape()) + ", expected " +
                                  formatShape(w.shape()));
    double sumSquares = 0;
    for (int64_t i = 0; i < w.numElements(); ++i)
      sumSquares += floatElement(w, i) * floatElement(w, i);
    double rms = w.numElements() ? std::sqrt(sumSquares / w.numElements()) : 0;
    double step = options.fdStep * std::max(rms, 0.1);

    struct Sample {
      int64_t index;
      double gradient, difference, onesidedGap, noise;
    };
    std::vector<Sample> samples;
    double scale = 1e-12;
    for (int64_t i : sampleIndices(w.numElements(), options.fdSamples, gen)) {
      double value = floatElement(w, i);
      setFloatElement(w, i, value + step);
      double up = floatElement(w, i) - value; // the step w + h really took
      Objective plus = evaluate();
      setFloatElement(w, i, value - step);
      double down = value - floatElement(w, i);
      Objective minus = evaluate();
      setFloatElement(w, i, value);
      double difference = (plus.value - minus.value) / (up + down);
      double noise = kObjectiveRelativeNoise *
                     (plus.magnitude + minus.magnitude + base.magnitude) /
                     std::min(up, down);
      double onesidedGap =
          (plus.value - base.value) / up - (base.value - minus.value) / down;
      double gradient = floatElement(grad, i);
      samples.push_back({i, gradient, difference, onesidedGap, noise});
      scale = std::max({scale, std::fabs(gradient), std::fabs(difference)});
    }

    // A kink (Relu at 0, a max that changes hands) between w - h and w + h
    // shows as one-sided differences that disagree; such coordinates say
    // nothing about the gradient rule.
    Comparison cmp;
    for (const Sample &s : samples) {
      if (!std::isfinite(s.gradient)) {
        cmp.maxError = INFINITY;
        cmp.worstIndex = s.index;
        cmp.worstGradient = s.gradient;
        cmp.worstDifference = s.difference;
        break;
      }
      if (std::fabs(s.onesidedGap) > 0.1 * scale + 2 * s.noise) {
        ++cmp.kinks;
        continue;
      }
      ++cmp.checked;
      cmp.maxRawError = std::max(
          cmp.maxRawError, std::fabs(s.gradient - s.difference) / scale);
      double error =
          std::max(0.0, std::fabs(s.gradient - s.difference) - s.noise) / scale;
      if (error > cmp.maxError || cmp.worstIndex < 0) {
        cmp.maxError = std::max(error, cmp.maxError);
        cmp.worstIndex = s.index;
        cmp.worstGradient = s.gradient;
        cmp.worstDifference = s.difference;
      }
    }
    std::string entry = name + " " + formatError(cmp.maxRawError);
    if (cmp.kinks)
      entry += " (" + std::to_string(cmp.kinks) + " at kinks)";
    report.push_back(entry);
    if (options.verbose)
      llvm::errs() << c.name << ": finite differences '" << name
                   << "': " << cmp.checked << " coordinates, step " << step
                   << ", max relative error " << formatError(cmp.maxError)
                   << ", " << cmp.kinks << " at kinks\n";
    if (!failure.empty())
      continue;
    if (cmp.checked == 0 && cmp.maxError == 0)
      failure = "'" + name + "': every sampled coordinate is at a kink";
    else if (!(cmp.maxError <= options.fdThreshold))
      failure = "'" + name + "' index " + std::to_string(cmp.worstIndex) +
                ": vjp " + formatValue(cmp.worstGradient) +
                ", finite difference " + formatValue(cmp.worstDifference) +
                " (relative error " + formatError(cmp.maxError) + " > " +
                formatError(options.fdThreshold) + ")";
  }
  std::string summary = "max relative error: " + llvm::join(report, ", ");
  if (!failure.empty())
    return CheckOutcome::failed("finite differences: " + failure + "; " +
                                summary);
  return CheckOutcome::ok("fd " + summary);
}
