/* matmul.c — dense double-precision matrix multiply (blocked i-k-j loops),
 * repeated; self-check with Freivalds' test (C*x == A*(B*x) for a fixed x).
 * usage: matmul [N [REPS]]   prints a checksum of C; exit 1 on a failed check. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static unsigned long long rng = 88172645463325252ull;
static double rnd(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return (double)(rng >> 11) / 9007199254740992.0 - 0.5; }

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 512, reps = argc > 2 ? atoi(argv[2]) : 6;
  double *a = malloc(sizeof(double) * n * n), *b = malloc(sizeof(double) * n * n), *c = malloc(sizeof(double) * n * n);
  for (int i = 0; i < n * n; i++) { a[i] = rnd(); b[i] = rnd(); }
  double sum = 0;
  const int BS = 64;
  for (int r = 0; r < reps; r++) {
    for (int i = 0; i < n * n; i++) c[i] = 0;
    for (int ii = 0; ii < n; ii += BS)
      for (int kk = 0; kk < n; kk += BS)
        for (int i = ii; i < ii + BS && i < n; i++)
          for (int k = kk; k < kk + BS && k < n; k++) {
            double aik = a[i * n + k];
            const double *brow = b + k * n;
            double *crow = c + i * n;
            for (int j = 0; j < n; j++) crow[j] += aik * brow[j];
          }
    sum += c[(r * 7919) % (n * n)];
    a[r % (n * n)] += 1e-3; /* make every repetition distinct */
  }
  a[(reps - 1) % (n * n)] -= 1e-3; /* A as used in the last repetition */
  /* Freivalds: C x == A (B x) */
  double *x = malloc(sizeof(double) * n), *bx = malloc(sizeof(double) * n);
  for (int i = 0; i < n; i++) x[i] = rnd();
  for (int i = 0; i < n; i++) { double s = 0; for (int j = 0; j < n; j++) s += b[i * n + j] * x[j]; bx[i] = s; }
  double maxerr = 0, tr = 0;
  for (int i = 0; i < n; i++) {
    double s1 = 0, s2 = 0;
    for (int j = 0; j < n; j++) { s1 += c[i * n + j] * x[j]; s2 += a[i * n + j] * bx[j]; }
    if (fabs(s1 - s2) > maxerr) maxerr = fabs(s1 - s2);
    tr += c[i * n + i];
  }
  printf("matmul n=%d reps=%d trace=%.9e sum=%.9e\n", n, reps, tr, sum);
  if (!(maxerr < 1e-6 * n)) { printf("FAIL: Freivalds error %g\n", maxerr); return 1; }
  return 0;
}
