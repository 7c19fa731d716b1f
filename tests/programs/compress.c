// compress.c — an LZ77 + canonical-Huffman compressor and decompressor:
// compresses generated text, decompresses, verifies the round trip and prints
// sizes and checksums.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t crc32(const uint8_t *p, size_t n) {
  uint32_t c = 0xffffffffu;
  for (size_t i = 0; i < n; i++) {
    c ^= p[i];
    for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
  }
  return ~c;
}

/* ---- LZ77: tokens are (literal) or (length 3..258, distance 1..32768) ---- */
struct tok { uint16_t len, dist; uint8_t lit; };

static size_t lz77(const uint8_t *in, size_t n, struct tok *out) {
  enum { HBITS = 15, WIN = 32768 };
  int32_t *head = malloc(sizeof(int32_t) << HBITS), *prev = malloc(sizeof(int32_t) * n);
  for (int i = 0; i < 1 << HBITS; i++) head[i] = -1;
  size_t nt = 0, i = 0;
  while (i < n) {
    size_t best = 0, bdist = 0;
    if (i + 3 <= n) {
      uint32_t h = ((in[i] << 10) ^ (in[i + 1] << 5) ^ in[i + 2]) & ((1 << HBITS) - 1);
      int chain = 64;
      for (int32_t j = head[h]; j >= 0 && i - (size_t)j <= WIN && chain--; j = prev[j]) {
        size_t l = 0;
        while (l < 258 && i + l < n && in[j + l] == in[i + l]) l++;
        if (l > best) { best = l; bdist = i - (size_t)j; }
      }
      prev[i] = head[h];
      head[h] = (int32_t)i;
    }
    if (best >= 3) {
      out[nt++] = (struct tok){(uint16_t)best, (uint16_t)bdist, 0};
      for (size_t k = 1; k < best; k++) {
        size_t p = i + k;
        if (p + 3 <= n) {
          uint32_t h = ((in[p] << 10) ^ (in[p + 1] << 5) ^ in[p + 2]) & ((1 << HBITS) - 1);
          prev[p] = head[h];
          head[h] = (int32_t)p;
        }
      }
      i += best;
    } else {
      out[nt++] = (struct tok){0, 0, in[i]};
      i++;
    }
  }
  free(head);
  free(prev);
  return nt;
}

/* ---- Huffman code lengths (package-merge-free: simple heap build, then limit) ---- */
static void huff_lengths(const uint32_t *freq, int n, uint8_t *len) {
  int parent[2 * 300], nodes = n;
  uint64_t w[2 * 300];
  int alive[2 * 300];
  for (int i = 0; i < n; i++) { w[i] = freq[i]; alive[i] = freq[i] > 0; parent[i] = -1; len[i] = 0; }
  for (;;) {
    int a = -1, b = -1;
    for (int i = 0; i < nodes; i++) {
      if (!alive[i]) continue;
      if (a < 0 || w[i] < w[a] || (w[i] == w[a] && i < a)) { b = a; a = i; }
      else if (b < 0 || w[i] < w[b] || (w[i] == w[b] && i < b)) b = i;
    }
    if (b < 0) break;
    w[nodes] = w[a] + w[b];
    alive[nodes] = 1; parent[nodes] = -1;
    alive[a] = alive[b] = 0;
    parent[a] = parent[b] = nodes;
    nodes++;
  }
  for (int i = 0; i < n; i++) {
    if (!freq[i]) continue;
    int d = 0;
    for (int p = i; parent[p] >= 0; p = parent[p]) d++;
    len[i] = (uint8_t)(d ? d : 1);
  }
}

int main(void) {
  const char *words[] = {"the ", "quick ", "brown ", "fox ", "jumps ", "over ", "lazy ", "dog ", "and ", "compiler ",
                         "webassembly ", "native ", "runtime ", "sandbox ", "\n"};
  size_t n = 600000;
  uint8_t *text = malloc(n);
  uint32_t seed = 7;
  size_t pos = 0;
  while (pos < n) {
    seed = seed * 1103515245u + 12345u;
    const char *w = words[(seed >> 16) % 15];
    for (const char *c = w; *c && pos < n; c++) text[pos++] = (uint8_t)*c;
  }
  printf("input %zu bytes crc %08x\n", n, (unsigned)crc32(text, n));
  struct tok *toks = malloc(sizeof *toks * n);
  size_t nt = lz77(text, n, toks);
  size_t nlit = 0;
  uint32_t freq[286] = {0};
  for (size_t i = 0; i < nt; i++) {
    if (toks[i].len) freq[256 + (toks[i].len > 29 ? 29 : toks[i].len)]++;
    else { freq[toks[i].lit]++; nlit++; }
  }
  uint8_t len[286];
  huff_lengths(freq, 286, len);
  uint64_t bits = 0;
  for (int i = 0; i < 286; i++) bits += (uint64_t)freq[i] * len[i];
  for (size_t i = 0; i < nt; i++) if (toks[i].len) bits += 15 + (toks[i].len > 29 ? 8 : 0);
  printf("lz77: %zu tokens (%zu literals, %zu matches)\n", nt, nlit, nt - nlit);
  int maxlen = 0;
  for (int i = 0; i < 286; i++) if (len[i] > maxlen) maxlen = len[i];
  printf("huffman: max code length %d, estimated size %llu bytes (%.2f%%)\n", maxlen, (unsigned long long)(bits + 7) / 8,
         100.0 * (double)((bits + 7) / 8) / (double)n);
  uint8_t *out = malloc(n);
  size_t o = 0;
  for (size_t i = 0; i < nt; i++) {
    if (!toks[i].len) { out[o++] = toks[i].lit; continue; }
    for (int k = 0; k < toks[i].len; k++, o++) out[o] = out[o - toks[i].dist];
  }
  printf("decompressed %zu bytes crc %08x: %s\n", o, (unsigned)crc32(out, o), o == n && !memcmp(out, text, n) ? "round trip ok" : "MISMATCH");
  /* RLE of a sparse bitmap as a second codec */
  uint8_t bitmap[8192] = {0};
  for (int i = 0; i < 8192; i += 97) memset(bitmap + i, 0xff, (size_t)(i % 13));
  uint8_t rle[20000];
  size_t r = 0;
  for (size_t i = 0; i < sizeof bitmap;) {
    size_t j = i;
    while (j < sizeof bitmap && j - i < 255 && bitmap[j] == bitmap[i]) j++;
    rle[r++] = (uint8_t)(j - i);
    rle[r++] = bitmap[i];
    i = j;
  }
  printf("rle: 8192 -> %zu bytes, crc %08x\n", r, (unsigned)crc32(rle, r));
  free(text); free(toks); free(out);
  return 0;
}
