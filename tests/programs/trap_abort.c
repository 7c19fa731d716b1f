// trap_abort.c — assert-style failure path calling abort().  wasi-libc's abort
// is `unreachable`, so the wasm build traps in function abort; natively the
// process dies of SIGABRT.  Both print the diagnostic first.
// trap: yes
// expect-stderr: wasm trap: unreachable in function abort
#include <stdio.h>
#include <stdlib.h>

static void require(int cond, const char *what) {
  if (!cond) {
    fprintf(stderr, "requirement failed: %s\n", what);
    abort();
  }
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  int balance = 100;
  int withdrawals[] = {30, 50, 40};
  for (int i = 0; i < 3; i++) {
    printf("withdraw %d from %d\n", withdrawals[i], balance);
    require(balance >= withdrawals[i], "balance >= amount");
    balance -= withdrawals[i];
  }
  printf("not reached\n");
  return 0;
}
