/*===- idx.c - reader for MNIST-style IDX files (gzipped or plain) -------===*
 *
 * See idx.h for the format.
 *
 *===----------------------------------------------------------------------===*/
#include "idx.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

/* Largest load accepted, a guard against corrupt headers (1 GiB). */
#define IDX_MAX_BYTES ((size_t)1 << 30)

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static int
fail(char *err, size_t err_size, const char *path, const char *fmt, ...) {
  if (err && err_size) {
    int n = snprintf(err, err_size, "%s: ", path);
    if (n >= 0 && (size_t)n < err_size) {
      va_list ap;
      va_start(ap, fmt);
      vsnprintf(err + n, err_size - (size_t)n, fmt, ap);
      va_end(ap);
    }
  }
  return -1;
}

/* Reads exactly `len` bytes; 0 on success, -1 on a short read or error. */
static int read_exact(gzFile f, void *buf, size_t len) {
  unsigned char *p = buf;
  while (len > 0) {
    unsigned chunk = len > (1u << 30) ? (1u << 30) : (unsigned)len;
    int got = gzread(f, p, chunk);
    if (got <= 0)
      return -1;
    p += got;
    len -= (size_t)got;
  }
  return 0;
}

/* Why the last gzread on `f` (opened from `path`) failed. */
static const char *gz_reason(gzFile f, const char *path) {
  int code = 0;
  const char *msg = gzerror(f, &code);
  if (code == Z_ERRNO)
    return strerror(errno);
  if (code == Z_OK || !msg || !*msg)
    return "unexpected end of file";
  /* zlib prefixes its message with the path, which the caller prints too. */
  size_t len = strlen(path);
  if (!strncmp(msg, path, len) && !strncmp(msg + len, ": ", 2))
    msg += len + 2;
  return msg;
}

static uint32_t be32(const unsigned char b[4]) {
  return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 |
         (uint32_t)b[3];
}

int idx_read_u8(const char *path, uint32_t expect_magic, size_t max_items,
                idx_u8 *out, char *err, size_t err_size) {
  memset(out, 0, sizeof(*out));
  errno = 0;
  gzFile f = gzopen(path, "rb");
  if (!f)
    return fail(err, err_size, path, "cannot open: %s",
                errno ? strerror(errno) : "out of memory");

  unsigned char hdr[4];
  if (read_exact(f, hdr, 4) != 0) {
    fail(err, err_size, path, "cannot read the IDX header: %s",
         gz_reason(f, path));
    goto error;
  }
  out->magic = be32(hdr);
  if (out->magic != expect_magic) {
    fail(err, err_size, path,
         "not an IDX file of the expected kind: magic 0x%08x, expected "
         "0x%08x",
         (unsigned)out->magic, (unsigned)expect_magic);
    goto error;
  }
  out->ndims = hdr[3];
  if (hdr[2] != 0x08 || out->ndims < 1 || out->ndims > IDX_MAX_DIMS) {
    fail(err, err_size, path, "unsupported IDX type 0x%02x with %u dimensions",
         hdr[2], (unsigned)out->ndims);
    goto error;
  }

  out->item_size = 1;
  for (uint32_t i = 0; i < out->ndims; ++i) {
    unsigned char d[4];
    if (read_exact(f, d, 4) != 0) {
      fail(err, err_size, path, "truncated IDX header: %s", gz_reason(f, path));
      goto error;
    }
    out->dims[i] = be32(d);
    if (i > 0) {
      if (out->dims[i] == 0 || out->item_size > IDX_MAX_BYTES / out->dims[i]) {
        fail(err, err_size, path, "bad IDX dimension %u: %u", (unsigned)i,
             (unsigned)out->dims[i]);
        goto error;
      }
      out->item_size *= out->dims[i];
    }
  }

  out->count = out->dims[0];
  if (max_items && max_items < out->count)
    out->count = max_items;
  if (out->count > IDX_MAX_BYTES / out->item_size) {
    fail(err, err_size, path, "IDX file too large: %u items of %zu bytes",
         (unsigned)out->dims[0], out->item_size);
    goto error;
  }
  size_t bytes = out->count * out->item_size;
  out->data = malloc(bytes ? bytes : 1);
  if (!out->data) {
    fail(err, err_size, path, "out of memory for %zu bytes", bytes);
    goto error;
  }
  if (read_exact(f, out->data, bytes) != 0) {
    fail(err, err_size, path,
         "truncated data: header says %u items of %zu bytes: %s",
         (unsigned)out->dims[0], out->item_size, gz_reason(f, path));
    goto error;
  }
  /* A complete read must end exactly at the end of the file. */
  if (out->count == out->dims[0]) {
    unsigned char extra;
    if (gzread(f, &extra, 1) != 0) {
      fail(err, err_size, path, "trailing bytes after %u items",
           (unsigned)out->dims[0]);
      goto error;
    }
  }
  gzclose(f);
  return 0;

error:
  gzclose(f);
  idx_free(out);
  return -1;
}

void idx_free(idx_u8 *idx) {
  free(idx->data);
  idx->data = NULL;
  idx->count = 0;
}
