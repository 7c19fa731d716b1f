/*
 * decode.c — the binary decoder's primitives (spec 5.1-5.4): errors with
 * their byte offset, LEB128 integers with their bit limits, value and
 * reference types, UTF-8 names, table and memory limits, and the
 * validation of constant expressions (3.3.10).  reader.c reads the sections
 * with them; lower_func.c reads function bodies with the LEB128 ones.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "unsupported.h"

void wcc_error(wcc_diag *d, const char *fmt, ...) {
  if (d->failed)
    return; /* first error wins: later ones are usually consequences */
  d->failed = true;
  char raw[sizeof d->message];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(raw, sizeof raw, fmt, ap);
  va_end(ap);
  /* Names in a module are any bytes: a newline or a terminal escape in one
   * must not split the one-line message or reach the terminal (found by
   * tests/fuzz/mutate.py).  Control bytes print as \xNN. */
  size_t o = 0;
  for (const unsigned char *s = (const unsigned char *)raw; *s && o + 5 < sizeof d->message; s++) {
    if (*s < 0x20 || *s == 0x7f) o += (size_t)snprintf(d->message + o, sizeof d->message - o, "\\x%02x", *s);
    else d->message[o++] = (char)*s;
  }
  d->message[o] = '\0';
}

bool wcc_read_fail(wcc_reader *r, const char *what) {
  wcc_error(r->diag, "%s (at byte offset %zu)", what, (size_t)(r->p - r->start));
  return false;
}

bool wcc_read_u8(wcc_reader *r, uint8_t *out) {
  if (r->p >= r->end)
    return wcc_read_fail(r, "unexpected end");
  *out = *r->p++;
  return true;
}

bool wcc_read_bytes(wcc_reader *r, size_t n, const uint8_t **out) {
  if ((size_t)(r->end - r->p) < n)
    return wcc_read_fail(r, "unexpected end (length out of bounds)");
  *out = r->p;
  r->p += n;
  return true;
}

/* Unsigned LEB128 of at most `bits` bits (spec 5.2.2): at most ceil(bits/7)
 * bytes, and unused bits of the last byte must be zero. */
static bool read_uleb(wcc_reader *r, unsigned bits, uint64_t *out) {
  uint64_t result = 0;
  unsigned shift = 0;
  unsigned max_bytes = (bits + 6) / 7;
  for (unsigned i = 0;; i++) {
    uint8_t byte;
    if (r->p >= r->end)
      return wcc_read_fail(r, "unexpected end of LEB128 integer");
    byte = *r->p++;
    if (i == max_bytes - 1) {
      if (byte & 0x80)
        return wcc_read_fail(r, "integer representation too long");
      unsigned used = bits - shift;
      if (used < 7 && (byte >> used) != 0)
        return wcc_read_fail(r, "integer too large");
      result |= (uint64_t)byte << shift;
      break;
    }
    result |= (uint64_t)(byte & 0x7f) << shift;
    shift += 7;
    if (!(byte & 0x80))
      break;
  }
  *out = result;
  return true;
}

static bool read_sleb(wcc_reader *r, unsigned bits, int64_t *out) {
  uint64_t result = 0;
  unsigned shift = 0;
  unsigned max_bytes = (bits + 6) / 7;
  uint8_t byte = 0;
  for (unsigned i = 0;; i++) {
    if (r->p >= r->end)
      return wcc_read_fail(r, "unexpected end of LEB128 integer");
    byte = *r->p++;
    if (i == max_bytes - 1) {
      if (byte & 0x80)
        return wcc_read_fail(r, "integer representation too long");
      /* Remaining bits of the last byte must be a sign extension of the
       * value's top bit. */
      unsigned used = bits - shift; /* bits of payload in this byte, 1..7 */
      if (used < 7) {
        int8_t sbyte = (int8_t)(byte << 1) >> 1; /* sign-extend 7-bit */
        int8_t top = (int8_t)(sbyte >> (used - 1));
        if (top != 0 && top != -1)
          return wcc_read_fail(r, "integer too large");
      }
      result |= (uint64_t)(byte & 0x7f) << shift;
      shift += 7;
      break;
    }
    result |= (uint64_t)(byte & 0x7f) << shift;
    shift += 7;
    if (!(byte & 0x80))
      break;
  }
  if (shift < 64 && (byte & 0x40))
    result |= ~(uint64_t)0 << shift;
  /* narrow to `bits` with sign */
  if (bits < 64) {
    uint64_t m = (uint64_t)1 << (bits - 1);
    uint64_t low = result & ((m << 1) - 1);
    result = (low ^ m) - m;
  }
  *out = (int64_t)result;
  return true;
}

