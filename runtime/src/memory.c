/*===- memory.c - aligned allocation for arenas and tensors ----------------===*/
#include "dlc/dlcrt.h"

#include <stdlib.h>

const char *dlc_runtime_version(void) { return "0.1.0"; }

void *dlc_aligned_alloc(size_t bytes, size_t align) {
  if (align < sizeof(void *) || (align & (align - 1)) != 0)
    return NULL;
  if (bytes == 0)
    bytes = 1;
  /* aligned_alloc wants a size that is a multiple of the alignment. */
  size_t rounded = (bytes + align - 1) / align * align;
  if (rounded < bytes)
    return NULL;
  return aligned_alloc(align, rounded);
}

void dlc_aligned_free(void *ptr) { free(ptr); }
