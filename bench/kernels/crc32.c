/* crc32.c — table-driven byte loop (CRC-32, reflected polynomial 0xEDB88320),
 * the shape of checksums, hashes and byte-code decoders:
 *     crc = table[(crc ^ buf[i]) & 0xff] ^ (crc >> 8)
 * with the 256-entry table a LOCAL array filled at the start of the call
 * (in wasm it lives in the shadow stack in linear memory, natively on the
 * native stack).  usage: crc32 [MIB [REPS]]: REPS passes over a MIB MiB
 * buffer of pseudo-random bytes, each pass chained through the previous
 * CRC.  Self-check: CRC-32 of "123456789" is 0xCBF43926 and a bitwise CRC
 * of the first 64 KiB agrees; prints the final CRC. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t rng = 0x2545F4914F6CDD1Dull;
static uint32_t rnd(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return (uint32_t)(rng >> 32); }

__attribute__((noinline)) static uint32_t crc32_table(uint32_t crc, const uint8_t *buf, size_t n) {
  uint32_t table[256];
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = (c & 1) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
    table[i] = c;
  }
  crc = ~crc;
  for (size_t i = 0; i < n; i++) crc = table[(crc ^ buf[i]) & 0xff] ^ (crc >> 8);
  return ~crc;
}

/* the reference: one bit at a time, no table */
static uint32_t crc32_bitwise(uint32_t crc, const uint8_t *buf, size_t n) {
  crc = ~crc;
  for (size_t i = 0; i < n; i++) {
    crc ^= buf[i];
    for (int k = 0; k < 8; k++) crc = (crc & 1) ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
  }
  return ~crc;
}

int main(int argc, char **argv) {
  size_t mib = argc > 1 ? (size_t)atoi(argv[1]) : 8;
  int reps = argc > 2 ? atoi(argv[2]) : 50;
  size_t n = mib << 20;
  uint8_t *buf = malloc(n);
  if (!buf || n < 65536) return 2;
  for (size_t i = 0; i < n; i += 4) {
    uint32_t x = rnd();
    for (size_t k = 0; k < 4 && i + k < n; k++) buf[i + k] = (uint8_t)(x >> (8 * k));
  }
  if (crc32_table(0, (const uint8_t *)"123456789", 9) != 0xCBF43926u ||
      crc32_table(0, buf, 65536) != crc32_bitwise(0, buf, 65536)) {
    printf("FAIL: wrong CRC\n");
    return 1;
  }
  uint32_t crc = 0;
  for (int r = 0; r < reps; r++) crc = crc32_table(crc, buf, n);
  printf("crc32 %zu MiB x %d: %08x\n", mib, reps, crc);
  free(buf);
  return 0;
}
