/*
 * wasmc_runtime.h — embedding API of the wasmc runtime.
 *
 * Code compiled by wasmc only knows wasmc_abi.h.  This header is for the host
 * side: the executable entry point (runtime/src/wrt_main.c), the spec-test
 * harness, and anyone embedding compiled modules in a C program.  It lets a
 * host instantiate module descriptors (spec 4.5.4), link instances to each
 * other and to host objects (spec 4.5.2 "import matching"), look up exports,
 * and call generated code while catching traps.
 *
 * Units: "pages" are 64 KiB WebAssembly pages, table sizes are in elements,
 * stack sizes are in bytes.  All functions are thread-safe unless stated
 * otherwise; an instance itself must only be used by one thread at a time.
 * See docs/runtime.md for the architecture.
 */
#ifndef WASMC_RUNTIME_H
#define WASMC_RUNTIME_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "wasmc_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Process setup                                                              */
/* ------------------------------------------------------------------------ */

/*
 * Install the runtime's SIGSEGV/SIGBUS handlers (chaining to whatever handler
 * was installed before) and an alternate signal stack for the calling thread.
 * Idempotent and thread-safe; wasmc_instance_create() calls it too.  Install
 * your own SIGSEGV handlers BEFORE this call if you want them to see faults
 * that are not the runtime's.  Returns 0 or an errno value.
 */
int wasmc_runtime_init(void);

/* Default native stack size (bytes) of wasmc_run_on_wasm_stack(). */
#define WASMC_DEFAULT_STACK_SIZE ((uint64_t)64 << 20)
/* Smallest and largest accepted stack sizes (bytes). */
#define WASMC_MIN_STACK_SIZE ((uint64_t)1 << 20)
#define WASMC_MAX_STACK_SIZE ((uint64_t)16 << 30)
/* Bytes of stack kept free below inst->stack_limit for runtime and WASI code
 * and for reporting the trap itself. */
#define WASMC_STACK_SLACK ((uint64_t)256 << 10)

/*
 * Set the stack size used when wasmc_run_on_wasm_stack() is passed 0.
 * `bytes` == 0 restores WASMC_DEFAULT_STACK_SIZE.  Returns 0, or EINVAL if
 * bytes is outside [WASMC_MIN_STACK_SIZE, WASMC_MAX_STACK_SIZE].
 */
int wasmc_set_default_stack_size(uint64_t bytes);

/*
 * Resource limits (docs/sandbox.md "Limits"; an executable's --max-memory and
 * --max-table-elements) for every linear memory and table created after the
 * call, by wasmc_memory_create(), wasmc_table_create() or instantiation:
 *   max_memory           bytes per memory, rounded down to whole pages;
 *   max_table_elements   elements per table;
 * each WASMC_NO_LIMIT (the default) for no cap beyond the module's own maximum
 * and the runtime's limits.  memory.grow / table.grow beyond a cap return -1
 * (spec 4.4.7.9 and 4.4.6 allow growth to fail); a memory or table whose
 * initial size is above its cap is not created (instantiation fails with
 * WASMC_ERR_RESOURCE and a message naming the cap).  Objects that exist keep
 * the caps they were created with.  NULL restores the default.  Not
 * thread-safe: call it before creating instances.
 */
typedef struct wasmc_limits {
  uint64_t max_memory;
  uint64_t max_table_elements;
} wasmc_limits;
void wasmc_set_limits(const wasmc_limits *limits);

