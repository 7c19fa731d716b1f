/* xz_bench.c — liblzma (Debian's xz-utils 5.4.1 sources) compressing and
 * decompressing a generated corpus in the .xz format.  usage: xz_bench [MiB [ITERS]]
 * Preset 6 (alternating with presets 0..9), CRC64 check; exact round trip. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "corpus.h"
#include "lzma.h"

int main(int argc, char **argv) {
  size_t n = (size_t)((argc > 1 ? atof(argv[1]) : 8) * 1048576);
  int iters = argc > 2 ? atoi(argv[2]) : 2;
  unsigned char *src = malloc(n), *back = malloc(n);
  size_t cap = lzma_stream_buffer_bound(n);
  unsigned char *z = malloc(cap);
  corpus_fill(src, n);
  printf("corpus %zu bytes crc %08x\n", n, crc32_of(src, n));
  for (int it = 0; it < iters; it++) {
    uint32_t preset = it % 2 ? (uint32_t)(it % 7) : 6;
    size_t zn = 0, bn = 0, in_pos = 0;
    if (lzma_easy_buffer_encode(preset, LZMA_CHECK_CRC64, NULL, src, n, z, &zn, cap) != LZMA_OK) { puts("FAIL: encode"); return 1; }
    uint64_t memlimit = UINT64_MAX;
    memset(back, 0, n);
    if (lzma_stream_buffer_decode(&memlimit, 0, NULL, z, &in_pos, zn, back, &bn, n) != LZMA_OK || bn != n || memcmp(back, src, n)) { puts("FAIL: round trip"); return 1; }
    printf("preset %u: %zu -> %zu bytes, crc %08x\n", preset, n, zn, crc32_of(z, zn));
  }
  return 0;
}
