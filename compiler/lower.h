/*
 * lower.h — state shared by the per-function lowering files (lower_func.c for
 * control flow, calls, variables; emit_numeric.c; emit_memory.c; emit_simd.c).
 * One function is validated (spec 3.3, appendix "validation algorithm") and
 * lowered to LLVM IR in a single pass over its body.
 */
#ifndef WCC_LOWER_H
#define WCC_LOWER_H

#include "wcc.h"

/* An operand-stack entry: its wasm type and LLVM value (NULL in dead code). */
typedef struct wcc_sval {
  uint8_t type;
  LLVMValueRef v;
} wcc_sval;

enum wcc_frame_kind { FRAME_FUNC, FRAME_BLOCK, FRAME_LOOP, FRAME_IF, FRAME_ELSE, FRAME_TRY, FRAME_CATCH, FRAME_CATCH_ALL };

/* Where a call's exception goes (exception-handling proposal): the
 * landing pad of a try body.  Every invoke unwinds to `pad`, which catches
 * all and branches to `join`; a delegate branches to `join` directly.  The
 * phi `exn` there is the caught wasmc_exception *. */
typedef struct wcc_unwind {
  LLVMBasicBlockRef pad;        /* landingpad block, created on first use */
  LLVMBasicBlockRef join;
  LLVMValueRef exn;             /* phi (ptr) in join */
  uint32_t n_incoming;          /* edges into join */
} wcc_unwind;

typedef struct wcc_frame {
  uint8_t kind;
  uint32_t n_params, n_results;
  const uint8_t *params, *results;
  uint8_t inline_type;          /* storage for a single-valtype block type */
  uint32_t height;              /* operand stack height at entry (params excluded) */
  bool unreachable;             /* stack polymorphic after br/return/unreachable */
  bool live_at_entry;           /* code at the frame's start is reachable */
  LLVMBasicBlockRef label;      /* branch target (loop header, or exit) */
  LLVMBasicBlockRef exit;       /* join point after the frame */
  LLVMBasicBlockRef else_bb;    /* if: the false edge */
  LLVMValueRef *phis;           /* phis at `label` (loop: params; else results) */
  uint32_t n_incoming;          /* edges into `label` (blocks) or `exit` */
  wcc_sval *if_params;          /* if: param values for the else arm */
  /* exception handling: the handler in effect inside the frame's body (NULL:
   * the caller's) and at its entry */
  wcc_unwind *unwind_inside, *unwind_outer;
  wcc_unwind *try_unwind;       /* try: its own landing pad (owned) */
  LLVMBasicBlockRef dispatch;   /* try/catch: where the next catch clause tests the tag */
  LLVMValueRef exn;             /* catch: the caught exception */
  LLVMValueRef exn_free;        /* catch: the call freeing it at entry (until a rethrow needs it) */
  LLVMValueRef exn_slot;        /* catch with rethrow: alloca pointing to it (runtime-held) */
} wcc_frame;

typedef struct wcc_fn {
  wcc_ctx *c;
  uint32_t index;               /* function index (diagnostics name it with wcc_func_label) */
  const wcc_functype *type;
  LLVMValueRef fn;
  LLVMValueRef inst;            /* instance pointer (first parameter) */
  LLVMValueRef mem_base;        /* base of memory 0 (loaded once, invariant) */
  LLVMValueRef seg_base;        /* Segue: this function's copy of c->seg_base, the base of its
                                   gs-relative accesses (wcc_segue_base); NULL: register base */
  LLVMBuilderRef pb;            /* builder for phis */
  uint32_t n_locals;
  uint8_t *local_types;
  LLVMValueRef *locals;         /* allocas */
  wcc_sval *stack;
  uint32_t sp, stack_cap;
  wcc_frame *frames;
  uint32_t n_frames, frames_cap;
  LLVMBasicBlockRef trap_bb[WASMC_TRAP_COUNT_];
  wcc_unwind *unwind;           /* handler of calls at this point (NULL: the caller's) */
  LLVMBasicBlockRef entry;      /* entry block (allocas) */
  bool live;                    /* the builder's position is reachable */
  bool has_calls;
  LLVMValueRef stack_check_br;
  wcc_reader r;
  const uint8_t *op_start;      /* start of the current instruction */
} wcc_fn;

/* Report a validation/lowering error at the current instruction:
 * "function NAME (index N) at byte offset B: MESSAGE" (or "function $N …").
 * Returns false. */
