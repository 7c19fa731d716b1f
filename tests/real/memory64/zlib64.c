/*
 * tests/real/memory64/zlib64.c — Debian's zlib 1.2.13 (tests/real/fetch.sh
 * zlib) driven through its streaming API, for tests/real/memory64.sh.
 *
 * Built twice from the same sources: for wasm64-unknown-unknown (the
 * memory64 proposal: every pointer, size_t and unsigned long is 64 bits, so
 * every load and store takes an i64 address, and with -mbulk-memory zlib's
 * copies and fills become 64-bit memory.copy/memory.fill) and natively
 * (x86-64, LP64 as well, so zlib's uLong results are the same values).  zlib
 * is compiled with Z_SOLO: no C library, allocation through the zalloc/zfree
 * hooks, which here are a bump allocator over a static arena.  There is no
 * wasm64 wasi-libc, so the module has no imports; the driver
 * (zlib64_driver.c) calls the exports below.
 *
 * Exports (all arguments and results are integers; sizes in bytes):
 *   z64_case(seed, size, level, strategy, wbits, chunk, flush) -> u64
 *       deflate `size` bytes of corpus `seed` (deflateInit2: level 0..9,
 *       strategy Z_DEFAULT_STRATEGY..Z_FIXED, windowBits `wbits`: 9..15
 *       zlib, -9..-15 raw, 25..31 gzip; memLevel 1 + seed % 9), feeding and
 *       draining `chunk` bytes at a time, with a Z_SYNC_FLUSH (flush 1), a
 *       Z_FULL_FLUSH (2) or a deflateParams change of level (3) halfway;
 *       inflate it back the same way and compare.  Returns the CRC-32 of the
 *       compressed stream << 32 | its length, or Z64_FAIL | step | zlib's
 *       code on any failure.
 *   z64_sums(seed, size, split) -> u64
 *       adler32 << 32 | crc32 of the corpus, each computed whole, then as
 *       two pieces joined by adler32_combine/crc32_combine at `split`; a
 *       disagreement returns Z64_FAIL.
 */
#include <stddef.h>
#include <stdint.h>

#include "zlib.h"

#if defined(__wasm__)
#define EXPORT(name) __attribute__((export_name(name)))
#else
#define EXPORT(name)
#endif

#define Z64_FAIL 0xfa11000000000000ull
#define Z64_MAX 300000

uint64_t z64_case(uint32_t seed, uint32_t size, int32_t level, int32_t strategy, int32_t wbits,
                  uint32_t chunk, uint32_t flush);
uint64_t z64_sums(uint32_t seed, uint32_t size, uint32_t split);

static unsigned char src[Z64_MAX], comp[Z64_MAX + Z64_MAX / 4 + 1024], back[Z64_MAX];

/* zalloc/zfree: a bump allocator, emptied by every case (zlib's state for
 * windowBits 15, memLevel 9 is about 270 KiB) */
static unsigned char arena[1 << 20] __attribute__((aligned(16)));
static size_t arena_used;

static voidpf z64_alloc(voidpf opaque, unsigned items, unsigned size) {
  (void)opaque;
  size_t n = ((size_t)items * size + 15) & ~(size_t)15;
  if (n > sizeof arena - arena_used) return Z_NULL;
  arena_used += n;
  return arena + arena_used - n;
}

static void z64_free(voidpf opaque, voidpf p) {
  (void)opaque;
  (void)p;
}

/* Corpus `seed`: words from a small dictionary, numbers, runs and random
 * bytes, in proportions that depend on the seed (xorshift32). */
static void corpus(uint32_t seed, uint32_t size) {
  static const char *const words[] = {"the ",    "memory ", "sixty-four ", "bits ", "wasm ",
                                      "deflate ", "zlib\n",  "address ",    "page ", "0x7fff "};
  uint32_t x = seed * 2654435761u + 1;
  uint32_t noise = seed % 7;
  for (uint32_t i = 0; i < size;) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    uint32_t r = x % 16;
    if (r < noise) {
      src[i++] = (unsigned char)(x >> 8);
    } else if (r < 12) {
      for (const char *w = words[(x >> 8) % 10]; *w && i < size; w++) src[i++] = (unsigned char)*w;
    } else if (r < 14) {
      for (uint32_t n = (x >> 8) % 300; n-- && i < size;) src[i++] = (unsigned char)(x >> 20);
    } else {
      for (uint32_t v = x >> 12; i < size; v /= 10) {
        src[i++] = (unsigned char)('0' + v % 10);
        if (v < 10) break;
      }
    }
  }
}

