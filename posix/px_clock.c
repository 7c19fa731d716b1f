/*
 * px_clock.c — clocks, poll_oneoff, random_get, sched_yield, proc_exit,
 * proc_raise (WASI preview1).
 */
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <time.h>

#include "px_internal.h"
#include "wasmc_runtime.h"

static int host_clock(uint32_t id, clockid_t *out) {
  switch (id) {
  case WASI_CLOCK_REALTIME: *out = CLOCK_REALTIME; return 0;
  case WASI_CLOCK_MONOTONIC: *out = CLOCK_MONOTONIC; return 0;
  case WASI_CLOCK_PROCESS_CPUTIME_ID: *out = CLOCK_PROCESS_CPUTIME_ID; return 0;
  case WASI_CLOCK_THREAD_CPUTIME_ID: *out = CLOCK_THREAD_CPUTIME_ID; return 0;
  default: return WASI_EINVAL;
  }
}

static uint64_t now_ns(clockid_t c) {
  struct timespec ts;
  clock_gettime(c, &ts);
  return (uint64_t)ts.tv_sec * UINT64_C(1000000000) + (uint64_t)ts.tv_nsec;
}

int32_t wasmc_wasi_clock_res_get(wasmc_instance *inst, int32_t id, int32_t resolution) {
  clockid_t c;
  int e = host_clock((uint32_t)id, &c);
  if (e)
    return e;
  struct timespec ts;
  if (clock_getres(c, &ts) != 0)
    return vfs_errno_from_host(errno);
  return px_out64(inst, (uint32_t)resolution,
                  (uint64_t)ts.tv_sec * UINT64_C(1000000000) + (uint64_t)ts.tv_nsec);
}

int32_t wasmc_wasi_clock_time_get(wasmc_instance *inst, int32_t id, int64_t precision,
                                  int32_t time) {
  (void)precision; /* the host clock is always read at full precision */
  clockid_t c;
  int e = host_clock((uint32_t)id, &c);
  if (e)
    return e;
  struct timespec ts;
  if (clock_gettime(c, &ts) != 0)
    return vfs_errno_from_host(errno);
  return px_out64(inst, (uint32_t)time,
                  (uint64_t)ts.tv_sec * UINT64_C(1000000000) + (uint64_t)ts.tv_nsec);
}

int32_t wasmc_wasi_random_get(wasmc_instance *inst, int32_t buf, int32_t buf_len) {
  uint8_t *p = px_mem(inst, (uint32_t)buf, (uint32_t)buf_len);
  if (!p)
    return WASI_EFAULT;
  size_t len = (uint32_t)buf_len, done = 0;
  while (done < len) {
    ssize_t r = getrandom(p + done, len - done, 0);
    if (r < 0) {
      if (errno == EINTR)
        continue;
      return vfs_errno_from_host(errno);
    }
    done += (size_t)r;
  }
  return 0;
}

int32_t wasmc_wasi_sched_yield(wasmc_instance *inst) {
  (void)inst;
  sched_yield();
  return 0;
}

/* proc_exit (WASI preview1): the process ends with `code` (truncated to
 * 8 bits by the host, as exit() does), in whichever thread it is called;
 * if another thread is already ending the process (proc_exit, a trap,
 * _start returning), that one wins and this call blocks (wasmc_exit). */
_Noreturn void wasmc_wasi_proc_exit(wasmc_instance *inst, int32_t code) {
  (void)inst;
  wasmc_exit((int)code);
}

int32_t wasmc_wasi_proc_raise(wasmc_instance *inst, int32_t sig) {
  (void)inst;
  (void)sig;
  return WASI_ENOSYS; /* signals are not part of the sandbox */
}

/* ---- poll_oneoff -------------------------------------------------------- */

typedef struct sub {
  uint64_t userdata;
  uint8_t type;        /* WASI_EVENTTYPE_* */
  uint16_t error;      /* nonzero: report at once with this error */
  uint64_t deadline;   /* clock: CLOCK_MONOTONIC ns */
  int pfd;             /* fd: index in the pollfd array, or -1 */
  int host_fd;         /* fd: host fd, or -1 (always ready) */
} sub;

static uint64_t sat_add(uint64_t a, uint64_t b) { return a + b < a ? UINT64_MAX : a + b; }

