//===- SplitLargeFunctions.cpp - one function per loop nest when large ----===//
//
// A model is one function whose body is the loop nests of its ops, one
// after another. For a graph of thousands of small ops (a recurrent layer
// unrolled over a long sequence) that function has tens of thousands of
// blocks, and LLVM's function passes, whose dominator-tree updates grow
// faster than linearly with a function's size, dominated the compile
// time. Before the optimisation pipeline, such a function has each of its
// outermost loops extracted into a function of its own (kept out of line),
// so every function the pipeline sees stays small. Calls cost nothing next
// to a loop nest; small models are below the threshold and unchanged.
//
//===----------------------------------------------------------------------===//
#include "compiler/Target/ObjectEmitter.h"

#include "llvm/Analysis/LoopInfo.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/CodeExtractor.h"

namespace {

/// Functions with more blocks than this get their loop nests extracted.
constexpr size_t kMaxBlocks = 2000;

/// Extracts every outermost loop of `f` into a noinline function.
void extractLoopNests(llvm::Function &f) {
  llvm::DominatorTree dt(f);
  llvm::LoopInfo loops(dt);
  // The block lists first: extraction moves blocks out of `f`.
  llvm::SmallVector<llvm::SmallVector<llvm::BasicBlock *>> nests;
  for (llvm::Loop *loop : loops)
    nests.emplace_back(loop->getBlocks().begin(), loop->getBlocks().end());
  llvm::CodeExtractorAnalysisCache cache(f);
  for (auto &blocks : nests) {
    llvm::CodeExtractor extractor(blocks);
    if (!extractor.isEligible())
      continue;
    if (llvm::Function *nest = extractor.extractCodeRegion(cache))
      nest->addFnAttr(llvm::Attribute::NoInline);
  }
}

} // namespace

void dlc::splitLargeFunctions(llvm::Module &module) {
  llvm::SmallVector<llvm::Function *> large;
  for (llvm::Function &f : module)
    if (!f.isDeclaration() && f.size() > kMaxBlocks)
      large.push_back(&f);
  for (llvm::Function *f : large)
    extractLoopNests(*f);
}
