/*
 * partition.c — compiling a module: lowering contexts, partitions and the
 * threads that compile them.
 *
 * A module with little code is one partition: all of it is lowered into one
 * LLVM module, optimised as a whole and emitted (codegen.c may still split
 * the optimised module's code generation over threads).  A module with more
 * than 2 x WCC_PARTITION_CODE_BYTES of function bodies is split before it
 * is lowered: its defined functions are cut, in function-index order, into
 * partitions of about equal code size (wasm-ld lays functions out object
 * file by object file, so a range of indices keeps a translation unit's
 * functions, where most calls go, together).  Each partition is lowered,
 * optimised (the same pipeline) and compiled to its own object, in its own
 * LLVM context, on one of -j worker threads; at most -j partitions are in
 * memory at a time, and each is freed once its object is written.
 *
 * Inlining across partitions: a partition also lowers, as
 * `available_externally` copies, the small functions (at most
 * WCC_INLINE_COPY_BYTES of body) of other partitions that its own code calls
 * directly.  The inliner can use them; their code is never emitted (the
 * owner's object defines them).  Every defined function is then a hidden
 * external symbol, so that the objects link; nothing outside the executable
 * sees them.  In an object file (--emit=obj) their names are prefixed with
 * the module symbol, so that two modules can be linked into one program, and
 * the partitions' objects are joined by a relocatable link (`ld.lld -r`).
 *
 * The partition count depends only on the module, never on -j or on the
 * schedule, and each partition is compiled from the same inputs however the
 * threads take them: the output is the same bytes for any -j.  Errors are
 * reported as a serial compile would report them: the one of the lowest
 * function index (validation happens while lowering), else the first
 * partition's.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <math.h>
#include <unistd.h>

#include "unsupported.h" /* wcc_func_label */
#include "wcc.h"

/* about this much wasm code (function bodies, bytes) per partition
 * (--partition-size changes it) */
#define WCC_PARTITION_CODE_BYTES (64u << 10)
/* functions at most this big (body bytes) are copied into the partitions
 * that call them, for the inliner (about the size the O2 inliner still
 * takes: its threshold is 225 cost units, about 45 instructions) */
#define WCC_INLINE_COPY_BYTES 160u

/* ---- WASI import binding ------------------------------------------------- */
typedef struct wasi_fn { const char *name, *params, *results; } wasi_fn;
#define X(name, params, results) {#name, params, results},
static const wasi_fn k_wasi[] = {WASMC_WASI_FUNCTIONS(X)};
#undef X

static const wasi_fn *find_wasi(const char *name) {
  for (size_t i = 0; i < sizeof k_wasi / sizeof *k_wasi; i++)
    if (strcmp(k_wasi[i].name, name) == 0) return &k_wasi[i];
  return NULL;
}

static bool bind_imports(wcc_ctx *c) {
  wcc_module *m = c->m;
  char unknown[900] = "";
  size_t ul = 0;
  unsigned n_unknown = 0;
  for (uint32_t i = 0; i < m->n_imports; i++) {
    wcc_import *imp = &m->imports[i];
    if (imp->kind == WASMC_EXTERN_FUNC && strcmp(imp->module, WASMC_WASI_MODULE) == 0) {
      const wasi_fn *w = find_wasi(imp->name);
      if (w) {
        const wcc_functype *ft = &m->types[m->funcs[imp->index].type_index];
        char want[64];
        snprintf(want, sizeof want, "%s:%s", w->params, w->results);
        if (strcmp(want, ft->sig) != 0) {
          wcc_error(c->diag, "import %s.%s has type (%s) but WASI defines it as (%s)", imp->module, imp->name, ft->sig, want);
          return false;
        }
        char sym[96];
        snprintf(sym, sizeof sym, "wasmc_wasi_%s", w->name);
        LLVMValueRef fn = LLVMGetNamedFunction(c->llmod, sym);
        if (!fn) fn = LLVMAddFunction(c->llmod, sym, c->fn_type[m->funcs[imp->index].type_index]);
        c->fn[imp->index] = fn;
        c->fn_is_host[imp->index] = true;
        continue;
      }
    }
    /* wasi-threads: thread-spawn binds to the runtime; an executable's
     * "env" "memory" is created by its runtime (wasmc_abi.h) */
    if (imp->kind == WASMC_EXTERN_FUNC && strcmp(imp->module, WASMC_WASI_THREADS_MODULE) == 0 &&
        strcmp(imp->name, WASMC_WASI_THREAD_SPAWN) == 0) {
      const wcc_functype *ft = &m->types[m->funcs[imp->index].type_index];
      if (strcmp(ft->sig, "i:i") != 0) {
        wcc_error(c->diag, "import %s.%s has type (%s) but wasi-threads defines it as (i:i)", imp->module, imp->name,
                  ft->sig);
        return false;
      }
      LLVMValueRef fn = LLVMGetNamedFunction(c->llmod, "wasmc_wasi_thread_spawn");
      if (!fn) fn = LLVMAddFunction(c->llmod, "wasmc_wasi_thread_spawn", c->fn_type[m->funcs[imp->index].type_index]);
      c->fn[imp->index] = fn;
      c->fn_is_host[imp->index] = true;
      continue;
    }
    if (imp->kind == WASMC_EXTERN_MEMORY && strcmp(imp->module, WASMC_ENV_MODULE) == 0 &&
        strcmp(imp->name, WASMC_ENV_MEMORY) == 0)
      continue;
    if (c->opts->allow_unknown_imports) continue;
    n_unknown++;
    static const char *kinds[] = {"func", "table", "memory", "global", "tag", "?", "?", "?"};
    if (ul < sizeof unknown - 100)
      ul += (size_t)snprintf(unknown + ul, sizeof unknown - ul, "%s%s.%s (%s)", n_unknown > 1 ? ", " : "", imp->module,
                             imp->name, kinds[imp->kind & 7]);
  }
  if (n_unknown) {
    wcc_error(c->diag, "%u unknown import%s (neither WASI preview1 nor provided): %s", n_unknown, n_unknown > 1 ? "s" : "",
              unknown);
    return false;
  }
  return true;
}

