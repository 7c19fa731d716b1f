/* wasm_sjlj.c — the run-time half of clang's setjmp/longjmp lowering for
 * wasm (`-mllvm -wasm-enable-sjlj`, LLVM 19): LLVM turns
 *   setjmp(env)      into __wasm_setjmp(env, label, invocation_id) and, after
 *                    each call that may longjmp, a catch of tag __c_longjmp
 *                    that asks __wasm_setjmp_test(env, invocation_id) which
 *                    setjmp of the current function invocation, if any, is
 *                    the target (0: none, rethrow);
 *   longjmp(env, v)  into __wasm_longjmp(env, v), which throws __c_longjmp
 *                    with a pointer to {env, v}.
 * Newer wasi-libc (wasi-sdk 22+) ships the same three functions; Debian's
 * 2022 wasi-libc does not.  This file must itself be compiled with
 * -mllvm -wasm-enable-sjlj so that it defines the __c_longjmp tag.
 * See docs/porting.md. */
#include <stdint.h>

struct wasm_sjlj_arg {
  void *env; /* the jmp_buf longjmp names */
  int value; /* setjmp's second return value, never 0 */
};

struct wasm_sjlj_buf {
  void *invocation_id;     /* identifies the function invocation that called setjmp */
  uint32_t label;          /* which setjmp call site in it (LLVM's numbering, from 1) */
  struct wasm_sjlj_arg arg; /* thrown by longjmp */
};

_Static_assert(sizeof(struct wasm_sjlj_buf) <= 8 * sizeof(unsigned long), "jmp_buf in include/setjmp.h too small");

void __wasm_setjmp(void *env, uint32_t label, void *invocation_id);
uint32_t __wasm_setjmp_test(void *env, void *invocation_id);
_Noreturn void __wasm_longjmp(void *env, int value);

void __wasm_setjmp(void *env, uint32_t label, void *invocation_id) {
  struct wasm_sjlj_buf *b = env;
  b->invocation_id = invocation_id;
  b->label = label;
}

uint32_t __wasm_setjmp_test(void *env, void *invocation_id) {
  struct wasm_sjlj_buf *b = env;
  return b->invocation_id == invocation_id ? b->label : 0;
}

_Noreturn void __wasm_longjmp(void *env, int value) {
  struct wasm_sjlj_buf *b = env;
  b->arg.env = env;
  b->arg.value = value ? value : 1;
  __builtin_wasm_throw(1, &b->arg); /* 1: the C longjmp tag, __c_longjmp */
}
