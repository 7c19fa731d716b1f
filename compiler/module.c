/*
 * module.c — module-level lowering: LLVM types, function declarations, host
 * (WASI) import binding, constant expressions, and the read-only module
 * descriptor (wasmc_module in wasmc_abi.h) that the runtime instantiates.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "wasmc_box.h"
#include "unsupported.h"
#include "wcc.h"

uint64_t wcc_type_id(const char *sig) { return XXH64(sig, strlen(sig), 0); }

LLVMTypeRef wcc_llvm_type(wcc_ctx *c, uint8_t t) {
  switch (t) {
  case WCC_I32: return c->t_i32;
  case WCC_I64: return c->t_i64;
  case WCC_F32: return c->t_f32;
  case WCC_F64: return c->t_f64;
  case WCC_V128: return LLVMVectorType(c->t_i64, 2);
  default: return c->t_ptr; /* funcref, externref */
  }
}

LLVMTypeRef wcc_llvm_functype(wcc_ctx *c, const wcc_functype *ft) {
  LLVMTypeRef *ps = calloc(ft->n_params + 1, sizeof *ps);
  ps[0] = c->t_ptr;
  for (uint32_t i = 0; i < ft->n_params; i++) ps[i + 1] = wcc_llvm_type(c, ft->params[i]);
  LLVMTypeRef ret;
  if (ft->n_results == 0) ret = c->t_void;
  else if (ft->n_results == 1) ret = wcc_llvm_type(c, ft->results[0]);
  else {
    LLVMTypeRef *rs = calloc(ft->n_results, sizeof *rs);
    for (uint32_t i = 0; i < ft->n_results; i++) rs[i] = wcc_llvm_type(c, ft->results[i]);
    ret = LLVMStructTypeInContext(c->llctx, rs, ft->n_results, 0);
    free(rs);
  }
  LLVMTypeRef t = LLVMFunctionType(ret, ps, ft->n_params + 1, 0);
  free(ps);
  return t;
}

LLVMValueRef wcc_rt_func(wcc_ctx *c, const char *name, LLVMTypeRef ret, LLVMTypeRef *params, unsigned n,
                         LLVMTypeRef *out_ty) {
  LLVMTypeRef fty = LLVMFunctionType(ret, params, n, 0);
  LLVMValueRef fn = LLVMGetNamedFunction(c->llmod, name);
  if (!fn) {
    fn = LLVMAddFunction(c->llmod, name, fty);
    unsigned nounwind = LLVMGetEnumAttributeKindForName("nounwind", 8);
    LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(c->llctx, nounwind, 0));
  }
  *out_ty = fty;
  return fn;
}

LLVMValueRef wcc_intrinsic(wcc_ctx *c, const char *name, LLVMTypeRef *tys, unsigned n, LLVMTypeRef *out_ty) {
  unsigned id = LLVMLookupIntrinsicID(name, strlen(name));
  LLVMValueRef fn = LLVMGetIntrinsicDeclaration(c->llmod, id, tys, n);
  *out_ty = LLVMGlobalGetValueType(fn);
  return fn;
}

/* ---- constant data helpers -------------------------------------------------- */
/* A private constant holding the `len` bytes at s and a terminating NUL. */
static LLVMValueRef cstr_len(wcc_ctx *c, const char *s, size_t len) {
  if (!s) return LLVMConstPointerNull(c->t_ptr);
  LLVMValueRef init = LLVMConstStringInContext(c->llctx, s, (unsigned)len, 0);
  LLVMValueRef g = LLVMAddGlobal(c->llmod, LLVMTypeOf(init), ".str");
  LLVMSetInitializer(g, init);
  LLVMSetGlobalConstant(g, 1);
  LLVMSetLinkage(g, LLVMPrivateLinkage);
  LLVMSetUnnamedAddress(g, LLVMGlobalUnnamedAddr);
  return g;
}

static LLVMValueRef cstr(wcc_ctx *c, const char *s) { return cstr_len(c, s, s ? strlen(s) : 0); }

