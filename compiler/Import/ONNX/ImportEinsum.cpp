//===- ImportEinsum.cpp - ONNX Einsum from transposes and matmuls ---------===//
//
// Einsum is composed from dlc ops, so it lowers and differentiates through
// theirs. Every axis gets a label: a letter, or for the axes an ellipsis
// stands for a number below 'A' (right-aligned, numpy style). Each operand
// first loses its repeated labels (a diagonal: the two axes flattened and
// sliced with step n + 1), its size-1 axes that broadcast against a larger
// size elsewhere, and its labels no one else needs (dlc.reduce_sum). The
// operands are then contracted left to right: both sides are transposed to
// [batch, free, contracted] and [batch, contracted, free] groups, reshaped
// to 3-D (2-D without batch labels) and multiplied with dlc.matmul. The
// last term is summed and transposed to the output's labels.
//
//===----------------------------------------------------------------------===//
#include "compiler/Import/ONNX/ImportContext.h"

#include "llvm/ADT/STLExtras.h"

using namespace mlir;

namespace dlc {
namespace {

using Labels = SmallVector<int64_t>;

/// A value and the label of each of its axes.
struct Term {
  Value value;
  Labels labels;

  ArrayRef<int64_t> shape() const {
    return cast<RankedTensorType>(value.getType()).getShape();
  }
  int64_t sizeOf(int64_t label) const {
    return shape()[llvm::find(labels, label) - labels.begin()];
  }
};

/// One side of the equation as written: its letters and where its
/// ellipsis stands (-1 for none).
struct Subscript {
  std::string letters;
  int64_t ellipsisAt = -1;
};

bool contains(ArrayRef<int64_t> labels, int64_t label) {
  return llvm::is_contained(labels, label);
}

FailureOr<Subscript> parseSubscript(NodeImporter &n, StringRef text) {
  Subscript s;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.substr(i).starts_with("...") && s.ellipsisAt < 0) {
      s.ellipsisAt = s.letters.size();
      i += 2;
    } else if (llvm::isAlpha(text[i])) {
      s.letters.push_back(text[i]);
    } else {
      return n.error("invalid einsum subscript '" + text + "'");
    }
  }
  return s;
}

/// The labels of a subscript whose ellipsis stands for `count` axes of the
/// `total` ellipsis labels (right-aligned: the last is total - 1).
Labels expand(const Subscript &s, int64_t count, int64_t total) {
  Labels labels;
  for (auto [i, c] : llvm::enumerate(s.letters)) {
    if ((int64_t)i == s.ellipsisAt)
      for (int64_t e = total - count; e < total; ++e)
        labels.push_back(e);
    labels.push_back(c);
  }
  if (s.ellipsisAt == (int64_t)s.letters.size())
    for (int64_t e = total - count; e < total; ++e)
      labels.push_back(e);
  return labels;
}

/// The equation with every axis labelled: one label list per operand and
/// the output's.
struct Equation {
  SmallVector<Labels> inputs;
  Labels output;
};

/// The output labels when the equation gives none: the ellipsis labels,
/// then the letters used once, in alphabetical (ASCII) order.
Labels implicitOutput(ArrayRef<Labels> inputs, int64_t ellipsis) {
  Labels output;
  for (int64_t e = 0; e < ellipsis; ++e)
    output.push_back(e);
  std::map<int64_t, int> uses;
  for (const Labels &in : inputs)
    for (int64_t l : in)
      if (l >= ellipsis)
        ++uses[l];
  for (auto [label, count] : uses)
    if (count == 1)
      output.push_back(label);
  return output;
}

FailureOr<Labels> explicitOutput(NodeImporter &n, StringRef text,
                                 ArrayRef<Labels> inputs, int64_t ellipsis) {
  auto s = parseSubscript(n, text);
  if (failed(s))
    return failure();
  if (s->ellipsisAt < 0)
    s->ellipsisAt = s->letters.size(), ellipsis = 0;
  Labels output = expand(*s, ellipsis, ellipsis);
  for (auto [i, l] : llvm::enumerate(output)) {
    if (contains(ArrayRef(output).take_front(i), l))
      return n.error("einsum output label '" + Twine((char)l) + "' repeats");
    if (llvm::none_of(inputs, [&](const Labels &in) {
          return contains(in, l);
        }))
      return n.error("einsum output label '" + Twine((char)l) +
                     "' is no input's");
  }
  return output;
}

