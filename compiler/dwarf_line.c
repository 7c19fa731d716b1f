/*
 * dwarf_line.c — the line tables of a module's DWARF (.debug_line, and
 * .debug_line_str / .debug_str for DWARF 5 file names), for -g
 * (compiler/debuginfo.c).  Same reasons for our own reader as dwarf.c: no
 * library reads DWARF out of WebAssembly custom sections.
 *
 * Every line-number program (DWARF 2-5, 32-bit format) is run to its rows;
 * rows are kept with their code-section-relative address (wasm DWARF: byte
 * offset from the start of the code section's contents), a file of one
 * module-wide table (directory joined to the name), line and column.  A
 * sequence that starts before the first function body or past the code
 * section is dropped: wasm-ld leaves the sequences of functions it removed at
 * address 0 (or -1), and they would shadow real code.  Malformed programs end
 * the walk of their unit; nothing here fails the compile.
 */
#include <stdlib.h>
#include <string.h>

#include "wcc.h"

typedef struct lcur {
  const uint8_t *p, *end;
  bool bad;
} lcur;

static uint64_t l_fixed(lcur *c, unsigned n) {
  if (c->bad || (size_t)(c->end - c->p) < n) {
    c->bad = true;
    return 0;
  }
  uint64_t v = 0;
  for (unsigned i = 0; i < n; i++)
    v |= (uint64_t)c->p[i] << (8 * i);
  c->p += n;
  return v;
}

static uint64_t l_uleb(lcur *c) {
  uint64_t v = 0;
  for (unsigned shift = 0; !c->bad && c->p < c->end && shift < 64; shift += 7) {
    uint8_t b = *c->p++;
    v |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) return v;
  }
  c->bad = true;
  return 0;
}

static int64_t l_sleb(lcur *c) {
  int64_t v = 0;
  unsigned shift = 0;
  for (; !c->bad && c->p < c->end && shift < 64; shift += 7) {
    uint8_t b = *c->p++;
    v |= (int64_t)((uint64_t)(b & 0x7f) << shift);
    if (!(b & 0x80)) {
      if (shift + 7 < 64 && (b & 0x40)) v |= (int64_t)(~(uint64_t)0 << (shift + 7));
      return v;
    }
  }
  c->bad = true;
  return 0;
}

static const char *l_cstr(lcur *c) {
  const uint8_t *z = c->bad ? NULL : memchr(c->p, 0, (size_t)(c->end - c->p));
  if (!z) {
    c->bad = true;
    return NULL;
  }
  const char *s = (const char *)c->p;
  c->p = z + 1;
  return s;
}

static const char *l_str_at(const uint8_t *sec, size_t len, uint64_t off) {
  if (!sec || off >= len || !memchr(sec + off, 0, len - off)) return NULL;
  return (const char *)sec + off;
}

/* The module-wide file table: index of the path of `name` in directory
 * `dir` of a unit compiled in `comp` (each joined to the one before unless it
 * is absolute; NULL or "" parts are left out), added if new; UINT32_MAX on
 * OOM. */
static uint32_t file_index(wcc_lines *L, const char *comp, const char *dir, const char *name) {
  const char *parts[3] = {comp, dir, name};
  int first = 0;
  for (int i = 0; i < 3; i++)
    if (parts[i] && parts[i][0] == '/') first = i;
  size_t total = 1;
  for (int i = first; i < 3; i++)
    total += (parts[i] ? strlen(parts[i]) : 0) + 1;
  char *path = malloc(total);
  if (!path) return UINT32_MAX;
  size_t at = 0;
  for (int i = first; i < 3; i++) {
    if (!parts[i] || !parts[i][0]) continue;
    if (at && path[at - 1] != '/') path[at++] = '/';
    size_t n = strlen(parts[i]);
    memcpy(path + at, parts[i], n);
    at += n;
  }
  path[at] = 0;
  for (uint32_t i = 0; i < L->n_files; i++)
    if (!strcmp(L->files[i], path)) {
      free(path);
      return i;
    }
  char **nf = realloc(L->files, ((size_t)L->n_files + 1) * sizeof *nf);
  if (!nf) {
    free(path);
    return UINT32_MAX;
  }
  L->files = nf;
  L->files[L->n_files] = path;
  return L->n_files++;
}

