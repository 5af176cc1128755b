/*===- dlcrt_cuda.h - running dlc's GPU code (C ABI) ------------------------===
 *
 * Objects compiled with `dlc --target=cuda` launch their kernels through
 * this part of libdlcrt. It reaches the CUDA driver API by dlopen of
 * libcuda.so.1 (or the file $DLC_LIBCUDA names) when first needed, so a
 * program links and starts on a machine without an NVIDIA driver; only a
 * GPU call then fails. Link with -ldlcrt -ldl.
 *
 *===------------------------------------------------------------------------===*/
#ifndef DLC_DLCRT_CUDA_H
#define DLC_DLCRT_CUDA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Loads the driver and makes device 0's primary context current. 0 on
   success; -1 with dlc_last_error() saying why (no driver, no device). Every
   other function calls it first; call it yourself to fail early. */
int dlc_cuda_init(void);

/* Device memory for a model's arena, inputs, outputs or parameters: NULL
   with dlc_last_error() on failure. */
void *dlc_cuda_malloc(size_t bytes);
void dlc_cuda_free(void *device);

/* Copies between host and device memory: 0, or -1 with dlc_last_error(). */
int dlc_cuda_upload(void *device, const void *host, size_t bytes);
int dlc_cuda_download(void *host, const void *device, size_t bytes);

/* Kernels run asynchronously, in launch order: a download waits for them
   (and reports a kernel that failed). This waits for every kernel launched
   so far: 0, or -1 with dlc_last_error(). */
int dlc_cuda_synchronize(void);

/* For generated code, which has no error result: dlc_cuda_upload and
   dlc_cuda_download, or exit with the reason. */
void dlc_cuda_send(void *device, const void *host, int64_t bytes);
void dlc_cuda_fetch(void *host, const void *device, int64_t bytes);

/* For generated code: the device copy of `bytes` bytes of constant data at
   `host` (a model's weights), made on first use and kept. A CUDA failure
   inside a generated entry point, which has no error result, prints
   "dlc: CUDA: ..." to stderr and exits with status 1. */
void *dlc_cuda_constant(const void *host, int64_t bytes);

#ifdef __cplusplus
}
#endif

#endif /* DLC_DLCRT_CUDA_H */
