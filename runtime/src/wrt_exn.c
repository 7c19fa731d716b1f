/*
 * wrt_exn.c — wasm exceptions (exception-handling proposal: throw, rethrow,
 * and the personality routine behind try/catch/delegate).
 *
 * Generated code uses zero-cost unwinding (the Itanium C++ ABI "level 1"
 * contract): a throw takes one wrt_exn and walks the stack, by the cached
 * walk of wrt_unwind.c or, where that gives up, by libgcc_eh's
 * _Unwind_ForcedUnwind.  Every generated function that contains a try has
 * wasmc_rt_personality as its personality and only catch-all landing pads,
 * so the personality's job is small: find the call site of the current IP in
 * the function's LSDA (the .gcc_except_table LLVM emits) and report a
 * handler there if the site has a landing pad.  The generated landing pad
 * then compares the exception's tag with its catch clauses and, when none
 * matches, rethrows (a fresh two-phase raise) to the next handler.
 *
 * Traps are not exceptions (spec: they cannot be caught): they leave wasm
 * code with siglongjmp to the innermost wasmc_try() frame, past any landing
 * pad.  An exception must not cross such a frame either: the search phase
 * stops at the innermost wasmc_try() of the thread, and an exception that
 * finds no handler below it becomes trap WASMC_TRAP_UNCAUGHT_EXCEPTION there.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unwind.h>

#include "wrt_internal.h"

/* "WASMCexp": the exception class of our exceptions. */
#define WRT_EXN_CLASS 0x5741534d43657870ull

typedef struct wrt_exn {
  struct _Unwind_Exception ue; /* the unwinder's header (16-byte aligned) */
  uintptr_t pc;                /* where it was thrown (names the function if uncaught) */
  _Alignas(16) wasmc_exception pub;
  /* payload: pub.tag->n_params slots of WASMC_EXCEPTION_SLOT_SIZE bytes */
} wrt_exn;

static wrt_exn *wrt_exn_of(wasmc_exception *e) {
  return (wrt_exn *)(void *)((char *)e - offsetof(wrt_exn, pub));
}

/* ---- exception blocks ------------------------------------------------------
 * Each thread keeps its last freed block of up to WRT_EXN_KEPT_SLOTS payload
 * slots for its next throw: code that throws in a loop (Lua's coroutine
 * yields and errors) otherwise spends a quarter of its time in malloc and
 * free.  Blocks never move between threads (a wasm exception is caught on
 * the thread that threw it).  The first time a thread keeps a block, it
 * registers its slot with wrt_exn_key, whose destructor frees what the slot
 * holds when the thread exits; after that, keeping and taking a block touch
 * only the slot. */
#define WRT_EXN_KEPT_SLOTS 8
static WRT_TLS wrt_exn *wrt_exn_kept;
static WRT_TLS bool wrt_exn_slot_registered;
static pthread_key_t wrt_exn_key;
static pthread_once_t wrt_exn_key_once = PTHREAD_ONCE_INIT;
static bool wrt_exn_key_ok;

static void wrt_exn_key_destructor(void *slot) { free(*(wrt_exn **)slot); }
static void wrt_exn_key_init(void) {
  wrt_exn_key_ok = pthread_key_create(&wrt_exn_key, wrt_exn_key_destructor) == 0;
}

static size_t wrt_exn_size(uint32_t n_params) {
  size_t bytes = (size_t)n_params * WASMC_EXCEPTION_SLOT_SIZE;
  return (sizeof(wrt_exn) + bytes + 15) & ~(size_t)15;
}

/* A block for an exception of `n_params` parameters (never NULL). */
static wrt_exn *wrt_exn_alloc(uint32_t n_params) {
  bool small = n_params <= WRT_EXN_KEPT_SLOTS;
  if (small && wrt_exn_kept) {
    wrt_exn *x = wrt_exn_kept;
    wrt_exn_kept = NULL;
    return x;
  }
  wrt_exn *x = aligned_alloc(16, wrt_exn_size(small ? WRT_EXN_KEPT_SLOTS : n_params));
  if (!x) wrt_fatal("out of memory allocating a wasm exception");
  return x;
}

