//===- GradientOpInterface.h - reverse-mode gradient rules ------*- C++ -*-===//
#ifndef DLC_DIALECTS_DLC_INTERFACES_GRADIENTOPINTERFACE_H
#define DLC_DIALECTS_DLC_INTERFACES_GRADIENTOPINTERFACE_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpDefinition.h"

#include "dialects/DLC/Interfaces/GradientOpInterface.h.inc"

#endif // DLC_DIALECTS_DLC_INTERFACES_GRADIENTOPINTERFACE_H
