/*
 * debuginfo_vars.c — -g: the lexical scopes, parameters and variables of a
 * function's DWARF subprogram (DW_TAG_subprogram's children in the module's
 * .debug_info, read with dwarf.h) as LLVM debug metadata, so that gdb's
 * `info args`, `info locals` and `print x` know the guest's C variables.
 *
 * Scopes: each DW_TAG_lexical_block with a low_pc/high_pc becomes a
 * DILexicalBlock (at the line of the row at its start), and wcc_di_at puts
 * the instructions in its range in it (blocks with DW_AT_ranges are left
 * out: their variables go to the enclosing scope).
 *
 * Types: base types as they are; typedefs, const and volatile, structs and
 * unions with their members (bit fields left out), arrays, enums (as an
 * integer of their size).  A wasm32 pointer is a 4-byte offset into linear
 * memory, not a host address: it is shown as a 32-bit unsigned integer
 * named after the C type (`char **`), so gdb prints the wasm address
 * (`argv = 69904`) and never dereferences it as a host pointer.
 *
 * Locations (the wasm DWARF conventions: DW_OP_WASM_location 0xed, kind 0 is
 * a wasm local):
 *   - DW_OP_WASM_location 0 N: the variable is wasm local N, our alloca N:
 *     a dbg.declare of it (mem2reg turns it into dbg.values);
 *   - DW_OP_fbreg K with the subprogram's frame base DW_OP_WASM_location 0 L
 *     (clang -O0: every variable lives in linear memory, at the frame
 *     pointer local L plus K): the function keeps the host address
 *     memory_base + L in a stack slot, stored (volatile, so that it stays) at
 *     entry and at every local.set/tee of L, and the variable is declared
 *     at *slot + K.  Only at -O0: optimised code keeps guest values in
 *     registers and moves or merges the stores to linear memory, so the
 *     memory behind the frame base would show stale values (and the slot
 *     would change the code -g is meant to leave alone);
 *   - anything else (location lists, which clang writes at -O1 and above;
 *     globals as frame base; DW_OP_addr): declared without a location, so
 *     gdb lists it as <optimized out>.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/DebugInfo.h>

#include "dwarf.h"

/* ---- DIE-to-metadata cache (per partition module) ------------------------- */
typedef struct wcc_di_type {
  const uint8_t *die;
  LLVMMetadataRef md;
} wcc_di_type;

static LLVMMetadataRef *type_slot(wcc_ctx *c, const uint8_t *die) {
  if (2 * (c->n_di_types + 1) > c->di_types_cap) {
    size_t ncap = c->di_types_cap ? 2 * c->di_types_cap : 256;
    wcc_di_type *nt = calloc(ncap, sizeof *nt);
    if (!nt) return NULL;
    for (size_t i = 0; i < c->di_types_cap; i++) {
      wcc_di_type *o = &c->di_types[i];
      if (!o->die) continue;
      size_t h = ((uintptr_t)o->die * 0x9E3779B97F4A7C15ull) >> 20 & (ncap - 1);
      while (nt[h].die)
        h = (h + 1) & (ncap - 1);
      nt[h] = *o;
    }
    free(c->di_types);
    c->di_types = nt;
    c->di_types_cap = ncap;
  }
  size_t h = ((uintptr_t)die * 0x9E3779B97F4A7C15ull) >> 20 & (c->di_types_cap - 1);
  while (c->di_types[h].die && c->di_types[h].die != die)
    h = (h + 1) & (c->di_types_cap - 1);
  if (!c->di_types[h].die) {
    c->di_types[h].die = die;
    c->n_di_types++;
  }
  return &c->di_types[h].md;
}

/* The DIE at unit-relative offset `off` (false: outside the unit or malformed). */
static bool die_at(const wcc_dw_unit *u, uint64_t off, wcc_dw_die *out, wcc_dw_cur *after) {
  if (!off || off >= (uint64_t)(u->end - u->start)) return false;
  wcc_dw_cur c = {u->start + off, u->end, false};
  if (!wcc_dw_read_die(&c, u, out) || !out->tag) return false;
  if (after) *after = c;
  return true;
}

