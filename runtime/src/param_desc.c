/*===- param_desc.c - checks on dlc_param_desc -----------------------------===*/
#include "param_desc.h"
#include "error.h"

#include <stdio.h>
#include <string.h>

int dlc_check_desc(const char *ctx, const dlc_param_desc *d, size_t index,
                   size_t *bytes) {
  if (!d->name || !d->name[0])
    return dlc_fail("%s: param %zu has no name", ctx, index);
  if (d->onnx_type != DLC_ONNX_FLOAT)
    return dlc_fail("%s: tensor '%s': onnx_type %d is not supported (only "
                    "FLOAT, 1)",
                    ctx, d->name, (int)d->onnx_type);
  if (d->rank < 0 || (d->rank > 0 && !d->dims))
    return dlc_fail("%s: tensor '%s': bad rank %d or no dims", ctx, d->name,
                    (int)d->rank);
  size_t count = 1;
  for (int32_t i = 0; i < d->rank; ++i) {
    int64_t dim = d->dims[i];
    if (dim < 0)
      return dlc_fail("%s: tensor '%s': dim %d is negative (%lld)", ctx,
                      d->name, (int)i, (long long)dim);
    if (dim != 0 && count > SIZE_MAX / sizeof(float) / (uint64_t)dim)
      return dlc_fail("%s: tensor '%s': too large", ctx, d->name);
    count *= (size_t)dim;
  }
  *bytes = count * sizeof(float);
  if (d->offset > SIZE_MAX - *bytes)
    return dlc_fail("%s: tensor '%s': offset %zu + size wraps around", ctx,
                    d->name, d->offset);
  return 0;
}

void dlc_format_dims(char *buf, size_t size, const int64_t *dims,
                     int32_t rank) {
  size_t used = 0;
  if (size == 0)
    return;
  buf[0] = '\0';
  for (int32_t i = -1; i <= rank && used < size; ++i) {
    int w;
    if (i == -1)
      w = snprintf(buf + used, size - used, "[");
    else if (i == rank)
      w = snprintf(buf + used, size - used, "]");
    else
      w = snprintf(buf + used, size - used, "%s%lld", i ? ", " : "",
                   (long long)dims[i]);
    if (w < 0)
      return;
    used += (size_t)w;
  }
}

int dlc_host_little_endian(void) {
  const uint32_t one = 1;
  unsigned char first;
  memcpy(&first, &one, 1);
  return first == 1;
}
