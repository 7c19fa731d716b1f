/*
 * emit_numeric.c — numeric instructions (spec 4.3 "Numerics", opcodes
 * 0x45..0xc4 and the saturating truncations 0xfc 0..7), following
 * ../shared/LOWERING.md: explicit traps before LLVM's undefined cases,
 * masked shift counts, llvm.minimum/maximum, roundeven, no fast-math.
 */
#include <math.h>
#include <string.h>

#include "lower.h"

LLVMValueRef wcc_call_intrinsic(wcc_fn *f, const char *name, LLVMTypeRef *tys, unsigned ntys, LLVMValueRef *args,
                                unsigned nargs, const char *vname) {
  LLVMTypeRef fty;
  LLVMValueRef fn = wcc_intrinsic(f->c, name, tys, ntys, &fty);
  return LLVMBuildCall2(f->c->b, fty, fn, args, nargs, vname);
}

static LLVMValueRef kint(LLVMTypeRef t, uint64_t v) { return LLVMConstInt(t, v, 0); }

static LLVMValueRef bool_to_i32(wcc_fn *f, LLVMValueRef b, const char *name) {
  return LLVMBuildZExt(f->c->b, b, f->c->t_i32, name);
}

static bool unop(wcc_fn *f, uint8_t in, uint8_t out, LLVMValueRef *a) {
  wcc_sval v;
  if (!wcc_pop(f, in, &v)) return false;
  *a = v.v;
  (void)out;
  return true;
}

static bool binop(wcc_fn *f, uint8_t t, LLVMValueRef *a, LLVMValueRef *b) {
  wcc_sval x, y;
  if (!wcc_pop(f, t, &y) || !wcc_pop(f, t, &x)) return false;
  *a = x.v;
  *b = y.v;
  return true;
}

/*
 * `v`, with the quiet bit set if it is a NaN.  Wasm arithmetic must return
 * an arithmetic (quiet) NaN even for a signalling NaN input (spec 4.3.3
 * "NaN propagation"), but LLVM may return NaN operands unchanged: it folds
 * identities with constants (x - 0.0, x * 1.0, x / 1.0, x / -1.0, -0.0 - x,
 * -1.0 * x, demote(promote(x)) to x or -x), and llvm.minimum/maximum pass a
 * signalling NaN operand through on x86-64.  Bit operations only, so LLVM
 * cannot fold this back.
 */
LLVMValueRef wcc_quiet_nan(wcc_fn *f, LLVMValueRef v) {
  LLVMBuilderRef B = f->c->b;
  LLVMTypeRef ft = LLVMTypeOf(v);
  bool is_vec = LLVMGetTypeKind(ft) == LLVMVectorTypeKind;
  LLVMTypeRef et = is_vec ? LLVMGetElementType(ft) : ft;
  bool is32 = et == f->c->t_f32;
  LLVMTypeRef iet = is32 ? f->c->t_i32 : f->c->t_i64;
  LLVMValueRef qbit = kint(iet, is32 ? 0x00400000u : 0x0008000000000000ull);
  LLVMTypeRef it = iet;
  if (is_vec) {
    unsigned n = LLVMGetVectorSize(ft);
    LLVMValueRef k[16];
    for (unsigned i = 0; i < n; i++) k[i] = qbit;
    qbit = LLVMConstVector(k, n);
    it = LLVMVectorType(iet, n);
  }
  LLVMValueRef q = LLVMBuildBitCast(B, LLVMBuildOr(B, LLVMBuildBitCast(B, v, it, ""), qbit, ""), ft, "quieted");
  return LLVMBuildSelect(B, LLVMBuildFCmp(B, LLVMRealUNO, v, v, "isnan"), q, v, "");
}

/*
 * Whether LLVM may fold `x op c` (or `c op x`) to x or -x, passing a
 * signalling NaN x through without quieting it: c is a constant that is an
 * identity or negation element (+-0.0 for add/sub, +-1.0 for mul/div), a
 * NaN, or not a plain float constant; or both operands are constant.  Any
 * other constant leaves a real arithmetic instruction, whose NaN result the
 * hardware quiets (x86 SSE, AArch64 FP), so no quieting code is needed: in a
 * loop like `dt * v` it cost a round trip through an integer register.
 */
static bool risky_fp_const(LLVMValueRef c) {
  if (!LLVMIsAConstantFP(c)) return true;
  LLVMBool loses = 0;
  double v = LLVMConstRealGetDouble(c, &loses);
  return v != v || v == 0.0 || v == 1.0 || v == -1.0;
}

