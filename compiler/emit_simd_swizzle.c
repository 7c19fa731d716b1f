/*
 * emit_simd_swizzle.c — i8x16.swizzle and i8x16.relaxed_swizzle (spec
 * 4.3.2 "Vector instructions"), the byte permutes whose indices are only
 * known at run time: tbl on AArch64, pshufb on x86-64, and on the SSE2
 * baseline a test of the running CPU's SSSE3 bit that picks pshufb or an
 * SSE2 form computing the same (docs/simd.md "i8x16.swizzle", "Relaxed
 * SIMD").
 */
#include <string.h>

#include "lower.h"

static LLVMValueRef splat_const(LLVMTypeRef et, unsigned n, uint64_t v) {
  LLVMValueRef k[16];
  for (unsigned i = 0; i < n; i++) k[i] = LLVMConstInt(et, v, 0);
  return LLVMConstVector(k, n);
}
static LLVMValueRef as16(wcc_fn *f, LLVMValueRef v) {
  return LLVMBuildBitCast(f->c->b, v, LLVMVectorType(f->c->t_i8, 16), "");
}
static LLVMValueRef to128(wcc_fn *f, LLVMValueRef v) {
  return LLVMBuildBitCast(f->c->b, v, LLVMVectorType(f->c->t_i64, 2), "");
}

/* i8x16.swizzle: r[i] = b[i] < 16 ? a[b[i]] : 0.
 * AArch64: one tbl, whose out-of-range rule is exactly wasm's.
 * x86-64: pshufb (SSSE3) does it in two instructions: b saturating-add 0x70
 * sets the top bit of every index >= 16, and pshufb zeroes those lanes.
 * SSE2 (the x86-64 baseline) has no variable byte shuffle; there the generic
 * form below stays 16 scalar extracts.  The generic form is also the pattern
 * the x86 back end itself turns into pshufb when the target CPU has SSSE3
 * (extracts from `a` at indices extracted from one index vector, then the
 * out-of-range lanes cleared with a vector mask), so with --cpu=x86-64-v2 or
 * later it is pshufb + pand + pcmp + pand.  For the baseline, whose code may
 * run on SSSE3 machines or not, wasmc dispatches at run time: each swizzle
 * tests the SSSE3 bit of the CPU (cpu_has_ssse3) and runs paddusb + pshufb
 * inline (ssse3_swizzle), or falls back to the generic form.  A JIT such as
 * V8 gets pshufb by checking the CPU; this gives an AOT baseline executable
 * the same (docs/simd.md). */
static LLVMValueRef swizzle_generic(wcc_ctx *c, LLVMValueRef va, LLVMValueRef vb, bool relaxed) {
  LLVMBuilderRef B = c->b;
  LLVMTypeRef v16 = LLVMVectorType(c->t_i8, 16);
  LLVMValueRef m = LLVMBuildAnd(B, vb, splat_const(c->t_i8, 16, 15), "");
  LLVMValueRef r = LLVMGetPoison(v16);
  for (unsigned i = 0; i < 16; i++) {
    LLVMValueRef k = LLVMConstInt(c->t_i32, i, 0);
    LLVMValueRef idx = LLVMBuildZExt(B, LLVMBuildExtractElement(B, m, k, ""), c->t_i32, "");
    r = LLVMBuildInsertElement(B, r, LLVMBuildExtractElement(B, va, idx, ""), k, "");
  }
  /* relaxed (pshufb's rule): only indices with the top bit set give 0 */
  LLVMValueRef in = relaxed ? LLVMBuildICmp(B, LLVMIntSGE, vb, LLVMConstNull(v16), "")
                            : LLVMBuildICmp(B, LLVMIntULT, vb, splat_const(c->t_i8, 16, 16), "");
  return LLVMBuildAnd(B, r, LLVMBuildSExt(B, in, v16, ""), "swizzle");
}

/* Does the CPU running the program have SSSE3?  Read from @__cpu_model, the
 * CPU description that libgcc (or compiler-rt) fills in from cpuid in a
 * constructor before main: the same load and bit (6 = SSSE3 in the features
 * word at offset 12) clang emits for __builtin_cpu_supports("ssse3").  Marked
 * invariant, so LLVM may hoist it out of loops. */
static LLVMValueRef cpu_has_ssse3(wcc_ctx *c) {
  LLVMValueRef g = LLVMGetNamedGlobal(c->llmod, "__cpu_model");
  if (!g) {
    LLVMTypeRef i32 = c->t_i32, f[4] = {i32, i32, i32, LLVMArrayType2(i32, 1)};
    g = LLVMAddGlobal(c->llmod, LLVMStructTypeInContext(c->llctx, f, 4, 0), "__cpu_model");
    LLVMSetLinkage(g, LLVMExternalLinkage);
  }
  LLVMBuilderRef B = c->b;
  LLVMValueRef off = LLVMConstInt(c->t_i64, 12, 0);
  LLVMValueRef p = LLVMBuildInBoundsGEP2(B, c->t_i8, g, &off, 1, "");
  LLVMValueRef w = LLVMBuildLoad2(B, c->t_i32, p, "cpu_features");
  LLVMSetAlignment(w, 4);
  LLVMSetMetadata(w, c->md_invariant, c->md_empty);
  LLVMValueRef bit = LLVMBuildAnd(B, w, LLVMConstInt(c->t_i32, 1u << 6, 0), "");
  return LLVMBuildICmp(B, LLVMIntNE, bit, LLVMConstInt(c->t_i32, 0, 0), "has_ssse3");
}

