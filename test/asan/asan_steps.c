/*===- asan_steps.c - the planned code under AddressSanitizer -------------===*
 *
 * models/mnist_cnn.onnx compiled with `dlc --sanitize=address` at batch 4,
 * for inference (asan_infer) and as an SGD-momentum training step
 * (asan_train): every load and store of the generated code is checked by
 * AddressSanitizer. Every buffer the code touches is a heap block of exactly
 * the size the header states (arena, parameters, optimizer state, inputs,
 * outputs), so a read or write past any of them lands in ASan's redzone and
 * aborts the run with a report. Inside the arena, the generated code itself
 * poisons every byte outside the buffers live at each point
 * (dlc-poison-dead-buffers): an access to a dead buffer, or to the gaps
 * between buffers, is reported as a use-after-poison.
 *
 *   asan_steps                 three training steps, then both runs; exits 0
 *                              when ASan reports nothing and the results are
 *                              sane (finite loss, each probability row sums
 *                              to 1).
 *   asan_steps --short-arena | --short-params
 *                              the same with the training arena 1 KiB short
 *                              (less than ASan's redzone after a block of
 *                              this size), or the parameters 4 bytes short
 *                              (the last bias element): ASan must report a
 *                              heap-buffer-overflow in the generated code
 *                              (proof that its accesses are checked).
 *
 *===----------------------------------------------------------------------===*/
#define _POSIX_C_SOURCE 200112L /* posix_memalign */
#include "asan_infer.h"
#include "asan_train.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A heap block of exactly `bytes`, 64-aligned as the header asks. */
static void *exactBlock(size_t bytes) {
  void *p = NULL;
  if (posix_memalign(&p, 64, bytes) != 0) {
    fprintf(stderr, "cannot allocate %zu bytes\n", bytes);
    exit(2);
  }
  memset(p, 0, bytes);
  return p;
}

/* Each row of `probs` (rows of 10 classes) sums to 1. */
static int rowsSumToOne(const char *what, const float *probs, int elements) {
  for (int row = 0; row < elements / 10; ++row) {
    double sum = 0;
    for (int c = 0; c < 10; ++c)
      sum += probs[row * 10 + c];
    if (!(fabs(sum - 1.0) < 1e-4)) {
      fprintf(stderr, "%s: row %d sums to %g\n", what, row, sum);
      return 0;
    }
  }
  return 1;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  int shortArena = strcmp(mode, "--short-arena") == 0;
  int shortParams = strcmp(mode, "--short-params") == 0;

  float *image = exactBlock(sizeof(float) * ASAN_TRAIN_INPUT_0_ELEMENTS);
  int64_t *labels = exactBlock(sizeof(int64_t) * ASAN_TRAIN_LABELS_ELEMENTS);
  for (int i = 0; i < ASAN_TRAIN_INPUT_0_ELEMENTS; ++i)
    image[i] = (float)((i * 37) % 101) / 101.0f;
  for (int i = 0; i < ASAN_TRAIN_LABELS_ELEMENTS; ++i)
    labels[i] = (i * 3) % 10;

  void *params = exactBlock(ASAN_TRAIN_PARAMS_BYTES);
  if (asan_train_init_params(params, 7) != 0) {
    fprintf(stderr, "init_params failed\n");
    return 1;
  }
  if (shortParams) {
    /* The last parameter (fc2.bias) loses its last element. */
    void *shorter = exactBlock(ASAN_TRAIN_PARAMS_BYTES - 4);
    memcpy(shorter, params, ASAN_TRAIN_PARAMS_BYTES - 4);
    free(params);
    params = shorter;
  }
  void *state = exactBlock(ASAN_TRAIN_STATE_BYTES);
  void *trainArena =
      exactBlock(ASAN_TRAIN_ARENA_BYTES - (shortArena ? 1024 : 0));
  asan_train_init_state(state);

  int ok = 1;
  for (int step = 0; step < 3; ++step) {
    float loss = asan_train_train_step(image, labels, ASAN_TRAIN_DEFAULT_LR,
                                       params, state, trainArena);
    printf("train step %d: loss %g\n", step, loss);
    ok &= isfinite(loss) && loss > 0;
  }
  float *trainProbs = exactBlock(sizeof(float) * ASAN_TRAIN_OUTPUT_0_ELEMENTS);
  asan_train_run(image, trainProbs, params, trainArena);
  ok &= rowsSumToOne("asan_train_run", trainProbs, ASAN_TRAIN_OUTPUT_0_ELEMENTS);

  void *inferArena = exactBlock(ASAN_INFER_ARENA_BYTES);
  float *probs = exactBlock(sizeof(float) * ASAN_INFER_OUTPUT_0_ELEMENTS);
  for (int call = 0; call < 2; ++call)
    asan_infer_run(image, probs, inferArena);
  ok &= rowsSumToOne("asan_infer_run", probs, ASAN_INFER_OUTPUT_0_ELEMENTS);

  free(probs);
  free(inferArena);
  free(trainProbs);
  free(trainArena);
  free(state);
  free(params);
  free(labels);
  free(image);
  if (!ok)
    return 1;
  printf("asan steps: ok (arena %d + %d bytes, params %d, state %d)\n",
         (int)ASAN_TRAIN_ARENA_BYTES, (int)ASAN_INFER_ARENA_BYTES,
         (int)ASAN_TRAIN_PARAMS_BYTES, (int)ASAN_TRAIN_STATE_BYTES);
  return 0;
}
