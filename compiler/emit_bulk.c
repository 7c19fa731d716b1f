/*
 * emit_bulk.c — the 0xFC-prefixed instructions (saturating truncations,
 * bulk memory: memory.init/copy/fill, data.drop; tables: table.init/copy/
 * grow/size/fill, elem.drop) and the runtime calls they and lower_func.c's
 * memory and table instructions make.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lower.h"
#include "unsupported.h"

/* ---- runtime calls ----------------------------------------------------------- */
LLVMValueRef wcc_rt_call(wcc_fn *f, const char *name, LLVMTypeRef ret, LLVMValueRef *args, unsigned n) {
  wcc_ctx *c = f->c;
  LLVMTypeRef ptys[8];
  LLVMValueRef all[8];
  ptys[0] = c->t_ptr;
  all[0] = f->inst;
  for (unsigned i = 0; i < n; i++) {
    ptys[i + 1] = LLVMTypeOf(args[i]);
    all[i + 1] = args[i];
  }
  LLVMTypeRef fty;
  LLVMValueRef fn = wcc_rt_func(c, name, ret, ptys, n + 1, &fty);
  return LLVMBuildCall2(c->b, fty, fn, all, n + 1, "");
}

static LLVMValueRef k32(wcc_fn *f, uint64_t v) { return LLVMConstInt(f->c->t_i32, v, 0); }

/* Pop `n` i32 operands (in order) for a runtime call. */
static bool pop_i32s(wcc_fn *f, unsigned n, LLVMValueRef *out) {
  wcc_sval v;
  for (unsigned i = n; i-- > 0;) {
    if (!wcc_pop(f, WCC_I32, &v)) return false;
    out[i] = v.v;
  }
  return true;
}

/* The size load `size` of memory `mem`, made a monotonic (relaxed) atomic
 * load when the memory is shared (threads proposal): another thread's
 * memory.grow changes it at any time (the runtime publishes it with a
 * release store, wrt_memory.c), and LLVM neither hoists an atomic load out
 * of a loop nor merges two of them, so every explicit bounds check reads
 * the current size, also in loops without calls or atomics.  A plain load
 * (unshared memories) changes only with memory.grow, a call, so LLVM may
 * keep it in a register across loops that do not call (the TBAA type
 * tbaa_memsize says stores to linear memory do not change it).  Same
 * instruction on x86-64 and AArch64 (mov / ldr); what it costs is the
 * hoisting, and that an ordered load orders the plain loads around it. */
static LLVMValueRef size_load_order(wcc_fn *f, uint32_t mem, LLVMValueRef size) {
  if (mem < f->c->m->n_memories && f->c->m->memories[mem].limits.shared) {
    LLVMSetOrdering(size, LLVMAtomicOrderingMonotonic);
    /* the field is 8-aligned (wasmc_abi.h); the builder's default is the
     * ABI alignment of a module without data layout yet (4 for i64), and
     * an atomic load it cannot prove aligned becomes an __atomic_load call */
    LLVMSetAlignment(size, 8);
  }
  return size;
}

/* Current size in bytes of memory 0 (it changes with memory.grow, possibly
 * through another instance that shares the memory): an i64 load from the
 * memory object, monotonic for a shared memory (size_load_order). */
LLVMValueRef wcc_mem0_size(wcc_fn *f) {
  wcc_ctx *c = f->c;
  LLVMValueRef mems = wcc_load_inv(f, c->t_ptr, f->inst, WASMC_INSTANCE_MEMORIES_OFFSET, "memories");
  LLVMValueRef mem = wcc_load_inv(f, c->t_ptr, mems, 0, "memory0");
  return size_load_order(f, 0, wcc_load_at(f, c->t_i64, mem, WASMC_MEMORY_SIZE_OFFSET, "memory0.size"));
}

LLVMValueRef wcc_mem_size(wcc_fn *f, uint32_t mem) {
  wcc_ctx *c = f->c;
  if (mem == 0) {
    LLVMValueRef size = wcc_mem0_size(f);
    if (c->tbaa_memsize) LLVMSetMetadata(size, c->md_tbaa, c->tbaa_memsize);
    return size;
  }
  LLVMValueRef mems = wcc_load_inv(f, c->t_ptr, f->inst, WASMC_INSTANCE_MEMORIES_OFFSET, "memories");
  LLVMValueRef obj = wcc_load_inv(f, c->t_ptr, mems, (uint64_t)mem * 8, "memory");
  LLVMValueRef size = size_load_order(f, mem, wcc_load_at(f, c->t_i64, obj, WASMC_MEMORY_SIZE_OFFSET, "memory.size"));
  if (c->tbaa_memsize) LLVMSetMetadata(size, c->md_tbaa, c->tbaa_memsize);
  return size;
}

