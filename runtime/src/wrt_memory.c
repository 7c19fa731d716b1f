/*
 * wrt_memory.c — linear memories (spec 4.2.8) and the memory instructions
 * generated code delegates to the runtime (spec 4.4.7).
 *
 * A memory reserves WASMC_MEMORY_RESERVATION bytes of PROT_NONE address
 * space (MAP_NORESERVE: no commit charge for the untouched part) and makes
 * the first `size` bytes read-write.  memory.grow only mprotect()s more of
 * the reservation, so the base never moves and generated code can keep it in
 * a register.  Every reservation is registered for the signal handler.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "wrt_internal.h"

/* off + n <= size, without overflow for any operands. */
static inline bool wrt_range_ok(uint64_t off, uint64_t n, uint64_t size) {
  return off <= size && n <= size - off;
}

wasmc_limits wrt_limits = {WASMC_NO_LIMIT, WASMC_NO_LIMIT};

void wasmc_set_limits(const wasmc_limits *limits) {
  wrt_limits = limits ? *limits : (wasmc_limits){WASMC_NO_LIMIT, WASMC_NO_LIMIT};
}

uint64_t wrt_limit_memory_pages(void) {
  return wrt_limits.max_memory == WASMC_NO_LIMIT ? UINT64_MAX
                                                 : wrt_limits.max_memory / WASMC_PAGE_SIZE;
}

wrt_memory *wrt_memory_of(wasmc_memory *m) {
  wrt_memory *w = (wrt_memory *)m;
  return m && w->magic == WRT_MEMORY_MAGIC ? w : NULL;
}

wasmc_memory *wasmc_memory_create(uint64_t min_pages, uint64_t max_pages, int has_max) {
  return wrt_memory_create(min_pages, max_pages, has_max, 0);
}

