/*
 * wrt_instance.c — instantiation (spec 4.5.4), import matching (spec 4.5.2)
 * and exports (spec 4.5.3) from the compiler-emitted wasmc_module
 * descriptor.
 *
 * Order, as the spec prescribes:
 *   1. check the descriptor, resolve imports and check their types;
 *   2. allocate the instance: function descriptors, global cells, defined
 *      memories and tables (everything that can fail for lack of resources
 *      fails here, before anything observable happened);
 *   3. evaluate global initialisers, then the references of every element
 *      segment;
 *   4. apply active element segments in order (table.init + elem.drop; drop
 *      declarative ones), then active data segments in order (memory.init +
 *      data.drop);
 *   5. call the start function.
 * Steps 3-5 run inside a catch frame.  A trap in 4 or 5 leaves the effects
 * of earlier segments in place, possibly including references to this
 * instance's functions in imported tables, so such an instance is kept alive
 * (never freed) rather than destroyed.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wrt_internal.h"

#if defined(__x86_64__) && defined(__linux__)
#include <asm/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

/* Instances whose instantiation trapped (see above); reachable so leak
 * checkers do not flag them. */
static wrt_instance_state *wrt_kept_head;
static pthread_mutex_t wrt_kept_lock = PTHREAD_MUTEX_INITIALIZER;

static int wrt_fail(wasmc_error *err, int status, const char *message, const char *mod,
                    const char *name) {
  err->status = status;
  err->message = message;
  if (mod && name)
    snprintf(err->detail, sizeof err->detail, "%s.%s", mod, name);
  else if (name)
    snprintf(err->detail, sizeof err->detail, "%s", name);
  else
    err->detail[0] = '\0';
  return status;
}

#define WRT_MALFORMED(err, what) wrt_fail((err), WASMC_ERR_MALFORMED, "malformed module descriptor", NULL, (what))

/* The descriptor comes from our compiler, but a stale object file or a
 * hand-written one must fail instantiation cleanly, not corrupt memory. */
