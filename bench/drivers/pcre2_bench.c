/* pcre2_bench.c — PCRE2 (Debian's pcre2 10.42 sources, 8-bit library, the
 * interpreter: no JIT, which does not exist for wasm) matching regular
 * expressions over a generated corpus.  usage: pcre2_bench [MiB [ITERS]]
 * Each iteration compiles every pattern and counts its non-overlapping
 * matches over the whole corpus.  The counts must be the same in every
 * iteration, two of them must equal counts computed here without PCRE2
 * (newlines; "status=404"), and are printed with a checksum of the capture
 * offsets (so every engine must find the same matches). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "corpus.h"
#define PCRE2_CODE_UNIT_WIDTH 8
#include "pcre2.h"

static const struct {
  const char *re;
  uint32_t opts;
} patterns[] = {
    {"\\n", 0},
    {"status=404", 0},
    {"(\\d{4})-(\\d{2})-(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2}) \\[WARN\\]", 0},
    {"\\b(?:ka|lo|mi)\\w*(?:ent|ist)\\b", 0},
    {"^\\d+,\\d+\\.\\d{2},[a-z]+,-?\\d+$", PCRE2_MULTILINE},
    {"id=([0-9a-f]{8}) status=200 bytes=(6\\d{4})", 0},
    {"(?i)\\bTHE?\\w{2,6}\\s+(\\w+)\\s+\\1\\b", 0},
    {"[^\\x20-\\x7e\\n]{8,}", 0},
};
#define NPAT (sizeof patterns / sizeof patterns[0])

static size_t count_literal(const unsigned char *s, size_t n, const char *lit) {
  size_t k = strlen(lit), c = 0;
  for (size_t i = 0; i + k <= n;) {
    if (memcmp(s + i, lit, k) == 0) { c++; i += k; } else i++;
  }
  return c;
}

int main(int argc, char **argv) {
  size_t n = (size_t)((argc > 1 ? atof(argv[1]) : 4) * 1048576);
  int iters = argc > 2 ? atoi(argv[2]) : 2;
  unsigned char *src = malloc(n);
  corpus_fill(src, n);
  printf("corpus %zu bytes crc %08x\n", n, crc32_of(src, n));
  size_t first[NPAT];
  uint32_t sums[NPAT];
  for (int it = 0; it < iters; it++) {
    for (size_t p = 0; p < NPAT; p++) {
      int err;
      PCRE2_SIZE erroff;
      pcre2_code *re = pcre2_compile((PCRE2_SPTR)patterns[p].re, PCRE2_ZERO_TERMINATED, patterns[p].opts, &err, &erroff, NULL);
      if (!re) { printf("FAIL: pattern %zu does not compile (error %d at %zu)\n", p, err, (size_t)erroff); return 1; }
      pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
      size_t count = 0, off = 0;
      uint32_t sum = 0;
      for (;;) {
        int rc = pcre2_match(re, src, n, off, 0, md, NULL);
        if (rc == PCRE2_ERROR_NOMATCH) break;
        if (rc < 0) { printf("FAIL: pattern %zu: match error %d\n", p, rc); return 1; }
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        count++;
        for (int g = 0; g < 2 * rc; g++) sum = sum * 31 + (uint32_t)ov[g];
        off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
        if (off > n) break;
      }
      pcre2_match_data_free(md);
      pcre2_code_free(re);
      if (it == 0) {
        first[p] = count;
        sums[p] = sum;
        printf("pattern %zu: %zu matches, offsets hash %08x\n", p, count, sum);
      } else if (count != first[p] || sum != sums[p]) {
        printf("FAIL: pattern %zu: %zu matches in iteration %d, %zu in the first\n", p, count, it, first[p]);
        return 1;
      }
    }
  }
  if (first[0] != count_literal(src, n, "\n") || first[1] != count_literal(src, n, "status=404")) {
    puts("FAIL: counts differ from the direct count");
    return 1;
  }
  for (size_t p = 2; p < NPAT; p++)
    if (first[p] == 0) { printf("FAIL: pattern %zu never matched\n", p); return 1; }
  return 0;
}
