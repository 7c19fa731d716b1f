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
 * Fuel: a region is a function body or a loop body without the loops nested
 * in it; its cost is the number of wasm instructions in it, counted while
 * the body is lowered (wcc_fuel_count) and patched into the subtraction
 * emitted at its check point when the region ends (wcc_fuel_close).  So a
 * function entry or a loop iteration pays for the whole region at once,
 * branches not taken included: a deterministic, static charge ("amortised
 * per loop"), the same whatever the timing, the optimisation level or the
 * target.
 */
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
  if (checks & WASMC_CHECK_INTERRUPT) {
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
