/*
 * wrt_table.c — tables (spec 4.2.7) and the table instructions (spec 4.4.6).
 *
 * Table sizes are guest-chosen (declared minimum, table.grow), so every
 * allocation is bounded by WASMC_TABLE_ELEMS_LIMIT and fails closed: a
 * failed table.grow returns -1 as the spec allows, a failed creation fails
 * instantiation.  (wasm2c's "table flip" escape started from an unchecked
 * calloc of a guest-sized table.)
 */
#include <stdlib.h>
#include <string.h>

#include "wrt_internal.h"

static inline bool wrt_range_ok(uint64_t off, uint64_t n, uint64_t size) {
  return off <= size && n <= size - off;
}

wrt_table *wrt_table_of(wasmc_table *t) {
  wrt_table *w = (wrt_table *)t;
  return t && w->magic == WRT_TABLE_MAGIC ? w : NULL;
}

wasmc_table *wasmc_table_create(uint32_t elem_type, uint32_t min, uint32_t max, int has_max) {
  if (elem_type != WASMC_FUNCREF && elem_type != WASMC_EXTERNREF) return NULL;
  if (has_max && max < min) return NULL;
  if (min > WASMC_TABLE_ELEMS_LIMIT || min > wrt_limits.max_table_elements) return NULL;
  wrt_table *w = calloc(1, sizeof *w);
  if (!w) return NULL;
  if (min) {
    w->pub.elems = calloc(min, sizeof(void *));  /* all ref.null */
    if (!w->pub.elems) {
      free(w);
      return NULL;
    }
  }
  w->pub.size = min;
  w->pub.max = has_max ? max : UINT32_MAX;
  w->pub.elem_type = elem_type;
  w->magic = WRT_TABLE_MAGIC;
  w->has_max = has_max ? 1 : 0;
  w->capacity = min;
  w->cap = wrt_limits.max_table_elements < UINT32_MAX ? (uint32_t)wrt_limits.max_table_elements
                                                       : UINT32_MAX;
  return &w->pub;
}

void wasmc_table_destroy(wasmc_table *table) {
  wrt_table *w = wrt_table_of(table);
  if (!w) return;
  free(w->pub.elems);
  w->magic = 0;
  free(w);
}

/* table.grow (spec 4.4.6): old size, or UINT32_MAX (-1) on failure. */
static uint32_t wrt_table_grow(wasmc_table *t, void *init, uint32_t delta) {
  wrt_table *w = wrt_table_of(t);
  WRT_CHECK(w, "table not created by the runtime");
  uint64_t old_size = t->size;
  if (delta == 0) return (uint32_t)old_size;
  uint64_t new_size = old_size + delta;
  /* w->cap: --max-table-elements (wasmc_set_limits) */
  if (new_size > t->max || new_size > WASMC_TABLE_ELEMS_LIMIT || new_size > w->cap)
    return UINT32_MAX;
  if (new_size > w->capacity) {
    /* Geometric growth keeps repeated table.grow(1) linear overall; the
     * extra capacity never exceeds the limits above. */
    uint64_t cap = (uint64_t)w->capacity * 2;
    if (cap < new_size) cap = new_size;
    if (cap > WASMC_TABLE_ELEMS_LIMIT) cap = WASMC_TABLE_ELEMS_LIMIT;
    if (cap > t->max) cap = t->max;
    if (cap > w->cap) cap = w->cap;
    void **elems = realloc(t->elems, (size_t)cap * sizeof(void *));
    if (!elems) return UINT32_MAX;
    t->elems = elems;
    w->capacity = (uint32_t)cap;
  }
  for (uint64_t i = old_size; i < new_size; i++) t->elems[i] = init;
  t->size = (uint32_t)new_size;
  return (uint32_t)old_size;
}

/* ---- entry points for generated code ------------------------------------ */

void *wasmc_rt_table_get(wasmc_instance *inst, uint32_t table, uint32_t i) {
  wasmc_table *t = wrt_table_at(inst, table);
  if (i >= t->size) WRT_TRAP_HERE(WASMC_TRAP_TABLE_OOB);
  return t->elems[i];
}

void wasmc_rt_table_set(wasmc_instance *inst, uint32_t table, uint32_t i, void *ref) {
  wasmc_table *t = wrt_table_at(inst, table);
  if (i >= t->size) WRT_TRAP_HERE(WASMC_TRAP_TABLE_OOB);
  t->elems[i] = ref;
}

uint32_t wasmc_rt_table_size(wasmc_instance *inst, uint32_t table) {
  return wrt_table_at(inst, table)->size;
}

uint32_t wasmc_rt_table_grow(wasmc_instance *inst, uint32_t table, void *init, uint32_t delta) {
  return wrt_table_grow(wrt_table_at(inst, table), init, delta);
}

void wasmc_rt_table_fill(wasmc_instance *inst, uint32_t table, uint32_t i, void *ref, uint32_t n) {
  wasmc_table *t = wrt_table_at(inst, table);
  if (!wrt_range_ok(i, n, t->size)) WRT_TRAP_HERE(WASMC_TRAP_TABLE_OOB);
  for (uint32_t k = 0; k < n; k++) t->elems[i + k] = ref;
}

void wasmc_rt_table_copy(wasmc_instance *inst, uint32_t dst_table, uint32_t src_table,
                         uint32_t dst, uint32_t src, uint32_t n) {
  wasmc_table *d = wrt_table_at(inst, dst_table);
  wasmc_table *s = wrt_table_at(inst, src_table);
  if (!wrt_range_ok(dst, n, d->size) || !wrt_range_ok(src, n, s->size))
    WRT_TRAP_HERE(WASMC_TRAP_TABLE_OOB);
  if (n) memmove(d->elems + dst, s->elems + src, (size_t)n * sizeof(void *));
}

void wasmc_rt_table_init(wasmc_instance *inst, uint32_t table, uint32_t seg, uint32_t dst,
                         uint32_t src, uint32_t n) {
  wasmc_table *t = wrt_table_at(inst, table);
  WRT_CHECK(seg < inst->module->n_elems, "element segment index out of range");
  wrt_instance_state *st = wrt_state(inst);
  /* A dropped segment behaves as an empty one (spec 4.4.6 table.init). */
  uint64_t len = st->elem_dropped[seg] ? 0 : inst->module->elems[seg].count;
  if (!wrt_range_ok(src, n, len) || !wrt_range_ok(dst, n, t->size))
    WRT_TRAP_HERE(WASMC_TRAP_TABLE_OOB);
  if (n) memcpy(t->elems + dst, st->elem_values[seg] + src, (size_t)n * sizeof(void *));
}

void wasmc_rt_elem_drop(wasmc_instance *inst, uint32_t seg) {
  WRT_CHECK(seg < inst->module->n_elems, "element segment index out of range");
  wrt_instance_state *st = wrt_state(inst);
  st->elem_dropped[seg] = 1;
  free(st->elem_values[seg]);
  st->elem_values[seg] = NULL;
}

void wrt_table_init_active(wasmc_instance *inst, uint32_t seg, uint64_t offset) {
  const wasmc_elem_desc *e = &inst->module->elems[seg];
  wasmc_table *t = wrt_table_at(inst, e->table);
  wrt_instance_state *st = wrt_state(inst);
  if (!wrt_range_ok(offset, e->count, t->size))
    wrt_trap_raise(WASMC_TRAP_ELEM_OOB, NULL, UINT32_MAX, false);
  if (e->count)
    memcpy(t->elems + offset, st->elem_values[seg], (size_t)e->count * sizeof(void *));
  wasmc_rt_elem_drop(inst, seg);
}
