/*
 * codegen.c — LLVM pass pipeline and object emission through a TargetMachine
 * (the link is link.c's).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <llvm-c/Analysis.h>
#include <llvm-c/Target.h>
#include <llvm-c/Support.h>
#include <llvm-c/Transforms/PassBuilder.h>

#include "wcc.h"

/* Registers LLVM's targets and sets the target's LLVM options
 * (wcc_target.llvm_options).  Those options are process-wide, so the first
 * target compiled for sets them; wasmc compiles one module per process. */
void wcc_llvm_init(const wcc_target *t) {
  static bool done;
  if (done) return;
  done = true;
  if (t->llvm_options) {
    const char *argv[16] = {"wasmc"};
    int argc = 1;
    for (const char *const *o = t->llvm_options; *o && argc < 16; o++) argv[argc++] = *o;
    LLVMParseCommandLineOptions(argc, argv, "wasmc");
  }
  LLVMInitializeX86TargetInfo();
  LLVMInitializeX86Target();
  LLVMInitializeX86TargetMC();
  LLVMInitializeX86AsmPrinter();
  LLVMInitializeX86AsmParser(); /* inline assembly (emit_simd.c ssse3_swizzle, callsites.c) */
  LLVMInitializeAArch64TargetInfo();
  LLVMInitializeAArch64Target();
  LLVMInitializeAArch64TargetMC();
  LLVMInitializeAArch64AsmPrinter();
  LLVMInitializeAArch64AsmParser(); /* inline assembly (callsites.c) */
}

/* temporary object files (removed by wcc_codegen_cleanup); those with
 * g_extra_link set are linked after the first object, in this order */
static char **g_extra;
static bool *g_extra_link;
static uint32_t g_n_extra, g_cap_extra;

void wcc_codegen_add_object(const char *path, bool link) {
  if (g_n_extra == g_cap_extra) {
    uint32_t cap = g_cap_extra ? g_cap_extra * 2 : 16;
    char **n = realloc(g_extra, cap * sizeof *n);
    if (n) g_extra = n;
    bool *l = n ? realloc(g_extra_link, cap * sizeof *l) : NULL;
    if (l) g_extra_link = l;
    if (!n || !l) return; /* only its cleanup is lost */
    g_cap_extra = cap;
  }
  g_extra_link[g_n_extra] = link;
  g_extra[g_n_extra] = strdup(path);
  if (g_extra[g_n_extra]) g_n_extra++;
}

uint32_t wcc_codegen_n_objects(void) { return g_n_extra; }

const char *wcc_codegen_object(uint32_t k) { return k < g_n_extra && g_extra_link[k] ? g_extra[k] : NULL; }

/* Segue (c->seg_base): during optimisation every gs-relative access is an
 * offset from the declared global `wasmc.memory0.gs`.  Folded against a null
 * base, constant addresses would become `inttoptr` constants, each an
 * unknown object to alias analysis and SCEV: stores to one wasm global
 * variable would then block loads of another, and the SLP vectoriser could
 * not see that `bodies[i].x` and `.y` are adjacent (nbody: 1.10x with a
 * base register, 1.21x with Segue).  After the pipeline the global becomes
 * null, which is what the addresses mean (%gs:offset), and is deleted: the
 * executable never references it.  Nothing depends on the global's own
 * address: wasm addresses are integers, and gs pointers are only
 * dereferenced (or, below, turned back into offsets).
 *
 * Each function addresses memory off its own copy of the global,
 * `llvm.ptrmask(@wasmc.memory0.gs, INT64_MAX)`, made once in its entry
 * block (wcc_segue_base).  With the global itself as every access's base,
 * its use list held every access of the module, and LLVM 19's GVN scans
 * that list whenever it translates an address through a phi
 * (PHITransAddr, "see if we have this GEP available"): compile time grew
 * with (accesses in the module) x (translations), and a 3 MB Go module
 * spent 66% of its 65 s at -O2 there (33 s with a base register, whose base
 * is a per-function load).  ptrmask has no memory effects, is CSE'd after
 * inlining, and alias analysis and loop access analysis look through it to
 * the global (getUnderlyingObject), so the optimiser sees the same single
 * object.  Clearing bit 63, which no address of the global can have set
 * that the optimiser knows of, keeps InstSimplify from folding it away;
 * segue_base_to_null replaces every copy by null before code generation. */
LLVMValueRef wcc_segue_base(wcc_ctx *c) {
  LLVMTypeRef tys[2] = {LLVMTypeOf(c->seg_base), c->t_i64}, fty;
  LLVMValueRef fn = wcc_intrinsic(c, "llvm.ptrmask", tys, 2, &fty);
  LLVMValueRef args[2] = {c->seg_base, LLVMConstInt(c->t_i64, INT64_MAX, 0)};
  return LLVMBuildCall2(c->b, fty, fn, args, 2, "mem0.gs");
}

