/* tests/limits/time.sh: a loop that leaves on either of two conditions,
 * the shape of zlib's longest_match (walk a hash chain while the next entry
 * is above a limit and the chain budget lasts).  Code generation turns its
 * latch `br (a && b)` into two compare-and-branch pairs.  With
 * --interruptible the check must not come between the conditions and that
 * branch (compiler/emit_limits.c: it goes on the back edge), or they are
 * materialised with setcc and `and` in every iteration.
 * `tally` calls `bump`, which calls a function through a pointer (wasmc's
 * optimiser inlines direct calls, whatever clang's noinline): `bump` is
 * inlined into tally's loop, and with --interruptible brings no entry
 * check of its own into it (the entry checks are placed after optimisation:
 * every check in tally reads the runtime's flag). */
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) unsigned walk(const unsigned short *prev, const unsigned char *w, unsigned cur,
                                        unsigned limit, unsigned chain) {
  unsigned best = 0;
  do {
    unsigned len = 0;
    while (len < 64 && w[cur + len] == w[len]) len++; /* a nested loop: the outer one is not counted */
    if (len > best) best = len;
  } while ((cur = prev[cur & 0x3fff]) > limit && --chain != 0);
  return best;
}

__attribute__((noinline)) unsigned mix(unsigned x) { return x * 2654435761u ^ (x >> 13); }

unsigned (*volatile mixer)(unsigned) = mix;

static unsigned bump(unsigned x) { return mixer(x) + 1; }

__attribute__((noinline)) unsigned tally(const unsigned short *prev, unsigned n) {
  unsigned t = 0;
  for (unsigned i = 0; i < n; i++) t += bump(prev[i]);
  return t;
}

int main(int argc, char **argv) {
  unsigned n = 1 << 14, reps = argc > 1 ? (unsigned)atoi(argv[1]) : 2000, sum = 0;
  unsigned short *prev = malloc(sizeof *prev * n);
  unsigned char *w = malloc(n + 64);
  if (!prev || !w) return 1;
  for (unsigned i = 0; i < n; i++) prev[i] = (unsigned short)((i * 7919u) % n), w[i] = (unsigned char)(i % 5);
  for (unsigned i = 0; i < 64; i++) w[n + i] = 0;
  for (unsigned r = 0; r < reps; r++) sum += walk(prev, w, r % n, 8, 512);
  printf("%u %u\n", sum, tally(prev, n));
  return 0;
}
