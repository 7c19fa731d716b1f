/*
 * emit_atomic.c — the threads proposal's instructions (0xFE prefix):
 * atomic loads, stores, read-modify-write and compare-exchange of every
 * width, memory.atomic.wait32/wait64/notify and atomic.fence (threads
 * proposal overview, "Atomic Memory Accesses" and "Wait and Notify").
 *
 * Every access is a sequentially consistent LLVM atomic (load/store atomic
 * seq_cst, atomicrmw, cmpxchg seq_cst seq_cst, fence seq_cst), so the
 * spec's single total order holds on both targets: x86-64 emits plain
 * loads, xchg for stores and lock-prefixed RMW; AArch64 emits ldar/stlr and
 * LSE or exclusive-pair loops.  Narrow RMW forms operate on the low 8/16/32
 * bits (the operand wrapped to the width, the old value zero-extended); a
 * narrow cmpxchg compares the wrapped `expected`.
 *
 * Address: as for plain accesses (emit_memory.c: zext(i32) + u32 offset in
 * 64 bits, the guard region or --bounds-checks=explicit catches it), plus
 * the alignment check atomics add: an effective address that is not a
 * multiple of the access width traps "unaligned atomic".  The trap path is
 * cold and reports an address that is also out of bounds as "out of
 * bounds memory access" first (the spec checks bounds before alignment).
 *
 * wait and notify go to the runtime (runtime/src/wrt_atomic_wait.c), which
 * checks bounds and alignment itself, with the effective address as a
 * 64-bit wasm address.
 */
#include "lower.h"

/* One 0xFE sub-opcode of the load/store/RMW range 0x10..0x4e. */
typedef struct atomic_op {
  uint8_t valtype; /* WCC_I32 or WCC_I64 */
  uint8_t bytes;   /* access width */
} atomic_op;

/* Widths of the seven forms of each RMW operation, in opcode order:
 * i32, i64, i32 8_u, i32 16_u, i64 8_u, i64 16_u, i64 32_u. */
static const atomic_op k_rmw_forms[7] = {
    {WCC_I32, 4}, {WCC_I64, 8}, {WCC_I32, 1}, {WCC_I32, 2}, {WCC_I64, 1}, {WCC_I64, 2}, {WCC_I64, 4},
};
/* Loads 0x10..0x16 and stores 0x17..0x1d use the same seven forms. */

static const char *const k_rmw_names[6] = {"add", "sub", "and", "or", "xor", "xchg"};
static const LLVMAtomicRMWBinOp k_rmw_ops[6] = {
    LLVMAtomicRMWBinOpAdd, LLVMAtomicRMWBinOpSub, LLVMAtomicRMWBinOpAnd,
    LLVMAtomicRMWBinOpOr,  LLVMAtomicRMWBinOpXor, LLVMAtomicRMWBinOpXchg,
};

/* Read the memarg of an atomic access of `bytes` bytes (emit_memory.c's
 * wcc_read_memarg: memory index, 64-bit offsets); the alignment exponent
 * must be exactly the natural one (threads proposal validation). */
static bool read_memarg(wcc_fn *f, unsigned bytes, wcc_memarg *ma) {
  wcc_reader at = f->r;
  uint32_t align;
  if (!wcc_read_u32(&f->r, &align)) return false;
  f->r = at;
  if (!f->c->m->n_memories) return wcc_fn_error(f, "unknown memory 0");
  if (!wcc_read_memarg(f, bytes, "atomic access", ma)) return false;
  align &= ~0x40u; /* multi-memory: bit 6 says a memory index follows */
  if (align >= 32 || (1u << align) != bytes)
    return wcc_fn_error(f, "alignment must be equal to natural for atomic accesses (2^%u, width %u)", align, bytes);
  return true;
}

/* The effective address index + ma->offset as an i64 wasm address (it
 * wraps only for a 64-bit memory, whose access then traps out of bounds). */
static LLVMValueRef wasm_address(wcc_fn *f, const wcc_memarg *ma, LLVMValueRef index) {
  wcc_ctx *c = f->c;
  LLVMValueRef ea = ma->is64 ? index : LLVMBuildZExt(c->b, index, c->t_i64, "");
  return ma->offset ? LLVMBuildAdd(c->b, ea, LLVMConstInt(c->t_i64, ma->offset, 0), "ea") : ea;
}

/* Trap unless wasm address `index` + offset is a multiple of `bytes`;
 * an address that is also out of bounds traps as out of bounds.  Returns
 * the pointer for the access (emit_memory.c's effective address). */
