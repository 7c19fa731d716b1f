// trap_oob.c — a buffer writer with a corrupted index: the store lands far past
// the end of linear memory (3.75 GiB) and must trap as an out-of-bounds access.
// (wasmc -O2 may inline poke, whose noinline attribute does not survive in
// wasm; the trap then names the function it was inlined into.)
// trap: yes
// expect-stderr: wasm trap: out of bounds memory access in function (poke|__original_main)
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) static void poke(volatile unsigned char *base, uintptr_t off, unsigned char v) {
  base[off] = v;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  unsigned char *buf = malloc(64);
  for (uintptr_t i = 0; i < 64; i++) poke(buf, i, (unsigned char)i);
  printf("filled buffer, checksum %d\n", buf[10] + buf[63]);
  volatile uintptr_t bad = 0xF0000000u;
  printf("writing at absolute address 0x%lx\n", (unsigned long)bad);
  poke((unsigned char *)0, bad, 1);
  printf("not reached\n");
  return 0;
}