static int wrt_check_module(const wasmc_module *m, wasmc_error *err) {
  if (!m) return WRT_MALFORMED(err, "NULL module");
  if (m->abi_version != WASMC_ABI_VERSION) return WRT_MALFORMED(err, "ABI version mismatch");
  if (m->n_imported_funcs > m->n_funcs || m->n_imported_globals > m->n_globals ||
      m->n_imported_memories > m->n_memories || m->n_imported_tables > m->n_tables ||
      m->n_imported_tags > m->n_tags)
    return WRT_MALFORMED(err, "more imports than entities");
  if ((m->n_funcs && !m->funcs) || (m->n_globals && !m->globals) ||
      (m->n_memories && !m->memories) || (m->n_tables && !m->tables) ||
      (m->n_imports && !m->imports) || (m->n_exports && !m->exports) ||
      (m->n_data && !m->data) || (m->n_elems && !m->elems) || (m->n_tags && !m->tags))
    return WRT_MALFORMED(err, "missing array");
  uint64_t n_imports = (uint64_t)m->n_imported_funcs + m->n_imported_globals +
                       m->n_imported_memories + m->n_imported_tables + m->n_imported_tags;
  if (n_imports != m->n_imports) return WRT_MALFORMED(err, "import count mismatch");
  uint64_t n_defined_globals = m->n_globals - m->n_imported_globals;
  if (m->instance_size < WASMC_INSTANCE_GLOBALS_OFFSET + n_defined_globals * WASMC_GLOBAL_CELL_SIZE)
    return WRT_MALFORMED(err, "instance_size too small for the globals");
  for (uint32_t i = 0; i < m->n_funcs; i++) {
    if (!m->funcs[i].name) return WRT_MALFORMED(err, "function without a name");
    if (i >= m->n_imported_funcs && !m->funcs[i].func) return WRT_MALFORMED(err, "function without code");
  }
  /* constant expressions (wrt_constexpr.c) */
  for (uint32_t g = m->n_imported_globals; g < m->n_globals; g++)
    if (!wrt_const_check(m, m->globals[g].type, m->globals[g].init.code, m->globals[g].init.len, NULL))
      return WRT_MALFORMED(err, "bad global initialiser");
  for (uint32_t i = 0; i < m->n_elems; i++) {
    const wasmc_elem_desc *e = &m->elems[i];
    if (e->mode > WASMC_SEGMENT_DECLARATIVE) return WRT_MALFORMED(err, "bad element segment mode");
    if (e->mode == WASMC_SEGMENT_ACTIVE) {
      if (e->table >= m->n_tables) return WRT_MALFORMED(err, "element segment table out of range");
      if (!wrt_const_check(m, WASMC_I32, e->offset.code, e->offset.len, NULL))
        return WRT_MALFORMED(err, "bad element segment offset");
    }
    if (e->mode == WASMC_SEGMENT_DECLARATIVE || !e->count) continue;
    if (e->func_indices) {
      for (uint32_t k = 0; k < e->count; k++)
        if (e->func_indices[k] >= m->n_funcs) return WRT_MALFORMED(err, "element function out of range");
      continue;
    }
    const uint8_t *p = e->items.code, *end = p ? p + e->items.len : NULL;
    for (uint32_t k = 0; k < e->count; k++)
      if (!p || p >= end || !wrt_const_check(m, e->elem_type, p, (size_t)(end - p), &p))
        return WRT_MALFORMED(err, "bad element segment items");
  }
  for (uint32_t i = 0; i < m->n_data; i++) {
    const wasmc_data_desc *d = &m->data[i];
    if (d->mode > WASMC_SEGMENT_PASSIVE) return WRT_MALFORMED(err, "bad data segment mode");
    if (d->size && !d->bytes) return WRT_MALFORMED(err, "data segment without bytes");
    if (d->mode == WASMC_SEGMENT_ACTIVE) {
      if (d->memory >= m->n_memories) return WRT_MALFORMED(err, "data segment memory out of range");
      uint32_t it = m->memories[d->memory].flags & WASMC_MEMORY_DESC_64 ? WASMC_I64 : WASMC_I32;
      if (!wrt_const_check(m, it, d->offset.code, d->offset.len, NULL))
        return WRT_MALFORMED(err, "bad data segment offset");
    }
  }
  if (m->start_func >= 0 && (uint32_t)m->start_func >= m->n_funcs)
    return WRT_MALFORMED(err, "start function out of range");
  for (uint32_t i = 0; i < m->n_exports; i++) {
    const wasmc_export_desc *e = &m->exports[i];
    uint32_t limit = e->kind == WASMC_EXTERN_FUNC     ? m->n_funcs
                     : e->kind == WASMC_EXTERN_TABLE  ? m->n_tables
                     : e->kind == WASMC_EXTERN_MEMORY ? m->n_memories
                     : e->kind == WASMC_EXTERN_GLOBAL ? m->n_globals
                     : e->kind == WASMC_EXTERN_TAG    ? m->n_tags
                                                      : 0;
    if (!e->name || e->index >= limit) return WRT_MALFORMED(err, "bad export");
  }
  return WASMC_OK;
}

/* Free everything the instance owns.  Only for instances that never ran a
 * segment or start function, or that the embedder destroys. */
