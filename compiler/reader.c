/*
 * reader.c — decode and validate the module structure of a WebAssembly binary
 * (spec 5.5 "Modules", 3.4 "Module validation").  Function bodies are only
 * delimited here; lower_func.c validates and lowers them in one pass.  The
 * primitives (LEB128, types, names, limits, constant expressions) are in
 * decode.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "unsupported.h"

static bool sec_type(wcc_reader *r, wcc_module *m) {
  uint32_t n;
  if (!wcc_read_u32(r, &n)) return false;
  if (n > 1000000) return wcc_read_fail(r, "too many types");
  m->types = calloc(n ? n : 1, sizeof *m->types);
  if (!m->types) return wcc_read_fail(r, "out of memory");
  m->n_types = n;
  for (uint32_t i = 0; i < n; i++) {
    uint8_t form;
    if (!wcc_read_u8(r, &form)) return false;
    if (form != 0x60) return wcc_reject_typeform_at(r, r->p - 1, i, form); /* GC types, or malformed */
    wcc_functype *ft = &m->types[i];
    uint32_t np, nr;
    if (!wcc_read_u32(r, &np)) return false;
    if (np > (size_t)(r->end - r->p)) return wcc_read_fail(r, "unexpected end (too many params)");
    ft->params = malloc(np + 1);
    for (uint32_t k = 0; k < np; k++) if (!wcc_read_valtype(r, &ft->params[k])) return false;
    ft->n_params = np;
    if (!wcc_read_u32(r, &nr)) return false;
    if (nr > (size_t)(r->end - r->p)) return wcc_read_fail(r, "unexpected end (too many results)");
    ft->results = malloc(nr + 1);
    for (uint32_t k = 0; k < nr; k++) if (!wcc_read_valtype(r, &ft->results[k])) return false;
    ft->n_results = nr;
    ft->sig = wcc_make_sig(ft);
    ft->type_id = wcc_type_id(ft->sig);
  }
  return true;
}

/* A tag type (exception-handling proposal, binary "tag"): attribute 0
 * (exception) and the index of a function type without results. */
static bool read_tag_type(wcc_reader *r, wcc_module *m, uint32_t *type_index) {
  uint8_t attr;
  if (!wcc_read_u8(r, &attr) || !wcc_read_u32(r, type_index)) return false;
  if (attr != 0) return wcc_read_fail(r, "malformed tag attribute");
  if (*type_index >= m->n_types) { wcc_error(r->diag, "unknown type %u (tag)", *type_index); return false; }
  if (m->types[*type_index].n_results) return wcc_read_fail(r, "non-empty tag result type");
  return true;
}

static bool sec_tag(wcc_reader *r, wcc_module *m) {
  uint32_t n;
  if (!wcc_read_u32(r, &n)) return false;
  if (n > 1000000) return wcc_read_fail(r, "too many tags");
  for (uint32_t i = 0; i < n; i++) {
    uint32_t t;
    if (!read_tag_type(r, m, &t)) return false;
    if (!wcc_grow_array((void **)&m->tag_types, m->n_tags, sizeof *m->tag_types)) return wcc_read_fail(r, "out of memory");
    m->tag_types[m->n_tags++] = t;
  }
  return true;
}

