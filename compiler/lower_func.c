/*
 * lower_func.c — validate a function body (spec 3.3, using the algorithm of
 * the spec appendix "Validation Algorithm") and lower it to LLVM IR in the
 * same pass: the operand stack, variables, references and tables.  The
 * control instructions and the control stack are in emit_control.c; the
 * other instructions live in emit_numeric.c, emit_memory.c, emit_simd.c,
 * emit_atomic.c (the 0xFE prefix),
 * emit_calls.c (call, call_indirect), emit_bulk.c (the 0xFC prefix) and
 * emit_exceptions.c (try, throw); libc_fast.c adds the wasi-libc fast paths.
 *
 * Code after br/return/unreachable is validated but not emitted (`live` is
 * false).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "lower.h"
#include "unsupported.h"

bool wcc_fn_error(wcc_fn *f, const char *fmt, ...) {
  char msg[640], name[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  wcc_error(f->c->diag, "function %s at byte offset %zu: %s", wcc_func_label(f->c->m, f->index, name, sizeof name),
            (size_t)(f->op_start - f->c->m->bytes), msg);
  return false;
}

bool wcc_push(wcc_fn *f, uint8_t t, LLVMValueRef v) {
  if (f->sp == f->stack_cap) {
    uint32_t cap = f->stack_cap ? f->stack_cap * 2 : 64;
    wcc_sval *s = realloc(f->stack, cap * sizeof *s);
    if (!s) return wcc_fn_error(f, "out of memory");
    f->stack = s;
    f->stack_cap = cap;
  }
  f->stack[f->sp].type = t;
  f->stack[f->sp].v = f->live ? v : NULL;
  f->sp++;
  return true;
}

static bool is_num(uint8_t t) { return t == WCC_I32 || t == WCC_I64 || t == WCC_F32 || t == WCC_F64 || t == WCC_V128; }
static bool is_ref(uint8_t t) { return t == WCC_FUNCREF || t == WCC_EXTERNREF; }

bool wcc_pop(wcc_fn *f, uint8_t t, wcc_sval *out) {
  wcc_frame *fr = &f->frames[f->n_frames - 1];
  if (f->sp == fr->height) {
    if (fr->unreachable) {
      out->type = t;
      out->v = NULL;
      return true;
    }
    return wcc_fn_error(f, "type mismatch: expected %s but the operand stack is empty",
                        t ? wcc_valtype_name(t) : "a value");
  }
  wcc_sval v = f->stack[--f->sp];
  if (t != WCC_UNKNOWN && v.type != WCC_UNKNOWN && v.type != t)
    return wcc_fn_error(f, "type mismatch: expected %s, found %s", wcc_valtype_name(t),
                        wcc_valtype_name(v.type));
  if (v.type == WCC_UNKNOWN) v.type = t;
  *out = v;
  return true;
}

/* ---- traps --------------------------------------------------------------- */
static LLVMBasicBlockRef trap_block(wcc_fn *f, uint32_t code) {
  if (!f->trap_bb[code]) {
    wcc_ctx *c = f->c;
    LLVMBasicBlockRef save = LLVMGetInsertBlock(c->b);
    LLVMBasicBlockRef bb = LLVMAppendBasicBlockInContext(c->llctx, f->fn, "trap");
    LLVMPositionBuilderAtEnd(c->b, bb);
    LLVMValueRef args[3] = {f->inst, LLVMConstInt(c->t_i32, code, 0), LLVMConstInt(c->t_i32, f->index, 0)};
    LLVMBuildCall2(c->b, c->rt_trap_ty, c->rt_trap, args, 3, "");
    LLVMBuildUnreachable(c->b);
    LLVMPositionBuilderAtEnd(c->b, save);
    f->trap_bb[code] = bb;
  }
  return f->trap_bb[code];
}