static void wrt_exn_release(wrt_exn *x) {
  if (!wrt_exn_kept && x->pub.tag->n_params <= WRT_EXN_KEPT_SLOTS) {
    if (!wrt_exn_slot_registered) {
      pthread_once(&wrt_exn_key_once, wrt_exn_key_init);
      wrt_exn_slot_registered = wrt_exn_key_ok && pthread_setspecific(wrt_exn_key, &wrt_exn_kept) == 0;
    }
    if (wrt_exn_slot_registered) {
      wrt_exn_kept = x;
      return;
    }
  }
  free(x);
}

static void wrt_exn_cleanup(_Unwind_Reason_Code reason, struct _Unwind_Exception *ue) {
  (void)reason;
  wrt_exn_release((wrt_exn *)(void *)ue);
}

/* The stop function of wrt_raise's walk, called for each frame before its
 * personality: end the walk (the exception is uncaught) at the end of the
 * stack or at the first frame older than the innermost wasmc_try(), which
 * belongs to an outer call. */
static _Unwind_Reason_Code wrt_stop(int version, _Unwind_Action actions, _Unwind_Exception_Class cls,
                                    struct _Unwind_Exception *ue, struct _Unwind_Context *ctx, void *arg) {
  (void)version, (void)cls, (void)ue, (void)arg;
  if (actions & _UA_END_OF_STACK) return _URC_END_OF_STACK;
  uintptr_t limit = wrt_catch_frame_address();
  if (limit && _Unwind_GetCFA(ctx) > limit) return _URC_END_OF_STACK;
  return _URC_NO_REASON;
}

/* Raise `x`; returns only when no wasm handler below the innermost catch
 * frame takes it, and then traps there.
 *
 * One walk of the stack, not the usual two: every landing pad of ours
 * catches all (its dispatch block tests the tag), so the first wasm frame
 * with a landing pad for its call site is the handler, and the search phase
 * of _Unwind_RaiseException would only find the frame that the cleanup
 * phase then walks to again.  _Unwind_ForcedUnwind walks once and asks
 * wrt_stop about each frame; frames between (runtime C code) have no
 * landing pads.  Halves the unwinder's work per throw (docs/exceptions.md:
 * Lua's coroutines yield by longjmp, one throw each).
 *
 * Before that, the same walk with each call site's row cached
 * (wrt_unwind.c); libgcc's walk runs only where that one gives up. */
static _Noreturn void wrt_raise(wrt_exn *x) {
  if (wrt_unwind_raise(&x->pub, wrt_catch_frame_address()) == WRT_UNWIND_GIVE_UP) {
    memset(&x->ue, 0, sizeof x->ue);
    x->ue.exception_class = WRT_EXN_CLASS;
    x->ue.exception_cleanup = wrt_exn_cleanup;
    /* a fresh header (the unwinder keeps private state in it), also when
     * a landing pad passes the exception on */
    _Unwind_ForcedUnwind(&x->ue, wrt_stop, NULL);
  }
  uintptr_t pc = x->pc;
  wrt_exn_release(x);
  wrt_trap_at_pc(WASMC_TRAP_UNCAUGHT_EXCEPTION, pc);
}

/* ---- exceptions held by catches that may rethrow --------------------------
 * Such a catch keeps its exception in `slot`, an alloca of its frame, and
 * its code may leave the catch in any way: normally (release), by a branch
 * or return, or by an exception.  Each thread lists what it holds with the
 * slot's address; an entry whose slot lies below the current stack pointer
 * belongs to a frame that has returned or unwound, and is freed the next
 * time this thread holds or throws (a held exception is needed only while
 * its frame lives).  The same slot held again means its catch ran again in
 * the same frame: the earlier exception is dead too. */
typedef struct wrt_held {
  void **slot;
  wasmc_exception *exn;
} wrt_held;

static WRT_TLS wrt_held *wrt_held_list;
static WRT_TLS uint32_t wrt_n_held, wrt_held_cap;

/* Free entries of frames below `sp` (dead) and the entry of `slot`. */
static void wrt_held_sweep(uintptr_t sp, void **slot) {
  uint32_t k = 0;
  for (uint32_t i = 0; i < wrt_n_held; i++) {
    wrt_held h = wrt_held_list[i];
    if ((uintptr_t)h.slot < sp || h.slot == slot) wasmc_rt_exception_free(h.exn);
    else wrt_held_list[k++] = h;
  }
  wrt_n_held = k;
}

