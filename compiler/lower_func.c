/*
 * lower_func.c — validate a function body (spec 3.3, using the algorithm of
 * the spec appendix "Validation Algorithm") and lower it to LLVM IR in the
 * same pass: control flow, variables, calls, references and tables.
 * Numeric and memory instructions live in emit_numeric.c / emit_memory.c.
 *
 * Control flow: every block/if exit and loop header is an LLVM basic block;
 * block results and loop parameters are phi nodes.  Code after br/return/
 * unreachable is validated but not emitted (`live` is false).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "lower.h"
#include "unsupported.h"

bool wcc_fn_error(wcc_fn *f, const char *fmt, ...) {
  char msg[640], name[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  wcc_error(f->c->diag, "function %s at byte offset %zu: %s", wcc_func_label(f->c->m, f->index, name, sizeof name),
            (size_t)(f->op_start - f->c->m->bytes), msg);
  return false;
}

bool wcc_push(wcc_fn *f, uint8_t t, LLVMValueRef v) {
  if (f->sp == f->stack_cap) {
    uint32_t cap = f->stack_cap ? f->stack_cap * 2 : 64;
    wcc_sval *s = realloc(f->stack, cap * sizeof *s);
    if (!s) return wcc_fn_error(f, "out of memory");
    f->stack = s;
    f->stack_cap = cap;
  }
  f->stack[f->sp].type = t;
  f->stack[f->sp].v = f->live ? v : NULL;
  f->sp++;
  return true;
}

static bool is_num(uint8_t t) { return t == WCC_I32 || t == WCC_I64 || t == WCC_F32 || t == WCC_F64 || t == WCC_V128; }
static bool is_ref(uint8_t t) { return t == WCC_FUNCREF || t == WCC_EXTERNREF; }

bool wcc_pop(wcc_fn *f, uint8_t t, wcc_sval *out) {
  wcc_frame *fr = &f->frames[f->n_frames - 1];
  if (f->sp == fr->height) {
    if (fr->unreachable) {
      out->type = t;
      out->v = NULL;
      return true;
    }
    return wcc_fn_error(f, "type mismatch: expected %s but the operand stack is empty",
                        t ? wcc_valtype_name(t) : "a value");
  }
  wcc_sval v = f->stack[--f->sp];
  if (t != WCC_UNKNOWN && v.type != WCC_UNKNOWN && v.type != t)
    return wcc_fn_error(f, "type mismatch: expected %s, found %s", wcc_valtype_name(t),
                        wcc_valtype_name(v.type));
  if (v.type == WCC_UNKNOWN) v.type = t;
  *out = v;
  return true;
}

/* ---- traps --------------------------------------------------------------- */
static LLVMBasicBlockRef trap_block(wcc_fn *f, uint32_t code) {
  if (!f->trap_bb[code]) {
    wcc_ctx *c = f->c;
    LLVMBasicBlockRef save = LLVMGetInsertBlock(c->b);
    LLVMBasicBlockRef bb = LLVMAppendBasicBlockInContext(c->llctx, f->fn, "trap");
    LLVMPositionBuilderAtEnd(c->b, bb);
    LLVMValueRef args[3] = {f->inst, LLVMConstInt(c->t_i32, code, 0), LLVMConstInt(c->t_i32, f->index, 0)};
    LLVMBuildCall2(c->b, c->rt_trap_ty, c->rt_trap, args, 3, "");
    LLVMBuildUnreachable(c->b);
    LLVMPositionBuilderAtEnd(c->b, save);
    f->trap_bb[code] = bb;
  }
  return f->trap_bb[code];
}

void wcc_trap_if(wcc_fn *f, LLVMValueRef cond, uint32_t code) {
  wcc_ctx *c = f->c;
  LLVMBasicBlockRef cont = LLVMAppendBasicBlockInContext(c->llctx, f->fn, "ok");
  LLVMBuildCondBr(c->b, cond, trap_block(f, code), cont);
  LLVMPositionBuilderAtEnd(c->b, cont);
}

void wcc_trap_now(wcc_fn *f, uint32_t code) { LLVMBuildBr(f->c->b, trap_block(f, code)); }

/* ---- frames -------------------------------------------------------------- */
static void set_unreachable(wcc_fn *f) {
  wcc_frame *fr = &f->frames[f->n_frames - 1];
  f->sp = fr->height;
  fr->unreachable = true;
  f->live = false;
}

static uint32_t label_arity(const wcc_frame *fr) { return fr->kind == FRAME_LOOP ? fr->n_params : fr->n_results; }
static const uint8_t *label_types(const wcc_frame *fr) { return fr->kind == FRAME_LOOP ? fr->params : fr->results; }

static bool push_frame(wcc_fn *f, uint8_t kind, uint32_t np, const uint8_t *params, uint32_t nr,
                       const uint8_t *results) {
  if (f->n_frames == f->frames_cap) {
    uint32_t cap = f->frames_cap ? f->frames_cap * 2 : 32;
    wcc_frame *fs = realloc(f->frames, cap * sizeof *fs);
    if (!fs) return wcc_fn_error(f, "out of memory");
    f->frames = fs;
    f->frames_cap = cap;
  }
  wcc_frame *fr = &f->frames[f->n_frames++];
  memset(fr, 0, sizeof *fr);
  fr->kind = kind;
  fr->n_params = np;
  fr->params = params;
  fr->n_results = nr;
  fr->results = results;
  fr->height = f->sp - np;
  fr->live_at_entry = f->live;
  fr->unwind_inside = fr->unwind_outer = f->unwind;
  return true;
}

/* Create phis of `types` at the start of `bb`. */
static LLVMValueRef *make_phis(wcc_fn *f, LLVMBasicBlockRef bb, uint32_t n, const uint8_t *types) {
  if (!n) return NULL;
  LLVMValueRef *phis = calloc(n, sizeof *phis);
  LLVMPositionBuilderAtEnd(f->pb, bb);
  for (uint32_t i = 0; i < n; i++) phis[i] = LLVMBuildPhi(f->pb, wcc_llvm_type(f->c, types[i]), "");
  return phis;
}

/* Add the top `n` stack values as incoming values of `phis` from the current block. */
static void add_incoming(wcc_fn *f, LLVMValueRef *phis, uint32_t n) {
  LLVMBasicBlockRef cur = LLVMGetInsertBlock(f->c->b);
  for (uint32_t i = 0; i < n; i++) {
    LLVMValueRef v = f->stack[f->sp - n + i].v;
    if (!v) v = LLVMGetPoison(LLVMTypeOf(phis[i]));
    LLVMAddIncoming(phis[i], &v, &cur, 1);
  }
}

/* Check that the top of the stack matches `types` (without popping). */
static bool check_top(wcc_fn *f, uint32_t n, const uint8_t *types) {
  wcc_frame *fr = &f->frames[f->n_frames - 1];
  for (uint32_t i = 0; i < n; i++) {
    uint8_t want = types[n - 1 - i];
    if (f->sp - fr->height <= i) {
      if (fr->unreachable) continue;
      return wcc_fn_error(f, "type mismatch: expected %u values on the stack for the branch", n);
    }
    uint8_t have = f->stack[f->sp - 1 - i].type;
    if (have != WCC_UNKNOWN && have != want)
      return wcc_fn_error(f, "type mismatch: branch expects %s, found %s", wcc_valtype_name(want), wcc_valtype_name(have));
  }
  return true;
}

/* Pop the values of a branch / block end (types in order) and push them back
 * typed; used so that values below an unreachable frame get real types. */
static bool pop_types(wcc_fn *f, uint32_t n, const uint8_t *types, wcc_sval *out) {
  for (uint32_t i = n; i-- > 0;)
    if (!wcc_pop(f, types[i], &out[i])) return false;
  return true;
}

/* Emit a branch to frame `depth` from the current block (values on the stack). */
static void emit_branch_edge(wcc_fn *f, wcc_frame *target) {
  uint32_t n = label_arity(target);
  if (!f->live) return;
  if (n) add_incoming(f, target->phis, n);
  target->n_incoming++;
}

/* br_table with more than this many cases that repeat a target goes through
 * a table of target ordinals (emit_br_table). */
#define BR_TABLE_REPEATS_DIRECT 1024

/* Lower br_table: cases 0..n-1 to depths[i], the default to depths[n] (all
 * validated).  Directly, one `switch` case per entry.  But LLVM keeps one
 * phi entry per CFG edge and removes them one at a time, so a switch with
 * many cases to the same block costs it quadratic time (a 100,000-entry
 * br_table over 4 labels took 68 s at -O2): when more than
 * BR_TABLE_REPEATS_DIRECT entries repeat a target, the entry index is
 * looked up in a constant table of target ordinals (the default's for an
 * index out of range) and the switch has one case per distinct target. */
static bool emit_br_table(wcc_fn *f, LLVMValueRef index, uint32_t n, const uint32_t *depths) {
  wcc_ctx *c = f->c;
  LLVMBuilderRef B = c->b;
  wcc_frame *dflt = &f->frames[f->n_frames - 1 - depths[n]];
  /* ordinal of each distinct depth, in order of first use; the default's is 0 */
  uint32_t *ord = malloc((size_t)f->n_frames * sizeof *ord), *by_ord = malloc(((size_t)n + 1) * sizeof *by_ord);
  if (!ord || !by_ord) {
    free(ord), free(by_ord);
    return wcc_fn_error(f, "out of memory");
  }
  for (uint32_t d = 0; d < f->n_frames; d++) ord[d] = UINT32_MAX;
  uint32_t k = 0;
  ord[depths[n]] = k, by_ord[k++] = depths[n];
  for (uint32_t i = 0; i < n; i++)
    if (ord[depths[i]] == UINT32_MAX) ord[depths[i]] = k, by_ord[k++] = depths[i];
  if (n - (k - 1) <= BR_TABLE_REPEATS_DIRECT) {
    LLVMValueRef sw = LLVMBuildSwitch(B, index, dflt->label, n);
    emit_branch_edge(f, dflt);
    for (uint32_t i = 0; i < n; i++) {
      wcc_frame *t = &f->frames[f->n_frames - 1 - depths[i]];
      LLVMAddCase(sw, LLVMConstInt(c->t_i32, i, 0), t->label);
      emit_branch_edge(f, t);
    }
  } else {
    LLVMTypeRef et = k <= 0x10000 ? LLVMInt16TypeInContext(c->llctx) : c->t_i32;
    LLVMValueRef *vals = malloc((size_t)n * sizeof *vals);
    if (!vals) {
      free(ord), free(by_ord);
      return wcc_fn_error(f, "out of memory");
    }
    for (uint32_t i = 0; i < n; i++) vals[i] = LLVMConstInt(et, ord[depths[i]], 0);
    LLVMValueRef init = LLVMConstArray2(et, vals, n);
    free(vals);
    LLVMValueRef table = LLVMAddGlobal(c->llmod, LLVMTypeOf(init), "br_table.targets");
    LLVMSetInitializer(table, init);
    LLVMSetGlobalConstant(table, 1);
    LLVMSetLinkage(table, LLVMPrivateLinkage);
    LLVMSetUnnamedAddress(table, LLVMGlobalUnnamedAddr);
    LLVMValueRef in = LLVMBuildICmp(B, LLVMIntULT, index, LLVMConstInt(c->t_i32, n, 0), "br_table.in");
    LLVMValueRef at = LLVMBuildZExt(B, LLVMBuildSelect(B, in, index, LLVMConstInt(c->t_i32, 0, 0), ""), c->t_i64, "");
    LLVMValueRef o = LLVMBuildLoad2(B, et, LLVMBuildGEP2(B, et, table, &at, 1, ""), "");
    o = LLVMBuildSelect(B, in, LLVMBuildZExt(B, o, c->t_i32, ""), LLVMConstInt(c->t_i32, 0, 0), "br_table.target");
    LLVMValueRef sw = LLVMBuildSwitch(B, o, dflt->label, k - 1);
    emit_branch_edge(f, dflt);
    for (uint32_t j = 1; j < k; j++) {
      wcc_frame *t = &f->frames[f->n_frames - 1 - by_ord[j]];
      LLVMAddCase(sw, LLVMConstInt(c->t_i32, j, 0), t->label);
      emit_branch_edge(f, t);
    }
  }
  free(ord), free(by_ord);
  return true;
}

