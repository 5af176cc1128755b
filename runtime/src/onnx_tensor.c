/*===- onnx_tensor.c - one serialized TensorProto, checked and copied ------===*/
#include "onnx_tensor.h"
#include "error.h"
#include "onnx_fields.h"
#include "param_desc.h"
#include "pb_wire.h"

#include <stdio.h>
#include <string.h>

/* Dims kept for messages; a longer shape is shown cut short. */
#define DLC_SHOWN_DIMS 8

/* The fields dlc_tensor_check looks at, as protobuf would merge them. */
typedef struct {
  uint64_t dataType, dataLocation;
  int32_t rank;
  int64_t shownDims[DLC_SHOWN_DIMS];
  int dimsMatch;            /* every dim so far equals the desc's */
  int hasRaw;
  size_t rawLen;
  uint64_t floatCount;      /* float_data values, packed and not */
} tensorFields;

static int malformed(const dlc_tensor_bytes *t, const char *ctx,
                     const char *path, const unsigned char *at,
                     const char *why) {
  return dlc_fail("%s: %s: malformed initializer at byte %zu: %s", ctx, path,
                  (size_t)(at - t->file), why);
}

int dlc_tensor_name(const dlc_tensor_bytes *t, const char *ctx,
                    const char *path, const unsigned char **name,
                    size_t *nameLen) {
  dlc_pb_reader r = {t->data, t->data + t->len};
  dlc_pb_field f;
  const char *why;
  int got;
  *name = NULL;
  *nameLen = 0;
  while ((got = dlc_pb_next(&r, &f, &why)) == 1) {
    if (f.number != DLC_TENSOR_NAME)
      continue;
    if (f.wire != DLC_PB_LEN)
      return malformed(t, ctx, path, r.p, "name is not a string");
    *name = f.data;
    *nameLen = f.len;
  }
  return got < 0 ? malformed(t, ctx, path, r.p, why) : 0;
}

static void addDim(tensorFields *tf, const dlc_param_desc *d, uint64_t v) {
  int64_t dim = (int64_t)v;
  if (tf->rank < DLC_SHOWN_DIMS)
    tf->shownDims[tf->rank] = dim;
  if (tf->rank >= d->rank || d->dims[tf->rank] != dim)
    tf->dimsMatch = 0;
  if (tf->rank < INT32_MAX)
    ++tf->rank;
}

/* Reads packed dims (a LEN payload of varints). */
static int addPackedDims(tensorFields *tf, const dlc_param_desc *d,
                         const dlc_pb_field *f) {
  const unsigned char *p = f->data, *end = f->data + f->len;
  while (p < end) {
    uint64_t v;
    if (dlc_pb_read_varint(&p, end, &v))
      return -1;
    addDim(tf, d, v);
  }
  return 0;
}

/* One field into `tf`; a known field with the wrong wire type sets *why. */
static int readField(tensorFields *tf, const dlc_param_desc *d,
                     const dlc_pb_field *f, const char **why) {
  switch (f->number) {
  case DLC_TENSOR_DIMS:
    if (f->wire == DLC_PB_VARINT)
      addDim(tf, d, f->value);
    else if (f->wire != DLC_PB_LEN || addPackedDims(tf, d, f))
      return *why = "bad dims field", -1;
    return 0;
  case DLC_TENSOR_DATA_TYPE:
  case DLC_TENSOR_DATA_LOCATION:
    if (f->wire != DLC_PB_VARINT)
      return *why = "data_type or data_location is not a varint", -1;
    *(f->number == DLC_TENSOR_DATA_TYPE ? &tf->dataType : &tf->dataLocation) =
        f->value;
    return 0;
  case DLC_TENSOR_FLOAT_DATA:
    if (f->wire == DLC_PB_FIXED32)
      tf->floatCount += 1;
    else if (f->wire == DLC_PB_LEN && f->len % 4 == 0)
      tf->floatCount += f->len / 4;
    else
      return *why = "bad float_data field", -1;
    return 0;
  case DLC_TENSOR_RAW_DATA:
    if (f->wire != DLC_PB_LEN)
      return *why = "raw_data is not bytes", -1;
    tf->hasRaw = 1;
    tf->rawLen = f->len;
    return 0;
  default:
    return 0;
  }
}

