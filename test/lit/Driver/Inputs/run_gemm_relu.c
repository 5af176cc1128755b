/* Calls the model compiled from gemm-relu.onnxtxt (as gemm_relu.o) and prints
   its output. */
#include "gemm_relu.h"

#include <stdio.h>
#include <stdlib.h>

int main(void) {
  /* Rows [2, 1] and [1, -1]:
     [2,1] . W = [2+4, 4+5, 6+6] = [6, 9, 12], + 0.5 -> [6.5, 9.5, 12.5];
     [1,-1] . W = [1-4, 2-5, 3-6] = [-3, -3, -3], + 0.5 -> -2.5, Relu -> 0. */
  const float x[GEMM_RELU_INPUT_0_ELEMENTS] = {2, 1, 1, -1};
  float y[GEMM_RELU_OUTPUT_0_ELEMENTS];
  /* aligned_alloc wants a multiple of the alignment (and at least one). */
  size_t bytes = (GEMM_RELU_ARENA_BYTES / GEMM_RELU_ARENA_ALIGN + 1) *
                 GEMM_RELU_ARENA_ALIGN;
  void *arena = aligned_alloc(GEMM_RELU_ARENA_ALIGN, bytes);
  if (!arena)
    return 2;
  gemm_relu_run(x, y, arena);
  for (int i = 0; i < GEMM_RELU_OUTPUT_0_ELEMENTS; ++i)
    printf("y[%d] = %.3f\n", i, y[i]);
  free(arena);
  return 0;
}
