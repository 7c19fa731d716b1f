/*
 * test-vfs-resolve.c — the beneath-the-root path resolver, called directly,
 * with openat2 (when the kernel has it) and with the forced component walk.
 * Prints one line per failure; exit status 1 if any.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vfs.h"

static int failures;
static const char *mode_name = "";

#define CHECK(cond, ...)                                                                   \
  do {                                                                                     \
    if (!(cond)) {                                                                         \
      failures++;                                                                          \
      printf("FAIL [%s] %s:%d: ", mode_name, __FILE__, __LINE__);                          \
      printf(__VA_ARGS__);                                                                 \
      printf("\n");                                                                        \
    }                                                                                      \
  } while (0)

static char tmp[PATH_MAX];
static int rootfd = -1;

static void mk(const char *rel, int dir) {
  char p[PATH_MAX * 2];
  snprintf(p, sizeof p, "%s/%s", tmp, rel);
  if (dir) {
    if (mkdir(p, 0755) != 0)
      perror(p);
  } else {
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, "hello", 5) != 5)
      perror(p);
    close(fd);
  }
}

static void ln(const char *target, const char *rel) {
  char p[PATH_MAX * 2];
  snprintf(p, sizeof p, "%s/%s", tmp, rel);
  if (symlink(target, p) != 0)
    perror(p);
}

/* Open path with `flags`, following; expect WASI errno `want`. */
static void expect_open(const char *path, int flags, int follow, int want) {
  int fd = -1;
  int e = vfs_resolve_open(rootfd, path, flags, 0644, follow, &fd);
  CHECK(e == want, "open '%.60s' follow=%d: got %d want %d", path, follow, e, want);
  if (e == 0)
    CHECK(fd >= 0, "open '%.60s': no fd", path);
  if (fd >= 0)
    close(fd);
}

/* Open path (following a final symlink if `follow`) and check it is the same
 * inode as host path `host_rel`. */
