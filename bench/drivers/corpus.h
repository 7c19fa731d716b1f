/* corpus.h — a deterministic test corpus for the compression drivers (no
 * files, no randomness from the host): prose made of a Zipf-distributed
 * vocabulary, CSV-like numeric records, a log-like section with timestamps,
 * and short runs of incompressible bytes; and a CRC-32 for checksums. */
#ifndef BENCH_CORPUS_H
#define BENCH_CORPUS_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t corpus_rng = 0x853C49E6748FEA9Bull;
static uint32_t corpus_rand(void) {
  corpus_rng = corpus_rng * 6364136223846793005ull + 1442695040888963407ull;
  uint32_t x = (uint32_t)(((corpus_rng >> 18) ^ corpus_rng) >> 27), r = (uint32_t)(corpus_rng >> 59);
  return (x >> r) | (x << ((-r) & 31));
}

/* Fill buf[0..n) deterministically. */
static void corpus_fill(unsigned char *buf, size_t n) {
  static const char *syl[] = {"ka", "lo", "mi", "ne", "tor", "sa", "ren", "di", "qu", "ax", "pel", "un",
                              "ist", "or", "va", "be", "ch", "ent", "ly", "ro", "ma", "zi", "po", "th"};
  char vocab[4096][16];
  for (int i = 0; i < 4096; i++) {
    int k = 1 + (int)(corpus_rand() % 4);
    vocab[i][0] = 0;
    for (int j = 0; j < k; j++) strcat(vocab[i], syl[corpus_rand() % 24]);
  }
  size_t pos = 0;
  char line[256];
  while (pos < n) {
    uint32_t kind = corpus_rand() % 16;
    int len = 0;
    if (kind < 9) { /* prose: Zipf-ish word choice */
      int words = 6 + (int)(corpus_rand() % 12);
      for (int w = 0; w < words && len < 200; w++) {
        uint32_t r = corpus_rand();
        uint32_t id = (r & 0xFFF) * ((r >> 12) & 0xFFF) >> 12; /* skewed to small ids */
        len += snprintf(line + len, sizeof line - len, w ? " %s" : "%s", vocab[id & 4095]);
      }
      len += snprintf(line + len, sizeof line - len, ".\n");
    } else if (kind < 12) { /* CSV record */
      len = snprintf(line, sizeof line, "%u,%u.%02u,%s,%d\n", corpus_rand() % 100000, corpus_rand() % 1000,
                     corpus_rand() % 100, vocab[corpus_rand() % 64], (int)(corpus_rand() % 2001) - 1000);
    } else if (kind < 15) { /* log line */
      uint32_t t = corpus_rand() % 86400;
      len = snprintf(line, sizeof line, "2024-01-%02u %02u:%02u:%02u [%s] request id=%08x status=%u bytes=%u\n",
                     1 + corpus_rand() % 28, t / 3600, t / 60 % 60, t % 60, (corpus_rand() & 3) ? "INFO" : "WARN",
                     corpus_rand(), (corpus_rand() & 7) ? 200 : 404, corpus_rand() % 65536);
    } else { /* incompressible bytes */
      len = 16 + (int)(corpus_rand() % 112);
      for (int i = 0; i < len; i++) line[i] = (char)corpus_rand();
    }
    if ((size_t)len > n - pos) len = (int)(n - pos);
    memcpy(buf + pos, line, (size_t)len);
    pos += (size_t)len;
  }
}

static uint32_t crc32_of(const unsigned char *p, size_t n) {
  static uint32_t table[256];
  if (!table[1])
    for (uint32_t i = 0; i < 256; i++) {
      uint32_t c = i;
      for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      table[i] = c;
    }
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; i++) c = table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}
#endif
