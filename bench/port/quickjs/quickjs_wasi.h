/* bench/port/quickjs/quickjs_wasi.h — force-included (-include) when QuickJS
 * 2025-04-26 is built for wasm32-wasi, with this directory on the include
 * path for its pthread.h and setjmp.h stand-ins.  quickjs.c calls
 * malloc_usable_size() on every target but Apple, Windows and Emscripten and
 * includes its declaration, <malloc.h>, only on Linux; wasi-libc declares it
 * there too. */
#ifndef BENCH_QUICKJS_WASI_H
#define BENCH_QUICKJS_WASI_H
#include <malloc.h>
#endif