static bool read_blocktype(wcc_fn *f, uint32_t *np, const uint8_t **params, uint32_t *nr,
                           const uint8_t **results) {
  int64_t bt;
  const uint8_t *save = f->r.p;
  uint8_t b;
  if (!wcc_read_u8(&f->r, &b)) return false;
  if (b == 0x40) { *np = *nr = 0; *params = *results = NULL; return true; }
  if (wcc_is_valtype(b)) {
    static const uint8_t single[] = {WCC_I32, WCC_I64, WCC_F32, WCC_F64, WCC_V128, WCC_FUNCREF, WCC_EXTERNREF};
    for (size_t i = 0; i < sizeof single; i++)
      if (single[i] == b) *results = &single[i];
    *np = 0; *params = NULL; *nr = 1;
    return true;
  }
  f->r.p = save;
  if (!wcc_read_s33(&f->r, &bt)) return false;
  if (bt < 0) return wcc_fn_reject_valtype(f, b, "malformed block type");
  if ((uint64_t)bt >= f->c->m->n_types) return wcc_fn_error(f, "unknown type %lld", (long long)bt);
  const wcc_functype *ft = &f->c->m->types[bt];
  *np = ft->n_params; *params = ft->params;
  *nr = ft->n_results; *results = ft->results;
  return true;
}

/* ---- calls ----------------------------------------------------------------- */
static LLVMValueRef build_call(wcc_fn *f, LLVMTypeRef fty, LLVMValueRef fn, LLVMValueRef *args, unsigned n,
                               bool may_throw);

static bool do_call_values(wcc_fn *f, const wcc_functype *ft, LLVMValueRef callee, LLVMTypeRef fty,
                           LLVMValueRef callee_inst, bool may_throw) {
  wcc_ctx *c = f->c;
  uint32_t n = ft->n_params;
  wcc_sval *args = calloc(n + 1, sizeof *args);
  LLVMValueRef *llargs = calloc(n + 1, sizeof *llargs);
  bool ok = pop_types(f, n, ft->params, args);
  LLVMValueRef ret = NULL;
  if (ok && f->live) {
    llargs[0] = callee_inst;
    for (uint32_t i = 0; i < n; i++) llargs[i + 1] = args[i].v;
    ret = build_call(f, fty, callee, llargs, n + 1, may_throw);
    f->has_calls = true;
  }
  free(args);
  free(llargs);
  if (!ok) return false;
  if (ft->n_results == 1)
    return wcc_push(f, ft->results[0], ret);
  for (uint32_t i = 0; i < ft->n_results; i++)
    if (!wcc_push(f, ft->results[i], f->live ? LLVMBuildExtractValue(c->b, ret, i, "") : NULL)) return false;
  return true;
}

static LLVMValueRef load_at(wcc_fn *f, LLVMTypeRef ty, LLVMValueRef ptr, uint64_t off, const char *name) {
  wcc_ctx *c = f->c;
  LLVMValueRef idx = LLVMConstInt(c->t_i64, off, 0);
  LLVMValueRef p = off ? LLVMBuildGEP2(c->b, c->t_i8, ptr, &idx, 1, "") : ptr;
  return LLVMBuildLoad2(c->b, ty, p, name);
}

/* A load from a location that never changes after instantiation (the
 * instance's arrays, funcref descriptors, table/memory object addresses):
 * !invariant.load lets LLVM hoist and merge it freely. */
static LLVMValueRef load_inv(wcc_fn *f, LLVMTypeRef ty, LLVMValueRef ptr, uint64_t off, const char *name) {
  LLVMValueRef v = load_at(f, ty, ptr, off, name);
  LLVMSetMetadata(v, f->c->md_invariant, f->c->md_empty);
  return v;
}

/* The descriptor (const wasmc_funcref *) of function index `idx`. */
static LLVMValueRef funcref_of(wcc_fn *f, uint32_t idx) {
  wcc_ctx *c = f->c;
  LLVMValueRef arr = load_inv(f, c->t_ptr, f->inst, WASMC_INSTANCE_FUNCS_OFFSET, "funcs");
  return load_inv(f, c->t_ptr, arr, (uint64_t)idx * 8, "funcref");
}

/* ---- wasi-libc's memcpy / memmove / memset / memcmp / strcmp --------------------
 *
 * Modules built against Debian's wasi-libc (no bulk-memory) carry musl's
 * scalar C memcpy, memmove, memset and memcmp: byte and 4-byte loops that
 * run several times slower than the host's (speedtest1 spends ~13% of its
 * time in the first two, SQLite's string comparisons call memcmp).
 * Such a function is recognised by its exact code (the function type and
 * a hash of the whole code entry, locals included; never by name) and gets a
 * fast path in front of its own lowered body:
 *
 *   if every byte of both ranges is in bounds [memcpy: and they do not
 *   overlap; memmove: and n < 2^31]   -> llvm.memcpy/memmove/memset, return dst
 *                                        (memcmp: an 8-bytes-at-a-time loop
 *                                        returning l[i] - r[i] for the first
 *                                        difference, as musl, else 0)
 *   otherwise                         -> the function's own code, unchanged
 *
 * For in-bounds arguments the musl code computes exactly what the
 * intrinsic does (memcpy only for non-overlapping ranges, hence the test;
 * memmove's overlap test is modular, hence n < 2^31), touches no other
 * memory and no global, and returns dst.  Everything else (a trapping call
 * copies a prefix and then traps, overlapping memcpy) still runs the
 * original code, so no behaviour differs.  memmove calls memcpy; the call's
 * function index is masked out of the hash and the callee must itself be the
 * recognised memcpy.  strcmp: see emit_strcmp_fast.  A hash collision could
 * only turn a function into one of these bounds-checked copies: memory
 * safety never depends on it. */
enum { LIBC_NONE, LIBC_MEMCPY, LIBC_MEMMOVE, LIBC_MEMSET, LIBC_MEMCMP, LIBC_STRCMP };

typedef struct libc_sig {
  uint8_t kind;
  const char *sig;    /* function type (wasmc_abi.h signature text) */
  uint16_t len;       /* code entry size in bytes */
  uint16_t call_at;   /* offset of the `call memcpy` opcode (memmove), else 0 */
  uint64_t xxh3;      /* XXH3_64 of the code entry, call index bytes zeroed */
} libc_sig;

static const libc_sig k_libc_sigs[] = {
    /* Debian bookworm wasi-libc 0.0~git20220510 (libc.a) as linked by wasm-ld */
    {LIBC_MEMCPY, "iii:i", 1296, 0, 0x650f55c61d8b2399ull},
    {LIBC_MEMMOVE, "iii:i", 1287, 41, 0x8ddd5e3857d612cfull},
    {LIBC_MEMSET, "iii:i", 379, 0, 0x43e7e1c67ca291e0ull},
    {LIBC_MEMCMP, "iii:i", 73, 0, 0xfd1d47af39a53c4cull},
    {LIBC_STRCMP, "ii:i", 103, 0, 0x57231520dab8035dull},
    /* the same after Debian's Binaryen 108 `wasm-opt -O2` (the Lua build of
     * docs/porting.md, which also runs --asyncify: leaf functions keep
     * their code, only re-optimised) */
    {LIBC_MEMCPY, "iii:i", 1281, 0, 0xaa0c221fcbe45202ull},
    {LIBC_MEMSET, "iii:i", 381, 0, 0xbdc7afb5afb1aa60ull},
    {LIBC_STRCMP, "ii:i", 93, 0, 0x98a5a1ff1939cd4full},
};

static int libc_kind(wcc_ctx *c, uint32_t index, int depth) {
  wcc_module *m = c->m;
  if (index < m->n_imported_funcs || index >= m->n_funcs || !m->n_memories || depth > 1) return LIBC_NONE;
  const wcc_func *wf = &m->funcs[index];
  const char *sig = m->types[wf->type_index].sig;
  for (size_t k = 0; k < sizeof k_libc_sigs / sizeof *k_libc_sigs; k++) {
    const libc_sig *sg = &k_libc_sigs[k];
    if (wf->body_len != sg->len || strcmp(sig, sg->sig) != 0) continue;
    if (sg->call_at) {
      /* call <5-byte padded LEB128 function index>, masked out of the hash */
      uint8_t buf[2048];
      memcpy(buf, wf->body, sg->len);
      const uint8_t *q = buf + sg->call_at;
      if (q[0] != 0x10 || !(q[1] & q[2] & q[3] & q[4] & 0x80) || (q[5] & 0x80)) continue;
      uint32_t callee = (q[1] & 0x7fu) | (q[2] & 0x7fu) << 7 | (q[3] & 0x7fu) << 14 | (q[4] & 0x7fu) << 21 |
                        (uint32_t)q[5] << 28;
      memset(buf + sg->call_at + 1, 0, 5);
      if (XXH3_64bits(buf, sg->len) != sg->xxh3) continue;
      if (libc_kind(c, callee, depth + 1) != LIBC_MEMCPY) continue;
      return sg->kind;
    }
    if (XXH3_64bits(wf->body, sg->len) == sg->xxh3) return sg->kind;
  }
  return LIBC_NONE;
}

static LLVMValueRef mem_ptr(wcc_fn *f, LLVMValueRef i);

static LLVMValueRef mem_load(wcc_fn *f, LLVMTypeRef ty, LLVMValueRef base, LLVMValueRef i) {
  wcc_ctx *c = f->c;
  LLVMValueRef ld = LLVMBuildLoad2(c->b, ty, LLVMBuildGEP2(c->b, c->t_i8, base, &i, 1, ""), "");
  LLVMSetAlignment(ld, 1);
  if (c->tbaa_mem) LLVMSetMetadata(ld, c->md_tbaa, c->tbaa_mem);
  return ld;
}

/* Index of the lowest nonzero byte of the i64 `mask` (not 0): both targets
 * are little-endian, so that is the first byte in memory order. */
static LLVMValueRef lowest_byte(wcc_fn *f, LLVMValueRef mask) {
  wcc_ctx *c = f->c;
  LLVMValueRef args[2] = {mask, LLVMConstInt(c->t_i1, 1, 0)};
  LLVMValueRef tz = wcc_call_intrinsic(f, "llvm.cttz", &c->t_i64, 1, args, 2, "");
  return LLVMBuildLShr(c->b, tz, LLVMConstInt(c->t_i64, 3, 0), "");
}

/* return l[j] - r[j] as unsigned chars (musl's memcmp/strcmp result). */
static void ret_byte_difference(wcc_fn *f, LLVMValueRef l, LLVMValueRef r, LLVMValueRef j) {
  wcc_ctx *c = f->c;
  LLVMValueRef bl = LLVMBuildZExt(c->b, mem_load(f, c->t_i8, l, j), c->t_i32, "");
  LLVMValueRef br = LLVMBuildZExt(c->b, mem_load(f, c->t_i8, r, j), c->t_i32, "");
  LLVMBuildRet(c->b, LLVMBuildSub(c->b, bl, br, ""));
}

/* musl's memcmp for in-bounds ranges l, r of n bytes: the difference of
 * the first pair of bytes that differ (as unsigned chars), else 0.  Words
 * of 8 bytes while at least 8 remain (the first differing byte of a word
 * is its lowest set byte of l ^ r: both targets are little-endian), then
 * bytes. */
