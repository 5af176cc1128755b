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

template <typename Op>
Value unary(OpBuilder &b, Location loc, ValueRange args) {
  return Op::create(b, loc, args[0]);
}

template <typename Op>
Value binary(OpBuilder &b, Location loc, ValueRange args) {
  return Op::create(b, loc, args[0], args[1]);
}

Value fma(OpBuilder &b, Location loc, ValueRange args) {
  return LLVM::FMAOp::create(b, loc, args[0], args[1], args[2]);
}

/// A libdevice function (its name without `__nv_` and the `f` of the f32
/// variants) and the intrinsic that computes it.
struct Intrinsic {
  llvm::StringLiteral name;
  unsigned arity;
  Value (*build)(OpBuilder &, Location, ValueRange);
};

const Intrinsic kIntrinsics[] = {
    {"fabs", 1, unary<LLVM::FAbsOp>},
    {"floor", 1, unary<LLVM::FFloorOp>},
    {"ceil", 1, unary<LLVM::FCeilOp>},
    {"sqrt", 1, unary<LLVM::SqrtOp>},
    {"trunc", 1, unary<LLVM::FTruncOp>},
    {"round", 1, unary<LLVM::RoundOp>},
    {"rint", 1, unary<LLVM::RintOp>},
    {"nearbyint", 1, unary<LLVM::RintOp>},
    {"copysign", 2, binary<LLVM::CopySignOp>},
    {"fmin", 2, binary<LLVM::MinNumOp>},
    {"fmax", 2, binary<LLVM::MaxNumOp>},
    {"fma", 3, fma},
};

/// The intrinsic computing libdevice function `name` on `args`; null if
/// there is none.
Value buildIntrinsic(OpBuilder &b, Location loc, StringRef name,
                     ValueRange args) {
  for (const Intrinsic &intrinsic : kIntrinsics)
    if (intrinsic.name == name && intrinsic.arity == args.size())
      return intrinsic.build(b, loc, args);
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
