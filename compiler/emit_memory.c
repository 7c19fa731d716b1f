/*
 * emit_memory.c — loads and stores (spec 4.4.7 "Memory Instructions").
 *
 * Effective address = zext(i32 index) + u32 offset, computed in 64 bits so it
 * never wraps; the runtime reserves 8 GiB + 64 KiB of address space per
 * linear memory, so every such address is either inside the accessible part
 * or faults in the guard region, which the runtime turns into the
 * "out of bounds memory access" trap.  Accesses are emitted with align 1:
 * the wasm alignment hint is not a promise.  Memories other than 0
 * (multi-memory) get the same code off their own base and reservation;
 * 64-bit memories (memory64) an explicit check of every access
 * (wcc_effective_address).
 */
#include <stdio.h>
#include <string.h>

#include "lower.h"

typedef struct memop {
  uint8_t valtype;     /* type on the operand stack */
  uint8_t bytes;       /* access width */
  int8_t sign;         /* loads narrower than the value: 1 sext, 0 zext */
  const char *name;
} memop;

static const memop k_ops[] = {
    [0x28 - 0x28] = {WCC_I32, 4, 0, "i32.load"},
    [0x29 - 0x28] = {WCC_I64, 8, 0, "i64.load"},
    [0x2a - 0x28] = {WCC_F32, 4, 0, "f32.load"},
    [0x2b - 0x28] = {WCC_F64, 8, 0, "f64.load"},
    [0x2c - 0x28] = {WCC_I32, 1, 1, "i32.load8_s"},
    [0x2d - 0x28] = {WCC_I32, 1, 0, "i32.load8_u"},
    [0x2e - 0x28] = {WCC_I32, 2, 1, "i32.load16_s"},
    [0x2f - 0x28] = {WCC_I32, 2, 0, "i32.load16_u"},
    [0x30 - 0x28] = {WCC_I64, 1, 1, "i64.load8_s"},
    [0x31 - 0x28] = {WCC_I64, 1, 0, "i64.load8_u"},
    [0x32 - 0x28] = {WCC_I64, 2, 1, "i64.load16_s"},
    [0x33 - 0x28] = {WCC_I64, 2, 0, "i64.load16_u"},
    [0x34 - 0x28] = {WCC_I64, 4, 1, "i64.load32_s"},
    [0x35 - 0x28] = {WCC_I64, 4, 0, "i64.load32_u"},
    [0x36 - 0x28] = {WCC_I32, 4, 0, "i32.store"},
    [0x37 - 0x28] = {WCC_I64, 8, 0, "i64.store"},
    [0x38 - 0x28] = {WCC_F32, 4, 0, "f32.store"},
    [0x39 - 0x28] = {WCC_F64, 8, 0, "f64.store"},
    [0x3a - 0x28] = {WCC_I32, 1, 0, "i32.store8"},
    [0x3b - 0x28] = {WCC_I32, 2, 0, "i32.store16"},
    [0x3c - 0x28] = {WCC_I64, 1, 0, "i64.store8"},
    [0x3d - 0x28] = {WCC_I64, 2, 0, "i64.store16"},
    [0x3e - 0x28] = {WCC_I64, 4, 0, "i64.store32"},
};

/* Pointer to wasm address `index` + `offset` in memory 0, for an access of
 * `bytes` bytes: a host pointer, or with Segue (f->seg_base) a pointer in
 * addrspace(256), i.e. relative to the gs segment whose base the runtime set
 * to memory 0's base.  With --bounds-checks=explicit the access is checked
 * against the memory's current size (a load that LLVM can hoist out of loops
 * without calls: its TBAA type differs from linear memory's; for a shared
 * memory a monotonic atomic load that it cannot, since another thread may
 * grow the memory: wcc_mem0_size). */
static LLVMValueRef effective_address(wcc_fn *f, LLVMValueRef index, uint32_t offset, unsigned bytes) {
  wcc_ctx *c = f->c;
  LLVMValueRef ea = LLVMBuildZExt(c->b, index, c->t_i64, "");
  if (offset) {
    ea = LLVMBuildAdd(c->b, ea, LLVMConstInt(c->t_i64, offset, 0), "ea");
    LLVMSetNUW(ea, 1); /* cannot wrap: both operands < 2^32 */
  }
  if (c->opts->explicit_bounds) {
    LLVMValueRef end = LLVMBuildAdd(c->b, ea, LLVMConstInt(c->t_i64, bytes, 0), "end");
    LLVMSetNUW(end, 1);
    LLVMValueRef size = wcc_mem0_size(f);
    if (c->tbaa_memsize) LLVMSetMetadata(size, c->md_tbaa, c->tbaa_memsize);
    wcc_trap_if(f, LLVMBuildICmp(c->b, LLVMIntUGT, end, size, "oob"), WASMC_TRAP_MEMORY_OOB);
  }
  /* Segue: %gs:(ea); not inbounds, a null base in addrspace(256) is a
   * valid address there.  A constant address stays a constant expression
   * off the module's base (one per distinct address, available in every
   * block for GVN's load PRE); others go off the function's copy
   * (codegen.c wcc_segue_base) */
  if (f->seg_base) {
    LLVMValueRef base = LLVMIsConstant(ea) ? c->seg_base : f->seg_base;
    return LLVMBuildGEP2(c->b, c->t_i8, base, &ea, 1, "addr");
  }
  return LLVMBuildInBoundsGEP2(c->b, c->t_i8, f->mem_base, &ea, 1, "addr");
}