static void emit_memcmp_loop(wcc_fn *f, LLVMValueRef l, LLVMValueRef r, LLVMValueRef n) {
  wcc_ctx *c = f->c;
  LLVMValueRef fn = f->fn, zero = LLVMConstInt(c->t_i64, 0, 0);
  LLVMBasicBlockRef start = LLVMGetInsertBlock(c->b);
  LLVMBasicBlockRef words = LLVMAppendBasicBlockInContext(c->llctx, fn, "words");
  LLVMBasicBlockRef wbody = LLVMAppendBasicBlockInContext(c->llctx, fn, "words.body");
  LLVMBasicBlockRef wnext = LLVMAppendBasicBlockInContext(c->llctx, fn, "words.next");
  LLVMBasicBlockRef wdiff = LLVMAppendBasicBlockInContext(c->llctx, fn, "words.diff");
  LLVMBasicBlockRef bytes = LLVMAppendBasicBlockInContext(c->llctx, fn, "bytes");
  LLVMBasicBlockRef bbody = LLVMAppendBasicBlockInContext(c->llctx, fn, "bytes.body");
  LLVMBasicBlockRef bnext = LLVMAppendBasicBlockInContext(c->llctx, fn, "bytes.next");
  LLVMBasicBlockRef diff = LLVMAppendBasicBlockInContext(c->llctx, fn, "diff");
  LLVMBasicBlockRef same = LLVMAppendBasicBlockInContext(c->llctx, fn, "same");
  LLVMBuildBr(c->b, words);

  LLVMPositionBuilderAtEnd(c->b, words);
  LLVMValueRef i = LLVMBuildPhi(c->b, c->t_i64, "i");
  LLVMBuildCondBr(c->b, LLVMBuildICmp(c->b, LLVMIntUGE, LLVMBuildSub(c->b, n, i, ""), LLVMConstInt(c->t_i64, 8, 0), ""),
                  wbody, bytes);
  LLVMPositionBuilderAtEnd(c->b, wbody);
  LLVMValueRef a = mem_load(f, c->t_i64, l, i), b = mem_load(f, c->t_i64, r, i);
  LLVMBuildCondBr(c->b, LLVMBuildICmp(c->b, LLVMIntEQ, a, b, ""), wnext, wdiff);
  LLVMPositionBuilderAtEnd(c->b, wnext);
  LLVMValueRef i8 = LLVMBuildNUWAdd(c->b, i, LLVMConstInt(c->t_i64, 8, 0), "");
  LLVMBuildBr(c->b, words);
  LLVMValueRef iv[2] = {zero, i8};
  LLVMBasicBlockRef ib[2] = {start, wnext};
  LLVMAddIncoming(i, iv, ib, 2);
  LLVMPositionBuilderAtEnd(c->b, wdiff);
  LLVMValueRef jw = LLVMBuildNUWAdd(c->b, i, lowest_byte(f, LLVMBuildXor(c->b, a, b, "")), "");
  LLVMBuildBr(c->b, diff);

  LLVMPositionBuilderAtEnd(c->b, bytes);
  LLVMValueRef k = LLVMBuildPhi(c->b, c->t_i64, "k");
  LLVMBuildCondBr(c->b, LLVMBuildICmp(c->b, LLVMIntULT, k, n, ""), bbody, same);
  LLVMPositionBuilderAtEnd(c->b, bbody);
  LLVMValueRef x = mem_load(f, c->t_i8, l, k), y = mem_load(f, c->t_i8, r, k);
  LLVMBuildCondBr(c->b, LLVMBuildICmp(c->b, LLVMIntEQ, x, y, ""), bnext, diff);
  LLVMPositionBuilderAtEnd(c->b, bnext);
  LLVMValueRef k1 = LLVMBuildNUWAdd(c->b, k, LLVMConstInt(c->t_i64, 1, 0), "");
  LLVMBuildBr(c->b, bytes);
  LLVMValueRef kv[2] = {i, k1};
  LLVMBasicBlockRef kb[2] = {words, bnext};
  LLVMAddIncoming(k, kv, kb, 2);

  LLVMPositionBuilderAtEnd(c->b, diff);
  LLVMValueRef j = LLVMBuildPhi(c->b, c->t_i64, "j");
  LLVMValueRef jv[2] = {jw, k};
  LLVMBasicBlockRef jb[2] = {wdiff, bbody};
  LLVMAddIncoming(j, jv, jb, 2);
  ret_byte_difference(f, l, r, j);
  LLVMPositionBuilderAtEnd(c->b, same);
  LLVMBuildRet(c->b, LLVMConstInt(c->t_i32, 0, 0));
}

/* The slow path of a fast-path wrapper: call the function's own lowered code
 * `orig`.  It stays one function (noinline): a fault in it is reported with
 * its name (the runtime maps the fault address to a function start). */
static LLVMValueRef call_original(wcc_ctx *c, LLVMTypeRef ty, LLVMValueRef orig, LLVMValueRef *args, unsigned n) {
  LLVMValueRef r = LLVMBuildCall2(c->b, ty, orig, args, n, "");
  unsigned noinline = LLVMGetEnumAttributeKindForName("noinline", 8);
  LLVMAddCallSiteAttribute(r, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(c->llctx, noinline, 0));
  return r;
}

/* musl's strcmp(l, r) (the wasm function `orig`, two i32 params) for the
 * wrapper `f->fn`: 8 bytes of each string at a time while both words are in
 * bounds; the first byte that is NUL in l or differs from r ends it, with
 * l[j] - r[j] (as unsigned chars) as musl returns.  A zero byte is found
 * with (a - 0x01..01) & ~a & 0x80..80, exact for the lowest zero byte.
 * When a word would reach past the end of memory, the original code runs
 * on the remaining suffixes: every byte before them was equal and not NUL,
 * so it returns what it would have returned on the whole strings, and
 * traps where it would have trapped. */
static void emit_strcmp_fast(wcc_fn *f, LLVMValueRef orig, LLVMTypeRef orig_ty) {
  wcc_ctx *c = f->c;
  LLVMValueRef fn = f->fn, l = LLVMGetParam(fn, 1), r = LLVMGetParam(fn, 2);
  LLVMTypeRef i64 = c->t_i64;
  LLVMValueRef size = wcc_mem0_size(f);
  LLVMValueRef l64 = LLVMBuildZExt(c->b, l, i64, "l"), r64 = LLVMBuildZExt(c->b, r, i64, "r");
  LLVMValueRef lp = mem_ptr(f, l), rp = mem_ptr(f, r);
  LLVMBasicBlockRef start = LLVMGetInsertBlock(c->b);
  LLVMBasicBlockRef loop = LLVMAppendBasicBlockInContext(c->llctx, fn, "words");
  LLVMBasicBlockRef body = LLVMAppendBasicBlockInContext(c->llctx, fn, "words.body");
  LLVMBasicBlockRef next = LLVMAppendBasicBlockInContext(c->llctx, fn, "words.next");
  LLVMBasicBlockRef found = LLVMAppendBasicBlockInContext(c->llctx, fn, "found");
  LLVMBasicBlockRef slow = LLVMAppendBasicBlockInContext(c->llctx, fn, "slow");
  LLVMBuildBr(c->b, loop);

  LLVMPositionBuilderAtEnd(c->b, loop);
  LLVMValueRef i = LLVMBuildPhi(c->b, i64, "i");
  LLVMValueRef li = LLVMBuildNUWAdd(c->b, l64, i, ""), ri = LLVMBuildNUWAdd(c->b, r64, i, "");
  LLVMValueRef eight = LLVMConstInt(i64, 8, 0);
  LLVMValueRef in = LLVMBuildAnd(c->b, LLVMBuildICmp(c->b, LLVMIntULE, LLVMBuildNUWAdd(c->b, li, eight, ""), size, ""),
                                 LLVMBuildICmp(c->b, LLVMIntULE, LLVMBuildNUWAdd(c->b, ri, eight, ""), size, ""), "in");
  LLVMBuildCondBr(c->b, in, body, slow);

  LLVMPositionBuilderAtEnd(c->b, body);
  LLVMValueRef a = mem_load(f, i64, lp, i), b = mem_load(f, i64, rp, i);
  LLVMValueRef ones = LLVMConstInt(i64, 0x0101010101010101ull, 0), highs = LLVMConstInt(i64, 0x8080808080808080ull, 0);
  LLVMValueRef zero_bytes =
      LLVMBuildAnd(c->b, LLVMBuildAnd(c->b, LLVMBuildSub(c->b, a, ones, ""), LLVMBuildNot(c->b, a, ""), ""), highs, "");
  LLVMValueRef stop = LLVMBuildOr(c->b, zero_bytes, LLVMBuildXor(c->b, a, b, ""), "stop");
  LLVMBuildCondBr(c->b, LLVMBuildICmp(c->b, LLVMIntEQ, stop, LLVMConstInt(i64, 0, 0), ""), next, found);
  LLVMPositionBuilderAtEnd(c->b, next);
  LLVMValueRef i8 = LLVMBuildNUWAdd(c->b, i, eight, "");
  LLVMBuildBr(c->b, loop);
  LLVMValueRef iv[2] = {LLVMConstInt(i64, 0, 0), i8};
  LLVMBasicBlockRef ib[2] = {start, next};
  LLVMAddIncoming(i, iv, ib, 2);

  LLVMPositionBuilderAtEnd(c->b, found);
  ret_byte_difference(f, lp, rp, LLVMBuildNUWAdd(c->b, i, lowest_byte(f, stop), ""));

  LLVMPositionBuilderAtEnd(c->b, slow);
  /* l + i and r + i are below the memory size, so they fit an i32 */
  LLVMValueRef ti = LLVMBuildTrunc(c->b, i, c->t_i32, "");
  LLVMValueRef cargs[3] = {f->inst, LLVMBuildAdd(c->b, l, ti, ""), LLVMBuildAdd(c->b, r, ti, "")};
  LLVMBuildRet(c->b, call_original(c, orig_ty, orig, cargs, 3));
}

/* The body of `w`: the fast path, else a call of `orig` (the function's own
 * lowered code, which keeps its symbol, its descriptor entry and so the
 * function name in trap messages). */
static void emit_libc_fast_path(wcc_ctx *c, uint32_t index, int kind, LLVMValueRef w, LLVMValueRef orig) {
  wcc_fn F = {0};
  wcc_fn *f = &F;
  f->c = c;
  f->index = index;
  f->fn = w;
  f->inst = LLVMGetParam(w, 0);
  LLVMPositionBuilderAtEnd(c->b, LLVMAppendBasicBlockInContext(c->llctx, w, "entry"));
  f->mem_base = LLVMBuildLoad2(c->b, c->t_ptr, f->inst, "mem0.base");
  LLVMSetMetadata(f->mem_base, c->md_invariant, c->md_empty);
  if (kind == LIBC_STRCMP) {
    emit_strcmp_fast(f, orig, c->fn_type[c->m->funcs[index].type_index]);
    return;
  }
  LLVMBasicBlockRef fast = LLVMAppendBasicBlockInContext(c->llctx, w, "fast");
  LLVMBasicBlockRef slow = LLVMAppendBasicBlockInContext(c->llctx, w, "slow");
  LLVMValueRef d = LLVMGetParam(w, 1), s = LLVMGetParam(w, 2), n = LLVMGetParam(w, 3);
  LLVMValueRef size = wcc_mem0_size(f);
  LLVMValueRef n64 = LLVMBuildZExt(c->b, n, c->t_i64, "n");
  LLVMValueRef d64 = LLVMBuildZExt(c->b, d, c->t_i64, "d");
  LLVMValueRef d_end = LLVMBuildNUWAdd(c->b, d64, n64, "d.end");
  LLVMValueRef ok = LLVMBuildICmp(c->b, LLVMIntULE, d_end, size, "d.in");
  if (kind != LIBC_MEMSET) {
    LLVMValueRef s64 = LLVMBuildZExt(c->b, s, c->t_i64, "s");
    LLVMValueRef s_end = LLVMBuildNUWAdd(c->b, s64, n64, "s.end");
    ok = LLVMBuildAnd(c->b, ok, LLVMBuildICmp(c->b, LLVMIntULE, s_end, size, "s.in"), "");
    if (kind == LIBC_MEMCPY) {
      LLVMValueRef apart = LLVMBuildOr(c->b, LLVMBuildICmp(c->b, LLVMIntULE, d_end, s64, ""),
                                       LLVMBuildICmp(c->b, LLVMIntULE, s_end, d64, ""), "disjoint");
      ok = LLVMBuildAnd(c->b, ok, apart, "");
    } else if (kind == LIBC_MEMMOVE) {
      ok = LLVMBuildAnd(c->b, ok, LLVMBuildICmp(c->b, LLVMIntSGE, n, LLVMConstInt(c->t_i32, 0, 0), ""), "");
    }
  }
  LLVMBuildCondBr(c->b, ok, fast, slow);
  LLVMPositionBuilderAtEnd(c->b, fast);
  LLVMValueRef dp = mem_ptr(f, d);
  if (kind == LIBC_MEMCMP) {
    emit_memcmp_loop(f, dp, mem_ptr(f, s), n64);
  } else {
    if (kind == LIBC_MEMSET) LLVMBuildMemSet(c->b, dp, LLVMBuildTrunc(c->b, s, c->t_i8, ""), n64, 1);
    else if (kind == LIBC_MEMCPY) LLVMBuildMemCpy(c->b, dp, 1, mem_ptr(f, s), 1, n64);
    else LLVMBuildMemMove(c->b, dp, 1, mem_ptr(f, s), 1, n64);
    LLVMBuildRet(c->b, d);
  }
  LLVMPositionBuilderAtEnd(c->b, slow);
  LLVMValueRef args[4] = {f->inst, d, s, n};
  LLVMBuildRet(c->b, call_original(c, c->fn_type[c->m->funcs[index].type_index], orig, args, 4));
}

