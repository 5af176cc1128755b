/*===- batchnorm_dropout_train.c - training-mode batch norm and dropout ---===*
 *
 * bn_relu.onnxtxt and dropout.onnxtxt compiled with --train --loss=mse
 * --optimizer=sgd (CMakeLists.txt). Every reference here is computed by this
 * file, in double precision, from the definitions:
 *  - batch norm trains with the batch mean and biased variance over N, H, W;
 *    running = momentum * running + (1 - momentum) * batch statistic, with
 *    the unbiased variance (n / (n - 1)) for the running variance;
 *  - the step's gradient (read back from plain SGD with lr 1: g = w - w')
 *    matches central differences of the training-mode loss that this file
 *    computes itself;
 *  - the inference entry point uses the running statistics;
 *  - dropout zeroes a fraction ~ ratio of the elements (binomial bound),
 *    scales the kept ones by 1 / (1 - ratio), repeats its masks for a seed and
 *    changes them with the seed and the step; inference is the identity.
 *
 *===----------------------------------------------------------------------===*/
#include "bn_relu_train.h"
#include "dropout_train.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

static void expect(int ok, const char *what, double got, double want) {
  if (!ok) {
    fprintf(stderr, "FAIL %s: got %.9g, want %.9g\n", what, got, want);
    ++failures;
  }
}

static void expect_near(const char *what, double got, double want,
                        double atol, double rtol) {
  expect(fabs(got - want) <= atol + rtol * fabs(want), what, got, want);
}

/* The tensor of `descs` named `name` inside `params`. */
static float *tensor(void *params, const dlc_param_desc *descs, size_t n,
                     const char *name) {
  for (size_t i = 0; i < n; ++i)
    if (strcmp(descs[i].name, name) == 0)
      return (float *)((char *)params + descs[i].offset);
  fprintf(stderr, "FAIL no parameter %s\n", name);
  exit(1);
}

static int init_kind(const dlc_param_desc *descs, size_t n, const char *name) {
  for (size_t i = 0; i < n; ++i)
    if (strcmp(descs[i].name, name) == 0)
      return descs[i].init;
  return -1;
}

/*===-------------------------------------------------------------------===*
 * Batch norm: bn_relu.onnxtxt, x [4, 2, 3, 3], momentum 0.8, epsilon 0.01.
 *===-------------------------------------------------------------------===*/
enum { N = 4, C = 2, HW = 9, F = C * HW, K = 2, NX = N * C * HW };
static const double kMomentum = 0.8, kEps = 0.01;

typedef struct {
  double scale[C], bias[C], w[F * K];
} bn_params;

/* Training-mode forward and mse loss; batch statistics into mean/var. */
static double bn_train_loss(const bn_params *p, const float *x,
                            const float *t, double *mean, double *var) {
  double f[N * F];
  for (int c = 0; c < C; ++c) {
    double s = 0, ss = 0;
    for (int n = 0; n < N; ++n)
      for (int i = 0; i < HW; ++i)
        s += x[(n * C + c) * HW + i];
    double mu = s / (N * HW);
    for (int n = 0; n < N; ++n)
      for (int i = 0; i < HW; ++i) {
        double d = x[(n * C + c) * HW + i] - mu;
        ss += d * d;
      }
    double v = ss / (N * HW);
    if (mean)
      mean[c] = mu, var[c] = v;
    for (int n = 0; n < N; ++n)
      for (int i = 0; i < HW; ++i) {
        double y = (x[(n * C + c) * HW + i] - mu) / sqrt(v + kEps) *
                       p->scale[c] + p->bias[c];
        f[n * F + c * HW + i] = y > 0 ? y : 0;
      }
  }
  double loss = 0;
  for (int n = 0; n < N; ++n)
    for (int k = 0; k < K; ++k) {
      double y = 0;
      for (int i = 0; i < F; ++i)
        y += f[n * F + i] * p->w[i * K + k];
      loss += (y - t[n * K + k]) * (y - t[n * K + k]);
    }
  return loss / (N * K);
}

/* Inference forward with running statistics: output [N, K]. */
static void bn_infer(const bn_params *p, const double *rm, const double *rv,
                     const float *x, double *out) {
  for (int n = 0; n < N; ++n)
    for (int k = 0; k < K; ++k) {
      double y = 0;
      for (int c = 0; c < C; ++c)
        for (int i = 0; i < HW; ++i) {
          double v = (x[(n * C + c) * HW + i] - rm[c]) / sqrt(rv[c] + kEps) *
                         p->scale[c] + p->bias[c];
          y += (v > 0 ? v : 0) * p->w[(c * HW + i) * K + k];
        }
      out[n * K + k] = y;
    }
}

static double *param_slot(bn_params *p, int i) {
  if (i < C)
    return &p->scale[i];
  if (i < 2 * C)
    return &p->bias[i - C];
  return &p->w[i - 2 * C];
}

