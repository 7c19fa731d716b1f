/*
 * emit_limits.c — the checks behind --timeout, --fuel and --interruptible
 * (docs/sandbox.md "Limits", wasmc_abi.h "ABI v12").  Nothing here is
 * emitted unless the compilation asked for it (wcc_options.checks).
 *
 * Check points are function entries and loop headers: every unbounded
 * execution passes through one of them again and again (a loop iterates, a
 * recursion enters functions), and code between two of them is straight-line
 * or forward branches, bounded by the function's size.
 *
 * Interruption: one volatile load of inst->epoch and a compare with 0 (the
 * runtime bumps it when the time is up); volatile, so LLVM neither hoists it
 * out of a loop nor merges two of them.  The function-entry check is only
 * kept in functions that call (a leaf function cannot recurse; its loops
 * have their own checks), like the stack check.
 *
 * Loops of an executable are checked after optimisation instead
 * (wcc_place_loop_interrupts): a check inside a loop is an exit the loop
 * vectorizer cannot handle, and it made a vectorisable matrix multiply 1.9x
 * slower.  After the pipeline, every latch (the source of a back edge found
 * by a depth-first walk, which breaks every cycle, irreducible ones too)
 * ends with a volatile load of the runtime's process-wide
 * wasmc_rt_interrupt_pending and a branch to wasmc_rt_interrupt(FUNC): one
 * check per iteration of the loops as compiled, vectorised ones included.
 * An executable holds one instance, so a process-wide flag is its flag;
 * embedded objects (--emit=obj) keep the per-instance loop-header checks,
 * and so does code with fuel checks (see wcc_limits_enter).
 *
 * Fuel: a region is a function body or a loop body without the loops nested
 * in it; its cost is the number of wasm instructions in it, counted while
 * the body is lowered (wcc_fuel_count) and patched into the subtraction
 * emitted at its check point when the region ends (wcc_fuel_close).  So a
 * function entry or a loop iteration pays for the whole region at once,
 * branches not taken included: a deterministic, static charge ("amortised
 * per loop"), the same whatever the timing, the optimisation level or the
 * target.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/DebugInfo.h>

#include "lower.h"

/* Interruption check at the current position (function entry or loop
 * header); returns the conditional branch (so the caller may drop it). */
static LLVMValueRef emit_epoch_check(wcc_fn *f) {
  wcc_ctx *c = f->c;
  LLVMValueRef epoch = wcc_load_at(f, c->t_i64, f->inst, WASMC_INSTANCE_EPOCH_OFFSET, "epoch");
  LLVMSetVolatile(epoch, 1);
  LLVMValueRef set = LLVMBuildICmp(c->b, LLVMIntNE, epoch, LLVMConstInt(c->t_i64, 0, 0), "interrupted");
  LLVMBasicBlockRef here = LLVMGetInsertBlock(c->b);
  wcc_trap_if(f, set, WASMC_TRAP_INTERRUPT); /* ends `here` with the branch */
  return LLVMGetBasicBlockTerminator(here);
}

/* fuel -= COST (patched later); trap if it went below 0.  Returns the sub. */
static LLVMValueRef emit_fuel_charge(wcc_fn *f) {
  wcc_ctx *c = f->c;
  LLVMValueRef idx = LLVMConstInt(c->t_i64, WASMC_INSTANCE_FUEL_OFFSET, 0);
  LLVMValueRef p = LLVMBuildGEP2(c->b, c->t_i8, f->inst, &idx, 1, "fuel.ptr");
  LLVMValueRef fuel = LLVMBuildLoad2(c->b, c->t_i64, p, "fuel");
  /* the placeholder 1 is never folded: `fuel` is not a constant */
  LLVMValueRef left = LLVMBuildSub(c->b, fuel, LLVMConstInt(c->t_i64, 1, 0), "fuel.left");
  LLVMBuildStore(c->b, left, p);
  LLVMValueRef out = LLVMBuildICmp(c->b, LLVMIntSLT, left, LLVMConstInt(c->t_i64, 0, 0), "out_of_fuel");
  wcc_trap_if(f, out, WASMC_TRAP_OUT_OF_FUEL);
  return left;
}

