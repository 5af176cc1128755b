/*===- param_desc.h - checks on dlc_param_desc (internal) ------------------===*/
#ifndef DLCRT_PARAM_DESC_H
#define DLCRT_PARAM_DESC_H

#include "dlc/dlcrt.h"

/* onnx.TensorProto.DataType.FLOAT, the only type the runtime handles. */
#define DLC_ONNX_FLOAT 1

/* Checks `d` (descs[index]): a name, FLOAT, rank >= 0, dims >= 0, and a byte
   size that fits a size_t and offset + size without wrapping. Sets *bytes.
   On failure calls dlc_fail("<ctx>: ...") and returns -1. */
int dlc_check_desc(const char *ctx, const dlc_param_desc *d, size_t index,
                   size_t *bytes);

/* Formats dims as "[2, 3]" into buf (truncated to size). */
void dlc_format_dims(char *buf, size_t size, const int64_t *dims,
                     int32_t rank);

/* 1 where the host stores a uint32_t least significant byte first. */
int dlc_host_little_endian(void);

#endif /* DLCRT_PARAM_DESC_H */
