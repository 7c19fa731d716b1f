/*
 * unsupported.c — the one table of what wasmc decodes but does not compile:
 * instructions, value types, type forms and module-level features of the
 * proposals it does not implement, each with its spec mnemonic and its
 * proposal (unsupported.h), and the way diagnostics name a function.
 *
 * Encodings are those of the final texts: WebAssembly 3.0 for tail calls,
 * typed function references, GC, exception handling with exnref and
 * memory64; the proposal overviews for stringref, wide arithmetic and
 * custom page sizes (threads are compiled: emit_atomic.c, relaxed SIMD:
 * emit_simd_relaxed.c; an unknown 0xfe or 0xfd sub-opcode is an illegal
 * opcode).  Binaryen 108 still wrote the older
 * function-references/GC encodings (ref.as_non_null was 0xd3, most 0xfb
 * sub-opcodes differ): such bytes are rejected all the same, and the message
 * prints the opcode next to the name it has today.
 */
#include <stdio.h>
#include <string.h>

#include "lower.h"
#include "unsupported.h"

/* A construct wasmc does not compile: its spec name and its proposal. */
typedef struct wcc_unsupported {
  const char *name;     /* spec mnemonic ("return_call", "i32.atomic.rmw.add") or feature ("shared memory") */
  const char *proposal; /* as the proposal's overview names it ("tail calls"); printed "(P proposal)" */
} wcc_unsupported;

#define P_FUNCREF "typed function references"
#define P_GC "GC"
#define P_EXNREF "exception handling with exnref"
#define P_STRINGREF "stringref"
#define P_WIDE "wide arithmetic"

/* one-byte opcodes */
static const wcc_unsupported k_plain[256] = {
    [0x0a] = {"throw_ref", P_EXNREF},
    [0x14] = {"call_ref", P_FUNCREF},
    [0x15] = {"return_call_ref", P_FUNCREF},
    [0x1f] = {"try_table", P_EXNREF},
    [0xd3] = {"ref.eq", P_GC},
    [0xd4] = {"ref.as_non_null", P_FUNCREF},
    [0xd5] = {"br_on_null", P_FUNCREF},
    [0xd6] = {"br_on_non_null", P_FUNCREF},
};

/* 0xfb 0..30: GC */
static const char *const k_gc[] = {
    "struct.new", "struct.new_default", "struct.get", "struct.get_s", "struct.get_u", "struct.set",
    "array.new", "array.new_default", "array.new_fixed", "array.new_data", "array.new_elem",
    "array.get", "array.get_s", "array.get_u", "array.set", "array.len", "array.fill", "array.copy",
    "array.init_data", "array.init_elem", "ref.test", "ref.test null", "ref.cast", "ref.cast null",
    "br_on_cast", "br_on_cast_fail", "any.convert_extern", "extern.convert_any",
    "ref.i31", "i31.get_s", "i31.get_u",
};

/* 0xfb 0x80..0xb7: stringref */
#define S(op) [(op) - 0x80]
static const char *const k_string[0xb8 - 0x80] = {
    S(0x80) = "string.new_utf8", S(0x81) = "string.new_wtf16", S(0x82) = "string.const",
    S(0x83) = "string.measure_utf8", S(0x84) = "string.measure_wtf8", S(0x85) = "string.measure_wtf16",
    S(0x86) = "string.encode_utf8", S(0x87) = "string.encode_wtf16", S(0x88) = "string.concat",
    S(0x89) = "string.eq", S(0x8a) = "string.is_usv_sequence", S(0x8b) = "string.new_lossy_utf8",
    S(0x8c) = "string.new_wtf8", S(0x8d) = "string.encode_lossy_utf8", S(0x8e) = "string.encode_wtf8",
    S(0x90) = "string.as_wtf8", S(0x91) = "stringview_wtf8.advance", S(0x92) = "stringview_wtf8.encode_utf8",
    S(0x93) = "stringview_wtf8.slice", S(0x94) = "stringview_wtf8.encode_lossy_utf8",
    S(0x95) = "stringview_wtf8.encode_wtf8", S(0x98) = "string.as_wtf16", S(0x99) = "stringview_wtf16.length",
    S(0x9a) = "stringview_wtf16.get_codeunit", S(0x9b) = "stringview_wtf16.encode",
    S(0x9c) = "stringview_wtf16.slice", S(0xa0) = "string.as_iter", S(0xa1) = "stringview_iter.next",
    S(0xa2) = "stringview_iter.advance", S(0xa3) = "stringview_iter.rewind", S(0xa4) = "stringview_iter.slice",
    S(0xb0) = "string.new_utf8_array", S(0xb1) = "string.new_wtf16_array", S(0xb2) = "string.encode_utf8_array",
    S(0xb3) = "string.encode_wtf16_array", S(0xb4) = "string.new_lossy_utf8_array",
    S(0xb5) = "string.new_wtf8_array", S(0xb6) = "string.encode_lossy_utf8_array",
    S(0xb7) = "string.encode_wtf8_array",
};
#undef S