/* Skip the children of a DIE whose attributes `c` has just read. */
static bool skip_children(wcc_dw_cur *c, const wcc_dw_unit *u) {
  for (unsigned depth = 1; depth;) {
    wcc_dw_die d;
    if (c->p >= c->end || !wcc_dw_read_die(c, u, &d)) return false;
    if (!d.tag)
      depth--;
    else if (d.children)
      depth++;
  }
  return true;
}

/* The C name of the type at `off` ("int", "struct pt", "char **"; "void"
 * for none) into buf. */
static void type_name(const wcc_dw_unit *u, uint64_t off, char *buf, size_t size, int depth) {
  wcc_dw_die d;
  if (depth > 8 || !die_at(u, off, &d, NULL)) {
    snprintf(buf, size, "%s", off && depth <= 8 ? "?" : "void");
    return;
  }
  char inner[256];
  const char *n = d.name ? d.name : "";
  switch (d.tag) {
  case 0x0f: /* pointer */
  case 0x10: /* reference */
    type_name(u, d.type, inner, sizeof inner, depth + 1);
    snprintf(buf, size, "%s%s*", inner, inner[0] && inner[strlen(inner) - 1] == '*' ? "" : " ");
    break;
  case 0x26: /* const */
  case 0x35: /* volatile */
    type_name(u, d.type, inner, sizeof inner, depth + 1);
    snprintf(buf, size, "%s %s", d.tag == 0x26 ? "const" : "volatile", inner);
    break;
  case 0x37: /* restrict */
  case 0x47: /* atomic */
    type_name(u, d.type, buf, size, depth + 1);
    break;
  case 0x13: snprintf(buf, size, "struct %s", n); break;
  case 0x17: snprintf(buf, size, "union %s", n); break;
  case 0x04: snprintf(buf, size, "enum %s", n); break;
  case 0x15: snprintf(buf, size, "function"); break;
  case 0x01:
    type_name(u, d.type, inner, sizeof inner, depth + 1);
    snprintf(buf, size, "%s[]", inner);
    break;
  default: snprintf(buf, size, "%s", n[0] ? n : "?");
  }
}

static LLVMMetadataRef di_type(wcc_ctx *c, const wcc_dw_unit *u, uint64_t off, int depth);

/* Struct or union `d` (its children after `kids`). */
static LLVMMetadataRef di_record(wcc_ctx *c, const wcc_dw_unit *u, const wcc_dw_die *d, wcc_dw_cur kids, int depth) {
  LLVMMetadataRef f = c->di_unit_file;
  char name[256];
  snprintf(name, sizeof name, "%s", d->name ? d->name : "");
  LLVMMetadataRef members[256];
  unsigned n = 0;
  if (d->children)
    for (;;) {
      wcc_dw_die m;
      if (kids.p >= kids.end || !wcc_dw_read_die(&kids, u, &m) || !m.tag) break;
      if (m.children && !skip_children(&kids, u)) break;
      if (m.tag != 0x0d || m.has_bit_size || n == 256) continue; /* DW_TAG_member; bit fields left out */
      LLVMMetadataRef mt = di_type(c, u, m.type, depth + 1);
      if (!mt) continue;
      const char *mn = m.name ? m.name : "";
      members[n++] = LLVMDIBuilderCreateMemberType(c->dib, f, mn, strlen(mn), f, (unsigned)m.decl_line,
                                                   LLVMDITypeGetSizeInBits(mt), 0, m.member_offset * 8,
                                                   LLVMDIFlagZero, mt);
    }
  if (d->tag == 0x17)
    return LLVMDIBuilderCreateUnionType(c->dib, f, name, strlen(name), f, (unsigned)d->decl_line, d->byte_size * 8,
                                        0, LLVMDIFlagZero, members, n, 0, "", 0);
  return LLVMDIBuilderCreateStructType(c->dib, f, name, strlen(name), f, (unsigned)d->decl_line, d->byte_size * 8, 0,
                                       d->is_declaration ? LLVMDIFlagFwdDecl : LLVMDIFlagZero, NULL, members, n, 0,
                                       NULL, "", 0);
}

/* The DIType of the type DIE at unit-relative `off`, or NULL (void, or a
 * type we do not translate). */
