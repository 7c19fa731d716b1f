/*
 * dwarf.h — the DIE reader of compiler/dwarf.c, shared with the -g variable
 * translation (compiler/debuginfo_vars.c): bounds-checked cursors over a
 * module's .debug_info, compile-unit headers, abbreviations and the
 * attributes of one DIE.  Nothing here allocates but the abbreviation table
 * of a unit (wcc_dw_unit.abbrevs, the caller frees it) and nothing fails the
 * compile: a malformed DIE reads as false and ends the caller's walk.
 */
#ifndef WCC_DWARF_H
#define WCC_DWARF_H

#include "wcc.h"

typedef struct wcc_dw_cur {
  const uint8_t *p, *end;
  bool bad;
} wcc_dw_cur;

/* One abbreviation: its tag and where its (attribute, form) pairs start in .debug_abbrev. */
typedef struct wcc_dw_abbrev {
  uint64_t code;
  uint64_t tag;
  bool children;
  const uint8_t *specs;
} wcc_dw_abbrev;

typedef struct wcc_dw_unit {
  const wcc_dwarf *d;
  const uint8_t *start, *end; /* the unit, header included (DIE references count from start) */
  unsigned version, addr_size, offset_size;
  wcc_dw_abbrev *abbrevs;
  size_t n_abbrevs;
  uint64_t str_offsets_base, addr_base;
  bool is_c; /* DW_AT_language is C: DW_AT_name is the symbol (main's linkage name is __main_argc_argv) */
} wcc_dw_unit;

/* An attribute value: a number (constant, address, offset, reference), a string or a block. */
typedef struct wcc_dw_attr {
  uint64_t num;
  const char *str;      /* NUL-terminated inside a section, or NULL */
  const uint8_t *block; /* block and exprloc forms: the bytes (block_len of them), or NULL */
  size_t block_len;
  bool is_ref;  /* num is a unit-relative DIE offset */
  bool is_addr; /* num is an address (DW_FORM_addr / addrx) */
} wcc_dw_attr;

/* What a DIE says (the attributes names and -g's variables need). */
typedef struct wcc_dw_die {
  uint64_t tag;
  bool children;
  const char *name, *linkage;
  bool has_low_pc;
  uint64_t low_pc;
  bool has_high_pc, high_pc_is_addr; /* DW_AT_high_pc: an address, else an offset from low_pc */
  uint64_t high_pc;
  bool has_ranges;     /* DW_AT_ranges */
  uint64_t origin;     /* unit-relative offset of DW_AT_abstract_origin / DW_AT_specification, or 0 */
  uint64_t type;       /* unit-relative offset of DW_AT_type, or 0 */
  wcc_dw_attr location, frame_base; /* DW_AT_location, DW_AT_frame_base (block NULL: none or a list) */
  bool has_location;
  uint64_t byte_size, encoding, decl_line, count, member_offset;
  bool has_count, has_upper_bound, is_declaration, has_bit_size;
} wcc_dw_die;

/* Read (or skip) one attribute value of `form` at `c`; false for a form we cannot size. */
WCC_HIDDEN bool wcc_dw_read_form(wcc_dw_cur *c, const wcc_dw_unit *u, uint64_t form, wcc_dw_attr *v);
/* Read the DIE at `c` into `out`; false at a malformed one.  A null entry gives tag 0. */
WCC_HIDDEN bool wcc_dw_read_die(wcc_dw_cur *c, const wcc_dw_unit *u, wcc_dw_die *out);
/* The unit header at `c` (DWARF 2-5, 32-bit format), c advanced past the
 * unit; false at a bad or 64-bit one.  u->start is left at the unit's first
 * DIE: the caller sets it back to the unit's start (DIE offsets count from
 * there) after keeping it. */
WCC_HIDDEN bool wcc_dw_unit_header(wcc_dw_cur *c, const wcc_dwarf *d, wcc_dw_unit *u);
/* The unit DIE at `dies`: sets the unit's DWARF 5 bases and language, then
 * stores DW_AT_stmt_list and DW_AT_comp_dir through the non-NULL out-parameters. */
WCC_HIDDEN void wcc_dw_cu_attrs(wcc_dw_unit *u, const uint8_t *dies, uint64_t *out_stmt_list,
                                const char **out_comp_dir);

#endif