static int gatherFields(const dlc_tensor_bytes *t, const dlc_param_desc *d,
                        tensorFields *tf, const char *ctx, const char *path) {
  memset(tf, 0, sizeof *tf);
  tf->dimsMatch = 1;
  dlc_pb_reader r = {t->data, t->data + t->len};
  dlc_pb_field f;
  const char *why;
  int got;
  const unsigned char *at = r.p;
  while ((got = dlc_pb_next(&r, &f, &why)) == 1) {
    if (readField(tf, d, &f, &why))
      return dlc_fail("%s: %s: tensor '%s': malformed at byte %zu: %s", ctx,
                      path, d->name, (size_t)(at - t->file), why);
    at = r.p;
  }
  if (got < 0)
    return dlc_fail("%s: %s: tensor '%s': malformed at byte %zu: %s", ctx,
                    path, d->name, (size_t)(r.p - t->file), why);
  return 0;
}

static void formatFileDims(char *buf, size_t size, const tensorFields *tf) {
  int32_t shown = tf->rank < DLC_SHOWN_DIMS ? tf->rank : DLC_SHOWN_DIMS;
  dlc_format_dims(buf, size, tf->shownDims, shown);
  if (shown < tf->rank) {
    size_t used = strlen(buf);
    snprintf(buf + used - 1, size - used + 1, ", ... (rank %d)]",
             (int)tf->rank);
  }
}

int dlc_tensor_check(const dlc_tensor_bytes *t, const dlc_param_desc *d,
                     size_t bytes, const char *ctx, const char *path) {
  tensorFields tf;
  if (gatherFields(t, d, &tf, ctx, path))
    return -1;
  const char *name = d->name;
  if (tf.dataLocation == 1)
    return dlc_fail("%s: %s: tensor '%s': external data is not supported",
                    ctx, path, name);
  if (tf.dataType != DLC_ONNX_FLOAT)
    return dlc_fail("%s: %s: tensor '%s': data_type %llu, expected FLOAT (1)",
                    ctx, path, name, (unsigned long long)tf.dataType);
  if (!tf.dimsMatch || tf.rank != d->rank) {
    char got[256], want[256];
    formatFileDims(got, sizeof got, &tf);
    dlc_format_dims(want, sizeof want, d->dims, d->rank);
    return dlc_fail("%s: %s: tensor '%s': dims %s, expected %s", ctx, path,
                    name, got, want);
  }
  if (tf.hasRaw && tf.floatCount)
    return dlc_fail("%s: %s: tensor '%s': has both raw_data and float_data",
                    ctx, path, name);
  if (tf.hasRaw && tf.rawLen != bytes)
    return dlc_fail("%s: %s: tensor '%s': raw_data holds %zu bytes, expected "
                    "%zu",
                    ctx, path, name, tf.rawLen, bytes);
  if (!tf.hasRaw && tf.floatCount != bytes / 4)
    return dlc_fail("%s: %s: tensor '%s': %llu float_data values, expected "
                    "%zu",
                    ctx, path, name, (unsigned long long)tf.floatCount,
                    bytes / 4);
  return 0;
}

static void storeLe32(unsigned char *out, const unsigned char *le) {
  uint32_t word = dlc_pb_load_le32(le);
  memcpy(out, &word, 4);
}

void dlc_tensor_copy(const dlc_tensor_bytes *t, unsigned char *out,
                     size_t bytes) {
  dlc_pb_reader r = {t->data, t->data + t->len};
  dlc_pb_field f;
  const char *why;
  const unsigned char *raw = NULL;
  size_t done = 0;
  /* Checked already: raw_data (the last one) or float_data, never both. */
  while (dlc_pb_next(&r, &f, &why) == 1) {
    if (f.number == DLC_TENSOR_RAW_DATA)
      raw = f.data;
    else if (f.number == DLC_TENSOR_FLOAT_DATA)
      for (size_t i = 0; i < f.len && done < bytes; i += 4, done += 4)
        storeLe32(out + done, f.data + i);
  }
  if (!raw)
    return;
  if (dlc_host_little_endian())
    memcpy(out, raw, bytes);
  else
    for (size_t i = 0; i < bytes; i += 4)
      storeLe32(out + i, raw + i);
}
