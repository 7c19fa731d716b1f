/*
 * wrt_unwind.c — the fast path of a wasm throw: a stack walk over the same
 * DWARF call-frame information (.eh_frame) that libgcc's unwinder reads, with
 * each call site's decoded row cached (docs/exceptions.md, "The cost of a
 * throw").
 *
 * libgcc interprets the CIE and FDE programs of every frame on every throw
 * (uw_frame_state_for, execute_cfa_program, uw_update_context): about half a
 * microsecond a frame, and Lua's coroutine yields and errors are throws
 * through about eleven frames each.  A call site's row never changes, so
 * this walk decodes it once per thread (which CFA rule, where each
 * callee-saved register and the return address are saved, and the landing
 * pad the LSDA gives the call) and afterwards steps a frame with one cache
 * probe and a few loads.  At the first frame whose call site has a landing
 * pad it restores that frame's callee-saved registers and stack pointer and
 * jumps there with the exception in the first exception-data register, as
 * libgcc's uw_install_context would (System V x86-64 psABI 3.7 and DWARF 5
 * section 6.4 for the tables; Itanium C++ ABI level 1 for the landing-pad
 * contract).
 *
 * Anything the walk does not model (DWARF expressions, signal frames,
 * another language's personality, pointer authentication, a frame without
 * an FDE, GNU_args_size) makes it give up before it changed anything; the
 * caller then throws through libgcc as before.  So the fast path is an
 * optimisation of the common frames LLVM and clang emit, never the only way.
 */
#include <stdint.h>
#include <string.h>
#include <unwind.h>

#include "wrt_internal.h"

_Unwind_Reason_Code wasmc_rt_personality(int version, _Unwind_Action actions, uint64_t exception_class,
                                         struct _Unwind_Exception *ue, struct _Unwind_Context *ctx);

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WRT_UW_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define WRT_UW_ASAN 1
#endif
#ifdef WRT_UW_ASAN
void __asan_handle_no_return(void);
#endif

#if defined(__x86_64__) || defined(__aarch64__)

/* The callee-saved registers, by DWARF register number (psABI). */
#if defined(__x86_64__)
#define UW_NSAVED 6
static const uint8_t uw_cols[UW_NSAVED] = {3, 6, 12, 13, 14, 15}; /* rbx rbp r12-r15 */
#define UW_SP_COL 7
#define UW_RA_COL 16
#else
#define UW_NSAVED 19
static const uint8_t uw_cols[UW_NSAVED] = {19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, /* x19-x29 */
                                           72, 73, 74, 75, 76, 77, 78, 79};             /* d8-d15 */
#define UW_SP_COL 31
#define UW_RA_COL 30
#endif

/* One frame's registers: the callee-saved ones in uw_cols order, the stack
 * pointer at the call (the CFA of the frame below) and the return address
 * into the frame.  wrt_uw_capture and wrt_uw_install know this layout. */
typedef struct uw_regs {
  uintptr_t r[UW_NSAVED];
  uintptr_t sp, ip;
} uw_regs;
_Static_assert(offsetof(uw_regs, sp) == 8 * UW_NSAVED, "uw_regs layout is the assembly's");

/* Fill *regs with the caller's registers as they are after this call
 * returns (ip: the return address). */
WRT_HIDDEN void wrt_uw_capture(uw_regs *regs);
/* Load `regs`, put `exn` in the first exception-data register and 1 (the
 * selector) in the second, and jump to `regs->ip` on stack `regs->sp`. */
WRT_HIDDEN _Noreturn void wrt_uw_install(const uw_regs *regs, uintptr_t exn);

#if defined(__x86_64__)
__asm__(".text\n"
        ".p2align 4\n"
        ".hidden wrt_uw_capture\n"
        ".globl wrt_uw_capture\n"
        ".type wrt_uw_capture,@function\n"
        "wrt_uw_capture:\n"
        "  movq %rbx, 0(%rdi)\n"
        "  movq %rbp, 8(%rdi)\n"
        "  movq %r12, 16(%rdi)\n"
        "  movq %r13, 24(%rdi)\n"
        "  movq %r14, 32(%rdi)\n"
        "  movq %r15, 40(%rdi)\n"
        "  leaq 8(%rsp), %rax\n"
        "  movq %rax, 48(%rdi)\n"
        "  movq (%rsp), %rax\n"
        "  movq %rax, 56(%rdi)\n"
        "  ret\n"
        ".size wrt_uw_capture, .-wrt_uw_capture\n"
        ".p2align 4\n"
        ".hidden wrt_uw_install\n"
        ".globl wrt_uw_install\n"
        ".type wrt_uw_install,@function\n"
        "wrt_uw_install:\n"
        "  movq 0(%rdi), %rbx\n"
        "  movq 8(%rdi), %rbp\n"
        "  movq 16(%rdi), %r12\n"
        "  movq 24(%rdi), %r13\n"
        "  movq 32(%rdi), %r14\n"
        "  movq 40(%rdi), %r15\n"
        "  movq 56(%rdi), %rcx\n"
        "  movq 48(%rdi), %rsp\n"
        "  movq %rsi, %rax\n"
        "  movl $1, %edx\n"
        "  jmpq *%rcx\n"
        ".size wrt_uw_install, .-wrt_uw_install\n");
