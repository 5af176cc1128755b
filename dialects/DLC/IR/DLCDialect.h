//===- DLCDialect.h - the dlc dialect ---------------------------*- C++ -*-===//
#ifndef DLC_DIALECTS_DLC_IR_DLCDIALECT_H
#define DLC_DIALECTS_DLC_IR_DLCDIALECT_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Dialect.h"

#include "dialects/DLC/IR/DLCDialect.h.inc"

#endif // DLC_DIALECTS_DLC_IR_DLCDIALECT_H
