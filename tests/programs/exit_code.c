// exit_code.c — a job runner that fails: exit(N) from deep inside, with atexit
// handlers that flush a report (they must run, in reverse order).
// args: 3
#include <stdio.h>
#include <stdlib.h>

static int jobs_done;

static void report(void) { printf("atexit report: %d jobs done\n", jobs_done); }
static void goodbye(void) { printf("atexit goodbye (registered first, runs last)\n"); }

static void run_job(int id, int fail_at) {
  printf("job %d running\n", id);
  if (id == fail_at) {
    fprintf(stderr, "job %d failed, exiting with status %d\n", id, 40 + id);
    exit(40 + id);
  }
  jobs_done++;
}

int main(int argc, char **argv) {
  atexit(goodbye);
  atexit(report);
  int fail_at = argc > 1 ? atoi(argv[1]) : -1;
  printf("buffered line that must survive exit()\n");
  for (int i = 0; i < 10; i++) run_job(i, fail_at);
  return 0;
}