#else
__asm__(".text\n"
        ".p2align 4\n"
        ".hidden wrt_uw_capture\n"
        ".globl wrt_uw_capture\n"
        ".type wrt_uw_capture,%function\n"
        "wrt_uw_capture:\n"
        "  stp x19, x20, [x0, #0]\n"
        "  stp x21, x22, [x0, #16]\n"
        "  stp x23, x24, [x0, #32]\n"
        "  stp x25, x26, [x0, #48]\n"
        "  stp x27, x28, [x0, #64]\n"
        "  str x29, [x0, #80]\n"
        "  stp d8, d9, [x0, #88]\n"
        "  stp d10, d11, [x0, #104]\n"
        "  stp d12, d13, [x0, #120]\n"
        "  stp d14, d15, [x0, #136]\n"
        "  mov x1, sp\n"
        "  stp x1, x30, [x0, #152]\n"
        "  ret\n"
        ".size wrt_uw_capture, .-wrt_uw_capture\n"
        ".p2align 4\n"
        ".hidden wrt_uw_install\n"
        ".globl wrt_uw_install\n"
        ".type wrt_uw_install,%function\n"
        "wrt_uw_install:\n"
        "  ldp x19, x20, [x0, #0]\n"
        "  ldp x21, x22, [x0, #16]\n"
        "  ldp x23, x24, [x0, #32]\n"
        "  ldp x25, x26, [x0, #48]\n"
        "  ldp x27, x28, [x0, #64]\n"
        "  ldr x29, [x0, #80]\n"
        "  ldp d8, d9, [x0, #88]\n"
        "  ldp d10, d11, [x0, #104]\n"
        "  ldp d12, d13, [x0, #120]\n"
        "  ldp d14, d15, [x0, #136]\n"
        "  ldp x2, x3, [x0, #152]\n"
        "  mov sp, x2\n"
        "  mov x0, x1\n"
        "  mov x1, #1\n"
        "  br x3\n"
        ".size wrt_uw_install, .-wrt_uw_install\n");
#endif

/* ---- a call site's row ------------------------------------------------- */

/* How a register is recovered (DWARF 5 6.4.1 register rules, the subset
 * LLVM and GCC emit for ordinary frames). */
enum { UW_SAME = 0, UW_AT_CFA, UW_UNDEF };

/* Index of the rule for DWARF column `col`: uw_cols order, then the return
 * address; -1 for a column nobody reads. */
static int uw_index(uintptr_t col) {
  if (col == UW_RA_COL) return UW_NSAVED;
  for (int i = 0; i < UW_NSAVED; i++)
    if (uw_cols[i] == col) return i;
  return -1;
}

typedef struct uw_state {
  uintptr_t cfa_col;
  intptr_t cfa_off;
  uint8_t how[UW_NSAVED + 1];
  intptr_t off[UW_NSAVED + 1];
} uw_state;

enum { UW_ROW_EMPTY = 0, UW_ROW_OK, UW_ROW_END, UW_ROW_FOREIGN };

/* The decoded row of one return address. */
typedef struct uw_row {
  uintptr_t pc;      /* the return address */
  uintptr_t lpad;    /* the call's landing pad, 0: none */
  int32_t cfa_off;   /* CFA = register cfa_idx (UW_NSAVED: sp) + cfa_off */
  uint8_t cfa_idx;
  uint8_t state;     /* UW_ROW_* */
  int16_t save[UW_NSAVED + 1]; /* CFA-relative offset in 8-byte words, or UW_ROW_SAME */
} uw_row;
#define UW_ROW_SAME INT16_MIN

/* Per thread (rows never change, so a thread needs no lock): 64 sets of 4
 * ways, the newest row of a set first.  A throw path meets a dozen or two
 * call sites; associativity keeps two hot ones from evicting each other. */
