/* bench/box/startup.c [PATH]: print a line; with PATH, also open it and print
 * its first line (start-up of a boxed executable, bench/box_startup.sh). */
#include <stdio.h>
int main(int argc, char **argv) {
  if (argc > 1) {
    FILE *f = fopen(argv[1], "r");
    char line[128] = "";
    if (!f || !fgets(line, sizeof line, f)) { perror(argv[1]); return 1; }
    fclose(f);
    fputs(line, stdout);
  }
  puts("started");
  return 0;
}