static void segue_base_to_null(wcc_ctx *c) {
  /* Looked up by name, not through c->seg_base: when nothing in the module
   * accesses memory (or every access was dead), the pipeline's GlobalDCE has
   * already deleted the unused declaration and c->seg_base dangles (issue 17:
   * a module with a memory but no access crashed here). */
  LLVMTypeRef pty = LLVMPointerTypeInContext(c->llctx, 256);
  LLVMValueRef null = LLVMConstPointerNull(pty);
  LLVMValueRef g = LLVMGetNamedGlobal(c->llmod, WCC_SEGUE_BASE_NAME);
  unsigned ptrmask_id = LLVMLookupIntrinsicID("llvm.ptrmask", strlen("llvm.ptrmask"));
  if (g) {
    /* the per-function copies first (wcc_segue_base), then what else uses
     * the global directly (constant expressions the pipeline made) */
    LLVMUseRef u = LLVMGetFirstUse(g);
    while (u) {
      LLVMValueRef user = LLVMGetUser(u);
      u = LLVMGetNextUse(u);
      while (u && LLVMGetUser(u) == user) u = LLVMGetNextUse(u);
      LLVMValueRef callee = LLVMIsACallInst(user) ? LLVMGetCalledValue(user) : NULL;
      if (callee && LLVMIsAFunction(callee) && LLVMGetIntrinsicID(callee) == ptrmask_id &&
          LLVMGetOperand(user, 0) == g) {
        LLVMReplaceAllUsesWith(user, null);
        LLVMInstructionEraseFromParent(user);
      }
    }
    LLVMReplaceAllUsesWith(g, null);
    LLVMDeleteGlobal(g);
  }
  c->seg_base = null;
}

/* --memory-base=auto: accesses derived from `old` (a register-form base or
 * a GEP off it) are rebuilt off `gs` (addrspace(256) null + the same
 * offsets): loads and stores through it and GEPs off it; any other use
 * (calls, phis, compares) keeps the register form, which stays correct:
 * both address the same bytes.  Each rewrite drops exactly the use `u`
 * (the cases below use `old` once), so the walk keeps the next use first. */
static void rebase_uses(LLVMBuilderRef b, LLVMValueRef old, LLVMValueRef gs) {
  for (LLVMUseRef u = LLVMGetFirstUse(old), next; u; u = next) {
    next = LLVMGetNextUse(u);
    LLVMValueRef user = LLVMGetUser(u);
    if (LLVMIsALoadInst(user) && LLVMGetOperand(user, 0) == old) {
      LLVMSetOperand(user, 0, gs);
    } else if (LLVMIsAStoreInst(user) && LLVMGetOperand(user, 1) == old && LLVMGetOperand(user, 0) != old) {
      LLVMSetOperand(user, 1, gs);
    } else if (LLVMIsAGetElementPtrInst(user) && LLVMGetOperand(user, 0) == old &&
               LLVMGetTypeKind(LLVMTypeOf(user)) == LLVMPointerTypeKind) {
      unsigned k = (unsigned)LLVMGetNumOperands(user);
      LLVMValueRef idx[8];
      bool ok = k - 1 <= 8;
      for (unsigned j = 1; ok && j < k; j++) ok = (idx[j - 1] = LLVMGetOperand(user, j)) != old;
      if (!ok) continue;
      LLVMPositionBuilderBefore(b, user);
      LLVMValueRef g = LLVMBuildGEP2(b, LLVMGetGEPSourceElementType(user), gs, idx, k - 1, "");
      rebase_uses(b, user, g);
      if (!LLVMGetFirstUse(user)) LLVMInstructionEraseFromParent(user);
      if (LLVMIsAInstruction(g) && !LLVMGetFirstUse(g)) LLVMInstructionEraseFromParent(g);
    }
  }
}

/* --memory-base=auto (x86-64 executables): every function was lowered and
 * optimised with a base register; those of at least
 * WCC_SEGUE_MIN_INSTRUCTIONS instructions now (after inlining) address
 * memory 0 through gs instead, freeing the register where pressure is
 * highest, while small functions' loops keep the base register (a gs
 * load costs latency on some Intel cores: docs/benchmarks.md).  The base
 * is each invariant load of memory 0's base from the instance (the
 * function's parameter 0, offset 0). */
