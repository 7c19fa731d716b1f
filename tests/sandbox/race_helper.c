/* race_helper DIR SECONDS: swap DIR/real (a directory) and DIR/swap (a symlink
 * to ../../outside) with renameat2(RENAME_EXCHANGE) as fast as possible, then
 * leave DIR/real a directory again.  Prints the number of swaps. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc != 3) return 2;
  int d = open(argv[1], O_RDONLY | O_DIRECTORY);
  if (d < 0) { perror("open"); return 1; }
  time_t end = time(NULL) + atoi(argv[2]);
  unsigned long swaps = 0;
  while (time(NULL) < end) {
    for (int i = 0; i < 1000; i++, swaps++)
      if (renameat2(d, "real", d, "swap", RENAME_EXCHANGE) != 0) { perror("renameat2"); return 1; }
  }
  struct stat st;
  if (fstatat(d, "real", &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISDIR(st.st_mode))
    renameat2(d, "real", d, "swap", RENAME_EXCHANGE);
  printf("%lu swaps\n", swaps);
  return 0;
}
