/*
 * wasmc_limits.h — the syntax of the resource-limit flags, shared by the
 * compiler (which bakes them into wasmc_config) and the runtime (which reads
 * them from WASMC_FLAGS), so that a value means the same in both places
 * (docs/sandbox.md "Limits").  Header-only: no layout, no ABI.
 *
 *   --max-memory SIZE          decimal bytes; with K, M or G (either case):
 *                              KiB, MiB, GiB; with p: pages of 64 KiB
 *   --max-table-elements N     decimal, 0..4294967295
 *
 * Nothing else is accepted: no sign, no spaces, no other suffix, no value
 * that does not fit in 64 bits (elements: 32 bits).
 */
#ifndef WASMC_LIMITS_H
#define WASMC_LIMITS_H

#include <stdbool.h>
#include <stdint.h>

/* Decimal digits at *p (at least one) into *out; advances *p past them.
 * false on no digit or on overflow of 64 bits. */
static inline bool wasmc_limits_digits(const char **p, uint64_t *out) {
  const char *s = *p;
  uint64_t v = 0;
  if (*s < '0' || *s > '9') return false;
  for (; *s >= '0' && *s <= '9'; s++) {
    uint64_t d = (uint64_t)(*s - '0');
    if (v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
  }
  *p = s;
  *out = v;
  return true;
}

/* --max-memory SIZE -> bytes in *out_bytes.  false if malformed. */
static inline bool wasmc_parse_memory_size(const char *s, uint64_t *out_bytes) {
  uint64_t v;
  if (!wasmc_limits_digits(&s, &v)) return false;
  unsigned shift = 0;
  switch (*s) {
  case '\0': break;
  case 'k': case 'K': shift = 10; s++; break;
  case 'm': case 'M': shift = 20; s++; break;
  case 'g': case 'G': shift = 30; s++; break;
  case 'p': shift = 16; s++; break; /* WASMC_PAGE_SIZE */
  default: return false;
  }
  if (*s != '\0' || v > (UINT64_MAX >> shift)) return false;
  *out_bytes = v << shift;
  return true;
}

/* --max-table-elements N -> *out.  false if malformed or above 2^32 - 1. */
static inline bool wasmc_parse_table_elements(const char *s, uint64_t *out) {
  uint64_t v;
  if (!wasmc_limits_digits(&s, &v) || *s != '\0' || v > UINT32_MAX) return false;
  *out = v;
  return true;
}

/* What the error messages say a value must look like. */
#define WASMC_MEMORY_SIZE_SYNTAX "bytes, or a number with K, M or G (x1024) or p (64 KiB pages)"
#define WASMC_TABLE_ELEMENTS_SYNTAX "a number of elements, 0 to 4294967295"

#endif /* WASMC_LIMITS_H */