/* Direct calls of a recognised function go to "<name>.fast" (created on
 * first use); calls through tables and exports still reach the function's
 * own code, which is the same behaviour, only slower.  The wrapper carries
 * the attribute "wasmc-libc-fast"="<index>": a wasm function may itself be
 * called "memcpy.fast", and is then never mistaken for the wrapper (the
 * recognised function's direct calls just keep going to its own code). */
static LLVMValueRef libc_fast_fn(wcc_ctx *c, uint32_t idx) {
  static const char k_attr[] = "wasmc-libc-fast";
  const wcc_func *wf = &c->m->funcs[idx];
  bool maybe = false;
  for (size_t k = 0; k < sizeof k_libc_sigs / sizeof *k_libc_sigs; k++) maybe |= wf->body_len == k_libc_sigs[k].len;
  if (!maybe || !c->fn[idx] || c->fn_is_host[idx]) return NULL;
  size_t nlen = 0;
  const char *nm = LLVMGetValueName2(c->fn[idx], &nlen);
  char nbuf[320], ibuf[16];
  snprintf(nbuf, sizeof nbuf, "%.*s.fast", (int)(nlen < 300 ? nlen : 300), nm);
  snprintf(ibuf, sizeof ibuf, "%u", idx);
  LLVMValueRef w = LLVMGetNamedFunction(c->llmod, nbuf);
  if (w) {
    LLVMAttributeRef a = LLVMGetStringAttributeAtIndex(w, LLVMAttributeFunctionIndex, k_attr, sizeof k_attr - 1);
    unsigned vlen = 0;
    const char *v = a ? LLVMGetStringAttributeValue(a, &vlen) : NULL;
    return v && vlen == strlen(ibuf) && memcmp(v, ibuf, vlen) == 0 ? w : NULL;
  }
  if (c->fn_not_libc[idx]) return NULL; /* hash each candidate once, not per call site */
  c->fn_body_read[idx] = true;
  int kind = libc_kind(c, idx, 0);
  if (!kind) {
    c->fn_not_libc[idx] = true;
    return NULL;
  }
  w = LLVMAddFunction(c->llmod, nbuf, c->fn_type[wf->type_index]);
  LLVMSetLinkage(w, LLVMInternalLinkage);
  unsigned nounwind = LLVMGetEnumAttributeKindForName("nounwind", 8);
  LLVMAddAttributeAtIndex(w, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(c->llctx, nounwind, 0));
  LLVMAddAttributeAtIndex(w, LLVMAttributeFunctionIndex,
                          LLVMCreateStringAttribute(c->llctx, k_attr, sizeof k_attr - 1, ibuf, (unsigned)strlen(ibuf)));
  LLVMBasicBlockRef save = LLVMGetInsertBlock(c->b);
  emit_libc_fast_path(c, idx, kind, w, c->fn[idx]);
  if (save) LLVMPositionBuilderAtEnd(c->b, save);
  return w;
}

static bool emit_call(wcc_fn *f, uint32_t idx) {
  wcc_ctx *c = f->c;
  wcc_module *m = c->m;
  if (idx >= m->n_funcs) return wcc_fn_error(f, "unknown function %u", idx);
  const wcc_functype *ft = &m->types[m->funcs[idx].type_index];
  LLVMTypeRef fty = c->fn_type[m->funcs[idx].type_index];
  if (c->fn[idx]) { /* defined function or directly bound host function */
    LLVMValueRef fast = f->live ? libc_fast_fn(c, idx) : NULL;
    return do_call_values(f, ft, fast ? fast : c->fn[idx], fty, f->inst, !c->fn_is_host[idx]);
  }
  LLVMValueRef callee = NULL, inst = NULL;
  if (f->live) {
    LLVMValueRef desc = funcref_of(f, idx);
    callee = load_inv(f, c->t_ptr, desc, WASMC_FUNCREF_FUNC_OFFSET, "callee");
    inst = load_inv(f, c->t_ptr, desc, WASMC_FUNCREF_INSTANCE_OFFSET, "callee.instance");
  }
  return do_call_values(f, ft, callee, fty, inst, true);
}

static LLVMValueRef table_ptr(wcc_fn *f, uint32_t t) {
  wcc_ctx *c = f->c;
  LLVMValueRef arr = load_inv(f, c->t_ptr, f->inst, WASMC_INSTANCE_TABLES_OFFSET, "tables");
  return load_inv(f, c->t_ptr, arr, (uint64_t)t * 8, "table");
}

static bool emit_call_indirect(wcc_fn *f, uint32_t type_index, uint32_t table) {
  wcc_ctx *c = f->c;
  wcc_module *m = c->m;
  if (type_index >= m->n_types) return wcc_fn_error(f, "unknown type %u", type_index);
  if (table >= m->n_tables) return wcc_fn_error(f, "unknown table %u", table);
  if (m->tables[table].elem_type != WCC_FUNCREF) return wcc_fn_error(f, "type mismatch: call_indirect on a table of externref");
  wcc_sval i;
  if (!wcc_pop(f, WCC_I32, &i)) return false;
  const wcc_functype *ft = &m->types[type_index];
  LLVMValueRef callee = NULL, inst = NULL;
  if (f->live) {
    LLVMValueRef tab = table_ptr(f, table);
    LLVMValueRef size = load_at(f, c->t_i32, tab, WASMC_TABLE_SIZE_OFFSET, "table.size");
    wcc_trap_if(f, LLVMBuildICmp(c->b, LLVMIntUGE, i.v, size, "oob"), WASMC_TRAP_INDIRECT_OOB);
    LLVMValueRef elems = load_at(f, c->t_ptr, tab, WASMC_TABLE_ELEMS_OFFSET, "table.elems");
    LLVMValueRef idx = LLVMBuildZExt(c->b, i.v, c->t_i64, "");
    LLVMValueRef slot = LLVMBuildGEP2(c->b, c->t_ptr, elems, &idx, 1, "");
    LLVMValueRef desc = LLVMBuildLoad2(c->b, c->t_ptr, slot, "funcref");
    wcc_trap_if(f, LLVMBuildIsNull(c->b, desc, "null"), WASMC_TRAP_INDIRECT_NULL);
    LLVMValueRef tid = load_inv(f, c->t_i64, desc, WASMC_FUNCREF_TYPE_ID_OFFSET, "type_id");
    wcc_trap_if(f, LLVMBuildICmp(c->b, LLVMIntNE, tid, LLVMConstInt(c->t_i64, ft->type_id, 0), "badtype"),
                WASMC_TRAP_INDIRECT_TYPE);
    callee = load_inv(f, c->t_ptr, desc, WASMC_FUNCREF_FUNC_OFFSET, "callee");
    inst = load_inv(f, c->t_ptr, desc, WASMC_FUNCREF_INSTANCE_OFFSET, "callee.instance");
  }
  return do_call_values(f, ft, callee, c->fn_type[type_index], inst, true);
}

/* ---- globals ----------------------------------------------------------------- */
static LLVMValueRef global_cell(wcc_fn *f, uint32_t g) {
  wcc_ctx *c = f->c;
  wcc_module *m = c->m;
  if (g >= m->n_imported_globals) {
    LLVMValueRef off = LLVMConstInt(c->t_i64, WASMC_INSTANCE_GLOBALS_OFFSET +
                                    (uint64_t)WASMC_GLOBAL_CELL_SIZE * (g - m->n_imported_globals), 0);
    return LLVMBuildGEP2(c->b, c->t_i8, f->inst, &off, 1, "global");
  }
  LLVMValueRef arr = load_inv(f, c->t_ptr, f->inst, WASMC_INSTANCE_GLOBALS_PTR_OFFSET, "globals");
  return load_inv(f, c->t_ptr, arr, (uint64_t)g * 8, "global");
}

/* ---- runtime calls ----------------------------------------------------------- */
static LLVMValueRef rt_call(wcc_fn *f, const char *name, LLVMTypeRef ret, LLVMValueRef *args, unsigned n) {
  wcc_ctx *c = f->c;
  LLVMTypeRef ptys[8];
  LLVMValueRef all[8];
  ptys[0] = c->t_ptr;
  all[0] = f->inst;
  for (unsigned i = 0; i < n; i++) {
    ptys[i + 1] = LLVMTypeOf(args[i]);
    all[i + 1] = args[i];
  }
  LLVMTypeRef fty;
  LLVMValueRef fn = wcc_rt_func(c, name, ret, ptys, n + 1, &fty);
  return LLVMBuildCall2(c->b, fty, fn, all, n + 1, "");
}

static LLVMValueRef k32(wcc_fn *f, uint64_t v) { return LLVMConstInt(f->c->t_i32, v, 0); }

/* Pop `n` i32 operands (in order) for a runtime call. */
static bool pop_i32s(wcc_fn *f, unsigned n, LLVMValueRef *out) {
  wcc_sval v;
  for (unsigned i = n; i-- > 0;) {
    if (!wcc_pop(f, WCC_I32, &v)) return false;
    out[i] = v.v;
  }
  return true;
}

/* Current size in bytes of memory 0 (it changes with memory.grow, possibly
 * through another instance that shares the memory). */
LLVMValueRef wcc_mem0_size(wcc_fn *f) {
  wcc_ctx *c = f->c;
  LLVMValueRef mems = load_inv(f, c->t_ptr, f->inst, WASMC_INSTANCE_MEMORIES_OFFSET, "memories");
  LLVMValueRef mem = load_inv(f, c->t_ptr, mems, 0, "memory0");
  return load_at(f, c->t_i64, mem, WASMC_MEMORY_SIZE_OFFSET, "memory0.size");
}

/* Host pointer of wasm address `i` (i32) in memory 0. */
static LLVMValueRef mem_ptr(wcc_fn *f, LLVMValueRef i) {
  wcc_ctx *c = f->c;
  LLVMValueRef ea = LLVMBuildZExt(c->b, i, c->t_i64, "");
  return LLVMBuildGEP2(c->b, c->t_i8, f->mem_base, &ea, 1, "");
}

static bool check_table(wcc_fn *f, uint32_t t) {
  if (t >= f->c->m->n_tables) return wcc_fn_error(f, "unknown table %u", t);
  return true;
}

