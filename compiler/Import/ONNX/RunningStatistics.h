//===- RunningStatistics.h - batch norm statistics of their own -*- C++ -*-===//
#ifndef DLC_COMPILER_IMPORT_ONNX_RUNNINGSTATISTICS_H
#define DLC_COMPILER_IMPORT_ONNX_RUNNINGSTATISTICS_H

#include "onnx/onnx_pb.h"

namespace dlc {

/// Gives every BatchNormalization's running mean and variance (inputs 3
/// and 4) an initializer of its own where the model shares one with another
/// use. Exporters deduplicate initializers by value: torch.onnx in eval mode
/// makes a fresh BatchNorm's weight and running_var one tensor of ones, its
/// bias and running_mean one of zeros, and merges the statistics of equally
/// sized batch norms. A running statistic is state, not a parameter: shared,
/// its use would add a second term to the parameter's gradient (about -1/2
/// of the first at var = 1) and training would both step it and average it.
/// The copy is named `<node>.running_mean` / `<node>.running_var` (made
/// unique); initializers left without a use are removed.
void separateRunningStatistics(onnx::GraphProto &graph);

} // namespace dlc

#endif // DLC_COMPILER_IMPORT_ONNX_RUNNINGSTATISTICS_H