/*
 * Time and instruction limits (docs/sandbox.md "Limits"; wasmc_abi.h
 * "ABI v12").  They act only on code compiled with the matching checks
 * (wasmc --interruptible, --timeout, --fuel; WASMC_CHECK_*); on other code
 * they do nothing, so an executable's main() refuses them (px_init).
 *
 * wasmc_set_fuel: the budget, in wasm instructions, that every instance
 * created afterwards starts with (inst->fuel); WASMC_NO_LIMIT (the default)
 * or anything above INT64_MAX means none.  Not thread-safe: call it before
 * creating instances.
 *
 * wasmc_instance_interrupt: ask `inst` to stop: its next check (function
 * entry or loop header) traps with WASMC_TRAP_INTERRUPT.  Thread- and
 * async-signal-safe (one atomic add); it does not wake a blocked host call.
 *
 * wasmc_timeout_start: a wall-clock limit of `ns` nanoseconds (> 0) from now
 * for the calling thread, which must be the one that runs wasm code.  A
 * timer thread sleeps until then, then interrupts every instance alive or
 * created later (wasmc_instance_interrupt), calls `on_expiry` (may be NULL;
 * an executable's main() passes px_interrupt, which stops the file and
 * socket layers from retrying interrupted system calls), and sends
 * WASMC_INTERRUPT_SIGNAL to the calling thread every 10 ms so that a
 * blocking system call (poll, read of a pipe or socket, sleep) returns
 * EINTR and the WASI layer traps.  The trap message names the limit:
 * "interrupt (time limit of 10s exceeded)".  Once per process; returns 0 or
 * an errno value (EBUSY: already started).
 *
 * wasmc_timeout_stop: the calling thread is done with wasm code: the timer
 * neither interrupts nor signals anything after this returns (it cannot be
 * re-armed).  Call it before the thread given to wasmc_timeout_start ends.
 */
#define WASMC_INTERRUPT_SIGNAL SIGALRM
void wasmc_set_fuel(uint64_t fuel);
void wasmc_instance_interrupt(wasmc_instance *inst);
int wasmc_timeout_start(uint64_t ns, void (*on_expiry)(void));
void wasmc_timeout_stop(void);

/*
 * Run fn(arg) on a new thread whose stack is `stack_bytes` bytes (0: the
 * default) with a guard region below it, and wait for it to finish.  Code on
 * that thread gets a stack limit of (lowest stack address + WASMC_STACK_SLACK)
 * and stack overflows into the guard region become the "call stack exhausted"
 * trap.  Instances should be created on the thread that runs them (see
 * wasmc_instance_bind_thread()).  Returns 0, EINVAL for a bad size, or the
 * errno of the failing mmap/pthread call.
 */
int wasmc_run_on_wasm_stack(void (*fn)(void *arg), void *arg, uint64_t stack_bytes);

/*
 * Lowest native stack address that generated code may use on the calling
 * thread (already including WASMC_STACK_SLACK).  Instances created on a thread
 * get this value as inst->stack_limit.
 */
uintptr_t wasmc_thread_stack_limit(void);

/* ------------------------------------------------------------------------ */
/* Traps                                                                      */
/* ------------------------------------------------------------------------ */

typedef struct wasmc_trap_info {
  uint32_t code;          /* enum wasmc_trap; WASMC_TRAP_NONE if nothing trapped */
  uint32_t func_index;    /* index in the module's function space; UINT32_MAX if unknown */
  const char *message;    /* static text, e.g. "out of bounds memory access"; never NULL */
  const char *func_name;  /* wasm name of the trapping function, NULL if unknown;
                             points into the module descriptor (static storage) */
} wasmc_trap_info;

/* Static message of trap `code` (the spec testsuite's wording). */
const char *wasmc_trap_message(uint32_t code);

/*
 * Call fn(arg) and catch any trap raised on this thread while it runs (spec
 * 4.4.1: a trap aborts the current computation).  Returns 0 when fn returned
 * normally, else the trap code; `out` (may be NULL) receives the details.
 * After a trap, everything fn did before the trap stays visible (memory,
 * tables, globals) but fn's C frames are discarded with siglongjmp: fn must
 * not hold locks or own heap memory across calls into wasm code.  Calls nest:
 * the innermost wasmc_try() catches.  Without any wasmc_try() on the thread a
 * trap prints "wasm trap: <message>[ in function <name>]" on stderr and exits
 * the process with WASMC_TRAP_EXIT_STATUS.
 */
int wasmc_try(void (*fn)(void *arg), void *arg, wasmc_trap_info *out);

/*
 * Print the one-line trap report for `info` on stderr and _exit() with
 * WASMC_TRAP_EXIT_STATUS (what an uncaught trap does).
 */
_Noreturn void wasmc_trap_exit(const wasmc_trap_info *info);