static void check_batchnorm(void) {
  static _Alignas(64) unsigned char params[BN_RELU_TRAIN_PARAMS_BYTES];
  static _Alignas(64) unsigned char state[BN_RELU_TRAIN_STATE_BYTES + 1];
  static _Alignas(64) unsigned char arena[BN_RELU_TRAIN_ARENA_BYTES + 1];
  const dlc_param_desc *d = bn_relu_train_params;
  size_t nd = BN_RELU_TRAIN_NUM_PARAMS;
  expect(nd == 5, "parameters incl. running statistics", nd, 5);
  expect(init_kind(d, nd, "scale") == DLC_INIT_ONES, "scale init",
         init_kind(d, nd, "scale"), DLC_INIT_ONES);
  expect(init_kind(d, nd, "bias") == DLC_INIT_ZEROS, "bias init",
         init_kind(d, nd, "bias"), DLC_INIT_ZEROS);
  expect(init_kind(d, nd, "mean") == DLC_INIT_ZEROS, "mean init",
         init_kind(d, nd, "mean"), DLC_INIT_ZEROS);
  expect(init_kind(d, nd, "var") == DLC_INIT_ONES, "var init",
         init_kind(d, nd, "var"), DLC_INIT_ONES);

  /* Deterministic, non-trivial values: x and targets, parameters, and
     running statistics away from their initial zeros/ones. */
  float x[NX], t[N * K];
  for (int i = 0; i < NX; ++i)
    x[i] = (float)(sin(0.7 * i + 0.3) * 2.0 + (i % 5) * 0.25);
  for (int i = 0; i < N * K; ++i)
    t[i] = (float)cos(1.3 * i);
  bn_params p;
  for (int i = 0; i < 2 * C + F * K; ++i)
    *param_slot(&p, i) = (float)(0.4 * sin(2.1 * i + 1.0) + (i < C ? 1.0 : 0));
  float *scale = tensor(params, d, nd, "scale");
  float *bias = tensor(params, d, nd, "bias");
  float *w = tensor(params, d, nd, "W");
  float *rm = tensor(params, d, nd, "mean");
  float *rv = tensor(params, d, nd, "var");
  for (int c = 0; c < C; ++c) {
    scale[c] = (float)p.scale[c];
    bias[c] = (float)p.bias[c];
    rm[c] = 0.25f * (c + 1);
    rv[c] = 1.5f + c;
  }
  for (int i = 0; i < F * K; ++i)
    w[i] = (float)p.w[i];
  double rm0[C], rv0[C];
  for (int c = 0; c < C; ++c)
    rm0[c] = rm[c], rv0[c] = rv[c];
  bn_relu_train_init_state(state);

  float loss = bn_relu_train_train_step(x, t, 1.0f, params, state, arena);

  /* (1) running statistics from the batch, by hand. */
  double mean[C], var[C];
  double want_loss = bn_train_loss(&p, x, t, mean, var);
  expect_near("train-mode loss", loss, want_loss, 1e-6, 1e-5);
  int count = N * HW;
  for (int c = 0; c < C; ++c) {
    double want_m = kMomentum * rm0[c] + (1 - kMomentum) * mean[c];
    double want_v = kMomentum * rv0[c] +
                    (1 - kMomentum) * var[c] * count / (count - 1);
    expect_near("running mean", rm[c], want_m, 1e-6, 1e-5);
    expect_near("running var", rv[c], want_v, 1e-6, 1e-5);
  }

  /* (2) the SGD step (lr 1) moved each parameter by its gradient: compare
     with central differences of the training-mode loss. */
  const double h = 1e-5;
  for (int i = 0; i < 2 * C + F * K; ++i) {
    double *slot = param_slot(&p, i);
    double saved = *slot;
    *slot = saved + h;
    double up = bn_train_loss(&p, x, t, NULL, NULL);
    *slot = saved - h;
    double down = bn_train_loss(&p, x, t, NULL, NULL);
    *slot = saved;
    double fd = (up - down) / (2 * h);
    float now = i < C ? scale[i] : i < 2 * C ? bias[i - C] : w[i - 2 * C];
    char what[64];
    snprintf(what, sizeof what, "gradient of parameter %d", i);
    expect_near(what, saved - now, fd, 2e-5, 1e-3);
  }

  /* Inference uses the running statistics (and the updated parameters). */
  for (int i = 0; i < 2 * C + F * K; ++i)
    *param_slot(&p, i) =
        i < C ? scale[i] : i < 2 * C ? bias[i - C] : w[i - 2 * C];
  double rmd[C] = {rm[0], rm[1]}, rvd[C] = {rv[0], rv[1]};
  double want[N * K];
  bn_infer(&p, rmd, rvd, x, want);
  float out[N * K];
  bn_relu_train_run(x, out, params, arena);
  for (int i = 0; i < N * K; ++i)
    expect_near("inference output", out[i], want[i], 1e-5, 1e-4);
}

/*===-------------------------------------------------------------------===*
 * Dropout: dropout.onnxtxt, y = Dropout(x * w, 0.25), x [1, 256], x = 1.
 * With w = 1, labels 0 and lr D / 2, L = sum_d (m_d s)^2 / D and SGD sets
 * w_d' = 1 - m_d s^2: 1 where dropped, 1 - s^2 where kept (s = 1/(1-p)).
 *===-------------------------------------------------------------------===*/
