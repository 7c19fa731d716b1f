/*
 * test-runtime-trap.c — raising and catching traps: messages, function
 * names, nesting, per-thread frames, and the uncaught report + exit status.
 */
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test-runtime.h"

static wasmc_instance *g_inst;

__attribute__((noinline)) static int32_t gen_div(wasmc_instance *inst, int32_t a, int32_t b) {
  TEST_STACK_CHECK(inst, 0);
  if (b == 0) wasmc_rt_trap(inst, WASMC_TRAP_DIV_BY_ZERO, 0);
  return a / b;
}

__attribute__((noinline)) static void gen_unreachable(wasmc_instance *inst) {
  wasmc_rt_trap(inst, WASMC_TRAP_UNREACHABLE, 1);
}

static wasmc_func_desc funcs[2];
static wasmc_module module;

static void test_messages(void) {
  static const char *const want[] = {
      [WASMC_TRAP_UNREACHABLE] = "unreachable",
      [WASMC_TRAP_MEMORY_OOB] = "out of bounds memory access",
      [WASMC_TRAP_TABLE_OOB] = "out of bounds table access",
      [WASMC_TRAP_INDIRECT_OOB] = "undefined element",
      [WASMC_TRAP_INDIRECT_NULL] = "uninitialized element",
      [WASMC_TRAP_INDIRECT_TYPE] = "indirect call type mismatch",
      [WASMC_TRAP_DIV_BY_ZERO] = "integer divide by zero",
      [WASMC_TRAP_INT_OVERFLOW] = "integer overflow",
      [WASMC_TRAP_INVALID_CONVERSION] = "invalid conversion to integer",
      [WASMC_TRAP_STACK_EXHAUSTED] = "call stack exhausted",
      [WASMC_TRAP_DATA_OOB] = "out of bounds memory access",
      [WASMC_TRAP_ELEM_OOB] = "out of bounds table access",
      [WASMC_TRAP_NULL_REF] = "null reference",
      [WASMC_TRAP_HOST] = "host function failed",
      [WASMC_TRAP_UNCAUGHT_EXCEPTION] = "uncaught exception",
      [WASMC_TRAP_INTERRUPT] = "interrupt",
      [WASMC_TRAP_OUT_OF_FUEL] = "out of fuel",
      [WASMC_TRAP_UNALIGNED_ATOMIC] = "unaligned atomic",
      [WASMC_TRAP_EXPECTED_SHARED] = "expected shared memory",
  };
  _Static_assert(sizeof want / sizeof want[0] == WASMC_TRAP_COUNT_, "a message for every trap code");
  for (uint32_t c = 1; c < WASMC_TRAP_COUNT_; c++) CHECK_STR(wasmc_trap_message(c), want[c]);
  CHECK_STR(wasmc_trap_message(WASMC_TRAP_COUNT_), "unknown trap");
  CHECK_STR(wasmc_trap_message(UINT32_MAX), "unknown trap");
}

static int32_t g_result;
static void call_div(void *p) {
  const int32_t *ab = p;
  g_result = gen_div(g_inst, ab[0], ab[1]);
}

static void test_catch_and_continue(void) {
  wasmc_trap_info info;
  int32_t ok_args[2] = {7, 2}, bad_args[2] = {7, 0};
  CHECK_EQ(wasmc_try(call_div, ok_args, &info), 0);
  CHECK_EQ(info.code, WASMC_TRAP_NONE);
  CHECK_EQ(g_result, 3);
  for (int i = 0; i < 100; i++) {
    CHECK_EQ(wasmc_try(call_div, bad_args, &info), WASMC_TRAP_DIV_BY_ZERO);
    if (test_failures) break;
  }
  CHECK_STR(info.message, "integer divide by zero");
  CHECK_STR(info.func_name, "div");
  CHECK_EQ(info.func_index, 0);
  CHECK_EQ(wasmc_try(call_div, ok_args, NULL), 0);
  CHECK_EQ(wasmc_try(call_div, bad_args, NULL), WASMC_TRAP_DIV_BY_ZERO);
}

static void call_unknown_index(void *p) {
  (void)p;
  wasmc_rt_trap(g_inst, WASMC_TRAP_INT_OVERFLOW, 12345);
}

static void test_unknown_function(void) {
  wasmc_trap_info info;
  CHECK_EQ(wasmc_try(call_unknown_index, NULL, &info), WASMC_TRAP_INT_OVERFLOW);
  CHECK(info.func_name == NULL);
  CHECK_EQ(info.func_index, UINT32_MAX);
}

