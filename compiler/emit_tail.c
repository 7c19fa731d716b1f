/*
 * emit_tail.c — tail calls (tail-call proposal; WebAssembly 3.0 spec 4.4.8:
 * return_call x, return_call_indirect x y): the callee replaces the caller's
 * frame, so unbounded tail recursion runs in constant native stack.
 *
 * A defined function whose body makes tail calls (scan_tail.c) is compiled
 * in LLVM's tailcc calling convention, in which a `musttail` call to another
 * tailcc function is guaranteed to reuse the frame whatever the two
 * signatures are (the callee pops its stack arguments); it also gets a
 * C-convention wrapper for the runtime and for calls through funcrefs'
 * `func` (wasmc_abi.h "Tail-call entries").  Functions without tail calls
 * keep the C convention and are compiled exactly as before.
 *
 * return_call to a tail-call entry is a musttail call; to anything else (a
 * function that makes no tail call, a host function) an ordinary call and a
 * return: the callee then ends the chain of tail calls, so the stack stays
 * bounded.  Through a funcref (imports, return_call_indirect) the choice is
 * made at run time on the funcref's `tail`.  return_call_indirect keeps
 * call_indirect's checks: index in bounds, not null, same type id.
 *
 * A tail call leaves the caller's try blocks (the caller's frame is gone):
 * the calls here are never invokes.
 */
#include <stdlib.h>
#include <string.h>

#include "lower.h"

/* Where a tail-call entry with results through a pointer stores them (its
 * last parameter). */
static LLVMValueRef results_param(wcc_fn *f) { return LLVMGetParam(f->fn, LLVMCountParams(f->fn) - 1); }

static bool is_tail_entry(wcc_fn *f) { return f->c->m->funcs[f->index].tail_calls; }

void wcc_emit_ret(wcc_fn *f, LLVMValueRef *vals, uint32_t n) {
  wcc_ctx *c = f->c;
  if (n == 0) {
    LLVMBuildRetVoid(c->b);
  } else if (n == 1) {
    LLVMBuildRet(c->b, vals[0]);
  } else if (is_tail_entry(f) && wcc_tail_results_indirect(f->type)) {
    LLVMTypeRef st = LLVMGetReturnType(c->fn_type[c->m->funcs[f->index].type_index]);
    LLVMValueRef agg = LLVMGetPoison(st);
    for (uint32_t i = 0; i < n; i++) agg = LLVMBuildInsertValue(c->b, agg, vals[i], i, "");
    LLVMBuildStore(c->b, agg, results_param(f));
    LLVMBuildRetVoid(c->b);
  } else {
    LLVMBuildAggregateRet(c->b, vals, n);
  }
}

LLVMValueRef wcc_tail_results_slot(wcc_fn *f, const wcc_functype *ft) {
  wcc_ctx *c = f->c;
  LLVMBuilderRef b = LLVMCreateBuilderInContext(c->llctx);
  LLVMValueRef first = LLVMGetFirstInstruction(f->entry);
  if (first) LLVMPositionBuilderBefore(b, first);
  else LLVMPositionBuilderAtEnd(b, f->entry);
  LLVMValueRef slot = LLVMBuildAlloca(b, LLVMGetReturnType(wcc_llvm_functype(c, ft)), "results.slot");
  LLVMDisposeBuilder(b);
  return slot;
}

/* The callee's results (type ft, the caller's own) returned by the caller. */
static void return_results(wcc_fn *f, const wcc_functype *ft, LLVMValueRef r) {
  wcc_ctx *c = f->c;
  uint32_t n = ft->n_results;
  LLVMValueRef *vs = calloc(n + 1, sizeof *vs);
  if (n == 1) vs[0] = r;
  for (uint32_t i = 0; n > 1 && i < n; i++) vs[i] = LLVMBuildExtractValue(c->b, r, i, "");
  wcc_emit_ret(f, vs, n);
  free(vs);
}

