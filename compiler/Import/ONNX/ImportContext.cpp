//===- ImportContext.cpp - state shared by the op importers ---------------===//
#include "compiler/Import/ONNX/ImportContext.h"

#include "compiler/Import/ONNX/ONNXImporter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;

Type dlc::convertElementType(int32_t onnxType, MLIRContext *ctx) {
  Builder b(ctx);
  switch (onnxType) {
  case onnx::TensorProto::FLOAT:
    return b.getF32Type();
  case onnx::TensorProto::DOUBLE:
    return b.getF64Type();
  case onnx::TensorProto::FLOAT16:
    return b.getF16Type();
  case onnx::TensorProto::INT8:
    return b.getIntegerType(8);
  case onnx::TensorProto::INT16:
    return b.getIntegerType(16);
  case onnx::TensorProto::INT32:
    return b.getIntegerType(32);
  case onnx::TensorProto::INT64:
    return b.getIntegerType(64);
  // Unsigned integers are signless too; ImportUnsigned.cpp keeps their
  // semantics.
  case onnx::TensorProto::UINT8:
    return b.getIntegerType(8);
  case onnx::TensorProto::UINT16:
    return b.getIntegerType(16);
  case onnx::TensorProto::UINT32:
    return b.getIntegerType(32);
  case onnx::TensorProto::UINT64:
    return b.getIntegerType(64);
  case onnx::TensorProto::BOOL:
    return b.getI1Type();
  default:
    return {};
  }
}

std::string dlc::dataTypeName(int32_t onnxType) {
  return onnx::TensorProto::DataType_Name(
      static_cast<onnx::TensorProto::DataType>(onnxType));
}

RankedTensorType dlc::convertValueType(const onnx::TypeProto &type,
                                       MLIRContext *ctx) {
  if (!type.has_tensor_type() || !type.tensor_type().has_shape())
    return {};
  Type elt = convertElementType(type.tensor_type().elem_type(), ctx);
  if (!elt)
    return {};
  SmallVector<int64_t> shape;
  for (const auto &dim : type.tensor_type().shape().dim()) {
    if (!dim.has_dim_value() || dim.dim_value() < 0)
      return {};
    shape.push_back(dim.dim_value());
  }
  return RankedTensorType::get(shape, elt);
}

namespace {
template <typename T, typename Field>
DenseElementsAttr fromField(RankedTensorType type, const Field &field) {
  SmallVector<T> values(field.begin(), field.end());
  return DenseElementsAttr::get(type, ArrayRef<T>(values));
}
} // namespace

FailureOr<DenseElementsAttr> dlc::convertTensor(const onnx::TensorProto &t,
                                                MLIRContext *ctx,
                                                std::string &error) {
  if (t.data_location() == onnx::TensorProto::EXTERNAL) {
    error = "unsupported external tensor data ('" + t.name() + "')";
    return failure();
  }
  Type elt = convertElementType(t.data_type(), ctx);
  if (!elt) {
    error = "unsupported tensor element type " + dataTypeName(t.data_type()) +
            " ('" + t.name() + "')";
    return failure();
  }
  SmallVector<int64_t> shape(t.dims().begin(), t.dims().end());
  auto type = RankedTensorType::get(shape, elt);
  int64_t count = type.getNumElements();
  auto sizeError = [&] {
    error = "tensor '" + t.name() + "' holds the wrong number of elements";
    return failure();
  };
  if (t.has_raw_data()) {
    const std::string &raw = t.raw_data();
    if (elt.isInteger(1)) {
      if ((int64_t)raw.size() != count)
        return sizeError();
      SmallVector<bool> values;
      for (char c : raw)
        values.push_back(c != 0);
      return DenseElementsAttr::get(type, ArrayRef<bool>(values));
    }
    int64_t bytes = elt.getIntOrFloatBitWidth() / 8;
    if ((int64_t)raw.size() != count * bytes)
      return sizeError();
    return DenseElementsAttr::getFromRawBuffer(
        type, ArrayRef<char>(raw.data(), raw.size()));
  }
  DenseElementsAttr attr;
  switch (t.data_type()) {
  case onnx::TensorProto::FLOAT:
    if (t.float_data_size() != count)
      return sizeError();
    return fromField<float>(type, t.float_data());
  case onnx::TensorProto::DOUBLE:
    if (t.double_data_size() != count)
      return sizeError();
    return fromField<double>(type, t.double_data());
  case onnx::TensorProto::INT64:
    if (t.int64_data_size() != count)
      return sizeError();
    return fromField<int64_t>(type, t.int64_data());
  case onnx::TensorProto::INT32:
    if (t.int32_data_size() != count)
      return sizeError();
    return fromField<int32_t>(type, t.int32_data());
  case onnx::TensorProto::INT16:
    if (t.int32_data_size() != count)
      return sizeError();
    return fromField<int16_t>(type, t.int32_data());
  case onnx::TensorProto::INT8:
    if (t.int32_data_size() != count)
      return sizeError();
    return fromField<int8_t>(type, t.int32_data());
  case onnx::TensorProto::UINT8:
    if (t.int32_data_size() != count)
      return sizeError();
    return fromField<uint8_t>(type, t.int32_data());
  case onnx::TensorProto::UINT16:
    if (t.int32_data_size() != count)
      return sizeError();
    return fromField<uint16_t>(type, t.int32_data());
  case onnx::TensorProto::UINT32:
    if (t.uint64_data_size() != count)
      return sizeError();
    return fromField<uint32_t>(type, t.uint64_data());
  case onnx::TensorProto::UINT64:
    if (t.uint64_data_size() != count)
      return sizeError();
    return fromField<uint64_t>(type, t.uint64_data());
  case onnx::TensorProto::BOOL:
    if (t.int32_data_size() != count)
      return sizeError();
    return fromField<bool>(type, t.int32_data());
  case onnx::TensorProto::FLOAT16: {
    if (t.int32_data_size() != count)
      return sizeError();
    SmallVector<APFloat> values;
    for (int32_t bits : t.int32_data())
      values.emplace_back(APFloat::IEEEhalf(), APInt(16, (uint16_t)bits));
    return DenseElementsAttr::get(type, values);
  }
  default:
    error = "unsupported tensor encoding for '" + t.name() + "'";
    return failure();
  }
}