static bool sec_import(wcc_reader *r, wcc_module *m) {
  uint32_t n;
  if (!wcc_read_u32(r, &n)) return false;
  if (n > 1000000) return wcc_read_fail(r, "too many imports");
  for (uint32_t i = 0; i < n; i++) {
    wcc_import imp = {0};
    uint8_t kind;
    if (!wcc_read_name(r, &imp.module) || !wcc_read_name(r, &imp.name) || !wcc_read_u8(r, &kind)) return false;
    imp.kind = kind;
    switch (kind) {
    case 0: {
      uint32_t t;
      if (!wcc_read_u32(r, &t)) return false;
      if (t >= m->n_types) { wcc_error(r->diag, "unknown type %u", t); return false; }
      if (!wcc_grow_array((void **)&m->funcs, m->n_funcs, sizeof *m->funcs)) return wcc_read_fail(r, "out of memory");
      m->funcs[m->n_funcs].type_index = t;
      m->funcs[m->n_funcs].imported = true;
      imp.index = m->n_funcs++;
      m->n_imported_funcs++;
      break;
    }
    case 1: {
      wcc_table t = {.imported = true};
      if (!wcc_read_reftype(r, &t.elem_type) || !wcc_read_limits(r, &t.limits, UINT32_MAX, "table", false, m->n_tables, NULL, NULL))
        return false;
      if (!wcc_grow_array((void **)&m->tables, m->n_tables, sizeof *m->tables)) return wcc_read_fail(r, "out of memory");
      m->tables[m->n_tables] = t;
      imp.index = m->n_tables++;
      m->n_imported_tables++;
      break;
    }
    case 2: {
      wcc_memory mem = {.imported = true};
      if (m->n_memories && !m->features.multi_memory)
        return wcc_reject_feature_at(r, r->p, "memory", m->n_memories, WCC_FEATURE_MULTI_MEMORY);
      if (!wcc_read_limits(r, &mem.limits, WASMC_MAX_PAGES, "memory", true, m->n_memories, &m->features, &mem.is64))
        return false;
      if (!wcc_grow_array((void **)&m->memories, m->n_memories, sizeof *m->memories)) return wcc_read_fail(r, "out of memory");
      m->memories[m->n_memories] = mem;
      imp.index = m->n_memories++;
      m->n_imported_memories++;
      break;
    }
    case 3: {
      wcc_global g = {.imported = true};
      uint8_t mut;
      if (!wcc_read_valtype(r, &g.type) || !wcc_read_u8(r, &mut)) return false;
      if (mut > 1) return wcc_read_fail(r, "malformed mutability");
      g.is_mutable = mut;
      if (!wcc_grow_array((void **)&m->globals, m->n_globals, sizeof *m->globals)) return wcc_read_fail(r, "out of memory");
      m->globals[m->n_globals] = g;
      imp.index = m->n_globals++;
      m->n_imported_globals++;
      break;
    }
    case 4: { /* tag (exception-handling proposal) */
      uint32_t t;
      if (!read_tag_type(r, m, &t)) return false;
      if (!wcc_grow_array((void **)&m->tag_types, m->n_tags, sizeof *m->tag_types)) return wcc_read_fail(r, "out of memory");
      m->tag_types[m->n_tags] = t;
      imp.index = m->n_tags++;
      m->n_imported_tags++;
      break;
    }
    default:
      r->p--;
      return wcc_read_fail(r, "malformed import kind");
    }
    if (!wcc_grow_array((void **)&m->imports, m->n_imports, sizeof *m->imports)) return wcc_read_fail(r, "out of memory");
    m->imports[m->n_imports++] = imp;
  }
  return true;
}

static bool sec_function(wcc_reader *r, wcc_module *m, uint32_t *declared) {
  uint32_t n;
  if (!wcc_read_u32(r, &n)) return false;
  if (n > (size_t)(r->end - r->p)) return wcc_read_fail(r, "unexpected end (function count)");
  wcc_func *f = realloc(m->funcs, ((size_t)m->n_funcs + n + 1) * sizeof *f);
  if (!f) return wcc_read_fail(r, "out of memory");
  m->funcs = f;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t t;
    if (!wcc_read_u32(r, &t)) return false;
    if (t >= m->n_types) { wcc_error(r->diag, "unknown type %u", t); return false; }
    memset(&m->funcs[m->n_funcs], 0, sizeof *m->funcs);
    m->funcs[m->n_funcs++].type_index = t;
  }
  *declared = n;
  return true;
}

static bool sec_table(wcc_reader *r, wcc_module *m) {
  uint32_t n;
  if (!wcc_read_u32(r, &n)) return false;
  if (n > 100000) return wcc_read_fail(r, "too many tables");
  for (uint32_t i = 0; i < n; i++) {
    wcc_table t = {0};
    if (!wcc_read_reftype(r, &t.elem_type) || !wcc_read_limits(r, &t.limits, UINT32_MAX, "table", false, m->n_tables, NULL, NULL))
      return false;
    if (!wcc_grow_array((void **)&m->tables, m->n_tables, sizeof *m->tables)) return wcc_read_fail(r, "out of memory");
    m->tables[m->n_tables++] = t;
  }
  return true;
}

