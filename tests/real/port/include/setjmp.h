/* <setjmp.h> for wasm32-wasi (wasi-libc 2022 has none): maps setjmp/longjmp
 * to the Asyncify-based implementation in ../wasi_sjlj.c.  Each setjmp call
 * allocates a snapshot buffer that plain C code never frees; programs with
 * many setjmp calls should call wasi_jmpbuf_release (Lua does, through
 * LUAI_TRY in lua_wasi.h).  See docs/porting.md. */
#ifndef WASMC_PORT_SETJMP_H
#define WASMC_PORT_SETJMP_H
#include "../wasi_sjlj.h"
typedef wasi_jmp_buf jmp_buf;
#define setjmp(env) wasi_setjmp(env)
#define longjmp(env, v) wasi_longjmp(env, v)
#define _setjmp(env) wasi_setjmp(env)
#define _longjmp(env, v) wasi_longjmp(env, v)
#endif
