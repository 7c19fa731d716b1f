/*
 * emit_control.c — the control instructions of a function body (spec 3.3.8:
 * block, loop, if, else, end, try, br, br_if, br_table, return) and the
 * control stack under them (spec appendix "Validation Algorithm": frames,
 * labels and their arity), validated and lowered in the same pass as the
 * rest of lower_func.c.
 *
 * Every block/if exit and loop header is an LLVM basic block; block results
 * and loop parameters are phi nodes; code after br/return/unreachable is
 * validated but not emitted (`live` is false).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lower.h"
#include "unsupported.h"

static uint32_t label_arity(const wcc_frame *fr) { return fr->kind == FRAME_LOOP ? fr->n_params : fr->n_results; }
static const uint8_t *label_types(const wcc_frame *fr) { return fr->kind == FRAME_LOOP ? fr->params : fr->results; }

bool wcc_push_frame(wcc_fn *f, uint8_t kind, uint32_t np, const uint8_t *params, uint32_t nr,
                    const uint8_t *results) {
  if (f->n_frames == f->frames_cap) {
    uint32_t cap = f->frames_cap ? f->frames_cap * 2 : 32;
    wcc_frame *fs = realloc(f->frames, cap * sizeof *fs);
    if (!fs) return wcc_fn_error(f, "out of memory");
    f->frames = fs;
    f->frames_cap = cap;
  }
  wcc_frame *fr = &f->frames[f->n_frames++];
  memset(fr, 0, sizeof *fr);
  fr->kind = kind;
  fr->n_params = np;
  fr->params = params;
  fr->n_results = nr;
  fr->results = results;
  fr->height = f->sp - np;
  fr->live_at_entry = f->live;
  fr->unwind_inside = fr->unwind_outer = f->unwind;
  return true;
}

/* Create phis of `types` at the start of `bb`. */
LLVMValueRef *wcc_make_phis(wcc_fn *f, LLVMBasicBlockRef bb, uint32_t n, const uint8_t *types) {
  if (!n) return NULL;
  LLVMValueRef *phis = calloc(n, sizeof *phis);
  LLVMPositionBuilderAtEnd(f->pb, bb);
  for (uint32_t i = 0; i < n; i++) phis[i] = LLVMBuildPhi(f->pb, wcc_llvm_type(f->c, types[i]), "");
  return phis;
}

/* Add the top `n` stack values as incoming values of `phis` from the current block. */
void wcc_add_incoming(wcc_fn *f, LLVMValueRef *phis, uint32_t n) {
  LLVMBasicBlockRef cur = LLVMGetInsertBlock(f->c->b);
  for (uint32_t i = 0; i < n; i++) {
    LLVMValueRef v = f->stack[f->sp - n + i].v;
    if (!v) v = LLVMGetPoison(LLVMTypeOf(phis[i]));
    LLVMAddIncoming(phis[i], &v, &cur, 1);
  }
}

/* Emit a branch to frame `depth` from the current block (values on the stack). */
static void emit_branch_edge(wcc_fn *f, wcc_frame *target) {
  uint32_t n = label_arity(target);
  if (!f->live) return;
  if (n) wcc_add_incoming(f, target->phis, n);
  target->n_incoming++;
}

/* br_table with more than this many cases that repeat a target goes through
 * a table of target ordinals (emit_br_table). */
#define BR_TABLE_REPEATS_DIRECT 1024

/* Lower br_table: cases 0..n-1 to depths[i], the default to depths[n] (all
 * validated).  Directly, one `switch` case per entry.  But LLVM keeps one
 * phi entry per CFG edge and removes them one at a time, so a switch with
 * many cases to the same block costs it quadratic time (a 100,000-entry
 * br_table over 4 labels took 68 s at -O2): when more than
 * BR_TABLE_REPEATS_DIRECT entries repeat a target, the entry index is
 * looked up in a constant table of target ordinals (the default's for an
 * index out of range) and the switch has one case per distinct target. */
