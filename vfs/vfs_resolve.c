/*
 * vfs_resolve.c — resolve guest paths BENEATH a host directory fd.
 *
 * Two strategies, same contract:
 *
 *  1. openat2(2) with RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS: the kernel
 *     refuses `..` above the root, absolute paths and absolute symlinks
 *     (EXDEV) and magic /proc links, atomically with respect to renames
 *     (EAGAIN, retried).
 *  2. When openat2 is missing (ENOSYS, or EPERM from an old seccomp profile),
 *     a component walk: each directory component is opened with
 *     O_PATH|O_NOFOLLOW|O_DIRECTORY relative to the previous one, so the
 *     kernel never follows a symlink for us.  Symlinks are read with
 *     readlinkat() and spliced into the remaining path only if relative; `..`
 *     pops a stack of directory names and re-walks it from the root, so it can
 *     never climb above the root.  At most VFS_MAX_SYMLINK_HOPS symlinks
 *     (ELOOP).
 *
 * Escapes of any kind return WASI_ENOTCAPABLE (as uvwasi and WAMR do).
 * The result of vfs_resolve_parent() is a directory fd beneath the root plus
 * one last component that is never "..", never contains '/', and (when
 * following) is not a symlink at the time it was checked; callers use the
 * *at() syscall with AT_SYMLINK_NOFOLLOW / O_NOFOLLOW on it, so a race that
 * swaps in a symlink afterwards fails (ELOOP) instead of escaping.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "vfs.h"

#define NAME_MAX_ 255u
/* Retries of openat2 on EAGAIN (concurrent rename) before walking instead. */
#define OPENAT2_RETRIES 16

static atomic_int g_force_fallback;
/* 0 unknown, 1 openat2 works, -1 unavailable. */
static atomic_int g_openat2_state;

void vfs_resolve_force_fallback(int on) { atomic_store(&g_force_fallback, on ? 1 : 0); }

/* Open with openat2 beneath rootfd.  Returns 0, a WASI errno, or -1 meaning
 * "openat2 unusable: use the walk". */
static int openat2_beneath(int rootfd, const char *path, int flags, mode_t mode, int *out_fd) {
  struct open_how how;
  memset(&how, 0, sizeof how);
  how.flags = (uint64_t)(unsigned)(flags | O_CLOEXEC);
  how.mode = (flags & O_CREAT) ? (uint64_t)mode : 0;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  for (int tries = 0; tries < OPENAT2_RETRIES; tries++) {
    long r = syscall(SYS_openat2, rootfd, path, &how, sizeof how);
    if (r >= 0) {
      *out_fd = (int)r;
      return 0;
    }
    if (errno == EINTR || errno == EAGAIN)
      continue;
    if (errno == ENOSYS) {
      atomic_store(&g_openat2_state, -1);
      return -1;
    }
    if (errno == EXDEV)
      return WASI_ENOTCAPABLE;
    return vfs_errno_from_host(errno);
  }
  return -1;
}

int vfs_resolve_uses_openat2(int rootfd) {
  if (atomic_load(&g_force_fallback))
    return 0;
  int st = atomic_load(&g_openat2_state);
  if (st != 0)
    return st > 0;
  struct open_how how;
  memset(&how, 0, sizeof how);
  how.flags = O_PATH | O_CLOEXEC;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  long r = syscall(SYS_openat2, rootfd, ".", &how, sizeof how);
  if (r >= 0) {
    close((int)r);
    atomic_store(&g_openat2_state, 1);
    return 1;
  }
  /* ENOSYS: old kernel; EPERM: seccomp filter that predates openat2;
   * E2BIG/EINVAL: a struct open_how the kernel doesn't know. */
  if (errno == ENOSYS || errno == EPERM || errno == E2BIG || errno == EINVAL)
    atomic_store(&g_openat2_state, -1);
  return 0;
}

static int check_guest_path(const char *path) {
  if (path[0] == '\0')
    return WASI_ENOENT;
  if (path[0] == '/')
    return WASI_ENOTCAPABLE; /* WASI paths are relative to a dirfd */
  if (strlen(path) > VFS_PATH_MAX)
    return WASI_ENAMETOOLONG;
  return 0;
}