void wasmc_rt_exception_hold(wasmc_exception *exn, void **slot) {
  wrt_held_sweep((uintptr_t)__builtin_frame_address(0), slot);
  if (wrt_n_held == wrt_held_cap) {
    uint32_t cap = wrt_held_cap ? 2 * wrt_held_cap : 8;
    wrt_held *l = realloc(wrt_held_list, cap * sizeof *l);
    if (!l) wrt_fatal("out of memory holding a wasm exception");
    wrt_held_list = l;
    wrt_held_cap = cap;
  }
  wrt_held_list[wrt_n_held++] = (wrt_held){slot, exn};
  *slot = exn;
}

void wasmc_rt_exception_release(void **slot) {
  wrt_held_sweep(0, slot);
  *slot = NULL;
}

static _Noreturn void wrt_throw_at(const wasmc_tag *tag, const void *payload, uintptr_t pc) {
  if (wrt_n_held) wrt_held_sweep((uintptr_t)__builtin_frame_address(0), NULL);
  size_t bytes = (size_t)tag->n_params * WASMC_EXCEPTION_SLOT_SIZE;
  wrt_exn *x = wrt_exn_alloc(tag->n_params);
  x->pc = pc;
  x->pub.tag = tag;
  x->pub.reserved = 0;
  if (bytes) memcpy((char *)&x->pub + WASMC_EXCEPTION_PAYLOAD_OFFSET, payload, bytes);
  wrt_raise(x);
}

_Noreturn void wasmc_rt_throw(wasmc_instance *inst, const wasmc_tag *tag, const void *payload) {
  (void)inst;
  wrt_throw_at(tag, payload, (uintptr_t)__builtin_return_address(0) - 1);
}

_Noreturn void wasmc_rt_rethrow(wasmc_exception *exn) {
  /* a copy: the catch that rethrows still owns (and frees) `exn`; it
   * keeps naming the function that first threw it */
  wrt_throw_at(exn->tag, (const char *)exn + WASMC_EXCEPTION_PAYLOAD_OFFSET, wrt_exn_of(exn)->pc);
}

_Noreturn void wasmc_rt_resume(wasmc_exception *exn) {
  wrt_raise(wrt_exn_of(exn));
}

void wasmc_rt_exception_free(wasmc_exception *exn) {
  if (exn) wrt_exn_release(wrt_exn_of(exn));
}

/* ---- the personality routine --------------------------------------------- */

/* DWARF pointer encodings (LSB, "DWARF Extensions": DW_EH_PE_*). */
enum {
  PE_omit = 0xff, PE_absptr = 0x00, PE_uleb128 = 0x01, PE_udata2 = 0x02, PE_udata4 = 0x03,
  PE_udata8 = 0x04, PE_sleb128 = 0x09, PE_sdata2 = 0x0a, PE_sdata4 = 0x0b, PE_sdata8 = 0x0c,
  PE_pcrel = 0x10, PE_indirect = 0x80,
};

/* LEB128 (DWARF 7.6), unsigned or sign-extended. */
uintptr_t wrt_read_leb(const uint8_t **p, bool is_signed) {
  uintptr_t v = 0;
  unsigned shift = 0;
  uint8_t b;
  do {
    b = *(*p)++;
    if (shift < 8 * sizeof v) v |= (uintptr_t)(b & 0x7f) << shift;
    shift += 7;
  } while (b & 0x80);
  if (is_signed && shift < 8 * sizeof v && (b & 0x40)) v |= ~(uintptr_t)0 << shift;
  return v;
}

/* Read one value of encoding `enc`; *ok = false for encodings LLVM never
 * emits in an LSDA (the frame is then treated as having no handler). */