/* 0xfc 19..22: wide arithmetic (0..17 are compiled) */
static const char *const k_wide[] = {"i64.add128", "i64.sub128", "i64.mul_wide_s", "i64.mul_wide_u"};


#define COUNT(a) (sizeof(a) / sizeof (a)[0])

/* Entry `i` of one of the prefix tables, with the table's proposal. */
static bool named(const char *const *table, size_t n, uint32_t i, const char *proposal, wcc_unsupported *out) {
  if (i >= n || !table[i]) return false;
  *out = (wcc_unsupported){table[i], proposal};
  return true;
}

/* Whether instruction `op` (sub-opcode `sub` after the prefixes 0xfb..0xfe)
 * belongs to a proposal wasmc does not implement; if so, fills *out. */
static bool unsupported_instr(uint8_t op, uint32_t sub, wcc_unsupported *out) {
  switch (op) {
  case 0xfb:
    if (sub >= 0x80) return named(k_string, COUNT(k_string), sub - 0x80, P_STRINGREF, out);
    return named(k_gc, COUNT(k_gc), sub, P_GC, out);
  case 0xfc: return sub >= 19 && named(k_wide, COUNT(k_wide), sub - 19, P_WIDE, out);
  default:
    if (!k_plain[op].name) return false;
    *out = k_plain[op];
    return true;
  }
}

static const wcc_unsupported *unsupported_valtype(uint8_t b) {
  static const wcc_unsupported k_types[256] = {
      [0x63] = {"(ref null <heaptype>)", P_FUNCREF}, [0x64] = {"(ref <heaptype>)", P_FUNCREF},
      [0x6e] = {"anyref", P_GC}, [0x6d] = {"eqref", P_GC}, [0x6c] = {"i31ref", P_GC},
      [0x6b] = {"structref", P_GC}, [0x6a] = {"arrayref", P_GC}, [0x71] = {"nullref", P_GC},
      [0x72] = {"nullexternref", P_GC}, [0x73] = {"nullfuncref", P_GC},
      [0x69] = {"exnref", P_EXNREF}, [0x74] = {"nullexnref", P_EXNREF},
      [0x67] = {"stringref", P_STRINGREF}, [0x66] = {"stringview_wtf8", P_STRINGREF},
      [0x62] = {"stringview_wtf16", P_STRINGREF}, [0x61] = {"stringview_iter", P_STRINGREF},
  };
  return k_types[b].name ? &k_types[b] : NULL;
}

static const wcc_unsupported *unsupported_typeform(uint8_t form) {
  static const wcc_unsupported k_forms[] = {
      {"struct", P_GC}, {"array", P_GC}, {"rec", P_GC}, {"sub", P_GC}, {"sub final", P_GC}};
  switch (form) {
  case 0x5f: return &k_forms[0];
  case 0x5e: return &k_forms[1];
  case 0x4e: return &k_forms[2];
  case 0x50: return &k_forms[3];
  case 0x4f: return &k_forms[4];
  default: return NULL;
  }
}

static const wcc_unsupported *unsupported_feature(enum wcc_feature feature) {
  static const wcc_unsupported k_features[] = {
      [WCC_FEATURE_MEMORY64] = {"64-bit memory", "memory64"},
      [WCC_FEATURE_TABLE64] = {"64-bit table", "memory64"},
      [WCC_FEATURE_PAGE_SIZE] = {"custom page size", "custom page sizes"},
      [WCC_FEATURE_MULTI_MEMORY] = {"multiple memories", "multi-memory"},
  };
  return &k_features[feature];
}

