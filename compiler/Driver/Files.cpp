//===- Files.cpp - atomic output files and C identifiers ------------------===//
#include "compiler/Driver/Compiler.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace mlir;

LogicalResult dlc::writeFilesAtomically(
    llvm::ArrayRef<std::pair<std::string, std::string>> files,
    std::string &error) {
  llvm::SmallVector<std::string> temps;
  auto cleanup = [&] {
    for (const std::string &t : temps)
      llvm::sys::fs::remove(t);
    return failure();
  };
  for (const auto &[path, contents] : files) {
    llvm::SmallString<256> model(path);
    model += ".tmp-%%%%%%";
    int fd;
    llvm::SmallString<256> temp;
    if (std::error_code ec = llvm::sys::fs::createUniqueFile(model, fd, temp)) {
      error = "cannot write '" + path + "': " + ec.message();
      return cleanup();
    }
    temps.push_back(temp.str().str());
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << contents;
    os.close();
    if (os.has_error()) {
      error = "cannot write '" + path + "': " + os.error().message();
      os.clear_error();
      return cleanup();
    }
  }
  for (auto [temp, file] : llvm::zip(temps, files))
    if (std::error_code ec = llvm::sys::fs::rename(temp, file.first)) {
      error = "cannot write '" + file.first + "': " + ec.message();
      return cleanup();
    }
  return success();
}

std::string dlc::sanitizeIdentifier(llvm::StringRef name) {
  static const llvm::StringSet<> reserved = {
      "auto",     "break",    "case",     "char",   "const",    "continue",
      "default",  "do",       "double",   "else",   "enum",     "extern",
      "float",    "for",      "goto",     "if",     "inline",   "int",
      "long",     "register", "restrict", "return", "short",    "signed",
      "sizeof",   "static",   "struct",   "switch", "typedef",  "union",
      "unsigned", "void",     "volatile", "while",  "bool",     "true",
      "false",    "_Bool",    "arena",    "args"};
  std::string id;
  for (char c : name)
    id += llvm::isAlnum(c) ? c : '_';
  if (id.empty() || llvm::isDigit(id[0]) || id[0] == '_' ||
      reserved.contains(id))
    id = "t_" + id;
  return id;
}
