/* hashtable.c — word counting in a chained hash table with malloc'd nodes and
 * string keys (the shape of symbol tables, caches, interpreters), plus an
 * open-addressing integer map with inserts, lookups and deletions.
 * usage: hashtable [WORDS [ROUNDS]]
 * Self-check: the word counts add up to WORDS; every inserted integer key is
 * found, every deleted one is not; a checksum of both is printed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint32_t rnd(void) { rng = rng * 6364136223846793005ull + 1442695040888963407ull; return (uint32_t)(rng >> 33); }

typedef struct node { struct node *next; uint32_t hash, count; char key[]; } node;
static uint32_t fnv(const char *s, size_t n) { uint32_t h = 2166136261u; for (size_t i = 0; i < n; i++) h = (h ^ (uint8_t)s[i]) * 16777619u; return h; }

int main(int argc, char **argv) {
  long words = argc > 1 ? atol(argv[1]) : 4000000;
  int rounds = argc > 2 ? atoi(argv[2]) : 3;
  uint64_t check = 0;
  for (int r = 0; r < rounds; r++) {
    /* 1. string word counts: vocabulary of ~200k words, skewed frequencies */
    size_t nb = 1 << 16, n_distinct = 0;
    node **tab = calloc(nb, sizeof *tab);
    char w[32];
    for (long i = 0; i < words; i++) {
      uint32_t x = rnd(), id = (x & 1) ? (x >> 1) % 1000 : (x >> 1) % 200000;
      int len = snprintf(w, sizeof w, "w%uk%u", id * 2654435761u % 100003u, id);
      uint32_t h = fnv(w, len);
      node **p = &tab[h & (nb - 1)];
      while (*p && ((*p)->hash != h || strcmp((*p)->key, w) != 0)) p = &(*p)->next;
      if (*p) { (*p)->count++; continue; }
      node *e = malloc(sizeof *e + len + 1);
      e->next = NULL; e->hash = h; e->count = 1; memcpy(e->key, w, len + 1);
      *p = e;
      if (++n_distinct > nb) { /* grow x4 and rehash */
        size_t nb2 = nb * 4; node **t2 = calloc(nb2, sizeof *t2);
        for (size_t b = 0; b < nb; b++) for (node *q = tab[b], *nx; q; q = nx) { nx = q->next; q->next = t2[q->hash & (nb2 - 1)]; t2[q->hash & (nb2 - 1)] = q; }
        free(tab); tab = t2; nb = nb2;
      }
    }
    uint64_t total = 0, maxc = 0, sig = 0;
    for (size_t b = 0; b < nb; b++) for (node *q = tab[b], *nx; q; q = nx) {
      nx = q->next; total += q->count; if (q->count > maxc) maxc = q->count;
      sig += (uint64_t)q->hash * q->count; free(q);
    }
    free(tab);
    if (total != (uint64_t)words) { printf("FAIL: counts add up to %llu\n", (unsigned long long)total); return 1; }
    /* 2. open addressing u32 -> u32 with tombstones */
    uint32_t cap = 1u << 21, mask = cap - 1, nkeys = cap / 2;
    uint32_t *keys = calloc(cap, 4), *vals = calloc(cap, 4); /* key 0 = empty, 1 = tombstone */
    uint32_t base = rnd() | 1;
#define KEY(i) ((uint32_t)((i) * 2654435761u + base) | 2u) /* distinct for distinct i (odd multiplier), never 0/1 */
    for (uint32_t i = 0; i < nkeys; i++) {
      uint32_t k = KEY(i), h = (k * 0x9E3779B1u) >> 11 & mask;
      while (keys[h] > 1 && keys[h] != k) h = (h + 1) & mask;
      keys[h] = k; vals[h] = i;
    }
    for (uint32_t i = 0; i < nkeys; i += 3) { /* delete every third */
      uint32_t k = KEY(i), h = (k * 0x9E3779B1u) >> 11 & mask;
      while (keys[h] != k) h = (h + 1) & mask;
      keys[h] = 1;
    }
    uint64_t found = 0, vsum = 0;
    for (uint32_t i = 0; i < nkeys; i++) {
      uint32_t k = KEY(i), h = (k * 0x9E3779B1u) >> 11 & mask;
      while (keys[h] != 0 && keys[h] != k) h = (h + 1) & mask;
      int hit = keys[h] == k;
      if (hit != (i % 3 != 0)) { printf("FAIL: key %u\n", i); return 1; }
      if (hit) { found++; vsum += vals[h]; }
    }
    free(keys); free(vals);
    check = check * 31 + sig + maxc * 7 + found * 13 + vsum;
    printf("round %d: distinct=%zu max=%llu found=%llu\n", r, n_distinct, (unsigned long long)maxc, (unsigned long long)found);
  }
  printf("hashtable checksum %016llx\n", (unsigned long long)check);
  return 0;
}
