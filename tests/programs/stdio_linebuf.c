// stdio_linebuf.c — an interactive-style prompt loop with a line-buffered
// stdout (_IOLBF) and the default unbuffered stderr, both captured into one
// file: every newline on stdout must flush before the next stderr message.
// merge-output: yes
// stdin: stdio_linebuf.in
#include <stdio.h>
#include <string.h>

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  char line[128];
  int n = 0;
  printf("ready\n");
  while (printf("prompt %d> ", n), fgets(line, sizeof line, stdin)) {
    line[strcspn(line, "\n")] = 0;
    fprintf(stderr, "[log] got %zu chars\n", strlen(line));
    if (!strcmp(line, "quit")) { printf("bye\n"); break; }
    printf("echo: %s\n", line);
    n++;
  }
  fprintf(stderr, "[log] %d commands\n", n);
  return 0;
}