static void segue_rewrite_big(wcc_ctx *c) {
  LLVMValueRef gs = LLVMConstPointerNull(LLVMPointerTypeInContext(c->llctx, 256));
  LLVMBuilderRef b = LLVMCreateBuilderInContext(c->llctx);
  for (LLVMValueRef fn = LLVMGetFirstFunction(c->llmod); fn; fn = LLVMGetNextFunction(fn)) {
    if (!LLVMGetFirstBasicBlock(fn) || !LLVMCountParams(fn)) continue;
    uint32_t count = 0;
    for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
      for (LLVMValueRef in = LLVMGetFirstInstruction(bb); in; in = LLVMGetNextInstruction(in)) count++;
    if (count < WCC_SEGUE_MIN_INSTRUCTIONS) continue;
    LLVMValueRef inst = LLVMGetParam(fn, 0);
    for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
      for (LLVMValueRef in = LLVMGetFirstInstruction(bb), next; in; in = next) {
        next = LLVMGetNextInstruction(in);
        if (LLVMIsALoadInst(in) && LLVMGetOperand(in, 0) == inst && LLVMGetMetadata(in, c->md_invariant) &&
            LLVMGetTypeKind(LLVMTypeOf(in)) == LLVMPointerTypeKind) {
          rebase_uses(b, in, gs);
          if (!LLVMGetFirstUse(in)) LLVMInstructionEraseFromParent(in);
        }
      }
  }
  LLVMDisposeBuilder(b);
}

/* Segue (c->seg_base): LLVM's loop-idiom and memcpy passes turn loops and
 * runs of stores over gs-relative (addrspace(256)) pointers into
 * llvm.memcpy/memmove/memset, which the x86 back end cannot lower when they
 * need a libc call ("cannot lower memory intrinsic in address space 256").
 * After the optimisation pipeline, each such call gets flat pointers
 * instead: memory 0's base + the gs offset.  Same bytes, same faults in the
 * guard region.  The base is read from the runtime's
 * wasmc_rt_gs_memory0_base, not from the instance parameter: the pipeline
 * may have found that parameter unused (every access is gs-relative) and
 * stopped passing it (dead-argument elimination; a boxed program's memset
 * then stored through garbage). */
static void flatten_gs_mem_intrinsics(wcc_ctx *c) {
  static const char *const names[3] = {"llvm.memcpy", "llvm.memmove", "llvm.memset"};
  unsigned ids[3];
  for (int k = 0; k < 3; k++) ids[k] = LLVMLookupIntrinsicID(names[k], strlen(names[k]));
  LLVMBuilderRef b = LLVMCreateBuilderInContext(c->llctx);
  LLVMValueRef base_var = NULL;
  for (LLVMValueRef fn = LLVMGetFirstFunction(c->llmod); fn; fn = LLVMGetNextFunction(fn)) {
    if (!LLVMGetFirstBasicBlock(fn)) continue;
    for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb)) {
      LLVMValueRef next;
      for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = next) {
        next = LLVMGetNextInstruction(i);
        if (!LLVMIsACallInst(i)) continue;
        LLVMValueRef callee = LLVMGetCalledValue(i);
        unsigned id = callee && LLVMIsAFunction(callee) ? LLVMGetIntrinsicID(callee) : 0;
        int k = 0;
        while (k < 3 && (!id || ids[k] != id)) k++;
        if (k == 3) continue;
        unsigned n_ptrs = k == 2 ? 1 : 2, n_args = 4;
        bool gs = false;
        for (unsigned a = 0; a < n_ptrs; a++)
          gs |= LLVMGetPointerAddressSpace(LLVMTypeOf(LLVMGetOperand(i, a))) == 256;
        if (!gs) continue;
        if (!base_var) {
          base_var = LLVMAddGlobal(c->llmod, c->t_ptr, "wasmc_rt_gs_memory0_base");
          LLVMSetLinkage(base_var, LLVMExternalLinkage);
        }
        LLVMPositionBuilderBefore(b, i);
        LLVMValueRef base = LLVMBuildLoad2(b, c->t_ptr, base_var, "mem0.base");
        LLVMSetMetadata(base, c->md_invariant, c->md_empty);
        LLVMValueRef args[4];
        for (unsigned a = 0; a < n_args; a++) {
          args[a] = LLVMGetOperand(i, a);
          if (a < n_ptrs && LLVMGetPointerAddressSpace(LLVMTypeOf(args[a])) == 256) {
            LLVMValueRef off = LLVMBuildPtrToInt(b, args[a], c->t_i64, "");
            args[a] = LLVMBuildGEP2(b, c->t_i8, base, &off, 1, "");
          }
        }
        LLVMTypeRef tys[3] = {c->t_ptr, c->t_ptr, LLVMTypeOf(args[2])};
        if (k == 2) tys[1] = tys[2];
        LLVMValueRef decl = LLVMGetIntrinsicDeclaration(c->llmod, id, tys, k == 2 ? 2 : 3);
        LLVMBuildCall2(b, LLVMGlobalGetValueType(decl), decl, args, n_args, "");
        LLVMInstructionEraseFromParent(i);
      }
    }
  }
  LLVMDisposeBuilder(b);
}