/* Host pointer to byte 0 of memory `mem` (never moves: invariant loads).
 * Memory 0's is f->mem_base; another's is loaded once per function, in the
 * entry block before the stack check (the loads cannot trap). */
LLVMValueRef wcc_mem_base_of(wcc_fn *f, uint32_t mem) {
  wcc_ctx *c = f->c;
  if (mem == 0 || !f->mem_bases) return f->mem_base;
  if (f->mem_bases[mem]) return f->mem_bases[mem];
  LLVMBuilderRef b = LLVMCreateBuilderInContext(c->llctx);
  LLVMPositionBuilderBefore(b, f->stack_check_br);
  LLVMValueRef off = LLVMConstInt(c->t_i64, WASMC_INSTANCE_MEMORIES_OFFSET, 0);
  LLVMValueRef mems = LLVMBuildLoad2(b, c->t_ptr, LLVMBuildGEP2(b, c->t_i8, f->inst, &off, 1, ""), "memories");
  LLVMSetMetadata(mems, c->md_invariant, c->md_empty);
  off = LLVMConstInt(c->t_i64, (uint64_t)mem * 8, 0);
  LLVMValueRef obj = LLVMBuildLoad2(b, c->t_ptr, LLVMBuildGEP2(b, c->t_i8, mems, &off, 1, ""), "memory");
  LLVMSetMetadata(obj, c->md_invariant, c->md_empty);
  char name[32];
  snprintf(name, sizeof name, "mem%u.base", mem);
  LLVMValueRef base = LLVMBuildLoad2(b, c->t_ptr, obj, name); /* WASMC_MEMORY_BASE_OFFSET == 0 */
  LLVMSetMetadata(base, c->md_invariant, c->md_empty);
  LLVMDisposeBuilder(b);
  return f->mem_bases[mem] = base;
}

/* The same for any memory (multi-memory, memory64): `ma` says which and
 * how wide its addresses are.  Memory 0 with i32 addresses is exactly the
 * code above (single-memory modules compile as before).  Another i32
 * memory: the same address arithmetic off its own base, in its own
 * reservation and guard region (no Segue; its own size in explicit mode).
 * An i64 memory: an explicit check (unless the address is provably below
 * 2^32, see `narrow`), index + offset + bytes <= size without wrapping (size < 2^32 at run time, WASMC_MEMORY_LIMIT_PAGES):
 * trap unless bytes + offset <= size and index <= size - (offset + bytes). */
