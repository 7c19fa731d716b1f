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
 * slower.  After the pipeline, every back edge found by a depth-first walk
 * (which breaks every cycle, irreducible ones too) gets a block of its own
 * with a volatile load of the runtime's process-wide
 * wasmc_rt_interrupt_pending and a branch to wasmc_rt_interrupt(FUNC): one
 * check per iteration of the loops as compiled, vectorised ones included.
 * The function-entry check of an executable is placed then too, in every
 * function that still calls a function after optimisation (each cycle of
 * calls passes one): a callee inlined into a loop no longer brings its own
 * entry check (a volatile load LLVM may not remove) into every iteration.
 * On the edge, not at the end of the latch: there it came between the
 * latch's conditions and its branch, which code generation then could
 * neither fuse nor split into compare-and-branch pairs (zlib's
 * longest_match, `while (a > limit && --chain)`, computed both with setcc
 * and `and` in every iteration: png 1.17x with checks).
 *
 * Counted loops: in a short innermost loop (at most COUNT_MAX_BODY
 * instructions, no other loop and no call but bounded intrinsics inside,
 * its header dominating it) that load, compare and branch is a visible
 * share of an iteration.  There the latch decrements a countdown that lives
 * in a phi of the header (COUNT_EVERY on entering the loop) and reads the
 * flag only when it reaches 0, then starts again from COUNT_EVERY: one
 * decrement and branch per iteration, on the back edge, no load.  Bound: every cycle in such
 * a body passes the header, so a run that stays in the loop reads the flag
 * after at most COUNT_EVERY back edges, i.e. COUNT_EVERY x COUNT_MAX_BODY
 * instructions (4,096), and one that leaves it passes another latch (every
 * cycle of the function has a back edge; one that leaves a counted body
 * is not a back edge of a counted loop), whose check is plain or counted.
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
  /* with loops_after, the entry check is placed after optimisation too
   * (wcc_place_loop_interrupts), so that a callee inlined into a loop
   * brings no check of its own into it */
  if ((checks & WASMC_CHECK_INTERRUPT) && !loops_after) {
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

/* Counted loops: the flag is read at every COUNT_EVERY-th back edge
 * (wcc_place_loop_interrupts' comment); a loop is counted when its body has
 * at most COUNT_MAX_BODY instructions. */
#define COUNT_EVERY 64
#define COUNT_MAX_BODY 64
#define NO_TARGET UINT32_MAX        /* loop_cfg.target: not a latch */
#define MANY_TARGETS (UINT32_MAX - 1) /* back edges to two headers */

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

/* The value stored for `b`, or UINT32_MAX when `b` is not in the map. */
static uint32_t bm_get(const block_map *m, LLVMBasicBlockRef b) {
  uint32_t h = bm_slot(m, b);
  return m->keys[h] == b ? m->vals[h] : UINT32_MAX;
}

static void bm_put(block_map *m, LLVMBasicBlockRef b, uint32_t v) {
  uint32_t h = bm_slot(m, b);
  m->keys[h] = b;
  m->vals[h] = v;
}

/* A map for up to `n` blocks; false: out of memory (free with bm_free). */
static bool bm_init(block_map *m, uint32_t n) {
  uint32_t cap = 16;
  while (cap < 2 * n) cap *= 2;
  m->keys = calloc(cap, sizeof *m->keys);
  m->vals = malloc(cap * sizeof *m->vals);
  m->mask = cap - 1;
  return m->keys && m->vals;
}

static void bm_free(block_map *m) {
  free(m->keys);
  free(m->vals);
}

/* The phis of `s` that came from `from` now come from `to` (the C API can
 * not change a phi's incoming block: each such phi is built again).  `once`:
 * every edge from `from` to `s` now goes through `to`, which has one edge
 * into `s`, so a phi keeps one entry for it (a switch may have had several). */
static void retarget_phis(wcc_ctx *c, LLVMBasicBlockRef s, LLVMBasicBlockRef from, LLVMBasicBlockRef to, bool once) {
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
      bool added = false;
      for (unsigned i = 0; i < n; i++) {
        LLVMValueRef v = LLVMGetIncomingValue(phi, i);
        LLVMBasicBlockRef b = LLVMGetIncomingBlock(phi, i);
        if (b == from) {
          if (once && added) continue;
          b = to;
          added = true;
        }
        LLVMAddIncoming(np, &v, &b, 1);
      }
      LLVMReplaceAllUsesWith(phi, np);
      LLVMInstructionEraseFromParent(phi);
    }
    phi = next;
  }
}

