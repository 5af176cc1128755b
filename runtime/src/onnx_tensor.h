/*===- onnx_tensor.h - one serialized TensorProto, checked and copied ------===*
 *
 * (internal) What dlc_load_onnx needs of an initializer: its name, then,
 * against a dlc_param_desc, its type, dims and data (raw_data, or float_data
 * packed or not), and the copy into the parameter buffer.
 *
 *===----------------------------------------------------------------------===*/
#ifndef DLCRT_ONNX_TENSOR_H
#define DLCRT_ONNX_TENSOR_H

#include "dlc/dlcrt.h"

/* A TensorProto's bytes. `file` is where the whole file starts, for the byte
   offsets in messages. */
typedef struct {
  const unsigned char *data;
  size_t len;
  const unsigned char *file;
} dlc_tensor_bytes;

/* Finds the tensor's name (the last name field, as protobuf keeps). Returns
   0 with *name / *nameLen set (NULL / 0 if it has none), or -1 after
   dlc_fail("<ctx>: <path>: ...") if its bytes are malformed. */
int dlc_tensor_name(const dlc_tensor_bytes *t, const char *ctx,
                    const char *path, const unsigned char **name,
                    size_t *nameLen);

/* Checks the tensor against `d` (`bytes` = its size): FLOAT, the same dims,
   data held in the file (not external) in raw_data or float_data, of the
   right size. 0, or -1 after dlc_fail naming the path and tensor. */
int dlc_tensor_check(const dlc_tensor_bytes *t, const dlc_param_desc *d,
                     size_t bytes, const char *ctx, const char *path);

/* Copies a tensor that passed dlc_tensor_check to `out` (`bytes` long). */
void dlc_tensor_copy(const dlc_tensor_bytes *t, unsigned char *out,
                     size_t bytes);

#endif /* DLCRT_ONNX_TENSOR_H */
