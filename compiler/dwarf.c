/*
 * dwarf.c — function names from a module's DWARF (.debug_info, .debug_abbrev,
 * .debug_str, .debug_str_offsets, .debug_addr custom sections).
 *
 * Why our own reader: the libraries that read DWARF (elfutils' libdw, libdwarf)
 * open ELF objects, not a WebAssembly module's custom sections, and LLVM's
 * DWARF reader has no C API.  Names need only a small part of DWARF 2-5: the
 * abbreviation tables, the size of every attribute form (to skip), and the
 * strings of DW_TAG_subprogram entries that have a DW_AT_low_pc.  Everything is
 * read through bounds-checked cursors; a malformed unit ends the walk (DWARF is
 * advisory, like the name section: spec 7.4 has no say on it, and we never
 * reject a module for it).
 *
 * WebAssembly DWARF (tool-conventions/Debugging.md): a code address is a byte
 * offset from the start of the code section's contents; a function's
 * DW_AT_low_pc is the offset of its body (the locals vector, after the body
 * size).  wasm-opt run without -g (clang's link step at -O1 and above) leaves
 * every low_pc at 0, which matches no body: such DWARF names nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "dwarf.h"

static uint64_t rd_fixed(wcc_dw_cur *c, unsigned n) {
  if (c->bad || (size_t)(c->end - c->p) < n) {
    c->bad = true;
    return 0;
  }
  uint64_t v = 0;
  for (unsigned i = 0; i < n; i++)
    v |= (uint64_t)c->p[i] << (8 * i); /* wasm DWARF is little-endian */
  c->p += n;
  return v;
}

static uint64_t rd_uleb(wcc_dw_cur *c) {
  uint64_t v = 0;
  for (unsigned shift = 0; !c->bad; shift += 7) {
    if (c->p >= c->end || shift > 63) break;
    uint8_t b = *c->p++;
    v |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) return v;
  }
  c->bad = true;
  return 0;
}

static int64_t rd_sleb(wcc_dw_cur *c) {
  uint64_t v = 0;
  for (unsigned shift = 0; !c->bad; shift += 7) {
    if (c->p >= c->end || shift > 63) break;
    uint8_t b = *c->p++;
    v |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) {
      if (shift + 7 < 64 && (b & 0x40)) v |= ~(uint64_t)0 << (shift + 7);
      return (int64_t)v;
    }
  }
  c->bad = true;
  return 0;
}

static void skip(wcc_dw_cur *c, uint64_t n) {
  if (c->bad || (uint64_t)(c->end - c->p) < n)
    c->bad = true;
  else
    c->p += n;
}

static void skip_cstr(wcc_dw_cur *c) {
  const uint8_t *z = c->bad ? NULL : memchr(c->p, 0, (size_t)(c->end - c->p));
  if (!z)
    c->bad = true;
  else
    c->p = z + 1;
}

/* The abbreviation table at `off` of .debug_abbrev (malloc'ed; NULL with n == 0 when empty or bad). */
static wcc_dw_abbrev *read_abbrevs(const wcc_dwarf *d, uint64_t off, size_t *out_n) {
  *out_n = 0;
  if (off >= d->abbrev_len) return NULL;
  wcc_dw_cur c = {d->abbrev + off, d->abbrev + d->abbrev_len, false};
  wcc_dw_abbrev *a = NULL;
  size_t n = 0, cap = 0;
  for (;;) {
    uint64_t code = rd_uleb(&c);
    if (c.bad || code == 0) break;
    if (n == cap) {
      cap = cap ? 2 * cap : 64;
      wcc_dw_abbrev *na = realloc(a, cap * sizeof *a);
      if (!na) break;
      a = na;
    }
    wcc_dw_abbrev *e = &a[n];
    e->code = code;
    e->tag = rd_uleb(&c);
    e->children = rd_fixed(&c, 1) != 0;
    e->specs = c.p;
    for (;;) {
      uint64_t at = rd_uleb(&c), form = rd_uleb(&c);
      if (form == 0x21) rd_uleb(&c); /* DW_FORM_implicit_const carries its value here (read as sleb: same length) */
      if (c.bad || (at == 0 && form == 0)) break;
    }
    if (c.bad) break;
    n++;
  }
  *out_n = n;
  return a;
}

