/* tests/debug: gdb shows the guest's parameters, locals, lexical blocks and
 * types (-g; docs/debugging.md "Variables").  run.sh builds it with clang
 * -O0 (every variable in linear memory, at the frame pointer local plus an
 * offset) and -O2 (parameters in wasm locals), and finds the lines marked
 * BLOCK_LINE and CALL_LINE.  Expected: combine(3, 4); in the block t = 14,
 * s = 7; in main p = {x = 3, y = 4}; prints 21. */
#include <stdio.h>

struct pt {
  int x;
  int y;
};
typedef struct pt pt_t;

__attribute__((noinline)) int combine(int a, int b) {
  int s = a + b;
  {
    int t = s * 2;
    s += t; /* BLOCK_LINE */
  }
  return s;
}

int main(int argc, char **argv) {
  pt_t p = {argc + 2, argc + 3};
  int r = combine(p.x, p.y); /* CALL_LINE */
  printf("%d\n", r);
  return r == 21 ? 0 : 1;
}
