/*
 * wrt_thread.c — native stacks for wasm code.
 *
 * Generated code compares its stack pointer with inst->stack_limit at every
 * function entry and traps "call stack exhausted" below it (deterministic, no
 * signal needed).  The limit leaves WASMC_STACK_SLACK bytes for the runtime
 * and WASI code called from wasm and for raising the trap itself.  Below the
 * stack sits a PROT_NONE guard region: a frame that still overruns the slack
 * faults there, and the SIGSEGV handler (running on the alternate signal
 * stack installed here, since the normal stack is exhausted) reports the same
 * trap.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "wrt_internal.h"

/* Alternate signal stack: the handler itself needs little, but a chained
 * handler (a sanitizer's, a crash reporter's) may need much more. */
#define WRT_ALTSTACK_SIZE ((size_t)256 << 10)
/* Guard region below a wasm stack.  Address space only (PROT_NONE). */
#define WRT_STACK_GUARD ((size_t)1 << 20)

typedef struct wrt_altstack {
  void *map;        /* guard page + stack */
  size_t map_size;
  void *sp;         /* ss_sp we installed */
} wrt_altstack;

typedef struct wrt_thread_state {
  uintptr_t stack_limit;  /* 0: not computed yet; 1: unknown (no limit) */
  uintptr_t guard_lo;     /* [guard_lo, guard_hi): stack guard region */
  uintptr_t guard_hi;
  bool wasm_thread;       /* created by wasmc_run_on_wasm_stack() */
  bool altstack_ready;
  wrt_altstack *altstack; /* ours, if we installed one */
} wrt_thread_state;

static WRT_TLS wrt_thread_state wrt_thread;

static _Atomic uint64_t wrt_default_stack_size;  /* 0: WASMC_DEFAULT_STACK_SIZE */

static pthread_key_t wrt_altstack_key;
static pthread_once_t wrt_altstack_key_once = PTHREAD_ONCE_INIT;
static int wrt_altstack_key_error;

static size_t wrt_page_size(void) {
  long page = sysconf(_SC_PAGESIZE);
  return page > 0 ? (size_t)page : 4096;
}

/* Disable (if still installed) and unmap an alternate stack we created. */
static void wrt_altstack_free(wrt_altstack *as) {
  stack_t cur;
  if (sigaltstack(NULL, &cur) == 0 && cur.ss_sp == as->sp && !(cur.ss_flags & SS_DISABLE)) {
    stack_t off = {.ss_flags = SS_DISABLE};
    (void)sigaltstack(&off, NULL);
  }
  (void)munmap(as->map, as->map_size);
  free(as);
}

/* Thread-exit destructor: threads we did not create keep their alternate
 * stack until they exit, then it is released here. */
static void wrt_altstack_destructor(void *p) { wrt_altstack_free(p); }

static void wrt_altstack_key_init(void) {
  wrt_altstack_key_error = pthread_key_create(&wrt_altstack_key, wrt_altstack_destructor);
}

