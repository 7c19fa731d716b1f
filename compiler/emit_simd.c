/*
 * emit_simd.c — SIMD128 instructions (0xfd prefix, spec 4.3 "Vector
 * instructions", binary encoding 5.4.8).  A v128 lives as <2 x i64> on the
 * operand stack; each instruction bitcasts to its lane shape, operates on an
 * LLVM vector and bitcasts back.  Exact wasm semantics: shift counts masked
 * by the lane width, llvm.minimum/maximum (+ quieting) for min/max,
 * select-based pmin/pmax, saturating narrow/trunc_sat, out-of-range swizzle
 * indices give 0, all memory accesses align 1 through the same effective
 * address as scalar loads/stores (guard pages or explicit bounds checks).
 * Where LLVM's generic lowering of that IR is poor, a target-specific form
 * (docs/simd.md): swizzle (emit_simd_swizzle.c: tbl; pshufb, dispatched at
 * run time on the SSE2 baseline), min/max, pmin/pmax and trunc_sat on x86,
 * and vector rounding without SSE4.1.  Relaxed SIMD: emit_simd_relaxed.c.
 */
#include <string.h>

#include "lower.h"

enum shape { S_I8, S_I16, S_I32, S_I64, S_F32, S_F64 };
static const unsigned k_lanes[6] = {16, 8, 4, 2, 4, 2};
static const unsigned k_bits[6] = {8, 16, 32, 64, 32, 64};

static LLVMTypeRef elem_ty(wcc_ctx *c, int s) {
  switch (s) {
  case S_I8: return c->t_i8;
  case S_I16: return LLVMInt16TypeInContext(c->llctx);
  case S_I32: return c->t_i32;
  case S_I64: return c->t_i64;
  case S_F32: return c->t_f32;
  default: return c->t_f64;
  }
}
static LLVMTypeRef vec_ty(wcc_ctx *c, int s) { return LLVMVectorType(elem_ty(c, s), k_lanes[s]); }
static LLVMTypeRef v128_ty(wcc_ctx *c) { return LLVMVectorType(c->t_i64, 2); }

static LLVMValueRef as(wcc_fn *f, LLVMValueRef v, int s) { return LLVMBuildBitCast(f->c->b, v, vec_ty(f->c, s), ""); }
static LLVMValueRef to128(wcc_fn *f, LLVMValueRef v) { return LLVMBuildBitCast(f->c->b, v, v128_ty(f->c), ""); }

static LLVMValueRef call_intr(wcc_fn *f, const char *name, LLVMTypeRef *tys, unsigned ntys, LLVMValueRef *args,
                              unsigned nargs) {
  return wcc_call_intrinsic(f, name, tys, ntys, args, nargs, "");
}
static LLVMValueRef intr1(wcc_fn *f, const char *name, LLVMValueRef a) {
  LLVMTypeRef t = LLVMTypeOf(a);
  return call_intr(f, name, &t, 1, &a, 1);
}
static LLVMValueRef intr2(wcc_fn *f, const char *name, LLVMValueRef a, LLVMValueRef b) {
  LLVMTypeRef t = LLVMTypeOf(a);
  LLVMValueRef args[2] = {a, b};
  return call_intr(f, name, &t, 1, args, 2);
}

static LLVMValueRef splat_const(LLVMTypeRef et, unsigned n, uint64_t v) {
  LLVMValueRef k[16];
  for (unsigned i = 0; i < n; i++) k[i] = LLVMConstInt(et, v, 0);
  return LLVMConstVector(k, n);
}

/* Shuffle with a constant mask; idx[i] < 0 means a zero lane from `b`'s side
 * when b is a zero vector (callers pass a zero vector as b then). */
static LLVMValueRef shuffle(wcc_fn *f, LLVMValueRef a, LLVMValueRef b, const int *idx, unsigned n) {
  LLVMValueRef k[32];
  for (unsigned i = 0; i < n; i++) k[i] = LLVMConstInt(f->c->t_i32, (unsigned)idx[i], 0);
  return LLVMBuildShuffleVector(f->c->b, a, b, LLVMConstVector(k, n), "");
}

static LLVMValueRef splat(wcc_fn *f, LLVMValueRef x, unsigned n) {
  wcc_ctx *c = f->c;
  LLVMValueRef v = LLVMBuildInsertElement(c->b, LLVMGetPoison(LLVMVectorType(LLVMTypeOf(x), n)), x,
                                          LLVMConstInt(c->t_i32, 0, 0), "");
  int idx[16] = {0};
  return shuffle(f, v, LLVMGetPoison(LLVMTypeOf(v)), idx, n);
}

/* Low (hi=0) or high half of vector `v` of n lanes. */
static LLVMValueRef half(wcc_fn *f, LLVMValueRef v, unsigned n, int hi) {
  int idx[16];
  for (unsigned i = 0; i < n / 2; i++) idx[i] = (int)(i + (hi ? n / 2 : 0));
  return shuffle(f, v, LLVMGetPoison(LLVMTypeOf(v)), idx, n / 2);
}


static bool pop_v(wcc_fn *f, LLVMValueRef *a) {
  wcc_sval v;
  if (!wcc_pop(f, WCC_V128, &v)) return false;
  *a = v.v;
  return true;
}
static bool pop2_v(wcc_fn *f, LLVMValueRef *a, LLVMValueRef *b) { return pop_v(f, b) && pop_v(f, a); }

static bool read_lane(wcc_fn *f, unsigned n, uint8_t *lane) {
  if (!wcc_read_u8(&f->r, lane)) return false;
  if (*lane >= n) return wcc_fn_error(f, "invalid lane index %u", *lane);
  return true;
}

static LLVMValueRef mem_load(wcc_fn *f, LLVMTypeRef t, LLVMValueRef idx, const wcc_memarg *ma, unsigned bytes, const char *name) {
  wcc_ctx *c = f->c;
  LLVMValueRef r = LLVMBuildLoad2(c->b, t, wcc_effective_address(f, ma, idx, bytes), name);
  LLVMSetAlignment(r, 1);
  if (c->tbaa_mem) LLVMSetMetadata(r, c->md_tbaa, c->tbaa_mem);
  if (c->opts->strict_loads) wcc_keep_load_alive(f, r);
  return r;
}

static void mem_store(wcc_fn *f, LLVMValueRef v, LLVMValueRef idx, const wcc_memarg *ma, unsigned bytes) {
  wcc_ctx *c = f->c;
  LLVMValueRef st = LLVMBuildStore(c->b, v, wcc_effective_address(f, ma, idx, bytes));
  LLVMSetAlignment(st, 1);
  if (c->tbaa_mem) LLVMSetMetadata(st, c->md_tbaa, c->tbaa_mem);
}

