/* loop_alias.c — loops that LLVM vectorises, run on overlapping and
 * disjoint pointers into the same array.  Checks the loop-pointer handling of
 * compiler/nowrap.c: each loop pointer gets its own view of linear memory, so
 * pointers that do overlap must still be caught by the vectoriser's runtime
 * checks (the output must equal the native run's).  It also checks that
 * wasmc -O2 vectorises them: 11 loops at the time of writing, 7 without
 * nowrap.c. */
// expect-vectorized: 10
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define N 1024

static double d[N + 64];
static int32_t w[N + 64];
static uint8_t bytes[N + 64];

__attribute__((noinline)) static void axpy(double *c, const double *b, double a, int n) {
  for (int j = 0; j < n; j++) c[j] += a * b[j];
}

__attribute__((noinline)) static void add_int(int32_t *dst, const int32_t *x, const int32_t *y, int n) {
  for (int j = 0; j < n; j++) dst[j] = x[j] + 3 * y[j];
}

__attribute__((noinline)) static void copy_bytes(uint8_t *dst, const uint8_t *src, int n) {
  for (int j = 0; j < n; j++) dst[j] = (uint8_t)(src[j] + 1);
}

__attribute__((noinline)) static void pairs(double *c, const double *b, int n) {
  /* interleaved (stride 2) accesses through two pointers */
  for (int j = 0; j < n; j += 2) {
    c[j] = c[j] + b[j + 1];
    c[j + 1] = c[j + 1] * 0.5 + b[j];
  }
}

__attribute__((noinline)) static int64_t prefix(int32_t *a, int n) {
  /* a loop-carried dependence through one pointer: must stay sequential */
  int64_t s = 0;
  for (int j = 1; j < n; j++) { a[j] += a[j - 1]; s += a[j]; }
  return s;
}

static void reset(void) {
  for (int i = 0; i < N + 64; i++) {
    d[i] = (double)((i * 37) % 101) - 50.0;
    w[i] = (i * 7919) % 1000 - 500;
    bytes[i] = (uint8_t)(i * 13);
  }
}

static uint64_t hash_bytes(const void *p, size_t n) {
  const uint8_t *b = p;
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 1099511628211ull;
  return h;
}

int main(void) {
  static const int shifts[] = {-33, -9, -8, -7, -3, -2, -1, 0, 1, 2, 3, 7, 8, 9, 33};
  for (unsigned k = 0; k < sizeof shifts / sizeof shifts[0]; k++) {
    int s = shifts[k];
    reset();
    axpy(d + 32 + s, d + 32, 1.5, N - 64);
    uint64_t h1 = hash_bytes(d, sizeof d);
    reset();
    add_int(w + 32 + s, w + 32, w + 32 - s / 2, N - 64);
    uint64_t h2 = hash_bytes(w, sizeof w);
    reset();
    copy_bytes(bytes + 32 + s, bytes + 32, N - 64);
    uint64_t h3 = hash_bytes(bytes, sizeof bytes);
    reset();
    pairs(d + 32 + s, d + 32, N - 64);
    uint64_t h4 = hash_bytes(d, sizeof d);
    printf("shift %3d: %016llx %016llx %016llx %016llx\n", s, (unsigned long long)h1, (unsigned long long)h2,
           (unsigned long long)h3, (unsigned long long)h4);
  }
  reset();
  printf("prefix %lld\n", (long long)prefix(w, N));
  reset();
  memmove(d + 1, d, 100 * sizeof(double)); /* the libc path, for contrast */
  printf("memmove %016llx\n", (unsigned long long)hash_bytes(d, sizeof d));
  return 0;
}