Value dlc::NodeImporter::input(unsigned i) {
  if (!hasInput(i)) {
    (void)error("missing input " + Twine(i));
    return {};
  }
  auto it = graph.values.find(node.input(i));
  if (it == graph.values.end()) {
    (void)error("input '" + node.input(i) + "' is not defined before use");
    return {};
  }
  return it->second;
}

RankedTensorType dlc::NodeImporter::inputType(unsigned i) {
  Value v = input(i);
  return v ? cast<RankedTensorType>(v.getType()) : RankedTensorType();
}

std::optional<DenseElementsAttr> dlc::NodeImporter::constantInput(unsigned i) {
  if (!hasInput(i))
    return std::nullopt;
  auto it = graph.values.find(node.input(i));
  if (it == graph.values.end())
    return std::nullopt;
  DenseElementsAttr attr;
  if (matchPattern(it->second, m_Constant(&attr)))
    return attr;
  return std::nullopt;
}

FailureOr<SmallVector<int64_t>>
dlc::NodeImporter::constantInts(unsigned i, StringRef what) {
  std::optional<DenseElementsAttr> attr = constantInput(i);
  if (!attr || !isa<IntegerType>(attr->getElementType())) {
    (void)error(what + " (input '" + (hasInput(i) ? node.input(i) : "") +
                "') must be a compile-time constant; bind it with --bind " +
                (hasInput(i) ? node.input(i) : "NAME") + "=FILE.pb");
    return failure();
  }
  SmallVector<int64_t> values;
  for (const APInt &v : attr->getValues<APInt>())
    values.push_back(v.getSExtValue());
  return values;
}