void wcc_trap_if(wcc_fn *f, LLVMValueRef cond, uint32_t code) {
  wcc_ctx *c = f->c;
  LLVMBasicBlockRef cont = LLVMAppendBasicBlockInContext(c->llctx, f->fn, "ok");
  LLVMBuildCondBr(c->b, cond, trap_block(f, code), cont);
  LLVMPositionBuilderAtEnd(c->b, cont);
}

void wcc_trap_now(wcc_fn *f, uint32_t code) { LLVMBuildBr(f->c->b, trap_block(f, code)); }

/* ---- frames -------------------------------------------------------------- */
void wcc_set_unreachable(wcc_fn *f) {
  wcc_frame *fr = &f->frames[f->n_frames - 1];
  f->sp = fr->height;
  fr->unreachable = true;
  f->live = false;
}


/* Check that the top of the stack matches `types` (without popping). */
bool wcc_check_top(wcc_fn *f, uint32_t n, const uint8_t *types) {
  wcc_frame *fr = &f->frames[f->n_frames - 1];
  for (uint32_t i = 0; i < n; i++) {
    uint8_t want = types[n - 1 - i];
    if (f->sp - fr->height <= i) {
      if (fr->unreachable) continue;
      return wcc_fn_error(f, "type mismatch: expected %u values on the stack for the branch", n);
    }
    uint8_t have = f->stack[f->sp - 1 - i].type;
    if (have != WCC_UNKNOWN && have != want)
      return wcc_fn_error(f, "type mismatch: branch expects %s, found %s", wcc_valtype_name(want), wcc_valtype_name(have));
  }
  return true;
}

/* Pop the values of a branch / block end (types in order) and push them back
 * typed; used so that values below an unreachable frame get real types. */
bool wcc_pop_types(wcc_fn *f, uint32_t n, const uint8_t *types, wcc_sval *out) {
  for (uint32_t i = n; i-- > 0;)
    if (!wcc_pop(f, types[i], &out[i])) return false;
  return true;
}


static LLVMValueRef k32(wcc_fn *f, uint64_t v) { return LLVMConstInt(f->c->t_i32, v, 0); }

/* ---- globals ----------------------------------------------------------------- */
static LLVMValueRef global_cell(wcc_fn *f, uint32_t g) {
  wcc_ctx *c = f->c;
  wcc_module *m = c->m;
  if (g >= m->n_imported_globals) {
    LLVMValueRef off = LLVMConstInt(c->t_i64, WASMC_INSTANCE_GLOBALS_OFFSET +
                                    (uint64_t)WASMC_GLOBAL_CELL_SIZE * (g - m->n_imported_globals), 0);
    return LLVMBuildGEP2(c->b, c->t_i8, f->inst, &off, 1, "global");
  }
  LLVMValueRef arr = wcc_load_inv(f, c->t_ptr, f->inst, WASMC_INSTANCE_GLOBALS_PTR_OFFSET, "globals");
  return wcc_load_inv(f, c->t_ptr, arr, (uint64_t)g * 8, "global");
}

/* ---- the instruction loop --------------------------------------------------- */

static bool local_index(wcc_fn *f, uint32_t *out) {
  if (!wcc_read_u32(&f->r, out)) return false;
  if (*out >= f->n_locals) return wcc_fn_error(f, "unknown local %u", *out);
  return true;
}

