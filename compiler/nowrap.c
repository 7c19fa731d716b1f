/*
 * nowrap.c — prove that wasm i32 additions feeding addresses cannot wrap.
 *
 * Why: a wasm address is an i32 that the lowering zero-extends (spec 4.4.7:
 * the effective address is computed from the i32 operand).  Code from
 * clang addresses `p[j]` and `p[j+1]` as zext(x) and zext(x + 8), and walks
 * arrays with an i32 induction variable x += 16.  In i32 arithmetic x + 8
 * may wrap, so LLVM can neither prove the two addresses adjacent nor see the
 * pointer as an affine recurrence: loops that native code vectorises stay
 * scalar (matmul: 2x native).
 *
 * The fact that wasm gives us: every linear memory is at most
 * WASMC_MEMORY_LIMIT_PAGES = 65535 pages, i.e. its size is at most
 * 2^32 - 2^16 bytes, and the runtime enforces that on creation and growth.
 * An access to linear memory at effective address zext(x) + off, of n >= 1
 * bytes, that completes without trapping proves
 *     zext(x) + off + n <= size <= 2^32 - 65536,   so   x <= 2^32 - 65537,
 * and then x + c does not wrap for any 0 <= c <= 65536.  Memory never
 * shrinks, so the proof stays valid for the rest of the execution.
 *
 * If such an access A dominates `add i32 x, c` (LLVM SSA, after mem2reg), A
 * has completed with this very value of x whenever the add executes: x's
 * definition dominates A, so the last definition of x before the add is
 * followed by A.  The add then gets the `nuw` flag, which LLVM turns into
 * zext(x + c) == zext(x) + c and {x,+,c}<nuw> recurrences.
 *
 * Also: y = add nuw x, d implies x <= y, so an access through y proves x.
 * And siblings: once y = x + c1 has been accessed, x + c2 with
 * c2 - c1 (mod 2^32) in [1, 65536] equals y +nuw (c2 - c1).
 *
 * And table lookups: x + y with a non-constant y whose instructions bound
 * it by 65536 (small_bound: `(v & 255) << 2`) cannot wrap either, once x is
 * proven; x may also be proven by the first iteration of a loop
 * (first_iteration_proven: the loop that fills a local array).
 *
 * What counts as an access: a load or store of memory 0 whose pointer is
 * mem0.base + zext(x) (+ a constant offset), exactly as emit_memory.c emits
 * it, or mem0.base + (zext(x) +nuw w) as this pass rewrites it.  Loads count only if their value is used: LLVM may delete a dead load
 * and with it the trap (docs/architecture.md, "Dead loads").  A store stays,
 * or is merged into a later store to the same address, which then traps
 * for it: LLVM does that with or without this pass, and an address derived
 * with `nuw` from an out-of-bounds x still lands in the guard region.  In
 * explicit-bounds mode the access is preceded by its check, which traps on
 * the same condition.
 */
#include <stdlib.h>
#include <string.h>

#include "wcc.h"

/* instruction (or block) -> small integer, open addressing */
typedef struct ptrmap {
  const void **keys;
  uint32_t *vals;
  uint32_t cap;
} ptrmap;

static uint32_t ptr_hash(const void *p, uint32_t mask) {
  uint64_t h = (uint64_t)(uintptr_t)p * 0x9E3779B97F4A7C15ull;
  return (uint32_t)(h >> 32) & mask;
}

static bool ptrmap_init(ptrmap *m, uint32_t n) {
  m->cap = 16;
  while (m->cap < n * 2) m->cap *= 2;
  m->keys = calloc(m->cap, sizeof *m->keys);
  m->vals = calloc(m->cap, sizeof *m->vals);
  return m->keys && m->vals;
}

static void ptrmap_free(ptrmap *m) {
  free(m->keys);
  free(m->vals);
}

static void ptrmap_put(ptrmap *m, const void *k, uint32_t v) {
  uint32_t i = ptr_hash(k, m->cap - 1);
  while (m->keys[i] && m->keys[i] != k) i = (i + 1) & (m->cap - 1);
  m->keys[i] = k;
  m->vals[i] = v;
}

static bool ptrmap_get(const ptrmap *m, const void *k, uint32_t *v) {
  uint32_t i = ptr_hash(k, m->cap - 1);
  while (m->keys[i]) {
    if (m->keys[i] == k) { *v = m->vals[i]; return true; }
    i = (i + 1) & (m->cap - 1);
  }
  return false;
}

typedef struct fn_state {
  LLVMValueRef base;        /* mem0.base of this function */
  uint32_t n_blocks;
  LLVMBasicBlockRef *blocks; /* in reverse post-order */
  uint32_t *idom;            /* RPO index of the immediate dominator */
  uint32_t *pre, *post;      /* dominator-tree DFS interval */
  ptrmap block_ix;           /* block -> RPO index (reachable blocks only) */
  ptrmap inst_pos;           /* instruction -> position in its block */
  uint32_t *pred_at, *preds; /* predecessors of block b: preds[pred_at[b] .. pred_at[b+1]) */
} fn_state;

/* Successors of a block. */
static unsigned n_succ(LLVMBasicBlockRef bb) {
  LLVMValueRef t = LLVMGetBasicBlockTerminator(bb);
  return t ? LLVMGetNumSuccessors(t) : 0;
}

