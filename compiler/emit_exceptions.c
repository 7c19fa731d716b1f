/*
 * emit_exceptions.c — the exception-handling proposal's instructions (try,
 * catch, catch_all, delegate, throw, rethrow) and the invokes and landing
 * pads of calls inside try bodies; docs/exceptions.md.  Used by
 * lower_func.c's instruction loop.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lower.h"

/* ---- exceptions (exception-handling proposal: try/catch/catch_all/delegate,
 * throw, rethrow; docs/exceptions.md) ------------------------------------------
 * Calls inside a try body are invokes whose landing pad catches every
 * exception (the runtime's personality finds it); the pad's join block tests
 * the exception's tag against each catch clause in order.  An exception no
 * clause takes goes to the enclosing handler: the join of an outer try in
 * this function, or the caller (wasmc_rt_resume).  A catch frees the
 * exception once its payload is on the stack, unless a rethrow names the
 * catch: then the runtime holds it (wasmc_rt_exception_hold), an alloca
 * slot points to it, and rethrow throws a copy. */
static LLVMValueRef personality_fn(wcc_ctx *c) {
  LLVMValueRef p = LLVMGetNamedFunction(c->llmod, "wasmc_rt_personality");
  if (!p) {
    LLVMTypeRef ps[5] = {c->t_i32, c->t_i32, c->t_i64, c->t_ptr, c->t_ptr};
    p = LLVMAddFunction(c->llmod, "wasmc_rt_personality", LLVMFunctionType(c->t_i32, ps, 5, 0));
  }
  return p;
}

/* A runtime function that unwinds and never returns (throw, rethrow, resume). */
static LLVMValueRef rt_unwinding_fn(wcc_ctx *c, const char *name, unsigned n_params, LLVMTypeRef *fty) {
  LLVMTypeRef ps[3] = {c->t_ptr, c->t_ptr, c->t_ptr};
  *fty = LLVMFunctionType(c->t_void, ps, n_params, 0);
  LLVMValueRef fn = LLVMGetNamedFunction(c->llmod, name);
  if (!fn) {
    fn = LLVMAddFunction(c->llmod, name, *fty);
    const char *attrs[] = {"noreturn", "cold"};
    for (int k = 0; k < 2; k++) {
      unsigned kind = LLVMGetEnumAttributeKindForName(attrs[k], strlen(attrs[k]));
      LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(c->llctx, kind, 0));
    }
  }
  return fn;
}

wcc_unwind *wcc_new_unwind(wcc_fn *f) {
  wcc_ctx *c = f->c;
  wcc_unwind *u = calloc(1, sizeof *u);
  if (!u) return NULL;
  u->join = LLVMAppendBasicBlockInContext(c->llctx, f->fn, "catch.dispatch");
  LLVMPositionBuilderAtEnd(f->pb, u->join);
  u->exn = LLVMBuildPhi(f->pb, c->t_ptr, "exn");
  return u;
}

/* The landing pad of `u`, created on first use. */
static LLVMBasicBlockRef unwind_pad(wcc_fn *f, wcc_unwind *u) {
  wcc_ctx *c = f->c;
  if (u->pad) return u->pad;
  LLVMValueRef pers = personality_fn(c);
  if (!LLVMHasPersonalityFn(f->fn)) LLVMSetPersonalityFn(f->fn, pers);
  u->pad = LLVMAppendBasicBlockInContext(c->llctx, f->fn, "lpad");
  LLVMPositionBuilderAtEnd(f->pb, u->pad);
  LLVMTypeRef fields[2] = {c->t_ptr, c->t_i32};
  LLVMValueRef lp = LLVMBuildLandingPad(f->pb, LLVMStructTypeInContext(c->llctx, fields, 2, 0), pers, 1, "lp");
  LLVMAddClause(lp, LLVMConstPointerNull(c->t_ptr)); /* catch everything */
  LLVMValueRef exn = LLVMBuildExtractValue(f->pb, lp, 0, "");
  LLVMBuildBr(f->pb, u->join);
  LLVMAddIncoming(u->exn, &exn, &u->pad, 1);
  u->n_incoming++;
  return u->pad;
}

