/*===- no_heap_steps.c - compiled steps allocate no memory ----------------===*
 *
 * models/mnist_cnn.onnx compiled twice at batch 8, for inference
 * (no_heap_infer) and as an SGD-momentum training step (no_heap_train),
 * with every buffer the caller's. This program defines the C allocation
 * entry points (malloc, calloc, realloc, free, aligned_alloc, posix_memalign,
 * memalign, valloc, mmap, mmap64) itself, so that every call in the process,
 * from any library, reaches them first; they count the calls made while a
 * window is open and forward to glibc (__libc_*, or the mmap system call).
 * C++'s operator new allocates through malloc, so it is counted there.
 *
 * The window is first opened around one call of each entry point, which must
 * be counted exactly once each (the counters work), then, after one
 * uncounted call that starts the OpenMP runtime's threads, around every call
 * of no_heap_infer_run, no_heap_train_run and no_heap_train_train_step, which
 * must count nothing. The steps must also have done their work: finite
 * outputs and loss, and parameters changed by the training step.
 *
 *===----------------------------------------------------------------------===*/
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "no_heap_infer.h"
#include "no_heap_train.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

/*--- Counting allocation entry points --------------------------------------*/

enum Entry { MALLOC, CALLOC, REALLOC, FREE, ALIGNED, MMAP, NUM_ENTRIES };
/* Self-check cases beyond the entry points themselves. */
enum { LIBRARY_MALLOC = NUM_ENTRIES };
static const char *const kEntryNames[NUM_ENTRIES] = {
    "malloc", "calloc", "realloc", "free", "aligned allocation", "mmap"};
static volatile int counting;
static volatile long counts[NUM_ENTRIES];

static void count(enum Entry e) {
  if (counting)
    ++counts[e];
}

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void __libc_free(void *p);
extern void *__libc_memalign(size_t alignment, size_t size);

void *malloc(size_t size) {
  count(MALLOC);
  return __libc_malloc(size);
}
void *calloc(size_t n, size_t size) {
  count(CALLOC);
  return __libc_calloc(n, size);
}
void *realloc(void *p, size_t size) {
  count(REALLOC);
  return __libc_realloc(p, size);
}
void free(void *p) {
  count(FREE);
  __libc_free(p);
}
void *aligned_alloc(size_t alignment, size_t size) {
  count(ALIGNED);
  return __libc_memalign(alignment, size);
}
void *memalign(size_t alignment, size_t size) {
  count(ALIGNED);
  return __libc_memalign(alignment, size);
}
void *valloc(size_t size) {
  count(ALIGNED);
  return __libc_memalign((size_t)sysconf(_SC_PAGESIZE), size);
}
int posix_memalign(void **out, size_t alignment, size_t size) {
  count(ALIGNED);
  void *p = __libc_memalign(alignment, size);
  if (!p)
    return 12; /* ENOMEM */
  *out = p;
  return 0;
}
static void *mmapSyscall(void *addr, size_t len, int prot, int flags, int fd,
                         off_t offset) {
  count(MMAP);
  return (void *)syscall(SYS_mmap, addr, len, prot, flags, fd, offset);
}
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset) {
  return mmapSyscall(addr, len, prot, flags, fd, offset);
}
void *mmap64(void *addr, size_t len, int prot, int flags, int fd,
             off64_t offset) {
  return mmapSyscall(addr, len, prot, flags, fd, offset);
}

static void openWindow(void) {
  for (int e = 0; e < NUM_ENTRIES; ++e)
    counts[e] = 0;
  counting = 1;
}

/* Closes the window; 0 when every entry point was called `expected[e]`
 * times in it, else 1 after saying which were not. */
static int closeWindow(const char *what, const long expected[NUM_ENTRIES]) {
  counting = 0;
  int bad = 0;
  for (int e = 0; e < NUM_ENTRIES; ++e)
    if (counts[e] != expected[e]) {
      printf("FAIL %s: %ld calls of %s (expected %ld)\n", what, counts[e],
             kEntryNames[e], expected[e]);
      bad = 1;
    }
  return bad;
}

/*--- The checks ------------------------------------------------------------*/

/* Each entry point called once in a window is counted once: the counters
 * see calls (through volatile pointers, so the compiler keeps them), also
 * where a shared library makes them (strdup in libc calls malloc). */
