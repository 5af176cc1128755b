//===- HeaderEmitter.h - the C header of a compiled model -------*- C++ -*-===//
#ifndef DLC_COMPILER_TARGET_HEADEREMITTER_H
#define DLC_COMPILER_TARGET_HEADEREMITTER_H

#include "compiler/Target/ModelInfo.h"

#include <string>

namespace dlc {

/// Returns the plain C11 header declaring `info`'s entry points and memory
/// sizes (see glow's bundle headers for the idea: caller-owned buffers,
/// sizes as constants).
std::string emitHeader(const ModelInfo &info);

/// The C type that holds one element of ONNX element type `onnxType`.
const char *cElementType(int32_t onnxType);

} // namespace dlc

#endif // DLC_COMPILER_TARGET_HEADEREMITTER_H
