/*
 * budget.c — bounded optimisation of functions whose SSA form is too wide
 * for LLVM's -O2 pipeline (issue 18).
 *
 * Some functions that others' toolchains emit make LLVM's optimiser and
 * register allocator take time far beyond their size.  The shape is a join
 * block reached from thousands of places with every wasm local live into it:
 * Binaryen's Asyncify, for instance, follows each call with a branch to one
 * shared unwind block that saves all the function's locals, and a dispatch
 * loop with thousands of back edges does the same.  After mem2reg each such
 * local is a phi with one operand per edge: one function of ruby.wasm (138 KB
 * of wasm, 2,233 calls, 170 locals) has 258,602 phi operands, and -O2 spends
 * 40 s in its pass pipeline (the SLP vectoriser's walk over phi webs and
 * correlated value propagation's lazy value info, each in every block) and
 * 38 s in code generation (register coalescing and greedy allocation); the
 * whole rest of its 197-partition module averages 2 s per 64 KiB of code.
 *
 * The measure is the function's phi operands right after mem2reg, counted in
 * one walk; it depends only on the function, so the choice is the same for
 * any -j, partition schedule or cache state.  A function above the limit
 * (--big-function-limit, default WCC_BIG_FUNCTION_PHI_OPERANDS) keeps -O2's
 * inlining into it but is simplified by -O1's function passes instead of
 * -O2's (no SLP, GVN, jump threading or correlated propagation): the
 * function above goes from 78 s to 18 s.  Other functions are not touched.
 * The mechanism is attribute toggling on one LLVM module, so nothing is
 * split or copied: during the -O2 pipeline the big functions are `optnone`
 * (and so `noinline`, which LLVM requires with it), during the cheaper one
 * every other function is, and afterwards every function has exactly the
 * attributes it had before.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Transforms/PassBuilder.h>

#include "wcc.h"

/* -O1's function passes, as LLVM 19 builds them for `default<O1>` (printed
 * by `opt-19 -passes='default<O1>' -print-pipeline-passes`): the function
 * simplification run after inlining, then the function part of the module
 * optimisation pipeline, without coroutine, profile and forced-vectorisation
 * passes, which do nothing to wasm code.  Each is about linear in the
 * function. */
#define IC "instcombine<max-iterations=1;no-use-loop-info;no-verify-fixpoint>"
#define SCFG_KEEP_LOOPS                                                                                                \
  "simplifycfg<bonus-inst-threshold=1;no-forward-switch-cond;switch-range-to-icmp;no-switch-to-lookup;"                \
  "keep-loops;no-hoist-common-insts;no-sink-common-insts;speculate-blocks;simplify-cond-branch;"                       \
  "no-speculate-unpredictables>"
#define SCFG_LATE                                                                                                      \
  "simplifycfg<bonus-inst-threshold=1;forward-switch-cond;switch-range-to-icmp;switch-to-lookup;no-keep-loops;"        \
  "hoist-common-insts;sink-common-insts;speculate-blocks;simplify-cond-branch;no-speculate-unpredictables>"
#define BIG_FUNCTION_PIPELINE                                                                                          \
  "function("                                                                                                          \
  "sroa<modify-cfg>,early-cse<memssa>," SCFG_KEEP_LOOPS "," IC ",libcalls-shrinkwrap," SCFG_KEEP_LOOPS                 \
  ",reassociate,loop-mssa(loop-instsimplify,loop-simplifycfg,licm<no-allowspeculation>,"                               \
  "loop-rotate<header-duplication;no-prepare-for-lto>,licm<allowspeculation>,"                                         \
  "simple-loop-unswitch<no-nontrivial;trivial>)," SCFG_KEEP_LOOPS "," IC                                               \
  ",loop(loop-idiom,indvars,loop-deletion,loop-unroll-full),sroa<modify-cfg>,memcpyopt,sccp,bdce," IC                  \
  ",adce," SCFG_KEEP_LOOPS "," IC                                                                                      \
  ",float2int,lower-constant-intrinsics,loop(loop-rotate<header-duplication;no-prepare-for-lto>,loop-deletion),"       \
  "infer-alignment," IC "," SCFG_LATE "," IC ",sroa<preserve-cfg>,infer-alignment," IC                                 \
  ",loop-mssa(licm<allowspeculation>),loop-sink,instsimplify,div-rem-pairs,tailcallelim," SCFG_KEEP_LOOPS ")"

