/*
 * wrt_interrupt.c — the run-time side of --timeout and --fuel (docs/
 * sandbox.md "Limits"): the fuel every new instance starts with, the list of
 * live instances a timeout interrupts, and what happens when it expires.
 * The timer that makes it expire is wrt_timer.c, an optional part of the
 * runtime (linked only for code with interruption checks).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

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

void wrt_interrupt_set_duration(const char *duration) {
  strcpy(wrt_interrupt_msg, "interrupt (time limit of ");
  strncat(wrt_interrupt_msg, duration, sizeof wrt_interrupt_msg - 40);
  strcat(wrt_interrupt_msg, " exceeded)");
}

void wrt_interrupt_expire(void) {
  pthread_mutex_lock(&wrt_int_lock);
  wrt_int_expired = true;
  for (size_t i = 0; i < wrt_int_n; i++)
    wasmc_instance_interrupt(wrt_int_live[i]);
  wasmc_rt_interrupt_pending = 1;
  pthread_mutex_unlock(&wrt_int_lock);
}
