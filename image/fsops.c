/*
 * fsops.c — file operations of `wasmc build` on a stage's root directory
 * (build.h): copies that keep modes, times and symbolic links, removal, and
 * path checks that keep every write beneath the root.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build.h"

char *bd_join(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  while (la > 1 && a[la - 1] == '/')
    la--;
  while (*b == '/')
    b++, lb--;
  char *r = malloc(la + lb + 2);
  if (!r) return NULL;
  memcpy(r, a, la);
  r[la] = '/';
  memcpy(r + la + 1, b, lb + 1);
  if (!lb) r[la] = '\0';
  return r;
}

char *bd_clean_abs(const char *base, const char *path) {
  size_t n = strlen(base) + strlen(path) + 3;
  char *in = malloc(n), *out = malloc(n);
  if (!in || !out) {
    free(in);
    free(out);
    return NULL;
  }
  if (path[0] == '/')
    snprintf(in, n, "%s", path);
  else
    snprintf(in, n, "%s/%s", base, path);
  size_t o = 0;
  for (const char *p = in; *p;) {
    while (*p == '/')
      p++;
    size_t len = strcspn(p, "/");
    if (!len) break;
    if (len == 1 && p[0] == '.') {
      p += len;
      continue;
    }
    if (len == 2 && p[0] == '.' && p[1] == '.') {
      while (o > 0 && out[o - 1] != '/')
        o--;
      if (o > 0) o--;
      p += len;
      continue;
    }
    out[o++] = '/';
    memcpy(out + o, p, len);
    o += len;
    p += len;
  }
  if (!o) out[o++] = '/';
  out[o] = '\0';
  free(in);
  return out;
}

bool bd_mkdirs(const char *root, const char *guest, img_diag *d) {
  char *p = bd_join(root, guest);
  if (!p) {
    img_error(d, "out of memory");
    return false;
  }
  size_t rl = strlen(root);
  bool ok = true;
  for (char *s = p + rl; ok;) {
    while (*s == '/')
      s++;
    if (!*s) break;
    char *e = s + strcspn(s, "/");
    char save = *e;
    *e = '\0';
    struct stat st;
    if (lstat(p, &st) == 0) {
      if (S_ISLNK(st.st_mode)) {
        img_error(d, "'%s' in the image is a symbolic link: writing through it is not supported", p + rl);
        ok = false;
      } else if (!S_ISDIR(st.st_mode)) {
        img_error(d, "'%s' in the image is not a directory", p + rl);
        ok = false;
      }
    } else if (mkdir(p, 0755) != 0) {
      img_error(d, "cannot create '%s': %s", p, strerror(errno));
      ok = false;
    }
    *e = save;
    s = e;
  }
  free(p);
  return ok;
}

bool bd_remove(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0) return errno == ENOENT;
  if (!S_ISDIR(st.st_mode)) return unlink(path) == 0;
  chmod(path, 0700); /* a read-only directory from an image must still go */
  DIR *dir = opendir(path);
  if (!dir) return false;
  struct dirent *de;
  bool ok = true;
  while ((de = readdir(dir))) {
    if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
    char *c = bd_join(path, de->d_name);
    ok = c && bd_remove(c) && ok;
    free(c);
  }
  closedir(dir);
  return rmdir(path) == 0 && ok;
}

static bool copy_file(const char *from, const char *to, const struct stat *st, img_diag *d) {
  int in = open(from, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (in < 0) {
    img_error(d, "cannot read '%s': %s", from, strerror(errno));
    return false;
  }
  unlink(to);
  int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (out < 0) {
    img_error(d, "cannot write '%s': %s", to, strerror(errno));
    close(in);
    return false;
  }
  char buf[1 << 16];
  ssize_t k;
  bool ok = true;
  while (ok && (k = read(in, buf, sizeof buf)) > 0)
    for (ssize_t done = 0; ok && done < k;) {
      ssize_t w = write(out, buf + done, (size_t)(k - done));
      if (w <= 0)
        ok = false;
      else
        done += w;
    }
  if (k < 0) ok = false;
  if (!ok) img_error(d, "cannot copy '%s' to '%s': %s", from, to, strerror(errno));
  fchmod(out, st->st_mode & 07777);
  struct timespec ts[2] = {st->st_atim, st->st_mtim};
  futimens(out, ts);
  close(in);
  if (close(out) != 0 && ok) {
    img_error(d, "cannot write '%s': %s", to, strerror(errno));
    ok = false;
  }
  return ok;
}

bool bd_copy_tree(const char *from, const char *to, const char *rel, const df_ignore *ig, unsigned mode, img_diag *d) {
  struct stat st;
  if (lstat(from, &st) != 0) {
    img_error(d, "cannot stat '%s': %s", from, strerror(errno));
    return false;
  }
  if (S_ISLNK(st.st_mode)) {
    char target[4096];
    ssize_t n = readlink(from, target, sizeof target - 1);
    if (n < 0) {
      img_error(d, "cannot read link '%s': %s", from, strerror(errno));
      return false;
    }
    target[n] = '\0';
    bd_remove(to);
    if (symlink(target, to) != 0) {
      img_error(d, "cannot create '%s': %s", to, strerror(errno));
      return false;
    }
    return true;
  }
  if (S_ISREG(st.st_mode)) {
    struct stat dst;
    if (lstat(to, &dst) == 0 && S_ISDIR(dst.st_mode)) {
      img_error(d, "cannot copy file '%s' over directory '%s'", from, to);
      return false;
    }
    if (mode) st.st_mode = (st.st_mode & ~07777u) | mode;
    return copy_file(from, to, &st, d);
  }
  if (!S_ISDIR(st.st_mode)) {
    img_error(d, "'%s' is a device, FIFO or socket: not copied into an image", from);
    return false;
  }
  struct stat dst;
  if (lstat(to, &dst) == 0 && !S_ISDIR(dst.st_mode)) bd_remove(to);
  if (lstat(to, &dst) != 0 && mkdir(to, 0700) != 0) {
    img_error(d, "cannot create '%s': %s", to, strerror(errno));
    return false;
  }
  DIR *dir = opendir(from);
  if (!dir) {
    img_error(d, "cannot read directory '%s': %s", from, strerror(errno));
    return false;
  }
  struct dirent *de;
  bool ok = true;
  while (ok && (de = readdir(dir))) {
    if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
    char *crel = rel ? (*rel ? bd_join(rel, de->d_name) : strdup(de->d_name)) : NULL;
    if (rel && !crel) {
      img_error(d, "out of memory");
      ok = false;
      break;
    }
    /* an excluded directory is still entered when an exception ('!') could
     * re-include something below it; it is removed again if nothing was */
    bool excluded = crel && ig && df_ignore_excluded(ig, crel);
    struct stat est;
    bool is_dir = excluded && fstatat(dirfd(dir), de->d_name, &est, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(est.st_mode);
    if (excluded && !(is_dir && df_ignore_has_exceptions(ig))) {
      free(crel);
      continue;
    }
    char *cf = bd_join(from, de->d_name), *ct = bd_join(to, de->d_name);
    ok = cf && ct ? bd_copy_tree(cf, ct, crel, ig, mode, d) : (img_error(d, "out of memory"), false);
    if (ok && excluded) rmdir(ct); /* fails, as it should, when something was re-included */
    free(cf);
    free(ct);
    free(crel);
  }
  closedir(dir);
  chmod(to, mode ? mode : st.st_mode & 07777);
  struct timespec ts[2] = {st.st_atim, st.st_mtim};
  utimensat(AT_FDCWD, to, ts, AT_SYMLINK_NOFOLLOW);
  return ok;
}
