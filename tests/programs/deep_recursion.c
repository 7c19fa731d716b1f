// deep_recursion.c — recursive algorithms on a 200,000-element linked list and
// a degenerate (list-shaped) binary tree: non-tail recursion 200,000 deep,
// which works natively with an 8 MB stack.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

struct node { struct node *next; uint32_t v; };
struct tree { struct tree *l, *r; int key; };

__attribute__((noinline)) static uint32_t list_hash(const struct node *n) {
  if (!n) return 2166136261u;
  uint32_t h = list_hash(n->next);
  return (h ^ n->v) * 16777619u;
}

__attribute__((noinline)) static int depth(const struct tree *t) {
  if (!t) return 0;
  int a = depth(t->l), b = depth(t->r);
  return 1 + (a > b ? a : b);
}

static struct tree *insert(struct tree *root, int key) {
  /* iterative insert: sorted keys make a right-leaning chain */
  struct tree *n = calloc(1, sizeof *n);
  n->key = key;
  if (!root) return n;
  struct tree *t = root;
  for (;;) {
    struct tree **next = key < t->key ? &t->l : &t->r;
    if (!*next) { *next = n; return root; }
    t = *next;
  }
}

int main(void) {
  const int N = 200000;
  struct node *head = NULL;
  for (int i = 0; i < N; i++) {
    struct node *n = malloc(sizeof *n);
    n->v = (uint32_t)i * 2654435761u;
    n->next = head;
    head = n;
  }
  printf("list of %d: recursive hash %08x\n", N, (unsigned)list_hash(head));
  struct tree *root = NULL, *tail = NULL;
  for (int i = 0; i < N; i++) {
    if (!root) { root = tail = insert(NULL, i); continue; }
    struct tree *n = calloc(1, sizeof *n); /* O(1) append to the chain */
    n->key = i;
    tail->r = n;
    tail = n;
  }
  root = insert(root, -1);
  printf("degenerate tree depth: %d\n", depth(root));
  return 0;
}
