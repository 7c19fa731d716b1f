/*
 * test-runtime-memory.c — linear memories: reservation, memory.grow limits,
 * bulk operations trap before writing, dropped data segments, and
 * out-of-bounds accesses of "generated" code turned into traps by the
 * signal handler.
 */
#include <sys/wait.h>
#include <unistd.h>

#include "test-runtime.h"

static wasmc_instance *g_inst;

/* Hand-written "generated" functions: f(wasmc_instance *, params...). */
__attribute__((noinline)) static void gen_store_far(wasmc_instance *inst) {
  TEST_STACK_CHECK(inst, 0);
  /* zext(i32) + offset can reach 8 GiB; 5 GiB is in the guard region. */
  *(volatile uint8_t *)(inst->mem0_base + ((uint64_t)5 << 30)) = 1;
}

__attribute__((noinline)) static void gen_load_at_size(wasmc_instance *inst) {
  TEST_STACK_CHECK(inst, 1);
  /* First byte past the accessible pages. */
  volatile uint8_t v = *(volatile uint8_t *)(inst->mem0_base + inst->memories[0]->size);
  (void)v;
}

__attribute__((noinline)) static void gen_fill_oob(wasmc_instance *inst) {
  TEST_STACK_CHECK(inst, 2);
  wasmc_rt_memory_fill(inst, 0, (uint32_t)inst->memories[0]->size - 2, 0xAA, 4);
}

static const uint8_t seg_active[] = "hello";
static const uint8_t seg_passive[] = "passive!";

static wasmc_func_desc funcs[3];
static wasmc_memory_desc mems[1] = {{1, 4, 1, 0}};
static wasmc_data_desc data[2] = {
    {seg_active, 5, WASMC_SEGMENT_ACTIVE, 0, 0, CONST_EXPR(0x41, 16)},  /* (i32.const 16) */
    {seg_passive, 8, WASMC_SEGMENT_PASSIVE, 0, 0, NO_EXPR},
};
static wasmc_module module;

static void call_store_far(void *a) { (void)a; gen_store_far(g_inst); }
static void call_load_at_size(void *a) { (void)a; gen_load_at_size(g_inst); }
static void call_fill_oob(void *a) { (void)a; gen_fill_oob(g_inst); }

typedef struct bulk_args {
  int op;  /* 0 fill, 1 copy, 2 init */
  uint32_t a, b, c, d;
} bulk_args;

static void call_bulk(void *p) {
  bulk_args *x = p;
  if (x->op == 0) wasmc_rt_memory_fill(g_inst, 0, x->a, x->b, x->c);
  if (x->op == 1) wasmc_rt_memory_copy(g_inst, 0, 0, x->a, x->b, x->c);
  if (x->op == 2) wasmc_rt_memory_init(g_inst, 0, x->d, x->a, x->b, x->c);
}

static int bulk(int op, uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
  bulk_args x = {op, a, b, c, d};
  wasmc_trap_info info;
  return wasmc_try(call_bulk, &x, &info);
}

static void test_instantiate_and_data(void) {
  uint8_t *mem = g_inst->mem0_base;
  CHECK(mem != NULL);
  CHECK(mem == g_inst->memories[0]->base);
  CHECK_EQ(g_inst->memories[0]->size, WASMC_PAGE_SIZE);
  CHECK_EQ(g_inst->memories[0]->reserved, WASMC_MEMORY_RESERVATION);
  CHECK(memcmp(mem + 16, "hello", 5) == 0);
  CHECK_EQ(mem[15], 0);
  CHECK_EQ(mem[21], 0);
  CHECK_EQ(wasmc_rt_memory_size(g_inst, 0), 1);
  /* The active segment was dropped: behaves as empty. */
  CHECK_EQ(bulk(2, 0, 0, 0, 0), 0);
  CHECK_EQ(bulk(2, 0, 0, 1, 0), WASMC_TRAP_MEMORY_OOB);
}

static void test_grow(void) {
  uint8_t *base = g_inst->mem0_base;
  CHECK_EQ(wasmc_rt_memory_grow(g_inst, 0, 0), 1);
  CHECK_EQ(wasmc_rt_memory_grow(g_inst, 0, 1), 1);
  CHECK_EQ(wasmc_rt_memory_size(g_inst, 0), 2);
  CHECK_EQ(wasmc_rt_memory_grow(g_inst, 0, 3), UINT32_MAX);  /* 5 > max 4 */
  CHECK_EQ(wasmc_rt_memory_size(g_inst, 0), 2);
  CHECK_EQ(wasmc_rt_memory_grow(g_inst, 0, UINT32_MAX), UINT32_MAX);
  CHECK_EQ(wasmc_rt_memory_grow(g_inst, 0, 2), 2);
  CHECK_EQ(wasmc_rt_memory_size(g_inst, 0), 4);
  CHECK_EQ(wasmc_rt_memory_grow(g_inst, 0, 1), UINT32_MAX);
  CHECK(g_inst->mem0_base == base);  /* never moves */
  /* New pages are zeroed and writable. */
  CHECK_EQ(base[4 * WASMC_PAGE_SIZE - 1], 0);
  base[4 * WASMC_PAGE_SIZE - 1] = 7;
  CHECK_EQ(base[4 * WASMC_PAGE_SIZE - 1], 7);
}

