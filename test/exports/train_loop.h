/*===- train_loop.h - the loop both training drivers run ------------------===*
 *
 * Included after "step.h" (the header dlc writes for --name=step): the
 * step's buffers, seeded random numbers for the batches, and train(),
 * which loads the exported weights and takes the steps.
 *
 *===----------------------------------------------------------------------===*/
#ifndef DLC_TEST_EXPORTS_TRAIN_LOOP_H
#define DLC_TEST_EXPORTS_TRAIN_LOOP_H

#include <stdio.h>

enum { kTrainWindow = 20 };

static _Alignas(64) unsigned char params[STEP_PARAMS_BYTES];
static _Alignas(64) unsigned char state[STEP_STATE_BYTES + 1];
static _Alignas(64) unsigned char arena[STEP_ARENA_BYTES + 1];

static unsigned long long xorshift_state = 88172645463325252ull;

/* Marsaglia's xorshift64, upper 32 bits. */
static unsigned next_random(void) {
  xorshift_state ^= xorshift_state << 13;
  xorshift_state ^= xorshift_state >> 7;
  xorshift_state ^= xorshift_state << 17;
  return (unsigned)(xorshift_state >> 32);
}

/* Loads MODEL's weights into params, then takes STEPS Adam steps (lr 1e-3)
   on batches make_batch writes into ids and labels, printing the loss
   every 50 steps. *first and *last get the mean loss of the first and of
   the last kTrainWindow steps. 0 on success. */
static int train(const char *model, int steps,
                 void (*make_batch)(int64_t *ids, int64_t *labels),
                 int64_t *ids, int64_t *labels, double *first, double *last) {
  if (step_load(model, params) != 0) {
    fprintf(stderr, "load: %s\n", dlc_last_error());
    return 1;
  }
  step_init_state(state);
  *first = *last = 0;
  for (int s = 0; s < steps; ++s) {
    make_batch(ids, labels);
    float loss = step_train_step(ids, labels, 1e-3f, params, state, arena);
    if (s < kTrainWindow)
      *first += loss / kTrainWindow;
    if (s >= steps - kTrainWindow)
      *last += loss / kTrainWindow;
    if (s % 50 == 0)
      printf("step %d: loss %.4f\n", s, loss);
  }
  return 0;
}

#endif