static bool emit_memory(wcc_fn *f, uint32_t op) {
  wcc_ctx *c = f->c;
  LLVMBuilderRef B = c->b;
  static const char *names[] = {"v128.load", "v128.load8x8_s", "v128.load8x8_u", "v128.load16x4_s",
                                "v128.load16x4_u", "v128.load32x2_s", "v128.load32x2_u", "v128.load8_splat",
                                "v128.load16_splat", "v128.load32_splat", "v128.load64_splat", "v128.store"};
  wcc_memarg ma;
  wcc_sval i, v;
  LLVMValueRef r = NULL;
  if (op <= 0x0b) {
    unsigned bytes = op == 0 || op == 0x0b ? 16 : op <= 6 ? 8 : 1u << (op - 7);
    if (!wcc_read_memarg(f, bytes, names[op], &ma)) return false;
    if (op == 0x0b) {
      if (!wcc_pop(f, WCC_V128, &v) || !wcc_pop(f, ma.is64 ? WCC_I64 : WCC_I32, &i)) return false;
      if (f->live) mem_store(f, v.v, i.v, &ma, 16);
      return true;
    }
    if (!wcc_pop(f, ma.is64 ? WCC_I64 : WCC_I32, &i)) return false;
    if (f->live) {
      if (op == 0) {
        r = mem_load(f, v128_ty(c), i.v, &ma, 16, names[op]);
      } else if (op <= 6) {
        int from = op <= 2 ? S_I8 : op <= 4 ? S_I16 : S_I32;
        LLVMValueRef x = mem_load(f, LLVMVectorType(elem_ty(c, from), k_lanes[from] / 2), i.v, &ma, 8, names[op]);
        LLVMTypeRef wt = vec_ty(c, from + 1);
        r = to128(f, (op & 1) ? LLVMBuildSExt(B, x, wt, "") : LLVMBuildZExt(B, x, wt, ""));
      } else {
        int s = (int)(op - 7);
        LLVMValueRef x = mem_load(f, elem_ty(c, s), i.v, &ma, bytes, names[op]);
        r = to128(f, splat(f, x, k_lanes[s]));
      }
    }
    return wcc_push(f, WCC_V128, r);
  }
  if (op == 0x5c || op == 0x5d) { /* load32_zero, load64_zero */
    int s = op == 0x5c ? S_I32 : S_I64;
    unsigned bytes = k_bits[s] / 8;
    if (!wcc_read_memarg(f, bytes, op == 0x5c ? "v128.load32_zero" : "v128.load64_zero", &ma)) return false;
    if (!wcc_pop(f, ma.is64 ? WCC_I64 : WCC_I32, &i)) return false;
    if (f->live) {
      LLVMValueRef x = mem_load(f, elem_ty(c, s), i.v, &ma, bytes, "load_zero");
      r = to128(f, LLVMBuildInsertElement(B, LLVMConstNull(vec_ty(c, s)), x, LLVMConstInt(c->t_i32, 0, 0), ""));
    }
    return wcc_push(f, WCC_V128, r);
  }
  /* 0x54..0x5b: load/store lane */
  int s = (int)((op - 0x54) & 3);
  unsigned bytes = k_bits[s] / 8;
  bool store = op >= 0x58;
  uint8_t lane;
  if (!wcc_read_memarg(f, bytes, store ? "v128.store_lane" : "v128.load_lane", &ma)) return false;
  if (!read_lane(f, k_lanes[s], &lane)) return false;
  if (!wcc_pop(f, WCC_V128, &v) || !wcc_pop(f, ma.is64 ? WCC_I64 : WCC_I32, &i)) return false;
  if (store) {
    if (f->live) mem_store(f, LLVMBuildExtractElement(B, as(f, v.v, s), LLVMConstInt(c->t_i32, lane, 0), ""), i.v, &ma, bytes);
    return true;
  }
  if (f->live) {
    LLVMValueRef x = mem_load(f, elem_ty(c, s), i.v, &ma, bytes, "load_lane");
    r = to128(f, LLVMBuildInsertElement(B, as(f, v.v, s), x, LLVMConstInt(c->t_i32, lane, 0), ""));
  }
  return wcc_push(f, WCC_V128, r);
}

/* Integer comparisons: a <N x i1> mask sign-extended to the lane width. */
static LLVMValueRef icmp(wcc_fn *f, int s, unsigned k, LLVMValueRef a, LLVMValueRef b) {
  static const LLVMIntPredicate preds[10] = {LLVMIntEQ, LLVMIntNE, LLVMIntSLT, LLVMIntULT, LLVMIntSGT,
                                             LLVMIntUGT, LLVMIntSLE, LLVMIntULE, LLVMIntSGE, LLVMIntUGE};
  LLVMValueRef m = LLVMBuildICmp(f->c->b, preds[k], as(f, a, s), as(f, b, s), "");
  return to128(f, LLVMBuildSExt(f->c->b, m, vec_ty(f->c, s), ""));
}

static LLVMValueRef fcmp(wcc_fn *f, int s, unsigned k, LLVMValueRef a, LLVMValueRef b) {
  static const LLVMRealPredicate preds[6] = {LLVMRealOEQ, LLVMRealUNE, LLVMRealOLT, LLVMRealOGT, LLVMRealOLE, LLVMRealOGE};
  int is = s == S_F32 ? S_I32 : S_I64;
  LLVMValueRef m = LLVMBuildFCmp(f->c->b, preds[k], as(f, a, s), as(f, b, s), "");
  return to128(f, LLVMBuildSExt(f->c->b, m, vec_ty(f->c, is), ""));
}

static LLVMValueRef shift(wcc_fn *f, int s, unsigned kind, LLVMValueRef a, LLVMValueRef n) {
  wcc_ctx *c = f->c;
  LLVMBuilderRef B = c->b;
  LLVMValueRef cnt = LLVMBuildAnd(B, n, LLVMConstInt(c->t_i32, k_bits[s] - 1, 0), "");
  LLVMTypeRef et = elem_ty(c, s);
  cnt = s == S_I64 ? LLVMBuildZExt(B, cnt, et, "") : s == S_I32 ? cnt : LLVMBuildTrunc(B, cnt, et, "");
  LLVMValueRef vc = splat(f, cnt, k_lanes[s]);
  LLVMValueRef x = as(f, a, s);
  LLVMValueRef r = kind == 0 ? LLVMBuildShl(B, x, vc, "") : kind == 1 ? LLVMBuildAShr(B, x, vc, "") : LLVMBuildLShr(B, x, vc, "");
  return to128(f, r);
}

