//===- TrainingABI.cpp - the C entry points of a training object ----------===//
#include "compiler/Target/TrainingABI.h"

#include "llvm/IR/IRBuilder.h"

using namespace dlc;

namespace {

/// Where an impl argument comes from in the C entry point.
struct ArgSource {
  /// Direct: the C argument itself. Offset: `offset` bytes into C argument
  /// `cArg`. ScalarIn: a pointer to a copy of the C float argument `cArg`.
  /// ScalarOut: a pointer to the float the wrapper returns.
  enum Kind { Direct, Offset, ScalarIn, ScalarOut } kind;
  unsigned cArg = 0;
  int64_t offset = 0;
};

/// Renames `name` to `<name>.impl` (internal) and returns it; null if absent.
llvm::Function *takeImpl(llvm::Module &module, const std::string &name) {
  llvm::Function *impl = module.getFunction(name);
  if (!impl)
    return nullptr;
  impl->setName(name + ".impl");
  impl->setLinkage(llvm::GlobalValue::InternalLinkage);
  return impl;
}

/// On the GPU the impl's scalar slots are device memory: `offset` bytes
/// into C argument `arena` (the learning rate there, the loss 4 bytes on),
/// filled and read back through libdlcrt.
struct DeviceScalars {
  unsigned arena;
  int64_t offset;
};

/// Declares `void name(ptr dst, ptr src, i64 bytes)`: dlc_cuda_send or
/// dlc_cuda_fetch, which exit on failure (the step has no error result).
llvm::FunctionCallee copyFunction(llvm::Module &module, llvm::StringRef name) {
  llvm::LLVMContext &ctx = module.getContext();
  llvm::Type *ptr = llvm::PointerType::getUnqual(ctx);
  return module.getOrInsertFunction(
      name, llvm::FunctionType::get(llvm::Type::getVoidTy(ctx),
                                    {ptr, ptr, llvm::Type::getInt64Ty(ctx)},
                                    false));
}

/// Builds `name(cParams...)` calling `impl` with arguments from `sources`;
/// it returns the ScalarOut float when `returnsScalar`.
void buildWrapper(llvm::Module &module, llvm::Function *impl,
                  const std::string &name, llvm::ArrayRef<llvm::Type *> cParams,
                  bool returnsScalar, llvm::ArrayRef<ArgSource> sources,
                  std::optional<DeviceScalars> device = std::nullopt) {
  llvm::LLVMContext &ctx = module.getContext();
  llvm::Type *f32 = llvm::Type::getFloatTy(ctx);
  llvm::Type *i8 = llvm::Type::getInt8Ty(ctx);
  llvm::Type *ret = returnsScalar ? f32 : llvm::Type::getVoidTy(ctx);
  auto *type = llvm::FunctionType::get(ret, cParams, false);
  auto *f = llvm::Function::Create(type, llvm::Function::ExternalLinkage, name,
                                   module);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", f));
  llvm::Value *hostOut = returnsScalar ? b.CreateAlloca(f32) : nullptr;
  llvm::Value *outSlot = hostOut;
  auto deviceSlot = [&](int64_t extra) {
    return b.CreateConstInBoundsGEP1_64(i8, f->getArg(device->arena),
                                        device->offset + extra);
  };
  if (device && returnsScalar)
    outSlot = deviceSlot(4);
  llvm::Value *four = b.getInt64(4);
  llvm::SmallVector<llvm::Value *> args;
  for (const ArgSource &src : sources) {
    switch (src.kind) {
    case ArgSource::Direct:
      args.push_back(f->getArg(src.cArg));
      break;
    case ArgSource::Offset:
      args.push_back(b.CreateConstInBoundsGEP1_64(
          llvm::Type::getInt8Ty(ctx), f->getArg(src.cArg), src.offset));
      break;
    case ArgSource::ScalarIn: {
      llvm::Value *slot = b.CreateAlloca(f32);
      b.CreateStore(f->getArg(src.cArg), slot);
      if (device) {
        llvm::Value *onDevice = deviceSlot(0);
        b.CreateCall(copyFunction(module, "dlc_cuda_send"),
                     {onDevice, slot, four});
        slot = onDevice;
      }
      args.push_back(slot);
      break;
    }
    case ArgSource::ScalarOut:
      args.push_back(outSlot);
      break;
    }
  }
  b.CreateCall(impl, args);
  if (device && returnsScalar)
    b.CreateCall(copyFunction(module, "dlc_cuda_fetch"),
                 {hostOut, outSlot, four});
  if (returnsScalar)
    b.CreateRet(b.CreateLoad(f32, hostOut));
  else
    b.CreateRetVoid();
}

void embedBytes(llvm::Module &module, const std::string &name,
                llvm::StringRef bytes) {
  llvm::LLVMContext &ctx = module.getContext();
  auto *data = llvm::ConstantDataArray::getString(ctx, bytes, false);
  new llvm::GlobalVariable(module, data->getType(), true,
                           llvm::GlobalValue::ExternalLinkage, data, name);
  auto *size = llvm::ConstantInt::get(llvm::Type::getInt64Ty(ctx), bytes.size());
  new llvm::GlobalVariable(module, size->getType(), true,
                           llvm::GlobalValue::ExternalLinkage, size,
                           name + "_size");
}

} // namespace

