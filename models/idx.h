/*===- idx.h - reader for MNIST-style IDX files (gzipped or plain) -------===*
 *
 * The IDX format (used by MNIST and Fashion-MNIST): a big-endian header of
 * two zero bytes, a type byte (0x08 = unsigned byte), a dimension count, one
 * big-endian uint32 per dimension, then the data in row-major order. Images
 * are magic 0x00000803 (count x rows x cols), labels 0x00000801 (count).
 *
 * Files are read with zlib's gzopen/gzread, which also reads uncompressed
 * files transparently.
 *
 *===----------------------------------------------------------------------===*/
#ifndef DLC_MODELS_IDX_H
#define DLC_MODELS_IDX_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define IDX_MAGIC_U8_LABELS 0x00000801u /* uint8 [count] */
#define IDX_MAGIC_U8_IMAGES 0x00000803u /* uint8 [count][rows][cols] */
#define IDX_MAX_DIMS 4

/* The leading items of an IDX file of unsigned bytes. */
typedef struct {
  uint32_t magic;
  uint32_t ndims;
  uint32_t dims[IDX_MAX_DIMS]; /* dims[0] as stored in the file */
  size_t count;                /* items loaded: min(dims[0], max_items) */
  size_t item_size;            /* bytes per item: product of dims[1..] */
  uint8_t *data;               /* count * item_size bytes, malloc'd */
} idx_u8;

/* Reads the first `max_items` items (all of them when max_items is 0) of the
 * IDX file at `path`, which must have magic `expect_magic`. On success fills
 * `out` and returns 0. On failure returns -1 and writes a message that names
 * the file into `err` (of `err_size` bytes); `out` then owns nothing. */
int idx_read_u8(const char *path, uint32_t expect_magic, size_t max_items,
                idx_u8 *out, char *err, size_t err_size);

/* Frees what idx_read_u8 allocated; safe on a zeroed or freed struct. */
void idx_free(idx_u8 *idx);

#ifdef __cplusplus
}
#endif

#endif /* DLC_MODELS_IDX_H */