WCC_HIDDEN bool wcc_fn_error(wcc_fn *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Reject opcode `op` (with sub-opcode `sub` after the prefixes 0xfb..0xfe)
 * at the current instruction: "unsupported instruction MNEMONIC (PROPOSAL
 * proposal; opcode …)" when unsupported.c knows it, else "illegal opcode …".
 * Returns false. */
WCC_HIDDEN bool wcc_fn_reject_opcode(wcc_fn *f, uint8_t op, uint32_t sub);
/* Reject value type byte `b`: "unsupported value type …" for a proposal's
 * type (unsupported.c), else `malformed`.  Returns false. */
WCC_HIDDEN bool wcc_fn_reject_valtype(wcc_fn *f, uint8_t b, const char *malformed);
/* Pop an operand of type `t` (WCC_UNKNOWN: any).  In dead code returns a NULL value. */
WCC_HIDDEN bool wcc_pop(wcc_fn *f, uint8_t t, wcc_sval *out);
WCC_HIDDEN bool wcc_push(wcc_fn *f, uint8_t t, LLVMValueRef v);
/* Branch to a trap block when `cond` (i1) is true. */
WCC_HIDDEN void wcc_trap_if(wcc_fn *f, LLVMValueRef cond, uint32_t code);
WCC_HIDDEN void wcc_trap_now(wcc_fn *f, uint32_t code);

/* Numeric instructions 0x45..0xc4 and 0xfc 0..7.  Returns false on error. */
WCC_HIDDEN bool wcc_emit_numeric(wcc_fn *f, uint32_t op);
WCC_HIDDEN bool wcc_emit_trunc_sat(wcc_fn *f, uint32_t sub);
/* Call LLVM intrinsic `name` overloaded on tys[0..ntys). */
WCC_HIDDEN LLVMValueRef wcc_call_intrinsic(wcc_fn *f, const char *name, LLVMTypeRef *tys, unsigned ntys,
                                           LLVMValueRef *args, unsigned nargs, const char *vname);
/* `v` (f32/f64 scalar or vector) with the quiet bit set in every NaN (lane). */
WCC_HIDDEN LLVMValueRef wcc_quiet_nan(wcc_fn *f, LLVMValueRef v);
/* Whether `c op other` (add/sub/mul/div, scalar or vector) may be folded by
 * LLVM to an operand, passing a signalling NaN through: c is constant and an
 * identity element (+-0, +-1), a NaN, or not inspectable, in some lane. */
WCC_HIDDEN bool wcc_may_fold_to_operand(LLVMValueRef c, LLVMValueRef other);
/* Memory instructions: loads/stores (0x28..0x3e), memory.size/grow, bulk. */
WCC_HIDDEN bool wcc_emit_load_store(wcc_fn *f, uint8_t op);
WCC_HIDDEN LLVMValueRef wcc_mem_base(wcc_fn *f);
/* Host pointer of memory-0 address `index` (i32) + `offset` for a `bytes`-wide
 * access (explicit bounds check with --bounds-checks=explicit). */
WCC_HIDDEN LLVMValueRef wcc_effective_address(wcc_fn *f, LLVMValueRef index, uint32_t offset, unsigned bytes);
/* ceil/floor/trunc/nearest of f32/f64 (scalar or vector) in SSE2 arithmetic,
 * for x86-64 targets without SSE4.1's round instructions (emit_simd.c). */
enum wcc_round { WCC_ROUND_CEIL, WCC_ROUND_FLOOR, WCC_ROUND_TRUNC, WCC_ROUND_NEAREST };
WCC_HIDDEN LLVMValueRef wcc_round_sse2(wcc_fn *f, enum wcc_round kind, LLVMValueRef x);
/* Is the target x86-64 with a CPU (--cpu) that may lack SSE4.1? */
WCC_HIDDEN bool wcc_x86_without_sse41(wcc_ctx *c);
/* SIMD128 instructions (0xfd prefix; reads the sub-opcode).  emit_simd.c */
WCC_HIDDEN bool wcc_emit_simd(wcc_fn *f);
/* Current size of memory 0 in bytes (i64), loaded from its memory object. */
WCC_HIDDEN LLVMValueRef wcc_mem0_size(wcc_fn *f);
/* Make the load `v` undeletable (its trap must happen even if unused). */
WCC_HIDDEN void wcc_keep_load_alive(wcc_fn *f, LLVMValueRef v);
/* Called for every `drop`: keeps a dropped load alive. */
WCC_HIDDEN void wcc_drop_value(wcc_fn *f, LLVMValueRef v);

#endif
