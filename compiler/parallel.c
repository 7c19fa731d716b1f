/*
 * parallel.c — parallel code generation of one optimised module.
 *
 * A module compiled as one partition (partition.c) is optimised once (so
 * inlining still sees every function); then its functions are split into N
 * parts of about equal size (N from the module's size only) and -j threads
 * turn the parts into machine code.
 * LLVM contexts are not thread-safe, so every thread parses its own copy of
 * the module from bitcode, deletes the bodies of the functions other
 * partitions own, and emits an object file.  Symbols that were internal
 * become hidden externals with the same (unique) names so that the objects
 * link together; nothing outside the executable can see them.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/BitReader.h>
#include <llvm-c/BitWriter.h>

#include "wcc.h"

typedef struct part_job {
  const char *bc;
  size_t bc_len;
  uint32_t k;                /* partition number */
  const uint32_t *owner;     /* partition of each function definition, in module order */
  const char *triple, *cpu, *features;
  LLVMCodeGenOptLevel level;
  const char *obj_path;
  char err[512];
  bool ok;
} part_job;

/* Turn a definition into a declaration: drop every instruction and block. */
static void delete_body(LLVMValueRef fn) {
  for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
    for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i))
      if (LLVMGetTypeKind(LLVMTypeOf(i)) != LLVMVoidTypeKind) LLVMReplaceAllUsesWith(i, LLVMGetPoison(LLVMTypeOf(i)));
  LLVMBasicBlockRef bb;
  while ((bb = LLVMGetFirstBasicBlock(fn))) {
    LLVMValueRef i;
    while ((i = LLVMGetFirstInstruction(bb))) LLVMInstructionEraseFromParent(i);
    LLVMDeleteBasicBlock(bb);
  }
  LLVMSetLinkage(fn, LLVMExternalLinkage);
}

static void *part_main(void *arg) {
  part_job *j = arg;
  LLVMContextRef ctx = LLVMContextCreate();
  LLVMContextSetDiscardValueNames(ctx, 1); /* as partition.c's contexts: only objects come out */
  LLVMMemoryBufferRef buf = LLVMCreateMemoryBufferWithMemoryRange(j->bc, j->bc_len, "module", 0);
  LLVMModuleRef mod = NULL;
  if (LLVMParseBitcodeInContext2(ctx, buf, &mod)) {
    snprintf(j->err, sizeof j->err, "cannot re-read the module's bitcode");
    LLVMDisposeMemoryBuffer(buf);
    LLVMContextDispose(ctx);
    return NULL;
  }
  LLVMDisposeMemoryBuffer(buf);
  uint32_t n = 0;
  for (LLVMValueRef f = LLVMGetFirstFunction(mod); f; f = LLVMGetNextFunction(f)) {
    if (LLVMIsDeclaration(f)) continue;
    if (j->owner[n++] != j->k) delete_body(f);
  }
  if (j->k != 0)
    for (LLVMValueRef g = LLVMGetFirstGlobal(mod); g; g = LLVMGetNextGlobal(g))
      if (!LLVMIsDeclaration(g)) {
        LLVMSetInitializer(g, NULL); /* partition 0 defines every variable */
        LLVMSetLinkage(g, LLVMExternalLinkage);
      }
  LLVMTargetRef target;
  char *err = NULL;
  if (LLVMGetTargetFromTriple(j->triple, &target, &err)) {
    snprintf(j->err, sizeof j->err, "target %s unavailable: %s", j->triple, err);
    LLVMDisposeMessage(err);
  } else {
    LLVMTargetMachineRef tm =
        LLVMCreateTargetMachine(target, j->triple, j->cpu, j->features, j->level, LLVMRelocPIC, LLVMCodeModelDefault);
    if (LLVMTargetMachineEmitToFile(tm, mod, j->obj_path, LLVMObjectFile, &err)) {
      snprintf(j->err, sizeof j->err, "cannot emit object '%s': %s", j->obj_path, err);
      LLVMDisposeMessage(err);
    } else {
      j->ok = true;
    }
    LLVMDisposeTargetMachine(tm);
  }
  LLVMDisposeModule(mod);
  LLVMContextDispose(ctx);
  return NULL;
}

static uint64_t function_size(LLVMValueRef fn) {
  uint64_t n = 0;
  for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
    for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) n++;
  return n;
}

uint32_t wcc_parallel_partitions(LLVMModuleRef mod) {
  /* small modules: threads and the bitcode round trip cost more than they
   * save.  The count depends on the module only, never on -j, so that the
   * executable is the same for every -j (partition.c) */
  uint64_t total = 0;
  for (LLVMValueRef f = LLVMGetFirstFunction(mod); f; f = LLVMGetNextFunction(f))
    if (!LLVMIsDeclaration(f)) total += function_size(f);
  if (total < 50000) return 1;
  uint64_t by_size = total / 25000;
  return (uint32_t)(by_size > 8 ? 8 : by_size);
}

typedef struct pool {
  void (*fn)(void *ctx, uint32_t k);
  void *ctx;
  uint32_t n, next;
  pthread_mutex_t mu;
} pool;

