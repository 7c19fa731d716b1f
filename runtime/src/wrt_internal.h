/*
 * wrt_internal.h — cross-file internals of the runtime core (runtime/src).
 * Nothing here is visible outside libwasmc_rt (hidden visibility).
 */
#ifndef WRT_INTERNAL_H
#define WRT_INTERNAL_H

#include <setjmp.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wasmc_abi.h"
#include "wasmc_runtime.h"

#define WRT_HIDDEN __attribute__((visibility("hidden")))
/* Thread-locals are read from the signal handler: initial-exec TLS is a plain
 * %fs/tpidr_el0-relative load (no __tls_get_addr, which may allocate).  The
 * runtime is a static archive linked into executables, where this model is
 * always available. */
#define WRT_TLS _Thread_local __attribute__((tls_model("initial-exec")))

/* Defensive check for states that correct generated code never produces. */
#define WRT_CHECK(cond, what) \
  do {                        \
    if (__builtin_expect(!(cond), 0)) wrt_fatal(what); \
  } while (0)

/* Print "wasmc: internal error: <what>" and abort(). */
WRT_HIDDEN _Noreturn void wrt_fatal(const char *what);

/* Claim the end of the process (wrt_exit.c): returns to the first caller
 * of all threads (and again to that thread); any other caller blocks until
 * the process is gone.  Call before anything that ends the process (the
 * trap report, exit, _exit).  Async-signal-safe. */
WRT_HIDDEN void wrt_exit_claim(void);

/* ---- traps (wrt_trap.c) ------------------------------------------------ */

/* One wasmc_try() (or internal) catch point, linked innermost first. */
typedef struct wrt_catch_frame {
  sigjmp_buf env;
  struct wrt_catch_frame *prev;
  wasmc_trap_info info;
} wrt_catch_frame;

/*
 * Raise trap `code`: hand it to the innermost catch frame of this thread
 * (siglongjmp) or print the report and _exit(WASMC_TRAP_EXIT_STATUS).
 * `from_signal` selects async-signal-safe reporting (no stdio).
 */
WRT_HIDDEN _Noreturn void wrt_trap_raise(uint32_t code, const char *func_name,
                                         uint32_t func_index, bool from_signal);
/* Raise `code` naming the wasm function that contains code address `pc`. */
WRT_HIDDEN _Noreturn void wrt_trap_at_pc(uint32_t code, uintptr_t pc);
/* Name the wasm function calling the current runtime function (use in
 * wasmc_rt_* entry points; must be a macro so the address is the caller's). */
#define WRT_TRAP_HERE(code) \
  wrt_trap_at_pc((code), (uintptr_t)__builtin_return_address(0) - 1)

/* True when some catch frame is active on this thread. */
WRT_HIDDEN bool wrt_thread_has_catch_frame(void);
/* Address of the innermost catch frame (it lives in wasmc_try()'s stack
 * frame, so every frame of the call it runs is below it), or 0. */
WRT_HIDDEN uintptr_t wrt_catch_frame_address(void);

/* ---- exceptions (wrt_exn.c, wrt_unwind.c) ------------------------------ */

/* LEB128 (DWARF 7.6), unsigned or sign-extended; advances *p. */
WRT_HIDDEN uintptr_t wrt_read_leb(const uint8_t **p, bool is_signed);
/* One DW_EH_PE_* encoded pointer (absolute, pc-relative, indirect); *ok =
 * false for an encoding it does not read. */
WRT_HIDDEN uintptr_t wrt_read_encoded(const uint8_t **p, uint8_t enc, bool *ok);
/* The landing pad (code address) of the call site containing code address
 * `ip` in the LSDA at `lsda` of the function starting at `func_start`, or 0. */
WRT_HIDDEN uintptr_t wrt_landing_pad(const uint8_t *lsda, uintptr_t func_start, uintptr_t ip);

enum { WRT_UNWIND_UNCAUGHT = 1, WRT_UNWIND_GIVE_UP = 2 };
/* Throw `exn` (a wasm exception of this thread) by the cached walk: jumps to
 * the landing pad of the first frame whose call site has one and never
 * returns then.  Returns WRT_UNWIND_UNCAUGHT when the walk reached the end
 * of the stack or a frame older than stack address `limit`
 * (0: none; the innermost wasmc_try()), first; WRT_UNWIND_GIVE_UP, having
 * changed nothing, at a frame it does not model (the caller then throws
 * through libgcc). */
