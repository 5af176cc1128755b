//===- DLCOps.td - dlc op definitions ----------------------*- tablegen -*-===//
//
// Ops are grouped by family: elementwise, contraction, convolution and
// pooling, normalisation, and data movement. Each op documents its ONNX
// counterpart; the importer maps ONNX attributes onto these explicit forms
// (pads resolved, axes made non-negative, shapes static).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_OPS_TD
#define DLC_OPS_TD

include "dialects/DLC/IR/DLCDialect.td"
include "dialects/DLC/Interfaces/GradientOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/IR/BuiltinAttributes.td"
include "mlir/IR/CommonAttrConstraints.td"

def DLC_Tensor : RankedTensorOf<[AnyFloat, AnySignlessInteger, I1]>;
def DLC_FloatTensor : RankedTensorOf<[AnyFloat]>;

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

class DLC_UnaryOp<string mnemonic, string onnxName, list<Trait> traits = []>
    : DLC_Op<mnemonic, !listconcat([Pure, SameOperandsAndResultType,
                                    Elementwise, DLC_GradientRule],
                                   traits)> {
  let summary = "elementwise " # onnxName;
  let description = [{
    Applies ONNX `}] # onnxName # [{` to every element; the result has the
    input's type.

    Example:
    ```mlir
    %y = dlc.}] # mnemonic # [{ %x : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins DLC_Tensor:$input);
  let results = (outs DLC_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
}

def DLC_ReluOp : DLC_UnaryOp<"relu", "Relu">;
def DLC_SigmoidOp : DLC_UnaryOp<"sigmoid", "Sigmoid">;
def DLC_TanhOp : DLC_UnaryOp<"tanh", "Tanh">;
def DLC_SoftplusOp : DLC_UnaryOp<"softplus", "Softplus">;
def DLC_ExpOp : DLC_UnaryOp<"exp", "Exp">;
def DLC_LogOp : DLC_UnaryOp<"log", "Log">;
// Folds on constants: exporters negate shape values (LayerNormalization's
// function body computes its reduced rank as Neg(axis)).
def DLC_NegOp : DLC_UnaryOp<"neg", "Neg"> {
  let hasFolder = 1;
}
def DLC_SqrtOp : DLC_UnaryOp<"sqrt", "Sqrt">;
def DLC_AbsOp : DLC_UnaryOp<"abs", "Abs">;
def DLC_ReciprocalOp : DLC_UnaryOp<"reciprocal", "Reciprocal">;
def DLC_ErfOp : DLC_UnaryOp<"erf", "Erf">;
// Trigonometric and hyperbolic functions and their inverses.
def DLC_SinOp : DLC_UnaryOp<"sin", "Sin">;
def DLC_CosOp : DLC_UnaryOp<"cos", "Cos">;
def DLC_TanOp : DLC_UnaryOp<"tan", "Tan">;
def DLC_AsinOp : DLC_UnaryOp<"asin", "Asin">;
def DLC_AcosOp : DLC_UnaryOp<"acos", "Acos">;
def DLC_AtanOp : DLC_UnaryOp<"atan", "Atan">;
def DLC_SinhOp : DLC_UnaryOp<"sinh", "Sinh">;
def DLC_CoshOp : DLC_UnaryOp<"cosh", "Cosh">;
def DLC_AsinhOp : DLC_UnaryOp<"asinh", "Asinh">;
def DLC_AcoshOp : DLC_UnaryOp<"acosh", "Acosh">;
def DLC_AtanhOp : DLC_UnaryOp<"atanh", "Atanh">;
// Piecewise constant (zero gradient); Round rounds halves to even.
def DLC_FloorOp : DLC_UnaryOp<"floor", "Floor">;
def DLC_CeilOp : DLC_UnaryOp<"ceil", "Ceil">;
def DLC_RoundOp : DLC_UnaryOp<"round", "Round">;

def DLC_LeakyReluOp : DLC_Op<"leaky_relu", [Pure, SameOperandsAndResultType,
    Elementwise, DLC_GradientRule]> {
  let summary = "elementwise LeakyRelu: x if x >= 0 else alpha * x";
  let description = [{
    Example:
    ```mlir
    %y = dlc.leaky_relu %x {alpha = 0.01 : f32} : tensor<4xf32>
    ```
  }];
  let arguments = (ins DLC_FloatTensor:$input, F32Attr:$alpha);
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
}

class DLC_BinaryOp<string mnemonic, string onnxName, list<Trait> traits = []>
    : DLC_Op<mnemonic, !listconcat([Pure,
                                    DLC_GradientRule],
                                   traits)> {
  let summary = "elementwise " # onnxName # " with ONNX broadcasting";
  let description = [{
    ONNX `}] # onnxName # [{` with multidirectional (numpy) broadcasting: the
    operands' shapes are aligned on the right and size-1 dimensions stretch.
    Operands and result share one element type.

    Example:
    ```mlir
    %z = dlc.}] # mnemonic # [{ %x, %y : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins DLC_Tensor:$lhs, DLC_Tensor:$rhs);
  let results = (outs DLC_Tensor:$result);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def DLC_AddOp : DLC_BinaryOp<"add", "Add", [Commutative]>;
def DLC_SubOp : DLC_BinaryOp<"sub", "Sub">;
def DLC_MulOp : DLC_BinaryOp<"mul", "Mul", [Commutative]>;
def DLC_DivOp : DLC_BinaryOp<"div", "Div">;
// The larger / smaller operand; for floats NaN if either is NaN (ONNX
// Max/Min, numpy.maximum/minimum). Ties share the gradient equally, as
// PyTorch's maximum/minimum do.
def DLC_MaxOp : DLC_BinaryOp<"max", "Max", [Commutative]>;
def DLC_MinOp : DLC_BinaryOp<"min", "Min", [Commutative]>;
// Floats only: x^y, with negative x defined for integral y (NaN otherwise)
// and 0^0 = 1 (ONNX Pow, C powf).
def DLC_PowOp : DLC_BinaryOp<"pow", "Pow"> {
  let hasFolder = 0;
}

//===----------------------------------------------------------------------===//
// Contraction, convolution and pooling
//===----------------------------------------------------------------------===//

def DLC_MatMulOp : DLC_Op<"matmul", [Pure, DLC_GradientRule]> {
  let summary = "batched matrix product with broadcast batch dimensions";
  let description = [{
    ONNX `MatMul` for operands of rank 2 or more (the importer reshapes 1-D
    operands): `[..., M, K] x [..., K, N] -> [..., M, N]`, batch dimensions
    broadcast as in numpy.

    Example:
    ```mlir
    %c = dlc.matmul %a, %b : tensor<8x784xf32>, tensor<784x128xf32> -> tensor<8x128xf32>
    ```
  }];
  let arguments = (ins DLC_Tensor:$lhs, DLC_Tensor:$rhs);
  let results = (outs DLC_Tensor:$result);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($result)";
  let hasVerifier = 1;
}

def DLC_ConvOp : DLC_Op<"conv", [Pure, DLC_GradientRule]> {
  let summary = "N-D convolution (ONNX Conv) with explicit pads";
  let description = [{
    Input `[N, C, D1..Dk]`, weight `[F, C/group, K1..Kk]`, optional bias `[F]`.
    `pads` holds the begin pads of every spatial axis followed by the end pads
    (ONNX order); `auto_pad` has already been resolved by the importer.

    Example:
    ```mlir
    %y = dlc.conv %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
           pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
         : (tensor<1x1x28x28xf32>, tensor<32x1x3x3xf32>, tensor<32xf32>) -> tensor<1x32x26x26xf32>
    ```
  }];
  let arguments = (ins DLC_FloatTensor:$input, DLC_FloatTensor:$weight,
                   Optional<DLC_FloatTensor>:$bias,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
                   DenseI64ArrayAttr:$pads, I64Attr:$group);
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

class DLC_PoolOp<string mnemonic, string onnxName, dag extraArgs>
    : DLC_Op<mnemonic, [Pure, DLC_GradientRule]> {
  let summary = "N-D " # onnxName # " with explicit pads";
  let description = [{
    ONNX `}] # onnxName # [{` over the spatial axes of `[N, C, D1..Dk]`.
    `pads` holds begin pads then end pads. When the result is larger than the
    padded input allows (`ceil_mode`), the extra windows overhang the end and
    the overhang is ignored (it is neither a value nor counted).

    Example:
    ```mlir
    %y = dlc.}] # mnemonic # [{ %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>,
           dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>}
         : tensor<1x32x26x26xf32> -> tensor<1x32x13x13xf32>
    ```
  }];
  let arguments = !con((ins DLC_FloatTensor:$input,
                        DenseI64ArrayAttr:$kernel_shape,
                        DenseI64ArrayAttr:$strides,
                        DenseI64ArrayAttr:$dilations,
                        DenseI64ArrayAttr:$pads), extraArgs);
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def DLC_MaxPoolOp : DLC_PoolOp<"max_pool", "MaxPool", (ins)>;
def DLC_AvgPoolOp : DLC_PoolOp<"avg_pool", "AveragePool",
                               (ins BoolAttr:$count_include_pad)>;

