//===- ImportContext.h - state shared by the op importers -------*- C++ -*-===//
//
// An op importer sees one ONNX node through NodeImporter: its inputs as MLIR
// values, its attributes with defaults, the statically inferred types of its
// outputs, and one way to report an error that names the file, the node and
// the op.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_IMPORT_ONNX_IMPORTCONTEXT_H
#define DLC_COMPILER_IMPORT_ONNX_IMPORTCONTEXT_H

#include "dialects/DLC/IR/DLCOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/StringMap.h"

#include "onnx/onnx_pb.h"

#include <optional>

namespace dlc {

/// Maps an ONNX element type to its MLIR type; null for unsupported types.
mlir::Type convertElementType(int32_t onnxType, mlir::MLIRContext *ctx);

/// Converts an ONNX TensorProto to a dense attribute; failure (with `error`
/// set) for external data or unsupported types.
mlir::FailureOr<mlir::DenseElementsAttr>
convertTensor(const onnx::TensorProto &tensor, mlir::MLIRContext *ctx,
              std::string &error);

/// Converts a value_info's tensor type when fully static; null otherwise.
mlir::RankedTensorType convertValueType(const onnx::TypeProto &type,
                                        mlir::MLIRContext *ctx);

/// Graph-wide state: the builder, value table and inferred types.
struct GraphState {
  mlir::OpBuilder builder;
  std::string fileName;
  int64_t opset = 13;
  llvm::StringMap<mlir::Value> values;
  llvm::StringMap<mlir::RankedTensorType> inferredTypes;
  /// ONNX element types by value name (graph inputs, initializers,
  /// value_info and outputs): what the signless MLIR types do not say.
  llvm::StringMap<int32_t> onnxTypes;

  explicit GraphState(mlir::MLIRContext *ctx) : builder(ctx) {}
};

/// The view of one node that an op importer gets.
class NodeImporter {
public:
  NodeImporter(GraphState &graph, const onnx::NodeProto &node,
               mlir::Location loc)
      : graph(graph), node(node), loc(loc), b(graph.builder) {}

  const onnx::NodeProto &proto() const { return node; }
  mlir::Location getLoc() const { return loc; }
  mlir::OpBuilder &builder() { return b; }
  mlir::MLIRContext *getContext() { return b.getContext(); }
  int64_t opset() const { return graph.opset; }

  // Inputs ------------------------------------------------------------------
  unsigned numInputs() const { return node.input_size(); }
  bool hasInput(unsigned i) const {
    return (int)i < node.input_size() && !node.input(i).empty();
  }
  /// The value of input `i`; reports an error and returns null if absent.
  mlir::Value input(unsigned i);
  mlir::RankedTensorType inputType(unsigned i);
  /// The constant value of input `i`, if it is (or folded to) a constant.
  std::optional<mlir::DenseElementsAttr> constantInput(unsigned i);
  /// Input `i` as a list of integers; reports an error naming `what` unless
  /// it is a compile-time constant.
  mlir::FailureOr<llvm::SmallVector<int64_t>> constantInts(unsigned i,
                                                           llvm::StringRef what);
  /// The value the graph has computed so far under `name`; null if none.
  mlir::Value valueNamed(llvm::StringRef name) const {
    return graph.values.lookup(name);
  }
  /// Makes `name` stand for `v` (importNode's rewrites of unsigned inputs).
  void rebind(llvm::StringRef name, mlir::Value v) { graph.values[name] = v; }
  /// The ONNX element type of the value `name` (0 when unknown).
  int32_t onnxElemType(llvm::StringRef name) const {
    return graph.onnxTypes.lookup(name);
  }
  /// The ONNX element types of input / output `i` (0 when absent).
  int32_t inputOnnxType(unsigned i) const {
    return hasInput(i) ? onnxElemType(node.input(i)) : 0;
  }
  int32_t outputOnnxType(unsigned i) const {
    return hasOutput(i) ? onnxElemType(node.output(i)) : 0;
  }

