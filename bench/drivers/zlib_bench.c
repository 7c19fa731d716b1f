/* zlib_bench.c — zlib (Debian's zlib 1.2.13 sources) compressing and
 * decompressing a generated corpus.  usage: zlib_bench [MiB [ITERS]]
 * Each iteration deflates the corpus (level 6, a different level 1..9 for
 * every third iteration) and inflates it back; the round trip must be exact.
 * Prints the compressed sizes and a CRC-32 of the compressed streams. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "corpus.h"
#include "zlib.h"

int main(int argc, char **argv) {
  size_t n = (size_t)((argc > 1 ? atof(argv[1]) : 16) * 1048576);
  int iters = argc > 2 ? atoi(argv[2]) : 3;
  unsigned char *src = malloc(n), *back = malloc(n);
  uLongf cap = compressBound(n);
  unsigned char *z = malloc(cap);
  corpus_fill(src, n);
  uint32_t crc = crc32_of(src, n);
  printf("corpus %zu bytes crc %08x\n", n, crc);
  for (int it = 0; it < iters; it++) {
    int level = it % 3 == 2 ? 1 + it % 9 : 6;
    uLongf zn = cap, bn = n;
    if (compress2(z, &zn, src, n, level) != Z_OK) { puts("FAIL: compress2"); return 1; }
    memset(back, 0, n);
    if (uncompress(back, &bn, z, zn) != Z_OK || bn != n || memcmp(back, src, n)) { puts("FAIL: round trip"); return 1; }
    printf("level %d: %lu -> %lu bytes, crc %08x\n", level, (unsigned long)n, (unsigned long)zn, crc32_of(z, zn));
  }
  return 0;
}
