// exit_return.c — a checker that returns a non-zero status from main after
// writing partial output to both streams (no trailing newline on stdout).
#include <stdio.h>
#include <string.h>

static int check(const char *s) {
  int bad = 0;
  for (const char *p = s; *p; p++) if (*p < 'a' || *p > 'z') bad++;
  return bad;
}

int main(void) {
  const char *words[] = {"alpha", "Beta", "gamma", "delta9", "epsilon", "z_z"};
  int failures = 0;
  for (int i = 0; i < 6; i++) {
    int b = check(words[i]);
    printf("%s:%s ", words[i], b ? "bad" : "ok");
    if (b) { fprintf(stderr, "word %d (%s) has %d bad chars\n", i, words[i], b); failures++; }
  }
  printf("-> %d failures", failures);
  return failures;
}
