/*
 * emit_simd_relaxed.c — relaxed SIMD (0xfd 0x100..0x113; WebAssembly 3.0,
 * 4.3.2 "Relaxed vector instructions" and 5.4.8 for the encoding).
 *
 * The spec gives each of these instructions a small set of allowed results
 * (what fast instructions of common CPUs compute) and lets an engine pick.
 * wasmc picks ONE per target and keeps it whatever the CPU, --cpu, the
 * optimisation level or constant operands: x86-64 follows what SSE computes
 * (pshufb, minps/maxps, pmulhrsw, pmaddubsw) and AArch64 what NEON
 * computes (tbl, fcvtzs, fmin/fmax, sqrdmulh), so the result never depends
 * on the machine that runs the executable.  Where the x86-64
 * baseline (SSE2) lacks the instruction, the same values are computed with
 * SSE2 (or checked at run time, like i8x16.swizzle).  The table of choices is
 * docs/simd.md "Relaxed SIMD".
 *
 *   instruction              x86-64                         AArch64
 *   relaxed_swizzle          idx&0x80 ? 0 : a[idx&15]       idx>15 ? 0 : a[idx]
 *   relaxed_trunc_*          trunc_sat (NaN 0, saturate)    trunc_sat
 *   relaxed_madd/nmadd       a*b rounded, then +c rounded   the same (not fused)
 *   relaxed_laneselect       bitselect                      bitselect
 *   relaxed_min/max          a<b ? a : b / a>b ? a : b      fmin/fmax: exact min/max
 *   relaxed_q15mulr_s        wraps (0x8000)                 saturates (0x7fff)
 *   relaxed_dot_i8x16_i7x16  b unsigned, i16 sums saturate  b signed, i16 sums wrap
 */
#include "lower.h"

static LLVMTypeRef i16t(wcc_fn *f) { return LLVMInt16TypeInContext(f->c->llctx); }
static LLVMValueRef as(wcc_fn *f, LLVMValueRef v, LLVMTypeRef et, unsigned n) {
  return LLVMBuildBitCast(f->c->b, v, LLVMVectorType(et, n), "");
}
static LLVMValueRef to128(wcc_fn *f, LLVMValueRef v) {
  return LLVMBuildBitCast(f->c->b, v, LLVMVectorType(f->c->t_i64, 2), "");
}
static LLVMValueRef splat_int(LLVMTypeRef et, unsigned n, uint64_t v) {
  LLVMValueRef k[16];
  for (unsigned i = 0; i < n; i++) k[i] = LLVMConstInt(et, v, 0);
  return LLVMConstVector(k, n);
}
/* The even (odd = 1) lanes of vector v of n lanes: n/2 lanes. */
static LLVMValueRef lanes_of(wcc_fn *f, LLVMValueRef v, unsigned n, unsigned odd) {
  LLVMValueRef k[16];
  for (unsigned i = 0; i < n / 2; i++) k[i] = LLVMConstInt(f->c->t_i32, 2 * i + odd, 0);
  return LLVMBuildShuffleVector(f->c->b, v, LLVMGetPoison(LLVMTypeOf(v)), LLVMConstVector(k, n / 2), "");
}
static LLVMValueRef intr(wcc_fn *f, const char *name, bool overloaded, LLVMValueRef *args, unsigned n) {
  LLVMTypeRef t = LLVMTypeOf(args[0]);
  return wcc_call_intrinsic(f, name, overloaded ? &t : NULL, overloaded ? 1 : 0, args, n, "");
}

static bool pop_v(wcc_fn *f, LLVMValueRef *a) {
  wcc_sval v;
  if (!wcc_pop(f, WCC_V128, &v)) return false;
  *a = v.v;
  return true;
}

/* f32x4/f64x2.relaxed_madd (a*b + c) and relaxed_nmadd (-(a*b) + c): never
 * fused, on either target: fmul then fadd (no `contract` flag, so LLVM keeps
 * the two roundings), the result of f32x4.mul + f32x4.add.  Fusing (fmla on
 * AArch64, vfmadd with an FMA --cpu) is allowed by the spec, but the
 * testsuite wabt 1.0.32 pins expects +2^-37 or 0 from an nmadd whose fused
 * result is -2^-37 (its operands' signs were fixed upstream later), and the
 * x86-64 baseline has no FMA; unfused, both targets compute the same bits.
 * A constant operand lets LLVM fold the operation to an operand (x*1,
 * x+(-0)), which would pass a signalling NaN through unquieted: quiet it
 * then, as float_bin does. */
