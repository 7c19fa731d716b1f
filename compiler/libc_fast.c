/*
 * libc_fast.c — fast paths for the scalar memcpy, memmove, memset, memcmp
 * and strcmp that modules built against wasi-libc carry (recognised by
 * their exact code; see below).  Called by lower_func.c's emit_call.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "lower.h"

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
  /* memory 0 only, with i32 addresses (the functions take i32 pointers) */
  if (index < m->n_imported_funcs || index >= m->n_funcs || !m->n_memories || m->memories[0].is64 || depth > 1)
    return LIBC_NONE;
  const wcc_func *wf = &m->funcs[index];
  const char *sig = m->types[wf->type_index].sig;
  c->fn_len_read[index] = true;
  for (size_t k = 0; k < sizeof k_libc_sigs / sizeof *k_libc_sigs; k++) {
    const libc_sig *sg = &k_libc_sigs[k];
    if (wf->body_len != sg->len || strcmp(sig, sg->sig) != 0) continue;
    c->fn_body_read[index] = true; /* also a callee's (depth 1): the key must see both */
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
  LLVMValueRef lp = wcc_mem_ptr(f, l), rp = wcc_mem_ptr(f, r);
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
  LLVMValueRef dp = wcc_mem_ptr(f, d);
  if (kind == LIBC_MEMCMP) {
    emit_memcmp_loop(f, dp, wcc_mem_ptr(f, s), n64);
  } else {
    if (kind == LIBC_MEMSET) LLVMBuildMemSet(c->b, dp, LLVMBuildTrunc(c->b, s, c->t_i8, ""), n64, 1);
    else if (kind == LIBC_MEMCPY) LLVMBuildMemCpy(c->b, dp, 1, wcc_mem_ptr(f, s), 1, n64);
    else LLVMBuildMemMove(c->b, dp, 1, wcc_mem_ptr(f, s), 1, n64);
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
LLVMValueRef wcc_libc_fast_fn(wcc_ctx *c, uint32_t idx) {
  static const char k_attr[] = "wasmc-libc-fast";
  const wcc_func *wf = &c->m->funcs[idx];
  if (idx >= c->m->n_imported_funcs && idx < c->m->n_funcs) c->fn_len_read[idx] = true;
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
