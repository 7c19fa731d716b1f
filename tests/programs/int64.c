// int64.c — 64-bit integer workhorse: hashing, PRNG, modular exponentiation,
// Miller-Rabin primality, gcd, bit tricks, overflow-checked arithmetic.
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

static uint64_t splitmix(uint64_t *s) {
  uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/* a*b mod m without __int128 division (see docs/porting.md: Debian's wasm32
 * compiler-rt __umodti3 needs a stack protector wasi-libc lacks). */
static uint64_t mulmod(uint64_t a, uint64_t b, uint64_t m) {
  uint64_t r = 0;
  a %= m;
  while (b) {
    if (b & 1) r = r >= m - a ? r - (m - a) : r + a;
    a = a >= m - a ? a - (m - a) : a + a;
    b >>= 1;
  }
  return r;
}
static uint64_t powmod(uint64_t b, uint64_t e, uint64_t m) {
  uint64_t r = 1;
  b %= m;
  while (e) { if (e & 1) r = mulmod(r, b, m); b = mulmod(b, b, m); e >>= 1; }
  return r;
}
static int is_prime(uint64_t n) {
  if (n < 2) return 0;
  static const uint64_t bases[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37};
  for (int i = 0; i < 12; i++) if (n % bases[i] == 0) return n == bases[i];
  uint64_t d = n - 1;
  int r = 0;
  while (!(d & 1)) { d >>= 1; r++; }
  for (int i = 0; i < 12; i++) {
    uint64_t x = powmod(bases[i], d, n);
    if (x == 1 || x == n - 1) continue;
    int comp = 1;
    for (int j = 1; j < r && comp; j++) { x = mulmod(x, x, n); if (x == n - 1) comp = 0; }
    if (comp) return 0;
  }
  return 1;
}
static uint64_t gcd(uint64_t a, uint64_t b) { while (b) { uint64_t t = a % b; a = b; b = t; } return a; }

int main(void) {
  uint64_t s = 42;
  uint64_t h = 0xcbf29ce484222325ULL;
  for (int i = 0; i < 1000000; i++) { uint64_t v = splitmix(&s); h = (h ^ v) * 0x100000001b3ULL; }
  printf("fnv over 1e6 splitmix outputs: %016" PRIx64 "\n", h);
  int count = 0;
  uint64_t last = 0;
  for (uint64_t n = 1000000000000ULL; n < 1000000000000ULL + 2000; n++) if (is_prime(n)) { count++; last = n; }
  printf("primes in [1e12, 1e12+2000): %d, last %" PRIu64 "\n", count, last);
  printf("2^61-1 prime? %d  2^62-1 prime? %d\n", is_prime((1ULL << 61) - 1), is_prime((1ULL << 62) - 1));
  printf("powmod(3, 10^18, 1e9+7) = %" PRIu64 "\n", powmod(3, 1000000000000000000ULL, 1000000007));
  printf("gcd = %" PRIu64 "\n", gcd(1234567890123456789ULL, 987654321987654321ULL));
  int64_t vals[] = {INT64_MAX, INT64_MIN, -1, 0x7fffffff, -0x80000000LL, 1234567890123LL};
  for (int i = 0; i < 6; i++) {
    int64_t v = vals[i];
    int64_t r;
    printf("%" PRId64 ": /7=%" PRId64 " %%7=%" PRId64 " >>3=%" PRId64 " u>>3=%" PRIu64 " clz=%d ctz=%d pop=%d add_ovf=%d\n",
           v, v / 7, v % 7, v >> 3, (uint64_t)v >> 3, v ? __builtin_clzll((uint64_t)v) : 64,
           v ? __builtin_ctzll((uint64_t)v) : 64, __builtin_popcountll((uint64_t)v),
           __builtin_add_overflow(v, v, &r));
  }
  uint64_t x = 0x0123456789abcdefULL;
  printf("bswap %016" PRIx64 " rotl13 %016" PRIx64 "\n", __builtin_bswap64(x), (x << 13) | (x >> 51));
  uint32_t a32 = 0xffffffffu;
  uint64_t wide = (uint64_t)a32 * a32;
  int32_t neg = -5;
  printf("u32*u32=%" PRIu64 " sext=%" PRId64 " zext=%" PRIu64 " trunc=%u\n", wide, (int64_t)neg, (uint64_t)(uint32_t)neg,
         (unsigned)(uint32_t)0x1234567890ULL);
  unsigned __int128 w = (unsigned __int128)0xfedcba9876543210ULL * 0x0123456789abcdefULL;
  printf("128-bit product hi %016" PRIx64 " lo %016" PRIx64 "\n", (uint64_t)(w >> 64), (uint64_t)w);
  double d = 9007199254740993.0;
  printf("i64<->f64: %" PRId64 " %" PRIu64 " %.1f %.1f\n", (int64_t)d, (uint64_t)1e19, (double)(int64_t)-9007199254740993LL,
         (double)UINT64_MAX);
  return 0;
}