static LLVMValueRef all_true(wcc_fn *f, int s, LLVMValueRef a) {
  wcc_ctx *c = f->c;
  LLVMValueRef m = LLVMBuildICmp(c->b, LLVMIntNE, as(f, a, s), LLVMConstNull(vec_ty(c, s)), "");
  LLVMValueRef bits = LLVMBuildBitCast(c->b, m, LLVMIntTypeInContext(c->llctx, k_lanes[s]), "");
  LLVMValueRef all = LLVMBuildICmp(c->b, LLVMIntEQ, bits, LLVMConstAllOnes(LLVMTypeOf(bits)), "");
  return LLVMBuildZExt(c->b, all, c->t_i32, "all_true");
}

static LLVMValueRef bitmask(wcc_fn *f, int s, LLVMValueRef a) {
  wcc_ctx *c = f->c;
  LLVMValueRef m = LLVMBuildICmp(c->b, LLVMIntSLT, as(f, a, s), LLVMConstNull(vec_ty(c, s)), "");
  LLVMValueRef bits = LLVMBuildBitCast(c->b, m, LLVMIntTypeInContext(c->llctx, k_lanes[s]), "");
  return LLVMBuildZExt(c->b, bits, c->t_i32, "bitmask");
}

/* narrow from lane shape `s` (i16 or i32) to the half-width lanes, saturating. */
static LLVMValueRef narrow(wcc_fn *f, int s, bool sgn, LLVMValueRef a, LLVMValueRef b) {
  wcc_ctx *c = f->c;
  unsigned n = k_lanes[s], nb = k_bits[s] / 2;
  int idx[16];
  for (unsigned i = 0; i < 2 * n; i++) idx[i] = (int)i;
  LLVMValueRef x = shuffle(f, as(f, a, s), as(f, b, s), idx, 2 * n);
  LLVMTypeRef et = elem_ty(c, s);
  uint64_t lo = sgn ? (uint64_t) - (int64_t)(1ull << (nb - 1)) : 0;
  uint64_t hi = sgn ? (1ull << (nb - 1)) - 1 : (1ull << nb) - 1;
  x = intr2(f, "llvm.smax", x, splat_const(et, 2 * n, lo));
  x = intr2(f, "llvm.smin", x, splat_const(et, 2 * n, hi));
  return to128(f, LLVMBuildTrunc(c->b, x, vec_ty(c, s - 1), ""));
}

/* extend the low/high half of lane shape `s` to shape s+1 */
static LLVMValueRef extend(wcc_fn *f, int s, int hi, bool sgn, LLVMValueRef a) {
  LLVMValueRef h = half(f, as(f, a, s), k_lanes[s], hi);
  LLVMTypeRef wt = vec_ty(f->c, s + 1);
  return sgn ? LLVMBuildSExt(f->c->b, h, wt, "") : LLVMBuildZExt(f->c->b, h, wt, "");
}

/* even + odd lanes of a vector of n lanes -> n/2 lanes */
static LLVMValueRef pairwise_add(wcc_fn *f, LLVMValueRef v, unsigned n) {
  int ev[16], od[16];
  for (unsigned i = 0; i < n / 2; i++) { ev[i] = (int)(2 * i); od[i] = (int)(2 * i + 1); }
  LLVMValueRef p = LLVMGetPoison(LLVMTypeOf(v));
  return LLVMBuildAdd(f->c->b, shuffle(f, v, p, ev, n / 2), shuffle(f, v, p, od, n / 2), "");
}


static const char *target_name(wcc_ctx *c) { return c->opts->target ? c->opts->target : wcc_target_host()->name; }

static bool is_x86(wcc_ctx *c) { return !strncmp(target_name(c), "x86_64", 6); }

/* Does the x86-64 CPU chosen at compile time (--cpu) have `feat` ("+ssse3"
 * or "+sse4.1")?  No --cpu: the baseline, SSE2 only.  `native`: ask LLVM.
 * A named CPU is assumed to have both (Intel since Penryn, AMD since
 * Bulldozer/Jaguar) unless it is one of the older ones listed.  The answer only picks
 * the faster form: the generic IR is correct on any CPU, LLVM lowers it for
 * the real one. */
static bool x86_cpu_has_uncached(wcc_ctx *c, const char *feat) {
  static const char *const no_ssse3[] = {"x86-64", "generic", "k8", "k8-sse3", "opteron", "opteron-sse3",
                                         "athlon64", "athlon64-sse3", "athlon-fx", "amdfam10", "barcelona",
                                         "nocona", "prescott", "pentium4", "pentium-m", "yonah", NULL};
  static const char *const no_sse41[] = {"core2", "bonnell", "atom", "btver1", NULL};
  const char *cpu = c->opts->cpu;
  if (!cpu) return false;
  if (!strcmp(cpu, "native")) {
    char *list = LLVMGetHostCPUFeatures();
    bool r = list && strstr(list, feat) != NULL;
    LLVMDisposeMessage(list);
    return r;
  }
  for (const char *const *n = no_ssse3; *n; n++)
    if (!strcmp(cpu, *n)) return false;
  if (!strcmp(feat, "+sse4.1"))
    for (const char *const *n = no_sse41; *n; n++)
      if (!strcmp(cpu, *n)) return false;
  return true;
}

/* x86_cpu_has_uncached, asked once per compilation (--cpu=native queries
 * the host each time; these are asked per swizzle and rounding op). */
static bool x86_cpu_has(wcc_ctx *c, const char *feat) {
  uint8_t *cached = !strcmp(feat, "+ssse3") ? &c->cpu_ssse3 : &c->cpu_sse41;
  if (!*cached) *cached = x86_cpu_has_uncached(c, feat) ? 2 : 1;
  return *cached == 2;
}


/* Integer lane-wise binary/unary ops shared by the four integer shapes.
 * k: 0 add, 1 add_sat_s, 2 add_sat_u, 3 sub, 4 sub_sat_s, 5 sub_sat_u, 6 mul,
 * 7 min_s, 8 min_u, 9 max_s, 10 max_u, 11 avgr_u */
static LLVMValueRef int_bin(wcc_fn *f, int s, unsigned k, LLVMValueRef a, LLVMValueRef b) {
  LLVMBuilderRef B = f->c->b;
  LLVMValueRef x = as(f, a, s), y = as(f, b, s), r;
  switch (k) {
  case 0: r = LLVMBuildAdd(B, x, y, ""); break;
  case 1: r = intr2(f, "llvm.sadd.sat", x, y); break;
  case 2: r = intr2(f, "llvm.uadd.sat", x, y); break;
  case 3: r = LLVMBuildSub(B, x, y, ""); break;
  case 4: r = intr2(f, "llvm.ssub.sat", x, y); break;
  case 5: r = intr2(f, "llvm.usub.sat", x, y); break;
  case 6: r = LLVMBuildMul(B, x, y, ""); break;
  case 7: r = intr2(f, "llvm.smin", x, y); break;
  case 8: r = intr2(f, "llvm.umin", x, y); break;
  case 9: r = intr2(f, "llvm.smax", x, y); break;
  case 10: r = intr2(f, "llvm.umax", x, y); break;
  default: { /* avgr_u = (a + b + 1) >> 1 without overflow */
    LLVMTypeRef wt = LLVMVectorType(LLVMIntTypeInContext(f->c->llctx, k_bits[s] * 2), k_lanes[s]);
    LLVMValueRef w = LLVMBuildAdd(B, LLVMBuildZExt(B, x, wt, ""), LLVMBuildZExt(B, y, wt, ""), "");
    w = LLVMBuildAdd(B, w, splat_const(LLVMGetElementType(wt), k_lanes[s], 1), "");
    w = LLVMBuildLShr(B, w, splat_const(LLVMGetElementType(wt), k_lanes[s], 1), "");
    r = LLVMBuildTrunc(B, w, vec_ty(f->c, s), "avgr_u");
  }
  }
  return to128(f, r);
}