/* ------------------------------------------------------------------------ */
/* External values (spec 4.2.11 "externval") and import resolution           */
/* ------------------------------------------------------------------------ */

/*
 * One external value.  Exactly the fields of `kind` are meaningful.  The
 * objects pointed to are NOT owned by this struct: they belong to the instance
 * that exports them or to the host that created them, and must outlive every
 * instance that imports them.
 */
typedef struct wasmc_extern {
  uint32_t kind;                 /* enum wasmc_extern_kind */
  /* WASMC_EXTERN_FUNC: either an existing descriptor (another instance's
   * function, or a host function with a fixed instance argument) ... */
  const wasmc_funcref *func;
  /* ... or, when func == NULL, host code bound to the IMPORTING instance:
   * the importer gets its own descriptor {host_code, importer, host_type_id}
   * so that the code receives the importer (and its memory) as first
   * argument.  This is how WASI functions are imported. */
  void *host_code;               /* ret f(wasmc_instance *importer, params...) */
  uint64_t host_type_id;         /* canonical type id of host_code */
  /* WASMC_EXTERN_TABLE: created by wasmc_table_create() or exported by an
   * instance (the runtime needs its private limits). */
  wasmc_table *table;
  /* WASMC_EXTERN_MEMORY: created by wasmc_memory_create() or exported. */
  wasmc_memory *memory;
  /* WASMC_EXTERN_GLOBAL: a 16-byte, 16-aligned cell (layout as in
   * wasmc_abi.h) with its value type and mutability (spec 2.3.6). */
  void *global;
  uint32_t global_type;          /* enum wasmc_valtype */
  uint32_t global_mutable;       /* 0 or 1 */
  /* WASMC_EXTERN_TAG: a tag exported by an instance (exception-handling
   * proposal); an import matches iff the function types are equal. */
  const wasmc_tag *tag;
} wasmc_extern;

/*
 * Import resolver: called once per import of the module being instantiated,
 * in import order.  `kind` is what the importing module expects (enum
 * wasmc_extern_kind).  Fill *out and return 0 if (module, name) is known —
 * with whatever kind it really has: the runtime checks kind and type and
 * reports "incompatible import type" — or return nonzero for "unknown import".
 */
typedef int (*wasmc_import_resolver)(void *ctx, const char *module, const char *name,
                                     uint32_t kind, wasmc_extern *out);

/*
 * Resolver for the module "wasi_snapshot_preview1" (the runtime's WASI host
 * functions, bound to the importing instance).  Every other module/name is
 * unknown.  `ctx` is unused.
 */
int wasmc_resolve_wasi(void *ctx, const char *module, const char *name, uint32_t kind,
                       wasmc_extern *out);

/*
 * wasi-threads (runtime/src/wrt_thread_spawn.c): set up the process for
 * `module`, whose spawned threads get native stacks of `stack_bytes` (0:
 * the default).  If the module imports "env" "memory" (as wasm32-wasi-threads
 * programs do), that memory is created here from the import's type (shared
 * or not).  One module per process; call it before instantiating.  Returns
 * 0, or ENOMEM / EINVAL.
 */
int wasmc_threads_init(const wasmc_module *module, uint64_t stack_bytes);
/*
 * End the process with exit(status) (WASI preview1 `proc_exit`, and main()
 * when _start returns), as the first of all threads to end it: when another
 * thread has already begun to end the process (this call, or an uncaught
 * trap, which ends it with WASMC_TRAP_EXIT_STATUS), this call blocks until
 * that one has ended every thread, so its status and output are the only
 * ones seen (runtime/src/wrt_exit.c; Wasmtime behaves the same).  Never
 * returns.
 */
_Noreturn void wasmc_exit(int status);
/* Resolver for an executable: "env" "memory" (the memory of
 * wasmc_threads_init), "wasi" "thread-spawn", then wasmc_resolve_wasi. */
int wasmc_resolve_wasi_threads(void *ctx, const char *module, const char *name, uint32_t kind,
                               wasmc_extern *out);

/* ------------------------------------------------------------------------ */
/* Instances                                                                  */
/* ------------------------------------------------------------------------ */

