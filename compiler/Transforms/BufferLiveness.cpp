//===- BufferLiveness.cpp - live ranges of buffers in a block -------------===//
#include "compiler/Transforms/BufferLiveness.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

using namespace mlir;

namespace {

/// Whether `op`, given a buffer that is not its view source, may hand out an
/// alias of it that the live range would then not follow: a memref result or
/// a terminator passing it on.
bool mayLeakAlias(Operation *op) {
  return op->hasTrait<OpTrait::IsTerminator>() ||
         llvm::any_of(op->getResultTypes(),
                      [](Type t) { return isa<BaseMemRefType>(t); });
}

} // namespace

FailureOr<std::pair<int64_t, int64_t>>
dlc::liveRange(Value root, Block &block,
               const llvm::DenseMap<Operation *, int64_t> &pos,
               Operation *&culprit) {
  int64_t first = INT64_MAX, last = -1;
  SmallVector<Value> worklist{root};
  while (!worklist.empty()) {
    Value v = worklist.pop_back_val();
    for (Operation *user : v.getUsers()) {
      bool takesView = false;
      if (auto view = dyn_cast<ViewLikeOpInterface>(user))
        if (view.getViewSource() == v) {
          llvm::append_range(worklist, user->getResults());
          takesView = true;
        }
      if (!takesView && mayLeakAlias(user)) {
        culprit = user;
        return failure();
      }
      Operation *ancestor = block.findAncestorOpInBlock(*user);
      if (!ancestor)
        continue;
      int64_t at = pos.lookup(ancestor);
      last = std::max(last, at);
      if (!takesView)
        first = std::min(first, at);
    }
  }
  if (first == INT64_MAX)
    first = pos.lookup(root.getDefiningOp());
  return std::make_pair(first, std::max(last, first));
}

