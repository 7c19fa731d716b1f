/* bzip2_bench.c — libbz2 (Debian's bzip2 1.0.8 sources) compressing and
 * decompressing a generated corpus.  usage: bzip2_bench [MiB [ITERS]]
 * Block size 900k (alternating with 100k..900k); exact round trip required. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bzlib.h"
#include "corpus.h"

int main(int argc, char **argv) {
  size_t n = (size_t)((argc > 1 ? atof(argv[1]) : 8) * 1048576);
  int iters = argc > 2 ? atoi(argv[2]) : 2;
  unsigned char *src = malloc(n), *back = malloc(n);
  unsigned cap = (unsigned)(n + n / 50 + 1024);
  char *z = malloc(cap);
  corpus_fill(src, n);
  printf("corpus %zu bytes crc %08x\n", n, crc32_of(src, n));
  for (int it = 0; it < iters; it++) {
    int block = it % 2 ? 1 + it % 9 : 9;
    unsigned zn = cap, bn = (unsigned)n;
    if (BZ2_bzBuffToBuffCompress(z, &zn, (char *)src, (unsigned)n, block, 0, 0) != BZ_OK) { puts("FAIL: compress"); return 1; }
    memset(back, 0, n);
    if (BZ2_bzBuffToBuffDecompress((char *)back, &bn, z, zn, 0, 0) != BZ_OK || bn != n || memcmp(back, src, n)) { puts("FAIL: round trip"); return 1; }
    printf("block %d00k: %zu -> %u bytes, crc %08x\n", block, n, zn, crc32_of((unsigned char *)z, zn));
  }
  return 0;
}