enum { D = 256, STEPS = 16 };
static const double kRatio = 0.25;

typedef struct {
  _Alignas(64) unsigned char params[DROPOUT_TRAIN_PARAMS_BYTES];
  _Alignas(64) unsigned char state[DROPOUT_TRAIN_STATE_BYTES + 1];
  _Alignas(64) unsigned char arena[DROPOUT_TRAIN_ARENA_BYTES + 1];
} dropout_buffers;

/* Runs STEPS steps from w = 1 (reset before each step, the state carried
   on); records each step's loss and mask (1 kept, 0 dropped). */
static void dropout_steps(dropout_buffers *b, uint64_t seed, float *losses,
                          unsigned char masks[STEPS][D]) {
  static float x[D];
  static const float zeros[D];
  for (int i = 0; i < D; ++i)
    x[i] = 1.0f;
  const double s2 = 1.0 / ((1 - kRatio) * (1 - kRatio));
  dropout_train_init_state(b->state);
  dropout_train_seed_dropout(b->state, seed);
  float *w = tensor(b->params, dropout_train_params, DROPOUT_TRAIN_NUM_PARAMS,
                    "w");
  for (int s = 0; s < STEPS; ++s) {
    for (int i = 0; i < D; ++i)
      w[i] = 1.0f;
    losses[s] = dropout_train_train_step(x, zeros, (float)D / 2, b->params,
                                         b->state, b->arena);
    int kept = 0;
    for (int i = 0; i < D; ++i) {
      int is_kept = w[i] != 1.0f;
      masks[s][i] = (unsigned char)is_kept;
      kept += is_kept;
      if (is_kept) /* the kept element was scaled by 1 / (1 - p) */
        expect_near("kept element's update", w[i], 1 - s2, 1e-5, 1e-5);
    }
    expect_near("dropout loss", losses[s], kept * s2 / D, 1e-6, 1e-5);
  }
}

static void check_dropout(void) {
  static dropout_buffers b;
  static float l7[STEPS], l7again[STEPS], l8[STEPS];
  static unsigned char m7[STEPS][D], m7again[STEPS][D], m8[STEPS][D];
  expect(DROPOUT_TRAIN_NUM_PARAMS == 1, "parameters (ratio is none)",
         DROPOUT_TRAIN_NUM_PARAMS, 1);
  dropout_steps(&b, 7, l7, m7);
  dropout_steps(&b, 7, l7again, m7again);
  dropout_steps(&b, 8, l8, m8);

  /* The dropped fraction over STEPS * D draws: within 5 binomial standard
     deviations of the ratio. */
  int dropped = 0;
  for (int s = 0; s < STEPS; ++s)
    for (int i = 0; i < D; ++i)
      dropped += !m7[s][i];
  double n = STEPS * D, frac = dropped / n;
  double sigma = sqrt(kRatio * (1 - kRatio) / n);
  expect_near("dropped fraction", frac, kRatio, 5 * sigma, 0);

  /* Same seed: the same masks and losses; another seed or step: others. */
  expect(memcmp(m7, m7again, sizeof m7) == 0, "same seed, same masks", 0, 0);
  expect(memcmp(l7, l7again, sizeof l7) == 0, "same seed, same losses", 0, 0);
  int same_as_8 = 0, same_steps = 0;
  for (int s = 0; s < STEPS; ++s) {
    same_as_8 += memcmp(m7[s], m8[s], D) == 0;
    same_steps += s > 0 && memcmp(m7[s], m7[s - 1], D) == 0;
  }
  expect(same_as_8 == 0, "another seed, other masks", same_as_8, 0);
  expect(memcmp(l7, l8, sizeof l7) != 0, "another seed, other losses", 0, 1);
  expect(same_steps == 0, "each step, new masks", same_steps, 0);
  /* Independent masks agree on p^2 + (1-p)^2 of the elements. */
  int agree = 0;
  for (int i = 0; i < D; ++i)
    agree += m7[0][i] == m8[0][i];
  double p_agree = kRatio * kRatio + (1 - kRatio) * (1 - kRatio);
  expect_near("agreement of two seeds' masks", agree / (double)D, p_agree,
              5 * sqrt(p_agree * (1 - p_agree) / D), 0);

  /* Inference: the identity. */
  float x[D], y[D];
  for (int i = 0; i < D; ++i)
    x[i] = (float)(i - 100) * 0.5f;
  float *w = tensor(b.params, dropout_train_params, DROPOUT_TRAIN_NUM_PARAMS,
                    "w");
  for (int i = 0; i < D; ++i)
    w[i] = 2.0f;
  dropout_train_run(x, y, b.params, b.arena);
  for (int i = 0; i < D; ++i)
    expect(y[i] == 2.0f * x[i], "inference is the identity", y[i], 2 * x[i]);
}

int main(void) {
  check_batchnorm();
  check_dropout();
  if (failures) {
    fprintf(stderr, "%d checks failed\n", failures);
    return 1;
  }
  printf("batch norm and dropout train as specified\n");
  return 0;
}
