/* tests/limits/time.sh: a loop the vectorizer turns into packed SSE code.
 * With --interruptible it must stay vectorised and be checked: the
 * interruption check of an executable's loops is placed after optimisation
 * (compiler/emit_limits.c wcc_place_loop_interrupts). */
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) void axpy(float *y, const float *x, float a, int n) {
  for (int i = 0; i < n; i++) y[i] += a * x[i];
}

int main(int argc, char **argv) {
  int n = 1 << 16, reps = argc > 1 ? atoi(argv[1]) : 200;
  float *x = malloc(sizeof *x * (size_t)n), *y = malloc(sizeof *y * (size_t)n);
  if (!x || !y) return 1;
  for (int i = 0; i < n; i++) x[i] = (float)(i % 97), y[i] = 1.0f;
  for (int r = 0; r < reps; r++) axpy(y, x, 0.25f, n);
  printf("%.2f %.2f\n", y[1], y[n - 1]);
  return 0;
}
