/*===- pb_wire.h - protobuf wire format, reading and writing (internal) ----===*
 *
 * Just enough of https://protobuf.dev/programming-guides/encoding/ for the
 * ONNX parameter files: varints, tags, and walking a message's fields with
 * every length checked against the bytes that are there.
 *
 *===----------------------------------------------------------------------===*/
#ifndef DLCRT_PB_WIRE_H
#define DLCRT_PB_WIRE_H

#include <stddef.h>
#include <stdint.h>

enum {
  DLC_PB_VARINT = 0,
  DLC_PB_FIXED64 = 1,
  DLC_PB_LEN = 2,
  DLC_PB_START_GROUP = 3,
  DLC_PB_END_GROUP = 4,
  DLC_PB_FIXED32 = 5
};

/* The bytes of one message still to read. */
typedef struct {
  const unsigned char *p, *end;
} dlc_pb_reader;

/* One field as read. VARINT: `value`. FIXED64 / FIXED32 / LEN: `data` and
   `len` (8, 4 or the payload's length). START_GROUP: `data` and `len` span
   the group's fields, without its end tag. */
typedef struct {
  uint32_t number;
  uint32_t wire;
  uint64_t value;
  const unsigned char *data;
  size_t len;
} dlc_pb_field;

/* Reads the next field of `r`. Returns 1 with *f set, 0 at the end of the
   message, or -1 with *why set to a static description if the bytes are not
   well-formed protobuf (r->p then points where the bad field starts). */
int dlc_pb_next(dlc_pb_reader *r, dlc_pb_field *f, const char **why);

/* Reads one varint at *p (before `end`), advancing *p. 0, or -1 if it is
   truncated or longer than ten bytes / 64 bits. */
int dlc_pb_read_varint(const unsigned char **p, const unsigned char *end,
                       uint64_t *value);

/* The little-endian 32-bit word at `p`. */
uint32_t dlc_pb_load_le32(const unsigned char *p);

/* How many bytes dlc_pb_put_varint writes for `value` (1 to 10). */
size_t dlc_pb_varint_size(uint64_t value);

/* Writes `value` as a varint at `out`; returns the bytes written. */
size_t dlc_pb_put_varint(unsigned char *out, uint64_t value);

/* The tag of field `number` with wire type `wire`, as a varint value. */
static inline uint64_t dlc_pb_tag(uint32_t number, uint32_t wire) {
  return ((uint64_t)number << 3) | wire;
}

#endif /* DLCRT_PB_WIRE_H */
