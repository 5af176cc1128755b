/*===- load_onnx.c - dlc_load_onnx: initializers from an ONNX file ---------===*
 *
 * Reads the file whole, walks ModelProto -> graph (every occurrence, merged
 * as protobuf does) -> initializer, and remembers for each desc the last
 * TensorProto with its name. Only when every desc has one that checks out
 * are the tensors copied into the caller's buffer.
 *
 *===----------------------------------------------------------------------===*/
#define _POSIX_C_SOURCE 200809L
#include "dlc/dlcrt.h"
#include "error.h"
#include "onnx_fields.h"
#include "onnx_tensor.h"
#include "param_desc.h"
#include "pb_wire.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const kCtx = "dlc_load_onnx";

/* The file's bytes in a malloc'd buffer of exactly its size (one byte if empty, so that tools like ASan see any overrun). */
static int readWholeFile(const char *path, unsigned char **out, size_t *len) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return dlc_fail("%s: %s: cannot open: %s", kCtx, path, strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0 ||
      (uintmax_t)st.st_size > SIZE_MAX) {
    close(fd);
    return dlc_fail("%s: %s: not a regular file of a size this host can read",
                    kCtx, path);
  }
  size_t size = (size_t)st.st_size, done = 0;
  unsigned char *buf = malloc(size ? size : 1);
  if (!buf) {
    close(fd);
    return dlc_fail("%s: %s: out of memory for %zu bytes", kCtx, path, size);
  }
  while (done < size) {
    ssize_t got = read(fd, buf + done, size - done);
    if (got < 0 && errno == EINTR)
      continue;
    if (got <= 0) {
      int err = got < 0 ? errno : 0;
      close(fd);
      free(buf);
      return dlc_fail("%s: %s: read failed: %s", kCtx, path,
                      err ? strerror(err) : "the file shrank while read");
    }
    done += (size_t)got;
  }
  close(fd);
  *out = buf;
  *len = size;
  return 0;
}

/* Per desc: its name's length, and the last initializer found with it. */
typedef struct {
  size_t nameLen;
  dlc_tensor_bytes tensor; /* data NULL until found */
} descMatch;

typedef struct {
  const char *path;
  const unsigned char *file;
  const dlc_param_desc *descs;
  descMatch *matches;
  size_t n;
} loadState;

static int malformed(const loadState *s, const unsigned char *at,
                     const char *where, const char *why) {
  return dlc_fail("%s: %s: malformed %s at byte %zu: %s", kCtx, s->path,
                  where, (size_t)(at - s->file), why);
}

static int noteInitializer(loadState *s, const unsigned char *data,
                           size_t len) {
  dlc_tensor_bytes t = {data, len, s->file};
  const unsigned char *name;
  size_t nameLen;
  if (dlc_tensor_name(&t, kCtx, s->path, &name, &nameLen))
    return -1;
  for (size_t i = 0; name && i < s->n; ++i)
    if (s->matches[i].nameLen == nameLen &&
        memcmp(s->descs[i].name, name, nameLen) == 0)
      s->matches[i].tensor = t;
  return 0;
}

static int walkGraph(loadState *s, const unsigned char *data, size_t len) {
  dlc_pb_reader r = {data, data + len};
  dlc_pb_field f;
  const char *why;
  int got;
  const unsigned char *at = r.p;
  while ((got = dlc_pb_next(&r, &f, &why)) == 1) {
    if (f.number == DLC_GRAPH_INITIALIZER) {
      if (f.wire != DLC_PB_LEN)
        return malformed(s, at, "graph", "initializer is not a message");
      if (noteInitializer(s, f.data, f.len))
        return -1;
    }
    at = r.p;
  }
  return got < 0 ? malformed(s, r.p, "graph", why) : 0;
}

static int walkModel(loadState *s, size_t len) {
  dlc_pb_reader r = {s->file, s->file + len};
  dlc_pb_field f;
  const char *why;
  int got;
  const unsigned char *at = r.p;
  while ((got = dlc_pb_next(&r, &f, &why)) == 1) {
    if (f.number == DLC_MODEL_GRAPH) {
      if (f.wire != DLC_PB_LEN)
        return malformed(s, at, "model", "graph is not a message");
      if (walkGraph(s, f.data, f.len))
        return -1;
    }
    at = r.p;
  }
  return got < 0 ? malformed(s, r.p, "model", why) : 0;
}

/* Every desc found and checked? Then copy them all. */
static int checkAndCopy(const loadState *s, unsigned char *params) {
  for (size_t i = 0; i < s->n; ++i) {
    size_t bytes;
    dlc_check_desc(kCtx, &s->descs[i], i, &bytes);
    if (!s->matches[i].tensor.data)
      return dlc_fail("%s: %s: no initializer named '%s'", kCtx, s->path,
                      s->descs[i].name);
    if (dlc_tensor_check(&s->matches[i].tensor, &s->descs[i], bytes, kCtx,
                         s->path))
      return -1;
  }
  for (size_t i = 0; i < s->n; ++i) {
    size_t bytes;
    dlc_check_desc(kCtx, &s->descs[i], i, &bytes);
    dlc_tensor_copy(&s->matches[i].tensor, params + s->descs[i].offset, bytes);
  }
  return 0;
}

int dlc_load_onnx(const char *path, const dlc_param_desc *descs, size_t n,
                  void *params) {
  if (!path || !path[0])
    return dlc_fail("%s: no path", kCtx);
  if (n && (!descs || !params))
    return dlc_fail("%s: %s: NULL descs or params", kCtx, path);
  for (size_t i = 0; i < n; ++i) {
    size_t bytes;
    if (dlc_check_desc(kCtx, &descs[i], i, &bytes))
      return -1;
  }
  loadState s = {path, NULL, descs, calloc(n ? n : 1, sizeof(descMatch)), n};
  if (!s.matches)
    return dlc_fail("%s: %s: out of memory", kCtx, path);
  for (size_t i = 0; i < n; ++i)
    s.matches[i].nameLen = strlen(descs[i].name);
  unsigned char *file = NULL;
  size_t len = 0;
  int rc = readWholeFile(path, &file, &len);
  if (rc == 0) {
    s.file = file;
    rc = walkModel(&s, len);
    if (rc == 0)
      rc = checkAndCopy(&s, params);
    free(file);
  }
  free(s.matches);
  return rc;
}