static bool emit_prefix_fc(wcc_fn *f) {
  wcc_ctx *c = f->c;
  wcc_module *m = c->m;
  uint32_t sub;
  if (!wcc_read_u32(&f->r, &sub)) return false;
  if (sub <= 7) return wcc_emit_trunc_sat(f, sub);
  LLVMValueRef a[5];
  uint32_t x, y;
  switch (sub) {
  case 8: { /* memory.init dataidx memidx */
    uint8_t zero;
    if (!wcc_read_u32(&f->r, &x) || !wcc_read_u8(&f->r, &zero)) return false;
    if (!m->has_data_count) return wcc_fn_error(f, "data count section required for memory.init");
    if (zero != 0) return wcc_fn_error(f, "zero byte expected (multi-memory)");
    if (!m->n_memories) return wcc_fn_error(f, "unknown memory 0");
    if (x >= m->data_count) return wcc_fn_error(f, "unknown data segment %u", x);
    if (!pop_i32s(f, 3, a)) return false;
    if (f->live) { LLVMValueRef args[5] = {k32(f, 0), k32(f, x), a[0], a[1], a[2]}; rt_call(f, "wasmc_rt_memory_init", c->t_void, args, 5); }
    return true;
  }
  case 9:
    if (!wcc_read_u32(&f->r, &x)) return false;
    if (!m->has_data_count) return wcc_fn_error(f, "data count section required for data.drop");
    if (x >= m->data_count) return wcc_fn_error(f, "unknown data segment %u", x);
    if (f->live) { LLVMValueRef args[1] = {k32(f, x)}; rt_call(f, "wasmc_rt_data_drop", c->t_void, args, 1); }
    return true;
  case 10: { /* memory.copy */
    uint8_t z1, z2;
    if (!wcc_read_u8(&f->r, &z1) || !wcc_read_u8(&f->r, &z2)) return false;
    if (z1 || z2) return wcc_fn_error(f, "zero byte expected (multi-memory)");
    if (!m->n_memories) return wcc_fn_error(f, "unknown memory 0");
    if (!pop_i32s(f, 3, a)) return false;
    if (f->live) {
      /* bounds first (nothing is written on a trap), then memmove: LLVM
       * expands small constant sizes inline and calls libc's memmove otherwise */
      LLVMValueRef n = LLVMBuildZExt(c->b, a[2], c->t_i64, "n");
      LLVMValueRef size = wcc_mem0_size(f);
      LLVMValueRef d_end = LLVMBuildAdd(c->b, LLVMBuildZExt(c->b, a[0], c->t_i64, ""), n, "");
      LLVMValueRef s_end = LLVMBuildAdd(c->b, LLVMBuildZExt(c->b, a[1], c->t_i64, ""), n, "");
      LLVMValueRef oob = LLVMBuildOr(c->b, LLVMBuildICmp(c->b, LLVMIntUGT, d_end, size, ""),
                                     LLVMBuildICmp(c->b, LLVMIntUGT, s_end, size, ""), "oob");
      wcc_trap_if(f, oob, WASMC_TRAP_MEMORY_OOB);
      LLVMBuildMemMove(c->b, mem_ptr(f, a[0]), 1, mem_ptr(f, a[1]), 1, n);
    }
    return true;
  }
  case 11: { /* memory.fill */
    uint8_t z;
    if (!wcc_read_u8(&f->r, &z)) return false;
    if (z) return wcc_fn_error(f, "zero byte expected (multi-memory)");
    if (!m->n_memories) return wcc_fn_error(f, "unknown memory 0");
    if (!pop_i32s(f, 3, a)) return false;
    if (f->live) {
      LLVMValueRef n = LLVMBuildZExt(c->b, a[2], c->t_i64, "n");
      LLVMValueRef d_end = LLVMBuildAdd(c->b, LLVMBuildZExt(c->b, a[0], c->t_i64, ""), n, "");
      wcc_trap_if(f, LLVMBuildICmp(c->b, LLVMIntUGT, d_end, wcc_mem0_size(f), "oob"), WASMC_TRAP_MEMORY_OOB);
      LLVMBuildMemSet(c->b, mem_ptr(f, a[0]), LLVMBuildTrunc(c->b, a[1], c->t_i8, ""), n, 1);
    }
    return true;
  }
  case 12: /* table.init elemidx tableidx */
    if (!wcc_read_u32(&f->r, &x) || !wcc_read_u32(&f->r, &y)) return false;
    if (!check_table(f, y)) return false;
    if (x >= m->n_elems) return wcc_fn_error(f, "unknown elem segment %u", x);
    if (m->elems[x].elem_type != m->tables[y].elem_type) return wcc_fn_error(f, "type mismatch: table.init element type");
    if (!pop_i32s(f, 3, a)) return false;
    if (f->live) { LLVMValueRef args[5] = {k32(f, y), k32(f, x), a[0], a[1], a[2]}; rt_call(f, "wasmc_rt_table_init", c->t_void, args, 5); }
    return true;
  case 13:
    if (!wcc_read_u32(&f->r, &x)) return false;
    if (x >= m->n_elems) return wcc_fn_error(f, "unknown elem segment %u", x);
    if (f->live) { LLVMValueRef args[1] = {k32(f, x)}; rt_call(f, "wasmc_rt_elem_drop", c->t_void, args, 1); }
    return true;
  case 14: /* table.copy dst src */
    if (!wcc_read_u32(&f->r, &x) || !wcc_read_u32(&f->r, &y)) return false;
    if (!check_table(f, x) || !check_table(f, y)) return false;
    if (m->tables[x].elem_type != m->tables[y].elem_type) return wcc_fn_error(f, "type mismatch: table.copy between tables of different types");
    if (!pop_i32s(f, 3, a)) return false;
    if (f->live) { LLVMValueRef args[5] = {k32(f, x), k32(f, y), a[0], a[1], a[2]}; rt_call(f, "wasmc_rt_table_copy", c->t_void, args, 5); }
    return true;
  case 15: { /* table.grow */
    wcc_sval init, n;
    if (!wcc_read_u32(&f->r, &x) || !check_table(f, x)) return false;
    if (!wcc_pop(f, WCC_I32, &n) || !wcc_pop(f, m->tables[x].elem_type, &init)) return false;
    LLVMValueRef r = NULL;
    if (f->live) { LLVMValueRef args[3] = {k32(f, x), init.v, n.v}; r = rt_call(f, "wasmc_rt_table_grow", c->t_i32, args, 3); }
    return wcc_push(f, WCC_I32, r);
  }
  case 16: { /* table.size */
    if (!wcc_read_u32(&f->r, &x) || !check_table(f, x)) return false;
    LLVMValueRef r = NULL;
    if (f->live) r = load_at(f, c->t_i32, table_ptr(f, x), WASMC_TABLE_SIZE_OFFSET, "table.size");
    return wcc_push(f, WCC_I32, r);
  }
  case 17: { /* table.fill */
    wcc_sval i, v, n;
    if (!wcc_read_u32(&f->r, &x) || !check_table(f, x)) return false;
    if (!wcc_pop(f, WCC_I32, &n) || !wcc_pop(f, m->tables[x].elem_type, &v) || !wcc_pop(f, WCC_I32, &i)) return false;
    if (f->live) { LLVMValueRef args[4] = {k32(f, x), i.v, v.v, n.v}; rt_call(f, "wasmc_rt_table_fill", c->t_void, args, 4); }
    return true;
  }
  default:
    return wcc_fn_reject_opcode(f, 0xfc, sub); /* wide arithmetic, or illegal */
  }
}

/* ---- exceptions (exception-handling proposal: try/catch/catch_all/delegate,
 * throw, rethrow; docs/exceptions.md) ------------------------------------------
 * Calls inside a try body are invokes whose landing pad catches every
 * exception (the runtime's personality finds it); the pad's join block tests
 * the exception's tag against each catch clause in order.  An exception no
 * clause takes goes to the enclosing handler: the join of an outer try in
 * this function, or the caller (wasmc_rt_resume).  A catch frees the
 * exception once its payload is on the stack, unless a rethrow names the
 * catch: then the runtime holds it (wasmc_rt_exception_hold), an alloca
 * slot points to it, and rethrow throws a copy. */
static LLVMValueRef personality_fn(wcc_ctx *c) {
  LLVMValueRef p = LLVMGetNamedFunction(c->llmod, "wasmc_rt_personality");
  if (!p) {
    LLVMTypeRef ps[5] = {c->t_i32, c->t_i32, c->t_i64, c->t_ptr, c->t_ptr};
    p = LLVMAddFunction(c->llmod, "wasmc_rt_personality", LLVMFunctionType(c->t_i32, ps, 5, 0));
  }
  return p;
}

/* A runtime function that unwinds and never returns (throw, rethrow, resume). */
static LLVMValueRef rt_unwinding_fn(wcc_ctx *c, const char *name, unsigned n_params, LLVMTypeRef *fty) {
  LLVMTypeRef ps[3] = {c->t_ptr, c->t_ptr, c->t_ptr};
  *fty = LLVMFunctionType(c->t_void, ps, n_params, 0);
  LLVMValueRef fn = LLVMGetNamedFunction(c->llmod, name);
  if (!fn) {
    fn = LLVMAddFunction(c->llmod, name, *fty);
    const char *attrs[] = {"noreturn", "cold"};
    for (int k = 0; k < 2; k++) {
      unsigned kind = LLVMGetEnumAttributeKindForName(attrs[k], strlen(attrs[k]));
      LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(c->llctx, kind, 0));
    }
  }
  return fn;
}

static wcc_unwind *new_unwind(wcc_fn *f) {
  wcc_ctx *c = f->c;
  wcc_unwind *u = calloc(1, sizeof *u);
  if (!u) return NULL;
  u->join = LLVMAppendBasicBlockInContext(c->llctx, f->fn, "catch.dispatch");
  LLVMPositionBuilderAtEnd(f->pb, u->join);
  u->exn = LLVMBuildPhi(f->pb, c->t_ptr, "exn");
  return u;
}

/* The landing pad of `u`, created on first use. */
static LLVMBasicBlockRef unwind_pad(wcc_fn *f, wcc_unwind *u) {
  wcc_ctx *c = f->c;
  if (u->pad) return u->pad;
  LLVMValueRef pers = personality_fn(c);
  if (!LLVMHasPersonalityFn(f->fn)) LLVMSetPersonalityFn(f->fn, pers);
  u->pad = LLVMAppendBasicBlockInContext(c->llctx, f->fn, "lpad");
  LLVMPositionBuilderAtEnd(f->pb, u->pad);
  LLVMTypeRef fields[2] = {c->t_ptr, c->t_i32};
  LLVMValueRef lp = LLVMBuildLandingPad(f->pb, LLVMStructTypeInContext(c->llctx, fields, 2, 0), pers, 1, "lp");
  LLVMAddClause(lp, LLVMConstPointerNull(c->t_ptr)); /* catch everything */
  LLVMValueRef exn = LLVMBuildExtractValue(f->pb, lp, 0, "");
  LLVMBuildBr(f->pb, u->join);
  LLVMAddIncoming(u->exn, &exn, &u->pad, 1);
  u->n_incoming++;
  return u->pad;
}

/* A call: an invoke when it may throw inside a try body (the builder moves
 * to the normal continuation), else a plain call. */
static LLVMValueRef build_call(wcc_fn *f, LLVMTypeRef fty, LLVMValueRef fn, LLVMValueRef *args, unsigned n,
                               bool may_throw) {
  wcc_ctx *c = f->c;
  if (!may_throw || !f->unwind) {
    LLVMValueRef r = LLVMBuildCall2(c->b, fty, fn, args, n, "");
    /* notail keeps LLVM from turning (mutual) recursion into loops: wasm
     * recursion must exhaust the stack and trap, as assert_exhaustion tests */
    LLVMSetTailCallKind(r, LLVMTailCallKindNoTail);
    return r;
  }
  LLVMBasicBlockRef cont = LLVMAppendBasicBlockInContext(c->llctx, f->fn, "invoke.cont");
  LLVMValueRef r = LLVMBuildInvoke2(c->b, fty, fn, args, n, cont, unwind_pad(f, f->unwind), "");
  LLVMPositionBuilderAtEnd(c->b, cont);
  return r;
}

/* Hand the exception `exn` (at the builder's position) to handler `to`. */
static void propagate(wcc_fn *f, LLVMValueRef exn, wcc_unwind *to) {
  wcc_ctx *c = f->c;
  if (to) {
    LLVMBasicBlockRef cur = LLVMGetInsertBlock(c->b);
    LLVMAddIncoming(to->exn, &exn, &cur, 1);
    to->n_incoming++;
    LLVMBuildBr(c->b, to->join);
    return;
  }
  LLVMTypeRef fty;
  LLVMValueRef fn = rt_unwinding_fn(c, "wasmc_rt_resume", 1, &fty);
  LLVMBuildCall2(c->b, fty, fn, &exn, 1, "");
  LLVMBuildUnreachable(c->b);
}

/* Host pointer of tag `x` (const wasmc_tag *): its identity. */
static LLVMValueRef tag_ptr(wcc_fn *f, uint32_t x) {
  wcc_ctx *c = f->c;
  LLVMValueRef arr = load_inv(f, c->t_ptr, f->inst, WASMC_INSTANCE_TAGS_OFFSET, "tags");
  return load_inv(f, c->t_ptr, arr, (uint64_t)x * 8, "tag");
}

/* An alloca in the entry block. */
static LLVMValueRef entry_alloca(wcc_fn *f, LLVMTypeRef ty, const char *name) {
  LLVMPositionBuilderBefore(f->pb, LLVMGetFirstInstruction(f->entry));
  return LLVMBuildAlloca(f->pb, ty, name);
}

/* A call of runtime function `name` (void, pointer arguments) that cannot
 * throw: wasmc_rt_exception_free(exn), _hold(exn, slot), _release(slot). */
static LLVMValueRef exn_rt_call(wcc_fn *f, LLVMBuilderRef b, const char *name, LLVMValueRef *args, unsigned n) {
  wcc_ctx *c = f->c;
  LLVMTypeRef ps[2] = {c->t_ptr, c->t_ptr}, fty;
  LLVMValueRef fn = wcc_rt_func(c, name, c->t_void, ps, n, &fty);
  return LLVMBuildCall2(b, fty, fn, args, n, "");
}

