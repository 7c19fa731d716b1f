// sock_accept, sock_recv, sock_send, sock_shutdown on a listening TCP socket
// granted with --tcp-listen 127.0.0.1:PORT (fd 5, after the two directories);
// run twice: compile-time grant and WASMC_FLAGS grant.  Driven by sock_client.py.
// client: sock_client.py
#include "wt.h"

#define LS 5
typedef struct { uint8_t b[48]; } sub_t;
typedef struct { uint8_t b[32]; } evt_t;
/* wait up to 10 s for fd readable; 1 if ready */
static int wait_read(i32 fd, uint16_t *flags) {
  sub_t s[2];
  evt_t e[2];
  uint32_t n;
  memset(s, 0, sizeof s);
  s[0].b[0] = 1;
  s[0].b[8] = __WASI_EVENTTYPE_FD_READ;
  memcpy(s[0].b + 16, &fd, 4);
  s[1].b[0] = 2;
  s[1].b[8] = __WASI_EVENTTYPE_CLOCK;
  s[1].b[16] = __WASI_CLOCKID_MONOTONIC;
  uint64_t t = 10000000000ull;
  memcpy(s[1].b + 24, &t, 8);
  if (w_poll_oneoff(P(s), P(e), 2, P(&n)) || n < 1 || e[0].b[0] != 1) return 0;
  if (flags) *flags = ld16(e[0].b + 24);
  return 1;
}