static int g_inner_code, g_after_inner;
static void call_inner(void *p) {
  (void)p;
  gen_unreachable(g_inst);
}
static void call_outer(void *p) {
  (void)p;
  wasmc_trap_info inner;
  g_inner_code = wasmc_try(call_inner, NULL, &inner);
  g_after_inner = 1;
  int32_t bad[2] = {1, 0};
  call_div(bad);  /* caught by the outer frame */
  g_after_inner = 2;
}

static void test_nesting(void) {
  wasmc_trap_info info;
  g_inner_code = 0;
  g_after_inner = 0;
  CHECK_EQ(wasmc_try(call_outer, NULL, &info), WASMC_TRAP_DIV_BY_ZERO);
  CHECK_EQ(g_inner_code, WASMC_TRAP_UNREACHABLE);
  CHECK_EQ(g_after_inner, 1);
  CHECK_STR(info.func_name, "div");
}

static _Thread_local wasmc_instance *t_inst;
static void call_div_thread(void *p) {
  const int32_t *ab = p;
  (void)gen_div(t_inst, ab[0], ab[1]);
}

/* Catch frames are per thread.  An instance is used by one thread at a time
 * (its stack limit is that thread's), so each thread makes its own. */
static void *thread_main(void *p) {
  int *ok = p;
  int32_t bad[2] = {1, 0};
  t_inst = test_instantiate(&module, NULL, NULL);
  *ok = 1;
  for (int i = 0; i < 1000; i++)
    if (wasmc_try(call_div_thread, bad, NULL) != WASMC_TRAP_DIV_BY_ZERO) *ok = 0;
  wasmc_instance_destroy(t_inst);
  return NULL;
}

static void test_threads(void) {
  pthread_t t[4];
  int ok[4] = {0};
  for (int i = 0; i < 4; i++) CHECK(pthread_create(&t[i], NULL, thread_main, &ok[i]) == 0);
  for (int i = 0; i < 4; i++) CHECK(pthread_join(t[i], NULL) == 0);
  for (int i = 0; i < 4; i++) CHECK_EQ(ok[i], 1);
}

/* Run fn in a child with stdout and stderr captured (in order); return its
 * wait status. */
static int run_child(void (*fn)(void), char *buf, size_t cap) {
  int fds[2];
  if (pipe(fds) != 0) return -1;
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    dup2(fds[1], STDERR_FILENO);
    close(fds[0]);
    fn();
    _exit(0);
  }
  close(fds[1]);
  size_t len = 0;
  ssize_t n;
  while (len < cap - 1 && (n = read(fds[0], buf + len, cap - 1 - len)) > 0) len += (size_t)n;
  buf[len] = '\0';
  close(fds[0]);
  int status = -1;
  waitpid(pid, &status, 0);
  return status;
}

static void child_div(void) {
  printf("stdout before the trap\n");  /* buffered; must be flushed */
  gen_div(g_inst, 1, 0);
}
static void child_unknown(void) { wasmc_rt_trap(g_inst, WASMC_TRAP_INDIRECT_TYPE, UINT32_MAX); }
static void child_exit_info(void) {
  wasmc_trap_info info = {WASMC_TRAP_HOST, 0, wasmc_trap_message(WASMC_TRAP_HOST), "host_fn"};
  wasmc_trap_exit(&info);
}

static void test_uncaught(void) {
  char buf[512];
  int st = run_child(child_div, buf, sizeof buf);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == WASMC_TRAP_EXIT_STATUS);
  /* the trap line, then the frames of registered functions (gen_div stands in for generated code) */
  CHECK_STR(buf, "stdout before the trap\nwasm trap: integer divide by zero in function div\n"
                 "wasm backtrace (innermost first):\n  #0 div (function 0)\n");
  st = run_child(child_unknown, buf, sizeof buf);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == WASMC_TRAP_EXIT_STATUS);
  CHECK_STR(buf, "wasm trap: indirect call type mismatch\n");
  st = run_child(child_exit_info, buf, sizeof buf);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == WASMC_TRAP_EXIT_STATUS);
  /* no backtrace: the thread's last recorded one (inherited through fork) is another trap's */
  CHECK_STR(buf, "wasm trap: host function failed in function host_fn\n");
}

int main(void) {
  funcs[0] = test_func((void *)gen_div, "div", "ii:i");
  funcs[1] = test_func((void *)gen_unreachable, "unreachable_fn", ":");
  module = test_blank_module();
  module.name = "traptest";
  module.n_funcs = 2;
  module.funcs = funcs;
  g_inst = test_instantiate(&module, NULL, NULL);

  RUN(test_messages);
  RUN(test_catch_and_continue);
  RUN(test_unknown_function);
  RUN(test_nesting);
  RUN(test_threads);
  RUN(test_uncaught);
  wasmc_instance_destroy(g_inst);
  return test_finish("test-runtime-trap");
}
