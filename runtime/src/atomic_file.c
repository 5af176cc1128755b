/*===- atomic_file.c - write a file whole or not at all (POSIX) ------------===*/
#define _POSIX_C_SOURCE 200809L
#include "atomic_file.h"
#include "error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DLC_ATOMIC_BUF_SIZE (1u << 16)
#define DLC_ATOMIC_NAME_TRIES 100

static _Atomic uint64_t tmpCounter;

/* Six letters or digits that differ between processes, threads and calls;
   O_EXCL catches the rare clash. */
static void randomSuffix(char out[7]) {
  static const char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  uint64_t x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^
               ((uint64_t)getpid() << 16) ^ (uint64_t)(uintptr_t)&ts ^
               (atomic_fetch_add(&tmpCounter, 1) * 0x9e3779b97f4a7c15ull);
  x = (x ^ (x >> 33)) * 0xff51afd7ed558ccdull;
  x = (x ^ (x >> 33)) * 0xc4ceb9fe1a85ec53ull;
  x ^= x >> 33;
  for (int i = 0; i < 6; ++i, x /= 62)
    out[i] = alphabet[x % 62];
  out[6] = '\0';
}

int dlc_atomic_open(dlc_atomic_file *f, const char *ctx, const char *path) {
  memset(f, 0, sizeof *f);
  f->ctx = ctx;
  f->path = path;
  f->fd = -1;
  size_t len = strlen(path);
  f->tmpPath = malloc(len + sizeof ".tmp-XXXXXX");
  f->buf = malloc(DLC_ATOMIC_BUF_SIZE);
  if (!f->tmpPath || !f->buf) {
    free(f->tmpPath);
    free(f->buf);
    return dlc_fail("%s: %s: out of memory", ctx, path);
  }
  for (int tries = 0; tries < DLC_ATOMIC_NAME_TRIES; ++tries) {
    char suffix[7];
    randomSuffix(suffix);
    snprintf(f->tmpPath, len + sizeof ".tmp-XXXXXX", "%s.tmp-%s", path,
             suffix);
    f->fd = open(f->tmpPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (f->fd >= 0)
      return 0;
    if (errno != EEXIST)
      break;
  }
  int err = errno;
  free(f->tmpPath);
  free(f->buf);
  return dlc_fail("%s: %s: cannot create a temporary file beside it: %s",
                  ctx, path, strerror(err));
}

static void flushBuffer(dlc_atomic_file *f) {
  size_t done = 0;
  while (!f->err && done < f->used) {
    ssize_t w = write(f->fd, f->buf + done, f->used - done);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      f->err = w < 0 ? errno : EIO;
    else
      done += (size_t)w;
  }
  f->used = 0;
}

void dlc_atomic_write(dlc_atomic_file *f, const void *data, size_t len) {
  const unsigned char *bytes = data;
  while (len && !f->err) {
    size_t room = DLC_ATOMIC_BUF_SIZE - f->used;
    size_t chunk = len < room ? len : room;
    memcpy(f->buf + f->used, bytes, chunk);
    f->used += chunk;
    bytes += chunk;
    len -= chunk;
    if (f->used == DLC_ATOMIC_BUF_SIZE)
      flushBuffer(f);
  }
}

static void release(dlc_atomic_file *f, int removeTemp) {
  if (f->fd >= 0)
    close(f->fd);
  f->fd = -1;
  if (removeTemp)
    unlink(f->tmpPath);
  free(f->tmpPath);
  free(f->buf);
  f->tmpPath = NULL;
  f->buf = NULL;
}

/* Makes the rename durable: fsync the directory holding `path`. Best effort:
   the file is complete and in place whatever this returns. */
static void syncParentDir(const char *path) {
  const char *slash = strrchr(path, '/');
  char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path))
                    : strdup(".");
  if (!dir)
    return;
  int fd = open(dir, O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    fsync(fd);
    close(fd);
  }
  free(dir);
}

int dlc_atomic_commit(dlc_atomic_file *f) {
  flushBuffer(f);
  const char *step = "write";
  if (!f->err && fsync(f->fd) != 0) {
    f->err = errno;
    step = "fsync";
  }
  if (!f->err && close(f->fd) != 0) {
    f->err = errno;
    step = "close";
  }
  f->fd = -1;
  if (!f->err && rename(f->tmpPath, f->path) != 0) {
    f->err = errno;
    step = "rename";
  }
  if (f->err) {
    int err = f->err;
    release(f, 1);
    return dlc_fail("%s: %s: %s failed: %s", f->ctx, f->path, step,
                    strerror(err));
  }
  release(f, 0);
  syncParentDir(f->path);
  return 0;
}