static LLVMValueRef madd(wcc_fn *f, bool f64, bool neg, LLVMValueRef a, LLVMValueRef b, LLVMValueRef c) {
  wcc_ctx *cx = f->c;
  LLVMBuilderRef B = cx->b;
  LLVMTypeRef et = f64 ? cx->t_f64 : cx->t_f32;
  unsigned n = f64 ? 2 : 4;
  LLVMValueRef x = as(f, a, et, n), y = as(f, b, et, n), z = as(f, c, et, n);
  if (neg) x = LLVMBuildFNeg(B, x, "");
  LLVMValueRef r = LLVMBuildFAdd(B, LLVMBuildFMul(B, x, y, ""), z, neg ? "relaxed_nmadd" : "relaxed_madd");
  if (LLVMIsConstant(a) || LLVMIsConstant(b) || LLVMIsConstant(c)) r = wcc_quiet_nan(f, r);
  return to128(f, wcc_canon_nan(cx, r));
}

/* f32x4/f64x2.relaxed_min/max.  x86-64: minps/maxps (minpd/maxpd) with the
 * operands in order, i.e. a < b ? a : b and a > b ? a : b: the second operand
 * when either is NaN or both are zeros.  AArch64: fmin/fmax, wasm's exact
 * min/max (NaN if either is, -0 < +0). */
static LLVMValueRef minmax(wcc_fn *f, bool f64, bool max, LLVMValueRef a, LLVMValueRef b) {
  wcc_ctx *c = f->c;
  LLVMTypeRef et = f64 ? c->t_f64 : c->t_f32;
  unsigned n = f64 ? 2 : 4;
  LLVMValueRef args[2] = {as(f, a, et, n), as(f, b, et, n)};
  if (!wcc_target_is_x86(c)) /* one fmin/fmax, whose NaN result is quiet */
    return to128(f, wcc_canon_nan(c, intr(f, max ? "llvm.aarch64.neon.fmax" : "llvm.aarch64.neon.fmin", true, args, 2)));
  static const char *names[2][2] = {{"llvm.x86.sse.min.ps", "llvm.x86.sse.max.ps"},
                                    {"llvm.x86.sse2.min.pd", "llvm.x86.sse2.max.pd"}};
  return to128(f, wcc_canon_nan(c, intr(f, names[f64][max], false, args, 2)));
}

/* i16x8.relaxed_q15mulr_s: (a*b + 0x4000) >> 15 per lane.  Only
 * -32768 * -32768 is relaxed: x86-64 wraps to -32768 as pmulhrsw does (the
 * generic IR is pmulhrsw's definition, used as such with SSSE3), AArch64
 * saturates to 32767 as sqrdmulh does (the same as q15mulr_sat_s). */
static LLVMValueRef q15mulr(wcc_fn *f, LLVMValueRef a, LLVMValueRef b) {
  wcc_ctx *c = f->c;
  LLVMBuilderRef B = c->b;
  LLVMValueRef args[2] = {as(f, a, i16t(f), 8), as(f, b, i16t(f), 8)};
  if (!wcc_target_is_x86(c)) return to128(f, intr(f, "llvm.aarch64.neon.sqrdmulh", true, args, 2));
  if (wcc_x86_has_ssse3(c)) return to128(f, intr(f, "llvm.x86.ssse3.pmul.hr.sw.128", false, args, 2));
  LLVMTypeRef w8 = LLVMVectorType(c->t_i32, 8);
  LLVMValueRef p = LLVMBuildMul(B, LLVMBuildSExt(B, args[0], w8, ""), LLVMBuildSExt(B, args[1], w8, ""), "");
  p = LLVMBuildAdd(B, p, splat_int(c->t_i32, 8, 0x4000), "");
  p = LLVMBuildAShr(B, p, splat_int(c->t_i32, 8, 15), "");
  return to128(f, LLVMBuildTrunc(B, p, LLVMVectorType(i16t(f), 8), "relaxed_q15mulr"));
}

/* i16x8.relaxed_dot_i8x16_i7x16_s: lane i = a[2i]*b[2i] + a[2i+1]*b[2i+1]
 * with a signed; relaxed when b has its top bit set.  x86-64: pmaddubsw(b, a),
 * b unsigned and the sum saturated to i16 (the instruction with SSSE3, its
 * definition in SSE2 otherwise); AArch64: b signed, products and sum in i16
 * wrapping (smull, smull2, addp).  Returns <8 x i16>. */
