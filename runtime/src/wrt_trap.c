/*
 * wrt_trap.c — raising and catching traps (spec 4.4.1: a trap aborts the
 * computation; the embedder observes it).
 *
 * Each thread has a stack of catch frames (wasmc_try() pushes one).  A trap
 * records its details in the innermost frame and siglongjmp()s to it; the
 * sigsetjmp(.., 1) restores the signal mask, which matters when the trap
 * comes from the SIGSEGV handler (SIGSEGV is blocked while it runs).  With no
 * frame the process prints one line and exits with WASMC_TRAP_EXIT_STATUS,
 * which is what an executable does, unless another thread is already ending
 * the process (wrt_exit.c: the first one wins).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wrt_internal.h"

/* Innermost catch frame of this thread (read in the signal handler). */
static WRT_TLS wrt_catch_frame *wrt_top_frame;

static const char *const wrt_trap_messages[WASMC_TRAP_COUNT_] = {
    [WASMC_TRAP_NONE] = "no trap",
    [WASMC_TRAP_UNREACHABLE] = "unreachable",
    [WASMC_TRAP_MEMORY_OOB] = "out of bounds memory access",
    [WASMC_TRAP_TABLE_OOB] = "out of bounds table access",
    [WASMC_TRAP_INDIRECT_OOB] = "undefined element",
    [WASMC_TRAP_INDIRECT_NULL] = "uninitialized element",
    [WASMC_TRAP_INDIRECT_TYPE] = "indirect call type mismatch",
    [WASMC_TRAP_DIV_BY_ZERO] = "integer divide by zero",
    [WASMC_TRAP_INT_OVERFLOW] = "integer overflow",
    [WASMC_TRAP_INVALID_CONVERSION] = "invalid conversion to integer",
    [WASMC_TRAP_STACK_EXHAUSTED] = "call stack exhausted",
    [WASMC_TRAP_DATA_OOB] = "out of bounds memory access",
    [WASMC_TRAP_ELEM_OOB] = "out of bounds table access",
    [WASMC_TRAP_NULL_REF] = "null reference",
    [WASMC_TRAP_HOST] = "host function failed",
    [WASMC_TRAP_UNCAUGHT_EXCEPTION] = "uncaught exception",
    [WASMC_TRAP_INTERRUPT] = "interrupt",
    [WASMC_TRAP_OUT_OF_FUEL] = "out of fuel",
    [WASMC_TRAP_UNALIGNED_ATOMIC] = "unaligned atomic",
    [WASMC_TRAP_EXPECTED_SHARED] = "expected shared memory",
};

const char *wasmc_trap_message(uint32_t code) {
  if (code >= WASMC_TRAP_COUNT_) return "unknown trap";
  if (code == WASMC_TRAP_INTERRUPT && wrt_interrupt_message()) return wrt_interrupt_message();
  return wrt_trap_messages[code];
}

/* write(2) all of buf; async-signal-safe.  Errors are ignored: we are about
 * to exit and have no better channel to report them on. */
static void wrt_write_all(int fd, const char *buf, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, buf, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;
    }
    buf += n;
    len -= (size_t)n;
  }
}

/* Append NUL-terminated `s` to buf[*len..cap-1), truncating; signal-safe. */
static void wrt_append(char *buf, size_t *len, size_t cap, const char *s) {
  while (*s && *len + 1 < cap) buf[(*len)++] = *s++;
}

/* The report: the trap line (`wasm trap: <message> in function <name>`),
 * then this thread's recorded backtrace (wrt_backtrace.c).  Formatted
 * without stdio so it can run in the signal handler, and written with a
 * single write(2) so it stays together even if other threads write to
 * stderr. */
static void wrt_trap_report(const wasmc_trap_info *info) {
  char line[8192]; /* the trap line (at most 1024 bytes) and up to 32 frames with file:line */
  size_t len = 0;
  wrt_append(line, &len, 1024, "wasm trap: ");
  wrt_append(line, &len, 1024, info->message ? info->message : "unknown trap");
  if (info->func_name) {
    wrt_append(line, &len, 1024, " in function ");
    wrt_append(line, &len, 1024, info->func_name);
  }
  line[len++] = '\n';  /* wrt_append always leaves room for it */
  wrt_backtrace_format(info->code, info->func_name, line, &len, sizeof line);
  wrt_write_all(STDERR_FILENO, line, len);
}

