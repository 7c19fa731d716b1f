/*
 * debuginfo.c — -g: the module's DWARF line table (dwarf_line.c) as LLVM
 * debug metadata of the generated code, so that the executable's own DWARF
 * maps native code to the guest's source lines (gdb `break prog.c:12`, `bt`
 * with file:line, perf annotate).
 *
 * Per partition module: one DICompileUnit (file "wasm", producer "wasmc":
 * nothing that depends on the input's path, for byte-identical output); per
 * defined function a DISubprogram named after the wasm function, without the
 * symbol's `wasm_` prefix, and without a DW_AT_linkage_name: gdb names a C
 * unit's function by its linkage name when it has one, so `wasm_level3` would
 * be what `bt` prints and `break level3` would not be found.  The ELF symbol
 * stays `wasm_level3` (perf, nm); gdb ties the two by address.  A function
 * without a name is the subprogram `wasm_f<i>`, its symbol.  The
 * subprogram is in the file and at the line of the row in effect at its
 * body's start.  While a body is lowered,
 * each instruction gets the location of the row in effect at its offset; a
 * row in another file than the function's (an inlined header function) is
 * scoped in a DILexicalBlockFile of that file.  Rows carry lines and columns
 * only: scopes, inlined frames and variables of the guest are not translated.
 */
#include <stdlib.h>
#include <string.h>

#include <llvm-c/DebugInfo.h>

#include "unsupported.h"
#include "wcc.h"

/* The DIFile of module file `i` (cached per partition module). */
static LLVMMetadataRef di_file(wcc_ctx *c, uint32_t i) {
  if (i >= c->lines->n_files) return c->di_unit_file;
  if (!c->di_files[i]) {
    const char *path = c->lines->files[i];
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    size_t dir_len = slash ? (size_t)(slash - path) : 0;
    c->di_files[i] = LLVMDIBuilderCreateFile(c->dib, name, strlen(name), path, dir_len);
  }
  return c->di_files[i];
}

/* The first row with a line in [lo, hi), or NULL.  A wasm function's rows
 * start at its first instruction, after the body's locals: the row in effect
 * at the body's start is usually none, and without this the subprogram and
 * the prologue would be at line 0, where gdb's `break FUNCTION` stays on the
 * first instruction without a line. */
static const wcc_line_row *first_row(const wcc_lines *L, uint32_t lo, uint32_t hi) {
  size_t a = 0, b = L->n_rows; /* first row with addr >= lo */
  while (a < b) {
    size_t mid = a + (b - a) / 2;
    if (L->rows[mid].addr < lo)
      a = mid + 1;
    else
      b = mid;
  }
  for (; a < L->n_rows && L->rows[a].addr < hi; a++) {
    const wcc_line_row *r = &L->rows[a];
    if (!r->end && r->line && r->file != UINT32_MAX) return r;
  }
  return NULL;
}

bool wcc_di_begin(wcc_ctx *c, const wcc_lines *lines) {
  if (!lines || !lines->n_rows) return true;
  c->lines = lines;
  c->di_files = calloc((size_t)lines->n_files + 1, sizeof *c->di_files);
  c->di_scopes = calloc((size_t)lines->n_files + 1, sizeof *c->di_scopes);
  if (!c->di_files || !c->di_scopes) {
    wcc_error(c->diag, "out of memory");
    return false;
  }
  LLVMSetIsNewDbgInfoFormat(c->llmod, 1); /* variables are declared with debug records */
  c->dib = LLVMCreateDIBuilder(c->llmod);
  c->di_unit_file = LLVMDIBuilderCreateFile(c->dib, "wasm", 4, "", 0);
  c->di_cu = LLVMDIBuilderCreateCompileUnit(c->dib, LLVMDWARFSourceLanguageC11, c->di_unit_file, "wasmc", 5,
                                            c->opts->opt_level > 0, "", 0, 0, "", 0, LLVMDWARFEmissionFull, 0, 0, 0, "",
                                            0, "", 0);
  LLVMValueRef v3 = LLVMConstInt(c->t_i32, 3, 0), v4 = LLVMConstInt(c->t_i32, 4, 0);
  LLVMAddModuleFlag(c->llmod, LLVMModuleFlagBehaviorWarning, "Debug Info Version", 18, LLVMValueAsMetadata(v3));
  LLVMAddModuleFlag(c->llmod, LLVMModuleFlagBehaviorWarning, "Dwarf Version", 13, LLVMValueAsMetadata(v4));
  return true;
}

