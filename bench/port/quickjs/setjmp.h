/* bench/port/quickjs/setjmp.h — dtoa.c of QuickJS 2025-04-26 includes
 * <setjmp.h> but never uses it; Debian 12's wasi-libc has no such header. */
#ifndef BENCH_QUICKJS_SETJMP_H
#define BENCH_QUICKJS_SETJMP_H
#endif