static LLVMValueRef const_array(wcc_ctx *c, LLVMTypeRef elem, LLVMValueRef *vals, unsigned n, const char *name) {
  if (!n) return LLVMConstPointerNull(c->t_ptr);
  LLVMValueRef init = LLVMConstArray2(elem, vals, n);
  LLVMValueRef g = LLVMAddGlobal(c->llmod, LLVMTypeOf(init), name);
  LLVMSetInitializer(g, init);
  LLVMSetGlobalConstant(g, 1);
  LLVMSetLinkage(g, LLVMPrivateLinkage);
  return g;
}

static LLVMValueRef k32(wcc_ctx *c, uint64_t v) { return LLVMConstInt(c->t_i32, v, 0); }
static LLVMValueRef k64(wcc_ctx *c, uint64_t v) { return LLVMConstInt(c->t_i64, v, 0); }

static uint32_t abi_valtype(uint8_t t) {
  switch (t) {
  case WCC_I32: return WASMC_I32;
  case WCC_I64: return WASMC_I64;
  case WCC_F32: return WASMC_F32;
  case WCC_F64: return WASMC_F64;
  case WCC_V128: return WASMC_V128;
  case WCC_FUNCREF: return WASMC_FUNCREF;
  default: return WASMC_EXTERNREF;
  }
}

/* ---- constant expressions (spec 3.3.10) -------------------------------------- */
static LLVMValueRef load_field(wcc_ctx *c, LLVMTypeRef ty, LLVMValueRef ptr, uint64_t off) {
  LLVMValueRef idx = k64(c, off);
  LLVMValueRef p = off ? LLVMBuildGEP2(c->b, c->t_i8, ptr, &idx, 1, "") : ptr;
  return LLVMBuildLoad2(c->b, ty, p, "");
}

static LLVMValueRef global_cell_ptr(wcc_ctx *c, LLVMValueRef inst, uint32_t g) {
  if (g >= c->m->n_imported_globals) {
    LLVMValueRef off = k64(c, WASMC_INSTANCE_GLOBALS_OFFSET + (uint64_t)WASMC_GLOBAL_CELL_SIZE * (g - c->m->n_imported_globals));
    return LLVMBuildGEP2(c->b, c->t_i8, inst, &off, 1, "");
  }
  LLVMValueRef arr = load_field(c, c->t_ptr, inst, WASMC_INSTANCE_GLOBALS_PTR_OFFSET);
  return load_field(c, c->t_ptr, arr, (uint64_t)g * 8);
}