static int is_dot(const char *c, size_t n) { return n == 1 && c[0] == '.'; }
static int is_dotdot(const char *c, size_t n) { return n == 2 && c[0] == '.' && c[1] == '.'; }

/* Read symlink `name` in dirfd.  Returns the target length, -1 if it is not a
 * symlink (or cannot be read: the caller's next syscall reports why), or
 * -2 when the target is longer than VFS_PATH_MAX. */
static ssize_t read_link(int dirfd, const char *name, char *buf) {
  ssize_t n = readlinkat(dirfd, name, buf, VFS_PATH_MAX + 1);
  if (n < 0)
    return -1;
  if ((size_t)n > VFS_PATH_MAX)
    return -2;
  buf[n] = '\0';
  return n;
}

/* ---- fallback: component walk ------------------------------------------ */

typedef struct walk_state {
  int rootfd;
  int cur;        /* O_PATH fd of the current directory */
  char *canon;    /* names from the root to cur, '/'-separated, no leading '/' */
  size_t canon_len, canon_cap;
} walk_state;

static int canon_push(walk_state *w, const char *c, size_t n) {
  size_t need = w->canon_len + n + 2;
  if (need > w->canon_cap) {
    size_t cap = w->canon_cap ? w->canon_cap * 2 : 256;
    while (cap < need)
      cap *= 2;
    char *p = realloc(w->canon, cap);
    if (!p)
      return WASI_ENOMEM;
    w->canon = p;
    w->canon_cap = cap;
  }
  if (w->canon_len)
    w->canon[w->canon_len++] = '/';
  memcpy(w->canon + w->canon_len, c, n);
  w->canon_len += n;
  w->canon[w->canon_len] = '\0';
  return 0;
}

/* `..`: drop the last name and re-open the parent by walking down from the
 * root again (never openat(cur, "..") which could leave a moved directory). */
