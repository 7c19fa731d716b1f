// memfns.c — libc memcpy, memmove and memset at every small size, alignment
// and (memmove) overlap in both directions, plus a few large copies; memcmp
// with the first difference at every position (its sign: glibc and musl
// return different magnitudes).  wasmc
// recognises wasi-libc's versions of these functions and gives them a fast
// path (compiler/lower_func.c); the output must equal the native build's.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char buf[4096];

static void fill(void) {
  for (size_t i = 0; i < sizeof buf; i++) buf[i] = (unsigned char)(i * 131 + 7);
}

static uint32_t fnv(void) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < sizeof buf; i++) h = (h ^ buf[i]) * 16777619u;
  return h;
}

int main(int argc, char **argv) {
  (void)argv;
  volatile size_t scale = (size_t)argc; /* 1: keeps sizes opaque to the compiler */
  uint32_t h = 0;
  fill();
  for (size_t n = 0; n <= 80 * scale; n++)
    for (size_t da = 0; da < 4; da++)
      for (size_t sa = 0; sa < 4; sa++) {
        unsigned char *r = memcpy(buf + 1024 + da, buf + 64 + sa, n);
        if (r != buf + 1024 + da) { printf("memcpy returned a wrong pointer\n"); return 1; }
        h = h * 31 + fnv();
      }
  printf("memcpy  %08x\n", h);
  h = 0;
  fill();
  for (size_t n = 0; n <= 70 * scale; n += 3)
    for (int delta = -9; delta <= 9; delta++) {
      unsigned char *d = buf + 512 + delta;
      unsigned char *r = memmove(d, buf + 512, n);
      if (r != d) { printf("memmove returned a wrong pointer\n"); return 1; }
      h = h * 31 + fnv();
    }
  printf("memmove %08x\n", h);
  h = 0;
  fill();
  for (size_t n = 0; n <= 100 * scale; n++)
    for (size_t da = 0; da < 4; da++) {
      unsigned char *r = memset(buf + 2048 + da, (int)(n * 37 + da + 0x100), n);
      if (r != buf + 2048 + da) { printf("memset returned a wrong pointer\n"); return 1; }
      h = h * 31 + fnv();
    }
  printf("memset  %08x\n", h);
  h = 0;
  fill();
  memcpy(buf + 3000, buf + 100, 300);
  for (size_t n = 0; n <= 90 * scale; n++)
    for (size_t at = 0; at <= n; at++) {
      int before = memcmp(buf + 100, buf + 3000, n);
      unsigned char save = buf[3000 + at];
      buf[3000 + at] = (unsigned char)(save + (at % 2 ? 0x7f : 0x81));
      int r = memcmp(buf + 100, buf + 3000, n);
      buf[3000 + at] = save;
      h = h * 3 + (unsigned)((r > 0) - (r < 0) + 1) + (before != 0) * 7;
    }
  printf("memcmp  %08x\n", h);
  /* large copies: 1 MiB both ways through an overlapping memmove */
  size_t big = (1u << 20) * scale;
  unsigned char *p = malloc(big + 4096);
  if (!p) return 1;
  for (size_t i = 0; i < big + 4096; i++) p[i] = (unsigned char)(i ^ (i >> 9));
  memmove(p + 4093, p, big);
  memmove(p + 1, p + 4000, big);
  memcpy(p + big / 2, p, big / 2);
  memset(p + 100, 0xa5, big / 3);
  uint32_t hb = 2166136261u;
  for (size_t i = 0; i < big + 4096; i++) hb = (hb ^ p[i]) * 16777619u;
  printf("large   %08x\n", hb);
  free(p);
  return 0;
}
