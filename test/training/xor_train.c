/*===- xor_train.c - the compiled xor_mlp training step learns XOR --------===*
 *
 * models/xor_mlp.onnx (2-4-1, sigmoid) compiled with
 *   dlc xor_mlp.onnx --batch=4 --train --loss=binary-cross-entropy \
 *       --optimizer=sgd --momentum=0.9 -o xor_train.o
 * starts from seeded Glorot weights and takes full-batch steps on the four
 * XOR points. Passes when the compiled inference entry point then classifies
 * all four correctly (output > 0.5 exactly for labels 1) and the loss fell.
 *
 *===----------------------------------------------------------------------===*/
#include "xor_train.h"

#include <stdio.h>
#include <stdlib.h>

static const float kInputs[4][2] = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
static const float kLabels[4] = {0, 1, 1, 0};

int main(int argc, char **argv) {
  unsigned long long seed = argc > 1 ? strtoull(argv[1], NULL, 10) : 1;
  int steps = 3000;
  float lr = 0.5f;
  static _Alignas(64) unsigned char params[XOR_TRAIN_PARAMS_BYTES];
  static _Alignas(64) unsigned char state[XOR_TRAIN_STATE_BYTES + 1];
  static _Alignas(64) unsigned char arena[XOR_TRAIN_ARENA_BYTES + 1];
  if (xor_train_init_params(params, seed) != 0) {
    fprintf(stderr, "init: %s\n", dlc_last_error());
    return 1;
  }
  xor_train_init_state(state);
  float first = 0, loss = 0;
  for (int s = 0; s < steps; ++s) {
    loss = xor_train_train_step(&kInputs[0][0], kLabels, lr, params, state,
                                arena);
    if (s == 0)
      first = loss;
  }
  float out[4];
  xor_train_run(&kInputs[0][0], out, params, arena);
  int correct = 0;
  for (int i = 0; i < 4; ++i) {
    printf("xor(%g, %g) = %.4f (label %g)\n", kInputs[i][0], kInputs[i][1],
           out[i], kLabels[i]);
    correct += (out[i] > 0.5f) == (kLabels[i] > 0.5f);
  }
  printf("seed %llu: loss %.4f -> %.4f after %d steps, %d/4 correct\n", seed,
         first, loss, steps, correct);
  return correct == 4 && loss < first ? 0 : 1;
}
