/*===- fashion_mnist_train.c - train the seed CNN with its dlc-compiled step -===*
 *
 * The training loop of the seed tutorial (Conv32-Pool-Conv64-Pool-Dense128-
 * Dense10, SGD with momentum 0.9, learning rate 0.01, batch 128) on the real
 * Fashion-MNIST training set, where every step is the code dlc generated:
 *
 *   dlc mnist_cnn.onnx --batch=128 --train --loss=softmax-cross-entropy \
 *       --optimizer=sgd --lr=0.01 --momentum=0.9 -o mnist_cnn_train.o
 *   cc -std=c11 fashion_mnist_train.c idx.c mnist_cnn_train.o -ldlcrt -lz -lm
 *
 * Each epoch visits the training images in a fresh seeded order (the last
 * partial batch is dropped, as PyTorch's drop_last does), then evaluates the
 * 10,000 test images with the compiled inference entry point. Pixels are
 * scaled to [0,1]. All memory is allocated before the first step.
 *
 * Built with -DDLC_MODEL_CUDA against a step compiled with --target=cuda
 * (the fashion_mnist_train_cuda target), parameters, optimizer state and
 * the arena live on the GPU for the whole run; each batch is uploaded and
 * the loss and probabilities come back (libdlcrt's dlc/dlcrt_cuda.h).
 *
 *===----------------------------------------------------------------------===*/
#define _POSIX_C_SOURCE 200809L

#include "idx.h"
/* The step's header (the GPU and MLP builds name their own; every build's
   step is compiled with --name=mnist_cnn_train, so the C names agree). */
#ifndef MODEL_HEADER
#define MODEL_HEADER "mnist_cnn_train.h"
#endif
#ifndef MODEL_NAME
#define MODEL_NAME "mnist_cnn"
#endif
#include MODEL_HEADER
#ifdef DLC_MODEL_CUDA
#include "dlc/dlcrt_cuda.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { kPixels = 28 * 28, kClasses = 10 };
enum { kBatch = MNIST_CNN_TRAIN_INPUT_0_ELEMENTS / kPixels };

_Static_assert(MNIST_CNN_TRAIN_NUM_INPUTS == 1 &&
                   MNIST_CNN_TRAIN_NUM_OUTPUTS == 1,
               "the model must have one input and one output");
_Static_assert(MNIST_CNN_TRAIN_OUTPUT_0_ELEMENTS == kBatch * kClasses,
               "the model's output must be [B,10]");
_Static_assert(MNIST_CNN_TRAIN_LABELS_ELEMENTS == kBatch,
               "softmax-cross-entropy takes one class label per image");

#define DEFAULT_DATA_DIR "/usr/share/datasets/fashion-mnist"

typedef struct {
  long epochs, train_limit;
  unsigned long long seed;
  float lr;
  const char *data_dir, *save_path, *load_path;
} options;

typedef struct {
  idx_u8 images, labels;
} dataset;

/* Buffers of the step, allocated once: host memory, and with
 * DLC_MODEL_CUDA the device copies the step reads (else the same ones). */
typedef struct {
  void *params, *state, *arena;
  float *input, *probs;
  int64_t *labels;
  void *dev_params, *dev_state, *dev_input, *dev_probs, *dev_labels;
} buffers;

static void usage(FILE *out, const char *argv0) {
  fprintf(out,
          "usage: %s [--epochs N] [--train-limit N] [--seed S] [--lr X]\n"
          "          [--save PATH] [--load PATH] [--data DIR]\n"
          "  --epochs N       passes over the training set (default 10; 0 "
          "only evaluates)\n"
          "  --train-limit N  train on the first N training images (default: "
          "all)\n"
          "  --seed S         seed of the initial weights and the shuffles "
          "(default 1)\n"
          "  --lr X           learning rate (default %g, as compiled)\n"
          "  --save PATH      write the trained model as ONNX\n"
          "  --load PATH      start from the weights in an ONNX model\n"
          "  --data DIR       Fashion-MNIST IDX files (default " DEFAULT_DATA_DIR
          ")\n"
          "The step was compiled for batches of %d images.\n",
          argv0, (double)MNIST_CNN_TRAIN_DEFAULT_LR, (int)kBatch);
}

