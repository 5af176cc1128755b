//===- BuildVJP.cpp - the dlc-build-vjp pass ------------------------------===//
#include "compiler/Import/ONNX/ONNXImporter.h"
#include "compiler/Transforms/Autodiff.h"
#include "compiler/Transforms/ModeOps.h"
#include "compiler/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/StringSet.h"

#include "onnx/onnx_pb.h"

namespace dlc {
#define GEN_PASS_DEF_BUILDVJP
#include "compiler/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

/// The ONNX element type of a floating-point tensor.
int32_t onnxFloatType(Type type) {
  Type elt = cast<RankedTensorType>(type).getElementType();
  if (elt.isF64())
    return onnx::TensorProto::DOUBLE;
  if (elt.isF16())
    return onnx::TensorProto::FLOAT16;
  return onnx::TensorProto::FLOAT;
}

/// The initializer constants to differentiate, in program order.
SmallVector<arith::ConstantOp> findInitializers(func::FuncOp func,
                                                const llvm::StringSet<> &names) {
  SmallVector<arith::ConstantOp> found;
  func.walk([&](arith::ConstantOp c) {
    auto name = c->getAttrOfType<StringAttr>(dlc::kInitializerAttr);
    auto type = dyn_cast<RankedTensorType>(c.getType());
    if (!name || !type || !isa<FloatType>(type.getElementType()))
      return;
    if (names.empty() || names.contains(name.getValue()))
      found.push_back(c);
  });
  return found;
}

LogicalResult buildVJP(func::FuncOp func, const llvm::StringSet<> &names) {
  if (func.getNumResults() == 0)
    return func.emitOpError("has no output to differentiate");
  auto output = dyn_cast<RankedTensorType>(func.getResultTypes()[0]);
  if (!output || !isa<FloatType>(output.getElementType()))
    return func.emitOpError("output 0 must be a floating-point tensor");
  SmallVector<arith::ConstantOp> inits = findInitializers(func, names);
  for (StringRef name : names.keys())
    if (llvm::none_of(inits, [&](arith::ConstantOp c) {
          return c->getAttrOfType<StringAttr>(dlc::kInitializerAttr)
                     .getValue() == name;
        }))
      return func.emitOpError("has no floating-point initializer '")
             << name << "'";

  // The gradient of the model as it infers (running statistics, no dropout).
  dlc::expandForInference(func);
  Block &body = func.getBody().front();
  auto ret = cast<func::ReturnOp>(body.getTerminator());
  OpBuilder b(ret);
  Value cotangent = body.addArgument(output, func.getLoc());
  SmallVector<Value> wrt;
  for (arith::ConstantOp c : inits)
    wrt.push_back(c);
  auto grads =
      dlc::buildReverseSweep(b, {{ret.getOperand(0), cotangent}}, wrt);
  if (failed(grads))
    return failure();
  func::ReturnOp::create(b, ret.getLoc(), *grads);
  ret.erase();

  // Signature and ABI attributes: the cotangent is input `cotangent_0`, the
  // results are named after their initializers.
  unsigned numArgs = body.getNumArguments();
  func.setType(FunctionType::get(func.getContext(), body.getArgumentTypes(),
                                 ValueRange(*grads).getTypes()));
  SmallVector<DictionaryAttr> argAttrs;
  for (unsigned i = 0; i + 1 < numArgs; ++i)
    argAttrs.push_back(func.getArgAttrDict(i));
  argAttrs.push_back(b.getDictionaryAttr(
      {b.getNamedAttr(dlc::kOnnxNameAttr, b.getStringAttr("cotangent_0")),
       b.getNamedAttr(dlc::kOnnxTypeAttr,
                      b.getI32IntegerAttr(onnxFloatType(output))),
       b.getNamedAttr("bufferization.writable", b.getBoolAttr(false))}));
  func.setAllArgAttrs(argAttrs);
  SmallVector<DictionaryAttr> resultAttrs;
  for (arith::ConstantOp c : inits)
    resultAttrs.push_back(b.getDictionaryAttr(
        {b.getNamedAttr(dlc::kOnnxNameAttr,
                        c->getAttr(dlc::kInitializerAttr)),
         b.getNamedAttr(dlc::kOnnxTypeAttr,
                        b.getI32IntegerAttr(onnxFloatType(c.getType())))}));
  func.setAllResultAttrs(resultAttrs);
  return success();
}

struct BuildVJPPass : dlc::impl::BuildVJPBase<BuildVJPPass> {
  using BuildVJPBase::BuildVJPBase;
  void runOnOperation() override {
    llvm::StringSet<> names;
    for (const std::string &name : wrt)
      names.insert(name);
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (!func.isExternal() && failed(buildVJP(func, names)))
        return signalPassFailure();
  }
};

} // namespace