/* One function's control-flow graph as the placement sees it: blocks by
 * position (the entry is 0), predecessors one entry per edge, and for each
 * block the header its back edges go to (NO_TARGET, MANY_TARGETS). */
typedef struct loop_cfg {
  uint32_t n;
  LLVMBasicBlockRef *blocks;
  block_map m;
  uint32_t *pred_start, *preds; /* preds of b: preds[pred_start[b] .. pred_start[b + 1]) */
  uint32_t *target;
  uint8_t *header;              /* the target of some back edge */
  uint32_t *be_from, *be_to, n_be; /* the back edges, one per (latch, header) pair */
  uint32_t *succ_start;         /* successor slot k of b: slot succ_start[b] + k */
  uint8_t *first_slot;          /* that slot is the first of b's terminator naming its block */
  uint32_t *stamp, *work;       /* counted_body's marks and worklist */
} loop_cfg;

static void cfg_free(loop_cfg *g) {
  free(g->blocks);
  bm_free(&g->m);
  free(g->pred_start);
  free(g->preds);
  free(g->target);
  free(g->header);
  free(g->be_from);
  free(g->be_to);
  free(g->succ_start);
  free(g->first_slot);
  free(g->stamp);
  free(g->work);
}

/* Build `g` for `fn`: predecessors, and the back edges of a depth-first walk
 * from the entry (an edge to a block on the walk's stack), which break
 * every cycle, irreducible ones too.  false: out of memory. */