/* ---- a lowering context --------------------------------------------------- */
static void declare_functions(wcc_ctx *c) {
  wcc_module *m = c->m;
  for (uint32_t t = 0; t < m->n_types; t++) {
    c->fn_type[t] = wcc_llvm_functype(c, &m->types[t]);
    c->tail_type[t] = wcc_tail_functype(c, &m->types[t]);
  }
  unsigned nounwind = LLVMGetEnumAttributeKindForName("nounwind", 8);
  /* partitioned: every partition declares every function, with one name
   * (duplicate wasm names get LLVM's suffixes in the same order everywhere) */
  const char *prefix = c->n_parts > 1 && c->opts->emit == WCC_EMIT_OBJ
                           ? (c->opts->module_symbol ? c->opts->module_symbol : WASMC_MAIN_MODULE_SYMBOL)
                           : NULL;
  for (uint32_t i = m->n_imported_funcs; i < m->n_funcs; i++) {
    char nbuf[400];
    int at = prefix ? snprintf(nbuf, sizeof nbuf, "%.80s.", prefix) : 0;
    /* a prefix keeps wasm names (e.g. "memcpy") from colliding with libc or
     * LLVM's libcalls; perf and gdb show "wasm_<name>" */
    if (m->funcs[i].name) snprintf(nbuf + at, sizeof nbuf - (size_t)at, "wasm_%.280s", m->funcs[i].name);
    else snprintf(nbuf + at, sizeof nbuf - (size_t)at, "wasm_f%u", i);
    bool tail = m->funcs[i].tail_calls;
    LLVMValueRef fn = LLVMAddFunction(c->llmod, nbuf, (tail ? c->tail_type : c->fn_type)[m->funcs[i].type_index]);
    c->fn[i] = fn;
    if (tail) { /* a tail-call entry and its C-convention wrapper (emit_tail.c) */
      LLVMSetFunctionCallConv(fn, WCC_TAILCC);
      size_t n = strlen(nbuf);
      snprintf(nbuf + n, sizeof nbuf - n, ".entry");
      c->fn_entry[i] = LLVMAddFunction(c->llmod, nbuf, c->fn_type[m->funcs[i].type_index]);
    }
    for (int k = 0; k < (tail ? 2 : 1); k++) {
      fn = k ? c->fn_entry[i] : c->fn[i];
      if (c->n_parts > 1) LLVMSetVisibility(fn, LLVMHiddenVisibility); /* defined in some partition's object */
      else LLVMSetLinkage(fn, LLVMInternalLinkage);
      /* with tags, a call may throw (and an invoke must stay an invoke) */
      if (!m->n_tags) LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(c->llctx, nounwind, 0));
    }
  }
  /* the trap entry point: cold + noreturn, so trap paths are laid out of line */
  LLVMTypeRef ps[3] = {c->t_ptr, c->t_i32, c->t_i32};
  c->rt_trap = wcc_rt_func(c, "wasmc_rt_trap", c->t_void, ps, 3, &c->rt_trap_ty);
  const char *attrs[] = {"noreturn", "cold", "nounwind"};
  for (int k = 0; k < 3; k++) {
    unsigned kind = LLVMGetEnumAttributeKindForName(attrs[k], strlen(attrs[k]));
    LLVMAddAttributeAtIndex(c->rt_trap, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(c->llctx, kind, 0));
  }
}

