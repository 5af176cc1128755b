/*===- FakeCudaDriver.c - a CUDA driver stand-in for libdlcrt's tests -------===
 *
 * Built as a shared library that libdlcrt loads through $DLC_LIBCUDA on
 * machines without a GPU. "Device" memory is host memory; modules and
 * launches are recorded for the test to inspect (fake_cuda_* below), not
 * run. $FAKE_CUDA_INIT_RESULT makes cuInit fail with that code;
 * $FAKE_CUDA_LOG names a file that gets one line per launch and per
 * constant upload.
 *
 *===------------------------------------------------------------------------===*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int CUresult;

static int moduleLoads, functionLookups, launches, streamSyncs;
static char lastImage[64], lastKernel[128];
static unsigned lastGrid[3], lastBlock[3], lastShared;
static uint64_t lastParams[2];

CUresult cuGetErrorName(CUresult error, const char **name) {
  *name = error == 0     ? "CUDA_SUCCESS"
          : error == 100 ? "CUDA_ERROR_NO_DEVICE"
                         : "CUDA_ERROR_UNKNOWN";
  return 0;
}

CUresult cuInit(unsigned flags) {
  const char *result = getenv("FAKE_CUDA_INIT_RESULT");
  return result ? atoi(result) : 0;
}

CUresult cuDeviceGet(int *device, int ordinal) {
  *device = ordinal;
  return 0;
}

CUresult cuDevicePrimaryCtxRetain(void **context, int device) {
  *context = (void *)0x1;
  return 0;
}

CUresult cuCtxSetCurrent(void *context) { return 0; }
CUresult cuCtxSynchronize(void) { return 0; }

CUresult cuModuleLoadData(void **module, const void *image) {
  ++moduleLoads;
  strncpy(lastImage, image, sizeof lastImage - 1);
  *module = (void *)0x2;
  return 0;
}

CUresult cuModuleGetFunction(void **function, void *module, const char *name) {
  ++functionLookups;
  *function = strdup(name);
  return 0;
}

CUresult cuLaunchKernel(void *f, unsigned gx, unsigned gy, unsigned gz,
                        unsigned bx, unsigned by, unsigned bz, unsigned shared,
                        void *stream, void **params, void **extra) {
  ++launches;
  strncpy(lastKernel, f, sizeof lastKernel - 1);
  lastGrid[0] = gx, lastGrid[1] = gy, lastGrid[2] = gz;
  lastBlock[0] = bx, lastBlock[1] = by, lastBlock[2] = bz;
  lastShared = shared;
  for (int i = 0; i < 2; ++i)
    memcpy(&lastParams[i], params[i], sizeof lastParams[i]);
  const char *log = getenv("FAKE_CUDA_LOG");
  FILE *out = log ? fopen(log, "a") : NULL;
  if (out) {
    fprintf(out, "launch %s grid %u %u %u block %u %u %u\n", (const char *)f,
            gx, gy, gz, bx, by, bz);
    fclose(out);
  }
  return 0;
}

CUresult cuStreamCreate(void **stream, unsigned flags) {
  *stream = (void *)0x3;
  return 0;
}

CUresult cuStreamSynchronize(void *stream) {
  ++streamSyncs;
  return 0;
}

CUresult cuMemAlloc_v2(unsigned long long *ptr, size_t bytes) {
  *ptr = (unsigned long long)(uintptr_t)malloc(bytes);
  return *ptr ? 0 : 2;
}

CUresult cuMemFree_v2(unsigned long long ptr) {
  free((void *)(uintptr_t)ptr);
  return 0;
}

CUresult cuMemcpyHtoD_v2(unsigned long long dst, const void *src,
                         size_t bytes) {
  const char *log = getenv("FAKE_CUDA_LOG");
  FILE *out = log ? fopen(log, "a") : NULL;
  if (out) {
    fprintf(out, "upload %zu bytes\n", bytes);
    fclose(out);
  }
  memcpy((void *)(uintptr_t)dst, src, bytes);
  return 0;
}

CUresult cuMemcpyDtoH_v2(void *dst, unsigned long long src, size_t bytes) {
  memcpy(dst, (const void *)(uintptr_t)src, bytes);
  return 0;
}

/* What the tests read back. */
int fake_cuda_module_loads(void) { return moduleLoads; }
int fake_cuda_function_lookups(void) { return functionLookups; }
int fake_cuda_launches(void) { return launches; }
int fake_cuda_stream_syncs(void) { return streamSyncs; }
const char *fake_cuda_last_image(void) { return lastImage; }
const char *fake_cuda_last_kernel(void) { return lastKernel; }
const unsigned *fake_cuda_last_grid(void) { return lastGrid; }
const unsigned *fake_cuda_last_block(void) { return lastBlock; }
unsigned fake_cuda_last_shared(void) { return lastShared; }
const uint64_t *fake_cuda_last_params(void) { return lastParams; }
