/*
 * wrt_memcpy.c — memcpy, memmove and memset for the musl flavour of the
 * x86-64 runtime (`--libc=musl`, docs/cli.md "C library").
 *
 * Generated code calls the C library's memmove for memory.copy, memset for
 * memory.fill, and memcpy/memmove/memset where compiler/libc_fast.c replaced
 * the guest's own byte loops.  glibc picks a vector version for the CPU at
 * start-up; musl 1.2.3 has one `rep movsq` version for every size, which
 * made Lua's string benchmark spend 9.8% of its samples in memcpy (glibc:
 * 0.8%).  These are what glibc's x86-64 "vec_unaligned_erms" family does, with
 * the baseline's SSE2 (no CPU dispatch):
 *   - up to 128 bytes: load every 16-byte block first (the first and last
 *     ones overlapping), then store them: no branch per byte and no loop,
 *     and correct for overlapping ranges because nothing is stored before
 *     everything was loaded;
 *   - longer copies: 64 bytes per iteration, forward when the destination is
 *     below the source (or the ranges are disjoint), backward otherwise, the
 *     block at the other end loaded before the loop;
 *   - from 2 KiB on, forward: `rep movsb` (`rep stosb` for memset), which
 *     CPUs with ERMS/FSRM (Intel since Ivy Bridge, AMD since Zen 3) run at
 *     cache-line speed; a backward overlapping copy keeps the loop.
 * The C standard's contracts: memcpy(dst, src, n) copies n bytes and returns
 * dst (here also correct when the ranges overlap, as memmove), memset stores
 * (unsigned char)c n times and returns dst.
 *
 * AArch64 (aarch64-linux-musl) keeps musl's own: its memcpy and memset are
 * the Arm optimized-routines assembly (ldp/stp, NEON), as fast as glibc's
 * generic AArch64 ones, and its memmove calls that memcpy unless the ranges
 * overlap (docs/cli.md "C library").
 *
 * The functions are always built as wrt_memmove_sse2 / wrt_memset_sse2 on
 * x86-64, so that the unit test (tests/unit/test-runtime-memcpy.c) checks
 * them in the glibc build too; only the musl build names them memcpy,
 * memmove and memset.  This file is compiled with -fno-builtin: the loops
 * must not become calls to the functions they implement.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h> /* a libc header first: glibc's defines __GLIBC__ */

#if defined(__x86_64__)
#include <emmintrin.h>

#include "wrt_internal.h"

typedef __m128i vec;
static inline vec ld(const unsigned char *p) { return _mm_loadu_si128((const vec *)p); }
static inline void st(unsigned char *p, vec v) { _mm_storeu_si128((vec *)p, v); }

/* copies of 64 bytes and more at which `rep movsb` / `rep stosb` take over */
#define REP_THRESHOLD 2048

/* 64 bytes, loaded before they are stored */
static inline void copy_block64(unsigned char *d, const unsigned char *s) {
  vec a = ld(s), b = ld(s + 16), c = ld(s + 32), e = ld(s + 48);
  st(d, a);
  st(d + 16, b);
  st(d + 32, c);
  st(d + 48, e);
}

/* n <= 128, any overlap: every block loaded before the first store */
static inline void copy_small(unsigned char *d, const unsigned char *s, size_t n) {
  if (n <= 16) {
    if (n >= 8) {
      uint64_t a, b;
      __builtin_memcpy(&a, s, 8);
      __builtin_memcpy(&b, s + n - 8, 8);
      __builtin_memcpy(d, &a, 8);
      __builtin_memcpy(d + n - 8, &b, 8);
    } else if (n >= 4) {
      uint32_t a, b;
      __builtin_memcpy(&a, s, 4);
      __builtin_memcpy(&b, s + n - 4, 4);
      __builtin_memcpy(d, &a, 4);
      __builtin_memcpy(d + n - 4, &b, 4);
    } else if (n >= 2) {
      uint16_t a, b;
      __builtin_memcpy(&a, s, 2);
      __builtin_memcpy(&b, s + n - 2, 2);
      __builtin_memcpy(d, &a, 2);
      __builtin_memcpy(d + n - 2, &b, 2);
    } else if (n == 1) {
      *d = *s;
    }
  } else if (n <= 32) {
    vec a = ld(s), b = ld(s + n - 16);
    st(d, a);
    st(d + n - 16, b);
  } else if (n <= 64) {
    vec a = ld(s), b = ld(s + 16), c = ld(s + n - 32), e = ld(s + n - 16);
    st(d, a);
    st(d + 16, b);
    st(d + n - 32, c);
    st(d + n - 16, e);
  } else {
    vec a = ld(s), b = ld(s + 16), c = ld(s + 32), e = ld(s + 48);
    vec f = ld(s + n - 64), g = ld(s + n - 48), h = ld(s + n - 32), i = ld(s + n - 16);
    st(d, a);
    st(d + 16, b);
    st(d + 32, c);
    st(d + 48, e);
    st(d + n - 64, f);
    st(d + n - 48, g);
    st(d + n - 32, h);
    st(d + n - 16, i);
  }
}

