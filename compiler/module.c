/*
 * module.c — module-level lowering: LLVM types, function declarations, host
 * (WASI) import binding, and the read-only module descriptor (wasmc_module
 * in wasmc_abi.h, constant expressions included) that the runtime
 * instantiates.
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

LLVMTypeRef wcc_tail_functype(wcc_ctx *c, const wcc_functype *ft) {
  if (!wcc_tail_results_indirect(ft)) return wcc_llvm_functype(c, ft);
  LLVMTypeRef *ps = calloc(ft->n_params + 2, sizeof *ps);
  ps[0] = c->t_ptr;
  for (uint32_t i = 0; i < ft->n_params; i++) ps[i + 1] = wcc_llvm_type(c, ft->params[i]);
  ps[ft->n_params + 1] = c->t_ptr; /* the results */
  LLVMTypeRef t = LLVMFunctionType(c->t_void, ps, ft->n_params + 2, 0);
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
/* The runtime evaluates them at instantiation (wasmc_const_expr in
 * wasmc_abi.h, runtime/src/wrt_constexpr.c): the descriptor points into one
 * private blob holding every expression's bytes, so neither code nor the
 * number of LLVM globals grows with the number of globals and segments. */
typedef struct const_blob {
  uint8_t *bytes;
  size_t len, cap;
  bool oom;
} const_blob;

/* Append `len` bytes at p; returns their offset in the blob. */
static size_t blob_add(const_blob *b, const uint8_t *p, size_t len) {
  size_t off = b->len;
  if (!len || b->oom) return off;
  if (b->len + len > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + len) cap *= 2;
    uint8_t *n = realloc(b->bytes, cap);
    if (!n) {
      b->oom = true;
      return off;
    }
    b->bytes = n, b->cap = cap;
  }
  memcpy(b->bytes + b->len, p, len);
  b->len += len;
  return off;
}

/* The elem segment's expressions, each with its `end`: the reader read them
 * one after another, so they are contiguous in the module's bytes. */
static size_t elem_items_len(const wcc_elem *e) {
  if (e->func_indices || !e->count) return 0;
  return (size_t)(e->exprs[e->count - 1] + e->expr_lens[e->count - 1] + 1 - e->exprs[0]);
}

