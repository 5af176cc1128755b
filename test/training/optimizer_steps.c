/*===- optimizer_steps.c - compiled optimizer updates vs hand references --===*
 *
 * linear.onnxtxt (y = x W) compiled with --train --loss=mse and each
 * optimizer (CMakeLists.txt gives the flags). The reference below recomputes
 * three steps in double precision from the update rules as PyTorch 1.13
 * documents them (torch.optim.SGD, Adagrad, RMSprop, Adam, AdamW), with the
 * mse gradient derived by hand: L = mean((xW - t)^2) over all N*2 elements,
 * dL/dW = x^T (2 (xW - t)) / (N * 2). The test passes when every returned
 * loss and every weight after every step agree to float precision.
 *
 *===----------------------------------------------------------------------===*/
#include "lin_adagrad.h"
#include "lin_adam.h"
#include "lin_adamw.h"
#include "lin_l1.h"
#include "lin_l2.h"
#include "lin_momentum.h"
#include "lin_nesterov.h"
#include "lin_rmsprop.h"
#include "lin_sgd.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { N = 4, IN = 3, OUT = 2, W_SIZE = IN * OUT, STEPS = 3 };

typedef enum { SGD, ADAGRAD, RMSPROP, ADAM, ADAMW } kind;

typedef struct {
  const char *name;
  kind kind;
  double momentum, wd, l1, rho, beta1, beta2, eps;
  int nesterov;
  float (*step)(const float *, const float *, float, void *, void *, void *);
  const dlc_param_desc *desc;
  size_t params_bytes, state_bytes, arena_bytes;
} variant;