static void wrt_instance_free(wasmc_instance *inst) {
  const wasmc_module *m = inst->module;
  wrt_limits_detach(inst);
  wrt_instance_state *st = wrt_state(inst);
  if (st) {
    if (st->own_memories)
      for (uint32_t i = 0; i < m->n_memories - m->n_imported_memories; i++)
        if (st->own_memories[i]) wasmc_memory_destroy(&st->own_memories[i]->pub);
    if (st->own_tables)
      for (uint32_t i = 0; i < m->n_tables - m->n_imported_tables; i++)
        if (st->own_tables[i]) wasmc_table_destroy(&st->own_tables[i]->pub);
    if (st->elem_values)
      for (uint32_t i = 0; i < m->n_elems; i++) free(st->elem_values[i]);
    free(st->elem_values);
    free(st->elem_dropped);
    free(st->data_dropped);
    free(st->own_tables);
    free(st->own_memories);
    free(st->own_funcs);
    free(st->own_tags);
    free(st);
  }
  free(inst->memories);
  free(inst->tables);
  free(inst->globals);
  free(inst->funcs);
  free(inst->tags);
  free(inst);
}

/* calloc that treats a zero count as "nothing to allocate" (and succeeds). */
static bool wrt_alloc_array(void *out_ptr, size_t n, size_t size) {
  void **out = out_ptr;
  *out = NULL;
  if (n == 0) return true;
  *out = calloc(n, size);
  return *out != NULL;
}

/* Limits subtyping (spec 4.5.2.1 / 3.2.1): actual {n1, m1?} matches the
 * import's {n2, m2?} iff n1 >= n2 and (no m2, or m1 exists and m1 <= m2). */
static bool wrt_limits_match(uint64_t n1, bool has_m1, uint64_t m1, uint64_t n2, bool has_m2,
                             uint64_t m2) {
  if (n1 < n2) return false;
  if (!has_m2) return true;
  return has_m1 && m1 <= m2;
}

/* Bind import `imp` to `ext` (already resolved) or explain why not. */
static int wrt_bind_import(wasmc_instance *inst, const wasmc_import_desc *imp,
                           const wasmc_extern *ext, uint8_t *bound, wasmc_error *err) {
  const wasmc_module *m = inst->module;
  wrt_instance_state *st = wrt_state(inst);
  if (ext->kind != imp->kind)
    return wrt_fail(err, WASMC_ERR_INCOMPATIBLE_IMPORT, "incompatible import type", imp->module, imp->name);
  uint32_t idx = imp->index;
  uint32_t limit;
  switch (imp->kind) {
  case WASMC_EXTERN_FUNC: limit = m->n_imported_funcs; break;
  case WASMC_EXTERN_TABLE: limit = m->n_imported_tables; break;
  case WASMC_EXTERN_MEMORY: limit = m->n_imported_memories; break;
  case WASMC_EXTERN_GLOBAL: limit = m->n_imported_globals; break;
  case WASMC_EXTERN_TAG: limit = m->n_imported_tags; break;
  default: return WRT_MALFORMED(err, "bad import kind");
  }
  if (idx >= limit) return WRT_MALFORMED(err, "import index out of range");
  /* bound[] has one flag per imported entity: funcs, tables, memories,
   * globals, tags, in that order. */
  uint32_t first = 0;
  if (imp->kind > WASMC_EXTERN_FUNC) first += m->n_imported_funcs;
  if (imp->kind > WASMC_EXTERN_TABLE) first += m->n_imported_tables;
  if (imp->kind > WASMC_EXTERN_MEMORY) first += m->n_imported_memories;
  if (imp->kind > WASMC_EXTERN_GLOBAL) first += m->n_imported_globals;
  uint8_t *flag = &bound[first + idx];
  if (*flag) return WRT_MALFORMED(err, "import bound twice");

  bool ok = false;
  switch (imp->kind) {
  case WASMC_EXTERN_FUNC: {
    uint64_t want = m->funcs[idx].type_id;
    if (ext->func) {
      if (ext->func->type_id == want && ext->func->func) {
        inst->funcs[idx] = ext->func;
        ok = true;
      }
    } else if (ext->host_code && ext->host_type_id == want) {
      /* Host code bound to this (the importing) instance. */
      st->own_funcs[idx] = (wasmc_funcref){ext->host_code, inst, want, idx, 0, NULL}; /* no tail entry */
      inst->funcs[idx] = &st->own_funcs[idx];
      ok = true;
    }
    break;
  }
  case WASMC_EXTERN_TABLE: {
    wrt_table *t = wrt_table_of(ext->table);
    const wasmc_table_desc *d = &m->tables[idx];
    if (t && t->pub.elem_type == d->elem_type &&
        wrt_limits_match(t->pub.size, t->has_max, t->pub.max, d->min, d->has_max, d->max)) {
      inst->tables[idx] = &t->pub;
      ok = true;
    }
    break;
  }
  case WASMC_EXTERN_MEMORY: {
    wrt_memory *mem = wrt_memory_of(ext->memory);
    const wasmc_memory_desc *d = &m->memories[idx];
    /* memory64: the index types, threads: the sharedness must be equal */
    if (mem && !mem->is64 == !(d->flags & WASMC_MEMORY_DESC_64) && !mem->shared == !(d->flags & WASMC_MEMORY_SHARED) &&
        wrt_limits_match(mem->pub.size / WASMC_PAGE_SIZE, mem->has_max, mem->pub.max_pages,
                         d->min_pages, d->has_max, d->max_pages)) {
      inst->memories[idx] = &mem->pub;
      ok = true;
    }
    break;
  }
  case WASMC_EXTERN_GLOBAL: {
    const wasmc_global_desc *d = &m->globals[idx];
    if (ext->global && ext->global_type == d->type && !ext->global_mutable == !d->is_mutable) {
      inst->globals[idx] = ext->global;
      ok = true;
    }
    break;
  }
  case WASMC_EXTERN_TAG:
    /* tag types match iff equal (exception-handling proposal, import matching) */
    if (ext->tag && ext->tag->type_id == m->tags[idx].type_id) {
      inst->tags[idx] = ext->tag;
      ok = true;
    }
    break;
  }
  if (!ok)
    return wrt_fail(err, WASMC_ERR_INCOMPATIBLE_IMPORT, "incompatible import type", imp->module, imp->name);
  *flag = 1;
  return WASMC_OK;
}

