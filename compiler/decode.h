/*
 * decode.h — the pieces of the binary decoder (decode.c) that reader.c's
 * section readers share: errors with their byte offset, types, names, limits
 * and constant expressions (spec 5.2-5.4, 3.3.10).  Private to the two files;
 * the LEB128 primitives are in wcc.h since function bodies use them too.
 * Every function returns false after reporting the problem through r->diag
 * (first error wins), true on success.
 */
#ifndef WASMC_DECODE_H
#define WASMC_DECODE_H

#include "wcc.h"

/* Report `what` at the reader's current byte offset; always false. */
WCC_HIDDEN bool wcc_read_fail(wcc_reader *r, const char *what);
/* A value type (spec 5.3.1) / a reference type (5.3.3) byte. */
WCC_HIDDEN bool wcc_read_valtype(wcc_reader *r, uint8_t *out);
WCC_HIDDEN bool wcc_read_reftype(wcc_reader *r, uint8_t *out);
/* A name (spec 5.2.4): length-prefixed valid UTF-8, returned as a malloc'ed
 * NUL-terminated copy owned by the caller; *out_len (if not NULL) its bytes. */
WCC_HIDDEN bool wcc_read_name_len(wcc_reader *r, char **out, uint32_t *out_len);
WCC_HIDDEN bool wcc_read_name(wcc_reader *r, char **out);
/* Limits of table/memory `index` (`what`), in elements or pages (spec
 * 5.3.7); see decode.c for the threads and memory64 flags. */
WCC_HIDDEN bool wcc_read_limits(wcc_reader *r, wcc_limits *l, uint64_t bound, const char *what, bool is_memory,
                                uint32_t index, const wcc_features *features, bool *is64);
/* A constant expression of result `type` (spec 3.3.10): *out / *out_len its
 * bytes without the final `end` (pointing into the module's bytes). */
WCC_HIDDEN bool wcc_read_const_expr(wcc_reader *r, wcc_module *m, uint8_t type, uint32_t n_visible_globals,
                                    const wcc_features *f, const uint8_t **out, size_t *out_len);
/* The func type's signature string ("ii:i"), malloc'ed, NULL when out of
 * memory. */
WCC_HIDDEN char *wcc_make_sig(const wcc_functype *ft);
/* Make room for zeroed element n of a malloc'ed array holding n elements of
 * `elem` bytes; the capacity doubles at powers of two.  False: out of memory. */
WCC_HIDDEN bool wcc_grow_array(void **arr, uint32_t n, size_t elem);

#endif