/* One DWARF 5 entry-format list value: a string (path) or a number (directory index). */
static bool v5_value(lcur *c, const wcc_dwarf *d, uint64_t form, const char **s, uint64_t *n) {
  *s = NULL;
  *n = 0;
  switch (form) {
  case 0x08: *s = l_cstr(c); break;                                             /* string */
  case 0x1f: *s = l_str_at(d->line_str, d->line_str_len, l_fixed(c, 4)); break; /* line_strp */
  case 0x0e: *s = l_str_at(d->str, d->str_len, l_fixed(c, 4)); break;           /* strp */
  case 0x0b: *n = l_fixed(c, 1); break;
  case 0x05: *n = l_fixed(c, 2); break;
  case 0x06: *n = l_fixed(c, 4); break;
  case 0x07: *n = l_fixed(c, 8); break;
  case 0x0f: *n = l_uleb(c); break;
  case 0x1e: l_fixed(c, 8), l_fixed(c, 8); break; /* data16 (MD5) */
  case 0x09: {
    uint64_t len = l_uleb(c);
    if ((uint64_t)(c->end - c->p) < len)
      c->bad = true;
    else
      c->p += len;
    break;
  }
  default: return false;
  }
  return !c->bad;
}

/* DWARF 5 directory or file list: n entries of the formats at `fmt`; the
 * path and directory index of each go to paths[] / dirs[] (malloc'ed). */
static bool v5_list(lcur *c, const wcc_dwarf *d, const char ***paths, uint64_t **dirs, uint64_t *count) {
  uint8_t nfmt = (uint8_t)l_fixed(c, 1);
  uint64_t fmt[2 * 16];
  if (nfmt > 16) return false;
  for (unsigned i = 0; i < nfmt; i++)
    fmt[2 * i] = l_uleb(c), fmt[2 * i + 1] = l_uleb(c);
  uint64_t n = l_uleb(c);
  if (c->bad || n > (uint64_t)(c->end - c->p)) return false;
  *paths = calloc(n + 1, sizeof **paths);
  *dirs = calloc(n + 1, sizeof **dirs);
  if (!*paths || !*dirs) return false;
  for (uint64_t k = 0; k < n; k++)
    for (unsigned i = 0; i < nfmt; i++) {
      const char *s;
      uint64_t v;
      if (!v5_value(c, d, fmt[2 * i + 1], &s, &v)) return false;
      if (fmt[2 * i] == 1) (*paths)[k] = s; /* DW_LNCT_path */
      if (fmt[2 * i] == 2) (*dirs)[k] = v;  /* DW_LNCT_directory_index */
    }
  *count = n;
  return true;
}

static bool add_row(wcc_lines *L, size_t *cap, const wcc_line_row *r) {
  if (L->n_rows == *cap) {
    size_t nc = *cap ? 2 * *cap : 1024;
    wcc_line_row *nr = realloc(L->rows, nc * sizeof *nr);
    if (!nr) return false;
    L->rows = nr;
    *cap = nc;
  }
  L->rows[L->n_rows++] = *r;
  return true;
}

