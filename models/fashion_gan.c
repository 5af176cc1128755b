/*===- fashion_gan.c - a small GAN trained on Fashion-MNIST ---------------===*
 *
 * Links two training steps that dlc compiles (models/CMakeLists.txt):
 *
 *   dlc gan_discriminator.onnx --batch=128 --train --name=gan_d \
 *       --loss=binary-cross-entropy --optimizer=adam --lr=0.0002 --beta1=0.5
 *   dlc gan_generator.onnx --batch=64 --train --name=gan_g \
 *       --loss=binary-cross-entropy --loss-output=real_prob \
 *       --optimizer=adam --lr=0.0002 --beta1=0.5
 *
 * gan_generator.onnx is the generator G followed by the discriminator D
 * with D's weights as graph inputs, not initializers: its step updates G
 * only, reading D's current weights straight from D's parameter buffer,
 * and its run entry point also returns G's images.
 *
 * Per batch of 64 real training images: 64 fakes from fresh noise, one D
 * step on the 128 images (label 1 real, 0 fake), then one G step on fresh
 * noise with label 1 (the non-saturating generator loss). Each epoch prints
 * the mean losses and D's mean output on real and fake images. Before and
 * after training it compares 1,000 fakes with the 10,000 test images:
 * the RMS distance between their mean images, and the fraction of
 * near-black pixels (< 0.1), which is 0.5 in the test set.
 *
 *   fashion_gan [--epochs N] [--seed S] [--samples FILE.pgm] [--data DIR]
 *
 *===----------------------------------------------------------------------===*/
#define _POSIX_C_SOURCE 200809L

#include "gan_d.h"
#include "gan_g.h"
#include "idx.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kPixels = 784, kNoise = 16, kBatch = 64, kEval = 1000 };

_Static_assert(GAN_G_INPUT_0_ELEMENTS == kBatch * kNoise, "G: z [64,16]");
_Static_assert(GAN_G_OUTPUT_1_ELEMENTS == kBatch * kPixels, "G: fake [64,784]");
_Static_assert(GAN_D_INPUT_0_ELEMENTS == 2 * kBatch * kPixels,
               "D: image [128,784]");

typedef struct {
  int epochs;
  unsigned long long seed;
  const char *samples, *data;
} options;

typedef struct {
  void *params, *state, *arena;
} step_buffers;

typedef struct {
  step_buffers g, d;
  float *z, *fake, *prob, *batch, *labels_d, *ones;
} gan;

static unsigned long long rng_state;

/* splitmix64 (Steele, Lea, Flood 2014), then a uniform in (0, 1). */
static double uniform01(void) {
  unsigned long long z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return ((double)(z >> 11) + 0.5) / 9007199254740992.0;
}

/* Box-Muller: standard normal noise. */
static void fill_noise(float *z, size_t n) {
  for (size_t i = 0; i < n; ++i)
    z[i] = (float)(sqrt(-2.0 * log(uniform01())) *
                   cos(6.283185307179586 * uniform01()));
}

static void *alloc_zeroed(size_t bytes) {
  size_t rounded = (bytes + 63) / 64 * 64;
  void *p = aligned_alloc(64, rounded ? rounded : 64);
  if (!p) {
    fprintf(stderr, "fashion_gan: out of memory\n");
    exit(1);
  }
  memset(p, 0, rounded ? rounded : 64);
  return p;
}

/* D's parameter `i` (in its header's order), as G's step reads it. */
static const float *d_param(const gan *m, int i) {
  return (const float *)((const char *)m->d.params + gan_d_params[i].offset);
}

static void generate(gan *m) {
  fill_noise(m->z, kBatch * kNoise);
  gan_g_run(m->z, d_param(m, 0), d_param(m, 1), d_param(m, 2), d_param(m, 3),
            m->prob, m->fake, m->g.params, m->g.arena);
}

