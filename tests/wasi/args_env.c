// args_sizes_get, args_get, environ_sizes_get, environ_get; grants --env at
// compile time and at run time (WASMC_FLAGS), later entries replacing earlier.
// args: one "two words" "" 'x=y'
// env: WT_A=1
// env: WT_B=x=y
// env: WT_EMPTY=
// flags: --env WT_C=3 --env WT_A=override
// host-env: WT_HOST=leaked
#include "wt.h"

int main(void) {
  uint32_t argc = 0, argsz = 0, envc = 0, envsz = 0;
  OK("args_sizes_get", w_args_sizes_get(P(&argc), P(&argsz)));
  EQ("argc counts argv[0] and empty args", argc, 5);
  char *argv[8], abuf[256];
  memset(abuf, 0x55, sizeof abuf);
  OK("args_get", w_args_get(P(argv), P(abuf)));
  TRUE("argv[0] is the executable", strstr(argv[0], "prog") != NULL);
  TRUE("argv[1] one", strcmp(argv[1], "one") == 0);
  TRUE("argv[2] keeps spaces", strcmp(argv[2], "two words") == 0);
  TRUE("argv[3] empty string", strcmp(argv[3], "") == 0);
  TRUE("argv[4] x=y", strcmp(argv[4], "x=y") == 0);
  uint32_t sum = 0;
  for (uint32_t i = 0; i < 5; i++) sum += (uint32_t)strlen(argv[i]) + 1;
  EQ("args buf size = sum of strings + NULs", argsz, sum);
  EQ("args_get writes no more than the size", (uint8_t)abuf[argsz], 0x55);
  TRUE("argv pointers point into the buffer", argv[0] == abuf && argv[4] + 4 == abuf + argsz);
  EQ("args_sizes_get bad argc ptr", w_args_sizes_get(BAD, P(&argsz)), __WASI_ERRNO_FAULT);
  EQ("args_sizes_get bad size ptr", w_args_sizes_get(P(&argc), BAD), __WASI_ERRNO_FAULT);
  EQ("args_get bad argv ptr", w_args_get(BAD, P(abuf)), __WASI_ERRNO_FAULT);
  EQ("args_get bad buf ptr", w_args_get(P(argv), BAD), __WASI_ERRNO_FAULT);
  /* buffer straddling the end of memory */
  uint32_t memend = (uint32_t)__builtin_wasm_memory_size(0) * 65536u;
  EQ("args_get buf straddles memory end", w_args_get(P(argv), (i32)(memend - 3)), __WASI_ERRNO_FAULT);

  OK("environ_sizes_get", w_environ_sizes_get(P(&envc), P(&envsz)));
  EQ("environ count (compile+run-time, override, no host vars)", envc, 4);
  char *env[8], ebuf[256];
  OK("environ_get", w_environ_get(P(env), P(ebuf)));
  const char *want[] = {"WT_A=override", "WT_B=x=y", "WT_EMPTY=", "WT_C=3"};
  for (int i = 0; i < 4; i++) {
    char d[64];
    snprintf(d, sizeof d, "environ[%d] == %s", i, want[i]);
    TRUE(d, envc > (uint32_t)i && strcmp(env[i], want[i]) == 0);
  }
  TRUE("getenv (wasi-libc) sees WT_C", getenv("WT_C") && strcmp(getenv("WT_C"), "3") == 0);
  TRUE("host variable not inherited", getenv("WT_HOST") == NULL);
  TRUE("WASMC_FLAGS never visible", getenv("WASMC_FLAGS") == NULL);
  EQ("environ_get bad env ptr", w_environ_get(BAD, P(ebuf)), __WASI_ERRNO_FAULT);
  EQ("environ_get bad buf ptr", w_environ_get(P(env), BAD), __WASI_ERRNO_FAULT);
  EQ("environ_sizes_get bad ptr", w_environ_sizes_get(BAD, P(&envsz)), __WASI_ERRNO_FAULT);
  return wt_done();
}
