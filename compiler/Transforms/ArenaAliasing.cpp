//===- ArenaAliasing.cpp - may two planned buffers share bytes? -----------===//
#include "compiler/Transforms/ArenaAliasing.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

#include <optional>
#include <utility>

using namespace mlir;

namespace {

/// Where a memref's bytes lie: a root buffer (a function argument, an
/// allocation) and, when known, the byte range in it.
struct ByteRange {
  Value root;
  std::optional<std::pair<int64_t, int64_t>> range;
};

ByteRange bytesOf(Value v) {
  if (auto view = v.getDefiningOp<memref::ViewOp>()) {
    auto type = cast<MemRefType>(view.getType());
    std::optional<int64_t> shift = getConstantIntValue(view.getByteShift());
    if (!shift || !type.hasStaticShape() ||
        !type.getElementType().isIntOrFloat())
      return {view.getSource(), std::nullopt};
    int64_t bytes = type.getNumElements() * type.getElementTypeBitWidth() / 8;
    return {view.getSource(), std::make_pair(*shift, *shift + bytes)};
  }
  if (auto collapse = v.getDefiningOp<memref::CollapseShapeOp>())
    return bytesOf(collapse.getSrc());
  if (auto expand = v.getDefiningOp<memref::ExpandShapeOp>())
    return bytesOf(expand.getSrc());
  // A subview's bytes lie within its source's.
  if (auto subview = v.getDefiningOp<memref::SubViewOp>())
    return bytesOf(subview.getSource());
  if (auto op = v.getDefiningOp<ViewLikeOpInterface>())
    return {bytesOf(op.getViewSource()).root, std::nullopt};
  return {v, std::nullopt};
}

} // namespace

bool dlc::mayOverlap(Value a, Value b) {
  ByteRange ra = bytesOf(a), rb = bytesOf(b);
  if (ra.root != rb.root)
    return false;
  if (!ra.range || !rb.range)
    return true;
  return ra.range->first < rb.range->second &&
         rb.range->first < ra.range->second;
}
