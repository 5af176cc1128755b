/*===- pb_wire.c - protobuf wire format, reading and writing ---------------===*/
#include "pb_wire.h"

/* Groups (wire types 3/4, deprecated, unused by ONNX) are skipped like any
   unknown field, but only this deep, so that garbage cannot recurse far. */
#define DLC_PB_MAX_GROUP_DEPTH 32

int dlc_pb_read_varint(const unsigned char **p, const unsigned char *end,
                       uint64_t *value) {
  uint64_t v = 0;
  const unsigned char *q = *p;
  for (unsigned shift = 0; shift < 64; shift += 7) {
    if (q == end)
      return -1;
    unsigned char byte = *q++;
    /* The tenth byte holds only bit 63. */
    if (shift == 63 && byte > 1)
      return -1;
    v |= (uint64_t)(byte & 0x7f) << shift;
    if (!(byte & 0x80)) {
      *p = q;
      *value = v;
      return 0;
    }
  }
  return -1;
}

uint32_t dlc_pb_load_le32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

size_t dlc_pb_varint_size(uint64_t value) {
  size_t n = 1;
  while (value >= 0x80) {
    value >>= 7;
    ++n;
  }
  return n;
}

size_t dlc_pb_put_varint(unsigned char *out, uint64_t value) {
  size_t n = 0;
  while (value >= 0x80) {
    out[n++] = (unsigned char)(value | 0x80);
    value >>= 7;
  }
  out[n++] = (unsigned char)value;
  return n;
}

static int readTag(dlc_pb_reader *r, uint32_t *number, uint32_t *wire,
                   const char **why) {
  uint64_t tag;
  if (dlc_pb_read_varint(&r->p, r->end, &tag)) {
    *why = "truncated or overlong tag";
    return -1;
  }
  if (tag >> 3 == 0 || tag >> 3 > 0x1fffffff) {
    *why = "field number out of range";
    return -1;
  }
  *number = (uint32_t)(tag >> 3);
  *wire = (uint32_t)(tag & 7);
  return 0;
}

/* Reads the payload of a field whose tag has been read (all but END_GROUP). */
static int readPayload(dlc_pb_reader *r, dlc_pb_field *f, int depth,
                       const char **why);

/* Skips the fields of a group up to and including its end tag, whose start
   it stores in *endTag. */
static int skipGroup(dlc_pb_reader *r, uint32_t number, int depth,
                     const unsigned char **endTag, const char **why) {
  if (depth >= DLC_PB_MAX_GROUP_DEPTH) {
    *why = "groups nested too deep";
    return -1;
  }
  for (;;) {
    if (r->p == r->end) {
      *why = "group has no end tag";
      return -1;
    }
    dlc_pb_field inner;
    *endTag = r->p;
    if (readTag(r, &inner.number, &inner.wire, why))
      return -1;
    if (inner.wire == DLC_PB_END_GROUP) {
      if (inner.number == number)
        return 0;
      *why = "end-group tag does not match its group";
      return -1;
    }
    if (readPayload(r, &inner, depth + 1, why))
      return -1;
  }
}

static int readPayload(dlc_pb_reader *r, dlc_pb_field *f, int depth,
                       const char **why) {
  size_t left = (size_t)(r->end - r->p);
  switch (f->wire) {
  case DLC_PB_VARINT:
    if (dlc_pb_read_varint(&r->p, r->end, &f->value)) {
      *why = "truncated or overlong varint";
      return -1;
    }
    return 0;
  case DLC_PB_FIXED64:
  case DLC_PB_FIXED32:
    f->len = f->wire == DLC_PB_FIXED64 ? 8 : 4;
    if (left < f->len) {
      *why = "truncated fixed-width field";
      return -1;
    }
    f->data = r->p;
    r->p += f->len;
    return 0;
  case DLC_PB_LEN: {
    uint64_t len;
    if (dlc_pb_read_varint(&r->p, r->end, &len)) {
      *why = "truncated length";
      return -1;
    }
    if (len > (uint64_t)(r->end - r->p)) {
      *why = "length runs past the end of its message";
      return -1;
    }
    f->data = r->p;
    f->len = (size_t)len;
    r->p += f->len;
    return 0;
  }
  case DLC_PB_START_GROUP: {
    const unsigned char *endTag;
    f->data = r->p;
    if (skipGroup(r, f->number, depth, &endTag, why))
      return -1;
    f->len = (size_t)(endTag - f->data);
    return 0;
  }
  case DLC_PB_END_GROUP:
    *why = "end-group tag outside a group";
    return -1;
  default:
    *why = "invalid wire type";
    return -1;
  }
}

int dlc_pb_next(dlc_pb_reader *r, dlc_pb_field *f, const char **why) {
  if (r->p == r->end)
    return 0;
  const unsigned char *start = r->p;
  f->value = 0;
  f->data = NULL;
  f->len = 0;
  if (readTag(r, &f->number, &f->wire, why) ||
      readPayload(r, f, 0, why)) {
    r->p = start;
    return -1;
  }
  return 1;
}