static bool cfg_build(loop_cfg *g, LLVMValueRef fn) {
  uint32_t n = g->n = LLVMCountBasicBlocks(fn);
  g->blocks = malloc(n * sizeof *g->blocks);
  g->pred_start = calloc((size_t)n + 1, sizeof *g->pred_start);
  g->target = malloc(n * sizeof *g->target);
  g->header = calloc(n, 1);
  g->stamp = calloc(n, sizeof *g->stamp);
  g->work = malloc(2 * (size_t)n * sizeof *g->work);
  g->succ_start = malloc(((size_t)n + 1) * sizeof *g->succ_start);
  uint8_t *state = calloc(n, 1);
  bool ok = bm_init(&g->m, n) && g->blocks && g->pred_start && g->target && g->header && g->stamp && g->work &&
            g->succ_start && state;
  if (ok) {
    LLVMGetBasicBlocks(fn, g->blocks);
    for (uint32_t i = 0; i < n; i++) bm_put(&g->m, g->blocks[i], i), g->target[i] = NO_TARGET;
    uint32_t edges = 0;
    for (uint32_t u = 0; u < n; u++) {
      LLVMValueRef t = LLVMGetBasicBlockTerminator(g->blocks[u]);
      unsigned ns = t ? LLVMGetNumSuccessors(t) : 0;
      g->succ_start[u] = edges;
      for (unsigned k = 0; k < ns; k++) g->pred_start[bm_get(&g->m, LLVMGetSuccessor(t, k)) + 1]++, edges++;
    }
    g->succ_start[n] = edges;
    for (uint32_t i = 0; i < n; i++) g->pred_start[i + 1] += g->pred_start[i];
    g->preds = malloc((edges ? edges : 1) * sizeof *g->preds);
    g->be_from = malloc((edges ? edges : 1) * sizeof *g->be_from);
    g->be_to = malloc((edges ? edges : 1) * sizeof *g->be_to);
    g->first_slot = malloc(edges ? edges : 1);
    uint32_t *fill = malloc(n * sizeof *fill), *last = calloc(n, sizeof *last);
    ok = g->preds && g->be_from && g->be_to && g->first_slot && fill && last;
    if (ok) {
      memcpy(fill, g->pred_start, n * sizeof *fill);
      for (uint32_t u = 0; u < n; u++) {
        LLVMValueRef t = LLVMGetBasicBlockTerminator(g->blocks[u]);
        unsigned ns = t ? LLVMGetNumSuccessors(t) : 0;
        for (unsigned k = 0; k < ns; k++) {
          uint32_t v = bm_get(&g->m, LLVMGetSuccessor(t, k));
          g->preds[fill[v]++] = u;
          /* last[v]: 1 + the block whose slots last named v (a switch may
           * name a block many times: once per pair is O(slots) this way) */
          g->first_slot[g->succ_start[u] + k] = last[v] != u + 1;
          last[v] = u + 1;
        }
      }
      /* depth-first from the entry (work: pairs of block, next successor) */
      uint32_t *stack = g->work, sp = 0;
      stack[sp++] = 0, stack[sp++] = 0;
      state[0] = 1;
      while (sp) {
        uint32_t u = stack[sp - 2], k = stack[sp - 1];
        LLVMValueRef t = LLVMGetBasicBlockTerminator(g->blocks[u]);
        unsigned ns = t ? LLVMGetNumSuccessors(t) : 0;
        if (k == ns) {
          state[u] = 2;
          sp -= 2;
          continue;
        }
        stack[sp - 1] = k + 1;
        uint32_t v = bm_get(&g->m, LLVMGetSuccessor(t, k));
        if (state[v] == 1) {
          g->header[v] = 1;
          g->target[u] = g->target[u] == NO_TARGET || g->target[u] == v ? v : MANY_TARGETS;
          /* once per pair: an earlier slot of u naming v found it on the
           * stack as well (v, an ancestor of u, stays there while u does) */
          if (g->first_slot[g->succ_start[u] + k]) g->be_from[g->n_be] = u, g->be_to[g->n_be++] = v;
        } else if (state[v] == 0) {
          state[v] = 1;
          stack[sp++] = v, stack[sp++] = 0;
        }
      }
    }
    free(fill);
    free(last);
  }
  free(state);
  return ok;
}

/* Instructions of `b` (phis and debug intrinsics not counted), or -1 when
 * it calls anything but an intrinsic that runs in bounded time (memory
 * intrinsics copy up to 4 GiB; calls into the runtime or other functions
 * may run long, and a function's own checks are its entry's). */
static int body_cost(LLVMBasicBlockRef b) {
  int cost = 0;
  for (LLVMValueRef i = LLVMGetFirstInstruction(b); i; i = LLVMGetNextInstruction(i)) {
    LLVMOpcode op = LLVMGetInstructionOpcode(i);
    if (op == LLVMPHI) continue;
    if (op == LLVMInvoke || op == LLVMCallBr) return -1;
    if (op == LLVMCall) {
      LLVMValueRef callee = LLVMGetCalledValue(i);
      if (!callee || !LLVMIsAFunction(callee) || !LLVMGetIntrinsicID(callee)) return -1;
      size_t len;
      const char *name = LLVMGetValueName2(callee, &len);
      if (strncmp(name, "llvm.dbg.", 9) == 0) continue;
      if (strncmp(name, "llvm.mem", 8) == 0) return -1;
    }
    cost++;
  }
  return cost;
}

/* Is the loop of header `h` counted?  Its body is h and every block that
 * reaches one of h's latches without passing h.  Counted: every latch of h
 * has its back edges to h only; the body does not contain the entry (so h
 * dominates it: every edge from the body to h is a back edge), nor another
 * header (innermost: every cycle in the body passes through h), nor a call
 * (body_cost); and it has at most COUNT_MAX_BODY instructions. */
