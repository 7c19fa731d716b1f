/*
 * tests/box/overlay.c ROOT — file-system operations over the tree at ROOT,
 * printing every result.  tests/box/run.sh runs it natively on a copy of the
 * tree and as a wasmc executable with the tree boxed at ROOT: the overlay
 * must behave as Linux does on the copy (same output), and the host tree
 * must stay untouched.  Only what both can agree on is printed (no inode
 * numbers, no directory sizes or link counts, no times the test did not set).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *root;

static const char *en(int e) {
  switch (e) {
  case 0: return "ok";
  case ENOENT: return "ENOENT";
  case EEXIST: return "EEXIST";
  case ENOTDIR: return "ENOTDIR";
  case EISDIR: return "EISDIR";
  case ENOTEMPTY: return "ENOTEMPTY";
  case EINVAL: return "EINVAL";
  case EPERM: return "EPERM";
  case EACCES: return "EACCES";
  case EBADF: return "EBADF";
  case ELOOP: return "ELOOP";
  case EBUSY: return "EBUSY";
  case EXDEV: return "EXDEV";
  case EROFS: return "EROFS";
  case EIO: return "EIO";
  default: {
    static char b[32];
    snprintf(b, sizeof b, "errno %d", e);
    return b;
  }
  }
}

static char *P(const char *rel) {
  static char bufs[4][1024];
  static int k;
  char *b = bufs[k++ & 3];
  snprintf(b, 1024, "%s/%s", root, rel);
  return b;
}

#define R(label, expr) do { errno = 0; int r_ = (expr); printf("%-40s %s\n", label, r_ < 0 ? en(errno) : "ok"); } while (0)

static void cat(const char *rel) {
  int fd = open(P(rel), O_RDONLY);
  if (fd < 0) { printf("cat %-36s %s\n", rel, en(errno)); return; }
  char buf[512];
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n < 0) { printf("cat %-36s read %s\n", rel, en(errno)); return; }
  buf[n] = 0;
  for (ssize_t i = 0; i < n; i++) if (buf[i] == 0) buf[i] = '0'; else if (buf[i] == '\n') buf[i] = '|';
  printf("cat %-36s \"%s\" (%zd bytes)\n", rel, buf, n);
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void ls(const char *rel) {
  DIR *d = opendir(P(rel));
  if (!d) { printf("ls %-37s %s\n", rel, en(errno)); return; }
  char *names[512];
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) && n < 512)
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
      names[n++] = strdup(e->d_name);
  closedir(d);
  qsort(names, (size_t)n, sizeof *names, cmp);
  printf("ls %-37s", rel);
  for (int i = 0; i < n; i++) {
    struct stat st;
    char p[1024];
    snprintf(p, sizeof p, "%s/%s", rel, names[i]);
    const char *t = lstat(P(p), &st) ? "?" : S_ISDIR(st.st_mode) ? "/" : S_ISLNK(st.st_mode) ? "@" : "";
    printf(" %s%s", names[i], t);
    free(names[i]);
  }
  printf("\n");
}

static void st(const char *rel) {
  struct stat s;
  if (stat(P(rel), &s) != 0) { printf("stat %-35s %s\n", rel, en(errno)); return; }
  if (S_ISDIR(s.st_mode)) printf("stat %-35s dir\n", rel);
  else printf("stat %-35s file size %lld nlink %lu\n", rel, (long long)s.st_size, (unsigned long)s.st_nlink);
}

/* Times kept from the source tree (cp -a keeps them in the native copy). */
static void mt(const char *rel) {
  struct stat s;
  if (lstat(P(rel), &s) != 0) { printf("mtime %-34s %s\n", rel, en(errno)); return; }
  printf("mtime %-34s %lld.%09ld\n", rel, (long long)s.st_mtim.tv_sec, s.st_mtim.tv_nsec);
}

static int put(const char *rel, int flags, const char *text) {
  int fd = open(P(rel), flags, 0644);
  if (fd < 0) return -1;
  ssize_t n = write(fd, text, strlen(text));
  int e = errno;
  close(fd);
  errno = e;
  return n < 0 ? -1 : 0;
}

