/*
 * compiler/nan_canon.c — --canonical-nans: deterministic NaN results.
 *
 * The spec lets a float operation that returns a NaN return any NaN
 * (spec 4.3.3 "NaN propagation": a canonical NaN when every NaN operand is
 * canonical, else any arithmetic NaN), so the bits of a NaN result differ
 * between engines and CPUs: x86 propagates an operand's payload and makes
 * 0xffc00000 from nothing, AArch64 makes 0x7fc00000.  A program can turn
 * those bits into integers (reinterpret, a v128 integer op on an f32x4
 * result), so its output is then engine-specific.  With --canonical-nans
 * every NaN that such an operation returns is the positive canonical NaN
 * (0x7fc00000, 0x7ff8000000000000), as Binaryen's interpreter and
 * Wasmtime's NaN canonicalisation give, which makes the output a function of
 * the program alone: the differential fuzzer (tests/fuzz/diff.py) relies on
 * it, and users who need bit-reproducible results across machines can too.
 *
 * Mechanism: after lowering, before the pass pipeline, every instruction
 * whose NaN result the spec leaves open (fadd, fsub, fmul, fdiv, fptrunc,
 * fpext and the calls of llvm.sqrt/ceil/floor/trunc/roundeven/rint/nearbyint/
 * minimum/maximum/minnum/maxnum, scalar or vector) is followed by
 * `select (fcmp uno x, x), canonical, x`.  Bit operations (fneg, llvm.fabs,
 * llvm.copysign), loads, stores, selects and pmin/pmax (a compare and a
 * select) keep their exact bits, as the spec requires.  Intermediate
 * instructions of the lowering's own expansions are canonicalised too, which
 * changes nothing but NaN bits.  The optimiser removes the select where it
 * can prove x is not a NaN.  Cost: a compare and a blend per float op.
 *
 * Two kinds of result are out of the pass's sight, so the emitters pass
 * every such result through wcc_canon_nan(): a constant the IR builder
 * folded the operation to (f64.add of a NaN constant gave the
 * CPU-independent but non-canonical NaN LLVM's folder propagates; found by
 * tests/fuzz/diff.py, seed 100057), and the lowering's expansions into bit
 * operations and selects (f32x4.min on x86, which gave the negative
 * canonical NaN 0xffc00000; ceil/floor/trunc/nearest at the SSE2 baseline,
 * which pass a quiet NaN's payload through).  Tested by
 * tests/fuzz/regress/canonical_nans_ops.wat, an exact check of every such
 * operation, scalar and SIMD.
 */
#include "wcc.h"

#include <string.h>

static bool nan_open_intrinsic(LLVMValueRef callee) {
  static const char *const names[] = {"llvm.sqrt.",  "llvm.ceil.",     "llvm.floor.",     "llvm.trunc.",
                                      "llvm.rint.",  "llvm.nearbyint.", "llvm.roundeven.", "llvm.minimum.",
                                      "llvm.maximum.", "llvm.minnum.", "llvm.maxnum."};
  size_t len = 0;
  const char *name = LLVMGetValueName2(callee, &len);
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (len > strlen(names[i]) && !strncmp(name, names[i], strlen(names[i]))) return true;
  return false;
}

static bool nan_open(LLVMValueRef i) {
  switch (LLVMGetInstructionOpcode(i)) {
  case LLVMFAdd:
  case LLVMFSub:
  case LLVMFMul:
  case LLVMFDiv:
  case LLVMFPTrunc:
  case LLVMFPExt: return true;
  case LLVMCall: {
    LLVMValueRef callee = LLVMGetCalledValue(i);
    return callee && LLVMIsAFunction(callee) && LLVMGetIntrinsicID(callee) && nan_open_intrinsic(callee);
  }
  default: return false;
  }
}

static LLVMValueRef canonical_nan(LLVMTypeRef t) {
  LLVMTypeRef et = LLVMGetTypeKind(t) == LLVMVectorTypeKind ? LLVMGetElementType(t) : t;
  bool f32 = LLVMGetTypeKind(et) == LLVMFloatTypeKind;
  LLVMTypeRef it = LLVMIntTypeInContext(LLVMGetTypeContext(t), f32 ? 32 : 64);
  LLVMValueRef bits = LLVMConstInt(it, f32 ? 0x7fc00000u : 0x7ff8000000000000ull, false);
  LLVMValueRef nan = LLVMConstBitCast(bits, et);
  if (LLVMGetTypeKind(t) != LLVMVectorTypeKind) return nan;
  unsigned n = LLVMGetVectorSize(t);
  LLVMValueRef lanes[16];
  for (unsigned k = 0; k < n && k < 16; k++) lanes[k] = nan;
  return LLVMConstVector(lanes, n);
}

LLVMValueRef wcc_canon_nan(wcc_ctx *c, LLVMValueRef r) {
  if (!c->opts->canonical_nans || !r) return r;
  LLVMTypeRef t = LLVMTypeOf(r);
  LLVMTypeKind k = LLVMGetTypeKind(t);
  LLVMTypeKind ek = k == LLVMVectorTypeKind ? LLVMGetTypeKind(LLVMGetElementType(t)) : k;
  if ((ek != LLVMFloatTypeKind && ek != LLVMDoubleTypeKind) || (k == LLVMVectorTypeKind && LLVMGetVectorSize(t) > 16))
    return r;
  /* on a constant r, the builder folds this to r or the canonical NaN */
  LLVMValueRef uno = LLVMBuildFCmp(c->b, LLVMRealUNO, r, r, "isnan");
  return LLVMBuildSelect(c->b, uno, canonical_nan(t), r, "canon");
}

void wcc_canonicalize_nans(wcc_ctx *c) {
  LLVMBuilderRef b = LLVMCreateBuilderInContext(c->llctx);
  for (LLVMValueRef fn = LLVMGetFirstFunction(c->llmod); fn; fn = LLVMGetNextFunction(fn)) {
    for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb)) {
      LLVMValueRef next;
      for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = next) {
        next = LLVMGetNextInstruction(i);
        if (!nan_open(i)) continue;
        LLVMTypeRef t = LLVMTypeOf(i);
        LLVMTypeKind k = LLVMGetTypeKind(t);
        LLVMTypeKind ek = k == LLVMVectorTypeKind ? LLVMGetTypeKind(LLVMGetElementType(t)) : k;
        if (ek != LLVMFloatTypeKind && ek != LLVMDoubleTypeKind) continue;
        if (k == LLVMVectorTypeKind && LLVMGetVectorSize(t) > 16) continue;
        /* insert after i: before `next` (an instruction that yields a float
         * is never a block's terminator) */
        LLVMPositionBuilderBefore(b, next);
        LLVMValueRef uno = LLVMBuildFCmp(b, LLVMRealUNO, i, i, "isnan");
        LLVMValueRef sel = LLVMBuildSelect(b, uno, canonical_nan(t), i, "canon");
        LLVMReplaceAllUsesWith(i, sel);
        /* RAUW also rewrote the select's own operands and the compare's */
        LLVMSetOperand(sel, 2, i);
        LLVMSetOperand(uno, 0, i);
        LLVMSetOperand(uno, 1, i);
      }
    }
  }
  LLVMDisposeBuilder(b);
}
