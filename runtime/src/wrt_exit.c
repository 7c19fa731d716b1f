/*
 * wrt_exit.c — ending the process exactly once.
 *
 * Four things end an executable: _start returning (status 0), proc_exit(n)
 * in any thread (WASI preview1 `proc_exit`: status n), an uncaught trap in
 * any thread (its report on stderr, WASMC_TRAP_EXIT_STATUS), and a failure
 * before the guest runs.  With wasi-threads the first three can happen in
 * several threads at the same moment.  C's exit() may not run twice at once
 * (C17 7.22.4.4: a second call is undefined; glibc 2.36 may flush stdio
 * twice), and a trap report racing an exit() could leave a trap line on
 * stderr under status 7, or two reports under one status.
 *
 * So the first of them claims the process and goes on; every later one
 * blocks in wrt_exit_claim() until the winner's exit()/_exit() has ended
 * every thread.  That is Wasmtime's behaviour: its wasi-threads ends the
 * process with std::process::exit, which Rust serialises the same way (the
 * first caller exits, the others block).  Losers never return, so the
 * winner's status, stdout and stderr are the only ones seen.
 *
 * The claim is one compare-and-swap, so it is async-signal-safe (the SIGSEGV
 * handler reports guard-page traps); losers park in pause(), also
 * async-signal-safe.
 */
#include <stdlib.h>
#include <unistd.h>

#include "wrt_internal.h"

/* 0 until some thread claims the end of the process, then 1 for ever. */
static atomic_int wrt_exit_claimed;
/* This thread owns the claim (a second claim by the winner passes). */
static WRT_TLS bool wrt_exit_mine;

void wrt_exit_claim(void) {
  if (wrt_exit_mine) return;
  int expected = 0;
  if (atomic_compare_exchange_strong(&wrt_exit_claimed, &expected, 1)) {
    wrt_exit_mine = true;
    return;
  }
  /* Another thread is ending the process: wait for it to take this one
   * along.  Signals (the --timeout timer's) only interrupt pause(). */
  for (;;) pause();
}

_Noreturn void wasmc_exit(int status) {
  wrt_exit_claim();
  exit(status);
}