static LLVMBasicBlockRef succ(LLVMBasicBlockRef bb, unsigned k) {
  return LLVMGetSuccessor(LLVMGetBasicBlockTerminator(bb), k);
}

/* Reverse post-order of the reachable blocks; dominators by Cooper, Harvey
 * and Kennedy, "A Simple, Fast Dominance Algorithm" (2001). */
static bool compute_dominators(fn_state *s, LLVMValueRef fn) {
  uint32_t nb = LLVMCountBasicBlocks(fn);
  LLVMBasicBlockRef *all = calloc(nb + 1, sizeof *all);
  LLVMBasicBlockRef *order = calloc(nb + 1, sizeof *order);
  LLVMBasicBlockRef *stack = calloc(nb + 1, sizeof *stack);
  unsigned *next = calloc(nb + 1, sizeof *next);
  ptrmap seen;
  if (!all || !order || !stack || !next || !ptrmap_init(&seen, nb + 1)) {
    free(all); free(order); free(stack); free(next);
    return false;
  }
  LLVMGetBasicBlocks(fn, all);
  for (uint32_t i = 0; i < nb; i++) ptrmap_put(&seen, all[i], UINT32_MAX); /* not visited */
  /* iterative DFS for the post-order */
  uint32_t sp = 0, n_post = 0;
  stack[sp] = all[0];
  next[sp++] = 0;
  ptrmap_put(&seen, all[0], 0);
  while (sp) {
    LLVMBasicBlockRef bb = stack[sp - 1];
    if (next[sp - 1] < n_succ(bb)) {
      LLVMBasicBlockRef t = succ(bb, next[sp - 1]++);
      uint32_t v;
      if (ptrmap_get(&seen, t, &v) && v == UINT32_MAX) {
        ptrmap_put(&seen, t, 0);
        stack[sp] = t;
        next[sp++] = 0;
      }
    } else {
      order[n_post++] = bb;
      sp--;
    }
  }
  ptrmap_free(&seen);
  free(stack);
  free(next);
  free(all);
  s->n_blocks = n_post;
  s->blocks = calloc(n_post + 1, sizeof *s->blocks);
  s->idom = calloc(n_post + 1, sizeof *s->idom);
  s->pre = calloc(n_post + 1, sizeof *s->pre);
  s->post = calloc(n_post + 1, sizeof *s->post);
  if (!s->blocks || !s->idom || !s->pre || !s->post || !ptrmap_init(&s->block_ix, n_post + 1)) {
    free(order);
    return false;
  }
  for (uint32_t i = 0; i < n_post; i++) {
    s->blocks[i] = order[n_post - 1 - i];
    ptrmap_put(&s->block_ix, s->blocks[i], i);
  }
  free(order);
  /* predecessors in RPO indexes (CSR layout) */
  uint32_t *n_pred = calloc(n_post + 1, sizeof *n_pred), *pred_at = calloc(n_post + 2, sizeof *pred_at);
  uint32_t n_edges = 0;
  for (uint32_t i = 0; i < n_post; i++) n_edges += n_succ(s->blocks[i]);
  uint32_t *preds = calloc(n_edges + 1, sizeof *preds);
  s->pred_at = pred_at;
  s->preds = preds;
  if (!n_pred || !pred_at || !preds) {
    free(n_pred);
    return false;
  }
  for (uint32_t i = 0; i < n_post; i++)
    for (unsigned k = 0; k < n_succ(s->blocks[i]); k++) {
      uint32_t t;
      if (ptrmap_get(&s->block_ix, succ(s->blocks[i], k), &t)) n_pred[t]++;
    }
  for (uint32_t i = 0; i < n_post; i++) pred_at[i + 1] = pred_at[i] + n_pred[i];
  memset(n_pred, 0, (n_post + 1) * sizeof *n_pred);
  for (uint32_t i = 0; i < n_post; i++)
    for (unsigned k = 0; k < n_succ(s->blocks[i]); k++) {
      uint32_t t;
      if (ptrmap_get(&s->block_ix, succ(s->blocks[i], k), &t)) preds[pred_at[t] + n_pred[t]++] = i;
    }
  const uint32_t undef = UINT32_MAX;
  for (uint32_t i = 0; i < n_post; i++) s->idom[i] = undef;
  s->idom[0] = 0;
  for (bool changed = true; changed;) {
    changed = false;
    for (uint32_t b = 1; b < n_post; b++) {
      uint32_t nd = undef;
      for (uint32_t k = pred_at[b]; k < pred_at[b + 1]; k++) {
        uint32_t p = preds[k];
        if (s->idom[p] == undef) continue;
        if (nd == undef) { nd = p; continue; }
        uint32_t x = p, y = nd; /* intersect */
        while (x != y) {
          while (x > y) x = s->idom[x];
          while (y > x) y = s->idom[y];
        }
        nd = x;
      }
      if (nd != s->idom[b]) { s->idom[b] = nd; changed = true; }
    }
  }
  free(n_pred);
  /* dominator-tree DFS numbering: a dom b iff pre[a] <= pre[b] && post[b] <= post[a] */
  uint32_t *child_at = calloc(n_post + 2, sizeof *child_at), *kids = calloc(n_post + 1, sizeof *kids);
  uint32_t *fill = calloc(n_post + 1, sizeof *fill), *st = calloc(n_post + 1, sizeof *st);
  uint32_t *it = calloc(n_post + 1, sizeof *it);
  if (!child_at || !kids || !fill || !st || !it) {
    free(child_at); free(kids); free(fill); free(st); free(it);
    return false;
  }
  for (uint32_t b = 1; b < n_post; b++) child_at[s->idom[b] + 1]++;
  for (uint32_t b = 0; b < n_post; b++) child_at[b + 1] += child_at[b];
  for (uint32_t b = 1; b < n_post; b++) kids[child_at[s->idom[b]] + fill[s->idom[b]]++] = b;
  uint32_t clock = 0, top = 0;
  st[top] = 0;
  it[top++] = 0;
  s->pre[0] = clock++;
  while (top) {
    uint32_t b = st[top - 1];
    if (child_at[b] + it[top - 1] < child_at[b + 1]) {
      uint32_t k = kids[child_at[b] + it[top - 1]++];
      s->pre[k] = clock++;
      st[top] = k;
      it[top++] = 0;
    } else {
      s->post[b] = clock++;
      top--;
    }
  }
  free(child_at); free(kids); free(fill); free(st); free(it);
  return true;
}

