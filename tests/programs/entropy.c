// entropy.c — a key generator: draws random bytes with getentropy (WASI
// random_get), checks they are not all zeros and that two draws differ, then
// derives a "fingerprint" whose properties (not value) are printed.
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  unsigned char a[256], b[256];
  memset(a, 0, sizeof a);
  memset(b, 0, sizeof b);
  int r1 = getentropy(a, sizeof a);
  int r2 = getentropy(b, sizeof b);
  printf("getentropy returned %d and %d\n", r1, r2);
  int nonzero = 0, distinct = 0;
  int seen[256] = {0};
  for (int i = 0; i < 256; i++) {
    nonzero += a[i] != 0;
    if (!seen[a[i]]++) distinct++;
  }
  printf("first draw all zeros: %s\n", nonzero ? "no" : "YES");
  printf("first draw has more than 64 distinct byte values: %s\n", distinct > 64 ? "yes" : "no");
  printf("two draws identical: %s\n", memcmp(a, b, sizeof a) ? "no" : "YES");
  int ones = 0;
  for (int i = 0; i < 256; i++) ones += __builtin_popcount(a[i]) + __builtin_popcount(b[i]);
  printf("bit balance plausible (3600..4600 of 4096 expected): %s\n", ones > 3600 && ones < 4600 ? "yes" : "no");
  unsigned char big[300];
  printf("getentropy(300 bytes) rejected: %s\n", getentropy(big, sizeof big) != 0 ? "yes" : "no");
  return 0;
}
