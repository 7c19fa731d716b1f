/*
 * unsupported.h — what wasmc can decode but does not compile, named the way
 * the specifications name it, and how a diagnostic names a function.
 *
 * The tables live in unsupported.c, the one place that maps an encoding
 * (opcode, value type byte, type form, memory/table limits flag) to its spec
 * mnemonic and the proposal that introduced it.  Everything that rejects
 * such input reports through it: reader.c with the functions below,
 * lower_func.c and emit_simd.c with wcc_fn_reject_opcode/_valtype (lower.h).
 * So every rejection is one line naming the function (or memory, table,
 * type), the byte offset, the mnemonic and the proposal.
 */
#ifndef WCC_UNSUPPORTED_H
#define WCC_UNSUPPORTED_H

#include "wcc.h"

/* Module-level features rejected while reading (reader.c). */
enum wcc_feature {
  WCC_FEATURE_MEMORY64,       /* memory limits flag 0x04 */
  WCC_FEATURE_TABLE64,        /* table limits flag 0x04 */
  WCC_FEATURE_PAGE_SIZE,      /* memory limits flag 0x08 */
  WCC_FEATURE_MULTI_MEMORY,   /* a second memory (imported or defined) */
};

/* Rejections while reading the module (reader.c).  Each reports one line
 * through r->diag, with the byte offset of `at` in the module, and returns
 * false. */
/* Value type byte `b` at `at`: "unsupported value type anyref (GC proposal;
 * byte 0x6e)" for a proposal's type, else "MALFORMED (at byte offset N)". */
WCC_HIDDEN bool wcc_reject_valtype_at(wcc_reader *r, const uint8_t *at, uint8_t b, const char *malformed);
/* Type `index` whose form byte `form` (at `at`) is not 0x60 (func): struct,
 * array, rec, sub are named (GC proposal), anything else is malformed. */
WCC_HIDDEN bool wcc_reject_typeform_at(wcc_reader *r, const uint8_t *at, uint32_t index, uint8_t form);
/* `feature` of table/memory `index` (`what`: "table" or "memory") whose
 * entry starts at `at`: "memory 1 at byte offset N: unsupported multiple
 * memories (multi-memory proposal)". */
WCC_HIDDEN bool wcc_reject_feature_at(wcc_reader *r, const uint8_t *at, const char *what, uint32_t index,
                                      enum wcc_feature feature);

/* Function `index` of `m` named as a trap names it ("wasm trap: … in
 * function <name>", the `name` of its wasmc_func descriptor): its
 * name-section name, else an export name (reader.c), else "$<index>".  An
 * empty name counts as none.  The "$<index>" form is written to `buf`
 * (`cap` >= 12 bytes); otherwise the module's string is returned. */
WCC_HIDDEN const char *wcc_func_name(const wcc_module *m, uint32_t index, char *buf, size_t cap);

/* The function as a diagnostic names it, into buf[cap]: "NAME (index N)"
 * or "$N", with control characters escaped (\xNN) so the message stays one
 * line, and a long name shortened to fit (`cap` >= 64).  Returns buf. */
WCC_HIDDEN const char *wcc_func_label(const wcc_module *m, uint32_t index, char *buf, size_t cap);

#endif
