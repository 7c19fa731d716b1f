// argv_env.c — a command-line option parser that also consults the
// environment: prints argv, parses flags, reads a granted variable and checks
// that an ungranted one is invisible.
// args: --name=tester -v -v "two words" 42 -- -not-a-flag
// env: GREETING=bonjour
// env: WASMC_TEST_LEVEL=3
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

int main(int argc, char **argv) {
  printf("argc=%d\n", argc);
  for (int i = 1; i < argc; i++) printf("argv[%d]=\"%s\" (%zu bytes)\n", i, argv[i], strlen(argv[i]));
  int verbose = 0, rest = 0;
  const char *name = "nobody";
  long sum = 0;
  for (int i = 1; i < argc; i++) {
    if (rest) { printf("positional after --: %s\n", argv[i]); continue; }
    if (!strcmp(argv[i], "--")) rest = 1;
    else if (!strncmp(argv[i], "--name=", 7)) name = argv[i] + 7;
    else if (!strcmp(argv[i], "-v")) verbose++;
    else { char *end; long v = strtol(argv[i], &end, 10); if (!*end) sum += v; else printf("word: %s\n", argv[i]); }
  }
  printf("name=%s verbose=%d sum=%ld\n", name, verbose, sum);
  const char *g = getenv("GREETING");
  printf("GREETING=%s\n", g ? g : "(unset)");
  const char *lvl = getenv("WASMC_TEST_LEVEL");
  printf("level*7=%d\n", lvl ? atoi(lvl) * 7 : -1);
  const char *vars[] = {"HOME", "PATH", "USER", "WASMC_FLAGS", "NOT_THERE"};
  for (int i = 0; i < 5; i++) printf("%s is %s\n", vars[i], getenv(vars[i]) ? "visible" : "not visible");
  int n = 0;
  for (char **e = environ; *e; e++) n++;
  printf("environment has %d entries\n", n);
  printf("setenv: %d, now %s\n", setenv("GREETING", "hallo", 1), getenv("GREETING"));
  return verbose;
}