/* Does block a (RPO index) dominate block b? */
static bool block_dominates(const fn_state *s, uint32_t a, uint32_t b) {
  return s->pre[a] <= s->pre[b] && s->post[b] <= s->post[a];
}

/* Does instruction a dominate instruction b (a executes before b on every
 * path to b)?  Both must be in reachable blocks. */
static bool dominates(const fn_state *s, LLVMValueRef a, LLVMValueRef b) {
  uint32_t pa, pb, ba, bb;
  if (!ptrmap_get(&s->inst_pos, a, &pa) || !ptrmap_get(&s->inst_pos, b, &pb)) return false;
  if (!ptrmap_get(&s->block_ix, LLVMGetInstructionParent(a), &ba) ||
      !ptrmap_get(&s->block_ix, LLVMGetInstructionParent(b), &bb))
    return false;
  if (ba == bb) return pa < pb;
  return s->pre[ba] <= s->pre[bb] && s->post[bb] <= s->post[ba];
}

/* Is `ptr` (a GEP off mem0.base) the address of a completed access that
 * dominates `at` (and, unless `in_block` is NULL, is in block `in_block`)? */
static bool access_dominates(const fn_state *s, LLVMValueRef ptr, LLVMValueRef at, LLVMBasicBlockRef in_block) {
  for (LLVMUseRef u = LLVMGetFirstUse(ptr); u; u = LLVMGetNextUse(u)) {
    LLVMValueRef a = LLVMGetUser(u);
    bool is_access = (LLVMIsALoadInst(a) && LLVMGetOperand(a, 0) == ptr && LLVMGetFirstUse(a)) ||
                     (LLVMIsAStoreInst(a) && LLVMGetOperand(a, 1) == ptr);
    if (is_access && (!in_block || LLVMGetInstructionParent(a) == in_block) && dominates(s, a, at)) return true;
  }
  return false;
}

/* Is `ea` (i64) used as mem0.base + ea by an access that dominates `at`
 * (in block `in_block` unless it is NULL)? */
static bool ea_proven(const fn_state *s, LLVMValueRef ea, LLVMValueRef at, LLVMBasicBlockRef in_block) {
  for (LLVMUseRef u = LLVMGetFirstUse(ea); u; u = LLVMGetNextUse(u)) {
    LLVMValueRef g = LLVMGetUser(u);
    if (LLVMIsAGetElementPtrInst(g) && LLVMGetNumOperands(g) == 2 && LLVMGetOperand(g, 0) == s->base &&
        LLVMGetOperand(g, 1) == ea && access_dominates(s, g, at, in_block))
      return true;
  }
  return false;
}

static bool is_nuw_add(LLVMValueRef v) {
  return LLVMIsABinaryOperator(v) && LLVMGetInstructionOpcode(v) == LLVMAdd && LLVMGetNUW(v);
}

/* Is zext(x) (the i64 `z`) the effective address of a completed access
 * that dominates `at` (in block `in_block` unless NULL), directly or as an
 * operand of 64-bit nuw adds (an offset, or zext(x) + zext(y) made by
 * rewrite_zext_users): such an address is >= zext(x), so x is proven too. */
static bool wide_proven(const fn_state *s, LLVMValueRef z, LLVMValueRef at, LLVMBasicBlockRef in_block, int depth) {
  if (ea_proven(s, z, at, in_block)) return true;
  if (depth >= 2) return false;
  for (LLVMUseRef u = LLVMGetFirstUse(z); u; u = LLVMGetNextUse(u)) {
    LLVMValueRef sum = LLVMGetUser(u);
    if (is_nuw_add(sum) && wide_proven(s, sum, at, in_block, depth + 1)) return true;
  }
  return false;
}

/* Is the i32 value w zero in the first iteration of the loop headed by
 * block h: a phi of h whose incoming values from outside the loop are all
 * 0, or such a phi shifted left or multiplied by a constant (computed in
 * h)? */
