/* brotli_bench.c — Brotli (Debian's brotli 1.0.9 sources) compressing and
 * decompressing a generated corpus.  usage: brotli_bench [MiB [ITERS]]
 * Each iteration compresses the corpus (quality 5, quality 9 every third
 * iteration; 4 MiB window) and decompresses it back three times; every round
 * trip must be exact.  Prints the compressed sizes and a CRC-32 of the
 * compressed streams. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "corpus.h"
#include <brotli/decode.h>
#include <brotli/encode.h>

int main(int argc, char **argv) {
  size_t n = (size_t)((argc > 1 ? atof(argv[1]) : 4) * 1048576);
  int iters = argc > 2 ? atoi(argv[2]) : 2;
  unsigned char *src = malloc(n), *back = malloc(n);
  size_t cap = BrotliEncoderMaxCompressedSize(n);
  unsigned char *z = malloc(cap);
  corpus_fill(src, n);
  printf("corpus %zu bytes crc %08x\n", n, crc32_of(src, n));
  for (int it = 0; it < iters; it++) {
    int quality = it % 3 == 2 ? 9 : 5;
    size_t zn = cap;
    if (!BrotliEncoderCompress(quality, 22, BROTLI_MODE_GENERIC, n, src, &zn, z)) { puts("FAIL: compress"); return 1; }
    for (int d = 0; d < 3; d++) {
      size_t bn = n;
      memset(back, 0, n);
      if (BrotliDecoderDecompress(zn, z, &bn, back) != BROTLI_DECODER_RESULT_SUCCESS || bn != n || memcmp(back, src, n)) {
        puts("FAIL: round trip");
        return 1;
      }
    }
    printf("quality %d: %zu -> %zu bytes, crc %08x\n", quality, n, zn, crc32_of(z, zn));
  }
  return 0;
}