#define UW_CACHE_SETS 64
#define UW_CACHE_WAYS 4
static WRT_TLS uw_row uw_cache[UW_CACHE_SETS][UW_CACHE_WAYS];

/* ---- reading .eh_frame_hdr, CIEs and FDEs --------------------------------- */

/* glibc's <dlfcn.h> struct dl_find_object for x86-64 and AArch64 (musl:
 * wrt_musl.c provides the function). */
struct wrt_uw_dlfo {
  unsigned long long dlfo_flags;
  void *dlfo_map_start, *dlfo_map_end, *dlfo_link_map, *dlfo_eh_frame;
  unsigned long long dlfo_reserved[7];
};
int _dl_find_object(void *pc, struct wrt_uw_dlfo *result);

static int32_t uw_rd32(const uint8_t *p) {
  int32_t v;
  memcpy(&v, p, 4);
  return v;
}

/* The FDE covering `pc` from the binary-search table of .eh_frame_hdr
 * (LSB "Exception Frames"), or NULL. */
static const uint8_t *uw_find_fde(uintptr_t pc) {
  struct wrt_uw_dlfo d;
  if (_dl_find_object((void *)pc, &d) != 0 || !d.dlfo_eh_frame) return NULL;
  const uint8_t *hdr = d.dlfo_eh_frame;
  /* version 1; eh_frame_ptr any; fde_count udata4; table datarel sdata4 */
  if (hdr[0] != 1 || hdr[2] != 0x03 || hdr[3] != 0x3b) return NULL;
  const uint8_t *p = hdr + 4;
  bool ok = true;
  (void)wrt_read_encoded(&p, hdr[1], &ok);
  if (!ok) return NULL;
  uint32_t n = (uint32_t)uw_rd32(p);
  const uint8_t *table = p + 4;
  if (!n) return NULL;
  uint32_t lo = 0, hi = n; /* last entry whose start <= pc */
  while (hi - lo > 1) {
    uint32_t mid = lo + (hi - lo) / 2;
    if ((uintptr_t)(hdr + uw_rd32(table + 8 * mid)) <= pc) lo = mid;
    else hi = mid;
  }
  if ((uintptr_t)(hdr + uw_rd32(table + 8 * lo)) > pc) return NULL;
  return hdr + uw_rd32(table + 8 * lo + 4);
}

/* Run the call-frame instructions [p, end) until the row for `target`
 * (cur: the location so far); false: something not modelled. */
static bool uw_run(const uint8_t *p, const uint8_t *end, uintptr_t code_align, intptr_t data_align,
                   uint8_t fde_enc, uintptr_t *cur, uintptr_t target, uw_state *st, const uw_state *init) {
  uw_state stack[8];
  int depth = 0;
  bool ok = true;
  while (p < end && *cur <= target) {
    uint8_t op = *p++;
    uintptr_t reg, a;
    intptr_t off;
    int i;
    switch (op >> 6) {
    case 1: *cur += (op & 0x3f) * code_align; continue; /* advance_loc */
    case 2: /* offset */
      off = (intptr_t)wrt_read_leb(&p, false) * data_align;
      if ((i = uw_index(op & 0x3f)) >= 0) st->how[i] = UW_AT_CFA, st->off[i] = off;
      continue;
    case 3: /* restore */
      if (!init) return false;
      if ((i = uw_index(op & 0x3f)) >= 0) st->how[i] = init->how[i], st->off[i] = init->off[i];
      continue;
    }
    switch (op) {
    case 0x00: break; /* nop */
    case 0x01: /* set_loc */
      *cur = wrt_read_encoded(&p, fde_enc, &ok);
      if (!ok) return false;
      break;
    case 0x02: *cur += *p++ * code_align; break;
    case 0x03: { uint16_t d; memcpy(&d, p, 2); p += 2; *cur += d * code_align; break; }
    case 0x04: { uint32_t d; memcpy(&d, p, 4); p += 4; *cur += d * code_align; break; }
    case 0x05: /* offset_extended */
    case 0x11: /* offset_extended_sf */
      reg = wrt_read_leb(&p, false);
      off = op == 0x05 ? (intptr_t)wrt_read_leb(&p, false) * data_align
                       : (intptr_t)wrt_read_leb(&p, true) * data_align;
      if ((i = uw_index(reg)) >= 0) st->how[i] = UW_AT_CFA, st->off[i] = off;
      break;
    case 0x06: /* restore_extended */
      reg = wrt_read_leb(&p, false);
      if (!init) return false;
      if ((i = uw_index(reg)) >= 0) st->how[i] = init->how[i], st->off[i] = init->off[i];
      break;
    case 0x07: /* undefined */
    case 0x08: /* same_value */
      reg = wrt_read_leb(&p, false);
      if ((i = uw_index(reg)) >= 0) st->how[i] = op == 0x07 ? UW_UNDEF : UW_SAME;
      break;
    case 0x0a: /* remember_state */
      if (depth == 8) return false;
      stack[depth++] = *st;
      break;
    case 0x0b: /* restore_state: the CFA rule too (LLVM's CFIFixup relies on it) */
      if (!depth) return false;
      *st = stack[--depth];
      break;
    case 0x0c: /* def_cfa */
      st->cfa_col = wrt_read_leb(&p, false);
      st->cfa_off = (intptr_t)wrt_read_leb(&p, false);
      break;
    case 0x12: /* def_cfa_sf */
      st->cfa_col = wrt_read_leb(&p, false);
      st->cfa_off = (intptr_t)wrt_read_leb(&p, true) * data_align;
      break;
    case 0x0d: st->cfa_col = wrt_read_leb(&p, false); break;             /* def_cfa_register */
    case 0x0e: st->cfa_off = (intptr_t)wrt_read_leb(&p, false); break;   /* def_cfa_offset */
    case 0x13: st->cfa_off = (intptr_t)wrt_read_leb(&p, true) * data_align; break; /* _sf */
    case 0x2e: /* GNU_args_size: the landing pad's stack pointer would move */
      a = wrt_read_leb(&p, false);
      if (a) return false;
      break;
    default: /* register, expressions, val_*, vendor rules */
      return false;
    }
  }
  return true;
}

