/* bench/port/quickjs/pthread.h — found first on the include path (-I) when
 * QuickJS 2025-04-26 is built for wasm32-wasi.  quickjs.c defines
 * CONFIG_ATOMICS for every target but Emscripten and then includes
 * <pthread.h>, which Debian 12's single-threaded wasi-libc lacks.  The only
 * users are a lock around class-id allocation and Atomics.wait/notify
 * (a single-threaded program never gets a shared buffer to wait on:
 * Atomics.wait throws before it reaches these).  Locks are no-ops, waiting
 * aborts. */
#ifndef BENCH_QUICKJS_PTHREAD_H
#define BENCH_QUICKJS_PTHREAD_H
#include <stdlib.h>
#include <time.h>
typedef int pthread_mutex_t;
typedef int pthread_cond_t;
#define PTHREAD_MUTEX_INITIALIZER 0
#define pthread_mutex_lock(m) ((void)(m), 0)
#define pthread_mutex_unlock(m) ((void)(m), 0)
#define pthread_cond_init(c, a) ((void)(c), (void)(a), 0)
#define pthread_cond_destroy(c) ((void)(c), 0)
#define pthread_cond_signal(c) ((void)(c), 0)
#define pthread_cond_wait(c, m) ((void)(c), (void)(m), abort(), 0)
#define pthread_cond_timedwait(c, m, t) ((void)(c), (void)(m), (void)(t), abort(), 0)
#endif
