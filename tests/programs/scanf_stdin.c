// scanf_stdin.c — a grade-book: reads "name score score ..." records from stdin
// with scanf, computes per-student and class statistics; line-buffered output.
// stdin: scanf_stdin.in
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct student {
  char name[32];
  int n;
  double sum, best, worst;
};

static int by_avg(const void *a, const void *b) {
  const struct student *x = a, *y = b;
  double ax = x->sum / x->n, ay = y->sum / y->n;
  if (ax != ay) return ax < ay ? 1 : -1;
  return strcmp(x->name, y->name);
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  int count;
  if (scanf("%d", &count) != 1) {
    fprintf(stderr, "missing count\n");
    return 2;
  }
  struct student *st = calloc((size_t)count, sizeof *st);
  int got = 0;
  for (int i = 0; i < count; i++) {
    int k;
    if (scanf("%31s %d", st[i].name, &k) != 2) break;
    st[i].best = -1e9;
    st[i].worst = 1e9;
    for (int j = 0; j < k; j++) {
      double v;
      if (scanf("%lf", &v) != 1) { fprintf(stderr, "bad score for %s\n", st[i].name); return 3; }
      st[i].sum += v;
      st[i].n++;
      if (v > st[i].best) st[i].best = v;
      if (v < st[i].worst) st[i].worst = v;
    }
    printf("read %-10s %d scores\n", st[i].name, st[i].n);
    got++;
  }
  char word[64];
  int trailing = 0;
  while (scanf("%63s", word) == 1) trailing++;
  qsort(st, (size_t)got, sizeof *st, by_avg);
  double total = 0;
  int ntot = 0;
  for (int i = 0; i < got; i++) {
    printf("%2d. %-10s avg %7.3f best %6.2f worst %6.2f\n", i + 1, st[i].name,
           st[i].sum / st[i].n, st[i].best, st[i].worst);
    total += st[i].sum;
    ntot += st[i].n;
  }
  printf("class average %.4f over %d scores; %d trailing words ignored\n", total / ntot, ntot, trailing);
  unsigned hexv; char c; int pos;
  int r = sscanf("ff:z 17", "%x:%c%n", &hexv, &c, &pos);
  printf("sscanf: r=%d hex=%u c=%c pos=%d\n", r, hexv, c, pos);
  free(st);
  return 0;
}