bool wcc_may_fold_to_operand(LLVMValueRef c, LLVMValueRef other) {
  if (!LLVMIsConstant(c)) return false;
  if (LLVMIsConstant(other)) return true;
  LLVMTypeRef t = LLVMTypeOf(c);
  if (LLVMGetTypeKind(t) != LLVMVectorTypeKind) return risky_fp_const(c);
  /* a vector: any lane that is an identity element, a NaN or unknown */
  if (!LLVMIsAConstantDataVector(c) && !LLVMIsAConstantVector(c)) return true;
  for (unsigned i = 0, n = LLVMGetVectorSize(t); i < n; i++) {
    LLVMValueRef e = LLVMGetAggregateElement(c, i);
    if (!e || risky_fp_const(e)) return true;
  }
  return false;
}

/* Integer division family with the wasm traps (LOWERING.md "Integers"). */
static LLVMValueRef int_div(wcc_fn *f, LLVMTypeRef t, unsigned bits, int kind, LLVMValueRef a, LLVMValueRef b) {
  LLVMBuilderRef B = f->c->b;
  LLVMValueRef zero = kint(t, 0);
  wcc_trap_if(f, LLVMBuildICmp(B, LLVMIntEQ, b, zero, "div.zero"), WASMC_TRAP_DIV_BY_ZERO);
  LLVMValueRef minus1 = LLVMConstAllOnes(t);
  LLVMValueRef min = kint(t, (uint64_t)1 << (bits - 1));
  switch (kind) {
  case 0: { /* div_s */
    LLVMValueRef ovf = LLVMBuildAnd(B, LLVMBuildICmp(B, LLVMIntEQ, a, min, ""),
                                    LLVMBuildICmp(B, LLVMIntEQ, b, minus1, ""), "div.overflow");
    wcc_trap_if(f, ovf, WASMC_TRAP_INT_OVERFLOW);
    return LLVMBuildSDiv(B, a, b, "div_s");
  }
  case 1: return LLVMBuildUDiv(B, a, b, "div_u");
  case 2: { /* rem_s: INT_MIN rem -1 is 0, and x rem -1 == x rem 1 == 0 */
    LLVMValueRef b2 = LLVMBuildSelect(B, LLVMBuildICmp(B, LLVMIntEQ, b, minus1, ""), kint(t, 1), b, "");
    return LLVMBuildSRem(B, a, b2, "rem_s");
  }
  default: return LLVMBuildURem(B, a, b, "rem_u");
  }
}

static LLVMValueRef shift(wcc_fn *f, LLVMTypeRef t, unsigned bits, int kind, LLVMValueRef a, LLVMValueRef b) {
  LLVMBuilderRef B = f->c->b;
  if (kind >= 3) { /* rotl, rotr: funnel shifts mask the count themselves */
    LLVMValueRef args[3] = {a, a, b};
    return wcc_call_intrinsic(f, kind == 3 ? "llvm.fshl" : "llvm.fshr", &t, 1, args, 3, kind == 3 ? "rotl" : "rotr");
  }
  LLVMValueRef n = LLVMBuildAnd(B, b, kint(t, bits - 1), "");
  switch (kind) {
  case 0: return LLVMBuildShl(B, a, n, "shl");
  case 1: return LLVMBuildAShr(B, a, n, "shr_s");
  default: return LLVMBuildLShr(B, a, n, "shr_u");
  }
}

/* Trapping float->int truncation: NaN -> invalid conversion, out of range ->
 * integer overflow, both checked BEFORE fptosi/fptoui (poison otherwise).
 * Valid iff lo < x < hi (exclusive bounds exactly representable in the float type). */
static LLVMValueRef trunc_trap(wcc_fn *f, LLVMValueRef x, LLVMTypeRef ft, LLVMTypeRef it, bool is_signed,
                               double lo, double hi) {
  LLVMBuilderRef B = f->c->b;
  wcc_trap_if(f, LLVMBuildFCmp(B, LLVMRealUNO, x, x, "isnan"), WASMC_TRAP_INVALID_CONVERSION);
  LLVMValueRef in = LLVMBuildAnd(B, LLVMBuildFCmp(B, LLVMRealOGT, x, LLVMConstReal(ft, lo), ""),
                                 LLVMBuildFCmp(B, LLVMRealOLT, x, LLVMConstReal(ft, hi), ""), "inrange");
  wcc_trap_if(f, LLVMBuildNot(B, in, ""), WASMC_TRAP_INT_OVERFLOW);
  return is_signed ? LLVMBuildFPToSI(B, x, it, "trunc_s") : LLVMBuildFPToUI(B, x, it, "trunc_u");
}

