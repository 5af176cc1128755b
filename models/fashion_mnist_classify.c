/*===- fashion_mnist_classify.c - run the dlc-compiled CNN on Fashion-MNIST
 *-===*
 *
 * An example of linking a model compiled ahead of time by dlc into a plain C
 * program:
 *
 *   dlc mnist_cnn.onnx --batch=64 -o mnist_cnn.o   # also writes mnist_cnn.h
 *   cc -std=c11 fashion_mnist_classify.c idx.c mnist_cnn.o -ldlcrt -lz -lm
 *
 * It reads the Fashion-MNIST test set (IDX files, gzipped), scales the pixels
 * to [0,1], classifies the first --count images in batches of the size the
 * model was compiled for, prints the first few predictions and the accuracy.
 * All memory (the model's arena included) is allocated once, before the first
 * batch. With the untrained seed weights the accuracy is about 10%.
 *
 *===----------------------------------------------------------------------===*/
#define _POSIX_C_SOURCE 200809L

#include "idx.h"
#include "mnist_cnn.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { kRows = 28, kCols = 28, kPixels = kRows * kCols, kClasses = 10 };
enum { kBatch = MNIST_CNN_INPUT_0_ELEMENTS / kPixels };

_Static_assert(MNIST_CNN_NUM_INPUTS == 1 && MNIST_CNN_NUM_OUTPUTS == 1,
               "mnist_cnn must have one input and one output");
_Static_assert(kBatch > 0 && MNIST_CNN_INPUT_0_ELEMENTS % kPixels == 0,
               "mnist_cnn input must be [B,1,28,28]");
_Static_assert(MNIST_CNN_OUTPUT_0_ELEMENTS == kBatch * kClasses,
               "mnist_cnn output must be [B,10]");

static const char *const kClassNames[kClasses] = {
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};

#define DEFAULT_DATA_DIR "/usr/share/datasets/fashion-mnist"

static void usage(FILE *out, const char *argv0) {
  fprintf(out,
          "usage: %s [--count N] [--data DIR] [--show K]\n"
          "  --count N   classify the first N test images (default 1000, 0 = "
          "all)\n"
          "  --data DIR  folder with t10k-images-idx3-ubyte.gz and\n"
          "              t10k-labels-idx1-ubyte.gz (default " DEFAULT_DATA_DIR
          ")\n"
          "  --show K    print the predictions for the first K images "
          "(default 10)\n"
          "The model was compiled for batches of %d images.\n",
          argv0, (int)kBatch);
}