static bool sec_memory(wcc_reader *r, wcc_module *m) {
  uint32_t n;
  if (!wcc_read_u32(r, &n)) return false;
  if (n > 100000) return wcc_read_fail(r, "too many memories");
  for (uint32_t i = 0; i < n; i++) {
    wcc_memory mem = {0};
    if (m->n_memories && !m->features.multi_memory)
      return wcc_reject_feature_at(r, r->p, "memory", m->n_memories, WCC_FEATURE_MULTI_MEMORY);
    if (!wcc_read_limits(r, &mem.limits, WASMC_MAX_PAGES, "memory", true, m->n_memories, &m->features, &mem.is64))
      return false;
    if (mem.limits.min > WASMC_MEMORY_LIMIT_PAGES) /* valid, but could never be instantiated */
      return wcc_read_fail(r, "memory of 65536 pages (4 GiB) is not supported: wasmc's limit is 65535 pages");
    if (!wcc_grow_array((void **)&m->memories, m->n_memories, sizeof *m->memories)) return wcc_read_fail(r, "out of memory");
    m->memories[m->n_memories++] = mem;
  }
  return true;
}

static bool sec_global(wcc_reader *r, wcc_module *m, const wcc_features *f) {
  uint32_t n;
  if (!wcc_read_u32(r, &n)) return false;
  if (n > 1000000) return wcc_read_fail(r, "too many globals");
  for (uint32_t i = 0; i < n; i++) {
    wcc_global g = {0};
    uint8_t mut;
    if (!wcc_read_valtype(r, &g.type) || !wcc_read_u8(r, &mut)) return false;
    if (mut > 1) return wcc_read_fail(r, "malformed mutability");
    g.is_mutable = mut;
    if (!wcc_read_const_expr(r, m, g.type, m->n_imported_globals, f, &g.init, &g.init_len)) return false;
    if (!wcc_grow_array((void **)&m->globals, m->n_globals, sizeof *m->globals)) return wcc_read_fail(r, "out of memory");
    m->globals[m->n_globals++] = g;
  }
  return true;
}

static bool sec_export(wcc_reader *r, wcc_module *m) {
  uint32_t n;
  if (!wcc_read_u32(r, &n)) return false;
  if (n > 1000000) return wcc_read_fail(r, "too many exports");
  m->exports = calloc(n ? n : 1, sizeof *m->exports);
  if (!m->exports) return wcc_read_fail(r, "out of memory");
  for (uint32_t i = 0; i < n; i++) {
    wcc_export *e = &m->exports[i];
    uint8_t kind;
    if (!wcc_read_name_len(r, &e->name, &e->name_len) || !wcc_read_u8(r, &kind) || !wcc_read_u32(r, &e->index)) return false;
    m->n_exports = i + 1;
    e->kind = kind;
    uint32_t limit;
    switch (kind) {
    case 0: limit = m->n_funcs; break;
    case 1: limit = m->n_tables; break;
    case 2: limit = m->n_memories; break;
    case 3: limit = m->n_globals; break;
    case 4: limit = m->n_tags; break;
    default: return wcc_read_fail(r, "malformed export kind");
    }
    if (e->index >= limit) {
      static const char *kinds[] = {"function", "table", "memory", "global", "tag"};
      wcc_error(r->diag, "unknown %s %u in export \"%s\"", kinds[kind], e->index, e->name);
      return false;
    }
    if (kind == 0) m->funcs[e->index].referenced = true;
    for (uint32_t k = 0; k < i; k++)
      if (m->exports[k].name_len == e->name_len && memcmp(m->exports[k].name, e->name, e->name_len) == 0) {
        wcc_error(r->diag, "duplicate export name \"%s\"", e->name);
        return false;
      }
  }
  return true;
}