/* marks a noinline that only the budget added (removed again with optnone) */
#define ADDED_NOINLINE "wasmc-budget-noinline"

static uint64_t phi_operands(LLVMValueRef fn, uint64_t stop) {
  uint64_t n = 0;
  for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb && n <= stop; bb = LLVMGetNextBasicBlock(bb))
    for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i && LLVMIsAPHINode(i); i = LLVMGetNextInstruction(i))
      n += LLVMCountIncoming(i);
  return n;
}

/* functions with code of their own (available_externally copies are small
 * by construction and never emitted) */
static bool own_body(LLVMValueRef fn) {
  return LLVMGetFirstBasicBlock(fn) && LLVMGetLinkage(fn) != LLVMAvailableExternallyLinkage;
}

static unsigned attr_kind(const char *name) { return LLVMGetEnumAttributeKindForName(name, strlen(name)); }

static bool has_optnone(LLVMValueRef fn) {
  return LLVMGetEnumAttributeAtIndex(fn, LLVMAttributeFunctionIndex, attr_kind("optnone")) != NULL;
}

static void set_optnone(LLVMContextRef ctx, LLVMValueRef fn, bool on) {
  unsigned optnone = attr_kind("optnone"), noinline = attr_kind("noinline");
  const unsigned idx = LLVMAttributeFunctionIndex;
  if (on) {
    LLVMAddAttributeAtIndex(fn, idx, LLVMCreateEnumAttribute(ctx, optnone, 0));
    if (!LLVMGetEnumAttributeAtIndex(fn, idx, noinline)) {
      LLVMAddAttributeAtIndex(fn, idx, LLVMCreateEnumAttribute(ctx, noinline, 0));
      LLVMAddAttributeAtIndex(fn, idx, LLVMCreateStringAttribute(ctx, ADDED_NOINLINE, strlen(ADDED_NOINLINE), "", 0));
    }
  } else {
    LLVMRemoveEnumAttributeAtIndex(fn, idx, optnone);
    if (LLVMGetStringAttributeAtIndex(fn, idx, ADDED_NOINLINE, strlen(ADDED_NOINLINE))) {
      LLVMRemoveEnumAttributeAtIndex(fn, idx, noinline);
      LLVMRemoveStringAttributeAtIndex(fn, idx, ADDED_NOINLINE, strlen(ADDED_NOINLINE));
    }
  }
}

uint32_t wcc_budget_mark(wcc_ctx *c) {
  uint64_t limit =
      c->opts->big_function_limit == UINT64_MAX ? WCC_BIG_FUNCTION_PHI_OPERANDS : c->opts->big_function_limit;
  if (limit == 0 || c->opts->opt_level == 0) return 0;
  uint32_t n_big = 0;
  for (LLVMValueRef fn = LLVMGetFirstFunction(c->llmod); fn; fn = LLVMGetNextFunction(fn)) {
    uint64_t n = own_body(fn) ? phi_operands(fn, limit) : 0;
    if (n <= limit) continue;
    set_optnone(c->llctx, fn, true);
    n_big++;
    if (c->opts->time_report) {
      size_t len;
      const char *name = LLVMGetValueName2(fn, &len);
      /* one call, one line, whichever partition thread prints it */
      fprintf(stderr, "wasmc: time report: %.*s: more than %llu phi operands, -O1's function passes\n",
              (int)(len < 300 ? len : 300), name, (unsigned long long)limit);
    }
  }
  return n_big;
}

LLVMErrorRef wcc_budget_optimise_big(wcc_ctx *c, LLVMTargetMachineRef tm) {
  /* no function of ours is optnone otherwise: the big ones are the optnone ones */
  for (LLVMValueRef fn = LLVMGetFirstFunction(c->llmod); fn; fn = LLVMGetNextFunction(fn))
    if (own_body(fn)) set_optnone(c->llctx, fn, !has_optnone(fn));
  LLVMPassBuilderOptionsRef pbo = LLVMCreatePassBuilderOptions();
  LLVMErrorRef e = LLVMRunPasses(c->llmod, BIG_FUNCTION_PIPELINE, tm, pbo);
  LLVMDisposePassBuilderOptions(pbo);
  for (LLVMValueRef fn = LLVMGetFirstFunction(c->llmod); fn; fn = LLVMGetNextFunction(fn))
    if (own_body(fn)) set_optnone(c->llctx, fn, false);
  return e;
}
