/*
 * test-runtime-signal.c — the SIGSEGV handler claims only faults in linear
 * memory (and stack guards) and chains everything else to the handler that
 * was installed before it: an SA_SIGINFO handler, a plain handler, or the
 * default action (the process dies of SIGSEGV).
 */
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test-runtime.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_ASAN 1
#endif
#endif
#ifndef TEST_ASAN
#define TEST_ASAN 0
#endif

static wasmc_func_desc funcs[1];
static wasmc_memory_desc mems[1] = {{1, 1, 1, 0}};
static wasmc_module module;
static wasmc_instance *g_inst;

__attribute__((noinline)) static void gen_oob(wasmc_instance *inst) {
  *(volatile uint8_t *)(inst->mem0_base + WASMC_PAGE_SIZE + 12) = 1;
}
static void call_oob(void *p) {
  (void)p;
  gen_oob(g_inst);
}

/* A host page that is not wasm memory: faults on it are the host's. */
static uint8_t *g_page;
static size_t g_page_size;
static volatile sig_atomic_t g_info_calls, g_plain_calls;
static void *volatile g_info_addr;

static void host_info_handler(int sig, siginfo_t *si, void *uc) {
  (void)sig;
  (void)uc;
  g_info_calls++;
  g_info_addr = si->si_addr;
  /* Repair the fault and let the access run again. */
  mprotect(g_page, g_page_size, PROT_READ | PROT_WRITE);
}

static void host_plain_handler(int sig) {
  (void)sig;
  g_plain_calls++;
  mprotect(g_page, g_page_size, PROT_READ | PROT_WRITE);
}

static uint8_t *make_page(void) {
  g_page_size = (size_t)sysconf(_SC_PAGESIZE);
  g_page = mmap(NULL, g_page_size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (g_page == MAP_FAILED) {
    printf("FAIL mmap\n");
    exit(1);
  }
  return g_page;
}

static void setup_module(void) {
  funcs[0] = test_func((void *)gen_oob, "oob", ":");
  module = test_blank_module();
  module.name = "sigtest";
  module.n_funcs = 1;
  module.funcs = funcs;
  module.n_memories = 1;
  module.memories = mems;
}

/* Children: each starts from the default disposition, installs its own
 * previous handler (or none), then the runtime, then faults. */
static int child_status(void (*fn)(void)) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    fn();
    _exit(0);
  }
  int st = -1;
  waitpid(pid, &st, 0);
  return st;
}

static void child_info_chain(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = host_info_handler;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  if (sigaction(SIGSEGV, &sa, NULL) != 0) _exit(10);
  if (wasmc_runtime_init() != 0) _exit(11);
  g_inst = test_instantiate(&module, NULL, NULL);
  uint8_t *p = make_page();
  p[5] = 42;  /* faults, host handler repairs, store retried */
  if (g_info_calls != 1 || p[5] != 42 || g_info_addr != p + 5) _exit(12);
  /* Wasm faults still become traps and do not reach the host handler. */
  wasmc_trap_info info;
  if (wasmc_try(call_oob, NULL, &info) != WASMC_TRAP_MEMORY_OOB) _exit(13);
  if (g_info_calls != 1) _exit(14);
  if (!info.func_name || strcmp(info.func_name, "oob") != 0) _exit(15);
  /* And chaining keeps working after a trap. */
  mprotect(g_page, g_page_size, PROT_NONE);
  p[6] = 43;
  if (g_info_calls != 2 || p[6] != 43) _exit(16);
  _exit(0);
}

static void child_plain_chain(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = host_plain_handler;
  sigemptyset(&sa.sa_mask);
  if (sigaction(SIGSEGV, &sa, NULL) != 0) _exit(10);
  if (wasmc_runtime_init() != 0) _exit(11);
  uint8_t *p = make_page();
  p[0] = 1;
  if (g_plain_calls != 1 || p[0] != 1) _exit(12);
  _exit(0);
}

/* The children below die of SIGSEGV on purpose (under ASan, after ASan's
 * report): keep their stderr out of the test log. */
static void quiet_stderr(void) {
  int fd = open("/dev/null", O_WRONLY);
  if (fd >= 0) dup2(fd, STDERR_FILENO);
}

static void child_default_fault(void) {
  quiet_stderr();
  if (wasmc_runtime_init() != 0) _exit(11);
  g_inst = test_instantiate(&module, NULL, NULL);
  uint8_t *p = make_page();
  p[0] = 1;  /* not ours: default action */
  _exit(0);
}

static void child_default_kill(void) {
  quiet_stderr();
  if (wasmc_runtime_init() != 0) _exit(11);
  kill(getpid(), SIGSEGV);  /* si_code SI_USER: never claimed */
  _exit(0);
}

static void test_chain_siginfo_handler(void) {
  int st = child_status(child_info_chain);
  CHECK(WIFEXITED(st));
  CHECK_EQ(WEXITSTATUS(st), 0);
}

static void test_chain_plain_handler(void) {
  int st = child_status(child_plain_chain);
  CHECK(WIFEXITED(st));
  CHECK_EQ(WEXITSTATUS(st), 0);
}

/* Under ASan the previous handler is ASan's, which reports and exits 1. */
static bool died_of_segv(int st) {
  if (TEST_ASAN) return (WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV) ||
                        (WIFEXITED(st) && WEXITSTATUS(st) != 0 && WEXITSTATUS(st) != WASMC_TRAP_EXIT_STATUS);
  return WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV;
}

static void test_chain_default(void) {
  CHECK(died_of_segv(child_status(child_default_fault)));
  CHECK(died_of_segv(child_status(child_default_kill)));
}

int main(void) {
  setup_module();
  RUN(test_chain_siginfo_handler);
  RUN(test_chain_plain_handler);
  RUN(test_chain_default);
  return test_finish("test-runtime-signal");
}
