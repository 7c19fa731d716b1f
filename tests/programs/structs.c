// structs.c — an inventory/order system built from structs: nested structs,
// struct assignment and return by value, arrays of structs, unions with a
// tag, bit-fields, flexible array members and a hash map of records.
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct money { int64_t cents; };
struct item { char sku[12]; struct money price; uint32_t qty; uint8_t taxable : 1, fragile : 1, category : 6; };
struct line { struct item item; uint32_t count; };
struct order { uint32_t id; uint32_t nlines; struct line lines[]; };
enum vkind { V_INT, V_DBL, V_STR };
struct value { enum vkind kind; union { int64_t i; double d; char s[16]; } u; };
struct vec3 { double x, y, z; };

static struct money add(struct money a, struct money b) { return (struct money){a.cents + b.cents}; }
static struct money mul(struct money a, uint32_t k) { return (struct money){a.cents * k}; }
static struct vec3 cross(struct vec3 a, struct vec3 b) {
  return (struct vec3){a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}

struct entry { char key[12]; struct item val; struct entry *next; };
static struct entry *buckets[31];
static unsigned hash(const char *s) { unsigned h = 5381; while (*s) h = h * 33 + (unsigned char)*s++; return h % 31; }
static void put(const struct item *it) {
  struct entry *e = malloc(sizeof *e);
  memcpy(e->key, it->sku, sizeof e->key);
  e->val = *it;
  e->next = buckets[hash(it->sku)];
  buckets[hash(it->sku)] = e;
}
static const struct item *get(const char *sku) {
  for (struct entry *e = buckets[hash(sku)]; e; e = e->next) if (!strcmp(e->key, sku)) return &e->val;
  return NULL;
}

static void print_value(struct value v) {
  switch (v.kind) {
  case V_INT: printf("int(%lld)", (long long)v.u.i); break;
  case V_DBL: printf("dbl(%.3f)", v.u.d); break;
  case V_STR: printf("str(%s)", v.u.s); break;
  }
}

int main(void) {
  for (int i = 0; i < 40; i++) {
    struct item it = {{0}, {199 + i * 137 % 1000}, (uint32_t)(i * 7 % 23), (uint8_t)(i % 2), (uint8_t)(i % 5 == 0), (uint8_t)(i % 60)};
    snprintf(it.sku, sizeof it.sku, "SKU-%04d", i * 37);
    put(&it);
  }
  struct order *o = malloc(sizeof *o + 5 * sizeof(struct line));
  o->id = 9001;
  o->nlines = 5;
  const char *want[] = {"SKU-0037", "SKU-0370", "SKU-1443", "SKU-0000", "SKU-0999"};
  uint32_t counts[] = {2, 1, 5, 3, 1};
  uint32_t nl = 0;
  for (int i = 0; i < 5; i++) {
    const struct item *it = get(want[i]);
    if (!it) { printf("missing %s\n", want[i]); continue; }
    o->lines[nl].item = *it;
    o->lines[nl++].count = counts[i];
  }
  o->nlines = nl;
  struct money total = {0}, tax = {0};
  for (uint32_t i = 0; i < o->nlines; i++) {
    struct line l = o->lines[i];
    struct money sub = mul(l.item.price, l.count);
    total = add(total, sub);
    if (l.item.taxable) tax = add(tax, (struct money){sub.cents * 8 / 100});
    printf("order %u line %u: %s x%u @ %lld.%02lld = %lld.%02lld%s%s cat=%u\n", o->id, i, l.item.sku, l.count,
           (long long)(l.item.price.cents / 100), (long long)(l.item.price.cents % 100), (long long)(sub.cents / 100),
           (long long)(sub.cents % 100), l.item.taxable ? " taxable" : "", l.item.fragile ? " fragile" : "", l.item.category);
  }
  printf("total %lld.%02lld tax %lld.%02lld\n", (long long)(total.cents / 100), (long long)(total.cents % 100),
         (long long)(tax.cents / 100), (long long)(tax.cents % 100));
  struct value vals[4] = {{V_INT, {.i = -42}}, {V_DBL, {.d = 2.718281828}}, {V_STR, {.s = "union!"}}, {V_INT, {.i = INT64_MAX}}};
  for (int i = 0; i < 4; i++) { print_value(vals[i]); printf(i < 3 ? ", " : "\n"); }
  struct vec3 a = {1, 2, 3}, b = {4, 5, 6}, c = cross(a, b);
  printf("cross = (%g, %g, %g)\n", c.x, c.y, c.z);
  struct item copy = o->lines[0].item;
  copy.qty = 999;
  printf("copy is independent: %u vs %u\n", copy.qty, o->lines[0].item.qty);
  printf("offsets: price %zu qty %zu; money %zu bytes, vec3 %zu bytes\n", offsetof(struct item, price),
         offsetof(struct item, qty), sizeof(struct money), sizeof(struct vec3));
  struct { uint32_t a : 3, b : 13, c : 16; } bf = {5, 8000, 65535};
  bf.a += 3;
  bf.b *= 2;
  printf("bitfields: %u %u %u\n", bf.a, bf.b, bf.c);
  free(o);
  return 0;
}