bool wcc_read_u32(wcc_reader *r, uint32_t *out) {
  uint64_t v;
  if (!read_uleb(r, 32, &v))
    return false;
  *out = (uint32_t)v;
  return true;
}
bool wcc_read_u64(wcc_reader *r, uint64_t *out) { return read_uleb(r, 64, out); }
bool wcc_read_s32(wcc_reader *r, int32_t *out) {
  int64_t v;
  if (!read_sleb(r, 32, &v))
    return false;
  *out = (int32_t)v;
  return true;
}
bool wcc_read_s33(wcc_reader *r, int64_t *out) { return read_sleb(r, 33, out); }
bool wcc_read_s64(wcc_reader *r, int64_t *out) { return read_sleb(r, 64, out); }

const char *wcc_valtype_name(uint8_t t) {
  switch (t) {
  case WCC_I32: return "i32";
  case WCC_I64: return "i64";
  case WCC_F32: return "f32";
  case WCC_F64: return "f64";
  case WCC_V128: return "v128";
  case WCC_FUNCREF: return "funcref";
  case WCC_EXTERNREF: return "externref";
  default: return "?";
  }
}

bool wcc_is_valtype(uint8_t t) {
  return t == WCC_I32 || t == WCC_I64 || t == WCC_F32 || t == WCC_F64 || t == WCC_V128 ||
         t == WCC_FUNCREF || t == WCC_EXTERNREF;
}

char wcc_valtype_sig_char(uint8_t t) {
  switch (t) {
  case WCC_I32: return 'i';
  case WCC_I64: return 'I';
  case WCC_F32: return 'f';
  case WCC_F64: return 'F';
  case WCC_V128: return 'V';
  case WCC_FUNCREF: return 'r';
  case WCC_EXTERNREF: return 'e';
  default: return '?';
  }
}

bool wcc_read_valtype(wcc_reader *r, uint8_t *out) {
  if (!wcc_read_u8(r, out))
    return false;
  if (!wcc_is_valtype(*out)) return wcc_reject_valtype_at(r, r->p - 1, *out, "malformed value type");
  return true;
}

bool wcc_read_reftype(wcc_reader *r, uint8_t *out) {
  if (!wcc_read_u8(r, out))
    return false;
  if (*out != WCC_FUNCREF && *out != WCC_EXTERNREF)
    return wcc_reject_valtype_at(r, r->p - 1, *out, "malformed reference type");
  return true;
}

/* Names must be valid UTF-8 (spec 5.2.4). */
static bool utf8_valid(const uint8_t *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    uint8_t c = s[i];
    if (c < 0x80) { i++; continue; }
    size_t len; uint32_t cp;
    if ((c & 0xe0) == 0xc0) { len = 2; cp = c & 0x1f; }
    else if ((c & 0xf0) == 0xe0) { len = 3; cp = c & 0x0f; }
    else if ((c & 0xf8) == 0xf0) { len = 4; cp = c & 0x07; }
    else return false;
    if (i + len > n) return false;
    for (size_t k = 1; k < len; k++) {
      if ((s[i + k] & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3f);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000))
      return false; /* overlong */
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += len;
  }
  return true;
}