static int walk_up(walk_state *w) {
  if (w->canon_len == 0)
    return WASI_ENOTCAPABLE;
  char *slash = memrchr(w->canon, '/', w->canon_len);
  w->canon_len = slash ? (size_t)(slash - w->canon) : 0;
  w->canon[w->canon_len] = '\0';
  int fd = openat(w->rootfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return vfs_errno_from_host(errno);
  size_t i = 0;
  while (i < w->canon_len) {
    size_t j = i;
    while (j < w->canon_len && w->canon[j] != '/')
      j++;
    char name[NAME_MAX_ + 1];
    memcpy(name, w->canon + i, j - i);
    name[j - i] = '\0';
    int nfd = openat(fd, name, O_PATH | O_NOFOLLOW | O_DIRECTORY | O_CLOEXEC);
    int err = errno;
    close(fd);
    if (nfd < 0)
      return vfs_errno_from_host(err);
    fd = nfd;
    i = j + 1;
  }
  close(w->cur);
  w->cur = fd;
  return 0;
}

static int walk(int rootfd, const char *path, int follow, vfs_resolved *out) {
  walk_state w = {.rootfd = rootfd, .cur = -1};
  char *rest = NULL, *link = NULL;
  int err = 0;
  unsigned hops = 0;

  out->dirfd = -1;
  out->must_dir = 0;
  size_t plen = strlen(path);
  while (plen > 0 && path[plen - 1] == '/') {
    out->must_dir = 1;
    plen--;
  }
  w.cur = openat(rootfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (w.cur < 0)
    return vfs_errno_from_host(errno);
  /* `rest` holds the path still to walk; symlink targets are spliced in. */
  size_t rest_cap = 2 * VFS_PATH_MAX + 2;
  rest = malloc(rest_cap);
  link = malloc(VFS_PATH_MAX + 2);
  if (!rest || !link) {
    err = WASI_ENOMEM;
    goto fail;
  }
  memcpy(rest, path, plen);
  rest[plen] = '\0';
  size_t pos = 0;

  for (;;) {
    while (rest[pos] == '/')
      pos++;
    if (rest[pos] == '\0') {
      strcpy(out->name, ".");
      break;
    }
    const char *c = rest + pos;
    size_t n = strcspn(c, "/");
    size_t after = pos + n;
    while (rest[after] == '/')
      after++;
    int is_last = rest[after] == '\0';
    if (n > NAME_MAX_) {
      err = WASI_ENAMETOOLONG;
      goto fail;
    }
    char comp[NAME_MAX_ + 1];
    memcpy(comp, c, n);
    comp[n] = '\0';

    if (is_dot(comp, n)) {
      pos = after;
      continue;
    }
    if (is_dotdot(comp, n)) {
      if ((err = walk_up(&w)) != 0)
        goto fail;
      pos = after;
      continue;
    }
    if (is_last && !follow) {
      memcpy(out->name, comp, n + 1);
      break;
    }
    ssize_t ln;
    if (is_last) {
      ln = read_link(w.cur, comp, link);
      if (ln == -1) { /* not a symlink (or absent): this is the last name */
        memcpy(out->name, comp, n + 1);
        break;
      }
    } else {
      int fd = openat(w.cur, comp, O_PATH | O_NOFOLLOW | O_DIRECTORY | O_CLOEXEC);
      if (fd >= 0) {
        close(w.cur);
        w.cur = fd;
        if ((err = canon_push(&w, comp, n)) != 0)
          goto fail;
        pos = after;
        continue;
      }
      if (errno != ENOTDIR) {
        err = vfs_errno_from_host(errno);
        goto fail;
      }
      ln = read_link(w.cur, comp, link);
      if (ln == -1) {
        err = WASI_ENOTDIR;
        goto fail;
      }
    }
    /* A symlink: splice its (relative) target in front of the rest. */
    if (ln == -2) {
      err = WASI_ENAMETOOLONG;
      goto fail;
    }
    if (++hops > VFS_MAX_SYMLINK_HOPS) {
      err = WASI_ELOOP;
      goto fail;
    }
    if (ln == 0) {
      err = WASI_ENOENT;
      goto fail;
    }
    if (link[0] == '/') {
      err = WASI_ENOTCAPABLE;
      goto fail;
    }
    size_t tail = strlen(rest + after);
    if ((size_t)ln + 1 + tail + 1 > rest_cap) {
      err = WASI_ENAMETOOLONG;
      goto fail;
    }
    memmove(rest + ln + 1, rest + after, tail + 1);
    memcpy(rest, link, (size_t)ln);
    rest[ln] = '/';
    if (tail == 0) {
      /* target replaced the last component: keep a trailing '/' only if the
       * target itself had one (it is then the last component again). */
      rest[ln] = '\0';
    }
    pos = 0;
  }
  out->dirfd = w.cur;
  free(rest);
  free(link);
  free(w.canon);
  return 0;
fail:
  if (w.cur >= 0)
    close(w.cur);
  free(rest);
  free(link);
  free(w.canon);
  return err;
}

/* ---- openat2 parent resolution ----------------------------------------- */

/* Split `path` (not absolute, non-empty) into a directory part (written to
 * dir, "." if none) and a last component.  Trailing slashes set must_dir. */
static int split_path(const char *path, char *dir, char *last, int *must_dir) {
  size_t len = strlen(path);
  while (len > 0 && path[len - 1] == '/') {
    *must_dir = 1;
    len--;
  }
  size_t start = len;
  while (start > 0 && path[start - 1] != '/')
    start--;
  size_t n = len - start;
  if (n > NAME_MAX_)
    return WASI_ENAMETOOLONG;
  if (n == 0 || is_dot(path + start, n) || is_dotdot(path + start, n)) {
    /* names the directory itself: resolve all of it, operate on "." */
    memcpy(dir, path, len);
    dir[len] = '\0';
    if (len == 0)
      strcpy(dir, ".");
    strcpy(last, ".");
    return 0;
  }
  memcpy(last, path + start, n);
  last[n] = '\0';
  if (start == 0) {
    strcpy(dir, ".");
  } else {
    memcpy(dir, path, start);
    dir[start] = '\0';
  }
  return 0;
}

/* Returns 0, a WASI errno, or -1 (openat2 unusable: walk instead). */
static int parent_openat2(int rootfd, const char *path, int follow, vfs_resolved *out) {
  size_t cap = 2 * VFS_PATH_MAX + 2;
  char *cur = malloc(cap), *dir = malloc(cap), *link = malloc(VFS_PATH_MAX + 2);
  int err = 0;
  unsigned hops = 0;
  if (!cur || !dir || !link) {
    err = WASI_ENOMEM;
    goto done;
  }
  strcpy(cur, path);
  out->must_dir = 0;
  for (;;) {
    if ((err = split_path(cur, dir, out->name, &out->must_dir)) != 0)
      goto done;
    int fd;
    err = openat2_beneath(rootfd, dir, O_PATH | O_DIRECTORY, 0, &fd);
    if (err != 0)
      goto done;
    if (!follow || strcmp(out->name, ".") == 0) {
      out->dirfd = fd;
      goto done;
    }
    ssize_t ln = read_link(fd, out->name, link);
    if (ln == -1) {
      out->dirfd = fd;
      goto done;
    }
    close(fd);
    if (ln == -2) {
      err = WASI_ENAMETOOLONG;
      goto done;
    }
    if (++hops > VFS_MAX_SYMLINK_HOPS) {
      err = WASI_ELOOP;
      goto done;
    }
    if (ln == 0) {
      err = WASI_ENOENT;
      goto done;
    }
    if (link[0] == '/') {
      err = WASI_ENOTCAPABLE;
      goto done;
    }
    /* new path = dir part + "/" + target; openat2 re-checks all of it */
    size_t dl = strlen(dir);
    if (dl + 1 + (size_t)ln + 1 > cap) {
      err = WASI_ENAMETOOLONG;
      goto done;
    }
    memcpy(cur, dir, dl);
    cur[dl] = '/';
    memcpy(cur + dl + 1, link, (size_t)ln + 1);
  }
done:
  free(cur);
  free(dir);
  free(link);
  return err;
}

int vfs_resolve_parent(int rootfd, const char *path, int follow, vfs_resolved *out) {
  out->dirfd = -1;
  out->must_dir = 0;
  out->name[0] = '\0';
  int err = check_guest_path(path);
  if (err)
    return err;
  if (vfs_resolve_uses_openat2(rootfd)) {
    err = parent_openat2(rootfd, path, follow, out);
    if (err != -1)
      return err;
  }
  return walk(rootfd, path, follow, out);
}

int vfs_resolve_open(int rootfd, const char *path, int flags, mode_t mode, int follow,
                     int *out_fd) {
  *out_fd = -1;
  int err = check_guest_path(path);
  if (err)
    return err;
  if (!follow)
    flags |= O_NOFOLLOW;
  if (vfs_resolve_uses_openat2(rootfd)) {
    err = openat2_beneath(rootfd, path, flags, mode, out_fd);
    if (err != -1)
      return err;
  }
  /* The walk must answer what openat2 answers for the same path.  A trailing
   * '/' makes open(2) follow a final symlink even with O_NOFOLLOW, so the
   * walk follows it (beneath the root, as always); with O_CREAT a trailing
   * '/' is EISDIR as soon as the parent resolves, whatever the last name is
   * (Linux open_last_lookups), where openat() of the bare name with
   * O_CREAT|O_DIRECTORY would say EINVAL or, before Linux 6.4, create a
   * regular file. */
  size_t plen = strlen(path);
  int slash = plen > 0 && path[plen - 1] == '/';
  vfs_resolved r;
  err = walk(rootfd, path, slash ? !(flags & O_CREAT) : follow, &r);
  if (err)
    return err;
  if (slash && (flags & O_CREAT)) {
    close(r.dirfd);
    return WASI_EISDIR;
  }
  int fl = flags | O_NOFOLLOW | O_CLOEXEC | (r.must_dir ? O_DIRECTORY : 0);
  int fd = openat(r.dirfd, r.name, fl, mode);
  err = fd < 0 ? vfs_errno_from_host(errno) : 0;
  close(r.dirfd);
  if (fd >= 0)
    *out_fd = fd;
  return err;
}
