// fd_prestat_get / fd_prestat_dir_name for compile-time and run-time grants,
// a third grant with a long guest name; close/renumber of preopens.
// flags: --dir-ro .::/a/guest/name/that/is/quite/long
#include "wt.h"

int main(void) {
  uint8_t pre[8];
  char name[64];
  OK("fd_prestat_get(3)", w_fd_prestat_get(RW, P(pre)));
  EQ("tag dir", pre[0], __WASI_PREOPENTYPE_DIR);
  EQ("name length of /sandbox", ld32(pre + 4), 8);
  memset(name, '#', sizeof name);
  OK("fd_prestat_dir_name(3)", w_fd_prestat_dir_name(RW, P(name), 8));
  TRUE("name /sandbox, no NUL", memcmp(name, "/sandbox#", 9) == 0);
  OK("fd_prestat_dir_name with a larger buffer", w_fd_prestat_dir_name(RW, P(name), 64));
  EQ("... writes only the name", name[8], '#');
  EQ("fd_prestat_dir_name short buffer ENAMETOOLONG", w_fd_prestat_dir_name(RW, P(name), 7), __WASI_ERRNO_NAMETOOLONG);
  EQ("fd_prestat_dir_name bad pointer EFAULT", w_fd_prestat_dir_name(RW, BAD, 8), __WASI_ERRNO_FAULT);
  EQ("fd_prestat_get bad pointer EFAULT", w_fd_prestat_get(RW, BAD), __WASI_ERRNO_FAULT);
  OK("fd_prestat_get(4) run-time grant", w_fd_prestat_get(RO, P(pre)));
  EQ("name length of /ro", ld32(pre + 4), 3);
  OK("fd_prestat_dir_name(4)", w_fd_prestat_dir_name(RO, P(name), 3));
  TRUE("name /ro", memcmp(name, "/ro", 3) == 0);
  OK("fd_prestat_get(5) third grant", w_fd_prestat_get(5, P(pre)));
  EQ("name length of the long name", ld32(pre + 4), 32);
  OK("fd_prestat_dir_name(5)", w_fd_prestat_dir_name(5, P(name), 32));
  TRUE("long name", memcmp(name, "/a/guest/name/that/is/quite/long", 32) == 0);
  EQ("fd_prestat_get(6) EBADF (end of preopens)", w_fd_prestat_get(6, P(pre)), __WASI_ERRNO_BADF);
  EQ("fd_prestat_dir_name(6) EBADF", w_fd_prestat_dir_name(6, P(name), 10), __WASI_ERRNO_BADF);
  EQ("fd_prestat_get(-1) EBADF", w_fd_prestat_get(-1, P(pre)), __WASI_ERRNO_BADF);
  EQ("fd_prestat_get(1) EBADF (stdout)", w_fd_prestat_get(1, P(pre)), __WASI_ERRNO_BADF);
  uint8_t fs[24];
  OK("fdstat of a preopen", w_fd_fdstat_get(RW, P(fs)));
  EQ("preopen is a directory", fs[0], __WASI_FILETYPE_DIRECTORY);
  TRUE("rw preopen has path_create_file", ld64(fs + 8) & __WASI_RIGHTS_PATH_CREATE_FILE);
  TRUE("rw preopen inheriting has fd_write", ld64(fs + 16) & __WASI_RIGHTS_FD_WRITE);
  OK("fdstat of the read-only preopen", w_fd_fdstat_get(RO, P(fs)));
  EQ("read-only preopen has no path_create_file", ld64(fs + 8) & __WASI_RIGHTS_PATH_CREATE_FILE, 0);
  EQ("read-only preopen inheriting has no fd_write", ld64(fs + 16) & __WASI_RIGHTS_FD_WRITE, 0);
  TRUE("read-only preopen can open and read", (ld64(fs + 8) & __WASI_RIGHTS_PATH_OPEN) && (ld64(fs + 16) & __WASI_RIGHTS_FD_READ));
  /* a directory opened by path_open is not a preopen */
  i32 d;
  wt_open(RW, ".", __WASI_OFLAGS_DIRECTORY, R_DIR, 0, &d);
  EQ("fd_prestat_get on a path_open'ed dir EBADF", w_fd_prestat_get(d, P(pre)), __WASI_ERRNO_BADF);
  /* renumbering a preopen moves its name */
  OK("fd_renumber(5 -> d)", w_fd_renumber(5, d));
  OK("fd_prestat_get(d) after renumber", w_fd_prestat_get(d, P(pre)));
  EQ("moved name length", ld32(pre + 4), 32);
  EQ("fd_prestat_get(5) now EBADF", w_fd_prestat_get(5, P(pre)), __WASI_ERRNO_BADF);
  OK("fd_close a preopen", w_fd_close(d));
  EQ("closed preopen EBADF", w_fd_prestat_get(d, P(pre)), __WASI_ERRNO_BADF);
  return wt_done();
}