int32_t wasmc_wasi_poll_oneoff(wasmc_instance *inst, int32_t in, int32_t out,
                               int32_t nsubscriptions, int32_t nevents) {
  uint32_t n = (uint32_t)nsubscriptions;
  uint8_t *np = px_mem(inst, (uint32_t)nevents, 4);
  if (!np)
    return WASI_EFAULT;
  if (n == 0)
    return WASI_EINVAL; /* would block forever */
  const uint8_t *ip = px_mem(inst, (uint32_t)in, (uint64_t)n * WASI_SUBSCRIPTION_SIZE);
  uint8_t *op = px_mem(inst, (uint32_t)out, (uint64_t)n * WASI_EVENT_SIZE);
  if (!ip || !op)
    return WASI_EFAULT;
  if (n > PX_POLL_MAX)
    return WASI_EINVAL;
  sub *subs = calloc(n, sizeof *subs);
  struct pollfd *pfds = calloc(n, sizeof *pfds);
  if (!subs || !pfds) {
    free(subs);
    free(pfds);
    return WASI_ENOMEM;
  }
  int e = 0, npfd = 0, immediate = 0, have_clock = 0;
  uint64_t t0 = now_ns(CLOCK_MONOTONIC), min_deadline = UINT64_MAX;
  /* Read every subscription before writing any event: in and out may overlap. */
  for (uint32_t i = 0; i < n && !e; i++) {
    const uint8_t *s = ip + (size_t)i * WASI_SUBSCRIPTION_SIZE;
    sub *sb = &subs[i];
    sb->userdata = px_ld64(s);
    sb->type = s[8];
    sb->pfd = -1;
    sb->host_fd = -1;
    if (sb->type == WASI_EVENTTYPE_CLOCK) {
      uint32_t id = px_ld32(s + 16);
      uint64_t timeout = px_ld64(s + 24);
      uint16_t flags = px_ld16(s + 40);
      if (id == WASI_CLOCK_MONOTONIC || id == WASI_CLOCK_REALTIME) {
        if (flags & WASI_SUBSCRIPTION_CLOCK_ABSTIME) {
          if (id == WASI_CLOCK_MONOTONIC) {
            sb->deadline = timeout;
          } else {
            uint64_t rt = now_ns(CLOCK_REALTIME);
            sb->deadline = timeout <= rt ? t0 : sat_add(t0, timeout - rt);
          }
        } else {
          sb->deadline = sat_add(t0, timeout);
        }
        have_clock = 1;
        if (sb->deadline < min_deadline)
          min_deadline = sb->deadline;
      } else {
        /* cputime clocks can't be waited on with poll(2) */
        sb->error = id <= WASI_CLOCK_THREAD_CPUTIME_ID ? WASI_ENOTSUP : WASI_EINVAL;
        immediate = 1;
      }
    } else if (sb->type == WASI_EVENTTYPE_FD_READ || sb->type == WASI_EVENTTYPE_FD_WRITE) {
      int32_t fd = (int32_t)px_ld32(s + 16);
      vfs_obj *o;
      int fe = px_fd(fd, WASI_RIGHT_POLL_FD_READWRITE, 0, &o, NULL);
      if (fe) {
        sb->error = (uint16_t)fe;
        immediate = 1;
        continue;
      }
      sb->host_fd = o->ops->host_fd ? o->ops->host_fd(o) : -1;
      vfs_obj_release(o);
      /* The host fd stays valid while polling only as long as the guest
       * doesn't close it concurrently; poll(2) then reports POLLNVAL. */
      if (sb->host_fd < 0) {
        immediate = 1; /* objects without a host fd are always ready */
        continue;
      }
      sb->pfd = npfd;
      pfds[npfd].fd = sb->host_fd;
      pfds[npfd].events = sb->type == WASI_EVENTTYPE_FD_READ ? POLLIN : POLLOUT;
      npfd++;
    } else {
      e = WASI_EINVAL;
    }
  }
  uint32_t count = 0;
  while (!e) {
    struct timespec ts, *tsp = NULL;
    if (immediate) {
      ts.tv_sec = 0;
      ts.tv_nsec = 0;
      tsp = &ts;
    } else if (have_clock) {
      uint64_t now = now_ns(CLOCK_MONOTONIC);
      uint64_t d = min_deadline > now ? min_deadline - now : 0;
      ts.tv_sec = (time_t)(d / 1000000000u);
      ts.tv_nsec = (long)(d % 1000000000u);
      tsp = &ts;
    }
    int r;
    if (npfd == 0 && tsp && !immediate) {
      /* clocks only: sleep to the deadline (absolute, immune to EINTR drift) */
      struct timespec abs = {(time_t)(min_deadline / 1000000000u),
                             (long)(min_deadline % 1000000000u)};
      int ce = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL);
      if (ce == EINTR && px_interrupted(inst)) {
        e = WASI_EINTR;
        break;
      }
      if (ce == EINTR)
        continue;
      r = 0;
    } else {
      r = ppoll(pfds, (nfds_t)npfd, tsp, NULL);
      if (r < 0) {
        if (errno == EINTR && px_interrupted(inst)) {
          e = WASI_EINTR;
          break;
        }
        if (errno == EINTR)
          continue;
        e = vfs_errno_from_host(errno);
        break;
      }
    }
    uint64_t now = now_ns(CLOCK_MONOTONIC);
    count = 0;
    for (uint32_t i = 0; i < n; i++) {
      sub *sb = &subs[i];
      uint16_t err = 0, flags = 0;
      uint64_t nbytes = 0;
      int ready = 0;
      if (sb->type == WASI_EVENTTYPE_CLOCK) {
        ready = sb->error || now >= sb->deadline;
        err = sb->error;
      } else if (sb->error || sb->host_fd < 0) {
        ready = 1;
        err = sb->error;
      } else {
        short rev = pfds[sb->pfd].revents;
        if (rev & POLLNVAL) {
          ready = 1;
          err = WASI_EBADF;
        } else if (rev & (POLLIN | POLLOUT | POLLERR | POLLHUP)) {
          ready = 1;
          if (rev & POLLHUP)
            flags |= WASI_EVENT_FD_READWRITE_HANGUP;
          else if (rev & POLLERR)
            err = WASI_EIO;
          int avail = 0;
          if (sb->type == WASI_EVENTTYPE_FD_READ && ioctl(sb->host_fd, FIONREAD, &avail) == 0 &&
              avail > 0)
            nbytes = (uint64_t)avail;
        }
      }
      if (!ready)
        continue;
      uint8_t *ev = op + (size_t)count * WASI_EVENT_SIZE;
      memset(ev, 0, WASI_EVENT_SIZE);
      px_st64(ev + 0, sb->userdata);
      px_st16(ev + 8, err);
      px_st8(ev + 10, sb->type);
      if (sb->type != WASI_EVENTTYPE_CLOCK) {
        px_st64(ev + 16, nbytes);
        px_st16(ev + 24, flags);
      }
      count++;
    }
    if (count > 0)
      break;
    /* woke before any deadline (timer slack, EINTR): wait again */
  }
  free(subs);
  free(pfds);
  px_check_interrupt(inst, e, "poll_oneoff");
  if (e)
    return e;
  px_st32(np, count);
  return 0;
}
