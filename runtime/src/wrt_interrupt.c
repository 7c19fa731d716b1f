/*
 * wrt_interrupt.c — the run-time side of --timeout and --fuel (docs/
 * sandbox.md "Limits"): the fuel every new instance starts with, the list of
 * live instances a timeout interrupts, and the timer.
 *
 * The timer is a thread, not timer_create/SIGALRM delivery: it sleeps on
 * CLOCK_MONOTONIC until the deadline (absolute, so early wake-ups cost
 * nothing), bumps the epoch of every live instance (generated code checks it
 * at function entries and loop headers), then sends WASMC_INTERRUPT_SIGNAL
 * to the wasm thread every 10 ms.  The handler does nothing; it is installed
 * without SA_RESTART, so a system call the guest is blocked in (ppoll,
 * read of a pipe or socket, clock_nanosleep) returns EINTR, and the WASI
 * layer, seeing the epoch set, traps.  Repeating the signal closes the race
 * where it lands just before the thread enters the blocking call.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wasmc_limits.h"
#include "wrt_internal.h"

static pthread_mutex_t wrt_int_lock = PTHREAD_MUTEX_INITIALIZER;
volatile uint64_t wasmc_rt_interrupt_pending;
static wasmc_instance **wrt_int_live; /* instances created and not destroyed */
static size_t wrt_int_n, wrt_int_cap;
static bool wrt_int_expired; /* the time limit is up (under the lock) */
static int64_t wrt_fuel_budget = INT64_MAX;

/* "interrupt (time limit of 10s exceeded)", once a timeout is set */
static char wrt_interrupt_msg[80];

const char *wrt_interrupt_message(void) { return wrt_interrupt_msg[0] ? wrt_interrupt_msg : NULL; }

void wasmc_set_fuel(uint64_t fuel) { wrt_fuel_budget = fuel > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)fuel; }

void wasmc_instance_interrupt(wasmc_instance *inst) { __atomic_fetch_add(&inst->epoch, 1, __ATOMIC_RELAXED); }

void wrt_limits_attach(wasmc_instance *inst) {
  inst->fuel = wrt_fuel_budget;
  pthread_mutex_lock(&wrt_int_lock);
  if (wrt_int_expired) wasmc_instance_interrupt(inst);
  if (wrt_int_n == wrt_int_cap) {
    size_t cap = wrt_int_cap ? wrt_int_cap * 2 : 4;
    wasmc_instance **p = realloc(wrt_int_live, cap * sizeof *p);
    if (!p) {
      /* not tracked: a timeout could not reach it, so stop it at once
       * rather than let it run unlimited */
      pthread_mutex_unlock(&wrt_int_lock);
      wasmc_instance_interrupt(inst);
      return;
    }
    wrt_int_live = p;
    wrt_int_cap = cap;
  }
  wrt_int_live[wrt_int_n++] = inst;
  pthread_mutex_unlock(&wrt_int_lock);
}

void wrt_limits_detach(wasmc_instance *inst) {
  pthread_mutex_lock(&wrt_int_lock);
  for (size_t i = 0; i < wrt_int_n; i++)
    if (wrt_int_live[i] == inst) {
      wrt_int_live[i] = wrt_int_live[--wrt_int_n];
      break;
    }
  pthread_mutex_unlock(&wrt_int_lock);
}

/* A loop check of an executable saw wasmc_rt_interrupt_pending: trap in the
 * instance the time limit interrupted (an executable has one). */
_Noreturn void wasmc_rt_interrupt(uint32_t func_index) {
  wasmc_instance *inst = NULL;
  pthread_mutex_lock(&wrt_int_lock);
  for (size_t i = 0; i < wrt_int_n && !inst; i++)
    if (__atomic_load_n(&wrt_int_live[i]->epoch, __ATOMIC_RELAXED)) inst = wrt_int_live[i];
  if (!inst && wrt_int_n) inst = wrt_int_live[0];
  pthread_mutex_unlock(&wrt_int_lock);
  if (!inst) wrt_fatal("wasmc: interrupted outside of any instance");
  wasmc_rt_trap(inst, WASMC_TRAP_INTERRUPT, func_index);
}

static void wrt_interrupt_handler(int sig) { (void)sig; /* only to make system calls return EINTR */ }

static struct {
  struct timespec deadline; /* CLOCK_MONOTONIC */
  pthread_t target;
  void (*on_expiry)(void);
} wrt_timer;

static bool wrt_timer_stopped; /* wasmc_timeout_stop (under the lock) */

void wasmc_timeout_stop(void) {
  pthread_mutex_lock(&wrt_int_lock);
  wrt_timer_stopped = true;
  pthread_mutex_unlock(&wrt_int_lock);
}

static void *wrt_timer_main(void *arg) {
  (void)arg;
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &wrt_timer.deadline, NULL) == EINTR) {
  }
  pthread_mutex_lock(&wrt_int_lock);
  if (wrt_timer_stopped) {
    pthread_mutex_unlock(&wrt_int_lock);
    return NULL;
  }
  wrt_int_expired = true;
  for (size_t i = 0; i < wrt_int_n; i++)
    wasmc_instance_interrupt(wrt_int_live[i]);
  wasmc_rt_interrupt_pending = 1;
  pthread_mutex_unlock(&wrt_int_lock);
  if (wrt_timer.on_expiry) wrt_timer.on_expiry();
  for (;;) {
    /* under the lock: wasmc_timeout_stop() may not return while a signal
     * to a thread about to end is being sent */
    pthread_mutex_lock(&wrt_int_lock);
    int rc = wrt_timer_stopped ? -1 : pthread_kill(wrt_timer.target, WASMC_INTERRUPT_SIGNAL);
    pthread_mutex_unlock(&wrt_int_lock);
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
  strcpy(wrt_interrupt_msg, "interrupt (time limit of ");
  strcat(wrt_interrupt_msg, d);
  strcat(wrt_interrupt_msg, " exceeded)");
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