static void setup_tbaa(wcc_ctx *c) {
  /* Linear memory, globals and instance fields never alias each other:
   * separate TBAA types let LLVM keep globals in registers across stores. */
  c->md_tbaa = LLVMGetMDKindIDInContext(c->llctx, "tbaa", 4);
  c->md_invariant = LLVMGetMDKindIDInContext(c->llctx, "invariant.load", 14);
  c->md_empty = LLVMMetadataAsValue(c->llctx, LLVMMDNodeInContext2(c->llctx, NULL, 0));
  LLVMMetadataRef root_name = LLVMMDStringInContext2(c->llctx, "wasmc", 5);
  LLVMMetadataRef root = LLVMMDNodeInContext2(c->llctx, &root_name, 1);
  LLVMMetadataRef zero = LLVMValueAsMetadata(LLVMConstInt(c->t_i64, 0, 0));
  const char *names[3] = {"wasm memory", "wasm global", "wasm memory size"};
  LLVMValueRef *outs[3] = {&c->tbaa_mem, &c->tbaa_global, &c->tbaa_memsize};
  for (int i = 0; i < 3; i++) {
    LLVMMetadataRef tn[3] = {LLVMMDStringInContext2(c->llctx, names[i], strlen(names[i])), root, zero};
    LLVMMetadataRef type = LLVMMDNodeInContext2(c->llctx, tn, 3);
    LLVMMetadataRef tag[3] = {type, type, zero};
    *outs[i] = LLVMMetadataAsValue(c->llctx, LLVMMDNodeInContext2(c->llctx, tag, 3));
  }
}

/* A fresh LLVM context and module for partition `k` of `n_parts`, with every
 * function of the module declared.  false: out of memory. */
static bool ctx_open(wcc_ctx *c, const wcc_options *o, wcc_module *m, bool segue, uint32_t k, uint32_t n_parts,
                     wcc_diag *diag) {
  *c = (wcc_ctx){.opts = o, .m = m, .diag = diag, .part = k, .n_parts = n_parts};
  c->llctx = LLVMContextCreate();
  /* Names of instructions, blocks and arguments only help a reader of the
   * IR, so, as clang's release builds do, the context drops them unless the
   * IR is the output (--emit=llvm-ir): creating and uniquing them (the
   * inliner and InstCombine copy and suffix them) costs optimiser time, and
   * no object depends on them (same bytes, bench/compile_identity.sh).
   * Global names (functions, variables) are kept. */
  LLVMContextSetDiscardValueNames(c->llctx, o->emit != WCC_EMIT_LLVM_IR);
  /* one name for every module: it is the object's STT_FILE symbol, and an
   * object may not depend on what the input file is called (nor on the
   * directory it was named from): the compile cache shares objects between
   * inputs of any name */
  c->llmod = LLVMModuleCreateWithNameInContext("wasm", c->llctx);
  c->b = LLVMCreateBuilderInContext(c->llctx);
  c->t_i1 = LLVMInt1TypeInContext(c->llctx);
  c->t_i8 = LLVMInt8TypeInContext(c->llctx);
  c->t_i32 = LLVMInt32TypeInContext(c->llctx);
  c->t_i64 = LLVMInt64TypeInContext(c->llctx);
  c->t_f32 = LLVMFloatTypeInContext(c->llctx);
  c->t_f64 = LLVMDoubleTypeInContext(c->llctx);
  c->t_ptr = LLVMPointerTypeInContext(c->llctx, 0);
  c->t_void = LLVMVoidTypeInContext(c->llctx);
  c->fn = calloc(m->n_funcs + 1, sizeof *c->fn);
  c->fn_is_host = calloc(m->n_funcs + 1, sizeof *c->fn_is_host);
  c->fn_not_libc = calloc(m->n_funcs + 1, sizeof *c->fn_not_libc);
  c->fn_body_read = calloc(m->n_funcs + 1, sizeof *c->fn_body_read);
  c->fn_len_read = calloc(m->n_funcs + 1, sizeof *c->fn_len_read);
  c->fn_mem_base = calloc(m->n_funcs + 1, sizeof *c->fn_mem_base);
  c->fn_type = calloc(m->n_types + 1, sizeof *c->fn_type);
  c->fn_entry = calloc(m->n_funcs + 1, sizeof *c->fn_entry);
  c->tail_type = calloc(m->n_types + 1, sizeof *c->tail_type);
  if (!c->fn || !c->fn_is_host || !c->fn_not_libc || !c->fn_body_read || !c->fn_len_read || !c->fn_mem_base || !c->fn_type ||
      !c->fn_entry || !c->tail_type) {
    wcc_error(diag, "out of memory");
    return false;
  }
  if (segue && m->n_memories) {
    /* the optimiser sees an identified object; code generation sees null
     * (wcc.h seg_base, codegen.c segue_base_to_null) */
    LLVMTypeRef t = LLVMArrayType2(c->t_i8, 0);
    c->seg_base = LLVMAddGlobalInAddressSpace(c->llmod, t, WCC_SEGUE_BASE_NAME, 256);
    LLVMSetAlignment(c->seg_base, 4096); /* the base is page-aligned (mmap) */
  }
  setup_tbaa(c);
  declare_functions(c);
  return true;
}

