// fileio.c — a tiny "notes" store in a granted directory: creates files and
// subdirectories, writes, reads back, seeks, stats, lists (sorted), renames,
// and deletes.  argv[1] is the directory; only paths relative to it are printed.
// dir: yes
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[512];

static const char *P(const char *rel) {
  static char buf[4][1024];
  static int k;
  k = (k + 1) & 3;
  snprintf(buf[k], sizeof buf[k], "%s/%s", root, rel);
  return buf[k];
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list(const char *rel) {
  DIR *d = opendir(P(rel));
  if (!d) { printf("opendir %s failed: %s\n", rel, strerror(errno)); return; }
  char *names[64];
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) && n < 64) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    names[n++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, (size_t)n, sizeof names[0], cmp);
  printf("ls %s:", rel);
  for (int i = 0; i < n; i++) {
    struct stat st;
    char rp[256];
    snprintf(rp, sizeof rp, "%s/%s", rel, names[i]);
    if (stat(P(rp), &st) == 0)
      printf(" %s%s(%lld)", names[i], S_ISDIR(st.st_mode) ? "/" : "", S_ISDIR(st.st_mode) ? 0LL : (long long)st.st_size);
    free(names[i]);
  }
  printf("\n");
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: fileio DIR\n"); return 2; }
  snprintf(root, sizeof root, "%s", argv[1]);

  FILE *f = fopen(P("notes.txt"), "w");
  if (!f) { printf("fopen: %s\n", strerror(errno)); return 1; }
  for (int i = 0; i < 100; i++) fprintf(f, "note %03d: %s\n", i, i % 3 ? "buy milk" : "call home");
  fclose(f);

  f = fopen(P("notes.txt"), "r");
  char line[128];
  int lines = 0, homes = 0;
  while (fgets(line, sizeof line, f)) { lines++; if (strstr(line, "home")) homes++; }
  printf("read %d lines, %d mention home\n", lines, homes);
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 19 * 5, SEEK_SET);
  fgets(line, sizeof line, f);
  printf("size %ld, line at offset 95: %s", size, line);
  fseek(f, -20, SEEK_END);
  fgets(line, sizeof line, f);
  printf("20 from end: %s", line);
  fclose(f);

  int fd = open(P("data.bin"), O_CREAT | O_RDWR | O_TRUNC, 0644);
  unsigned char block[4096];
  for (int i = 0; i < 4096; i++) block[i] = (unsigned char)(i * 7 + 3);
  for (int i = 0; i < 16; i++) if (write(fd, block, sizeof block) != (ssize_t)sizeof block) printf("short write\n");
  off_t off = lseek(fd, 12345, SEEK_SET);
  unsigned char b[8];
  ssize_t r = read(fd, b, sizeof b);
  printf("lseek=%lld read=%zd bytes: %u %u %u\n", (long long)off, r, b[0], b[1], b[7]);
  lseek(fd, 100, SEEK_END);
  if (write(fd, "tail", 4) != 4) printf("short write\n");
  struct stat st;
  fstat(fd, &st);
  printf("data.bin size %lld regular=%d\n", (long long)st.st_size, S_ISREG(st.st_mode));
  lseek(fd, 65536 + 50, SEEK_SET);
  r = read(fd, b, 4);
  printf("hole reads %zd bytes: %u %u %u %u\n", r, b[0], b[1], b[2], b[3]);
  if (ftruncate(fd, 1000) != 0) printf("ftruncate failed\n");
  fstat(fd, &st);
  printf("after ftruncate %lld\n", (long long)st.st_size);
  close(fd);

  printf("mkdir sub: %d\n", mkdir(P("sub"), 0755));
  printf("mkdir sub again: %d (%s)\n", mkdir(P("sub"), 0755), errno == EEXIST ? "EEXIST" : "other");
  mkdir(P("sub/deeper"), 0755);
  f = fopen(P("sub/deeper/x.txt"), "w"); fputs("x\n", f); fclose(f);
  f = fopen(P("sub/b.txt"), "w"); fputs("bee\n", f); fclose(f);
  f = fopen(P("sub/a.txt"), "w"); fputs("ay\n", f); fclose(f);
  list(".");
  list("sub");

  printf("rename: %d\n", rename(P("notes.txt"), P("sub/renamed.txt")));
  printf("stat old name: %d (%s)\n", stat(P("notes.txt"), &st), errno == ENOENT ? "ENOENT" : "other");
  list(".");
  list("sub");
  printf("rmdir non-empty: %d (%s)\n", rmdir(P("sub/deeper")), errno == ENOTEMPTY || errno == EEXIST ? "not empty" : "other");
  printf("unlink x: %d\n", unlink(P("sub/deeper/x.txt")));
  printf("rmdir deeper: %d\n", rmdir(P("sub/deeper")));
  printf("open missing: %s\n", fopen(P("missing/file"), "r") ? "opened?!" : "failed as expected");
  const char *rm[] = {"sub/a.txt", "sub/b.txt", "sub/renamed.txt", "data.bin"};
  for (int i = 0; i < 4; i++) printf("unlink %s: %d\n", rm[i], unlink(P(rm[i])));
  printf("rmdir sub: %d\n", rmdir(P("sub")));
  list(".");
  return 0;
}