enum wasmc_status {
  WASMC_OK = 0,
  WASMC_ERR_UNKNOWN_IMPORT = 1,      /* message "unknown import" */
  WASMC_ERR_INCOMPATIBLE_IMPORT = 2, /* message "incompatible import type" */
  WASMC_ERR_RESOURCE = 3,            /* out of memory / address space / registry full */
  WASMC_ERR_MALFORMED = 4,           /* descriptor inconsistent or ABI version mismatch */
  WASMC_ERR_TRAP = 5,                /* a segment or the start function trapped */
};

typedef struct wasmc_error {
  int status;             /* enum wasmc_status */
  const char *message;    /* static text: "unknown import", "incompatible import
                             type", "out of memory", ..., or the trap message */
  char detail[256];       /* context, e.g. "wasi_snapshot_preview1.fd_write" */
  wasmc_trap_info trap;   /* when status == WASMC_ERR_TRAP */
} wasmc_error;

/*
 * Instantiate `module` (spec 4.5.4): resolve and check imports through
 * `resolve` (may be NULL when the module has no imports), allocate the
 * instance and its defined memories, tables, globals and function
 * descriptors, evaluate global initialisers, apply active element then data
 * segments in order (dropping them, and the declarative element segments),
 * then run the start function.  The instance's stack limit is the calling
 * thread's (wasmc_thread_stack_limit()).
 *
 * Returns WASMC_OK and stores the new instance (owned by the caller, release
 * with wasmc_instance_destroy()) in *out_inst, or an error status with
 * *out_inst = NULL and details in *out_err (may be NULL).
 *
 * Traps during instantiation are caught here (WASMC_ERR_TRAP).  As the spec
 * requires, the effects of segments applied before the trap stay visible —
 * including references to the new instance's functions written into imported
 * tables — so a trapped instance is NOT freed: the runtime keeps it alive
 * until process exit.
 */
int wasmc_instance_create(const wasmc_module *module, wasmc_import_resolver resolve,
                          void *resolve_ctx, wasmc_instance **out_inst, wasmc_error *out_err);

/*
 * Free an instance and the memories and tables it defined.  The caller
 * guarantees that no code of the instance is running and that no other live
 * instance imported its exports or holds references to its functions.
 * NULL is ignored.
 */
void wasmc_instance_destroy(wasmc_instance *inst);

/*
 * Look up export `name` (spec 4.5.3 "exports").  Returns 0 and fills *out
 * (any kind) or -1 if the instance has no export of that name.  The values
 * returned point into the instance and live as long as it.
 */
int wasmc_instance_export(const wasmc_instance *inst, const char *name, wasmc_extern *out);
/* The same for a name of `name_len` bytes, which may contain NUL bytes (wasm
 * names are any UTF-8 string, "\0" included). */
int wasmc_instance_export_n(const wasmc_instance *inst, const char *name, size_t name_len,
                            wasmc_extern *out);

/*
 * Convenience: the descriptor of exported function `name`, or NULL if there
 * is no such export or it is not a function.  Call it as
 *   ((ret (*)(wasmc_instance *, params...))ref->func)(ref->instance, args...)
 * inside wasmc_try() to catch its traps.
 */
const wasmc_funcref *wasmc_instance_export_func(const wasmc_instance *inst, const char *name);

/*
 * Generic calls (any signature, including multi-value results) through the
 * signature's invoke trampoline (wasmc_func_desc.invoke).  `vals` holds the
 * parameters in vals[0..n_params) and receives the results in
 * vals[0..n_results); it must have max(n_params, n_results) 8-byte slots.
 * A slot holds an i32/i64/f32/f64 bit pattern (little endian; i32/f32
 * results are zero-extended) or a reference as a host pointer (NULL: null).
 * A v128 takes two consecutive slots (low 8 bytes first) and counts twice
 * in the slot counts above (wasmc_invoke_fn in wasmc_abi.h).
 * `f` is a descriptor made by the runtime: an instance's function (from
 * wasmc_instance_export_func(), an export, or a funcref value), including
 * host code imported through wasmc_extern.host_code.
 */