FailureOr<Equation> parseEquation(NodeImporter &n, ArrayRef<Value> operands) {
  std::string text;
  for (char c : n.stringAttr("equation", ""))
    if (!llvm::isSpace(c))
      text.push_back(c);
  auto [lhs, rhs] = StringRef(text).split("->");
  SmallVector<StringRef> terms;
  lhs.split(terms, ',');
  if (terms.size() != operands.size())
    return n.error("einsum equation has " + Twine(terms.size()) +
                   " operands, the node " + Twine(operands.size()));
  SmallVector<Subscript> subs;
  SmallVector<int64_t> counts;
  int64_t ellipsis = 0;
  for (auto [term, v] : llvm::zip(terms, operands)) {
    auto s = parseSubscript(n, term);
    if (failed(s))
      return failure();
    int64_t rank = cast<RankedTensorType>(v.getType()).getRank();
    int64_t count = rank - (int64_t)s->letters.size();
    if (count < 0 || (count > 0 && s->ellipsisAt < 0))
      return n.error("einsum subscript '" + term + "' does not fit rank " +
                     Twine(rank));
    subs.push_back(*s);
    counts.push_back(count);
    ellipsis = std::max(ellipsis, count);
  }
  Equation eq;
  for (auto [s, count] : llvm::zip(subs, counts))
    eq.inputs.push_back(expand(s, count, ellipsis));
  if (!StringRef(text).contains("->")) {
    eq.output = implicitOutput(eq.inputs, ellipsis);
    return eq;
  }
  auto output = explicitOutput(n, rhs, eq.inputs, ellipsis);
  if (failed(output))
    return failure();
  eq.output = *output;
  return eq;
}

/// The size of every label: the largest of its axes (the others are 1,
/// broadcast); fails when two sizes above 1 differ.
FailureOr<std::map<int64_t, int64_t>> labelSizes(NodeImporter &n,
                                                 ArrayRef<Term> terms) {
  std::map<int64_t, int64_t> sizes;
  for (const Term &t : terms) {
    for (auto [l, size] : llvm::zip(t.labels, t.shape())) {
      int64_t &known = sizes.try_emplace(l, size).first->second;
      if (known != size && known != 1 && size != 1)
        return n.error("einsum label sizes " + Twine(known) + " and " +
                       Twine(size) + " differ");
      known = std::max(known, size);
    }
  }
  return sizes;
}

/// Transposes `t` so that its labels read as `groups` in order, then
/// reshapes it to the product of each group's sizes.
Value grouped(NodeImporter &n, const Term &t, ArrayRef<Labels> groups) {
  SmallVector<int64_t> perm, shape;
  for (const Labels &group : groups) {
    int64_t size = 1;
    for (int64_t l : group) {
      perm.push_back(llvm::find(t.labels, l) - t.labels.begin());
      size *= t.sizeOf(l);
    }
    shape.push_back(size);
  }
  return reshapeTo(n, transposeTo(n, t.value, perm), shape);
}

/// The diagonal of `label`'s first two axes in `t`: both moved to the
/// back, flattened, and sliced with step size + 1.
Term takeDiagonal(NodeImporter &n, const Term &t, int64_t label) {
  SmallVector<int64_t> pair, perm, shape;
  Labels labels;
  for (auto [d, l] : llvm::enumerate(t.labels)) {
    if (l == label && pair.size() < 2) {
      pair.push_back(d);
      continue;
    }
    perm.push_back(d);
    shape.push_back(t.shape()[d]);
    labels.push_back(l);
  }
  perm.append(pair);
  labels.push_back(label);
  int64_t size = t.sizeOf(label);
  shape.push_back(size * size);
  Value flat = reshapeTo(n, transposeTo(n, t.value, perm), shape);
  SmallVector<int64_t> starts(shape.size(), 0), steps(shape.size(), 1);
  steps.back() = size + 1;
  shape.back() = size;
  auto type = cast<RankedTensorType>(flat.getType()).clone(shape);
  return {n.create<SliceOp>(type, flat, starts, steps), labels};
}

FailureOr<Term> takeDiagonals(NodeImporter &n, Term t) {
  for (size_t i = 0; i < t.labels.size(); ++i) {
    int64_t l = t.labels[i];
    if (llvm::count(t.labels, l) < 2)
      continue;
    for (auto [other, size] : llvm::zip(t.labels, t.shape()))
      if (other == l && size != t.sizeOf(l))
        return n.error("einsum diagonal axes differ in size");
    t = takeDiagonal(n, t, l);
    i = -1;
  }
  return t;
}

/// Drops the size-1 axes whose label is larger elsewhere: the operand does
/// not vary along them, so it needs no copy along the label.
Term dropBroadcastAxes(NodeImporter &n, Term t,
                       const std::map<int64_t, int64_t> &sizes) {
  Labels kept;
  SmallVector<int64_t> shape;
  for (auto [l, size] : llvm::zip(t.labels, t.shape())) {
    if (size == 1 && sizes.at(l) > 1)
      continue;
    kept.push_back(l);
    shape.push_back(size);
  }
  return {reshapeTo(n, t.value, shape), kept};
}

