/*===- cuda_driver.c - load the CUDA driver, make a context ----------------===*/
#include "cuda_driver.h"

#include "dlc/dlcrt.h"
#include "dlc/dlcrt_cuda.h"
#include "error.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static dlc_cuda_driver driver;
static const dlc_cuda_driver *loaded;
static char loadError[1024];
static pthread_once_t loadOnce = PTHREAD_ONCE_INIT;

int dlc_cuda_fail(const char *what, CUresult result) {
  const char *name = NULL;
  if (!driver.cuGetErrorName || driver.cuGetErrorName(result, &name) != 0 ||
      !name)
    name = "unknown CUDA error";
  return dlc_fail("%s failed: %s (%d)", what, name, result);
}

/* Resolves `symbol` into `slot`; 0, or -1 with the error set. */
static int resolve(void *library, const char *path, const char *symbol,
                   void **slot) {
  *slot = dlsym(library, symbol);
  if (!*slot)
    return dlc_fail("%s has no %s: not a CUDA driver", path, symbol);
  return 0;
}

#define RESOLVE(field, symbol)                                                 \
  resolve(library, path, symbol, (void **)&driver.field)

static int load(void) {
  const char *path = getenv("DLC_LIBCUDA");
  if (!path || !*path)
    path = "libcuda.so.1";
  void *library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!library)
    return dlc_fail("cannot load the CUDA driver %s (is an NVIDIA driver "
                    "installed?): %s",
                    path, dlerror());
  if (RESOLVE(cuGetErrorName, "cuGetErrorName") ||
      RESOLVE(cuInit, "cuInit") || RESOLVE(cuDeviceGet, "cuDeviceGet") ||
      RESOLVE(cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain") ||
      RESOLVE(cuCtxSetCurrent, "cuCtxSetCurrent") ||
      RESOLVE(cuModuleLoadData, "cuModuleLoadData") ||
      RESOLVE(cuModuleGetFunction, "cuModuleGetFunction") ||
      RESOLVE(cuLaunchKernel, "cuLaunchKernel") ||
      RESOLVE(cuStreamCreate, "cuStreamCreate") ||
      RESOLVE(cuStreamSynchronize, "cuStreamSynchronize") ||
      RESOLVE(cuCtxSynchronize, "cuCtxSynchronize") ||
      RESOLVE(cuMemAlloc, "cuMemAlloc_v2") ||
      RESOLVE(cuMemFree, "cuMemFree_v2") ||
      RESOLVE(cuMemcpyHtoD, "cuMemcpyHtoD_v2") ||
      RESOLVE(cuMemcpyDtoH, "cuMemcpyDtoH_v2"))
    return -1;
  CUresult r;
  CUdevice device;
  CUcontext context;
  if ((r = driver.cuInit(0)) != 0)
    return dlc_cuda_fail("cuInit", r);
  if ((r = driver.cuDeviceGet(&device, 0)) != 0)
    return dlc_cuda_fail("cuDeviceGet(0)", r);
  if ((r = driver.cuDevicePrimaryCtxRetain(&context, device)) != 0)
    return dlc_cuda_fail("cuDevicePrimaryCtxRetain", r);
  if ((r = driver.cuCtxSetCurrent(context)) != 0)
    return dlc_cuda_fail("cuCtxSetCurrent", r);
  return 0;
}

static void loadOnceBody(void) {
  if (load() == 0) {
    loaded = &driver;
    return;
  }
  snprintf(loadError, sizeof loadError, "%s", dlc_last_error());
}

const dlc_cuda_driver *dlc_cuda_driver_get(void) {
  pthread_once(&loadOnce, loadOnceBody);
  if (!loaded) {
    dlc_fail("%s", loadError);
    return NULL;
  }
  /* Other threads need the context current too. */
  static _Thread_local int current;
  if (!current) {
    CUcontext context;
    CUdevice device;
    if (driver.cuDeviceGet(&device, 0) == 0 &&
        driver.cuDevicePrimaryCtxRetain(&context, device) == 0 &&
        driver.cuCtxSetCurrent(context) == 0)
      current = 1;
  }
  return loaded;
}

void dlc_cuda_die(void) {
  fprintf(stderr, "dlc: CUDA: %s\n", dlc_last_error());
  exit(1);
}

int dlc_cuda_init(void) { return dlc_cuda_driver_get() ? 0 : -1; }

void *dlc_cuda_malloc(size_t bytes) {
  const dlc_cuda_driver *d = dlc_cuda_driver_get();
  if (!d)
    return NULL;
  CUdeviceptr ptr = 0;
  CUresult r = d->cuMemAlloc(&ptr, bytes ? bytes : 1);
  if (r != 0) {
    dlc_cuda_fail("cuMemAlloc", r);
    return NULL;
  }
  return (void *)(uintptr_t)ptr;
}

void dlc_cuda_free(void *device) {
  const dlc_cuda_driver *d = device ? dlc_cuda_driver_get() : NULL;
  if (d)
    d->cuMemFree((CUdeviceptr)(uintptr_t)device);
}

int dlc_cuda_upload(void *device, const void *host, size_t bytes) {
  const dlc_cuda_driver *d = dlc_cuda_driver_get();
  if (!d)
    return -1;
  CUresult r = d->cuMemcpyHtoD((CUdeviceptr)(uintptr_t)device, host, bytes);
  return r == 0 ? 0 : dlc_cuda_fail("cuMemcpyHtoD", r);
}

int dlc_cuda_download(void *host, const void *device, size_t bytes) {
  const dlc_cuda_driver *d = dlc_cuda_driver_get();
  if (!d)
    return -1;
  CUresult r = d->cuMemcpyDtoH(host, (CUdeviceptr)(uintptr_t)device, bytes);
  return r == 0 ? 0 : dlc_cuda_fail("cuMemcpyDtoH", r);
}

void dlc_cuda_send(void *device, const void *host, int64_t bytes) {
  if (dlc_cuda_upload(device, host, (size_t)bytes) != 0)
    dlc_cuda_die();
}

void dlc_cuda_fetch(void *host, const void *device, int64_t bytes) {
  if (dlc_cuda_download(host, device, (size_t)bytes) != 0)
    dlc_cuda_die();
}

int dlc_cuda_synchronize(void) {
  const dlc_cuda_driver *d = dlc_cuda_driver_get();
  if (!d)
    return -1;
  CUresult r = d->cuCtxSynchronize();
  return r == 0 ? 0 : dlc_cuda_fail("cuCtxSynchronize", r);
}
