// path_open (oflags, fdflags, rights, lookupflags), path_create_directory,
// path_remove_directory, path_filestat_get, path_filestat_set_times,
// path_link, path_readlink, path_rename, path_symlink, path_unlink_file.
// check: test -d $RW/d2/sub && test ! -e $RW/d1
// check: test "$(readlink $RW/sym)" = target.txt && test "$(readlink $RW/dangling)" = nowhere
// check: test "$(stat -c %h $RW/target.txt)" = 3
// check: test "$(stat -c %Y $RW/target.txt)" = 1234567890
// check: test "$(cat $RW/renamed.txt)" = moved && test ! -e $RW/tomove.txt
// check: test ! -e $RW/gone.txt && test "$(cat $RW/trunc.txt)" = ""
#include "wt.h"

#define LF __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW
#define FILE_R (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL | __WASI_RIGHTS_FD_FILESTAT_GET)
static i32 popen_(i32 dir, i32 lf, const char *path, i32 of, i64 base, i32 ff, i32 *fd) {
  *fd = -1;
  return w_path_open(dir, lf, PATH(path), of, base, base, ff, P(fd));
}

int main(void) {
  i32 fd, fd2;
  uint8_t st[64], fs[24];
  uint8_t type;
  /* ---- path_open: oflags ---- */
  EQ("open missing file without creat ENOENT", popen_(RW, LF, "target.txt", 0, R_ALL, 0, &fd), __WASI_ERRNO_NOENT);
  OK("open creat", popen_(RW, LF, "target.txt", __WASI_OFLAGS_CREAT, R_ALL, 0, &fd));
  TRUE("opened fd >= 5", fd >= 5);
  wt_write_str(fd, "content");
  w_fd_close(fd);
  EQ("open creat|excl existing EEXIST", popen_(RW, LF, "target.txt", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, R_ALL, 0, &fd), __WASI_ERRNO_EXIST);
  OK("open creat existing (no excl) ok", popen_(RW, LF, "target.txt", __WASI_OFLAGS_CREAT, R_ALL, 0, &fd));
  w_fd_filestat_get(fd, P(st));
  EQ("creat without trunc keeps data", ld64(st + 32), 7);
  w_fd_close(fd);
  wt_mkfile(RW, "trunc.txt", "to be truncated");
  OK("open trunc", popen_(RW, LF, "trunc.txt", __WASI_OFLAGS_TRUNC, R_ALL, 0, &fd));
  w_fd_filestat_get(fd, P(st));
  EQ("trunc emptied the file", ld64(st + 32), 0);
  w_fd_close(fd);
  EQ("open directory flag asking for fd_write EISDIR", popen_(RW, LF, ".", __WASI_OFLAGS_DIRECTORY, R_ALL, 0, &fd), __WASI_ERRNO_ISDIR);
  OK("open directory flag on a directory", popen_(RW, LF, ".", __WASI_OFLAGS_DIRECTORY, R_DIR, 0, &fd));
  w_fd_fdstat_get(fd, P(fs));
  EQ("opened '.' is a directory", fs[0], __WASI_FILETYPE_DIRECTORY);
  TRUE("directory fd got path rights, not fd_read", (ld64(fs + 8) & __WASI_RIGHTS_PATH_OPEN) && !(ld64(fs + 8) & __WASI_RIGHTS_FD_READ));
  w_fd_close(fd);
  EQ("open directory flag on a file ENOTDIR", popen_(RW, LF, "target.txt", __WASI_OFLAGS_DIRECTORY, R_ALL, 0, &fd), __WASI_ERRNO_NOTDIR);
  EQ("open creat|directory EINVAL", popen_(RW, LF, "newdir", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_DIRECTORY, R_ALL, 0, &fd), __WASI_ERRNO_INVAL);
  EQ("open unknown oflag EINVAL", popen_(RW, LF, "target.txt", 0x10, R_ALL, 0, &fd), __WASI_ERRNO_INVAL);
  EQ("open unknown fdflag EINVAL", popen_(RW, LF, "target.txt", 0, R_ALL, 0x20, &fd), __WASI_ERRNO_INVAL);
  EQ("open file with a trailing slash ENOTDIR", popen_(RW, LF, "target.txt/", 0, R_ALL, 0, &fd), __WASI_ERRNO_NOTDIR);
  EQ("open through a file as a directory ENOTDIR", popen_(RW, LF, "target.txt/x", 0, R_ALL, 0, &fd), __WASI_ERRNO_NOTDIR);
  EQ("open empty path ENOENT", popen_(RW, LF, "", 0, R_ALL, 0, &fd), __WASI_ERRNO_NOENT);
  EQ("open bad path pointer EFAULT", w_path_open(RW, LF, BAD, 10, 0, R_ALL, R_ALL, 0, P(&fd)), __WASI_ERRNO_FAULT);
  EQ("open bad result pointer EFAULT", w_path_open(RW, LF, PATH("target.txt"), 0, R_ALL, R_ALL, 0, BAD), __WASI_ERRNO_FAULT);
  EQ("open with a non-directory fd ENOTDIR/ENOTCAPABLE", popen_(1, LF, "x", 0, R_ALL, 0, &fd), __WASI_ERRNO_NOTCAPABLE);
  EQ("open with a bad dir fd EBADF", popen_(99, LF, "x", 0, R_ALL, 0, &fd), __WASI_ERRNO_BADF);
  /* fdflags */
  const i32 ffs[] = {__WASI_FDFLAGS_APPEND, __WASI_FDFLAGS_DSYNC, __WASI_FDFLAGS_NONBLOCK, __WASI_FDFLAGS_RSYNC, __WASI_FDFLAGS_SYNC};
  const char *ffn[] = {"append", "dsync", "nonblock", "rsync", "sync"};
  for (int i = 0; i < 5; i++) {
    char d[64];
    snprintf(d, sizeof d, "open with fdflag %s", ffn[i]);
    OK(d, popen_(RW, LF, "target.txt", 0, R_ALL, ffs[i], &fd));
    w_fd_fdstat_get(fd, P(fs));
    snprintf(d, sizeof d, "fdstat reports fdflag %s", ffn[i]);
    /* sync implies dsync|rsync on Linux (O_SYNC includes O_DSYNC) */
    TRUE(d, (ld16(fs + 2) & ffs[i]) == ffs[i]);
    w_fd_close(fd);
  }
  /* rights */
  OK("open with read rights only", popen_(RW, LF, "target.txt", 0, FILE_R, 0, &fd));
  w_fd_fdstat_get(fd, P(fs));
  EQ("base rights = requested", ld64(fs + 8), FILE_R);
  EQ("inheriting = requested", ld64(fs + 16), FILE_R);
  uint32_t n;
  wt_iov v = {P("x"), 1};
  EQ("write on it ENOTCAPABLE", w_fd_write(fd, P(&v), 1, P(&n)), __WASI_ERRNO_NOTCAPABLE);
  w_fd_close(fd);
  OK("open with more rights than meaningful (wasi-libc does)", popen_(RW, LF, "target.txt", 0, -1, 0, &fd));
  w_fd_fdstat_get(fd, P(fs));
  EQ("file rights are limited to file rights", ld64(fs + 8) & __WASI_RIGHTS_PATH_OPEN, 0);
  w_fd_close(fd);
  /* a directory opened with limited rights limits what is opened through it */
  OK("open dir with path_open + fd_read inheriting only", w_path_open(RW, LF, PATH("."), __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_PATH_OPEN, __WASI_RIGHTS_FD_READ, 0, P(&fd)));
  OK("open a file through it asking for all rights", popen_(fd, LF, "target.txt", 0, R_ALL, 0, &fd2));
  w_fd_fdstat_get(fd2, P(fs));
  EQ("the file got only the dir's inheriting rights", ld64(fs + 8), __WASI_RIGHTS_FD_READ);
  w_fd_close(fd2);
  EQ("creat through a dir without path_create_file", popen_(fd, LF, "new.txt", __WASI_OFLAGS_CREAT, R_ALL, 0, &fd2), __WASI_ERRNO_NOTCAPABLE);
  EQ("trunc through a dir without path_filestat_set_size", popen_(fd, LF, "target.txt", __WASI_OFLAGS_TRUNC, R_ALL, 0, &fd2), __WASI_ERRNO_NOTCAPABLE);
  EQ("mkdir through a dir without the right", w_path_create_directory(fd, PATH("x")), __WASI_ERRNO_NOTCAPABLE);
  w_fd_close(fd);

  /* ---- directories ---- */
  OK("path_create_directory d1", w_path_create_directory(RW, PATH("d1")));
  OK("path_create_directory d1/sub", w_path_create_directory(RW, PATH("d1/sub")));
  EQ("path_create_directory existing EEXIST", w_path_create_directory(RW, PATH("d1")), __WASI_ERRNO_EXIST);
  EQ("path_create_directory over a file EEXIST", w_path_create_directory(RW, PATH("target.txt")), __WASI_ERRNO_EXIST);
  EQ("path_create_directory missing parent ENOENT", w_path_create_directory(RW, PATH("nope/x")), __WASI_ERRNO_NOENT);
  EQ("path_create_directory empty path ENOENT", w_path_create_directory(RW, P(""), 0), __WASI_ERRNO_NOENT);
  EQ("path_create_directory bad pointer EFAULT", w_path_create_directory(RW, BAD, 4), __WASI_ERRNO_FAULT);
  EQ("path_create_directory '.' EEXIST", w_path_create_directory(RW, PATH(".")), __WASI_ERRNO_EXIST);
  OK("path_create_directory with trailing slash", w_path_create_directory(RW, PATH("d3/")));
  OK("path_filestat_get d1", wt_filetype(RW, "d1", 0, &type));
  EQ("d1 is a directory", type, __WASI_FILETYPE_DIRECTORY);
  EQ("path_remove_directory non-empty ENOTEMPTY", w_path_remove_directory(RW, PATH("d1")), __WASI_ERRNO_NOTEMPTY);
  EQ("path_remove_directory a file ENOTDIR", w_path_remove_directory(RW, PATH("target.txt")), __WASI_ERRNO_NOTDIR);
  EQ("path_remove_directory missing ENOENT", w_path_remove_directory(RW, PATH("nope")), __WASI_ERRNO_NOENT);
  OK("path_remove_directory d3 (trailing slash)", w_path_remove_directory(RW, PATH("d3/")));
  EQ("path_remove_directory '.' EINVAL/EBUSY", ({ i32 e = w_path_remove_directory(RW, PATH(".")); e == __WASI_ERRNO_INVAL || e == __WASI_ERRNO_BUSY; }), 1);
  /* ---- filestat ---- */
  OK("path_filestat_get target.txt", w_path_filestat_get(RW, 0, PATH("target.txt"), P(st)));
  EQ("filetype regular", st[16], __WASI_FILETYPE_REGULAR_FILE);
  EQ("size 7", ld64(st + 32), 7);
  EQ("path_filestat_get missing ENOENT", w_path_filestat_get(RW, 0, PATH("missing"), P(st)), __WASI_ERRNO_NOENT);
  EQ("path_filestat_get bad buf EFAULT", w_path_filestat_get(RW, 0, PATH("target.txt"), BAD), __WASI_ERRNO_FAULT);
  EQ("path_filestat_get file/ ENOTDIR", w_path_filestat_get(RW, 0, PATH("target.txt/"), P(st)), __WASI_ERRNO_NOTDIR);
  OK("path_filestat_get d1/sub/..", w_path_filestat_get(RW, 0, PATH("d1/sub/.."), P(st)));
  EQ("d1/sub/.. is a directory", st[16], __WASI_FILETYPE_DIRECTORY);
  /* ---- set_times ---- */
  OK("path_filestat_set_times mtim", w_path_filestat_set_times(RW, 0, PATH("target.txt"), 0, 1234567890ll * 1000000000ll, __WASI_FSTFLAGS_MTIM));
  w_path_filestat_get(RW, 0, PATH("target.txt"), P(st));
  EQ("mtim was set", ld64(st + 48), 1234567890ull * 1000000000ull);
  OK("path_filestat_set_times atim_now", w_path_filestat_set_times(RW, 0, PATH("target.txt"), 0, 0, __WASI_FSTFLAGS_ATIM_NOW));
  EQ("path_filestat_set_times atim|atim_now EINVAL", w_path_filestat_set_times(RW, 0, PATH("target.txt"), 0, 0, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW), __WASI_ERRNO_INVAL);
  EQ("path_filestat_set_times missing ENOENT", w_path_filestat_set_times(RW, 0, PATH("missing"), 0, 0, __WASI_FSTFLAGS_MTIM_NOW), __WASI_ERRNO_NOENT);
  /* ---- symlinks ---- */
  OK("path_symlink sym -> target.txt", w_path_symlink(PATH("target.txt"), RW, PATH("sym")));
  OK("path_symlink dangling -> nowhere", w_path_symlink(PATH("nowhere"), RW, PATH("dangling")));
  OK("path_symlink dsym -> d1", w_path_symlink(PATH("d1"), RW, PATH("dsym")));
  EQ("path_symlink existing name EEXIST", w_path_symlink(PATH("x"), RW, PATH("sym")), __WASI_ERRNO_EXIST);
  EQ("path_symlink empty target ENOENT", w_path_symlink(P(""), 0, RW, PATH("empty")), __WASI_ERRNO_NOENT);
  EQ("path_symlink absolute target ENOTCAPABLE", w_path_symlink(PATH("/etc/passwd"), RW, PATH("abs")), __WASI_ERRNO_NOTCAPABLE);
  EQ("path_symlink bad target pointer EFAULT", w_path_symlink(BAD, 5, RW, PATH("y")), __WASI_ERRNO_FAULT);
  OK("path_filestat_get sym nofollow", wt_filetype(RW, "sym", 0, &type));
  EQ("sym is a symlink", type, __WASI_FILETYPE_SYMBOLIC_LINK);
  OK("path_filestat_get sym follow", wt_filetype(RW, "sym", 1, &type));
  EQ("followed sym is a regular file", type, __WASI_FILETYPE_REGULAR_FILE);
  EQ("path_filestat_get dangling follow ENOENT", wt_filetype(RW, "dangling", 1, &type), __WASI_ERRNO_NOENT);
  OK("path_filestat_get dsym/ (trailing slash follows)", wt_filetype(RW, "dsym/", 0, &type));
  EQ("dsym/ is a directory", type, __WASI_FILETYPE_DIRECTORY);
  OK("open through the symlink with follow", popen_(RW, LF, "sym", 0, R_ALL, 0, &fd));
  w_fd_close(fd);
  EQ("open the symlink without follow ELOOP", popen_(RW, 0, "sym", 0, R_ALL, 0, &fd), __WASI_ERRNO_LOOP);
  OK("open dsym/sub (symlink in the middle)", popen_(RW, 0, "dsym/sub", __WASI_OFLAGS_DIRECTORY, R_DIR, 0, &fd));
  w_fd_close(fd);
  OK("open creat through a dangling symlink creates its target", popen_(RW, LF, "dangling", __WASI_OFLAGS_CREAT, R_ALL, 0, &fd));
  w_fd_close(fd);
  OK("nowhere now exists", wt_filetype(RW, "nowhere", 0, &type));
  w_path_unlink_file(RW, PATH("nowhere"));
  OK("path_symlink loop1 -> loop2", w_path_symlink(PATH("loop2"), RW, PATH("loop1")));
  OK("path_symlink loop2 -> loop1", w_path_symlink(PATH("loop1"), RW, PATH("loop2")));
  EQ("open a symlink loop ELOOP", popen_(RW, LF, "loop1", 0, R_ALL, 0, &fd), __WASI_ERRNO_LOOP);
  EQ("stat through a symlink loop ELOOP", wt_filetype(RW, "loop1", 1, &type), __WASI_ERRNO_LOOP);
  OK("path_filestat_set_times nofollow on a symlink", w_path_filestat_set_times(RW, 0, PATH("sym"), 0, 42ll * 1000000000ll, __WASI_FSTFLAGS_MTIM));
  w_path_filestat_get(RW, 1, PATH("sym"), P(st));
  EQ("... left the target's mtim alone", ld64(st + 48), 1234567890ull * 1000000000ull);
  /* ---- readlink ---- */
  char buf[64];
  uint32_t used = 99;
  memset(buf, '#', sizeof buf);
  OK("path_readlink sym", w_path_readlink(RW, PATH("sym"), P(buf), sizeof buf, P(&used)));
  EQ("readlink length 10", used, 10);
  TRUE("readlink contents, no NUL written", memcmp(buf, "target.txt#", 11) == 0);
  memset(buf, '#', sizeof buf);
  OK("path_readlink into a 4-byte buffer", w_path_readlink(RW, PATH("sym"), P(buf), 4, P(&used)));
  EQ("readlink truncates to the buffer (bufused 4)", used, 4);
  TRUE("truncated contents", memcmp(buf, "targ#", 5) == 0);
  OK("path_readlink into a 0-byte buffer", w_path_readlink(RW, PATH("sym"), P(buf), 0, P(&used)));
  EQ("bufused 0", used, 0);
  EQ("path_readlink on a file EINVAL", w_path_readlink(RW, PATH("target.txt"), P(buf), 64, P(&used)), __WASI_ERRNO_INVAL);
  EQ("path_readlink missing ENOENT", w_path_readlink(RW, PATH("missing"), P(buf), 64, P(&used)), __WASI_ERRNO_NOENT);
  EQ("path_readlink bad buf EFAULT", w_path_readlink(RW, PATH("sym"), BAD, 64, P(&used)), __WASI_ERRNO_FAULT);
  EQ("path_readlink bad bufused EFAULT", w_path_readlink(RW, PATH("sym"), P(buf), 64, BAD), __WASI_ERRNO_FAULT);
  /* ---- link ---- */
  OK("path_link target.txt -> hard1", w_path_link(RW, 0, PATH("target.txt"), RW, PATH("hard1")));
  OK("path_link through a symlink with follow -> hard2", w_path_link(RW, LF, PATH("sym"), RW, PATH("hard2")));
  OK("hard2 is a regular file", wt_filetype(RW, "hard2", 0, &type));
  EQ("hard2 type", type, __WASI_FILETYPE_REGULAR_FILE);
  OK("path_link a symlink without follow -> symlink", w_path_link(RW, 0, PATH("sym"), RW, PATH("symhard")));
  OK("symhard is a symlink", wt_filetype(RW, "symhard", 0, &type));
  EQ("symhard type", type, __WASI_FILETYPE_SYMBOLIC_LINK);
  w_path_filestat_get(RW, 0, PATH("target.txt"), P(st));
  EQ("nlink 3", ld64(st + 24), 3);
  EQ("path_link onto an existing name EEXIST", w_path_link(RW, 0, PATH("target.txt"), RW, PATH("hard1")), __WASI_ERRNO_EXIST);
  EQ("path_link missing source ENOENT", w_path_link(RW, 0, PATH("missing"), RW, PATH("h3")), __WASI_ERRNO_NOENT);
  EQ("path_link a directory EPERM", w_path_link(RW, 0, PATH("d1"), RW, PATH("h4")), __WASI_ERRNO_PERM);
  EQ("path_link bad new fd EBADF", w_path_link(RW, 0, PATH("target.txt"), 77, PATH("h5")), __WASI_ERRNO_BADF);
  /* ---- rename ---- */
  wt_mkfile(RW, "tomove.txt", "moved");
  OK("path_rename file", w_path_rename(RW, PATH("tomove.txt"), RW, PATH("renamed.txt")));
  EQ("old name gone", wt_filetype(RW, "tomove.txt", 0, &type), __WASI_ERRNO_NOENT);
  OK("path_rename directory d1 -> d2", w_path_rename(RW, PATH("d1"), RW, PATH("d2")));
  EQ("path_rename missing ENOENT", w_path_rename(RW, PATH("missing"), RW, PATH("x")), __WASI_ERRNO_NOENT);
  EQ("path_rename dir into itself EINVAL", w_path_rename(RW, PATH("d2"), RW, PATH("d2/sub/x")), __WASI_ERRNO_INVAL);
  EQ("path_rename file over a directory EISDIR", w_path_rename(RW, PATH("hard1"), RW, PATH("d2")), __WASI_ERRNO_ISDIR);
  EQ("path_rename directory over a file ENOTDIR", w_path_rename(RW, PATH("d2"), RW, PATH("hard1")), __WASI_ERRNO_NOTDIR);
  OK("path_create_directory full", w_path_create_directory(RW, PATH("full")));
  wt_mkfile(RW, "full/f", "x");
  OK("path_create_directory empty", w_path_create_directory(RW, PATH("empty")));
  EQ("path_rename dir over a non-empty dir ENOTEMPTY", w_path_rename(RW, PATH("empty"), RW, PATH("full")), __WASI_ERRNO_NOTEMPTY);
  OK("path_rename between two links of one file (POSIX: no-op)", w_path_rename(RW, PATH("hard2"), RW, PATH("hard1")));
  OK("... both names remain", wt_filetype(RW, "hard2", 0, &type));
  OK("path_unlink_file hard2", w_path_unlink_file(RW, PATH("hard2")));
  wt_mkfile(RW, "other.txt", "other");
  OK("path_rename file over another file replaces it", w_path_rename(RW, PATH("other.txt"), RW, PATH("renamed.txt")));
  wt_mkfile(RW, "tomove.txt", "moved");
  OK("path_rename it back", w_path_rename(RW, PATH("tomove.txt"), RW, PATH("renamed.txt")));
  EQ("path_rename file/ ENOTDIR", w_path_rename(RW, PATH("hard1/"), RW, PATH("h9")), __WASI_ERRNO_NOTDIR);
  /* ---- unlink ---- */
  wt_mkfile(RW, "gone.txt", "bye");
  OK("path_unlink_file", w_path_unlink_file(RW, PATH("gone.txt")));
  EQ("path_unlink_file again ENOENT", w_path_unlink_file(RW, PATH("gone.txt")), __WASI_ERRNO_NOENT);
  EQ("path_unlink_file a directory EISDIR", w_path_unlink_file(RW, PATH("d2")), __WASI_ERRNO_ISDIR);
  EQ("path_unlink_file file/ ENOTDIR", w_path_unlink_file(RW, PATH("hard1/")), __WASI_ERRNO_NOTDIR);
  OK("path_unlink_file a symlink removes the link only", w_path_unlink_file(RW, PATH("symhard")));
  OK("target still there", wt_filetype(RW, "target.txt", 0, &type));
  OK("path_unlink_file hard1", w_path_unlink_file(RW, PATH("hard1")));
  OK("path_unlink_file loop1", w_path_unlink_file(RW, PATH("loop1")));
  OK("path_unlink_file loop2", w_path_unlink_file(RW, PATH("loop2")));
  OK("path_remove_directory empty", w_path_remove_directory(RW, PATH("empty")));
  OK("path_unlink_file full/f", w_path_unlink_file(RW, PATH("full/f")));
  OK("path_remove_directory full", w_path_remove_directory(RW, PATH("full")));
  EQ("path_remove_directory a symlink to a dir ENOTDIR", w_path_remove_directory(RW, PATH("dsym")), __WASI_ERRNO_NOTDIR);
  OK("path_unlink_file dsym", w_path_unlink_file(RW, PATH("dsym")));
  /* nlink back to ... target, hard1 gone, hard2 renamed over hard1 and unlinked */
  w_path_filestat_get(RW, 0, PATH("target.txt"), P(st));
  EQ("nlink back to 1", ld64(st + 24), 1);
  /* make the host check's nlink 3 */
  w_path_link(RW, 0, PATH("target.txt"), RW, PATH("h-a"));
  w_path_link(RW, 0, PATH("target.txt"), RW, PATH("h-b"));
  /* ---- long names ---- */
  char longname[300];
  memset(longname, 'a', 256);
  longname[256] = 0;
  EQ("component of 256 bytes ENAMETOOLONG", w_path_create_directory(RW, PATH(longname)), __WASI_ERRNO_NAMETOOLONG);
  longname[255] = 0;
  OK("component of 255 bytes is fine", w_path_create_directory(RW, PATH(longname)));
  OK("remove it", w_path_remove_directory(RW, PATH(longname)));
  return wt_done();
}
