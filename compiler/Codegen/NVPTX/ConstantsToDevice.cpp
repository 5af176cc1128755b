//===- ConstantsToDevice.cpp - kernels read device copies of weights ------===//
//
// See the pass description in Passes.td.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/NVPTX/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

namespace dlc {
#define GEN_PASS_DEF_CONSTANTSTODEVICE
#include "compiler/Codegen/NVPTX/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

constexpr const char *kConstant = "dlc_cuda_constant";

/// The size in bytes of a global of `type` (arrays of ints and floats, as
/// memref.global lowers), or nullopt.
std::optional<int64_t> byteSize(Type type) {
  if (auto array = dyn_cast<LLVM::LLVMArrayType>(type)) {
    std::optional<int64_t> element = byteSize(array.getElementType());
    if (!element)
      return std::nullopt;
    return *element * (int64_t)array.getNumElements();
  }
  if (type.isIntOrFloat())
    return llvm::divideCeil(type.getIntOrFloatBitWidth(), 8);
  return std::nullopt;
}

struct ConstantsToDevicePass
    : dlc::impl::ConstantsToDeviceBase<ConstantsToDevicePass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    auto ptr = LLVM::LLVMPointerType::get(ctx);
    auto i64 = IntegerType::get(ctx, 64);
    LLVM::LLVMFuncOp upload;
    WalkResult walk = module.walk([&](LLVM::AddressOfOp address) {
      // Host code only: kernels live in gpu.modules.
      if (address->getParentOfType<gpu::GPUModuleOp>())
        return WalkResult::advance();
      auto global = dyn_cast_or_null<LLVM::GlobalOp>(
          SymbolTable::lookupNearestSymbolFrom(address,
                                               address.getGlobalNameAttr()));
      if (!global || !global.getConstant() || !global.getValueOrNull())
        return WalkResult::advance();
      std::optional<int64_t> bytes = byteSize(global.getType());
      if (!bytes) {
        global.emitError("cannot copy this constant to the GPU: unknown size");
        return WalkResult::interrupt();
      }
      if (!upload) {
        OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
        upload = LLVM::LLVMFuncOp::create(
            b, module.getLoc(), kConstant,
            LLVM::LLVMFunctionType::get(ptr, {ptr, i64}));
      }
      OpBuilder b(address->getBlock(), std::next(address->getIterator()));
      Location loc = address.getLoc();
      Value size = LLVM::ConstantOp::create(b, loc, i64, *bytes);
      auto call = LLVM::CallOp::create(b, loc, upload,
                                       ValueRange{address.getResult(), size});
      address.getResult().replaceAllUsesExcept(call.getResult(), call);
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace
