// stdio_interleave.c — a logger writing progress to stdout (fully buffered,
// private 512-byte buffer, explicit fflush) and diagnostics to stderr (made
// line buffered); both streams are captured into ONE file, so the observed
// order depends on correct buffering semantics.  Each stream is configured
// once, before any I/O on it, as C requires.
// merge-output: yes
#include <stdio.h>

static char outbuf[512];
static char errbuf[128];

int main(void) {
  setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
  setvbuf(stderr, errbuf, _IOLBF, sizeof errbuf);
  printf("A1 buffered\n");
  printf("A2 buffered\n");
  fprintf(stderr, "E1 line-buffered stderr appears before A1/A2\n");
  fflush(stdout);
  fprintf(stderr, "E2 after the flush");
  printf("A3 partial line without newline... ");
  fflush(stdout);
  fprintf(stderr, " (E2 completed after A3)\n");
  printf("\n");
  for (int i = 0; i < 5; i++) {
    printf("B%d progress %d%%\n", i, i * 25);
    if (i % 2) fflush(stdout);
    fprintf(stderr, "E-step %d\n", i);
  }
  fprintf(stderr, "E-last (stderr line flushed at newline)\n");
  printf("C1 still buffered, written by exit()\n");
  printf("C2 also flushed at exit");
  return 0;
}
