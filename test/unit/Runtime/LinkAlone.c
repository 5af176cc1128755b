/*===- LinkAlone.c - an app that links libdlcrt and nothing else -----------===*
 *
 * Built at test time with `cc LinkAlone.c libdlcrt.a` (no -lm, no protobuf):
 * every runtime entry point must resolve. Runs init, save, load on argv[1].
 *
 *===----------------------------------------------------------------------===*/
#include "dlc/dlcrt.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  static const int64_t dims[1] = {5};
  const dlc_param_desc desc = {"w", 1, 1, dims, 0, 5, 5,
                               DLC_INIT_GLOROT_UNIFORM};
  float w[5], back[5];
  void *arena = dlc_aligned_alloc(64, 64);
  if (argc != 2 || !arena || !dlc_runtime_version()[0] ||
      dlc_init_params(w, &desc, 1, 1) ||
      dlc_save_onnx(argv[1], "", 0, &desc, 1, w) ||
      dlc_load_onnx(argv[1], &desc, 1, back) || memcmp(w, back, sizeof w)) {
    fprintf(stderr, "LinkAlone: %s\n", dlc_last_error());
    return 1;
  }
  dlc_aligned_free(arena);
  puts("LinkAlone: ok");
  return 0;
}