static LLVMMetadataRef di_type(wcc_ctx *c, const wcc_dw_unit *u, uint64_t off, int depth) {
  wcc_dw_die d;
  wcc_dw_cur kids;
  if (depth > 16 || !die_at(u, off, &d, &kids)) return NULL;
  LLVMMetadataRef *slot = type_slot(c, u->start + off);
  if (slot && *slot) return *slot;
  LLVMMetadataRef t = NULL;
  char name[256];
  switch (d.tag) {
  case 0x24: /* base type */
    if (d.name && d.byte_size)
      t = LLVMDIBuilderCreateBasicType(c->dib, d.name, strlen(d.name), d.byte_size * 8, (LLVMDWARFTypeEncoding)d.encoding,
                                       LLVMDIFlagZero);
    break;
  case 0x0f: /* pointer: a wasm32 address, shown as such (above) */
  case 0x10:
    type_name(u, off, name, sizeof name, 0);
    t = LLVMDIBuilderCreateBasicType(c->dib, name, strlen(name), (uint64_t)u->addr_size * 8, 0x08 /* DW_ATE_unsigned */,
                                     LLVMDIFlagZero);
    break;
  case 0x04: /* enumeration: an integer of its size */
    type_name(u, off, name, sizeof name, 0);
    if (d.byte_size)
      t = LLVMDIBuilderCreateBasicType(c->dib, name, strlen(name), d.byte_size * 8, 0x05 /* DW_ATE_signed */,
                                       LLVMDIFlagZero);
    break;
  case 0x16: { /* typedef */
    LLVMMetadataRef base = di_type(c, u, d.type, depth + 1);
    if (base && d.name)
      t = LLVMDIBuilderCreateTypedef(c->dib, base, d.name, strlen(d.name), c->di_unit_file, (unsigned)d.decl_line,
                                     c->di_unit_file, 0);
    break;
  }
  case 0x26: /* const, volatile */
  case 0x35: {
    LLVMMetadataRef base = di_type(c, u, d.type, depth + 1);
    if (base) t = LLVMDIBuilderCreateQualifiedType(c->dib, (unsigned)d.tag, base);
    break;
  }
  case 0x37: /* restrict, atomic: the type itself */
  case 0x47: t = di_type(c, u, d.type, depth + 1); break;
  case 0x13: /* structure, union */
  case 0x17: t = di_record(c, u, &d, kids, depth); break;
  case 0x01: { /* array: its DW_TAG_subrange_type children give the dimensions */
    LLVMMetadataRef elem = di_type(c, u, d.type, depth + 1);
    if (!elem || !d.children) break;
    LLVMMetadataRef subs[8];
    unsigned n = 0;
    uint64_t count = 1;
    for (;;) {
      wcc_dw_die s;
      if (kids.p >= kids.end || !wcc_dw_read_die(&kids, u, &s) || !s.tag) break;
      if (s.children && !skip_children(&kids, u)) break;
      if (s.tag != 0x21 || n == 8) continue;
      uint64_t k = s.has_count || s.has_upper_bound ? s.count : 0;
      subs[n++] = LLVMDIBuilderGetOrCreateSubrange(c->dib, 0, (int64_t)k);
      count *= k;
    }
    if (n) t = LLVMDIBuilderCreateArrayType(c->dib, count * LLVMDITypeGetSizeInBits(elem), 0, elem, subs, n);
    break;
  }
  }
  if (slot) *slot = t;
  return t;
}

/* ---- locations ------------------------------------------------------------- */

/* The wasm local an expression names (DW_OP_WASM_location 0 N [DW_OP_stack_value]), or UINT32_MAX. */
static uint32_t wasm_local(const wcc_dw_attr *loc) {
  if (!loc->block || loc->block_len < 3 || loc->block[0] != 0xed || loc->block[1] != 0x00) return UINT32_MAX;
  wcc_dw_cur c = {loc->block + 2, loc->block + loc->block_len, false};
  uint64_t n = 0;
  for (unsigned shift = 0; c.p < c.end && shift < 35; shift += 7) {
    uint8_t b = *c.p++;
    n |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) {
      if (c.p != c.end && !(c.end - c.p == 1 && *c.p == 0x9f)) return UINT32_MAX; /* only DW_OP_stack_value after */
      return n < UINT32_MAX ? (uint32_t)n : UINT32_MAX;
    }
  }
  return UINT32_MAX;
}