  // Attributes --------------------------------------------------------------
  const onnx::AttributeProto *attr(llvm::StringRef name) const;
  int64_t intAttr(llvm::StringRef name, int64_t dflt) const;
  float floatAttr(llvm::StringRef name, float dflt) const;
  std::string stringAttr(llvm::StringRef name, llvm::StringRef dflt) const;
  std::optional<llvm::SmallVector<int64_t>> intsAttr(llvm::StringRef name) const;

  // Outputs -----------------------------------------------------------------
  unsigned numOutputs() const { return node.output_size(); }
  bool hasOutput(unsigned i) const {
    return (int)i < node.output_size() && !node.output(i).empty();
  }
  /// The statically inferred type of output `i`; reports an error if ONNX
  /// shape inference could not give one.
  mlir::FailureOr<mlir::RankedTensorType> outputType(unsigned i);
  void setOutput(unsigned i, mlir::Value v);

  // Diagnostics -------------------------------------------------------------
  /// Reports `message` at the node; converts to failure.
  mlir::InFlightDiagnostic error(const llvm::Twine &message);
  /// Reports an unsupported feature; the message starts with "unsupported".
  mlir::InFlightDiagnostic unsupported(const llvm::Twine &what);

  /// Normalises a possibly negative axis; reports an error when out of range.
  mlir::FailureOr<int64_t> normalizeAxis(int64_t axis, int64_t rank);

  /// Creates an op, folding it to a constant when its operands are constant
  /// (the shape arithmetic exporters emit), except when an operand is a
  /// float initializer: --train makes those parameters, so their uses must
  /// stay ops until then (the graph passes fold them for inference).
  template <typename OpTy, typename... Args>
  mlir::Value create(Args &&...args) {
    return foldUnlessParameter(
        OpTy::create(b, loc, std::forward<Args>(args)...));
  }
  /// A rank-0 (or given-shape splat) constant of `elementType`.
  mlir::Value scalarConstant(mlir::Type elementType, double value,
                             llvm::ArrayRef<int64_t> shape = {});

private:
  mlir::Value foldUnlessParameter(mlir::Operation *op);