/* A call: an invoke when it may throw inside a try body (the builder moves
 * to the normal continuation), else a plain call. */
LLVMValueRef wcc_build_call(wcc_fn *f, LLVMTypeRef fty, LLVMValueRef fn, LLVMValueRef *args, unsigned n,
                               bool may_throw) {
  wcc_ctx *c = f->c;
  if (!may_throw || !f->unwind) {
    LLVMValueRef r = LLVMBuildCall2(c->b, fty, fn, args, n, "");
    /* notail keeps LLVM from turning (mutual) recursion into loops: wasm
     * recursion must exhaust the stack and trap, as assert_exhaustion tests */
    LLVMSetTailCallKind(r, LLVMTailCallKindNoTail);
    return r;
  }
  LLVMBasicBlockRef cont = LLVMAppendBasicBlockInContext(c->llctx, f->fn, "invoke.cont");
  LLVMValueRef r = LLVMBuildInvoke2(c->b, fty, fn, args, n, cont, unwind_pad(f, f->unwind), "");
  LLVMPositionBuilderAtEnd(c->b, cont);
  return r;
}

/* Hand the exception `exn` (at the builder's position) to handler `to`. */
static void propagate(wcc_fn *f, LLVMValueRef exn, wcc_unwind *to) {
  wcc_ctx *c = f->c;
  if (to) {
    LLVMBasicBlockRef cur = LLVMGetInsertBlock(c->b);
    LLVMAddIncoming(to->exn, &exn, &cur, 1);
    to->n_incoming++;
    LLVMBuildBr(c->b, to->join);
    return;
  }
  LLVMTypeRef fty;
  LLVMValueRef fn = rt_unwinding_fn(c, "wasmc_rt_resume", 1, &fty);
  LLVMBuildCall2(c->b, fty, fn, &exn, 1, "");
  LLVMBuildUnreachable(c->b);
}

/* Host pointer of tag `x` (const wasmc_tag *): its identity. */
static LLVMValueRef tag_ptr(wcc_fn *f, uint32_t x) {
  wcc_ctx *c = f->c;
  LLVMValueRef arr = wcc_load_inv(f, c->t_ptr, f->inst, WASMC_INSTANCE_TAGS_OFFSET, "tags");
  return wcc_load_inv(f, c->t_ptr, arr, (uint64_t)x * 8, "tag");
}

/* An alloca in the entry block. */
static LLVMValueRef entry_alloca(wcc_fn *f, LLVMTypeRef ty, const char *name) {
  LLVMPositionBuilderBefore(f->pb, LLVMGetFirstInstruction(f->entry));
  return LLVMBuildAlloca(f->pb, ty, name);
}

/* A call of runtime function `name` (void, pointer arguments) that cannot
 * throw: wasmc_rt_exception_free(exn), _hold(exn, slot), _release(slot). */
static LLVMValueRef exn_rt_call(wcc_fn *f, LLVMBuilderRef b, const char *name, LLVMValueRef *args, unsigned n) {
  wcc_ctx *c = f->c;
  LLVMTypeRef ps[2] = {c->t_ptr, c->t_ptr}, fty;
  LLVMValueRef fn = wcc_rt_func(c, name, c->t_void, ps, n, &fty);
  return LLVMBuildCall2(b, fty, fn, args, n, "");
}

bool wcc_tag_index(wcc_fn *f, uint32_t *x) {
  if (!wcc_read_u32(&f->r, x)) return false;
  if (*x >= f->c->m->n_tags) return wcc_fn_error(f, "unknown tag %u", *x);
  return true;
}

/* The end of a try body: its calls' handler is no longer in effect; the
 * catch clauses test the tag at the landing pad's join, if anything
 * reaches it. */
static void leave_try_body(wcc_fn *f, wcc_frame *fr) {
  wcc_unwind *u = fr->try_unwind;
  f->unwind = fr->unwind_inside = fr->unwind_outer;
  if (u->n_incoming) {
    fr->dispatch = u->join;
  } else {
    LLVMInstructionEraseFromParent(u->exn);
    LLVMDeleteBasicBlock(u->join);
    u->join = NULL;
    u->exn = NULL;
    fr->dispatch = NULL;
  }
}