static bool zero_on_entry(const fn_state *s, LLVMValueRef w, LLVMBasicBlockRef h) {
  if (!LLVMIsAInstruction(w) || LLVMGetInstructionParent(w) != h) return false;
  if (LLVMIsABinaryOperator(w) && (LLVMGetInstructionOpcode(w) == LLVMShl || LLVMGetInstructionOpcode(w) == LLVMMul) &&
      LLVMIsAConstantInt(LLVMGetOperand(w, 1)))
    w = LLVMGetOperand(w, 0);
  if (!LLVMIsAPHINode(w) || LLVMGetInstructionParent(w) != h) return false;
  uint32_t hi, p;
  if (!ptrmap_get(&s->block_ix, h, &hi)) return false;
  bool entry = false;
  for (unsigned k = 0; k < LLVMCountIncoming(w); k++) {
    if (!ptrmap_get(&s->block_ix, LLVMGetIncomingBlock(w, k), &p)) continue; /* unreachable */
    if (block_dominates(s, hi, p)) continue;                                 /* back edge */
    LLVMValueRef v = LLVMGetIncomingValue(w, k);
    if (!LLVMIsAConstantInt(v) || LLVMConstIntGetZExtValue(v) != 0) return false;
    entry = true;
  }
  return entry;
}

/* First iterations.  For an x defined before loop header h, the value z of
 * h that equals x on entry to the loop: a phi of h whose incoming values from
 * outside the loop are all x (a pointer walking from x), or `add x, w` with
 * w zero on entry (x + (i << k), i counting from 0).  An access through z
 * in h itself runs with z == x every time the loop is entered, so if it
 * dominates `at`, it has accessed zext(x) since x was last defined: the
 * argument of index_proven, with the first execution of h after x's
 * definition, which must come from outside the loop (a back edge needs h
 * first).  The loop that fills a local array clang keeps in the shadow stack
 * (`table[i] = ...` at sp + (i << 2)) proves sp for later lookups
 * table[(crc ^ b) & 0xff]. */
static bool first_iteration_proven(const fn_state *s, LLVMValueRef x, LLVMValueRef z, LLVMValueRef at) {
  LLVMBasicBlockRef h = LLVMGetInstructionParent(z);
  uint32_t hi, xi = 0;
  if (!ptrmap_get(&s->block_ix, h, &hi)) return false;
  if (LLVMIsAInstruction(x)) { /* x's definition strictly dominates h */
    LLVMBasicBlockRef xb = LLVMGetInstructionParent(x);
    if (xb == h || !ptrmap_get(&s->block_ix, xb, &xi) || !block_dominates(s, xi, hi)) return false;
  } else if (!LLVMIsAArgument(x)) {
    return false;
  }
  if (LLVMIsAPHINode(z)) {
    bool entry = false;
    for (unsigned k = 0; k < LLVMCountIncoming(z); k++) {
      uint32_t p;
      if (!ptrmap_get(&s->block_ix, LLVMGetIncomingBlock(z, k), &p)) continue;
      if (block_dominates(s, hi, p)) continue; /* back edge */
      if (LLVMGetIncomingValue(z, k) != x) return false;
      entry = true;
    }
    if (!entry) return false;
  } else {
    if (!LLVMIsABinaryOperator(z) || LLVMGetInstructionOpcode(z) != LLVMAdd) return false;
    LLVMValueRef w = LLVMGetOperand(z, 0) == x ? LLVMGetOperand(z, 1) : LLVMGetOperand(z, 0);
    if (!zero_on_entry(s, w, h)) return false;
  }
  for (LLVMUseRef u = LLVMGetFirstUse(z); u; u = LLVMGetNextUse(u)) {
    LLVMValueRef wz = LLVMGetUser(u);
    if (LLVMIsAZExtInst(wz) && wide_proven(s, wz, at, h, 0)) return true;
  }
  return false;
}

/* Has the i32 value x been the index of a completed access to linear memory
 * on every path to `at` (directly, through zext(x) + offset, or through
 * y = x +nuw d, or in the first iteration of a loop, first_iteration_proven)? */
static bool index_proven(const fn_state *s, LLVMValueRef x, LLVMValueRef at, int depth) {
  for (LLVMUseRef u = LLVMGetFirstUse(x); u; u = LLVMGetNextUse(u)) {
    LLVMValueRef z = LLVMGetUser(u);
    if (LLVMIsAZExtInst(z)) {
      if (wide_proven(s, z, at, NULL, 0)) return true;
    } else if (depth < 4 && z != at && is_nuw_add(z) && index_proven(s, z, at, depth + 1)) {
      return true;
    } else if (z != at && (LLVMIsAPHINode(z) || (LLVMIsABinaryOperator(z) && LLVMGetInstructionOpcode(z) == LLVMAdd)) &&
               first_iteration_proven(s, x, z, at)) {
      return true;
    }
  }
  return false;
}

/* Is v `add i32 x, k` with a constant k (either operand order) and a
 * non-constant x?  Sets *x and *k. */
static bool const_add32(LLVMValueRef v, LLVMValueRef *x, LLVMValueRef *k) {
  if (!LLVMIsABinaryOperator(v) || LLVMGetInstructionOpcode(v) != LLVMAdd) return false;
  if (LLVMGetTypeKind(LLVMTypeOf(v)) != LLVMIntegerTypeKind || LLVMGetIntTypeWidth(LLVMTypeOf(v)) != 32) return false;
  *x = LLVMGetOperand(v, 0);
  *k = LLVMGetOperand(v, 1);
  if (LLVMIsAConstantInt(*x)) { LLVMValueRef t = *x; *x = *k; *k = t; }
  return LLVMIsAConstantInt(*k) && !LLVMIsAConstant(*x);
}

