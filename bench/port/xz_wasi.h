/* xz_wasi.h — force-included (-include) when building liblzma (xz-utils 5.4.1)
 * for wasm32-wasi.  mythread.h's single-threaded mythread_sigmask() wants
 * sigset_t and sigprocmask(), which wasi-libc's <signal.h> does not declare
 * (not even with _WASI_EMULATED_SIGNAL).  liblzma never calls it; give it
 * something that compiles. */
#ifndef BENCH_XZ_WASI_H
#define BENCH_XZ_WASI_H
#include <sys/select.h> /* sigset_t */
#define sigprocmask(how, set, oset) ((void)(how), (void)(set), (void)(oset), 0)
#endif
