//===- ONNXImporter.cpp - ONNX graph to dlc dialect -----------------------===//
//
// Walks the graph in its (topological) node order and dispatches each node to
// the importer registered for its op type. Unsupported ops are found in a scan
// before anything is built, so a model reports all of them in one run.
//
//===----------------------------------------------------------------------===//

#include "compiler/Import/ONNX/ONNXImporter.h"
#include "compiler/Import/ONNX/ImportContext.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;

namespace {

const dlc::OpImporterMap &importers() {
  static const dlc::OpImporterMap map = [] {
    dlc::OpImporterMap m;
    dlc::registerAttentionImporters(m);
    dlc::registerBitwiseImporters(m);
    dlc::registerEinsumImporters(m);
    dlc::registerMathImporters(m);
    dlc::registerNNImporters(m);
    dlc::registerGenerateImporters(m);
    dlc::registerLayoutImporters(m);
    dlc::registerLogicImporters(m);
    dlc::registerRecurrentImporters(m);
    dlc::registerReduceImporters(m);
    dlc::registerResizeImporters(m);
    dlc::registerSelectImporters(m);
    dlc::registerSpectralImporters(m);
    dlc::registerQuantizeImporters(m);
    dlc::registerTensorImporters(m);
    dlc::registerTrainingImporters(m);
    return m;
  }();
  return map;
}

Location nodeLocation(MLIRContext *ctx, StringRef file,
                      const onnx::NodeProto &node, int index) {
  std::string name = node.name().empty()
                         ? "node #" + std::to_string(index)
                         : "node '" + node.name() + "'";
  name += " (" + node.op_type() + ")";
  return NameLoc::get(StringAttr::get(ctx, name),
                      FileLineColLoc::get(ctx, file, 0, 0));
}

bool isDefaultDomain(const std::string &domain) {
  return domain.empty() || domain == "ai.onnx";
}

dlc::OpImportFn importerOf(const onnx::NodeProto &node) {
  return importers().lookup(dlc::importerKey(node.domain(), node.op_type()));
}

bool reportUnsupportedOps(const onnx::GraphProto &graph, StringRef file,
                          MLIRContext *ctx) {
  bool any = false;
  for (int i = 0; i < graph.node_size(); ++i) {
    const auto &node = graph.node(i);
    if (importerOf(node))
      continue;
    InFlightDiagnostic diag = emitError(nodeLocation(ctx, file, node, i))
                              << "unsupported op '" << node.op_type() << "'";
    if (!isDefaultDomain(node.domain()))
      diag << " from domain '" << node.domain() << "'";
    any = true;
  }
  return any;
}

int64_t defaultOpset(const onnx::ModelProto &model) {
  for (const auto &imp : model.opset_import())
    if (isDefaultDomain(imp.domain()))
      return imp.version();
  return 1;
}

} // namespace

LogicalResult dlc::checkSupportedOps(const onnx::GraphProto &graph,
                                     StringRef fileName, MLIRContext *ctx) {
  return failure(reportUnsupportedOps(graph, fileName, ctx));
}

