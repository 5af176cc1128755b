//===- ObjectLoader.h - load a compiled model's object in-process -*- C++ -*-=//
//
// dlc-run runs exactly the object file `dlc` would write: it links it into
// the running process with LLVM ORC (JITLink) and resolves its libc
// references (memcpy, memset, ...) against the process itself.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_TOOLS_DLC_RUN_OBJECTLOADER_H
#define DLC_TOOLS_DLC_RUN_OBJECTLOADER_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <memory>

namespace llvm::orc {
class LLJIT;
} // namespace llvm::orc

namespace dlc {

/// `<model>_run_packed(void **args)`: inputs, outputs, then the arena.
using PackedEntryPoint = void (*)(void **args);

/// An ELF relocatable object linked into this process; the code stays
/// mapped as long as the loader lives.
class ObjectLoader {
public:
  ~ObjectLoader();
  ObjectLoader(ObjectLoader &&);

  /// Links `objectBytes` (a relocatable object for the host) in-process.
  static llvm::Expected<ObjectLoader> load(llvm::StringRef objectBytes);

  /// The address of the (unmangled) function `name`.
  llvm::Expected<PackedEntryPoint> lookupPacked(llvm::StringRef name);

private:
  explicit ObjectLoader(std::unique_ptr<llvm::orc::LLJIT> jit);
  std::unique_ptr<llvm::orc::LLJIT> jit;
};

} // namespace dlc

#endif // DLC_TOOLS_DLC_RUN_OBJECTLOADER_H