LLVMValueRef wcc_effective_address(wcc_fn *f, const wcc_memarg *ma, LLVMValueRef index, unsigned bytes) {
  wcc_ctx *c = f->c;
  if (ma->mem == 0 && !ma->is64) return effective_address(f, index, (uint32_t)ma->offset, bytes);
  LLVMValueRef ea, size = NULL;
  /* An i64 address that is provably below 2^32 (a zero-extended i32, or a
   * constant) with an offset below 2^32 lands in the reservation like an
   * i32 one: the guard region traps it, no check needed. */
  bool narrow = ma->is64 && ma->offset <= UINT32_MAX &&
                ((LLVMIsAZExtInst(index) && LLVMGetIntTypeWidth(LLVMTypeOf(LLVMGetOperand(index, 0))) <= 32) ||
                 (LLVMIsAConstantInt(index) && LLVMConstIntGetZExtValue(index) <= UINT32_MAX));
  if (narrow && !c->opts->explicit_bounds) {
    ea = index;
    if (ma->offset) {
      ea = LLVMBuildAdd(c->b, ea, LLVMConstInt(c->t_i64, ma->offset, 0), "ea");
      LLVMSetNUW(ea, 1); /* both operands < 2^32 */
    }
  } else if (!ma->is64) {
    ea = LLVMBuildZExt(c->b, index, c->t_i64, "");
    if (ma->offset) {
      ea = LLVMBuildAdd(c->b, ea, LLVMConstInt(c->t_i64, ma->offset, 0), "ea");
      LLVMSetNUW(ea, 1);
    }
    if (c->opts->explicit_bounds) {
      LLVMValueRef end = LLVMBuildAdd(c->b, ea, LLVMConstInt(c->t_i64, bytes, 0), "end");
      LLVMSetNUW(end, 1);
      size = wcc_mem_size(f, ma->mem);
      wcc_trap_if(f, LLVMBuildICmp(c->b, LLVMIntUGT, end, size, "oob"), WASMC_TRAP_MEMORY_OOB);
    }
  } else {
    uint64_t k = ma->offset > UINT64_MAX - bytes ? UINT64_MAX : ma->offset + bytes; /* UINT64_MAX: always traps */
    LLVMValueRef kv = LLVMConstInt(c->t_i64, k, 0);
    size = wcc_mem_size(f, ma->mem);
    LLVMValueRef small = LLVMBuildICmp(c->b, LLVMIntULT, size, kv, "");
    LLVMValueRef past = LLVMBuildICmp(c->b, LLVMIntUGT, index, LLVMBuildSub(c->b, size, kv, ""), "");
    wcc_trap_if(f, LLVMBuildOr(c->b, small, past, "oob"), WASMC_TRAP_MEMORY_OOB);
    ea = index;
    if (ma->offset) {
      ea = LLVMBuildAdd(c->b, ea, LLVMConstInt(c->t_i64, ma->offset, 0), "ea");
      LLVMSetNUW(ea, 1); /* checked above */
    }
  }
  if (ma->mem == 0 && f->seg_base) {
    LLVMValueRef base = LLVMIsConstant(ea) ? c->seg_base : f->seg_base;
    return LLVMBuildGEP2(c->b, c->t_i8, base, &ea, 1, "addr");
  }
  return LLVMBuildInBoundsGEP2(c->b, c->t_i8, wcc_mem_base_of(f, ma->mem), &ea, 1, "addr");
}

/* memarg (spec 5.4.6): alignment exponent, then (multi-memory proposal,
 * when bit 6 of the alignment is set) a memory index, then the offset: a
 * u32, or a u64 for a 64-bit memory (memory64 proposal). */
bool wcc_read_memarg(wcc_fn *f, unsigned bytes, const char *name, wcc_memarg *out) {
  wcc_module *m = f->c->m;
  uint32_t align, mem = 0;
  if (!wcc_read_u32(&f->r, &align)) return false;
  if (m->features.multi_memory && (align & 0x40)) {
    if (!wcc_read_u32(&f->r, &mem)) return false;
    align &= ~0x40u;
  }
  bool is64 = mem < m->n_memories && m->memories[mem].is64;
  uint64_t offset;
  if (is64) {
    if (!wcc_read_u64(&f->r, &offset)) return false;
  } else {
    uint32_t o32;
    if (!wcc_read_u32(&f->r, &o32)) return false;
    offset = o32;
  }
  if (mem >= m->n_memories) return wcc_fn_error(f, "unknown memory %u", mem);
  if (align >= 32 || (1u << align) > bytes)
    return wcc_fn_error(f, "alignment must not be larger than natural (%s)", name);
  *out = (wcc_memarg){.mem = mem, .offset = offset, .is64 = is64};
  return true;
}

uint8_t wcc_mem_index_type(wcc_fn *f, uint32_t mem) { return f->c->m->memories[mem].is64 ? WCC_I64 : WCC_I32; }

bool wcc_emit_load_store(wcc_fn *f, uint8_t op) {
  wcc_ctx *c = f->c;
  const memop *mo = &k_ops[op - 0x28];
  wcc_memarg ma;
  if (!wcc_read_memarg(f, mo->bytes, mo->name, &ma)) return false;
  uint8_t it = ma.is64 ? WCC_I64 : WCC_I32;
  bool is_store = op >= 0x36;
  LLVMTypeRef vt = wcc_llvm_type(c, mo->valtype);
  LLVMTypeRef mt = (mo->valtype == WCC_F32 || mo->valtype == WCC_F64) ? vt : LLVMIntTypeInContext(c->llctx, mo->bytes * 8);
  if (is_store) {
    wcc_sval v, i;
    if (!wcc_pop(f, mo->valtype, &v) || !wcc_pop(f, it, &i)) return false;
    if (!f->live) return true;
    LLVMValueRef val = v.v;
    if (mt != vt) val = LLVMBuildTrunc(c->b, val, mt, "");
    LLVMValueRef st = LLVMBuildStore(c->b, val, wcc_effective_address(f, &ma, i.v, mo->bytes));
    LLVMSetAlignment(st, 1);
    if (c->tbaa_mem) LLVMSetMetadata(st, c->md_tbaa, c->tbaa_mem);
    return true;
  }
  wcc_sval i;
  if (!wcc_pop(f, it, &i)) return false;
  LLVMValueRef r = NULL;
  if (f->live) {
    r = LLVMBuildLoad2(c->b, mt, wcc_effective_address(f, &ma, i.v, mo->bytes), mo->name);
    LLVMSetAlignment(r, 1);
    if (c->tbaa_mem) LLVMSetMetadata(r, c->md_tbaa, c->tbaa_mem);
    if (c->opts->strict_loads) wcc_keep_load_alive(f, r);
    if (mt != vt) r = mo->sign ? LLVMBuildSExt(c->b, r, vt, "") : LLVMBuildZExt(c->b, r, vt, "");
  }
  return wcc_push(f, mo->valtype, r);
}