/* pshufb(a, b + 0x70 saturating), for the baseline's SSSE3 branch: the
 * saturating add is SSE2 (paddusb); pshufb is inline assembly, which LLVM
 * never hoists or speculates out of the block that tested the CPU.
 * relaxed: pshufb(a, b) alone (i8x16.relaxed_swizzle, docs/simd.md). */
static LLVMValueRef ssse3_swizzle(wcc_ctx *c, LLVMValueRef va, LLVMValueRef vb, bool relaxed) {
  LLVMTypeRef v16 = LLVMVectorType(c->t_i8, 16), fty;
  LLVMValueRef bi = vb;
  if (!relaxed) {
    LLVMValueRef sa[2] = {vb, splat_const(c->t_i8, 16, 0x70)};
    LLVMValueRef uadd = wcc_intrinsic(c, "llvm.uadd.sat", &v16, 1, &fty);
    bi = LLVMBuildCall2(c->b, fty, uadd, sa, 2, "");
  }
  LLVMTypeRef at[2] = {v16, v16};
  LLVMTypeRef aty = LLVMFunctionType(v16, at, 2, 0);
  /* AT&T operand order: pshufb index, data; the result is tied to data */
  static const char text[] = "pshufb $2, $0", cons[] = "=x,0,x";
  LLVMValueRef ia = LLVMGetInlineAsm(aty, text, sizeof text - 1, cons, sizeof cons - 1, false, false,
                                     LLVMInlineAsmDialectATT, false);
  LLVMValueRef args[2] = {va, bi};
  return LLVMBuildCall2(c->b, aty, ia, args, 2, "pshufb");
}

/* i8x16.swizzle, or (relaxed) i8x16.relaxed_swizzle with pshufb's rule on
 * x86-64 (index & 0x80 ? 0 : a[index & 15]) and tbl's on AArch64 (the exact
 * one), whatever the CPU: the SSE2 fallback computes the same. */
LLVMValueRef wcc_simd_swizzle(wcc_fn *f, LLVMValueRef a, LLVMValueRef b, bool relaxed) {
  wcc_ctx *c = f->c;
  LLVMBuilderRef B = c->b;
  LLVMValueRef va = as16(f, a), vb = as16(f, b);
  LLVMTypeRef v16 = LLVMVectorType(c->t_i8, 16);
  if (!strncmp(c->opts->target ? c->opts->target : wcc_target_host()->name, "aarch64", 7)) {
    LLVMValueRef args[2] = {va, vb};
    return to128(f, wcc_call_intrinsic(f, "llvm.aarch64.neon.tbl1", &v16, 1, args, 2, "tbl"));
  }
  if (relaxed && wcc_x86_has_ssse3(c)) {
    LLVMValueRef args[2] = {va, vb};
    return to128(f, wcc_call_intrinsic(f, "llvm.x86.ssse3.pshuf.b.128", NULL, 0, args, 2, "pshufb"));
  }
  if (!wcc_target_is_x86(c) || wcc_x86_has_ssse3(c))
    return to128(f, swizzle_generic(c, va, vb, relaxed));
  LLVMValueRef cond = cpu_has_ssse3(c);
  LLVMBasicBlockRef fast = LLVMAppendBasicBlockInContext(c->llctx, f->fn, "swizzle.ssse3");
  LLVMBasicBlockRef slow = LLVMAppendBasicBlockInContext(c->llctx, f->fn, "swizzle.sse2");
  LLVMBasicBlockRef join = LLVMAppendBasicBlockInContext(c->llctx, f->fn, "swizzle.join");
  LLVMBuildCondBr(B, cond, fast, slow);
  LLVMPositionBuilderAtEnd(B, fast);
  LLVMValueRef r1 = ssse3_swizzle(c, va, vb, relaxed);
  LLVMBuildBr(B, join);
  LLVMPositionBuilderAtEnd(B, slow);
  LLVMValueRef r2 = swizzle_generic(c, va, vb, relaxed);
  LLVMBuildBr(B, join);
  LLVMPositionBuilderAtEnd(B, join);
  LLVMValueRef phi = LLVMBuildPhi(B, v16, "swizzle");
  LLVMValueRef vals[2] = {r1, r2};
  LLVMBasicBlockRef bbs[2] = {fast, slow};
  LLVMAddIncoming(phi, vals, bbs, 2);
  return to128(f, phi);
}
