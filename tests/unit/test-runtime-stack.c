/*
 * test-runtime-stack.c — stack exhaustion: the explicit limit check that
 * generated code performs, the guard region below the wasm stack (fault ->
 * trap on the alternate signal stack), and the wasm-stack thread itself.
 */
#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test-runtime.h"

static wasmc_func_desc funcs[2];
static wasmc_module module;
static wasmc_instance *g_inst;
static volatile int g_keep_going = 1;  /* defeats -Winfinite-recursion */

/* Recursion as generated code does it: check the limit at entry. */
__attribute__((noinline)) static int32_t gen_recurse(wasmc_instance *inst, int32_t n) {
  TEST_STACK_CHECK(inst, 0);
  volatile char pad[128];
  pad[0] = (char)n;
  if (!g_keep_going) return 0;
  return gen_recurse(inst, n + 1) + pad[0];
}

/* Recursion WITHOUT the check (as if a frame overran the slack): it runs
 * into the guard region and the signal handler must report it. */
__attribute__((noinline)) static int32_t gen_recurse_unchecked(wasmc_instance *inst, int32_t n) {
  volatile char pad[4096];
  pad[0] = (char)n;
  pad[4095] = (char)n;
  if (!g_keep_going) return 0;
  return gen_recurse_unchecked(inst, n + 1) + pad[0] + pad[4095];
}

static void call_recurse(void *p) {
  (void)p;
  (void)gen_recurse(g_inst, 0);
}
static void call_recurse_unchecked(void *p) {
  (void)p;
  (void)gen_recurse_unchecked(g_inst, 0);
}
static int32_t g_shallow;
static void call_shallow(void *p) {
  (void)p;
  g_shallow = 42;
}

typedef struct results {
  uintptr_t limit;
  uintptr_t sp;
  int code1, code2, code3, code_shallow;
  const char *name1, *name3;
} results;

static void on_wasm_stack(void *p) {
  results *r = p;
  r->limit = wasmc_thread_stack_limit();
  r->sp = (uintptr_t)__builtin_frame_address(0);
  g_inst = test_instantiate(&module, NULL, NULL);
  wasmc_trap_info info;
  r->code1 = wasmc_try(call_recurse, NULL, &info);
  r->name1 = info.func_name;
  r->code2 = wasmc_try(call_recurse, NULL, &info);  /* deterministic, repeatable */
  r->code3 = wasmc_try(call_recurse_unchecked, NULL, &info);
  r->name3 = info.func_name;
  r->code_shallow = wasmc_try(call_shallow, NULL, &info);
  wasmc_instance_destroy(g_inst);
  g_inst = NULL;
}

static void test_on_wasm_stack(void) {
  results r;
  memset(&r, 0, sizeof r);
  CHECK_EQ(wasmc_run_on_wasm_stack(on_wasm_stack, &r, 4u << 20), 0);
  CHECK(r.limit != 0 && r.limit < r.sp);
  /* The stack is 4 MiB; the limit sits 256 KiB above its bottom. */
  CHECK(r.sp - r.limit < (4u << 20));
  CHECK_EQ(r.code1, WASMC_TRAP_STACK_EXHAUSTED);
  CHECK_STR(r.name1, "recurse");
  CHECK_EQ(r.code2, WASMC_TRAP_STACK_EXHAUSTED);
  CHECK_EQ(r.code3, WASMC_TRAP_STACK_EXHAUSTED);
  CHECK_EQ(r.code_shallow, 0);
  CHECK_EQ(g_shallow, 42);
}

static void test_sizes(void) {
  CHECK_EQ(wasmc_run_on_wasm_stack(on_wasm_stack, NULL, 4096), EINVAL);
  CHECK_EQ(wasmc_run_on_wasm_stack(on_wasm_stack, NULL, WASMC_MAX_STACK_SIZE + 1), EINVAL);
  CHECK_EQ(wasmc_run_on_wasm_stack(NULL, NULL, 0), EINVAL);
  CHECK_EQ(wasmc_set_default_stack_size(1), EINVAL);
  CHECK_EQ(wasmc_set_default_stack_size(2u << 20), 0);
  results r;
  memset(&r, 0, sizeof r);
  CHECK_EQ(wasmc_run_on_wasm_stack(on_wasm_stack, &r, 0), 0);
  CHECK(r.sp - r.limit < (2u << 20));
  CHECK_EQ(r.code1, WASMC_TRAP_STACK_EXHAUSTED);
  CHECK_EQ(wasmc_set_default_stack_size(0), 0);
}

static void test_main_thread_limit(void) {
  uintptr_t limit = wasmc_thread_stack_limit();
  uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
  CHECK(limit > 1 && limit < sp);
  /* An instance made here and run on the wasm thread must be rebound. */
  wasmc_instance *inst = test_instantiate(&module, NULL, NULL);
  CHECK_EQ(inst->stack_limit, limit);
  wasmc_instance_destroy(inst);
}

/* Uncaught overflow on the wasm thread: report + exit 134. */
static void overflow_uncaught(void *p) {
  (void)p;
  g_inst = test_instantiate(&module, NULL, NULL);
  (void)gen_recurse_unchecked(g_inst, 0);
}

static void test_uncaught_overflow(void) {
  int fds[2];
  CHECK(pipe(fds) == 0);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], STDERR_FILENO);
    close(fds[0]);
    wasmc_run_on_wasm_stack(overflow_uncaught, NULL, 2u << 20);
    _exit(0);
  }
  close(fds[1]);
  char buf[256];
  size_t len = 0;
  ssize_t n;
  while (len < sizeof buf - 1 && (n = read(fds[0], buf + len, sizeof buf - 1 - len)) > 0)
    len += (size_t)n;
  buf[len] = '\0';
  close(fds[0]);
  int st = 0;
  waitpid(pid, &st, 0);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == WASMC_TRAP_EXIT_STATUS);
  CHECK(strstr(buf, "wasm trap: call stack exhausted") == buf);
}

int main(void) {
  funcs[0] = test_func((void *)gen_recurse, "recurse", "i:i");
  funcs[1] = test_func((void *)gen_recurse_unchecked, "recurse_unchecked", "i:i");
  module = test_blank_module();
  module.name = "stacktest";
  module.n_funcs = 2;
  module.funcs = funcs;

  RUN(test_on_wasm_stack);
  RUN(test_sizes);
  RUN(test_main_thread_limit);
  RUN(test_uncaught_overflow);
  return test_finish("test-runtime-stack");
}
