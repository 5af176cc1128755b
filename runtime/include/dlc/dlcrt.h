/*===- dlcrt.h - the dlc runtime library (C ABI) ----------------------------===
 *
 * What code compiled by dlc and the apps around it share across models.
 * Generated objects themselves need only libc; this library gives apps the
 * helpers every one of them would otherwise write.
 *
 *===------------------------------------------------------------------------===*/
#ifndef DLC_DLCRT_H
#define DLC_DLCRT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The runtime's version, "MAJOR.MINOR.PATCH". */
const char *dlc_runtime_version(void);

/* Allocates `bytes` (at least one) aligned to `align` (a power of two, at
   least sizeof(void *)), for a model's arena or tensors. NULL on failure. */
void *dlc_aligned_alloc(size_t bytes, size_t align);

/* Frees memory from dlc_aligned_alloc; NULL is ignored. */
void dlc_aligned_free(void *ptr);

#ifdef __cplusplus
}
#endif

#endif /* DLC_DLCRT_H */