#define VARIANT(m, M, kind_, mom, nest, wd, l1, rho, b1, b2, eps)             \
  {#m, kind_, mom, wd, l1, rho, b1, b2, eps, nest, m##_train_step,           \
   m##_params, M##_PARAMS_BYTES, M##_STATE_BYTES, M##_ARENA_BYTES}

/* The flags in CMakeLists.txt must match these hyper-parameters. */
static const variant kVariants[] = {
    VARIANT(lin_sgd, LIN_SGD, SGD, 0, 0, 0, 0, 0, 0, 0, 0),
    VARIANT(lin_momentum, LIN_MOMENTUM, SGD, 0.9, 0, 0, 0, 0, 0, 0, 0),
    VARIANT(lin_nesterov, LIN_NESTEROV, SGD, 0.9, 1, 0, 0, 0, 0, 0, 0),
    VARIANT(lin_l2, LIN_L2, SGD, 0, 0, 0.1, 0, 0, 0, 0, 0),
    VARIANT(lin_l1, LIN_L1, SGD, 0, 0, 0, 0.05, 0, 0, 0, 0),
    VARIANT(lin_adagrad, LIN_ADAGRAD, ADAGRAD, 0, 0, 0, 0, 0, 0, 0, 1e-6),
    VARIANT(lin_rmsprop, LIN_RMSPROP, RMSPROP, 0, 0, 0, 0, 0.9, 0, 0, 1e-6),
    VARIANT(lin_adam, LIN_ADAM, ADAM, 0, 0, 0, 0, 0, 0.9, 0.999, 1e-6),
    VARIANT(lin_adamw, LIN_ADAMW, ADAMW, 0, 0, 0.01, 0, 0, 0.9, 0.999, 1e-6),
};

static const float kX[N * IN] = {1.0f, 2.0f,  -1.0f, 0.5f, -0.5f, 1.5f,
                                 -2.0f, 1.0f, 0.25f, 0.0f, 1.0f,  -1.0f};
static const float kT[N * OUT] = {1.0f, 0.0f, -1.0f, 2.0f,
                                  0.5f, 0.5f, 0.0f,  -1.0f};
static const double kW0[W_SIZE] = {0.5, -0.25, 0.125, 1.0, -0.75, 0.375};
static const float kLr = 0.1f;

/* The mse loss at w and its gradient. */
static double loss_and_grad(const double *w, double *g) {
  double loss = 0;
  memset(g, 0, sizeof(double) * W_SIZE);
  for (int n = 0; n < N; ++n)
    for (int o = 0; o < OUT; ++o) {
      double y = 0;
      for (int i = 0; i < IN; ++i)
        y += kX[n * IN + i] * w[i * OUT + o];
      double r = y - kT[n * OUT + o];
      loss += r * r / (N * OUT);
      for (int i = 0; i < IN; ++i)
        g[i * OUT + o] += kX[n * IN + i] * 2.0 * r / (N * OUT);
    }
  return loss;
}

static double sign(double v) { return (v > 0) - (v < 0); }

/* One update of w per PyTorch's documented algorithm; t is 1-based. */
static void reference_step(const variant *v, int t, double *w, double *s1,
                           double *s2) {
  double g[W_SIZE];
  loss_and_grad(w, g);
  for (int i = 0; i < W_SIZE; ++i) {
    double gi = g[i];
    if (v->kind != ADAMW)
      gi += v->wd * w[i];
    gi += v->l1 * sign(w[i]);
    switch (v->kind) {
    case SGD:
      if (v->momentum != 0) {
        s1[i] = t == 1 ? gi : v->momentum * s1[i] + gi;
        gi = v->nesterov ? gi + v->momentum * s1[i] : s1[i];
      }
      w[i] -= kLr * gi;
      break;
    case ADAGRAD:
      s1[i] += gi * gi;
      w[i] -= kLr * gi / (sqrt(s1[i]) + v->eps);
      break;
    case RMSPROP:
      s1[i] = v->rho * s1[i] + (1 - v->rho) * gi * gi;
      w[i] -= kLr * gi / (sqrt(s1[i]) + v->eps);
      break;
    case ADAMW:
      w[i] -= kLr * v->wd * w[i];
      /* fall through */
    case ADAM: {
      s1[i] = v->beta1 * s1[i] + (1 - v->beta1) * gi;
      s2[i] = v->beta2 * s2[i] + (1 - v->beta2) * gi * gi;
      double mhat = s1[i] / (1 - pow(v->beta1, t));
      double vhat = s2[i] / (1 - pow(v->beta2, t));
      w[i] -= kLr * mhat / (sqrt(vhat) + v->eps);
      break;
    }
    }
  }
}

static int close_enough(double got, double want) {
  return fabs(got - want) <= 1e-5 + 1e-4 * fabs(want);
}

static int check_variant(const variant *v) {
  void *params = calloc(1, v->params_bytes + 64);
  void *state = calloc(1, v->state_bytes + 64);
  void *arena = calloc(1, v->arena_bytes + 64);
  float *w = (float *)((char *)params + v->desc[0].offset);
  double ref[W_SIZE], s1[W_SIZE] = {0}, s2[W_SIZE] = {0}, g[W_SIZE];
  int ok = 1;
  for (int i = 0; i < W_SIZE; ++i)
    w[i] = (float)(ref[i] = kW0[i]);
  for (int t = 1; t <= STEPS && ok; ++t) {
    double want_loss = loss_and_grad(ref, g);
    float loss = v->step(kX, kT, kLr, params, state, arena);
    reference_step(v, t, ref, s1, s2);
    if (!close_enough(loss, want_loss)) {
      printf("FAIL %s step %d: loss %.7g, want %.7g\n", v->name, t, loss,
             want_loss);
      ok = 0;
    }
    for (int i = 0; i < W_SIZE && ok; ++i)
      if (!close_enough(w[i], ref[i])) {
        printf("FAIL %s step %d: W[%d] = %.7g, want %.7g\n", v->name, t, i,
               w[i], ref[i]);
        ok = 0;
      }
  }
  if (ok)
    printf("PASS %s: %d steps, W = [%.5f %.5f %.5f %.5f %.5f %.5f]\n",
           v->name, STEPS, w[0], w[1], w[2], w[3], w[4], w[5]);
  free(params);
  free(state);
  free(arena);
  return ok;
}

int main(void) {
  int failed = 0;
  for (size_t i = 0; i < sizeof kVariants / sizeof kVariants[0]; ++i)
    failed += !check_variant(&kVariants[i]);
  return failed ? 1 : 0;
}