LLVMValueRef wcc_lower_const_expr(wcc_ctx *c, LLVMValueRef inst, const uint8_t *expr, size_t len, uint8_t type) {
  /* the reader validated the expression; decode it again and build values */
  wcc_reader r = {expr, expr + len, c->m->bytes, c->diag};
  LLVMValueRef stack[64];
  int sp = 0;
  while (r.p < r.end && sp < 64) {
    uint8_t op;
    wcc_read_u8(&r, &op);
    switch (op) {
    case 0x41: { int32_t v; wcc_read_s32(&r, &v); stack[sp++] = k32(c, (uint32_t)v); break; }
    case 0x42: { int64_t v; wcc_read_s64(&r, &v); stack[sp++] = k64(c, (uint64_t)v); break; }
    case 0x43: {
      const uint8_t *p; wcc_read_bytes(&r, 4, &p);
      uint32_t bits = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
      stack[sp++] = LLVMConstBitCast(k32(c, bits), c->t_f32);
      break;
    }
    case 0x44: {
      const uint8_t *p; wcc_read_bytes(&r, 8, &p);
      uint64_t bits = 0;
      for (int i = 7; i >= 0; i--) bits = bits << 8 | p[i];
      stack[sp++] = LLVMConstBitCast(k64(c, bits), c->t_f64);
      break;
    }
    case 0xd0: { uint8_t t; wcc_read_u8(&r, &t); stack[sp++] = LLVMConstPointerNull(c->t_ptr); break; }
    case 0xfd: { /* v128.const */
      uint32_t sub; const uint8_t *p;
      wcc_read_u32(&r, &sub); wcc_read_bytes(&r, 16, &p);
      uint64_t lo = 0, hi = 0;
      for (int i = 7; i >= 0; i--) { lo = lo << 8 | p[i]; hi = hi << 8 | p[i + 8]; }
      LLVMValueRef k[2] = {k64(c, lo), k64(c, hi)};
      stack[sp++] = LLVMConstVector(k, 2);
      break;
    }
    case 0xd2: {
      uint32_t idx; wcc_read_u32(&r, &idx);
      LLVMValueRef arr = load_field(c, c->t_ptr, inst, WASMC_INSTANCE_FUNCS_OFFSET);
      stack[sp++] = load_field(c, c->t_ptr, arr, (uint64_t)idx * 8);
      break;
    }
    case 0x23: {
      uint32_t g; wcc_read_u32(&r, &g);
      stack[sp] = LLVMBuildLoad2(c->b, wcc_llvm_type(c, c->m->globals[g].type), global_cell_ptr(c, inst, g), "");
      if (c->m->globals[g].type == WCC_V128) LLVMSetAlignment(stack[sp], 8); /* v128 would assume 16 */
      sp++;
      break;
    }
    case 0x6a: case 0x7c: sp--; stack[sp - 1] = LLVMBuildAdd(c->b, stack[sp - 1], stack[sp], ""); break;
    case 0x6b: case 0x7d: sp--; stack[sp - 1] = LLVMBuildSub(c->b, stack[sp - 1], stack[sp], ""); break;
    case 0x6c: case 0x7e: sp--; stack[sp - 1] = LLVMBuildMul(c->b, stack[sp - 1], stack[sp], ""); break;
    default: break;
    }
  }
  (void)type;
  return sp ? stack[sp - 1] : LLVMConstNull(wcc_llvm_type(c, type));
}

/* ---- generated helpers ---------------------------------------------------- */
/* One invoke trampoline per function type (wasmc_invoke_fn in wasmc_abi.h). */
static LLVMValueRef emit_invoke(wcc_ctx *c, uint32_t type_index, LLVMValueRef *cache) {
  if (cache[type_index]) return cache[type_index];
  const wcc_functype *ft = &c->m->types[type_index];
  LLVMTypeRef ps[3] = {c->t_ptr, c->t_ptr, c->t_ptr};
  char name[48];
  snprintf(name, sizeof name, "wasmc.invoke.%u", type_index);
  LLVMValueRef fn = LLVMAddFunction(c->llmod, name, LLVMFunctionType(c->t_void, ps, 3, 0));
  LLVMSetLinkage(fn, LLVMInternalLinkage);
  LLVMPositionBuilderAtEnd(c->b, LLVMAppendBasicBlockInContext(c->llctx, fn, "entry"));
  LLVMValueRef vals = LLVMGetParam(fn, 2);
  LLVMValueRef *args = calloc(ft->n_params + 1, sizeof *args);
  args[0] = LLVMGetParam(fn, 1);
  /* a v128 takes two consecutive slots (wasmc_invoke_fn in wasmc_abi.h) */
  for (uint32_t i = 0, si = 0; i < ft->n_params; i++) {
    LLVMValueRef k = k64(c, si);
    LLVMValueRef slot = LLVMBuildGEP2(c->b, c->t_i64, vals, &k, 1, "");
    args[i + 1] = LLVMBuildLoad2(c->b, wcc_llvm_type(c, ft->params[i]), slot, "");
    if (ft->params[i] == WCC_V128) LLVMSetAlignment(args[i + 1], 8);
    si += ft->params[i] == WCC_V128 ? 2 : 1;
  }
  LLVMValueRef r = LLVMBuildCall2(c->b, c->fn_type[type_index], LLVMGetParam(fn, 0), args, ft->n_params + 1, "");
  free(args);
  for (uint32_t i = 0, si = 0; i < ft->n_results; i++) {
    LLVMValueRef v = ft->n_results == 1 ? r : LLVMBuildExtractValue(c->b, r, i, "");
    LLVMValueRef k = k64(c, si);
    si += ft->results[i] == WCC_V128 ? 2 : 1;
    LLVMValueRef slot = LLVMBuildGEP2(c->b, c->t_i64, vals, &k, 1, "");
    LLVMTypeRef t = LLVMTypeOf(v);
    if (t == c->t_i32 || t == c->t_f32) {
      /* zero the slot's upper half so i32/f32 results read back as u64 */
      LLVMBuildStore(c->b, k64(c, 0), slot);
    }
    LLVMValueRef st = LLVMBuildStore(c->b, v, slot);
    if (ft->results[i] == WCC_V128) LLVMSetAlignment(st, 8);
  }
  LLVMBuildRetVoid(c->b);
  cache[type_index] = fn;
  return fn;
}