static bool counted_body(loop_cfg *g, uint32_t h) {
  uint32_t stamp = h + 1, sp = 0;
  int size = 0;
  g->stamp[h] = stamp;
  for (uint32_t i = g->pred_start[h]; i < g->pred_start[h + 1]; i++) {
    uint32_t p = g->preds[i];
    if (g->target[p] == MANY_TARGETS) return false;
    if (g->target[p] == h && g->stamp[p] != stamp) g->stamp[p] = stamp, g->work[sp++] = p;
  }
  int c = body_cost(g->blocks[h]);
  if (c < 0) return false;
  size += c;
  while (sp) {
    uint32_t x = g->work[--sp];
    if (x == 0 || (x != h && g->header[x])) return false;
    c = body_cost(g->blocks[x]);
    if (c < 0 || (size += c) > COUNT_MAX_BODY) return false;
    for (uint32_t i = g->pred_start[x]; i < g->pred_start[x + 1]; i++) {
      uint32_t p = g->preds[i];
      if (g->stamp[p] != stamp) g->stamp[p] = stamp, g->work[sp++] = p;
    }
  }
  return size <= COUNT_MAX_BODY;
}

/* `br` is taken about once in `every` times (!prof branch_weights). */
static void rarely_taken(wcc_ctx *c, LLVMValueRef br, uint32_t every) {
  unsigned kind = LLVMGetMDKindIDInContext(c->llctx, "prof", 4);
  LLVMMetadataRef ops[3] = {LLVMMDStringInContext2(c->llctx, "branch_weights", 14),
                            LLVMValueAsMetadata(LLVMConstInt(c->t_i32, 1, 0)),
                            LLVMValueAsMetadata(LLVMConstInt(c->t_i32, every - 1, 0))};
  LLVMSetMetadata(br, kind, LLVMMetadataAsValue(c->llctx, LLVMMDNodeInContext2(c->llctx, ops, 3)));
}

/* The phis of `s` (but `skip`) take from the new predecessor `to` what they
 * take from `from`. */
static void copy_phi_entries(LLVMBasicBlockRef s, LLVMBasicBlockRef from, LLVMBasicBlockRef to, LLVMValueRef skip) {
  for (LLVMValueRef phi = LLVMGetFirstInstruction(s); phi && LLVMIsAPHINode(phi); phi = LLVMGetNextInstruction(phi)) {
    if (phi == skip) continue;
    unsigned n = LLVMCountIncoming(phi);
    for (unsigned i = 0; i < n; i++)
      if (LLVMGetIncomingBlock(phi, i) == from) {
        LLVMValueRef v = LLVMGetIncomingValue(phi, i);
        LLVMAddIncoming(phi, &v, &to, 1);
        break;
      }
  }
}

/* At the builder: a volatile load of the runtime's flag; set: to `slow`,
 * else to `cont`. */
static void flag_check(wcc_ctx *c, LLVMValueRef flag, LLVMBasicBlockRef slow, LLVMBasicBlockRef cont) {
  LLVMValueRef f = LLVMBuildLoad2(c->b, c->t_i64, flag, "interrupt.pending");
  LLVMSetVolatile(f, 1);
  LLVMSetAlignment(f, 8);
  LLVMValueRef set = LLVMBuildICmp(c->b, LLVMIntNE, f, LLVMConstInt(c->t_i64, 0, 0), "interrupted");
  LLVMBuildCondBr(c->b, set, slow, cont);
}

/* A block at the end of `fn` calling wasmc_rt_interrupt(func_index), at the
 * builder's debug location. */
