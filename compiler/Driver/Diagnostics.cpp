//===- Diagnostics.cpp - one line per error, naming file and node ---------===//
//
// The importer gives every op a location `NameLoc("node 'x' (Op)",
// FileLineColLoc(file))`; passes may fuse such locations. An error prints as
// `error: <file>: node 'x' (Op): <message>`, or `error: <file>: <message>`
// when no node is known.
//
//===----------------------------------------------------------------------===//
#include "compiler/Driver/Compiler.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"

using namespace mlir;

namespace {

struct Origin {
  std::string file;
  std::string node;
};

Origin findOrigin(Location loc) {
  Origin origin;
  loc->walk([&](Location l) {
    if (auto name = dyn_cast<NameLoc>(l); name && origin.node.empty())
      origin.node = name.getName().str();
    if (auto file = dyn_cast<FileLineColLoc>(l); file && origin.file.empty())
      origin.file = file.getFilename().str();
    return WalkResult::advance();
  });
  return origin;
}

const char *severityText(DiagnosticSeverity severity) {
  switch (severity) {
  case DiagnosticSeverity::Error:
    return "error";
  case DiagnosticSeverity::Warning:
    return "warning";
  case DiagnosticSeverity::Note:
    return "note";
  case DiagnosticSeverity::Remark:
    return "remark";
  }
  return "error";
}

} // namespace

void dlc::installDiagnosticPrinter(MLIRContext &context, llvm::raw_ostream &os) {
  context.getDiagEngine().registerHandler([&os](Diagnostic &diag) {
    Origin origin = findOrigin(diag.getLocation());
    os << severityText(diag.getSeverity()) << ": ";
    if (!origin.file.empty())
      os << origin.file << ": ";
    if (!origin.node.empty())
      os << origin.node << ": ";
    std::string message = diag.str();
    os << llvm::StringRef(message).split('\n').first << "\n";
    os.flush();
    return success();
  });
}
