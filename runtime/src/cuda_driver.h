/*===- cuda_driver.h - the CUDA driver API, loaded at run time (internal) ---===
 *
 * The few driver entry points dlc needs, resolved by dlsym. The types are
 * the driver API's (cuda.h, CUDA 12): handles are pointers, CUdeviceptr a
 * 64-bit integer, CUresult an int whose 0 is CUDA_SUCCESS.
 *
 *===------------------------------------------------------------------------===*/
#ifndef DLCRT_CUDA_DRIVER_H
#define DLCRT_CUDA_DRIVER_H

#include <stddef.h>

typedef int CUresult;
typedef int CUdevice;
typedef void *CUcontext;
typedef void *CUmodule;
typedef void *CUfunction;
typedef void *CUstream;
typedef unsigned long long CUdeviceptr;

typedef struct {
  CUresult (*cuInit)(unsigned flags);
  CUresult (*cuDeviceGet)(CUdevice *device, int ordinal);
  CUresult (*cuDevicePrimaryCtxRetain)(CUcontext *context, CUdevice device);
  CUresult (*cuCtxSetCurrent)(CUcontext context);
  CUresult (*cuModuleLoadData)(CUmodule *module, const void *image);
  CUresult (*cuModuleGetFunction)(CUfunction *function, CUmodule module,
                                  const char *name);
  CUresult (*cuLaunchKernel)(CUfunction f, unsigned gridX, unsigned gridY,
                             unsigned gridZ, unsigned blockX, unsigned blockY,
                             unsigned blockZ, unsigned sharedBytes,
                             CUstream stream, void **params, void **extra);
  CUresult (*cuStreamCreate)(CUstream *stream, unsigned flags);
  CUresult (*cuStreamSynchronize)(CUstream stream);
  CUresult (*cuCtxSynchronize)(void);
  CUresult (*cuMemAlloc)(CUdeviceptr *ptr, size_t bytes);
  CUresult (*cuMemFree)(CUdeviceptr ptr);
  CUresult (*cuMemcpyHtoD)(CUdeviceptr dst, const void *src, size_t bytes);
  CUresult (*cuMemcpyDtoH)(void *dst, CUdeviceptr src, size_t bytes);
  CUresult (*cuGetErrorName)(CUresult error, const char **name);
} dlc_cuda_driver;

/* The loaded driver with a current context, or NULL with dlc_last_error()
   set (dlc_cuda_init's work; thread-safe, done once). */
const dlc_cuda_driver *dlc_cuda_driver_get(void);

/* Sets dlc_last_error() to "<what> failed: <CUDA error name>"; returns -1. */
int dlc_cuda_fail(const char *what, CUresult result);

/* For generated code, which has no error result: prints the last error as
   "dlc: CUDA: ..." and exits with status 1. */
void dlc_cuda_die(void) __attribute__((noreturn));

#endif /* DLCRT_CUDA_DRIVER_H */