/* Run the line program of the unit at `c` (its header already at c->p). */
static void run_unit(wcc_lines *L, size_t *cap, const wcc_dwarf *d, lcur *c, uint64_t lo, uint64_t hi, uint32_t *seq,
                     const wcc_comp_dir *dirs_of, size_t n_dirs_of) {
  /* relative directories and files are relative to the unit's DW_AT_comp_dir */
  const char *comp = NULL;
  for (size_t i = 0; i < n_dirs_of && !comp; i++)
    if (dirs_of[i].stmt_list == (uint64_t)(c->p - d->line)) comp = dirs_of[i].dir;
  uint64_t len = l_fixed(c, 4);
  if (c->bad || len >= 0xfffffff0u || len > (uint64_t)(c->end - c->p)) {
    c->bad = true;
    return;
  }
  lcur u = {c->p, c->p + len, false};
  c->p += len;
  unsigned version = (unsigned)l_fixed(&u, 2);
  if (version < 2 || version > 5) return;
  unsigned addr_size = 4;
  if (version >= 5) {
    addr_size = (unsigned)l_fixed(&u, 1);
    l_fixed(&u, 1); /* segment selector size */
  }
  uint64_t hlen = l_fixed(&u, 4);
  if (u.bad || hlen > (uint64_t)(u.end - u.p)) return;
  const uint8_t *prog = u.p + hlen;
  unsigned min_inst = (unsigned)l_fixed(&u, 1);
  if (version >= 4) l_fixed(&u, 1); /* maximum operations per instruction (VLIW only) */
  bool default_stmt = l_fixed(&u, 1) != 0;
  int line_base = (int8_t)l_fixed(&u, 1);
  unsigned line_range = (unsigned)l_fixed(&u, 1);
  unsigned opcode_base = (unsigned)l_fixed(&u, 1);
  uint8_t std_len[256] = {0};
  for (unsigned i = 1; i < opcode_base; i++)
    std_len[i] = (uint8_t)l_fixed(&u, 1);
  if (u.bad || !line_range || !opcode_base) return;
  (void)default_stmt;

  /* files: index -> module file table */
  uint32_t *fmap = NULL;
  uint64_t n_fmap = 0;
  const char **dpaths = NULL, **fpaths = NULL;
  uint64_t *ddirs = NULL, *fdirs = NULL, n_dirs = 0, n_files = 0;
  if (version >= 5) {
    if (!v5_list(&u, d, &dpaths, &ddirs, &n_dirs) || !v5_list(&u, d, &fpaths, &fdirs, &n_files)) goto out;
    fmap = calloc(n_files + 1, sizeof *fmap);
    if (!fmap) goto out;
    for (uint64_t i = 0; i < n_files; i++) {
      const char *dir = fdirs[i] < n_dirs ? dpaths[fdirs[i]] : NULL; /* directory 0 is the comp dir */
      fmap[i] = fpaths[i] ? file_index(L, comp, dir, fpaths[i]) : UINT32_MAX;
    }
    n_fmap = n_files;
  } else {
    const char *dirs[256];
    size_t nd = 0;
    for (;;) { /* include_directories: index 0 is the compilation directory, not listed */
      const char *s = l_cstr(&u);
      if (!s || !s[0]) break;
      if (nd < 256) dirs[nd++] = s;
    }
    uint64_t cap_f = 0;
    for (;;) {
      const char *s = l_cstr(&u);
      if (!s || !s[0]) break;
      uint64_t di = l_uleb(&u);
      l_uleb(&u), l_uleb(&u); /* mtime, length */
      if (n_fmap + 2 > cap_f) {
        cap_f = cap_f ? 2 * cap_f : 16;
        uint32_t *nm = realloc(fmap, cap_f * sizeof *nm);
        if (!nm) goto out;
        fmap = nm;
      }
      if (!n_fmap) fmap[n_fmap++] = UINT32_MAX; /* DWARF 2-4 file numbers start at 1 */
      fmap[n_fmap++] = file_index(L, comp, di >= 1 && di <= nd ? dirs[di - 1] : NULL, s); /* 0: comp dir */
    }
  }
  if (u.bad) goto out;

  /* the state machine (DWARF 5 section 6.2.2) */
  lcur p = {prog, u.end, false};
  uint64_t addr = 0, file = 1, line = 1, col = 0;
  size_t seq_start = L->n_rows;
  bool seq_ok = true, prologue_end = false;
#define EMIT(is_end)                                                                                                   \
  do {                                                                                                                 \
    if (seq_start == L->n_rows) seq_ok = addr >= lo && addr < hi;                                                      \
    wcc_line_row r_ = {(uint32_t)addr,                                                                                 \
                       file < n_fmap ? fmap[file] : UINT32_MAX,                                                        \
                       (uint32_t)line,                                                                                 \
                       (uint16_t)(col > 0xffff ? 0 : col),                                                             \
                       is_end,                                                                                         \
                       *seq,                                                                                           \
                       (uint32_t)L->n_rows,                                                                            \
                       prologue_end};                                                                                  \
    prologue_end = false;                                                                                              \
    if (seq_ok && addr <= UINT32_MAX && !add_row(L, cap, &r_)) goto out;                                               \
  } while (0)
  while (p.p < p.end && !p.bad) {
    uint8_t op = (uint8_t)l_fixed(&p, 1);
    if (op >= opcode_base) {
      unsigned adj = op - opcode_base;
      addr += (uint64_t)(adj / line_range) * min_inst;
      line += (int64_t)line_base + (int64_t)(adj % line_range);
      EMIT(false);
    } else if (op == 0) { /* extended */
      uint64_t elen = l_uleb(&p);
      if (p.bad || elen == 0 || elen > (uint64_t)(p.end - p.p)) break;
      const uint8_t *next = p.p + elen;
      uint8_t eop = (uint8_t)l_fixed(&p, 1);
      if (eop == 1) { /* DW_LNE_end_sequence */
        EMIT(true);
        if (!seq_ok) L->n_rows = seq_start; /* a removed function's rows */
        seq_start = L->n_rows;
        (*seq)++;
        addr = 0, file = 1, line = 1, col = 0;
      } else if (eop == 2) { /* DW_LNE_set_address */
        addr = l_fixed(&p, addr_size);
      }
      p.p = next;
    } else {
      switch (op) {
      case 1: EMIT(false); break;                                                     /* copy */
      case 2: addr += l_uleb(&p) * min_inst; break;                                   /* advance_pc */
      case 3: line += l_sleb(&p); break;                                              /* advance_line */
      case 4: file = l_uleb(&p); break;                                               /* set_file */
      case 5: col = l_uleb(&p); break;                                                /* set_column */
      case 8: addr += (uint64_t)((255 - opcode_base) / line_range) * min_inst; break; /* const_add_pc */
      case 9: addr += l_fixed(&p, 2); break;                                          /* fixed_advance_pc */
      case 10: prologue_end = true; break;                                            /* set_prologue_end */
      default:                                                                        /* 6, 7, 10-12 and unknown */
        for (unsigned i = 0; i < std_len[op]; i++)
          l_uleb(&p);
      }
    }
  }
#undef EMIT
  L->n_rows = seq_start; /* rows of an unterminated sequence are not trusted */
out:
  free(fmap);
  free(dpaths);
  free(ddirs);
  free(fpaths);
  free(fdirs);
}

