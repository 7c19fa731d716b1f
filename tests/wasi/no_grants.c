// Nothing is granted by default: no preopened directory, no environment,
// no socket; stdio and args only.
// grants: none
// host-env: WT_HOST=secret
// args: a
#include "wt.h"

int main(void) {
  uint8_t pre[8], fst[24];
  for (int fd = 3; fd < 8; fd++) {
    char d[64];
    snprintf(d, sizeof d, "fd %d is not open", fd);
    EQ(d, w_fd_fdstat_get(fd, P(fst)), __WASI_ERRNO_BADF);
  }
  EQ("fd_prestat_get(3) EBADF", w_fd_prestat_get(3, P(pre)), __WASI_ERRNO_BADF);
  uint32_t c = 9, s = 9;
  OK("environ_sizes_get", w_environ_sizes_get(P(&c), P(&s)));
  EQ("empty environment", c, 0);
  EQ("empty environment size", s, 0);
  OK("args_sizes_get", w_args_sizes_get(P(&c), P(&s)));
  EQ("args still given", c, 2);
  OK("stdout fdstat", w_fd_fdstat_get(1, P(fst)));
  OK("stdin fdstat", w_fd_fdstat_get(0, P(fst)));
  EQ("fd_prestat_get(0) EBADF (stdio is not a preopen)", w_fd_prestat_get(0, P(pre)), __WASI_ERRNO_BADF);
  return wt_done();
}