/* wasmc_const_expr {code, len, 0}: `len` bytes at offset `off` of blob g. */
static LLVMValueRef const_expr_ref(wcc_ctx *c, LLVMValueRef g, size_t off, size_t len) {
  LLVMValueRef code = LLVMConstPointerNull(c->t_ptr);
  if (len) {
    LLVMValueRef idx = k64(c, off);
    code = LLVMConstInBoundsGEP2(c->t_i8, g, &idx, 1);
  }
  LLVMValueRef fields[3] = {code, k32(c, len), k32(c, 0)};
  return LLVMConstStructInContext(c->llctx, fields, 3, 0);
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

static LLVMValueRef add_const_global(wcc_ctx *c, const char *name, LLVMValueRef init, bool external) {
  LLVMValueRef g = LLVMAddGlobal(c->llmod, LLVMTypeOf(init), name);
  LLVMSetInitializer(g, init);
  LLVMSetGlobalConstant(g, 1);
  LLVMSetLinkage(g, external ? LLVMExternalLinkage : LLVMPrivateLinkage);
  return g;
}

static LLVMValueRef cstruct(wcc_ctx *c, LLVMValueRef *f, unsigned n) { return LLVMConstStructInContext(c->llctx, f, n, 0); }

/* The parts of the runtime that only some executables need are linked only
 * when the module asks for them (issue 22: a hello-world without them is
 * ~30 KB smaller).  The runtime refers to their entry points weakly
 * (runtime/src/wrt_internal.h "Optional parts"); this private array, kept
 * by llvm.compiler.used, refers to them strongly, so that the static link
 * takes their archive members: the box file system (and its XXH3) for
 * --box, the --timeout timer thread (and libc's pthread_create) for code
 * with interruption checks, the DWARF line reader for -g.  The array itself
 * is garbage-collected by the link; what it pulled in stays, reached from
 * the runtime's weak references. */
static void require_runtime_parts(wcc_ctx *c) {
  const wcc_options *o = c->opts;
  const char *names[3];
  unsigned n = 0;
  if (o->box_image_size) names[n++] = WASMC_RT_BOX_ENTRY;
  if (o->checks & WASMC_CHECK_INTERRUPT) names[n++] = WASMC_RT_TIMER_ENTRY;
  if (o->debug_info) names[n++] = WASMC_RT_LINES_ENTRY;
  if (!n) return;
  LLVMValueRef refs[3];
  LLVMTypeRef fn_t = LLVMFunctionType(LLVMVoidTypeInContext(c->llctx), NULL, 0, 0);
  for (unsigned i = 0; i < n; i++) {
    refs[i] = LLVMGetNamedFunction(c->llmod, names[i]);
    if (!refs[i]) refs[i] = LLVMAddFunction(c->llmod, names[i], fn_t);
  }
  LLVMValueRef parts = add_const_global(c, "wasmc.runtime_parts", LLVMConstArray2(c->t_ptr, refs, n), false);
  LLVMValueRef used = LLVMAddGlobal(c->llmod, LLVMArrayType2(c->t_ptr, 1), "llvm.compiler.used");
  LLVMSetLinkage(used, LLVMAppendingLinkage);
  LLVMSetSection(used, "llvm.metadata");
  LLVMSetInitializer(used, LLVMConstArray2(c->t_ptr, &parts, 1));
}

bool wcc_emit_module_data(wcc_ctx *c) {
  wcc_module *m = c->m;
  const wcc_options *o = c->opts;
  /* every constant expression into one blob, in the order used below */
  const_blob blob = {0};
  size_t *ce_off = calloc((size_t)m->n_globals + m->n_data + 2 * (size_t)m->n_elems + 1, sizeof *ce_off);
  if (!ce_off) {
    wcc_error(c->diag, "out of memory");
    return false;
  }
  size_t *g_off = ce_off, *d_off = g_off + m->n_globals, *e_off = d_off + m->n_data, *ei_off = e_off + m->n_elems;
  for (uint32_t g = m->n_imported_globals; g < m->n_globals; g++)
    g_off[g] = blob_add(&blob, m->globals[g].init, m->globals[g].init_len);
  for (uint32_t i = 0; i < m->n_data; i++)
    if (m->data[i].mode == WASMC_SEGMENT_ACTIVE) d_off[i] = blob_add(&blob, m->data[i].offset, m->data[i].offset_len);
  for (uint32_t i = 0; i < m->n_elems; i++) {
    if (m->elems[i].mode == WASMC_SEGMENT_ACTIVE)
      e_off[i] = blob_add(&blob, m->elems[i].offset, m->elems[i].offset_len);
    if (elem_items_len(&m->elems[i])) ei_off[i] = blob_add(&blob, m->elems[i].exprs[0], elem_items_len(&m->elems[i]));
  }
  if (blob.oom) {
    free(blob.bytes);
    free(ce_off);
    wcc_error(c->diag, "out of memory");
    return false;
  }
  LLVMValueRef blob_g = NULL;
  if (blob.len)
    blob_g = add_const_global(c, "wasmc.const_exprs",
                              LLVMConstStringInContext(c->llctx, (const char *)blob.bytes, (unsigned)blob.len, 1), false);
  free(blob.bytes);

  /* functions */
  LLVMValueRef *v = calloc((size_t)m->n_funcs + m->n_imports + m->n_exports + m->n_globals + m->n_tables +
                               m->n_memories + m->n_data + m->n_elems + 8, sizeof *v);
  LLVMValueRef *invokes = calloc(m->n_types + 1, sizeof *invokes);
  for (uint32_t i = 0; i < m->n_funcs; i++) {
    const wcc_functype *ft = &m->types[m->funcs[i].type_index];
    LLVMValueRef invoke = emit_invoke(c, m->funcs[i].type_index, invokes);
    char nbuf[32];
    const char *name = wcc_func_name(m, i, nbuf, sizeof nbuf); /* what traps print; diagnostics too */
    /* a tail-call entry's callers from C go through its wrapper (ABI v13) */
    LLVMValueRef null = LLVMConstPointerNull(c->t_ptr), tail = m->funcs[i].tail_calls ? c->fn[i] : null;
    LLVMValueRef fields[6] = {
        m->funcs[i].imported ? null : m->funcs[i].tail_calls ? c->fn_entry[i] : c->fn[i],
        cstr(c, name), cstr(c, ft->sig), k64(c, ft->type_id), invoke, tail};
    v[i] = cstruct(c, fields, 6);
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
    bool defined = i >= m->n_imported_globals;
    LLVMValueRef fields[3] = {k32(c, abi_valtype(m->globals[i].type)), k32(c, m->globals[i].is_mutable),
                              const_expr_ref(c, blob_g, g_off[i], defined ? m->globals[i].init_len : 0)};
    v[i] = cstruct(c, fields, 3);
  }
  LLVMValueRef globals = m->n_globals ? const_array(c, LLVMTypeOf(v[0]), v, m->n_globals, "wasmc.globals") : LLVMConstPointerNull(c->t_ptr);
  for (uint32_t i = 0; i < m->n_memories; i++) {
    LLVMValueRef fields[4] = {k64(c, m->memories[i].limits.min), k64(c, m->memories[i].limits.max),
                              k32(c, m->memories[i].limits.has_max),
                              k32(c, (m->memories[i].is64 ? WASMC_MEMORY_DESC_64 : 0) |
                                         (m->memories[i].limits.shared ? WASMC_MEMORY_SHARED : 0))};
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
    bool active = m->data[i].mode == WASMC_SEGMENT_ACTIVE;
    LLVMValueRef fields[6] = {bytes, k32(c, m->data[i].size), k32(c, m->data[i].mode), k32(c, m->data[i].memory), k32(c, 0),
                              const_expr_ref(c, blob_g, d_off[i], active ? m->data[i].offset_len : 0)};
    v[i] = cstruct(c, fields, 6);
  }
  LLVMValueRef data = m->n_data ? const_array(c, LLVMTypeOf(v[0]), v, m->n_data, "wasmc.data_segments") : LLVMConstPointerNull(c->t_ptr);
  for (uint32_t i = 0; i < m->n_elems; i++) {
    const wcc_elem *e = &m->elems[i];
    LLVMValueRef fidx = LLVMConstPointerNull(c->t_ptr);
    if (e->func_indices && e->count && e->mode != WASMC_SEGMENT_DECLARATIVE) {
      LLVMValueRef *fv = malloc(e->count * sizeof *fv);
      if (!fv) {
        free(v), free(ce_off);
        wcc_error(c->diag, "out of memory");
        return false;
      }
      for (uint32_t k = 0; k < e->count; k++) fv[k] = k32(c, e->func_indices[k]);
      fidx = const_array(c, c->t_i32, fv, e->count, "wasmc.elem_funcs");
      free(fv);
    }
    bool items = !e->func_indices && e->mode != WASMC_SEGMENT_DECLARATIVE;
    LLVMValueRef fields[7] = {k32(c, e->mode), k32(c, e->table), k32(c, e->count), k32(c, abi_valtype(e->elem_type)),
                              const_expr_ref(c, blob_g, e_off[i], e->mode == WASMC_SEGMENT_ACTIVE ? e->offset_len : 0),
                              fidx, const_expr_ref(c, blob_g, ei_off[i], items ? elem_items_len(e) : 0)};
    v[i] = cstruct(c, fields, 7);
  }
  free(ce_off);
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
  /* module offsets of the function bodies, for backtraces (ABI v12) */
  v = calloc((size_t)m->n_funcs + 1, sizeof *v);
  if (!v) {
    wcc_error(c->diag, "out of memory");
    return false;
  }
  for (uint32_t i = 0; i < m->n_funcs; i++)
    v[i] = k32(c, m->funcs[i].imported || m->funcs[i].body_offset > UINT32_MAX ? 0 : (uint32_t)m->funcs[i].body_offset);
  LLVMValueRef code_offsets =
      m->n_funcs ? const_array(c, c->t_i32, v, m->n_funcs, "wasmc.func_code_offsets") : LLVMConstPointerNull(c->t_ptr);
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
      k32(c, m->n_tags), k32(c, m->n_imported_tags), tags,
      code_offsets,
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
    LLVMValueRef *av = calloc(o->n_entry_args + o->n_cmd_args + 1, sizeof *av);
    for (uint32_t i = 0; i < o->n_entry_args; i++) av[i] = cstr(c, o->entry_args[i]);
    for (uint32_t i = 0; i < o->n_cmd_args; i++) av[o->n_entry_args + i] = cstr(c, o->cmd_args[i]);
    LLVMValueRef entry = o->n_entry_args ? const_array(c, c->t_ptr, av, o->n_entry_args, "wasmc.entry_args")
                                         : LLVMConstPointerNull(c->t_ptr);
    LLVMValueRef cmd = o->n_cmd_args ? const_array(c, c->t_ptr, av + o->n_entry_args, o->n_cmd_args, "wasmc.cmd_args")
                                     : LLVMConstPointerNull(c->t_ptr);
    free(av);
    LLVMValueRef cfg[] = {k32(c, WASMC_ABI_VERSION), k32(c, o->n_dirs), dirs, k32(c, o->n_env), k32(c, o->inherit_env), env,
                          k64(c, o->stack_size), k32(c, o->n_sockets), k32(c, 0), socks, box, k64(c, o->box_image_size),
                          k64(c, o->max_memory), k64(c, o->max_table_elements), k32(c, o->n_entry_args),
                          k32(c, o->n_cmd_args), entry, cmd, k64(c, o->timeout_ns), k64(c, o->fuel),
                          k32(c, o->checks), k32(c, 0)};
    add_const_global(c, WASMC_MAIN_CONFIG_SYMBOL, cstruct(c, cfg, sizeof cfg / sizeof *cfg), true);
  }
  require_runtime_parts(c);
  return !c->diag->failed;
}