static LLVMValueRef extmul(wcc_fn *f, int s, int hi, bool sgn, LLVMValueRef a, LLVMValueRef b) {
  return to128(f, LLVMBuildMul(f->c->b, extend(f, s, hi, sgn, a), extend(f, s, hi, sgn, b), "extmul"));
}

/* i32x4.trunc_sat_f32x4_s/u on x86-64 with cvttps2dq (SSE2), which LLVM's
 * generic fptosi.sat/fptoui.sat lowering leaves as four scalar conversions
 * with compares and cmovs.  cvttps2dq answers 0x80000000 for NaN and for
 * anything out of range.  Signed: NaN -> 0 first, then lanes >= 2^31 ->
 * 0x7fffffff (0x80000000 is already right below -2^31).  Unsigned: NaN and
 * x <= 0 -> 0; x in [2^31, 2^32) converts as x - 2^31 (exact) plus 2^31;
 * x >= 2^32 -> 0xffffffff. */
static LLVMValueRef trunc_sat_x86(wcc_fn *f, bool sgn, LLVMValueRef x) {
  wcc_ctx *c = f->c;
  LLVMBuilderRef B = c->b;
  LLVMTypeRef vt = LLVMTypeOf(x);
  LLVMValueRef zero = LLVMConstNull(vt);
  LLVMValueRef k31[4], k32[4];
  for (int i = 0; i < 4; i++) {
    k31[i] = LLVMConstReal(c->t_f32, 2147483648.0);
    k32[i] = LLVMConstReal(c->t_f32, 4294967296.0);
  }
  LLVMValueRef two31 = LLVMConstVector(k31, 4), two32 = LLVMConstVector(k32, 4);
  if (sgn) {
    LLVMValueRef x0 = LLVMBuildSelect(B, LLVMBuildFCmp(B, LLVMRealORD, x, x, ""), x, zero, "");
    LLVMValueRef r = call_intr(f, "llvm.x86.sse2.cvttps2dq", NULL, 0, &x0, 1);
    return LLVMBuildSelect(B, LLVMBuildFCmp(B, LLVMRealOGE, x0, two31, ""), splat_const(c->t_i32, 4, 0x7fffffff), r,
                           "trunc_sat_s");
  }
  LLVMValueRef x0 = LLVMBuildSelect(B, LLVMBuildFCmp(B, LLVMRealOGT, x, zero, ""), x, zero, "");
  LLVMValueRef lo = call_intr(f, "llvm.x86.sse2.cvttps2dq", NULL, 0, &x0, 1);
  LLVMValueRef xh = LLVMBuildFSub(B, x0, two31, "");
  LLVMValueRef hi = call_intr(f, "llvm.x86.sse2.cvttps2dq", NULL, 0, &xh, 1);
  hi = LLVMBuildXor(B, hi, splat_const(c->t_i32, 4, 0x80000000u), "");
  LLVMValueRef r = LLVMBuildSelect(B, LLVMBuildFCmp(B, LLVMRealOGE, x0, two31, ""), hi, lo, "");
  return LLVMBuildSelect(B, LLVMBuildFCmp(B, LLVMRealOGE, x0, two32, ""), splat_const(c->t_i32, 4, 0xffffffffu), r,
                         "trunc_sat_u");
}

/* f32x4/f64x2.min and max on x86 (IEEE 754-2019 minimum/maximum: NaN if
 * either operand is NaN, -0 < +0).  llvm.minimum/maximum expand to ~25 SSE2
 * instructions; this is V8's sequence (8-9): minps/maxps return their
 * second operand when the compare is false (unordered, or equal such as -0
 * and +0), so do them both ways round and merge.  min: OR the two (keeps a
 * -0 and any NaN).  max: XOR gives the discrepancy, OR keeps the NaN, and
 * subtracting the discrepancy turns the -0/+0 case into +0.  Then NaN lanes
 * are made canonical: all ones (min only), then the low 22 (f32) / 51 (f64)
 * bits cleared, leaving the quiet bit and, as wasm allows, either sign. */
static LLVMValueRef minmax_x86(wcc_fn *f, int s, bool max, LLVMValueRef x, LLVMValueRef y) {
  wcc_ctx *c = f->c;
  LLVMBuilderRef B = c->b;
  static const char *names[2][2] = {{"llvm.x86.sse.min.ps", "llvm.x86.sse.max.ps"},
                                    {"llvm.x86.sse2.min.pd", "llvm.x86.sse2.max.pd"}};
  const char *name = names[s == S_F64][max];
  LLVMTypeRef ft = LLVMTypeOf(x), it = vec_ty(c, s == S_F32 ? S_I32 : S_I64);
  LLVMValueRef a1[2] = {x, y}, a2[2] = {y, x};
  LLVMValueRef t1 = LLVMBuildBitCast(B, call_intr(f, name, NULL, 0, a1, 2), it, "");
  LLVMValueRef t2 = LLVMBuildBitCast(B, call_intr(f, name, NULL, 0, a2, 2), it, "");
  LLVMValueRef r;
  if (!max) {
    r = LLVMBuildOr(B, t1, t2, "");
  } else {
    LLVMValueRef d = LLVMBuildXor(B, t1, t2, "");
    LLVMValueRef o = LLVMBuildBitCast(B, LLVMBuildOr(B, t1, d, ""), ft, "");
    r = LLVMBuildBitCast(B, LLVMBuildFSub(B, o, LLVMBuildBitCast(B, d, ft, ""), ""), it, "");
  }
  LLVMValueRef rf = LLVMBuildBitCast(B, r, ft, "");
  LLVMValueRef m = LLVMBuildSExt(B, LLVMBuildFCmp(B, LLVMRealUNO, rf, rf, ""), it, "");
  if (!max) r = LLVMBuildOr(B, r, m, "");
  LLVMValueRef sh = LLVMBuildLShr(B, m, splat_const(LLVMGetElementType(it), k_lanes[s], s == S_F32 ? 10 : 13), "");
  r = LLVMBuildAnd(B, r, LLVMBuildNot(B, sh, ""), max ? "max" : "min");
  return LLVMBuildBitCast(B, r, ft, "");
}

