/* sort.c — sorting: an introsort (quicksort + heapsort + insertion sort) of
 * 32-bit keys, a stable merge sort of (key, index) records, and libc qsort
 * of strings through a comparison callback (an indirect call per compare).
 * usage: sort [N [ROUNDS]]
 * Self-check: each result is ordered, the merge sort is stable, and the
 * multiset of keys is preserved (sum and xor). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 0x243F6A8885A308D3ull;
static uint32_t rnd(void) { rng ^= rng >> 12; rng ^= rng << 25; rng ^= rng >> 27; return (uint32_t)((rng * 2685821657736338717ull) >> 32); }

static void isort(uint32_t *a, long n) { for (long i = 1; i < n; i++) { uint32_t v = a[i]; long j = i; while (j > 0 && a[j - 1] > v) { a[j] = a[j - 1]; j--; } a[j] = v; } }
static void sift(uint32_t *a, long i, long n) { for (;;) { long c = 2 * i + 1; if (c >= n) return; if (c + 1 < n && a[c + 1] > a[c]) c++; if (a[i] >= a[c]) return; uint32_t t = a[i]; a[i] = a[c]; a[c] = t; i = c; } }
static void hsort(uint32_t *a, long n) { for (long i = n / 2 - 1; i >= 0; i--) sift(a, i, n); for (long i = n - 1; i > 0; i--) { uint32_t t = a[0]; a[0] = a[i]; a[i] = t; sift(a, 0, i); } }
static void intro(uint32_t *a, long n, int depth) {
  while (n > 16) {
    if (depth-- == 0) { hsort(a, n); return; }
    uint32_t x = a[0], y = a[n / 2], z = a[n - 1];
    uint32_t p = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
    long i = 0, j = n - 1;
    for (;;) { while (a[i] < p) i++; while (a[j] > p) j--; if (i >= j) break; uint32_t t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
    intro(a, j + 1, depth); a += j + 1; n -= j + 1;
  }
  isort(a, n);
}
typedef struct { uint32_t key, idx; } rec;
static void msort(rec *a, rec *tmp, long n) {
  if (n < 2) return;
  long h = n / 2; msort(a, tmp, h); msort(a + h, tmp, n - h);
  long i = 0, j = h, k = 0;
  while (i < h && j < n) tmp[k++] = (a[j].key < a[i].key) ? a[j++] : a[i++];
  while (i < h) tmp[k++] = a[i++];
  while (j < n) tmp[k++] = a[j++];
  memcpy(a, tmp, n * sizeof *a);
}
static int cmpstr(const void *x, const void *y) { return strcmp(*(char *const *)x, *(char *const *)y); }

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 4000000;
  int rounds = argc > 2 ? atoi(argv[2]) : 3;
  uint32_t *a = malloc(n * 4);
  rec *r = malloc(n * sizeof *r), *tmp = malloc(n * sizeof *tmp);
  long ns = n / 8;
  char **s = malloc(ns * sizeof *s), *pool = malloc(ns * 24);
  uint64_t check = 0;
  for (int round = 0; round < rounds; round++) {
    uint64_t sum = 0, x = 0;
    for (long i = 0; i < n; i++) { a[i] = rnd(); sum += a[i]; x ^= a[i]; }
    intro(a, n, 64);
    for (long i = 1; i < n; i++) if (a[i - 1] > a[i]) { puts("FAIL: introsort order"); return 1; }
    for (long i = 0; i < n; i++) { sum -= a[i]; x ^= a[i]; }
    if (sum || x) { puts("FAIL: introsort lost keys"); return 1; }
    for (long i = 0; i < n; i++) { r[i].key = rnd() % 100000; r[i].idx = (uint32_t)i; }
    msort(r, tmp, n);
    for (long i = 1; i < n; i++) if (r[i - 1].key > r[i].key || (r[i - 1].key == r[i].key && r[i - 1].idx > r[i].idx)) { puts("FAIL: merge sort"); return 1; }
    for (long i = 0; i < ns; i++) { s[i] = pool + i * 24; snprintf(s[i], 24, "k%08x-%u", rnd(), (unsigned)(i % 977)); }
    qsort(s, ns, sizeof *s, cmpstr);
    for (long i = 1; i < ns; i++) if (strcmp(s[i - 1], s[i]) > 0) { puts("FAIL: qsort"); return 1; }
    check = check * 1000003 + a[n / 3] + r[n / 2].idx + (uint8_t)s[ns / 2][3];
  }
  printf("sort n=%ld rounds=%d checksum %016llx\n", n, rounds, (unsigned long long)check);
  return 0;
}
