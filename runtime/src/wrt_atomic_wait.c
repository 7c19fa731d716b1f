/*
 * wrt_atomic_wait.c — memory.atomic.wait32/wait64 and memory.atomic.notify
 * (threads proposal overview, "Wait and Notify Operators").
 *
 * A table of WRT_WAIT_BUCKETS wait queues keyed by the host address of the
 * waited-on cell (every instance of a shared memory maps the same host
 * bytes, so threads agree on it).  A waiter holds its bucket's lock while it
 * compares the cell with `expected` and queues itself, and notify takes the
 * same lock to dequeue: a notify that follows the store a waiter is waiting
 * for can never be missed.  Each waiter sleeps on its own condition variable
 * (CLOCK_MONOTONIC for the timeout), so notify wakes exactly the waiters it
 * counts, oldest first (FIFO, as the proposal asks).  The futex syscall is
 * not used: it waits on 32-bit values only and wait64 needs the same queue.
 * With a --timeout, waits sleep in slices of WRT_WAIT_SLICE_NS and trap
 * "interrupt" once their instance's time is up.
 */
#include <errno.h>
#include <pthread.h>
#include <time.h>

#include "wrt_internal.h"

#define WRT_WAIT_BUCKETS 64u

typedef struct wrt_waiter {
  struct wrt_waiter *next;
  uintptr_t addr;        /* host address waited on */
  pthread_cond_t cond;
  bool woken;            /* set by notify, under the bucket lock */
} wrt_waiter;

typedef struct wrt_wait_bucket {
  pthread_mutex_t lock;
  wrt_waiter *head, *tail; /* FIFO */
} wrt_wait_bucket;

static wrt_wait_bucket wrt_buckets[WRT_WAIT_BUCKETS];
static pthread_condattr_t wrt_cond_attr;
static pthread_once_t wrt_wait_once = PTHREAD_ONCE_INIT;

static void wrt_wait_init(void) {
  for (unsigned i = 0; i < WRT_WAIT_BUCKETS; i++) pthread_mutex_init(&wrt_buckets[i].lock, NULL);
  pthread_condattr_init(&wrt_cond_attr);
  pthread_condattr_setclock(&wrt_cond_attr, CLOCK_MONOTONIC);
}

static wrt_wait_bucket *wrt_bucket_of(uintptr_t addr) {
  pthread_once(&wrt_wait_once, wrt_wait_init);
  uint64_t h = (uint64_t)addr * 0x9e3779b97f4a7c15ull;
  return &wrt_buckets[(h >> 32) % WRT_WAIT_BUCKETS];
}

/* Trap code for an access of `bytes` at wasm address `addr` of `m`, or 0. */
static uint32_t wrt_atomic_check(const wasmc_memory *m, uint64_t addr, unsigned bytes) {
  uint64_t size = __atomic_load_n(&m->size, __ATOMIC_ACQUIRE);
  if (addr > size || bytes > size - addr) return WASMC_TRAP_MEMORY_OOB;
  if (addr % bytes) return WASMC_TRAP_UNALIGNED_ATOMIC;
  return 0;
}

static void wrt_unlink(wrt_wait_bucket *b, wrt_waiter *w) {
  wrt_waiter **pp = &b->head, *prev = NULL;
  while (*pp && *pp != w) {
    prev = *pp;
    pp = &(*pp)->next;
  }
  if (!*pp) return;
  *pp = w->next;
  if (b->tail == w) b->tail = prev;
}

/* A wait sleeps at most this long at a time when a --timeout is set, so
 * that it sees its instance's epoch bumped (wrt_interrupt.c). */
#define WRT_WAIT_SLICE_NS 50000000L

/* The wait itself: 0 woken, 1 not equal, 2 timed out, 3 interrupted (the
 * instance's epoch was bumped: the caller traps). */
