/* wasi_sjlj.c — see wasi_sjlj.h.  Compile the program with
 * -DWASI_SJLJ_MAIN=<renamed main>, e.g. -Dmain=lua_main -DWASI_SJLJ_MAIN=lua_main
 * for the program's sources (not for this file). */
#include <stdio.h>
#include <stdlib.h>
#include "wasi_sjlj.h"

#define IMPORT(name) __attribute__((import_module("asyncify"), import_name(name)))
IMPORT("start_unwind") void asyncify_start_unwind(void *buf);
IMPORT("stop_unwind") void asyncify_stop_unwind(void);
IMPORT("start_rewind") void asyncify_start_rewind(void *buf);
IMPORT("stop_rewind") void asyncify_stop_rewind(void);

enum { ST_FRESH = 0, ST_CAPTURING, ST_CAPTURED, ST_RETURNING };
#define SNAP_SIZE (512 * 1024)    /* stack depth at setjmp */
#define SCRATCH_SIZE (1024 * 1024) /* stack depth at longjmp (discarded) */

static struct wasi_jmp_buf *active;
static struct wasi_asyncify_buf scratch;
static char scratch_mem[SCRATCH_SIZE];

int wasi_setjmp(struct wasi_jmp_buf *env) {
  /* A jmp_buf usually lives in uninitialized stack memory, so its fields mean
   * nothing until this call captured it: a call is a rewind only when the
   * driver loop is rewinding into this very jmp_buf. */
  if (active == env && env->state == ST_CAPTURING) { /* right after the capture */
    asyncify_stop_rewind();
    env->state = ST_CAPTURED;
    active = NULL;
    return 0;
  }
  if (active == env && env->state == ST_RETURNING) { /* rewound by longjmp */
    asyncify_stop_rewind();
    env->state = ST_CAPTURED;
    active = NULL;
    return env->value;
  }
  /* a fresh jmp_buf: capture the stack */
  env->mem = malloc(SNAP_SIZE);
  if (!env->mem) { fputs("wasi_setjmp: out of memory\n", stderr); abort(); }
  env->snap.top = env->mem;
  env->snap.end = env->mem + SNAP_SIZE;
  env->state = ST_CAPTURING;
  env->value = 0;
  active = env;
  asyncify_start_unwind(&env->snap);
  return -1; /* not observed: the stack is unwinding */
}

void wasi_longjmp(struct wasi_jmp_buf *env, int value) {
  env->state = ST_RETURNING;
  env->value = value ? value : 1;
  active = env;
  scratch.top = scratch_mem;
  scratch.end = scratch_mem + SCRATCH_SIZE;
  /* Returns (while unwinding).  Deliberately not _Noreturn: clang would put
   * an `unreachable` after this call, which Asyncify then executes. */
  asyncify_start_unwind(&scratch);
}

void wasi_jmpbuf_release(struct wasi_jmp_buf *env) {
  free(env->mem);
  env->mem = NULL;
  env->state = ST_FRESH;
}

int WASI_SJLJ_MAIN(int argc, char **argv);

/* The bottom frame: never instrumented by Asyncify because it calls
 * stop_unwind/start_rewind.  Each unwind lands here; rewind as requested. */
int main(int argc, char **argv) {
  for (;;) {
    int r = WASI_SJLJ_MAIN(argc, argv);
    asyncify_stop_unwind();
    if (!active) return r;
    if (active->state == ST_CAPTURING) {
      active->snap_top = active->snap.top; /* remember where the snapshot ends */
    } else {
      active->snap.top = active->snap_top; /* replay the snapshot again */
    }
    asyncify_start_rewind(&active->snap);
  }
}