bool wcc_read_name_len(wcc_reader *r, char **out, uint32_t *out_len) {
  uint32_t len;
  const uint8_t *p;
  if (!wcc_read_u32(r, &len) || !wcc_read_bytes(r, len, &p))
    return false;
  if (!utf8_valid(p, len))
    return wcc_read_fail(r, "malformed UTF-8 encoding");
  char *s = malloc((size_t)len + 1);
  if (!s)
    return wcc_read_fail(r, "out of memory");
  memcpy(s, p, len);
  s[len] = 0;
  *out = s;
  if (out_len) *out_len = len;
  return true;
}

bool wcc_read_name(wcc_reader *r, char **out) { return wcc_read_name_len(r, out, NULL); }

/* Limits of table/memory `index` (`what`); flags of the custom-page-sizes
 * proposal, and 64-bit tables, are rejected by name.  A memory may be shared
 * (threads proposal, limits flags 0x02/0x03), and then must have a maximum.
 * 64-bit memories (flag 4, memory64 proposal) when `features` allow them:
 * their limits are u64 LEB128 and at most 2^48 pages (WASMC_MAX_PAGES64;
 * *is64 set).  `bound`: the largest valid value of a 32-bit one. */
bool wcc_read_limits(wcc_reader *r, wcc_limits *l, uint64_t bound, const char *what, bool is_memory,
                     uint32_t index, const wcc_features *features, bool *is64) {
  uint8_t flags;
  const uint8_t *at = r->p;
  if (!wcc_read_u8(r, &flags))
    return false;
  bool wide = false;
  if (flags < 16) {
    if ((flags & 4) && !(is_memory && features && features->memory64))
      return wcc_reject_feature_at(r, at, what, index, is_memory ? WCC_FEATURE_MEMORY64 : WCC_FEATURE_TABLE64);
    if (is_memory && (flags & 8)) return wcc_reject_feature_at(r, at, what, index, WCC_FEATURE_PAGE_SIZE);
    wide = flags & 4;
    flags &= ~4u;
  }
  bool shared = is_memory && (flags == 2 || flags == 3);
  if (flags > 1 && !shared)
    return wcc_read_fail(r, is_memory ? "integer too large (malformed limits flags)" : "integer too large (malformed limits flags)");
  if (wide) bound = WASMC_MAX_PAGES64;
  if (is64) *is64 = wide;
  uint64_t v;
  if (wide ? !wcc_read_u64(r, &v) : !read_uleb(r, 32, &v))
    return false;
  l->min = v;
  l->has_max = flags & 1;
  l->shared = shared;
  l->max = bound;
  if (l->has_max) {
    if (wide ? !wcc_read_u64(r, &v) : !read_uleb(r, 32, &v))
      return false;
    l->max = v;
  }
  if (l->min > bound || (l->has_max && l->max > bound)) {
    wcc_error(r->diag, "%s size must be at most %llu %s", what, (unsigned long long)bound,
              !is_memory ? "elements" : wide ? "pages (2^48)" : "pages (4GiB)");
    return false;
  }
  if (l->has_max && l->min > l->max) {
    wcc_error(r->diag, "size minimum must not be greater than maximum");
    return false;
  }
  if (shared && !l->has_max) {
    wcc_error(r->diag, "%s %u: shared memory must have maximum", what, index);
    return false;
  }
  return true;
}

/* Validate a constant expression (spec 3.3.10) of result type `type` and
 * return its byte range (excluding the final `end`).  Only imported globals
 * (index < n_visible_globals) may be read; they must be immutable. */