static void expect_same_f(const char *path, int flags, int follow, const char *host_rel) {
  int fd = -1;
  int e = vfs_resolve_open(rootfd, path, flags, 0, follow, &fd);
  CHECK(e == 0, "open '%s': %d", path, e);
  if (e)
    return;
  struct stat a, b;
  char p[PATH_MAX * 2];
  snprintf(p, sizeof p, "%s/%s", tmp, host_rel);
  fstat(fd, &a);
  CHECK(stat(p, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev,
        "'%s' is not host '%s'", path, host_rel);
  close(fd);
}

static void expect_same(const char *path, int flags, const char *host_rel) {
  expect_same_f(path, flags, 1, host_rel);
}

/* Host path `rel` (under the temporary directory) must not exist. */
static void expect_absent(const char *rel) {
  char p[PATH_MAX * 2];
  snprintf(p, sizeof p, "%s/%s", tmp, rel);
  struct stat st;
  CHECK(lstat(p, &st) != 0, "'%s' exists", rel);
}

static void expect_parent(const char *path, int follow, int want, const char *want_name,
                          const char *want_dir_rel, int want_must_dir) {
  vfs_resolved r;
  int e = vfs_resolve_parent(rootfd, path, follow, &r);
  CHECK(e == want, "parent '%s' follow=%d: got %d want %d", path, follow, e, want);
  if (e)
    return;
  CHECK(strcmp(r.name, want_name) == 0, "parent '%s': name '%s' want '%s'", path, r.name,
        want_name);
  CHECK(r.must_dir == want_must_dir, "parent '%s': must_dir %d", path, r.must_dir);
  struct stat a, b;
  char p[PATH_MAX * 2];
  snprintf(p, sizeof p, "%s/%s", tmp, want_dir_rel);
  fstat(r.dirfd, &a);
  CHECK(stat(p, &b) == 0 && a.st_ino == b.st_ino, "parent '%s': wrong dir (want '%s')", path,
        want_dir_rel);
  close(r.dirfd);
}

static void run_cases(void) {
  /* plain and `..` inside */
  expect_same("a/file", O_RDONLY, "root/a/file");
  expect_same("a/../a/file", O_RDONLY, "root/a/file");
  expect_same("a/b/../../a/file", O_RDONLY, "root/a/file");
  expect_same("./a/./b/c/../../file", O_RDONLY, "root/a/file");
  expect_same(".", O_RDONLY | O_DIRECTORY, "root");
  expect_same("a/..", O_RDONLY | O_DIRECTORY, "root");
  expect_same("a//b///c", O_RDONLY | O_DIRECTORY, "root/a/b/c");
  /* `..` above the root */
  expect_open("..", O_RDONLY, 1, WASI_ENOTCAPABLE);
  expect_open("../root/a/file", O_RDONLY, 1, WASI_ENOTCAPABLE);
  expect_open("a/../..", O_RDONLY, 1, WASI_ENOTCAPABLE);
  expect_open("a/../../outside/secret", O_RDONLY, 1, WASI_ENOTCAPABLE);
  expect_open("a/b/c/../../../../outside/secret", O_RDONLY, 1, WASI_ENOTCAPABLE);
  /* absolute paths */
  expect_open("/etc/passwd", O_RDONLY, 1, WASI_ENOTCAPABLE);
  expect_open("/", O_RDONLY, 1, WASI_ENOTCAPABLE);
  expect_open("", O_RDONLY, 1, WASI_ENOENT);
  /* symlinks */
  expect_same("link_in", O_RDONLY, "root/a/file");
  expect_open("link_in", O_RDONLY, 0, WASI_ELOOP); /* no follow on the last component */
  expect_same("link_dir/c", O_RDONLY | O_DIRECTORY, "root/a/b/c");
  expect_same("a/b/up/a/file", O_RDONLY, "root/a/file");
  expect_open("link_abs", O_RDONLY, 1, WASI_ENOTCAPABLE);
  expect_open("link_abs_dir/passwd", O_RDONLY, 1, WASI_ENOTCAPABLE);
  expect_open("link_up/secret", O_RDONLY, 1, WASI_ENOTCAPABLE);
  expect_open("link_up", O_RDONLY, 1, WASI_ENOTCAPABLE);
  expect_open("a/link_mid/outside/secret", O_RDONLY, 1, WASI_ENOTCAPABLE);
  expect_open("a/b/up2/outside/secret", O_RDONLY, 1, WASI_ENOTCAPABLE);
  expect_open("a/link_rel_out", O_RDONLY, 1, WASI_ENOTCAPABLE);
  expect_open("dangling", O_RDONLY, 1, WASI_ENOENT);
  expect_open("loop1", O_RDONLY, 1, WASI_ELOOP);
  expect_open("self/x", O_RDONLY, 1, WASI_ELOOP);
  expect_open("a/file/x", O_RDONLY, 1, WASI_ENOTDIR);
  expect_open("a/nonexistent/x", O_RDONLY, 1, WASI_ENOENT);
  expect_open("chain30", O_RDONLY, 1, 0);
  expect_open("chain45", O_RDONLY, 1, WASI_ELOOP);
  /* creating through a dangling relative symlink stays inside */
  expect_open("dangling_in", O_WRONLY | O_CREAT, 1, 0);
  {
    char p[PATH_MAX * 2];
    snprintf(p, sizeof p, "%s/root/created_by_dangling", tmp);
    CHECK(access(p, F_OK) == 0, "dangling_in did not create inside the root");
    unlink(p);
  }
  expect_open("dangling_out", O_WRONLY | O_CREAT, 1, WASI_ENOTCAPABLE);
  {
    char p[PATH_MAX * 2];
    snprintf(p, sizeof p, "%s/escaped", tmp);
    CHECK(access(p, F_OK) != 0, "dangling_out created a file outside the root");
  }
  /* a trailing '/': open(2) follows a final symlink even with O_NOFOLLOW
   * (without O_CREAT), so the walk must too; with O_CREAT it is EISDIR as soon
   * as the parent resolves, and nothing is created */
  expect_same_f("link_dir/", O_RDONLY, 0, "root/a/b");
  expect_same_f("link_dir//", O_RDONLY | O_DIRECTORY, 0, "root/a/b");
  expect_open("link_in/", O_RDONLY, 0, WASI_ENOTDIR);
  expect_open("a/file/", O_RDONLY, 1, WASI_ENOTDIR);
  expect_open("dangling/", O_RDONLY, 0, WASI_ENOENT);
  expect_open("newdir/", O_WRONLY | O_CREAT, 1, WASI_EISDIR);
  expect_open("newdir/", O_RDONLY | O_CREAT | O_EXCL, 0, WASI_EISDIR);
  expect_absent("root/newdir");
  expect_open("a/file/", O_WRONLY | O_CREAT, 1, WASI_EISDIR);
  expect_open("a/", O_RDONLY | O_CREAT, 1, WASI_EISDIR);
  expect_open("dangling/", O_WRONLY | O_CREAT, 1, WASI_EISDIR);
  expect_absent("root/created_by_dangling");
  expect_open("nonexistent/x/", O_WRONLY | O_CREAT, 1, WASI_ENOENT);
  expect_open("../x/", O_WRONLY | O_CREAT, 1, WASI_ENOTCAPABLE);
  /* write access to a directory: EISDIR, also with O_DIRECTORY */
  expect_open("a", O_WRONLY | O_DIRECTORY, 1, WASI_EISDIR);
  expect_open("a/file", O_RDWR | O_DIRECTORY, 1, WASI_ENOTDIR);
  /* long paths */
  {
    static char p[VFS_PATH_MAX + 64];
    strcpy(p, "a/");
    while (strlen(p) < VFS_PATH_MAX - 16)
      strcat(p, "./");
    strcat(p, "file");
    expect_open(p, O_RDONLY, 1, 0);
    while (strlen(p) <= VFS_PATH_MAX)
      strcat(p, "/.");
    expect_open(p, O_RDONLY, 1, WASI_ENAMETOOLONG);
    char comp[300];
    memset(comp, 'x', 299);
    comp[299] = '\0';
    expect_open(comp, O_RDONLY, 1, WASI_ENAMETOOLONG);
    /* a long chain of `..` pairs that never leaves the root */
    strcpy(p, "");
    for (int i = 0; i < 300; i++)
      strcat(p, "a/../");
    strcat(p, "a/file");
    expect_open(p, O_RDONLY, 1, 0);
    strcpy(p + strlen(p) - 4, "b/../../..");
    expect_open(p, O_RDONLY, 1, WASI_ENOTCAPABLE);
  }
  /* parent resolution for *at() operations */
  expect_parent("a/b/newdir", 0, 0, "newdir", "root/a/b", 0);
  expect_parent("newfile", 0, 0, "newfile", "root", 0);
  expect_parent("a/b/", 0, 0, "b", "root/a", 1);
  expect_parent("a/..", 0, 0, ".", "root", 0);
  expect_parent(".", 0, 0, ".", "root", 0);
  expect_parent("..", 0, WASI_ENOTCAPABLE, "", "", 0);
  expect_parent("a/../../x", 0, WASI_ENOTCAPABLE, "", "", 0);
  expect_parent("/x", 0, WASI_ENOTCAPABLE, "", "", 0);
  expect_parent("link_in", 0, 0, "link_in", "root", 0);
  expect_parent("link_in", 1, 0, "file", "root/a", 0);
  expect_parent("link_abs", 0, 0, "link_abs", "root", 0);
  expect_parent("link_abs", 1, WASI_ENOTCAPABLE, "", "", 0);
  expect_parent("link_up", 1, WASI_ENOTCAPABLE, "", "", 0);
  expect_parent("link_dir/c/x", 0, 0, "x", "root/a/b/c", 0);
  expect_parent("dangling", 1, 0, "created_by_dangling", "root", 0);
  expect_parent("loop1", 1, WASI_ELOOP, "", "", 0);
  expect_parent("a/file/x", 0, WASI_ENOTDIR, "", "", 0);
}

int main(void) {
  const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
  snprintf(tmp, sizeof tmp, "%s/wasmc-resolve-XXXXXX", base);
  if (!mkdtemp(tmp)) {
    perror("mkdtemp");
    return 1;
  }
  mk("root", 1);
  mk("outside", 1);
  mk("outside/secret", 0);
  mk("root/a", 1);
  mk("root/a/b", 1);
  mk("root/a/b/c", 1);
  mk("root/a/file", 0);
  ln("a/file", "root/link_in");
  ln("/etc/passwd", "root/link_abs");
  ln("/etc", "root/link_abs_dir");
  ln("../outside", "root/link_up");
  ln("../../", "root/a/link_mid");
  ln("../../outside/secret", "root/a/link_rel_out");
  ln("a/b", "root/link_dir");
  ln("../..", "root/a/b/up");
  ln("../../..", "root/a/b/up2");
  ln("created_by_dangling", "root/dangling");
  ln("created_by_dangling", "root/dangling_in");
  ln("../escaped", "root/dangling_out");
  ln("loop2", "root/loop1");
  ln("loop1", "root/loop2");
  ln("self", "root/self");
  /* chains of relative symlinks: 30 hops (allowed) and 45 (ELOOP) */
  for (int i = 0; i < 45; i++) {
    char name[64], target[64];
    snprintf(name, sizeof name, "root/c%d", i);
    if (i == 0)
      snprintf(target, sizeof target, "a/file");
    else
      snprintf(target, sizeof target, "c%d", i - 1);
    ln(target, name);
  }
  ln("c29", "root/chain30");
  ln("c44", "root/chain45");

  char rp[PATH_MAX * 2];
  snprintf(rp, sizeof rp, "%s/root", tmp);
  rootfd = open(rp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (rootfd < 0) {
    perror(rp);
    return 1;
  }

  vfs_resolve_force_fallback(0);
  if (vfs_resolve_uses_openat2(rootfd)) {
    mode_name = "openat2";
    run_cases();
  } else {
    printf("note: openat2 unavailable, testing the component walk only\n");
  }
  vfs_resolve_force_fallback(1);
  mode_name = "walk";
  CHECK(!vfs_resolve_uses_openat2(rootfd), "force_fallback ignored");
  run_cases();
  vfs_resolve_force_fallback(0);

  close(rootfd);
  char cmd[PATH_MAX * 2 + 16];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
  if (system(cmd) != 0)
    printf("warning: could not remove %s\n", tmp);
  if (failures) {
    printf("%d failure(s)\n", failures);
    return 1;
  }
  printf("test-vfs-resolve: all passed\n");
  return 0;
}