static LLVMValueRef emit_init_globals(wcc_ctx *c) {
  LLVMTypeRef p = c->t_ptr;
  LLVMValueRef fn = LLVMAddFunction(c->llmod, "wasmc.init_globals", LLVMFunctionType(c->t_void, &p, 1, 0));
  LLVMSetLinkage(fn, LLVMInternalLinkage);
  LLVMPositionBuilderAtEnd(c->b, LLVMAppendBasicBlockInContext(c->llctx, fn, "entry"));
  LLVMValueRef inst = LLVMGetParam(fn, 0);
  wcc_module *m = c->m;
  for (uint32_t g = m->n_imported_globals; g < m->n_globals; g++) {
    LLVMValueRef v = wcc_lower_const_expr(c, inst, m->globals[g].init, m->globals[g].init_len, m->globals[g].type);
    LLVMValueRef st = LLVMBuildStore(c->b, v, global_cell_ptr(c, inst, g));
    if (m->globals[g].type == WCC_V128) LLVMSetAlignment(st, 8); /* cells are 8-aligned; v128 would assume 16 */
  }
  LLVMBuildRetVoid(c->b);
  return fn;
}

static LLVMValueRef emit_segment_offset(wcc_ctx *c) {
  LLVMTypeRef ps[3] = {c->t_ptr, c->t_i32, c->t_i32};
  LLVMValueRef fn = LLVMAddFunction(c->llmod, "wasmc.segment_offset", LLVMFunctionType(c->t_i64, ps, 3, 0));
  LLVMSetLinkage(fn, LLVMInternalLinkage);
  LLVMValueRef inst = LLVMGetParam(fn, 0), kind = LLVMGetParam(fn, 1), index = LLVMGetParam(fn, 2);
  LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(c->llctx, fn, "entry");
  LLVMBasicBlockRef none = LLVMAppendBasicBlockInContext(c->llctx, fn, "none");
  LLVMBasicBlockRef data = LLVMAppendBasicBlockInContext(c->llctx, fn, "data");
  LLVMBasicBlockRef elem = LLVMAppendBasicBlockInContext(c->llctx, fn, "elem");
  LLVMPositionBuilderAtEnd(c->b, none);
  LLVMBuildRet(c->b, k64(c, 0));
  LLVMPositionBuilderAtEnd(c->b, entry);
  LLVMValueRef sw = LLVMBuildSwitch(c->b, kind, none, 2);
  LLVMAddCase(sw, k32(c, 0), data);
  LLVMAddCase(sw, k32(c, 1), elem);
  wcc_module *m = c->m;
  for (int k = 0; k < 2; k++) {
    LLVMPositionBuilderAtEnd(c->b, k == 0 ? data : elem);
    uint32_t n = k == 0 ? m->n_data : m->n_elems;
    LLVMValueRef s = LLVMBuildSwitch(c->b, index, none, n);
    for (uint32_t i = 0; i < n; i++) {
      const uint8_t *e = k == 0 ? m->data[i].offset : m->elems[i].offset;
      size_t len = k == 0 ? m->data[i].offset_len : m->elems[i].offset_len;
      bool active = (k == 0 ? m->data[i].mode : m->elems[i].mode) == WASMC_SEGMENT_ACTIVE;
      if (!active) continue;
      LLVMBasicBlockRef bb = LLVMAppendBasicBlockInContext(c->llctx, fn, "seg");
      LLVMAddCase(s, k32(c, i), bb);
      LLVMPositionBuilderAtEnd(c->b, bb);
      LLVMValueRef v = wcc_lower_const_expr(c, inst, e, len, WCC_I32);
      LLVMBuildRet(c->b, LLVMBuildZExt(c->b, v, c->t_i64, ""));
    }
  }
  return fn;
}