/* Siblings: for `add i32 x, c2` at `at`, another y = add i32 x, c1 whose
 * value was the index of a completed access on every path to `at`, with
 * d = c2 - c1 (mod 2^32) in [1, 65536].  Then x + c2 == y + d, and y + d
 * cannot wrap (y <= 2^32 - 65537, header comment).  clang's wasm code
 * compares bytes at s + 3, s + 4, ... (zlib's longest_match): each address
 * becomes zext(s + 3) + k, one register plus a displacement.  Returns y
 * (and d in *d_out) or NULL. */
static LLVMValueRef sibling_proven(const fn_state *s, LLVMValueRef x, uint64_t c2, LLVMValueRef at, uint32_t *d_out) {
  for (LLVMUseRef u = LLVMGetFirstUse(x); u; u = LLVMGetNextUse(u)) {
    LLVMValueRef y = LLVMGetUser(u), yx, yk;
    if (y == at || !const_add32(y, &yx, &yk) || yx != x) continue;
    uint32_t d = (uint32_t)(c2 - LLVMConstIntGetZExtValue(yk));
    if (d >= 1 && d <= 65536 && index_proven(s, y, at, 0)) {
      *d_out = d;
      return y;
    }
  }
  return NULL;
}

/* An upper bound of the unsigned value of the integer v (i32 or
 * narrower) that the instructions computing it make evident, if it is at
 * most 65536: a constant, `and` with a constant, a zero-extended i8 or
 * i16 (a byte or halfword load), shifts, a multiplication or a remainder by
 * a constant, a select or a nuw add of bounded values.  The table lookup
 * table[(crc ^ b) & 0xff] is `add i32 base, ((crc ^ b) & 255) << 2`, with a
 * bound of 1020 on the second operand. */
static bool small_bound(LLVMValueRef v, uint64_t *out, int depth) {
  const uint64_t limit = 65536;
  if (LLVMIsAConstantInt(v)) {
    *out = LLVMConstIntGetZExtValue(v);
    return *out <= limit;
  }
  if (depth > 6 || !LLVMIsAInstruction(v) || LLVMGetTypeKind(LLVMTypeOf(v)) != LLVMIntegerTypeKind) return false;
  unsigned width = LLVMGetIntTypeWidth(LLVMTypeOf(v));
  if (width > 32) return false;
  uint64_t a = 0, b = 0, k = 0;
  LLVMValueRef op1 = LLVMGetNumOperands(v) > 1 ? LLVMGetOperand(v, 1) : NULL;
  bool kc = op1 && LLVMIsAConstantInt(op1);
  if (kc) k = LLVMConstIntGetZExtValue(op1);
  switch (LLVMGetInstructionOpcode(v)) {
  case LLVMZExt: {
    unsigned from = LLVMGetIntTypeWidth(LLVMTypeOf(LLVMGetOperand(v, 0)));
    if (from <= 16) { *out = (1ull << from) - 1; return true; }
    return small_bound(LLVMGetOperand(v, 0), out, depth + 1);
  }
  case LLVMAnd: { /* at most either operand */
    bool ha = small_bound(LLVMGetOperand(v, 0), &a, depth + 1), hb = small_bound(op1, &b, depth + 1);
    if (!ha && !hb) return false;
    *out = ha && hb ? (a < b ? a : b) : ha ? a : b;
    return true;
  }
  case LLVMShl:
    if (!kc || k >= 17 || !small_bound(LLVMGetOperand(v, 0), &a, depth + 1) || (a << k) > limit) return false;
    *out = a << k;
    return true;
  case LLVMLShr:
    if (!kc || k >= width) return false;
    a = ((1ull << width) - 1) >> k;
    if (small_bound(LLVMGetOperand(v, 0), &b, depth + 1) && (b >> k) < a) a = b >> k;
    *out = a;
    return a <= limit;
  case LLVMMul:
    if (!kc || k > limit || !small_bound(LLVMGetOperand(v, 0), &a, depth + 1) || a * k > limit) return false;
    *out = a * k;
    return true;
  case LLVMURem:
    if (!kc || k == 0 || k - 1 > limit) return false;
    *out = k - 1;
    return true;
  case LLVMSelect:
    if (!small_bound(LLVMGetOperand(v, 1), &a, depth + 1) || !small_bound(LLVMGetOperand(v, 2), &b, depth + 1))
      return false;
    *out = a > b ? a : b;
    return true;
  case LLVMAdd:
    if (!LLVMGetNUW(v) || !small_bound(LLVMGetOperand(v, 0), &a, depth + 1) || !small_bound(op1, &b, depth + 1) ||
        a + b > limit)
      return false;
    *out = a + b;
    return true;
  default:
    return false;
  }
}

/* Can `add i32 x, y` (the operands in *x and *y on success, either order)
 * not wrap because y <= 65536 (small_bound) and x is a constant with
 * x + max(y) < 2^32, or a non-constant that an access proves (index_proven:
 * x <= 2^32 - 65537)?  The constant case is what LLVM's InstCombine also
 * sees; the point is the zext rewrite below. */
