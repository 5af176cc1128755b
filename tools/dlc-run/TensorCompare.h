//===- TensorCompare.h - compare a model output with the expected -*- C++ -*-=//
#ifndef DLC_TOOLS_DLC_RUN_TENSORCOMPARE_H
#define DLC_TOOLS_DLC_RUN_TENSORCOMPARE_H

#include "tools/dlc-run/HostTensor.h"

#include <optional>
#include <string>

namespace dlc {

/// Floating-point elements match when |got - want| <= atol + rtol * |want|.
struct Tolerance {
  double rtol = 1e-3;
  double atol = 1e-5;
};

/// Returns std::nullopt when `got` matches `want`: same element type, same
/// shape, and every element equal within `tol` (NaN matches NaN; integer and
/// bool elements must be exactly equal). Otherwise returns why, naming the
/// first differing element and both values.
std::optional<std::string> compareTensors(const HostTensor &got,
                                          const HostTensor &want,
                                          const Tolerance &tol);

} // namespace dlc

#endif // DLC_TOOLS_DLC_RUN_TENSORCOMPARE_H