static bool lower_body(wcc_fn *f) {
  wcc_ctx *c = f->c;
  wcc_module *m = c->m;
  while (f->n_frames) {
    f->op_start = f->r.p;
    if (c->dib) wcc_di_at(c, f->op_start);
    uint8_t op;
    if (!wcc_read_u8(&f->r, &op)) return wcc_fn_error(f, "unexpected end of function body (END opcode expected)");
    f->frames[f->fuel_region].fuel_n++; /* --fuel: one per instruction (emit_limits.c) */
    switch (op) {
    case 0x00: /* unreachable */
      if (f->live) wcc_trap_now(f, WASMC_TRAP_UNREACHABLE);
      wcc_set_unreachable(f);
      break;
    case 0x01: break; /* nop */
    case 0x02: case 0x03: case 0x04: case 0x05: case 0x06: case 0x0b: case 0x0c: case 0x0d: case 0x0e: case 0x0f:
      if (!wcc_emit_control(f, op)) return false; /* emit_control.c */
      break;
    case 0x10: {
      uint32_t idx;
      bool live = f->live;
      if (!wcc_read_u32(&f->r, &idx) || !wcc_emit_call(f, idx)) return false;
      if (live && f->live) wcc_mark_call_site(f, f->op_start); /* backtraces: the call's offset */
      break;
    }
    case 0x11: {
      uint32_t ti, tab;
      bool live = f->live;
      if (!wcc_read_u32(&f->r, &ti) || !wcc_read_u32(&f->r, &tab) || !wcc_emit_call_indirect(f, ti, tab)) return false;
      if (live && f->live) wcc_mark_call_site(f, f->op_start);
      break;
    }
    case 0x12: case 0x13: { /* return_call, return_call_indirect (tail-call proposal, emit_tail.c) */
      uint32_t x, tab = 0;
      if (!wcc_read_u32(&f->r, &x) || (op == 0x13 && !wcc_read_u32(&f->r, &tab))) return false;
      if (!m->funcs[f->index].tail_calls) /* cannot happen: scan_tail.c over-approximates */
        return wcc_fn_error(f, "internal error: the tail-call scan missed this instruction");
      if (!(op == 0x12 ? wcc_emit_return_call(f, x) : wcc_emit_return_call_indirect(f, x, tab))) return false;
      break;
    }
    case 0x07: /* catch */
      if (!wcc_begin_catch(f, false)) return false;
      break;
    case 0x19: /* catch_all */
      if (!wcc_begin_catch(f, true)) return false;
      break;
    case 0x18: { /* delegate: the body's exceptions go to the handler at label l */
      wcc_frame *fr = &f->frames[f->n_frames - 1];
      uint32_t l;
      if (fr->kind != FRAME_TRY) return wcc_fn_error(f, "delegate outside a try block (or after catch)");
      if (!wcc_read_u32(&f->r, &l)) return false;
      if (l + 1 >= f->n_frames) return wcc_fn_error(f, "unknown label %u", l);
      wcc_finish_try(f, fr, f->frames[f->n_frames - 2 - l].unwind_inside);
      if (!wcc_end_frame(f)) return false;
      break;
    }
    case 0x08: { /* throw */
      uint32_t x;
      if (!wcc_tag_index(f, &x) || !wcc_emit_throw(f, x)) return false;
      break;
    }
    case 0x09: { /* rethrow */
      uint32_t depth;
      if (!wcc_read_u32(&f->r, &depth) || !wcc_emit_rethrow(f, depth)) return false;
      break;
    }
    case 0x1a: { /* drop */
      wcc_sval v;
      if (!wcc_pop(f, WCC_UNKNOWN, &v)) return false;
      if (f->live) wcc_drop_value(f, v.v);
      break;
    }
    case 0x1b: case 0x1c: { /* select, select t */
      uint8_t t = WCC_UNKNOWN;
      if (op == 0x1c) {
        uint32_t n;
        if (!wcc_read_u32(&f->r, &n)) return false;
        if (n != 1) return wcc_fn_error(f, "invalid result arity for typed select");
        if (!wcc_read_u8(&f->r, &t)) return false;
        if (!wcc_is_valtype(t)) return wcc_fn_reject_valtype(f, t, "malformed value type in select");
      }
      wcc_sval cond, b, a;
      if (!wcc_pop(f, WCC_I32, &cond) || !wcc_pop(f, t, &b) || !wcc_pop(f, t == WCC_UNKNOWN ? b.type : t, &a)) return false;
      uint8_t rt = t != WCC_UNKNOWN ? t : (a.type != WCC_UNKNOWN ? a.type : b.type);
      if (op == 0x1b) {
        if (a.type != WCC_UNKNOWN && b.type != WCC_UNKNOWN && a.type != b.type)
          return wcc_fn_error(f, "type mismatch in select");
        if (rt != WCC_UNKNOWN && !is_num(rt)) return wcc_fn_error(f, "type mismatch: select without type needs numeric operands");
      }
      LLVMValueRef r = NULL;
      if (f->live) {
        LLVMValueRef cb = LLVMBuildICmp(c->b, LLVMIntNE, cond.v, LLVMConstInt(c->t_i32, 0, 0), "");
        r = LLVMBuildSelect(c->b, cb, a.v, b.v, "select");
      }
      if (!wcc_push(f, rt, r)) return false;
      break;
    }
    case 0x20: {
      uint32_t i;
      if (!local_index(f, &i)) return false;
      uint8_t t = f->local_types[i];
      if (!wcc_push(f, t, f->live ? LLVMBuildLoad2(c->b, wcc_llvm_type(c, t), f->locals[i], "local") : NULL)) return false;
      break;
    }
    case 0x21: case 0x22: {
      uint32_t i;
      wcc_sval v;
      if (!local_index(f, &i) || !wcc_pop(f, f->local_types[i], &v)) return false;
      if (f->live) LLVMBuildStore(c->b, v.v, f->locals[i]);
      if (f->live && c->di_fb_slot) wcc_di_local_set(c, i, v.v); /* -g: the frame base of variables */
      if (op == 0x22 && !wcc_push(f, f->local_types[i], v.v)) return false;
      break;
    }
    case 0x23: {
      uint32_t g;
      if (!wcc_read_u32(&f->r, &g)) return false;
      if (g >= m->n_globals) return wcc_fn_error(f, "unknown global %u", g);
      uint8_t t = m->globals[g].type;
      LLVMValueRef v = NULL;
      if (f->live) {
        v = LLVMBuildLoad2(c->b, wcc_llvm_type(c, t), global_cell(f, g), "global.get");
        if (t == WCC_V128) LLVMSetAlignment(v, 8); /* global cells are 8-aligned; v128 would assume 16 */
        if (c->tbaa_global) LLVMSetMetadata(v, c->md_tbaa, c->tbaa_global);
      }
      if (!wcc_push(f, t, v)) return false;
      break;
    }
    case 0x24: {
      uint32_t g;
      wcc_sval v;
      if (!wcc_read_u32(&f->r, &g)) return false;
      if (g >= m->n_globals) return wcc_fn_error(f, "unknown global %u", g);
      if (!m->globals[g].is_mutable) return wcc_fn_error(f, "global is immutable");
      if (!wcc_pop(f, m->globals[g].type, &v)) return false;
      if (f->live) {
        LLVMValueRef s = LLVMBuildStore(c->b, v.v, global_cell(f, g));
        if (m->globals[g].type == WCC_V128) LLVMSetAlignment(s, 8);
        if (c->tbaa_global) LLVMSetMetadata(s, c->md_tbaa, c->tbaa_global);
      }
      break;
    }
    case 0x25: { /* table.get */
      uint32_t t;
      wcc_sval i;
      if (!wcc_read_u32(&f->r, &t) || !wcc_check_table(f, t) || !wcc_pop(f, WCC_I32, &i)) return false;
      LLVMValueRef r = NULL;
      if (f->live) { LLVMValueRef args[2] = {k32(f, t), i.v}; r = wcc_rt_call(f, "wasmc_rt_table_get", c->t_ptr, args, 2); }
      if (!wcc_push(f, m->tables[t].elem_type, r)) return false;
      break;
    }
    case 0x26: { /* table.set */
      uint32_t t;
      wcc_sval i, v;
      if (!wcc_read_u32(&f->r, &t) || !wcc_check_table(f, t)) return false;
      if (!wcc_pop(f, m->tables[t].elem_type, &v) || !wcc_pop(f, WCC_I32, &i)) return false;
      if (f->live) { LLVMValueRef args[3] = {k32(f, t), i.v, v.v}; wcc_rt_call(f, "wasmc_rt_table_set", c->t_void, args, 3); }
      break;
    }
    case 0x3f: case 0x40: { /* memory.size, memory.grow */
      uint32_t mem = 0;
      if (m->features.multi_memory) { /* a memory index (multi-memory proposal) */
        if (!wcc_read_u32(&f->r, &mem)) return false;
      } else {
        uint8_t z;
        if (!wcc_read_u8(&f->r, &z)) return false;
        if (z != 0) return wcc_fn_error(f, "zero byte expected");
      }
      if (mem >= m->n_memories) return wcc_fn_error(f, "unknown memory %u", mem);
      /* 64-bit memories (memory64): sizes and deltas in i64 */
      bool is64 = m->memories[mem].is64;
      uint8_t it = is64 ? WCC_I64 : WCC_I32;
      LLVMValueRef r = NULL;
      if (op == 0x3f) {
        if (f->live) {
          LLVMValueRef args[1] = {k32(f, mem)};
          r = is64 ? wcc_rt_call(f, "wasmc_rt_memory_size64", c->t_i64, args, 1)
                   : wcc_rt_call(f, "wasmc_rt_memory_size", c->t_i32, args, 1);
        }
      } else {
        wcc_sval d;
        if (!wcc_pop(f, it, &d)) return false;
        if (f->live) {
          LLVMValueRef args[2] = {k32(f, mem), d.v};
          r = is64 ? wcc_rt_call(f, "wasmc_rt_memory_grow64", c->t_i64, args, 2)
                   : wcc_rt_call(f, "wasmc_rt_memory_grow", c->t_i32, args, 2);
        }
      }
      if (!wcc_push(f, it, r)) return false;
      break;
    }
    case 0x41: {
      int32_t v;
      if (!wcc_read_s32(&f->r, &v) || !wcc_push(f, WCC_I32, LLVMConstInt(c->t_i32, (uint32_t)v, 0))) return false;
      break;
    }
    case 0x42: {
      int64_t v;
      if (!wcc_read_s64(&f->r, &v) || !wcc_push(f, WCC_I64, LLVMConstInt(c->t_i64, (uint64_t)v, 0))) return false;
      break;
    }
    case 0x43: {
      const uint8_t *p;
      if (!wcc_read_bytes(&f->r, 4, &p)) return false;
      uint32_t bits = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
      if (!wcc_push(f, WCC_F32, LLVMConstBitCast(LLVMConstInt(c->t_i32, bits, 0), c->t_f32))) return false;
      break;
    }
    case 0x44: {
      const uint8_t *p;
      if (!wcc_read_bytes(&f->r, 8, &p)) return false;
      uint64_t bits = 0;
      for (int i = 7; i >= 0; i--) bits = bits << 8 | p[i];
      if (!wcc_push(f, WCC_F64, LLVMConstBitCast(LLVMConstInt(c->t_i64, bits, 0), c->t_f64))) return false;
      break;
    }
    case 0xd0: { /* ref.null */
      uint8_t t;
      if (!wcc_read_u8(&f->r, &t)) return false;
      if (!is_ref(t)) return wcc_fn_reject_valtype(f, t, "malformed reference type");
      if (!wcc_push(f, t, LLVMConstPointerNull(c->t_ptr))) return false;
      break;
    }
    case 0xd1: { /* ref.is_null */
      wcc_sval v;
      if (!wcc_pop(f, WCC_UNKNOWN, &v)) return false;
      if (v.type != WCC_UNKNOWN && !is_ref(v.type)) return wcc_fn_error(f, "type mismatch: ref.is_null on %s", wcc_valtype_name(v.type));
      LLVMValueRef r = NULL;
      if (f->live) r = LLVMBuildZExt(c->b, LLVMBuildIsNull(c->b, v.v, ""), c->t_i32, "ref.is_null");
      if (!wcc_push(f, WCC_I32, r)) return false;
      break;
    }
    case 0xd2: { /* ref.func */
      uint32_t idx;
      if (!wcc_read_u32(&f->r, &idx)) return false;
      if (idx >= m->n_funcs) return wcc_fn_error(f, "unknown function %u", idx);
      if (!m->funcs[idx].referenced) return wcc_fn_error(f, "undeclared function reference %u", idx);
      if (!wcc_push(f, WCC_FUNCREF, f->live ? wcc_funcref_of(f, idx) : NULL)) return false;
      break;
    }
    case 0xfc:
      if (!wcc_emit_prefix_fc(f)) return false;
      break;
    case 0xfd:
      if (!wcc_emit_simd(f)) return false;
      break;
    case 0xfe:
      if (!wcc_emit_atomic(f)) return false;
      break;
    case 0xfb: { /* GC and stringref: not compiled */
      uint32_t sub;
      if (!wcc_read_u32(&f->r, &sub)) return false;
      return wcc_fn_reject_opcode(f, op, sub);
    }
    default:
      if (op >= 0x28 && op <= 0x3e) {
        if (!wcc_emit_load_store(f, op)) return false;
      } else if (op >= 0x45 && op <= 0xc4) {
        if (!wcc_emit_numeric(f, op)) return false;
      } else {
        return wcc_fn_reject_opcode(f, op, 0); /* return_call, call_ref, ref.eq, ... or illegal */
      }
    }
    if (c->diag->failed) return false;
  }
  if (f->r.p != f->r.end) return wcc_fn_error(f, "section size mismatch: code after the function's final end");
  return true;
}