/*
 * Keep a load alive even when its value is unused.  An out-of-bounds load
 * must trap (through the guard region), but LLVM deletes loads whose result
 * is dead (`drop (i32.load ...)`, or a value that folds away), and with them
 * the trap (spec traps.wast "no_dce", address.wast).  The value feeds an
 * empty inline asm that only "writes inaccessible memory": it emits no
 * instruction and does not act as a barrier for wasm memory or globals, but
 * it cannot be deleted, so neither can the load.
 *
 * Cost: a loop containing such a call is not vectorised (2.3x slower on a
 * matrix multiply), so by default only loads whose value the wasm code
 * explicitly drops are kept (see wcc_drop_value); --strict-loads keeps every
 * load (docs/architecture.md, "Dead loads").
 */
void wcc_keep_load_alive(wcc_fn *f, LLVMValueRef v) {
  wcc_ctx *c = f->c;
  LLVMTypeRef vt = LLVMTypeOf(v);
  if (LLVMGetTypeKind(vt) == LLVMVectorTypeKind) {
    /* SIMD loads (integer lanes, 64 or 128 bits): "X" cannot take a vector
     * on every target, so the asm consumes an i64 that depends on every
     * byte of the load (no narrowing to an in-bounds part is possible) */
    LLVMTypeRef et = LLVMGetElementType(vt);
    LLVMTypeKind ek = LLVMGetTypeKind(et);
    unsigned ebits = ek == LLVMFloatTypeKind ? 32 : ek == LLVMDoubleTypeKind ? 64 : LLVMGetIntTypeWidth(et);
    unsigned bits = LLVMGetVectorSize(vt) * ebits;
    if (bits == 128) {
      LLVMValueRef w = LLVMBuildBitCast(c->b, v, LLVMVectorType(c->t_i64, 2), "");
      v = LLVMBuildOr(c->b, LLVMBuildExtractElement(c->b, w, LLVMConstInt(c->t_i32, 0, 0), ""),
                      LLVMBuildExtractElement(c->b, w, LLVMConstInt(c->t_i32, 1, 0), ""), "");
    } else {
      v = LLVMBuildBitCast(c->b, v, LLVMIntTypeInContext(c->llctx, bits), "");
    }
    vt = LLVMTypeOf(v);
  }
  LLVMTypeRef fty = LLVMFunctionType(c->t_void, &vt, 1, 0);
  /* "X": any operand, so floats stay in FP registers (no cross-class move). */
  LLVMValueRef asm_fn = LLVMGetInlineAsm(fty, "", 0, "X", 1, /*side effects*/ 1, 0,
                                         LLVMInlineAsmDialectATT, 0);
  LLVMValueRef call = LLVMBuildCall2(c->b, fty, asm_fn, &v, 1, "");
  static const char *const attrs[] = {"nounwind", "willreturn"};
  for (unsigned k = 0; k < 2; k++) {
    unsigned kind = LLVMGetEnumAttributeKindForName(attrs[k], strlen(attrs[k]));
    LLVMAddCallSiteAttribute(call, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(c->llctx, kind, 0));
  }
  /* memory(inaccessiblemem: readwrite): ModRef (3) for location 1. */
  unsigned mem = LLVMGetEnumAttributeKindForName("memory", 6);
  LLVMAddCallSiteAttribute(call, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(c->llctx, mem, 3u << 2));
}

LLVMValueRef wcc_mem_base(wcc_fn *f) { return f->mem_base; }


void wcc_drop_value(wcc_fn *f, LLVMValueRef v) {
  /* `drop` of a load (possibly extended): the load must still execute */
  if (!v || f->c->opts->strict_loads) return;
  /* look through the extensions, bitcasts and lane shuffles/inserts that
   * wrap a (SIMD) load */
  for (int k = 0; k < 4 && v; k++) {
    if (LLVMIsASExtInst(v) || LLVMIsAZExtInst(v) || LLVMIsABitCastInst(v) || LLVMIsAShuffleVectorInst(v))
      v = LLVMGetOperand(v, 0);
    else if (LLVMIsAInsertElementInst(v))
      v = LLVMGetOperand(v, 1);
    else
      break;
  }
  if (v && LLVMIsALoadInst(v)) wcc_keep_load_alive(f, v);
}
