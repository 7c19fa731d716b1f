// trap_overflow.c — INT_MIN / -1: i32.div_s overflows and traps in wasm.
// The C expression is UB, so the operands go through volatile and the
// division is done by a noinline function the optimizer cannot fold.
// trap: yes
// expect-stderr: wasm trap: integer overflow in function quotient
#include <limits.h>
#include <stdio.h>

__attribute__((noinline)) static int quotient(int a, int b) {
  volatile int x = a, y = b;
  return x / y;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  int as[] = {100, -100, INT_MAX, INT_MIN};
  for (int i = 0; i < 4; i++) printf("%d / -1 = %d\n", as[i], quotient(as[i], -1));
  return 0;
}