static bool emit_br_table(wcc_fn *f, LLVMValueRef index, uint32_t n, const uint32_t *depths) {
  wcc_ctx *c = f->c;
  LLVMBuilderRef B = c->b;
  wcc_frame *dflt = &f->frames[f->n_frames - 1 - depths[n]];
  /* ordinal of each distinct depth, in order of first use; the default's is 0 */
  uint32_t *ord = malloc((size_t)f->n_frames * sizeof *ord), *by_ord = malloc(((size_t)n + 1) * sizeof *by_ord);
  if (!ord || !by_ord) {
    free(ord), free(by_ord);
    return wcc_fn_error(f, "out of memory");
  }
  for (uint32_t d = 0; d < f->n_frames; d++) ord[d] = UINT32_MAX;
  uint32_t k = 0;
  ord[depths[n]] = k, by_ord[k++] = depths[n];
  for (uint32_t i = 0; i < n; i++)
    if (ord[depths[i]] == UINT32_MAX) ord[depths[i]] = k, by_ord[k++] = depths[i];
  if (n - (k - 1) <= BR_TABLE_REPEATS_DIRECT) {
    LLVMValueRef sw = LLVMBuildSwitch(B, index, dflt->label, n);
    emit_branch_edge(f, dflt);
    for (uint32_t i = 0; i < n; i++) {
      wcc_frame *t = &f->frames[f->n_frames - 1 - depths[i]];
      LLVMAddCase(sw, LLVMConstInt(c->t_i32, i, 0), t->label);
      emit_branch_edge(f, t);
    }
  } else {
    LLVMTypeRef et = k <= 0x10000 ? LLVMInt16TypeInContext(c->llctx) : c->t_i32;
    LLVMValueRef *vals = malloc((size_t)n * sizeof *vals);
    if (!vals) {
      free(ord), free(by_ord);
      return wcc_fn_error(f, "out of memory");
    }
    for (uint32_t i = 0; i < n; i++) vals[i] = LLVMConstInt(et, ord[depths[i]], 0);
    LLVMValueRef init = LLVMConstArray2(et, vals, n);
    free(vals);
    LLVMValueRef table = LLVMAddGlobal(c->llmod, LLVMTypeOf(init), "br_table.targets");
    LLVMSetInitializer(table, init);
    LLVMSetGlobalConstant(table, 1);
    LLVMSetLinkage(table, LLVMPrivateLinkage);
    LLVMSetUnnamedAddress(table, LLVMGlobalUnnamedAddr);
    LLVMValueRef in = LLVMBuildICmp(B, LLVMIntULT, index, LLVMConstInt(c->t_i32, n, 0), "br_table.in");
    LLVMValueRef at = LLVMBuildZExt(B, LLVMBuildSelect(B, in, index, LLVMConstInt(c->t_i32, 0, 0), ""), c->t_i64, "");
    LLVMValueRef o = LLVMBuildLoad2(B, et, LLVMBuildGEP2(B, et, table, &at, 1, ""), "");
    o = LLVMBuildSelect(B, in, LLVMBuildZExt(B, o, c->t_i32, ""), LLVMConstInt(c->t_i32, 0, 0), "br_table.target");
    LLVMValueRef sw = LLVMBuildSwitch(B, o, dflt->label, k - 1);
    emit_branch_edge(f, dflt);
    for (uint32_t j = 1; j < k; j++) {
      wcc_frame *t = &f->frames[f->n_frames - 1 - by_ord[j]];
      LLVMAddCase(sw, LLVMConstInt(c->t_i32, j, 0), t->label);
      emit_branch_edge(f, t);
    }
  }
  free(ord), free(by_ord);
  return true;
}

static bool read_blocktype(wcc_fn *f, uint32_t *np, const uint8_t **params, uint32_t *nr,
                           const uint8_t **results) {
  int64_t bt;
  const uint8_t *save = f->r.p;
  uint8_t b;
  if (!wcc_read_u8(&f->r, &b)) return false;
  if (b == 0x40) { *np = *nr = 0; *params = *results = NULL; return true; }
  if (wcc_is_valtype(b)) {
    static const uint8_t single[] = {WCC_I32, WCC_I64, WCC_F32, WCC_F64, WCC_V128, WCC_FUNCREF, WCC_EXTERNREF};
    for (size_t i = 0; i < sizeof single; i++)
      if (single[i] == b) *results = &single[i];
    *np = 0; *params = NULL; *nr = 1;
    return true;
  }
  f->r.p = save;
  if (!wcc_read_s33(&f->r, &bt)) return false;
  if (bt < 0) return wcc_fn_reject_valtype(f, b, "malformed block type");
  if ((uint64_t)bt >= f->c->m->n_types) return wcc_fn_error(f, "unknown type %lld", (long long)bt);
  const wcc_functype *ft = &f->c->m->types[bt];
  *np = ft->n_params; *params = ft->params;
  *nr = ft->n_results; *results = ft->results;
  return true;
}

