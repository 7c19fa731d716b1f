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
  /* fuel (emit_limits.c), function and loop frames: the charge emitted at
   * the frame's check point (NULL: none), the wasm instructions counted in
   * its region so far, and the region it interrupts (a frame index) */
  LLVMValueRef fuel_sub;
  uint64_t fuel_n;
  uint32_t fuel_outer;
} wcc_frame;

typedef struct wcc_fn {
  wcc_ctx *c;
  uint32_t index;               /* function index (diagnostics name it with wcc_func_label) */
  const wcc_functype *type;
  LLVMValueRef fn;
  LLVMValueRef inst;            /* instance pointer (first parameter) */
  LLVMValueRef mem_base;        /* base of memory 0 (loaded once, invariant) */
  LLVMValueRef *mem_bases;      /* multi-memory: [n_memories] base of memory k > 0, loaded in the
                                   entry block on first use (wcc_mem_base_of); NULL: one memory */
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
  LLVMValueRef entry_epoch_br;  /* the function-entry interruption check (emit_limits.c) */
  uint32_t fuel_region;         /* frame index of the innermost function or loop frame */
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
/* A decoded memarg (spec 5.4.6; multi-memory: a memory index; memory64: a
 * u64 offset).  is64: the memory's addresses are i64. */
typedef struct wcc_memarg {
  uint32_t mem;
  uint64_t offset;   /* bytes */
  bool is64;
} wcc_memarg;
/* Read and validate the memarg of an access of `bytes` bytes by instruction
 * `name` (for messages).  false: error reported. */
WCC_HIDDEN bool wcc_read_memarg(wcc_fn *f, unsigned bytes, const char *name, wcc_memarg *out);
/* Host pointer (or gs-relative, memory 0 with Segue) of wasm address `index`
 * (i32, or i64 when ma->is64) + ma->offset in memory ma->mem for a
 * `bytes`-wide access, with the bounds check the mode needs: explicit with
 * --bounds-checks=explicit and always for a 64-bit memory; else the guard
 * region of the memory's own reservation. */
WCC_HIDDEN LLVMValueRef wcc_effective_address(wcc_fn *f, const wcc_memarg *ma, LLVMValueRef index, unsigned bytes);
/* Host pointer to byte 0 of memory `mem` (invariant). */
WCC_HIDDEN LLVMValueRef wcc_mem_base_of(wcc_fn *f, uint32_t mem);
/* WCC_I64 for a 64-bit memory, else WCC_I32 (the type of its addresses). */
WCC_HIDDEN uint8_t wcc_mem_index_type(wcc_fn *f, uint32_t mem);
/* Current size in bytes (i64) of memory `mem` (wcc_mem0_size for 0); a
 * monotonic atomic load for a shared memory, never hoisted (emit_bulk.c). */
WCC_HIDDEN LLVMValueRef wcc_mem_size(wcc_fn *f, uint32_t mem);
/* ceil/floor/trunc/nearest of f32/f64 (scalar or vector) in SSE2 arithmetic,
 * for x86-64 targets without SSE4.1's round instructions (emit_simd.c). */
enum wcc_round { WCC_ROUND_CEIL, WCC_ROUND_FLOOR, WCC_ROUND_TRUNC, WCC_ROUND_NEAREST };
WCC_HIDDEN LLVMValueRef wcc_round_sse2(wcc_fn *f, enum wcc_round kind, LLVMValueRef x);
/* Is the target x86-64 with a CPU (--cpu) that may lack SSE4.1? */
WCC_HIDDEN bool wcc_x86_without_sse41(wcc_ctx *c);
/* Threads proposal instructions (0xfe prefix; reads the sub-opcode): atomic
 * accesses, wait/notify, fence.  emit_atomic.c */
WCC_HIDDEN bool wcc_emit_atomic(wcc_fn *f);
/* SIMD128 instructions (0xfd prefix; reads the sub-opcode).  emit_simd.c */
WCC_HIDDEN bool wcc_emit_simd(wcc_fn *f);
/* Relaxed SIMD (0xfd 0x100..0x113, sub-opcode `op` already read), one fixed
 * choice per target (docs/simd.md "Relaxed SIMD").  emit_simd_relaxed.c */
WCC_HIDDEN bool wcc_emit_simd_relaxed(wcc_fn *f, uint32_t op);
/* i8x16.swizzle of v128 values, or (relaxed) i8x16.relaxed_swizzle: tbl on
 * AArch64, pshufb on x86-64 (run-time dispatch on the SSE2 baseline).
 * emit_simd_swizzle.c */
WCC_HIDDEN LLVMValueRef wcc_simd_swizzle(wcc_fn *f, LLVMValueRef a, LLVMValueRef b, bool relaxed);
/* trunc_sat of a v128 by its opcode 0xf8/0xf9/0xfc/0xfd (emit_simd.c; the
 * relaxed_trunc choice too). */
WCC_HIDDEN LLVMValueRef wcc_simd_trunc_sat(wcc_fn *f, uint32_t op, LLVMValueRef a);
/* Is the target x86-64; is it x86-64 with a --cpu that has SSSE3?  emit_simd.c */
WCC_HIDDEN bool wcc_target_is_x86(wcc_ctx *c);
WCC_HIDDEN bool wcc_x86_has_ssse3(wcc_ctx *c);
/* Current size of memory 0 in bytes (i64), loaded from its memory object
 * (monotonic if the memory is shared). */
WCC_HIDDEN LLVMValueRef wcc_mem0_size(wcc_fn *f);
/* Make the load `v` undeletable (its trap must happen even if unused). */
WCC_HIDDEN void wcc_keep_load_alive(wcc_fn *f, LLVMValueRef v);
/* Called for every `drop`: keeps a dropped load alive. */
WCC_HIDDEN void wcc_drop_value(wcc_fn *f, LLVMValueRef v);
/* Host pointer (in memory 0's reservation) of wasm address `i` (an i32,
 * not bounds-checked): f->mem_base + zext(i). */
WCC_HIDDEN LLVMValueRef wcc_mem_ptr(wcc_fn *f, LLVMValueRef i);
/* lower_func.c helpers shared with emit_exceptions.c */
/* The rest of the current frame is unreachable (after br, return, throw...). */
WCC_HIDDEN void wcc_set_unreachable(wcc_fn *f);
/* Add the top `n` stack values as incoming values of `phis` from the current block. */
WCC_HIDDEN void wcc_add_incoming(wcc_fn *f, LLVMValueRef *phis, uint32_t n);
/* Pop `n` values of `types` (in order) into out[0..n). */
WCC_HIDDEN bool wcc_pop_types(wcc_fn *f, uint32_t n, const uint8_t *types, wcc_sval *out);
/* A load of `ty` at host pointer ptr + off bytes (instance data, not linear memory). */
WCC_HIDDEN LLVMValueRef wcc_load_at(wcc_fn *f, LLVMTypeRef ty, LLVMValueRef ptr, uint64_t off, const char *name);
/* The same, of a location that never changes after instantiation (!invariant.load). */
WCC_HIDDEN LLVMValueRef wcc_load_inv(wcc_fn *f, LLVMTypeRef ty, LLVMValueRef ptr, uint64_t off, const char *name);
/* The frame of branch depth `depth` (0: innermost); false: unknown label. */
WCC_HIDDEN bool wcc_get_frame(wcc_fn *f, uint32_t depth, wcc_frame **out);
/* Check that the top `n` stack values have `types` (not popping them). */
WCC_HIDDEN bool wcc_check_top(wcc_fn *f, uint32_t n, const uint8_t *types);

/* The control stack and instructions (emit_control.c).  wcc_push_frame:
 * push a frame of `kind` (FRAME_*) with its params and results (the arrays
 * are borrowed: the module's func types outlive the function); false: out
 * of memory.  wcc_make_phis: phis of `types` at the start of `bb` (an array
 * of n owned by the frame).  wcc_end_frame: the `end` of the innermost frame
 * (results checked and merged, the body's last frame closes the function).
 * wcc_emit_control: block, loop, if, else, end, try, br, br_if, br_table and
 * return (opcodes 0x02-0x06, 0x0b-0x0f). */
WCC_HIDDEN bool wcc_push_frame(wcc_fn *f, uint8_t kind, uint32_t np, const uint8_t *params, uint32_t nr,
                               const uint8_t *results);
WCC_HIDDEN LLVMValueRef *wcc_make_phis(wcc_fn *f, LLVMBasicBlockRef bb, uint32_t n, const uint8_t *types);
WCC_HIDDEN bool wcc_end_frame(wcc_fn *f);
WCC_HIDDEN bool wcc_emit_control(wcc_fn *f, uint8_t op);

/* --timeout/--fuel/--interruptible checks (emit_limits.c), per
 * wcc_options.checks; no-ops without them.  wcc_limits_enter: at a check
 * point (the entry of a function, `func_entry`, or a loop header) of frame
 * `fr`.  wcc_fuel_close: when fr's region ends, sets its charge to the
 * instructions counted in fr->fuel_n.  wcc_limits_finish: after the body
 * (drops the entry check of a function without calls). */
WCC_HIDDEN void wcc_limits_enter(wcc_fn *f, wcc_frame *fr, bool func_entry);
WCC_HIDDEN void wcc_fuel_close(wcc_fn *f, wcc_frame *fr);
WCC_HIDDEN void wcc_limits_finish(wcc_fn *f);

/* A call of runtime function `name` (wasmc_abi.h) with the instance and args[0..n). */
WCC_HIDDEN LLVMValueRef wcc_rt_call(wcc_fn *f, const char *name, LLVMTypeRef ret, LLVMValueRef *args, unsigned n);
/* false (and an error) unless table `t` exists. */
WCC_HIDDEN bool wcc_check_table(wcc_fn *f, uint32_t t);
/* Host pointer of table `t`'s wasmc_table object (instance data). */
WCC_HIDDEN LLVMValueRef wcc_table_ptr(wcc_fn *f, uint32_t t);
/* emit_bulk.c: the instruction after an 0xFC prefix (saturating truncation,
 * bulk memory, table instructions). */
WCC_HIDDEN bool wcc_emit_prefix_fc(wcc_fn *f);

/* emit_calls.c: `call idx` / `call_indirect type_index table`: pop the
 * arguments, call, push the results. */
/* After a wasm call at `op` (its opcode byte in the module), at the
 * builder's position: the call-site table entry of backtraces (callsites.c). */
WCC_HIDDEN void wcc_mark_call_site(wcc_fn *f, const uint8_t *op);
WCC_HIDDEN bool wcc_emit_call(wcc_fn *f, uint32_t idx);
WCC_HIDDEN bool wcc_emit_call_indirect(wcc_fn *f, uint32_t type_index, uint32_t table);
/* call_indirect's and return_call_indirect's part (`what` names it in
 * errors): pop the table index, trap unless it is in bounds, the entry not
 * null and of type `type_index`; *out_desc: the funcref (NULL in dead code). */
WCC_HIDDEN bool wcc_indirect_callee(wcc_fn *f, uint32_t type_index, uint32_t table, const char *what,
                                    LLVMValueRef *out_desc);

/* emit_tail.c (tail-call proposal): return_call idx, return_call_indirect
 * type_index table; a function's return of vals[0..n) (the caller's results
 * pointer of a tail-call entry with several results); an alloca in the entry
 * block for the results of a call of a tail-call entry of type ft; the
 * C-convention wrapper of tail-call entry `index` (defined once, by the
 * partition that lowers its body). */
WCC_HIDDEN bool wcc_emit_return_call(wcc_fn *f, uint32_t idx);
WCC_HIDDEN bool wcc_emit_return_call_indirect(wcc_fn *f, uint32_t type_index, uint32_t table);
WCC_HIDDEN void wcc_emit_ret(wcc_fn *f, LLVMValueRef *vals, uint32_t n);
WCC_HIDDEN LLVMValueRef wcc_tail_results_slot(wcc_fn *f, const wcc_functype *ft);
WCC_HIDDEN void wcc_emit_tail_wrapper(wcc_ctx *c, uint32_t index);
/* The funcref descriptor of function `idx` in this instance (ref.func). */
WCC_HIDDEN LLVMValueRef wcc_funcref_of(wcc_fn *f, uint32_t idx);

/* emit_exceptions.c (exception-handling proposal, docs/exceptions.md) */
/* A new handler (landing pad target) for the try frame being opened. */
WCC_HIDDEN wcc_unwind *wcc_new_unwind(wcc_fn *f);
/* A call: an invoke when it may throw inside a try body (the builder moves
 * to the normal continuation), else a plain (notail) call. */
WCC_HIDDEN LLVMValueRef wcc_build_call(wcc_fn *f, LLVMTypeRef fty, LLVMValueRef fn, LLVMValueRef *args, unsigned n,
                                       bool may_throw);
/* Read a tag index immediate and check it. */
WCC_HIDDEN bool wcc_tag_index(wcc_fn *f, uint32_t *x);
/* End the current arm of an if (before `else`) or part of a try (before a
 * catch clause): type-check its results and branch with them to the join. */
WCC_HIDDEN bool wcc_end_arm(wcc_fn *f, wcc_frame *fr, const char *where);
/* catch x (all_tags == false) or catch_all. */
WCC_HIDDEN bool wcc_begin_catch(wcc_fn *f, bool all_tags);
/* `end` or `delegate` of a try frame: unhandled exceptions go to `to`. */
WCC_HIDDEN void wcc_finish_try(wcc_fn *f, wcc_frame *fr, wcc_unwind *to);
/* throw x / rethrow depth. */
WCC_HIDDEN bool wcc_emit_throw(wcc_fn *f, uint32_t x);
WCC_HIDDEN bool wcc_emit_rethrow(wcc_fn *f, uint32_t depth);

/* libc_fast.c: for a call of function `idx` that is wasi-libc's scalar
 * memcpy/memmove/memset/memcmp/strcmp (recognised by its code), the
 * "<name>.fast" wrapper that tries the host's version first (made on first
 * use); NULL for any other function. */
WCC_HIDDEN LLVMValueRef wcc_libc_fast_fn(wcc_ctx *c, uint32_t idx);

#endif