/* Signature text of `f`, e.g. "iI:f" ('i' i32, 'I' i64, 'f' f32, 'F' f64,
 * 'V' v128, 'r' funcref, 'e' externref; params ':' results), or NULL when `f`
 * is NULL or not a runtime-made descriptor.  Static storage. */
const char *wasmc_func_signature(const wasmc_funcref *f);

/*
 * Call `f` with vals[] as above.  Returns 0, or -1 (nothing called) when `f`
 * is NULL or not a runtime-made descriptor.  A trap is NOT caught here: it
 * goes to the innermost wasmc_try() of the thread (or exits the process).
 */
int wasmc_invoke(const wasmc_funcref *f, uint64_t *vals);

/*
 * wasmc_invoke() inside wasmc_try(): returns 0 when `f` returned (results in
 * vals[]), the trap code (> 0, details in *out if out != NULL) when it
 * trapped, or -1 when `f` cannot be called.  After a trap the instances
 * involved stay usable; their state is what it was when the trap happened.
 */
int wasmc_call(const wasmc_funcref *f, uint64_t *vals, wasmc_trap_info *out);

/*
 * Set inst->stack_limit to the calling thread's limit.  Needed when an
 * instance created on one thread is run on another (e.g. created on the main
 * thread, run inside wasmc_run_on_wasm_stack()).
 */
void wasmc_instance_bind_thread(wasmc_instance *inst);

/* ------------------------------------------------------------------------ */
/* Host-created memories and tables (e.g. the spec testsuite's "spectest"    */
/* module).  Import them through wasmc_extern.                                */
/* ------------------------------------------------------------------------ */

/*
 * Create a linear memory of `min_pages` pages (zeroed) that may grow up to
 * `max_pages` when has_max is nonzero, and never past WASMC_MEMORY_LIMIT_PAGES
 * (wasmc_abi.h; 65535 pages, 4 GiB - 64 KiB).  It
 * reserves WASMC_MEMORY_RESERVATION bytes of address space and its base never
 * moves.  Returns NULL if min > max, min > WASMC_MEMORY_LIMIT_PAGES, min is
 * above the cap of wasmc_set_limits(), or on resource exhaustion.  Release with wasmc_memory_destroy().
 * The memory's index type is i32: it matches imports of 32-bit memories only
 * (a module's 64-bit memories, memory64, are created by instantiation).
 */
wasmc_memory *wasmc_memory_create(uint64_t min_pages, uint64_t max_pages, int has_max);
/* The same for a `shared` memory (threads proposal): it has a maximum
 * (max_pages), imports declared `shared` match only such memories, and
 * memory.atomic.wait works on it.  Growth is serialised and visible to every
 * thread (the base never moves; the size only grows). */
wasmc_memory *wasmc_shared_memory_create(uint64_t min_pages, uint64_t max_pages);
void wasmc_memory_destroy(wasmc_memory *mem);
/* memory.grow (spec 4.4.7) from the host: old size in pages, or UINT32_MAX. */
uint32_t wasmc_memory_grow(wasmc_memory *mem, uint32_t delta_pages);

/*
 * Create a table of `elem_type` (WASMC_FUNCREF or WASMC_EXTERNREF) with `min`
 * null elements that may grow up to `max` when has_max is nonzero.  Returns
 * NULL on bad arguments or when min exceeds the runtime's element limit
 * (WASMC_TABLE_ELEMS_LIMIT) or the cap of wasmc_set_limits(), or allocation
 * fails.  Release with
 * wasmc_table_destroy().
 */
#define WASMC_TABLE_ELEMS_LIMIT 10000000u
wasmc_table *wasmc_table_create(uint32_t elem_type, uint32_t min, uint32_t max, int has_max);
void wasmc_table_destroy(wasmc_table *table);

/* Canonical function-type id of a signature string such as "ii:i"
 * (XXH64 of the text, seed 0; see wasmc_abi.h). */
uint64_t wasmc_type_id(const char *sig);

#ifdef __cplusplus
}
#endif

#endif /* WASMC_RUNTIME_H */
