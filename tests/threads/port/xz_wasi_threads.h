/* xz_wasi_threads.h — force-included (-include) when building xz-utils
 * 5.4.1 (liblzma and the xz tool) for wasm32-wasip1-threads.  wasi-libc
 * has no signal masks (WASI has no asynchronous signals, even with
 * _WASI_EMULATED_SIGNAL): mythread.h's mythread_sigmask() and the xz tool's
 * signal setup compile against these no-ops, which is what they amount to
 * when no signal can arrive. */
#ifndef TESTS_XZ_WASI_THREADS_H
#define TESTS_XZ_WASI_THREADS_H
#include <signal.h>
#include <sys/select.h> /* sigset_t */
/* src/xz/message.c: no alarm() progress timer (it polls the clock) */
#undef SIGALRM
#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2
#define sigprocmask(how, set, oset) ((void)(how), (void)(set), (void)(oset), 0)
#define pthread_sigmask(how, set, oset) ((void)(how), (void)(set), (void)(oset), 0)
#define sigfillset(set) ((void)(set), 0)
#define sigemptyset(set) ((void)(set), 0)
#define sigaddset(set, sig) ((void)(set), (void)(sig), 0)
#define sigdelset(set, sig) ((void)(set), (void)(sig), 0)
/* src/xz/signals.c: handlers "installed" by a sigaction() that keeps
 * nothing (nothing can be delivered to them) */
struct sigaction {
  void (*sa_handler)(int);
  sigset_t sa_mask;
  int sa_flags;
};
#ifndef SA_RESTART
#define SA_RESTART 0
#endif
static inline int xzw_sigaction(int sig, const struct sigaction *act, struct sigaction *old) {
  (void)sig;
  (void)act;
  if (old) old->sa_handler = SIG_DFL, old->sa_flags = 0;
  return 0;
}
#define sigaction(sig, act, old) xzw_sigaction((sig), (act), (old))
/* src/xz/file_io.c: the self-pipe that a signal handler writes to (never,
 * here) becomes two closed fds, which poll() skips and fcntl() need not
 * touch; nobody is root and ownership cannot be changed (no chown in
 * WASI preview1) */
#include <fcntl.h>
#include <unistd.h>
static inline int xzw_pipe(int fds[2]) {
  fds[0] = fds[1] = -1;
  return 0;
}
#define pipe(fds) xzw_pipe(fds)
#define fcntl(fd, ...) ((fd) < 0 ? 0 : (fcntl)((fd), __VA_ARGS__))
#define geteuid() 1
#define fchown(fd, uid, gid) ((void)(fd), (void)(uid), (void)(gid), 0)
#endif
