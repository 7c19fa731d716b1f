/*
 * test-runtime-atomic.c — the threads proposal in the runtime: shared
 * memories (creation, import matching by sharedness), memory.atomic.wait32/
 * wait64/notify (not-equal, time-out, wake-up of a waiting thread, notify
 * counts, traps for bounds, alignment and unshared memories) and concurrent
 * growth of a shared memory.
 */
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "test-runtime.h"

static wasmc_memory *g_mem;

static int resolve_mem(void *ctx, const char *module, const char *name, uint32_t kind, wasmc_extern *out) {
  (void)module, (void)name, (void)kind;
  memset(out, 0, sizeof *out);
  out->kind = WASMC_EXTERN_MEMORY;
  out->memory = ctx;
  return 0;
}

static wasmc_memory_desc g_desc;
static wasmc_import_desc g_imp = {"env", "memory", WASMC_EXTERN_MEMORY, 0};

/* A module importing one memory of 1..max pages, shared or not. */
static wasmc_module module_importing(uint64_t max, uint32_t flags) {
  wasmc_module m = test_blank_module();
  g_desc = (wasmc_memory_desc){1, max, 1, flags};
  m.n_memories = m.n_imported_memories = 1;
  m.memories = &g_desc;
  m.n_imports = 1;
  m.imports = &g_imp;
  return m;
}

static void test_import_matching(void) {
  wasmc_memory *plain = wasmc_memory_create(1, 4, 1), *shared = wasmc_shared_memory_create(1, 4);
  CHECK(plain && shared);
  wasmc_module m = module_importing(4, WASMC_MEMORY_SHARED);
  wasmc_instance *inst = NULL;
  wasmc_error err;
  CHECK_EQ(wasmc_instance_create(&m, resolve_mem, plain, &inst, &err), WASMC_ERR_INCOMPATIBLE_IMPORT);
  CHECK_EQ(wasmc_instance_create(&m, resolve_mem, shared, &inst, &err), WASMC_OK);
  wasmc_instance_destroy(inst);
  m = module_importing(4, 0);
  CHECK_EQ(wasmc_instance_create(&m, resolve_mem, shared, &inst, &err), WASMC_ERR_INCOMPATIBLE_IMPORT);
  wasmc_memory_destroy(plain);
  wasmc_memory_destroy(shared);
}

typedef struct waiter_arg {
  wasmc_instance *inst;
  uint32_t result;
} waiter_arg;

static void *waiter(void *p) {
  waiter_arg *a = p;
  a->result = wasmc_rt_atomic_wait32(a->inst, 0, 64, 7, -1);
  return NULL;
}

static void test_wait_notify(void) {
  wasmc_module m = module_importing(2, WASMC_MEMORY_SHARED);
  wasmc_instance *inst = test_instantiate(&m, resolve_mem, g_mem);
  uint32_t *cell = (uint32_t *)(g_mem->base + 64);
  *cell = 7;
  CHECK_EQ(wasmc_rt_atomic_wait32(inst, 0, 64, 8, -1), 1);           /* not equal */
  CHECK_EQ(wasmc_rt_atomic_wait64(inst, 0, 64, 8, 0), 1);            /* i64 7 != 8 */
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  CHECK_EQ(wasmc_rt_atomic_wait32(inst, 0, 64, 7, 20000000), 2);     /* 20 ms */
  clock_gettime(CLOCK_MONOTONIC, &t1);
  long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
  CHECK(ms >= 19);
  CHECK_EQ(wasmc_rt_atomic_notify(inst, 0, 64, 5), 0);               /* nobody waits */

  enum { N = 3 };
  waiter_arg args[N];
  pthread_t t[N];
  for (int i = 0; i < N; i++) {
    args[i] = (waiter_arg){inst, 99};
    CHECK(pthread_create(&t[i], NULL, waiter, &args[i]) == 0);
  }
  /* wake them one notify at a time: each wakes exactly one once queued */
  uint32_t woken = 0;
  for (int tries = 0; woken < N && tries < 20000; tries++) {
    woken += wasmc_rt_atomic_notify(inst, 0, 64, 1);
    if (woken < N) usleep(100);
  }
  CHECK_EQ(woken, N);
  for (int i = 0; i < N; i++) {
    pthread_join(t[i], NULL);
    CHECK_EQ(args[i].result, 0);
  }
  wasmc_instance_destroy(inst);
}

typedef struct trap_case {
  wasmc_instance *inst;
  int which;
} trap_case;

static void do_trap(void *p) {
  trap_case *c = p;
  switch (c->which) {
  case 0: (void)wasmc_rt_atomic_wait32(c->inst, 0, 65536 - 2, 0, 0); break; /* 2 of 4 bytes out */
  case 1: (void)wasmc_rt_atomic_wait64(c->inst, 0, 4, 0, 0); break;         /* not 8-aligned */
  case 2: (void)wasmc_rt_atomic_notify(c->inst, 0, 1u << 20, 1); break;      /* out of bounds */
  default: (void)wasmc_rt_atomic_wait32(c->inst, 0, 0, 0, 0); break;        /* unshared memory */
  }
}

static void test_traps(void) {
  wasmc_module m = module_importing(2, WASMC_MEMORY_SHARED);
  wasmc_instance *inst = test_instantiate(&m, resolve_mem, g_mem);
  static const uint32_t want[3] = {WASMC_TRAP_MEMORY_OOB, WASMC_TRAP_UNALIGNED_ATOMIC, WASMC_TRAP_MEMORY_OOB};
  for (int i = 0; i < 3; i++) {
    trap_case c = {inst, i};
    wasmc_trap_info info;
    CHECK_EQ(wasmc_try(do_trap, &c, &info), want[i]);
  }
  wasmc_instance_destroy(inst);
  wasmc_memory *plain = wasmc_memory_create(1, 1, 1);
  m = module_importing(1, 0);
  inst = test_instantiate(&m, resolve_mem, plain);
  trap_case c = {inst, 3};
  wasmc_trap_info info;
  CHECK_EQ(wasmc_try(do_trap, &c, &info), WASMC_TRAP_EXPECTED_SHARED);
  CHECK_EQ(wasmc_rt_atomic_notify(inst, 0, 0, 1), 0); /* notify on unshared: no waiters, no trap */
  wasmc_instance_destroy(inst);
  wasmc_memory_destroy(plain);
}

static wasmc_memory *g_grow;

static void *grower(void *p) {
  (void)p;
  for (int i = 0; i < 8; i++) CHECK(wasmc_memory_grow(g_grow, 1) != UINT32_MAX);
  return NULL;
}

static void test_concurrent_grow(void) {
  g_grow = wasmc_shared_memory_create(1, 64);
  CHECK(g_grow != NULL);
  pthread_t t[4];
  for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, grower, NULL);
  for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
  CHECK_EQ(g_grow->size, 33u * WASMC_PAGE_SIZE);
  g_grow->base[33u * WASMC_PAGE_SIZE - 1] = 1; /* the last page is accessible */
  wasmc_memory_destroy(g_grow);
}

int main(void) {
  g_mem = wasmc_shared_memory_create(1, 2);
  CHECK(g_mem != NULL);
  RUN(test_import_matching);
  RUN(test_wait_notify);
  RUN(test_traps);
  RUN(test_concurrent_grow);
  wasmc_memory_destroy(g_mem);
  return test_finish("test-runtime-atomic");
}