static bool sec_elem(wcc_reader *r, wcc_module *m, const wcc_features *f) {
  uint32_t n;
  if (!wcc_read_u32(r, &n)) return false;
  if (n > (size_t)(r->end - r->p)) return wcc_read_fail(r, "unexpected end (element count)");
  m->elems = calloc(n ? n : 1, sizeof *m->elems);
  if (!m->elems) return wcc_read_fail(r, "out of memory");
  for (uint32_t i = 0; i < n; i++) {
    wcc_elem *e = &m->elems[i];
    m->n_elems = i + 1;
    uint32_t flags;
    if (!wcc_read_u32(r, &flags)) return false;
    if (flags > 7) return wcc_read_fail(r, "malformed elements segment kind");
    bool passive_or_decl = flags & 1;
    bool explicit_table = flags & 2;
    bool uses_exprs = flags & 4;
    e->mode = passive_or_decl ? (explicit_table ? WASMC_SEGMENT_DECLARATIVE : WASMC_SEGMENT_PASSIVE)
                              : WASMC_SEGMENT_ACTIVE;
    if (!passive_or_decl && explicit_table) {
      if (!wcc_read_u32(r, &e->table)) return false;
    }
    if (!passive_or_decl) {
      if (e->table >= m->n_tables) { wcc_error(r->diag, "unknown table %u", e->table); return false; }
      if (!wcc_read_const_expr(r, m, WCC_I32, m->n_imported_globals, f, &e->offset, &e->offset_len)) return false;
    }
    e->elem_type = WCC_FUNCREF;
    if (passive_or_decl || explicit_table) {
      uint8_t k;
      if (uses_exprs) {
        if (!wcc_read_reftype(r, &k)) return false;
        e->elem_type = k;
      } else {
        if (!wcc_read_u8(r, &k)) return false;
        if (k != 0) return wcc_read_fail(r, "malformed element kind");
      }
    }
    uint32_t count;
    if (!wcc_read_u32(r, &count)) return false;
    if (count > (size_t)(r->end - r->p)) return wcc_read_fail(r, "unexpected end (element segment length)");
    e->count = count;
    if (!uses_exprs) {
      e->func_indices = malloc(((size_t)count + 1) * sizeof(uint32_t));
      for (uint32_t k = 0; k < count; k++) {
        if (!wcc_read_u32(r, &e->func_indices[k])) return false;
        if (e->func_indices[k] >= m->n_funcs) { wcc_error(r->diag, "unknown function %u", e->func_indices[k]); return false; }
        m->funcs[e->func_indices[k]].referenced = true;
      }
    } else {
      e->exprs = malloc(((size_t)count + 1) * sizeof *e->exprs);
      e->expr_lens = malloc(((size_t)count + 1) * sizeof *e->expr_lens);
      for (uint32_t k = 0; k < count; k++)
        if (!wcc_read_const_expr(r, m, e->elem_type, m->n_imported_globals, f, &e->exprs[k], &e->expr_lens[k])) return false;
    }
    if (e->mode == WASMC_SEGMENT_ACTIVE && m->tables[e->table].elem_type != e->elem_type) {
      wcc_error(r->diag, "type mismatch: element segment %u of type %s for table of %s", i,
                wcc_valtype_name(e->elem_type), wcc_valtype_name(m->tables[e->table].elem_type));
      return false;
    }
  }
  return true;
}

static bool sec_data(wcc_reader *r, wcc_module *m, const wcc_features *f) {
  uint32_t n;
  if (!wcc_read_u32(r, &n)) return false;
  if (n > (size_t)(r->end - r->p)) return wcc_read_fail(r, "unexpected end (data count)");
  if (m->has_data_count && n != m->data_count) {
    wcc_error(r->diag, "data count and data section have inconsistent lengths");
    return false;
  }
  m->data = calloc(n ? n : 1, sizeof *m->data);
  if (!m->data) return wcc_read_fail(r, "out of memory");
  for (uint32_t i = 0; i < n; i++) {
    wcc_data *d = &m->data[i];
    m->n_data = i + 1;
    uint32_t flags;
    if (!wcc_read_u32(r, &flags)) return false;
    if (flags > 2) return wcc_read_fail(r, "malformed data segment kind");
    d->mode = flags == 1 ? WASMC_SEGMENT_PASSIVE : WASMC_SEGMENT_ACTIVE;
    if (flags == 2 && !wcc_read_u32(r, &d->memory)) return false;
    if (d->mode == WASMC_SEGMENT_ACTIVE) {
      if (d->memory >= m->n_memories) { wcc_error(r->diag, "unknown memory %u", d->memory); return false; }
      uint8_t it = m->memories[d->memory].is64 ? WCC_I64 : WCC_I32;
      if (!wcc_read_const_expr(r, m, it, m->n_imported_globals, f, &d->offset, &d->offset_len)) return false;
    }
    if (!wcc_read_u32(r, &d->size) || !wcc_read_bytes(r, d->size, &d->bytes)) return false;
  }
  return true;
}