/* Steps 2 (allocation) after imports: everything that can fail for lack of
 * resources. */
static int wrt_allocate_defined(wasmc_instance *inst, wasmc_error *err) {
  const wasmc_module *m = inst->module;
  wrt_instance_state *st = wrt_state(inst);
  for (uint32_t i = m->n_imported_funcs; i < m->n_funcs; i++) {
    st->own_funcs[i] = (wasmc_funcref){m->funcs[i].func, inst, m->funcs[i].type_id, i, 0, m->funcs[i].tail};
    inst->funcs[i] = &st->own_funcs[i];
  }
  for (uint32_t i = m->n_imported_globals; i < m->n_globals; i++)
    inst->globals[i] = (uint8_t *)inst + WASMC_INSTANCE_GLOBALS_OFFSET +
                       (size_t)WASMC_GLOBAL_CELL_SIZE * (i - m->n_imported_globals);
  for (uint32_t i = m->n_imported_tags; i < m->n_tags; i++) {
    wasmc_tag *t = &st->own_tags[i - m->n_imported_tags];
    *t = (wasmc_tag){m->tags[i].type_id, m->tags[i].type_sig, m->tags[i].n_params, 0};
    inst->tags[i] = t;
  }
  for (uint32_t i = m->n_imported_memories; i < m->n_memories; i++) {
    const wasmc_memory_desc *d = &m->memories[i];
    if (d->min_pages > wrt_limit_memory_pages()) {
      wrt_fail(err, WASMC_ERR_RESOURCE, "the initial memory is larger than --max-memory:", NULL, NULL);
      snprintf(err->detail, sizeof err->detail,
               "memory %u starts at %llu pages (%llu bytes), the cap is %llu bytes (%llu pages)", i,
               (unsigned long long)d->min_pages, (unsigned long long)d->min_pages * WASMC_PAGE_SIZE,
               (unsigned long long)wrt_limits.max_memory,
               (unsigned long long)wrt_limit_memory_pages());
      return WASMC_ERR_RESOURCE;
    }
    wasmc_memory *mem = wrt_memory_create(d->min_pages, d->max_pages, (int)(d->has_max || (d->flags & WASMC_MEMORY_SHARED)),
                                          (d->flags & WASMC_MEMORY_DESC_64) != 0);
    if (mem && (d->flags & WASMC_MEMORY_SHARED)) wrt_memory_of(mem)->shared = 1;
    if (!mem)
      return wrt_fail(err, WASMC_ERR_RESOURCE, "cannot allocate memory", NULL, "linear memory");
    st->own_memories[i - m->n_imported_memories] = wrt_memory_of(mem);
    inst->memories[i] = mem;
  }
  for (uint32_t i = m->n_imported_tables; i < m->n_tables; i++) {
    const wasmc_table_desc *d = &m->tables[i];
    if (d->min > wrt_limits.max_table_elements) {
      wrt_fail(err, WASMC_ERR_RESOURCE, "the initial table is larger than --max-table-elements:",
               NULL, NULL);
      snprintf(err->detail, sizeof err->detail, "table %u starts with %u elements, the cap is %llu",
               i, d->min, (unsigned long long)wrt_limits.max_table_elements);
      return WASMC_ERR_RESOURCE;
    }
    wasmc_table *t = wasmc_table_create(d->elem_type, d->min, d->max, (int)d->has_max);
    if (!t) return wrt_fail(err, WASMC_ERR_RESOURCE, "cannot allocate table", NULL, "table");
    st->own_tables[i - m->n_imported_tables] = wrt_table_of(t);
    inst->tables[i] = t;
  }
  return WASMC_OK;
}

