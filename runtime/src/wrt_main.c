/*
 * wrt_main.c — main() of an executable produced by wasmc.
 *
 * Kept alone in its object file so that an embedder defining its own main()
 * never pulls it out of libwasmc_rt.a.  The compiler-generated object defines
 * the module descriptor and the sandbox configuration.
 *
 * Exit status: 0 when _start returns; n when the guest calls proc_exit(n)
 * (posix/ exits directly); WASMC_TRAP_EXIT_STATUS after a trap (one line on
 * stderr); 1 when the executable cannot start (bad flags, unknown import,
 * no _start, out of resources).  When several threads end the process at
 * once, the first one's status and output win (wasmc_exit, wrt_exit.c).
 */
#include <stdio.h>
#include <string.h>

#include "wasmc_runtime.h"

#if __has_include("px.h")
#include "px.h"
#endif
/* The posix/ layer's entry points (re-declared so that a disagreement with
 * px.h is a compile error).  px_init applies the baked configuration and
 * the WASMC_FLAGS overrides; it returns 0, or nonzero after printing why.
 * px_stack_size_override is the "--stack-size N" override in bytes, 0 if
 * none.  px_limits gives the resource limits in effect (baked in, lowered by
 * WASMC_FLAGS). */
int px_init(int argc, char **argv, const wasmc_config *cfg);
uint64_t px_stack_size_override(void);
void px_limits(uint64_t *out_max_memory, uint64_t *out_max_table_elements);
void px_time_limits(uint64_t *out_timeout_ns, uint64_t *out_fuel);
void px_interrupt(void);

/* An optional part of the runtime (wasmc_abi.h WASMC_RT_TIMER_ENTRY):
 * present when the module's object asked for it. */
#pragma weak wasmc_timeout_start
#pragma weak wasmc_timeout_stop

extern const wasmc_module wasmc_main_module;
extern const wasmc_config wasmc_main_config;

typedef struct wrt_main_job {
  int status;
  uint64_t timeout_ns; /* --timeout, or WASMC_NO_LIMIT */
} wrt_main_job;

static void wrt_main_on_wasm_stack(void *arg) {
  wrt_main_job *job = arg;
  wasmc_instance *inst = NULL;
  wasmc_error err;
  if (job->timeout_ns != WASMC_NO_LIMIT) {
    /* from here, on this thread: the start function counts too */
    if (!wasmc_timeout_start) {
      fprintf(stderr, "wasmc: --timeout: this executable was linked without the runtime's timer "
                      "(its object does not refer to " WASMC_RT_TIMER_ENTRY ")\n");
      job->status = 1;
      return;
    }
    int terr = wasmc_timeout_start(job->timeout_ns, px_interrupt);
    if (terr) {
      fprintf(stderr, "wasmc: cannot start the --timeout timer: %s\n", strerror(terr));
      job->status = 1;
      return;
    }
  }
  /* Executables import nothing but WASI, wasi-threads' thread-spawn and
   * their "env" "memory" (created by wasmc_threads_init) */
  int rc = wasmc_instance_create(&wasmc_main_module, wasmc_resolve_wasi_threads, NULL, &inst, &err);
  if (rc == WASMC_ERR_TRAP) wasmc_trap_exit(&err.trap);  /* segment or start trapped */
  if (rc != WASMC_OK) {
    if (err.detail[0])
      fprintf(stderr, "wasmc: %s %s\n", err.message, err.detail);
    else
      fprintf(stderr, "wasmc: %s\n", err.message);
    job->status = 1;
    if (job->timeout_ns != WASMC_NO_LIMIT) wasmc_timeout_stop();
    return;
  }
  const wasmc_funcref *start = wasmc_instance_export_func(inst, "_start");
  if (!start) {
    fprintf(stderr, "wasmc: the module exports no _start function\n");
    job->status = 1;
  } else if (start->type_id != wasmc_type_id(":")) {
    fprintf(stderr, "wasmc: _start must take no parameters and return nothing\n");
    job->status = 1;
  } else {
    /* No catch frame: a trap prints its line and exits with
     * WASMC_TRAP_EXIT_STATUS; proc_exit exits from posix/. */
    ((void (*)(wasmc_instance *))start->func)(start->instance);
    job->status = 0;
  }
  wasmc_instance_destroy(inst);
  /* this thread ends soon: the timer must not signal it any more */
  if (job->timeout_ns != WASMC_NO_LIMIT) wasmc_timeout_stop();
}

int main(int argc, char **argv) {
  if (wasmc_main_config.abi_version != WASMC_ABI_VERSION) {
    fprintf(stderr, "wasmc: executable built for runtime ABI %u, runtime is ABI %u\n",
            wasmc_main_config.abi_version, WASMC_ABI_VERSION);
    return 1;
  }
  if (px_init(argc, argv, &wasmc_main_config) != 0) return 1;
  /* --max-memory, --max-table-elements: checked when the instance creates its
   * memories and tables, and by memory.grow / table.grow */
  wasmc_limits limits;
  px_limits(&limits.max_memory, &limits.max_table_elements);
  wasmc_set_limits(&limits);
  /* --timeout, --fuel: px_init refused them if the code has no checks */
  uint64_t timeout_ns, fuel;
  px_time_limits(&timeout_ns, &fuel);
  wasmc_set_fuel(fuel);
  int err = wasmc_runtime_init();
  if (err) {
    fprintf(stderr, "wasmc: cannot install trap handlers: %s\n", strerror(err));
    return 1;
  }
  uint64_t stack = px_stack_size_override();
  if (stack == 0) stack = wasmc_main_config.stack_size;
  err = wasmc_threads_init(&wasmc_main_module, stack);
  if (err) {
    fprintf(stderr, "wasmc: cannot create the imported memory env.memory: %s\n", strerror(err));
    return 1;
  }
  wrt_main_job job = {1, timeout_ns};
  err = wasmc_run_on_wasm_stack(wrt_main_on_wasm_stack, &job, stack);
  if (err) {
    fprintf(stderr, "wasmc: cannot start the wasm thread (stack size %llu bytes): %s\n",
            (unsigned long long)(stack ? stack : WASMC_DEFAULT_STACK_SIZE), strerror(err));
    return 1;
  }
  /* Other threads may still run: end the process only if none of them is
   * already ending it (proc_exit, a trap); else that one's status wins. */
  wasmc_exit(job.status);
}
