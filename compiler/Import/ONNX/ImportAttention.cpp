//===- ImportAttention.cpp - Attention and RotaryEmbedding ----------------===//
//
// The attention family of opsets 23-25, composed from dlc ops so that the
// graph passes fuse them and the gradient rules differentiate them:
//
// - Attention: softmax(scale * Q K^T (softcapped) + bias) V per head, with
//   3-D inputs split into heads, GQA/MQA (each KV head serving a group of
//   query heads), a KV cache concatenated from past_key/past_value, and a
//   bias from attn_mask (bool or additive, padded to the keys), is_causal,
//   the sliding window and nonpad_kv_seqlen. Rows that mask every key give
//   0, and qk_matmul_output_mode exposes the scores, as ONNX's reference.
// - RotaryEmbedding: the first rotary_embedding_dim features of each head
//   rotated pairwise (halves or interleaved) by the cos/sin caches.
//
//===----------------------------------------------------------------------===//
#include "compiler/Import/ONNX/ImportContext.h"

#include <cmath>
#include <limits>

using namespace mlir;

namespace dlc {
namespace {

/// [B, S, H * D] -> [B, H, S, D].
Value splitHeads(NodeImporter &n, Value x, int64_t heads) {
  auto t = cast<RankedTensorType>(x.getType());
  int64_t b = t.getDimSize(0), s = t.getDimSize(1), d = t.getDimSize(2) / heads;
  return transposeTo(n, reshapeTo(n, x, {b, s, heads, d}), {0, 2, 1, 3});
}

/// [B, H, S, D] -> [B, S, H * D].
Value mergeHeads(NodeImporter &n, Value x) {
  auto t = cast<RankedTensorType>(x.getType());
  Value y = transposeTo(n, x, {0, 2, 1, 3});
  return reshapeTo(n, y, {t.getDimSize(0), t.getDimSize(2),
                          t.getDimSize(1) * t.getDimSize(3)});
}

/// [B, Hkv, S, D] with each head repeated `r` times in place: [B, Hkv * r,
/// S, D] (head h of the result is KV head h / r).
Value repeatHeads(NodeImporter &n, Value x, int64_t r) {
  if (r == 1)
    return x;
  auto t = cast<RankedTensorType>(x.getType());
  int64_t b = t.getDimSize(0), h = t.getDimSize(1), s = t.getDimSize(2),
          d = t.getDimSize(3);
  Value one = reshapeTo(n, x, {b, h, 1, s, d});
  Value spread = n.create<BroadcastOp>(t.clone({b, h, r, s, d}), one);
  return reshapeTo(n, spread, {b, h * r, s, d});
}

/// `x` with its last axis swapped with the one before.
Value transposeLast(NodeImporter &n, Value x) {
  int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
  auto perm = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  std::swap(perm[rank - 1], perm[rank - 2]);
  return transposeTo(n, x, perm);
}

double negInf() { return -std::numeric_limits<double>::infinity(); }

/// 0 where `allowed`, -inf elsewhere, as `elt`.
Value additiveBias(NodeImporter &n, Value allowed, Type elt) {
  auto t = cast<RankedTensorType>(allowed.getType());
  return n.create<SelectOp>(t.clone(elt), allowed, n.scalarConstant(elt, 0),
                            n.scalarConstant(elt, negInf()));
}

/// The attention mask as an additive bias over the `kv` keys: a boolean
/// mask becomes 0 / -inf; one shorter than the keys is padded with -inf.
FailureOr<Value> maskBias(NodeImporter &n, Value mask, Type elt, int64_t kv) {
  auto t = cast<RankedTensorType>(mask.getType());
  if (t.getElementType().isInteger(1))
    mask = additiveBias(n, mask, elt);
  else if (t.getElementType() != elt)
    return n.error("attn_mask must be bool or the type of Q");
  int64_t rank = t.getRank(), last = t.getDimSize(rank - 1);
  if (last > kv)
    return n.error("attn_mask has " + Twine(last) + " keys, more than the " +
                   Twine(kv) + " of K");
  if (last == kv)
    return mask;
  SmallVector<int64_t> pads(2 * rank, 0), shape(t.getShape());
  pads[2 * rank - 1] = kv - last;
  shape[rank - 1] = kv;
  return n.create<PadOp>(t.clone(shape).clone(elt), mask, pads,
                         llvm::APFloat(negInf()));
}

/// The attention's shapes, after splitting 3-D inputs into heads.
struct AttentionShape {
  int64_t batch, qHeads, kvHeads, qLen, kvLen, pastLen = 0;
};

/// The keys a query may see by position: j <= i + offset (is_causal) and
/// within the sliding window, offset the keys before the query block (the
/// past length, or nonpad_kv_seqlen[b] - qLen per batch). Null when neither
/// applies; else a bool tensor [qLen, kvLen] or [B, 1, qLen, kvLen].
Value positionMask(NodeImporter &n, const AttentionShape &s, Value nonpad) {
  bool causal = n.intAttr("is_causal", 0) != 0;
  int64_t left = n.intAttr("left_window_size", -1);
  int64_t right = n.intAttr("right_window_size", -1);
  if (!causal && left < 0 && right < 0)
    return {};
  OpBuilder &b = n.builder();
  Type i64 = b.getI64Type(), i1 = b.getI1Type();
  // d = i + offset - j, offset folded in for a static cache.
  int64_t offset = nonpad ? -s.qLen : s.pastLen;
  SmallVector<double> rel;
  for (int64_t i = 0; i < s.qLen; ++i)
    for (int64_t j = 0; j < s.kvLen; ++j)
      rel.push_back(double(i + offset - j));
  auto relType = RankedTensorType::get({s.qLen, s.kvLen}, i64);
  Value d = denseConstant(n, relType, rel);
  auto dType = relType;
  if (nonpad) {
    dType = RankedTensorType::get({s.batch, s.qLen, s.kvLen}, i64);
    d = n.create<AddOp>(dType, d, reshapeTo(n, nonpad, {s.batch, 1, 1}));
  }
  Value allowed;
  auto bound = [&](StringRef pred, int64_t limit) {
    Value c = n.create<CompareOp>(dType.clone(i1), b.getStringAttr(pred), d,
                                  n.scalarConstant(i64, limit));
    allowed = allowed ? n.create<LogicalOp>(dType.clone(i1),
                                            b.getStringAttr("and"), allowed, c)
                      : c;
  };
  if (causal)
    bound("ge", 0);
  if (left >= 0)
    bound("le", left);
  if (right >= 0)
    bound("ge", -right);
  if (nonpad)
    allowed = reshapeTo(n, allowed, {s.batch, 1, s.qLen, s.kvLen});
  return allowed;
}

/// The keys past each batch's nonpad_kv_seqlen: [B, 1, 1, kvLen], true
/// where j < nonpad_kv_seqlen[b].
Value nonpadMask(NodeImporter &n, const AttentionShape &s, Value nonpad) {
  OpBuilder &b = n.builder();
  Type i64 = b.getI64Type();
  SmallVector<double> positions;
  for (int64_t j = 0; j < s.kvLen; ++j)
    positions.push_back(double(j));
  Value j = denseConstant(n, RankedTensorType::get({1, s.kvLen}, i64),
                          positions);
  Value len = reshapeTo(n, nonpad, {s.batch, 1});
  auto t = RankedTensorType::get({s.batch, s.kvLen}, b.getI1Type());
  Value allowed = n.create<CompareOp>(t, b.getStringAttr("lt"), j, len);
  return reshapeTo(n, allowed, {s.batch, 1, 1, s.kvLen});
}

/// The sum of the additive biases (attn_mask, positions, padding), at least
/// [qLen, kvLen]; null when there is none.
FailureOr<Value> attentionBias(NodeImporter &n, const AttentionShape &s,
                               Type elt) {
  SmallVector<Value> parts;
  if (n.hasInput(3)) {
    auto mask = maskBias(n, n.input(3), elt, s.kvLen);
    if (failed(mask))
      return failure();
    parts.push_back(*mask);
  }
  Value nonpad = n.hasInput(6) ? n.input(6) : Value();
  if (nonpad && s.pastLen)
    return n.error("nonpad_kv_seqlen cannot be combined with past_key");
  if (nonpad && n.inputType(6) !=
                    RankedTensorType::get({s.batch}, n.builder().getI64Type()))
    return n.error("nonpad_kv_seqlen must be int64 [" + Twine(s.batch) + "]");
  if (Value allowed = positionMask(n, s, nonpad))
    parts.push_back(additiveBias(n, allowed, elt));
  if (nonpad)
    parts.push_back(additiveBias(n, nonpadMask(n, s, nonpad), elt));
  if (parts.empty())
    return Value();
  Value bias = n.scalarConstant(elt, 0, {s.qLen, s.kvLen});
  for (Value p : parts) {
    auto shape = broadcastShapeOf(n, {bias, p});
    if (failed(shape))
      return failure();
    bias = n.create<AddOp>(RankedTensorType::get(*shape, elt), bias, p);
  }
  return bias;
}

/// softmax(x) over the last axis, computed in `precision` when it differs
/// from x's type; rows whose bias masks every key are 0.
Value guardedSoftmax(NodeImporter &n, Value x, Value bias, Type precision) {
  auto t = cast<RankedTensorType>(x.getType());
  int64_t last = t.getRank() - 1;
  Value y = x;
  if (precision != t.getElementType())
    y = n.create<CastOp>(t.clone(precision), y);
  y = n.create<SoftmaxOp>(cast<RankedTensorType>(y.getType()), y, last);
  if (precision != t.getElementType())
    y = n.create<CastOp>(t, y);
  if (!bias)
    return y;
  auto bt = cast<RankedTensorType>(bias.getType());
  SmallVector<int64_t> kept(bt.getShape());
  kept.back() = 1;
  Value rowMax = n.create<ReduceMaxOp>(
      bt.clone(kept), bias,
      n.builder().getDenseI64ArrayAttr({bt.getRank() - 1}),
      n.builder().getBoolAttr(true));
  Value masked = n.create<CompareOp>(
      bt.clone(kept).clone(n.builder().getI1Type()),
      n.builder().getStringAttr("eq"), rowMax,
      n.scalarConstant(t.getElementType(), negInf()));
  return n.create<SelectOp>(t, masked,
                            n.scalarConstant(t.getElementType(), 0), y);
}

/// The type softmax_precision names (default: `elt`); null if unsupported.
Type softmaxPrecision(NodeImporter &n, Type elt) {
  if (!n.attr("softmax_precision"))
    return elt;
  return convertElementType(n.intAttr("softmax_precision", 0),
                            n.getContext());
}

/// Q, K and V as [B, H, S, D]; the KV cache concatenated in front of K/V.
struct Operands {
  Value q, k, v;
  bool threeD = false;
};

FailureOr<Operands> attentionOperands(NodeImporter &n, AttentionShape &s) {
  Operands o{n.input(0), n.input(1), n.input(2)};
  if (!o.q || !o.k || !o.v)
    return failure();
  auto qt = cast<RankedTensorType>(o.q.getType());
  if (!isa<FloatType>(qt.getElementType()))
    return n.error("Q must be a float tensor");
  int64_t rank = qt.getRank();
  for (Value x : {o.k, o.v})
    if (cast<RankedTensorType>(x.getType()).getRank() != rank)
      return n.error("Q, K and V must have the same rank");
  if (rank != 3 && rank != 4)
    return n.error("Q, K and V must be 3-D or 4-D, not " + Twine(rank) + "-D");
  if (rank == 3) {
    int64_t qh = n.intAttr("q_num_heads", 0), kvh = n.intAttr("kv_num_heads", 0);
    if (qh < 1 || kvh < 1)
      return n.error("3-D inputs need q_num_heads and kv_num_heads");
    auto kt = cast<RankedTensorType>(o.k.getType());
    auto vt = cast<RankedTensorType>(o.v.getType());
    if (qt.getDimSize(2) % qh || kt.getDimSize(2) % kvh ||
        vt.getDimSize(2) % kvh)
      return n.error("the hidden sizes must divide by the head counts");
    o.q = splitHeads(n, o.q, qh);
    o.k = splitHeads(n, o.k, kvh);
    o.v = splitHeads(n, o.v, kvh);
    o.threeD = true;
  }
  Value *kv[] = {&o.k, &o.v};
  for (unsigned i = 0; i < 2; ++i) {
    Value *x = kv[i];
    if (!n.hasInput(4 + i))
      continue;
    Value past = n.input(4 + i);
    if (!past)
      return failure();
    auto pt = cast<RankedTensorType>(past.getType());
    auto xt = cast<RankedTensorType>(x->getType());
    if (pt.getRank() != 4 || pt.getDimSize(1) != xt.getDimSize(1) ||
        pt.getDimSize(3) != xt.getDimSize(3))
      return n.error("past_key/past_value must be [B, kv_heads, past, D]");
    s.pastLen = pt.getDimSize(2);
    SmallVector<int64_t> shape(xt.getShape());
    shape[2] += pt.getDimSize(2);
    *x = n.create<ConcatOp>(xt.clone(shape), ValueRange{past, *x}, 2);
  }
  if (n.hasInput(4) != n.hasInput(5))
    return n.error("past_key and past_value must be given together");
  auto q4 = cast<RankedTensorType>(o.q.getType());
  auto k4 = cast<RankedTensorType>(o.k.getType());
  s.batch = q4.getDimSize(0);
  s.qHeads = q4.getDimSize(1);
  s.kvHeads = k4.getDimSize(1);
  s.qLen = q4.getDimSize(2);
  s.kvLen = k4.getDimSize(2);
  if (s.qHeads % s.kvHeads)
    return n.error("q_num_heads (" + Twine(s.qHeads) +
                   ") must be a multiple of kv_num_heads (" +
                   Twine(s.kvHeads) + ")");
  return o;
}

/// Attention (opsets 23-25). Outputs: Y, present_key, present_value and the
/// scores qk_matmul_output_mode picks (0/1: scaled and softcapped Q K^T, 2:
/// with the bias added, 3: after softmax), as ONNX's reference computes
/// them.
LogicalResult importAttention(NodeImporter &n) {
  AttentionShape s;
  auto ops = attentionOperands(n, s);
  if (failed(ops))
    return failure();
  auto qt = cast<RankedTensorType>(ops->q.getType());
  Type elt = qt.getElementType();
  int64_t headSize = qt.getDimSize(3);
  double scale = n.attr("scale") ? n.floatAttr("scale", 1.0f)
                                 : 1.0 / std::sqrt(double(headSize));
  // Q and K each scaled by sqrt(scale), as the reference and ONNX's
  // function body round it in fp16.
  Value root = n.scalarConstant(elt, std::sqrt(scale));
  Value q = n.create<MulOp>(qt, ops->q, root);
  Value k = repeatHeads(n, ops->k, s.qHeads / s.kvHeads);
  k = n.create<MulOp>(k.getType(), k, root);
  Value v = repeatHeads(n, ops->v, s.qHeads / s.kvHeads);
  auto scoresType = qt.clone({s.batch, s.qHeads, s.qLen, s.kvLen});
  Value scores = n.create<MatMulOp>(scoresType, q, transposeLast(n, k));
  if (double cap = n.floatAttr("softcap", 0.0f); cap > 0) {
    Value c = n.scalarConstant(elt, cap);
    Value t = n.create<TanhOp>(scoresType,
                               n.create<DivOp>(scoresType, scores, c));
    scores = n.create<MulOp>(scoresType, t, c);
  }
  auto bias = attentionBias(n, s, elt);
  if (failed(bias))
    return failure();
  Value withBias =
      *bias ? n.create<AddOp>(scoresType, scores, *bias) : scores;
  Type precision = softmaxPrecision(n, elt);
  if (!precision || !isa<FloatType>(precision))
    return n.unsupported("softmax_precision " +
                         Twine(n.intAttr("softmax_precision", 0)));
  Value p = guardedSoftmax(n, withBias, *bias, precision);
  auto vt = cast<RankedTensorType>(v.getType());
  Value y = n.create<MatMulOp>(
      vt.clone({s.batch, s.qHeads, s.qLen, vt.getDimSize(3)}), p, v);
  n.setOutput(0, ops->threeD ? mergeHeads(n, y) : y);
  if (n.hasOutput(1))
    n.setOutput(1, ops->k);
  if (n.hasOutput(2))
    n.setOutput(2, ops->v);
  if (n.hasOutput(3)) {
    int64_t mode = n.intAttr("qk_matmul_output_mode", 0);
    if (mode < 0 || mode > 3)
      return n.error("qk_matmul_output_mode must be 0 to 3");
    n.setOutput(3, mode == 3 ? p : mode == 2 ? withBias : scores);
  }
  return success();
}

/// The last-axis slice [start, start + size) of `x`, every `step`-th.
Value lastAxisSlice(NodeImporter &n, Value x, int64_t start, int64_t size,
                    int64_t step = 1) {
  auto t = cast<RankedTensorType>(x.getType());
  int64_t rank = t.getRank();
  SmallVector<int64_t> starts(rank, 0), steps(rank, 1), shape(t.getShape());
  starts.back() = start;
  steps.back() = step;
  shape.back() = size;
  return n.create<SliceOp>(t.clone(shape), x, starts, steps);
}

/// RotaryEmbedding (opset 23) on [B, S, H * D] or [B, H, S, D] input: each
/// head's first rotary_embedding_dim features as pairs (x1, x2) rotated to
/// (cos x1 - sin x2, sin x1 + cos x2), the caches indexed by position_ids
/// ([B, S]) or given per position ([B, S, R / 2]).
LogicalResult importRotaryEmbedding(NodeImporter &n) {
  Value x = floatInput(n), cosCache = n.input(1), sinCache = n.input(2);
  if (!x || !cosCache || !sinCache)
    return failure();
  auto xt = cast<RankedTensorType>(x.getType());
  int64_t rank = xt.getRank();
  if (rank != 3 && rank != 4)
    return n.error("input must be [B, S, H * D] or [B, H, S, D]");
  // As [B, S, H, D].
  Value y = rank == 4 ? transposeTo(n, x, {0, 2, 1, 3}) : x;
  if (rank == 3) {
    int64_t heads = n.intAttr("num_heads", 0);
    if (heads < 1 || xt.getDimSize(2) % heads)
      return n.error("3-D input needs num_heads dividing the hidden size");
    y = reshapeTo(n, y, {xt.getDimSize(0), xt.getDimSize(1), heads,
                         xt.getDimSize(2) / heads});
  }
  auto yt = cast<RankedTensorType>(y.getType());
  int64_t b = yt.getDimSize(0), s = yt.getDimSize(1), d = yt.getDimSize(3);
  int64_t r = n.intAttr("rotary_embedding_dim", 0);
  r = r ? r : d;
  if (r % 2 || r > d)
    return n.error("rotary_embedding_dim (" + Twine(r) +
                   ") must be even and at most the head size " + Twine(d));
  Type elt = xt.getElementType();
  auto half = RankedTensorType::get({b, s, r / 2}, elt);
  SmallVector<Value> caches{cosCache, sinCache};
  for (Value &c : caches) {
    auto ct = cast<RankedTensorType>(c.getType());
    if (ct.getDimSize(ct.getRank() - 1) != r / 2)
      return n.error("the caches' last dimension must be rotary_embedding_dim "
                     "/ 2 = " + Twine(r / 2));
    if (n.hasInput(3))
      c = n.create<GatherOp>(half, c, n.input(3), 0);
    else if (ct.getRank() != 3 || ct.getDimSize(0) != b ||
             ct.getDimSize(1) != s)
      return n.error("without position_ids the caches must be [B, S, " +
                     Twine(r / 2) + "]");
    c = reshapeTo(n, c, {b, s, 1, r / 2});
  }
  bool interleaved = n.intAttr("interleaved", 0) != 0;
  Value x1 = lastAxisSlice(n, y, 0, r / 2, interleaved ? 2 : 1);
  Value x2 = interleaved ? lastAxisSlice(n, y, 1, r / 2, 2)
                         : lastAxisSlice(n, y, r / 2, r / 2);
  auto partType = cast<RankedTensorType>(x1.getType());
  auto mul = [&](Value a, Value c) {
    return n.create<MulOp>(partType, a, c);
  };
  Value cosv = caches[0], sinv = caches[1];
  Value real = n.create<SubOp>(partType, mul(x1, cosv), mul(x2, sinv));
  Value imag = n.create<AddOp>(partType, mul(x1, sinv), mul(x2, cosv));
  auto rotatedType = yt.clone({b, s, yt.getDimSize(2), r});
  Value rotated;
  if (interleaved) {
    SmallVector<int64_t> pair(partType.getShape());
    pair.push_back(1);
    SmallVector<int64_t> both(pair);
    both.back() = 2;
    rotated = reshapeTo(
        n,
        n.create<ConcatOp>(partType.clone(both),
                           ValueRange{reshapeTo(n, real, pair),
                                      reshapeTo(n, imag, pair)},
                           4),
        rotatedType.getShape());
  } else {
    rotated = n.create<ConcatOp>(rotatedType, ValueRange{real, imag}, 3);
  }
  if (r < d)
    rotated = n.create<ConcatOp>(yt, ValueRange{rotated,
                                                lastAxisSlice(n, y, r, d - r)},
                                 3);
  Value out = rank == 4 ? transposeTo(n, rotated, {0, 2, 1, 3})
                        : reshapeTo(n, rotated, xt.getShape());
  return setComposed(n, out);
}

} // namespace

void registerAttentionImporters(OpImporterMap &map) {
  map["Attention"] = importAttention;
  map["RotaryEmbedding"] = importRotaryEmbedding;
}

} // namespace dlc