static const wcc_dw_abbrev *find_abbrev(const wcc_dw_unit *u, uint64_t code) {
  /* codes are usually 1..n in order */
  if (code >= 1 && code <= u->n_abbrevs && u->abbrevs[code - 1].code == code) return &u->abbrevs[code - 1];
  for (size_t i = 0; i < u->n_abbrevs; i++)
    if (u->abbrevs[i].code == code) return &u->abbrevs[i];
  return NULL;
}

static const char *str_at(const uint8_t *sec, size_t len, uint64_t off) {
  if (!sec || off >= len || !memchr(sec + off, 0, len - off)) return NULL;
  return (const char *)sec + off;
}

static const char *strx(const wcc_dw_unit *u, uint64_t index) {
  const wcc_dwarf *d = u->d;
  uint64_t at = u->str_offsets_base + index * u->offset_size;
  if (!d->str_offsets || at > d->str_offsets_len || d->str_offsets_len - at < u->offset_size) return NULL;
  wcc_dw_cur c = {d->str_offsets + at, d->str_offsets + d->str_offsets_len, false};
  return str_at(d->str, d->str_len, rd_fixed(&c, u->offset_size));
}

static bool addrx(const wcc_dw_unit *u, uint64_t index, uint64_t *out) {
  const wcc_dwarf *d = u->d;
  uint64_t at = u->addr_base + index * u->addr_size;
  if (!d->addr || at > d->addr_len || d->addr_len - at < u->addr_size) return false;
  wcc_dw_cur c = {d->addr + at, d->addr + d->addr_len, false};
  *out = rd_fixed(&c, u->addr_size);
  return true;
}

/* Read (or skip) one attribute value of `form`; false for a form we cannot size. */
bool wcc_dw_read_form(wcc_dw_cur *c, const wcc_dw_unit *u, uint64_t form, wcc_dw_attr *v) {
  memset(v, 0, sizeof *v);
  unsigned os = u->offset_size;
  switch (form) {
  case 0x01: v->num = rd_fixed(c, u->addr_size), v->is_addr = true; break;                         /* addr */
  case 0x03: v->block_len = (size_t)rd_fixed(c, 2), v->block = c->p, skip(c, v->block_len); break; /* block2 */
  case 0x04: v->block_len = (size_t)rd_fixed(c, 4), v->block = c->p, skip(c, v->block_len); break; /* block4 */
  case 0x05: v->num = rd_fixed(c, 2); break;                                                       /* data2 */
  case 0x06: v->num = rd_fixed(c, 4); break;                                                       /* data4 */
  case 0x07: v->num = rd_fixed(c, 8); break;                                                       /* data8 */
  case 0x08: v->str = (const char *)c->p, skip_cstr(c); break;                                     /* string */
  case 0x09:
  case 0x18: v->block_len = (size_t)rd_uleb(c), v->block = c->p, skip(c, v->block_len); break;     /* block, exprloc */
  case 0x0a: v->block_len = (size_t)rd_fixed(c, 1), v->block = c->p, skip(c, v->block_len); break; /* block1 */
  case 0x0b:
  case 0x0c:
  case 0x11: v->num = rd_fixed(c, 1), v->is_ref = form == 0x11; break;          /* data1 flag ref1 */
  case 0x0d: v->num = (uint64_t)rd_sleb(c); break;                              /* sdata */
  case 0x0f: v->num = rd_uleb(c); break;                                        /* udata */
  case 0x0e: v->str = str_at(u->d->str, u->d->str_len, rd_fixed(c, os)); break; /* strp */
  case 0x10: rd_fixed(c, u->version <= 2 ? u->addr_size : os); break;           /* ref_addr */
  case 0x12: v->num = rd_fixed(c, 2), v->is_ref = true; break;                  /* ref2 */
  case 0x13: v->num = rd_fixed(c, 4), v->is_ref = true; break;                  /* ref4 */
  case 0x14: v->num = rd_fixed(c, 8), v->is_ref = true; break;                  /* ref8 */
  case 0x15: v->num = rd_uleb(c), v->is_ref = true; break;                      /* ref_udata */
  case 0x16: return wcc_dw_read_form(c, u, rd_uleb(c), v);                      /* indirect */
  case 0x17:
  case 0x1d:
  case 0x1f:
  case 0x1c: v->num = rd_fixed(c, os); break; /* sec_offset strp_sup line_strp ref_sup4 */
  case 0x19:
  case 0x21: break;                                             /* flag_present, implicit_const */
  case 0x1a: v->str = strx(u, rd_uleb(c)); break;               /* strx */
  case 0x1b: v->is_addr = addrx(u, rd_uleb(c), &v->num); break; /* addrx */
  case 0x1e: skip(c, 16); break;                                /* data16 */
  case 0x20:
  case 0x24: rd_fixed(c, 8); break; /* ref_sig8 ref_sup8 */
  case 0x22:
  case 0x23: rd_uleb(c); break; /* loclistx rnglistx */
  case 0x25:
  case 0x26:
  case 0x27:
  case 0x28: v->str = strx(u, rd_fixed(c, (unsigned)(form - 0x24))); break;
  case 0x29:
  case 0x2a:
  case 0x2b:
  case 0x2c: v->is_addr = addrx(u, rd_fixed(c, (unsigned)(form - 0x28)), &v->num); break;
  default: return false;
  }
  return !c->bad;
}