static void test_standalone_limits(void) {
  CHECK(wasmc_memory_create(WASMC_MAX_PAGES + 1, 0, 0) == NULL);
  /* 65536 pages is a valid declaration but beyond the run-time limit */
  CHECK(wasmc_memory_create(WASMC_MAX_PAGES, 0, 0) == NULL);
  CHECK(wasmc_memory_create(2, 1, 1) == NULL);
  wasmc_memory *m = wasmc_memory_create(0, 0, 0);
  CHECK(m != NULL);
  if (!m) return;
  CHECK_EQ(m->size, 0);
  CHECK_EQ(m->max_pages, WASMC_MAX_PAGES);
  CHECK_EQ(wasmc_memory_grow(m, WASMC_MAX_PAGES + 1), UINT32_MAX);
  CHECK_EQ(wasmc_memory_grow(m, WASMC_MAX_PAGES), UINT32_MAX);
  /* 4 GiB - 64 KiB: address space only, the pages are never touched. */
  CHECK_EQ(wasmc_memory_grow(m, WASMC_MEMORY_LIMIT_PAGES), 0);
  CHECK_EQ(m->size, (uint64_t)WASMC_MEMORY_LIMIT_PAGES * WASMC_PAGE_SIZE);
  CHECK_EQ(wasmc_memory_grow(m, 1), UINT32_MAX);
  CHECK_EQ(wasmc_memory_grow(m, 0), WASMC_MEMORY_LIMIT_PAGES);
  m->base[m->size - 1] = 1;
  wasmc_memory_destroy(m);
}

static void test_fill(void) {
  uint8_t *mem = g_inst->mem0_base;
  uint64_t size = g_inst->memories[0]->size;
  mem[size - 2] = 1;
  mem[size - 1] = 2;
  /* Straddles the end: traps and writes nothing. */
  CHECK_EQ(bulk(0, (uint32_t)size - 2, 0xAA, 4, 0), WASMC_TRAP_MEMORY_OOB);
  CHECK_EQ(mem[size - 2], 1);
  CHECK_EQ(mem[size - 1], 2);
  CHECK_EQ(bulk(0, (uint32_t)size - 2, 0x1AB, 2, 0), 0);  /* value truncated to a byte */
  CHECK_EQ(mem[size - 2], 0xAB);
  CHECK_EQ(mem[size - 1], 0xAB);
  CHECK_EQ(bulk(0, (uint32_t)size, 0, 0, 0), 0);           /* empty at the end: fine */
  CHECK_EQ(bulk(0, (uint32_t)size + 1, 0, 0, 0), WASMC_TRAP_MEMORY_OOB);
  CHECK_EQ(bulk(0, UINT32_MAX, 0, UINT32_MAX, 0), WASMC_TRAP_MEMORY_OOB);  /* no wrap-around */
}

static void test_copy(void) {
  uint8_t *mem = g_inst->mem0_base;
  uint64_t size = g_inst->memories[0]->size;
  memcpy(mem + 1000, "abcdefgh", 8);
  CHECK_EQ(bulk(1, 1002, 1000, 8, 0), 0);  /* overlapping, forward */
  CHECK(memcmp(mem + 1000, "ababcdefgh", 10) == 0);
  CHECK_EQ(bulk(1, 1000, 1002, 8, 0), 0);  /* overlapping, backward */
  CHECK(memcmp(mem + 1000, "abcdefghgh", 10) == 0);
  /* Source out of bounds: destination untouched. */
  CHECK_EQ(bulk(1, 1000, (uint32_t)size - 4, 8, 0), WASMC_TRAP_MEMORY_OOB);
  CHECK(memcmp(mem + 1000, "abcdefghgh", 10) == 0);
  /* Destination out of bounds: nothing written either. */
  CHECK_EQ(bulk(1, (uint32_t)size - 4, 1000, 8, 0), WASMC_TRAP_MEMORY_OOB);
  CHECK(mem[size - 4] == 0 || mem[size - 4] == 0xAB);
  CHECK_EQ(bulk(1, (uint32_t)size, 0, 0, 0), 0);
}