static void tree(const char *rel, int depth) {
  DIR *d = opendir(P(rel));
  if (!d) return;
  char *names[512];
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) && n < 512)
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
      names[n++] = strdup(e->d_name);
  closedir(d);
  qsort(names, (size_t)n, sizeof *names, cmp);
  for (int i = 0; i < n; i++) {
    char p[1024];
    snprintf(p, sizeof p, "%s%s%s", rel, *rel ? "/" : "", names[i]);
    struct stat s;
    lstat(P(p), &s);
    if (S_ISDIR(s.st_mode)) { printf("  %*s%s/\n", depth * 2, "", names[i]); tree(p, depth + 1); }
    else if (S_ISLNK(s.st_mode)) {
      char t[256];
      ssize_t k = readlink(P(p), t, sizeof t - 1);
      t[k < 0 ? 0 : k] = 0;
      printf("  %*s%s -> %s\n", depth * 2, "", names[i], t);
    } else { printf("  %*s", depth * 2, ""); cat(p); }
    free(names[i]);
  }
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  root = argv[1];
  printf("== initial\n");
  ls(".");
  ls("sub");
  cat("a.txt");
  cat("sub/link");
  st("hard.txt");
  st("a.txt");
  mt("a.txt");
  mt("sub/deep/d.txt");
  mt("sub/empty");

  printf("== write, append, truncate\n");
  R("trunc-write a.txt", put("a.txt", O_WRONLY | O_TRUNC, "new contents\n"));
  cat("a.txt");
  cat("hard.txt");  /* same file: sees the write */
  R("append sub/c.txt", put("sub/c.txt", O_WRONLY | O_APPEND, "more\n"));
  cat("sub/c.txt");
  R("truncate b2.txt 3", truncate(P("b2.txt"), 3));
  cat("b2.txt");
  R("truncate b2.txt 10", truncate(P("b2.txt"), 10));
  cat("b2.txt");
  {
    int fd = open(P("sub/deep/d.txt"), O_RDWR);
    printf("%-40s %s\n", "open rw sub/deep/d.txt", fd < 0 ? en(errno) : "ok");
    if (fd >= 0) {
      pwrite(fd, "XY", 2, 2);
      char b[8] = {0};
      pread(fd, b, 4, 1);
      printf("pread after pwrite                       \"%s\"\n", b);
      off_t end = lseek(fd, 0, SEEK_END);
      printf("lseek end                                %lld\n", (long long)end);
      write(fd, "!", 1);
      close(fd);
    }
    cat("sub/deep/d.txt");
  }

  printf("== create, unlink (whiteouts)\n");
  R("create new.txt", put("new.txt", O_WRONLY | O_CREAT | O_EXCL, "fresh\n"));
  R("create new.txt again (excl)", put("new.txt", O_WRONLY | O_CREAT | O_EXCL, "x"));
  R("unlink a.txt", unlink(P("a.txt")));
  st("a.txt");
  st("hard.txt");
  cat("sub/link");  /* dangling now */
  R("unlink a.txt again", unlink(P("a.txt")));
  R("create a.txt again", put("a.txt", O_WRONLY | O_CREAT, "reborn\n"));
  cat("sub/link");
  ls(".");

  printf("== directories\n");
  R("mkdir newdir", mkdir(P("newdir"), 0755));
  R("mkdir newdir again", mkdir(P("newdir"), 0755));
  R("create newdir/f", put("newdir/f", O_WRONLY | O_CREAT, "f\n"));
  R("rmdir newdir (not empty)", rmdir(P("newdir")));
  R("unlink newdir/f", unlink(P("newdir/f")));
  R("rmdir newdir", rmdir(P("newdir")));
  ls("newdir");
  R("rmdir sub/empty", rmdir(P("sub/empty")));
  R("rmdir sub (not empty)", rmdir(P("sub")));
  R("rmdir b2.txt (file)", rmdir(P("b2.txt")));
  R("unlink sub (dir)", unlink(P("sub")));
  R("mkdir in missing parent", mkdir(P("missing/x"), 0755));
  R("open dir for write", open(P("sub"), O_WRONLY));
  R("open file as dir", open(P("b2.txt"), O_RDONLY | O_DIRECTORY));
  R("open file/ (trailing slash)", open(P("b2.txt/"), O_RDONLY));
  R("open missing", open(P("nope"), O_RDONLY));
  ls("sub");

  printf("== rename\n");
  R("rename sub/c.txt moved.txt", rename(P("sub/c.txt"), P("moved.txt")));
  cat("moved.txt");
  st("sub/c.txt");
  R("rename new.txt over b2.txt", rename(P("new.txt"), P("b2.txt")));
  cat("b2.txt");
  R("rename file over dir", rename(P("b2.txt"), P("sub")));
  R("mkdir e1", mkdir(P("e1"), 0755));
  R("rename dir over file", rename(P("e1"), P("b2.txt")));
  R("rename dir into itself", rename(P("sub"), P("sub/deep/x")));
  R("mkdir e2", mkdir(P("e2"), 0755));
  R("rename dir over empty dir", rename(P("e1"), P("e2")));
  R("rename sub sub2", rename(P("sub"), P("sub2")));
  ls("sub2");
  cat("sub2/deep/d.txt");
  R("rename missing", rename(P("nope"), P("nope2")));
  R("rename to same", rename(P("moved.txt"), P("moved.txt")));

  printf("== links\n");
  R("symlink newlink -> moved.txt", symlink("moved.txt", P("newlink")));
  cat("newlink");
  R("symlink over existing", symlink("x", P("moved.txt")));
  R("link moved.txt hl.txt", link(P("moved.txt"), P("hl.txt")));
  st("moved.txt");
  R("append via hl.txt", put("hl.txt", O_WRONLY | O_APPEND, "via hl\n"));
  cat("moved.txt");
  R("link dir", link(P("sub2"), P("dirlink")));
  R("unlink moved.txt", unlink(P("moved.txt")));
  st("hl.txt");
  cat("newlink");

  printf("== times\n");
  {
    struct timespec ts[2] = {{1000000000, 5}, {1234567890, 123456789}};
    R("utimensat hl.txt", utimensat(AT_FDCWD, P("hl.txt"), ts, 0));
    struct stat s;
    stat(P("hl.txt"), &s);
    printf("mtime hl.txt                             %lld.%09ld\n", (long long)s.st_mtim.tv_sec, s.st_mtim.tv_nsec);
  }

  printf("== final tree\n");
  tree("", 0);
  return 0;
}