static LLVMValueRef dot_i8(wcc_fn *f, LLVMValueRef a, LLVMValueRef b) {
  wcc_ctx *c = f->c;
  LLVMBuilderRef B = c->b;
  LLVMValueRef x = as(f, a, c->t_i8, 16), y = as(f, b, c->t_i8, 16);
  LLVMTypeRef w16 = LLVMVectorType(i16t(f), 16);
  bool x86 = wcc_target_is_x86(c);
  if (x86 && wcc_x86_has_ssse3(c)) {
    LLVMValueRef args[2] = {y, x};
    return intr(f, "llvm.x86.ssse3.pmadd.ub.sw.128", false, args, 2);
  }
  LLVMValueRef p = LLVMBuildMul(B, LLVMBuildSExt(B, x, w16, ""),
                                x86 ? LLVMBuildZExt(B, y, w16, "") : LLVMBuildSExt(B, y, w16, ""), "");
  LLVMValueRef ev = lanes_of(f, p, 16, 0), od = lanes_of(f, p, 16, 1);
  if (!x86) return LLVMBuildAdd(B, ev, od, "relaxed_dot");
  LLVMValueRef args[2] = {ev, od};
  return intr(f, "llvm.sadd.sat", true, args, 2);
}

/* i32x4.relaxed_dot_i8x16_i7x16_add_s: the i16x8 dot above, its lane pairs
 * sign-extended and added (pmaddwd with ones on x86-64, saddlp on AArch64),
 * plus c (wrapping). */
static LLVMValueRef dot_i8_add(wcc_fn *f, LLVMValueRef a, LLVMValueRef b, LLVMValueRef acc) {
  wcc_ctx *c = f->c;
  LLVMBuilderRef B = c->b;
  LLVMValueRef d = dot_i8(f, a, b), s;
  if (wcc_target_is_x86(c)) {
    LLVMValueRef args[2] = {d, splat_int(i16t(f), 8, 1)};
    s = intr(f, "llvm.x86.sse2.pmadd.wd", false, args, 2);
  } else {
    LLVMTypeRef tys[2] = {LLVMVectorType(c->t_i32, 4), LLVMTypeOf(d)};
    s = wcc_call_intrinsic(f, "llvm.aarch64.neon.saddlp", tys, 2, &d, 1, "");
  }
  return to128(f, LLVMBuildAdd(B, s, as(f, acc, c->t_i32, 4), "relaxed_dot_add"));
}

bool wcc_emit_simd_relaxed(wcc_fn *f, uint32_t op) {
  LLVMBuilderRef B = f->c->b;
  bool live = f->live;
  LLVMValueRef a = NULL, b = NULL, c = NULL, r = NULL;
  switch (op) {
  case 0x100: /* i8x16.relaxed_swizzle */
    if (!pop_v(f, &b) || !pop_v(f, &a)) return false;
    if (live) r = wcc_simd_swizzle(f, a, b, true);
    break;
  case 0x101: case 0x102: case 0x103: case 0x104: { /* i32x4.relaxed_trunc_f32x4_s/u, f64x2_s/u_zero */
    static const uint32_t sat[4] = {0xf8, 0xf9, 0xfc, 0xfd};
    if (!pop_v(f, &a)) return false;
    if (live) r = wcc_simd_trunc_sat(f, sat[op - 0x101], a);
    break;
  }
  case 0x105: case 0x106: case 0x107: case 0x108: /* f32x4/f64x2.relaxed_madd/nmadd */
    if (!pop_v(f, &c) || !pop_v(f, &b) || !pop_v(f, &a)) return false;
    if (live) r = madd(f, op >= 0x107, !(op & 1), a, b, c);
    break;
  case 0x109: case 0x10a: case 0x10b: case 0x10c: /* i8x16..i64x2.relaxed_laneselect: bitselect */
    if (!pop_v(f, &c) || !pop_v(f, &b) || !pop_v(f, &a)) return false;
    if (live) r = LLVMBuildOr(B, LLVMBuildAnd(B, a, c, ""), LLVMBuildAnd(B, b, LLVMBuildNot(B, c, ""), ""), "relaxed_laneselect");
    break;
  case 0x10d: case 0x10e: case 0x10f: case 0x110: /* f32x4/f64x2.relaxed_min/max */
    if (!pop_v(f, &b) || !pop_v(f, &a)) return false;
    if (live) r = minmax(f, op >= 0x10f, !(op & 1), a, b);
    break;
  case 0x111: /* i16x8.relaxed_q15mulr_s */
    if (!pop_v(f, &b) || !pop_v(f, &a)) return false;
    if (live) r = q15mulr(f, a, b);
    break;
  case 0x112: /* i16x8.relaxed_dot_i8x16_i7x16_s */
    if (!pop_v(f, &b) || !pop_v(f, &a)) return false;
    if (live) r = to128(f, dot_i8(f, a, b));
    break;
  default: /* 0x113: i32x4.relaxed_dot_i8x16_i7x16_add_s */
    if (!pop_v(f, &c) || !pop_v(f, &b) || !pop_v(f, &a)) return false;
    if (live) r = dot_i8_add(f, a, b, c);
    break;
  }
  return wcc_push(f, WCC_V128, r);
}
