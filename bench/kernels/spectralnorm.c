/* spectralnorm.c — spectral norm of the infinite matrix A(i,j)=1/((i+j)(i+j+1)/2+i+1)
 * by the power method (after the Computer Language Benchmarks Game).
 * usage: spectralnorm [N]   Self-check: 1.2742241... within 1e-4 for N >= 100,
 * and the published 9-digit values for N = 100 and 5500. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double A(int i, int j) { return 1.0 / ((i + j) * (i + j + 1) / 2 + i + 1); }
static void mulAv(int n, const double *v, double *av) {
  for (int i = 0; i < n; i++) { double s = 0; for (int j = 0; j < n; j++) s += A(i, j) * v[j]; av[i] = s; }
}
static void mulAtv(int n, const double *v, double *atv) {
  for (int i = 0; i < n; i++) { double s = 0; for (int j = 0; j < n; j++) s += A(j, i) * v[j]; atv[i] = s; }
}
static void mulAtAv(int n, const double *v, double *out, double *tmp) { mulAv(n, v, tmp); mulAtv(n, tmp, out); }

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 3000;
  double *u = malloc(n * sizeof(double)), *v = malloc(n * sizeof(double)), *tmp = malloc(n * sizeof(double));
  for (int i = 0; i < n; i++) u[i] = 1;
  for (int i = 0; i < 10; i++) { mulAtAv(n, u, v, tmp); mulAtAv(n, v, u, tmp); }
  double vBv = 0, vv = 0;
  for (int i = 0; i < n; i++) { vBv += u[i] * v[i]; vv += v[i] * v[i]; }
  char s[64];
  snprintf(s, sizeof s, "%0.9f", sqrt(vBv / vv));
  printf("spectralnorm n=%d %s\n", n, s);
  if (n >= 100 && fabs(sqrt(vBv / vv) - 1.2742241) > 1e-4) { puts("FAIL"); return 1; }
  if ((n == 100 && strcmp(s, "1.274219991")) || (n == 5500 && strcmp(s, "1.274224153"))) { puts("FAIL"); return 1; }
  return 0;
}