mlir::LogicalResult dlc::addTrainingABI(llvm::Module &module,
                                        const ModelInfo &info) {
  llvm::LLVMContext &ctx = module.getContext();
  llvm::Type *ptr = llvm::PointerType::getUnqual(ctx);
  llvm::Type *f32 = llvm::Type::getFloatTy(ctx);
  const TrainInfo &t = info.train;
  unsigned nIn = info.inputs.size(), nOut = info.outputs.size();

  llvm::Function *run = takeImpl(module, info.runSymbol());
  llvm::Function *train = takeImpl(module, info.trainSymbol());
  if (!run || !train)
    return mlir::failure();

  // void run(inputs..., outputs..., params, arena)
  {
    llvm::SmallVector<llvm::Type *> params(nIn + nOut + 2, ptr);
    llvm::SmallVector<ArgSource> src;
    for (unsigned i = 0; i < nIn; ++i)
      src.push_back({ArgSource::Direct, i});
    for (const ParamInfo &p : t.params)
      src.push_back({ArgSource::Offset, nIn + nOut, p.offset});
    for (unsigned i = 0; i < nOut; ++i)
      src.push_back({ArgSource::Direct, nIn + i});
    src.push_back({ArgSource::Direct, nIn + nOut + 1});
    buildWrapper(module, run, info.runSymbol(), params, false, src);
  }
  // float train_step(inputs..., labels, lr, params, state, arena)
  {
    llvm::SmallVector<llvm::Type *> params(nIn + 1, ptr);
    params.push_back(f32);
    params.append(3, ptr);
    llvm::SmallVector<ArgSource> src;
    for (unsigned i = 0; i <= nIn; ++i)
      src.push_back({ArgSource::Direct, i});
    src.push_back({ArgSource::ScalarIn, nIn + 1});
    for (const ParamInfo &p : t.params)
      src.push_back({ArgSource::Offset, nIn + 2, p.offset});
    for (const ParamInfo &s : t.state)
      src.push_back({ArgSource::Offset, nIn + 3, s.offset});
    src.push_back({ArgSource::ScalarOut});
    src.push_back({ArgSource::Direct, nIn + 4});
    std::optional<DeviceScalars> device;
    if (info.cuda)
      device = DeviceScalars{nIn + 4, info.deviceScalarsOffset};
    buildWrapper(module, train, info.trainSymbol(), params, true, src,
                 device);
  }
  embedBytes(module, info.name + "_onnx_model", info.baseModel);
  return mlir::success();
}
