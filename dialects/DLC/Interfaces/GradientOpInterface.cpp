//===- GradientOpInterface.cpp - reverse-mode gradient rules --------------===//
#include "dialects/DLC/Interfaces/GradientOpInterface.h"

#include "dialects/DLC/Interfaces/GradientOpInterface.cpp.inc"