static void test_init_and_drop(void) {
  uint8_t *mem = g_inst->mem0_base;
  uint64_t size = g_inst->memories[0]->size;
  CHECK_EQ(bulk(2, 100, 0, 8, 1), 0);
  CHECK(memcmp(mem + 100, "passive!", 8) == 0);
  CHECK_EQ(bulk(2, 200, 4, 4, 1), 0);
  CHECK(memcmp(mem + 200, "ive!", 4) == 0);
  memset(mem + 300, 0, 16);
  CHECK_EQ(bulk(2, 300, 4, 5, 1), WASMC_TRAP_MEMORY_OOB);  /* past the segment */
  CHECK_EQ(mem[300], 0);
  CHECK_EQ(bulk(2, (uint32_t)size - 2, 0, 4, 1), WASMC_TRAP_MEMORY_OOB);
  CHECK_EQ(bulk(2, 300, 8, 0, 1), 0);                      /* empty at the end */
  CHECK_EQ(bulk(2, 300, 9, 0, 1), WASMC_TRAP_MEMORY_OOB);
  wasmc_rt_data_drop(g_inst, 1);
  wasmc_rt_data_drop(g_inst, 1);                           /* dropping twice is fine */
  CHECK_EQ(bulk(2, 300, 0, 0, 1), 0);
  CHECK_EQ(bulk(2, 300, 0, 1, 1), WASMC_TRAP_MEMORY_OOB);
}

static void test_signal_oob(void) {
  wasmc_trap_info info;
  /* Several times: the signal mask must be restored after each longjmp. */
  for (int i = 0; i < 3; i++) {
    CHECK_EQ(wasmc_try(call_store_far, NULL, &info), WASMC_TRAP_MEMORY_OOB);
    CHECK_EQ(info.code, WASMC_TRAP_MEMORY_OOB);
    CHECK_STR(info.message, "out of bounds memory access");
    CHECK_STR(info.func_name, "store_far");
    CHECK_EQ(info.func_index, 0);
  }
  CHECK_EQ(wasmc_try(call_load_at_size, NULL, &info), WASMC_TRAP_MEMORY_OOB);
  CHECK_STR(info.func_name, "load_at_size");
  /* A runtime function names the wasm function that called it. */
  CHECK_EQ(wasmc_try(call_fill_oob, NULL, &info), WASMC_TRAP_MEMORY_OOB);
  CHECK_STR(info.func_name, "fill_oob");
  CHECK_EQ(info.func_index, 2);
  /* And execution goes on normally. */
  g_inst->mem0_base[0] = 9;
  CHECK_EQ(g_inst->mem0_base[0], 9);
}

/* Without a catch frame the process reports and exits 134. */
static void test_uncaught_exits(void) {
  int fds[2];
  CHECK(pipe(fds) == 0);
  fflush(stdout);
  pid_t pid = fork();
  CHECK(pid >= 0);
  if (pid == 0) {
    dup2(fds[1], STDERR_FILENO);
    close(fds[0]);
    gen_store_far(g_inst);
    _exit(0);
  }
  close(fds[1]);
  char buf[256] = {0};
  size_t len = 0;
  ssize_t n;
  while (len < sizeof buf - 1 && (n = read(fds[0], buf + len, sizeof buf - 1 - len)) > 0)
    len += (size_t)n;
  close(fds[0]);
  int status = 0;
  CHECK(waitpid(pid, &status, 0) == pid);
  CHECK(WIFEXITED(status));
  CHECK_EQ(WEXITSTATUS(status), WASMC_TRAP_EXIT_STATUS);
  /* the fault's frame is found through the signal frame */
  CHECK_STR(buf, "wasm trap: out of bounds memory access in function store_far\n"
                 "wasm backtrace (innermost first):\n  #0 store_far (function 0)\n");
}

int main(void) {
  funcs[0] = test_func((void *)gen_store_far, "store_far", ":");
  funcs[1] = test_func((void *)gen_load_at_size, "load_at_size", ":");
  funcs[2] = test_func((void *)gen_fill_oob, "fill_oob", ":");
  module = test_blank_module();
  module.name = "memtest";
  module.n_funcs = 3;
  module.funcs = funcs;
  module.n_memories = 1;
  module.memories = mems;
  module.n_data = 2;
  module.data = data;
  g_inst = test_instantiate(&module, NULL, NULL);

  RUN(test_instantiate_and_data);
  RUN(test_grow);
  RUN(test_standalone_limits);
  RUN(test_fill);
  RUN(test_copy);
  RUN(test_init_and_drop);
  RUN(test_signal_oob);
  RUN(test_uncaught_exits);
  wasmc_instance_destroy(g_inst);
  return test_finish("test-runtime-memory");
}