static LLVMBasicBlockRef slow_block(wcc_ctx *c, LLVMValueRef fn, uint32_t func_index, LLVMValueRef callee,
                                    LLVMTypeRef callee_ty) {
  LLVMBasicBlockRef slow = LLVMAppendBasicBlockInContext(c->llctx, fn, "interrupted");
  LLVMPositionBuilderAtEnd(c->b, slow);
  LLVMValueRef arg = LLVMConstInt(c->t_i32, func_index, 0);
  LLVMBuildCall2(c->b, callee_ty, callee, &arg, 1, "");
  LLVMBuildUnreachable(c->b);
  return slow;
}

/* Does `fn` (optimised) still call a function, directly or not, other than
 * an intrinsic or a trap?  Then it may be part of a recursion and needs an entry
 * check; one whose callees were all inlined (and their loops with them)
 * runs a bounded time between the checks of its own loops. */
static bool calls_functions(LLVMValueRef fn, LLVMValueRef interrupt) {
  unsigned noreturn = LLVMGetEnumAttributeKindForName("noreturn", 8);
  for (LLVMBasicBlockRef b = LLVMGetFirstBasicBlock(fn); b; b = LLVMGetNextBasicBlock(b))
    for (LLVMValueRef i = LLVMGetFirstInstruction(b); i; i = LLVMGetNextInstruction(i)) {
      LLVMOpcode op = LLVMGetInstructionOpcode(i);
      if (op != LLVMCall && op != LLVMInvoke && op != LLVMCallBr) continue;
      LLVMValueRef callee = LLVMGetCalledValue(i);
      if (callee == interrupt) continue;
      if (!callee || !LLVMIsAFunction(callee)) return true;
      /* intrinsics, and the runtime's traps (noreturn: they never come back
       * into wasm code) */
      if (!LLVMGetIntrinsicID(callee) && !LLVMGetEnumAttributeAtIndex(callee, LLVMAttributeFunctionIndex, noreturn))
        return true;
    }
  return false;
}

/* The function-entry check: a block before the old entry reads the flag
 * (the old entry's static allocas move into it, where LLVM expects them). */
static void entry_check(wcc_ctx *c, LLVMValueRef fn, uint32_t func_index, LLVMValueRef flag, LLVMValueRef callee,
                        LLVMTypeRef callee_ty) {
  LLVMBasicBlockRef old = LLVMGetEntryBasicBlock(fn);
  LLVMBasicBlockRef entry = LLVMInsertBasicBlockInContext(c->llctx, old, "interrupt.entry");
  LLVMMetadataRef subprogram = LLVMGetSubprogram(fn);
  LLVMMetadataRef loc = subprogram ? LLVMDIBuilderCreateDebugLocation(c->llctx, 0, 0, subprogram, NULL) : NULL;
  LLVMPositionBuilderAtEnd(c->b, entry);
  LLVMSetCurrentDebugLocation2(c->b, NULL); /* the moved allocas keep theirs */
  for (LLVMValueRef i = LLVMGetFirstInstruction(old), next; i; i = next) {
    next = LLVMGetNextInstruction(i);
    if (LLVMIsAAllocaInst(i) && LLVMIsConstant(LLVMGetOperand(i, 0))) {
      LLVMInstructionRemoveFromParent(i);
      LLVMInsertIntoBuilder(c->b, i);
    }
  }
  LLVMSetCurrentDebugLocation2(c->b, loc);
  LLVMBasicBlockRef slow = slow_block(c, fn, func_index, callee, callee_ty);
  LLVMPositionBuilderAtEnd(c->b, entry);
  LLVMSetCurrentDebugLocation2(c->b, loc);
  flag_check(c, flag, slow, old);
}

/* Is `b` an exception-handling pad?  Only unwind edges may enter one, so
 * no block can be put on an edge into it. */
static bool eh_pad(LLVMBasicBlockRef b) {
  LLVMValueRef i = LLVMGetFirstInstruction(b);
  while (i && LLVMIsAPHINode(i)) i = LLVMGetNextInstruction(i);
  if (!i) return false;
  LLVMOpcode op = LLVMGetInstructionOpcode(i);
  return op == LLVMLandingPad || op == LLVMCatchSwitch || op == LLVMCatchPad || op == LLVMCleanupPad;
}

