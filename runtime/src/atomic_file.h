/*===- atomic_file.h - write a file whole or not at all (internal) ---------===*
 *
 * Writes go to PATH.tmp-XXXXXX beside PATH; commit fsyncs it and renames it
 * over PATH, so readers see the old file or the new one, never a part.
 *
 *===----------------------------------------------------------------------===*/
#ifndef DLCRT_ATOMIC_FILE_H
#define DLCRT_ATOMIC_FILE_H

#include <stddef.h>

typedef struct {
  const char *ctx;       /* "dlc_save_onnx", for messages */
  const char *path;      /* the target */
  char *tmpPath;         /* the temporary beside it */
  int fd;                /* open on tmpPath */
  unsigned char *buf;    /* pending bytes */
  size_t used;
  int err;               /* first errno of a failed write, 0 if none */
} dlc_atomic_file;

/* Creates the temporary (mode 0666 less the umask). 0, or -1 after
   dlc_fail naming `path`. */
int dlc_atomic_open(dlc_atomic_file *f, const char *ctx, const char *path);

/* Appends bytes; a failure is kept for dlc_atomic_commit to report. */
void dlc_atomic_write(dlc_atomic_file *f, const void *data, size_t len);

/* Flushes, fsyncs and renames the temporary over the target. 0, or -1 after
   dlc_fail, with the temporary removed. Either way `f` is closed. */
int dlc_atomic_commit(dlc_atomic_file *f);

#endif /* DLCRT_ATOMIC_FILE_H */