void wcc_limits_enter(wcc_fn *f, wcc_frame *fr, bool func_entry) {
  uint32_t checks = f->c->opts->checks;
  fr->fuel_sub = NULL;
  fr->fuel_n = 0;
  /* wcc_place_loop_interrupts; not with fuel: a fuel charge in the loop
   * keeps it from being vectorised anyway, and without a volatile load
   * LLVM computes where a loop that only counts fuel runs out of it and
   * goes there at once (right for --fuel alone, wrong when a timeout should
   * stop it long before) */
  bool loops_after = f->c->opts->emit == WCC_EMIT_EXE && !(checks & WASMC_CHECK_FUEL);
  if (func_entry && (checks & WASMC_CHECK_INTERRUPT) && loops_after) {
    char idx[16];
    snprintf(idx, sizeof idx, "%u", f->index);
    LLVMAddAttributeAtIndex(f->fn, LLVMAttributeFunctionIndex,
                            LLVMCreateStringAttribute(f->c->llctx, "wasmc-func", 10, idx, (unsigned)strlen(idx)));
  }
  if ((checks & WASMC_CHECK_INTERRUPT) && (func_entry || !loops_after)) {
    LLVMValueRef br = emit_epoch_check(f);
    if (func_entry) f->entry_epoch_br = br;
  }
  if (checks & WASMC_CHECK_FUEL) fr->fuel_sub = emit_fuel_charge(f);
}

void wcc_fuel_close(wcc_fn *f, wcc_frame *fr) {
  if (!fr->fuel_sub) return;
  wcc_ctx *c = f->c;
  LLVMSetOperand(fr->fuel_sub, 1, LLVMConstInt(c->t_i64, fr->fuel_n, 0));
  fr->fuel_sub = NULL;
}

void wcc_limits_finish(wcc_fn *f) {
  /* a leaf function needs no entry check: drop it as the stack check is,
   * and its volatile load with it (LLVM may not delete that one) */
  LLVMValueRef br = f->entry_epoch_br;
  if (!br || f->has_calls) return;
  LLVMValueRef cmp = LLVMGetOperand(br, 0);
  LLVMSetOperand(br, 0, LLVMConstInt(f->c->t_i1, 0, 0));
  if (!LLVMIsAICmpInst(cmp) || LLVMGetFirstUse(cmp)) return;
  LLVMValueRef load = LLVMGetOperand(cmp, 0);
  LLVMInstructionEraseFromParent(cmp);
  if (LLVMIsALoadInst(load) && !LLVMGetFirstUse(load)) LLVMInstructionEraseFromParent(load);
}

/* ---- loop checks after optimisation (executables) ------------------------------ */

/* block -> its position, by open addressing on the pointer */
typedef struct block_map {
  LLVMBasicBlockRef *keys;
  uint32_t *vals;
  uint32_t mask;
} block_map;

static uint32_t bm_slot(const block_map *m, LLVMBasicBlockRef b) {
  uint32_t h = (uint32_t)(((uintptr_t)b >> 4) * 2654435761u) & m->mask;
  while (m->keys[h] && m->keys[h] != b) h = (h + 1) & m->mask;
  return h;
}

/* The phis of `s` that came from `from` now come from `to` (the C API can
 * not change a phi's incoming block: each such phi is built again). */