/* Parses a non-negative decimal count; returns -1 when it is not one. */
static long parse_count(const char *s) {
  char *end = NULL;
  if (!s || !*s || *s == '-')
    return -1;
  long v = strtol(s, &end, 10);
  return (*end == '\0' && v >= 0) ? v : -1;
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static size_t round_up(size_t n, size_t align) {
  return (n + align - 1) / align * align;
}

int main(int argc, char **argv) {
  long count = 1000, show = 10;
  const char *data_dir = DEFAULT_DATA_DIR;
  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      usage(stdout, argv[0]);
      return 0;
    } else if (!strcmp(a, "--count") && (count = parse_count(v)) >= 0) {
      ++i;
    } else if (!strcmp(a, "--show") && (show = parse_count(v)) >= 0) {
      ++i;
    } else if (!strcmp(a, "--data") && v) {
      data_dir = v;
      ++i;
    } else {
      fprintf(stderr, "%s: bad argument '%s'%s\n", argv[0], a,
              v && a[0] == '-' ? " (or its value)" : "");
      usage(stderr, argv[0]);
      return 1;
    }
  }

  /* Load the test set. */
  char images_path[4096], labels_path[4096], err[4352];
  snprintf(images_path, sizeof images_path, "%s/t10k-images-idx3-ubyte.gz",
           data_dir);
  snprintf(labels_path, sizeof labels_path, "%s/t10k-labels-idx1-ubyte.gz",
           data_dir);
  idx_u8 images, labels;
  if (idx_read_u8(images_path, IDX_MAGIC_U8_IMAGES, (size_t)count, &images, err,
                  sizeof err) != 0) {
    fprintf(stderr, "error: %s\n", err);
    return 1;
  }
  if (idx_read_u8(labels_path, IDX_MAGIC_U8_LABELS, (size_t)count, &labels, err,
                  sizeof err) != 0) {
    fprintf(stderr, "error: %s\n", err);
    idx_free(&images);
    return 1;
  }
  if (images.dims[1] != kRows || images.dims[2] != kCols) {
    fprintf(stderr, "error: %s: images are %ux%u, the model needs %dx%d\n",
            images_path, (unsigned)images.dims[1], (unsigned)images.dims[2],
            kRows, kCols);
    return 1;
  }
  if (images.dims[0] != labels.dims[0]) {
    fprintf(stderr, "error: %s has %u images but %s has %u labels\n",
            images_path, (unsigned)images.dims[0], labels_path,
            (unsigned)labels.dims[0]);
    return 1;
  }
  for (size_t i = 0; i < labels.count; ++i) {
    if (labels.data[i] >= kClasses) {
      fprintf(stderr, "error: %s: label %zu is %u, not a class in 0..9\n",
              labels_path, i, (unsigned)labels.data[i]);
      return 1;
    }
  }
  size_t n = images.count;
  if (count > 0 && (size_t)count > n)
    fprintf(stderr, "note: only %zu test images in %s; using all of them\n", n,
            images_path);
  if (n == 0) {
    fprintf(stderr, "error: %s: no images\n", images_path);
    return 1;
  }

  /* All buffers, allocated once. */
  size_t arena_bytes =
      round_up(MNIST_CNN_ARENA_BYTES > 0 ? MNIST_CNN_ARENA_BYTES : 1,
               MNIST_CNN_ARENA_ALIGN);
  void *arena = aligned_alloc(MNIST_CNN_ARENA_ALIGN, arena_bytes);
  float *input = aligned_alloc(
      64, round_up(sizeof(float) * MNIST_CNN_INPUT_0_ELEMENTS, 64));
  float *probs = aligned_alloc(
      64, round_up(sizeof(float) * MNIST_CNN_OUTPUT_0_ELEMENTS, 64));
  if (!arena || !input || !probs) {
    fprintf(stderr, "error: out of memory (arena %zu bytes)\n", arena_bytes);
    return 1;
  }

  printf("mnist_cnn: batch %d, arena %zu bytes; classifying %zu images "
         "from %s\n",
         (int)kBatch, (size_t)MNIST_CNN_ARENA_BYTES, n, data_dir);

  size_t correct = 0, bad_rows = 0, shown = 0;
  size_t per_class_hits[kClasses] = {0}, per_class_total[kClasses] = {0};
  double run_seconds = 0.0;
  for (size_t start = 0; start < n; start += kBatch) {
    size_t valid = n - start < (size_t)kBatch ? n - start : (size_t)kBatch;
    const uint8_t *src = images.data + start * kPixels;
    for (size_t i = 0; i < valid * kPixels; ++i)
      input[i] = (float)src[i] * (1.0f / 255.0f);
    /* The last batch may be partial: pad it with blank images. */
    memset(input + valid * kPixels, 0,
           sizeof(float) * ((size_t)kBatch - valid) * kPixels);

    double t0 = now_seconds();
    mnist_cnn_run(input, probs, arena);
    run_seconds += now_seconds() - t0;

    for (size_t b = 0; b < valid; ++b) {
      const float *p = probs + b * kClasses;
      int best = 0;
      float sum = 0.0f;
      for (int c = 0; c < kClasses; ++c) {
        sum += p[c];
        if (!isfinite(p[c]) || p[c] < 0.0f)
          sum = NAN;
        if (p[c] > p[best])
          best = c;
      }
      if (!(fabsf(sum - 1.0f) <= 1e-3f))
        ++bad_rows;
      int label = labels.data[start + b];
      correct += best == label;
      per_class_total[label]++;
      per_class_hits[label] += best == label;
      if (shown < (size_t)show) {
        printf("  image %5zu: predicted %-11s (p=%.3f)  actual %-11s %s\n",
               start + b, kClassNames[best], (double)p[best],
               kClassNames[label], best == label ? "ok" : "");
        ++shown;
      }
    }
  }

  printf("accuracy: %zu / %zu = %.2f%%\n", correct, n,
         100.0 * (double)correct / (double)n);
  printf("per class:");
  const char *sep = " ";
  for (int c = 0; c < kClasses; ++c) {
    if (!per_class_total[c])
      continue;
    printf("%s%s %.0f%%", sep, kClassNames[c],
           100.0 * (double)per_class_hits[c] / (double)per_class_total[c]);
    sep = ", ";
  }
  printf("\n");
  size_t batches = (n + kBatch - 1) / kBatch;
  printf("time in mnist_cnn_run: %.3f ms for %zu batches (%.1f images/s)\n",
         1e3 * run_seconds, batches,
         run_seconds > 0 ? (double)(batches * kBatch) / run_seconds : 0.0);

  free(probs);
  free(input);
  free(arena);
  idx_free(&labels);
  idx_free(&images);

  if (bad_rows) {
    fprintf(stderr,
            "error: %zu output rows are not probability distributions "
            "(non-finite, negative, or not summing to 1)\n",
            bad_rows);
    return 2;
  }
  return 0;
}