/* End the current arm of an if (before `else`) or part of a try (before a
 * catch clause): type-check its results and branch with them to the join. */
bool wcc_end_arm(wcc_fn *f, wcc_frame *fr, const char *where) {
  wcc_ctx *c = f->c;
  wcc_sval *vals = calloc(fr->n_results + 1, sizeof *vals);
  if (!wcc_pop_types(f, fr->n_results, fr->results, vals)) { free(vals); return false; }
  if (f->sp != fr->height) { free(vals); return wcc_fn_error(f, "type mismatch: extra values %s", where); }
  for (uint32_t i = 0; i < fr->n_results; i++) wcc_push(f, fr->results[i], vals[i].v);
  free(vals);
  if (f->live) {
    if (fr->n_results) wcc_add_incoming(f, fr->phis, fr->n_results);
    fr->n_incoming++;
    LLVMBuildBr(c->b, fr->exit);
  }
  f->sp = fr->height;
  fr->unreachable = false;
  return true;
}

/* End the current part of a try (its body or a catch clause) before the
 * next catch clause. */
static bool close_try_part(wcc_fn *f, wcc_frame *fr) {
  if (f->live && fr->exn_slot) exn_rt_call(f, f->c->b, "wasmc_rt_exception_release", &fr->exn_slot, 1);
  if (!wcc_end_arm(f, fr, "at the end of a try part")) return false;
  fr->exn = fr->exn_free = fr->exn_slot = NULL;
  if (fr->kind == FRAME_TRY) leave_try_body(f, fr);
  return true;
}

/* catch x (all_tags == false) or catch_all. */
bool wcc_begin_catch(wcc_fn *f, bool all_tags) {
  wcc_ctx *c = f->c;
  wcc_frame *fr = &f->frames[f->n_frames - 1];
  uint32_t x = 0;
  if (fr->kind != FRAME_TRY && fr->kind != FRAME_CATCH)
    return wcc_fn_error(f, fr->kind == FRAME_CATCH_ALL ? "catch after catch_all" : "catch outside a try block");
  if (!all_tags && !wcc_tag_index(f, &x)) return false;
  if (!close_try_part(f, fr)) return false;
  fr->kind = all_tags ? FRAME_CATCH_ALL : FRAME_CATCH;
  const wcc_functype *tt = all_tags ? NULL : &c->m->types[c->m->tag_types[x]];
  f->live = fr->dispatch != NULL;
  if (!f->live) {
    if (tt)
      for (uint32_t i = 0; i < tt->n_params; i++) wcc_push(f, tt->params[i], NULL);
    return true;
  }
  LLVMValueRef exn = fr->try_unwind->exn;
  LLVMBasicBlockRef body = LLVMAppendBasicBlockInContext(c->llctx, f->fn, all_tags ? "catch_all" : "catch");
  LLVMPositionBuilderAtEnd(c->b, fr->dispatch);
  if (all_tags) {
    LLVMBuildBr(c->b, body);
    fr->dispatch = NULL;
  } else {
    LLVMValueRef have = LLVMBuildLoad2(c->b, c->t_ptr, exn, "exn.tag");
    LLVMValueRef match = LLVMBuildICmp(c->b, LLVMIntEQ, have, tag_ptr(f, x), "");
    LLVMBasicBlockRef next = LLVMAppendBasicBlockInContext(c->llctx, f->fn, "catch.next");
    LLVMBuildCondBr(c->b, match, body, next);
    fr->dispatch = next;
  }
  LLVMPositionBuilderAtEnd(c->b, body);
  if (tt)
    for (uint32_t i = 0; i < tt->n_params; i++) {
      LLVMValueRef v = wcc_load_at(f, wcc_llvm_type(c, tt->params[i]), exn,
                               WASMC_EXCEPTION_PAYLOAD_OFFSET + (uint64_t)i * WASMC_EXCEPTION_SLOT_SIZE, "payload");
      if (!wcc_push(f, tt->params[i], v)) return false;
    }
  fr->exn = exn;
  fr->exn_free = exn_rt_call(f, c->b, "wasmc_rt_exception_free", &exn, 1);
  return true;
}

