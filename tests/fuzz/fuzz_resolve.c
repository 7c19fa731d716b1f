/*
 * fuzz_resolve.c — libFuzzer target for the beneath-the-root path resolver
 * (vfs/vfs_resolve.c), built by tests/fuzz/run.sh with
 * -fsanitize=fuzzer,address,undefined.
 *
 * A temporary tree (root/ with directories, files and symlinks pointing
 * inside, outside, absolute, dangling, looping; outside/ next to it) is made
 * once.  Each input is
 *     byte 0: bit 0 follow, bit 1 force the component walk, bit 2 use
 *             vfs_resolve_parent (else vfs_resolve_open), bit 3 first create
 *             root/s/fz -> TARGET, bit 4 open O_RDONLY (else O_PATH)
 *     [TARGET '\n'] PATH        (both cut at the first NUL)
 * Invariants (abort on violation):
 *   - every fd the resolver returns is the root or beneath it
 *     (/proc/self/fd/N starts with realpath(root) + "/");
 *   - vfs_resolve_parent's name is 1..255 bytes, has no '/', is never "..";
 *     with follow it is not a symlink;
 *   - the object at (dirfd, name), if it is a directory, is beneath too;
 *   - when openat2 and the walk both open the path, they open the same inode.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vfs.h"

static char g_base[256], g_root_real[4096];
static size_t g_root_len;
static int g_root = -1;

static void mk(const char *rel, int dir) {
  char p[512];
  snprintf(p, sizeof p, "%s/%s", g_base, rel);
  if (dir) mkdir(p, 0755);
  else close(open(p, O_CREAT | O_WRONLY, 0644));
}
static void ln(const char *target, const char *rel) {
  char p[512];
  snprintf(p, sizeof p, "%s/%s", g_base, rel);
  symlink(target, p);
}

static void cleanup(void) {
  char cmd[400];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_base);
  if (system(cmd)) {}
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc; (void)argv;
  snprintf(g_base, sizeof g_base, "/tmp/wasmc-fuzz-XXXXXX");
  if (!mkdtemp(g_base)) abort();
  atexit(cleanup);
  mk("outside", 1); mk("outside/secret", 0);
  mk("root", 1); mk("root/a", 1); mk("root/a/b", 1); mk("root/a/b/c", 1); mk("root/s", 1);
  mk("root/f", 0); mk("root/a/b/g", 0);
  ln("..", "root/up"); ln("../..", "root/a/up2"); ln("/", "root/abs"); ln("/tmp", "root/a/abs2");
  ln("../../../outside", "root/a/b/rel"); ln("../outside/secret", "root/relf");
  ln("loop", "root/loop"); ln("a/b", "root/ok"); ln("nowhere/x", "root/dang");
  ln("b/../b/c/../..", "root/a/dd"); ln("../f", "root/a/tof"); ln("/proc/self/root", "root/proc");
  ln("c/../../b", "root/a/b/self"); ln("f/", "root/fslash");
  char p[512];
  snprintf(p, sizeof p, "%s/root", g_base);
  if (!realpath(p, g_root_real)) abort();
  g_root_len = strlen(g_root_real);
  g_root = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (g_root < 0) abort();
  return 0;
}

static void check_beneath(int fd, const char *what, const char *path) {
  char lp[64], target[4096];
  snprintf(lp, sizeof lp, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(lp, target, sizeof target - 1);
  if (n < 0) { fprintf(stderr, "readlink %s: %s\n", lp, strerror(errno)); abort(); }
  target[n] = 0;
  if (strncmp(target, g_root_real, g_root_len) != 0 ||
      (target[g_root_len] != '\0' && target[g_root_len] != '/')) {
    fprintf(stderr, "ESCAPE (%s) path '%s' -> %s (root %s)\n", what, path, target, g_root_real);
    abort();
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1 || size > 9000) return 0;
  uint8_t fl = data[0];
  const char *rest = (const char *)data + 1;
  size_t rl = size - 1;
  char target[4200] = "", path[9000];
  if (fl & 8) {
    const char *nl = memchr(rest, '\n', rl);
    size_t tl = nl ? (size_t)(nl - rest) : rl;
    if (tl >= sizeof target) tl = sizeof target - 1;
    memcpy(target, rest, tl);
    target[tl] = 0;
    if (nl) { rl -= (size_t)(nl - rest) + 1; rest = nl + 1; } else rl = 0;
  }
  memcpy(path, rest, rl);
  path[rl] = 0; /* a guest path never holds NUL: px_path_copy refuses them */
  char sp[512];
  snprintf(sp, sizeof sp, "%s/root/s/fz", g_base);
  unlink(sp);
  if ((fl & 8) && target[0]) symlink(target, sp);

  int follow = fl & 1;
  int flags = (fl & 16) ? O_RDONLY : O_PATH;
  vfs_resolve_force_fallback(fl & 2);
  if (fl & 4) {
    vfs_resolved r;
    int e = vfs_resolve_parent(g_root, path, follow, &r);
    if (e == 0) {
      check_beneath(r.dirfd, "parent dirfd", path);
      size_t nl = strlen(r.name);
      if (nl == 0 || nl > 255 || strchr(r.name, '/') || strcmp(r.name, "..") == 0) {
        fprintf(stderr, "bad last name '%s' for '%s'\n", r.name, path);
        abort();
      }
      struct stat st;
      if (fstatat(r.dirfd, r.name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
        if (follow && S_ISLNK(st.st_mode) && strcmp(r.name, ".") != 0) {
          fprintf(stderr, "follow left a symlink '%s' for '%s'\n", r.name, path);
          abort();
        }
        if (S_ISDIR(st.st_mode)) {
          int d = openat(r.dirfd, r.name, O_PATH | O_NOFOLLOW | O_DIRECTORY | O_CLOEXEC);
          if (d >= 0) { check_beneath(d, "parent+name", path); close(d); }
        }
      }
      close(r.dirfd);
    }
  } else {
    int fd = -1;
    int e = vfs_resolve_open(g_root, path, flags, 0, follow, &fd);
    if (e == 0) {
      check_beneath(fd, "open", path);
      /* differential: the other strategy must not open another object */
      vfs_resolve_force_fallback(!(fl & 2));
      int fd2 = -1;
      if (vfs_resolve_open(g_root, path, flags, 0, follow, &fd2) == 0) {
        check_beneath(fd2, "open (other strategy)", path);
        struct stat a, b;
        if (fstat(fd, &a) == 0 && fstat(fd2, &b) == 0 && (a.st_ino != b.st_ino || a.st_dev != b.st_dev)) {
          fprintf(stderr, "openat2 and the walk disagree on '%s'\n", path);
          abort();
        }
        close(fd2);
      }
      close(fd);
    }
  }
  vfs_resolve_force_fallback(0);
  return 0;
}
