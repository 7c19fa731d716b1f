// clock_mono.c — a stopwatch/benchmark harness: checks that the monotonic
// clock never goes backwards, that measured work takes non-negative time, that
// the realtime clock is plausible, and that nanosleep sleeps.  Prints nothing
// time-dependent.
#include <stdint.h>
#include <stdio.h>
#include <time.h>

static int64_t now_ns(clockid_t c) {
  struct timespec ts;
  if (clock_gettime(c, &ts) != 0) return -1;
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int main(void) {
  int64_t prev = now_ns(CLOCK_MONOTONIC), backwards = 0, advanced = 0;
  volatile uint64_t work = 0;
  for (int i = 0; i < 200000; i++) {
    work += (uint64_t)i * i;
    if (i % 100 == 0) {
      int64_t t = now_ns(CLOCK_MONOTONIC);
      if (t < prev) backwards++;
      if (t > prev) advanced++;
      prev = t;
    }
  }
  printf("monotonic samples went backwards %lld times; advanced at least once: %s\n", (long long)backwards,
         advanced > 0 ? "yes" : "no");
  struct timespec res;
  printf("clock_getres(MONOTONIC) ok: %s\n", clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0 ? "yes" : "no");
  int64_t wall = now_ns(CLOCK_REALTIME);
  printf("realtime after 2020: %s\n", wall > (int64_t)1577836800 * 1000000000 ? "yes" : "no");
  time_t t = time(NULL);
  printf("time() agrees with CLOCK_REALTIME within 5 s: %s\n", (int64_t)t * 1000000000 - wall < 5000000000LL && wall - (int64_t)t * 1000000000 < 5000000000LL ? "yes" : "no");
  struct tm tm;
  time_t fixed = 1700000000;
  gmtime_r(&fixed, &tm);
  char buf[64];
  strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %A %j", &tm);
  printf("gmtime(1700000000) = %s\n", buf);
  int64_t before = now_ns(CLOCK_MONOTONIC);
  struct timespec d = {0, 20 * 1000 * 1000};
  int rc = nanosleep(&d, NULL);
  int64_t slept = now_ns(CLOCK_MONOTONIC) - before;
  printf("nanosleep(20 ms) rc=%d, slept at least 19 ms: %s\n", rc, slept >= 19000000 ? "yes" : "no");
  return 0;
}
