/*
 * wrt_timer.c — the --timeout timer (docs/sandbox.md "Limits").
 *
 * An optional part of the runtime (wasmc_abi.h WASMC_RT_TIMER_ENTRY): the
 * runtime's main() refers to wasmc_timeout_start weakly, and only objects
 * compiled with interruption checks refer to it strongly, so that other
 * executables carry neither this thread nor the C library's pthread_create.
 *
 * The timer is a thread, not timer_create/SIGALRM delivery: it sleeps on
 * CLOCK_MONOTONIC until the deadline (absolute, so early wake-ups cost
 * nothing), bumps the epoch of every live instance (wrt_interrupt_expire;
 * generated code checks it at function entries and loop headers), then
 * sends WASMC_INTERRUPT_SIGNAL to the wasm thread every 10 ms.  The handler
 * does nothing; it is installed without SA_RESTART, so a system call the
 * guest is blocked in (ppoll, read of a pipe or socket, clock_nanosleep)
 * returns EINTR, and the WASI layer, seeing the epoch set, traps.  Repeating
 * the signal closes the race where it lands just before the thread enters
 * the blocking call.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "wasmc_limits.h"
#include "wrt_internal.h"

static void wrt_interrupt_handler(int sig) { (void)sig; /* only to make system calls return EINTR */ }

static struct {
  struct timespec deadline; /* CLOCK_MONOTONIC */
  pthread_t target;
  void (*on_expiry)(void);
} wrt_timer;

static pthread_mutex_t wrt_timer_lock = PTHREAD_MUTEX_INITIALIZER;
static bool wrt_timer_stopped; /* wasmc_timeout_stop (under the lock) */

void wasmc_timeout_stop(void) {
  pthread_mutex_lock(&wrt_timer_lock);
  wrt_timer_stopped = true;
  pthread_mutex_unlock(&wrt_timer_lock);
}

static void *wrt_timer_main(void *arg) {
  (void)arg;
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &wrt_timer.deadline, NULL) == EINTR) {
  }
  /* lock order: wrt_timer_lock, then wrt_interrupt.c's */
  pthread_mutex_lock(&wrt_timer_lock);
  bool stopped = wrt_timer_stopped;
  if (!stopped) wrt_interrupt_expire();
  pthread_mutex_unlock(&wrt_timer_lock);
  if (stopped) return NULL;
  if (wrt_timer.on_expiry) wrt_timer.on_expiry();
  for (;;) {
    /* under the lock: wasmc_timeout_stop() may not return while a signal
     * to a thread about to end is being sent */
    pthread_mutex_lock(&wrt_timer_lock);
    int rc = wrt_timer_stopped ? -1 : pthread_kill(wrt_timer.target, WASMC_INTERRUPT_SIGNAL);
    pthread_mutex_unlock(&wrt_timer_lock);
    if (rc != 0) return NULL;
    struct timespec tick = {0, 10 * 1000 * 1000};
    nanosleep(&tick, NULL);
  }
}

int wasmc_timeout_start(uint64_t ns, void (*on_expiry)(void)) {
  static bool started;
  if (ns == 0 || ns > (uint64_t)INT64_MAX) return EINVAL;
  if (started) return EBUSY;
  char d[32];
  wasmc_format_duration(ns, d, sizeof d);
  wrt_interrupt_set_duration(d);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = wrt_interrupt_handler; /* no SA_RESTART: blocking calls return EINTR */
  sigemptyset(&sa.sa_mask);
  if (sigaction(WASMC_INTERRUPT_SIGNAL, &sa, NULL) != 0) return errno;
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  uint64_t sec = ns / 1000000000u, nsec = ns % 1000000000u + (uint64_t)now.tv_nsec;
  wrt_timer.deadline.tv_sec = now.tv_sec + (time_t)(sec + nsec / 1000000000u);
  wrt_timer.deadline.tv_nsec = (long)(nsec % 1000000000u);
  wrt_timer.target = pthread_self();
  wrt_timer.on_expiry = on_expiry;
  /* the timer thread takes no signals (process-directed ones go elsewhere) */
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&attr, 64 * 1024);
  pthread_t t;
  int rc = pthread_create(&t, &attr, wrt_timer_main, NULL);
  pthread_attr_destroy(&attr);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  if (rc == 0) started = true;
  return rc;
}