static bool bounded_add32(const fn_state *s, LLVMValueRef v, LLVMValueRef *x, LLVMValueRef *y) {
  if (!LLVMIsABinaryOperator(v) || LLVMGetInstructionOpcode(v) != LLVMAdd) return false;
  if (LLVMGetTypeKind(LLVMTypeOf(v)) != LLVMIntegerTypeKind || LLVMGetIntTypeWidth(LLVMTypeOf(v)) != 32) return false;
  if (LLVMGetNUW(v)) return false;
  for (int k = 0; k < 2; k++) {
    LLVMValueRef a = LLVMGetOperand(v, k), b = LLVMGetOperand(v, 1 - k);
    uint64_t bmax;
    if (LLVMIsAConstantInt(b) || !small_bound(b, &bmax, 0)) continue;
    bool ok = LLVMIsAConstantInt(a) ? LLVMConstIntGetZExtValue(a) + bmax <= UINT32_MAX
                                    : !LLVMIsAConstant(a) && index_proven(s, a, v, 0);
    if (ok) { *x = a; *y = b; return true; }
  }
  return false;
}

/* zext(x +nuw c) -> zext(x) +nuw c in 64 bits (c a constant, or a value
 * with a small bound: zext(x) +nuw zext(c)).  SCEV cannot do it itself
 * when x is a loop recurrence: {s,+,d}<nuw> + c is {s + c,+,d}, and nothing
 * says s + c does not wrap, so zext(x + 8) and zext(x) would get unrelated
 * start values and look like possibly-overlapping accesses. */
static void rewrite_zext_users(LLVMBuilderRef b, LLVMValueRef add, LLVMValueRef x, LLVMValueRef k) {
  LLVMUseRef u = LLVMGetFirstUse(add);
  while (u) {
    LLVMValueRef z = LLVMGetUser(u);
    u = LLVMGetNextUse(u);
    if (!LLVMIsAZExtInst(z)) continue;
    LLVMTypeRef t64 = LLVMTypeOf(z);
    LLVMPositionBuilderBefore(b, z);
    LLVMValueRef wide = LLVMBuildZExt(b, x, t64, "");
    LLVMValueRef k64 = LLVMIsAConstantInt(k) ? LLVMConstInt(t64, LLVMConstIntGetZExtValue(k), 0) : LLVMBuildZExt(b, k, t64, "");
    LLVMValueRef sum = LLVMBuildAdd(b, wide, k64, "");
    LLVMSetNUW(sum, 1);
    LLVMSetNSW(sum, 1);
    LLVMReplaceAllUsesWith(z, sum);
    LLVMInstructionEraseFromParent(z);
  }
}

/* The i32 index of a linear-memory access's pointer `gep base, ea`, with
 * ea = zext(x) or zext(x) +nuw c; NULL if the pointer has another shape. */
static LLVMValueRef access_index(LLVMValueRef base, LLVMValueRef ptr) {
  if (!LLVMIsAGetElementPtrInst(ptr) || LLVMGetNumOperands(ptr) != 2 || LLVMGetOperand(ptr, 0) != base) return NULL;
  LLVMValueRef ea = LLVMGetOperand(ptr, 1);
  if (is_nuw_add(ea) && LLVMIsAConstantInt(LLVMGetOperand(ea, 1))) ea = LLVMGetOperand(ea, 0);
  return LLVMIsAZExtInst(ea) ? LLVMGetOperand(ea, 0) : NULL;
}

/* A copy of mem0.base that LLVM cannot see through: an empty inline asm
 * returning its operand, with no memory effects (so it is hoisted freely);
 * an unused immediate operand, the copy's number, keeps copies distinct. */
static LLVMValueRef base_copy(LLVMBuilderRef bld, LLVMValueRef base, LLVMValueRef before, unsigned k) {
  LLVMContextRef ctx = LLVMGetTypeContext(LLVMTypeOf(base));
  LLVMTypeRef pt = LLVMTypeOf(base), i32 = LLVMInt32TypeInContext(ctx);
  LLVMTypeRef params[2] = {pt, i32};
  LLVMTypeRef fty = LLVMFunctionType(pt, params, 2, 0);
  LLVMValueRef asm_fn = LLVMGetInlineAsm(fty, "", 0, "=r,0,i", 6, 0, 0, LLVMInlineAsmDialectATT, 0);
  LLVMPositionBuilderBefore(bld, before);
  LLVMValueRef args[2] = {base, LLVMConstInt(i32, k, 0)};
  LLVMValueRef call = LLVMBuildCall2(bld, fty, asm_fn, args, 2, "mem0.base.loop");
  static const char *const attrs[] = {"nounwind", "willreturn"};
  for (unsigned i = 0; i < 2; i++) {
    unsigned kind = LLVMGetEnumAttributeKindForName(attrs[i], strlen(attrs[i]));
    LLVMAddCallSiteAttribute(call, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(ctx, kind, 0));
  }
  /* memory(none) */
  unsigned mem = LLVMGetEnumAttributeKindForName("memory", 6);
  LLVMAddCallSiteAttribute(call, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(ctx, mem, 0));
  return call;
}