/* The CIE fields the walk needs (LSB "Exception Frames"). */
typedef struct uw_cie {
  uintptr_t code_align;
  intptr_t data_align;
  uintptr_t ra_col;
  uint8_t fde_enc, lsda_enc;
  bool has_aug_data;
  uintptr_t personality;
  const uint8_t *insns, *end;
} uw_cie;

static bool uw_parse_cie(const uint8_t *cie, uw_cie *out) {
  uint32_t len = (uint32_t)uw_rd32(cie);
  if (len == 0 || len == 0xffffffffu || uw_rd32(cie + 4) != 0) return false;
  const uint8_t *p = cie + 8, *end = cie + 4 + len;
  uint8_t version = *p++;
  if (version != 1 && version != 3) return false;
  const char *aug = (const char *)p;
  p += strlen(aug) + 1;
  out->code_align = wrt_read_leb(&p, false);
  out->data_align = (intptr_t)wrt_read_leb(&p, true);
  out->ra_col = version == 1 ? *p++ : wrt_read_leb(&p, false);
  out->fde_enc = 0x00, out->lsda_enc = 0xff, out->personality = 0, out->has_aug_data = false;
  if (aug[0] == 'z') {
    out->has_aug_data = true;
    uintptr_t n = wrt_read_leb(&p, false);
    const uint8_t *data_end = p + n;
    bool ok = true;
    for (const char *a = aug + 1; *a; a++) {
      if (*a == 'R') out->fde_enc = *p++;
      else if (*a == 'L') out->lsda_enc = *p++;
      else if (*a == 'P') {
        uint8_t enc = *p++;
        out->personality = wrt_read_encoded(&p, enc, &ok);
      } else return false; /* 'S' signal frames, 'B' pointer authentication, ... */
    }
    if (!ok) return false;
    p = data_end;
  } else if (aug[0]) {
    return false;
  }
  out->insns = p, out->end = end;
  return out->ra_col == UW_RA_COL;
}