static void ctx_close(wcc_ctx *c) {
  wcc_di_dispose(c);
  if (c->b) LLVMDisposeBuilder(c->b);
  if (c->llmod) LLVMDisposeModule(c->llmod);
  if (c->llctx) LLVMContextDispose(c->llctx);
  free(c->fn);
  free(c->fn_is_host);
  free(c->fn_not_libc);
  free(c->fn_body_read);
  free(c->fn_len_read);
  free(c->fn_mem_base);
  free(c->fn_type);
  free(c->fn_entry);
  free(c->tail_type);
  memset(c, 0, sizeof *c);
}

/* ---- partitions -------------------------------------------------------------- */
typedef struct part {
  uint32_t first, end;   /* the defined functions it owns: indices [first, end) */
  uint64_t code_bytes;   /* their bodies' bytes */
  char *obj_path;
  wcc_diag diag;
  /* what failed, in the order a serial compile meets it: 0 imports,
   * 1 + i function i, n_funcs + 1 module data, n_funcs + 2 code generation */
  uint64_t fail_rank;
  bool ok;
  /* --time-report: CPU seconds of this partition's thread per phase */
  double t_lower, t_optimise, t_codegen;
  uint32_t n_copies;
  uint32_t n_big;        /* functions optimised on a budget (budget.c) */
  bool cached;           /* its object came from the compile cache */
  bool by_manifest;      /* ... found by its manifest, without lowering */
} part;

typedef struct plan {
  const wcc_options *o;
  wcc_module *m;
  const wcc_target *t;
  bool segue;
  part *parts;
  uint32_t n_parts;
  bool failed;            /* some partition failed: the others skip code generation */
  /* progress (atomics): functions lowered, partitions done */
  uint32_t n_lowered, n_done;
  pthread_mutex_t mu;
  wcc_cache cache;
  wcc_keys keys;          /* what every partition's object depends on (cache_key.c) */
  wcc_lines *lines;       /* -g: the module's DWARF line table (read-only, shared), or NULL */
  uint32_t *order;        /* partitions in the order threads take them: the biggest first */
} plan;

/* Lower, as available_externally copies, the small functions of other
 * partitions that this partition's code calls directly. */
static bool lower_copies(wcc_ctx *c, part *p, uint64_t *fail_rank) {
  wcc_module *m = c->m;
  for (uint32_t j = m->n_imported_funcs; j < m->n_funcs; j++) {
    if ((j >= p->first && j < p->end) || !LLVMGetFirstUse(c->fn[j])) continue;
    c->fn_len_read[j] = true;
    /* a tail-call entry is not copied: its wrapper is the owner's */
    if (m->funcs[j].body_len > WCC_INLINE_COPY_BYTES || m->funcs[j].tail_calls) continue;
    if (!wcc_lower_function(c, j)) {
      *fail_rank = 1 + (uint64_t)j;
      return false;
    }
    LLVMSetLinkage(c->fn[j], LLVMAvailableExternallyLinkage);
    p->n_copies++;
  }
  return true;
}

/* Every partition declares every function (one naming for all of them), but
 * the optimiser's module passes (IPSCCP, function-attribute inference,
 * GlobalOpt, ...) walk every declaration: with 17,825 functions in 197
 * partitions that is 3.5 million declarations per pass.  Drop those nothing
 * in this partition refers to; LLVM writes no symbol for them anyway, so the
 * object is the same. */
