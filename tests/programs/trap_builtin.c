// trap_builtin.c — an invariant checker that calls __builtin_trap() when a
// data structure is corrupt (wasm `unreachable`).
// trap: yes
// expect-stderr: wasm trap: unreachable in function check_sorted
#include <stdio.h>

__attribute__((noinline)) static void check_sorted(const int *a, int n) {
  for (int i = 1; i < n; i++)
    if (a[i - 1] > a[i]) __builtin_trap();
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  int good[] = {1, 2, 3, 5, 8, 13};
  int bad[] = {1, 2, 4, 3, 5};
  check_sorted(good, 6);
  printf("good array is sorted\n");
  fprintf(stderr, "checking the second array\n");
  check_sorted(bad, 5);
  printf("not reached\n");
  return 0;
}
