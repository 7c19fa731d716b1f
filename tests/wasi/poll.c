// poll_oneoff: relative and absolute clocks (monotonic, realtime), several
// subscriptions, fd read/write readiness on files and a pipe (stdin: data
// after ~1 s, closed after ~2 s -> hangup), per-subscription errors, call errors.
// stdin: sleep 1; printf hello; sleep 1
#include "wt.h"

typedef struct { uint8_t b[48]; } sub_t;
typedef struct { uint8_t b[32]; } evt_t;
static void st64(uint8_t *p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i)); }
static void st32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i)); }
static void clk(sub_t *s, uint64_t ud, uint32_t id, uint64_t timeout, uint16_t flags) {
  memset(s, 0, sizeof *s);
  st64(s->b, ud);
  s->b[8] = __WASI_EVENTTYPE_CLOCK;
  st32(s->b + 16, id);
  st64(s->b + 24, timeout);
  s->b[40] = (uint8_t)flags;
}
static void fdsub(sub_t *s, uint64_t ud, uint8_t type, uint32_t fd) {
  memset(s, 0, sizeof *s);
  st64(s->b, ud);
  s->b[8] = type;
  st32(s->b + 16, fd);
}
static uint64_t mono(void) { uint64_t t; w_clock_time_get(1, 1, P(&t)); return t; }
#define MS 1000000ull

