/*
 * wcc.h — internals of the wasmc compiler (never installed, never seen by the
 * runtime).  The compiler reads a WebAssembly binary (spec chapter 5), validates
 * it (chapter 3) and lowers it to LLVM IR in one pass per function.
 */
#ifndef WCC_H
#define WCC_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <llvm-c/Core.h>
#include <llvm-c/DebugInfo.h>
#include <xxhash.h>
#include <llvm-c/Error.h>
#include <llvm-c/TargetMachine.h>

#include "wasmc_abi.h"

#define WCC_HIDDEN __attribute__((visibility("hidden")))

/* ---- diagnostics: one per compilation, first error wins ---------------- */
typedef struct wcc_diag {
  bool failed;
  char message[1024];
} wcc_diag;

WCC_HIDDEN void wcc_error(wcc_diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- value types (binary encodings, spec 5.3.1) ------------------------- */
enum {
  WCC_I32 = 0x7f,
  WCC_I64 = 0x7e,
  WCC_F32 = 0x7d,
  WCC_F64 = 0x7c,
  WCC_V128 = 0x7b,
  WCC_FUNCREF = 0x70,
  WCC_EXTERNREF = 0x6f,
  WCC_UNKNOWN = 0, /* bottom type of the validator's polymorphic stack */
};

typedef struct wcc_functype {
  uint32_t n_params, n_results;
  uint8_t *params;   /* valtype bytes */
  uint8_t *results;
  char *sig;         /* canonical signature "ii:i" */
  uint64_t type_id;  /* XXH64(sig) */
} wcc_functype;

typedef struct wcc_limits {
  uint64_t min, max;
  bool has_max;
  bool shared;       /* memories: `shared` (threads proposal) */
} wcc_limits;

typedef struct wcc_import {
  char *module, *name;
  uint8_t kind;     /* enum wasmc_extern_kind */
  uint32_t index;   /* index in the kind's space */
} wcc_import;

typedef struct wcc_global {
  uint8_t type;
  bool is_mutable;
  bool imported;
  const uint8_t *init; /* const expr bytes (defined globals) */
  size_t init_len;
} wcc_global;

typedef struct wcc_table {
  uint8_t elem_type;
  wcc_limits limits;
  bool imported;
} wcc_table;

typedef struct wcc_memory {
  wcc_limits limits;    /* in pages */
  bool imported;
  bool is64;            /* memory64 proposal: i64 addresses (index type i64) */
} wcc_memory;

typedef struct wcc_func {
  uint32_t type_index;
  bool imported;
  const uint8_t *body;  /* code entry (locals + expr), defined functions */
  size_t body_len;
  size_t body_offset;   /* offset of the body in the module, for diagnostics */
  char *name;           /* from the name section, or NULL */
  const uint8_t *dwarf_unit, *dwarf_die; /* its DW_TAG_subprogram and that DIE's unit in .debug_info, or NULL */
  bool referenced;      /* appears in ref.func / elem / export: C(ref) per spec */
  bool tail_calls;      /* defined, and its body has return_call(_indirect) (or could not be
                           scanned): compiled as a tail-call entry (scan_tail.c) */
} wcc_func;

typedef struct wcc_export {
  char *name;
  uint32_t name_len;    /* names may contain NUL bytes */
  uint8_t kind;
  uint32_t index;
} wcc_export;

typedef struct wcc_elem {
  uint8_t mode;        /* enum wasmc_segment_mode */
  uint32_t table;
  uint8_t elem_type;
  const uint8_t *offset; size_t offset_len;
  uint32_t count;
  /* Either func indices (when every entry is a plain func index) or exprs. */
  uint32_t *func_indices;    /* [count] or NULL */
  const uint8_t **exprs;     /* [count] const expr starts, or NULL */
  size_t *expr_lens;
} wcc_elem;

typedef struct wcc_data {
  uint8_t mode;
  uint32_t memory;
  const uint8_t *offset; size_t offset_len;
  const uint8_t *bytes;
  uint32_t size;
} wcc_data;

/* The DWARF custom sections of a module (pointers into its bytes; NULL, 0: absent). */
typedef struct wcc_dwarf {
  const uint8_t *info, *abbrev, *str, *str_offsets, *addr, *line, *line_str;
  size_t info_len, abbrev_len, str_len, str_offsets_len, addr_len, line_len, line_str_len;
} wcc_dwarf;

/* Features the reader accepts (the rest is rejected, naming the feature). */
typedef struct wcc_features {
  bool extended_const;
  bool multi_memory;   /* several memories, memory indices in memargs and bulk ops (default on) */
  bool memory64;       /* i64 memories (default on; --disable-memory64 for the core spec's rules) */
} wcc_features;

/* A decoded and module-level-validated WebAssembly module. */
typedef struct wcc_module {
  const uint8_t *bytes; size_t size;
  uint32_t n_types; wcc_functype *types;
  uint32_t n_imports; wcc_import *imports;
  uint32_t n_funcs, n_imported_funcs; wcc_func *funcs;
  uint32_t n_tables, n_imported_tables; wcc_table *tables;
  uint32_t n_memories, n_imported_memories; wcc_memory *memories;
  uint32_t n_globals, n_imported_globals; wcc_global *globals;
  uint32_t n_tags, n_imported_tags; uint32_t *tag_types; /* type index of each tag */
  uint32_t n_exports; wcc_export *exports;
  int64_t start;       /* -1: none */
  uint32_t n_elems; wcc_elem *elems;
  uint32_t n_data; wcc_data *data;
  bool has_data_count; uint32_t data_count;
  /* the code section, header included: bytes [start, end) of `bytes` (0, 0: none) */
  size_t code_section_start, code_section_end;
  size_t code_payload;  /* offset of the code section's contents (wasm DWARF addresses count from it) */
  wcc_dwarf dwarf;
  wcc_features features;  /* what the reader accepted (lowering reads memargs by it) */
} wcc_module;

/* Read + validate the module structure (sections, types, imports, exports,
 * const exprs, segments).  Function bodies are validated while lowering.
 * `bytes` must outlive the module.  Returns NULL and fills `diag` on error. */
WCC_HIDDEN wcc_module *wcc_module_read(const uint8_t *bytes, size_t size,
                                       const wcc_features *features, wcc_diag *diag);
WCC_HIDDEN void wcc_module_destroy(wcc_module *m);
/* Set funcs[i].tail_calls of every defined function of `m` whose body
 * contains return_call or return_call_indirect (tail-call proposal), or
 * that the scan cannot decode (scan_tail.c; over-approximates, never
 * misses).  Called by wcc_module_read. */
WCC_HIDDEN void wcc_scan_tail_calls(wcc_module *m);


/* compiler/dwarf.c: name every defined function of `m` that has no name yet
 * after the DW_TAG_subprogram whose DW_AT_low_pc is its body's offset
 * (`code_payload_offset`: module offset, in bytes, of the code section's
 * contents, which wasm DWARF addresses count from).  Prefers
 * DW_AT_linkage_name, follows abstract origins within a unit.  Names are
 * malloc'ed into m->funcs[i].name.  Malformed DWARF names fewer functions,
 * never fails. */
WCC_HIDDEN void wcc_dwarf_names(wcc_module *m, const wcc_dwarf *d, size_t code_payload_offset);
/* The DW_AT_stmt_list (a .debug_line offset) and DW_AT_comp_dir of every
 * compile unit that has both: their count, the array in *out (malloc'ed,
 * the caller frees it; strings point into the module). */
typedef struct wcc_comp_dir {
  uint64_t stmt_list;
  const char *dir;
} wcc_comp_dir;
WCC_HIDDEN size_t wcc_dwarf_comp_dirs(const wcc_dwarf *d, wcc_comp_dir **out);

/* compiler/debuginfo.c (-g): the module's line table as LLVM debug
 * metadata.  wcc_di_begin: a compile unit for this partition's module
 * (nothing when `lines` is NULL or empty; false on OOM, with the error in
 * c->diag); wcc_di_function: a subprogram for function `index`, before its
 * body is lowered; wcc_di_at: the location of the instruction at `op` (a
 * pointer into the module's bytes) for what the builder emits next;
 * wcc_di_function_end: after the body; wcc_di_finish: before the pass
 * pipeline; wcc_di_dispose: in every case, with the context. */
struct wcc_ctx;
struct wcc_lines;
WCC_HIDDEN bool wcc_di_begin(struct wcc_ctx *c, const struct wcc_lines *lines);
WCC_HIDDEN void wcc_di_function(struct wcc_ctx *c, uint32_t index);
WCC_HIDDEN void wcc_di_at(struct wcc_ctx *c, const uint8_t *op);
WCC_HIDDEN void wcc_di_function_end(struct wcc_ctx *c);
/* compiler/debuginfo_vars.c (-g): the lexical blocks, parameters and
 * variables of function `index`'s DWARF subprogram, after its locals'
 * allocas (locals[0..n_locals)) and its memory base (mem_base, NULL without
 * a memory) are built, with the builder at the end of the entry block (no
 * terminator yet): the declarations (and the frame-base slot) go there, and
 * attach to the next instruction built.  Nothing without -g,
 * DWARF or a subprogram for the function.  wcc_di_local_set: after a
 * local.set/tee of local `i` to `v` (keeps the frame-base slot current);
 * wcc_di_scope_at: the innermost scope (lexical block, else the subprogram)
 * at code-section offset `addr`. */
WCC_HIDDEN void wcc_di_vars(struct wcc_ctx *c, uint32_t index, LLVMValueRef *locals, uint32_t n_locals,
                            LLVMValueRef mem_base);
WCC_HIDDEN void wcc_di_local_set(struct wcc_ctx *c, uint32_t i, LLVMValueRef v);
WCC_HIDDEN LLVMMetadataRef wcc_di_scope_at(const struct wcc_ctx *c, uint32_t addr);
WCC_HIDDEN void wcc_di_finish(struct wcc_ctx *c);
WCC_HIDDEN void wcc_di_dispose(struct wcc_ctx *c);

/* A row of a module's DWARF line table (compiler/dwarf_line.c). */
typedef struct wcc_line_row {
  uint32_t addr;     /* code-section-relative byte offset (wasm DWARF address) */
  uint32_t file;     /* index in wcc_lines.files; UINT32_MAX: unknown */
  uint32_t line;     /* 1-based; 0: no line */
  uint16_t column;   /* 1-based; 0: none */
  bool end;          /* end of a sequence: addr is one past its last byte */
  uint32_t seq, ord; /* sequence number and position in the walk */
  bool prologue_end; /* DW_LNS_set_prologue_end: the function's own code starts here */
} wcc_line_row;

typedef struct wcc_lines {
  wcc_line_row *rows; /* sorted by addr */
  size_t n_rows;
  char **files;       /* "dir/name" as the producer wrote it */
  uint32_t n_files;
} wcc_lines;

/* The line table of `m`'s .debug_line (all units), or NULL when it has none
 * or memory runs out.  Owned by the caller: wcc_lines_destroy(). */
WCC_HIDDEN wcc_lines *wcc_dwarf_lines_create(const wcc_module *m);
/* The row in effect at code-section-relative offset `addr`, or NULL. */
WCC_HIDDEN const wcc_line_row *wcc_lines_find(const wcc_lines *L, uint32_t addr);
WCC_HIDDEN void wcc_lines_destroy(wcc_lines *L);

/* LEB128 reader over a byte range (spec 5.2.2); all readers bounds-check. */
typedef struct wcc_reader {
  const uint8_t *p, *end, *start;
  wcc_diag *diag;
} wcc_reader;

WCC_HIDDEN bool wcc_read_u8(wcc_reader *r, uint8_t *out);
WCC_HIDDEN bool wcc_read_u32(wcc_reader *r, uint32_t *out);
WCC_HIDDEN bool wcc_read_u64(wcc_reader *r, uint64_t *out);
WCC_HIDDEN bool wcc_read_s32(wcc_reader *r, int32_t *out);
WCC_HIDDEN bool wcc_read_s33(wcc_reader *r, int64_t *out);
WCC_HIDDEN bool wcc_read_s64(wcc_reader *r, int64_t *out);
WCC_HIDDEN bool wcc_read_bytes(wcc_reader *r, size_t n, const uint8_t **out);

WCC_HIDDEN const char *wcc_valtype_name(uint8_t t);
WCC_HIDDEN bool wcc_is_valtype(uint8_t t);
WCC_HIDDEN char wcc_valtype_sig_char(uint8_t t);

/* ---- compile options ---------------------------------------------------- */
enum wcc_emit { WCC_EMIT_EXE, WCC_EMIT_OBJ, WCC_EMIT_LLVM_IR };

typedef struct wcc_options {
  const char *input;
  const char *output;
  int opt_level;                 /* 0..3 */
  enum wcc_emit emit;
  const char *target;            /* triple name as given, e.g. x86_64-linux-gnu */
  const char *cpu;               /* NULL: target baseline */
  const char *module_symbol;     /* descriptor symbol; default wasmc_main_module */
  bool allow_unknown_imports;    /* imports other than WASI go through the instance */
  uint32_t n_dirs; wasmc_dir_grant *dirs;
  uint32_t n_env; const char **env;
  uint32_t n_entry_args; const char **entry_args; /* --entrypoint (argv's start) */
  uint32_t n_cmd_args; const char **cmd_args;     /* --cmd (default arguments) */
  bool inherit_env;
  uint64_t stack_size;
  uint64_t max_memory;           /* --max-memory: bytes per memory (WASMC_NO_LIMIT: none) */
  uint64_t max_table_elements;   /* --max-table-elements (WASMC_NO_LIMIT: none) */
  uint64_t timeout_ns;           /* --timeout: nanoseconds (WASMC_NO_LIMIT: none) */
  uint64_t fuel;                 /* --fuel: wasm instructions (WASMC_NO_LIMIT: none) */
  uint32_t checks;               /* WASMC_CHECK_*: --interruptible, implied by --timeout/--fuel */
  uint32_t n_sockets; wasmc_socket_grant *sockets; /* --tcp-listen */
  const char *rt_lib;            /* path of libwasmc_rt.a */
  bool verbose;
  bool strip;                    /* -s/--strip: no symbol table, no debug information (link only) */
  bool debug_info;               /* -g: keep the runtime's debug information (link only) */
  bool strict_loads;             /* keep every load even if its value is unused */
  bool canonical_nans;           /* NaN results of float ops are the canonical NaN (nan_canon.c) */
  bool explicit_bounds;          /* check every access against the memory size */
  bool no_multi_memory;          /* --disable-multi-memory: reject a second memory */
  bool no_memory64;              /* --disable-memory64: reject i64 memories */
  enum wcc_memory_base { WCC_BASE_DEFAULT, WCC_BASE_REGISTER, WCC_BASE_SEGMENT, WCC_BASE_AUTO } memory_base; /* --memory-base */
  uint64_t partition_bytes;      /* --partition-size: function-body bytes per partition (0: default) */
  uint64_t big_function_limit;   /* --big-function-limit: phi operands above which a function gets
                                    -O1's function passes (budget.c; 0: never; UINT64_MAX: default) */
  bool quiet;                    /* -q: no progress line on a terminal */
  bool time_report;              /* --time-report: phases' time and peak memory on stderr */
  bool no_cache;                 /* --no-cache: neither read nor write the compile cache */
  const char *cache_dir;         /* --cache-dir (NULL: $XDG_CACHE_HOME/wasmc or ~/.cache/wasmc) */
  uint64_t cache_bytes;          /* --cache-size: cap in bytes (0: default, 4 GiB) */
  uint32_t jobs;                 /* -jN: threads of every phase (default: the CPUs this process may use) */
  uint64_t box_image_size;       /* bytes of the built box image (0: none) */
  const char *box_asm;           /* assembly file embedding it, linked in */
} wcc_options;

/* ---- lowering context --------------------------------------------------- */
typedef struct wcc_ctx {
  const wcc_options *opts;
  wcc_module *m;
  wcc_diag *diag;
  /* partition.c: this context lowers partition `part` of `n_parts` (1: the
   * whole module, whose functions are internal; more: every defined
   * function is a hidden external symbol of some partition's object) */
  uint32_t part, n_parts;
  /* --time-report: this thread's CPU seconds in the pass pipeline and in
   * code generation (wcc_codegen) */
  double t_optimise, t_codegen;
  uint32_t n_big;               /* functions optimised on a budget (budget.c) */
  LLVMContextRef llctx;
  LLVMModuleRef llmod;
  LLVMBuilderRef b;
  /* common types */
  LLVMTypeRef t_i1, t_i8, t_i32, t_i64, t_f32, t_f64, t_ptr, t_void;
  /* per function index: LLVM function (defined or bound host function) */
  LLVMValueRef *fn;
  LLVMTypeRef *fn_type;         /* per type index: LLVM function type */
  /* tail calls (scan_tail.c, emit_tail.c): a defined function with
   * funcs[i].tail_calls is c->fn[i], in the tailcc calling convention, of
   * type tail_type[its type]; fn_entry[i] is its C-convention wrapper (the
   * descriptor's `func`).  NULL for every other function. */
  LLVMValueRef *fn_entry;
  LLVMTypeRef *tail_type;       /* per type index: type of a tail-call entry (wasmc_abi.h) */
  bool *fn_is_host;             /* import bound directly to a runtime symbol */
  bool *fn_not_libc;            /* checked once: not a recognised wasi-libc function */
  bool *fn_body_read;           /* its body was read to lower another function (libc
                                   recognition): part of the cache key (partition.c) */
  bool *fn_len_read;            /* its body's length decided something while lowering
                                   another function (inlining copies, libc recognition):
                                   part of the partition's cache manifest (partition.c) */
  LLVMValueRef *fn_mem_base;    /* per function index: the base its memory accesses use (its
                                   mem0.base load, or seg_base with Segue; NULL: no memory) */
  /* emit_simd.c's answers for the compile-time x86 CPU, asked once:
   * 0 not yet known, 1 no, 2 yes */
  uint8_t cpu_ssse3, cpu_sse41;
  /* Segue: memory 0 is addressed through the gs segment (x86-64
   * executables; WASMC_MODULE_MEMORY0_GS); seg_base is the base of every
   * such access (NULL: register base).  While the module is optimised it is
   * an external `[0 x i8]` global in addrspace(256), so that LLVM's alias
   * analysis, SCEV and the SLP vectoriser see all of memory 0 as one object
   * at constant or variable offsets; after the pipeline it is replaced by
   * `ptr addrspace(256) null`, i.e. %gs:offset (codegen.c) */
  LLVMValueRef seg_base;
#define WCC_SEGUE_BASE_NAME "wasmc.memory0.gs"
/* --memory-base=auto: functions of at least this many IR instructions after
 * the optimisation pipeline address memory 0 through gs, smaller ones
 * through a base register (codegen.c segue_rewrite_big) */
#define WCC_SEGUE_MIN_INSTRUCTIONS 3500
  /* runtime entry points */
  LLVMValueRef rt_trap; LLVMTypeRef rt_trap_ty;
  unsigned md_invariant, md_tbaa;
  LLVMValueRef md_empty;          /* !{} (the operand of !invariant.load) */
  LLVMValueRef tbaa_mem, tbaa_inst, tbaa_global, tbaa_memsize;
  /* -g (debuginfo.c): NULL dib when off or the module has no line table */
  const struct wcc_lines *lines;
  LLVMDIBuilderRef dib;
  LLVMMetadataRef di_cu, di_unit_file, di_sp; /* di_sp: the function being lowered */
  LLVMMetadataRef *di_files, *di_scopes;      /* per file of `lines`: DIFile; lexical block file in di_sp */
  uint32_t di_sp_file;
  uint32_t di_prologue_end;                   /* code offset of the function's prologue_end row (0: none) */
  const struct wcc_line_row *di_row;          /* the row of the current location */
  /* -g variables (debuginfo_vars.c): DIE -> DIType cache (open addressing);
   * the lexical blocks of the function being lowered (code-section offsets
   * [lo, hi), pre-order); its frame-base local and the slot holding
   * memory base + that local (NULL: none) */
  struct wcc_di_type *di_types;
  size_t n_di_types, di_types_cap;
  struct wcc_di_block { uint32_t lo, hi; LLVMMetadataRef scope; } *di_blocks;
  uint32_t n_di_blocks, di_blocks_cap;
  uint32_t di_fb_local;
  LLVMValueRef di_fb_slot, di_mem_base;
} wcc_ctx;
typedef struct wcc_di_block wcc_di_block;

/* LLVM type of a wasm value type. */
WCC_HIDDEN LLVMTypeRef wcc_llvm_type(wcc_ctx *c, uint8_t valtype);
/* LLVM type of a function type: ret f(ptr instance, params...). */
WCC_HIDDEN LLVMTypeRef wcc_llvm_functype(wcc_ctx *c, const wcc_functype *ft);
/* LLVM's tailcc calling convention (llvm::CallingConv::Tail; the C API's
 * LLVMCallConv has no name for it): a musttail call between functions of
 * different signatures is guaranteed to reuse the caller's frame. */
#define WCC_TAILCC 18u
/* LLVM type of a tail-call entry of type ft (wasmc_abi.h "Tail-call
 * entries"): the function type, or with more than
 * WASMC_TAIL_ENTRY_MAX_DIRECT_RESULTS results void f(ptr instance,
 * params..., ptr results). */
WCC_HIDDEN LLVMTypeRef wcc_tail_functype(wcc_ctx *c, const wcc_functype *ft);
/* Whether a tail-call entry of type ft returns its results through a pointer. */
static inline bool wcc_tail_results_indirect(const wcc_functype *ft) {
  return ft->n_results > WASMC_TAIL_ENTRY_MAX_DIRECT_RESULTS;
}
/* Declare (or get) a runtime function of the ABI header. */
WCC_HIDDEN LLVMValueRef wcc_rt_func(wcc_ctx *c, const char *name, LLVMTypeRef ret,
                                    LLVMTypeRef *params, unsigned n, LLVMTypeRef *out_ty);
WCC_HIDDEN LLVMValueRef wcc_intrinsic(wcc_ctx *c, const char *name, LLVMTypeRef *tys,
                                      unsigned n, LLVMTypeRef *out_ty);

/* Segue: at the builder's position, this function's own base for
 * gs-relative accesses, `llvm.ptrmask(c->seg_base, INT64_MAX)` (codegen.c
 * segue_base_to_null explains why a copy and why this one). */
WCC_HIDDEN LLVMValueRef wcc_segue_base(wcc_ctx *c);

/* Lower and validate the body of defined function `index`. */
WCC_HIDDEN bool wcc_lower_function(wcc_ctx *c, uint32_t index);
/* Mark i32 adds that cannot wrap, from the memory accesses dominating them
 * (nowrap.c; run after mem2reg, before the optimisation pipeline). */
WCC_HIDDEN void wcc_infer_nowrap(wcc_ctx *c);
/* --canonical-nans: make every NaN result of a float operation the positive
 * canonical NaN (spec 4.3.3 leaves its bits open); runs on the lowered module
 * before the pass pipeline (nan_canon.c). */
WCC_HIDDEN void wcc_canonicalize_nans(wcc_ctx *c);
/* --canonical-nans for a float result (scalar or vector) the pass above
 * cannot see: a constant the IR builder folded, or an expansion into bit
 * operations and selects.  Returns r where r is not a NaN, else the
 * canonical NaN (a select built at the builder's position); r unchanged
 * without --canonical-nans. */
WCC_HIDDEN LLVMValueRef wcc_canon_nan(wcc_ctx *c, LLVMValueRef r);
/* Functions too wide for -O2 (budget.c): after mem2reg, make each defined
 * function with more than --big-function-limit phi operands `optnone` for
 * the -O2 pipeline; returns how many.  Then wcc_budget_optimise_big runs
 * -O1's function passes on those alone and restores every function's
 * attributes (NULL, or LLVM's error). */
#define WCC_BIG_FUNCTION_PHI_OPERANDS 15000u
WCC_HIDDEN uint32_t wcc_budget_mark(wcc_ctx *c);
WCC_HIDDEN LLVMErrorRef wcc_budget_optimise_big(wcc_ctx *c, LLVMTargetMachineRef tm);
/* Emit the module descriptor (constant expressions as data, evaluated by
 * the runtime) and config. */
WCC_HIDDEN bool wcc_emit_module_data(wcc_ctx *c);

/* ---- targets ------------------------------------------------------------ */
typedef struct wcc_target {
  const char *name;         /* accepted --target spelling */
  const char *llvm_triple;
  const char *default_cpu;
  const char *default_features;
  const char *linker_driver;    /* driver used to link the static executable */
  const char *const *link_args; /* extra driver args (NULL terminated) */
  const char *const *start_files; /* objects linked first, instead of the driver's start files and
                                     libraries (-nostdlib; NULL terminated), or NULL; in these and
                                     libs, a leading "%/" stands for the directory of the runtime
                                     library (files installed beside it: aarch64-linux-musl) */
  const char *const *libs;        /* libraries after the runtime library (NULL terminated) */
  const char *rt_lib_env;       /* environment variable naming this target's libwasmc_rt.a */
  const char *rt_lib_default;   /* libwasmc_rt.a built for this target (CMake), or NULL */
  bool segment_base;            /* linear memory can be addressed through a segment register
                                   (x86-64 gs: Segue, --memory-base=segment) */
  const char *const *llvm_options; /* LLVM command-line options (cl::opt spellings) set once per
                                      process before code generation, NULL terminated; or NULL */
} wcc_target;

WCC_HIDDEN const wcc_target *wcc_target_find(const char *name);
WCC_HIDDEN const wcc_target *wcc_target_host(void);
/* Target t with C library libc ("glibc" or "musl", --libc): x86_64-linux-gnu
 * and x86_64-linux-musl are the same machine with either, as are
 * aarch64-linux-gnu and aarch64-linux-musl; NULL if libc is neither. */
WCC_HIDDEN const wcc_target *wcc_target_with_libc(const wcc_target *t, const char *libc);
/* The target of a compilation whose command line names no C library (no
 * --libc, and no --target or one naming the architecture only): musl's
 * variant of t when its runtime library is found, else t (glibc). */
WCC_HIDDEN const wcc_target *wcc_target_default_libc(const wcc_target *t);
/* Whether a --target name names its C library (ARCH-linux-gnu, -musl, and
 * the long forms), rather than the architecture only (x86_64, aarch64). */
WCC_HIDDEN bool wcc_target_names_libc(const char *name);

/* Compile module `m` (read and validated structure; function bodies are
 * validated here) for target `t` into `out_path`: the object of an
 * executable (other partitions' objects are registered with
 * wcc_codegen_add_object and linked after it by wcc_link), an object file
 * (--emit=obj; partitions joined by wcc_link_relocatable) or LLVM IR text.
 * `segue`: memory 0 is addressed through gs (wcc_ctx.seg_base).  Runs up to
 * o->jobs threads (partition.c).  false: one message in diag. */
WCC_HIDDEN bool wcc_compile(const wcc_options *o, wcc_module *m, const wcc_target *t, bool segue,
                            const char *out_path, wcc_diag *diag);

/* Register LLVM's targets and set the target's LLVM options, once per
 * process (call before starting threads). */
/* --timeout/--interruptible executables, after the optimisation pipeline:
 * a volatile check of the runtime's wasmc_rt_interrupt_pending at the end of
 * every loop latch of each function lowering marked "wasmc-func", every
 * 64th iteration only in short innermost loops (emit_limits.c).  false: out
 * of memory. */
WCC_HIDDEN bool wcc_place_loop_interrupts(wcc_ctx *c);
WCC_HIDDEN void wcc_llvm_init(const wcc_target *t);
/* Optimise + emit the object (or IR) of one lowered context. */
WCC_HIDDEN bool wcc_codegen(wcc_ctx *c, const wcc_target *t, const char *obj_path);
/* A temporary object file, removed at exit; `link`: wcc_link links it after
 * the first object (in the order of the calls).  Main thread only. */
WCC_HIDDEN void wcc_codegen_add_object(const char *path, bool link);
/* The objects registered so far (k < wcc_codegen_n_objects()): the path of
 * object k if it is to be linked, else NULL. */
WCC_HIDDEN uint32_t wcc_codegen_n_objects(void);
WCC_HIDDEN const char *wcc_codegen_object(uint32_t k);
/* Link the static executable out_path from obj_path, the registered
 * objects, the runtime library and the target's C library (link.c: through
 * the driver, or ld.lld directly with a link plan from the compile cache).
 * false: one message in diag. */
WCC_HIDDEN bool wcc_link(const wcc_options *o, const wcc_target *t, const char *obj_path,
                         const char *out_path, wcc_diag *diag);
/* --no-cache executables (no link plan to read): ask the driver for its
 * ld.lld command now, on a thread of its own, so that the question
 * overlaps compilation; wcc_link then runs that command.  obj_path is the
 * executable's first object; the registered objects must be known (they
 * are created empty here if missing, for the driver's existence checks).
 * Does nothing for other outputs, --box, or a second call; a probe that
 * fails only means wcc_link runs the driver. */
WCC_HIDDEN void wcc_link_probe_start(const wcc_options *o, const wcc_target *t, const char *obj_path);
/* `ld.lld -r` through the target's driver (or its link plan): objs[0..n_objs) into one relocatable object out_path. */
WCC_HIDDEN bool wcc_link_relocatable(const wcc_options *o, const wcc_target *t, const char *const *objs,
                                     uint32_t n_objs, const char *out_path, wcc_diag *diag);

/* Parallel code generation of one optimised module (parallel.c): how many
 * parts to emit `mod` in (1: do not split; from its size only), and
 * emitting them on up to n_threads threads: object `obj_paths[k]` for part
 * k.  Makes internal symbols hidden externals. */
WCC_HIDDEN uint32_t wcc_parallel_partitions(LLVMModuleRef mod);
WCC_HIDDEN bool wcc_emit_parallel(LLVMModuleRef mod, uint32_t n_parts, uint32_t n_threads, const char *triple,
                                  const char *cpu, const char *features, LLVMCodeGenOptLevel level, char **obj_paths,
                                  wcc_diag *diag);
/* Call fn(ctx, k) for k in [0, n) on up to n_threads threads (this one
 * among them; 64 MiB stacks), each k once, and wait for all. */
WCC_HIDDEN void wcc_parallel_for(uint32_t n, uint32_t n_threads, void (*fn)(void *ctx, uint32_t k), void *ctx);
/* Remove the temporary objects (safe from a signal handler path). */
WCC_HIDDEN void wcc_codegen_cleanup(void);

/* Seconds of CLOCK_THREAD_CPUTIME_ID (wcc_thread_cpu) and of
 * CLOCK_MONOTONIC (wcc_wall), for --time-report. */
WCC_HIDDEN double wcc_thread_cpu(void);
WCC_HIDDEN double wcc_wall(void);

/* ---- compile cache (cache.c) --------------------------------------------- */
typedef struct wcc_cache {
  bool enabled;
  bool verbose;
  uint64_t stored_bytes;  /* bytes this compile stored (trim counts them towards its next scan) */
  char *dir;              /* .../objects (owned) */
  uint64_t max_bytes;
} wcc_cache;

/* Open the cache the options name (creating its directory); false (and
 * cache->enabled false) when disabled or unusable.  Main thread. */
WCC_HIDDEN bool wcc_cache_open(const wcc_options *o, wcc_cache *cache);
WCC_HIDDEN void wcc_cache_close(wcc_cache *cache);
/* Copy the object of `key` (XXH3-128, canonical big-endian bytes) to `dest`;
 * false: not cached (or unreadable).  Thread-safe. */
WCC_HIDDEN bool wcc_cache_get(const wcc_cache *cache, const uint8_t key[16], const char *dest);
/* Store a copy of object file `src` as `key` (atomic rename).  Thread-safe. */
WCC_HIDDEN void wcc_cache_put(wcc_cache *cache, const uint8_t key[16], const char *src);
/* A partition's manifest (partition.c), stored under `key` next to the
 * objects: get returns a malloc'd copy of its bytes (*len set; the caller
 * frees it) or NULL when there is none; put stores `len` bytes (atomic
 * rename).  Thread-safe. */
WCC_HIDDEN uint8_t *wcc_cache_get_manifest(const wcc_cache *cache, const uint8_t key[16], size_t *len);
WCC_HIDDEN void wcc_cache_put_manifest(wcc_cache *cache, const uint8_t key[16], const void *data, size_t len);
/* Once the compiles since the last scan have stored an eighth of the cap
 * (a counter file, DIR/objects/stored-bytes, under flock): scan the cache,
 * evict the least recently used entries if it exceeds its cap, and remove
 * temporaries ("*.tmp-PID-N") older than an hour, which a killed compile
 * left.  Main thread. */
WCC_HIDDEN void wcc_cache_trim(wcc_cache *cache);
/* Remove the temporaries this process is writing into the cache (SIGINT,
 * SIGTERM: async-signal-safe; an interrupted writer's rename then fails). */
WCC_HIDDEN void wcc_cache_cleanup(void);
/* Feed the contents of file `path` to `st`; false if it cannot be read. */
WCC_HIDDEN bool wcc_file_hash(const char *path, XXH3_state_t *st);

/* ---- compile cache keys and manifests (cache_key.c) ---------------------- */
typedef struct wcc_keys {
  const wcc_options *o;
  const wcc_module *m;
  wcc_cache *cache;       /* where manifests are kept (not owned) */
  XXH3_state_t *base;     /* the part every key shares (owned) */
} wcc_keys;

/* The part of every partition's key that does not depend on the partition:
 * this wasmc, LLVM, the runtime library, the code-changing options, the
 * target/CPU/features as code generation resolves them, the memory base,
 * the partition count and the module outside its code section.  false: out
 * of memory or a file that cannot be read (the cache is then not used).
 * wcc_keys_fini frees it (also after a failed init). */
WCC_HIDDEN bool wcc_keys_init(wcc_keys *ks, const wcc_options *o, const wcc_module *m, wcc_cache *cache,
                              const wcc_target *t, bool segue, uint32_t n_parts, const char *cpu,
                              const char *features);
WCC_HIDDEN void wcc_keys_fini(wcc_keys *ks);
/* The key (XXH3-128, 16 bytes into out) of the object of partition k, which
 * owns the defined functions [first, end) and was lowered in c (which other
 * bodies it copied or read).  false: out of memory. */
WCC_HIDDEN bool wcc_key_object(const wcc_keys *ks, uint32_t k, uint32_t first, uint32_t end, const wcc_ctx *c,
                               uint8_t out[16]);
/* The key of partition k's manifest: what is known before lowering (the
 * bodies it owns; partition 0's configuration). */
WCC_HIDDEN bool wcc_key_owner(const wcc_keys *ks, uint32_t k, uint32_t first, uint32_t end, uint8_t out[16]);
/* Store the manifest of the partition owning [first, end), just lowered in
 * c, whose object key is `key`. */
WCC_HIDDEN void wcc_manifest_put(const wcc_keys *ks, uint32_t first, uint32_t end, const wcc_ctx *c,
                                 const uint8_t owner[16], const uint8_t key[16]);
/* The object key the manifest under `owner` records (into key), if there is
 * one and every fact in it holds for this module. */
WCC_HIDDEN bool wcc_manifest_check(const wcc_keys *ks, uint32_t first, uint32_t end, const uint8_t owner[16],
                                   uint8_t key[16]);

/* canonical function-type id (shared with the runtime: XXH64 of the sig, seed 0) */
WCC_HIDDEN uint64_t wcc_type_id(const char *sig);

/* Boxes and OCI images are the image side's job: image/image.h. */

#endif
