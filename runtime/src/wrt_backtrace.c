/*
 * wrt_backtrace.c — the wasm frames of a trap (docs/debugging.md).
 *
 * When a trap is raised, the thread's stack is walked with the unwind tables
 * every executable already has (generated functions are compiled with
 * asynchronous unwind tables, compiler/codegen.c; the unwinder is libgcc's,
 * the one wasm exceptions use).  A frame is a wasm frame when the start of its
 * function, as its unwind table entry (FDE) gives it, is exactly the code
 * address of a registered defined function: no address-range guess, so
 * runtime, WASI and libc frames in between are left out.  Nothing runs until
 * a trap: the cost while nothing traps is zero.
 *
 * The walk runs where the trap is raised: in wrt_trap_raise() before any
 * siglongjmp, so also in the SIGSEGV handler (on the alternate stack, through
 * the kernel's signal frame, which the unwinder recognises).  It allocates
 * nothing and takes no lock of ours; libgcc's FDE lookup may take the dynamic
 * loader's lock, which a fault inside the loader itself would already hold
 * (never the case for a fault in generated code).
 *
 * A frame is reported with its function's name, index and the byte offset of
 * the function body in the module (the descriptor's func_code_offsets); a
 * frame other than the innermost also with the module offset of the call it
 * is in, from the call-site table the compiler wrote (compiler/callsites.c:
 * section wasmc_callsites, one entry per wasm call, at the call's return
 * point).  A function inlined into its caller has no frame of its own.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unwind.h>

#include "wrt_internal.h"

/* An optional part of the runtime (wasmc_abi.h WASMC_RT_LINES_ENTRY): the
 * line reader is linked with -g, where the executable keeps its DWARF. */
#pragma weak wrt_lines_lookup
#pragma weak wrt_lines_release

/* Frames kept for the report; deeper ones are counted. */
#define WRT_BT_MAX 32
/* Frames walked at most (a stack exhausted by recursion has millions). */
#define WRT_BT_MAX_STEPS 100000u

typedef struct wrt_bt_frame {
  uintptr_t pc; /* inside the call (return address - 1) or the faulting instruction */
  const char *name;
  uint32_t index;
  uint32_t code_offset;
  uint32_t call_offset; /* module offset of the call (frames but the innermost; 0: unknown) */
} wrt_bt_frame;

/* The call-site table (wasmc_abi.h), when the executable has one: the
 * linker defines these for the section WASMC_CALLSITES_SECTION. */
extern const wasmc_callsite __start_wasmc_callsites[] __attribute__((weak, visibility("hidden")));
extern const wasmc_callsite __stop_wasmc_callsites[] __attribute__((weak, visibility("hidden")));

/* The label of a call is its return address or a few bytes past it (its
 * result moved to another register before the label). */
#define WRT_CALLSITE_SLACK 32u

/* The module offset of the call returning to `ra` in the function starting at `start` (0: not found). */
static uint32_t wrt_call_offset(uintptr_t ra, uintptr_t start) {
  const wasmc_callsite *best = NULL;
  uintptr_t best_at = 0;
  if (!__start_wasmc_callsites || !__stop_wasmc_callsites) return 0;
  for (const wasmc_callsite *e = __start_wasmc_callsites; e < __stop_wasmc_callsites; e++) {
    uintptr_t at = (uintptr_t)&e->ret + (uintptr_t)(intptr_t)e->ret;
    if (at >= ra && at - ra <= WRT_CALLSITE_SLACK && (!best || at < best_at)) best = e, best_at = at;
  }
  uint32_t body;
  if (!best || !wrt_func_registry_body_offset(start, best->func_index, &body)) return 0;
  return body + best->offset;
}

typedef struct wrt_bt {
  uint32_t code;         /* the trap recorded */
  const char *func_name; /* its function name (the descriptor's string) */
  uint32_t n;            /* frames in `frames` */
  uint32_t total;        /* wasm frames seen */
  uint32_t steps;        /* frames walked */
  wrt_bt_frame frames[WRT_BT_MAX];
} wrt_bt;

static WRT_TLS wrt_bt wrt_last_bt;

