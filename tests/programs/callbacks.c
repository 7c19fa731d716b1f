// callbacks.c — a small shape library with vtable-style dispatch, plus sorting
// records with several qsort comparators and bsearch lookups.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct shape;
struct shape_ops {
  const char *kind;
  double (*area)(const struct shape *);
  double (*perimeter)(const struct shape *);
  void (*scale)(struct shape *, double);
};
struct shape { const struct shape_ops *ops; double a, b; int id; };

static double rect_area(const struct shape *s) { return s->a * s->b; }
static double rect_perim(const struct shape *s) { return 2 * (s->a + s->b); }
static void rect_scale(struct shape *s, double k) { s->a *= k; s->b *= k; }
static double circ_area(const struct shape *s) { return 3.141592653589793 * s->a * s->a; }
static double circ_perim(const struct shape *s) { return 2 * 3.141592653589793 * s->a; }
static void circ_scale(struct shape *s, double k) { s->a *= k; }
static double tri_area(const struct shape *s) { return 0.5 * s->a * s->b; }
static double tri_perim(const struct shape *s) { return s->a + s->b + sqrt(s->a * s->a + s->b * s->b); }

static const struct shape_ops RECT = {"rect", rect_area, rect_perim, rect_scale};
static const struct shape_ops CIRCLE = {"circle", circ_area, circ_perim, circ_scale};
static const struct shape_ops TRI = {"triangle", tri_area, tri_perim, rect_scale};

static int by_area(const void *x, const void *y) {
  const struct shape *a = x, *b = y;
  double d = a->ops->area(a) - b->ops->area(b);
  return (d > 0) - (d < 0);
}
static int by_kind_then_id(const void *x, const void *y) {
  const struct shape *a = x, *b = y;
  int c = strcmp(a->ops->kind, b->ops->kind);
  return c ? c : a->id - b->id;
}
static int by_id_desc(const void *x, const void *y) {
  return ((const struct shape *)y)->id - ((const struct shape *)x)->id;
}
static int int_cmp(const void *x, const void *y) {
  int a = *(const int *)x, b = *(const int *)y;
  return (a > b) - (a < b);
}

typedef int (*cmp_fn)(const void *, const void *);

static void show(const char *title, struct shape *s, int n) {
  printf("%s:\n", title);
  for (int i = 0; i < n; i++)
    printf("  #%02d %-8s area %10.4f perimeter %9.4f\n", s[i].id, s[i].ops->kind,
           s[i].ops->area(&s[i]), s[i].ops->perimeter(&s[i]));
}

int main(void) {
  const struct shape_ops *kinds[] = {&RECT, &CIRCLE, &TRI};
  struct shape s[15];
  unsigned seed = 12345;
  for (int i = 0; i < 15; i++) {
    seed = seed * 1103515245u + 12345u;
    s[i].ops = kinds[(seed >> 16) % 3];
    s[i].a = 1 + (seed >> 8) % 97 / 10.0;
    s[i].b = 1 + (seed >> 4) % 53 / 10.0;
    s[i].id = i;
  }
  struct { const char *name; cmp_fn fn; } sorts[] = {
    {"by area", by_area}, {"by kind, then id", by_kind_then_id}, {"by id descending", by_id_desc}};
  for (int k = 0; k < 3; k++) {
    qsort(s, 15, sizeof s[0], sorts[k].fn);
    show(sorts[k].name, s, 15);
  }
  for (int i = 0; i < 15; i++) s[i].ops->scale(&s[i], 1.5);
  double total = 0;
  for (int i = 0; i < 15; i++) total += s[i].ops->area(&s[i]);
  printf("total area after scaling by 1.5: %.6f\n", total);

  int nums[1000];
  for (int i = 0; i < 1000; i++) { seed = seed * 1664525u + 1013904223u; nums[i] = (int)(seed % 100000) - 50000; }
  qsort(nums, 1000, sizeof nums[0], int_cmp);
  printf("min %d median %d max %d\n", nums[0], nums[500], nums[999]);
  int probes[] = {nums[17], nums[999], 123456, -50001};
  for (int i = 0; i < 4; i++) {
    int *hit = bsearch(&probes[i], nums, 1000, sizeof nums[0], int_cmp);
    printf("bsearch %d: %s\n", probes[i], hit ? "found" : "absent");
  }
  return 0;
}
