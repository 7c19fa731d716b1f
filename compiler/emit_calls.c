/*
 * emit_calls.c — call and call_indirect (spec 4.4.8: the callee's type is
 * checked against the expected one, through the funcref's type id), and the
 * loads of instance data they need.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lower.h"

/* ---- calls ----------------------------------------------------------------- */

/* `tail_entry`: callee is a tail-call entry (tailcc, of type
 * c->tail_type[...]; results through a pointer when the type has several). */
static bool do_call_values(wcc_fn *f, const wcc_functype *ft, LLVMValueRef callee, LLVMTypeRef fty,
                           LLVMValueRef callee_inst, bool may_throw, bool tail_entry) {
  wcc_ctx *c = f->c;
  uint32_t n = ft->n_params;
  wcc_sval *args = calloc(n + 1, sizeof *args);
  LLVMValueRef *llargs = calloc(n + 2, sizeof *llargs);
  bool ok = wcc_pop_types(f, n, ft->params, args);
  LLVMValueRef ret = NULL;
  if (ok && f->live) {
    llargs[0] = callee_inst;
    for (uint32_t i = 0; i < n; i++) llargs[i + 1] = args[i].v;
    LLVMValueRef out = NULL;
    if (tail_entry && wcc_tail_results_indirect(ft)) llargs[n + 1] = out = wcc_tail_results_slot(f, ft);
    ret = wcc_build_call(f, fty, callee, llargs, n + 1 + (out != NULL), may_throw);
    if (tail_entry) LLVMSetInstructionCallConv(ret, WCC_TAILCC);
    if (out) ret = LLVMBuildLoad2(c->b, LLVMGetReturnType(wcc_llvm_functype(c, ft)), out, "results");
    f->has_calls = true;
  }
  free(args);
  free(llargs);
  if (!ok) return false;
  if (ft->n_results == 1)
    return wcc_push(f, ft->results[0], ret);
  for (uint32_t i = 0; i < ft->n_results; i++)
    if (!wcc_push(f, ft->results[i], f->live ? LLVMBuildExtractValue(c->b, ret, i, "") : NULL)) return false;
  return true;
}

LLVMValueRef wcc_load_at(wcc_fn *f, LLVMTypeRef ty, LLVMValueRef ptr, uint64_t off, const char *name) {
  wcc_ctx *c = f->c;
  LLVMValueRef idx = LLVMConstInt(c->t_i64, off, 0);
  LLVMValueRef p = off ? LLVMBuildGEP2(c->b, c->t_i8, ptr, &idx, 1, "") : ptr;
  return LLVMBuildLoad2(c->b, ty, p, name);
}

/* A load from a location that never changes after instantiation (the
 * instance's arrays, funcref descriptors, table/memory object addresses):
 * !invariant.load lets LLVM hoist and merge it freely. */
LLVMValueRef wcc_load_inv(wcc_fn *f, LLVMTypeRef ty, LLVMValueRef ptr, uint64_t off, const char *name) {
  LLVMValueRef v = wcc_load_at(f, ty, ptr, off, name);
  LLVMSetMetadata(v, f->c->md_invariant, f->c->md_empty);
  return v;
}

/* The descriptor (const wasmc_funcref *) of function index `idx`. */
LLVMValueRef wcc_funcref_of(wcc_fn *f, uint32_t idx) {
  wcc_ctx *c = f->c;
  LLVMValueRef arr = wcc_load_inv(f, c->t_ptr, f->inst, WASMC_INSTANCE_FUNCS_OFFSET, "funcs");
  return wcc_load_inv(f, c->t_ptr, arr, (uint64_t)idx * 8, "funcref");
}