/* DW_OP_fbreg K alone: true, K in *out. */
static bool fbreg(const wcc_dw_attr *loc, int64_t *out) {
  if (!loc->block || loc->block_len < 2 || loc->block[0] != 0x91) return false;
  const uint8_t *p = loc->block + 1, *end = loc->block + loc->block_len;
  uint64_t v = 0;
  for (unsigned shift = 0; p < end && shift < 63; shift += 7) {
    uint8_t b = *p++;
    v |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) {
      if (shift + 7 < 64 && (b & 0x40)) v |= ~(uint64_t)0 << (shift + 7);
      *out = (int64_t)v;
      return p == end;
    }
  }
  return false;
}

typedef struct vars_walk {
  wcc_ctx *c;
  const wcc_dw_unit *u;
  LLVMValueRef *locals;
  uint32_t n_locals;
  LLVMBasicBlockRef entry;
  LLVMMetadataRef file; /* the subprogram's */
  unsigned arg_no;
} vars_walk;

static void add_block(wcc_ctx *c, uint32_t lo, uint32_t hi, LLVMMetadataRef scope) {
  if (c->n_di_blocks == c->di_blocks_cap) {
    uint32_t ncap = c->di_blocks_cap ? 2 * c->di_blocks_cap : 16;
    wcc_di_block *nb = realloc(c->di_blocks, ncap * sizeof *nb);
    if (!nb) return;
    c->di_blocks = nb;
    c->di_blocks_cap = ncap;
  }
  c->di_blocks[c->n_di_blocks++] = (wcc_di_block){lo, hi, scope};
}

static void declare(vars_walk *w, const wcc_dw_die *d, LLVMMetadataRef scope) {
  wcc_ctx *c = w->c;
  if (d->tag == 0x05) w->arg_no++;
  if (!d->name || !d->name[0]) return;
  LLVMMetadataRef ty = di_type(c, w->u, d->type, 0);
  if (!ty) return;
  unsigned line = (unsigned)d->decl_line;
  LLVMMetadataRef var =
      d->tag == 0x05
          ? LLVMDIBuilderCreateParameterVariable(c->dib, scope, d->name, strlen(d->name), w->arg_no, w->file, line, ty,
                                                 true, LLVMDIFlagZero)
          : LLVMDIBuilderCreateAutoVariable(c->dib, scope, d->name, strlen(d->name), w->file, line, ty, true,
                                            LLVMDIFlagZero, 0);
  LLVMMetadataRef loc = LLVMDIBuilderCreateDebugLocation(c->llctx, line, 0, scope, NULL);
  uint32_t local = wasm_local(&d->location);
  int64_t k;
  if (local < w->n_locals) {
    LLVMDIBuilderInsertDeclareRecordAtEnd(c->dib, w->locals[local], var, LLVMDIBuilderCreateExpression(c->dib, NULL, 0),
                                          loc, w->entry);
  } else if (c->di_fb_slot && fbreg(&d->location, &k)) {
    uint64_t ops[4] = {0x06 /* DW_OP_deref */, 0x23 /* DW_OP_plus_uconst */, (uint64_t)k};
    size_t n = 3;
    if (k < 0) ops[1] = 0x10 /* DW_OP_constu */, ops[2] = (uint64_t)-k, ops[3] = 0x1c /* DW_OP_minus */, n = 4;
    LLVMDIBuilderInsertDeclareRecordAtEnd(c->dib, c->di_fb_slot, var, LLVMDIBuilderCreateExpression(c->dib, ops, n),
                                          loc, w->entry);
  }
  /* else: no location; the variable is in the subprogram's retained nodes (AlwaysPreserve) */
}

