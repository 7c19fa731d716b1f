// malloc_loop.c — allocates 16 KiB blocks (touching each) until malloc
// returns NULL, then prints what it got and the memory's size in pages:
//   initial-pages P0
//   malloc-null-after N blocks (B bytes)
//   final-pages P
// With --max-memory the loop must end at the cap; run.sh checks the numbers.
// It stops by itself after 256 MiB (printing "no-null-before 256 MiB"), so
// that a broken cap cannot take 4 GiB of the machine's memory.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK (16 * 1024)
#define SAFETY_BLOCKS ((256u << 20) / BLOCK)

int main(void) {
  unsigned long initial = __builtin_wasm_memory_size(0);
  printf("initial-pages %lu\n", initial);
  /* The blocks form a list that is walked and freed at the end, so the
   * compiler cannot drop the allocations (it may elide an unused malloc and
   * assume it succeeded: an endless loop). */
  void **list = NULL;
  unsigned long n = 0;
  for (;;) {
    if (n == SAFETY_BLOCKS) {
      printf("no-null-before 256 MiB\n");
      break;
    }
    void **p = malloc(BLOCK);
    if (!p) break;
    memset(p, (int)(n & 0xff), BLOCK); /* really use it */
    p[0] = list;
    list = p;
    n++;
  }
  unsigned long final = __builtin_wasm_memory_size(0), walked = 0;
  while (list) {
    void **next = list[0];
    free(list);
    list = next;
    walked++;
  }
  printf("malloc-null-after %lu blocks (%lu bytes)\n", walked, n * (unsigned long)BLOCK);
  printf("final-pages %lu\n", final);
  return 0;
}