static void drop_unused_declarations(wcc_ctx *c) {
  for (uint32_t j = 0; j < c->m->n_funcs; j++) {
    LLVMValueRef fn = c->fn[j];
    if (!fn || !LLVMIsDeclaration(fn) || LLVMGetFirstUse(fn)) continue;
    /* imports bound to one host function share its declaration */
    for (uint32_t i = j; i < c->m->n_imported_funcs; i++)
      if (c->fn[i] == fn) c->fn[i] = NULL;
    c->fn[j] = NULL;
    LLVMDeleteFunction(fn);
  }
  for (uint32_t j = 0; j < c->m->n_funcs; j++) {
    LLVMValueRef fn = c->fn_entry[j];
    if (!fn || !LLVMIsDeclaration(fn) || LLVMGetFirstUse(fn)) continue;
    c->fn_entry[j] = NULL;
    LLVMDeleteFunction(fn);
  }
}

static void run_part(plan *pl, uint32_t k) {
  part *p = &pl->parts[k];
  wcc_ctx C, *c = &C;
  p->fail_rank = UINT64_MAX;
  uint8_t owner[16], key[16];
  bool owned_keyed = pl->cache.enabled && wcc_key_owner(&pl->keys, k, p->first, p->end, owner);
  if (owned_keyed && wcc_manifest_check(&pl->keys, p->first, p->end, owner, key) &&
      wcc_cache_get(&pl->cache, key, p->obj_path)) {
    /* nothing to lower: the module it would build is the one compiled before */
    p->cached = p->ok = p->by_manifest = true;
    __atomic_fetch_add(&pl->n_lowered, p->end - p->first, __ATOMIC_RELAXED);
    __atomic_fetch_add(&pl->n_done, 1, __ATOMIC_RELAXED);
    return;
  }
  if (!ctx_open(c, pl->o, pl->m, pl->segue, k, pl->n_parts, &p->diag)) {
    p->fail_rank = 0;
    ctx_close(c);
    goto done;
  }
  double t0 = wcc_thread_cpu();
  bool ok = bind_imports(c);
  if (!ok) p->fail_rank = 0;
  if (ok && !(ok = wcc_di_begin(c, pl->lines))) p->fail_rank = 0;
  for (uint32_t i = p->first; ok && i < p->end; i++) {
    if (!(ok = wcc_lower_function(c, i))) p->fail_rank = 1 + (uint64_t)i;
    __atomic_fetch_add(&pl->n_lowered, 1, __ATOMIC_RELAXED);
  }
  if (ok && pl->n_parts > 1 && pl->o->opt_level > 0) ok = lower_copies(c, p, &p->fail_rank);
  if (ok && k == 0 && !(ok = wcc_emit_module_data(c))) p->fail_rank = (uint64_t)pl->m->n_funcs + 1;
  if (ok) wcc_di_finish(c);
  p->t_lower = wcc_thread_cpu() - t0;
  if (ok) {
    pthread_mutex_lock(&pl->mu);
    bool skip = pl->failed;
    pthread_mutex_unlock(&pl->mu);
    bool keyed = !skip && pl->cache.enabled && wcc_key_object(&pl->keys, k, p->first, p->end, c, key);
    /* before code generation, which optimises the copies away */
    if (keyed && owned_keyed) wcc_manifest_put(&pl->keys, p->first, p->end, c, owner, key);
    if (keyed && wcc_cache_get(&pl->cache, key, p->obj_path)) {
      p->cached = true;
    } else if (!skip) {
      drop_unused_declarations(c);
      if (!(ok = wcc_codegen(c, pl->t, p->obj_path))) p->fail_rank = (uint64_t)pl->m->n_funcs + 2;
      else if (keyed) wcc_cache_put(&pl->cache, key, p->obj_path);
    }
    if (skip) ok = false; /* another partition's error is the one reported */
  }
  p->ok = ok;
  __atomic_fetch_add(&pl->n_done, 1, __ATOMIC_RELAXED);
  p->t_optimise = c->t_optimise;
  p->t_codegen = c->t_codegen;
  p->n_big = c->n_big;
  ctx_close(c);
done:
  if (!p->ok) {
    pthread_mutex_lock(&pl->mu);
    pl->failed = true;
    pthread_mutex_unlock(&pl->mu);
  }
}

static void part_item(void *arg, uint32_t k) {
  plan *pl = arg;
  run_part(pl, pl->order ? pl->order[k] : k);
}

/* The order threads take partitions in: by code size, biggest first, so
 * that the last ones to finish are short (longest-processing-time-first).
 * It changes nothing in any object: each is compiled from its own inputs. */
typedef struct part_rank { uint64_t bytes; uint32_t k; } part_rank;
static int by_size_desc(const void *a, const void *b) {
  const part_rank *x = a, *y = b;
  if (x->bytes != y->bytes) return x->bytes > y->bytes ? -1 : 1;
  return x->k < y->k ? -1 : 1;
}

