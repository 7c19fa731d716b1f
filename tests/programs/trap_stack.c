// trap_stack.c — a parser recursing without a depth limit on adversarial input
// (unbounded recursion).  Must end in a clean trap, never a crash.  Which trap
// depends on which stack runs out first: the engine's call stack ("call stack
// exhausted") or clang's linear-memory shadow stack (-O0 keeps locals there;
// running off its bottom is an out-of-bounds access); both are valid wasm.
// trap: yes
// expect-stderr: wasm trap: (call stack exhausted|out of bounds memory access) in function (nest|__original_main|main)
#include <stdio.h>

static volatile int sink;

__attribute__((noinline)) static int nest(const char *p, int step, int depth) {
  char frame[16];
  frame[depth & 15] = *p;
  sink = frame[depth & 15];
  if (*p == '(') {
    int r = nest(p + step, step, depth + 1) + (frame[depth & 15] == '(');
    sink = r; /* work after the call: no tail-call/accumulator rewrite into a loop */
    return r;
  }
  return depth;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  printf("parsing \"((()))\": depth %d\n", nest("((()))", 1, 0));
  printf("parsing an endless run of '(' ...\n");
  static const char endless[] = "(";
  /* nest never advances p, so "(" is an infinitely deep document. */
  printf("depth %d\n", nest(endless, 0, 0));
  return 0;
}