int wrt_thread_ensure_altstack(void) {
  if (wrt_thread.altstack_ready) return 0;

  stack_t cur;
  if (sigaltstack(NULL, &cur) != 0) return errno;
  /* Keep an existing alternate stack (a sanitizer or the embedder installed
   * it and will free it): replacing it would let its owner unmap ours. */
  if (!(cur.ss_flags & SS_DISABLE)) {
    wrt_thread.altstack_ready = true;
    return 0;
  }

  pthread_once(&wrt_altstack_key_once, wrt_altstack_key_init);
  if (wrt_altstack_key_error) return wrt_altstack_key_error;

  size_t page = wrt_page_size();
  size_t size = WRT_ALTSTACK_SIZE;
#ifdef _SC_SIGSTKSZ                      /* glibc 2.34+; musl (1.2.3) has no such sysconf */
  long sys_min = sysconf(_SC_SIGSTKSZ);  /* can exceed SIGSTKSZ on wide-vector CPUs */
  if (sys_min > 0 && (size_t)sys_min * 4 > size) size = (size_t)sys_min * 4;
#endif
  size = (size + page - 1) & ~(page - 1);

  wrt_altstack *as = calloc(1, sizeof *as);
  if (!as) return ENOMEM;
  as->map_size = size + page;
  as->map = mmap(NULL, as->map_size, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (as->map == MAP_FAILED) {
    int err = errno;
    free(as);
    return err;
  }
  /* Guard page: an overflowing handler faults instead of corrupting memory. */
  if (mprotect(as->map, page, PROT_NONE) != 0) {
    int err = errno;
    (void)munmap(as->map, as->map_size);
    free(as);
    return err;
  }
  as->sp = (uint8_t *)as->map + page;
  stack_t ss = {.ss_sp = as->sp, .ss_size = size, .ss_flags = 0};
  if (sigaltstack(&ss, NULL) != 0) {
    int err = errno;
    (void)munmap(as->map, as->map_size);
    free(as);
    return err;
  }
  int err = pthread_setspecific(wrt_altstack_key, as);
  if (err) {
    wrt_altstack_free(as);
    return err;
  }
  wrt_thread.altstack = as;
  wrt_thread.altstack_ready = true;
  return 0;
}

static void wrt_thread_release_altstack(void) {
  if (!wrt_thread.altstack) return;
  (void)pthread_setspecific(wrt_altstack_key, NULL);
  wrt_altstack_free(wrt_thread.altstack);
  wrt_thread.altstack = NULL;
  wrt_thread.altstack_ready = false;
}

/* Limits of a thread we did not create (main thread, embedder threads). */
static void wrt_thread_compute_limits(void) {
  wrt_thread.stack_limit = 1;  /* unknown: generated checks never fire */
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return;
  void *addr = NULL;
  size_t size = 0, guard = 0;
  if (pthread_attr_getstack(&attr, &addr, &size) == 0 && addr && size > 0) {
    uintptr_t lo = (uintptr_t)addr;
    /* A stack too small for the slack still gets a limit, half-way up. */
    wrt_thread.stack_limit = size > 2 * WASMC_STACK_SLACK ? lo + WASMC_STACK_SLACK : lo + size / 2;
    if (pthread_attr_getguardsize(&attr, &guard) != 0 || guard < WRT_STACK_GUARD)
      guard = WRT_STACK_GUARD;  /* the kernel's stack guard gap is 1 MiB too */
    wrt_thread.guard_lo = lo > guard ? lo - guard : 0;
    wrt_thread.guard_hi = lo;
  }
  pthread_attr_destroy(&attr);
}

uintptr_t wasmc_thread_stack_limit(void) {
  if (wrt_thread.stack_limit == 0) wrt_thread_compute_limits();
  return wrt_thread.stack_limit;
}

bool wrt_thread_is_stack_guard_fault(uintptr_t addr) {
  /* Only a thread running wasm reports overflows as traps; a host thread
   * overflowing in its own code crashes as it would without us. */
  if (!wrt_thread.wasm_thread && !wrt_thread_has_catch_frame()) return false;
  return wrt_thread.guard_hi != 0 && addr >= wrt_thread.guard_lo && addr < wrt_thread.guard_hi;
}

int wasmc_set_default_stack_size(uint64_t bytes) {
  if (bytes != 0 && (bytes < WASMC_MIN_STACK_SIZE || bytes > WASMC_MAX_STACK_SIZE)) return EINVAL;
  atomic_store(&wrt_default_stack_size, bytes);
  return 0;
}

typedef struct wrt_stack_job {
  void (*fn)(void *arg);
  void *arg;
  uintptr_t stack_lo;  /* lowest usable address */
  uintptr_t guard_lo;
} wrt_stack_job;

static void *wrt_stack_thread_main(void *p) {
  const wrt_stack_job *job = p;
  wrt_thread.wasm_thread = true;
  wrt_thread.stack_limit = job->stack_lo + WASMC_STACK_SLACK;
  wrt_thread.guard_lo = job->guard_lo;
  wrt_thread.guard_hi = job->stack_lo;
  /* Without an alternate stack a guard-page fault kills the process; explicit
   * checks still trap, so carry on if it cannot be installed. */
  (void)wrt_thread_ensure_altstack();
  job->fn(job->arg);
  wrt_thread_release_altstack();
  return NULL;
}

int wasmc_run_on_wasm_stack(void (*fn)(void *arg), void *arg, uint64_t stack_bytes) {
  if (!fn) return EINVAL;
  if (stack_bytes == 0) stack_bytes = atomic_load(&wrt_default_stack_size);
  if (stack_bytes == 0) stack_bytes = WASMC_DEFAULT_STACK_SIZE;
  if (stack_bytes < WASMC_MIN_STACK_SIZE || stack_bytes > WASMC_MAX_STACK_SIZE) return EINVAL;
  int err = wasmc_runtime_init();
  if (err) return err;

  size_t page = wrt_page_size();
  size_t size = ((size_t)stack_bytes + page - 1) & ~(page - 1);
  size_t map_size = WRT_STACK_GUARD + size;
  /* Reserve guard + stack inaccessible, then open the stack part: the stack
   * is committed (no MAP_NORESERVE) so an over-large request fails here
   * rather than as a SIGBUS deep in the guest. */
  uint8_t *map = mmap(NULL, map_size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (map == MAP_FAILED) return errno;
  if (mprotect(map + WRT_STACK_GUARD, size, PROT_READ | PROT_WRITE) != 0) {
    err = errno;
    (void)munmap(map, map_size);
    return err;
  }

  wrt_stack_job job = {fn, arg, (uintptr_t)(map + WRT_STACK_GUARD), (uintptr_t)map};
  pthread_attr_t attr;
  err = pthread_attr_init(&attr);
  if (!err) {
    err = pthread_attr_setstack(&attr, map + WRT_STACK_GUARD, size);
    pthread_t tid;
    if (!err) err = pthread_create(&tid, &attr, wrt_stack_thread_main, &job);
    if (!err) err = pthread_join(tid, NULL);
    pthread_attr_destroy(&attr);
  }
  (void)munmap(map, map_size);
  return err;
}

/* ---- detached wasm threads (wasi-threads, wrt_thread_spawn.c) ----------- */

typedef struct wrt_detached_job {
  void (*fn)(void *arg);
  void *arg;
} wrt_detached_job;

static void *wrt_detached_main(void *p) {
  wrt_detached_job job = *(wrt_detached_job *)p;
  free(p);
  wrt_thread.wasm_thread = true;
  /* the stack and its guard come from pthread_getattr_np (glibc or musl
   * allocated them with the sizes asked for below) */
  wrt_thread_compute_limits();
  (void)wrt_thread_ensure_altstack();
  job.fn(job.arg);
  wrt_thread_release_altstack();
  return NULL;
}

int wrt_thread_start_detached(void (*fn)(void *arg), void *arg, uint64_t stack_bytes) {
  if (!fn) return EINVAL;
  if (stack_bytes == 0) stack_bytes = atomic_load(&wrt_default_stack_size);
  if (stack_bytes == 0) stack_bytes = WASMC_DEFAULT_STACK_SIZE;
  if (stack_bytes < WASMC_MIN_STACK_SIZE || stack_bytes > WASMC_MAX_STACK_SIZE) return EINVAL;
  wrt_detached_job *job = malloc(sizeof *job);
  if (!job) return ENOMEM;
  job->fn = fn;
  job->arg = arg;
  pthread_attr_t attr;
  int err = pthread_attr_init(&attr);
  if (err) {
    free(job);
    return err;
  }
  err = pthread_attr_setstacksize(&attr, (size_t)stack_bytes);
  if (!err) err = pthread_attr_setguardsize(&attr, WRT_STACK_GUARD);
  if (!err) err = pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t tid;
  if (!err) err = pthread_create(&tid, &attr, wrt_detached_main, job);
  pthread_attr_destroy(&attr);
  if (err) free(job);
  return err;
}