/* Host pointer of wasm address `ea` (i64, in bounds) in memory `mem`. */
static LLVMValueRef mem_ptr_at(wcc_fn *f, uint32_t mem, LLVMValueRef ea) {
  wcc_ctx *c = f->c;
  return LLVMBuildGEP2(c->b, c->t_i8, wcc_mem_base_of(f, mem), &ea, 1, "");
}

/* Read the memory index of a bulk instruction: a u32 with the multi-memory
 * proposal, else the reserved zero byte. */
static bool read_memidx(wcc_fn *f, uint32_t *mem) {
  wcc_module *m = f->c->m;
  if (m->features.multi_memory) {
    if (!wcc_read_u32(&f->r, mem)) return false;
  } else {
    uint8_t z;
    if (!wcc_read_u8(&f->r, &z)) return false;
    if (z != 0) return wcc_fn_error(f, "zero byte expected (multi-memory)");
    *mem = 0;
  }
  return true;
}

/* Pop operands of types `types[0..n)` (in order) as i64 values for a
 * 64-bit runtime call: i32 ones zero-extended. */
static bool pop_as_i64(wcc_fn *f, unsigned n, const uint8_t *types, LLVMValueRef *out) {
  wcc_sval v;
  for (unsigned i = n; i-- > 0;) {
    if (!wcc_pop(f, types[i], &v)) return false;
    /* (not in dead code: the builder may sit in a block that gets no
     * terminator, diff.py seed 657) */
    out[i] = v.v && f->live && types[i] == WCC_I32 ? LLVMBuildZExt(f->c->b, v.v, f->c->t_i64, "") : v.v;
  }
  return true;
}

/* Host pointer of wasm address `i` (i32) in memory 0. */
LLVMValueRef wcc_mem_ptr(wcc_fn *f, LLVMValueRef i) {
  wcc_ctx *c = f->c;
  LLVMValueRef ea = LLVMBuildZExt(c->b, i, c->t_i64, "");
  return LLVMBuildGEP2(c->b, c->t_i8, f->mem_base, &ea, 1, "");
}

bool wcc_check_table(wcc_fn *f, uint32_t t) {
  if (t >= f->c->m->n_tables) return wcc_fn_error(f, "unknown table %u", t);
  return true;
}