/* Reads `which` ("train" or "t10k") images, scaled to [0, 1]. */
static float *load_images(const char *dir, const char *which, size_t *count) {
  char path[1024], err[256];
  snprintf(path, sizeof path, "%s/%s-images-idx3-ubyte.gz", dir, which);
  idx_u8 idx;
  if (idx_read_u8(path, IDX_MAGIC_U8_IMAGES, 0, &idx, err, sizeof err) != 0) {
    fprintf(stderr, "fashion_gan: %s\n", err);
    exit(1);
  }
  float *images = alloc_zeroed(sizeof(float) * idx.count * kPixels);
  for (size_t i = 0; i < idx.count * kPixels; ++i)
    images[i] = idx.data[i] / 255.0f;
  *count = idx.count;
  idx_free(&idx);
  return images;
}

typedef struct {
  double mean_rms, dark;
} image_stats;

/* The mean image of `n` images, and their fraction of pixels below 0.1. */
static void mean_image(const float *images, size_t n, double *mean,
                       double *dark) {
  size_t below = 0;
  memset(mean, 0, sizeof(double) * kPixels);
  for (size_t i = 0; i < n; ++i)
    for (int p = 0; p < kPixels; ++p) {
      float v = images[i * kPixels + p];
      mean[p] += v / (double)n;
      below += v < 0.1f;
    }
  *dark = (double)below / ((double)n * kPixels);
}

/* kEval fakes against the test set's mean image. */
static image_stats compare_fakes(gan *m, const double *test_mean) {
  static float fakes[kEval / kBatch * kBatch * kPixels];
  int batches = kEval / kBatch;
  for (int b = 0; b < batches; ++b) {
    generate(m);
    memcpy(fakes + (size_t)b * kBatch * kPixels, m->fake,
           sizeof(float) * kBatch * kPixels);
  }
  double mean[kPixels], sq = 0;
  image_stats s;
  mean_image(fakes, (size_t)batches * kBatch, mean, &s.dark);
  for (int p = 0; p < kPixels; ++p)
    sq += (mean[p] - test_mean[p]) * (mean[p] - test_mean[p]);
  s.mean_rms = sqrt(sq / kPixels);
  return s;
}

/* One D step on `real` and fresh fakes, then one G step. */
static void train_batch(gan *m, const float *real, double sums[4]) {
  generate(m);
  memcpy(m->batch, real, sizeof(float) * kBatch * kPixels);
  memcpy(m->batch + kBatch * kPixels, m->fake,
         sizeof(float) * kBatch * kPixels);
  sums[0] += gan_d_train_step(m->batch, m->labels_d, GAN_D_DEFAULT_LR,
                              m->d.params, m->d.state, m->d.arena);
  for (int i = 0; i < kBatch; ++i)
    sums[3] += m->prob[i] / kBatch; /* D(fake), before the D step */
  fill_noise(m->z, kBatch * kNoise);
  sums[1] += gan_g_train_step(m->z, d_param(m, 0), d_param(m, 1),
                              d_param(m, 2), d_param(m, 3), m->ones,
                              GAN_G_DEFAULT_LR, m->g.params, m->g.state,
                              m->g.arena);
  float prob[2 * kBatch];
  gan_d_run(m->batch, prob, m->d.params, m->d.arena);
  for (int i = 0; i < kBatch; ++i)
    sums[2] += prob[i] / kBatch; /* D(real), after the D step */
}

