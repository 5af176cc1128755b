/*===- train_lm.c - a compiled GPT-2 training step learns to continue -----===*
 *
 * make_exports.py's language_model.onnx (GPT-2, vocabulary 64, 2 layers, on
 * input_ids [4, 16], its logits for positions 0..14 as [60, 64]) compiled
 * with
 *   dlc language_model.onnx --train --loss=softmax-cross-entropy \
 *       --optimizer=adam --name=step -o step.o
 * (train_export.sh): the LM loss, each position's next token the label.
 * The sequences count up from a random token by a random stride of 1 to 3
 * (modulo 64), so after two tokens the rest follows from the context.
 * Starting from the exported weights (step_load), passes when the mean loss
 * of the last 20 steps is under a third of that of the first 20 (which
 * start near ln 64 = 4.16).
 *
 *   train_lm MODEL.onnx [STEPS]
 *
 *===----------------------------------------------------------------------===*/
#include "step.h"
#include "train_loop.h"
#include <stdlib.h>

enum { kBatch = 4, kSeq = 16, kVocab = 64 };

static void make_batch(int64_t ids[kBatch * kSeq],
                       int64_t labels[kBatch * (kSeq - 1)]) {
  for (int b = 0; b < kBatch; ++b) {
    unsigned start = next_random() % kVocab, stride = 1 + next_random() % 3;
    for (int t = 0; t < kSeq; ++t)
      ids[b * kSeq + t] = (start + stride * t) % kVocab;
    for (int t = 0; t + 1 < kSeq; ++t)
      labels[b * (kSeq - 1) + t] = ids[b * kSeq + t + 1];
  }
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: train_lm MODEL.onnx [STEPS]\n");
    return 2;
  }
  int steps = argc > 2 ? atoi(argv[2]) : 300;
  int64_t ids[kBatch * kSeq], labels[kBatch * (kSeq - 1)];
  double first, last;
  if (train(argv[1], steps, make_batch, ids, labels, &first, &last) != 0)
    return 1;
  printf("mean loss %.4f (first %d steps) -> %.4f (last %d)\n", first, kTrainWindow,
         last, kTrainWindow);
  return last < first / 3 ? 0 : 1;
}
