//===- HeaderEmitter.h - the C header of a compiled model -------*- C++ -*-===//
#ifndef DLC_COMPILER_TARGET_HEADEREMITTER_H
#define DLC_COMPILER_TARGET_HEADEREMITTER_H

#include "compiler/Target/ModelInfo.h"

#include "llvm/Support/raw_ostream.h"

#include <string>

namespace dlc {

/// Returns the plain C11 header declaring `info`'s entry points and memory
/// sizes (see glow's bundle headers for the idea: caller-owned buffers,
/// sizes as constants).
std::string emitHeader(const ModelInfo &info);

/// The C type that holds one element of ONNX element type `onnxType`.
const char *cElementType(int32_t onnxType);

// The parts emitHeader assembles.

/// `/* kind i "name": float[1, 2] */` and `#define <P>_<KIND>_<i>_ELEMENTS`.
void emitTensorMacros(llvm::raw_ostream &os, llvm::StringRef prefix,
                      llvm::StringRef kind, size_t index, const TensorInfo &t);
/// `<m>_run` and `<m>_run_packed` of an inference object.
void emitInferenceDeclarations(llvm::raw_ostream &os, const ModelInfo &info);
/// The training object's buffers, parameter table and entry points
/// (TrainingHeader.cpp).
void emitTrainingDeclarations(llvm::raw_ostream &os, const ModelInfo &info);
/// `const float *x, ..., float *y, ` for the inputs and outputs.
void emitTensorParams(llvm::raw_ostream &os, const ModelInfo &info);
/// `[1, 2]`.
std::string shapeText(const std::vector<int64_t> &shape);
/// `float[1, 2]`.
std::string describeTensorType(const TensorInfo &t);

} // namespace dlc

#endif // DLC_COMPILER_TARGET_HEADEREMITTER_H