typedef struct wrt_init_job {
  wasmc_instance *inst;
  int status;        /* WASMC_ERR_RESOURCE if evaluation could not allocate */
  bool applied;      /* a segment or the start function may have had effects */
} wrt_init_job;

/* Steps 3-5; runs inside wasmc_try(). */
static void wrt_instance_run_init(void *p) {
  wrt_init_job *job = p;
  wasmc_instance *inst = job->inst;
  const wasmc_module *m = inst->module;
  wrt_instance_state *st = wrt_state(inst);

  /* globals, in order: an initialiser reads only globals before it */
  for (uint32_t g = m->n_imported_globals; g < m->n_globals; g++) {
    wrt_const_value v;
    wrt_const_eval(inst, m->globals[g].type, m->globals[g].init.code, m->globals[g].init.len, NULL, &v);
    memcpy(inst->globals[g], &v, wrt_valtype_bytes(m->globals[g].type));
  }
  for (uint32_t i = 0; i < m->n_elems; i++) {
    const wasmc_elem_desc *e = &m->elems[i];
    if (e->mode == WASMC_SEGMENT_DECLARATIVE || e->count == 0) continue;
    /* count is module-declared and bounded by the module's size; calloc
     * checks the multiplication and fails closed. */
    void **out = calloc(e->count, sizeof(void *));
    if (!out) {
      job->status = WASMC_ERR_RESOURCE;
      return;
    }
    st->elem_values[i] = out;
    if (e->func_indices) {
      for (uint32_t k = 0; k < e->count; k++) out[k] = (void *)inst->funcs[e->func_indices[k]];
    } else {
      const uint8_t *q = e->items.code, *end = q + e->items.len;
      for (uint32_t k = 0; k < e->count; k++) {
        wrt_const_value v;
        wrt_const_eval(inst, e->elem_type, q, (size_t)(end - q), &q, &v);
        out[k] = (void *)(uintptr_t)v.lo;
      }
    }
  }

  job->applied = true;
  for (uint32_t i = 0; i < m->n_elems; i++) {
    const wasmc_elem_desc *e = &m->elems[i];
    if (e->mode == WASMC_SEGMENT_ACTIVE) {
      wrt_const_value off;
      wrt_const_eval(inst, WASMC_I32, e->offset.code, e->offset.len, NULL, &off);
      wrt_table_init_active(inst, i, (uint32_t)off.lo);
    } else if (e->mode == WASMC_SEGMENT_DECLARATIVE) {
      wasmc_rt_elem_drop(inst, i);
    }
  }
  for (uint32_t i = 0; i < m->n_data; i++)
    if (m->data[i].mode == WASMC_SEGMENT_ACTIVE) {
      wrt_const_value off;
      bool is64 = m->memories[m->data[i].memory].flags & WASMC_MEMORY_DESC_64;
      wrt_const_eval(inst, is64 ? WASMC_I64 : WASMC_I32, m->data[i].offset.code, m->data[i].offset.len, NULL,
                     &off);
      wrt_memory_init_active(inst, i, is64 ? off.lo : (uint32_t)off.lo);
    }

  if (m->start_func >= 0) {
    const wasmc_funcref *start = inst->funcs[m->start_func];
    ((void (*)(wasmc_instance *))start->func)(start->instance);
  }
}