/*
 * Loop pointers get their own copy of the memory base.
 *
 * LLVM's loop access analysis groups accesses by underlying object.  With
 * one base for all of linear memory, `c[j] += a * b[j]` has one object:
 * the distance between c[j] and b[j] is unknown, so it falls back to
 * runtime checks between every pair of accesses, including c[j] against
 * c[j+1], which overlap by construction -- the check always fails and the
 * vector loop never runs.  Native code has two objects (c and b) and checks
 * only c against b.  Giving each loop-header phi that is used as an address
 * (a pointer walking an array) its own opaque copy of the base restores
 * that: accesses through one pointer share an object and are analysed
 * statically, different pointers are checked against each other at run
 * time.  Copies never make LLVM assume NoAlias: an asm result is not an
 * identified object, so they only change which pairs are checked.
 *
 * Only innermost loops (at most 64 blocks) with two or more such pointers
 * that all step the same way get copies, made just before the loop: every
 * copy is one more live register, and pointers that walk towards each other
 * (a reversal) index one array, where vectorising behind runtime checks
 * only costs time (fannkuch: +10%).
 */

/* The key of a linear-memory access in loop `in_loop` (blocks marked 1): the
 * loop-header phi its index walks from (through +nuw constants), or NULL. */
static LLVMValueRef access_key(const fn_state *s, LLVMValueRef i, LLVMBasicBlockRef header, LLVMValueRef *ptr_out) {
  LLVMValueRef ptr = LLVMIsALoadInst(i) ? LLVMGetOperand(i, 0) : LLVMIsAStoreInst(i) ? LLVMGetOperand(i, 1) : NULL;
  LLVMValueRef x = ptr ? access_index(s->base, ptr) : NULL;
  while (x && is_nuw_add(x) && LLVMIsAConstantInt(LLVMGetOperand(x, 1))) x = LLVMGetOperand(x, 0);
  if (!x || !LLVMIsAPHINode(x) || LLVMGetInstructionParent(x) != header) return NULL;
  *ptr_out = ptr;
  return x;
}

/* +1 / -1: the loop-header phi `x` only ever steps up / down by constants
 * on the loop's back edges (in_loop marks the loop's blocks); 0 otherwise. */
static int phi_direction(const fn_state *s, LLVMValueRef x, const uint8_t *in_loop) {
  int dir = 0;
  for (unsigned k = 0; k < LLVMCountIncoming(x); k++) {
    uint32_t p;
    if (!ptrmap_get(&s->block_ix, LLVMGetIncomingBlock(x, k), &p) || !in_loop[p]) continue; /* entry edge */
    LLVMValueRef v = LLVMGetIncomingValue(x, k);
    if (!LLVMIsABinaryOperator(v) || LLVMGetInstructionOpcode(v) != LLVMAdd || LLVMGetOperand(v, 0) != x ||
        !LLVMIsAConstantInt(LLVMGetOperand(v, 1)))
      return 0;
    int64_t step = LLVMConstIntGetSExtValue(LLVMGetOperand(v, 1));
    int d = step > 0 ? 1 : step < 0 ? -1 : 0;
    if (d == 0 || (dir && d != dir)) return 0;
    dir = d;
  }
  return dir;
}

static void split_loop_bases(fn_state *s, LLVMBuilderRef bld) {
  enum { MAX_KEYS = 16, MAX_LOOP_BLOCKS = 64 };
  uint8_t *in_loop = calloc(s->n_blocks + 1, 1);
  uint32_t *work = calloc(s->n_blocks + 1, sizeof *work), *body = calloc(s->n_blocks + 1, sizeof *body);
  unsigned copy_no = 0;
  for (uint32_t h = 0; in_loop && work && body && h < s->n_blocks; h++) {
    /* natural loop of header h: blocks reaching a back edge's source
     * without passing h */
    uint32_t n_body = 0, top = 0;
    bool too_big = false;
    for (uint32_t k = s->pred_at[h]; k < s->pred_at[h + 1]; k++) {
      uint32_t l = s->preds[k];
      if (block_dominates(s, h, l) && !in_loop[l]) { in_loop[l] = 1; work[top++] = l; body[n_body++] = l; }
    }
    if (!n_body) continue; /* not a loop header */
    if (!in_loop[h]) { in_loop[h] = 1; body[n_body++] = h; }
    while (top && !too_big) {
      uint32_t b = work[--top];
      if (b == h) continue;
      for (uint32_t k = s->pred_at[b]; k < s->pred_at[b + 1]; k++) {
        uint32_t p = s->preds[k];
        if (!in_loop[p]) { in_loop[p] = 1; work[top++] = p; body[n_body++] = p; }
      }
      too_big = n_body > MAX_LOOP_BLOCKS;
    }
    /* innermost: no other header inside (a block with a back edge to it) */
    bool inner = !too_big;
    for (uint32_t j = 0; j < n_body && inner; j++) {
      uint32_t b = body[j];
      if (b == h) continue;
      for (uint32_t k = s->pred_at[b]; k < s->pred_at[b + 1] && inner; k++)
        if (in_loop[s->preds[k]] && block_dominates(s, b, s->preds[k])) inner = false;
    }
    LLVMValueRef keys[MAX_KEYS];
    unsigned n_keys = 0;
    for (uint32_t j = 0; j < n_body && inner; j++)
      for (LLVMValueRef i = LLVMGetFirstInstruction(s->blocks[body[j]]); i; i = LLVMGetNextInstruction(i)) {
        LLVMValueRef ptr, x = access_key(s, i, s->blocks[h], &ptr);
        unsigned c = 0;
        while (x && c < n_keys && keys[c] != x) c++;
        if (x && c == n_keys && n_keys < MAX_KEYS) keys[n_keys++] = x;
      }
    /* one pointer: nothing to separate.  Pointers must also walk the same
     * way: two that meet (a reversal, i++ and j--) usually index one array,
     * and vectorising that behind runtime checks only costs time */
    int dir = 0;
    for (unsigned c = 0; c < n_keys && inner; c++) {
      int d = phi_direction(s, keys[c], in_loop);
      if (d == 0 || (dir && d != dir)) inner = false;
      dir = d;
    }
    if (inner && n_keys >= 2 && h != 0) {
      LLVMValueRef copies[MAX_KEYS];
      LLVMBasicBlockRef pre = s->blocks[s->idom[h]]; /* outside the loop, dominates it */
      for (unsigned c = 0; c < n_keys; c++) copies[c] = base_copy(bld, s->base, LLVMGetBasicBlockTerminator(pre), copy_no++);
      for (uint32_t j = 0; j < n_body; j++)
        for (LLVMValueRef i = LLVMGetFirstInstruction(s->blocks[body[j]]); i; i = LLVMGetNextInstruction(i)) {
          LLVMValueRef ptr, x = access_key(s, i, s->blocks[h], &ptr);
          for (unsigned c = 0; x && c < n_keys; c++)
            if (keys[c] == x) LLVMSetOperand(ptr, 0, copies[c]);
        }
    }
    for (uint32_t j = 0; j < n_body; j++) in_loop[body[j]] = 0;
  }
  free(in_loop);
  free(work);
  free(body);
}

