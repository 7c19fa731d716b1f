/* tests/debug: traps three calls deep (main -> level1 -> level2 -> level3).
 * The line numbers of the calls and the trap are checked by run.sh: keep
 * them where they are (TRAP_LINE, CALL2_LINE, CALL1_LINE, MAIN_LINE). */
#include <stdio.h>

__attribute__((noinline)) int level3(volatile int *p, int n) {
  if (n > 2) __builtin_trap(); /* TRAP_LINE 7 */
  return p[n];
}

__attribute__((noinline)) int level2(volatile int *p, int n) {
  return level3(p, n + 1) + 1; /* CALL2_LINE 12 */
}

__attribute__((noinline)) int level1(volatile int *p, int n) {
  return level2(p, n + 1) * 2; /* CALL1_LINE 16 */
}

int main(int argc, char **argv) {
  (void)argv;
  volatile int a[4] = {1, 2, 3, 4};
  printf("start\n");
  fflush(stdout);
  return level1(a, argc); /* MAIN_LINE 24 */
}