/* wasmc_abi.h: memory 0's base for Segue executables, set with the gs base */
uint8_t *wasmc_rt_gs_memory0_base;

/* Point the calling thread's gs segment at memory 0 (WASMC_MODULE_MEMORY0_GS,
 * "Segue"): the module's code addresses wasm address x as %gs:x.  Linux
 * keeps the base per thread (arch_prctl(2), ARCH_SET_GS); glibc and the
 * sanitizer runtimes on x86-64 use fs, never gs. */
static int wrt_set_gs_base(uint8_t *base, wasmc_error *err) {
#if defined(__x86_64__) && defined(__linux__)
  if (!base) return WRT_MALFORMED(err, "gs segment base requested without a memory 0");
  if (syscall(SYS_arch_prctl, ARCH_SET_GS, (unsigned long)(uintptr_t)base) == 0) {
    wasmc_rt_gs_memory0_base = base;
    return WASMC_OK;
  }
  return wrt_fail(err, WASMC_ERR_RESOURCE, "cannot set the gs segment base to linear memory:", NULL, strerror(errno));
#else
  (void)base;
  return WRT_MALFORMED(err, "module addresses memory through the gs segment (x86-64 only)");
#endif
}

int wasmc_instance_create(const wasmc_module *module, wasmc_import_resolver resolve,
                          void *resolve_ctx, wasmc_instance **out_inst, wasmc_error *out_err) {
  wasmc_error scratch;
  wasmc_error *err = out_err ? out_err : &scratch;
  memset(err, 0, sizeof *err);
  err->message = "";
  err->trap = (wasmc_trap_info){WASMC_TRAP_NONE, UINT32_MAX, wasmc_trap_message(0), NULL};
  if (!out_inst) return WRT_MALFORMED(err, "NULL out_inst");
  *out_inst = NULL;

  int rc = wrt_check_module(module, err);
  if (rc) return rc;
  if (wasmc_runtime_init() != 0)
    return wrt_fail(err, WASMC_ERR_RESOURCE, "cannot install signal handlers", NULL, NULL);
  if (wrt_func_registry_add_module(module) != 0)
    return wrt_fail(err, WASMC_ERR_RESOURCE, "out of memory", NULL, NULL);

  const wasmc_module *m = module;
  wasmc_instance *inst = calloc(1, m->instance_size);
  if (!inst) return wrt_fail(err, WASMC_ERR_RESOURCE, "out of memory", NULL, NULL);
  inst->module = m;
  wrt_limits_attach(inst); /* before any of its code runs (start function) */
  wrt_instance_state *st = calloc(1, sizeof *st);
  inst->rt = st;
  uint8_t *bound = NULL;
  if (!st ||
      !wrt_alloc_array(&inst->memories, m->n_memories, sizeof *inst->memories) ||
      !wrt_alloc_array(&inst->tables, m->n_tables, sizeof *inst->tables) ||
      !wrt_alloc_array(&inst->globals, m->n_globals, sizeof *inst->globals) ||
      !wrt_alloc_array(&inst->funcs, m->n_funcs, sizeof *inst->funcs) ||
      !wrt_alloc_array(&inst->tags, m->n_tags, sizeof *inst->tags) ||
      !wrt_alloc_array(&st->own_tags, m->n_tags - m->n_imported_tags, sizeof *st->own_tags) ||
      !wrt_alloc_array(&st->own_funcs, m->n_funcs, sizeof *st->own_funcs) ||
      !wrt_alloc_array(&st->own_memories, m->n_memories - m->n_imported_memories,
                       sizeof *st->own_memories) ||
      !wrt_alloc_array(&st->own_tables, m->n_tables - m->n_imported_tables, sizeof *st->own_tables) ||
      !wrt_alloc_array(&st->data_dropped, m->n_data, 1) ||
      !wrt_alloc_array(&st->elem_dropped, m->n_elems, 1) ||
      !wrt_alloc_array(&st->elem_values, m->n_elems, sizeof *st->elem_values) ||
      !wrt_alloc_array(&bound, m->n_imports, 1)) {
    rc = wrt_fail(err, WASMC_ERR_RESOURCE, "out of memory", NULL, NULL);
    goto fail;
  }
  st->inst = inst;

  /* Step 1: imports, in order (spec 4.5.4 step 3-4). */
  for (uint32_t k = 0; k < m->n_imports; k++) {
    const wasmc_import_desc *imp = &m->imports[k];
    wasmc_extern ext;
    memset(&ext, 0, sizeof ext);
    if (!imp->module || !imp->name) {
      rc = WRT_MALFORMED(err, "import without a name");
      goto fail;
    }
    if (!resolve || resolve(resolve_ctx, imp->module, imp->name, imp->kind, &ext) != 0) {
      rc = wrt_fail(err, WASMC_ERR_UNKNOWN_IMPORT, "unknown import", imp->module, imp->name);
      goto fail;
    }
    rc = wrt_bind_import(inst, imp, &ext, bound, err);
    if (rc) goto fail;
  }
  /* n_imports equals the sum of the imported counts and no slot was bound
   * twice, so every imported slot is bound now. */

  /* Step 2. */
  rc = wrt_allocate_defined(inst, err);
  if (rc) goto fail;
  inst->mem0_base = m->n_memories ? inst->memories[0]->base : NULL;
  if (m->flags & WASMC_MODULE_MEMORY0_GS) {
    rc = wrt_set_gs_base(inst->mem0_base, err);
    if (rc) goto fail;
  }
  inst->stack_limit = wasmc_thread_stack_limit();
  free(bound);
  bound = NULL;

  /* Steps 3-5. */
  wrt_init_job job = {inst, WASMC_OK, false};
  wasmc_trap_info trap;
  if (wasmc_try(wrt_instance_run_init, &job, &trap) != 0) {
    if (!job.applied) {
      /* Nothing outside the instance can refer to it yet. */
      wrt_instance_free(inst);
    } else {
      pthread_mutex_lock(&wrt_kept_lock);
      st->next_kept = wrt_kept_head;
      wrt_kept_head = st;
      pthread_mutex_unlock(&wrt_kept_lock);
    }
    err->trap = trap;
    return wrt_fail(err, WASMC_ERR_TRAP, trap.message, NULL, trap.func_name);
  }
  if (job.status != WASMC_OK) {
    rc = wrt_fail(err, job.status, "out of memory", NULL, "element segment");
    goto fail;
  }
  *out_inst = inst;
  return WASMC_OK;

fail:
  free(bound);
  wrt_instance_free(inst);
  return rc;
}