bool wcc_emit_prefix_fc(wcc_fn *f) {
  wcc_ctx *c = f->c;
  wcc_module *m = c->m;
  uint32_t sub;
  if (!wcc_read_u32(&f->r, &sub)) return false;
  if (sub <= 7) return wcc_emit_trunc_sat(f, sub);
  LLVMValueRef a[5];
  uint32_t x, y;
  switch (sub) {
  case 8: { /* memory.init dataidx memidx */
    uint32_t mem;
    if (!wcc_read_u32(&f->r, &x) || !read_memidx(f, &mem)) return false;
    if (!m->has_data_count) return wcc_fn_error(f, "data count section required for memory.init");
    if (mem >= m->n_memories) return wcc_fn_error(f, "unknown memory %u", mem);
    if (x >= m->data_count) return wcc_fn_error(f, "unknown data segment %u", x);
    if (m->memories[mem].is64) { /* [i64 i32 i32] */
      static const uint8_t ty[3] = {WCC_I64, WCC_I32, WCC_I32};
      if (!pop_as_i64(f, 3, ty, a)) return false;
      if (f->live) { LLVMValueRef args[5] = {k32(f, mem), k32(f, x), a[0], a[1], a[2]}; wcc_rt_call(f, "wasmc_rt_memory_init64", c->t_void, args, 5); }
      return true;
    }
    if (!pop_i32s(f, 3, a)) return false;
    if (f->live) { LLVMValueRef args[5] = {k32(f, mem), k32(f, x), a[0], a[1], a[2]}; wcc_rt_call(f, "wasmc_rt_memory_init", c->t_void, args, 5); }
    return true;
  }
  case 9:
    if (!wcc_read_u32(&f->r, &x)) return false;
    if (!m->has_data_count) return wcc_fn_error(f, "data count section required for data.drop");
    if (x >= m->data_count) return wcc_fn_error(f, "unknown data segment %u", x);
    if (f->live) { LLVMValueRef args[1] = {k32(f, x)}; wcc_rt_call(f, "wasmc_rt_data_drop", c->t_void, args, 1); }
    return true;
  case 10: { /* memory.copy dst src */
    if (!read_memidx(f, &x) || !read_memidx(f, &y)) return false;
    if (x >= m->n_memories) return wcc_fn_error(f, "unknown memory %u", x);
    if (y >= m->n_memories) return wcc_fn_error(f, "unknown memory %u", y);
    if (m->memories[x].is64 || m->memories[y].is64) {
      /* memory64: [it_dst it_src it_min], the length i64 only if both are */
      uint8_t ty[3] = {wcc_mem_index_type(f, x), wcc_mem_index_type(f, y), 0};
      ty[2] = ty[0] == WCC_I64 && ty[1] == WCC_I64 ? WCC_I64 : WCC_I32;
      if (!pop_as_i64(f, 3, ty, a)) return false;
      if (f->live) { LLVMValueRef args[5] = {k32(f, x), k32(f, y), a[0], a[1], a[2]}; wcc_rt_call(f, "wasmc_rt_memory_copy64", c->t_void, args, 5); }
      return true;
    }
    if (!pop_i32s(f, 3, a)) return false;
    if (f->live) {
      /* bounds first (nothing is written on a trap), then memmove: LLVM
       * expands small constant sizes inline and calls libc's memmove otherwise */
      LLVMValueRef n = LLVMBuildZExt(c->b, a[2], c->t_i64, "n");
      LLVMValueRef size = x == 0 ? wcc_mem0_size(f) : wcc_mem_size(f, x);
      LLVMValueRef src_size = x == y ? size : wcc_mem_size(f, y);
      LLVMValueRef d_end = LLVMBuildAdd(c->b, LLVMBuildZExt(c->b, a[0], c->t_i64, ""), n, "");
      LLVMValueRef s_end = LLVMBuildAdd(c->b, LLVMBuildZExt(c->b, a[1], c->t_i64, ""), n, "");
      LLVMValueRef oob = LLVMBuildOr(c->b, LLVMBuildICmp(c->b, LLVMIntUGT, d_end, size, ""),
                                     LLVMBuildICmp(c->b, LLVMIntUGT, s_end, src_size, ""), "oob");
      wcc_trap_if(f, oob, WASMC_TRAP_MEMORY_OOB);
      if (x == 0 && y == 0) {
        LLVMBuildMemMove(c->b, wcc_mem_ptr(f, a[0]), 1, wcc_mem_ptr(f, a[1]), 1, n);
      } else {
        LLVMValueRef d = mem_ptr_at(f, x, LLVMBuildZExt(c->b, a[0], c->t_i64, ""));
        LLVMValueRef s = mem_ptr_at(f, y, LLVMBuildZExt(c->b, a[1], c->t_i64, ""));
        LLVMBuildMemMove(c->b, d, 1, s, 1, n); /* distinct memories never overlap; same: memmove */
      }
    }
    return true;
  }
  case 11: { /* memory.fill */
    if (!read_memidx(f, &x)) return false;
    if (x >= m->n_memories) return wcc_fn_error(f, "unknown memory %u", x);
    if (m->memories[x].is64) { /* [i64 i32 i64] */
      static const uint8_t ty[3] = {WCC_I64, WCC_I32, WCC_I64};
      if (!pop_as_i64(f, 3, ty, a)) return false;
      if (f->live) {
        LLVMValueRef args[4] = {k32(f, x), a[0], LLVMBuildTrunc(c->b, a[1], c->t_i32, ""), a[2]};
        wcc_rt_call(f, "wasmc_rt_memory_fill64", c->t_void, args, 4);
      }
      return true;
    }
    if (!pop_i32s(f, 3, a)) return false;
    if (f->live) {
      LLVMValueRef n = LLVMBuildZExt(c->b, a[2], c->t_i64, "n");
      LLVMValueRef d_end = LLVMBuildAdd(c->b, LLVMBuildZExt(c->b, a[0], c->t_i64, ""), n, "");
      LLVMValueRef size = x == 0 ? wcc_mem0_size(f) : wcc_mem_size(f, x);
      wcc_trap_if(f, LLVMBuildICmp(c->b, LLVMIntUGT, d_end, size, "oob"), WASMC_TRAP_MEMORY_OOB);
      LLVMValueRef d = x == 0 ? wcc_mem_ptr(f, a[0]) : mem_ptr_at(f, x, LLVMBuildZExt(c->b, a[0], c->t_i64, ""));
      LLVMBuildMemSet(c->b, d, LLVMBuildTrunc(c->b, a[1], c->t_i8, ""), n, 1);
    }
    return true;
  }
  case 12: /* table.init elemidx tableidx */
    if (!wcc_read_u32(&f->r, &x) || !wcc_read_u32(&f->r, &y)) return false;
    if (!wcc_check_table(f, y)) return false;
    if (x >= m->n_elems) return wcc_fn_error(f, "unknown elem segment %u", x);
    if (m->elems[x].elem_type != m->tables[y].elem_type) return wcc_fn_error(f, "type mismatch: table.init element type");
    if (!pop_i32s(f, 3, a)) return false;
    if (f->live) { LLVMValueRef args[5] = {k32(f, y), k32(f, x), a[0], a[1], a[2]}; wcc_rt_call(f, "wasmc_rt_table_init", c->t_void, args, 5); }
    return true;
  case 13:
    if (!wcc_read_u32(&f->r, &x)) return false;
    if (x >= m->n_elems) return wcc_fn_error(f, "unknown elem segment %u", x);
    if (f->live) { LLVMValueRef args[1] = {k32(f, x)}; wcc_rt_call(f, "wasmc_rt_elem_drop", c->t_void, args, 1); }
    return true;
  case 14: /* table.copy dst src */
    if (!wcc_read_u32(&f->r, &x) || !wcc_read_u32(&f->r, &y)) return false;
    if (!wcc_check_table(f, x) || !wcc_check_table(f, y)) return false;
    if (m->tables[x].elem_type != m->tables[y].elem_type) return wcc_fn_error(f, "type mismatch: table.copy between tables of different types");
    if (!pop_i32s(f, 3, a)) return false;
    if (f->live) { LLVMValueRef args[5] = {k32(f, x), k32(f, y), a[0], a[1], a[2]}; wcc_rt_call(f, "wasmc_rt_table_copy", c->t_void, args, 5); }
    return true;
  case 15: { /* table.grow */
    wcc_sval init, n;
    if (!wcc_read_u32(&f->r, &x) || !wcc_check_table(f, x)) return false;
    if (!wcc_pop(f, WCC_I32, &n) || !wcc_pop(f, m->tables[x].elem_type, &init)) return false;
    LLVMValueRef r = NULL;
    if (f->live) { LLVMValueRef args[3] = {k32(f, x), init.v, n.v}; r = wcc_rt_call(f, "wasmc_rt_table_grow", c->t_i32, args, 3); }
    return wcc_push(f, WCC_I32, r);
  }
  case 16: { /* table.size */
    if (!wcc_read_u32(&f->r, &x) || !wcc_check_table(f, x)) return false;
    LLVMValueRef r = NULL;
    if (f->live) r = wcc_load_at(f, c->t_i32, wcc_table_ptr(f, x), WASMC_TABLE_SIZE_OFFSET, "table.size");
    return wcc_push(f, WCC_I32, r);
  }
  case 17: { /* table.fill */
    wcc_sval i, v, n;
    if (!wcc_read_u32(&f->r, &x) || !wcc_check_table(f, x)) return false;
    if (!wcc_pop(f, WCC_I32, &n) || !wcc_pop(f, m->tables[x].elem_type, &v) || !wcc_pop(f, WCC_I32, &i)) return false;
    if (f->live) { LLVMValueRef args[4] = {k32(f, x), i.v, v.v, n.v}; wcc_rt_call(f, "wasmc_rt_table_fill", c->t_void, args, 4); }
    return true;
  }
  default:
    return wcc_fn_reject_opcode(f, 0xfc, sub); /* wide arithmetic, or illegal */
  }
}

