/* fannkuch.c — fannkuch-redux (after the Computer Language Benchmarks Game):
 * permutations, pancake flips.  usage: fannkuch [N]   Self-check against the
 * published checksum / max-flips for N = 7..12. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 11;
  if (n < 3 || n > 15) return 2;
  int perm[16], perm1[16], count[16];
  int maxflips = 0, checksum = 0, permcount = 0, r = n;
  for (int i = 0; i < n; i++) perm1[i] = i;
  for (;;) {
    while (r != 1) { count[r - 1] = r; r--; }
    for (int i = 0; i < n; i++) perm[i] = perm1[i];
    int flips = 0, k;
    while ((k = perm[0]) != 0) {
      for (int i = 0, j = k; i < j; i++, j--) { int t = perm[i]; perm[i] = perm[j]; perm[j] = t; }
      flips++;
    }
    if (flips > maxflips) maxflips = flips;
    checksum += (permcount % 2 == 0) ? flips : -flips;
    for (;;) {
      if (r == n) goto done;
      int p0 = perm1[0];
      for (int i = 0; i < r; i++) perm1[i] = perm1[i + 1];
      perm1[r] = p0;
      if (--count[r] > 0) break;
      r++;
    }
    permcount++;
  }
done:
  printf("%d\nPfannkuchen(%d) = %d\n", checksum, n, maxflips);
  static const int want[][2] = {{228, 16}, {1616, 22}, {8629, 30}, {73196, 38}, {556355, 51}, {3968050, 65}};
  if (n >= 7 && n <= 12 && (checksum != want[n - 7][0] || maxflips != want[n - 7][1])) { puts("FAIL"); return 1; }
  return 0;
}