static bool tag_index(wcc_fn *f, uint32_t *x) {
  if (!wcc_read_u32(&f->r, x)) return false;
  if (*x >= f->c->m->n_tags) return wcc_fn_error(f, "unknown tag %u", *x);
  return true;
}

/* The end of a try body: its calls' handler is no longer in effect; the
 * catch clauses test the tag at the landing pad's join, if anything
 * reaches it. */
static void leave_try_body(wcc_fn *f, wcc_frame *fr) {
  wcc_unwind *u = fr->try_unwind;
  f->unwind = fr->unwind_inside = fr->unwind_outer;
  if (u->n_incoming) {
    fr->dispatch = u->join;
  } else {
    LLVMInstructionEraseFromParent(u->exn);
    LLVMDeleteBasicBlock(u->join);
    u->join = NULL;
    u->exn = NULL;
    fr->dispatch = NULL;
  }
}

/* End the current arm of an if (before `else`) or part of a try (before a
 * catch clause): type-check its results and branch with them to the join. */
static bool end_arm(wcc_fn *f, wcc_frame *fr, const char *where) {
  wcc_ctx *c = f->c;
  wcc_sval *vals = calloc(fr->n_results + 1, sizeof *vals);
  if (!pop_types(f, fr->n_results, fr->results, vals)) { free(vals); return false; }
  if (f->sp != fr->height) { free(vals); return wcc_fn_error(f, "type mismatch: extra values %s", where); }
  for (uint32_t i = 0; i < fr->n_results; i++) wcc_push(f, fr->results[i], vals[i].v);
  free(vals);
  if (f->live) {
    if (fr->n_results) add_incoming(f, fr->phis, fr->n_results);
    fr->n_incoming++;
    LLVMBuildBr(c->b, fr->exit);
  }
  f->sp = fr->height;
  fr->unreachable = false;
  return true;
}

/* End the current part of a try (its body or a catch clause) before the
 * next catch clause. */
static bool close_try_part(wcc_fn *f, wcc_frame *fr) {
  if (f->live && fr->exn_slot) exn_rt_call(f, f->c->b, "wasmc_rt_exception_release", &fr->exn_slot, 1);
  if (!end_arm(f, fr, "at the end of a try part")) return false;
  fr->exn = fr->exn_free = fr->exn_slot = NULL;
  if (fr->kind == FRAME_TRY) leave_try_body(f, fr);
  return true;
}

/* catch x (all_tags == false) or catch_all. */
static bool begin_catch(wcc_fn *f, bool all_tags) {
  wcc_ctx *c = f->c;
  wcc_frame *fr = &f->frames[f->n_frames - 1];
  uint32_t x = 0;
  if (fr->kind != FRAME_TRY && fr->kind != FRAME_CATCH)
    return wcc_fn_error(f, fr->kind == FRAME_CATCH_ALL ? "catch after catch_all" : "catch outside a try block");
  if (!all_tags && !tag_index(f, &x)) return false;
  if (!close_try_part(f, fr)) return false;
  fr->kind = all_tags ? FRAME_CATCH_ALL : FRAME_CATCH;
  const wcc_functype *tt = all_tags ? NULL : &c->m->types[c->m->tag_types[x]];
  f->live = fr->dispatch != NULL;
  if (!f->live) {
    if (tt)
      for (uint32_t i = 0; i < tt->n_params; i++) wcc_push(f, tt->params[i], NULL);
    return true;
  }
  LLVMValueRef exn = fr->try_unwind->exn;
  LLVMBasicBlockRef body = LLVMAppendBasicBlockInContext(c->llctx, f->fn, all_tags ? "catch_all" : "catch");
  LLVMPositionBuilderAtEnd(c->b, fr->dispatch);
  if (all_tags) {
    LLVMBuildBr(c->b, body);
    fr->dispatch = NULL;
  } else {
    LLVMValueRef have = LLVMBuildLoad2(c->b, c->t_ptr, exn, "exn.tag");
    LLVMValueRef match = LLVMBuildICmp(c->b, LLVMIntEQ, have, tag_ptr(f, x), "");
    LLVMBasicBlockRef next = LLVMAppendBasicBlockInContext(c->llctx, f->fn, "catch.next");
    LLVMBuildCondBr(c->b, match, body, next);
    fr->dispatch = next;
  }
  LLVMPositionBuilderAtEnd(c->b, body);
  if (tt)
    for (uint32_t i = 0; i < tt->n_params; i++) {
      LLVMValueRef v = load_at(f, wcc_llvm_type(c, tt->params[i]), exn,
                               WASMC_EXCEPTION_PAYLOAD_OFFSET + (uint64_t)i * WASMC_EXCEPTION_SLOT_SIZE, "payload");
      if (!wcc_push(f, tt->params[i], v)) return false;
    }
  fr->exn = exn;
  fr->exn_free = exn_rt_call(f, c->b, "wasmc_rt_exception_free", &exn, 1);
  return true;
}

/* `end` or `delegate` of a try frame: unhandled exceptions go to `to`. */
static void finish_try(wcc_fn *f, wcc_frame *fr, wcc_unwind *to) {
  wcc_ctx *c = f->c;
  LLVMBasicBlockRef cur = LLVMGetInsertBlock(c->b);
  if (fr->kind == FRAME_TRY) leave_try_body(f, fr);
  if (fr->dispatch) {
    LLVMPositionBuilderAtEnd(c->b, fr->dispatch);
    propagate(f, fr->try_unwind->exn, to);
    fr->dispatch = NULL;
  }
  if (cur) LLVMPositionBuilderAtEnd(c->b, cur);
  if (f->live && fr->exn_slot) exn_rt_call(f, c->b, "wasmc_rt_exception_release", &fr->exn_slot, 1);
  free(fr->try_unwind);
  fr->try_unwind = NULL;
}

static bool emit_throw(wcc_fn *f, uint32_t x) {
  wcc_ctx *c = f->c;
  const wcc_functype *tt = &c->m->types[c->m->tag_types[x]];
  wcc_sval *vals = calloc(tt->n_params + 1, sizeof *vals);
  if (!pop_types(f, tt->n_params, tt->params, vals)) { free(vals); return false; }
  if (f->live) {
    LLVMValueRef buf = LLVMConstPointerNull(c->t_ptr);
    if (tt->n_params) {
      buf = entry_alloca(f, LLVMArrayType2(c->t_i8, (uint64_t)tt->n_params * WASMC_EXCEPTION_SLOT_SIZE), "payload");
      LLVMSetAlignment(buf, 16);
      for (uint32_t i = 0; i < tt->n_params; i++) {
        LLVMValueRef off = LLVMConstInt(c->t_i64, (uint64_t)i * WASMC_EXCEPTION_SLOT_SIZE, 0);
        LLVMBuildStore(c->b, vals[i].v, LLVMBuildGEP2(c->b, c->t_i8, buf, &off, 1, ""));
      }
    }
    LLVMTypeRef fty;
    LLVMValueRef fn = rt_unwinding_fn(c, "wasmc_rt_throw", 3, &fty);
    LLVMValueRef args[3] = {f->inst, tag_ptr(f, x), buf};
    build_call(f, fty, fn, args, 3, true);
    LLVMBuildUnreachable(c->b);
    f->has_calls = true;
  }
  free(vals);
  set_unreachable(f);
  return true;
}

static bool get_frame(wcc_fn *f, uint32_t depth, wcc_frame **out);

static bool emit_rethrow(wcc_fn *f, uint32_t depth) {
  wcc_ctx *c = f->c;
  wcc_frame *t;
  if (!get_frame(f, depth, &t)) return false;
  if (t->kind != FRAME_CATCH && t->kind != FRAME_CATCH_ALL) return wcc_fn_error(f, "invalid rethrow label %u", depth);
  if (f->live && t->exn) {
    if (!t->exn_slot) {
      /* keep the exception: the runtime holds it (and the slot points to
       * it) instead of the free at the catch's entry */
      t->exn_slot = entry_alloca(f, c->t_ptr, "exn.slot");
      LLVMPositionBuilderBefore(f->pb, t->exn_free);
      LLVMValueRef args[2] = {t->exn, t->exn_slot};
      exn_rt_call(f, f->pb, "wasmc_rt_exception_hold", args, 2);
      LLVMInstructionEraseFromParent(t->exn_free);
      t->exn_free = NULL;
    }
    LLVMTypeRef fty;
    LLVMValueRef fn = rt_unwinding_fn(c, "wasmc_rt_rethrow", 1, &fty);
    LLVMValueRef exn = LLVMBuildLoad2(c->b, c->t_ptr, t->exn_slot, "");
    build_call(f, fty, fn, &exn, 1, true);
    LLVMBuildUnreachable(c->b);
    f->has_calls = true;
  }
  set_unreachable(f);
  return true;
}

/* ---- the instruction loop --------------------------------------------------- */
static bool end_frame(wcc_fn *f) {
  wcc_ctx *c = f->c;
  wcc_frame *fr = &f->frames[f->n_frames - 1];
  /* if without else: the implicit else passes the params through */
  if (fr->kind == FRAME_IF) {
    if (fr->n_params != fr->n_results || (fr->n_params && memcmp(fr->params, fr->results, fr->n_params)))
      return wcc_fn_error(f, "type mismatch: if without else must have matching param and result types");
  }
  wcc_sval *vals = calloc(fr->n_results + 1, sizeof *vals);
  if (!pop_types(f, fr->n_results, fr->results, vals)) { free(vals); return false; }
  if (f->sp != fr->height) { free(vals); return wcc_fn_error(f, "type mismatch: %u extra values at the end of a block", f->sp - fr->height); }
  /* restore typed values for the fallthrough edge */
  for (uint32_t i = 0; i < fr->n_results; i++)
    if (!wcc_push(f, fr->results[i], vals[i].v)) { free(vals); return false; }
  if (fr->kind == FRAME_LOOP) {
    /* the loop's end is reached only by falling through: the typed results
     * stay on the stack, liveness is unchanged */
    free(vals);
    free(fr->phis);
    f->n_frames--;
    return true;
  }
  LLVMValueRef *phis = fr->phis;
  if (f->live) {
    if (fr->n_results) add_incoming(f, phis, fr->n_results);
    fr->n_incoming++;
    LLVMBuildBr(c->b, fr->exit);
  }
  if (fr->kind == FRAME_IF && fr->live_at_entry) {
    /* implicit else edge: params == results */
    LLVMPositionBuilderAtEnd(c->b, fr->else_bb);
    LLVMBasicBlockRef cur = fr->else_bb;
    for (uint32_t i = 0; i < fr->n_results; i++) {
      LLVMValueRef v = fr->if_params[i].v ? fr->if_params[i].v : LLVMGetPoison(LLVMTypeOf(phis[i]));
      LLVMAddIncoming(phis[i], &v, &cur, 1);
    }
    fr->n_incoming++;
    LLVMBuildBr(c->b, fr->exit);
  } else if (fr->kind == FRAME_IF) {
    LLVMDeleteBasicBlock(fr->else_bb);
  }
  f->sp = fr->height;
  bool reached = fr->n_incoming > 0;
  uint32_t n_results = fr->n_results;
  const uint8_t *results = fr->results;
  free(fr->if_params);
  free(vals);
  bool is_func = fr->kind == FRAME_FUNC;
  LLVMBasicBlockRef exit = fr->exit;
  f->n_frames--;
  if (!reached) {
    for (uint32_t i = 0; i < n_results; i++) LLVMInstructionEraseFromParent(phis[i]);
    LLVMDeleteBasicBlock(exit);
    free(phis);
    /* No edge reaches the join: the code after the block is dead for LLVM,
     * but it is still type-checked normally (the stack is not polymorphic). */
    f->live = false;
    if (f->n_frames)
      for (uint32_t i = 0; i < n_results; i++)
        if (!wcc_push(f, results[i], NULL)) return false;
    return true;
  }
  LLVMMoveBasicBlockAfter(exit, LLVMGetInsertBlock(c->b));
  LLVMPositionBuilderAtEnd(c->b, exit);
  f->live = true;
  if (is_func) {
    if (n_results == 0) LLVMBuildRetVoid(c->b);
    else if (n_results == 1) LLVMBuildRet(c->b, phis[0]);
    else LLVMBuildAggregateRet(c->b, phis, n_results);
    free(phis);
    return true;
  }
  for (uint32_t i = 0; i < n_results; i++)
    if (!wcc_push(f, results[i], phis[i])) return false;
  free(phis);
  return true;
}