/* ---- progress ---------------------------------------------------------------
 * On a terminal (stderr), once a compile has run for 2 s: one line, redrawn
 * every 0.25 s, "wasmc: [#####.....] 3/7 partitions, 1234/2119 functions
 * lowered, 12 s", erased at the end.  Not with -q, --time-report or -v, nor
 * when stderr is not a terminal.  WASMC_PROGRESS_DELAY (seconds) changes
 * the 2 s, for tests. */
typedef struct progress {
  plan *pl;
  bool stop, drawn;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  pthread_t th;
} progress;

static void *progress_main(void *arg) {
  progress *pg = arg;
  double t0 = wcc_wall(), delay = 2;
  const char *d = getenv("WASMC_PROGRESS_DELAY"); /* seconds before the line appears (tests) */
  if (d && *d) delay = atof(d);
  uint32_t n_funcs = pg->pl->m->n_funcs - pg->pl->m->n_imported_funcs;
  pthread_mutex_lock(&pg->mu);
  while (!pg->stop) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 250000000;
    if (ts.tv_nsec >= 1000000000) ts.tv_sec++, ts.tv_nsec -= 1000000000;
    pthread_cond_timedwait(&pg->cv, &pg->mu, &ts);
    double t = wcc_wall() - t0;
    if (pg->stop || t < delay) continue;
    uint32_t done = __atomic_load_n(&pg->pl->n_done, __ATOMIC_RELAXED);
    uint32_t lowered = __atomic_load_n(&pg->pl->n_lowered, __ATOMIC_RELAXED);
    char bar[21];
    uint32_t fill = pg->pl->n_parts ? done * 20 / pg->pl->n_parts : 0;
    for (uint32_t i = 0; i < 20; i++) bar[i] = i < fill ? '#' : '.';
    bar[20] = 0;
    fprintf(stderr, "\r\033[Kwasmc: [%s] %u/%u partitions, %u/%u functions lowered, %.0f s", bar, done,
            pg->pl->n_parts, lowered, n_funcs, t);
    fflush(stderr);
    pg->drawn = true;
  }
  if (pg->drawn) fputs("\r\033[K", stderr);
  pthread_mutex_unlock(&pg->mu);
  return NULL;
}

static bool progress_start(progress *pg, plan *pl) {
  const wcc_options *o = pl->o;
  if (o->quiet || o->time_report || o->verbose || !isatty(STDERR_FILENO)) return false;
  *pg = (progress){.pl = pl};
  pthread_mutex_init(&pg->mu, NULL);
  pthread_cond_init(&pg->cv, NULL);
  if (pthread_create(&pg->th, NULL, progress_main, pg) != 0) {
    pthread_cond_destroy(&pg->cv);
    pthread_mutex_destroy(&pg->mu);
    return false;
  }
  return true;
}

static void progress_stop(progress *pg) {
  pthread_mutex_lock(&pg->mu);
  pg->stop = true;
  pthread_cond_signal(&pg->cv);
  pthread_mutex_unlock(&pg->mu);
  pthread_join(pg->th, NULL);
  pthread_cond_destroy(&pg->cv);
  pthread_mutex_destroy(&pg->mu);
}

/* Cut the defined functions into partitions of about --partition-size of
 * code; returns the count (1: the whole module, not split; 0: out of
 * memory).  Cuts are content-defined, so that a change to one function
 * moves no cut but those next to it (and the compile cache keeps the other
 * partitions' objects): after function i, once the partition holds a
 * quarter of the target, a cut is made with probability (its weight) /
 * (3/4 of the target), decided by a hash of its body; at twice the target a
 * cut is forced.  Partitions then hold about the target on average. */