static void *pool_worker(void *arg) {
  pool *q = arg;
  for (;;) {
    pthread_mutex_lock(&q->mu);
    uint32_t k = q->next++;
    pthread_mutex_unlock(&q->mu);
    if (k >= q->n) return NULL;
    q->fn(q->ctx, k);
  }
}

void wcc_parallel_for(uint32_t n, uint32_t n_threads, void (*fn)(void *ctx, uint32_t k), void *ctx) {
  pool q = {.fn = fn, .ctx = ctx, .n = n};
  pthread_mutex_init(&q.mu, NULL);
  if (n_threads > n) n_threads = n;
  pthread_t *th = n_threads > 1 ? calloc(n_threads - 1, sizeof *th) : NULL;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 64u << 20); /* LLVM's recursive passes, as on the main thread */
  uint32_t started = 0;
  for (uint32_t i = 0; th && i + 1 < n_threads; i++)
    if (pthread_create(&th[i], &attr, pool_worker, &q) == 0) started++;
  pthread_attr_destroy(&attr);
  pool_worker(&q); /* this thread is one of them */
  for (uint32_t i = 0; i < started; i++) pthread_join(th[i], NULL);
  free(th);
  pthread_mutex_destroy(&q.mu);
}

static void part_item(void *ctx, uint32_t k) { part_main(&((part_job *)ctx)[k]); }

bool wcc_emit_parallel(LLVMModuleRef mod, uint32_t n_parts, uint32_t n_threads, const char *triple, const char *cpu, const char *features,
                       LLVMCodeGenOptLevel level, char **obj_paths, wcc_diag *diag) {
  /* make every definition linkable across partitions */
  uint32_t anon = 0, n_defs = 0;
  for (LLVMValueRef f = LLVMGetFirstFunction(mod); f; f = LLVMGetNextFunction(f)) {
    if (LLVMIsDeclaration(f)) continue;
    n_defs++;
    LLVMLinkage l = LLVMGetLinkage(f);
    if (l == LLVMInternalLinkage || l == LLVMPrivateLinkage) {
      LLVMSetLinkage(f, LLVMExternalLinkage);
      LLVMSetVisibility(f, LLVMHiddenVisibility);
    }
  }
  for (LLVMValueRef g = LLVMGetFirstGlobal(mod); g; g = LLVMGetNextGlobal(g)) {
    if (LLVMIsDeclaration(g)) continue;
    size_t len = 0;
    LLVMGetValueName2(g, &len);
    if (len == 0) {
      char name[32];
      snprintf(name, sizeof name, "wasmc.anon.%u", anon++);
      LLVMSetValueName2(g, name, strlen(name));
    }
    LLVMLinkage l = LLVMGetLinkage(g);
    if (l == LLVMInternalLinkage || l == LLVMPrivateLinkage) {
      LLVMSetLinkage(g, LLVMExternalLinkage);
      LLVMSetVisibility(g, LLVMHiddenVisibility);
      LLVMSetUnnamedAddress(g, LLVMNoUnnamedAddr);
    }
  }
  /* greedy balance: biggest functions first onto the lightest partition */
  typedef struct { uint64_t size; uint32_t idx; } fsz;
  fsz *sizes = calloc(n_defs + 1, sizeof *sizes);
  uint32_t *owner = calloc(n_defs + 1, sizeof *owner);
  uint64_t *load = calloc(n_parts, sizeof *load);
  uint32_t k = 0;
  for (LLVMValueRef f = LLVMGetFirstFunction(mod); f; f = LLVMGetNextFunction(f))
    if (!LLVMIsDeclaration(f)) { sizes[k].size = function_size(f); sizes[k].idx = k; k++; }
  for (uint32_t a = 1; a < n_defs; a++) /* insertion sort by size, descending; n is modest */
    for (uint32_t b = a; b > 0 && sizes[b - 1].size < sizes[b].size; b--) {
      fsz t = sizes[b]; sizes[b] = sizes[b - 1]; sizes[b - 1] = t;
    }
  for (uint32_t i = 0; i < n_defs; i++) {
    uint32_t best = 0;
    for (uint32_t p = 1; p < n_parts; p++)
      if (load[p] < load[best]) best = p;
    owner[sizes[i].idx] = best;
    load[best] += sizes[i].size + 10;
  }
  LLVMMemoryBufferRef bc = LLVMWriteBitcodeToMemoryBuffer(mod);
  part_job *jobs = calloc(n_parts, sizeof *jobs);
  bool ok = true;
  for (uint32_t p = 0; p < n_parts; p++)
    jobs[p] = (part_job){.bc = LLVMGetBufferStart(bc), .bc_len = LLVMGetBufferSize(bc), .k = p, .owner = owner,
                         .triple = triple, .cpu = cpu, .features = features, .level = level, .obj_path = obj_paths[p]};
  wcc_parallel_for(n_parts, n_threads, part_item, jobs);
  for (uint32_t p = 0; p < n_parts; p++)
    if (!jobs[p].ok) {
      wcc_error(diag, "code generation of partition %u failed: %s", p, jobs[p].err);
      ok = false;
    }
  LLVMDisposeMemoryBuffer(bc);
  free(jobs);
  free(sizes);
  free(owner);
  free(load);
  return ok;
}
