// The trailing-'/' rules of every path call and the rules for opening
// directories with write access, O_TRUNC and O_CREAT, as Wasmtime and Linux
// answer them (vfs/vfs.h lists them; docs/wasi.md).  The same checks run on
// every backend present: the host grant /sandbox always; with the openat2
// resolver (plain run) and the component walk (variant walk); and the box
// overlay /box (variant box).  Fixtures are made by the program itself under
// t/ in each: f (file), g (file), d (empty directory), lf -> f, ld -> d,
// dang -> nowhere.
// variants: walk box
// check: test -f $RW/t/f && test -d $RW/t/d && test ! -e $RW/t/nowhere && test ! -e $RW/t/missing
// check: test ! -e $RW/t/x && test -L $RW/t/ld && test "$(stat -c %h $RW/t/f)" = 1
#include "wt.h"

#define LF __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW

static const char *label;
static char dbuf[256];
/* description "[label] what" */
static const char *D(const char *what) {
  snprintf(dbuf, sizeof dbuf, "[%s] %s", label, what);
  return dbuf;
}

/* The preopen whose guest name is `name`, or -1. */
static i32 find_preopen(const char *name) {
  for (i32 fd = 3; fd < 32; fd++) {
    uint8_t ps[8];
    char buf[64];
    if (w_fd_prestat_get(fd, P(ps)) != 0 || ps[0] != __WASI_PREOPENTYPE_DIR)
      continue;
    uint32_t n = ld32(ps + 4);
    if (n >= sizeof buf || w_fd_prestat_dir_name(fd, P(buf), (i32)n) != 0)
      continue;
    buf[n] = '\0';
    if (strcmp(buf, name) == 0)
      return fd;
  }
  return -1;
}

static i32 op(i32 dir, i32 lf, const char *path, i32 of, i64 base) {
  i32 fd = -1;
  i32 e = w_path_open(dir, lf, PATH(path), of, base, base, 0, P(&fd));
  if (e == 0)
    w_fd_close(fd);
  return e;
}
static i32 ftype(i32 dir, i32 lf, const char *path) {
  uint8_t st[64];
  i32 e = w_path_filestat_get(dir, lf, PATH(path), P(st));
  return e ? -e : st[16];
}
static i32 link_(i32 dir, i32 lf, const char *from, const char *to) {
  return w_path_link(dir, lf, PATH(from), dir, PATH(to));
}
static i32 rename_(i32 dir, const char *from, const char *to) {
  return w_path_rename(dir, PATH(from), dir, PATH(to));
}
static i32 readlink_(i32 dir, const char *path) {
  char b[64];
  uint32_t used;
  return w_path_readlink(dir, PATH(path), P(b), sizeof b, P(&used));
}
static i32 touch(i32 dir, i32 lf, const char *path) {
  return w_path_filestat_set_times(dir, lf, PATH(path), 0, 0, __WASI_FSTFLAGS_MTIM_NOW);
}