static uint64_t fail(uint64_t step, int code) {
  return Z64_FAIL | step << 32 | (uint32_t)code;
}

static uint32_t min_u32(uint32_t a, uint32_t b) { return a < b ? a : b; }

EXPORT("z64_case")
uint64_t z64_case(uint32_t seed, uint32_t size, int32_t level, int32_t strategy, int32_t wbits,
                  uint32_t chunk, uint32_t flush) {
  if (size > Z64_MAX || chunk == 0) return fail(1, 0);
  corpus(seed, size);
  arena_used = 0;
  z_stream s = {0};
  s.zalloc = z64_alloc;
  s.zfree = z64_free;
  int rc = deflateInit2(&s, level, Z_DEFLATED, wbits, 1 + (int)(seed % 9), strategy);
  if (rc != Z_OK) return fail(2, rc);
  if (deflateBound(&s, size) > sizeof comp) return fail(3, 0);
  uint32_t fed = 0, out = 0;
  int flushed = flush == 0;
  for (;;) {
    if (s.avail_in == 0 && fed < size) {
      s.next_in = src + fed;
      s.avail_in = min_u32(chunk, size - fed);
      fed += s.avail_in;
    }
    s.next_out = comp + out;
    s.avail_out = min_u32(chunk, (uint32_t)(sizeof comp - out));
    int mode = fed == size && s.avail_in == 0 ? Z_FINISH : Z_NO_FLUSH;
    if (!flushed && fed >= size / 2 && mode == Z_NO_FLUSH) {
      if (flush == 3) {
        rc = deflateParams(&s, 9 - level, strategy);
        if (rc == Z_BUF_ERROR) rc = Z_OK; /* not done yet: called again next round */
        else flushed = 1;
      } else {
        rc = deflate(&s, flush == 1 ? Z_SYNC_FLUSH : Z_FULL_FLUSH);
        if (s.avail_out != 0) flushed = 1;
      }
    } else {
      rc = deflate(&s, mode);
    }
    out = (uint32_t)(s.next_out - comp);
    if (rc == Z_STREAM_END) break;
    if (rc != Z_OK && rc != Z_BUF_ERROR) return fail(4, rc);
  }
  if (s.total_in != size || s.total_out != out) return fail(5, 0);
  if (deflateEnd(&s) != Z_OK) return fail(6, 0);

  arena_used = 0;
  z_stream t = {0};
  t.zalloc = z64_alloc;
  t.zfree = z64_free;
  rc = inflateInit2(&t, wbits > 16 ? 47 : wbits > 0 ? 15 : -15);
  if (rc != Z_OK) return fail(7, rc);
  uint32_t got = 0, used = 0;
  for (;;) {
    if (t.avail_in == 0) {
      t.next_in = comp + used;
      t.avail_in = min_u32(chunk, out - used);
      used += t.avail_in;
    }
    t.next_out = back + got;
    t.avail_out = min_u32(chunk, (uint32_t)(sizeof back - got));
    rc = inflate(&t, Z_NO_FLUSH);
    got = (uint32_t)(t.next_out - back);
    if (rc == Z_STREAM_END) break;
    if (rc != Z_OK) return fail(8, rc);
  }
  if (got != size || t.total_in != out) return fail(9, (int)got);
  if (inflateEnd(&t) != Z_OK) return fail(10, 0);
  for (uint32_t i = 0; i < size; i++)
    if (back[i] != src[i]) return fail(11, (int)i);
  return (uint64_t)crc32(0, comp, out) << 32 | out;
}

EXPORT("z64_sums")
uint64_t z64_sums(uint32_t seed, uint32_t size, uint32_t split) {
  if (size > Z64_MAX || split > size) return fail(20, 0);
  corpus(seed, size);
  uLong a = adler32(1, src, size), c = crc32(0, src, size);
  uLong a1 = adler32(1, src, split), a2 = adler32(1, src + split, size - split);
  uLong c1 = crc32(0, src, split), c2 = crc32(0, src + split, size - split);
  if (adler32_combine(a1, a2, (z_off_t)(size - split)) != a) return fail(21, 0);
  if (crc32_combine(c1, c2, (z_off_t)(size - split)) != c) return fail(22, 0);
  return (uint64_t)a << 32 | c;
}
