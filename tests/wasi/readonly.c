// A read-only grant (--dir-ro, here at run time): reading works, every
// mutation fails with EROFS, even with rights asked for explicitly.
// check: test "$(cat $RO/file.txt)" = "hello ro" && test "$(ls $RO | tr '\n' ' ')" = "file.txt link sub "
#include "wt.h"

int main(void) {
  i32 fd;
  char buf[64];
  OK("open file.txt for reading", wt_open(RO, "file.txt", 0, __WASI_RIGHTS_FD_READ, 0, &fd));
  OK("read it", wt_read_str(fd, buf, sizeof buf));
  TRUE("contents", strcmp(buf, "hello ro\n") == 0);
  uint32_t n;
  wt_iov v = {P("x"), 1};
  EQ("fd_write on it ENOTCAPABLE (no right) or EROFS", ({ i32 e = w_fd_write(fd, P(&v), 1, P(&n)); e == __WASI_ERRNO_ROFS || e == __WASI_ERRNO_NOTCAPABLE; }), 1);
  EQ("fd_filestat_set_size EROFS", w_fd_filestat_set_size(fd, 0), __WASI_ERRNO_ROFS);
  EQ("fd_filestat_set_times EROFS", w_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_MTIM_NOW), __WASI_ERRNO_ROFS);
  EQ("fd_allocate EROFS", w_fd_allocate(fd, 0, 10), __WASI_ERRNO_ROFS);
  w_fd_close(fd);
  OK("open file.txt asking for all rights (granted: read only)", wt_open(RO, "file.txt", 0, R_ALL & ~(__WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_ALLOCATE | __WASI_RIGHTS_FD_FILESTAT_SET_SIZE), 0, &fd));
  uint8_t fs[24];
  w_fd_fdstat_get(fd, P(fs));
  EQ("no fd_write right", ld64(fs + 8) & __WASI_RIGHTS_FD_WRITE, 0);
  w_fd_close(fd);
  EQ("open for writing EROFS", wt_open(RO, "file.txt", 0, __WASI_RIGHTS_FD_WRITE, 0, &fd), __WASI_ERRNO_ROFS);
  EQ("open with append EROFS", wt_open(RO, "file.txt", 0, __WASI_RIGHTS_FD_READ, __WASI_FDFLAGS_APPEND, &fd), __WASI_ERRNO_ROFS);
  EQ("open creat EROFS", wt_open(RO, "new.txt", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_READ, 0, &fd), __WASI_ERRNO_ROFS);
  EQ("open trunc EROFS", wt_open(RO, "file.txt", __WASI_OFLAGS_TRUNC, __WASI_RIGHTS_FD_READ, 0, &fd), __WASI_ERRNO_ROFS);
  EQ("path_create_directory EROFS", w_path_create_directory(RO, PATH("d")), __WASI_ERRNO_ROFS);
  EQ("path_remove_directory EROFS", w_path_remove_directory(RO, PATH("sub")), __WASI_ERRNO_ROFS);
  EQ("path_unlink_file EROFS", w_path_unlink_file(RO, PATH("file.txt")), __WASI_ERRNO_ROFS);
  EQ("path_rename EROFS", w_path_rename(RO, PATH("file.txt"), RO, PATH("f2")), __WASI_ERRNO_ROFS);
  EQ("path_rename into the rw grant EROFS", w_path_rename(RO, PATH("file.txt"), RW, PATH("f2")), __WASI_ERRNO_ROFS);
  EQ("path_link EROFS", w_path_link(RO, 0, PATH("file.txt"), RO, PATH("f3")), __WASI_ERRNO_ROFS);
  EQ("path_link into the rw grant EROFS", w_path_link(RO, 0, PATH("file.txt"), RW, PATH("f3")), __WASI_ERRNO_ROFS);
  EQ("path_symlink EROFS", w_path_symlink(PATH("file.txt"), RO, PATH("s")), __WASI_ERRNO_ROFS);
  EQ("path_filestat_set_times EROFS", w_path_filestat_set_times(RO, 0, PATH("file.txt"), 0, 0, __WASI_FSTFLAGS_MTIM_NOW), __WASI_ERRNO_ROFS);
  uint8_t st[64];
  OK("path_filestat_get works", w_path_filestat_get(RO, 0, PATH("sub/inner.txt"), P(st)));
  EQ("inner.txt size 6", ld64(st + 32), 6);
  char lb[16];
  uint32_t used;
  OK("path_readlink works", w_path_readlink(RO, PATH("link"), P(lb), 16, P(&used)));
  TRUE("link -> file.txt", used == 8 && memcmp(lb, "file.txt", 8) == 0);
  i32 sd;
  EQ("open a subdirectory asking for fd_write EROFS", wt_open(RO, "sub", __WASI_OFLAGS_DIRECTORY, R_ALL, 0, &sd), __WASI_ERRNO_ROFS);
  OK("open a subdirectory", wt_open(RO, "sub", __WASI_OFLAGS_DIRECTORY, R_DIR, 0, &sd));
  EQ("mutation through a subdirectory fd still EROFS", w_path_unlink_file(sd, PATH("inner.txt")), __WASI_ERRNO_ROFS);
  EQ("creat through a subdirectory fd EROFS", wt_open(sd, "x", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_READ, 0, &fd), __WASI_ERRNO_ROFS);
  w_fd_close(sd);
  EQ("fd_sync on the read-only preopen (no right)", w_fd_sync(RO), __WASI_ERRNO_NOTCAPABLE);
  return wt_done();
}
