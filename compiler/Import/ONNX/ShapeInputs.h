//===- ShapeInputs.h - graph inputs that only decide shapes -----*- C++ -*-===//
//
// dlc compiles for static shapes. A graph input whose value only decides the
// shape of a result (the shape operand of Reshape, the axes of Squeeze, ...)
// must be known at compile time; the drivers bind such inputs to constants.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_IMPORT_ONNX_SHAPEINPUTS_H
#define DLC_COMPILER_IMPORT_ONNX_SHAPEINPUTS_H

#include "onnx/onnx_pb.h"

#include <set>
#include <string>

namespace dlc {

/// Returns the graph inputs (initializers excluded) that an operand that only
/// decides shapes is computed from, through any ops but Shape and Size (which
/// read only their input's shape): the shape of
/// Reshape/Expand/Tile/ConstantOfShape, Slice starts/ends/axes/steps, Range
/// bounds, Pad pads/constant_value/axes, Split sizes, Resize/Upsample
/// roi/scales/sizes, TopK k, OneHot depth, Squeeze/Unsqueeze axes, the axes
/// of the Reduce ops (opset 13/18 input form) and the sequence_lens of RNN,
/// GRU and LSTM (which decide how far each sequence is unrolled), the shape
/// of CenterCropPad, Col2Im's image and block shapes and DFT's length and
/// axis. Only the
/// top-level graph is searched.
std::set<std::string> findShapeDecidingInputs(const onnx::GraphProto &graph);

} // namespace dlc

#endif // DLC_COMPILER_IMPORT_ONNX_SHAPEINPUTS_H