WRT_HIDDEN int wrt_unwind_raise(wasmc_exception *exn, uintptr_t limit);

/* ---- per-thread state and stacks (wrt_thread.c) ------------------------ */

/* Make sure this thread has an alternate signal stack.  Returns 0 or errno. */
WRT_HIDDEN int wrt_thread_ensure_altstack(void);
/* Is `addr` in the guard region below the current thread's wasm stack, and
 * is the thread running wasm (a wasm-stack thread or inside wasmc_try)? */
WRT_HIDDEN bool wrt_thread_is_stack_guard_fault(uintptr_t addr);

/* Start a detached native thread for wasm code (wasi-threads): its own
 * stack of `stack_bytes` (0: the default) with a WRT_STACK_GUARD guard, its
 * stack limit and alternate signal stack, running fn(arg).  Returns 0 or an
 * errno (EINVAL: bad size, EAGAIN: no more threads). */
WRT_HIDDEN int wrt_thread_start_detached(void (*fn)(void *arg), void *arg, uint64_t stack_bytes);

/* ---- signal handlers (wrt_signal.c) ------------------------------------ */

WRT_HIDDEN int wrt_signals_install(void);

/* ---- registries read by the signal handler (wrt_registry.c) ------------ */

/* Record/forget a linear memory reservation [base, base + bytes).
 * Returns 0, or ENOSPC when the registry is full. */
WRT_HIDDEN int wrt_memory_registry_add(uintptr_t base, uint64_t bytes);
WRT_HIDDEN void wrt_memory_registry_remove(uintptr_t base);
/* Async-signal-safe: is `addr` inside a registered reservation? */
WRT_HIDDEN bool wrt_memory_registry_contains(uintptr_t addr);

/* Record the defined functions' code addresses of `module` (idempotent per
 * module descriptor; modules are static data and never unregistered).
 * Returns 0 or ENOMEM. */
WRT_HIDDEN int wrt_func_registry_add_module(const wasmc_module *module);
/* Async-signal-safe: function containing code address `pc`; false if
 * unknown.  Stores its name and function index through out_name, out_index. */
WRT_HIDDEN bool wrt_func_registry_lookup(uintptr_t pc, const char **out_name,
                                         uint32_t *out_index);
/* Async-signal-safe: the defined function whose code starts exactly at
 * `start` (a host address, e.g. an unwind table's function start); false if
 * none.  Stores its name, index and module code offset (bytes, 0: unknown). */
WRT_HIDDEN bool wrt_func_registry_find_start(uintptr_t start, const char **out_name, uint32_t *out_index,
                                             uint32_t *out_code_offset);

/* Async-signal-safe: the module byte offset of the body of function `index`
 * of the module whose function starts at `start` (0: unknown); false if
 * there is none. */
WRT_HIDDEN bool wrt_func_registry_body_offset(uintptr_t start, uint32_t index, uint32_t *out_code_offset);

/* ---- backtraces (wrt_backtrace.c) --------------------------------------- */

/* Record this thread's wasm frames, innermost first, by walking the unwind
 * tables from the caller, for trap `code` in function `func_name` (called
 * when a trap is raised, before any longjmp; also from the signal handler,
 * through the signal frame).  Replaces the thread's previous record.  Never
 * allocates. */
WRT_HIDDEN void wrt_backtrace_capture(uint32_t code, const char *func_name);
/* Append the lines of this thread's recorded backtrace ("wasm backtrace
 * (innermost first):" and one line per frame, each ending in '\n') to
 * buf[*len..cap), if it was recorded for trap `code` in `func_name`
 * (the same pointer) and has wasm frames.  Async-signal-safe; truncates. */
WRT_HIDDEN void wrt_backtrace_format(uint32_t code, const char *func_name, char *buf, size_t *len, size_t cap);

/* ---- source lines of code addresses (wrt_lines.c) ------------------------ */

typedef struct wrt_line_info {
  const char *dir, *name; /* into the mapping wrt_lines_lookup returns; NULL: unknown */
  uint32_t line, column;  /* 0: unknown */
} wrt_line_info;