//===----------------------------------------------------------------------===//
// Normalisation
//===----------------------------------------------------------------------===//

class DLC_SoftmaxLikeOp<string mnemonic, string onnxName>
    : DLC_Op<mnemonic, [Pure, SameOperandsAndResultType,
                        DLC_GradientRule]> {
  let summary = onnxName # " along one axis";
  let description = [{
    ONNX `}] # onnxName # [{` (opset 13 semantics) along `axis`, which the
    importer has made non-negative. Computed stably (the maximum is subtracted
    first).

    Example:
    ```mlir
    %p = dlc.}] # mnemonic # [{ %x {axis = 1 : i64} : tensor<8x10xf32>
    ```
  }];
  let arguments = (ins DLC_FloatTensor:$input, I64Attr:$axis);
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def DLC_SoftmaxOp : DLC_SoftmaxLikeOp<"softmax", "Softmax">;
def DLC_LogSoftmaxOp : DLC_SoftmaxLikeOp<"log_softmax", "LogSoftmax">;

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

def DLC_ReshapeOp : DLC_Op<"reshape", [Pure, DLC_GradientRule]> {
  let summary = "reinterpret a tensor with a new static shape";
  let description = [{
    Covers ONNX `Reshape`, `Flatten`, `Squeeze` and `Unsqueeze`: the elements
    keep their row-major order. Element counts must match.

    Example:
    ```mlir
    %y = dlc.reshape %x : tensor<8x64x5x5xf32> -> tensor<8x1600xf32>
    ```
  }];
  let arguments = (ins DLC_Tensor:$input);
  let results = (outs DLC_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def DLC_TransposeOp : DLC_Op<"transpose", [Pure, DLC_GradientRule]> {
  let summary = "permute dimensions (ONNX Transpose)";
  let description = [{
    `result.dim(i) = input.dim(permutation[i])`.

    Example:
    ```mlir
    %y = dlc.transpose %x {permutation = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<3x2xf32>
    ```
  }];
  let arguments = (ins DLC_Tensor:$input, DenseI64ArrayAttr:$permutation);
  let results = (outs DLC_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def DLC_ConcatOp : DLC_Op<"concat", [Pure, DLC_GradientRule]> {
  let summary = "join tensors along one axis (ONNX Concat)";
  let description = [{
    Example:
    ```mlir
    %y = dlc.concat %a, %b {axis = 0 : i64} : (tensor<2xi64>, tensor<1xi64>) -> tensor<3xi64>
    ```
  }];
  let arguments = (ins Variadic<DLC_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs DLC_Tensor:$result);
  let assemblyFormat = "$inputs attr-dict `:` functional-type($inputs, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def DLC_SliceOp : DLC_Op<"slice", [Pure, DLC_GradientRule]> {
  let summary = "strided slice with static bounds on every axis (ONNX Slice)";
  let description = [{
    `starts` and `steps` have one entry per axis of the input, already clamped
    and made non-negative by the importer; the result's shape gives the count
    of elements taken on each axis. Steps may be negative.

    Example:
    ```mlir
    %y = dlc.slice %x {starts = array<i64: 0, 1>, steps = array<i64: 1, 2>}
         : tensor<4x6xf32> -> tensor<4x3xf32>
    ```
  }];
  let arguments = (ins DLC_Tensor:$input, DenseI64ArrayAttr:$starts,
                   DenseI64ArrayAttr:$steps);
  let results = (outs DLC_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def DLC_GatherOp : DLC_Op<"gather", [Pure, DLC_GradientRule]> {
  let summary = "gather slices along an axis by index (ONNX Gather)";
  let description = [{
    `result = data[:, ..., indices, ...]` along `axis`; negative indices count
    from the end. Result shape: `data.shape[:axis] + indices.shape +
    data.shape[axis+1:]`.

    Example:
    ```mlir
    %y = dlc.gather %x, %i {axis = 0 : i64} : (tensor<5x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
    ```
  }];
  let arguments = (ins DLC_Tensor:$data, RankedTensorOf<[I32, I64]>:$indices,
                   I64Attr:$axis);
  let results = (outs DLC_Tensor:$result);
  let assemblyFormat = "$data `,` $indices attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def DLC_GatherElementsOp : DLC_Op<"gather_elements",
    [Pure, DLC_GradientRule]> {
  let summary = "gather elements along an axis (ONNX GatherElements)";
  let description = [{
    `result[p] = data[p with p[axis] replaced by indices[p]]`; negative
    indices count from the end. The result has the shape of `indices` and
    the element type of `data`.

    Example:
    ```mlir
    %y = dlc.gather_elements %x, %i {axis = 1 : i64} : (tensor<2x5xf32>, tensor<2x3xi64>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins DLC_Tensor:$data, RankedTensorOf<[I32, I64]>:$indices,
                   I64Attr:$axis);
  let results = (outs DLC_Tensor:$result);
  let assemblyFormat = "$data `,` $indices attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def DLC_ScatterElementsOp : DLC_Op<"scatter_elements",
    [Pure, DLC_GradientRule]> {
  let summary = "scatter elements along an axis (ONNX ScatterElements)";
  let description = [{
    A copy of `data` in which, for each position p of `updates`, the element
    at p with p[axis] replaced by indices[p] becomes `updates[p]`
    (`reduction` "none"), or that element combined with it ("add", "mul",
    "max", "min"). Positions are visited in row-major order, so with
    "none" the last of repeated indices wins.

    Example:
    ```mlir
    %y = dlc.scatter_elements %x, %i, %u {axis = 0 : i64, reduction = "add"} : (tensor<3x3xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<3x3xf32>
    ```
  }];
  let arguments = (ins DLC_Tensor:$data, RankedTensorOf<[I32, I64]>:$indices,
                   DLC_Tensor:$updates, I64Attr:$axis,
                   StrAttr:$reduction);
  let results = (outs DLC_Tensor:$result);
  let assemblyFormat = "$data `,` $indices `,` $updates attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def DLC_GatherNDOp : DLC_Op<"gather_nd", [Pure, DLC_GradientRule]> {
  let summary = "gather slices by index tuples (ONNX GatherND)";
  let description = [{
    `indices` is `[b..., i..., k]`: each of its k-tuples picks
    `data[b..., t_0, ..., t_{k-1}, :, ...]` (negative entries count from the
    end), where the first `batch_dims` dims are shared batch dims. Result
    shape: `indices.shape[:-1] + data.shape[batch_dims + k:]`.

    Example:
    ```mlir
    %y = dlc.gather_nd %x, %i {batch_dims = 0 : i64} : (tensor<2x3x4xf32>, tensor<5x2xi64>) -> tensor<5x4xf32>
    ```
  }];
  let arguments = (ins DLC_Tensor:$data, RankedTensorOf<[I64]>:$indices,
                   I64Attr:$batch_dims);
  let results = (outs DLC_Tensor:$result);
  let assemblyFormat = "$data `,` $indices attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def DLC_ScatterNDOp : DLC_Op<"scatter_nd", [Pure, DLC_GradientRule]> {
  let summary = "scatter slices by index tuples (ONNX ScatterND)";
  let description = [{
    A copy of `data` in which the slice `data[t_0, ..., t_{k-1}, :, ...]` of
    each k-tuple of `indices` (`[i..., k]`) becomes the matching slice of
    `updates` (`indices.shape[:-1] + data.shape[k:]`), or is combined with it
    (`reduction` "add", "mul", "max", "min"), tuples in row-major order.

    Example:
    ```mlir
    %y = dlc.scatter_nd %x, %i, %u {reduction = "none"} : (tensor<4x3xf32>, tensor<2x1xi64>, tensor<2x3xf32>) -> tensor<4x3xf32>
    ```
  }];
  let arguments = (ins DLC_Tensor:$data, RankedTensorOf<[I64]>:$indices,
                   DLC_Tensor:$updates, StrAttr:$reduction);
  let results = (outs DLC_Tensor:$result);
  let assemblyFormat = "$data `,` $indices `,` $updates attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def DLC_BroadcastOp : DLC_Op<"broadcast", [Pure, DLC_GradientRule]> {
  let summary = "broadcast to a larger static shape (ONNX Expand)";
  let description = [{
    Numpy broadcasting of the input to the result's shape.

    Example:
    ```mlir
    %y = dlc.broadcast %x : tensor<3x1xf32> -> tensor<2x3x4xf32>
    ```
  }];
  let arguments = (ins DLC_Tensor:$input);
  let results = (outs DLC_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def DLC_PadOp : DLC_Op<"pad", [Pure, DLC_GradientRule]> {
  let summary = "pad with a constant (ONNX Pad, mode constant)";
  let description = [{
    `pads` holds the begin pads of every axis followed by the end pads.
    Negative pads crop.

    Example:
    ```mlir
    %y = dlc.pad %x {pads = array<i64: 0, 1, 0, 1>, value = 0.0 : f64} : tensor<2x2xf32> -> tensor<2x4xf32>
    ```
  }];
  let arguments = (ins DLC_Tensor:$input, DenseI64ArrayAttr:$pads, F64Attr:$value);
  let results = (outs DLC_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def DLC_CastOp : DLC_Op<"cast", [Pure, SameOperandsAndResultShape,
    DLC_GradientRule]> {
  let summary = "element type conversion (ONNX Cast)";
  let description = [{
    Example:
    ```mlir
    %y = dlc.cast %x : tensor<3xi64> -> tensor<3xf32>
    ```
  }];
  let arguments = (ins DLC_Tensor:$input);
  let results = (outs DLC_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Comparison and reduction
//===----------------------------------------------------------------------===//

def DLC_GreaterOp : DLC_Op<"greater", [Pure, DLC_GradientOpInterface]> {
  let summary = "elementwise lhs > rhs with ONNX broadcasting (ONNX Greater)";
  let description = [{
    Compares with numpy broadcasting and yields an `i1` tensor of the
    broadcast shape. Float comparison is ordered (NaN compares false). The
    gradient rules build masks with it (`relu`, `abs`, `leaky_relu`): a
    `dlc.cast` to a float type turns the mask into 0/1 factors. Piecewise
    constant, so its gradient is zero.

    Example:
    ```mlir
    %m = dlc.greater %x, %zero : tensor<2x3xf32>, tensor<f32> -> tensor<2x3xi1>
    ```
  }];
  let arguments = (ins DLC_Tensor:$lhs, DLC_Tensor:$rhs);
  let results = (outs RankedTensorOf<[I1]>:$result);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def DLC_CompareOp : DLC_Op<"compare", [Pure, DLC_GradientOpInterface]> {
  let summary = "elementwise comparison with ONNX broadcasting (ONNX Equal, "
                "Less, LessOrEqual, Greater, GreaterOrEqual)";
  let description = [{
    `predicate` is one of `eq`, `lt`, `le`, `gt`, `ge`. Compares with numpy
    broadcasting and yields an `i1` tensor of the broadcast shape. Float
    comparisons are ordered (NaN compares false); integers compare signed,
    booleans as false < true. Piecewise constant: no gradient.

    Example:
    ```mlir
    %m = dlc.compare "le" %x, %y : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xi1>
    ```
  }];
  let arguments = (ins StrAttr:$predicate, DLC_Tensor:$lhs, DLC_Tensor:$rhs);
  let results = (outs RankedTensorOf<[I1]>:$result);
  let assemblyFormat = "$predicate $lhs `,` $rhs attr-dict `:` type($lhs) `,` "
                       "type($rhs) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def DLC_BitwiseOp : DLC_Op<"bitwise", [Pure, DLC_GradientOpInterface]> {
  let summary = "elementwise bit operations on integers with ONNX "
                "broadcasting (ONNX BitwiseAnd/Or/Xor, BitShift)";
  let description = [{
    `kind` is one of `and`, `or`, `xor`, `shl` (shift left), `shrs`
    (arithmetic shift right) and `shru` (logical shift right). Operands and
    result share one signless integer type; the result has the broadcast
    shape. A shift amount outside [0, bit width) gives an unspecified value,
    as LLVM's shifts do: the importer selects ONNX's result for those.

    Example:
    ```mlir
    %z = dlc.bitwise "shru" %x, %s : tensor<3x4xi8>, tensor<4xi8> -> tensor<3x4xi8>
    ```
  }];
  let arguments = (ins StrAttr:$kind, RankedTensorOf<[AnySignlessInteger]>:$lhs,
                   RankedTensorOf<[AnySignlessInteger]>:$rhs);
  let results = (outs RankedTensorOf<[AnySignlessInteger]>:$result);
  let assemblyFormat = "$kind $lhs `,` $rhs attr-dict `:` type($lhs) `,` "
                       "type($rhs) `->` type($result)";
  let hasVerifier = 1;
}

def DLC_BitcastOp : DLC_Op<"bitcast", [Pure, DLC_GradientOpInterface]> {
  let summary = "each element's bits read as another type of the same width "
                "(ONNX BitCast)";
  let description = [{
    Example:
    ```mlir
    %i = dlc.bitcast %x : tensor<2x3xf32> -> tensor<2x3xi32>
    ```
  }];
  let arguments = (ins DLC_Tensor:$input);
  let results = (outs DLC_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def DLC_LogicalOp : DLC_Op<"logical", [Pure, DLC_GradientOpInterface]> {
  let summary = "elementwise boolean and, or, xor with ONNX broadcasting "
                "(ONNX And, Or, Xor; Not is a xor with true)";
  let description = [{
    `kind` is one of `and`, `or`, `xor`; both operands and the result are
    `i1` tensors, the result of the broadcast shape.

    Example:
    ```mlir
    %z = dlc.logical "xor" %x, %y : tensor<3x4xi1>, tensor<4xi1> -> tensor<3x4xi1>
    ```
  }];
  let arguments = (ins StrAttr:$kind, RankedTensorOf<[I1]>:$lhs,
                   RankedTensorOf<[I1]>:$rhs);
  let results = (outs RankedTensorOf<[I1]>:$result);
  let assemblyFormat = "$kind $lhs `,` $rhs attr-dict `:` type($lhs) `,` "
                       "type($rhs) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def DLC_SelectOp : DLC_Op<"select", [Pure,
    DLC_GradientRule]> {
  let summary = "elementwise choice with ONNX broadcasting (ONNX Where)";
  let description = [{
    `true_value` where `condition` holds, else `false_value`; the three
    shapes broadcast as numpy does. The gradient goes to the chosen side.

    Example:
    ```mlir
    %z = dlc.select %c, %x, %y : tensor<2x3xi1>, tensor<3xf32>, tensor<f32> -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[I1]>:$condition, DLC_Tensor:$true_value,
                   DLC_Tensor:$false_value);
  let results = (outs DLC_Tensor:$result);
  let assemblyFormat = "$condition `,` $true_value `,` $false_value attr-dict "
                       "`:` type($condition) `,` type($true_value) `,` "
                       "type($false_value) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def DLC_ReduceSumOp : DLC_Op<"reduce_sum", [Pure,
    DLC_GradientRule]> {
  let summary = "sum over a set of axes (ONNX ReduceSum)";
  let description = [{
    Sums `input` over `axes` (strictly increasing, non-negative; the importer
    resolves ONNX's negative and empty forms). With `keepdims` the reduced
    axes stay as size 1, otherwise they are dropped. Empty `axes` is the
    identity. Broadcasting gradients are reduced back to an operand's shape
    with it (`dlc::sumToShape`).

    Example:
    ```mlir
    %s = dlc.reduce_sum %x {axes = array<i64: 0, 2>, keepdims = false} : tensor<2x3x4xf32> -> tensor<3xf32>
    ```
  }];
  let arguments = (ins DLC_Tensor:$input, DenseI64ArrayAttr:$axes,
                   BoolAttr:$keepdims);
  let results = (outs DLC_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def DLC_ReduceProdOp : DLC_Op<"reduce_prod", [Pure, DLC_GradientRule]> {
  let summary = "product over a set of axes (ONNX ReduceProd)";
  let description = [{
    Multiplies the elements of `input` over `axes`, with `axes` and
    `keepdims` as for `dlc.reduce_sum`. The gradient of an element is the
    product divided by the element (y / x), which is not finite where an
    element is zero.

    Example:
    ```mlir
    %p = dlc.reduce_prod %x {axes = array<i64: 1>, keepdims = false} : tensor<2x3xf32> -> tensor<2xf32>
    ```
  }];
  let arguments = (ins DLC_Tensor:$input, DenseI64ArrayAttr:$axes,
                   BoolAttr:$keepdims);
  let results = (outs DLC_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

class DLC_ReduceExtremumOp<string mnemonic, string onnxName, string which>
    : DLC_Op<mnemonic, [Pure, DLC_GradientRule]> {
  let summary = "the " # which # " over a set of axes (ONNX " # onnxName # ")";
  let description = [{
    The }] # which # [{ of `input` over `axes`, with `axes` and `keepdims`
    as for `dlc.reduce_sum`. For floats NaN if any reduced element is NaN.
    The gradient goes to the elements equal to the result, shared evenly
    among ties (as PyTorch's amax/amin).

    Example:
    ```mlir
    %m = dlc.}] # mnemonic # [{ %x {axes = array<i64: 1>, keepdims = true} : tensor<2x3xf32> -> tensor<2x1xf32>
    ```
  }];
  let arguments = (ins DLC_Tensor:$input, DenseI64ArrayAttr:$axes,
                   BoolAttr:$keepdims);
  let results = (outs DLC_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}
def DLC_ReduceMaxOp : DLC_ReduceExtremumOp<"reduce_max", "ReduceMax", "maximum">;

class DLC_ArgExtremumOp<string mnemonic, string onnxName, string which>
    : DLC_Op<mnemonic, [Pure, DLC_GradientOpInterface]> {
  let summary = "the index of the " # which # " along an axis (ONNX " #
                onnxName # ")";
  let description = [{
    The (i64) index along `axis` (non-negative) of the }] # which # [{ of
    `input`: the first one, or with `select_last_index` the last one. With
    `keepdims` the axis stays as size 1, otherwise it is dropped. An index
    has no gradient.

    Example:
    ```mlir
    %i = dlc.}] # mnemonic # [{ %x {axis = 1 : i64, keepdims = true, select_last_index = false} : tensor<2x3xf32> -> tensor<2x1xi64>
    ```
  }];
  let arguments = (ins DLC_Tensor:$input, I64Attr:$axis, BoolAttr:$keepdims,
                   BoolAttr:$select_last_index);
  let results = (outs RankedTensorOf<[I64]>:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}
def DLC_ArgMaxOp : DLC_ArgExtremumOp<"arg_max", "ArgMax", "maximum">;
def DLC_ArgMinOp : DLC_ArgExtremumOp<"arg_min", "ArgMin", "minimum">;
def DLC_ReduceMinOp : DLC_ReduceExtremumOp<"reduce_min", "ReduceMin", "minimum">;

//===----------------------------------------------------------------------===//
// Backward ops (gradient rules of convolution, pooling and gather)
//===----------------------------------------------------------------------===//

def DLC_ConvBackwardDataOp : DLC_Op<"conv_backward_data",
    [Pure, DLC_GradientRule]> {
  let summary = "gradient of dlc.conv with respect to its input";
  let description = [{
    For `y = dlc.conv(x, w)` with the same `strides`, `dilations`, `pads` and
    `group`, maps `dy` (`y`'s shape) and `w` to
    `dx[n, c, i] = sum over (f in c's group, k, o) with o * s + k * d - p = i
    of dy[n, f, o] * w[f, c mod C/G, k]` (the transposed convolution, ONNX
    ConvTranspose without bias). The result type is `x`'s, which `dy` alone
    does not determine when strides drop trailing input positions; those
    positions get what the sum gives (zero where no (o, k) reaches them).
    Its own gradient: `dlc.conv` of the result's gradient for `dy`, and
    `dlc.conv_backward_filter` of it and `dy` for `w`.

    Example:
    ```mlir
    %dx = dlc.conv_backward_data %dy, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
            pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
          : (tensor<1x32x26x26xf32>, tensor<32x1x3x3xf32>) -> tensor<1x1x28x28xf32>
    ```
  }];
  let arguments = (ins DLC_FloatTensor:$result_grad, DLC_FloatTensor:$weight,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
                   DenseI64ArrayAttr:$pads, I64Attr:$group);
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = [{
    $result_grad `,` $weight attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def DLC_ConvBackwardFilterOp : DLC_Op<"conv_backward_filter", [Pure]> {
  let summary = "gradient of dlc.conv with respect to its weight";
  let description = [{
    For `y = dlc.conv(x, w)` with the same attributes, maps `x` and `dy` to
    `dw[f, c, k] = sum over (n, o) of dy[n, f, o] *
    xpad[n, (f div F/G) * C/G + c, o * s + k * d]`, where `xpad` is `x`
    zero-padded by `pads`. The result type is `w`'s.

    Example:
    ```mlir
    %dw = dlc.conv_backward_filter %x, %dy {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
            pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
          : (tensor<1x1x28x28xf32>, tensor<1x32x26x26xf32>) -> tensor<32x1x3x3xf32>
    ```
  }];
  let arguments = (ins DLC_FloatTensor:$input, DLC_FloatTensor:$result_grad,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
                   DenseI64ArrayAttr:$pads, I64Attr:$group);
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $result_grad attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def DLC_MaxPoolBackwardOp : DLC_Op<"max_pool_backward", [Pure]> {
  let summary = "gradient of dlc.max_pool with respect to its input";
  let description = [{
    `input` and `result` are the forward max-pool's operand and result, the
    attributes are its own. Each window's gradient goes to the first input
    position (in row-major window order) whose value equals the window's
    maximum; positions in no window's argmax get zero. Routing to one
    position keeps the rule a valid subgradient when values tie (all-zero
    windows after a relu).

    Example:
    ```mlir
    %dx = dlc.max_pool_backward %x, %y, %dy {kernel_shape = array<i64: 2, 2>,
            strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>}
          : (tensor<1x32x26x26xf32>, tensor<1x32x13x13xf32>, tensor<1x32x13x13xf32>) -> tensor<1x32x26x26xf32>
    ```
  }];
  let arguments = (ins DLC_FloatTensor:$input, DLC_FloatTensor:$pooled,
                   DLC_FloatTensor:$result_grad,
                   DenseI64ArrayAttr:$kernel_shape, DenseI64ArrayAttr:$strides,
                   DenseI64ArrayAttr:$dilations, DenseI64ArrayAttr:$pads);
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $pooled `,` $result_grad attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def DLC_AvgPoolBackwardOp : DLC_Op<"avg_pool_backward", [Pure]> {
  let summary = "gradient of dlc.avg_pool with respect to its input";
  let description = [{
    The attributes are the forward average pool's. Every window spreads
    `dy / count` over its taps that fall inside the input, where `count` is
    the forward divisor (with or without the pads per `count_include_pad`;
    the ceil-mode overhang never counts). The result type is the input's.

    Example:
    ```mlir
    %dx = dlc.avg_pool_backward %dy {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>,
            dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, count_include_pad = false}
          : tensor<1x32x13x13xf32> -> tensor<1x32x26x26xf32>
    ```
  }];
  let arguments = (ins DLC_FloatTensor:$result_grad,
                   DenseI64ArrayAttr:$kernel_shape, DenseI64ArrayAttr:$strides,
                   DenseI64ArrayAttr:$dilations, DenseI64ArrayAttr:$pads,
                   BoolAttr:$count_include_pad);
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat =
      "$result_grad attr-dict `:` type($result_grad) `->` type($result)";
  let hasVerifier = 1;
}

def DLC_GatherBackwardOp : DLC_Op<"gather_backward", [Pure]> {
  let summary = "gradient of dlc.gather with respect to its data";
  let description = [{
    The transpose of `dlc.gather` along `axis`: a zero tensor of the data's
    type into which every slice of `result_grad` is added at the position
    its index names (indices repeat: their slices add up). Negative indices
    count from the end, as in the forward op.

    Example:
    ```mlir
    %dd = dlc.gather_backward %dy, %i {axis = 0 : i64} : (tensor<3x4xf32>, tensor<3xi64>) -> tensor<5x4xf32>
    ```
  }];
  let arguments = (ins DLC_FloatTensor:$result_grad,
                   RankedTensorOf<[I32, I64]>:$indices, I64Attr:$axis);
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat =
      "$result_grad `,` $indices attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

include "dialects/DLC/IR/DLCTrainingOps.td"

#endif // DLC_OPS_TD