_Noreturn void wasmc_trap_exit(const wasmc_trap_info *info) {
  /* the first thread to end the process reports; later ones block here */
  wrt_exit_claim();
  /* Whatever the host printed through stdio must come before the trap line
   * (and _exit() does not flush). */
  fflush(stdout);
  fflush(stderr);
  wrt_trap_report(info);
  _exit(WASMC_TRAP_EXIT_STATUS);
}

_Noreturn void wrt_trap_raise(uint32_t code, const char *func_name, uint32_t func_index,
                              bool from_signal) {
  wasmc_trap_info info = {
      .code = code,
      .func_index = func_name ? func_index : UINT32_MAX,
      .message = wasmc_trap_message(code),
      .func_name = func_name,
  };
  /* the stack is still there: walk it before a longjmp or the report */
  wrt_backtrace_capture(code, func_name);
  wrt_catch_frame *frame = wrt_top_frame;
  if (frame) {
    frame->info = info;
    /* Pop before jumping: the frame's owner is done with it either way. */
    wrt_top_frame = frame->prev;
    siglongjmp(frame->env, 1);
  }
  /* Uncaught: this ends the process, unless another thread already is
   * (proc_exit, _start returning, another trap): then block (wrt_exit.c) */
  wrt_exit_claim();
  if (!from_signal) {
    fflush(stdout);
    fflush(stderr);
  }
  /* From the signal handler stdio may be mid-update (a fault can interrupt
   * anything), so only the raw write happens there. */
  wrt_trap_report(&info);
  _exit(WASMC_TRAP_EXIT_STATUS);
}

_Noreturn void wrt_trap_at_pc(uint32_t code, uintptr_t pc) {
  const char *name = NULL;
  uint32_t index = UINT32_MAX;
  if (!wrt_func_registry_lookup(pc, &name, &index)) name = NULL;
  wrt_trap_raise(code, name, index, false);
}

bool wrt_thread_has_catch_frame(void) { return wrt_top_frame != NULL; }

uintptr_t wrt_catch_frame_address(void) { return (uintptr_t)wrt_top_frame; }

_Noreturn void wasmc_rt_trap(wasmc_instance *inst, uint32_t code, uint32_t func_index) {
  const char *name = NULL;
  if (inst && inst->module && func_index < inst->module->n_funcs && inst->module->funcs)
    name = inst->module->funcs[func_index].name;
  wrt_trap_raise(code, name, func_index, false);
}

int wasmc_try(void (*fn)(void *arg), void *arg, wasmc_trap_info *out) {
  /* Best effort: without handlers or an alternate stack, explicit checks in
   * generated code still trap, only guard-page faults would not. */
  (void)wasmc_runtime_init();
  (void)wrt_thread_ensure_altstack();
  /* The signal handler cannot compute this thread's guard region (that reads
   * /proc); do it now. */
  (void)wasmc_thread_stack_limit();

  wrt_catch_frame frame;
  frame.prev = wrt_top_frame;
  frame.info = (wasmc_trap_info){WASMC_TRAP_NONE, UINT32_MAX, wasmc_trap_message(0), NULL};
  if (sigsetjmp(frame.env, 1) == 0) {
    wrt_top_frame = &frame;
    fn(arg);
    wrt_top_frame = frame.prev;
    if (out) *out = frame.info;
    return 0;
  }
  /* Trapped: wrt_trap_raise() already popped the frame.  Read the record
   * through a volatile lvalue: it was written behind the compiler's back
   * as far as the setjmp/longjmp control flow is concerned. */
  volatile wasmc_trap_info *rec = &frame.info;
  wasmc_trap_info info = {rec->code, rec->func_index, rec->message, rec->func_name};
  if (out) *out = info;
  return (int)info.code;
}

_Noreturn void wrt_fatal(const char *what) {
  char line[512];
  size_t len = 0;
  wrt_append(line, &len, sizeof line, "wasmc: internal error: ");
  wrt_append(line, &len, sizeof line, what);
  line[len++] = '\n';
  wrt_write_all(STDERR_FILENO, line, len);
  abort();
}
