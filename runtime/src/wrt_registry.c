/*
 * wrt_registry.c — process-wide tables the SIGSEGV handler consults:
 *   - live linear-memory reservations (is the fault address ours?);
 *   - code addresses of every instantiated module's functions (which wasm
 *     function was executing?).
 *
 * Writers serialise on a mutex; the signal handler reads without locking
 * (a handler must never take a lock the interrupted thread may hold), so the
 * data is published with release stores and read with acquire loads, and
 * nothing a reader can reach is ever freed while the process lives (the
 * function records) or is retracted atomically (memory slots).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

#include "wrt_internal.h"

/* ---- linear memories ---------------------------------------------------- */

/* Each reservation is 8 GiB of address space; 47-bit user space holds fewer
 * than 16384 of them, so the table can never be the binding limit. */
#define WRT_MEMORY_SLOTS 16384

typedef struct wrt_memory_slot {
  _Atomic uintptr_t lo;  /* 0: free */
  _Atomic uintptr_t hi;  /* exclusive end; 0: free or being changed */
} wrt_memory_slot;

static wrt_memory_slot wrt_memory_slots[WRT_MEMORY_SLOTS];
static _Atomic size_t wrt_memory_slots_used;  /* high-water mark */
static pthread_mutex_t wrt_memory_lock = PTHREAD_MUTEX_INITIALIZER;

int wrt_memory_registry_add(uintptr_t base, uint64_t bytes) {
  int rc = ENOSPC;
  pthread_mutex_lock(&wrt_memory_lock);
  size_t used = atomic_load_explicit(&wrt_memory_slots_used, memory_order_relaxed);
  size_t slot = used;
  for (size_t i = 0; i < used; i++) {
    if (atomic_load_explicit(&wrt_memory_slots[i].lo, memory_order_relaxed) == 0) {
      slot = i;
      break;
    }
  }
  if (slot < WRT_MEMORY_SLOTS) {
    /* lo first, hi last: a reader that sees hi != 0 also sees lo. */
    atomic_store_explicit(&wrt_memory_slots[slot].lo, base, memory_order_relaxed);
    atomic_store_explicit(&wrt_memory_slots[slot].hi, base + bytes, memory_order_release);
    if (slot == used) atomic_store_explicit(&wrt_memory_slots_used, used + 1, memory_order_release);
    rc = 0;
  }
  pthread_mutex_unlock(&wrt_memory_lock);
  return rc;
}

void wrt_memory_registry_remove(uintptr_t base) {
  pthread_mutex_lock(&wrt_memory_lock);
  size_t used = atomic_load_explicit(&wrt_memory_slots_used, memory_order_relaxed);
  for (size_t i = 0; i < used; i++) {
    if (atomic_load_explicit(&wrt_memory_slots[i].lo, memory_order_relaxed) == base) {
      atomic_store_explicit(&wrt_memory_slots[i].hi, 0, memory_order_release);
      atomic_store_explicit(&wrt_memory_slots[i].lo, 0, memory_order_release);
      break;
    }
  }
  pthread_mutex_unlock(&wrt_memory_lock);
}

bool wrt_memory_registry_contains(uintptr_t addr) {
  size_t used = atomic_load_explicit(&wrt_memory_slots_used, memory_order_acquire);
  for (size_t i = 0; i < used; i++) {
    uintptr_t hi = atomic_load_explicit(&wrt_memory_slots[i].hi, memory_order_acquire);
    uintptr_t lo = atomic_load_explicit(&wrt_memory_slots[i].lo, memory_order_acquire);
    if (hi != 0 && lo != 0 && addr >= lo && addr < hi) return true;
  }
  return false;
}

/* ---- function code addresses -------------------------------------------- */

/* A PC this far past a module's last function start is not attributed to it
 * (it is probably runtime or libc code linked after the module). */
#define WRT_FUNC_TAIL_BYTES ((uintptr_t)1 << 20)

typedef struct wrt_func_entry {
  uintptr_t start;
  const char *name;
  uint32_t index;
  uint32_t code_offset; /* module byte offset of the body, 0: unknown */
} wrt_func_entry;

typedef struct wrt_module_record {
  const wasmc_module *module;
  uintptr_t lo, hi;            /* lowest and highest function start */
  size_t n;
  wrt_func_entry *entries;     /* sorted by start */
  struct wrt_module_record *next;
} wrt_module_record;

