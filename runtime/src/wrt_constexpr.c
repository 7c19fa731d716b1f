/*
 * wrt_constexpr.c — constant expressions at instantiation: global
 * initialisers, segment offsets and element segment items (spec 3.3.10
 * "Constant Expressions", evaluated as spec 4.5.4 "Instantiation" steps 8-11
 * say; extended constant expressions add i32/i64.add/sub/mul).
 *
 * The module descriptor holds each expression in its binary form
 * (wasmc_const_expr in wasmc_abi.h), so no generated code grows with the
 * number of globals and segments.  wrt_const_check() validates one against
 * the descriptor when the module is checked (the compiler validated it
 * against the module already; a descriptor is still not trusted to be well
 * formed), after which wrt_const_eval() cannot fail.
 */
#include <string.h>

#include "wrt_internal.h"

enum { WRT_CONST_STACK = 64 };

/* Unsigned/signed LEB128 of at most `bits` bits (spec 5.2.2). */
static bool leb(const uint8_t **p, const uint8_t *end, unsigned bits, bool is_signed, uint64_t *out) {
  uint64_t v = 0;
  unsigned shift = 0;
  for (;;) {
    if (*p >= end || shift >= bits) return false;
    uint8_t b = *(*p)++;
    v |= shift < 64 ? (uint64_t)(b & 0x7f) << shift : 0;
    shift += 7;
    if (!(b & 0x80)) {
      if (is_signed && shift < 64 && (b & 0x40)) v |= ~(uint64_t)0 << shift;
      break;
    }
  }
  if (bits < 64) {
    uint64_t mask = ((uint64_t)1 << bits) - 1;
    v = is_signed ? (uint64_t)(int64_t)((int64_t)(v << (64 - bits)) >> (64 - bits)) : v & mask;
  }
  *out = v;
  return true;
}

/* Walk one expression.  inst NULL: only check it against module `m` (every
 * index in range, operand types right, the stack within bounds, exactly one
 * value of type `type` left).  Stops after an `end` or at `end`; *next is
 * where the walk stopped. */
static bool walk(const wasmc_module *m, const wasmc_instance *inst, uint32_t type, const uint8_t *p,
                 const uint8_t *end, const uint8_t **next, wrt_const_value *out) {
  wrt_const_value stack[WRT_CONST_STACK];
  uint32_t types[WRT_CONST_STACK];
  int sp = 0;
  while (p < end) {
    uint8_t op = *p++;
    if (op == 0x0b) break;
    if (sp == WRT_CONST_STACK) return false;
    wrt_const_value *v = &stack[sp];
    memset(v, 0, sizeof *v);
    uint32_t *vt = &types[sp];
    uint64_t x;
    switch (op) {
    case 0x41: /* i32.const */
      if (!leb(&p, end, 32, true, &x)) return false;
      v->lo = (uint32_t)x;
      *vt = WASMC_I32;
      sp++;
      break;
    case 0x42: /* i64.const */
      if (!leb(&p, end, 64, true, &x)) return false;
      v->lo = x;
      *vt = WASMC_I64;
      sp++;
      break;
    case 0x43: case 0x44: { /* f32.const, f64.const: little-endian bits */
      unsigned n = op == 0x43 ? 4 : 8;
      if ((size_t)(end - p) < n) return false;
      for (unsigned i = 0; i < n; i++) v->lo |= (uint64_t)p[i] << (8 * i);
      p += n;
      *vt = op == 0x43 ? WASMC_F32 : WASMC_F64;
      sp++;
      break;
    }
    case 0xfd: /* v128.const */
      if (!leb(&p, end, 32, false, &x) || x != 12 || end - p < 16) return false;
      for (unsigned i = 0; i < 8; i++) {
        v->lo |= (uint64_t)p[i] << (8 * i);
        v->hi |= (uint64_t)p[8 + i] << (8 * i);
      }
      p += 16;
      *vt = WASMC_V128;
      sp++;
      break;
    case 0xd0: /* ref.null t */
      if (p >= end || (*p != 0x70 && *p != 0x6f)) return false;
      *vt = *p++ == 0x70 ? WASMC_FUNCREF : WASMC_EXTERNREF;
      sp++;
      break;
    case 0xd2: /* ref.func x: the function's descriptor in this instance */
      if (!leb(&p, end, 32, false, &x) || x >= m->n_funcs) return false;
      if (inst) v->lo = (uint64_t)(uintptr_t)inst->funcs[x];
      *vt = WASMC_FUNCREF;
      sp++;
      break;
    case 0x23: { /* global.get x: the cell's value (type's size, little endian) */
      if (!leb(&p, end, 32, false, &x) || x >= m->n_globals) return false;
      if (inst) memcpy(v, inst->globals[x], wrt_valtype_bytes(m->globals[x].type));
      *vt = m->globals[x].type;
      sp++;
      break;
    }
    case 0x6a: case 0x6b: case 0x6c: /* i32.add/sub/mul */
    case 0x7c: case 0x7d: case 0x7e: { /* i64.add/sub/mul */
      uint32_t t = op <= 0x6c ? WASMC_I32 : WASMC_I64;
      if (sp < 2 || types[sp - 2] != t || types[sp - 1] != t) return false;
      uint64_t a = stack[sp - 2].lo, b = stack[sp - 1].lo, r;
      unsigned k = op <= 0x6c ? op - 0x6a : op - 0x7c;
      r = k == 0 ? a + b : k == 1 ? a - b : a * b;
      if (op <= 0x6c) r = (uint32_t)r;
      sp--;
      stack[sp - 1].lo = r;
      stack[sp - 1].hi = 0;
      break;
    }
    default: return false;
    }
  }
  if (sp != 1 || types[0] != type) return false;
  if (next) *next = p;
  if (out) *out = stack[0];
  return true;
}

bool wrt_const_check(const wasmc_module *m, uint32_t type, const uint8_t *code, size_t len, const uint8_t **next) {
  if (!code || !len) return false;
  return walk(m, NULL, type, code, code + len, next, NULL);
}

void wrt_const_eval(const wasmc_instance *inst, uint32_t type, const uint8_t *code, size_t len,
                    const uint8_t **next, wrt_const_value *out) {
  WRT_CHECK(code && len && walk(inst->module, inst, type, code, code + len, next, out),
            "constant expression changed after the module was checked");
}
