//===- MemoryPlanTable.cpp - the --emit=plan report -----------------------===//
#include "compiler/Transforms/MemoryPlanTable.h"

#include "compiler/Transforms/MemoryPlan.h"
#include "compiler/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;

namespace {

struct TableRow {
  std::string node;
  int64_t buffer, bytes, offset, first, last;
};

FailureOr<TableRow> readRow(Attribute attr) {
  auto dict = dyn_cast<DictionaryAttr>(attr);
  if (!dict)
    return failure();
  TableRow row;
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
SmallVector<dlc::BufferLife> buffersOf(ArrayRef<TableRow> rows) {
  SmallVector<dlc::BufferLife> buffers;
  for (const TableRow &row : rows) {
    if ((size_t)row.buffer >= buffers.size())
      buffers.resize(row.buffer + 1, {0, INT64_MAX, INT64_MIN});
    dlc::BufferLife &b = buffers[row.buffer];
    b = {std::max(b.bytes, row.bytes), std::min(b.first, row.first),
         std::max(b.last, row.last)};
  }
  llvm::erase_if(buffers, [](const dlc::BufferLife &b) { return b.bytes == 0; });
  return buffers;
}

LogicalResult printPlan(func::FuncOp func, ArrayAttr entries,
                        llvm::raw_ostream &os) {
  SmallVector<TableRow> rows;
  SmallVector<dlc::BufferLife> values;
  for (Attribute entry : entries) {
    FailureOr<TableRow> row = readRow(entry);
    if (failed(row))
      return func.emitOpError("has a malformed ") << dlc::kMemoryPlanAttr;
    rows.push_back(*row);
    values.push_back({row->bytes, row->first, row->last});
  }
  auto arena = func->getAttrOfType<IntegerAttr>(dlc::kArenaBytesAttr);
  if (!arena)
    return func.emitOpError("has a memory plan but no ") << dlc::kArenaBytesAttr;

  os << "memory plan of @" << func.getSymName() << "\n";
  os << llvm::formatv("  {0,6} {1,12} {2,12} {3,-13} {4}\n", "buffer", "bytes",
                      "offset", "live", "node");
  for (const TableRow &row : rows) {
    std::string live = llvm::formatv("{0}..{1}", row.first, row.last).str();
    os << llvm::formatv("  {0,6} {1,12} {2,12} {3,-13} {4}\n", row.buffer,
                        row.bytes, row.offset, live, row.node);
  }
  os << llvm::formatv("arena: {0} bytes (naive: {1} bytes, lower bound: {2} "
                      "bytes)\n",
                      arena.getInt(), dlc::sumOfBytes(values),
                      dlc::peakLiveBytes(buffersOf(rows)));
  return success();
}

} // namespace

LogicalResult dlc::printMemoryPlans(ModuleOp module, llvm::raw_ostream &os) {
  for (auto func : module.getOps<func::FuncOp>())
    if (auto entries = func->getAttrOfType<ArrayAttr>(kMemoryPlanAttr))
      if (failed(printPlan(func, entries, os)))
        return failure();
  return success();
}
