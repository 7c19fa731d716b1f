/*
 * wrt_thread_spawn.c — wasi-threads: the `wasi` `thread-spawn` import
 * (WebAssembly/wasi-threads, as wasi-libc's pthread_create uses it) and the
 * shared `env` `memory` that such modules import.
 *
 * As in Wasmtime, every spawned thread is a native thread with a NEW
 * instance of the same module: its own globals (the shadow-stack pointer
 * __stack_pointer is per thread), its own tables (filled from the same
 * element segments), the process's one memory imported into every
 * instance.  Instantiation runs on the new thread, so the instance's stack
 * limit is that thread's and (Segue executables) the thread's gs base is
 * set; the spawner waits for it and returns the thread id, or a negative
 * value when the thread or instance could not be made.  The thread then
 * calls the module's export wasi_thread_start(tid, start_arg) and ends when
 * it returns.
 *
 * Whole-process semantics, as Wasmtime: a trap in any thread prints its
 * report and exits the process with WASMC_TRAP_EXIT_STATUS (no catch frame
 * on these threads), proc_exit in any thread exits the process, and the
 * process ends when _start returns.
 */
#include <errno.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wrt_internal.h"

/* The process's wasi-threads state (an executable holds one module). */
static struct {
  const wasmc_module *module;
  wasmc_memory *memory;   /* env.memory, created from the import's type */
  uint64_t stack_bytes;   /* native stack of each spawned thread */
} wrt_threads;

static _Atomic int32_t wrt_next_tid = 1;

/* wasi-threads thread ids are positive and below 2^29 */
#define WRT_MAX_TID 0x1fffffff

int wasmc_threads_init(const wasmc_module *module, uint64_t stack_bytes) {
  wrt_threads.module = module;
  wrt_threads.stack_bytes = stack_bytes;
  for (uint32_t i = 0; i < module->n_imports; i++) {
    const wasmc_import_desc *imp = &module->imports[i];
    if (imp->kind != WASMC_EXTERN_MEMORY || strcmp(imp->module, WASMC_ENV_MODULE) != 0 ||
        strcmp(imp->name, WASMC_ENV_MEMORY) != 0)
      continue;
    if (imp->index >= module->n_memories) return EINVAL;
    const wasmc_memory_desc *d = &module->memories[imp->index];
    wrt_threads.memory = d->flags & WASMC_MEMORY_SHARED
                             ? wasmc_shared_memory_create(d->min_pages, d->max_pages)
                             : wasmc_memory_create(d->min_pages, d->max_pages, (int)d->has_max);
    if (!wrt_threads.memory) return ENOMEM;
  }
  return 0;
}

int wasmc_resolve_wasi_threads(void *ctx, const char *module, const char *name, uint32_t kind, wasmc_extern *out) {
  if (module && name && strcmp(module, WASMC_ENV_MODULE) == 0 && strcmp(name, WASMC_ENV_MEMORY) == 0 &&
      wrt_threads.memory) {
    memset(out, 0, sizeof *out);
    out->kind = WASMC_EXTERN_MEMORY;
    out->memory = wrt_threads.memory;
    return 0;
  }
  if (module && name && strcmp(module, WASMC_WASI_THREADS_MODULE) == 0 &&
      strcmp(name, WASMC_WASI_THREAD_SPAWN) == 0) {
    memset(out, 0, sizeof *out);
    out->kind = WASMC_EXTERN_FUNC;
    out->host_code = (void *)wasmc_wasi_thread_spawn;
    out->host_type_id = wasmc_type_id("i:i");
    return 0;
  }
  return wasmc_resolve_wasi(ctx, module, name, kind, out);
}

typedef struct wrt_spawn_job {
  int32_t tid, start_arg;
  sem_t ready;            /* posted once the instance exists (or failed) */
  int status;             /* 0: running; else instantiation failed */
} wrt_spawn_job;

static void wrt_spawned_main(void *arg) {
  wrt_spawn_job *job = arg;
  int32_t tid = job->tid, start_arg = job->start_arg;
  wasmc_instance *inst = NULL;
  wasmc_error err;
  int rc = wasmc_instance_create(wrt_threads.module, wasmc_resolve_wasi_threads, NULL, &inst, &err);
  if (rc == WASMC_ERR_TRAP) wasmc_trap_exit(&err.trap); /* the start function trapped: ends the process */
  const wasmc_funcref *start = rc == WASMC_OK ? wasmc_instance_export_func(inst, "wasi_thread_start") : NULL;
  if (rc == WASMC_OK && (!start || start->type_id != wasmc_type_id("ii:"))) {
    wasmc_instance_destroy(inst);
    rc = WASMC_ERR_MALFORMED;
  }
  job->status = rc;
  sem_post(&job->ready); /* job belongs to the spawner from here */
  if (rc != WASMC_OK) return;
  /* no catch frame: a trap reports and exits the whole process */
  ((void (*)(wasmc_instance *, int32_t, int32_t))start->func)(start->instance, tid, start_arg);
  wasmc_instance_destroy(inst);
}

int32_t wasmc_wasi_thread_spawn(wasmc_instance *inst, int32_t start_arg) {
  (void)inst;
  if (!wrt_threads.module) return -EINVAL; /* not an executable set up by wasmc_threads_init */
  if (!wrt_threads.memory || !wrt_memory_of(wrt_threads.memory)->shared) {
    /* a thread's new instance would get a memory of its own (wasi-threads
     * requires the memory to be imported, shared) */
    static atomic_flag said = ATOMIC_FLAG_INIT;
    if (!atomic_flag_test_and_set(&said))
      fprintf(stderr, "wasmc: thread-spawn: the module must import its memory as a shared \"env\" \"memory\" "
                      "(link with -Wl,--import-memory,--export-memory,--max-memory=N)\n");
    return -ENOTSUP;
  }
  int32_t tid = atomic_fetch_add(&wrt_next_tid, 1);
  if (tid <= 0 || tid > WRT_MAX_TID) return -EAGAIN;
  wrt_spawn_job job = {.tid = tid, .start_arg = start_arg, .status = 0};
  if (sem_init(&job.ready, 0, 0) != 0) return -EAGAIN;
  int err = wrt_thread_start_detached(wrt_spawned_main, &job, wrt_threads.stack_bytes);
  if (!err) {
    while (sem_wait(&job.ready) != 0 && errno == EINTR) {
    }
  }
  sem_destroy(&job.ready);
  if (err) return -EAGAIN;
  if (job.status != WASMC_OK) return -ENOMEM;
  return tid;
}