bool wcc_emit_trunc_sat(wcc_fn *f, uint32_t sub) {
  wcc_ctx *c = f->c;
  static const uint8_t from[8] = {WCC_F32, WCC_F32, WCC_F64, WCC_F64, WCC_F32, WCC_F32, WCC_F64, WCC_F64};
  uint8_t to = sub < 4 ? WCC_I32 : WCC_I64;
  LLVMValueRef a;
  if (!unop(f, from[sub], to, &a)) return false;
  LLVMValueRef r = NULL;
  if (f->live) {
    LLVMTypeRef tys[2] = {wcc_llvm_type(c, to), wcc_llvm_type(c, from[sub])};
    r = wcc_call_intrinsic(f, (sub & 1) ? "llvm.fptoui.sat" : "llvm.fptosi.sat", tys, 2, &a, 1, "trunc_sat");
  }
  return wcc_push(f, to, r);
}

bool wcc_emit_numeric(wcc_fn *f, uint32_t op) {
  wcc_ctx *c = f->c;
  LLVMBuilderRef B = c->b;
  LLVMValueRef a = NULL, b = NULL, r = NULL;
  bool live = f->live;
  LLVMTypeRef i32 = c->t_i32, i64 = c->t_i64, f32 = c->t_f32, f64 = c->t_f64;

  /* comparisons */
  if (op == 0x45 || op == 0x50) { /* eqz */
    uint8_t t = op == 0x45 ? WCC_I32 : WCC_I64;
    if (!unop(f, t, WCC_I32, &a)) return false;
    if (live) r = bool_to_i32(f, LLVMBuildICmp(B, LLVMIntEQ, a, kint(wcc_llvm_type(c, t), 0), ""), "eqz");
    return wcc_push(f, WCC_I32, r);
  }
  if ((op >= 0x46 && op <= 0x4f) || (op >= 0x51 && op <= 0x5a)) {
    static const LLVMIntPredicate preds[10] = {LLVMIntEQ, LLVMIntNE, LLVMIntSLT, LLVMIntULT, LLVMIntSGT,
                                               LLVMIntUGT, LLVMIntSLE, LLVMIntULE, LLVMIntSGE, LLVMIntUGE};
    uint8_t t = op <= 0x4f ? WCC_I32 : WCC_I64;
    unsigned k = op - (op <= 0x4f ? 0x46 : 0x51);
    if (!binop(f, t, &a, &b)) return false;
    if (live) r = bool_to_i32(f, LLVMBuildICmp(B, preds[k], a, b, ""), "icmp");
    return wcc_push(f, WCC_I32, r);
  }
  if (op >= 0x5b && op <= 0x66) {
    /* ne is "unordered or not equal": true when either operand is NaN */
    static const LLVMRealPredicate preds[6] = {LLVMRealOEQ, LLVMRealUNE, LLVMRealOLT, LLVMRealOGT, LLVMRealOLE, LLVMRealOGE};
    uint8_t t = op <= 0x60 ? WCC_F32 : WCC_F64;
    unsigned k = op - (op <= 0x60 ? 0x5b : 0x61);
    if (!binop(f, t, &a, &b)) return false;
    if (live) r = bool_to_i32(f, LLVMBuildFCmp(B, preds[k], a, b, ""), "fcmp");
    return wcc_push(f, WCC_I32, r);
  }
  /* integer arithmetic */
  if ((op >= 0x67 && op <= 0x78) || (op >= 0x79 && op <= 0x8a)) {
    bool is32 = op <= 0x78;
    uint8_t t = is32 ? WCC_I32 : WCC_I64;
    LLVMTypeRef lt = is32 ? i32 : i64;
    unsigned bits = is32 ? 32 : 64;
    unsigned k = op - (is32 ? 0x67 : 0x79);
    if (k <= 2) { /* clz ctz popcnt */
      if (!unop(f, t, t, &a)) return false;
      if (live) {
        LLVMValueRef args[2] = {a, LLVMConstInt(c->t_i1, 0, 0)}; /* zero is defined: width */
        if (k == 0) r = wcc_call_intrinsic(f, "llvm.ctlz", &lt, 1, args, 2, "clz");
        else if (k == 1) r = wcc_call_intrinsic(f, "llvm.cttz", &lt, 1, args, 2, "ctz");
        else r = wcc_call_intrinsic(f, "llvm.ctpop", &lt, 1, args, 1, "popcnt");
      }
      return wcc_push(f, t, r);
    }
    if (!binop(f, t, &a, &b)) return false;
    if (live) {
      switch (k) {
      case 3: r = LLVMBuildAdd(B, a, b, "add"); break;
      case 4: r = LLVMBuildSub(B, a, b, "sub"); break;
      case 5: r = LLVMBuildMul(B, a, b, "mul"); break;
      case 6: case 7: case 8: case 9: r = int_div(f, lt, bits, (int)(k - 6), a, b); break;
      case 10: r = LLVMBuildAnd(B, a, b, "and"); break;
      case 11: r = LLVMBuildOr(B, a, b, "or"); break;
      case 12: r = LLVMBuildXor(B, a, b, "xor"); break;
      default: r = shift(f, lt, bits, (int)(k - 13), a, b); break;
      }
    }
    return wcc_push(f, t, r);
  }
  /* float arithmetic */
  if (op >= 0x8b && op <= 0xa6) {
    bool is32 = op <= 0x98;
    uint8_t t = is32 ? WCC_F32 : WCC_F64;
    LLVMTypeRef lt = is32 ? f32 : f64;
    unsigned k = op - (is32 ? 0x8b : 0x99);
    if (k <= 6) {
      static const char *intr[7] = {"llvm.fabs", NULL, "llvm.ceil", "llvm.floor", "llvm.trunc", "llvm.roundeven", "llvm.sqrt"};
      static const char *names[7] = {"abs", "neg", "ceil", "floor", "trunc", "nearest", "sqrt"};
      if (!unop(f, t, t, &a)) return false;
      if (live) {
        if (k == 1) r = LLVMBuildFNeg(B, a, "neg");
        else if (k >= 2 && k <= 5 && wcc_x86_without_sse41(c)) /* no libm call at the SSE2 baseline */
          r = wcc_round_sse2(f, (enum wcc_round)(k - 2), a);
        else r = wcc_call_intrinsic(f, intr[k], &lt, 1, &a, 1, names[k]);
        if (k >= 2) r = wcc_canon_nan(c, r);
      }
      return wcc_push(f, t, r);
    }
    if (!binop(f, t, &a, &b)) return false;
    if (live) {
      LLVMValueRef args[2] = {a, b};
      switch (k) {
      case 7: r = LLVMBuildFAdd(B, a, b, "add"); break;
      case 8: r = LLVMBuildFSub(B, a, b, "sub"); break;
      case 9: r = LLVMBuildFMul(B, a, b, "mul"); break;
      case 10: r = LLVMBuildFDiv(B, a, b, "div"); break;
      case 11: r = wcc_quiet_nan(f, wcc_call_intrinsic(f, "llvm.minimum", &lt, 1, args, 2, "min")); break;
      case 12: r = wcc_quiet_nan(f, wcc_call_intrinsic(f, "llvm.maximum", &lt, 1, args, 2, "max")); break;
      default: r = wcc_call_intrinsic(f, "llvm.copysign", &lt, 1, args, 2, "copysign"); break;
      }
      /* add/sub/mul/div that LLVM may fold to an operand: see wcc_quiet_nan(). */
      if (k <= 10 && (wcc_may_fold_to_operand(a, b) || wcc_may_fold_to_operand(b, a))) r = wcc_quiet_nan(f, r);
      if (k <= 12) r = wcc_canon_nan(c, r);
    }
    return wcc_push(f, t, r);
  }
  /* conversions */
  switch (op) {
  case 0xa7: if (!unop(f, WCC_I64, WCC_I32, &a)) return false;
    if (live) r = LLVMBuildTrunc(B, a, i32, "wrap");
    return wcc_push(f, WCC_I32, r);
  case 0xa8: case 0xa9: case 0xaa: case 0xab: case 0xae: case 0xaf: case 0xb0: case 0xb1: {
    bool from32 = op == 0xa8 || op == 0xa9 || op == 0xae || op == 0xaf;
    bool to32 = op <= 0xab;
    bool sgn = op == 0xa8 || op == 0xaa || op == 0xae || op == 0xb0;
    uint8_t ft = from32 ? WCC_F32 : WCC_F64, it = to32 ? WCC_I32 : WCC_I64;
    if (!unop(f, ft, it, &a)) return false;
    if (live) {
      double lo, hi;
      if (to32) {
        lo = sgn ? (from32 ? -2147483904.0 : -2147483649.0) : -1.0;
        hi = sgn ? 2147483648.0 : 4294967296.0;
      } else {
        lo = sgn ? (from32 ? -9223373136366403584.0 : -9223372036854777856.0) : -1.0;
        hi = sgn ? 9223372036854775808.0 : 18446744073709551616.0;
      }
      r = trunc_trap(f, a, from32 ? f32 : f64, to32 ? i32 : i64, sgn, lo, hi);
    }
    return wcc_push(f, it, r);
  }
  case 0xac: case 0xad: if (!unop(f, WCC_I32, WCC_I64, &a)) return false;
    if (live) r = op == 0xac ? LLVMBuildSExt(B, a, i64, "extend_s") : LLVMBuildZExt(B, a, i64, "extend_u");
    return wcc_push(f, WCC_I64, r);
  case 0xb2: case 0xb3: case 0xb4: case 0xb5: case 0xb7: case 0xb8: case 0xb9: case 0xba: {
    bool to32 = op <= 0xb5;
    bool from32 = op == 0xb2 || op == 0xb3 || op == 0xb7 || op == 0xb8;
    bool sgn = op == 0xb2 || op == 0xb4 || op == 0xb7 || op == 0xb9;
    uint8_t t = to32 ? WCC_F32 : WCC_F64;
    if (!unop(f, from32 ? WCC_I32 : WCC_I64, t, &a)) return false;
    if (live) r = sgn ? LLVMBuildSIToFP(B, a, to32 ? f32 : f64, "convert_s") : LLVMBuildUIToFP(B, a, to32 ? f32 : f64, "convert_u");
    return wcc_push(f, t, r);
  }
  case 0xb6: if (!unop(f, WCC_F64, WCC_F32, &a)) return false;
    if (live) {
      r = LLVMBuildFPTrunc(B, a, f32, "demote");
      /* demote(promote(x)) folds to x: see wcc_quiet_nan(). */
      if (LLVMIsAFPExtInst(a)) r = wcc_quiet_nan(f, r);
      r = wcc_canon_nan(c, r);
    }
    return wcc_push(f, WCC_F32, r);
  case 0xbb: if (!unop(f, WCC_F32, WCC_F64, &a)) return false;
    if (live) r = wcc_canon_nan(c, LLVMBuildFPExt(B, a, f64, "promote"));
    return wcc_push(f, WCC_F64, r);
  case 0xbc: if (!unop(f, WCC_F32, WCC_I32, &a)) return false;
    if (live) r = LLVMBuildBitCast(B, a, i32, "reinterpret");
    return wcc_push(f, WCC_I32, r);
  case 0xbd: if (!unop(f, WCC_F64, WCC_I64, &a)) return false;
    if (live) r = LLVMBuildBitCast(B, a, i64, "reinterpret");
    return wcc_push(f, WCC_I64, r);
  case 0xbe: if (!unop(f, WCC_I32, WCC_F32, &a)) return false;
    if (live) r = LLVMBuildBitCast(B, a, f32, "reinterpret");
    return wcc_push(f, WCC_F32, r);
  case 0xbf: if (!unop(f, WCC_I64, WCC_F64, &a)) return false;
    if (live) r = LLVMBuildBitCast(B, a, f64, "reinterpret");
    return wcc_push(f, WCC_F64, r);
  case 0xc0: case 0xc1: case 0xc2: case 0xc3: case 0xc4: {
    bool is32 = op <= 0xc1;
    uint8_t t = is32 ? WCC_I32 : WCC_I64;
    LLVMTypeRef lt = is32 ? i32 : i64;
    unsigned from_bits = (op == 0xc0 || op == 0xc2) ? 8 : (op == 0xc4 ? 32 : 16);
    if (!unop(f, t, t, &a)) return false;
    if (live) r = LLVMBuildSExt(B, LLVMBuildTrunc(B, a, LLVMIntTypeInContext(c->llctx, from_bits), ""), lt, "extend_s");
    return wcc_push(f, t, r);
  }
  default:
    return wcc_fn_error(f, "illegal opcode 0x%02x", op);
  }
}