static void rules(i32 root) {
  i32 t;
  /* fixtures */
  if (!OK(D("mkdir t"), w_path_create_directory(root, PATH("t"))))
    return;
  if (!OK(D("open t (directory rights, no fd_write)"),
          w_path_open(root, 0, PATH("t"), __WASI_OFLAGS_DIRECTORY, R_DIR, R_ALL, 0, P(&t))))
    return;
  OK(D("make t/f"), wt_mkfile(t, "f", "f"));
  OK(D("make t/g"), wt_mkfile(t, "g", "g"));
  OK(D("mkdir t/d"), w_path_create_directory(t, PATH("d")));
  OK(D("symlink t/lf -> f"), w_path_symlink(PATH("f"), t, PATH("lf")));
  OK(D("symlink t/ld -> d"), w_path_symlink(PATH("d"), t, PATH("ld")));
  OK(D("symlink t/dang -> nowhere"), w_path_symlink(PATH("nowhere"), t, PATH("dang")));

  /* ---- path_open: directories and write access (Wasmtime: EISDIR) ---- */
  EQ(D("open d directory + all rights (fd_write) EISDIR"), op(t, LF, "d", __WASI_OFLAGS_DIRECTORY, R_ALL), __WASI_ERRNO_ISDIR);
  EQ(D("open . directory + fd_read|fd_write EISDIR"), op(t, 0, ".", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE), __WASI_ERRNO_ISDIR);
  EQ(D("open the grant itself directory + fd_write EISDIR"), op(root, 0, ".", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_WRITE), __WASI_ERRNO_ISDIR);
  EQ(D("open f directory + fd_write ENOTDIR"), op(t, LF, "f", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_WRITE), __WASI_ERRNO_NOTDIR);
  EQ(D("open missing directory + fd_write ENOENT"), op(t, LF, "missing", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_WRITE), __WASI_ERRNO_NOENT);
  OK(D("open d directory + all rights but fd_write"), op(t, LF, "d", __WASI_OFLAGS_DIRECTORY, R_DIR));
  OK(D("open d directory + fd_allocate|fd_filestat_set_size (no fd_write)"), op(t, LF, "d", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_ALLOCATE | __WASI_RIGHTS_FD_FILESTAT_SET_SIZE | __WASI_RIGHTS_FD_READDIR));
  EQ(D("open d directory|trunc EINVAL"), op(t, LF, "d", __WASI_OFLAGS_DIRECTORY | __WASI_OFLAGS_TRUNC, R_DIR), __WASI_ERRNO_INVAL);
  EQ(D("open d directory|excl EINVAL"), op(t, LF, "d", __WASI_OFLAGS_DIRECTORY | __WASI_OFLAGS_EXCL, R_DIR), __WASI_ERRNO_INVAL);
  EQ(D("open d directory|creat EINVAL"), op(t, LF, "d", __WASI_OFLAGS_DIRECTORY | __WASI_OFLAGS_CREAT, R_DIR), __WASI_ERRNO_INVAL);
  EQ(D("open d (no directory flag) + fd_write EISDIR"), op(t, LF, "d", 0, __WASI_RIGHTS_FD_WRITE), __WASI_ERRNO_ISDIR);
  EQ(D("open d trunc EISDIR"), op(t, LF, "d", __WASI_OFLAGS_TRUNC, __WASI_RIGHTS_FD_READ), __WASI_ERRNO_ISDIR);
  EQ(D("open d creat EISDIR"), op(t, LF, "d", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_READ), __WASI_ERRNO_ISDIR);
  /* ---- path_open: trailing '/' ---- */
  EQ(D("open missing/ creat EISDIR"), op(t, LF, "missing/", __WASI_OFLAGS_CREAT, R_ALL), __WASI_ERRNO_ISDIR);
  EQ(D("... and missing was not created"), ftype(t, 0, "missing"), -__WASI_ERRNO_NOENT);
  EQ(D("open missing/ creat|excl EISDIR"), op(t, LF, "missing/", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, R_ALL), __WASI_ERRNO_ISDIR);
  EQ(D("open f/ creat EISDIR"), op(t, LF, "f/", __WASI_OFLAGS_CREAT, R_ALL), __WASI_ERRNO_ISDIR);
  EQ(D("open d/ creat EISDIR"), op(t, LF, "d/", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_READ), __WASI_ERRNO_ISDIR);
  EQ(D("open dang/ creat EISDIR"), op(t, LF, "dang/", __WASI_OFLAGS_CREAT, R_ALL), __WASI_ERRNO_ISDIR);
  EQ(D("... and nowhere was not created"), ftype(t, 0, "nowhere"), -__WASI_ERRNO_NOENT);
  EQ(D("open nope/x/ creat ENOENT (the parent first)"), op(t, LF, "nope/x/", __WASI_OFLAGS_CREAT, R_ALL), __WASI_ERRNO_NOENT);
  EQ(D("open f/ ENOTDIR"), op(t, LF, "f/", 0, __WASI_RIGHTS_FD_READ), __WASI_ERRNO_NOTDIR);
  EQ(D("open missing/ ENOENT"), op(t, LF, "missing/", 0, __WASI_RIGHTS_FD_READ), __WASI_ERRNO_NOENT);
  OK(D("open ld/ without symlink_follow (a trailing / follows)"), op(t, 0, "ld/", 0, __WASI_RIGHTS_FD_READDIR));
  OK(D("open ld/ directory without symlink_follow"), op(t, 0, "ld/", __WASI_OFLAGS_DIRECTORY, R_DIR));
  EQ(D("open lf/ without symlink_follow ENOTDIR"), op(t, 0, "lf/", 0, __WASI_RIGHTS_FD_READ), __WASI_ERRNO_NOTDIR);
  EQ(D("open dang/ without symlink_follow ENOENT"), op(t, 0, "dang/", 0, __WASI_RIGHTS_FD_READ), __WASI_ERRNO_NOENT);
  EQ(D("open ld without symlink_follow ELOOP"), op(t, 0, "ld", 0, __WASI_RIGHTS_FD_READDIR), __WASI_ERRNO_LOOP);

  /* ---- path_create_directory ---- */
  OK(D("mkdir n1/"), w_path_create_directory(t, PATH("n1/")));
  EQ(D("n1 is a directory"), ftype(t, 0, "n1"), __WASI_FILETYPE_DIRECTORY);
  EQ(D("mkdir f/ EEXIST"), w_path_create_directory(t, PATH("f/")), __WASI_ERRNO_EXIST);
  EQ(D("mkdir ld/ EEXIST"), w_path_create_directory(t, PATH("ld/")), __WASI_ERRNO_EXIST);
  EQ(D("mkdir dang/ EEXIST (the name is not followed)"), w_path_create_directory(t, PATH("dang/")), __WASI_ERRNO_EXIST);
  EQ(D("... and nowhere was not created"), ftype(t, 0, "nowhere"), -__WASI_ERRNO_NOENT);

  /* ---- path_remove_directory ---- */
  EQ(D("rmdir f/ ENOTDIR"), w_path_remove_directory(t, PATH("f/")), __WASI_ERRNO_NOTDIR);
  EQ(D("rmdir ld/ ENOTDIR (the name is not followed)"), w_path_remove_directory(t, PATH("ld/")), __WASI_ERRNO_NOTDIR);
  EQ(D("... and d is still there"), ftype(t, 0, "d"), __WASI_FILETYPE_DIRECTORY);
  EQ(D("rmdir missing/ ENOENT"), w_path_remove_directory(t, PATH("missing/")), __WASI_ERRNO_NOENT);
  OK(D("rmdir n1/"), w_path_remove_directory(t, PATH("n1/")));

  /* ---- path_unlink_file ---- */
  EQ(D("unlink f/ ENOTDIR"), w_path_unlink_file(t, PATH("f/")), __WASI_ERRNO_NOTDIR);
  EQ(D("unlink d/ EISDIR"), w_path_unlink_file(t, PATH("d/")), __WASI_ERRNO_ISDIR);
  EQ(D("unlink ld/ ENOTDIR (the name is not followed)"), w_path_unlink_file(t, PATH("ld/")), __WASI_ERRNO_NOTDIR);
  EQ(D("unlink lf/ ENOTDIR"), w_path_unlink_file(t, PATH("lf/")), __WASI_ERRNO_NOTDIR);
  EQ(D("unlink dang/ ENOTDIR"), w_path_unlink_file(t, PATH("dang/")), __WASI_ERRNO_NOTDIR);
  EQ(D("unlink missing/ ENOENT"), w_path_unlink_file(t, PATH("missing/")), __WASI_ERRNO_NOENT);
  EQ(D("f, lf, ld, dang are still there"), ftype(t, 0, "f") == __WASI_FILETYPE_REGULAR_FILE && ftype(t, 0, "lf") == __WASI_FILETYPE_SYMBOLIC_LINK && ftype(t, 0, "ld") == __WASI_FILETYPE_SYMBOLIC_LINK && ftype(t, 0, "dang") == __WASI_FILETYPE_SYMBOLIC_LINK, 1);

  /* ---- path_link: the new name with '/' is never created ---- */
  EQ(D("link f -> missing/ ENOENT"), link_(t, 0, "f", "missing/"), __WASI_ERRNO_NOENT);
  EQ(D("link f -> g/ (a file) ENOTDIR"), link_(t, 0, "f", "g/"), __WASI_ERRNO_NOTDIR);
  EQ(D("link f -> d/ EEXIST"), link_(t, 0, "f", "d/"), __WASI_ERRNO_EXIST);
  EQ(D("link f -> ld/ EEXIST"), link_(t, 0, "f", "ld/"), __WASI_ERRNO_EXIST);
  EQ(D("link f -> lf/ ENOTDIR"), link_(t, 0, "f", "lf/"), __WASI_ERRNO_NOTDIR);
  EQ(D("link f -> dang/ ENOENT"), link_(t, 0, "f", "dang/"), __WASI_ERRNO_NOENT);
  EQ(D("link d -> missing/ ENOENT (before EPERM)"), link_(t, 0, "d", "missing/"), __WASI_ERRNO_NOENT);
  EQ(D("link missing -> d/ ENOENT (the old name first)"), link_(t, 0, "missing", "d/"), __WASI_ERRNO_NOENT);
  /* the old name with '/' must be a directory; it follows a final symlink */
  EQ(D("link f/ -> x ENOTDIR"), link_(t, 0, "f/", "x"), __WASI_ERRNO_NOTDIR);
  EQ(D("link lf/ -> x ENOTDIR (followed: a file)"), link_(t, 0, "lf/", "x"), __WASI_ERRNO_NOTDIR);
  EQ(D("link d/ -> x EPERM"), link_(t, 0, "d/", "x"), __WASI_ERRNO_PERM);
  EQ(D("link ld/ -> x EPERM (followed: a directory)"), link_(t, 0, "ld/", "x"), __WASI_ERRNO_PERM);
  EQ(D("link dang/ -> x ENOENT"), link_(t, 0, "dang/", "x"), __WASI_ERRNO_NOENT);
  EQ(D("link missing/ -> x ENOENT"), link_(t, 0, "missing/", "x"), __WASI_ERRNO_NOENT);
  EQ(D("no x was made, f has one link"), ftype(t, 0, "x"), -__WASI_ERRNO_NOENT);

  /* ---- path_symlink: the same rules for its new name ---- */
  EQ(D("symlink -> missing/ ENOENT"), w_path_symlink(PATH("f"), t, PATH("missing/")), __WASI_ERRNO_NOENT);
  EQ(D("symlink -> f/ ENOTDIR (Wasmtime)"), w_path_symlink(PATH("f"), t, PATH("f/")), __WASI_ERRNO_NOTDIR);
  EQ(D("symlink -> d/ EEXIST"), w_path_symlink(PATH("f"), t, PATH("d/")), __WASI_ERRNO_EXIST);
  EQ(D("symlink -> ld/ EEXIST"), w_path_symlink(PATH("f"), t, PATH("ld/")), __WASI_ERRNO_EXIST);
  EQ(D("symlink -> lf/ ENOTDIR"), w_path_symlink(PATH("f"), t, PATH("lf/")), __WASI_ERRNO_NOTDIR);
  EQ(D("symlink -> dang/ ENOENT"), w_path_symlink(PATH("f"), t, PATH("dang/")), __WASI_ERRNO_NOENT);
  EQ(D("symlink -> nope/x/ ENOENT"), w_path_symlink(PATH("f"), t, PATH("nope/x/")), __WASI_ERRNO_NOENT);

  /* ---- path_rename (rename(2): neither name is followed) ---- */
  EQ(D("rename f -> missing/ ENOTDIR"), rename_(t, "f", "missing/"), __WASI_ERRNO_NOTDIR);
  EQ(D("rename f -> g/ ENOTDIR"), rename_(t, "f", "g/"), __WASI_ERRNO_NOTDIR);
  EQ(D("rename f/ -> x ENOTDIR"), rename_(t, "f/", "x"), __WASI_ERRNO_NOTDIR);
  EQ(D("rename lf/ -> x ENOTDIR"), rename_(t, "lf/", "x"), __WASI_ERRNO_NOTDIR);
  EQ(D("rename ld/ -> x ENOTDIR (the symlink is not a directory)"), rename_(t, "ld/", "x"), __WASI_ERRNO_NOTDIR);
  EQ(D("rename missing/ -> x ENOENT"), rename_(t, "missing/", "x"), __WASI_ERRNO_NOENT);
  EQ(D("rename missing -> x/ ENOENT"), rename_(t, "missing", "x/"), __WASI_ERRNO_NOENT);
  EQ(D("rename d -> ld/ ENOTDIR (a directory over a symlink)"), rename_(t, "d", "ld/"), __WASI_ERRNO_NOTDIR);
  OK(D("rename d/ -> x"), rename_(t, "d/", "x"));
  OK(D("rename x -> d/"), rename_(t, "x", "d/"));
  OK(D("rename d/ -> x/"), rename_(t, "d/", "x/"));
  OK(D("rename x/ -> d"), rename_(t, "x/", "d"));
  EQ(D("f and d are still there"), ftype(t, 0, "f") == __WASI_FILETYPE_REGULAR_FILE && ftype(t, 0, "d") == __WASI_FILETYPE_DIRECTORY, 1);

  /* ---- path_filestat_get / set_times: '/' follows, needs a directory ---- */
  EQ(D("stat f/ ENOTDIR"), ftype(t, 0, "f/"), -__WASI_ERRNO_NOTDIR);
  EQ(D("stat lf/ ENOTDIR"), ftype(t, 0, "lf/"), -__WASI_ERRNO_NOTDIR);
  EQ(D("stat ld/ without symlink_follow: the directory"), ftype(t, 0, "ld/"), __WASI_FILETYPE_DIRECTORY);
  EQ(D("stat dang/ ENOENT"), ftype(t, 0, "dang/"), -__WASI_ERRNO_NOENT);
  EQ(D("stat missing/ ENOENT"), ftype(t, 0, "missing/"), -__WASI_ERRNO_NOENT);
  EQ(D("set_times f/ ENOTDIR"), touch(t, 0, "f/"), __WASI_ERRNO_NOTDIR);
  EQ(D("set_times lf/ ENOTDIR"), touch(t, 0, "lf/"), __WASI_ERRNO_NOTDIR);
  OK(D("set_times ld/ without symlink_follow"), touch(t, 0, "ld/"));
  EQ(D("set_times dang/ ENOENT"), touch(t, 0, "dang/"), __WASI_ERRNO_NOENT);
  EQ(D("set_times missing/ ENOENT"), touch(t, LF, "missing/"), __WASI_ERRNO_NOENT);

  /* ---- path_readlink: '/' follows, so nothing it names is a symlink ---- */
  OK(D("readlink ld"), readlink_(t, "ld"));
  EQ(D("readlink ld/ EINVAL (followed: a directory)"), readlink_(t, "ld/"), __WASI_ERRNO_INVAL);
  EQ(D("readlink lf/ ENOTDIR"), readlink_(t, "lf/"), __WASI_ERRNO_NOTDIR);
  EQ(D("readlink dang/ ENOENT"), readlink_(t, "dang/"), __WASI_ERRNO_NOENT);
  EQ(D("readlink f/ ENOTDIR"), readlink_(t, "f/"), __WASI_ERRNO_NOTDIR);
  EQ(D("readlink d/ EINVAL"), readlink_(t, "d/"), __WASI_ERRNO_INVAL);
  EQ(D("readlink missing/ ENOENT"), readlink_(t, "missing/"), __WASI_ERRNO_NOENT);

  uint8_t st[64];
  OK(D("stat f"), w_path_filestat_get(t, 0, PATH("f"), P(st)));
  EQ(D("f still has one link"), ld64(st + 24), 1);
  w_fd_close(t);
}

int main(void) {
  i32 rw = find_preopen("/sandbox"), ro = find_preopen("/ro"), box = find_preopen("/box");
  TRUE("/sandbox is preopened", rw >= 0);
  if (rw >= 0) {
    label = "host";
    rules(rw);
  }
  if (box >= 0) {
    label = "box";
    rules(box);
  }
  /* a read-only grant: write access to a directory is a mutation, EROFS
   * first (Wasmtime: its read-only EPERM before the open) */
  TRUE("/ro is preopened", ro >= 0);
  if (ro >= 0) {
    EQ("[ro] open . directory + fd_write EROFS", op(ro, 0, ".", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_FD_WRITE), __WASI_ERRNO_ROFS);
    EQ("[ro] open sub directory + all rights EROFS", op(ro, LF, "sub", __WASI_OFLAGS_DIRECTORY, R_ALL), __WASI_ERRNO_ROFS);
    OK("[ro] open sub directory + all rights but fd_write", op(ro, LF, "sub", __WASI_OFLAGS_DIRECTORY, R_DIR));
    EQ("[ro] open sub/ creat EROFS", op(ro, LF, "sub/", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_READ), __WASI_ERRNO_ROFS);
  }
  return wt_done();
}