static void retarget_phis(wcc_ctx *c, LLVMBasicBlockRef s, LLVMBasicBlockRef from, LLVMBasicBlockRef to) {
  LLVMValueRef phi = LLVMGetFirstInstruction(s);
  while (phi && LLVMIsAPHINode(phi)) {
    LLVMValueRef next = LLVMGetNextInstruction(phi);
    unsigned n = LLVMCountIncoming(phi);
    bool uses = false;
    for (unsigned i = 0; i < n && !uses; i++) uses = LLVMGetIncomingBlock(phi, i) == from;
    if (uses) {
      LLVMPositionBuilderBefore(c->b, phi);
      size_t len;
      const char *name = LLVMGetValueName2(phi, &len);
      LLVMValueRef np = LLVMBuildPhi(c->b, LLVMTypeOf(phi), name);
      for (unsigned i = 0; i < n; i++) {
        LLVMValueRef v = LLVMGetIncomingValue(phi, i);
        LLVMBasicBlockRef b = LLVMGetIncomingBlock(phi, i);
        if (b == from) b = to;
        LLVMAddIncoming(np, &v, &b, 1);
      }
      LLVMReplaceAllUsesWith(phi, np);
      LLVMInstructionEraseFromParent(phi);
    }
    phi = next;
  }
}

/* Check the latches of one function; false: out of memory. */
static bool place_in_function(wcc_ctx *c, LLVMValueRef fn, uint32_t func_index, LLVMValueRef flag,
                              LLVMValueRef callee, LLVMTypeRef callee_ty) {
  uint32_t n = LLVMCountBasicBlocks(fn);
  uint32_t cap = 16;
  while (cap < 2 * n) cap *= 2;
  LLVMBasicBlockRef *blocks = malloc(n * sizeof *blocks);
  block_map m = {calloc(cap, sizeof *m.keys), malloc(cap * sizeof *m.vals), cap - 1};
  uint8_t *state = calloc(n, 1), *latch = calloc(n, 1);
  uint32_t *stack = malloc(2 * (size_t)n * sizeof *stack);
  bool ok = blocks && m.keys && m.vals && state && latch && stack;
  if (ok) {
    LLVMGetBasicBlocks(fn, blocks);
    for (uint32_t i = 0; i < n; i++) {
      uint32_t h = bm_slot(&m, blocks[i]);
      m.keys[h] = blocks[i];
      m.vals[h] = i;
    }
    /* depth-first from the entry: an edge to a block on the stack is a back edge */
    uint32_t sp = 0;
    stack[sp++] = 0, stack[sp++] = 0;
    state[0] = 1;
    while (sp) {
      uint32_t u = stack[sp - 2], k = stack[sp - 1];
      LLVMValueRef t = LLVMGetBasicBlockTerminator(blocks[u]);
      unsigned ns = t ? LLVMGetNumSuccessors(t) : 0;
      if (k == ns) {
        state[u] = 2;
        sp -= 2;
        continue;
      }
      stack[sp - 1] = k + 1;
      uint32_t v = m.vals[bm_slot(&m, LLVMGetSuccessor(t, k))];
      if (state[v] == 1) latch[u] = 1;
      else if (state[v] == 0) {
        state[v] = 1;
        stack[sp++] = v, stack[sp++] = 0;
      }
    }
    /* -g: each check at its latch's location; the call they share at the
     * latches' location when they all have one, else at line 0 (the trap
     * then names no line rather than another loop's).  The builder's
     * location is set every time: positioning it before an instruction
     * (retarget_phis) takes that instruction's location, which would stamp
     * the next function's new code with another function's scope */
    LLVMMetadataRef slow_loc = NULL, subprogram = LLVMGetSubprogram(fn);
    bool first = true;
    for (uint32_t u = 0; u < n && subprogram; u++) {
      if (!latch[u]) continue;
      LLVMMetadataRef l = LLVMInstructionGetDebugLoc(LLVMGetBasicBlockTerminator(blocks[u]));
      if (first || l != slow_loc)
        slow_loc = first ? l : LLVMDIBuilderCreateDebugLocation(c->llctx, 0, 0, subprogram, NULL);
      first = false;
    }
    LLVMBasicBlockRef slow = NULL;
    for (uint32_t u = 0; u < n; u++) {
      if (!latch[u]) continue;
      LLVMMetadataRef loc = LLVMInstructionGetDebugLoc(LLVMGetBasicBlockTerminator(blocks[u]));
      if (!slow) {
        LLVMSetCurrentDebugLocation2(c->b, slow_loc);
        slow = LLVMAppendBasicBlockInContext(c->llctx, fn, "interrupted");
        LLVMPositionBuilderAtEnd(c->b, slow);
        LLVMValueRef arg = LLVMConstInt(c->t_i32, func_index, 0);
        LLVMBuildCall2(c->b, callee_ty, callee, &arg, 1, "");
        LLVMBuildUnreachable(c->b);
      }
      /* u: ...; check; br -> C: u's old terminator */
      LLVMBasicBlockRef b = blocks[u];
      LLVMValueRef t = LLVMGetBasicBlockTerminator(b);
      LLVMBasicBlockRef rest = LLVMAppendBasicBlockInContext(c->llctx, fn, "latch");
      LLVMMoveBasicBlockAfter(rest, b);
      LLVMInstructionRemoveFromParent(t);
      LLVMSetCurrentDebugLocation2(c->b, loc);
      LLVMPositionBuilderAtEnd(c->b, rest);
      LLVMInsertIntoBuilder(c->b, t);
      unsigned ns = LLVMGetNumSuccessors(t);
      for (unsigned k = 0; k < ns; k++) {
        LLVMBasicBlockRef s = LLVMGetSuccessor(t, k);
        bool seen = false;
        for (unsigned j = 0; j < k && !seen; j++) seen = LLVMGetSuccessor(t, j) == s;
        if (!seen) retarget_phis(c, s, b, rest);
      }
      LLVMPositionBuilderAtEnd(c->b, b);
      LLVMSetCurrentDebugLocation2(c->b, loc);
      LLVMValueRef e = LLVMBuildLoad2(c->b, c->t_i64, flag, "interrupt.pending");
      LLVMSetVolatile(e, 1);
      LLVMSetAlignment(e, 8);
      LLVMValueRef set = LLVMBuildICmp(c->b, LLVMIntNE, e, LLVMConstInt(c->t_i64, 0, 0), "interrupted");
      LLVMBuildCondBr(c->b, set, slow, rest);
    }
    LLVMSetCurrentDebugLocation2(c->b, NULL);
  }
  free(blocks);
  free(m.keys);
  free(m.vals);
  free(state);
  free(latch);
  free(stack);
  return ok;
}