int main(void) {
  uint8_t fs[24], pre[8];
  OK("fdstat of the granted socket", w_fd_fdstat_get(LS, P(fs)));
  EQ("filetype socket_stream", fs[0], __WASI_FILETYPE_SOCKET_STREAM);
  TRUE("rights include sock_accept", ld64(fs + 8) & __WASI_RIGHTS_SOCK_ACCEPT);
  const uint64_t need = __WASI_RIGHTS_SOCK_SHUTDOWN | __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_POLL_FD_READWRITE;
  EQ("rights include sock_shutdown, fd_read, fd_write, poll", ld64(fs + 8) & need, need);
  EQ("no path rights on a socket", ld64(fs + 8) & __WASI_RIGHTS_PATH_OPEN, 0);
  EQ("fd_prestat_get on the socket EBADF (not a preopen)", w_fd_prestat_get(LS, P(pre)), __WASI_ERRNO_BADF);
  i32 c = -1, f;
  wt_mkfile(RW, "plain.txt", "x");
  wt_open(RW, "plain.txt", 0, R_ALL, 0, &f);
  EQ("sock_accept on a file ENOTSOCK", w_sock_accept(f, 0, P(&c)), __WASI_ERRNO_NOTSOCK);
  EQ("sock_accept on a directory ENOTSOCK", w_sock_accept(RW, 0, P(&c)), __WASI_ERRNO_NOTSOCK);
  EQ("sock_accept bad fd EBADF", w_sock_accept(99, 0, P(&c)), __WASI_ERRNO_BADF);
  EQ("sock_accept bad flags EINVAL", w_sock_accept(LS, 2, P(&c)), __WASI_ERRNO_INVAL);
  EQ("sock_accept bad result pointer EFAULT", w_sock_accept(LS, 0, BAD), __WASI_ERRNO_FAULT);
  OK("set the listening socket non-blocking", w_fd_fdstat_set_flags(LS, __WASI_FDFLAGS_NONBLOCK));
  EQ("sock_accept with nothing pending EAGAIN", w_sock_accept(LS, 0, P(&c)), __WASI_ERRNO_AGAIN);
  OK("back to blocking", w_fd_fdstat_set_flags(LS, 0));
  uint32_t n = 0;
  uint16_t rof = 0;
  char buf[64];
  wt_iov v = {P(buf), sizeof buf};
  EQ("sock_recv on the listening socket ENOTCONN", w_sock_recv(LS, P(&v), 1, 0, P(&n), P(&rof)), __WASI_ERRNO_NOTCONN);
  EQ("sock_send on the listening socket EPIPE", w_sock_send(LS, P(&v), 1, 0, P(&n)), __WASI_ERRNO_PIPE);
  EQ("sock_shutdown(WR) on the listening socket: 0 or ENOTCONN", ({ i32 r = w_sock_shutdown(LS, __WASI_SDFLAGS_WR); r == 0 || r == __WASI_ERRNO_NOTCONN; }), 1);
  EQ("sock_recv on a file ENOTSOCK", w_sock_recv(f, P(&v), 1, 0, P(&n), P(&rof)), __WASI_ERRNO_NOTSOCK);
  EQ("sock_send on a file ENOTSOCK", w_sock_send(f, P(&v), 1, 0, P(&n)), __WASI_ERRNO_NOTSOCK);
  EQ("sock_shutdown on a file ENOTSOCK", w_sock_shutdown(f, __WASI_SDFLAGS_RD), __WASI_ERRNO_NOTSOCK);
  EQ("sock_recv bad fd EBADF", w_sock_recv(77, P(&v), 1, 0, P(&n), P(&rof)), __WASI_ERRNO_BADF);
  EQ("sock_send bad fd EBADF", w_sock_send(77, P(&v), 1, 0, P(&n)), __WASI_ERRNO_BADF);
  EQ("sock_shutdown bad fd EBADF", w_sock_shutdown(77, __WASI_SDFLAGS_RD), __WASI_ERRNO_BADF);
  /* first connection */
  wt_mkfile(RW, "ready1", "");
  TRUE("listening socket becomes readable (poll)", wait_read(LS, NULL));
  OK("sock_accept", w_sock_accept(LS, 0, P(&c)));
  TRUE("accepted fd is a new fd", c > LS);
  w_fd_fdstat_get(c, P(fs));
  EQ("accepted: socket_stream", fs[0], __WASI_FILETYPE_SOCKET_STREAM);
  EQ("accepted: no sock_accept right", ld64(fs + 8) & __WASI_RIGHTS_SOCK_ACCEPT, 0);
  EQ("accepted: blocking", ld16(fs + 2), 0);
  char a[5], b[32];
  memset(b, 0, sizeof b);
  wt_iov rv[2] = {{P(a), 5}, {P(b), 6}};
  OK("sock_recv 2 iovecs, waitall", w_sock_recv(c, P(rv), 2, __WASI_RIFLAGS_RECV_WAITALL, P(&n), P(&rof)));
  EQ("received 11 bytes", n, 11);
  TRUE("scattered hello world", memcmp(a, "hello", 5) == 0 && memcmp(b, " world", 6) == 0);
  EQ("roflags 0", rof, 0);
  const char *pfx = "echo:";
  wt_iov sv[3] = {{P(pfx), 5}, {P(a), 5}, {P(b), 6}};
  OK("sock_send 3 iovecs", w_sock_send(c, P(sv), 3, 0, P(&n)));
  EQ("sent 16 bytes", n, 16);
  TRUE("the peeked data arrives", wait_read(c, NULL));
  wt_iov pv = {P(buf), 4};
  memset(buf, 0, sizeof buf);
  OK("sock_recv peek", w_sock_recv(c, P(&pv), 1, __WASI_RIFLAGS_RECV_PEEK | __WASI_RIFLAGS_RECV_WAITALL, P(&n), P(&rof)));
  TRUE("peek sees 'peek'", n == 4 && memcmp(buf, "peek", 4) == 0);
  memset(buf, 0, sizeof buf);
  OK("sock_recv after peek", w_sock_recv(c, P(&pv), 1, __WASI_RIFLAGS_RECV_WAITALL, P(&n), P(&rof)));
  TRUE("same data again", n == 4 && memcmp(buf, "peek", 4) == 0);
  EQ("sock_recv unknown riflags EINVAL", w_sock_recv(c, P(&pv), 1, 4, P(&n), P(&rof)), __WASI_ERRNO_INVAL);
  EQ("sock_recv bad iovec EFAULT", w_sock_recv(c, BAD, 1, 0, P(&n), P(&rof)), __WASI_ERRNO_FAULT);
  EQ("sock_recv bad roflags pointer EFAULT", w_sock_recv(c, P(&pv), 1, 0, P(&n), BAD), __WASI_ERRNO_FAULT);
  EQ("sock_send bad iovec EFAULT", w_sock_send(c, BAD, 1, 0, P(&n)), __WASI_ERRNO_FAULT);
  EQ("sock_send bad result pointer EFAULT", w_sock_send(c, P(sv), 1, 0, BAD), __WASI_ERRNO_FAULT);
  OK("fd_write on a socket", wt_write_str(c, "via-fd_write"));
  EQ("sock_shutdown how=0 EINVAL", w_sock_shutdown(c, 0), __WASI_ERRNO_INVAL);
  EQ("sock_shutdown how=4 EINVAL", w_sock_shutdown(c, 4), __WASI_ERRNO_INVAL);
  OK("sock_shutdown WR", w_sock_shutdown(c, __WASI_SDFLAGS_WR));
  EQ("sock_send after shutdown(WR) EPIPE", w_sock_send(c, P(sv), 1, 0, P(&n)), __WASI_ERRNO_PIPE);
  memset(buf, 0, sizeof buf);
  OK("sock_recv the client's bye", w_sock_recv(c, P(&v), 1, __WASI_RIFLAGS_RECV_WAITALL, P(&n), P(&rof)));
  TRUE("bye (then EOF)", n == 3 && memcmp(buf, "bye", 3) == 0);
  OK("sock_recv at EOF", w_sock_recv(c, P(&v), 1, 0, P(&n), P(&rof)));
  EQ("EOF: 0 bytes", n, 0);
  EQ("sock_shutdown RD|WR once both sides closed ENOTCONN", w_sock_shutdown(c, __WASI_SDFLAGS_RD | __WASI_SDFLAGS_WR), __WASI_ERRNO_NOTCONN);
  OK("fd_close the connection", w_fd_close(c));
  EQ("sock_recv on the closed fd EBADF", w_sock_recv(c, P(&v), 1, 0, P(&n), P(&rof)), __WASI_ERRNO_BADF);
  /* second connection, accepted non-blocking */
  wt_mkfile(RW, "ready2", "");
  TRUE("second connection pending", wait_read(LS, NULL));
  OK("sock_accept nonblock", w_sock_accept(LS, __WASI_FDFLAGS_NONBLOCK, P(&c)));
  w_fd_fdstat_get(c, P(fs));
  EQ("accepted socket is non-blocking", ld16(fs + 2), __WASI_FDFLAGS_NONBLOCK);
  EQ("sock_recv with no data EAGAIN", w_sock_recv(c, P(&v), 1, 0, P(&n), P(&rof)), __WASI_ERRNO_AGAIN);
  wt_mkfile(RW, "ready3", "");
  TRUE("data arrives (poll)", wait_read(c, NULL));
  memset(buf, 0, sizeof buf);
  OK("fd_read on the socket", wt_read_str(c, buf, sizeof buf));
  TRUE("late", strcmp(buf, "late") == 0);
  uint16_t fl = 0;
  TRUE("peer close seen by poll", wait_read(c, &fl));
  OK("sock_recv after the peer closed", w_sock_recv(c, P(&v), 1, 0, P(&n), P(&rof)));
  EQ("0 bytes", n, 0);
  w_fd_close(c);
  OK("fd_close the listening socket", w_fd_close(LS));
  EQ("sock_accept on it now EBADF", w_sock_accept(LS, 0, P(&c)), __WASI_ERRNO_BADF);
  return wt_done();
}
