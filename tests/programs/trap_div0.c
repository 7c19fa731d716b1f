// trap_div0.c — computes average bucket sizes; an empty bucket divides by zero
// (volatile operands make clang emit a real i32.div_s, which traps in wasm).
// trap: yes
// expect-stderr: wasm trap: integer divide by zero in function average
#include <stdio.h>

__attribute__((noinline)) static int average(int total, int count) {
  volatile int t = total, c = count;
  return t / c;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  int totals[] = {100, 57, 9, 1000};
  int counts[] = {4, 3, 0, 10};
  for (int i = 0; i < 4; i++) {
    printf("bucket %d: total %d count %d\n", i, totals[i], counts[i]);
    printf("  average %d\n", average(totals[i], counts[i]));
  }
  return 0;
}