/* Read the DIE at `c`; false at a malformed one.  A null entry gives tag 0. */
bool wcc_dw_read_die(wcc_dw_cur *c, const wcc_dw_unit *u, wcc_dw_die *out) {
  memset(out, 0, sizeof *out);
  uint64_t code = rd_uleb(c);
  if (c->bad) return false;
  if (code == 0) return true;
  const wcc_dw_abbrev *a = find_abbrev(u, code);
  if (!a) return false;
  out->tag = a->tag;
  out->children = a->children;
  wcc_dw_cur s = {a->specs, u->d->abbrev + u->d->abbrev_len, false};
  for (;;) {
    uint64_t at = rd_uleb(&s), form = rd_uleb(&s);
    if (form == 0x21) rd_uleb(&s);
    if (s.bad) return false;
    if (at == 0 && form == 0) return true;
    wcc_dw_attr v;
    if (!wcc_dw_read_form(c, u, form, &v)) return false;
    switch (at) {
    case 0x03: out->name = v.str; break; /* DW_AT_name */
    case 0x6e:
    case 0x2007: out->linkage = v.str; break; /* DW_AT_linkage_name, DW_AT_MIPS_linkage_name */
    case 0x11:                                /* DW_AT_low_pc */
      out->has_low_pc = v.is_addr;
      out->low_pc = v.num;
      break;
    case 0x31:
    case 0x47: /* DW_AT_abstract_origin, DW_AT_specification (unit-relative forms only) */
      if (v.is_ref) out->origin = v.num;
      break;
    case 0x12: /* DW_AT_high_pc */
      out->has_high_pc = true;
      out->high_pc_is_addr = v.is_addr;
      out->high_pc = v.num;
      break;
    case 0x55: out->has_ranges = true; break; /* DW_AT_ranges */
    case 0x49:                                /* DW_AT_type */
      if (v.is_ref) out->type = v.num;
      break;
    case 0x02: out->location = v, out->has_location = true; break;         /* DW_AT_location */
    case 0x40: out->frame_base = v; break;                                 /* DW_AT_frame_base */
    case 0x0b: out->byte_size = v.num; break;                              /* DW_AT_byte_size */
    case 0x3e: out->encoding = v.num; break;                               /* DW_AT_encoding */
    case 0x3b: out->decl_line = v.num; break;                              /* DW_AT_decl_line */
    case 0x37: out->count = v.num, out->has_count = true; break;           /* DW_AT_count */
    case 0x2f: out->count = v.num + 1, out->has_upper_bound = true; break; /* DW_AT_upper_bound */
    case 0x3c: out->is_declaration = true; break;                          /* DW_AT_declaration */
    case 0x0d:
    case 0x6b: out->has_bit_size = true; break; /* DW_AT_bit_size, DW_AT_data_bit_offset */
    case 0x38:                                  /* DW_AT_data_member_location: a constant, or DW_OP_plus_uconst */
      if (v.block && v.block_len > 1 && v.block[0] == 0x23) {
        wcc_dw_cur b = {v.block + 1, v.block + v.block_len, false};
        out->member_offset = rd_uleb(&b);
      } else {
        out->member_offset = v.num;
      }
      break;
    }
  }
}