static bool emit_return(wcc_fn *f) {
  wcc_ctx *c = f->c;
  const wcc_functype *ft = f->type;
  wcc_sval *vals = calloc(ft->n_results + 1, sizeof *vals);
  bool ok = pop_types(f, ft->n_results, ft->results, vals);
  if (ok && f->live) {
    if (ft->n_results == 0) LLVMBuildRetVoid(c->b);
    else if (ft->n_results == 1) LLVMBuildRet(c->b, vals[0].v);
    else {
      LLVMValueRef *vs = calloc(ft->n_results, sizeof *vs);
      for (uint32_t i = 0; i < ft->n_results; i++) vs[i] = vals[i].v;
      LLVMBuildAggregateRet(c->b, vs, ft->n_results);
      free(vs);
    }
  }
  free(vals);
  if (ok) set_unreachable(f);
  return ok;
}

static bool get_frame(wcc_fn *f, uint32_t depth, wcc_frame **out) {
  if (depth >= f->n_frames) return wcc_fn_error(f, "unknown label %u", depth);
  *out = &f->frames[f->n_frames - 1 - depth];
  return true;
}

static bool local_index(wcc_fn *f, uint32_t *out) {
  if (!wcc_read_u32(&f->r, out)) return false;
  if (*out >= f->n_locals) return wcc_fn_error(f, "unknown local %u", *out);
  return true;
}

static bool lower_body(wcc_fn *f) {
  wcc_ctx *c = f->c;
  wcc_module *m = c->m;
  while (f->n_frames) {
    f->op_start = f->r.p;
    uint8_t op;
    if (!wcc_read_u8(&f->r, &op)) return wcc_fn_error(f, "unexpected end of function body (END opcode expected)");
    switch (op) {
    case 0x00: /* unreachable */
      if (f->live) wcc_trap_now(f, WASMC_TRAP_UNREACHABLE);
      set_unreachable(f);
      break;
    case 0x01: break; /* nop */
    case 0x02: case 0x03: case 0x04: case 0x06: { /* block, loop, if, try */
      uint32_t np, nr;
      const uint8_t *params, *results;
      if (!read_blocktype(f, &np, &params, &nr, &results)) return false;
      wcc_sval cond = {0};
      if (op == 0x04 && !wcc_pop(f, WCC_I32, &cond)) return false;
      /* type-check the params in place */
      wcc_sval *pv = calloc(np + 1, sizeof *pv);
      if (!pop_types(f, np, params, pv)) { free(pv); return false; }
      for (uint32_t i = 0; i < np; i++) wcc_push(f, params[i], pv[i].v);
      uint8_t kind = op == 0x02 ? FRAME_BLOCK : op == 0x03 ? FRAME_LOOP : op == 0x04 ? FRAME_IF : FRAME_TRY;
      if (!push_frame(f, kind, np, params, nr, results)) { free(pv); return false; }
      wcc_frame *fr = &f->frames[f->n_frames - 1];
      const char *names[] = {"block", "loop", "if", "", "try.end"};
      fr->exit = LLVMAppendBasicBlockInContext(c->llctx, f->fn, names[op - 2]);
      if (kind == FRAME_TRY) {
        /* calls in the body unwind to the try's own landing pad */
        fr->try_unwind = new_unwind(f);
        if (!fr->try_unwind) { free(pv); return wcc_fn_error(f, "out of memory"); }
        f->unwind = fr->unwind_inside = fr->try_unwind;
      }
      if (kind == FRAME_LOOP) {
        fr->label = LLVMAppendBasicBlockInContext(c->llctx, f->fn, "loop.header");
        fr->phis = make_phis(f, fr->label, np, params);
        if (f->live) {
          if (np) add_incoming(f, fr->phis, np);
          LLVMBuildBr(c->b, fr->label);
          LLVMPositionBuilderAtEnd(c->b, fr->label);
          for (uint32_t i = 0; i < np; i++) f->stack[f->sp - np + i].v = fr->phis[i];
        } else {
          LLVMDeleteBasicBlock(fr->label);
          fr->label = NULL;
        }
        LLVMDeleteBasicBlock(fr->exit);
        fr->exit = NULL;
      } else {
        fr->label = fr->exit;
        fr->phis = make_phis(f, fr->exit, nr, fr->results);
        if (kind == FRAME_IF) {
          fr->if_params = pv;
          pv = NULL;
          fr->else_bb = LLVMAppendBasicBlockInContext(c->llctx, f->fn, "else");
          if (f->live) {
            LLVMBasicBlockRef then_bb = LLVMAppendBasicBlockInContext(c->llctx, f->fn, "then");
            LLVMValueRef b = LLVMBuildICmp(c->b, LLVMIntNE, cond.v, LLVMConstInt(c->t_i32, 0, 0), "if.cond");
            LLVMBuildCondBr(c->b, b, then_bb, fr->else_bb);
            LLVMPositionBuilderAtEnd(c->b, then_bb);
          }
        }
      }
      free(pv);
      break;
    }
    case 0x05: { /* else */
      wcc_frame *fr = &f->frames[f->n_frames - 1];
      if (fr->kind != FRAME_IF) return wcc_fn_error(f, "else without matching if");
      if (!end_arm(f, fr, "before else")) return false;
      fr->kind = FRAME_ELSE;
      f->live = fr->live_at_entry;
      if (f->live) LLVMPositionBuilderAtEnd(c->b, fr->else_bb);
      else LLVMDeleteBasicBlock(fr->else_bb);
      for (uint32_t i = 0; i < fr->n_params; i++) wcc_push(f, fr->params[i], fr->if_params[i].v);
      break;
    }
    case 0x0b: { /* end */
      wcc_frame *fr = &f->frames[f->n_frames - 1];
      if (fr->kind == FRAME_TRY || fr->kind == FRAME_CATCH || fr->kind == FRAME_CATCH_ALL)
        finish_try(f, fr, fr->unwind_outer);
      if (!end_frame(f)) return false;
      break;
    }
    case 0x0c: case 0x0d: { /* br, br_if */
      uint32_t depth;
      wcc_frame *t;
      if (!wcc_read_u32(&f->r, &depth) || !get_frame(f, depth, &t)) return false;
      wcc_sval cond = {0};
      if (op == 0x0d && !wcc_pop(f, WCC_I32, &cond)) return false;
      uint32_t n = label_arity(t);
      const uint8_t *types = label_types(t);
      wcc_sval *vals = calloc(n + 1, sizeof *vals);
      if (!pop_types(f, n, types, vals)) { free(vals); return false; }
      for (uint32_t i = 0; i < n; i++) wcc_push(f, types[i], vals[i].v);
      free(vals);
      if (op == 0x0c) {
        emit_branch_edge(f, t);
        if (f->live) LLVMBuildBr(c->b, t->label);
        set_unreachable(f);
      } else if (f->live) {
        LLVMBasicBlockRef cont = LLVMAppendBasicBlockInContext(c->llctx, f->fn, "br_if.cont");
        emit_branch_edge(f, t);
        LLVMValueRef b = LLVMBuildICmp(c->b, LLVMIntNE, cond.v, LLVMConstInt(c->t_i32, 0, 0), "br_if.cond");
        LLVMBuildCondBr(c->b, b, t->label, cont);
        LLVMPositionBuilderAtEnd(c->b, cont);
      }
      break;
    }
    case 0x0e: { /* br_table */
      uint32_t n;
      if (!wcc_read_u32(&f->r, &n)) return false;
      if (n > (size_t)(f->r.end - f->r.p)) return wcc_fn_error(f, "unexpected end (br_table length)");
      uint32_t *depths = malloc(((size_t)n + 1) * sizeof *depths);
      for (uint32_t i = 0; i <= n; i++)
        if (!wcc_read_u32(&f->r, &depths[i])) { free(depths); return false; }
      wcc_sval idx;
      if (!wcc_pop(f, WCC_I32, &idx)) { free(depths); return false; }
      wcc_frame *dflt;
      if (!get_frame(f, depths[n], &dflt)) { free(depths); return false; }
      uint32_t arity = label_arity(dflt);
      for (uint32_t i = 0; i <= n; i++) {
        wcc_frame *t;
        if (!get_frame(f, depths[i], &t)) { free(depths); return false; }
        if (label_arity(t) != arity) { free(depths); return wcc_fn_error(f, "type mismatch: br_table targets have different arities"); }
        if (!check_top(f, arity, label_types(t))) { free(depths); return false; }
      }
      if (f->live && !emit_br_table(f, idx.v, n, depths)) { free(depths); return false; }
      free(depths);
      set_unreachable(f);
      break;
    }
    case 0x0f:
      if (!emit_return(f)) return false;
      break;
    case 0x10: {
      uint32_t idx;
      if (!wcc_read_u32(&f->r, &idx) || !emit_call(f, idx)) return false;
      break;
    }
    case 0x11: {
      uint32_t ti, tab;
      if (!wcc_read_u32(&f->r, &ti) || !wcc_read_u32(&f->r, &tab) || !emit_call_indirect(f, ti, tab)) return false;
      break;
    }
    case 0x07: /* catch */
      if (!begin_catch(f, false)) return false;
      break;
    case 0x19: /* catch_all */
      if (!begin_catch(f, true)) return false;
      break;
    case 0x18: { /* delegate: the body's exceptions go to the handler at label l */
      wcc_frame *fr = &f->frames[f->n_frames - 1];
      uint32_t l;
      if (fr->kind != FRAME_TRY) return wcc_fn_error(f, "delegate outside a try block (or after catch)");
      if (!wcc_read_u32(&f->r, &l)) return false;
      if (l + 1 >= f->n_frames) return wcc_fn_error(f, "unknown label %u", l);
      finish_try(f, fr, f->frames[f->n_frames - 2 - l].unwind_inside);
      if (!end_frame(f)) return false;
      break;
    }
    case 0x08: { /* throw */
      uint32_t x;
      if (!tag_index(f, &x) || !emit_throw(f, x)) return false;
      break;
    }
    case 0x09: { /* rethrow */
      uint32_t depth;
      if (!wcc_read_u32(&f->r, &depth) || !emit_rethrow(f, depth)) return false;
      break;
    }
    case 0x1a: { /* drop */
      wcc_sval v;
      if (!wcc_pop(f, WCC_UNKNOWN, &v)) return false;
      if (f->live) wcc_drop_value(f, v.v);
      break;
    }
    case 0x1b: case 0x1c: { /* select, select t */
      uint8_t t = WCC_UNKNOWN;
      if (op == 0x1c) {
        uint32_t n;
        if (!wcc_read_u32(&f->r, &n)) return false;
        if (n != 1) return wcc_fn_error(f, "invalid result arity for typed select");
        if (!wcc_read_u8(&f->r, &t)) return false;
        if (!wcc_is_valtype(t)) return wcc_fn_reject_valtype(f, t, "malformed value type in select");
      }
      wcc_sval cond, b, a;
      if (!wcc_pop(f, WCC_I32, &cond) || !wcc_pop(f, t, &b) || !wcc_pop(f, t == WCC_UNKNOWN ? b.type : t, &a)) return false;
      uint8_t rt = t != WCC_UNKNOWN ? t : (a.type != WCC_UNKNOWN ? a.type : b.type);
      if (op == 0x1b) {
        if (a.type != WCC_UNKNOWN && b.type != WCC_UNKNOWN && a.type != b.type)
          return wcc_fn_error(f, "type mismatch in select");
        if (rt != WCC_UNKNOWN && !is_num(rt)) return wcc_fn_error(f, "type mismatch: select without type needs numeric operands");
      }
      LLVMValueRef r = NULL;
      if (f->live) {
        LLVMValueRef cb = LLVMBuildICmp(c->b, LLVMIntNE, cond.v, LLVMConstInt(c->t_i32, 0, 0), "");
        r = LLVMBuildSelect(c->b, cb, a.v, b.v, "select");
      }
      if (!wcc_push(f, rt, r)) return false;
      break;
    }
    case 0x20: {
      uint32_t i;
      if (!local_index(f, &i)) return false;
      uint8_t t = f->local_types[i];
      if (!wcc_push(f, t, f->live ? LLVMBuildLoad2(c->b, wcc_llvm_type(c, t), f->locals[i], "local") : NULL)) return false;
      break;
    }
    case 0x21: case 0x22: {
      uint32_t i;
      wcc_sval v;
      if (!local_index(f, &i) || !wcc_pop(f, f->local_types[i], &v)) return false;
      if (f->live) LLVMBuildStore(c->b, v.v, f->locals[i]);
      if (op == 0x22 && !wcc_push(f, f->local_types[i], v.v)) return false;
      break;
    }
    case 0x23: {
      uint32_t g;
      if (!wcc_read_u32(&f->r, &g)) return false;
      if (g >= m->n_globals) return wcc_fn_error(f, "unknown global %u", g);
      uint8_t t = m->globals[g].type;
      LLVMValueRef v = NULL;
      if (f->live) {
        v = LLVMBuildLoad2(c->b, wcc_llvm_type(c, t), global_cell(f, g), "global.get");
        if (t == WCC_V128) LLVMSetAlignment(v, 8); /* global cells are 8-aligned; v128 would assume 16 */
        if (c->tbaa_global) LLVMSetMetadata(v, c->md_tbaa, c->tbaa_global);
      }
      if (!wcc_push(f, t, v)) return false;
      break;
    }
    case 0x24: {
      uint32_t g;
      wcc_sval v;
      if (!wcc_read_u32(&f->r, &g)) return false;
      if (g >= m->n_globals) return wcc_fn_error(f, "unknown global %u", g);
      if (!m->globals[g].is_mutable) return wcc_fn_error(f, "global is immutable");
      if (!wcc_pop(f, m->globals[g].type, &v)) return false;
      if (f->live) {
        LLVMValueRef s = LLVMBuildStore(c->b, v.v, global_cell(f, g));
        if (m->globals[g].type == WCC_V128) LLVMSetAlignment(s, 8);
        if (c->tbaa_global) LLVMSetMetadata(s, c->md_tbaa, c->tbaa_global);
      }
      break;
    }
    case 0x25: { /* table.get */
      uint32_t t;
      wcc_sval i;
      if (!wcc_read_u32(&f->r, &t) || !check_table(f, t) || !wcc_pop(f, WCC_I32, &i)) return false;
      LLVMValueRef r = NULL;
      if (f->live) { LLVMValueRef args[2] = {k32(f, t), i.v}; r = rt_call(f, "wasmc_rt_table_get", c->t_ptr, args, 2); }
      if (!wcc_push(f, m->tables[t].elem_type, r)) return false;
      break;
    }
    case 0x26: { /* table.set */
      uint32_t t;
      wcc_sval i, v;
      if (!wcc_read_u32(&f->r, &t) || !check_table(f, t)) return false;
      if (!wcc_pop(f, m->tables[t].elem_type, &v) || !wcc_pop(f, WCC_I32, &i)) return false;
      if (f->live) { LLVMValueRef args[3] = {k32(f, t), i.v, v.v}; rt_call(f, "wasmc_rt_table_set", c->t_void, args, 3); }
      break;
    }
    case 0x3f: case 0x40: { /* memory.size, memory.grow */
      uint8_t z;
      if (!wcc_read_u8(&f->r, &z)) return false;
      if (z != 0) return wcc_fn_error(f, "zero byte expected");
      if (!m->n_memories) return wcc_fn_error(f, "unknown memory 0");
      LLVMValueRef r = NULL;
      if (op == 0x3f) {
        if (f->live) { LLVMValueRef args[1] = {k32(f, 0)}; r = rt_call(f, "wasmc_rt_memory_size", c->t_i32, args, 1); }
      } else {
        wcc_sval d;
        if (!wcc_pop(f, WCC_I32, &d)) return false;
        if (f->live) { LLVMValueRef args[2] = {k32(f, 0), d.v}; r = rt_call(f, "wasmc_rt_memory_grow", c->t_i32, args, 2); }
      }
      if (!wcc_push(f, WCC_I32, r)) return false;
      break;
    }
    case 0x41: {
      int32_t v;
      if (!wcc_read_s32(&f->r, &v) || !wcc_push(f, WCC_I32, LLVMConstInt(c->t_i32, (uint32_t)v, 0))) return false;
      break;
    }
    case 0x42: {
      int64_t v;
      if (!wcc_read_s64(&f->r, &v) || !wcc_push(f, WCC_I64, LLVMConstInt(c->t_i64, (uint64_t)v, 0))) return false;
      break;
    }
    case 0x43: {
      const uint8_t *p;
      if (!wcc_read_bytes(&f->r, 4, &p)) return false;
      uint32_t bits = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
      if (!wcc_push(f, WCC_F32, LLVMConstBitCast(LLVMConstInt(c->t_i32, bits, 0), c->t_f32))) return false;
      break;
    }
    case 0x44: {
      const uint8_t *p;
      if (!wcc_read_bytes(&f->r, 8, &p)) return false;
      uint64_t bits = 0;
      for (int i = 7; i >= 0; i--) bits = bits << 8 | p[i];
      if (!wcc_push(f, WCC_F64, LLVMConstBitCast(LLVMConstInt(c->t_i64, bits, 0), c->t_f64))) return false;
      break;
    }
    case 0xd0: { /* ref.null */
      uint8_t t;
      if (!wcc_read_u8(&f->r, &t)) return false;
      if (!is_ref(t)) return wcc_fn_reject_valtype(f, t, "malformed reference type");
      if (!wcc_push(f, t, LLVMConstPointerNull(c->t_ptr))) return false;
      break;
    }
    case 0xd1: { /* ref.is_null */
      wcc_sval v;
      if (!wcc_pop(f, WCC_UNKNOWN, &v)) return false;
      if (v.type != WCC_UNKNOWN && !is_ref(v.type)) return wcc_fn_error(f, "type mismatch: ref.is_null on %s", wcc_valtype_name(v.type));
      LLVMValueRef r = NULL;
      if (f->live) r = LLVMBuildZExt(c->b, LLVMBuildIsNull(c->b, v.v, ""), c->t_i32, "ref.is_null");
      if (!wcc_push(f, WCC_I32, r)) return false;
      break;
    }
    case 0xd2: { /* ref.func */
      uint32_t idx;
      if (!wcc_read_u32(&f->r, &idx)) return false;
      if (idx >= m->n_funcs) return wcc_fn_error(f, "unknown function %u", idx);
      if (!m->funcs[idx].referenced) return wcc_fn_error(f, "undeclared function reference %u", idx);
      if (!wcc_push(f, WCC_FUNCREF, f->live ? funcref_of(f, idx) : NULL)) return false;
      break;
    }
    case 0xfc:
      if (!emit_prefix_fc(f)) return false;
      break;
    case 0xfd:
      if (!wcc_emit_simd(f)) return false;
      break;
    case 0xfb: case 0xfe: { /* GC and stringref, threads: not compiled */
      uint32_t sub;
      if (!wcc_read_u32(&f->r, &sub)) return false;
      return wcc_fn_reject_opcode(f, op, sub);
    }
    default:
      if (op >= 0x28 && op <= 0x3e) {
        if (!wcc_emit_load_store(f, op)) return false;
      } else if (op >= 0x45 && op <= 0xc4) {
        if (!wcc_emit_numeric(f, op)) return false;
      } else {
        return wcc_fn_reject_opcode(f, op, 0); /* return_call, call_ref, ref.eq, ... or illegal */
      }
    }
    if (c->diag->failed) return false;
  }
  if (f->r.p != f->r.end) return wcc_fn_error(f, "section size mismatch: code after the function's final end");
  return true;
}

