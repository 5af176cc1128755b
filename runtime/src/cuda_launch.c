/*===- cuda_launch.c - what `dlc --target=cuda` objects call ---------------===
 *
 * MLIR's GPU-to-LLVM lowering emits calls with the mgpu* names (and these
 * signatures) for modules, streams and launches; dlc implements them on
 * the lazily loaded driver. Loading a module only records its PTX: the
 * constructor of a generated object calls mgpuModuleLoadJIT at program
 * start, and a program must start without a GPU. The driver compiles the
 * PTX at the first launch.
 *
 *===------------------------------------------------------------------------===*/
#include "cuda_driver.h"

#include "dlc/dlcrt.h"
#include "dlc/dlcrt_cuda.h"
#include "error.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct {
  const char *name; /* the object's constant string: compared by address */
  CUfunction function;
} dlc_kernel;

typedef struct {
  const void *image; /* NUL-terminated PTX */
  CUmodule module;
  dlc_kernel *kernels;
  size_t numKernels, capacity;
} dlc_gpu_module;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* The driver, or exit with the reason (generated code has no error result). */
static const dlc_cuda_driver *driverOrDie(void) {
  const dlc_cuda_driver *d = dlc_cuda_driver_get();
  if (!d)
    dlc_cuda_die();
  return d;
}

void *mgpuModuleLoadJIT(void *image, int optLevel) {
  (void)optLevel;
  dlc_gpu_module *m = calloc(1, sizeof *m);
  if (!m) {
    dlc_fail("out of memory loading a GPU module");
    dlc_cuda_die();
  }
  m->image = image;
  return m;
}

void *mgpuModuleLoad(void *image, size_t bytes) {
  (void)bytes;
  return mgpuModuleLoadJIT(image, 0);
}

void mgpuModuleUnload(void *module) {
  dlc_gpu_module *m = module;
  if (!m)
    return;
  free(m->kernels);
  free(m); /* the driver's module lives as long as the context */
}

/* The kernel `name` of `m`, loading the module on first use. */
static CUfunction lookup(dlc_gpu_module *m, const char *name) {
  for (size_t i = 0; i < m->numKernels; ++i)
    if (m->kernels[i].name == name)
      return m->kernels[i].function;
  const dlc_cuda_driver *d = driverOrDie();
  CUresult r;
  if (!m->module && (r = d->cuModuleLoadData(&m->module, m->image)) != 0) {
    dlc_cuda_fail("cuModuleLoadData (JIT of the model's PTX)", r);
    dlc_cuda_die();
  }
  CUfunction function;
  if ((r = d->cuModuleGetFunction(&function, m->module, name)) != 0) {
    dlc_cuda_fail("cuModuleGetFunction", r);
    dlc_cuda_die();
  }
  if (m->numKernels == m->capacity) {
    size_t capacity = m->capacity ? 2 * m->capacity : 64;
    dlc_kernel *grown = realloc(m->kernels, capacity * sizeof *grown);
    if (!grown) {
      dlc_fail("out of memory resolving kernel %s", name);
      dlc_cuda_die();
    }
    m->kernels = grown;
    m->capacity = capacity;
  }
  m->kernels[m->numKernels++] = (dlc_kernel){name, function};
  return function;
}

void *mgpuModuleGetFunction(void *module, const char *name) {
  pthread_mutex_lock(&lock);
  CUfunction function = lookup(module, name);
  pthread_mutex_unlock(&lock);
  return function;
}

void *mgpuStreamCreate(void) {
  /* One stream per thread, created once: launches stay in order and no
     driver object is made per step. */
  static _Thread_local CUstream stream;
  static _Thread_local int created;
  if (!created) {
    CUresult r = driverOrDie()->cuStreamCreate(&stream, 0);
    if (r != 0) {
      dlc_cuda_fail("cuStreamCreate", r);
      dlc_cuda_die();
    }
    created = 1;
  }
  return stream;
}

void mgpuStreamDestroy(void *stream) { (void)stream; }

/* The host code MLIR's gpu-to-llvm emits synchronises after every launch.
   dlc's host code never reads device memory, and every kernel of a thread
   goes to its one blocking stream, in order: the copies libdlcrt makes
   (on the legacy default stream, which waits for blocking streams) are
   the points where the host needs results. So launches stay asynchronous,
   and a failed kernel is reported by the next copy or dlc_cuda_synchronize. */
void mgpuStreamSynchronize(void *stream) { (void)stream; }

void mgpuLaunchKernel(void *function, intptr_t gridX, intptr_t gridY,
                      intptr_t gridZ, intptr_t blockX, intptr_t blockY,
                      intptr_t blockZ, int32_t sharedBytes, void *stream,
                      void **params, void **extra, size_t paramsCount) {
  (void)paramsCount;
  CUresult r = driverOrDie()->cuLaunchKernel(
      function, (unsigned)gridX, (unsigned)gridY, (unsigned)gridZ,
      (unsigned)blockX, (unsigned)blockY, (unsigned)blockZ,
      (unsigned)sharedBytes, stream, params, extra);
  if (r != 0) {
    dlc_cuda_fail("cuLaunchKernel", r);
    dlc_cuda_die();
  }
}

/*===-- Constants ----------------------------------------------------------===*/

typedef struct {
  const void *host;
  void *device;
} dlc_constant;

static dlc_constant *constants;
static size_t numConstants, constantCapacity;

void *dlc_cuda_constant(const void *host, int64_t bytes) {
  pthread_mutex_lock(&lock);
  for (size_t i = 0; i < numConstants; ++i)
    if (constants[i].host == host) {
      void *device = constants[i].device;
      pthread_mutex_unlock(&lock);
      return device;
    }
  void *device = dlc_cuda_malloc((size_t)bytes);
  if (!device || dlc_cuda_upload(device, host, (size_t)bytes) != 0)
    dlc_cuda_die();
  if (numConstants == constantCapacity) {
    size_t capacity = constantCapacity ? 2 * constantCapacity : 16;
    dlc_constant *grown = realloc(constants, capacity * sizeof *grown);
    if (!grown) {
      dlc_fail("out of memory recording a device constant");
      dlc_cuda_die();
    }
    constants = grown;
    constantCapacity = capacity;
  }
  constants[numConstants++] = (dlc_constant){host, device};
  pthread_mutex_unlock(&lock);
  return device;
}
