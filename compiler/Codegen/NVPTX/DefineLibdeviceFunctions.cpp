//===- DefineLibdeviceFunctions.cpp - __nv_* bodies from intrinsics -------===//
//
// See the pass description in Passes.td.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/NVPTX/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

namespace dlc {
#define GEN_PASS_DEF_DEFINELIBDEVICEFUNCTIONS
#include "compiler/Codegen/NVPTX/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

/// The intrinsic computing libdevice function `name` (without `__nv_` and
/// the `f` of the f32 variants) on `args`; null if there is none.
Value buildIntrinsic(OpBuilder &b, Location loc, StringRef name,
                     ValueRange args) {
  auto unary = [&](auto tag) -> Value {
    using Op = decltype(tag);
    return args.size() == 1 ? Op::create(b, loc, args[0]).getResult()
                            : Value();
  };
  auto binary = [&](auto tag) -> Value {
    using Op = decltype(tag);
    return args.size() == 2 ? Op::create(b, loc, args[0], args[1]).getResult()
                            : Value();
  };
  if (name == "fabs")
    return unary(LLVM::FAbsOp());
  if (name == "floor")
    return unary(LLVM::FFloorOp());
  if (name == "ceil")
    return unary(LLVM::FCeilOp());
  if (name == "sqrt")
    return unary(LLVM::SqrtOp());
  if (name == "trunc")
    return unary(LLVM::FTruncOp());
  if (name == "round")
    return unary(LLVM::RoundOp());
  if (name == "rint" || name == "nearbyint")
    return unary(LLVM::RintOp());
  if (name == "copysign")
    return binary(LLVM::CopySignOp());
  if (name == "fmin")
    return binary(LLVM::MinNumOp());
  if (name == "fmax")
    return binary(LLVM::MaxNumOp());
  if (name == "fma" && args.size() == 3)
    return LLVM::FMAOp::create(b, loc, args[0], args[1], args[2]);
  return nullptr;
}

struct DefineLibdeviceFunctionsPass
    : dlc::impl::DefineLibdeviceFunctionsBase<DefineLibdeviceFunctionsPass> {
  void runOnOperation() override {
    for (auto func : getOperation().getOps<LLVM::LLVMFuncOp>()) {
      StringRef name = func.getName();
      if (!func.isExternal() || !name.consume_front("__nv_"))
        continue;
      LLVM::LLVMFunctionType type = func.getFunctionType();
      Type result = type.getReturnType();
      // __nv_fabsf is f32, __nv_fabs f64.
      if (result.isF32())
        name.consume_back("f");
      OpBuilder b(func.getContext());
      Block *entry = func.addEntryBlock(b);
      b.setInsertionPointToStart(entry);
      Value value = buildIntrinsic(b, func.getLoc(), name,
                                   entry->getArguments());
      if (!value) {
        func.emitError("no GPU code for libdevice function '")
            << func.getName() << "' (it would need CUDA's libdevice)";
        return signalPassFailure();
      }
      LLVM::ReturnOp::create(b, func.getLoc(), value);
      func.setLinkage(LLVM::Linkage::Internal);
    }
  }
};

} // namespace