/* float binary ops. k: 0 add 1 sub 2 mul 3 div 4 min 5 max 6 pmin 7 pmax */
static LLVMValueRef float_bin(wcc_fn *f, int s, unsigned k, LLVMValueRef a, LLVMValueRef b) {
  LLVMBuilderRef B = f->c->b;
  LLVMValueRef x = as(f, a, s), y = as(f, b, s), r;
  switch (k) {
  case 0: r = LLVMBuildFAdd(B, x, y, ""); break;
  case 1: r = LLVMBuildFSub(B, x, y, ""); break;
  case 2: r = LLVMBuildFMul(B, x, y, ""); break;
  case 3: r = LLVMBuildFDiv(B, x, y, ""); break;
  case 4: case 5:
    if (is_x86(f->c)) r = minmax_x86(f, s, k == 5, x, y);
    else r = wcc_quiet_nan(f, intr2(f, k == 4 ? "llvm.minimum" : "llvm.maximum", x, y));
    break;
  default:
    /* pmin = y < x ? y : x and pmax = x < y ? y : x are exactly x86's
     * minps/maxps (minpd/maxpd) with the operands swapped: say so, as the
     * select form became cmp + and/andn/or (or blendv) for f64x2 */
    if (is_x86(f->c)) {
      static const char *names[2][2] = {{"llvm.x86.sse.min.ps", "llvm.x86.sse.max.ps"},
                                        {"llvm.x86.sse2.min.pd", "llvm.x86.sse2.max.pd"}};
      LLVMValueRef args[2] = {y, x};
      r = call_intr(f, names[s == S_F64][k == 7], NULL, 0, args, 2);
    } else if (k == 6) {
      r = LLVMBuildSelect(B, LLVMBuildFCmp(B, LLVMRealOLT, y, x, ""), y, x, "pmin");
    } else {
      r = LLVMBuildSelect(B, LLVMBuildFCmp(B, LLVMRealOLT, x, y, ""), y, x, "pmax");
    }
    break;
  }
  /* constant operands LLVM may fold to the other operand (wcc_may_fold_to_operand) */
  if (k <= 3 && (wcc_may_fold_to_operand(x, y) || wcc_may_fold_to_operand(y, x))) r = wcc_quiet_nan(f, r);
  if (k <= 5) r = wcc_canon_nan(f->c, r);
  return to128(f, r);
}

/* ceil/floor/trunc/nearest without SSE4.1's roundss/roundsd/roundps/roundpd,
 * which LLVM would otherwise turn into one libm call per lane (or per scalar):
 * for |x| < 2^23 (2^52 for f64), (|x| + 2^23) - 2^23 is |x| rounded to
 * nearest, ties to even (the default rounding mode, the only one in wasm);
 * the other three adjust that by one, and the sign of x is put back (which
 * also gives -0 where IEEE wants it, e.g. ceil(-0.5)).  |x| >= 2^23 is
 * already an integer (or infinite): x.  NaN: the arithmetic gives a quiet
 * NaN with x's payload.  `x` is f32/f64 or a vector of them. */
LLVMValueRef wcc_round_sse2(wcc_fn *f, enum wcc_round kind, LLVMValueRef x) {
  wcc_ctx *c = f->c;
  LLVMBuilderRef B = c->b;
  LLVMTypeRef xt = LLVMTypeOf(x);
  bool vec = LLVMGetTypeKind(xt) == LLVMVectorTypeKind;
  LLVMTypeRef et = vec ? LLVMGetElementType(xt) : xt;
  unsigned n = vec ? LLVMGetVectorSize(xt) : 1;
  LLVMValueRef kc[4], k1[4];
  for (unsigned i = 0; i < n; i++) {
    kc[i] = LLVMConstReal(et, LLVMGetTypeKind(et) == LLVMFloatTypeKind ? 8388608.0 : 4503599627370496.0);
    k1[i] = LLVMConstReal(et, 1.0);
  }
  LLVMValueRef big = vec ? LLVMConstVector(kc, n) : kc[0], one = vec ? LLVMConstVector(k1, n) : k1[0];
  LLVMValueRef ax = intr1(f, "llvm.fabs", x);
  LLVMValueRef r = LLVMBuildFSub(B, LLVMBuildFAdd(B, ax, big, ""), big, "rint"); /* |x| rounded, >= 0 */
  LLVMValueRef args[2];
  switch (kind) {
  case WCC_ROUND_TRUNC: /* rounded up in magnitude -> one less */
    r = LLVMBuildSelect(B, LLVMBuildFCmp(B, LLVMRealOGT, r, ax, ""), LLVMBuildFSub(B, r, one, ""), r, "");
    break;
  case WCC_ROUND_CEIL: case WCC_ROUND_FLOOR: /* on the signed value */
    args[0] = r, args[1] = x;
    r = call_intr(f, "llvm.copysign", &xt, 1, args, 2);
    if (kind == WCC_ROUND_CEIL)
      r = LLVMBuildSelect(B, LLVMBuildFCmp(B, LLVMRealOLT, r, x, ""), LLVMBuildFAdd(B, r, one, ""), r, "");
    else
      r = LLVMBuildSelect(B, LLVMBuildFCmp(B, LLVMRealOGT, r, x, ""), LLVMBuildFSub(B, r, one, ""), r, "");
    break;
  case WCC_ROUND_NEAREST: break;
  }
  args[0] = r, args[1] = x;
  r = call_intr(f, "llvm.copysign", &xt, 1, args, 2);
  return LLVMBuildSelect(B, LLVMBuildFCmp(B, LLVMRealOGE, ax, big, ""), x, r, "round");
}

bool wcc_x86_without_sse41(wcc_ctx *c) { return is_x86(c) && !x86_cpu_has(c, "+sse4.1"); }

/* i32x4.trunc_sat_f32x4_s/u (op 0xf8/0xf9), trunc_sat_f64x2_s/u_zero
 * (0xfc/0xfd) of v128 `a` (also the i32x4.relaxed_trunc_* choice). */