/* Parses a non-negative decimal integer; returns -1 when it is not one. */
static long long parse_count(const char *s) {
  char *end = NULL;
  if (!s || !*s || *s == '-')
    return -1;
  long long v = strtoll(s, &end, 10);
  return *end == '\0' ? v : -1;
}

static int parse_options(int argc, char **argv, options *o) {
  *o = (options){10, 0, 1, MNIST_CNN_TRAIN_DEFAULT_LR, DEFAULT_DATA_DIR,
                 NULL, NULL};
  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    long long n = parse_count(v);
    char *end = NULL;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      usage(stdout, argv[0]);
      exit(0);
    } else if (!strcmp(a, "--epochs") && n >= 0) {
      o->epochs = (long)n;
    } else if (!strcmp(a, "--train-limit") && n >= 0) {
      o->train_limit = (long)n;
    } else if (!strcmp(a, "--seed") && n >= 0) {
      o->seed = (unsigned long long)n;
    } else if (!strcmp(a, "--lr") && v && (o->lr = strtof(v, &end)) > 0 &&
               *end == '\0') {
    } else if (!strcmp(a, "--save") && v) {
      o->save_path = v;
    } else if (!strcmp(a, "--load") && v) {
      o->load_path = v;
    } else if (!strcmp(a, "--data") && v) {
      o->data_dir = v;
    } else {
      fprintf(stderr, "%s: bad argument '%s'%s\n", argv[0], a,
              v && a[0] == '-' ? " (or its value)" : "");
      usage(stderr, argv[0]);
      return -1;
    }
    ++i;
  }
  return 0;
}

/* Reads <dir>/<prefix>-{images-idx3,labels-idx1}-ubyte.gz. */
static int load_split(const char *dir, const char *prefix, size_t limit,
                      dataset *d) {
  char images[4096], labels[4096], err[4352];
  snprintf(images, sizeof images, "%s/%s-images-idx3-ubyte.gz", dir, prefix);
  snprintf(labels, sizeof labels, "%s/%s-labels-idx1-ubyte.gz", dir, prefix);
  memset(d, 0, sizeof *d);
  if (idx_read_u8(images, IDX_MAGIC_U8_IMAGES, limit, &d->images, err,
                  sizeof err) != 0 ||
      idx_read_u8(labels, IDX_MAGIC_U8_LABELS, limit, &d->labels, err,
                  sizeof err) != 0) {
    fprintf(stderr, "error: %s\n", err);
    return -1;
  }
  if (d->images.item_size != kPixels || d->images.count != d->labels.count) {
    fprintf(stderr, "error: %s: expected 28x28 images, one label each\n",
            images);
    return -1;
  }
  for (size_t i = 0; i < d->labels.count; ++i)
    if (d->labels.data[i] >= kClasses) {
      fprintf(stderr, "error: %s: label %zu is not a class in 0..9\n", labels,
              i);
      return -1;
    }
  return 0;
}

static void *alloc_buffer(size_t bytes) {
  size_t rounded = (bytes + 63) / 64 * 64;
  return aligned_alloc(64, rounded ? rounded : 64);
}

#define INPUT_BYTES (sizeof(float) * MNIST_CNN_TRAIN_INPUT_0_ELEMENTS)
#define PROBS_BYTES (sizeof(float) * MNIST_CNN_TRAIN_OUTPUT_0_ELEMENTS)
#define LABELS_BYTES (sizeof(int64_t) * kBatch)

#ifdef DLC_MODEL_CUDA
/* Exits with libdlcrt's reason when a GPU call failed. */
static void check_gpu(int rc) {
  if (rc != 0) {
    fprintf(stderr, "error: %s\n", dlc_last_error());
    exit(1);
  }
}
#define TO_DEVICE(dev, host, bytes) check_gpu(dlc_cuda_upload(dev, host, bytes))
#define FROM_DEVICE(host, dev, bytes)                                          \
  check_gpu(dlc_cuda_download(host, dev, bytes))