static LLVMValueRef checked_address(wcc_fn *f, const wcc_memarg *ma, LLVMValueRef index, unsigned bytes) {
  wcc_ctx *c = f->c;
  if (bytes > 1) {
    LLVMValueRef ea = wasm_address(f, ma, index);
    LLVMValueRef low = LLVMBuildAnd(c->b, ea, LLVMConstInt(c->t_i64, bytes - 1, 0), "");
    LLVMValueRef bad = LLVMBuildICmp(c->b, LLVMIntNE, low, LLVMConstInt(c->t_i64, 0, 0), "unaligned");
    LLVMBasicBlockRef cold = LLVMAppendBasicBlockInContext(c->llctx, f->fn, "atomic.unaligned");
    LLVMBasicBlockRef ok = LLVMAppendBasicBlockInContext(c->llctx, f->fn, "atomic.aligned");
    /* both ends of `cold` call the cold, noreturn trap function: LLVM
     * lays it out of line */
    LLVMBuildCondBr(c->b, bad, cold, ok);
    LLVMPositionBuilderAtEnd(c->b, cold);
    LLVMValueRef end = LLVMBuildAdd(c->b, ea, LLVMConstInt(c->t_i64, bytes, 0), "end");
    wcc_trap_if(f, LLVMBuildICmp(c->b, LLVMIntUGT, end, wcc_mem_size(f, ma->mem), "oob"), WASMC_TRAP_MEMORY_OOB);
    wcc_trap_now(f, WASMC_TRAP_UNALIGNED_ATOMIC);
    LLVMPositionBuilderAtEnd(c->b, ok);
  }
  return wcc_effective_address(f, ma, index, bytes);
}

/* The stack type of the access's address: i64 for a 64-bit memory. */
#define IT(ma) ((ma).is64 ? WCC_I64 : WCC_I32)

/* The LLVM integer type of `bytes` bytes. */
static LLVMTypeRef int_type(wcc_ctx *c, unsigned bytes) { return LLVMIntTypeInContext(c->llctx, bytes * 8); }

/* `v` (of stack type vt) wrapped to `bytes`, or unchanged when as wide. */
static LLVMValueRef wrap(wcc_fn *f, LLVMValueRef v, LLVMTypeRef vt, unsigned bytes) {
  LLVMTypeRef mt = int_type(f->c, bytes);
  return mt == vt ? v : LLVMBuildTrunc(f->c->b, v, mt, "");
}

/* `v` (an access-width integer) zero-extended to the stack type vt. */
static LLVMValueRef widen(wcc_fn *f, LLVMValueRef v, LLVMTypeRef vt) {
  return LLVMTypeOf(v) == vt ? v : LLVMBuildZExt(f->c->b, v, vt, "");
}

static void set_tbaa(wcc_ctx *c, LLVMValueRef inst) {
  if (c->tbaa_mem) LLVMSetMetadata(inst, c->md_tbaa, c->tbaa_mem);
}

static bool emit_load(wcc_fn *f, const atomic_op *o) {
  wcc_ctx *c = f->c;
  wcc_memarg ma;
  wcc_sval i;
  if (!read_memarg(f, o->bytes, &ma) || !wcc_pop(f, IT(ma), &i)) return false;
  LLVMValueRef r = NULL;
  if (f->live) {
    LLVMTypeRef vt = wcc_llvm_type(c, o->valtype);
    LLVMValueRef ld = LLVMBuildLoad2(c->b, int_type(c, o->bytes), checked_address(f, &ma, i.v, o->bytes), "atomic.load");
    LLVMSetOrdering(ld, LLVMAtomicOrderingSequentiallyConsistent);
    LLVMSetAlignment(ld, o->bytes);
    set_tbaa(c, ld);
    r = widen(f, ld, vt);
  }
  return wcc_push(f, o->valtype, r);
}

static bool emit_store(wcc_fn *f, const atomic_op *o) {
  wcc_ctx *c = f->c;
  wcc_memarg ma;
  wcc_sval v, i;
  if (!read_memarg(f, o->bytes, &ma) || !wcc_pop(f, o->valtype, &v) || !wcc_pop(f, IT(ma), &i)) return false;
  if (!f->live) return true;
  LLVMValueRef p = checked_address(f, &ma, i.v, o->bytes);
  LLVMValueRef st = LLVMBuildStore(c->b, wrap(f, v.v, wcc_llvm_type(c, o->valtype), o->bytes), p);
  LLVMSetOrdering(st, LLVMAtomicOrderingSequentiallyConsistent);
  LLVMSetAlignment(st, o->bytes);
  set_tbaa(c, st);
  return true;
}