FailureOr<OwningOpRef<ModuleOp>>
dlc::importModel(const onnx::ModelProto &model, StringRef fileName,
                 StringRef funcName, MLIRContext *ctx) {
  const onnx::GraphProto &graph = model.graph();
  Location fileLoc = FileLineColLoc::get(ctx, fileName, 0, 0);
  if (reportUnsupportedOps(graph, fileName, ctx))
    return failure();

  GraphState state(ctx);
  state.fileName = fileName.str();
  state.opset = defaultOpset(model);
  // Each importer handles the versions of its op up to kMaxOpset (or reports
  // what it does not support of a newer version by name); a model declaring
  // an older opset only uses op versions from before it.
  if (state.opset < 1 || state.opset > kMaxOpset)
    return emitError(fileLoc) << "unsupported opset " << state.opset
                              << " (dlc supports opsets 1 to " << kMaxOpset
                              << ")",
           failure();
  OpBuilder &b = state.builder;
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  b.setInsertionPointToEnd(module->getBody());

  for (const auto &vi : graph.value_info())
    state.inferredTypes[vi.name()] = convertValueType(vi.type(), ctx);
  for (const auto &vi : graph.output())
    state.inferredTypes[vi.name()] = convertValueType(vi.type(), ctx);
  for (const auto *infos : {&graph.value_info(), &graph.output(),
                            &graph.input()})
    for (const auto &vi : *infos)
      state.onnxTypes[vi.name()] = vi.type().tensor_type().elem_type();
  for (const auto &init : graph.initializer())
    state.onnxTypes[init.name()] = init.data_type();

  // Constants first: initializers shadow graph inputs of the same name.
  llvm::StringSet<> initializerNames;
  SmallVector<std::pair<std::string, DenseElementsAttr>> constants;
  for (const auto &init : graph.initializer()) {
    std::string error;
    auto attr = convertTensor(init, ctx, error);
    if (failed(attr))
      return emitError(fileLoc) << error, failure();
    initializerNames.insert(init.name());
    constants.emplace_back(init.name(), *attr);
  }

  SmallVector<Type> argTypes;
  SmallVector<const onnx::ValueInfoProto *> args;
  for (const auto &vi : graph.input()) {
    if (initializerNames.contains(vi.name()))
      continue;
    int32_t elemType = vi.type().tensor_type().elem_type();
    if (!convertElementType(elemType, ctx))
      return emitError(fileLoc)
                 << "unsupported element type " << dataTypeName(elemType)
                 << " of input '" << vi.name() << "'",
             failure();
    RankedTensorType type = convertValueType(vi.type(), ctx);
    if (!type)
      return emitError(fileLoc) << "input '" << vi.name()
                                << "' needs a static shape (bind a symbolic "
                                   "batch dimension with --batch=N)",
             failure();
    argTypes.push_back(type);
    args.push_back(&vi);
  }
  SmallVector<Type> resultTypes;
  for (const auto &vi : graph.output()) {
    RankedTensorType type = state.inferredTypes.lookup(vi.name());
    resultTypes.push_back(type);
  }

  auto func = b.create<func::FuncOp>(fileLoc, funcName,
                                     b.getFunctionType(argTypes, {}));
  Block *entry = func.addEntryBlock();
  b.setInsertionPointToStart(entry);
  for (auto [i, vi] : llvm::enumerate(args)) {
    state.values[vi->name()] = entry->getArgument(i);
    func.setArgAttr(i, kOnnxNameAttr, b.getStringAttr(vi->name()));
    func.setArgAttr(i, kOnnxTypeAttr,
                    b.getI32IntegerAttr(vi->type().tensor_type().elem_type()));
    // Inputs are the caller's const buffers: bufferization must not write them.
    func.setArgAttr(i, "bufferization.writable", b.getBoolAttr(false));
  }
  // Each initializer is one constant naming its source, so that gradients
  // and trainable parameters can be found by name before any folding.
  for (auto &[name, attr] : constants) {
    auto constant = b.create<arith::ConstantOp>(fileLoc, attr.getType(), attr);
    constant->setAttr(kInitializerAttr, b.getStringAttr(name));
    state.values[name] = constant;
  }

  for (int i = 0; i < graph.node_size(); ++i) {
    const auto &node = graph.node(i);
    NodeImporter importer(state, node, nodeLocation(ctx, fileName, node, i));
    if (failed(importNode(importer, importerOf(node))))
      return failure();
    for (int o = 0; o < node.output_size(); ++o)
      if (!node.output(o).empty() && !state.values.count(node.output(o)))
        return emitError(importer.getLoc())
                   << "unsupported use of optional output " << o << " ('"
                   << node.output(o) << "')",
               failure();
  }

  SmallVector<Value> results;
  for (const auto &vi : graph.output()) {
    Value v = state.values.lookup(vi.name());
    if (!v)
      return emitError(fileLoc) << "graph output '" << vi.name()
                                << "' is never computed",
             failure();
    results.push_back(v);
  }
  b.create<func::ReturnOp>(fileLoc, results);
  func.setType(b.getFunctionType(argTypes, ValueRange(results).getTypes()));
  for (auto [i, vi] : llvm::enumerate(graph.output())) {
    func.setResultAttr(i, kOnnxNameAttr, b.getStringAttr(vi.name()));
    int32_t elemType = vi.type().tensor_type().elem_type();
    func.setResultAttr(i, kOnnxTypeAttr, b.getI32IntegerAttr(elemType));
  }
  if (failed(verify(*module)))
    return failure();
  return module;
}
