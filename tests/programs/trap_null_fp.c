// trap_null_fp.c — an event dispatcher whose handler table has a hole: calling
// the missing handler is a call_indirect on table slot 0 (null) and must trap.
// trap: yes
// expect-stderr: wasm trap: uninitialized element in function dispatch
#include <stdio.h>

typedef int (*handler)(int);
static int on_open(int x) { return x + 1; }
static int on_close(int x) { return x * 2; }
static handler table[4] = {on_open, on_close, 0, on_open};

__attribute__((noinline)) static int dispatch(volatile handler *t, int ev, int arg) {
  handler h = t[ev];
  return h(arg);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  int acc = 1;
  for (int ev = 0; ev < 4; ev++) {
    printf("event %d ...\n", ev);
    acc = dispatch(table, ev, acc);
    printf("event %d handled, acc=%d\n", ev, acc);
  }
  return 0;
}
