/* zstd_bench.c — Zstandard (Debian's libzstd 1.5.4 sources) compressing and
 * decompressing a generated corpus.  usage: zstd_bench [MiB [ITERS]]
 * Each iteration compresses the corpus (level 3, level 9 every third
 * iteration) and decompresses it back three times; every round trip must be
 * exact.  Prints the compressed sizes and a CRC-32 of the compressed frames. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "corpus.h"
#include "zstd.h"

int main(int argc, char **argv) {
  size_t n = (size_t)((argc > 1 ? atof(argv[1]) : 8) * 1048576);
  int iters = argc > 2 ? atoi(argv[2]) : 2;
  unsigned char *src = malloc(n), *back = malloc(n);
  size_t cap = ZSTD_compressBound(n);
  unsigned char *z = malloc(cap);
  corpus_fill(src, n);
  printf("corpus %zu bytes crc %08x\n", n, crc32_of(src, n));
  for (int it = 0; it < iters; it++) {
    int level = it % 3 == 2 ? 9 : 3;
    size_t zn = ZSTD_compress(z, cap, src, n, level);
    if (ZSTD_isError(zn)) { printf("FAIL: compress: %s\n", ZSTD_getErrorName(zn)); return 1; }
    for (int d = 0; d < 3; d++) {
      memset(back, 0, n);
      size_t bn = ZSTD_decompress(back, n, z, zn);
      if (ZSTD_isError(bn) || bn != n || memcmp(back, src, n)) { puts("FAIL: round trip"); return 1; }
    }
    printf("level %d: %zu -> %zu bytes, crc %08x\n", level, n, zn, crc32_of(z, zn));
  }
  return 0;
}
