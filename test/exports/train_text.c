/*===- train_text.c - a compiled BERT training step learns a text task ----===*
 *
 * make_exports.py's text_classifier.onnx (BERT for 2-way classification on
 * input_ids [8, 16], vocabulary 64, exported with torch.onnx dynamo=True)
 * compiled with
 *   dlc text_classifier.onnx --train --loss=softmax-cross-entropy \
 *       --optimizer=adam --name=step -o step.o
 * (train_export.sh) starts from the exported weights (step_load) and trains on seeded random
 * sequences whose label is whether most of their tokens are below 32 (a
 * count over all positions, which the attention must gather into the
 * classifier's first position). Passes when the mean loss of the last 20
 * steps is under half that of the first 20 and the compiled inference entry
 * point then classifies at least 85% of 256 unseen sequences correctly (a
 * constant guess gets about 60%; the model reaches over 90%).
 *
 *   train_text MODEL.onnx [STEPS]
 *
 *===----------------------------------------------------------------------===*/
#include "step.h"
#include "train_loop.h"
#include <stdlib.h>

enum { kBatch = 8, kSeq = 16, kVocab = 64 };

static void make_batch(int64_t ids[kBatch * kSeq], int64_t labels[kBatch]) {
  for (int b = 0; b < kBatch; ++b) {
    int low = 0;
    for (int t = 0; t < kSeq; ++t) {
      ids[b * kSeq + t] = next_random() % kVocab;
      low += ids[b * kSeq + t] < kVocab / 2;
    }
    labels[b] = 2 * low > kSeq;
  }
}

static int accuracy_percent(void) {
  int64_t ids[kBatch * kSeq], labels[kBatch];
  float logits[kBatch * 2];
  int correct = 0, total = 0;
  for (int round = 0; round < 32; ++round) {
    make_batch(ids, labels);
    step_run(ids, logits, params, arena);
    for (int b = 0; b < kBatch; ++b, ++total)
      correct += (logits[2 * b + 1] > logits[2 * b]) == (labels[b] == 1);
  }
  return 100 * correct / total;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: train_text MODEL.onnx [STEPS]\n");
    return 2;
  }
  int steps = argc > 2 ? atoi(argv[2]) : 600;
  int64_t ids[kBatch * kSeq], labels[kBatch];
  double first, last;
  if (train(argv[1], steps, make_batch, ids, labels, &first, &last) != 0)
    return 1;
  int accuracy = accuracy_percent();
  printf("mean loss %.4f (first %d steps) -> %.4f (last %d), accuracy %d%%\n",
         first, kTrainWindow, last, kTrainWindow, accuracy);
  return last < 0.5 * first && accuracy >= 85 ? 0 : 1;
}