void wasmc_instance_destroy(wasmc_instance *inst) {
  if (inst) wrt_instance_free(inst);
}

void wasmc_instance_bind_thread(wasmc_instance *inst) {
  inst->stack_limit = wasmc_thread_stack_limit();
}

int wasmc_instance_export(const wasmc_instance *inst, const char *name, wasmc_extern *out) {
  return wasmc_instance_export_n(inst, name, strlen(name), out);
}

int wasmc_instance_export_n(const wasmc_instance *inst, const char *name, size_t name_len,
                            wasmc_extern *out) {
  const wasmc_module *m = inst->module;
  for (uint32_t i = 0; i < m->n_exports; i++) {
    const wasmc_export_desc *e = &m->exports[i];
    /* name_len 0: a plain C string (hand-written descriptors). */
    size_t len = e->name_len ? e->name_len : strlen(e->name);
    if (len != name_len || memcmp(e->name, name, len) != 0) continue;
    memset(out, 0, sizeof *out);
    out->kind = e->kind;
    switch (e->kind) {
    case WASMC_EXTERN_FUNC: out->func = inst->funcs[e->index]; break;
    case WASMC_EXTERN_TABLE: out->table = inst->tables[e->index]; break;
    case WASMC_EXTERN_MEMORY: out->memory = inst->memories[e->index]; break;
    case WASMC_EXTERN_GLOBAL:
      out->global = inst->globals[e->index];
      out->global_type = m->globals[e->index].type;
      out->global_mutable = m->globals[e->index].is_mutable ? 1 : 0;
      break;
    case WASMC_EXTERN_TAG: out->tag = inst->tags[e->index]; break;
    }
    return 0;
  }
  return -1;
}