bool wcc_lower_function(wcc_ctx *c, uint32_t index) {
  wcc_module *m = c->m;
  wcc_func *wf = &m->funcs[index];
  wcc_fn F = {0};
  wcc_fn *f = &F;
  f->c = c;
  f->index = index;
  f->type = &m->types[wf->type_index];
  f->fn = c->fn[index];
  f->r = (wcc_reader){wf->body, wf->body + wf->body_len, m->bytes, c->diag};
  f->op_start = wf->body;
  bool ok = false;

  /* locals: params then declared locals (spec 5.5.13) */
  uint32_t n_groups;
  if (!wcc_read_u32(&f->r, &n_groups)) goto out;
  uint64_t total = f->type->n_params;
  const uint8_t *groups_start = f->r.p;
  for (uint32_t g = 0; g < n_groups; g++) {
    uint32_t cnt;
    uint8_t t;
    if (!wcc_read_u32(&f->r, &cnt)) goto out;
    f->op_start = f->r.p;
    if (!wcc_read_u8(&f->r, &t)) goto out;
    if (!wcc_is_valtype(t)) { wcc_fn_reject_valtype(f, t, "malformed value type for local"); goto out; }
    total += cnt;
    if (total > 50000) { wcc_fn_error(f, "too many locals"); goto out; }
  }
  f->n_locals = (uint32_t)total;
  f->local_types = malloc(total + 1);
  f->locals = calloc(total + 1, sizeof *f->locals);
  memcpy(f->local_types, f->type->params, f->type->n_params);
  {
    wcc_reader lr = {groups_start, f->r.end, m->bytes, c->diag};
    uint32_t k = f->type->n_params;
    for (uint32_t g = 0; g < n_groups; g++) {
      uint32_t cnt;
      uint8_t t;
      wcc_read_u32(&lr, &cnt);
      wcc_read_u8(&lr, &t);
      for (uint32_t i = 0; i < cnt; i++) f->local_types[k++] = t;
    }
  }

  LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(c->llctx, f->fn, "entry");
  f->entry = entry;
  LLVMPositionBuilderAtEnd(c->b, entry);
  f->pb = LLVMCreateBuilderInContext(c->llctx);
  f->inst = LLVMGetParam(f->fn, 0);
  for (uint32_t i = 0; i < f->n_locals; i++) {
    LLVMTypeRef ty = wcc_llvm_type(c, f->local_types[i]);
    f->locals[i] = LLVMBuildAlloca(c->b, ty, "");
    LLVMValueRef init = i < f->type->n_params ? LLVMGetParam(f->fn, i + 1) : LLVMConstNull(ty);
    LLVMBuildStore(c->b, init, f->locals[i]);
  }
  if (m->n_memories) {
    f->mem_base = LLVMBuildLoad2(c->b, c->t_ptr, f->inst, "mem0.base");
    /* the base never moves after instantiation (DESIGN decision 3) */
    LLVMSetMetadata(f->mem_base, c->md_invariant, c->md_empty);
    if (c->seg_base) f->seg_base = wcc_segue_base(c);
    /* nowrap.c looks for accesses off this base */
    c->fn_mem_base[index] = f->seg_base ? f->seg_base : f->mem_base;
  }
  /* stack exhaustion check (LOWERING.md): native SP against inst->stack_limit */
  {
    LLVMTypeRef sty;
    LLVMValueRef ss = wcc_intrinsic(c, "llvm.stacksave", &c->t_ptr, 1, &sty);
    LLVMValueRef sp = LLVMBuildPtrToInt(c->b, LLVMBuildCall2(c->b, sty, ss, NULL, 0, "sp"), c->t_i64, "");
    LLVMValueRef limit = load_at(f, c->t_i64, f->inst, WASMC_INSTANCE_STACK_LIMIT_OFFSET, "stack_limit");
    LLVMValueRef below = LLVMBuildICmp(c->b, LLVMIntULT, sp, limit, "stack.exhausted");
    LLVMBasicBlockRef body = LLVMAppendBasicBlockInContext(c->llctx, f->fn, "body");
    f->stack_check_br = LLVMBuildCondBr(c->b, below, trap_block(f, WASMC_TRAP_STACK_EXHAUSTED), body);
    LLVMPositionBuilderAtEnd(c->b, body);
  }
  f->live = true;
  if (!push_frame(f, FRAME_FUNC, 0, NULL, f->type->n_results, f->type->results)) goto out;
  f->frames[0].exit = LLVMAppendBasicBlockInContext(c->llctx, f->fn, "return");
  f->frames[0].label = f->frames[0].exit;
  f->frames[0].phis = make_phis(f, f->frames[0].exit, f->type->n_results, f->type->results);
  ok = lower_body(f);
  if (ok && !f->has_calls) {
    /* leaf functions use a bounded frame: the slack below the limit covers them */
    LLVMSetOperand(f->stack_check_br, 0, LLVMConstInt(c->t_i1, 0, 0));
  }
out:
  for (uint32_t i = 0; i < f->n_frames; i++) {
    free(f->frames[i].phis);
    free(f->frames[i].if_params);
    free(f->frames[i].try_unwind);
  }
  free(f->frames);
  free(f->stack);
  free(f->locals);
  free(f->local_types);
  if (f->pb) LLVMDisposeBuilder(f->pb);
  return ok && !c->diag->failed;
}