int main(void) {
  sub_t s[4];
  evt_t e[4];
  uint32_t n = 0;
  /* clocks */
  clk(&s[0], 11, __WASI_CLOCKID_MONOTONIC, 100 * MS, 0);
  uint64_t t0 = mono();
  OK("poll 1 relative monotonic clock 100 ms", w_poll_oneoff(P(s), P(e), 1, P(&n)));
  uint64_t dt = mono() - t0;
  EQ("1 event", n, 1);
  EQ("event userdata", ld64(e[0].b), 11);
  EQ("event type clock", e[0].b[10], __WASI_EVENTTYPE_CLOCK);
  EQ("event error 0", ld16(e[0].b + 8), 0);
  TRUE("slept >= 100 ms and < 2 s", dt >= 100 * MS && dt < 2000 * MS);
  t0 = mono();
  clk(&s[0], 12, __WASI_CLOCKID_MONOTONIC, t0 + 80 * MS, __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME);
  OK("poll absolute monotonic deadline", w_poll_oneoff(P(s), P(e), 1, P(&n)));
  TRUE("woke at the absolute deadline", mono() >= t0 + 80 * MS);
  uint64_t rt;
  w_clock_time_get(0, 1, P(&rt));
  t0 = mono();
  clk(&s[0], 13, __WASI_CLOCKID_REALTIME, rt + 80 * MS, __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME);
  OK("poll absolute realtime deadline", w_poll_oneoff(P(s), P(e), 1, P(&n)));
  dt = mono() - t0;
  TRUE("realtime deadline waited ~80 ms", dt >= 70 * MS && dt < 2000 * MS);
  clk(&s[0], 14, __WASI_CLOCKID_REALTIME, 100 * MS, 0);
  t0 = mono();
  OK("poll relative realtime clock", w_poll_oneoff(P(s), P(e), 1, P(&n)));
  TRUE("relative realtime waited >= 100 ms", mono() - t0 >= 100 * MS);
  clk(&s[0], 15, __WASI_CLOCKID_MONOTONIC, 1, __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME);
  t0 = mono();
  OK("poll deadline in the past", w_poll_oneoff(P(s), P(e), 1, P(&n)));
  TRUE("past deadline returns at once", mono() - t0 < 50 * MS && n == 1);
  /* several clocks: only the earliest fires */
  clk(&s[0], 21, __WASI_CLOCKID_MONOTONIC, 600 * MS, 0);
  clk(&s[1], 22, __WASI_CLOCKID_MONOTONIC, 50 * MS, 0);
  clk(&s[2], 23, __WASI_CLOCKID_REALTIME, 900 * MS, 0);
  t0 = mono();
  OK("poll 3 clocks", w_poll_oneoff(P(s), P(e), 3, P(&n)));
  EQ("only one fired", n, 1);
  EQ("the 50 ms one", ld64(e[0].b), 22);
  TRUE("after ~50 ms", mono() - t0 < 550 * MS);
  clk(&s[0], 31, __WASI_CLOCKID_MONOTONIC, 0, 0);
  clk(&s[1], 32, __WASI_CLOCKID_MONOTONIC, 0, 0);
  OK("poll 2 zero timeouts", w_poll_oneoff(P(s), P(e), 2, P(&n)));
  EQ("both fired", n, 2);
  TRUE("userdata 31 and 32", ld64(e[0].b) + ld64(e[1].b) == 63);
  /* cputime and unknown clocks: immediate events with an error */
  clk(&s[0], 41, __WASI_CLOCKID_PROCESS_CPUTIME_ID, 1000 * MS, 0);
  clk(&s[1], 42, 9, 1000 * MS, 0);
  OK("poll cputime + unknown clock", w_poll_oneoff(P(s), P(e), 2, P(&n)));
  EQ("two events", n, 2);
  EQ("cputime clock event ENOTSUP", ld16(e[0].b + 8), __WASI_ERRNO_NOTSUP);
  EQ("unknown clock event EINVAL", ld16(e[1].b + 8), __WASI_ERRNO_INVAL);
  /* files are always ready */
  i32 f;
  wt_mkfile(RW, "f.txt", "0123456789");
  wt_open(RW, "f.txt", 0, R_ALL, 0, &f);
  fdsub(&s[0], 51, __WASI_EVENTTYPE_FD_READ, (uint32_t)f);
  fdsub(&s[1], 52, __WASI_EVENTTYPE_FD_WRITE, (uint32_t)f);
  clk(&s[2], 53, __WASI_CLOCKID_MONOTONIC, 5000 * MS, 0);
  t0 = mono();
  OK("poll file read+write + 5 s clock", w_poll_oneoff(P(s), P(e), 3, P(&n)));
  EQ("two fd events, no clock", n, 2);
  TRUE("returned at once", mono() - t0 < 1000 * MS);
  EQ("fd_read event type", e[0].b[10], __WASI_EVENTTYPE_FD_READ);
  EQ("fd_read nbytes = file size", ld64(e[0].b + 16), 10);
  EQ("fd_write event type", e[1].b[10], __WASI_EVENTTYPE_FD_WRITE);
  EQ("fd_write event error 0", ld16(e[1].b + 8), 0);
  fdsub(&s[0], 61, __WASI_EVENTTYPE_FD_WRITE, 1);
  OK("poll stdout writable", w_poll_oneoff(P(s), P(e), 1, P(&n)));
  TRUE("stdout ready", n == 1 && ld16(e[0].b + 8) == 0);
  /* per-subscription errors */
  fdsub(&s[0], 71, __WASI_EVENTTYPE_FD_READ, 999);
  clk(&s[1], 72, __WASI_CLOCKID_MONOTONIC, 5000 * MS, 0);
  t0 = mono();
  OK("poll a bad fd: the call succeeds", w_poll_oneoff(P(s), P(e), 2, P(&n)));
  TRUE("bad fd: one event, at once", n == 1 && mono() - t0 < 1000 * MS);
  EQ("bad fd event error EBADF", ld16(e[0].b + 8), __WASI_ERRNO_BADF);
  i32 g;
  wt_open(RW, "f.txt", 0, __WASI_RIGHTS_FD_READ, 0, &g);
  fdsub(&s[0], 73, __WASI_EVENTTYPE_FD_READ, (uint32_t)g);
  OK("poll an fd without poll_fd_readwrite", w_poll_oneoff(P(s), P(e), 1, P(&n)));
  EQ("event error ENOTCAPABLE", ld16(e[0].b + 8), __WASI_ERRNO_NOTCAPABLE);
  /* call errors */
  EQ("nsubscriptions 0 EINVAL", w_poll_oneoff(P(s), P(e), 0, P(&n)), __WASI_ERRNO_INVAL);
  s[0].b[8] = 3;
  EQ("unknown event type EINVAL", w_poll_oneoff(P(s), P(e), 1, P(&n)), __WASI_ERRNO_INVAL);
  clk(&s[0], 1, 1, 0, 0);
  EQ("bad subscriptions pointer EFAULT", w_poll_oneoff(BAD, P(e), 1, P(&n)), __WASI_ERRNO_FAULT);
  EQ("bad events pointer EFAULT", w_poll_oneoff(P(s), BAD, 1, P(&n)), __WASI_ERRNO_FAULT);
  EQ("bad nevents pointer EFAULT", w_poll_oneoff(P(s), P(e), 1, BAD), __WASI_ERRNO_FAULT);
  EQ("huge nsubscriptions EFAULT/EINVAL", ({ i32 r = w_poll_oneoff(P(s), P(e), 0x7fffffff, P(&n)); r == __WASI_ERRNO_FAULT || r == __WASI_ERRNO_INVAL; }), 1);
  /* in and out may overlap */
  clk(&s[0], 81, __WASI_CLOCKID_MONOTONIC, 0, 0);
  OK("events written over the subscriptions", w_poll_oneoff(P(s), P(s), 1, P(&n)));
  EQ("overlapping: userdata", ld64(s[0].b), 81);
  /* stdin pipe: no data for ~1 s, then "hello", then EOF after ~2 s */
  fdsub(&s[0], 91, __WASI_EVENTTYPE_FD_READ, 0);
  clk(&s[1], 92, __WASI_CLOCKID_MONOTONIC, 200 * MS, 0);
  OK("poll empty stdin pipe + 200 ms", w_poll_oneoff(P(s), P(e), 2, P(&n)));
  TRUE("only the clock fired (pipe not ready)", n == 1 && ld64(e[0].b) == 92);
  clk(&s[1], 93, __WASI_CLOCKID_MONOTONIC, 10000 * MS, 0);
  OK("poll stdin + 10 s", w_poll_oneoff(P(s), P(e), 2, P(&n)));
  TRUE("stdin became readable", n == 1 && ld64(e[0].b) == 91);
  EQ("nbytes 5", ld64(e[0].b + 16), 5);
  EQ("no hangup yet", ld16(e[0].b + 24), 0);
  char buf[16];
  wt_iov v = {P(buf), 16};
  w_fd_read(0, P(&v), 1, P(&n));
  EQ("read hello", n, 5);
  OK("poll stdin until the writer closes", w_poll_oneoff(P(s), P(e), 2, P(&n)));
  TRUE("stdin event", n == 1 && ld64(e[0].b) == 91);
  EQ("hangup flag", ld16(e[0].b + 24), __WASI_EVENTRWFLAGS_FD_READWRITE_HANGUP);
  return wt_done();
}