bool wcc_lower_function(wcc_ctx *c, uint32_t index) {
  wcc_module *m = c->m;
  wcc_func *wf = &m->funcs[index];
  wcc_fn F = {0};
  wcc_fn *f = &F;
  f->c = c;
  f->index = index;
  f->type = &m->types[wf->type_index];
  f->fn = c->fn[index];
  f->r = (wcc_reader){wf->body, wf->body + wf->body_len, m->bytes, c->diag};
  f->op_start = wf->body;
  bool ok = false;

  /* locals: params then declared locals (spec 5.5.13) */
  uint32_t n_groups;
  if (!wcc_read_u32(&f->r, &n_groups)) goto out;
  uint64_t total = f->type->n_params;
  const uint8_t *groups_start = f->r.p;
  for (uint32_t g = 0; g < n_groups; g++) {
    uint32_t cnt;
    uint8_t t;
    if (!wcc_read_u32(&f->r, &cnt)) goto out;
    f->op_start = f->r.p;
    if (!wcc_read_u8(&f->r, &t)) goto out;
    if (!wcc_is_valtype(t)) { wcc_fn_reject_valtype(f, t, "malformed value type for local"); goto out; }
    total += cnt;
    if (total > 50000) { wcc_fn_error(f, "too many locals"); goto out; }
  }
  f->n_locals = (uint32_t)total;
  f->local_types = malloc(total + 1);
  f->locals = calloc(total + 1, sizeof *f->locals);
  memcpy(f->local_types, f->type->params, f->type->n_params);
  {
    wcc_reader lr = {groups_start, f->r.end, m->bytes, c->diag};
    uint32_t k = f->type->n_params;
    for (uint32_t g = 0; g < n_groups; g++) {
      uint32_t cnt;
      uint8_t t;
      wcc_read_u32(&lr, &cnt);
      wcc_read_u8(&lr, &t);
      for (uint32_t i = 0; i < cnt; i++) f->local_types[k++] = t;
    }
  }

  LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(c->llctx, f->fn, "entry");
  f->entry = entry;
  LLVMPositionBuilderAtEnd(c->b, entry);
  wcc_di_function(c, index); /* -g: the subprogram, and the prologue's location */
  f->pb = LLVMCreateBuilderInContext(c->llctx);
  f->inst = LLVMGetParam(f->fn, 0);
  for (uint32_t i = 0; i < f->n_locals; i++) {
    LLVMTypeRef ty = wcc_llvm_type(c, f->local_types[i]);
    f->locals[i] = LLVMBuildAlloca(c->b, ty, "");
    LLVMValueRef init = i < f->type->n_params ? LLVMGetParam(f->fn, i + 1) : LLVMConstNull(ty);
    LLVMBuildStore(c->b, init, f->locals[i]);
  }
  if (m->n_memories) {
    f->mem_base = LLVMBuildLoad2(c->b, c->t_ptr, f->inst, "mem0.base");
    /* the base never moves after instantiation (DESIGN decision 3) */
    LLVMSetMetadata(f->mem_base, c->md_invariant, c->md_empty);
    /* --memory-base=auto: register form here; codegen.c moves the big
     * functions' accesses to gs after the pipeline (segue_rewrite_big) */
    if (c->seg_base && c->opts->memory_base != WCC_BASE_AUTO) f->seg_base = wcc_segue_base(c);
    /* nowrap.c looks for accesses off this base (i32 addresses only) */
    if (!m->memories[0].is64) c->fn_mem_base[index] = f->seg_base ? f->seg_base : f->mem_base;
    /* multi-memory: the other memories' bases, loaded on first use */
    if (m->n_memories > 1 && !(f->mem_bases = calloc(m->n_memories, sizeof *f->mem_bases))) {
      wcc_fn_error(f, "out of memory");
      goto out;
    }
  }
  if (c->dib) wcc_di_vars(c, index, f->locals, f->n_locals, f->mem_base); /* -g: scopes and variables */
  /* stack exhaustion check (LOWERING.md): native SP against inst->stack_limit */
  {
    LLVMTypeRef sty;
    LLVMValueRef ss = wcc_intrinsic(c, "llvm.stacksave", &c->t_ptr, 1, &sty);
    LLVMValueRef sp = LLVMBuildPtrToInt(c->b, LLVMBuildCall2(c->b, sty, ss, NULL, 0, "sp"), c->t_i64, "");
    LLVMValueRef limit = wcc_load_at(f, c->t_i64, f->inst, WASMC_INSTANCE_STACK_LIMIT_OFFSET, "stack_limit");
    LLVMValueRef below = LLVMBuildICmp(c->b, LLVMIntULT, sp, limit, "stack.exhausted");
    LLVMBasicBlockRef body = LLVMAppendBasicBlockInContext(c->llctx, f->fn, "body");
    f->stack_check_br = LLVMBuildCondBr(c->b, below, trap_block(f, WASMC_TRAP_STACK_EXHAUSTED), body);
    LLVMPositionBuilderAtEnd(c->b, body);
  }
  f->live = true;
  if (!wcc_push_frame(f, FRAME_FUNC, 0, NULL, f->type->n_results, f->type->results)) goto out;
  f->frames[0].exit = LLVMAppendBasicBlockInContext(c->llctx, f->fn, "return");
  f->frames[0].label = f->frames[0].exit;
  f->frames[0].phis = wcc_make_phis(f, f->frames[0].exit, f->type->n_results, f->type->results);
  f->fuel_region = 0;
  wcc_limits_enter(f, &f->frames[0], true);
  ok = lower_body(f);
  if (ok) wcc_limits_finish(f);
  if (ok && wf->tail_calls) wcc_emit_tail_wrapper(c, index);
  if (ok && !f->has_calls) {
    /* leaf functions use a bounded frame: the slack below the limit covers them */
    LLVMSetOperand(f->stack_check_br, 0, LLVMConstInt(c->t_i1, 0, 0));
  }
out:
  wcc_di_function_end(c);
  for (uint32_t i = 0; i < f->n_frames; i++) {
    free(f->frames[i].phis);
    free(f->frames[i].if_params);
    free(f->frames[i].try_unwind);
  }
  free(f->frames);
  free(f->stack);
  free(f->locals);
  free(f->local_types);
  free(f->mem_bases);
  if (f->pb) LLVMDisposeBuilder(f->pb);
  return ok && !c->diag->failed;
}
