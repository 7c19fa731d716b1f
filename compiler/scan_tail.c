/*
 * scan_tail.c — which defined functions make tail calls (tail-call
 * proposal: return_call 0x12, return_call_indirect 0x13), known before any
 * function is lowered.
 *
 * A function that makes tail calls is compiled with LLVM's tailcc calling
 * convention and gets a C-convention wrapper (wasmc_abi.h "Tail-call
 * entries"); every partition declares every function, and a direct call
 * or a return_call to it must use its convention, so the answer is needed
 * for the whole module before lowering starts.  The scan decodes each body's
 * instructions and their immediates (spec 5.4) without validating anything:
 * lowering validates.  Whatever it cannot decode (an opcode it does not
 * know, a truncated body, a type it cannot skip) counts as "makes tail
 * calls": the tailcc form is correct for any function, only a little
 * slower to enter from the runtime, so the scan may over-approximate but
 * never misses a tail call that lowering would compile.
 */
#include "wcc.h"

typedef struct scan {
  const uint8_t *p, *end;
  bool bad; /* could not decode */
} scan;

static uint8_t byte(scan *s) {
  if (s->p >= s->end) {
    s->bad = true;
    return 0;
  }
  return *s->p++;
}

/* Any LEB128 of at most 10 bytes (u32, s32, s33, u64, s64); its low 32 bits. */
static uint32_t leb(scan *s) {
  uint32_t v = 0;
  for (unsigned i = 0; i < 10; i++) {
    uint8_t b = byte(s);
    if (i < 5) v |= (uint32_t)(b & 0x7f) << (7 * i);
    if (!(b & 0x80) || s->bad) return v;
  }
  s->bad = true;
  return 0;
}

static void skip(scan *s, size_t n) {
  if ((size_t)(s->end - s->p) < n) s->bad = true, s->p = s->end;
  else s->p += n;
}

/* memarg: alignment flags (bit 6: a memory index follows, multi-memory),
 * offset (u64 with memory64) */
static void memarg(scan *s) {
  uint32_t flags = leb(s);
  if (flags & 0x40) leb(s);
  leb(s);
}

/* a block type: the empty type, a value type (one byte) or a type index (s33) */
static void blocktype(scan *s) {
  if (s->p >= s->end) {
    s->bad = true;
    return;
  }
  uint8_t b = *s->p;
  if (b == 0x40 || wcc_is_valtype(b)) s->p++;
  else if (b & 0x40) s->bad = true; /* a negative s33 that is no value type we know (GC ref types) */
  else leb(s);
}

/* The 0xfc, 0xfd and 0xfe instructions' immediates. */
static void prefix_fc(scan *s) {
  uint32_t sub = leb(s);
  if (sub <= 7) return;                       /* trunc_sat */
  switch (sub) {
  case 8: case 10: case 12: case 14: leb(s); leb(s); return; /* memory.init, memory.copy, table.init, table.copy */
  case 9: case 11: case 13: case 15: case 16: case 17: leb(s); return;
  default: s->bad = true;
  }
}

static void prefix_fd(scan *s) {
  uint32_t sub = leb(s);
  if (sub <= 0x0b || sub == 0x5c || sub == 0x5d) memarg(s);          /* loads, store, load_zero */
  else if (sub == 0x0c || sub == 0x0d) skip(s, 16);                  /* v128.const, i8x16.shuffle */
  else if (sub >= 0x15 && sub <= 0x22) skip(s, 1);                   /* extract/replace_lane */
  else if (sub >= 0x54 && sub <= 0x5b) memarg(s), skip(s, 1);        /* load/store_lane */
  else if (sub > 0x113) s->bad = true;                               /* beyond relaxed SIMD */
  /* the rest (0x0e..0x14, 0x23.., relaxed SIMD 0x100..0x113): no immediate */
}

static void prefix_fe(scan *s) {
  uint32_t sub = leb(s);
  if (sub == 0x03) skip(s, 1);                 /* atomic.fence 0x00 */
  else if (sub <= 0x02 || (sub >= 0x10 && sub <= 0x4e)) memarg(s);
  else s->bad = true;
}

/* Does the body (locals + expression) contain return_call(_indirect), or
 * something the scan cannot decode? */
static bool body_tail_calls(const uint8_t *body, size_t len) {
  scan S = {body, body + len, false}, *s = &S;
  uint32_t groups = leb(s);
  for (uint32_t g = 0; g < groups && !s->bad; g++) {
    leb(s);
    if (!wcc_is_valtype(byte(s))) s->bad = true;
  }
  while (!s->bad && s->p < s->end) {
    uint8_t op = byte(s);
    switch (op) {
    case 0x12: case 0x13: return true; /* return_call, return_call_indirect */
    case 0x00: case 0x01: case 0x05: case 0x0b: case 0x0f: case 0x19: case 0x1a: case 0x1b: case 0xd1:
      break;
    case 0x02: case 0x03: case 0x04: case 0x06: blocktype(s); break;
    case 0x07: case 0x08: case 0x09: case 0x0c: case 0x0d: case 0x10: case 0x18: case 0xd2:
    case 0x20: case 0x21: case 0x22: case 0x23: case 0x24: case 0x25: case 0x26: case 0x3f: case 0x40:
    case 0x41: case 0x42:
      leb(s);
      break;
    case 0x0e: { /* br_table */
      uint32_t n = leb(s);
      for (uint32_t i = 0; i <= n && !s->bad; i++) leb(s);
      break;
    }
    case 0x11: leb(s), leb(s); break; /* call_indirect */
    case 0x1c: { /* select t* */
      uint32_t n = leb(s);
      for (uint32_t i = 0; i < n && !s->bad; i++)
        if (!wcc_is_valtype(byte(s))) s->bad = true;
      break;
    }
    case 0x43: skip(s, 4); break;
    case 0x44: skip(s, 8); break;
    case 0xd0: blocktype(s); break; /* ref.null heap type: one byte (or an index: GC) */
    case 0xfc: prefix_fc(s); break;
    case 0xfd: prefix_fd(s); break;
    case 0xfe: prefix_fe(s); break;
    default:
      if ((op >= 0x28 && op <= 0x3e)) memarg(s);
      else if (!(op >= 0x45 && op <= 0xc4)) s->bad = true; /* numeric ops have no immediate */
    }
  }
  return s->bad;
}

void wcc_scan_tail_calls(wcc_module *m) {
  for (uint32_t i = m->n_imported_funcs; i < m->n_funcs; i++)
    m->funcs[i].tail_calls = body_tail_calls(m->funcs[i].body, m->funcs[i].body_len);
}