LLVMValueRef wcc_simd_trunc_sat(wcc_fn *f, uint32_t op, LLVMValueRef a) {
  wcc_ctx *c = f->c;
  LLVMBuilderRef B = c->b;
  bool sgn = !(op & 1);
  const char *name = sgn ? "llvm.fptosi.sat" : "llvm.fptoui.sat";
  if (op <= 0xf9 && is_x86(c)) return to128(f, trunc_sat_x86(f, sgn, as(f, a, S_F32)));
  if (op == 0xfc && is_x86(c)) {
    /* NaN -> 0, clamp above at 2^31-1 (exact in f64), cvttpd2dq: its
     * out-of-range answer 0x80000000 is right for the low side, and it
     * zeroes the upper two lanes */
    LLVMValueRef x = as(f, a, S_F64);
    LLVMTypeRef vt = LLVMTypeOf(x);
    LLVMValueRef x0 = LLVMBuildSelect(B, LLVMBuildFCmp(B, LLVMRealORD, x, x, ""), x, LLVMConstNull(vt), "");
    LLVMValueRef kmax[2] = {LLVMConstReal(c->t_f64, 2147483647.0), LLVMConstReal(c->t_f64, 2147483647.0)};
    LLVMValueRef km = LLVMConstVector(kmax, 2);
    x0 = LLVMBuildSelect(B, LLVMBuildFCmp(B, LLVMRealOLT, x0, km, ""), x0, km, "");
    return to128(f, call_intr(f, "llvm.x86.sse2.cvttpd2dq", NULL, 0, &x0, 1));
  }
  if (op <= 0xf9) {
    LLVMTypeRef tys[2] = {vec_ty(c, S_I32), vec_ty(c, S_F32)};
    LLVMValueRef x = as(f, a, S_F32);
    return to128(f, call_intr(f, name, tys, 2, &x, 1));
  }
  LLVMTypeRef tys[2] = {LLVMVectorType(c->t_i32, 2), vec_ty(c, S_F64)};
  LLVMValueRef x = as(f, a, S_F64);
  LLVMValueRef t = call_intr(f, name, tys, 2, &x, 1);
  int idx[4] = {0, 1, 2, 3};
  return to128(f, shuffle(f, t, LLVMConstNull(LLVMTypeOf(t)), idx, 4));
}

bool wcc_target_is_x86(wcc_ctx *c) { return is_x86(c); }
bool wcc_x86_has_ssse3(wcc_ctx *c) { return is_x86(c) && x86_cpu_has(c, "+ssse3"); }

static LLVMValueRef float_un(wcc_fn *f, int s, unsigned k, LLVMValueRef a) {
  static const char *intr[7] = {"llvm.fabs", NULL, "llvm.sqrt", "llvm.ceil", "llvm.floor", "llvm.trunc", "llvm.roundeven"};
  LLVMValueRef x = as(f, a, s);
  LLVMValueRef r;
  if (k == 1) r = LLVMBuildFNeg(f->c->b, x, "");
  else if (k >= 3 && wcc_x86_without_sse41(f->c)) r = wcc_round_sse2(f, (enum wcc_round)(k - 3), x);
  else r = intr1(f, intr[k], x);
  if (k >= 2 && LLVMIsConstant(a)) r = wcc_quiet_nan(f, r);
  if (k >= 2) r = wcc_canon_nan(f->c, r);
  return to128(f, r);
}