/* Remember a DWARF section (custom section `name`, contents [p, p + len)). */
static void dwarf_section(wcc_dwarf *d, const char *name, const uint8_t *p, size_t len) {
  static const struct {
    const char *name;
    size_t ptr, len;
  } secs[] = {
      {".debug_info", offsetof(wcc_dwarf, info), offsetof(wcc_dwarf, info_len)},
      {".debug_abbrev", offsetof(wcc_dwarf, abbrev), offsetof(wcc_dwarf, abbrev_len)},
      {".debug_str", offsetof(wcc_dwarf, str), offsetof(wcc_dwarf, str_len)},
      {".debug_str_offsets", offsetof(wcc_dwarf, str_offsets), offsetof(wcc_dwarf, str_offsets_len)},
      {".debug_addr", offsetof(wcc_dwarf, addr), offsetof(wcc_dwarf, addr_len)},
      {".debug_line", offsetof(wcc_dwarf, line), offsetof(wcc_dwarf, line_len)},
      {".debug_line_str", offsetof(wcc_dwarf, line_str), offsetof(wcc_dwarf, line_str_len)},
  };
  for (size_t i = 0; i < sizeof secs / sizeof secs[0]; i++)
    if (strcmp(name, secs[i].name) == 0) {
      memcpy((char *)d + secs[i].ptr, &p, sizeof p);
      memcpy((char *)d + secs[i].len, &len, sizeof len);
    }
}

static void sec_names(wcc_reader *r, wcc_module *m) {
  /* The name section is advisory: a malformed one is ignored (spec 7.4). */
  wcc_diag quiet = {0};
  r->diag = &quiet;
  while (r->p < r->end) {
    uint8_t id;
    uint32_t size;
    if (!wcc_read_u8(r, &id) || !wcc_read_u32(r, &size) || size > (size_t)(r->end - r->p)) return;
    wcc_reader sub = {r->p, r->p + size, r->start, &quiet};
    r->p += size;
    if (id != 1) continue;
    uint32_t n;
    if (!wcc_read_u32(&sub, &n)) return;
    for (uint32_t i = 0; i < n; i++) {
      uint32_t idx;
      char *name;
      if (!wcc_read_u32(&sub, &idx) || !wcc_read_name(&sub, &name)) return;
      if (idx < m->n_funcs && !m->funcs[idx].name) m->funcs[idx].name = name;
      else free(name);
    }
  }
}

static int section_rank(uint8_t id) {
  /* order of known sections (spec 5.5.2); datacount sits between elem and
   * code, the exception-handling proposal's tag section (13) between memory
   * and global */
  static const int rank[] = {0, 2, 4, 6, 8, 10, 14, 16, 18, 20, 24, 26, 22, 12};
  return id <= 13 ? rank[id] : -1;
}