void wcc_di_function(wcc_ctx *c, uint32_t index) {
  if (!c->dib) return;
  const wcc_module *m = c->m;
  LLVMValueRef fn = c->fn[index];
  uint32_t start = (uint32_t)(m->funcs[index].body_offset - m->code_payload);
  const wcc_line_row *r = wcc_lines_find(c->lines, start);
  if (!r || !r->line || r->addr < start) r = first_row(c->lines, start, start + (uint32_t)m->funcs[index].body_len);
  uint32_t file = r ? r->file : UINT32_MAX, line = r ? r->line : 0;
  LLVMMetadataRef f = di_file(c, file);
  char nbuf[32];
  const char *name = wcc_func_name(m, index, nbuf, sizeof nbuf);
  size_t name_len = strlen(name);
  if (name == nbuf) name = LLVMGetValueName2(fn, &name_len); /* no name: "wasm_f<i>", not "$<i>" */
  LLVMMetadataRef ty = LLVMDIBuilderCreateSubroutineType(c->dib, f, NULL, 0, LLVMDIFlagZero);
  bool local = LLVMGetLinkage(fn) == LLVMInternalLinkage;
  c->di_sp = LLVMDIBuilderCreateFunction(c->dib, f, name, name_len, "", 0, f, line, ty, local, true, line,
                                         LLVMDIFlagZero, c->opts->opt_level > 0);
  LLVMSetSubprogram(fn, c->di_sp);
  c->di_sp_file = file;
  memset(c->di_scopes, 0, ((size_t)c->lines->n_files + 1) * sizeof *c->di_scopes);
  c->di_row = NULL;
  /* the wasm prologue (the shadow-stack frame, parameters stored to it)
   * ends at the row the producer marked prologue_end: code before it is at
   * line 0, so that LLVM marks the first instruction after it as the end of
   * the prologue, where gdb's `break FUNCTION` stops and the parameters
   * have their values.  Without such a row, the prologue (locals, stack
   * check) is at the function's first line. */
  c->di_prologue_end = 0;
  const wcc_line_row *pe = r;
  for (; pe && pe < c->lines->rows + c->lines->n_rows && pe->addr < start + m->funcs[index].body_len; pe++)
    if (pe->prologue_end && !pe->end) {
      c->di_prologue_end = pe->addr;
      break;
    }
  LLVMSetCurrentDebugLocation2(c->b, LLVMDIBuilderCreateDebugLocation(c->llctx, c->di_prologue_end ? 0 : line,
                                                                      r && !c->di_prologue_end ? r->column : 0,
                                                                      c->di_sp, NULL));
}

void wcc_di_at(wcc_ctx *c, const uint8_t *op) {
  if (!c->dib || !c->di_sp) return;
  const wcc_module *m = c->m;
  uint32_t addr = (uint32_t)((size_t)(op - m->bytes) - m->code_payload);
  if (addr < c->di_prologue_end) return; /* the wasm prologue: line 0 (wcc_di_function) */
  const wcc_line_row *r = wcc_lines_find(c->lines, addr);
  if (!r || r == c->di_row || !r->line) return;
  c->di_row = r;
  LLVMMetadataRef scope = wcc_di_scope_at(c, r->addr);
  if (r->file != c->di_sp_file && r->file < c->lines->n_files) {
    if (!c->di_scopes[r->file])
      c->di_scopes[r->file] = LLVMDIBuilderCreateLexicalBlockFile(c->dib, c->di_sp, di_file(c, r->file), 0);
    scope = c->di_scopes[r->file];
  }
  LLVMSetCurrentDebugLocation2(c->b, LLVMDIBuilderCreateDebugLocation(c->llctx, r->line, r->column, scope, NULL));
}

void wcc_di_function_end(wcc_ctx *c) {
  if (!c->dib) return;
  LLVMSetCurrentDebugLocation2(c->b, NULL);
  c->di_sp = NULL;
  c->n_di_blocks = 0;
  c->di_fb_slot = NULL;
}

void wcc_di_finish(wcc_ctx *c) {
  if (c->dib) LLVMDIBuilderFinalize(c->dib);
}

void wcc_di_dispose(wcc_ctx *c) {
  if (c->dib) LLVMDisposeDIBuilder(c->dib);
  free(c->di_files);
  free(c->di_scopes);
  free(c->di_types);
  free(c->di_blocks);
  c->di_types = NULL;
  c->di_blocks = NULL;
  c->dib = NULL;
  c->di_files = c->di_scopes = NULL;
}