uintptr_t wrt_read_encoded(const uint8_t **p, uint8_t enc, bool *ok) {
  const uint8_t *start = *p;
  uintptr_t v;
  switch (enc & 0x0f) {
  case PE_absptr: memcpy(&v, *p, sizeof v); *p += sizeof v; break;
  case PE_uleb128: v = wrt_read_leb(p, false); break;
  case PE_sleb128: v = wrt_read_leb(p, true); break;
  case PE_udata2: { uint16_t x; memcpy(&x, *p, 2); *p += 2; v = x; break; }
  case PE_udata4: { uint32_t x; memcpy(&x, *p, 4); *p += 4; v = x; break; }
  case PE_udata8: { uint64_t x; memcpy(&x, *p, 8); *p += 8; v = (uintptr_t)x; break; }
  case PE_sdata2: { int16_t x; memcpy(&x, *p, 2); *p += 2; v = (uintptr_t)(intptr_t)x; break; }
  case PE_sdata4: { int32_t x; memcpy(&x, *p, 4); *p += 4; v = (uintptr_t)(intptr_t)x; break; }
  case PE_sdata8: { int64_t x; memcpy(&x, *p, 8); *p += 8; v = (uintptr_t)(intptr_t)x; break; }
  default: *ok = false; return 0;
  }
  if (v && (enc & 0x70) == PE_pcrel) v += (uintptr_t)start;
  else if (enc & 0x70) { *ok = false; return 0; }
  if (v && (enc & PE_indirect)) memcpy(&v, (const void *)v, sizeof v);
  return v;
}

/* The landing pad (absolute address) of the call site containing `ip` in
 * the LSDA at `lsda`, or 0: no landing pad there. */
uintptr_t wrt_landing_pad(const uint8_t *lsda, uintptr_t func_start, uintptr_t ip) {
  const uint8_t *p = lsda;
  bool ok = true;
  uint8_t lpstart_enc = *p++;
  uintptr_t lpstart = lpstart_enc == PE_omit ? func_start : wrt_read_encoded(&p, lpstart_enc, &ok);
  uint8_t ttype_enc = *p++;
  if (ttype_enc != PE_omit) (void)wrt_read_leb(&p, false);
  uint8_t cs_enc = *p++;
  uintptr_t cs_len = wrt_read_leb(&p, false);
  const uint8_t *end = p + cs_len;
  while (ok && p < end) {
    uintptr_t start = wrt_read_encoded(&p, cs_enc, &ok);
    uintptr_t len = wrt_read_encoded(&p, cs_enc, &ok);
    uintptr_t lp = wrt_read_encoded(&p, cs_enc, &ok);
    (void)wrt_read_leb(&p, false); /* action: every landing pad of ours catches all */
    if (!ok) break;
    uintptr_t lo = func_start + start;
    if (ip < lo) break; /* sorted by start */
    if (ip < lo + len) return lp ? lpstart + lp : 0;
  }
  return 0;
}

_Unwind_Reason_Code wasmc_rt_personality(int version, _Unwind_Action actions, uint64_t exception_class,
                                         struct _Unwind_Exception *ue, struct _Unwind_Context *ctx);

_Unwind_Reason_Code wasmc_rt_personality(int version, _Unwind_Action actions, uint64_t exception_class,
                                         struct _Unwind_Exception *ue, struct _Unwind_Context *ctx) {
  if (version != 1 || !ue || !ctx) return _URC_FATAL_PHASE1_ERROR;
  /* Foreign exceptions and foreign forced unwinding (thread cancellation)
   * pass through wasm frames: nothing of ours to run.  Our own exceptions
   * come forced (one walk, wrt_raise), or in two phases. */
  if (exception_class != WRT_EXN_CLASS) return _URC_CONTINUE_UNWIND;
  const uint8_t *lsda = (const uint8_t *)_Unwind_GetLanguageSpecificData(ctx);
  if (!lsda) return _URC_CONTINUE_UNWIND;
  int before = 0;
  uintptr_t ip = _Unwind_GetIPInfo(ctx, &before);
  if (!before) ip--; /* the return address is after the call */
  uintptr_t lp = wrt_landing_pad(lsda, _Unwind_GetRegionStart(ctx), ip);
  if (!lp) return _URC_CONTINUE_UNWIND;
  if (actions & _UA_SEARCH_PHASE) {
    /* Frames older than the innermost wasmc_try() belong to an outer call:
     * the exception is uncaught as far as this call is concerned. */
    uintptr_t limit = wrt_catch_frame_address();
    if (limit && _Unwind_GetCFA(ctx) > limit) return _URC_FATAL_PHASE1_ERROR;
    return _URC_HANDLER_FOUND;
  }
  wrt_exn *x = (wrt_exn *)(void *)ue;
  _Unwind_SetGR(ctx, __builtin_eh_return_data_regno(0), (uintptr_t)&x->pub);
  _Unwind_SetGR(ctx, __builtin_eh_return_data_regno(1), 1);
  _Unwind_SetIP(ctx, lp);
  return _URC_INSTALL_CONTEXT;
}