static uint32_t make_parts(const wcc_module *m, const wcc_options *o, part **out) {
  uint64_t target = o->partition_bytes ? o->partition_bytes : WCC_PARTITION_CODE_BYTES;
  uint64_t total = 0;
  uint32_t n_defs = m->n_funcs - m->n_imported_funcs;
  for (uint32_t i = m->n_imported_funcs; i < m->n_funcs; i++) total += m->funcs[i].body_len + 16;
  bool whole = o->emit == WCC_EMIT_LLVM_IR || total < 2 * target || n_defs < 2;
  part *parts = calloc(whole ? 1 : n_defs, sizeof *parts);
  if (!parts) return 0;
  uint64_t acc = 0, span = target / 4 * 3 ? target / 4 * 3 : 1;
  uint32_t k = 0;
  parts[0].first = m->n_imported_funcs;
  for (uint32_t i = m->n_imported_funcs; !whole && i + 1 < m->n_funcs; i++) {
    uint64_t w = m->funcs[i].body_len + 16;
    acc += w;
    bool cut = acc >= 2 * target ||
               (acc >= target / 4 && XXH3_64bits(m->funcs[i].body, m->funcs[i].body_len) % span < w);
    if (cut) {
      parts[k].end = i + 1;
      parts[++k].first = i + 1;
      acc = 0;
    }
  }
  parts[k].end = m->n_funcs;
  for (uint32_t p = 0; p <= k; p++)
    for (uint32_t i = parts[p].first; i < parts[p].end; i++) parts[p].code_bytes += m->funcs[i].body_len;
  *out = parts;
  return k + 1;
}

/* --time-report: one line per partition and their sums (stderr) */
/* --time-report's row of partition k, with its biggest function */
static void report_row(const plan *pl, uint32_t k) {
  const part *p = &pl->parts[k];
  const wcc_module *m = pl->m;
  uint32_t big = p->first;
  for (uint32_t i = p->first; i < p->end; i++)
    if (m->funcs[i].body_len > m->funcs[big].body_len) big = i;
  char name[256];
  fprintf(stderr, "  %9u %9u %9.0f %7u %8.2f %9.2f %8.2f  %s: %zu bytes%s%s\n", k, p->end - p->first,
          (double)p->code_bytes / 1024, p->n_copies, p->t_lower, p->t_optimise, p->t_codegen,
          wcc_func_label(m, big, name, sizeof name), m->funcs[big].body_len,
          p->n_big ? "  (budget)" : "", p->cached ? "  (cached)" : "");
}

static double cost(const part *p) { return p->t_optimise + p->t_codegen; }

/* The time report: every partition when there are at most 64, else the
 * REPORT_TOP costliest (optimise + codegen CPU seconds); then the sums. */
#define REPORT_TOP 10u
static void report(const plan *pl, uint32_t n_threads) {
  fprintf(stderr, "wasmc: time report: %u partition%s, %u thread%s (CPU seconds of each partition's thread)\n",
          pl->n_parts, pl->n_parts > 1 ? "s" : "", n_threads, n_threads > 1 ? "s" : "");
  fprintf(stderr, "  %9s %9s %9s %7s %8s %9s %8s  %s\n", "partition", "functions", "code KiB", "copies", "lower",
          "optimise", "codegen", "biggest function");
  uint32_t n_cached = 0, n_unlowered = 0, n_big = 0;
  double sl = 0, so = 0, sc = 0;
  uint64_t sb = 0;
  for (uint32_t k = 0; k < pl->n_parts; k++) {
    const part *p = &pl->parts[k];
    if (pl->n_parts <= 64) report_row(pl, k);
    n_cached += p->cached;
    n_unlowered += p->by_manifest;
    n_big += p->n_big;
    sl += p->t_lower, so += p->t_optimise, sc += p->t_codegen, sb += p->code_bytes;
  }
  if (pl->n_parts > 64) {
    fprintf(stderr, "  (the %u costliest of %u partitions)\n", REPORT_TOP, pl->n_parts);
    /* selection by (cost descending, index ascending): REPORT_TOP passes */
    double last = INFINITY;
    uint32_t last_k = 0;
    for (uint32_t r = 0; r < REPORT_TOP; r++) {
      uint32_t best = UINT32_MAX;
      for (uint32_t k = 0; k < pl->n_parts; k++) {
        double ck = cost(&pl->parts[k]);
        bool after_last = ck < last || (ck == last && k > last_k) || r == 0;
        if (after_last && (best == UINT32_MAX || ck > cost(&pl->parts[best]))) best = k;
      }
      if (best == UINT32_MAX) break;
      report_row(pl, best);
      last = cost(&pl->parts[best]), last_k = best;
    }
  }
  fprintf(stderr, "  %9s %9u %9.0f %7s %8.2f %9.2f %8.2f\n", "all", pl->m->n_funcs - pl->m->n_imported_funcs,
          (double)sb / 1024, "", sl, so, sc);
  fprintf(stderr, "wasmc: time report: %u of %u partition objects from the compile cache, %u without lowering%s\n",
          n_cached, pl->n_parts, n_unlowered, pl->cache.enabled ? "" : " (cache off)");
  fprintf(stderr, "wasmc: time report: %u function%s optimised with -O1's passes (--big-function-limit)\n", n_big,
          n_big == 1 ? "" : "s");
}

