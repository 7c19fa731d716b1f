// fuel_count.c — counts loop iterations and writes each count as it goes
// (unbuffered), doing a little work per iteration that depends on the count
// (so the cost varies by iteration).  Under --fuel it must stop at the same
// iteration on every run, at every optimisation level (tests/limits/time.sh).
#include <stdio.h>

static unsigned work(unsigned i) {
  unsigned h = i;
  for (unsigned k = 0; k < (i % 7); k++) h = h * 31u + k;
  return h;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  unsigned acc = 0;
  for (unsigned i = 0;; i++) {
    acc += work(i);
    printf("%u %u\n", i, acc);
  }
}