void *wrt_memmove_sse2(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  if (n <= 128) {
    copy_small(d, s, n);
    return dst;
  }
  /* forward is correct unless the destination starts inside the source */
  bool forward = (uintptr_t)d - (uintptr_t)s >= n;
  if (forward) {
    if (n >= REP_THRESHOLD) {
      /* byte-wise forward semantics: also right for d < s overlapping */
      __asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
      return dst;
    }
    /* the last 64 bytes, loaded before any store may overwrite them */
    vec t0 = ld(s + n - 64), t1 = ld(s + n - 48), t2 = ld(s + n - 32), t3 = ld(s + n - 16);
    unsigned char *tail = d + n - 64;
    for (size_t i = 0; i + 64 < n; i += 64) copy_block64(d + i, s + i);
    st(tail, t0);
    st(tail + 16, t1);
    st(tail + 32, t2);
    st(tail + 48, t3);
  } else {
    /* backward: the first 64 bytes are loaded before the loop; each block
     * is loaded before it is stored, and earlier stores only reach above it */
    vec h0 = ld(s), h1 = ld(s + 16), h2 = ld(s + 32), h3 = ld(s + 48);
    size_t at = n;
    while (at > 128) {
      at -= 64;
      copy_block64(d + at, s + at);
    }
    copy_block64(d + at - 64, s + at - 64); /* 64 < at <= 128: overlaps the head */
    st(d, h0);
    st(d + 16, h1);
    st(d + 32, h2);
    st(d + 48, h3);
  }
  return dst;
}

void *wrt_memset_sse2(void *dst, int c, size_t n) {
  unsigned char *d = dst;
  uint64_t b8 = 0x0101010101010101ull * (unsigned char)c;
  if (n < 16) {
    if (n >= 8) {
      __builtin_memcpy(d, &b8, 8);
      __builtin_memcpy(d + n - 8, &b8, 8);
    } else if (n >= 4) {
      uint32_t b4 = (uint32_t)b8;
      __builtin_memcpy(d, &b4, 4);
      __builtin_memcpy(d + n - 4, &b4, 4);
    } else if (n >= 2) {
      uint16_t b2 = (uint16_t)b8;
      __builtin_memcpy(d, &b2, 2);
      __builtin_memcpy(d + n - 2, &b2, 2);
    } else if (n == 1) {
      *d = (unsigned char)c;
    }
    return dst;
  }
  vec v = _mm_set1_epi8((char)c);
  if (n <= 32) {
    st(d, v);
    st(d + n - 16, v);
  } else if (n <= 64) {
    st(d, v);
    st(d + 16, v);
    st(d + n - 32, v);
    st(d + n - 16, v);
  } else if (n >= REP_THRESHOLD) {
    unsigned char *p = d;
    __asm__ volatile("rep stosb" : "+D"(p), "+c"(n) : "a"(c) : "memory");
  } else {
    for (size_t i = 0; i + 64 < n; i += 64) {
      st(d + i, v);
      st(d + i + 16, v);
      st(d + i + 32, v);
      st(d + i + 48, v);
    }
    st(d + n - 64, v);
    st(d + n - 48, v);
    st(d + n - 32, v);
    st(d + n - 16, v);
  }
  return dst;
}

#if !defined(__GLIBC__)
#include <string.h> /* the prototypes */
/* musl: these replace libc.a's memcpy.o, memmove.o and memset.o (the
 * runtime library comes first on the link line) */
void *memcpy(void *restrict dst, const void *restrict src, size_t n) { return wrt_memmove_sse2(dst, src, n); }
void *memmove(void *dst, const void *src, size_t n) { return wrt_memmove_sse2(dst, src, n); }
void *memset(void *dst, int c, size_t n) { return wrt_memset_sse2(dst, c, n); }
#endif
#endif