wcc_module *wcc_module_read(const uint8_t *bytes, size_t size, const wcc_features *features,
                            wcc_diag *diag) {
  wcc_module *m = calloc(1, sizeof *m);
  if (!m) { wcc_error(diag, "out of memory"); return NULL; }
  m->bytes = bytes;
  m->size = size;
  m->start = -1;
  m->features = *features;
  wcc_reader r = {bytes, bytes + size, bytes, diag};
  const uint8_t *magic;
  if (size < 4 || memcmp(bytes, "\0asm", 4) != 0) {
    wcc_error(diag, "magic header not detected: not a WebAssembly binary");
    goto bad;
  }
  r.p += 4;
  if (!wcc_read_bytes(&r, 4, &magic)) { wcc_error(diag, "unexpected end: truncated header"); goto bad; }
  if (memcmp(magic, "\1\0\0\0", 4) != 0) { wcc_error(diag, "unknown binary version"); goto bad; }

  int last_rank = 0;
  uint32_t declared_funcs = 0;
  bool seen_code = false, seen_func = false;
  while (r.p < r.end) {
    uint8_t id;
    uint32_t len;
    const uint8_t *body;
    const uint8_t *sec_start = r.p;
    if (!wcc_read_u8(&r, &id)) goto bad;
    if (id > 13) { r.p--; wcc_read_fail(&r, "malformed section id"); goto bad; }
    if (!wcc_read_u32(&r, &len)) goto bad;
    if (!wcc_read_bytes(&r, len, &body)) { wcc_error(diag, "section size mismatch: unexpected end (length out of bounds)"); goto bad; }
    wcc_reader s = {body, body + len, bytes, diag};
    if (id == 0) {
      char *name;
      if (!wcc_read_name(&s, &name)) goto bad;
      if (strcmp(name, "name") == 0) sec_names(&s, m);
      else dwarf_section(&m->dwarf, name, s.p, (size_t)(s.end - s.p));
      free(name);
      continue;
    }
    int rank = section_rank(id);
    if (rank <= last_rank) { wcc_error(diag, "unexpected content after last section (section %u out of order or duplicated)", id); goto bad; }
    last_rank = rank;
    bool ok = true;
    switch (id) {
    case 1: ok = sec_type(&s, m); break;
    case 2: ok = sec_import(&s, m); break;
    case 3: ok = sec_function(&s, m, &declared_funcs); seen_func = true; break;
    case 4: ok = sec_table(&s, m); break;
    case 5: ok = sec_memory(&s, m); break;
    case 13: ok = sec_tag(&s, m); break;
    case 6: ok = sec_global(&s, m, features); break;
    case 7: ok = sec_export(&s, m); break;
    case 8: {
      uint32_t idx;
      ok = wcc_read_u32(&s, &idx);
      if (ok && idx >= m->n_funcs) { wcc_error(diag, "unknown function %u (start)", idx); ok = false; }
      if (ok) {
        const wcc_functype *ft = &m->types[m->funcs[idx].type_index];
        if (ft->n_params || ft->n_results) { wcc_error(diag, "start function must have type [] -> []"); ok = false; }
        m->start = idx;
      }
      break;
    }
    case 9: ok = sec_elem(&s, m, features); break;
    case 12:
      ok = wcc_read_u32(&s, &m->data_count);
      m->has_data_count = true;
      break;
    case 10: {
      uint32_t n;
      seen_code = true;
      m->code_section_start = (size_t)(sec_start - bytes);
      m->code_section_end = (size_t)(body + len - bytes);
      m->code_payload = (size_t)(body - bytes);
      ok = wcc_read_u32(&s, &n);
      if (ok && n != declared_funcs) { wcc_error(diag, "function and code section have inconsistent lengths"); ok = false; }
      for (uint32_t i = 0; ok && i < n; i++) {
        uint32_t blen;
        const uint8_t *b;
        ok = wcc_read_u32(&s, &blen) && wcc_read_bytes(&s, blen, &b);
        if (ok) {
          wcc_func *f = &m->funcs[m->n_imported_funcs + i];
          f->body = b;
          f->body_len = blen;
          f->body_offset = (size_t)(b - bytes);
        }
      }
      break;
    }
    case 11: ok = sec_data(&s, m, features); break;
    }
    if (!ok) goto bad;
    if (s.p != s.end) { wcc_error(diag, "section size mismatch (section %u has %zu trailing bytes)", id, (size_t)(s.end - s.p)); goto bad; }
  }
  if (seen_func && !seen_code && declared_funcs) { wcc_error(diag, "function and code section have inconsistent lengths"); goto bad; }
  if (m->has_data_count && m->n_data != m->data_count) { wcc_error(diag, "data count and data section have inconsistent lengths"); goto bad; }
  /* functions without a name-section entry are named after their DWARF
   * subprogram, else after an export */
  if (seen_code) wcc_dwarf_names(m, &m->dwarf, m->code_payload);
  for (uint32_t i = 0; i < m->n_exports; i++) {
    wcc_export *e = &m->exports[i];
    if (e->kind == WASMC_EXTERN_FUNC && !m->funcs[e->index].name) m->funcs[e->index].name = strdup(e->name);
  }
  wcc_scan_tail_calls(m);
  return m;
bad:
  wcc_module_destroy(m);
  return NULL;
}

void wcc_module_destroy(wcc_module *m) {
  if (!m) return;
  for (uint32_t i = 0; i < m->n_types; i++) {
    free(m->types[i].params);
    free(m->types[i].results);
    free(m->types[i].sig);
  }
  free(m->types);
  for (uint32_t i = 0; i < m->n_imports; i++) {
    free(m->imports[i].module);
    free(m->imports[i].name);
  }
  free(m->imports);
  for (uint32_t i = 0; i < m->n_funcs; i++) free(m->funcs[i].name);
  free(m->funcs);
  free(m->tables);
  free(m->memories);
  free(m->globals);
  free(m->tag_types);
  for (uint32_t i = 0; i < m->n_exports; i++) free(m->exports[i].name);
  free(m->exports);
  for (uint32_t i = 0; i < m->n_elems; i++) {
    free(m->elems[i].func_indices);
    free(m->elems[i].exprs);
    free(m->elems[i].expr_lens);
  }
  free(m->elems);
  free(m->data);
  free(m);
}