bool wcc_place_loop_interrupts(wcc_ctx *c) {
  LLVMValueRef flag = NULL, callee = NULL;
  LLVMTypeRef ps[1] = {c->t_i32};
  LLVMTypeRef callee_ty = LLVMFunctionType(c->t_void, ps, 1, 0);
  bool ok = true;
  for (LLVMValueRef fn = LLVMGetFirstFunction(c->llmod); fn && ok; fn = LLVMGetNextFunction(fn)) {
    LLVMAttributeRef a = LLVMGetStringAttributeAtIndex(fn, LLVMAttributeFunctionIndex, "wasmc-func", 10);
    if (!a || !LLVMGetFirstBasicBlock(fn)) continue;
    unsigned len;
    const char *v = LLVMGetStringAttributeValue(a, &len);
    uint32_t index = (uint32_t)strtoul(v, NULL, 10);
    if (!flag) {
      flag = LLVMAddGlobal(c->llmod, c->t_i64, "wasmc_rt_interrupt_pending");
      LLVMSetVisibility(flag, LLVMHiddenVisibility);
      callee = LLVMAddFunction(c->llmod, "wasmc_rt_interrupt", callee_ty);
      const char *attrs[] = {"noreturn", "cold", "nounwind"};
      for (int k = 0; k < 3; k++) {
        unsigned kind = LLVMGetEnumAttributeKindForName(attrs[k], strlen(attrs[k]));
        LLVMAddAttributeAtIndex(callee, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(c->llctx, kind, 0));
      }
    }
    ok = place_in_function(c, fn, index, flag, callee, callee_ty);
  }
  return ok;
}