static uint32_t wrt_wait(wasmc_instance *inst, const void *cell, unsigned bytes, uint64_t expected,
                         int64_t timeout_ns) {
  uintptr_t addr = (uintptr_t)cell;
  wrt_wait_bucket *b = wrt_bucket_of(addr);
  pthread_mutex_lock(&b->lock);
  uint64_t now = bytes == 4 ? __atomic_load_n((const uint32_t *)cell, __ATOMIC_SEQ_CST)
                            : __atomic_load_n((const uint64_t *)cell, __ATOMIC_SEQ_CST);
  if (now != expected) {
    pthread_mutex_unlock(&b->lock);
    return 1;
  }
  if (timeout_ns == 0) {
    pthread_mutex_unlock(&b->lock);
    return 2;
  }
  wrt_waiter w = {.next = NULL, .addr = addr, .woken = false};
  pthread_cond_init(&w.cond, &wrt_cond_attr);
  if (b->tail) b->tail->next = &w;
  else b->head = &w;
  b->tail = &w;
  struct timespec deadline = {0, 0};
  if (timeout_ns > 0) {
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    int64_t sec = timeout_ns / 1000000000, nsec = timeout_ns % 1000000000;
    deadline.tv_sec += (time_t)sec;
    deadline.tv_nsec += (long)nsec;
    if (deadline.tv_nsec >= 1000000000L) {
      deadline.tv_sec++;
      deadline.tv_nsec -= 1000000000L;
    }
  }
  uint32_t result = 0;
  bool sliced = wrt_interrupt_message() != NULL; /* a --timeout is running */
  while (!w.woken) {
    int err;
    if (sliced) {
      if (__atomic_load_n(&inst->epoch, __ATOMIC_RELAXED) != 0) {
        wrt_unlink(b, &w);
        result = 3;
        break;
      }
      struct timespec slice;
      clock_gettime(CLOCK_MONOTONIC, &slice);
      slice.tv_nsec += WRT_WAIT_SLICE_NS;
      if (slice.tv_nsec >= 1000000000L) {
        slice.tv_sec++;
        slice.tv_nsec -= 1000000000L;
      }
      bool last = timeout_ns >= 0 && (slice.tv_sec > deadline.tv_sec ||
                                      (slice.tv_sec == deadline.tv_sec && slice.tv_nsec >= deadline.tv_nsec));
      err = pthread_cond_timedwait(&w.cond, &b->lock, last ? &deadline : &slice);
      if (err == ETIMEDOUT && !last) continue;
    } else {
      err = timeout_ns < 0 ? pthread_cond_wait(&w.cond, &b->lock) : pthread_cond_timedwait(&w.cond, &b->lock, &deadline);
    }
    if (err == ETIMEDOUT && !w.woken) {
      wrt_unlink(b, &w);
      result = 2;
      break;
    }
  }
  pthread_mutex_unlock(&b->lock);
  pthread_cond_destroy(&w.cond);
  return result;
}

/* wait32 and wait64 (`bytes` 4 or 8).  Inlined into each entry point, so
 * that WRT_TRAP_HERE names the wasm function that called it. */
static inline __attribute__((always_inline)) uint32_t wrt_atomic_wait(wasmc_instance *inst, uint32_t mem,
                                                                      uint64_t addr, unsigned bytes,
                                                                      uint64_t expected, int64_t timeout_ns) {
  wasmc_memory *m = wrt_memory_at(inst, mem);
  uint32_t trap = wrt_atomic_check(m, addr, bytes);
  if (trap) WRT_TRAP_HERE(trap);
  wrt_memory *w = wrt_memory_of(m);
  if (!w || !w->shared) WRT_TRAP_HERE(WASMC_TRAP_EXPECTED_SHARED);
  uint32_t r = wrt_wait(inst, m->base + addr, bytes, expected, timeout_ns);
  if (r == 3) WRT_TRAP_HERE(WASMC_TRAP_INTERRUPT);
  return r;
}

uint32_t wasmc_rt_atomic_wait32(wasmc_instance *inst, uint32_t mem, uint64_t addr, uint32_t expected,
                                int64_t timeout_ns) {
  return wrt_atomic_wait(inst, mem, addr, 4, expected, timeout_ns);
}

uint32_t wasmc_rt_atomic_wait64(wasmc_instance *inst, uint32_t mem, uint64_t addr, uint64_t expected,
                                int64_t timeout_ns) {
  return wrt_atomic_wait(inst, mem, addr, 8, expected, timeout_ns);
}

uint32_t wasmc_rt_atomic_notify(wasmc_instance *inst, uint32_t mem, uint64_t addr, uint32_t count) {
  wasmc_memory *m = wrt_memory_at(inst, mem);
  uint32_t trap = wrt_atomic_check(m, addr, 4);
  if (trap) WRT_TRAP_HERE(trap);
  wrt_memory *wm = wrt_memory_of(m);
  if (!wm || !wm->shared || count == 0) return 0; /* an unshared memory has no waiters */
  uintptr_t cell = (uintptr_t)(m->base + addr);
  wrt_wait_bucket *b = wrt_bucket_of(cell);
  uint32_t n = 0;
  pthread_mutex_lock(&b->lock);
  wrt_waiter **pp = &b->head, *prev = NULL;
  while (*pp && n < count) {
    wrt_waiter *w = *pp;
    if (w->addr != cell) {
      prev = w;
      pp = &w->next;
      continue;
    }
    *pp = w->next;
    if (b->tail == w) b->tail = prev;
    w->woken = true;
    pthread_cond_signal(&w->cond);
    n++;
  }
  pthread_mutex_unlock(&b->lock);
  return n;
}