bool wcc_end_frame(wcc_fn *f) {
  wcc_ctx *c = f->c;
  wcc_frame *fr = &f->frames[f->n_frames - 1];
  /* if without else: the implicit else passes the params through */
  if (fr->kind == FRAME_IF) {
    if (fr->n_params != fr->n_results || (fr->n_params && memcmp(fr->params, fr->results, fr->n_params)))
      return wcc_fn_error(f, "type mismatch: if without else must have matching param and result types");
  }
  wcc_sval *vals = calloc(fr->n_results + 1, sizeof *vals);
  if (!wcc_pop_types(f, fr->n_results, fr->results, vals)) { free(vals); return false; }
  if (f->sp != fr->height) { free(vals); return wcc_fn_error(f, "type mismatch: %u extra values at the end of a block", f->sp - fr->height); }
  /* restore typed values for the fallthrough edge */
  for (uint32_t i = 0; i < fr->n_results; i++)
    if (!wcc_push(f, fr->results[i], vals[i].v)) { free(vals); return false; }
  if (fr->kind == FRAME_LOOP || fr->kind == FRAME_FUNC) wcc_fuel_close(f, fr);
  if (fr->kind == FRAME_LOOP) {
    f->fuel_region = fr->fuel_outer;
    /* the loop's end is reached only by falling through: the typed results
     * stay on the stack, liveness is unchanged */
    free(vals);
    free(fr->phis);
    f->n_frames--;
    return true;
  }
  LLVMValueRef *phis = fr->phis;
  if (f->live) {
    if (fr->n_results) wcc_add_incoming(f, phis, fr->n_results);
    fr->n_incoming++;
    LLVMBuildBr(c->b, fr->exit);
  }
  if (fr->kind == FRAME_IF && fr->live_at_entry) {
    /* implicit else edge: params == results */
    LLVMPositionBuilderAtEnd(c->b, fr->else_bb);
    LLVMBasicBlockRef cur = fr->else_bb;
    for (uint32_t i = 0; i < fr->n_results; i++) {
      LLVMValueRef v = fr->if_params[i].v ? fr->if_params[i].v : LLVMGetPoison(LLVMTypeOf(phis[i]));
      LLVMAddIncoming(phis[i], &v, &cur, 1);
    }
    fr->n_incoming++;
    LLVMBuildBr(c->b, fr->exit);
  } else if (fr->kind == FRAME_IF) {
    LLVMDeleteBasicBlock(fr->else_bb);
  }
  f->sp = fr->height;
  bool reached = fr->n_incoming > 0;
  uint32_t n_results = fr->n_results;
  const uint8_t *results = fr->results;
  free(fr->if_params);
  free(vals);
  bool is_func = fr->kind == FRAME_FUNC;
  LLVMBasicBlockRef exit = fr->exit;
  f->n_frames--;
  if (!reached) {
    for (uint32_t i = 0; i < n_results; i++) LLVMInstructionEraseFromParent(phis[i]);
    LLVMDeleteBasicBlock(exit);
    free(phis);
    /* No edge reaches the join: the code after the block is dead for LLVM,
     * but it is still type-checked normally (the stack is not polymorphic). */
    f->live = false;
    if (f->n_frames)
      for (uint32_t i = 0; i < n_results; i++)
        if (!wcc_push(f, results[i], NULL)) return false;
    return true;
  }
  LLVMMoveBasicBlockAfter(exit, LLVMGetInsertBlock(c->b));
  LLVMPositionBuilderAtEnd(c->b, exit);
  f->live = true;
  if (is_func) {
    wcc_emit_ret(f, phis, n_results);
    free(phis);
    return true;
  }
  for (uint32_t i = 0; i < n_results; i++)
    if (!wcc_push(f, results[i], phis[i])) return false;
  free(phis);
  return true;
}