/// Sums `t` over the labels not in `keep`.
Term sumUnneeded(NodeImporter &n, const Term &t, ArrayRef<int64_t> keep) {
  SmallVector<int64_t> axes;
  Labels kept;
  for (auto [d, l] : llvm::enumerate(t.labels))
    if (contains(keep, l))
      kept.push_back(l);
    else
      axes.push_back(d);
  return {sumAxes(n, t.value, axes, false), kept};
}

/// a * b summed over their common labels that `later` does not need.
Term contract(NodeImporter &n, const Term &a, const Term &b,
              ArrayRef<int64_t> later) {
  Labels keepA(later), keepB(later);
  keepA.append(b.labels);
  keepB.append(a.labels);
  Term lhs = sumUnneeded(n, a, keepA), rhs = sumUnneeded(n, b, keepB);
  Labels batch, contracted, freeA, freeB;
  for (int64_t l : lhs.labels) {
    if (!contains(rhs.labels, l))
      freeA.push_back(l);
    else
      (contains(later, l) ? batch : contracted).push_back(l);
  }
  for (int64_t l : rhs.labels)
    if (!contains(lhs.labels, l))
      freeB.push_back(l);
  SmallVector<Labels> lhsGroups{batch, freeA, contracted};
  SmallVector<Labels> rhsGroups{batch, contracted, freeB};
  if (batch.empty()) {
    lhsGroups.erase(lhsGroups.begin());
    rhsGroups.erase(rhsGroups.begin());
  }
  Value l = grouped(n, lhs, lhsGroups), r = grouped(n, rhs, rhsGroups);
  auto lt = cast<RankedTensorType>(l.getType());
  SmallVector<int64_t> shape(lt.getShape().drop_back());
  shape.push_back(cast<RankedTensorType>(r.getType()).getShape().back());
  Value product = n.create<MatMulOp>(lt.clone(shape), l, r);
  Term result{product, batch};
  result.labels.append(freeA);
  result.labels.append(freeB);
  SmallVector<int64_t> sizes;
  for (int64_t label : result.labels)
    sizes.push_back(contains(lhs.labels, label) ? lhs.sizeOf(label)
                                                : rhs.sizeOf(label));
  result.value = reshapeTo(n, product, sizes);
  return result;
}

/// Each operand with its diagonals taken, its broadcast axes dropped and
/// the labels only it has (and the output does not) summed.
FailureOr<SmallVector<Term>> prepare(NodeImporter &n, const Equation &eq,
                                     ArrayRef<Value> operands) {
  SmallVector<Term> terms;
  for (auto [v, labels] : llvm::zip(operands, eq.inputs)) {
    auto t = takeDiagonals(n, Term{v, labels});
    if (failed(t))
      return failure();
    terms.push_back(*t);
  }
  auto sizes = labelSizes(n, terms);
  if (failed(sizes))
    return failure();
  for (auto [i, t] : llvm::enumerate(terms)) {
    Labels keep(eq.output);
    for (auto [j, other] : llvm::enumerate(eq.inputs))
      if (i != j)
        keep.append(other);
    t = sumUnneeded(n, dropBroadcastAxes(n, t, *sizes), keep);
  }
  return terms;
}

/// The labels that operands after `k` and the output still need.
Labels neededAfter(const Equation &eq, size_t k) {
  Labels later(eq.output);
  for (const Labels &in : ArrayRef(eq.inputs).drop_front(k + 1))
    later.append(in);
  return later;
}

LogicalResult importEinsum(NodeImporter &n) {
  SmallVector<Value> operands;
  for (unsigned i = 0; i < n.numInputs(); ++i) {
    Value v = n.input(i);
    if (!v)
      return failure();
    operands.push_back(v);
  }
  if (operands.empty())
    return n.error("Einsum needs at least one input");
  Type elt = cast<RankedTensorType>(operands[0].getType()).getElementType();
  if (llvm::any_of(operands, [&](Value v) {
        return cast<RankedTensorType>(v.getType()).getElementType() != elt;
      }))
    return n.error("Einsum operands differ in element type");
  auto eq = parseEquation(n, operands);
  if (failed(eq))
    return failure();
  auto terms = prepare(n, *eq, operands);
  if (failed(terms))
    return failure();
  Term acc = (*terms)[0];
  for (size_t k = 1; k < terms->size(); ++k)
    acc = contract(n, acc, (*terms)[k], neededAfter(*eq, k));
  acc = sumUnneeded(n, acc, eq->output);
  SmallVector<int64_t> perm;
  for (int64_t l : eq->output)
    perm.push_back(llvm::find(acc.labels, l) - acc.labels.begin());
  return setComposed(n, transposeTo(n, acc.value, perm));
}

} // namespace

void registerEinsumImporters(OpImporterMap &map) {
  map["Einsum"] = importEinsum;
}

} // namespace dlc