/* The source line of each of the n (<= 32) code addresses pc[] (host
 * addresses inside the instruction of interest), from the executable's
 * .debug_line (DWARF 2-4 units only).  Returns a mapping of the executable
 * that out[] points into (release it with wrt_lines_release(map,
 * *out_map_len)), or NULL with out[] zeroed.  Async-signal-safe (system
 * calls only), allocates nothing. */
WRT_HIDDEN void *wrt_lines_lookup(const uintptr_t *pc, uint32_t n, wrt_line_info *out, size_t *out_map_len);
WRT_HIDDEN void wrt_lines_release(void *map, size_t len);

/* ---- memories and tables (wrt_memory.c, wrt_table.c) ------------------- */

/* Runtime-private wrappers: the ABI structs cannot tell "no maximum" from
 * the largest maximum, which import matching (spec 4.5.2) must. */
#define WRT_MEMORY_MAGIC 0x776d656du /* "wmem" */
#define WRT_TABLE_MAGIC 0x77746162u  /* "wtab" */

typedef struct wrt_memory {
  wasmc_memory pub;      /* first: a wasmc_memory * is a wrt_memory * */
  uint32_t magic;
  uint32_t has_max;
  uint64_t cap_pages;    /* --max-memory in whole pages (wrt_limits at creation) */
  uint32_t is64;         /* index type i64 (memory64 proposal; import matching) */
  uint32_t shared;       /* 1: a shared memory (threads proposal) */
} wrt_memory;

typedef struct wrt_table {
  wasmc_table pub;       /* first: a wasmc_table * is a wrt_table * */
  uint32_t magic;
  uint32_t has_max;
  uint32_t capacity;     /* allocated elements of pub.elems */
  uint32_t cap;          /* --max-table-elements (wrt_limits at creation) */
} wrt_table;

/* The caps of wasmc_set_limits() (wrt_memory.c), read when memories and
 * tables are created; only their growth slow paths check them. */
WRT_HIDDEN extern wasmc_limits wrt_limits;
/* wrt_limits.max_memory in whole pages; UINT64_MAX for no cap. */
WRT_HIDDEN uint64_t wrt_limit_memory_pages(void);

/* --fuel / --timeout (wrt_interrupt.c): attach gives a new instance its
 * fuel and lists it for the timer (interrupted at once if the time is
 * already up); detach unlists it.  The interrupt message with the limit
 * ("interrupt (time limit of 10s exceeded)"), or NULL without a timeout. */
WRT_HIDDEN void wrt_limits_attach(wasmc_instance *inst);
WRT_HIDDEN void wrt_limits_detach(wasmc_instance *inst);
WRT_HIDDEN const char *wrt_interrupt_message(void);
/* For the timer (wrt_timer.c): the limit's text for the trap message
 * ("10s"), and its expiry: every live instance interrupted, and the loop
 * checks' flag wasmc_rt_interrupt_pending set. */
WRT_HIDDEN void wrt_interrupt_set_duration(const char *duration);
WRT_HIDDEN void wrt_interrupt_expire(void);

/* wasmc_memory_create() with the index type: `is64` nonzero makes a 64-bit
 * memory (memory64 proposal: max_pages up to WASMC_MAX_PAGES64, same
 * reservation and run-time limit as a 32-bit one). */
WRT_HIDDEN wasmc_memory *wrt_memory_create(uint64_t min_pages, uint64_t max_pages, int has_max, int is64);
/* memory.grow by a 64-bit delta: old size in pages, or UINT64_MAX. */
WRT_HIDDEN uint64_t wrt_memory_grow64(wasmc_memory *mem, uint64_t delta_pages);

/* The wrapper of a runtime-created object, or NULL if `m` is foreign. */
WRT_HIDDEN wrt_memory *wrt_memory_of(wasmc_memory *m);
WRT_HIDDEN wrt_table *wrt_table_of(wasmc_table *t);

/* ---- instances (wrt_instance.c) --------------------------------------- */