/* The name of a function DIE, following abstract origins and specifications within the unit. */
static const char *die_name(const wcc_dw_unit *u, const wcc_dw_die *die) {
  wcc_dw_die cur_die = *die;
  for (int depth = 0; depth < 8; depth++) {
    /* C++ and others: the mangled name, as in a name section (perf and gdb demangle) */
    if (cur_die.linkage && !u->is_c) return cur_die.linkage;
    if (cur_die.name) return cur_die.name;
    if (!cur_die.origin || cur_die.origin >= (uint64_t)(u->end - u->start)) return NULL;
    wcc_dw_cur c = {u->start + cur_die.origin, u->end, false};
    if (!wcc_dw_read_die(&c, u, &cur_die)) return NULL;
  }
  return NULL;
}

/* The defined function whose body starts at code-section-relative offset `pc`, or UINT32_MAX. */
static uint32_t func_at(const wcc_module *m, size_t payload, uint64_t pc) {
  uint32_t lo = m->n_imported_funcs, hi = m->n_funcs;
  while (lo < hi) { /* bodies are in index order */
    uint32_t mid = lo + (hi - lo) / 2;
    size_t off = m->funcs[mid].body_offset - payload;
    if (off == pc) return mid;
    if (off < pc)
      lo = mid + 1;
    else
      hi = mid;
  }
  return UINT32_MAX;
}

/* The unit header at `c` (DWARF 2-5, 32-bit format); false at a bad or 64-bit one. */
bool wcc_dw_unit_header(wcc_dw_cur *c, const wcc_dwarf *d, wcc_dw_unit *u) {
  memset(u, 0, sizeof *u);
  u->d = d;
  u->start = c->p;
  uint64_t len = rd_fixed(c, 4);
  if (c->bad || len >= 0xfffffff0u || len > (uint64_t)(c->end - c->p)) return false;
  u->end = c->p + len;
  wcc_dw_cur h = {c->p, u->end, false};
  c->p = u->end;
  u->version = (unsigned)rd_fixed(&h, 2);
  u->offset_size = 4;
  uint64_t abbrev_off;
  if (u->version >= 5) {
    uint64_t type = rd_fixed(&h, 1);
    u->addr_size = (unsigned)rd_fixed(&h, 1);
    abbrev_off = rd_fixed(&h, 4);
    if (type != 0x01) return true; /* not DW_UT_compile: skipped (abbrevs stay empty) */
  } else {
    abbrev_off = rd_fixed(&h, 4);
    u->addr_size = (unsigned)rd_fixed(&h, 1);
  }
  if (h.bad || u->version < 2 || u->version > 5 || (u->addr_size != 4 && u->addr_size != 8)) return false;
  u->abbrevs = read_abbrevs(d, abbrev_off, &u->n_abbrevs);
  /* DWARF 5 bases: the defaults of a unit written by wasm-ld (one contribution each) */
  u->str_offsets_base = 8;
  u->addr_base = 8;
  u->start = h.p; /* DIE offsets below are relative to the unit start: fixed up by the caller */
  return true;
}

/* The unit DIE at `dies` (DW_TAG_compile_unit): sets the unit's DWARF 5
 * string-offsets and address bases and its language, then (second pass,
 * now that strx forms resolve) stores DW_AT_stmt_list and DW_AT_comp_dir
 * through the non-NULL out-parameters. */