bool wcc_fn_reject_opcode(wcc_fn *f, uint8_t op, uint32_t sub) {
  wcc_unsupported u;
  char code[24];
  if (op >= 0xfb && op <= 0xfe) snprintf(code, sizeof code, "0x%02x %u", op, sub);
  else snprintf(code, sizeof code, "0x%02x", op);
  if (!unsupported_instr(op, sub, &u)) return wcc_fn_error(f, "illegal opcode %s", code);
  return wcc_fn_error(f, "unsupported instruction %s (%s proposal; opcode %s)", u.name, u.proposal, code);
}

bool wcc_fn_reject_valtype(wcc_fn *f, uint8_t b, const char *malformed) {
  const wcc_unsupported *u = unsupported_valtype(b);
  if (!u) return wcc_fn_error(f, "%s", malformed);
  return wcc_fn_error(f, "unsupported value type %s (%s proposal; byte 0x%02x)", u->name, u->proposal, b);
}

bool wcc_reject_valtype_at(wcc_reader *r, const uint8_t *at, uint8_t b, const char *malformed) {
  const wcc_unsupported *u = unsupported_valtype(b);
  size_t off = (size_t)(at - r->start);
  if (!u) wcc_error(r->diag, "%s (at byte offset %zu)", malformed, off);
  else wcc_error(r->diag, "at byte offset %zu: unsupported value type %s (%s proposal; byte 0x%02x)", off, u->name,
                 u->proposal, b);
  return false;
}

bool wcc_reject_typeform_at(wcc_reader *r, const uint8_t *at, uint32_t index, uint8_t form) {
  const wcc_unsupported *u = unsupported_typeform(form);
  size_t off = (size_t)(at - r->start);
  if (!u) wcc_error(r->diag, "malformed function type (integer representation too long) (at byte offset %zu)", off);
  else wcc_error(r->diag, "type %u at byte offset %zu: unsupported type %s (%s proposal; form 0x%02x)", index, off,
                 u->name, u->proposal, form);
  return false;
}

bool wcc_reject_feature_at(wcc_reader *r, const uint8_t *at, const char *what, uint32_t index,
                           enum wcc_feature feature) {
  const wcc_unsupported *u = unsupported_feature(feature);
  wcc_error(r->diag, "%s %u at byte offset %zu: unsupported %s (%s proposal)", what, index, (size_t)(at - r->start),
            u->name, u->proposal);
  return false;
}

const char *wcc_func_name(const wcc_module *m, uint32_t index, char *buf, size_t cap) {
  const char *name = index < m->n_funcs ? m->funcs[index].name : NULL;
  if (name && name[0]) return name;
  snprintf(buf, cap, "$%u", index);
  return buf;
}

const char *wcc_func_label(const wcc_module *m, uint32_t index, char *buf, size_t cap) {
  char dollar[16];
  const char *name = wcc_func_name(m, index, dollar, sizeof dollar);
  if (name == dollar) {
    snprintf(buf, cap, "%s", dollar);
    return buf;
  }
  /* "NAME (index N)"; room for the suffix and "..." is kept */
  char suffix[32];
  int ns = snprintf(suffix, sizeof suffix, " (index %u)", index);
  size_t limit = cap > (size_t)ns + 4 ? cap - (size_t)ns - 4 : 0, len = 0;
  const unsigned char *p = (const unsigned char *)name;
  /* control bytes are escaped once, by wcc_error(), for the whole message */
  for (; *p && len + 4 < limit; p++) buf[len++] = (char)*p;
  if (*p) {
    while (len > 0 && ((unsigned char)buf[len - 1] & 0xc0) == 0x80) len--; /* no half UTF-8 sequence */
    if (len > 0 && (unsigned char)buf[len - 1] >= 0xc0) len--;
    memcpy(buf + len, "...", 3);
    len += 3;
  }
  snprintf(buf + len, cap - len, "%s", suffix);
  return buf;
}
