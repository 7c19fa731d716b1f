/*
 * wasmc_limits.h — the syntax of the resource-limit flags, shared by the
 * compiler (which bakes them into wasmc_config) and the runtime (which reads
 * them from WASMC_FLAGS), so that a value means the same in both places
 * (docs/sandbox.md "Limits").  Header-only: no layout, no ABI.
 *
 *   --max-memory SIZE          decimal bytes; with K, M or G (either case):
 *                              KiB, MiB, GiB; with p: pages of 64 KiB
 *   --max-table-elements N     decimal, 0..4294967295
 *   --timeout DURATION         decimal with a unit: ms, s, m or h; more than
 *                              0 and at most 2^63 - 1 nanoseconds
 *   --fuel N                   decimal, 0..9223372036854775807 (wasm
 *                              instructions)
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

/* --timeout DURATION -> nanoseconds in *out_ns (1..INT64_MAX).  false if
 * malformed, zero or too large. */
static inline bool wasmc_parse_duration(const char *s, uint64_t *out_ns) {
  uint64_t v, unit;
  if (!wasmc_limits_digits(&s, &v)) return false;
  if (s[0] == 'm' && s[1] == 's') unit = 1000000u, s += 2;
  else if (s[0] == 's') unit = 1000000000u, s += 1;
  else if (s[0] == 'm') unit = 60000000000u, s += 1;
  else if (s[0] == 'h') unit = 3600000000000u, s += 1;
  else return false;
  if (*s != '\0' || v == 0 || v > (uint64_t)INT64_MAX / unit) return false;
  *out_ns = v * unit;
  return true;
}

/* --fuel N -> *out (0..INT64_MAX).  false if malformed or too large. */
static inline bool wasmc_parse_fuel(const char *s, uint64_t *out) {
  uint64_t v;
  if (!wasmc_limits_digits(&s, &v) || *s != '\0' || v > (uint64_t)INT64_MAX) return false;
  *out = v;
  return true;
}

/* A duration in nanoseconds written back in the largest unit that divides
 * it exactly ("10s", "2m", "500ms"; below 1 ms: "Nns") into buf. */
static inline void wasmc_format_duration(uint64_t ns, char *buf, unsigned long cap) {
  static const struct { uint64_t ns; const char *unit; } units[] = {
      {3600000000000u, "h"}, {60000000000u, "m"}, {1000000000u, "s"}, {1000000u, "ms"}, {1u, "ns"}};
  unsigned i = 0;
  while (ns % units[i].ns != 0) i++;
  char digits[24];
  unsigned n = 0;
  uint64_t v = ns / units[i].ns;
  do digits[n++] = (char)('0' + v % 10), v /= 10;
  while (v);
  unsigned long len = 0;
  while (n && len + 1 < cap) buf[len++] = digits[--n];
  for (const char *u = units[i].unit; *u && len + 1 < cap; u++) buf[len++] = *u;
  if (cap) buf[len] = '\0';
}

/* What the error messages say a value must look like. */
#define WASMC_MEMORY_SIZE_SYNTAX "bytes, or a number with K, M or G (x1024) or p (64 KiB pages)"
#define WASMC_TABLE_ELEMENTS_SYNTAX "a number of elements, 0 to 4294967295"
#define WASMC_DURATION_SYNTAX "a number with a unit: ms, s, m or h, e.g. 500ms, 10s, 2m; not 0"
#define WASMC_FUEL_SYNTAX "a number of wasm instructions, 0 to 9223372036854775807"

#endif /* WASMC_LIMITS_H */