bool wcc_emit_simd(wcc_fn *f) {
  wcc_ctx *c = f->c;
  LLVMBuilderRef B = c->b;
  uint32_t op;
  if (!wcc_read_u32(&f->r, &op)) return false;
  bool live = f->live;
  LLVMValueRef a = NULL, b = NULL, r = NULL;

  if (op <= 0x0b || (op >= 0x54 && op <= 0x5d)) return emit_memory(f, op);

  switch (op) {
  case 0x0c: { /* v128.const */
    const uint8_t *p;
    if (!wcc_read_bytes(&f->r, 16, &p)) return false;
    uint64_t lo = 0, hi = 0;
    for (int i = 7; i >= 0; i--) { lo = lo << 8 | p[i]; hi = hi << 8 | p[i + 8]; }
    LLVMValueRef k[2] = {LLVMConstInt(c->t_i64, lo, 0), LLVMConstInt(c->t_i64, hi, 0)};
    return wcc_push(f, WCC_V128, LLVMConstVector(k, 2));
  }
  case 0x0d: { /* i8x16.shuffle */
    const uint8_t *p;
    if (!wcc_read_bytes(&f->r, 16, &p)) return false;
    int idx[16];
    for (int i = 0; i < 16; i++) {
      if (p[i] >= 32) return wcc_fn_error(f, "invalid lane index %u", p[i]);
      idx[i] = p[i];
    }
    if (!pop2_v(f, &a, &b)) return false;
    if (live) r = to128(f, shuffle(f, as(f, a, S_I8), as(f, b, S_I8), idx, 16));
    return wcc_push(f, WCC_V128, r);
  }
  case 0x0e:
    if (!pop2_v(f, &a, &b)) return false;
    if (live) r = wcc_simd_swizzle(f, a, b, false);
    return wcc_push(f, WCC_V128, r);
  case 0x0f: case 0x10: case 0x11: case 0x12: case 0x13: case 0x14: { /* splat */
    int s = (int)(op - 0x0f);
    static const uint8_t from[6] = {WCC_I32, WCC_I32, WCC_I32, WCC_I64, WCC_F32, WCC_F64};
    wcc_sval x;
    if (!wcc_pop(f, from[s], &x)) return false;
    if (live) {
      LLVMValueRef e = s <= S_I16 ? LLVMBuildTrunc(B, x.v, elem_ty(c, s), "") : x.v;
      r = to128(f, splat(f, e, k_lanes[s]));
    }
    return wcc_push(f, WCC_V128, r);
  }
  default: break;
  }
  if (op >= 0x15 && op <= 0x22) { /* extract_lane / replace_lane */
    static const int8_t shape[14] = {S_I8, S_I8, S_I8, S_I16, S_I16, S_I16, S_I32, S_I32, S_I64, S_I64, S_F32, S_F32, S_F64, S_F64};
    static const int8_t kind[14] = {1, 0, 2, 1, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2}; /* 1 sext, 0 plain/zext, 2 replace */
    static const uint8_t scal[6] = {WCC_I32, WCC_I32, WCC_I32, WCC_I64, WCC_F32, WCC_F64};
    int s = shape[op - 0x15], k = kind[op - 0x15];
    uint8_t lane;
    if (!read_lane(f, k_lanes[s], &lane)) return false;
    LLVMValueRef li = LLVMConstInt(c->t_i32, lane, 0);
    if (k == 2) {
      wcc_sval x;
      if (!wcc_pop(f, scal[s], &x) || !pop_v(f, &a)) return false;
      if (live) {
        LLVMValueRef e = s <= S_I16 ? LLVMBuildTrunc(B, x.v, elem_ty(c, s), "") : x.v;
        r = to128(f, LLVMBuildInsertElement(B, as(f, a, s), e, li, "replace_lane"));
      }
      return wcc_push(f, WCC_V128, r);
    }
    if (!pop_v(f, &a)) return false;
    if (live) {
      r = LLVMBuildExtractElement(B, as(f, a, s), li, "extract_lane");
      if (s <= S_I16) r = k == 1 ? LLVMBuildSExt(B, r, c->t_i32, "") : LLVMBuildZExt(B, r, c->t_i32, "");
    }
    return wcc_push(f, scal[s], r);
  }
  /* comparisons */
  if ((op >= 0x23 && op <= 0x40) || (op >= 0xd6 && op <= 0xdb)) {
    int s;
    unsigned k;
    if (op >= 0xd6) {
      static const unsigned map[6] = {0, 1, 2, 4, 6, 8}; /* eq ne lt_s gt_s le_s ge_s */
      s = S_I64;
      k = map[op - 0xd6];
    } else {
      s = (int)((op - 0x23) / 10);
      k = (op - 0x23) % 10;
    }
    if (!pop2_v(f, &a, &b)) return false;
    if (live) r = icmp(f, s, k, a, b);
    return wcc_push(f, WCC_V128, r);
  }
  if (op >= 0x41 && op <= 0x4c) {
    int s = op <= 0x46 ? S_F32 : S_F64;
    if (!pop2_v(f, &a, &b)) return false;
    if (live) r = fcmp(f, s, (op - 0x41) % 6, a, b);
    return wcc_push(f, WCC_V128, r);
  }
  switch (op) {
  case 0x4d:
    if (!pop_v(f, &a)) return false;
    if (live) r = LLVMBuildNot(B, a, "v128.not");
    return wcc_push(f, WCC_V128, r);
  case 0x4e: case 0x4f: case 0x50: case 0x51:
    if (!pop2_v(f, &a, &b)) return false;
    if (live) {
      if (op == 0x4e) r = LLVMBuildAnd(B, a, b, "v128.and");
      else if (op == 0x4f) r = LLVMBuildAnd(B, a, LLVMBuildNot(B, b, ""), "v128.andnot");
      else if (op == 0x50) r = LLVMBuildOr(B, a, b, "v128.or");
      else r = LLVMBuildXor(B, a, b, "v128.xor");
    }
    return wcc_push(f, WCC_V128, r);
  case 0x52: { /* bitselect v1 v2 c */
    LLVMValueRef m;
    if (!pop_v(f, &m) || !pop2_v(f, &a, &b)) return false;
    if (live) r = LLVMBuildOr(B, LLVMBuildAnd(B, a, m, ""), LLVMBuildAnd(B, b, LLVMBuildNot(B, m, ""), ""), "bitselect");
    return wcc_push(f, WCC_V128, r);
  }
  case 0x53:
    if (!pop_v(f, &a)) return false;
    if (live) {
      LLVMValueRef w = LLVMBuildBitCast(B, a, LLVMIntTypeInContext(c->llctx, 128), "");
      r = LLVMBuildZExt(B, LLVMBuildICmp(B, LLVMIntNE, w, LLVMConstNull(LLVMTypeOf(w)), ""), c->t_i32, "any_true");
    }
    return wcc_push(f, WCC_I32, r);
  case 0x5e: case 0x5f: /* f32x4.demote_f64x2_zero, f64x2.promote_low_f32x4 */
    if (!pop_v(f, &a)) return false;
    if (live) {
      if (op == 0x5e) {
        LLVMValueRef d = LLVMBuildFPTrunc(B, as(f, a, S_F64), LLVMVectorType(c->t_f32, 2), "demote");
        int idx[4] = {0, 1, 2, 3};
        d = shuffle(f, d, LLVMConstNull(LLVMTypeOf(d)), idx, 4);
        r = to128(f, wcc_canon_nan(c, wcc_quiet_nan(f, d)));
      } else {
        r = to128(f, wcc_canon_nan(c, wcc_quiet_nan(f, LLVMBuildFPExt(B, half(f, as(f, a, S_F32), 4, 0),
                                                                       vec_ty(c, S_F64), "promote"))));
      }
    }
    return wcc_push(f, WCC_V128, r);
  case 0x62: /* i8x16.popcnt */
    if (!pop_v(f, &a)) return false;
    if (live) r = to128(f, intr1(f, "llvm.ctpop", as(f, a, S_I8)));
    return wcc_push(f, WCC_V128, r);
  case 0x82: /* i16x8.q15mulr_sat_s */
    if (!pop2_v(f, &a, &b)) return false;
    if (live) {
      LLVMTypeRef wt = vec_ty(c, S_I32);
      LLVMTypeRef w8 = LLVMVectorType(c->t_i32, 8);
      (void)wt;
      LLVMValueRef x = LLVMBuildSExt(B, as(f, a, S_I16), w8, ""), y = LLVMBuildSExt(B, as(f, b, S_I16), w8, "");
      LLVMValueRef p = LLVMBuildMul(B, x, y, "");
      p = LLVMBuildAdd(B, p, splat_const(c->t_i32, 8, 0x4000), "");
      p = LLVMBuildAShr(B, p, splat_const(c->t_i32, 8, 15), "");
      p = intr2(f, "llvm.smin", p, splat_const(c->t_i32, 8, 0x7fff));
      r = to128(f, LLVMBuildTrunc(B, p, vec_ty(c, S_I16), "q15mulr"));
    }
    return wcc_push(f, WCC_V128, r);
  case 0xba: /* i32x4.dot_i16x8_s */
    if (!pop2_v(f, &a, &b)) return false;
    if (live) {
      LLVMTypeRef w8 = LLVMVectorType(c->t_i32, 8);
      LLVMValueRef p = LLVMBuildMul(B, LLVMBuildSExt(B, as(f, a, S_I16), w8, ""), LLVMBuildSExt(B, as(f, b, S_I16), w8, ""), "");
      r = to128(f, pairwise_add(f, p, 8));
    }
    return wcc_push(f, WCC_V128, r);
  case 0x7c: case 0x7d: case 0x7e: case 0x7f: { /* extadd_pairwise */
    int s = op <= 0x7d ? S_I8 : S_I16;
    bool sgn = !(op & 1);
    if (!pop_v(f, &a)) return false;
    if (live) {
      LLVMTypeRef wt = LLVMVectorType(elem_ty(c, s + 1), k_lanes[s]);
      LLVMValueRef x = sgn ? LLVMBuildSExt(B, as(f, a, s), wt, "") : LLVMBuildZExt(B, as(f, a, s), wt, "");
      r = to128(f, pairwise_add(f, x, k_lanes[s]));
    }
    return wcc_push(f, WCC_V128, r);
  }
  case 0xf8: case 0xf9: case 0xfc: case 0xfd: /* trunc_sat */
    if (!pop_v(f, &a)) return false;
    if (live) r = wcc_simd_trunc_sat(f, op, a);
    return wcc_push(f, WCC_V128, r);
  case 0xfa: case 0xfb: case 0xfe: case 0xff: { /* convert */
    if (!pop_v(f, &a)) return false;
    if (live) {
      bool sgn = !(op & 1);
      LLVMValueRef x = as(f, a, S_I32);
      LLVMTypeRef to = op <= 0xfb ? vec_ty(c, S_F32) : vec_ty(c, S_F64);
      if (op >= 0xfe) x = half(f, x, 4, 0);
      r = to128(f, sgn ? LLVMBuildSIToFP(B, x, to, "") : LLVMBuildUIToFP(B, x, to, ""));
    }
    return wcc_push(f, WCC_V128, r);
  }
  default: break;
  }
  /* float unary/binary */
  if (op == 0x67 || op == 0x68 || op == 0x69 || op == 0x6a || op == 0x74 || op == 0x75 || op == 0x7a || op == 0x94 ||
      (op >= 0xe0 && op <= 0xef && op != 0xe2 && op != 0xee && !(op >= 0xe4 && op <= 0xeb))) {
    int s;
    unsigned k; /* 0 abs 1 neg 2 sqrt 3 ceil 4 floor 5 trunc 6 nearest */
    switch (op) {
    case 0x67: s = S_F32; k = 3; break;
    case 0x68: s = S_F32; k = 4; break;
    case 0x69: s = S_F32; k = 5; break;
    case 0x6a: s = S_F32; k = 6; break;
    case 0x74: s = S_F64; k = 3; break;
    case 0x75: s = S_F64; k = 4; break;
    case 0x7a: s = S_F64; k = 5; break;
    case 0x94: s = S_F64; k = 6; break;
    default: s = op <= 0xe3 ? S_F32 : S_F64; k = (op - (op <= 0xe3 ? 0xe0 : 0xec)); if (k == 3) k = 2; break;
    }
    if (!pop_v(f, &a)) return false;
    if (live) r = float_un(f, s, k, a);
    return wcc_push(f, WCC_V128, r);
  }
  if ((op >= 0xe4 && op <= 0xeb) || (op >= 0xf0 && op <= 0xf7)) {
    int s = op <= 0xeb ? S_F32 : S_F64;
    if (!pop2_v(f, &a, &b)) return false;
    if (live) r = float_bin(f, s, op - (op <= 0xeb ? 0xe4 : 0xf0), a, b);
    return wcc_push(f, WCC_V128, r);
  }
  /* integer ops by shape: base 0x60 (i8), 0x80 (i16), 0xa0 (i32), 0xc0 (i64) */
  if (op >= 0x60 && op <= 0xdf) {
    int s = (int)((op - 0x60) / 0x20);
    unsigned k = (op - 0x60) % 0x20;
    /* per-shape validity of the sub-opcode */
    bool ok;
    switch (k) {
    case 0x00: case 0x01: case 0x03: case 0x04: case 0x0b: case 0x0c: case 0x0d: case 0x0e: case 0x11: ok = true; break;
    case 0x05: case 0x06: ok = s <= S_I16; break;                           /* narrow */
    case 0x07: case 0x08: case 0x09: case 0x0a: ok = s >= S_I16; break;     /* extend */
    case 0x0f: case 0x10: case 0x12: case 0x13: ok = s <= S_I16; break;     /* sat add/sub */
    case 0x15: ok = s >= S_I16; break;                                      /* mul */
    case 0x16: case 0x17: case 0x18: case 0x19: ok = s <= S_I32; break;     /* min/max */
    case 0x1b: ok = s <= S_I16; break;                                      /* avgr_u */
    case 0x1c: case 0x1d: case 0x1e: case 0x1f: ok = s >= S_I16; break;     /* extmul */
    default: ok = false; break;
    }
    if (s == S_I8 && (k == 0x07 || k == 0x08 || k == 0x09 || k == 0x0a || k == 0x14 || k == 0x15 || k == 0x1a)) ok = false;
    if (!ok) return wcc_fn_error(f, "illegal opcode 0xfd %u", op);
    switch (k) {
    case 0x00: case 0x01: /* abs, neg */
      if (!pop_v(f, &a)) return false;
      if (live) {
        LLVMValueRef x = as(f, a, s);
        if (k == 0) {
          LLVMValueRef args[2] = {x, LLVMConstInt(c->t_i1, 0, 0)};
          LLVMTypeRef t = LLVMTypeOf(x);
          r = to128(f, call_intr(f, "llvm.abs", &t, 1, args, 2));
        } else {
          r = to128(f, LLVMBuildSub(B, LLVMConstNull(LLVMTypeOf(x)), x, "neg"));
        }
      }
      return wcc_push(f, WCC_V128, r);
    case 0x03: case 0x04: /* all_true, bitmask */
      if (!pop_v(f, &a)) return false;
      if (live) r = k == 3 ? all_true(f, s, a) : bitmask(f, s, a);
      return wcc_push(f, WCC_I32, r);
    case 0x05: case 0x06: /* narrow from s+1 */
      if (!pop2_v(f, &a, &b)) return false;
      if (live) r = narrow(f, s + 1, k == 5, a, b);
      return wcc_push(f, WCC_V128, r);
    case 0x07: case 0x08: case 0x09: case 0x0a: /* extend low_s high_s low_u high_u from s-1 */
      if (!pop_v(f, &a)) return false;
      if (live) r = to128(f, extend(f, s - 1, k == 8 || k == 0xa, k <= 8, a));
      return wcc_push(f, WCC_V128, r);
    case 0x0b: case 0x0c: case 0x0d: { /* shl shr_s shr_u */
      wcc_sval n;
      if (!wcc_pop(f, WCC_I32, &n) || !pop_v(f, &a)) return false;
      if (live) r = shift(f, s, k - 0x0b, a, n.v);
      return wcc_push(f, WCC_V128, r);
    }
    case 0x1c: case 0x1d: case 0x1e: case 0x1f: /* extmul low_s high_s low_u high_u */
      if (!pop2_v(f, &a, &b)) return false;
      if (live) r = extmul(f, s - 1, k == 0x1d || k == 0x1f, k <= 0x1d, a, b);
      return wcc_push(f, WCC_V128, r);
    default: {
      static const int8_t bin[32] = {[0x0e] = 0, [0x0f] = 1, [0x10] = 2, [0x11] = 3, [0x12] = 4, [0x13] = 5,
                                     [0x15] = 6, [0x16] = 7, [0x17] = 8, [0x18] = 9, [0x19] = 10, [0x1b] = 11};
      if (!pop2_v(f, &a, &b)) return false;
      if (live) r = int_bin(f, s, (unsigned)bin[k], a, b);
      return wcc_push(f, WCC_V128, r);
    }
    }
  }
  if (op >= 0x100 && op <= 0x113) return wcc_emit_simd_relaxed(f, op);
  return wcc_fn_reject_opcode(f, 0xfd, op);
}