  GraphState &graph;
  const onnx::NodeProto &node;
  mlir::Location loc;
  mlir::OpBuilder &b;
};

using OpImportFn = mlir::LogicalResult (*)(NodeImporter &);
/// Importers by op type; ops of another domain than ai.onnx under
/// importerKey(domain, op type).
using OpImporterMap = llvm::StringMap<OpImportFn>;

/// The domain of ONNX's training ops (Adam, Adagrad, Momentum, Gradient).
constexpr const char *kPreviewTrainingDomain = "ai.onnx.preview.training";

/// The OpImporterMap key of an op: its type in the default domain ("" or
/// "ai.onnx"), "<domain>:<type>" in any other.
std::string importerKey(llvm::StringRef domain, llvm::StringRef opType);

/// The float input 0 of an op composed from dlc ops; null (with an error)
/// when it is missing or not a float tensor.
mlir::Value floatInput(NodeImporter &n);

/// The numpy broadcast of the shapes of `values`; reports an error at the
/// node and fails when they do not broadcast.
mlir::FailureOr<llvm::SmallVector<int64_t>>
broadcastShapeOf(NodeImporter &n, llvm::ArrayRef<mlir::Value> values);

/// A constant of `type` whose element i is `values[i]` converted to the
/// type's element type (integers truncate toward zero).
mlir::Value denseConstant(NodeImporter &n, mlir::RankedTensorType type,
                          llvm::ArrayRef<double> values);

/// ONNX MatMul of `lhs` and `rhs` with numpy semantics: 1-D operands are
/// promoted to matrices and the promoted axis removed from the result.
mlir::FailureOr<mlir::Value> createMatMul(NodeImporter &n, mlir::Value lhs,
                                          mlir::Value rhs);
/// The ONNX enum name of an element type ("UINT8"), for the importer's
/// messages (dlc-run spells types lower-case: HostTensor.h's onnxTypeName).
std::string dataTypeName(int32_t onnxType);
/// `x` reshaped to `shape` (no op when it already has that shape).
mlir::Value reshapeTo(NodeImporter &n, mlir::Value x,
                      llvm::ArrayRef<int64_t> shape);
/// `x` with its axes permuted by `perm` (no op for the identity).
mlir::Value transposeTo(NodeImporter &n, mlir::Value x,
                        llvm::ArrayRef<int64_t> perm);
/// `x` summed over `axes` (sorted, non-negative); no op when empty.
mlir::Value sumAxes(NodeImporter &n, mlir::Value x,
                    llvm::ArrayRef<int64_t> axes, bool keepdims);
/// A constant i64 tensor of `values`, 1-D unless `shape` is given.
mlir::Value i64Constant(NodeImporter &n, llvm::ArrayRef<int64_t> values,
                        std::optional<llvm::ArrayRef<int64_t>> shape = {});

/// Sets output 0 to `y`, failing (the error is already reported) if the
/// composition failed on the way (null `y`).
mlir::LogicalResult setComposed(NodeImporter &n, mlir::Value y);

/// Activations composed from dlc ops, shared by their own importers and the
/// `activations` of the recurrent ops. Elu: x if x > 0 else
/// alpha * (exp(x) - 1).
mlir::Value composeElu(NodeImporter &n, mlir::Value x, double alpha);
/// HardSigmoid: max(0, min(1, alpha * x + beta)).
mlir::Value composeHardSigmoid(NodeImporter &n, mlir::Value x, double alpha,
                               double beta);
/// ThresholdedRelu: x where x > alpha, else 0.
mlir::Value composeThresholdedRelu(NodeImporter &n, mlir::Value x,
                                   double alpha);
/// Softsign: x / (1 + |x|).
mlir::Value composeSoftsign(NodeImporter &n, mlir::Value x);

/// Whether an ONNX element type is an unsigned integer (held as signless).
bool isUnsignedType(int32_t onnxType);
/// Imports one node with `importer`, rewriting unsigned integer operands as
/// the op needs (ImportUnsigned.cpp); an op that cannot take them is
/// reported unsupported.
mlir::LogicalResult importNode(NodeImporter &n, OpImportFn importer);
/// An unsigned integer tensor narrower than 64 bits zero-extended to i64.
mlir::Value zeroExtend(NodeImporter &n, mlir::Value x);
/// A UINT64 tensor (held as i64) converted to `type` (floats from 2^63 on
/// lifted by 2^64).
mlir::Value convertFromUint64(NodeImporter &n, mlir::Value x,
                              mlir::RankedTensorType type);
/// `x` converted to `type`, an unsigned integer type held signless, as
/// fptoui would for floats.
mlir::Value convertToUnsigned(NodeImporter &n, mlir::Value x,
                              mlir::RankedTensorType type);
/// Each op family registers its importers (one file per family).
void registerAttentionImporters(OpImporterMap &map);
void registerBitwiseImporters(OpImporterMap &map);
void registerMathImporters(OpImporterMap &map);
void registerNNImporters(OpImporterMap &map);
void registerEinsumImporters(OpImporterMap &map);
void registerGenerateImporters(OpImporterMap &map);
void registerLayoutImporters(OpImporterMap &map);
void registerLogicImporters(OpImporterMap &map);
void registerRecurrentImporters(OpImporterMap &map);
void registerReduceImporters(OpImporterMap &map);
void registerResizeImporters(OpImporterMap &map);
void registerSelectImporters(OpImporterMap &map);
void registerSpectralImporters(OpImporterMap &map);
void registerQuantizeImporters(OpImporterMap &map);
void registerTensorImporters(OpImporterMap &map);
void registerTrainingImporters(OpImporterMap &map);

} // namespace dlc

#endif // DLC_COMPILER_IMPORT_ONNX_IMPORTCONTEXT_H
