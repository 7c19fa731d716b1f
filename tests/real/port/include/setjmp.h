/* <setjmp.h> for wasm32-wasi (wasi-libc 2022 has none), for code compiled
 * with clang's `-mllvm -wasm-enable-sjlj`: LLVM rewrites every setjmp and
 * longjmp call into calls of the __wasm_setjmp* helpers in
 * ../wasm_sjlj.c and the exception-handling proposal's try/catch/throw with
 * the tag __c_longjmp.  See docs/porting.md. */
#ifndef WASMC_PORT_SETJMP_H
#define WASMC_PORT_SETJMP_H
/* the layout is ../wasm_sjlj.c's; 32 bytes leave room for a wider one */
typedef struct wasm_jmp_buf_tag { unsigned long opaque[8]; } jmp_buf[1];
int setjmp(jmp_buf env) __attribute__((returns_twice));
_Noreturn void longjmp(jmp_buf env, int value);
#define _setjmp(env) setjmp(env)
#define _longjmp(env, v) longjmp(env, v)
#endif
