//===- MemoryPlanTable.cpp - the --emit=plan report -----------------------===//
#include "compiler/Transforms/MemoryPlanTable.h"

#include "compiler/Transforms/MemoryPlan.h"
#include "compiler/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using dlc::PlanRow;

namespace {

FailureOr<PlanRow> readRow(Attribute attr) {
  auto dict = dyn_cast<DictionaryAttr>(attr);
  if (!dict)
    return failure();
  PlanRow row;
  auto node = dict.getAs<StringAttr>("node");
  if (!node)
    return failure();
  row.node = node.str();
  std::pair<const char *, int64_t *> fields[] = {
      {"buffer", &row.buffer}, {"bytes", &row.bytes}, {"offset", &row.offset},
      {"first", &row.first},   {"last", &row.last}};
  for (auto [name, field] : fields) {
    auto value = dict.getAs<IntegerAttr>(name);
    if (!value)
      return failure();
    *field = value.getInt();
  }
  if (row.buffer < 0)
    return failure();
  return row;
}

/// The buffers the rows' values live in: each as large as its values and
/// live from the first one's birth to the last one's death.
SmallVector<dlc::BufferLife> buffersOf(ArrayRef<PlanRow> rows) {
  SmallVector<dlc::BufferLife> buffers;
  for (const PlanRow &row : rows) {
    if ((size_t)row.buffer >= buffers.size())
      buffers.resize(row.buffer + 1, {0, INT64_MAX, INT64_MIN});
    dlc::BufferLife &b = buffers[row.buffer];
    b = {std::max(b.bytes, row.bytes), std::min(b.first, row.first),
         std::max(b.last, row.last)};
  }
  llvm::erase_if(buffers, [](const dlc::BufferLife &b) { return b.bytes == 0; });
  return buffers;
}

FailureOr<dlc::FunctionPlan> readPlan(func::FuncOp func, ArrayAttr entries) {
  dlc::FunctionPlan plan;
  plan.function = func.getSymName().str();
  SmallVector<dlc::BufferLife> values;
  for (Attribute entry : entries) {
    FailureOr<PlanRow> row = readRow(entry);
    if (failed(row))
      return func.emitOpError("has a malformed ") << dlc::kMemoryPlanAttr;
    plan.rows.push_back(*row);
    values.push_back({row->bytes, row->first, row->last});
  }
  auto arena = func->getAttrOfType<IntegerAttr>(dlc::kArenaBytesAttr);
  if (!arena)
    return func.emitOpError("has a memory plan but no ") << dlc::kArenaBytesAttr;
  plan.arenaBytes = arena.getInt();
  plan.naiveBytes = dlc::sumOfBytes(values);
  plan.lowerBoundBytes = dlc::peakLiveBytes(buffersOf(plan.rows));
  return plan;
}

void printPlan(const dlc::FunctionPlan &plan, llvm::raw_ostream &os) {
  os << "memory plan of @" << plan.function << "\n";
  os << llvm::formatv("  {0,6} {1,12} {2,12} {3,-13} {4}\n", "buffer", "bytes",
                      "offset", "live", "node");
  for (const PlanRow &row : plan.rows) {
    std::string live = llvm::formatv("{0}..{1}", row.first, row.last).str();
    os << llvm::formatv("  {0,6} {1,12} {2,12} {3,-13} {4}\n", row.buffer,
                        row.bytes, row.offset, live, row.node);
  }
  os << llvm::formatv("arena: {0} bytes (naive: {1} bytes, lower bound: {2} "
                      "bytes)\n",
                      plan.arenaBytes, plan.naiveBytes, plan.lowerBoundBytes);
}

} // namespace

FailureOr<SmallVector<dlc::FunctionPlan>> dlc::readMemoryPlans(ModuleOp module) {
  SmallVector<FunctionPlan> plans;
  for (auto func : module.getOps<func::FuncOp>())
    if (auto entries = func->getAttrOfType<ArrayAttr>(kMemoryPlanAttr)) {
      FailureOr<FunctionPlan> plan = readPlan(func, entries);
      if (failed(plan))
        return failure();
      plans.push_back(std::move(*plan));
    }
  return plans;
}

LogicalResult dlc::printMemoryPlans(ModuleOp module, llvm::raw_ostream &os) {
  FailureOr<SmallVector<FunctionPlan>> plans = readMemoryPlans(module);
  if (failed(plans))
    return failure();
  for (const FunctionPlan &plan : *plans)
    printPlan(plan, os);
  return success();
}