/* Check the back edges of one function; false: out of memory.
 *
 * Each back edge (latch u -> header h) gets a block of its own, so the
 * latch keeps its compare next to its branch (fused, or merged with another
 * condition into two branches by code generation) and the check runs only
 * when the loop goes round again:
 *   u: ...; br cond, edge, exit          (was: br cond, h, exit)
 *   edge: flag ? interrupted : h
 * and in a counted loop
 *   edge: left = count - 1; left == 0 ? check : h   (1 in COUNT_EVERY)
 *   check: flag ? interrupted : h
 *   h: count = phi [COUNT_EVERY, entering edges], [left, edge], [COUNT_EVERY, check]
 * A latch whose back edge enters an exception-handling pad (an invoke's
 * unwind edge) is checked at its end instead, before its terminator, which
 * moves to a block of its own. */
static bool place_in_function(wcc_ctx *c, LLVMValueRef fn, uint32_t func_index, LLVMValueRef flag,
                              LLVMValueRef callee, LLVMTypeRef callee_ty) {
  loop_cfg g = {0};
  uint8_t *counted = NULL, *at_end = NULL;
  LLVMValueRef *countdown = NULL;
  bool ok = cfg_build(&g, fn);
  uint32_t n = g.n;
  if (ok) {
    counted = calloc(n, 1);
    at_end = calloc(n, 1);
    countdown = calloc(n, sizeof *countdown);
    ok = counted && at_end && countdown;
  }
  if (ok) {
    /* each counted header's countdown, COUNT_EVERY on every edge entering
     * the loop (a latch of a counted loop has back edges to it only) */
    for (uint32_t h = 0; h < n; h++) {
      counted[h] = g.header[h] && counted_body(&g, h);
      if (!counted[h]) continue;
      LLVMPositionBuilderBefore(c->b, LLVMGetFirstInstruction(g.blocks[h]));
      LLVMSetCurrentDebugLocation2(c->b, NULL);
      countdown[h] = LLVMBuildPhi(c->b, c->t_i32, "interrupt.countdown");
      LLVMValueRef every = LLVMConstInt(c->t_i32, COUNT_EVERY, 0);
      for (uint32_t i = g.pred_start[h]; i < g.pred_start[h + 1]; i++)
        if (g.target[g.preds[i]] != h) LLVMAddIncoming(countdown[h], &every, &g.blocks[g.preds[i]], 1);
    }
    for (uint32_t e = 0; e < g.n_be; e++)
      if (eh_pad(g.blocks[g.be_to[e]])) at_end[g.be_from[e]] = 1;
    /* -g: each check at its latch's location; the call they share at the
     * latches' location when they all have one, else at line 0 (the trap
     * then names no line rather than another loop's).  The builder's
     * location is set every time: positioning it before an instruction
     * (retarget_phis) takes that instruction's location, which would stamp
     * the next function's new code with another function's scope */
    LLVMMetadataRef slow_loc = NULL, subprogram = LLVMGetSubprogram(fn);
    for (uint32_t e = 0; e < g.n_be && subprogram; e++) {
      LLVMMetadataRef l = LLVMInstructionGetDebugLoc(LLVMGetBasicBlockTerminator(g.blocks[g.be_from[e]]));
      if (e == 0) slow_loc = l;
      else if (l != slow_loc) {
        slow_loc = LLVMDIBuilderCreateDebugLocation(c->llctx, 0, 0, subprogram, NULL);
        break;
      }
    }
    LLVMBasicBlockRef slow = NULL;
    if (g.n_be) {
      LLVMSetCurrentDebugLocation2(c->b, slow_loc);
      slow = slow_block(c, fn, func_index, callee, callee_ty);
    }
    for (uint32_t e = 0; e < g.n_be; e++) {
      uint32_t u = g.be_from[e], v = g.be_to[e];
      if (at_end[u]) continue;
      LLVMBasicBlockRef b = g.blocks[u], h = g.blocks[v];
      LLVMValueRef t = LLVMGetBasicBlockTerminator(b);
      LLVMMetadataRef loc = LLVMInstructionGetDebugLoc(t);
      LLVMBasicBlockRef edge = LLVMAppendBasicBlockInContext(c->llctx, fn, "interrupt.edge");
      LLVMMoveBasicBlockAfter(edge, b);
      unsigned ns = LLVMGetNumSuccessors(t);
      for (unsigned k = 0; k < ns; k++)
        if (LLVMGetSuccessor(t, k) == h) LLVMSetSuccessor(t, k, edge);
      retarget_phis(c, h, b, edge, true);
      LLVMBasicBlockRef check = edge;
      if (counted[v]) {
        check = LLVMAppendBasicBlockInContext(c->llctx, fn, "interrupt.check");
        LLVMMoveBasicBlockAfter(check, edge);
        LLVMPositionBuilderAtEnd(c->b, edge);
        LLVMSetCurrentDebugLocation2(c->b, loc);
        LLVMValueRef left = LLVMBuildAdd(c->b, countdown[v], LLVMConstInt(c->t_i32, (unsigned long long)-1, 1),
                                         "interrupt.left");
        LLVMValueRef due = LLVMBuildICmp(c->b, LLVMIntEQ, left, LLVMConstInt(c->t_i32, 0, 0), "interrupt.due");
        rarely_taken(c, LLVMBuildCondBr(c->b, due, check, h), COUNT_EVERY);
        LLVMValueRef vals[2] = {left, LLVMConstInt(c->t_i32, COUNT_EVERY, 0)};
        LLVMBasicBlockRef from[2] = {edge, check};
        LLVMAddIncoming(countdown[v], vals, from, 2);
        copy_phi_entries(h, edge, check, countdown[v]);
      }
      LLVMPositionBuilderAtEnd(c->b, check);
      LLVMSetCurrentDebugLocation2(c->b, loc);
      flag_check(c, flag, slow, h);
    }
    /* latches into a pad: u: ...; check; br -> rest: u's old terminator */
    for (uint32_t u = 0; u < n; u++) {
      if (!at_end[u]) continue;
      LLVMBasicBlockRef b = g.blocks[u];
      LLVMValueRef t = LLVMGetBasicBlockTerminator(b);
      LLVMMetadataRef loc = LLVMInstructionGetDebugLoc(t);
      LLVMBasicBlockRef rest = LLVMAppendBasicBlockInContext(c->llctx, fn, "latch");
      LLVMMoveBasicBlockAfter(rest, b);
      LLVMInstructionRemoveFromParent(t);
      LLVMSetCurrentDebugLocation2(c->b, loc);
      LLVMPositionBuilderAtEnd(c->b, rest);
      LLVMInsertIntoBuilder(c->b, t);
      unsigned ns = LLVMGetNumSuccessors(t);
      /* (its terminator is the one cfg_build read: no back edge of u was moved) */
      for (unsigned k = 0; k < ns; k++)
        if (g.first_slot[g.succ_start[u] + k]) retarget_phis(c, LLVMGetSuccessor(t, k), b, rest, false);
      LLVMPositionBuilderAtEnd(c->b, b);
      LLVMSetCurrentDebugLocation2(c->b, loc);
      flag_check(c, flag, slow, rest);
    }
    /* last: the walk above numbered the blocks from this entry */
    if (calls_functions(fn, callee)) entry_check(c, fn, func_index, flag, callee, callee_ty);
    LLVMSetCurrentDebugLocation2(c->b, NULL);
  }
  cfg_free(&g);
  free(counted);
  free(at_end);
  free(countdown);
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
