//===- ImportLayout.cpp - ops that rearrange elements ---------------------===//
//
// Tile, DepthToSpace and SpaceToDepth move elements without computing:
// each is a reshape to a higher rank, a transpose or broadcast there, and a
// reshape back, so each inherits those ops' lowerings and gradients.
//
//===----------------------------------------------------------------------===//
#include "compiler/Import/ONNX/ImportContext.h"

using namespace mlir;

namespace dlc {
namespace {

/// reshape(x, split) -> transpose(perm) -> reshape(result shape).
Value rearranged(NodeImporter &n, Value x, ArrayRef<int64_t> split,
                 ArrayRef<int64_t> perm, ArrayRef<int64_t> result) {
  Value v = transposeTo(n, reshapeTo(n, x, split), perm);
  return reshapeTo(n, v, result);
}

/// Tile: each dim d of size s becomes [r, s] broadcast from [1, s] and
/// flattened, so output index k * s + j reads input index j.
LogicalResult importTile(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  auto repeats = n.constantInts(1, "the repeats operand of Tile");
  if (failed(repeats))
    return failure();
  auto type = cast<RankedTensorType>(x.getType());
  if ((int64_t)repeats->size() != type.getRank())
    return n.error("repeats has " + Twine(repeats->size()) +
                   " entries, expected " + Twine(type.getRank()));
  SmallVector<int64_t> ones, wide, result;
  for (auto [r, s] : llvm::zip(*repeats, type.getShape())) {
    if (r < 0)
      return n.error("repeats must not be negative");
    ones.append({1, s});
    wide.append({r, s});
    result.push_back(r * s);
  }
  Value v = reshapeTo(n, x, ones);
  v = n.create<BroadcastOp>(type.clone(wide), v);
  n.setOutput(0, reshapeTo(n, v, result));
  return success();
}

/// The [N, C, H, W] input of DepthToSpace or SpaceToDepth and its
/// blocksize.
struct BlockInput {
  Value x;
  int64_t n, c, h, w, bs;
};

FailureOr<BlockInput> blockInput(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  auto type = cast<RankedTensorType>(x.getType());
  if (type.getRank() != 4)
    return n.error("input has rank " + Twine(type.getRank()) +
                   ", expected 4");
  int64_t bs = n.intAttr("blocksize", 0);
  if (bs <= 0)
    return n.error("blocksize must be positive");
  ArrayRef<int64_t> s = type.getShape();
  return BlockInput{x, s[0], s[1], s[2], s[3], bs};
}

/// DepthToSpace: DCR mode splits C as [bs, bs, C'], CRD as [C', bs, bs];
/// the two block dims interleave with H and W.
LogicalResult importDepthToSpace(NodeImporter &n) {
  auto in = blockInput(n);
  if (failed(in))
    return failure();
  int64_t bs = in->bs;
  if (in->c % (bs * bs))
    return n.error("channels are not divisible by blocksize^2");
  int64_t c = in->c / (bs * bs);
  SmallVector<int64_t> result{in->n, c, in->h * bs, in->w * bs};
  std::string mode = n.stringAttr("mode", "DCR");
  Value y;
  if (mode == "DCR")
    y = rearranged(n, in->x, {in->n, bs, bs, c, in->h, in->w},
                   {0, 3, 4, 1, 5, 2}, result);
  else if (mode == "CRD")
    y = rearranged(n, in->x, {in->n, c, bs, bs, in->h, in->w},
                   {0, 1, 4, 2, 5, 3}, result);
  else
    return n.error("mode must be DCR or CRD, not '" + mode + "'");
  n.setOutput(0, y);
  return success();
}

/// SpaceToDepth: the inverse of DepthToSpace, in DCR mode (the blocks
/// before the channels) or, from opset 28, CRD (the channels first).
LogicalResult importSpaceToDepth(NodeImporter &n) {
  auto in = blockInput(n);
  if (failed(in))
    return failure();
  int64_t bs = in->bs;
  if (in->h % bs || in->w % bs)
    return n.error("height and width are not divisible by blocksize");
  int64_t h = in->h / bs, w = in->w / bs;
  std::string mode = n.stringAttr("mode", "DCR");
  SmallVector<int64_t> perm;
  if (mode == "DCR")
    perm = {0, 3, 5, 1, 2, 4};
  else if (mode == "CRD")
    perm = {0, 1, 3, 5, 2, 4};
  else
    return n.error("mode must be DCR or CRD, not '" + mode + "'");
  n.setOutput(0, rearranged(n, in->x, {in->n, in->c, h, bs, w, bs}, perm,
                            {in->n, in->c * bs * bs, h, w}));
  return success();
}

} // namespace

void registerLayoutImporters(OpImporterMap &map) {
  map["Tile"] = importTile;
  map["DepthToSpace"] = importDepthToSpace;
  map["SpaceToDepth"] = importSpaceToDepth;
}

} // namespace dlc
