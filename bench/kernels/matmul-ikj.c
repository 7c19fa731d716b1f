/* matmul-ikj.c — double-precision matrix multiply in i-k-j order, unblocked,
 * over arrays from malloc/calloc, through a function that cannot see where
 * they come from (the shape of a library routine):
 *     for i, k, j:  c[i*n+j] += a[i*n+k] * b[k*n+j]
 * The inner loop (over j) reads a[i*n+k] at the same address every time: a
 * store to c could change it, as far as the compiler knows.
 * usage: matmul-ikj [N [REPS]]: REPS products of two N x N matrices, each
 * into a fresh calloc'd C.  Self-check: 64 entries of every C recomputed as
 * dot products in the same order (so bit-for-bit equal); prints the trace
 * and a sum over every C. */
#include <stdio.h>
#include <stdlib.h>

static unsigned long long rng = 0x9E3779B97F4A7C15ull;
static double rnd(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return (double)(rng >> 11) / 9007199254740992.0 - 0.5; }

__attribute__((noinline)) static void matmul_ikj(int n, double *c, const double *a, const double *b) {
  for (int i = 0; i < n; i++)
    for (int k = 0; k < n; k++)
      for (int j = 0; j < n; j++) c[i * n + j] += a[i * n + k] * b[k * n + j];
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 512, reps = argc > 2 ? atoi(argv[2]) : 8;
  if (n < 8 || n > 4096 || reps < 1) return 2;
  size_t nn = (size_t)n * n;
  double *a = malloc(sizeof(double) * nn), *b = malloc(sizeof(double) * nn);
  if (!a || !b) return 2;
  for (size_t i = 0; i < nn; i++) { a[i] = rnd(); b[i] = rnd(); }
  double sum = 0, tr = 0;
  for (int r = 0; r < reps; r++) {
    double *c = calloc(nn, sizeof(double));
    if (!c) return 2;
    matmul_ikj(n, c, a, b);
    for (int t = 0; t < 64; t++) {
      int i = (int)((unsigned)(r * 131 + t * 977) % (unsigned)n), j = (int)((unsigned)(r * 71 + t * 389) % (unsigned)n);
      double s = 0;
      for (int k = 0; k < n; k++) s += a[i * n + k] * b[k * n + j];
      if (s != c[i * n + j]) { printf("FAIL: c[%d][%d] = %.17g, expected %.17g\n", i, j, c[i * n + j], s); return 1; }
    }
    for (int i = 0; i < n; i++) tr += c[i * n + i];
    for (size_t i = 0; i < nn; i += 7) sum += c[i];
    free(c);
    a[(size_t)r * 7919 % nn] += 1e-3; /* every product distinct */
  }
  printf("matmul-ikj n=%d reps=%d trace=%.9e sum=%.9e\n", n, reps, tr, sum);
  return 0;
}