/* `end` or `delegate` of a try frame: unhandled exceptions go to `to`. */
void wcc_finish_try(wcc_fn *f, wcc_frame *fr, wcc_unwind *to) {
  wcc_ctx *c = f->c;
  LLVMBasicBlockRef cur = LLVMGetInsertBlock(c->b);
  if (fr->kind == FRAME_TRY) leave_try_body(f, fr);
  if (fr->dispatch) {
    LLVMPositionBuilderAtEnd(c->b, fr->dispatch);
    propagate(f, fr->try_unwind->exn, to);
    fr->dispatch = NULL;
  }
  if (cur) LLVMPositionBuilderAtEnd(c->b, cur);
  if (f->live && fr->exn_slot) exn_rt_call(f, c->b, "wasmc_rt_exception_release", &fr->exn_slot, 1);
  free(fr->try_unwind);
  fr->try_unwind = NULL;
}

bool wcc_emit_throw(wcc_fn *f, uint32_t x) {
  wcc_ctx *c = f->c;
  const wcc_functype *tt = &c->m->types[c->m->tag_types[x]];
  wcc_sval *vals = calloc(tt->n_params + 1, sizeof *vals);
  if (!wcc_pop_types(f, tt->n_params, tt->params, vals)) { free(vals); return false; }
  if (f->live) {
    LLVMValueRef buf = LLVMConstPointerNull(c->t_ptr);
    if (tt->n_params) {
      buf = entry_alloca(f, LLVMArrayType2(c->t_i8, (uint64_t)tt->n_params * WASMC_EXCEPTION_SLOT_SIZE), "payload");
      LLVMSetAlignment(buf, 16);
      for (uint32_t i = 0; i < tt->n_params; i++) {
        LLVMValueRef off = LLVMConstInt(c->t_i64, (uint64_t)i * WASMC_EXCEPTION_SLOT_SIZE, 0);
        LLVMBuildStore(c->b, vals[i].v, LLVMBuildGEP2(c->b, c->t_i8, buf, &off, 1, ""));
      }
    }
    LLVMTypeRef fty;
    LLVMValueRef fn = rt_unwinding_fn(c, "wasmc_rt_throw", 3, &fty);
    LLVMValueRef args[3] = {f->inst, tag_ptr(f, x), buf};
    wcc_build_call(f, fty, fn, args, 3, true);
    LLVMBuildUnreachable(c->b);
    f->has_calls = true;
  }
  free(vals);
  wcc_set_unreachable(f);
  return true;
}


bool wcc_emit_rethrow(wcc_fn *f, uint32_t depth) {
  wcc_ctx *c = f->c;
  wcc_frame *t;
  if (!wcc_get_frame(f, depth, &t)) return false;
  if (t->kind != FRAME_CATCH && t->kind != FRAME_CATCH_ALL) return wcc_fn_error(f, "invalid rethrow label %u", depth);
  if (f->live && t->exn) {
    if (!t->exn_slot) {
      /* keep the exception: the runtime holds it (and the slot points to
       * it) instead of the free at the catch's entry */
      t->exn_slot = entry_alloca(f, c->t_ptr, "exn.slot");
      LLVMPositionBuilderBefore(f->pb, t->exn_free);
      LLVMValueRef args[2] = {t->exn, t->exn_slot};
      exn_rt_call(f, f->pb, "wasmc_rt_exception_hold", args, 2);
      LLVMInstructionEraseFromParent(t->exn_free);
      t->exn_free = NULL;
    }
    LLVMTypeRef fty;
    LLVMValueRef fn = rt_unwinding_fn(c, "wasmc_rt_rethrow", 1, &fty);
    LLVMValueRef exn = LLVMBuildLoad2(c->b, c->t_ptr, t->exn_slot, "");
    wcc_build_call(f, fty, fn, &exn, 1, true);
    LLVMBuildUnreachable(c->b);
    f->has_calls = true;
  }
  wcc_set_unreachable(f);
  return true;
}

