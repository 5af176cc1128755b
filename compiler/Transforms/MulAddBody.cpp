//===- MulAddBody.cpp - is a linalg body a multiply-accumulate ------------===//
#include "compiler/Transforms/MulAddBody.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

using namespace mlir;

bool dlc::isMulAddBody(Block &body) {
  if (body.getNumArguments() != 3)
    return false;
  auto yield = dyn_cast<linalg::YieldOp>(body.getTerminator());
  if (!yield || yield.getNumOperands() != 1)
    return false;
  auto add = yield.getOperand(0).getDefiningOp<arith::AddFOp>();
  if (!add)
    return false;
  Value out = body.getArgument(2);
  Value product = add.getLhs() == out ? add.getRhs() : add.getLhs();
  if (add.getLhs() != out && add.getRhs() != out)
    return false;
  auto mul = product.getDefiningOp<arith::MulFOp>();
  if (!mul || mul->getBlock() != &body)
    return false;
  Value x = body.getArgument(0), y = body.getArgument(1);
  bool operands = (mul.getLhs() == x && mul.getRhs() == y) ||
                  (mul.getLhs() == y && mul.getRhs() == x);
  // Nothing else in the body.
  return operands && std::distance(body.begin(), body.end()) == 3;
}