bool wcc_emit_call(wcc_fn *f, uint32_t idx) {
  wcc_ctx *c = f->c;
  wcc_module *m = c->m;
  if (idx >= m->n_funcs) return wcc_fn_error(f, "unknown function %u", idx);
  const wcc_functype *ft = &m->types[m->funcs[idx].type_index];
  LLVMTypeRef fty = c->fn_type[m->funcs[idx].type_index];
  if (c->fn[idx]) { /* defined function or directly bound host function */
    if (m->funcs[idx].tail_calls) /* straight to its tail-call entry, not through the wrapper */
      return do_call_values(f, ft, c->fn[idx], c->tail_type[m->funcs[idx].type_index], f->inst, true, true);
    LLVMValueRef fast = f->live ? wcc_libc_fast_fn(c, idx) : NULL;
    return do_call_values(f, ft, fast ? fast : c->fn[idx], fty, f->inst, !c->fn_is_host[idx], false);
  }
  LLVMValueRef callee = NULL, inst = NULL;
  if (f->live) {
    LLVMValueRef desc = wcc_funcref_of(f, idx);
    callee = wcc_load_inv(f, c->t_ptr, desc, WASMC_FUNCREF_FUNC_OFFSET, "callee");
    inst = wcc_load_inv(f, c->t_ptr, desc, WASMC_FUNCREF_INSTANCE_OFFSET, "callee.instance");
  }
  return do_call_values(f, ft, callee, fty, inst, true, false);
}

LLVMValueRef wcc_table_ptr(wcc_fn *f, uint32_t t) {
  wcc_ctx *c = f->c;
  LLVMValueRef arr = wcc_load_inv(f, c->t_ptr, f->inst, WASMC_INSTANCE_TABLES_OFFSET, "tables");
  return wcc_load_inv(f, c->t_ptr, arr, (uint64_t)t * 8, "table");
}

bool wcc_indirect_callee(wcc_fn *f, uint32_t type_index, uint32_t table, const char *what, LLVMValueRef *out_desc) {
  wcc_ctx *c = f->c;
  wcc_module *m = c->m;
  *out_desc = NULL;
  if (type_index >= m->n_types) return wcc_fn_error(f, "unknown type %u", type_index);
  if (table >= m->n_tables) return wcc_fn_error(f, "unknown table %u", table);
  if (m->tables[table].elem_type != WCC_FUNCREF) return wcc_fn_error(f, "type mismatch: %s on a table of externref", what);
  wcc_sval i;
  if (!wcc_pop(f, WCC_I32, &i)) return false;
  const wcc_functype *ft = &m->types[type_index];
  if (f->live) {
    LLVMValueRef tab = wcc_table_ptr(f, table);
    LLVMValueRef size = wcc_load_at(f, c->t_i32, tab, WASMC_TABLE_SIZE_OFFSET, "table.size");
    wcc_trap_if(f, LLVMBuildICmp(c->b, LLVMIntUGE, i.v, size, "oob"), WASMC_TRAP_INDIRECT_OOB);
    LLVMValueRef elems = wcc_load_at(f, c->t_ptr, tab, WASMC_TABLE_ELEMS_OFFSET, "table.elems");
    LLVMValueRef idx = LLVMBuildZExt(c->b, i.v, c->t_i64, "");
    LLVMValueRef slot = LLVMBuildGEP2(c->b, c->t_ptr, elems, &idx, 1, "");
    LLVMValueRef desc = LLVMBuildLoad2(c->b, c->t_ptr, slot, "funcref");
    wcc_trap_if(f, LLVMBuildIsNull(c->b, desc, "null"), WASMC_TRAP_INDIRECT_NULL);
    LLVMValueRef tid = wcc_load_inv(f, c->t_i64, desc, WASMC_FUNCREF_TYPE_ID_OFFSET, "type_id");
    wcc_trap_if(f, LLVMBuildICmp(c->b, LLVMIntNE, tid, LLVMConstInt(c->t_i64, ft->type_id, 0), "badtype"),
                WASMC_TRAP_INDIRECT_TYPE);
    *out_desc = desc;
  }
  return true;
}

bool wcc_emit_call_indirect(wcc_fn *f, uint32_t type_index, uint32_t table) {
  wcc_ctx *c = f->c;
  LLVMValueRef desc, callee = NULL, inst = NULL;
  if (!wcc_indirect_callee(f, type_index, table, "call_indirect", &desc)) return false;
  if (desc) {
    callee = wcc_load_inv(f, c->t_ptr, desc, WASMC_FUNCREF_FUNC_OFFSET, "callee");
    inst = wcc_load_inv(f, c->t_ptr, desc, WASMC_FUNCREF_INSTANCE_OFFSET, "callee.instance");
  }
  return do_call_values(f, &c->m->types[type_index], callee, c->fn_type[type_index], inst, true, false);
}