static bool emit_return(wcc_fn *f) {
  const wcc_functype *ft = f->type;
  wcc_sval *vals = calloc(ft->n_results + 1, sizeof *vals);
  bool ok = wcc_pop_types(f, ft->n_results, ft->results, vals);
  if (ok && f->live) {
    LLVMValueRef *vs = calloc(ft->n_results + 1, sizeof *vs);
    for (uint32_t i = 0; i < ft->n_results; i++) vs[i] = vals[i].v;
    wcc_emit_ret(f, vs, ft->n_results);
    free(vs);
  }
  free(vals);
  if (ok) wcc_set_unreachable(f);
  return ok;
}

bool wcc_get_frame(wcc_fn *f, uint32_t depth, wcc_frame **out) {
  if (depth >= f->n_frames) return wcc_fn_error(f, "unknown label %u", depth);
  *out = &f->frames[f->n_frames - 1 - depth];
  return true;
}

/* One control instruction `op` (already read); false: invalid. */
bool wcc_emit_control(wcc_fn *f, uint8_t op) {
  wcc_ctx *c = f->c;
  switch (op) {
  case 0x02: case 0x03: case 0x04: case 0x06: { /* block, loop, if, try */
    uint32_t np, nr;
    const uint8_t *params, *results;
    if (!read_blocktype(f, &np, &params, &nr, &results)) return false;
    wcc_sval cond = {0};
    if (op == 0x04 && !wcc_pop(f, WCC_I32, &cond)) return false;
    /* type-check the params in place */
    wcc_sval *pv = calloc(np + 1, sizeof *pv);
    if (!wcc_pop_types(f, np, params, pv)) { free(pv); return false; }
    for (uint32_t i = 0; i < np; i++) wcc_push(f, params[i], pv[i].v);
    uint8_t kind = op == 0x02 ? FRAME_BLOCK : op == 0x03 ? FRAME_LOOP : op == 0x04 ? FRAME_IF : FRAME_TRY;
    if (!wcc_push_frame(f, kind, np, params, nr, results)) { free(pv); return false; }
    wcc_frame *fr = &f->frames[f->n_frames - 1];
    const char *names[] = {"block", "loop", "if", "", "try.end"};
    fr->exit = LLVMAppendBasicBlockInContext(c->llctx, f->fn, names[op - 2]);
    if (kind == FRAME_TRY) {
      /* calls in the body unwind to the try's own landing pad */
      fr->try_unwind = wcc_new_unwind(f);
      if (!fr->try_unwind) { free(pv); return wcc_fn_error(f, "out of memory"); }
      f->unwind = fr->unwind_inside = fr->try_unwind;
    }
    if (kind == FRAME_LOOP) {
      fr->fuel_outer = f->fuel_region;
      f->fuel_region = f->n_frames - 1;
      fr->label = LLVMAppendBasicBlockInContext(c->llctx, f->fn, "loop.header");
      fr->phis = wcc_make_phis(f, fr->label, np, params);
      if (f->live) {
        if (np) wcc_add_incoming(f, fr->phis, np);
        LLVMBuildBr(c->b, fr->label);
        LLVMPositionBuilderAtEnd(c->b, fr->label);
        for (uint32_t i = 0; i < np; i++) f->stack[f->sp - np + i].v = fr->phis[i];
        wcc_limits_enter(f, fr, false);
      } else {
        LLVMDeleteBasicBlock(fr->label);
        fr->label = NULL;
      }
      LLVMDeleteBasicBlock(fr->exit);
      fr->exit = NULL;
    } else {
      fr->label = fr->exit;
      fr->phis = wcc_make_phis(f, fr->exit, nr, fr->results);
      if (kind == FRAME_IF) {
        fr->if_params = pv;
        pv = NULL;
        fr->else_bb = LLVMAppendBasicBlockInContext(c->llctx, f->fn, "else");
        if (f->live) {
          LLVMBasicBlockRef then_bb = LLVMAppendBasicBlockInContext(c->llctx, f->fn, "then");
          LLVMValueRef b = LLVMBuildICmp(c->b, LLVMIntNE, cond.v, LLVMConstInt(c->t_i32, 0, 0), "if.cond");
          LLVMBuildCondBr(c->b, b, then_bb, fr->else_bb);
          LLVMPositionBuilderAtEnd(c->b, then_bb);
        }
      }
    }
    free(pv);
    break;
  }
  case 0x05: { /* else */
    wcc_frame *fr = &f->frames[f->n_frames - 1];
    if (fr->kind != FRAME_IF) return wcc_fn_error(f, "else without matching if");
    if (!wcc_end_arm(f, fr, "before else")) return false;
    fr->kind = FRAME_ELSE;
    f->live = fr->live_at_entry;
    if (f->live) LLVMPositionBuilderAtEnd(c->b, fr->else_bb);
    else LLVMDeleteBasicBlock(fr->else_bb);
    for (uint32_t i = 0; i < fr->n_params; i++) wcc_push(f, fr->params[i], fr->if_params[i].v);
    break;
  }
  case 0x0b: { /* end */
    wcc_frame *fr = &f->frames[f->n_frames - 1];
    if (fr->kind == FRAME_TRY || fr->kind == FRAME_CATCH || fr->kind == FRAME_CATCH_ALL)
      wcc_finish_try(f, fr, fr->unwind_outer);
    if (!wcc_end_frame(f)) return false;
    break;
  }
  case 0x0c: case 0x0d: { /* br, br_if */
    uint32_t depth;
    wcc_frame *t;
    if (!wcc_read_u32(&f->r, &depth) || !wcc_get_frame(f, depth, &t)) return false;
    wcc_sval cond = {0};
    if (op == 0x0d && !wcc_pop(f, WCC_I32, &cond)) return false;
    uint32_t n = label_arity(t);
    const uint8_t *types = label_types(t);
    wcc_sval *vals = calloc(n + 1, sizeof *vals);
    if (!wcc_pop_types(f, n, types, vals)) { free(vals); return false; }
    for (uint32_t i = 0; i < n; i++) wcc_push(f, types[i], vals[i].v);
    free(vals);
    if (op == 0x0c) {
      emit_branch_edge(f, t);
      if (f->live) LLVMBuildBr(c->b, t->label);
      wcc_set_unreachable(f);
    } else if (f->live) {
      LLVMBasicBlockRef cont = LLVMAppendBasicBlockInContext(c->llctx, f->fn, "br_if.cont");
      emit_branch_edge(f, t);
      LLVMValueRef b = LLVMBuildICmp(c->b, LLVMIntNE, cond.v, LLVMConstInt(c->t_i32, 0, 0), "br_if.cond");
      LLVMBuildCondBr(c->b, b, t->label, cont);
      LLVMPositionBuilderAtEnd(c->b, cont);
    }
    break;
  }
  case 0x0e: { /* br_table */
    uint32_t n;
    if (!wcc_read_u32(&f->r, &n)) return false;
    if (n > (size_t)(f->r.end - f->r.p)) return wcc_fn_error(f, "unexpected end (br_table length)");
    uint32_t *depths = malloc(((size_t)n + 1) * sizeof *depths);
    for (uint32_t i = 0; i <= n; i++)
      if (!wcc_read_u32(&f->r, &depths[i])) { free(depths); return false; }
    wcc_sval idx;
    if (!wcc_pop(f, WCC_I32, &idx)) { free(depths); return false; }
    wcc_frame *dflt;
    if (!wcc_get_frame(f, depths[n], &dflt)) { free(depths); return false; }
    uint32_t arity = label_arity(dflt);
    for (uint32_t i = 0; i <= n; i++) {
      wcc_frame *t;
      if (!wcc_get_frame(f, depths[i], &t)) { free(depths); return false; }
      if (label_arity(t) != arity) { free(depths); return wcc_fn_error(f, "type mismatch: br_table targets have different arities"); }
      if (!wcc_check_top(f, arity, label_types(t))) { free(depths); return false; }
    }
    if (f->live && !emit_br_table(f, idx.v, n, depths)) { free(depths); return false; }
    free(depths);
    wcc_set_unreachable(f);
    break;
  }
  case 0x0f:
    if (!emit_return(f)) return false;
    break;
  default:
    return wcc_fn_error(f, "not a control instruction (opcode 0x%02x)", op);
  }
  return true;
}