/* Runtime-private per-instance state (inst->rt). */
typedef struct wrt_instance_state {
  wasmc_funcref *own_funcs;     /* [n_funcs] descriptors created by this instance */
  wrt_memory **own_memories;    /* [n_memories - n_imported_memories] */
  wrt_table **own_tables;       /* [n_tables - n_imported_tables] */
  wasmc_tag *own_tags;          /* [n_tags - n_imported_tags]: defined tags' identities */
  uint8_t *data_dropped;        /* [n_data] 1 after data.drop */
  uint8_t *elem_dropped;        /* [n_elems] 1 after elem.drop */
  void ***elem_values;          /* [n_elems] evaluated references of live segments */
  struct wrt_instance_state *next_kept; /* list of trapped instances kept alive */
  wasmc_instance *inst;
} wrt_instance_state;

static inline wrt_instance_state *wrt_state(const wasmc_instance *inst) {
  return (wrt_instance_state *)inst->rt;
}

/* Bounds-checked accessors for index immediates (never guest data, but a
 * wrong descriptor must not turn into a wild pointer). */
static inline wasmc_memory *wrt_memory_at(const wasmc_instance *inst, uint32_t idx) {
  WRT_CHECK(idx < inst->module->n_memories, "memory index out of range");
  return inst->memories[idx];
}
static inline wasmc_table *wrt_table_at(const wasmc_instance *inst, uint32_t idx) {
  WRT_CHECK(idx < inst->module->n_tables, "table index out of range");
  return inst->tables[idx];
}

/* Apply a table.init / memory.init of an active segment during
 * instantiation (traps ELEM_OOB / DATA_OOB). */
WRT_HIDDEN void wrt_table_init_active(wasmc_instance *inst, uint32_t seg, uint64_t offset);
WRT_HIDDEN void wrt_memory_init_active(wasmc_instance *inst, uint32_t seg, uint64_t offset);

/* ---- constant expressions (wrt_constexpr.c) ---------------------------- */

/* A constant expression's value: an i32/f32 in the low 4 bytes of lo (zero
 * above), an i64/f64 in lo, a v128 in lo (bytes 0-7) and hi (bytes 8-15),
 * a reference as a host pointer in lo (NULL for ref.null). */
typedef struct wrt_const_value {
  uint64_t lo, hi;
} wrt_const_value;
_Static_assert(sizeof(wrt_const_value) == 16, "wrt_const_value: the 16 bytes of a v128, no padding");
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "global cells are copied as little-endian bytes");

/* Bytes of a global cell's value of `type` (enum wasmc_valtype); on the
 * little-endian targets a cell and a wrt_const_value agree on those first
 * bytes, so a memcpy of this many moves a value between them. */
static inline size_t wrt_valtype_bytes(uint32_t type) {
  return type == WASMC_I32 || type == WASMC_F32 ? 4 : type == WASMC_V128 ? 16 : 8;
}

/* True when the `len` bytes at `code` begin with a well-formed constant
 * expression of module m (spec 3.3.10, extended constant expressions) that
 * leaves one value of `type` (enum wasmc_valtype), with every function and
 * global index in range and every operand of the right type.  *next (if not
 * NULL) is set past its `end`, or to code + len when it has none. */
WRT_HIDDEN bool wrt_const_check(const wasmc_module *m, uint32_t type, const uint8_t *code, size_t len,
                                const uint8_t **next);
/* Evaluate an expression that wrt_const_check() accepted, in instance inst
 * (global.get reads inst->globals[], ref.func gives inst->funcs[]); *next
 * as in wrt_const_check().  Aborts (wrt_fatal) if it is malformed after all. */
WRT_HIDDEN void wrt_const_eval(const wasmc_instance *inst, uint32_t type, const uint8_t *code, size_t len,
                               const uint8_t **next, wrt_const_value *out);

#if defined(__x86_64__)
/* wrt_memcpy.c: memmove and memset with SSE2 and `rep movsb`/`rep stosb`,
 * the musl runtime's memcpy, memmove and memset.  Contracts as the C
 * standard's memmove and memset (the ranges may overlap); return dst. */
WRT_HIDDEN void *wrt_memmove_sse2(void *dst, const void *src, size_t n);
WRT_HIDDEN void *wrt_memset_sse2(void *dst, int c, size_t n);
#endif

#endif /* WRT_INTERNAL_H */
