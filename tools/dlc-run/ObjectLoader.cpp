//===- ObjectLoader.cpp - load a compiled model's object in-process -------===//

#include "tools/dlc-run/ObjectLoader.h"

#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/DynamicLibrary.h"
#include "llvm/Support/TargetSelect.h"

dlc::ObjectLoader::ObjectLoader(std::unique_ptr<llvm::orc::LLJIT> jit)
    : jit(std::move(jit)) {}

dlc::ObjectLoader::~ObjectLoader() = default;
// Out of line: the moved member's cleanup needs LLJIT complete.
dlc::ObjectLoader::ObjectLoader(ObjectLoader &&) = default;

llvm::Expected<dlc::ObjectLoader>
dlc::ObjectLoader::load(llvm::StringRef objectBytes) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  // Generated code calls the OpenMP runtime (__kmpc_fork_call, ...).
  std::string error;
  if (llvm::sys::DynamicLibrary::LoadLibraryPermanently(DLC_OMP_LIBRARY,
                                                        &error))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot load " DLC_OMP_LIBRARY ": " +
                                       error);
  auto jit = llvm::orc::LLJITBuilder().create();
  if (!jit)
    return jit.takeError();
  auto processSymbols =
      llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
          (*jit)->getDataLayout().getGlobalPrefix());
  if (!processSymbols)
    return processSymbols.takeError();
  (*jit)->getMainJITDylib().addGenerator(std::move(*processSymbols));
  if (llvm::Error err = (*jit)->addObjectFile(
          llvm::MemoryBuffer::getMemBufferCopy(objectBytes, "model.o")))
    return std::move(err);
  return ObjectLoader(std::move(*jit));
}

llvm::Expected<dlc::PackedEntryPoint>
dlc::ObjectLoader::lookupPacked(llvm::StringRef name) {
  auto addr = jit->lookup(name);
  if (!addr)
    return addr.takeError();
  return addr->toPtr<PackedEntryPoint>();
}
