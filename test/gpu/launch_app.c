/* A generic app for one model compiled with `dlc --target=cuda`: zero
 * inputs, device buffers from libdlcrt, RUNS calls of the packed entry point.
 * Built by fake-launch.sh with -DHEADER="m.h" -DM(x)=m_##x -DU(x)=M_##x.
 * With "start" as argv[1] it says so before touching the GPU. */
#include HEADER
#include "dlc/dlcrt.h"
#include "dlc/dlcrt_cuda.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "start") == 0)
    printf("started\n"), fflush(stdout);
  void *args[U(NUM_INPUTS) + U(NUM_OUTPUTS) + 1];
  size_t bytes[] = {U(INPUT_0_ELEMENTS) * 4, U(OUTPUT_0_ELEMENTS) * 4};
  for (int i = 0; i < 2; ++i) {
    args[i] = dlc_cuda_malloc(bytes[i]);
    if (!args[i] && argc < 2) {
      fprintf(stderr, "%s\n", dlc_last_error());
      return 2;
    }
  }
  args[2] = dlc_cuda_malloc(U(ARENA_BYTES));
  for (int run = 0; run < 2; ++run)
    M(run_packed)(args);
  printf("ran\n");
  return 0;
}
