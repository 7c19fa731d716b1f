/*
 * callsites.c — the call-site table of backtraces (docs/debugging.md
 * "Backtraces"): where each wasm call returns to, in native code, and which
 * wasm instruction it is.
 *
 * LLVM's C API gives no instruction addresses, so the table is written by the
 * assembler: after every wasm call (call, call_indirect) an inline asm that
 * emits no instruction, only a label at that point and one wasmc_callsite
 * (wasmc_abi.h) in the section WASMC_CALLSITES_SECTION: the label,
 * PC-relative (no relocation at load), the index of the function whose body
 * holds the call and the call's offset from that body's start.
 *
 * The label is after the call and before anything the code does with its
 * result, so it is the return address or a few bytes past it (a result
 * moved to another register).  The entry names the function and an offset
 * inside its body, not a module offset: the entry is copied with the asm
 * when LLVM inlines or duplicates the call (local numeric labels may repeat),
 * and a partition's cached object must stay right when other functions move
 * in the module (the runtime adds the body's module offset, from the
 * descriptor's func_code_offsets).  The section is SHF_LINK_ORDER, linked to
 * the label's function section, so --gc-sections drops the entries of
 * functions it drops; the runtime reads it between __start_wasmc_callsites
 * and __stop_wasmc_callsites (runtime/src/wrt_backtrace.c).
 *
 * Written with -g only (without it, a frame shows its function's body
 * offset).  Cost: 12 bytes per call site in a read-only section; the asm is
 * `sideeffect` (LLVM keeps it where it is) but touches only memory the code
 * cannot see, so it orders no load or store of the program; a call it follows is no longer in tail
 * position, so LLVM does not turn that call into a jump (that frame would
 * be missing from the backtrace anyway).
 */
#include <stdio.h>
#include <string.h>

#include "lower.h"

void wcc_mark_call_site(wcc_fn *f, const uint8_t *op) {
  wcc_ctx *c = f->c;
  /* only with -g: the asm keeps calls out of tail position and from being
   * merged (Lua: +3.2 KB of code) and costs the assembler's parse of each
   * one (+13% compile time), a price for debugging, not for every build */
  if (!c->opts->debug_info) return;
  const wcc_func *fn = &c->m->funcs[f->index];
  uint32_t rel = (uint32_t)(op - (c->m->bytes + fn->body_offset));
  char text[320];
  /* ${:private}: the assembler-local label prefix (.L); ${:uid}: unique per asm as emitted */
  snprintf(text, sizeof text,
           "${:private}wasmc_cs${:uid}:\n"
           "\t.pushsection " WASMC_CALLSITES_SECTION ",\"ao\",%%progbits,${:private}wasmc_cs${:uid}\n"
           "\t.p2align 2\n"
           "\t.long ${:private}wasmc_cs${:uid} - .\n"
           "\t.long %u\n"
           "\t.long %u\n"
           "\t.popsection",
           f->index, rel);
  LLVMTypeRef ty = LLVMFunctionType(c->t_void, NULL, 0, 0);
  LLVMValueRef asm_fn = LLVMGetInlineAsm(ty, text, strlen(text), "", 0, 1, 0, LLVMInlineAsmDialectATT, 0);
  LLVMValueRef call = LLVMBuildCall2(c->b, ty, asm_fn, NULL, 0, "");
  /* memory(inaccessiblemem: readwrite) (MemoryEffects: ModRef, 3, at the
   * inaccessible-memory location, 1, two bits each): alias analysis knows
   * it touches no memory the code can see, and instruction selection still
   * counts it as writing memory (-O0's selector drops a call to an asm that
   * writes none as dead) */
  static const char *const attrs[] = {"nounwind", "memory"};
  static const uint64_t vals[] = {0, 3u << 2};
  for (int k = 0; k < 2; k++) {
    unsigned kind = LLVMGetEnumAttributeKindForName(attrs[k], strlen(attrs[k]));
    LLVMAddCallSiteAttribute(call, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(c->llctx, kind, vals[k]));
  }
}