void wcc_dw_cu_attrs(wcc_dw_unit *u, const uint8_t *dies, uint64_t *out_stmt_list, const char **out_comp_dir) {
  const wcc_dwarf *d = u->d;
  for (int pass = 0; pass < 2; pass++) {
    wcc_dw_cur rc = {dies, u->end, false};
    const wcc_dw_abbrev *a = find_abbrev(u, rd_uleb(&rc));
    wcc_dw_cur s = {a ? a->specs : NULL, d->abbrev + d->abbrev_len, !a};
    while (!s.bad) {
      uint64_t at = rd_uleb(&s), form = rd_uleb(&s);
      if (form == 0x21) rd_uleb(&s);
      if (s.bad || (at == 0 && form == 0)) break;
      wcc_dw_attr v;
      if (!wcc_dw_read_form(&rc, u, form, &v)) break;
      if (pass == 0) {
        if (at == 0x72 && form == 0x17) u->str_offsets_base = v.num; /* DW_AT_str_offsets_base */
        if (at == 0x73 && form == 0x17) u->addr_base = v.num;        /* DW_AT_addr_base */
        /* DW_AT_language: DW_LANG_C89, C, C99, C11, C17 */
        if (at == 0x13) u->is_c = v.num == 0x01 || v.num == 0x02 || v.num == 0x0c || v.num == 0x1d || v.num == 0x2c;
      } else {
        if (at == 0x10 && out_stmt_list) *out_stmt_list = v.num; /* DW_AT_stmt_list */
        if (at == 0x1b && out_comp_dir) *out_comp_dir = v.str;   /* DW_AT_comp_dir */
      }
    }
  }
}

size_t wcc_dwarf_comp_dirs(const wcc_dwarf *d, wcc_comp_dir **out) {
  *out = NULL;
  if (!d->info || !d->abbrev) return 0;
  wcc_dw_cur c = {d->info, d->info + d->info_len, false};
  size_t n = 0, cap = 0;
  while (c.p < c.end && !c.bad) {
    const uint8_t *unit_start = c.p;
    wcc_dw_unit u;
    if (!wcc_dw_unit_header(&c, d, &u)) break;
    const uint8_t *dies = u.start;
    u.start = unit_start;
    uint64_t sl = UINT64_MAX;
    const char *dir = NULL;
    if (u.n_abbrevs) wcc_dw_cu_attrs(&u, dies, &sl, &dir);
    free(u.abbrevs);
    if (sl == UINT64_MAX || !dir || !dir[0]) continue;
    if (n == cap) {
      cap = cap ? 2 * cap : 64;
      wcc_comp_dir *na = realloc(*out, cap * sizeof *na);
      if (!na) break;
      *out = na;
    }
    (*out)[n++] = (wcc_comp_dir){sl, dir};
  }
  return n;
}

void wcc_dwarf_names(wcc_module *m, const wcc_dwarf *d, size_t code_payload_offset) {
  if (!d->info || !d->abbrev || !m->code_section_end) return;
  wcc_dw_cur c = {d->info, d->info + d->info_len, false};
  while (c.p < c.end && !c.bad) {
    const uint8_t *unit_start = c.p;
    wcc_dw_unit u;
    if (!wcc_dw_unit_header(&c, d, &u)) break;
    const uint8_t *dies = u.start;
    u.start = unit_start;
    if (!u.n_abbrevs) {
      free(u.abbrevs);
      continue;
    }
    wcc_dw_cur dc = {dies, u.end, false};
    bool first = true;
    while (dc.p < dc.end) {
      wcc_dw_die die;
      const uint8_t *die_start = dc.p;
      if (!wcc_dw_read_die(&dc, &u, &die)) break;
      if (first && die.tag == 0x11) {
        first = false;
        wcc_dw_cu_attrs(&u, dies, NULL, NULL);
        continue;
      }
      first = false;
      if (die.tag != 0x2e || !die.has_low_pc) continue; /* DW_TAG_subprogram with code */
      uint32_t f = func_at(m, code_payload_offset, die.low_pc);
      if (f == UINT32_MAX) continue;
      if (!m->funcs[f].dwarf_die) { /* for -g's scopes and variables (debuginfo_vars.c) */
        m->funcs[f].dwarf_unit = unit_start;
        m->funcs[f].dwarf_die = die_start;
      }
      if (m->funcs[f].name) continue;
      const char *name = die_name(&u, &die);
      if (name && name[0]) m->funcs[f].name = strdup(name); /* NULL on OOM: the function stays unnamed */
    }
    free(u.abbrevs);
  }
}