static int row_cmp(const void *a, const void *b) {
  const wcc_line_row *x = a, *y = b;
  if (x->addr != y->addr) return x->addr < y->addr ? -1 : 1;
  if (x->end != y->end) return x->end ? -1 : 1; /* a sequence's end before the next one's start */
  if (x->ord != y->ord) return x->ord < y->ord ? -1 : 1;
  return 0;
}

wcc_lines *wcc_dwarf_lines_create(const wcc_module *m) {
  const wcc_dwarf *d = &m->dwarf;
  if (!d->line || !m->code_section_end || m->n_funcs == m->n_imported_funcs) return NULL;
  wcc_lines *L = calloc(1, sizeof *L);
  if (!L) return NULL;
  size_t cap = 0;
  uint32_t seq = 0;
  uint64_t lo = m->funcs[m->n_imported_funcs].body_offset - m->code_payload;
  uint64_t hi = m->code_section_end - m->code_payload;
  wcc_comp_dir *dirs_of;
  size_t n_dirs_of = wcc_dwarf_comp_dirs(d, &dirs_of);
  lcur c = {d->line, d->line + d->line_len, false};
  while (c.p < c.end && !c.bad)
    run_unit(L, &cap, d, &c, lo, hi, &seq, dirs_of, n_dirs_of);
  free(dirs_of);
  /* rows keep their position in the walk (ord) as the tiebreak: qsort is not stable */
  if (L->n_rows) qsort(L->rows, L->n_rows, sizeof *L->rows, row_cmp);
  return L;
}

const wcc_line_row *wcc_lines_find(const wcc_lines *L, uint32_t addr) {
  if (!L || !L->n_rows) return NULL;
  size_t lo = 0, hi = L->n_rows; /* first row with addr > `addr` */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (L->rows[mid].addr <= addr)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == 0) return NULL;
  const wcc_line_row *r = &L->rows[lo - 1];
  return r->end || r->file == UINT32_MAX ? NULL : r;
}

void wcc_lines_destroy(wcc_lines *L) {
  if (!L) return;
  for (uint32_t i = 0; i < L->n_files; i++)
    free(L->files[i]);
  free(L->files);
  free(L->rows);
  free(L);
}