static _Unwind_Reason_Code wrt_bt_step(struct _Unwind_Context *ctx, void *arg) {
  wrt_bt *bt = arg;
  if (++bt->steps > WRT_BT_MAX_STEPS) return _URC_END_OF_STACK;
  uintptr_t start = (uintptr_t)_Unwind_GetRegionStart(ctx);
  wrt_bt_frame f;
  if (start && wrt_func_registry_find_start(start, &f.name, &f.index, &f.code_offset)) {
    int before = 0;
    f.pc = (uintptr_t)_Unwind_GetIPInfo(ctx, &before);
    f.call_offset = 0;
    if (!before && f.pc) {
      /* a return address (the innermost frame's is a call into the runtime) */
      if (bt->total) f.call_offset = wrt_call_offset(f.pc, start);
      f.pc--; /* the call is the byte before */
    }
    if (bt->n < WRT_BT_MAX) bt->frames[bt->n++] = f;
    bt->total++;
  }
  return _URC_NO_REASON;
}

void wrt_backtrace_capture(uint32_t code, const char *func_name) {
  wrt_bt *bt = &wrt_last_bt;
  bt->code = code;
  bt->func_name = func_name;
  bt->n = bt->total = bt->steps = 0;
  _Unwind_Backtrace(wrt_bt_step, bt);
}

static void wrt_bt_str(char *buf, size_t *len, size_t cap, const char *s) {
  while (*s && *len + 1 < cap)
    buf[(*len)++] = *s++;
}

static void wrt_bt_num(char *buf, size_t *len, size_t cap, uint64_t v, unsigned base) {
  char digits[24];
  int n = 0;
  do {
    digits[n++] = "0123456789abcdef"[v % base];
    v /= base;
  } while (v);
  if (base == 16) wrt_bt_str(buf, len, cap, "0x");
  while (n > 0 && *len + 1 < cap)
    buf[(*len)++] = digits[--n];
}

void wrt_backtrace_format(uint32_t code, const char *func_name, char *buf, size_t *len, size_t cap) {
  const wrt_bt *bt = &wrt_last_bt;
  if (!bt->total || bt->code != code || bt->func_name != func_name) return;
  wrt_bt_str(buf, len, cap, "wasm backtrace (innermost first):\n");
  /* with -g, the executable's line table gives each frame's source line */
  uintptr_t pcs[WRT_BT_MAX];
  wrt_line_info lines[WRT_BT_MAX];
  for (uint32_t i = 0; i < bt->n; i++)
    pcs[i] = bt->frames[i].pc;
  size_t map_len = 0;
  void *map = NULL;
  if (wrt_lines_lookup)
    map = wrt_lines_lookup(pcs, bt->n, lines, &map_len);
  else
    memset(lines, 0, sizeof lines);
  for (uint32_t i = 0; i < bt->n; i++) {
    const wrt_bt_frame *f = &bt->frames[i];
    wrt_bt_str(buf, len, cap, "  #");
    wrt_bt_num(buf, len, cap, i, 10);
    wrt_bt_str(buf, len, cap, " ");
    wrt_bt_str(buf, len, cap, f->name ? f->name : "?");
    wrt_bt_str(buf, len, cap, " (function ");
    wrt_bt_num(buf, len, cap, f->index, 10);
    if (f->code_offset) {
      wrt_bt_str(buf, len, cap, ", body at module offset ");
      wrt_bt_num(buf, len, cap, f->code_offset, 16);
    }
    if (f->call_offset) {
      wrt_bt_str(buf, len, cap, ", call at ");
      wrt_bt_num(buf, len, cap, f->call_offset, 16);
    }
    wrt_bt_str(buf, len, cap, ")");
    if (lines[i].name && lines[i].line) {
      wrt_bt_str(buf, len, cap, " at ");
      if (lines[i].dir && lines[i].name[0] != '/') {
        wrt_bt_str(buf, len, cap, lines[i].dir);
        wrt_bt_str(buf, len, cap, "/");
      }
      wrt_bt_str(buf, len, cap, lines[i].name);
      wrt_bt_str(buf, len, cap, ":");
      wrt_bt_num(buf, len, cap, lines[i].line, 10);
      if (lines[i].column) {
        wrt_bt_str(buf, len, cap, ":");
        wrt_bt_num(buf, len, cap, lines[i].column, 10);
      }
    }
    wrt_bt_str(buf, len, cap, "\n");
  }
  if (map) wrt_lines_release(map, map_len);
  if (bt->total > bt->n) {
    wrt_bt_str(buf, len, cap, "  ... ");
    wrt_bt_num(buf, len, cap, bt->total - bt->n, 10);
    wrt_bt_str(buf, len, cap, bt->steps > WRT_BT_MAX_STEPS ? " more frames (walk stopped)\n" : " more frames\n");
  }
  /* truncated: end on a line break all the same */
  if (*len + 1 >= cap && *len > 0) buf[*len - 1] = '\n';
}
