//===- JitFunction.h - run a dlc function through the CPU path -*- C++ -*-===//
//-*-===//
//
// Numeric tests of the dlc-to-linalg patterns compile a small hand-written
// function of dlc ops through the same CPU phases `dlc` runs (graph, linalg,
// bufferize + arena plan, LLVM) and JIT it with MLIR's ExecutionEngine, so
// the results can be compared with a naive C++ reference.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_TEST_UNIT_CONVERSION_JITFUNCTION_H
#define DLC_TEST_UNIT_CONVERSION_JITFUNCTION_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mlir {
class ExecutionEngine;
class MLIRContext;
} // namespace mlir

namespace dlc::test {

/// `tensor<2x3xf32>` for shape {2, 3} and element type "f32".
std::string tensorType(llvm::ArrayRef<int64_t> shape, llvm::StringRef elem);

/// `array<i64: 1, 2>`.
std::string i64Array(llvm::ArrayRef<int64_t> values);

/// Product of `shape`.
int64_t numElements(llvm::ArrayRef<int64_t> shape);

/// A compiled `func.func @f`: call it with one pointer per argument and
/// one per result (caller-owned, dense row-major buffers).
class JitFunction {
public:
  ~JitFunction();

  /// Compiles the module text `source`, which defines `@f`.
  static llvm::Expected<std::unique_ptr<JitFunction>>
  compile(llvm::StringRef source);

  /// Runs `@f(inputs...) -> outputs...`.
  llvm::Error call(llvm::ArrayRef<const void *> inputs,
                   llvm::ArrayRef<void *> outputs);

private:
  JitFunction() = default;
  std::unique_ptr<mlir::MLIRContext> context;
  std::unique_ptr<mlir::ExecutionEngine> engine;
  std::vector<char> arena;
  unsigned numInputs = 0, numOutputs = 0;
};

/// Compiles `source`, or records a test failure (with the source) and
/// returns null.
std::unique_ptr<JitFunction> compileOrFail(const std::string &source);

/// Runs `fn`, or records a test failure.
void callOrFail(JitFunction &fn, llvm::ArrayRef<const void *> inputs,
                llvm::ArrayRef<void *> outputs);

} // namespace dlc::test

#endif // DLC_TEST_UNIT_CONVERSION_JITFUNCTION_H