static bool emit_rmw(wcc_fn *f, unsigned op, const atomic_op *o) {
  wcc_ctx *c = f->c;
  wcc_memarg ma;
  wcc_sval v, i;
  if (!read_memarg(f, o->bytes, &ma) || !wcc_pop(f, o->valtype, &v) || !wcc_pop(f, IT(ma), &i)) return false;
  LLVMValueRef r = NULL;
  if (f->live) {
    LLVMTypeRef vt = wcc_llvm_type(c, o->valtype);
    LLVMValueRef p = checked_address(f, &ma, i.v, o->bytes);
    LLVMValueRef old = LLVMBuildAtomicRMW(c->b, k_rmw_ops[op], p, wrap(f, v.v, vt, o->bytes),
                                          LLVMAtomicOrderingSequentiallyConsistent, 0);
    LLVMSetAlignment(old, o->bytes);
    set_tbaa(c, old);
    LLVMSetValueName2(old, k_rmw_names[op], __builtin_strlen(k_rmw_names[op]));
    r = widen(f, old, vt);
  }
  return wcc_push(f, o->valtype, r);
}

static bool emit_cmpxchg(wcc_fn *f, const atomic_op *o) {
  wcc_ctx *c = f->c;
  wcc_memarg ma;
  wcc_sval repl, expect, i;
  if (!read_memarg(f, o->bytes, &ma) || !wcc_pop(f, o->valtype, &repl) || !wcc_pop(f, o->valtype, &expect) ||
      !wcc_pop(f, IT(ma), &i))
    return false;
  LLVMValueRef r = NULL;
  if (f->live) {
    LLVMTypeRef vt = wcc_llvm_type(c, o->valtype);
    LLVMValueRef p = checked_address(f, &ma, i.v, o->bytes);
    LLVMValueRef x = LLVMBuildAtomicCmpXchg(c->b, p, wrap(f, expect.v, vt, o->bytes), wrap(f, repl.v, vt, o->bytes),
                                            LLVMAtomicOrderingSequentiallyConsistent,
                                            LLVMAtomicOrderingSequentiallyConsistent, 0);
    LLVMSetAlignment(x, o->bytes);
    set_tbaa(c, x);
    r = widen(f, LLVMBuildExtractValue(c->b, x, 0, "cmpxchg.old"), vt);
  }
  return wcc_push(f, o->valtype, r);
}

/* memory.atomic.notify (0x00), wait32 (0x01), wait64 (0x02): runtime calls
 * with the effective address as an i64 wasm address. */
static bool emit_wait_notify(wcc_fn *f, uint32_t sub) {
  wcc_ctx *c = f->c;
  unsigned bytes = sub == 0x02 ? 8 : 4;
  wcc_memarg ma;
  if (!read_memarg(f, bytes, &ma)) return false;
  wcc_sval a, b, i;
  LLVMValueRef r = NULL;
  if (sub == 0x00) {
    if (!wcc_pop(f, WCC_I32, &b) || !wcc_pop(f, IT(ma), &i)) return false;
  } else {
    if (!wcc_pop(f, WCC_I64, &b) || !wcc_pop(f, sub == 0x01 ? WCC_I32 : WCC_I64, &a) || !wcc_pop(f, IT(ma), &i))
      return false;
  }
  if (f->live) {
    LLVMValueRef ea = wasm_address(f, &ma, i.v);
    LLVMValueRef mem = LLVMConstInt(c->t_i32, ma.mem, 0);
    if (sub == 0x00) {
      LLVMValueRef args[3] = {mem, ea, b.v};
      r = wcc_rt_call(f, "wasmc_rt_atomic_notify", c->t_i32, args, 3);
    } else {
      LLVMValueRef args[4] = {mem, ea, a.v, b.v};
      r = wcc_rt_call(f, sub == 0x01 ? "wasmc_rt_atomic_wait32" : "wasmc_rt_atomic_wait64", c->t_i32, args, 4);
    }
  }
  return wcc_push(f, WCC_I32, r);
}

bool wcc_emit_atomic(wcc_fn *f) {
  wcc_ctx *c = f->c;
  uint32_t sub;
  if (!wcc_read_u32(&f->r, &sub)) return false;
  if (sub <= 0x02) return emit_wait_notify(f, sub);
  if (sub == 0x03) { /* atomic.fence: a reserved flags byte, 0 */
    uint8_t z;
    if (!wcc_read_u8(&f->r, &z)) return false;
    if (z != 0) return wcc_fn_error(f, "zero byte expected (atomic.fence)");
    if (f->live) LLVMBuildFence(c->b, LLVMAtomicOrderingSequentiallyConsistent, 0, "");
    return true;
  }
  if (sub >= 0x10 && sub <= 0x16) return emit_load(f, &k_rmw_forms[sub - 0x10]);
  if (sub >= 0x17 && sub <= 0x1d) return emit_store(f, &k_rmw_forms[sub - 0x17]);
  if (sub >= 0x1e && sub <= 0x4e) {
    unsigned op = (sub - 0x1e) / 7, form = (sub - 0x1e) % 7;
    return op == 6 ? emit_cmpxchg(f, &k_rmw_forms[form]) : emit_rmw(f, op, &k_rmw_forms[form]);
  }
  return wcc_fn_reject_opcode(f, 0xfe, sub);
}