/* Decode the row of return address `ra` into *row. */
static void uw_decode(uintptr_t ra, uw_row *row) {
  memset(row, 0, sizeof *row);
  row->pc = ra;
  row->state = UW_ROW_FOREIGN;
  uintptr_t target = ra - 1; /* inside the call instruction */
  const uint8_t *fde = uw_find_fde(target);
  if (!fde) return;
  uint32_t len = (uint32_t)uw_rd32(fde);
  if (len == 0 || len == 0xffffffffu) return;
  const uint8_t *fde_end = fde + 4 + len;
  uw_cie cie;
  if (!uw_parse_cie(fde + 4 - uw_rd32(fde + 4), &cie)) return;
  const uint8_t *p = fde + 8;
  bool ok = true;
  uintptr_t start = wrt_read_encoded(&p, cie.fde_enc, &ok);
  uintptr_t range = wrt_read_encoded(&p, cie.fde_enc & 0x0f, &ok);
  if (!ok || target < start || target >= start + range) return;
  uintptr_t lsda = 0;
  if (cie.has_aug_data) {
    uintptr_t n = wrt_read_leb(&p, false);
    const uint8_t *data_end = p + n;
    if (cie.lsda_enc != 0xff) lsda = wrt_read_encoded(&p, cie.lsda_enc, &ok);
    if (!ok) return;
    p = data_end;
  }
  if (cie.personality && cie.personality != (uintptr_t)&wasmc_rt_personality) return;

  uw_state st = {.cfa_col = UW_SP_COL}, init;
  uintptr_t loc = start;
  if (!uw_run(cie.insns, cie.end, cie.code_align, cie.data_align, cie.fde_enc, &loc, UINTPTR_MAX, &st, NULL))
    return;
  init = st;
  loc = start;
  if (!uw_run(p, fde_end, cie.code_align, cie.data_align, cie.fde_enc, &loc, target, &st, &init)) return;

  if (st.how[UW_NSAVED] == UW_UNDEF) { /* the outermost frame */
    row->state = UW_ROW_END;
    return;
  }
  if (st.how[UW_NSAVED] != UW_AT_CFA) return;
  int cfa_idx = UW_NSAVED; /* the stack pointer */
  if (st.cfa_col != UW_SP_COL) {
    cfa_idx = uw_index(st.cfa_col);
    if (cfa_idx < 0 || cfa_idx == UW_NSAVED) return;
  }
  if (st.cfa_off < INT32_MIN + 1 || st.cfa_off > INT32_MAX) return;
  row->cfa_idx = (uint8_t)cfa_idx;
  row->cfa_off = (int32_t)st.cfa_off;
  for (int i = 0; i <= UW_NSAVED; i++) {
    if (st.how[i] == UW_UNDEF) return;
    if (st.how[i] == UW_SAME) row->save[i] = UW_ROW_SAME;
    else if (st.off[i] % 8 || st.off[i] / 8 <= INT16_MIN || st.off[i] / 8 > INT16_MAX) return;
    else row->save[i] = (int16_t)(st.off[i] / 8);
  }
  if (lsda && cie.personality) row->lpad = wrt_landing_pad((const uint8_t *)lsda, start, target);
  row->state = UW_ROW_OK;
}

static const uw_row *uw_lookup(uintptr_t ra) {
  uw_row *set = uw_cache[(uint64_t)ra * 0x9e3779b97f4a7c15ull >> 58]; /* 64 sets: the top 6 bits */
  for (int w = 0; w < UW_CACHE_WAYS; w++)
    if (set[w].pc == ra && set[w].state != UW_ROW_EMPTY) return &set[w];
  memmove(&set[1], &set[0], (UW_CACHE_WAYS - 1) * sizeof *set);
  uw_decode(ra, &set[0]);
  return &set[0];
}

int wrt_unwind_raise(wasmc_exception *exn, uintptr_t limit) {
  uw_regs regs;
  wrt_uw_capture(&regs);
  for (;;) {
    const uw_row *row = uw_lookup(regs.ip);
    if (row->state == UW_ROW_END) return WRT_UNWIND_UNCAUGHT;
    if (row->state != UW_ROW_OK) return WRT_UNWIND_GIVE_UP;
    /* the frame of an outer call: as wrt_exn.c's stop function */
    if (limit && regs.sp > limit) return WRT_UNWIND_UNCAUGHT;
    if (row->lpad) {
      regs.ip = row->lpad;
#ifdef WRT_UW_ASAN
      __asan_handle_no_return();
#endif
      wrt_uw_install(&regs, (uintptr_t)exn);
    }
    uintptr_t cfa = (row->cfa_idx == UW_NSAVED ? regs.sp : regs.r[row->cfa_idx]) + (uintptr_t)(intptr_t)row->cfa_off;
    uintptr_t ra;
    memcpy(&ra, (const void *)(cfa + 8 * (uintptr_t)(intptr_t)row->save[UW_NSAVED]), sizeof ra);
    for (int i = 0; i < UW_NSAVED; i++)
      if (row->save[i] != UW_ROW_SAME)
        memcpy(&regs.r[i], (const void *)(cfa + 8 * (uintptr_t)(intptr_t)row->save[i]), sizeof regs.r[i]);
    if (!ra) return WRT_UNWIND_UNCAUGHT;
    regs.sp = cfa;
    regs.ip = ra;
  }
}

#else /* another architecture: libgcc's walk only */

int wrt_unwind_raise(wasmc_exception *exn, uintptr_t limit) {
  (void)exn, (void)limit;
  return WRT_UNWIND_GIVE_UP;
}

#endif