const onnx::AttributeProto *dlc::NodeImporter::attr(StringRef name) const {
  for (const auto &a : node.attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

int64_t dlc::NodeImporter::intAttr(StringRef name, int64_t dflt) const {
  const auto *a = attr(name);
  return a ? a->i() : dflt;
}

float dlc::NodeImporter::floatAttr(StringRef name, float dflt) const {
  const auto *a = attr(name);
  return a ? a->f() : dflt;
}

std::string dlc::NodeImporter::stringAttr(StringRef name,
                                          StringRef dflt) const {
  const auto *a = attr(name);
  return a ? a->s() : dflt.str();
}

std::optional<SmallVector<int64_t>>
dlc::NodeImporter::intsAttr(StringRef name) const {
  const auto *a = attr(name);
  if (!a)
    return std::nullopt;
  return SmallVector<int64_t>(a->ints().begin(), a->ints().end());
}

FailureOr<RankedTensorType> dlc::NodeImporter::outputType(unsigned i) {
  if (!hasOutput(i))
    return failure();
  auto it = graph.inferredTypes.find(node.output(i));
  if (it == graph.inferredTypes.end() || !it->second) {
    (void)error("cannot infer a static shape for output '" + node.output(i) +
                "'");
    return failure();
  }
  return it->second;
}

void dlc::NodeImporter::setOutput(unsigned i, Value v) {
  if (hasOutput(i))
    graph.values[node.output(i)] = v;
}

InFlightDiagnostic dlc::NodeImporter::error(const Twine &message) {
  return emitError(loc) << message;
}

InFlightDiagnostic dlc::NodeImporter::unsupported(const Twine &what) {
  return emitError(loc) << "unsupported " << what;
}

FailureOr<int64_t> dlc::NodeImporter::normalizeAxis(int64_t axis,
                                                    int64_t rank) {
  if (axis < -rank || axis >= std::max<int64_t>(rank, 1)) {
    (void)error("axis " + Twine(axis) + " is out of range for rank " +
                Twine(rank));
    return failure();
  }
  return axis < 0 ? axis + rank : axis;
}

Value dlc::NodeImporter::scalarConstant(Type elementType, double value,
                                        ArrayRef<int64_t> shape) {
  auto type = RankedTensorType::get(shape, elementType);
  Attribute scalar;
  if (auto ft = dyn_cast<FloatType>(elementType))
    scalar = b.getFloatAttr(ft, value);
  else
    scalar = b.getIntegerAttr(elementType, (int64_t)value);
  return b.create<arith::ConstantOp>(loc, type,
                                     DenseElementsAttr::get(type, scalar));
}

std::string dlc::importerKey(StringRef domain, StringRef opType) {
  if (domain.empty() || domain == "ai.onnx")
    return opType.str();
  return (domain + ":" + opType).str();
}

Value dlc::NodeImporter::foldUnlessParameter(Operation *op) {
  bool usesParameter = llvm::any_of(op->getOperands(), [](Value v) {
    auto c = v.getDefiningOp<arith::ConstantOp>();
    return c && c->hasAttr(kInitializerAttr) &&
           isa<FloatType>(getElementTypeOrSelf(v.getType()));
  });
  SmallVector<Value, 1> folded;
  if (usesParameter || failed(b.tryFold(op, folded)) || folded.empty())
    return op->getResult(0);
  op->erase();
  return folded.front();
}

Value dlc::floatInput(NodeImporter &n) {
  Value x = n.input(0);
  if (x && !isa<FloatType>(
               cast<RankedTensorType>(x.getType()).getElementType())) {
    n.unsupported(n.proto().op_type() + " on a non-float tensor");
    return Value();
  }
  return x;
}

LogicalResult dlc::setComposed(NodeImporter &n, Value y) {
  if (!y)
    return failure();
  n.setOutput(0, y);
  return success();
}

FailureOr<SmallVector<int64_t>>
dlc::broadcastShapeOf(NodeImporter &n, ArrayRef<Value> values) {
  SmallVector<int64_t> shape;
  for (Value v : values) {
    auto s = broadcastShapes(shape,
                             cast<RankedTensorType>(v.getType()).getShape());
    if (failed(s))
      return n.error("operand shapes are not broadcast-compatible");
    shape = *s;
  }
  return shape;
}

Value dlc::denseConstant(NodeImporter &n, RankedTensorType type,
                          ArrayRef<double> values) {
  Type elt = type.getElementType();
  SmallVector<Attribute> attrs;
  for (double v : values) {
    if (auto f = dyn_cast<FloatType>(elt))
      attrs.push_back(FloatAttr::get(f, v));
    else
      attrs.push_back(IntegerAttr::get(elt, static_cast<int64_t>(v)));
  }
  return arith::ConstantOp::create(n.builder(), n.getLoc(), type,
                                   DenseElementsAttr::get(type, attrs));
}

Value dlc::reshapeTo(NodeImporter &n, Value x, ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(x.getType());
  if (type.getShape() == shape)
    return x;
  return n.create<ReshapeOp>(type.clone(shape), x);
}

Value dlc::transposeTo(NodeImporter &n, Value x, ArrayRef<int64_t> perm) {
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
    return x;
  auto type = cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(type.getDimSize(p));
  return n.create<TransposeOp>(type.clone(shape), x, perm);
}

Value dlc::sumAxes(NodeImporter &n, Value x, ArrayRef<int64_t> axes,
                   bool keepdims) {
  if (axes.empty())
    return x;
  auto type = cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> shape;
  for (auto [d, size] : llvm::enumerate(type.getShape())) {
    if (!llvm::is_contained(axes, (int64_t)d))
      shape.push_back(size);
    else if (keepdims)
      shape.push_back(1);
  }
  OpBuilder &b = n.builder();
  return n.create<ReduceSumOp>(type.clone(shape), x,
                               b.getDenseI64ArrayAttr(axes),
                               b.getBoolAttr(keepdims));
}

Value dlc::i64Constant(NodeImporter &n, ArrayRef<int64_t> values,
                       std::optional<ArrayRef<int64_t>> shape) {
  auto type = RankedTensorType::get(
      shape ? *shape : ArrayRef<int64_t>{(int64_t)values.size()},
      n.builder().getI64Type());
  return n.builder().create<arith::ConstantOp>(
      n.getLoc(), type, DenseElementsAttr::get(type, values));
}
