/*===- save_onnx.c - dlc_save_onnx: base model + trained initializers ------===*
 *
 * The file is the base ModelProto's bytes followed by one more top-level
 * field 7 (graph). Protobuf merges a message field that occurs twice, and
 * concatenates repeated fields, so a parser sees the base graph with these
 * initializers added:
 *
 *   ModelProto.graph (7, LEN) = GraphProto {
 *     initializer (5, LEN) = TensorProto {
 *       dims (1, VARINT) ...   one per dim, unpacked as onnx.proto (proto2)
 *       data_type (2) = 1      FLOAT
 *       name (8, LEN)
 *       raw_data (9, LEN)      little-endian float32
 *     } ...
 *   }
 *
 *===----------------------------------------------------------------------===*/
#include "dlc/dlcrt.h"
#include "atomic_file.h"
#include "error.h"
#include "onnx_fields.h"
#include "param_desc.h"
#include "pb_wire.h"

#include <string.h>

static const char *const kCtx = "dlc_save_onnx";

/* A LEN field's size: tag (one byte for our field numbers), length, payload. */
static uint64_t lenFieldSize(uint64_t payload) {
  return 1 + dlc_pb_varint_size(payload) + payload;
}

static uint64_t tensorPayloadSize(const dlc_param_desc *d, size_t bytes) {
  uint64_t size = 2; /* data_type: tag + 1 */
  for (int32_t i = 0; i < d->rank; ++i)
    size += 1 + dlc_pb_varint_size((uint64_t)d->dims[i]);
  size += lenFieldSize(strlen(d->name));
  size += lenFieldSize(bytes);
  return size;
}

static void putVarint(dlc_atomic_file *f, uint64_t value) {
  unsigned char buf[10];
  dlc_atomic_write(f, buf, dlc_pb_put_varint(buf, value));
}

static void putLenHeader(dlc_atomic_file *f, uint32_t field, uint64_t len) {
  putVarint(f, dlc_pb_tag(field, DLC_PB_LEN));
  putVarint(f, len);
}

/* raw_data is little-endian whatever the host is. */
static void putFloats(dlc_atomic_file *f, const unsigned char *data,
                      size_t bytes) {
  if (dlc_host_little_endian()) {
    dlc_atomic_write(f, data, bytes);
    return;
  }
  for (size_t i = 0; i < bytes; i += 4) {
    unsigned char le[4] = {data[i + 3], data[i + 2], data[i + 1], data[i]};
    dlc_atomic_write(f, le, 4);
  }
}

static void putTensor(dlc_atomic_file *f, const dlc_param_desc *d,
                      size_t bytes, const void *params) {
  putLenHeader(f, DLC_GRAPH_INITIALIZER, tensorPayloadSize(d, bytes));
  for (int32_t i = 0; i < d->rank; ++i) {
    putVarint(f, dlc_pb_tag(DLC_TENSOR_DIMS, DLC_PB_VARINT));
    putVarint(f, (uint64_t)d->dims[i]);
  }
  putVarint(f, dlc_pb_tag(DLC_TENSOR_DATA_TYPE, DLC_PB_VARINT));
  putVarint(f, DLC_ONNX_FLOAT);
  size_t nameLen = strlen(d->name);
  putLenHeader(f, DLC_TENSOR_NAME, nameLen);
  dlc_atomic_write(f, d->name, nameLen);
  putLenHeader(f, DLC_TENSOR_RAW_DATA, bytes);
  putFloats(f, (const unsigned char *)params + d->offset, bytes);
}

/* The base must at least be well-formed protobuf, or the file would be
   garbage that no parser reads. */
static int checkBase(const char *path, const void *base, size_t len) {
  dlc_pb_reader r = {base, (const unsigned char *)base + len};
  dlc_pb_field field;
  const char *why;
  int got;
  while ((got = dlc_pb_next(&r, &field, &why)) == 1)
    ;
  if (got == 0)
    return 0;
  return dlc_fail("%s: %s: the base model is not a serialized ModelProto (%s "
                  "at byte %zu)",
                  kCtx, path, why, (size_t)(r.p - (const unsigned char *)base));
}

int dlc_save_onnx(const char *path, const void *base, size_t base_len,
                  const dlc_param_desc *descs, size_t n, const void *params) {
  if (!path || !path[0])
    return dlc_fail("%s: no path", kCtx);
  if ((base_len && !base) || (n && (!descs || !params)))
    return dlc_fail("%s: %s: NULL base, descs or params", kCtx, path);
  if (checkBase(path, base, base_len))
    return -1;
  uint64_t graphSize = 0;
  for (size_t i = 0; i < n; ++i) {
    size_t bytes;
    if (dlc_check_desc(kCtx, &descs[i], i, &bytes))
      return -1;
    graphSize += lenFieldSize(tensorPayloadSize(&descs[i], bytes));
  }
  dlc_atomic_file f;
  if (dlc_atomic_open(&f, kCtx, path))
    return -1;
  dlc_atomic_write(&f, base, base_len);
  putLenHeader(&f, DLC_MODEL_GRAPH, graphSize);
  for (size_t i = 0; i < n; ++i) {
    size_t bytes;
    dlc_check_desc(kCtx, &descs[i], i, &bytes);
    putTensor(&f, &descs[i], bytes, params);
  }
  return dlc_atomic_commit(&f);
}