/* The children of a subprogram or lexical block at `c`, in `scope`. */
static void walk(vars_walk *w, wcc_dw_cur *c, LLVMMetadataRef scope, int depth) {
  const wcc_dw_unit *u = w->u;
  for (;;) {
    wcc_dw_die d;
    if (c->p >= c->end || !wcc_dw_read_die(c, u, &d)) {
      c->bad = true;
      return;
    }
    if (!d.tag) return;
    if (d.tag == 0x05 || d.tag == 0x34) declare(w, &d, scope);
    if (!d.children) continue;
    if (d.tag == 0x0b && depth < 32) { /* lexical block */
      LLVMMetadataRef inner = scope;
      if (d.has_low_pc && d.has_high_pc && !d.has_ranges) {
        uint64_t hi = d.high_pc_is_addr ? d.high_pc : d.low_pc + d.high_pc;
        if (d.low_pc < hi && hi <= UINT32_MAX) {
          const wcc_line_row *r = wcc_lines_find(w->c->lines, (uint32_t)d.low_pc);
          inner = LLVMDIBuilderCreateLexicalBlock(w->c->dib, scope, w->file, r ? r->line : 0, r && r->line ? r->column : 0);
          add_block(w->c, (uint32_t)d.low_pc, (uint32_t)hi, inner);
        }
      }
      walk(w, c, inner, depth + 1);
      if (c->bad) return;
    } else if (!skip_children(c, u)) { /* nested functions, inlined subroutines, types */
      c->bad = true;
      return;
    }
  }
}

void wcc_di_vars(wcc_ctx *c, uint32_t index, LLVMValueRef *locals, uint32_t n_locals, LLVMValueRef mem_base) {
  c->n_di_blocks = 0;
  c->di_fb_slot = NULL;
  c->di_fb_local = UINT32_MAX;
  const wcc_func *fn = &c->m->funcs[index];
  if (!c->dib || !c->di_sp || !fn->dwarf_die) return;
  wcc_dw_unit u;
  wcc_dw_cur uc = {fn->dwarf_unit, c->m->dwarf.info + c->m->dwarf.info_len, false};
  if (!wcc_dw_unit_header(&uc, &c->m->dwarf, &u)) {
    free(u.abbrevs);
    return;
  }
  const uint8_t *dies = u.start;
  u.start = fn->dwarf_unit;
  if (u.n_abbrevs) wcc_dw_cu_attrs(&u, dies, NULL, NULL);
  wcc_dw_cur c_die = {fn->dwarf_die, u.end, false};
  wcc_dw_die sp;
  if (!u.n_abbrevs || !wcc_dw_read_die(&c_die, &u, &sp) || sp.tag != 0x2e || !sp.children) {
    free(u.abbrevs);
    return;
  }
  /* the frame base: a wasm local holding the frame's address in linear memory */
  LLVMBuilderRef b = c->b;
  LLVMBasicBlockRef entry = LLVMGetInsertBlock(b);
  uint32_t fb = wasm_local(&sp.frame_base);
  if (c->opts->opt_level == 0 && mem_base && fb < n_locals && LLVMGetTypeKind(LLVMGetAllocatedType(locals[fb])) == LLVMIntegerTypeKind &&
      LLVMGetIntTypeWidth(LLVMGetAllocatedType(locals[fb])) == 32) {
    c->di_fb_slot = LLVMBuildAlloca(b, c->t_ptr, "dbg.frame_base");
    c->di_fb_local = fb;
    c->di_mem_base = mem_base;
    wcc_di_local_set(c, fb, LLVMBuildLoad2(b, c->t_i32, locals[fb], ""));
  }
  vars_walk w = {c, &u, locals, n_locals, entry, LLVMDIScopeGetFile(c->di_sp), 0};
  walk(&w, &c_die, c->di_sp, 0);
  free(u.abbrevs);
}

void wcc_di_local_set(wcc_ctx *c, uint32_t i, LLVMValueRef v) {
  if (!c->di_fb_slot || i != c->di_fb_local) return;
  LLVMValueRef off = LLVMBuildZExt(c->b, v, c->t_i64, "");
  LLVMValueRef host = LLVMBuildGEP2(c->b, c->t_i8, c->di_mem_base, &off, 1, "dbg.frame");
  LLVMSetVolatile(LLVMBuildStore(c->b, host, c->di_fb_slot), 1);
}

LLVMMetadataRef wcc_di_scope_at(const wcc_ctx *c, uint32_t addr) {
  LLVMMetadataRef scope = c->di_sp;
  for (uint32_t i = 0; i < c->n_di_blocks; i++) /* pre-order: the last block containing addr is the innermost */
    if (c->di_blocks[i].lo <= addr && addr < c->di_blocks[i].hi) scope = c->di_blocks[i].scope;
  return scope;
}
