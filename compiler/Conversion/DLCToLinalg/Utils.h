//===- Utils.h - helpers shared by the dlc-to-linalg patterns ---*- C++ -*-===//
//
// Small builders used by every pattern family: init tensors, scalar
// constants, broadcasting indexing maps, constant padding and elementwise
// generics. The populate functions of each family are declared here too.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_COMPILER_CONVERSION_DLCTOLINALG_UTILS_H
#define DLC_COMPILER_CONVERSION_DLCTOLINALG_UTILS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/PatternMatch.h"

namespace dlc {

/// Adds the patterns of one op family to `patterns`.
void populateDLCElementwiseToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populateDLCMatMulToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populateDLCConvPoolToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populateDLCSoftmaxToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populateDLCDataMovementToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populateDLCReduceToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populateDLCConvBackwardToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populateDLCPoolBackwardToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populateDLCGatherBackwardToLinalgPatterns(
    mlir::RewritePatternSet &patterns);
void populateDLCDropoutMaskToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populateDLCElementsToLinalgPatterns(mlir::RewritePatternSet &patterns);

/// How elementwise sums, maxima and minima combine two scalars of one
/// type: add, maximum (NaN-propagating for floats, signed for integers),
/// minimum.
enum class ScalarCombiner { Add, Max, Min };
mlir::Value buildCombiner(mlir::OpBuilder &b, mlir::Location loc,
                          ScalarCombiner kind, mlir::Value lhs,
                          mlir::Value rhs);

/// Returns a scalar `arith.constant` of `type` holding `value`: a float of the
/// type's semantics, or an integer (truncated toward zero; i1 is `value != 0`).
mlir::Value createScalarConstant(mlir::OpBuilder &b, mlir::Location loc,
                                 mlir::Type type, double value);

/// Returns the typed attribute for `value` in `type` (see
/// createScalarConstant).
mlir::TypedAttr getScalarAttr(mlir::OpBuilder &b, mlir::Type type,
                              double value);

/// Returns `tensor.empty` of the static `type`.
mlir::Value createEmptyTensor(mlir::OpBuilder &b, mlir::Location loc,
                              mlir::RankedTensorType type);

/// Returns `tensor.empty` of `type` filled with `value` by `linalg.fill`.
mlir::Value createFilledTensor(mlir::OpBuilder &b, mlir::Location loc,
                               mlir::RankedTensorType type, mlir::Value value);

/// Returns `tensor.empty` of `type` filled with the constant `value`.
mlir::Value createFilledTensor(mlir::OpBuilder &b, mlir::Location loc,
                               mlir::RankedTensorType type, double value);

/// Returns the indexing map reading an operand of shape `inShape` inside an
/// iteration space of shape `outShape` under numpy broadcasting: leading
/// result dimensions the operand lacks are dropped, and size-1 operand
/// dimensions that stretch read index 0.
mlir::AffineMap getBroadcastMap(mlir::MLIRContext *ctx,
                                llvm::ArrayRef<int64_t> inShape,
                                llvm::ArrayRef<int64_t> outShape);

/// Returns `n` parallel iterator types.
llvm::SmallVector<mlir::utils::IteratorType>
getParallelIterators(int64_t n);

/// Pads `source` with the scalar `padValue`, `low[i]`/`high[i]` elements
/// before/after axis `i`. Returns `source` unchanged when all pads are zero.
mlir::Value padWithConstant(mlir::OpBuilder &b, mlir::Location loc,
                            mlir::Value source, llvm::ArrayRef<int64_t> low,
                            llvm::ArrayRef<int64_t> high,
                            mlir::Value padValue);

/// Builds the body of an elementwise map: receives the scalar operands and
/// returns the scalar result.
using ScalarBodyBuilder = llvm::function_ref<mlir::Value(
    mlir::OpBuilder &, mlir::Location, mlir::ValueRange)>;

/// Builds one `linalg.generic` over the iteration space of `resultType` that
/// reads each input with its numpy broadcasting map and writes a fresh
/// `tensor.empty`; `body` computes one element.
mlir::Value createElementwiseGeneric(mlir::OpBuilder &b, mlir::Location loc,
                                     mlir::RankedTensorType resultType,
                                     mlir::ValueRange inputs,
                                     ScalarBodyBuilder body);

/// Returns a DenseIntElementsAttr of i64 values (`tensor<Nxi64>`), the form
/// that named linalg convolution and pooling ops take for strides/dilations.
mlir::DenseIntElementsAttr getI64TensorAttr(mlir::OpBuilder &b,
                                            llvm::ArrayRef<int64_t> values);

/// Index attributes for static offsets, sizes or strides.
llvm::SmallVector<mlir::OpFoldResult> toFoldResults(mlir::OpBuilder &b,
                                                    llvm::ArrayRef<int64_t> v);

/// Splits axis `axis` of `v` into [group, size / group] (tensor.expand_shape),
/// the layout grouped convolutions and their gradients index.
mlir::Value splitGroups(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v,
                        int64_t axis, int64_t group);

/// Merges axes `axis` and `axis + 1` of `v` into `type`
/// (tensor.collapse_shape): the inverse of splitGroups.
mlir::Value mergeGroups(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v,
                        int64_t axis, mlir::RankedTensorType type);

/// Splits the linear index `linear` into row-major coordinates of `shape`.
llvm::SmallVector<mlir::Value> delinearize(mlir::OpBuilder &b,
                                           mlir::Location loc,
                                           mlir::Value linear,
                                           llvm::ArrayRef<int64_t> shape);

/// Maps an integer index value to an `index` position along an axis of
/// `size`: negative values count from the end, and the result is clamped
/// into [0, size) (out-of-range indices are undefined in ONNX; clamping
/// keeps every access inside the tensor).
mlir::Value normalizeIndex(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::Value idx, int64_t size);

} // namespace dlc

#endif // DLC_COMPILER_CONVERSION_DLCTOLINALG_UTILS_H
