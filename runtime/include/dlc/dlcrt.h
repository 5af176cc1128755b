/*===- dlcrt.h - the dlc runtime library (C ABI) ----------------------------===
 *
 * What code compiled by dlc and the apps around it share across models.
 * Generated objects themselves need only libc; this library gives apps the
 * helpers every one of them would otherwise write.
 *
 *===------------------------------------------------------------------------===*/
#ifndef DLC_DLCRT_H
#define DLC_DLCRT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The runtime's version, "MAJOR.MINOR.PATCH". */
const char *dlc_runtime_version(void);

/* Allocates `bytes` (at least one) aligned to `align` (a power of two, at
   least sizeof(void *)), for a model's arena or tensors. NULL on failure. */
void *dlc_aligned_alloc(size_t bytes, size_t align);

/* Frees memory from dlc_aligned_alloc; NULL is ignored. */
void dlc_aligned_free(void *ptr);

/*===-- Errors ------------------------------------------------------------===*/

/* The message of the last call on this thread that failed (returned -1);
   "" if none has. The buffer is thread-local and stays valid until the next
   failing call on the same thread. */
const char *dlc_last_error(void);

/*===-- Trainable parameters ----------------------------------------------===*/

/* How dlc_init_params fills one tensor. */
typedef enum {
  DLC_INIT_ZEROS = 0,
  DLC_INIT_HE_UNIFORM = 1,     /* U(-sqrt(6/fan_in), +sqrt(6/fan_in)) */
  DLC_INIT_GLOROT_UNIFORM = 2, /* U(-sqrt(6/(fan_in+fan_out)), +...) */
  DLC_INIT_ONES = 3
} dlc_init_kind;

/* One trainable tensor in the caller-owned parameter buffer (the generated
   header holds a static array of these, in the model's parameter order). */
typedef struct {
  const char *name;        /* ONNX initializer name */
  int32_t onnx_type;       /* onnx.TensorProto.DataType; only FLOAT (1) */
  int32_t rank;            /* 0 for a scalar */
  const int64_t *dims;     /* `rank` sizes, each >= 0 */
  size_t offset;           /* byte offset in the params buffer (dlc aligns
                              it to 64; the runtime does not rely on it) */
  int64_t fan_in, fan_out; /* for the uniform initialisers */
  int32_t init;            /* dlc_init_kind */
} dlc_param_desc;

/* Fills each tensor per its `init` kind. Reproducible: the uniform kinds draw
   from one splitmix64 stream seeded by `seed` and consumed in desc order (one
   64-bit draw per element; ZEROS and ONES draw nothing), and each element
   takes only correctly rounded IEEE-754 operations (sqrt, divide, multiply,
   convert to float), so a seed gives the same bits on every machine. Returns 0, or -1 with dlc_last_error() naming the tensor (bad type,
   dims, init kind or fan) before anything is written. */
int dlc_init_params(void *params, const dlc_param_desc *descs, size_t n,
                    uint64_t seed);

/* Writes an ONNX model to `path`: the serialized onnx.ModelProto `base`
   (`base_len` bytes: the model without its trainable initializers) followed by
   one more top-level `graph` field holding an initializer per desc (name,
   dims, data_type FLOAT, little-endian raw_data), which protobuf parsers merge
   into the base graph. Atomic: writes PATH.tmp-XXXXXX beside it, fsyncs and
   renames it over `path`; the temporary is removed on any failure. Returns 0,
   or -1 with dlc_last_error() naming the path. */
int dlc_save_onnx(const char *path, const void *base, size_t base_len,
                  const dlc_param_desc *descs, size_t n, const void *params);

/* Reads the ONNX model at `path` and copies the initializer named by each
   desc into `params`. Top-level `graph` fields are merged (as protobuf does),
   and if a name occurs more than once the last one wins. Each tensor must be
   FLOAT with the desc's dims, its data in raw_data or float_data (packed or
   not). Returns 0, or -1 with dlc_last_error() naming the path and tensor;
   `params` is written only once every tensor has been found and checked. Any
   file is safe to pass: truncated or garbage input is an error, not a crash. */
int dlc_load_onnx(const char *path, const dlc_param_desc *descs, size_t n,
                  void *params);

#ifdef __cplusplus
}
#endif

#endif /* DLC_DLCRT_H */
