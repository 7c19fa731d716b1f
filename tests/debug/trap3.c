/* tests/debug: traps three calls deep (main -> level1 -> level2 -> level3).
 * The calls go through volatile function pointers so that no optimiser
 * (clang's, wasmc's LLVM) inlines them: an inlined function has no frame.
 * No argument: unreachable (__builtin_trap) in level3.  "oob": an out of
 * bounds load in level3 (a fault, trapped by the signal handler).
 * "stack": level3 recurses until the call stack is exhausted.  "spin":
 * level3 loops until a --timeout interrupts it (at the loop's latch check,
 * placed after optimisation: emit_limits.c).
 * run.sh finds the lines marked OOB_LINE, TRAP_LINE, CALL2_LINE, CALL1_LINE,
 * MAIN_LINE. */
#include <stdio.h>
#include <string.h>

typedef int level_fn(volatile int *p, int n, const char *mode);

static level_fn *volatile to3;

int level3(volatile int *p, int n, const char *mode) {
  if (mode && strcmp(mode, "oob") == 0)
    return *(volatile int *)(unsigned long)(0xfffffff0u - (unsigned)n); /* OOB_LINE */
  if (mode && strcmp(mode, "stack") == 0) return to3(p, n + 1, mode) + 1;
  if (mode && strcmp(mode, "spin") == 0)
    for (;;) p[n & 3]++; /* SPIN_LINE */
  __builtin_trap(); /* TRAP_LINE */
}

int level2(volatile int *p, int n, const char *mode) { return to3(p, n + 1, mode) + 1; /* CALL2_LINE */ }
static level_fn *volatile to2 = level2;

int level1(volatile int *p, int n, const char *mode) { return to2(p, n + 1, mode) * 2; /* CALL1_LINE */ }
static level_fn *volatile to1 = level1;

int main(int argc, char **argv) {
  volatile int a[4] = {1, 2, 3, 4};
  to3 = level3;
  printf("start\n");
  fflush(stdout);
  return to1(a, argc, argc > 1 ? argv[1] : NULL); /* MAIN_LINE */
}
