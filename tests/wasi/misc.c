// random_get, sched_yield, proc_raise, proc_exit (status 7 after atexit-free exit).
// status: 7
#include "wt.h"

int main(void) {
  uint8_t a[256], b[256];
  memset(a, 0, sizeof a);
  memset(b, 0, sizeof b);
  OK("random_get 256 bytes", w_random_get(P(a), sizeof a));
  OK("random_get again", w_random_get(P(b), sizeof b));
  TRUE("two random buffers differ", memcmp(a, b, sizeof a) != 0);
  int zeros = 0;
  for (int i = 0; i < 256; i++) zeros += a[i] == 0;
  TRUE("random bytes are not all zero (< 16 zero bytes of 256)", zeros < 16);
  OK("random_get length 0", w_random_get(P(a), 0));
  uint32_t memend = (uint32_t)__builtin_wasm_memory_size(0) * 65536u;
  OK("random_get length 0 at the end of memory", w_random_get((i32)memend, 0));
  EQ("random_get out of bounds", w_random_get(BAD, 32), __WASI_ERRNO_FAULT);
  EQ("random_get straddling the end", w_random_get((i32)(memend - 8), 16), __WASI_ERRNO_FAULT);
  static uint8_t big[1 << 20];
  OK("random_get 1 MiB", w_random_get(P(big), sizeof big));
  TRUE("1 MiB random tail is filled", big[sizeof big - 1] | big[sizeof big - 2] | big[sizeof big - 3] | big[sizeof big - 4]);
  OK("sched_yield", w_sched_yield());
  EQ("proc_raise(SIGTERM) ENOSYS (no signals in the sandbox)", w_proc_raise(15), __WASI_ERRNO_NOSYS);
  EQ("proc_raise(0) ENOSYS", w_proc_raise(0), __WASI_ERRNO_NOSYS);
  wt_done();
  w_proc_exit(7);
}
