// hello.c — the smallest end-to-end check, also used by scripts/demo.sh.
// args: world
#include <stdio.h>

int main(int argc, char **argv) {
  const char *who = argc > 1 ? argv[1] : "wasm";
  printf("hello, %s!\n", who);
  for (int i = 1; i <= 5; i++)
    printf("%d squared is %2d, %d cubed is %3d\n", i, i * i, i, i * i * i);
  return 0;
}