static int selfCheck(void) {
  void *(*volatile mallocFn)(size_t) = malloc;
  void *(*volatile callocFn)(size_t, size_t) = calloc;
  void *(*volatile reallocFn)(void *, size_t) = realloc;
  void (*volatile freeFn)(void *) = free;
  int (*volatile memalignFn)(void **, size_t, size_t) = posix_memalign;
  void *(*volatile mmapFn)(void *, size_t, int, int, int, off_t) = mmap;
  int bad = 0;
  char *(*volatile strdupFn)(const char *) = strdup;
  struct {
    int entry;
    const char *what;
  } cases[] = {{MALLOC, "self-check malloc"},   {CALLOC, "self-check calloc"},
               {REALLOC, "self-check realloc"}, {FREE, "self-check free"},
               {ALIGNED, "self-check posix_memalign"},
               {MMAP, "self-check mmap"},
               {LIBRARY_MALLOC, "self-check strdup"}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
    long expected[NUM_ENTRIES] = {0};
    expected[cases[i].entry == LIBRARY_MALLOC ? MALLOC : cases[i].entry] = 1;
    void *p = NULL, *q = __libc_malloc(16);
    openWindow();
    switch (cases[i].entry) {
    case MALLOC: p = mallocFn(100); break;
    case CALLOC: p = callocFn(10, 10); break;
    case REALLOC: q = reallocFn(q, 1000); break;
    case FREE: freeFn(q); q = NULL; break;
    case ALIGNED: if (memalignFn(&p, 64, 100) != 0) p = NULL; break;
    case MMAP:
      p = mmapFn(NULL, 4096, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      break;
    case LIBRARY_MALLOC: p = strdupFn("dlc"); break;
    default: break;
    }
    bad |= closeWindow(cases[i].what, expected);
    if (cases[i].entry == MMAP)
      munmap(p, 4096);
    else
      __libc_free(p);
    __libc_free(q);
  }
  return bad;
}

static _Alignas(64) float images[8 * 28 * 28];
static int64_t labels[8];
static float probs[8 * 10];
static _Alignas(64) unsigned char inferArena[NO_HEAP_INFER_ARENA_BYTES + 1];
static _Alignas(64) unsigned char params[NO_HEAP_TRAIN_PARAMS_BYTES];
static _Alignas(64) unsigned char paramsBefore[NO_HEAP_TRAIN_PARAMS_BYTES];
static _Alignas(64) unsigned char state[NO_HEAP_TRAIN_STATE_BYTES + 1];
static _Alignas(64) unsigned char trainArena[NO_HEAP_TRAIN_ARENA_BYTES + 1];

static int probsFinite(void) {
  for (int i = 0; i < 8 * 10; ++i)
    if (!isfinite(probs[i]))
      return 0;
  return 1;
}

int main(void) {
  static const long none[NUM_ENTRIES] = {0};
  int bad = selfCheck();

  /* A fixed pseudo-random batch (xorshift), labels 0..9. */
  unsigned s = 12345;
  for (int i = 0; i < 8 * 28 * 28; ++i) {
    s ^= s << 13, s ^= s >> 17, s ^= s << 5;
    images[i] = (float)(s % 1000) / 1000.0f;
  }
  for (int i = 0; i < 8; ++i)
    labels[i] = i % 10;
  if (no_heap_train_init_params(params, 1) != 0) {
    printf("FAIL init: %s\n", dlc_last_error());
    return 1;
  }
  no_heap_train_init_state(state);
  memcpy(paramsBefore, params, sizeof params);

  /* LLVM's OpenMP runtime allocates its thread pool on the first parallel
   * region of the process (as any thread pool starts up); one uncounted
   * inference call starts it. Every counted call below must then make no
   * allocation at all. */
  no_heap_infer_run(images, probs, inferArena);

  for (int call = 0; call < 3; ++call) {
    openWindow();
    no_heap_infer_run(images, probs, inferArena);
    bad |= closeWindow("no_heap_infer_run", none) | !probsFinite();

    openWindow();
    float loss = no_heap_train_train_step(images, labels, 0.01f, params, state,
                                          trainArena);
    bad |= closeWindow("no_heap_train_train_step", none);
    if (!isfinite(loss)) {
      printf("FAIL train step %d: loss %g\n", call, loss);
      bad = 1;
    }

    openWindow();
    no_heap_train_run(images, probs, params, trainArena);
    bad |= closeWindow("no_heap_train_run", none) | !probsFinite();
    printf("call %d: loss %.4f\n", call, loss);
  }
  if (memcmp(paramsBefore, params, sizeof params) == 0) {
    printf("FAIL: the training steps left the parameters unchanged\n");
    bad = 1;
  }
  printf("%s: no allocation in 3 calls each of run, train_step and run "
         "with trained parameters\n", bad ? "FAIL" : "PASS");
  return bad;
}