static void infer_function(LLVMValueRef fn, LLVMValueRef base) {
  fn_state s = {.base = base};
  LLVMBuilderRef bld = LLVMCreateBuilderInContext(LLVMGetModuleContext(LLVMGetGlobalParent(fn)));
  if (!compute_dominators(&s, fn)) goto out;
  uint32_t n_inst = 0;
  for (uint32_t b = 0; b < s.n_blocks; b++)
    for (LLVMValueRef i = LLVMGetFirstInstruction(s.blocks[b]); i; i = LLVMGetNextInstruction(i)) n_inst++;
  if (!ptrmap_init(&s.inst_pos, n_inst + 1)) goto out;
  for (uint32_t b = 0; b < s.n_blocks; b++) {
    uint32_t pos = 0;
    for (LLVMValueRef i = LLVMGetFirstInstruction(s.blocks[b]); i; i = LLVMGetNextInstruction(i))
      ptrmap_put(&s.inst_pos, i, pos++);
  }
  /* in RPO, so that an add marked here is seen by the adds it dominates */
  for (uint32_t b = 0; b < s.n_blocks; b++)
    for (LLVMValueRef i = LLVMGetFirstInstruction(s.blocks[b]); i; i = LLVMGetNextInstruction(i)) {
      LLVMValueRef x, k;
      if (!const_add32(i, &x, &k)) {
        /* x + y with a small non-constant y: a table lookup */
        if (bounded_add32(&s, i, &x, &k)) {
          LLVMSetNUW(i, 1);
          rewrite_zext_users(bld, i, x, k);
        }
        continue;
      }
      if (LLVMGetNUW(i)) continue;
      uint64_t cv = LLVMConstIntGetZExtValue(k);
      if (cv >= 1 && cv <= 65536 && index_proven(&s, x, i, 0)) {
        LLVMSetNUW(i, 1);
        rewrite_zext_users(bld, i, x, k);
        continue;
      }
      /* x + c2 where a sibling y = x + c1 was accessed: x + c2 is y + d */
      uint32_t dv;
      LLVMValueRef y = sibling_proven(&s, x, cv, i, &dv);
      if (!y) continue;
      LLVMValueRef d = LLVMConstInt(LLVMTypeOf(i), dv, 0);
      LLVMPositionBuilderBefore(bld, i);
      LLVMValueRef sum = LLVMBuildAdd(bld, y, d, "");
      LLVMSetNUW(sum, 1);
      LLVMReplaceAllUsesWith(i, sum);
      LLVMInstructionEraseFromParent(i);
      rewrite_zext_users(bld, sum, y, d);
      i = sum; /* go on after it */
    }
  split_loop_bases(&s, bld);
out:
  LLVMDisposeBuilder(bld);
  ptrmap_free(&s.inst_pos);
  ptrmap_free(&s.block_ix);
  free(s.blocks);
  free(s.idom);
  free(s.pre);
  free(s.post);
  free(s.pred_at);
  free(s.preds);
}

void wcc_infer_nowrap(wcc_ctx *c) {
  if (!c->fn_mem_base) return;
  for (uint32_t i = c->m->n_imported_funcs; i < c->m->n_funcs; i++)
    if (c->fn_mem_base[i] && c->fn[i] && LLVMGetFirstBasicBlock(c->fn[i])) infer_function(c->fn[i], c->fn_mem_base[i]);
}
