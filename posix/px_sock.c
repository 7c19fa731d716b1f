/*
 * px_sock.c — sock_* (WASI preview1) on socket fds the process was given: a
 * listening socket granted with --tcp-listen (px_init.c), an inherited stdin
 * socket, or one accepted from them; other fds get ENOTSOCK, bad fds EBADF.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "px_internal.h"

static int is_socket(const vfs_obj *o) {
  return o->filetype == WASI_FILETYPE_SOCKET_STREAM || o->filetype == WASI_FILETYPE_SOCKET_DGRAM;
}

/* Socket object of fd with `rights` and its host fd. */
static int sock_get(int32_t fd, uint64_t rights, vfs_obj **out, int *out_hfd) {
  vfs_obj *o;
  int e = vfs_fd_get(fd, 0, &o, NULL);
  if (e)
    return e;
  int hfd = o->ops->host_fd ? o->ops->host_fd(o) : -1;
  vfs_fd_entry en;
  if (!is_socket(o) || hfd < 0) {
    vfs_obj_release(o);
    return WASI_ENOTSOCK;
  }
  vfs_obj_release(o);
  e = px_fd(fd, rights, 0, &o, &en);
  if (e)
    return e;
  if (!is_socket(o) || (hfd = o->ops->host_fd(o)) < 0) { /* replaced meanwhile */
    vfs_obj_release(o);
    return WASI_ENOTSOCK;
  }
  *out = o;
  *out_hfd = hfd;
  return 0;
}

int32_t wasmc_wasi_sock_accept(wasmc_instance *inst, int32_t fd, int32_t flags, int32_t result_fd) {
  uint8_t *rp = px_mem(inst, (uint32_t)result_fd, 4);
  if (!rp)
    return WASI_EFAULT;
  if ((uint32_t)flags & ~WASI_FDFLAG_NONBLOCK)
    return WASI_EINVAL;
  vfs_obj *o;
  int hfd;
  int e = sock_get(fd, WASI_RIGHT_SOCK_ACCEPT, &o, &hfd);
  if (e)
    return e;
  int nfd;
  do
    nfd = accept4(hfd, NULL, NULL,
                  SOCK_CLOEXEC | (((uint32_t)flags & WASI_FDFLAG_NONBLOCK) ? SOCK_NONBLOCK : 0));
  while (nfd < 0 && vfs_eintr_retry());
  e = nfd < 0 ? vfs_errno_from_host(errno) : 0;
  vfs_obj_release(o);
  px_check_interrupt(inst, e, "sock_accept");
  if (e)
    return e;
  vfs_obj *no;
  if ((e = vfs_host_wrap_fd(nfd, &no)) != 0)
    return e;
  uint32_t gfd;
  e = vfs_fd_install(no, WASI_RIGHTS_SOCKET & ~WASI_RIGHT_SOCK_ACCEPT, 0, &gfd);
  if (e) {
    vfs_obj_release(no);
    return e;
  }
  px_st32(rp, gfd);
  return 0;
}

int32_t wasmc_wasi_sock_recv(wasmc_instance *inst, int32_t fd, int32_t ri_data,
                             int32_t ri_data_len, int32_t ri_flags, int32_t ro_datalen,
                             int32_t ro_flags) {
  uint8_t *lp = px_mem(inst, (uint32_t)ro_datalen, 4), *fp = px_mem(inst, (uint32_t)ro_flags, 2);
  if (!lp || !fp)
    return WASI_EFAULT;
  if ((uint32_t)ri_flags & ~(WASI_RIFLAG_RECV_PEEK | WASI_RIFLAG_RECV_WAITALL))
    return WASI_EINVAL;
  struct iovec iov[PX_IOV_MAX];
  int n;
  int e = px_iovs(inst, (uint32_t)ri_data, (uint32_t)ri_data_len, iov, &n);
  if (e)
    return e;
  vfs_obj *o;
  int hfd;
  if ((e = sock_get(fd, WASI_RIGHT_FD_READ, &o, &hfd)) != 0)
    return e;
  struct msghdr m;
  memset(&m, 0, sizeof m);
  m.msg_iov = iov;
  m.msg_iovlen = (size_t)n;
  int fl = 0;
  if ((uint32_t)ri_flags & WASI_RIFLAG_RECV_PEEK)
    fl |= MSG_PEEK;
  if ((uint32_t)ri_flags & WASI_RIFLAG_RECV_WAITALL)
    fl |= MSG_WAITALL;
  ssize_t r;
  do
    r = recvmsg(hfd, &m, fl);
  while (r < 0 && vfs_eintr_retry());
  e = r < 0 ? vfs_errno_from_host(errno) : 0;
  vfs_obj_release(o);
  px_check_interrupt(inst, e, "sock_recv");
  if (e)
    return e;
  px_st32(lp, (uint32_t)r);
  px_st16(fp, (m.msg_flags & MSG_TRUNC) ? WASI_ROFLAG_RECV_DATA_TRUNCATED : 0);
  return 0;
}

int32_t wasmc_wasi_sock_send(wasmc_instance *inst, int32_t fd, int32_t si_data,
                             int32_t si_data_len, int32_t si_flags, int32_t so_datalen) {
  (void)si_flags; /* no siflags are defined in preview1 */
  uint8_t *lp = px_mem(inst, (uint32_t)so_datalen, 4);
  if (!lp)
    return WASI_EFAULT;
  struct iovec iov[PX_IOV_MAX];
  int n;
  int e = px_iovs(inst, (uint32_t)si_data, (uint32_t)si_data_len, iov, &n);
  if (e)
    return e;
  vfs_obj *o;
  int hfd;
  if ((e = sock_get(fd, WASI_RIGHT_FD_WRITE, &o, &hfd)) != 0)
    return e;
  struct msghdr m;
  memset(&m, 0, sizeof m);
  m.msg_iov = iov;
  m.msg_iovlen = (size_t)n;
  ssize_t r;
  do
    r = sendmsg(hfd, &m, MSG_NOSIGNAL);
  while (r < 0 && vfs_eintr_retry());
  e = r < 0 ? vfs_errno_from_host(errno) : 0;
  vfs_obj_release(o);
  px_check_interrupt(inst, e, "sock_send");
  if (e)
    return e;
  px_st32(lp, (uint32_t)r);
  return 0;
}

int32_t wasmc_wasi_sock_shutdown(wasmc_instance *inst, int32_t fd, int32_t how) {
  (void)inst;
  int h;
  switch ((uint32_t)how) {
  case WASI_SDFLAG_RD: h = SHUT_RD; break;
  case WASI_SDFLAG_WR: h = SHUT_WR; break;
  case WASI_SDFLAG_RD | WASI_SDFLAG_WR: h = SHUT_RDWR; break;
  default: return WASI_EINVAL;
  }
  vfs_obj *o;
  int hfd;
  int e = sock_get(fd, WASI_RIGHT_SOCK_SHUTDOWN, &o, &hfd);
  if (e)
    return e;
  e = shutdown(hfd, h) != 0 ? vfs_errno_from_host(errno) : 0;
  vfs_obj_release(o);
  return e;
}