bool wcc_read_const_expr(wcc_reader *r, wcc_module *m, uint8_t type, uint32_t n_visible_globals,
                         const wcc_features *f, const uint8_t **out, size_t *out_len) {
  const uint8_t *start = r->p;
  uint8_t stack[64];
  int sp = 0;
  for (;;) {
    uint8_t op;
    if (!wcc_read_u8(r, &op))
      return false;
    uint8_t push = 0;
    switch (op) {
    case 0x0b: /* end */
      if (sp != 1 || stack[0] != type) {
        wcc_error(r->diag, "type mismatch in constant expression (expected %s)", wcc_valtype_name(type));
        return false;
      }
      *out = start;
      *out_len = (size_t)(r->p - start - 1);
      return true;
    case 0x41: { int32_t v; if (!wcc_read_s32(r, &v)) return false; push = WCC_I32; break; }
    case 0x42: { int64_t v; if (!wcc_read_s64(r, &v)) return false; push = WCC_I64; break; }
    case 0x43: { const uint8_t *p; if (!wcc_read_bytes(r, 4, &p)) return false; push = WCC_F32; break; }
    case 0x44: { const uint8_t *p; if (!wcc_read_bytes(r, 8, &p)) return false; push = WCC_F64; break; }
    case 0xd0: { uint8_t t; if (!wcc_read_reftype(r, &t)) return false; push = t; break; }
    case 0xfd: { /* v128.const (0xfd 12 + 16 bytes) is the only constant SIMD instruction */
      uint32_t sub;
      const uint8_t *p;
      if (!wcc_read_u32(r, &sub)) return false;
      if (sub != 12) { wcc_error(r->diag, "constant expression required (opcode 0xfd %u)", sub); return false; }
      if (!wcc_read_bytes(r, 16, &p)) return false;
      push = WCC_V128;
      break;
    }
    case 0xd2: {
      uint32_t idx;
      if (!wcc_read_u32(r, &idx)) return false;
      if (idx >= m->n_funcs) { wcc_error(r->diag, "unknown function %u", idx); return false; }
      m->funcs[idx].referenced = true;
      push = WCC_FUNCREF;
      break;
    }
    case 0x23: {
      uint32_t idx;
      if (!wcc_read_u32(r, &idx)) return false;
      if (idx >= n_visible_globals) { wcc_error(r->diag, "unknown global %u", idx); return false; }
      if (m->globals[idx].is_mutable) { wcc_error(r->diag, "constant expression required (global.get of a mutable global)"); return false; }
      push = m->globals[idx].type;
      break;
    }
    case 0x6a: case 0x6b: case 0x6c: case 0x7c: case 0x7d: case 0x7e: {
      if (!f->extended_const) { wcc_error(r->diag, "constant expression required"); return false; }
      uint8_t t = op <= 0x6c ? WCC_I32 : WCC_I64;
      if (sp < 2 || stack[sp - 1] != t || stack[sp - 2] != t) { wcc_error(r->diag, "type mismatch in constant expression"); return false; }
      sp -= 2;
      push = t;
      break;
    }
    default:
      wcc_error(r->diag, "constant expression required (opcode 0x%02x)", op);
      return false;
    }
    if (sp == (int)sizeof stack) { wcc_error(r->diag, "constant expression too deep"); return false; }
    stack[sp++] = push;
  }
}

char *wcc_make_sig(const wcc_functype *ft) {
  char *s = malloc(ft->n_params + ft->n_results + 2);
  if (!s) return NULL;
  size_t k = 0;
  for (uint32_t i = 0; i < ft->n_params; i++) s[k++] = wcc_valtype_sig_char(ft->params[i]);
  s[k++] = ':';
  for (uint32_t i = 0; i < ft->n_results; i++) s[k++] = wcc_valtype_sig_char(ft->results[i]);
  s[k] = 0;
  return s;
}

/* Make room for element n (zeroed) of an array that holds n elements and
 * grows one at a time: capacity doubles at powers of two, so reading n
 * imports or globals costs O(n), not O(n^2). */
bool wcc_grow_array(void **arr, uint32_t n, size_t elem) {
  if (n == 0 || (n & (n - 1)) == 0) {
    void *p = realloc(*arr, (n ? 2 * (size_t)n : 1) * elem);
    if (!p) return false;
    *arr = p;
  }
  memset((char *)*arr + (size_t)n * elem, 0, elem);
  return true;
}