const wasmc_funcref *wasmc_instance_export_func(const wasmc_instance *inst, const char *name) {
  wasmc_extern ext;
  if (wasmc_instance_export(inst, name, &ext) != 0 || ext.kind != WASMC_EXTERN_FUNC) return NULL;
  return ext.func;
}

/* The invoke trampoline of `f`'s signature: the descriptor's instance is the
 * one that defines the function (or, for host code bound to an importer, the
 * importer), and that instance's module describes func_index with the same
 * type. */
static wasmc_invoke_fn wrt_invoke_of(const wasmc_funcref *f) {
  if (!f || !f->func || !f->instance || !f->instance->module) return NULL;
  const wasmc_module *m = f->instance->module;
  if (f->func_index >= m->n_funcs || !m->funcs) return NULL;
  const wasmc_func_desc *d = &m->funcs[f->func_index];
  if (d->type_id != f->type_id) return NULL;
  return d->invoke;
}

const char *wasmc_func_signature(const wasmc_funcref *f) {
  if (!wrt_invoke_of(f)) return NULL;
  return f->instance->module->funcs[f->func_index].type_sig;
}

int wasmc_invoke(const wasmc_funcref *f, uint64_t *vals) {
  wasmc_invoke_fn invoke = wrt_invoke_of(f);
  if (!invoke) return -1;
  invoke(f->func, f->instance, vals);
  return 0;
}

typedef struct wrt_call_job {
  wasmc_invoke_fn invoke;
  const wasmc_funcref *f;
  uint64_t *vals;
} wrt_call_job;

static void wrt_call_run(void *p) {
  wrt_call_job *job = p;
  job->invoke(job->f->func, job->f->instance, job->vals);
}

int wasmc_call(const wasmc_funcref *f, uint64_t *vals, wasmc_trap_info *out) {
  wrt_call_job job = {wrt_invoke_of(f), f, vals};
  if (!job.invoke) {
    if (out) *out = (wasmc_trap_info){WASMC_TRAP_NONE, UINT32_MAX, wasmc_trap_message(0), NULL};
    return -1;
  }
  return wasmc_try(wrt_call_run, &job, out);
}