/* musttail call of tail-call entry `callee` (type ft) with args[0..n) (the
 * instance and params), then return its result. */
static void musttail_call(wcc_fn *f, const wcc_functype *ft, LLVMTypeRef tty, LLVMValueRef callee, LLVMValueRef *args,
                          unsigned n) {
  wcc_ctx *c = f->c;
  /* several results: the caller's own results pointer (same result types) */
  if (wcc_tail_results_indirect(ft)) args[n++] = results_param(f);
  LLVMValueRef r = LLVMBuildCall2(c->b, tty, callee, args, n, "");
  LLVMSetInstructionCallConv(r, WCC_TAILCC);
  LLVMSetTailCallKind(r, LLVMTailCallKindMustTail);
  if (LLVMGetReturnType(tty) == c->t_void) LLVMBuildRetVoid(c->b);
  else LLVMBuildRet(c->b, r);
}

/* An ordinary C-convention call of `callee` (type ft), then return its
 * results: the callee makes no tail call. */
static void plain_call_return(wcc_fn *f, const wcc_functype *ft, LLVMTypeRef fty, LLVMValueRef callee,
                              LLVMValueRef *args, unsigned n) {
  wcc_ctx *c = f->c;
  LLVMValueRef r = LLVMBuildCall2(c->b, fty, callee, args, n, "");
  LLVMSetTailCallKind(r, LLVMTailCallKindNoTail);
  return_results(f, ft, r);
}

/* Pop the params of ft into args[1..] (args[0] left for the instance),
 * after checking that ft's results are the caller's (spec 3.3.8.12:
 * return_call's callee returns the caller's result type). */
static bool pop_tail_args(wcc_fn *f, const wcc_functype *ft, const char *what, LLVMValueRef **out_args) {
  const wcc_functype *own = f->type;
  *out_args = NULL;
  if (ft->n_results != own->n_results || (ft->n_results && memcmp(ft->results, own->results, ft->n_results)))
    return wcc_fn_error(f, "type mismatch: %s's callee returns (%s), the function (%s)", what, strchr(ft->sig, ':') + 1,
                        strchr(own->sig, ':') + 1);
  wcc_sval *vals = calloc(ft->n_params + 1, sizeof *vals);
  bool ok = wcc_pop_types(f, ft->n_params, ft->params, vals);
  if (ok && f->live) {
    /* instance, params, and room for a results pointer */
    LLVMValueRef *args = calloc(ft->n_params + 2, sizeof *args);
    for (uint32_t i = 0; i < ft->n_params; i++) args[i + 1] = vals[i].v;
    *out_args = args;
  }
  free(vals);
  return ok;
}

/* Through funcref `desc` of type index ti: to its tail entry if it has one,
 * else an ordinary call of its `func`. */
static void tail_call_funcref(wcc_fn *f, uint32_t ti, LLVMValueRef desc, LLVMValueRef *args) {
  wcc_ctx *c = f->c;
  const wcc_functype *ft = &c->m->types[ti];
  unsigned n = ft->n_params + 1;
  args[0] = wcc_load_inv(f, c->t_ptr, desc, WASMC_FUNCREF_INSTANCE_OFFSET, "callee.instance");
  LLVMValueRef tail = wcc_load_inv(f, c->t_ptr, desc, WASMC_FUNCREF_TAIL_OFFSET, "callee.tail");
  LLVMBasicBlockRef tail_bb = LLVMAppendBasicBlockInContext(c->llctx, f->fn, "tail.entry");
  LLVMBasicBlockRef plain_bb = LLVMAppendBasicBlockInContext(c->llctx, f->fn, "tail.plain");
  LLVMBuildCondBr(c->b, LLVMBuildIsNotNull(c->b, tail, "has.tail"), tail_bb, plain_bb);
  LLVMPositionBuilderAtEnd(c->b, tail_bb);
  musttail_call(f, ft, c->tail_type[ti], tail, args, n);
  LLVMPositionBuilderAtEnd(c->b, plain_bb);
  LLVMValueRef func = wcc_load_inv(f, c->t_ptr, desc, WASMC_FUNCREF_FUNC_OFFSET, "callee");
  plain_call_return(f, ft, c->fn_type[ti], func, args, n);
}