/* Prepend-only list; records are never freed (modules are static data). */
static _Atomic(wrt_module_record *) wrt_modules_head;
static pthread_mutex_t wrt_modules_lock = PTHREAD_MUTEX_INITIALIZER;

static int wrt_entry_cmp(const void *a, const void *b) {
  const wrt_func_entry *x = a, *y = b;
  return (x->start > y->start) - (x->start < y->start);
}

int wrt_func_registry_add_module(const wasmc_module *module) {
  int rc = 0;
  pthread_mutex_lock(&wrt_modules_lock);
  for (wrt_module_record *r = atomic_load_explicit(&wrt_modules_head, memory_order_relaxed); r;
       r = r->next)
    if (r->module == module) goto out;

  size_t n = 0;
  for (uint32_t i = module->n_imported_funcs; i < module->n_funcs; i++)
    if (module->funcs[i].func) n++;
  if (n == 0) goto out;

  wrt_module_record *rec = calloc(1, sizeof *rec);
  wrt_func_entry *entries = calloc(n, sizeof *entries);
  if (!rec || !entries) {
    free(rec);
    free(entries);
    rc = ENOMEM;
    goto out;
  }
  size_t k = 0;
  for (uint32_t i = module->n_imported_funcs; i < module->n_funcs; i++) {
    if (!module->funcs[i].func) continue;
    uint32_t off = module->func_code_offsets ? module->func_code_offsets[i] : 0;
    /* a function with a tail-call entry (ABI v13) runs its body there;
     * `func` is only a wrapper calling it, whose frames are left out */
    const void *code = module->funcs[i].tail ? module->funcs[i].tail : module->funcs[i].func;
    entries[k++] = (wrt_func_entry){(uintptr_t)code, module->funcs[i].name, i, off};
  }
  qsort(entries, n, sizeof *entries, wrt_entry_cmp);
  rec->module = module;
  rec->n = n;
  rec->entries = entries;
  rec->lo = entries[0].start;
  rec->hi = entries[n - 1].start;
  rec->next = atomic_load_explicit(&wrt_modules_head, memory_order_relaxed);
  atomic_store_explicit(&wrt_modules_head, rec, memory_order_release);
out:
  pthread_mutex_unlock(&wrt_modules_lock);
  return rc;
}

bool wrt_func_registry_lookup(uintptr_t pc, const char **out_name, uint32_t *out_index) {
  const wrt_func_entry *best = NULL;
  for (const wrt_module_record *r = atomic_load_explicit(&wrt_modules_head, memory_order_acquire);
       r; r = r->next) {
    if (pc < r->lo || (pc > r->hi && pc - r->hi >= WRT_FUNC_TAIL_BYTES)) continue;
    /* Greatest start <= pc (exists: pc >= lo = entries[0].start). */
    size_t lo = 0, hi = r->n;
    while (hi - lo > 1) {
      size_t mid = lo + (hi - lo) / 2;
      if (r->entries[mid].start <= pc)
        lo = mid;
      else
        hi = mid;
    }
    if (!best || r->entries[lo].start > best->start) best = &r->entries[lo];
  }
  if (!best) return false;
  *out_name = best->name;
  *out_index = best->index;
  return true;
}

bool wrt_func_registry_find_start(uintptr_t start, const char **out_name, uint32_t *out_index,
                                  uint32_t *out_code_offset) {
  for (const wrt_module_record *r = atomic_load_explicit(&wrt_modules_head, memory_order_acquire); r;
       r = r->next) {
    if (start < r->lo || start > r->hi) continue;
    size_t lo = 0, hi = r->n;
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (r->entries[mid].start == start) {
        *out_name = r->entries[mid].name;
        *out_index = r->entries[mid].index;
        *out_code_offset = r->entries[mid].code_offset;
        return true;
      }
      if (r->entries[mid].start < start) lo = mid + 1;
      else hi = mid;
    }
  }
  return false;
}

bool wrt_func_registry_body_offset(uintptr_t start, uint32_t index, uint32_t *out_code_offset) {
  for (const wrt_module_record *r = atomic_load_explicit(&wrt_modules_head, memory_order_acquire); r;
       r = r->next) {
    if (start < r->lo || start > r->hi) continue;
    const wasmc_module *m = r->module;
    if (index < m->n_imported_funcs || index >= m->n_funcs || !m->func_code_offsets || !m->func_code_offsets[index])
      return false;
    *out_code_offset = m->func_code_offsets[index];
    return true;
  }
  return false;
}