bool wcc_compile(const wcc_options *o, wcc_module *m, const wcc_target *t, bool segue, const char *out_path,
                 wcc_diag *diag) {
  wcc_llvm_init(t);
  plan pl = {.o = o, .m = m, .t = t, .segue = segue};
  pl.n_parts = make_parts(m, o, &pl.parts);
  if (!pl.n_parts) {
    wcc_error(diag, "out of memory");
    return false;
  }
  pthread_mutex_init(&pl.mu, NULL);
  bool ok = true;
  if (o->debug_info) pl.lines = wcc_dwarf_lines_create(m); /* NULL: no line table, no debug metadata */
  if (wcc_cache_open(o, &pl.cache)) {
    /* the CPU and features as wcc_codegen resolves them */
    const char *cpu = o->cpu ? o->cpu : t->default_cpu, *features = t->default_features;
    char *host_cpu = NULL, *host_features = NULL;
    if (!strcmp(cpu, "native")) {
      cpu = host_cpu = LLVMGetHostCPUName();
      features = host_features = LLVMGetHostCPUFeatures();
    }
    if (!wcc_keys_init(&pl.keys, o, m, &pl.cache, t, segue, pl.n_parts, cpu, features)) pl.cache.enabled = false;
    LLVMDisposeMessage(host_cpu);
    LLVMDisposeMessage(host_features);
  }
  /* objects: partition 0's is out_path (an executable's object) or, joined
   * later into out_path, a temporary one like the others */
  bool join = pl.n_parts > 1 && o->emit == WCC_EMIT_OBJ;
  for (uint32_t k = 0; k < pl.n_parts && ok; k++) {
    if (k == 0 && !join) {
      pl.parts[k].obj_path = strdup(out_path);
    } else {
      size_t len = strlen(out_path) + 24;
      pl.parts[k].obj_path = malloc(len);
      if (pl.parts[k].obj_path) snprintf(pl.parts[k].obj_path, len, "%s.p%u.o", out_path, k);
    }
    if (!pl.parts[k].obj_path) ok = false;
    else if (k > 0 || join) wcc_codegen_add_object(pl.parts[k].obj_path, !join);
  }
  if (!ok) wcc_error(diag, "out of memory");
  if (ok) wcc_link_probe_start(o, t, out_path); /* --no-cache: the link's driver, beside compilation */
  uint32_t n_threads = o->jobs < pl.n_parts ? o->jobs : pl.n_parts;
  progress pg;
  bool shown = ok && progress_start(&pg, &pl);
  part_rank *rank = n_threads > 1 ? malloc(pl.n_parts * sizeof *rank) : NULL;
  pl.order = rank ? malloc(pl.n_parts * sizeof *pl.order) : NULL;
  if (pl.order) {
    for (uint32_t k = 0; k < pl.n_parts; k++) rank[k] = (part_rank){pl.parts[k].code_bytes, k};
    qsort(rank, pl.n_parts, sizeof *rank, by_size_desc);
    for (uint32_t k = 0; k < pl.n_parts; k++) pl.order[k] = rank[k].k;
  }
  free(rank);
  if (ok) wcc_parallel_for(pl.n_parts, n_threads, part_item, &pl);
  free(pl.order);
  if (shown) progress_stop(&pg);
  if (ok) {
    const part *worst = NULL;
    for (uint32_t k = 0; k < pl.n_parts; k++)
      if (!pl.parts[k].ok && pl.parts[k].diag.failed && (!worst || pl.parts[k].fail_rank < worst->fail_rank))
        worst = &pl.parts[k];
    if (worst) {
      wcc_error(diag, "%s", worst->diag.message);
      ok = false;
    }
    for (uint32_t k = 0; ok && k < pl.n_parts; k++) ok = pl.parts[k].ok;
  }
  if (ok && o->time_report) report(&pl, n_threads);
  if (ok && join) {
    const char **objs = calloc(pl.n_parts, sizeof *objs);
    for (uint32_t k = 0; objs && k < pl.n_parts; k++) objs[k] = pl.parts[k].obj_path;
    ok = objs && wcc_link_relocatable(o, t, objs, pl.n_parts, out_path, diag);
    if (!objs) wcc_error(diag, "out of memory");
    free(objs);
  }
  wcc_cache_trim(&pl.cache);
  wcc_cache_close(&pl.cache);
  wcc_keys_fini(&pl.keys);
  wcc_lines_destroy(pl.lines);
  for (uint32_t k = 0; k < pl.n_parts; k++) free(pl.parts[k].obj_path);
  free(pl.parts);
  pthread_mutex_destroy(&pl.mu);
  return ok;
}
