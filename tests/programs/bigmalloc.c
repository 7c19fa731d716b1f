// bigmalloc.c — an image-buffer pool: allocates hundreds of MB (memory.grow in
// wasm), touches every page, frees, and checks that an impossible request
// fails with NULL instead of crashing.
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *volatile keep;

static uint32_t sum_pages(const unsigned char *p, size_t n) {
  uint32_t s = 0;
  for (size_t i = 0; i < n; i += 4096) s = s * 31 + p[i];
  return s;
}

int main(void) {
  size_t sizes[] = {64u << 20, 128u << 20, 200u << 20};
  unsigned char *bufs[3];
  size_t total = 0;
  for (int i = 0; i < 3; i++) {
    bufs[i] = malloc(sizes[i]);
    if (!bufs[i]) { printf("allocation %d of %zu MB failed\n", i, sizes[i] >> 20); return 1; }
    memset(bufs[i], 0x11 * (i + 1), sizes[i]);
    for (size_t k = 0; k < sizes[i]; k += 4096) bufs[i][k] = (unsigned char)(k >> 12);
    total += sizes[i];
    printf("buffer %d: %zu MB, page checksum %08x\n", i, sizes[i] >> 20, (unsigned)sum_pages(bufs[i], sizes[i]));
  }
  printf("holding %zu MB\n", total >> 20);
  printf("last byte of buffer 2: 0x%02x\n", bufs[2][sizes[2] - 1]);
  free(bufs[1]);
  unsigned char *again = calloc(100, 1u << 20);
  printf("calloc 100 MB after free: %s, zeroed=%d\n", again ? "ok" : "NULL",
         again ? (again[0] == 0 && again[(100u << 20) - 1] == 0) : -1);
  free(again);
  /* Impossible: more than the whole address space of a wasm32 module (and
   * absurd natively).  Must return NULL, not trap. */
  size_t huge = SIZE_MAX / 2;
  void *p = keep = malloc(huge); /* `keep` stops clang from eliding the call */
  printf("malloc(SIZE_MAX/2): %s\n", p ? "succeeded?!" : "NULL as expected");
  p = keep = malloc(SIZE_MAX - 64);
  printf("malloc(SIZE_MAX-64): %s\n", p ? "succeeded?!" : "NULL as expected");
  void *r = realloc(bufs[0], SIZE_MAX - 4096);
  printf("realloc to huge: %s, old block %s\n", r ? "succeeded?!" : "NULL", bufs[0][4096] == 1 ? "intact" : "damaged");
  free(bufs[0]);
  free(bufs[2]);
  return 0;
}