bool wcc_emit_return_call(wcc_fn *f, uint32_t idx) {
  wcc_ctx *c = f->c;
  wcc_module *m = c->m;
  if (idx >= m->n_funcs) return wcc_fn_error(f, "unknown function %u", idx);
  uint32_t ti = m->funcs[idx].type_index;
  const wcc_functype *ft = &m->types[ti];
  LLVMValueRef *args;
  if (!pop_tail_args(f, ft, "return_call", &args)) return false;
  if (args) {
    args[0] = f->inst;
    unsigned n = ft->n_params + 1;
    if (c->fn[idx] && m->funcs[idx].tail_calls) musttail_call(f, ft, c->tail_type[ti], c->fn[idx], args, n);
    else if (c->fn[idx]) plain_call_return(f, ft, c->fn_type[ti], c->fn[idx], args, n); /* no tail call, or host */
    else tail_call_funcref(f, ti, wcc_funcref_of(f, idx), args);
    f->has_calls = true;
    free(args);
  }
  wcc_set_unreachable(f);
  return true;
}

bool wcc_emit_return_call_indirect(wcc_fn *f, uint32_t type_index, uint32_t table) {
  wcc_ctx *c = f->c;
  /* the table index is on top of the params: pop it (and check the callee) first */
  LLVMValueRef desc;
  if (!wcc_indirect_callee(f, type_index, table, "return_call_indirect", &desc)) return false;
  LLVMValueRef *args;
  if (!pop_tail_args(f, &c->m->types[type_index], "return_call_indirect", &args)) return false;
  if (args && desc) {
    tail_call_funcref(f, type_index, desc, args);
    f->has_calls = true;
  }
  free(args);
  wcc_set_unreachable(f);
  return true;
}

void wcc_emit_tail_wrapper(wcc_ctx *c, uint32_t index) {
  LLVMValueRef w = c->fn_entry[index], body = c->fn[index];
  if (!w || !LLVMIsDeclaration(w)) return;
  uint32_t ti = c->m->funcs[index].type_index;
  const wcc_functype *ft = &c->m->types[ti];
  unsigned n = LLVMCountParams(w);
  LLVMValueRef *args = calloc(n + 1, sizeof *args);
  LLVMBuilderRef b = LLVMCreateBuilderInContext(c->llctx);
  LLVMPositionBuilderAtEnd(b, LLVMAppendBasicBlockInContext(c->llctx, w, "entry"));
  for (unsigned i = 0; i < n; i++) args[i] = LLVMGetParam(w, i);
  LLVMValueRef slot = NULL;
  if (wcc_tail_results_indirect(ft))
    args[n] = slot = LLVMBuildAlloca(b, LLVMGetReturnType(c->fn_type[ti]), "results.slot");
  LLVMValueRef r = LLVMBuildCall2(b, c->tail_type[ti], body, args, n + (slot != NULL), "");
  LLVMSetInstructionCallConv(r, WCC_TAILCC);
  /* the wrapper stays a wrapper: the body is not duplicated into it */
  unsigned noinline = LLVMGetEnumAttributeKindForName("noinline", 8);
  LLVMAddCallSiteAttribute(r, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(c->llctx, noinline, 0));
  if (slot) LLVMBuildRet(b, LLVMBuildLoad2(b, LLVMGetReturnType(c->fn_type[ti]), slot, ""));
  else if (ft->n_results) LLVMBuildRet(b, r);
  else LLVMBuildRetVoid(b);
  LLVMDisposeBuilder(b);
  free(args);
}