#else
#define TO_DEVICE(dev, host, bytes) ((void)0)
#define FROM_DEVICE(host, dev, bytes) ((void)0)
#endif

static int alloc_buffers(buffers *b) {
  b->params = alloc_buffer(MNIST_CNN_TRAIN_PARAMS_BYTES);
  b->state = alloc_buffer(MNIST_CNN_TRAIN_STATE_BYTES);
  b->input = alloc_buffer(INPUT_BYTES);
  b->probs = alloc_buffer(PROBS_BYTES);
  b->labels = alloc_buffer(LABELS_BYTES);
  if (!b->params || !b->state || !b->input || !b->probs || !b->labels)
    return -1;
#ifdef DLC_MODEL_CUDA
  b->dev_params = dlc_cuda_malloc(MNIST_CNN_TRAIN_PARAMS_BYTES);
  b->dev_state = dlc_cuda_malloc(MNIST_CNN_TRAIN_STATE_BYTES);
  b->dev_input = dlc_cuda_malloc(INPUT_BYTES);
  b->dev_probs = dlc_cuda_malloc(PROBS_BYTES);
  b->dev_labels = dlc_cuda_malloc(LABELS_BYTES);
  b->arena = dlc_cuda_malloc(MNIST_CNN_TRAIN_ARENA_BYTES);
  if (!b->dev_params || !b->dev_state || !b->dev_input || !b->dev_probs ||
      !b->dev_labels || !b->arena) {
    fprintf(stderr, "error: %s\n", dlc_last_error());
    exit(1);
  }
#else
  b->arena = alloc_buffer(MNIST_CNN_TRAIN_ARENA_BYTES);
  b->dev_params = b->params, b->dev_state = b->state;
  b->dev_input = b->input, b->dev_probs = b->probs, b->dev_labels = b->labels;
#endif
  return b->arena ? 0 : -1;
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* splitmix64: the shuffles' random stream. */
static uint64_t next_random(uint64_t *s) {
  uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

static void shuffle(size_t *order, size_t n, uint64_t *rng) {
  for (size_t i = n; i > 1; --i) {
    size_t j = (size_t)(next_random(rng) % i);
    size_t t = order[i - 1];
    order[i - 1] = order[j];
    order[j] = t;
  }
}

/* Copies images order[first..first+count) (count <= kBatch) into the batch;
 * the rest of the batch is blank. */
static void fill_batch(const dataset *d, const size_t *order, size_t first,
                       size_t count, buffers *b) {
  for (size_t k = 0; k < (size_t)kBatch; ++k) {
    float *dst = b->input + k * kPixels;
    if (k >= count) {
      memset(dst, 0, sizeof(float) * kPixels);
      b->labels[k] = 0;
      continue;
    }
    size_t i = order ? order[first + k] : first + k;
    const uint8_t *src = d->images.data + i * kPixels;
    for (int p = 0; p < kPixels; ++p)
      dst[p] = (float)src[p] * (1.0f / 255.0f);
    b->labels[k] = d->labels.data[i];
  }
}

static void show_progress(size_t done, size_t total, double loss) {
  int width = 30, filled = (int)(width * done / (total ? total : 1));
  printf("\r  [%.*s%*s] %zu/%zu  loss %.4f", filled,
         "##############################", width - filled, "", done, total,
         loss);
  fflush(stdout);
}

/* One pass over the shuffled training set; returns the mean loss. */
static double train_epoch(const dataset *d, size_t *order, uint64_t *rng,
                          float lr, buffers *b, int progress) {
  size_t n = d->images.count, steps = n / kBatch;
  double sum = 0.0;
  shuffle(order, n, rng);
  for (size_t s = 0; s < steps; ++s) {
    fill_batch(d, order, s * kBatch, kBatch, b);
    TO_DEVICE(b->dev_input, b->input, INPUT_BYTES);
    TO_DEVICE(b->dev_labels, b->labels, LABELS_BYTES);
    sum += mnist_cnn_train_train_step(b->dev_input, b->dev_labels, lr,
                                      b->dev_params, b->dev_state, b->arena);
    if (progress && (s % 8 == 7 || s + 1 == steps))
      show_progress((s + 1) * kBatch, steps * kBatch, sum / (double)(s + 1));
  }
  if (progress)
    printf("\r%*s\r", 70, "");
  return steps ? sum / (double)steps : 0.0;
}

/* Accuracy of the compiled inference entry point on the whole split. */
static double evaluate(const dataset *d, buffers *b) {
  size_t n = d->images.count, correct = 0;
  for (size_t first = 0; first < n; first += kBatch) {
    size_t count = n - first < (size_t)kBatch ? n - first : (size_t)kBatch;
    fill_batch(d, NULL, first, count, b);
    TO_DEVICE(b->dev_input, b->input, INPUT_BYTES);
    mnist_cnn_train_run(b->dev_input, b->dev_probs, b->dev_params, b->arena);
    FROM_DEVICE(b->probs, b->dev_probs, PROBS_BYTES);
    for (size_t k = 0; k < count; ++k) {
      const float *p = b->probs + k * kClasses;
      int best = 0;
      for (int c = 1; c < kClasses; ++c)
        if (p[c] > p[best])
          best = c;
      correct += best == b->labels[k];
    }
  }
  return n ? (double)correct / (double)n : 0.0;
}

static int init_weights(const options *o, buffers *b) {
  int rc = o->load_path ? mnist_cnn_train_load(o->load_path, b->params)
                        : mnist_cnn_train_init_params(b->params, o->seed);
  if (rc != 0)
    fprintf(stderr, "error: %s\n", dlc_last_error());
  mnist_cnn_train_init_state(b->state);
  TO_DEVICE(b->dev_params, b->params, MNIST_CNN_TRAIN_PARAMS_BYTES);
  TO_DEVICE(b->dev_state, b->state, MNIST_CNN_TRAIN_STATE_BYTES);
  return rc;
}

int main(int argc, char **argv) {
  options o;
  dataset train, test;
  buffers b;
  if (parse_options(argc, argv, &o) != 0)
    return 1;
  if (load_split(o.data_dir, "train", (size_t)o.train_limit, &train) != 0 ||
      load_split(o.data_dir, "t10k", 0, &test) != 0)
    return 1;
  size_t n = train.images.count;
  size_t *order = malloc(sizeof(size_t) * (n ? n : 1));
  if (!order || alloc_buffers(&b) != 0) {
    fprintf(stderr, "error: out of memory\n");
    return 1;
  }
  for (size_t i = 0; i < n; ++i)
    order[i] = i;
  if (init_weights(&o, &b) != 0)
    return 1;
  printf(MODEL_NAME ": %zu training images, batch %d, lr %g, arena %zu bytes, "
         "params %zu bytes, state %zu bytes\n",
         n, (int)kBatch, (double)o.lr, (size_t)MNIST_CNN_TRAIN_ARENA_BYTES,
         (size_t)MNIST_CNN_TRAIN_PARAMS_BYTES,
         (size_t)MNIST_CNN_TRAIN_STATE_BYTES);
  fflush(stdout);
  uint64_t rng = o.seed ^ 0x5eed5eed5eed5eedull;
  int progress = isatty(STDOUT_FILENO);
  double acc = o.epochs == 0 ? evaluate(&test, &b) : 0.0;
  for (long e = 1; e <= o.epochs; ++e) {
    double t0 = now_seconds();
    double loss = train_epoch(&train, order, &rng, o.lr, &b, progress);
    double seconds = now_seconds() - t0;
    acc = evaluate(&test, &b);
    printf("epoch %ld/%ld: loss %.4f, test accuracy %.4f, %.0f images/s "
           "(%.1f s)\n",
           e, o.epochs, loss, acc,
           seconds > 0 ? (double)(n / kBatch * kBatch) / seconds : 0.0,
           seconds);
    fflush(stdout);
  }
  FROM_DEVICE(b.params, b.dev_params, MNIST_CNN_TRAIN_PARAMS_BYTES);
  if (o.save_path && mnist_cnn_train_save(o.save_path, b.params) != 0) {
    fprintf(stderr, "error: %s\n", dlc_last_error());
    return 1;
  }
  printf("test accuracy: %.4f\n", acc);
  return 0;
}