static LLVMValueRef emit_elem_entries(wcc_ctx *c) {
  LLVMTypeRef ps[3] = {c->t_ptr, c->t_i32, c->t_ptr};
  LLVMValueRef fn = LLVMAddFunction(c->llmod, "wasmc.elem_entries", LLVMFunctionType(c->t_void, ps, 3, 0));
  LLVMSetLinkage(fn, LLVMInternalLinkage);
  LLVMValueRef inst = LLVMGetParam(fn, 0), index = LLVMGetParam(fn, 1), out = LLVMGetParam(fn, 2);
  LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(c->llctx, fn, "entry");
  LLVMBasicBlockRef done = LLVMAppendBasicBlockInContext(c->llctx, fn, "done");
  LLVMPositionBuilderAtEnd(c->b, done);
  LLVMBuildRetVoid(c->b);
  LLVMPositionBuilderAtEnd(c->b, entry);
  wcc_module *m = c->m;
  LLVMValueRef sw = LLVMBuildSwitch(c->b, index, done, m->n_elems);
  for (uint32_t i = 0; i < m->n_elems; i++) {
    wcc_elem *e = &m->elems[i];
    if (!e->count) continue;
    LLVMBasicBlockRef bb = LLVMAppendBasicBlockInContext(c->llctx, fn, "seg");
    LLVMAddCase(sw, k32(c, i), bb);
    LLVMPositionBuilderAtEnd(c->b, bb);
    if (e->func_indices) {
      /* a loop over a constant table of function indices keeps big tables small */
      LLVMValueRef *vals = malloc(e->count * sizeof *vals);
      for (uint32_t k = 0; k < e->count; k++) vals[k] = k32(c, e->func_indices[k]);
      LLVMValueRef arr = const_array(c, c->t_i32, vals, e->count, "elem.funcs");
      free(vals);
      LLVMValueRef funcs = load_field(c, c->t_ptr, inst, WASMC_INSTANCE_FUNCS_OFFSET);
      LLVMBasicBlockRef loop = LLVMAppendBasicBlockInContext(c->llctx, fn, "loop");
      LLVMBuildBr(c->b, loop);
      LLVMPositionBuilderAtEnd(c->b, loop);
      LLVMValueRef k = LLVMBuildPhi(c->b, c->t_i64, "k");
      LLVMValueRef zero = k64(c, 0);
      LLVMAddIncoming(k, &zero, &bb, 1);
      LLVMValueRef fidx = LLVMBuildLoad2(c->b, c->t_i32, LLVMBuildGEP2(c->b, c->t_i32, arr, &k, 1, ""), "");
      LLVMValueRef fidx64 = LLVMBuildZExt(c->b, fidx, c->t_i64, "");
      LLVMValueRef ref = LLVMBuildLoad2(c->b, c->t_ptr, LLVMBuildGEP2(c->b, c->t_ptr, funcs, &fidx64, 1, ""), "");
      LLVMBuildStore(c->b, ref, LLVMBuildGEP2(c->b, c->t_ptr, out, &k, 1, ""));
      LLVMValueRef next = LLVMBuildAdd(c->b, k, k64(c, 1), "");
      LLVMBasicBlockRef cur = LLVMGetInsertBlock(c->b);
      LLVMAddIncoming(k, &next, &cur, 1);
      LLVMBuildCondBr(c->b, LLVMBuildICmp(c->b, LLVMIntULT, next, k64(c, e->count), ""), loop, done);
    } else {
      for (uint32_t k = 0; k < e->count; k++) {
        LLVMValueRef v = wcc_lower_const_expr(c, inst, e->exprs[k], e->expr_lens[k], e->elem_type);
        LLVMValueRef kk = k64(c, k);
        LLVMBuildStore(c->b, v, LLVMBuildGEP2(c->b, c->t_ptr, out, &kk, 1, ""));
      }
      LLVMBuildBr(c->b, done);
    }
  }
  return fn;
}