wasmc_memory *wrt_memory_create(uint64_t min_pages, uint64_t max_pages, int has_max, int is64) {
  uint64_t cap_pages = wrt_limit_memory_pages();
  uint64_t limit = is64 ? WASMC_MAX_PAGES64 : WASMC_MAX_PAGES;
  if (min_pages > WASMC_MEMORY_LIMIT_PAGES || min_pages > cap_pages) return NULL;
  if (has_max) {
    if (max_pages < min_pages) return NULL;
    if (max_pages > limit) max_pages = limit;  /* cannot be reached anyway */
  } else {
    max_pages = limit;
  }
  /* max_pages stays the declared limit (import matching, spec 4.5.2.3);
   * growth stops at WASMC_MEMORY_LIMIT_PAGES regardless */
  /* Faults in the reservation must find our handler installed. */
  if (wasmc_runtime_init() != 0) return NULL;

  wrt_memory *w = calloc(1, sizeof *w);
  if (!w) return NULL;
  void *base = mmap(NULL, WASMC_MEMORY_RESERVATION, PROT_NONE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (base == MAP_FAILED) {
    free(w);
    return NULL;
  }
  uint64_t bytes = min_pages * WASMC_PAGE_SIZE;
  if ((bytes && mprotect(base, bytes, PROT_READ | PROT_WRITE) != 0) ||
      wrt_memory_registry_add((uintptr_t)base, WASMC_MEMORY_RESERVATION) != 0) {
    (void)munmap(base, WASMC_MEMORY_RESERVATION);
    free(w);
    return NULL;
  }
  w->pub.base = base;
  w->pub.size = bytes;
  w->pub.max_pages = max_pages;
  w->pub.reserved = WASMC_MEMORY_RESERVATION;
  w->magic = WRT_MEMORY_MAGIC;
  w->has_max = has_max ? 1 : 0;
  w->cap_pages = cap_pages;
  w->is64 = is64 ? 1 : 0;
  return &w->pub;
}

wasmc_memory *wasmc_shared_memory_create(uint64_t min_pages, uint64_t max_pages) {
  wasmc_memory *mem = wasmc_memory_create(min_pages, max_pages, 1);
  if (mem) wrt_memory_of(mem)->shared = 1;
  return mem;
}

void wasmc_memory_destroy(wasmc_memory *mem) {
  wrt_memory *w = wrt_memory_of(mem);
  if (!w) return;
  wrt_memory_registry_remove((uintptr_t)w->pub.base);
  if (munmap(w->pub.base, w->pub.reserved) != 0) wrt_fatal("munmap of a linear memory failed");
  w->magic = 0;
  free(w);
}

/* Serialises memory.grow: with a shared memory several threads may grow it
 * at once, and each must see the size the previous one left.  Generated
 * code reads `size` without the lock (an aligned 64-bit load; it only
 * grows), so it is published with a release store after the mprotect. */
static pthread_mutex_t wrt_grow_lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t wrt_memory_grow_now(wasmc_memory *mem, uint64_t delta_pages);

uint32_t wasmc_memory_grow(wasmc_memory *mem, uint32_t delta_pages) {
  uint64_t r = wrt_memory_grow64(mem, delta_pages);
  return r == UINT64_MAX ? UINT32_MAX : (uint32_t)r;
}

uint64_t wrt_memory_grow64(wasmc_memory *mem, uint64_t delta_pages) {
  wrt_memory *w = wrt_memory_of(mem);
  if (!w || !w->shared) return wrt_memory_grow_now(mem, delta_pages);
  pthread_mutex_lock(&wrt_grow_lock);
  uint64_t r = wrt_memory_grow_now(mem, delta_pages);
  pthread_mutex_unlock(&wrt_grow_lock);
  return r;
}

static uint64_t wrt_memory_grow_now(wasmc_memory *mem, uint64_t delta_pages) {
  uint64_t old_pages = mem->size / WASMC_PAGE_SIZE;
  if (delta_pages == 0) return old_pages;
  uint64_t max = mem->max_pages < WASMC_MEMORY_LIMIT_PAGES ? mem->max_pages : WASMC_MEMORY_LIMIT_PAGES;
  if (delta_pages > max || old_pages + delta_pages > max) return UINT64_MAX;
  uint64_t new_pages = old_pages + delta_pages;
  /* --max-memory (wasmc_set_limits): only here, on growth, never on accesses */
  wrt_memory *w = wrt_memory_of(mem);
  if (w && new_pages > w->cap_pages) return UINT64_MAX;
  uint64_t new_size = new_pages * WASMC_PAGE_SIZE;
  if (new_size > mem->reserved) return UINT64_MAX;
  /* ENOMEM (e.g. strict overcommit, map count limit) is the spec's
   * non-deterministic growth failure: report -1, the memory is unchanged. */
  if (mprotect(mem->base + mem->size, new_size - mem->size, PROT_READ | PROT_WRITE) != 0)
    return UINT64_MAX;
  __atomic_store_n(&mem->size, new_size, __ATOMIC_RELEASE);
  return old_pages;
}

/* ---- entry points for generated code ------------------------------------ */

uint32_t wasmc_rt_memory_size(wasmc_instance *inst, uint32_t mem) {
  return (uint32_t)(wrt_memory_at(inst, mem)->size / WASMC_PAGE_SIZE);
}

uint32_t wasmc_rt_memory_grow(wasmc_instance *inst, uint32_t mem, uint32_t delta_pages) {
  return wasmc_memory_grow(wrt_memory_at(inst, mem), delta_pages);
}

/* The bodies of memory.fill, memory.copy and memory.init for 32-bit and
 * 64-bit memories alike (addresses and lengths as u64).  Inlined into each
 * entry point, so that WRT_TRAP_HERE names the wasm function calling it. */
#define WRT_INLINE static inline __attribute__((always_inline))

WRT_INLINE void wrt_fill(wasmc_instance *inst, uint32_t mem, uint64_t dst, uint32_t val, uint64_t n) {
  wasmc_memory *m = wrt_memory_at(inst, mem);
  if (!wrt_range_ok(dst, n, m->size)) WRT_TRAP_HERE(WASMC_TRAP_MEMORY_OOB);
  memset(m->base + dst, (int)(uint8_t)val, n);
}

WRT_INLINE void wrt_copy(wasmc_instance *inst, uint32_t dst_mem, uint32_t src_mem, uint64_t dst, uint64_t src,
                         uint64_t n) {
  wasmc_memory *d = wrt_memory_at(inst, dst_mem);
  wasmc_memory *s = wrt_memory_at(inst, src_mem);
  if (!wrt_range_ok(dst, n, d->size) || !wrt_range_ok(src, n, s->size))
    WRT_TRAP_HERE(WASMC_TRAP_MEMORY_OOB);
  memmove(d->base + dst, s->base + src, n);  /* ranges may overlap */
}

WRT_INLINE void wrt_init(wasmc_instance *inst, uint32_t mem, uint32_t seg, uint64_t dst, uint64_t src, uint64_t n) {
  wasmc_memory *m = wrt_memory_at(inst, mem);
  WRT_CHECK(seg < inst->module->n_data, "data segment index out of range");
  const wasmc_data_desc *d = &inst->module->data[seg];
  /* A dropped segment behaves as an empty one (spec 4.4.7 memory.init). */
  uint64_t seg_size = wrt_state(inst)->data_dropped[seg] ? 0 : d->size;
  if (!wrt_range_ok(src, n, seg_size) || !wrt_range_ok(dst, n, m->size))
    WRT_TRAP_HERE(WASMC_TRAP_MEMORY_OOB);
  if (n) memcpy(m->base + dst, d->bytes + src, n);
}

void wasmc_rt_memory_fill(wasmc_instance *inst, uint32_t mem, uint32_t dst, uint32_t val, uint32_t n) {
  wrt_fill(inst, mem, dst, val, n);
}

void wasmc_rt_memory_copy(wasmc_instance *inst, uint32_t dst_mem, uint32_t src_mem, uint32_t dst, uint32_t src,
                          uint32_t n) {
  wrt_copy(inst, dst_mem, src_mem, dst, src, n);
}

void wasmc_rt_memory_init(wasmc_instance *inst, uint32_t mem, uint32_t seg, uint32_t dst, uint32_t src,
                          uint32_t n) {
  wrt_init(inst, mem, seg, dst, src, n);
}

uint64_t wasmc_rt_memory_size64(wasmc_instance *inst, uint32_t mem) {
  return wrt_memory_at(inst, mem)->size / WASMC_PAGE_SIZE;
}

uint64_t wasmc_rt_memory_grow64(wasmc_instance *inst, uint32_t mem, uint64_t delta_pages) {
  return wrt_memory_grow64(wrt_memory_at(inst, mem), delta_pages);
}

void wasmc_rt_memory_fill64(wasmc_instance *inst, uint32_t mem, uint64_t dst, uint32_t val, uint64_t n) {
  wrt_fill(inst, mem, dst, val, n);
}

void wasmc_rt_memory_copy64(wasmc_instance *inst, uint32_t dst_mem, uint32_t src_mem, uint64_t dst,
                            uint64_t src, uint64_t n) {
  wrt_copy(inst, dst_mem, src_mem, dst, src, n);
}

void wasmc_rt_memory_init64(wasmc_instance *inst, uint32_t mem, uint32_t seg, uint64_t dst,
                            uint64_t src, uint64_t n) {
  wrt_init(inst, mem, seg, dst, src, n);
}

void wasmc_rt_data_drop(wasmc_instance *inst, uint32_t seg) {
  WRT_CHECK(seg < inst->module->n_data, "data segment index out of range");
  wrt_state(inst)->data_dropped[seg] = 1;
}

void wrt_memory_init_active(wasmc_instance *inst, uint32_t seg, uint64_t offset) {
  const wasmc_data_desc *d = &inst->module->data[seg];
  wasmc_memory *m = wrt_memory_at(inst, d->memory);
  if (!wrt_range_ok(offset, d->size, m->size))
    wrt_trap_raise(WASMC_TRAP_DATA_OOB, NULL, UINT32_MAX, false);
  if (d->size) memcpy(m->base + offset, d->bytes, d->size);
  wrt_state(inst)->data_dropped[seg] = 1;
}