static void setup(gan *m, unsigned long long seed) {
  m->g = (step_buffers){alloc_zeroed(GAN_G_PARAMS_BYTES),
                        alloc_zeroed(GAN_G_STATE_BYTES),
                        alloc_zeroed(GAN_G_ARENA_BYTES)};
  m->d = (step_buffers){alloc_zeroed(GAN_D_PARAMS_BYTES),
                        alloc_zeroed(GAN_D_STATE_BYTES),
                        alloc_zeroed(GAN_D_ARENA_BYTES)};
  if (gan_g_init_params(m->g.params, seed) != 0 ||
      gan_d_init_params(m->d.params, seed + 1) != 0) {
    fprintf(stderr, "fashion_gan: %s\n", dlc_last_error());
    exit(1);
  }
  gan_g_init_state(m->g.state);
  gan_d_init_state(m->d.state);
  m->z = alloc_zeroed(sizeof(float) * kBatch * kNoise);
  m->fake = alloc_zeroed(sizeof(float) * kBatch * kPixels);
  m->prob = alloc_zeroed(sizeof(float) * kBatch);
  m->batch = alloc_zeroed(sizeof(float) * 2 * kBatch * kPixels);
  m->labels_d = alloc_zeroed(sizeof(float) * 2 * kBatch);
  m->ones = alloc_zeroed(sizeof(float) * kBatch);
  for (int i = 0; i < kBatch; ++i)
    m->labels_d[i] = m->ones[i] = 1.0f;
}

/* 64 fakes as an 8 x 8 grid, binary PGM. */
static void write_samples(gan *m, const char *path) {
  generate(m);
  FILE *f = fopen(path, "wb");
  if (!f) {
    fprintf(stderr, "fashion_gan: cannot write %s\n", path);
    exit(1);
  }
  fprintf(f, "P5\n%d %d\n255\n", 8 * 28, 8 * 28);
  for (int y = 0; y < 8 * 28; ++y)
    for (int x = 0; x < 8 * 28; ++x) {
      int img = (y / 28) * 8 + x / 28;
      float v = m->fake[img * kPixels + (y % 28) * 28 + x % 28];
      fputc((int)(v * 255.0f + 0.5f), f);
    }
  fclose(f);
}

static options parse(int argc, char **argv) {
  options o = {5, 1, NULL, "/usr/share/datasets/fashion-mnist"};
  for (int i = 1; i < argc; ++i) {
    const char *next = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(argv[i], "--epochs") && next)
      o.epochs = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--seed") && next)
      o.seed = strtoull(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--samples") && next)
      o.samples = argv[++i];
    else if (!strcmp(argv[i], "--data") && next)
      o.data = argv[++i];
    else {
      fprintf(stderr, "usage: %s [--epochs N] [--seed S] [--samples FILE.pgm]"
                      " [--data DIR]\n", argv[0]);
      exit(2);
    }
  }
  return o;
}

int main(int argc, char **argv) {
  options o = parse(argc, argv);
  rng_state = o.seed * 0x2545F4914F6CDD1Dull;
  size_t n_train, n_test;
  float *train = load_images(o.data, "train", &n_train);
  float *test = load_images(o.data, "t10k", &n_test);
  double test_mean[kPixels], test_dark;
  mean_image(test, n_test, test_mean, &test_dark);
  gan m;
  setup(&m, o.seed);
  image_stats start = compare_fakes(&m, test_mean);
  printf("fashion_gan: %zu training images, batch %d + %d fakes, noise %d\n",
         n_train, kBatch, kBatch, kNoise);
  for (int e = 1; e <= o.epochs; ++e) {
    double sums[4] = {0};
    size_t steps = n_train / kBatch;
    for (size_t s = 0; s < steps; ++s)
      train_batch(&m, train + s * kBatch * kPixels, sums);
    printf("epoch %d/%d: D loss %.4f, G loss %.4f, D(real) %.3f, "
           "D(fake) %.3f\n", e, o.epochs, sums[0] / steps, sums[1] / steps,
           sums[2] / steps, sums[3] / steps);
  }
  image_stats end = compare_fakes(&m, test_mean);
  printf("mean-image rms to the test set: start %.4f, end %.4f\n",
         start.mean_rms, end.mean_rms);
  printf("near-black pixels: test set %.3f, fakes at start %.3f, end %.3f\n",
         test_dark, start.dark, end.dark);
  if (o.samples)
    write_samples(&m, o.samples);
  return 0;
}