static LLVMValueRef add_const_global(wcc_ctx *c, const char *name, LLVMValueRef init, bool external) {
  LLVMValueRef g = LLVMAddGlobal(c->llmod, LLVMTypeOf(init), name);
  LLVMSetInitializer(g, init);
  LLVMSetGlobalConstant(g, 1);
  LLVMSetLinkage(g, external ? LLVMExternalLinkage : LLVMPrivateLinkage);
  return g;
}

static LLVMValueRef cstruct(wcc_ctx *c, LLVMValueRef *f, unsigned n) { return LLVMConstStructInContext(c->llctx, f, n, 0); }

bool wcc_emit_module_data(wcc_ctx *c) {
  wcc_module *m = c->m;
  const wcc_options *o = c->opts;
  LLVMValueRef init_globals = emit_init_globals(c);
  LLVMValueRef segment_offset = emit_segment_offset(c);
  LLVMValueRef elem_entries = emit_elem_entries(c);

  /* functions */
  LLVMValueRef *v = calloc((size_t)m->n_funcs + m->n_imports + m->n_exports + m->n_globals + m->n_tables +
                               m->n_memories + m->n_data + m->n_elems + 8, sizeof *v);
  LLVMValueRef *invokes = calloc(m->n_types + 1, sizeof *invokes);
  for (uint32_t i = 0; i < m->n_funcs; i++) {
    const wcc_functype *ft = &m->types[m->funcs[i].type_index];
    LLVMValueRef invoke = emit_invoke(c, m->funcs[i].type_index, invokes);
    char nbuf[32];
    const char *name = wcc_func_name(m, i, nbuf, sizeof nbuf); /* what traps print; diagnostics too */
    LLVMValueRef fields[5] = {
        m->funcs[i].imported ? LLVMConstPointerNull(c->t_ptr) : c->fn[i],
        cstr(c, name), cstr(c, ft->sig), k64(c, ft->type_id), invoke};
    v[i] = cstruct(c, fields, 5);
  }
  free(invokes);
  LLVMValueRef funcs = m->n_funcs ? const_array(c, LLVMTypeOf(v[0]), v, m->n_funcs, "wasmc.funcs") : LLVMConstPointerNull(c->t_ptr);
  /* imports */
  for (uint32_t i = 0; i < m->n_imports; i++) {
    LLVMValueRef fields[4] = {cstr(c, m->imports[i].module), cstr(c, m->imports[i].name), k32(c, m->imports[i].kind), k32(c, m->imports[i].index)};
    v[i] = cstruct(c, fields, 4);
  }
  LLVMValueRef imports = m->n_imports ? const_array(c, LLVMTypeOf(v[0]), v, m->n_imports, "wasmc.imports") : LLVMConstPointerNull(c->t_ptr);
  for (uint32_t i = 0; i < m->n_exports; i++) {
    /* Export names may contain NUL bytes (names.wast): emit all name_len
     * bytes (plus the terminating NUL) and the length. */
    LLVMValueRef fields[5] = {cstr_len(c, m->exports[i].name, m->exports[i].name_len), k32(c, m->exports[i].kind),
                              k32(c, m->exports[i].index), k32(c, m->exports[i].name_len), k32(c, 0)};
    v[i] = cstruct(c, fields, 5);
  }
  LLVMValueRef exports = m->n_exports ? const_array(c, LLVMTypeOf(v[0]), v, m->n_exports, "wasmc.exports") : LLVMConstPointerNull(c->t_ptr);
  for (uint32_t i = 0; i < m->n_globals; i++) {
    LLVMValueRef fields[2] = {k32(c, abi_valtype(m->globals[i].type)), k32(c, m->globals[i].is_mutable)};
    v[i] = cstruct(c, fields, 2);
  }
  LLVMValueRef globals = m->n_globals ? const_array(c, LLVMTypeOf(v[0]), v, m->n_globals, "wasmc.globals") : LLVMConstPointerNull(c->t_ptr);
  for (uint32_t i = 0; i < m->n_memories; i++) {
    LLVMValueRef fields[4] = {k64(c, m->memories[i].limits.min), k64(c, m->memories[i].limits.max),
                              k32(c, m->memories[i].limits.has_max), k32(c, 0)};
    v[i] = cstruct(c, fields, 4);
  }
  LLVMValueRef memories = m->n_memories ? const_array(c, LLVMTypeOf(v[0]), v, m->n_memories, "wasmc.memories") : LLVMConstPointerNull(c->t_ptr);
  for (uint32_t i = 0; i < m->n_tables; i++) {
    LLVMValueRef fields[4] = {k32(c, abi_valtype(m->tables[i].elem_type)), k32(c, m->tables[i].limits.min),
                              k32(c, m->tables[i].limits.has_max ? m->tables[i].limits.max : UINT32_MAX),
                              k32(c, m->tables[i].limits.has_max)};
    v[i] = cstruct(c, fields, 4);
  }
  LLVMValueRef tables = m->n_tables ? const_array(c, LLVMTypeOf(v[0]), v, m->n_tables, "wasmc.tables") : LLVMConstPointerNull(c->t_ptr);
  for (uint32_t i = 0; i < m->n_data; i++) {
    LLVMValueRef bytes = LLVMConstPointerNull(c->t_ptr);
    if (m->data[i].size) {
      LLVMValueRef init = LLVMConstStringInContext(c->llctx, (const char *)m->data[i].bytes, m->data[i].size, 1);
      bytes = add_const_global(c, "wasmc.data", init, false);
    }
    LLVMValueRef fields[5] = {bytes, k32(c, m->data[i].size), k32(c, m->data[i].mode), k32(c, m->data[i].memory), k32(c, 0)};
    v[i] = cstruct(c, fields, 5);
  }
  LLVMValueRef data = m->n_data ? const_array(c, LLVMTypeOf(v[0]), v, m->n_data, "wasmc.data_segments") : LLVMConstPointerNull(c->t_ptr);
  for (uint32_t i = 0; i < m->n_elems; i++) {
    LLVMValueRef fields[4] = {k32(c, m->elems[i].mode), k32(c, m->elems[i].table), k32(c, m->elems[i].count),
                              k32(c, abi_valtype(m->elems[i].elem_type))};
    v[i] = cstruct(c, fields, 4);
  }
  LLVMValueRef elems = m->n_elems ? const_array(c, LLVMTypeOf(v[0]), v, m->n_elems, "wasmc.elem_segments") : LLVMConstPointerNull(c->t_ptr);
  free(v);
  v = calloc((size_t)m->n_tags + 1, sizeof *v);
  for (uint32_t i = 0; i < m->n_tags; i++) {
    const wcc_functype *ft = &m->types[m->tag_types[i]];
    LLVMValueRef fields[4] = {cstr(c, ft->sig), k64(c, ft->type_id), k32(c, ft->n_params), k32(c, 0)};
    v[i] = cstruct(c, fields, 4);
  }
  LLVMValueRef tags = m->n_tags ? const_array(c, LLVMTypeOf(v[0]), v, m->n_tags, "wasmc.tags") : LLVMConstPointerNull(c->t_ptr);
  free(v);

  uint32_t n_defined_globals = m->n_globals - m->n_imported_globals;
  const char *sym = o->module_symbol ? o->module_symbol : WASMC_MAIN_MODULE_SYMBOL;
  LLVMValueRef mod_fields[] = {
      k32(c, WASMC_ABI_VERSION),
      k32(c, WASMC_INSTANCE_GLOBALS_OFFSET + (uint64_t)WASMC_GLOBAL_CELL_SIZE * n_defined_globals),
      cstr(c, sym),
      k32(c, m->n_funcs), k32(c, m->n_imported_funcs), funcs,
      k32(c, m->n_globals), k32(c, m->n_imported_globals), globals,
      k32(c, m->n_memories), k32(c, m->n_imported_memories), memories,
      k32(c, m->n_tables), k32(c, m->n_imported_tables), tables,
      k32(c, m->n_imports), k32(c, m->n_exports), imports, exports,
      k32(c, m->n_data), k32(c, m->n_elems), data, elems,
      k32(c, (uint32_t)(int32_t)m->start), k32(c, c->seg_base ? WASMC_MODULE_MEMORY0_GS : 0),
      init_globals, segment_offset, elem_entries,
      k32(c, m->n_tags), k32(c, m->n_imported_tags), tags,
  };
  add_const_global(c, sym, cstruct(c, mod_fields, sizeof mod_fields / sizeof *mod_fields), true);

  if (o->emit == WCC_EMIT_EXE || !o->module_symbol) {
    /* sandbox configuration baked in at compile time (docs/sandbox.md) */
    LLVMValueRef *dv = calloc(o->n_dirs + 1, sizeof *dv);
    for (uint32_t i = 0; i < o->n_dirs; i++) {
      LLVMValueRef fields[4] = {cstr(c, o->dirs[i].host), cstr(c, o->dirs[i].guest), k32(c, o->dirs[i].flags), k32(c, 0)};
      dv[i] = cstruct(c, fields, 4);
    }
    LLVMValueRef dirs = o->n_dirs ? const_array(c, LLVMTypeOf(dv[0]), dv, o->n_dirs, "wasmc.dirs") : LLVMConstPointerNull(c->t_ptr);
    free(dv);
    LLVMValueRef *ev = calloc(o->n_env + 1, sizeof *ev);
    for (uint32_t i = 0; i < o->n_env; i++) ev[i] = cstr(c, o->env[i]);
    LLVMValueRef env = o->n_env ? const_array(c, c->t_ptr, ev, o->n_env, "wasmc.env") : LLVMConstPointerNull(c->t_ptr);
    free(ev);
    LLVMValueRef *sv = calloc(o->n_sockets + 1, sizeof *sv);
    for (uint32_t i = 0; i < o->n_sockets; i++) {
      LLVMValueRef fields[3] = {cstr(c, o->sockets[i].addr), k32(c, o->sockets[i].kind), k32(c, 0)};
      sv[i] = cstruct(c, fields, 3);
    }
    LLVMValueRef socks = o->n_sockets ? const_array(c, LLVMTypeOf(sv[0]), sv, o->n_sockets, "wasmc.sockets") : LLVMConstPointerNull(c->t_ptr);
    free(sv);
    /* --box: the image is defined by the assembly file the link step adds */
    LLVMValueRef box = LLVMConstPointerNull(c->t_ptr);
    if (o->box_image_size) {
      box = LLVMAddGlobal(c->llmod, LLVMArrayType2(c->t_i8, 0), WASMC_BOX_SYMBOL);
      LLVMSetLinkage(box, LLVMExternalLinkage);
      LLVMSetVisibility(box, LLVMHiddenVisibility);
      LLVMSetGlobalConstant(box, 1);
    }
    LLVMValueRef cfg[] = {k32(c, WASMC_ABI_VERSION), k32(c, o->n_dirs), dirs, k32(c, o->n_env), k32(c, o->inherit_env), env,
                          k64(c, o->stack_size), k32(c, o->n_sockets), k32(c, 0), socks, box, k64(c, o->box_image_size)};
    add_const_global(c, WASMC_MAIN_CONFIG_SYMBOL, cstruct(c, cfg, sizeof cfg / sizeof *cfg), true);
  }
  return !c->diag->failed;
}