/* One section per function (clang's -ffunction-sections), on every target.
 * The link collects the sections nothing reaches (--gc-sections, wcc_link):
 * functions of the module, of the runtime and of libc that the program never
 * calls (docs/benchmarks/size.md).  On AArch64 it is also what makes far
 * calls work: calls between functions become relocations that the linker
 * resolves, so lld can put range-extension thunks between sections when a
 * module's code exceeds the reach of a direct branch (AArch64 `bl`:
 * +-128 MiB).  In one shared .text the assembler resolves them itself and
 * fails instead ("fixup value out of range").  docs/targets.md, tests/targets/. */
static void function_sections(wcc_ctx *c) {
  for (LLVMValueRef f = LLVMGetFirstFunction(c->llmod); f; f = LLVMGetNextFunction(f)) {
    const char *sec = LLVMGetSection(f);
    if (LLVMIsDeclaration(f) || (sec && *sec)) continue;
    size_t len = 0;
    const char *name = LLVMGetValueName2(f, &len);
    char buf[320];
    snprintf(buf, sizeof buf, ".text.%.*s", (int)(len < 300 ? len : 300), name);
    LLVMSetSection(f, buf);
  }
}

bool wcc_codegen(wcc_ctx *c, const wcc_target *t, const char *obj_path) {
  wcc_llvm_init(t);
  char *err = NULL;
  if (LLVMVerifyModule(c->llmod, LLVMReturnStatusAction, &err)) {
    wcc_error(c->diag, "internal compiler error: generated LLVM IR is invalid: %.600s", err);
    LLVMDisposeMessage(err);
    return false;
  }
  LLVMDisposeMessage(err);
  err = NULL;
  LLVMTargetRef target;
  if (LLVMGetTargetFromTriple(t->llvm_triple, &target, &err)) {
    wcc_error(c->diag, "target %s unavailable: %s", t->llvm_triple, err);
    LLVMDisposeMessage(err);
    return false;
  }
  static const LLVMCodeGenOptLevel levels[4] = {LLVMCodeGenLevelNone, LLVMCodeGenLevelLess, LLVMCodeGenLevelDefault,
                                                LLVMCodeGenLevelAggressive};
  const char *cpu = c->opts->cpu ? c->opts->cpu : t->default_cpu;
  char *host_cpu = NULL, *host_features = NULL;
  const char *features = t->default_features;
  if (strcmp(cpu, "native") == 0) {
    host_cpu = LLVMGetHostCPUName();
    host_features = LLVMGetHostCPUFeatures();
    cpu = host_cpu;
    features = host_features;
  }
  /* PIC objects link both into static executables and (sanitizer builds) PIE ones */
  LLVMTargetMachineRef tm = LLVMCreateTargetMachine(target, t->llvm_triple, cpu, features, levels[c->opts->opt_level],
                                                    LLVMRelocPIC, LLVMCodeModelDefault);
  const char *cpu_used = cpu, *features_used = features;
  LLVMSetTarget(c->llmod, t->llvm_triple);
  LLVMTargetDataRef td = LLVMCreateTargetDataLayout(tm);
  LLVMSetModuleDataLayout(c->llmod, td);
  LLVMDisposeTargetData(td);

  /* Unwind tables everywhere: a wasm exception (exception-handling proposal)
   * may unwind through any generated frame, including those of modules
   * without try blocks (docs/exceptions.md).  Costs only .eh_frame bytes. */
  unsigned uwtable = LLVMGetEnumAttributeKindForName("uwtable", 7);
  for (LLVMValueRef fn = LLVMGetFirstFunction(c->llmod); fn; fn = LLVMGetNextFunction(fn))
    if (LLVMGetFirstBasicBlock(fn))
      LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(c->llctx, uwtable, 2));

  char pipeline[32];
  /* -O0 still promotes the lowering's local-variable allocas to SSA values:
   * it costs almost nothing and keeps -O0 stack frames close to native ones */
  if (c->opts->opt_level == 0) snprintf(pipeline, sizeof pipeline, "function(mem2reg)");
  else snprintf(pipeline, sizeof pipeline, "default<O%d>", c->opts->opt_level);
  LLVMPassBuilderOptionsRef pbo = LLVMCreatePassBuilderOptions();
  LLVMErrorRef e = NULL;
  double t0 = wcc_thread_cpu();
  if (c->opts->canonical_nans) wcc_canonicalize_nans(c);
  if (c->opts->opt_level > 0) {
    /* SSA first: nowrap.c reasons about values and dominance, budget.c
     * measures phi operands */
    e = LLVMRunPasses(c->llmod, "function(mem2reg)", tm, pbo);
    if (!e) wcc_infer_nowrap(c);
    if (!e) c->n_big = wcc_budget_mark(c);
  }
  if (!e) e = LLVMRunPasses(c->llmod, pipeline, tm, pbo);
  if (!e && c->n_big) e = wcc_budget_optimise_big(c, tm);
  if (!e && (c->opts->checks & WASMC_CHECK_INTERRUPT) && !(c->opts->checks & WASMC_CHECK_FUEL) &&
      c->opts->emit == WCC_EMIT_EXE) {
    /* the placement edits optimised IR that no pass verifies after it;
     * code generation may accept invalid IR silently (FastISel crashed,
     * SelectionDAG did not), so it is checked here, in these builds only */
    bool placed = wcc_place_loop_interrupts(c);
    if (!placed || LLVMVerifyModule(c->llmod, LLVMReturnStatusAction, &err)) {
      if (placed) wcc_error(c->diag, "internal compiler error: IR invalid after the interruption checks: %.600s", err);
      else wcc_error(c->diag, "out of memory");
      LLVMDisposeMessage(err);
      LLVMDisposePassBuilderOptions(pbo);
      LLVMDisposeTargetMachine(tm);
      return false;
    }
    LLVMDisposeMessage(err);
    err = NULL;
  }
  LLVMDisposePassBuilderOptions(pbo);
  double t1 = wcc_thread_cpu();
  c->t_optimise += t1 - t0;
  if (e) {
    char *msg = LLVMGetErrorMessage(e);
    wcc_error(c->diag, "internal compiler error: LLVM pass pipeline failed: %s", msg);
    LLVMDisposeErrorMessage(msg);
    LLVMDisposeTargetMachine(tm);
    return false;
  }
  if (c->seg_base) {
    segue_base_to_null(c);
    if (c->opts->memory_base == WCC_BASE_AUTO) segue_rewrite_big(c);
    flatten_gs_mem_intrinsics(c);
  }
  function_sections(c);
  bool ok = true;
  uint32_t n_parts = 1;
  if (c->opts->emit == WCC_EMIT_LLVM_IR) {
    if (LLVMPrintModuleToFile(c->llmod, obj_path, &err)) {
      wcc_error(c->diag, "cannot write '%s': %s", obj_path, err);
      LLVMDisposeMessage(err);
      ok = false;
    }
  } else if (c->opts->emit == WCC_EMIT_EXE && c->n_parts <= 1 &&
             (n_parts = wcc_parallel_partitions(c->llmod)) > 1) {
    /* the parts next to obj_path, joined into it: one object per
     * partition, as the compile cache keeps them */
    char **paths = calloc(n_parts, sizeof *paths);
    for (uint32_t k = 0; k < n_parts; k++) {
      size_t len = strlen(obj_path) + 16;
      paths[k] = malloc(len);
      snprintf(paths[k], len, "%s.c%u.o", obj_path, k);
      wcc_codegen_add_object(paths[k], false);
    }
    ok = wcc_emit_parallel(c->llmod, n_parts, c->opts->jobs, t->llvm_triple, cpu_used, features_used,
                           levels[c->opts->opt_level], paths, c->diag) &&
         wcc_link_relocatable(c->opts, t, (const char *const *)paths, n_parts, obj_path, c->diag);
    for (uint32_t k = 0; k < n_parts; k++) free(paths[k]);
    free(paths);
  } else if (LLVMTargetMachineEmitToFile(tm, c->llmod, obj_path, LLVMObjectFile, &err)) {
    wcc_error(c->diag, "cannot emit object '%s': %s", obj_path, err);
    LLVMDisposeMessage(err);
    ok = false;
  }
  LLVMDisposeTargetMachine(tm);
  LLVMDisposeMessage(host_cpu);
  LLVMDisposeMessage(host_features);
  c->t_codegen += wcc_thread_cpu() - t1; /* parallel parts' threads are not counted */
  return ok;
}

double wcc_thread_cpu(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double wcc_wall(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void wcc_codegen_cleanup(void) {
  for (uint32_t k = 0; k < g_n_extra; k++) unlink(g_extra[k]);
}
