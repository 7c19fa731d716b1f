/*
 * wt.h — tiny self-checking harness for the WASI test programs (tests/wasi/,
 * tests/sandbox/).  Programs call the RAW wasi_snapshot_preview1 imports
 * declared below (pointers and lengths as plain i32, so bad ones can be
 * passed), check exact errno values and print TAP-like lines:
 *     ok N - description
 *     not ok N - description: got X, expected Y (line L)
 * run.sh turns every line into one PASS/FAIL case.  wt_done() exits 0 iff
 * every check passed.
 */
#ifndef WT_H
#define WT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

#define WASI_IMPORT(name) \
  __attribute__((import_module("wasi_snapshot_preview1"), import_name(#name)))
typedef int32_t i32;
typedef int64_t i64;

WASI_IMPORT(args_get) i32 w_args_get(i32 argv, i32 buf);
WASI_IMPORT(args_sizes_get) i32 w_args_sizes_get(i32 argc, i32 bufsize);
WASI_IMPORT(environ_get) i32 w_environ_get(i32 env, i32 buf);
WASI_IMPORT(environ_sizes_get) i32 w_environ_sizes_get(i32 count, i32 bufsize);
WASI_IMPORT(clock_res_get) i32 w_clock_res_get(i32 id, i32 res);
WASI_IMPORT(clock_time_get) i32 w_clock_time_get(i32 id, i64 precision, i32 time);
WASI_IMPORT(fd_advise) i32 w_fd_advise(i32 fd, i64 off, i64 len, i32 advice);
WASI_IMPORT(fd_allocate) i32 w_fd_allocate(i32 fd, i64 off, i64 len);
WASI_IMPORT(fd_close) i32 w_fd_close(i32 fd);
WASI_IMPORT(fd_datasync) i32 w_fd_datasync(i32 fd);
WASI_IMPORT(fd_fdstat_get) i32 w_fd_fdstat_get(i32 fd, i32 buf);
WASI_IMPORT(fd_fdstat_set_flags) i32 w_fd_fdstat_set_flags(i32 fd, i32 flags);
WASI_IMPORT(fd_fdstat_set_rights) i32 w_fd_fdstat_set_rights(i32 fd, i64 base, i64 inh);
WASI_IMPORT(fd_filestat_get) i32 w_fd_filestat_get(i32 fd, i32 buf);
WASI_IMPORT(fd_filestat_set_size) i32 w_fd_filestat_set_size(i32 fd, i64 size);
WASI_IMPORT(fd_filestat_set_times) i32 w_fd_filestat_set_times(i32 fd, i64 atim, i64 mtim, i32 fl);
WASI_IMPORT(fd_pread) i32 w_fd_pread(i32 fd, i32 iovs, i32 n, i64 off, i32 nread);
WASI_IMPORT(fd_prestat_get) i32 w_fd_prestat_get(i32 fd, i32 buf);
WASI_IMPORT(fd_prestat_dir_name) i32 w_fd_prestat_dir_name(i32 fd, i32 path, i32 len);
WASI_IMPORT(fd_pwrite) i32 w_fd_pwrite(i32 fd, i32 iovs, i32 n, i64 off, i32 nwritten);
WASI_IMPORT(fd_read) i32 w_fd_read(i32 fd, i32 iovs, i32 n, i32 nread);
WASI_IMPORT(fd_readdir) i32 w_fd_readdir(i32 fd, i32 buf, i32 len, i64 cookie, i32 used);
WASI_IMPORT(fd_renumber) i32 w_fd_renumber(i32 fd, i32 to);
WASI_IMPORT(fd_seek) i32 w_fd_seek(i32 fd, i64 off, i32 whence, i32 newoff);
WASI_IMPORT(fd_sync) i32 w_fd_sync(i32 fd);
WASI_IMPORT(fd_tell) i32 w_fd_tell(i32 fd, i32 off);
WASI_IMPORT(fd_write) i32 w_fd_write(i32 fd, i32 iovs, i32 n, i32 nwritten);
WASI_IMPORT(path_create_directory) i32 w_path_create_directory(i32 fd, i32 path, i32 len);
WASI_IMPORT(path_filestat_get) i32 w_path_filestat_get(i32 fd, i32 fl, i32 path, i32 len, i32 buf);
WASI_IMPORT(path_filestat_set_times)
i32 w_path_filestat_set_times(i32 fd, i32 fl, i32 path, i32 len, i64 atim, i64 mtim, i32 fst);
WASI_IMPORT(path_link)
i32 w_path_link(i32 ofd, i32 ofl, i32 op, i32 olen, i32 nfd, i32 np, i32 nlen);
WASI_IMPORT(path_open)
i32 w_path_open(i32 fd, i32 dirflags, i32 path, i32 len, i32 oflags, i64 base, i64 inh,
                i32 fdflags, i32 out);
WASI_IMPORT(path_readlink) i32 w_path_readlink(i32 fd, i32 path, i32 len, i32 buf, i32 blen, i32 used);
WASI_IMPORT(path_remove_directory) i32 w_path_remove_directory(i32 fd, i32 path, i32 len);
WASI_IMPORT(path_rename) i32 w_path_rename(i32 fd, i32 op, i32 olen, i32 nfd, i32 np, i32 nlen);
WASI_IMPORT(path_symlink) i32 w_path_symlink(i32 op, i32 olen, i32 fd, i32 np, i32 nlen);
WASI_IMPORT(path_unlink_file) i32 w_path_unlink_file(i32 fd, i32 path, i32 len);
WASI_IMPORT(poll_oneoff) i32 w_poll_oneoff(i32 in, i32 out, i32 n, i32 nevents);
WASI_IMPORT(proc_exit) _Noreturn void w_proc_exit(i32 code);
WASI_IMPORT(proc_raise) i32 w_proc_raise(i32 sig);
WASI_IMPORT(sched_yield) i32 w_sched_yield(void);
WASI_IMPORT(random_get) i32 w_random_get(i32 buf, i32 len);
WASI_IMPORT(sock_accept) i32 w_sock_accept(i32 fd, i32 flags, i32 out);
WASI_IMPORT(sock_recv) i32 w_sock_recv(i32 fd, i32 iovs, i32 n, i32 riflags, i32 len, i32 roflags);
WASI_IMPORT(sock_send) i32 w_sock_send(i32 fd, i32 iovs, i32 n, i32 siflags, i32 len);
WASI_IMPORT(sock_shutdown) i32 w_sock_shutdown(i32 fd, i32 how);

/* guest pointer as i32 */
#define P(x) ((i32)(uintptr_t)(x))
/* an address past the end of linear memory */
#define BAD ((i32)0xfffffff0u)
#define PATH(s) P(s), (i32)strlen(s)

/* preopens given by run.sh */
#define RW 3 /* /sandbox: a fresh read-write directory (compile-time grant) */
#define RO 4 /* /ro: a read-only fixture directory (run-time grant) */

/* all file rights, all directory rights (wasi-libc's values) */
#define R_ALL ((i64)0x1fffffff)
/* the same without fd_write, to open directories: fd_write asks for write
 * access, which a directory refuses with EISDIR (as Wasmtime) */
#define R_DIR (R_ALL & ~(i64)__WASI_RIGHTS_FD_WRITE)

static int wt_n, wt_failed;

static int wt_report(int ok, const char *desc, long long got, long long want, int line) {
  wt_n++;
  if (ok) {
    printf("ok %d - %s\n", wt_n, desc);
  } else {
    wt_failed++;
    printf("not ok %d - %s: got %lld, expected %lld (line %d)\n", wt_n, desc, got, want, line);
  }
  fflush(stdout);
  return ok;
}
/* errno check: EQ(desc, call, expected errno) */
#define EQ(desc, expr, want)                                                      \
  ({                                                                              \
    long long g_ = (long long)(expr), w_ = (long long)(want);                     \
    wt_report(g_ == w_, desc, g_, w_, __LINE__);                                  \
  })
#define OK(desc, expr) EQ(desc, expr, 0)
/* boolean check */
#define TRUE(desc, cond) wt_report((cond) != 0, desc, (long long)!!(cond), 1, __LINE__)

static int wt_done(void) {
  printf("# %d checks, %d failed\n", wt_n, wt_failed);
  fflush(stdout);
  return wt_failed ? 1 : 0;
}

/* ---- helpers ---- */
typedef struct { uint32_t buf, len; } wt_iov;
static inline uint16_t ld16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static inline uint32_t ld32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static inline uint64_t ld64(const uint8_t *p) { return ld32(p) | (uint64_t)ld32(p + 4) << 32; }

/* open path under dir with rights: returns errno, *fd */
static i32 wt_open(i32 dir, const char *path, i32 oflags, i64 rights, i32 fdflags, i32 *fd) {
  return w_path_open(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, PATH(path), oflags, rights, rights,
                     fdflags, P(fd));
}
static i32 wt_write_str(i32 fd, const char *s) {
  wt_iov v = {P(s), (uint32_t)strlen(s)};
  uint32_t n;
  i32 e = w_fd_write(fd, P(&v), 1, P(&n));
  return e ? e : (n == strlen(s) ? 0 : -1);
}
/* read up to cap-1 bytes into buf (NUL-terminated) */
static i32 wt_read_str(i32 fd, char *buf, uint32_t cap) {
  wt_iov v = {P(buf), cap - 1};
  uint32_t n = 0;
  i32 e = w_fd_read(fd, P(&v), 1, P(&n));
  buf[e ? 0 : n] = '\0';
  return e;
}
/* create file `path` under dir with content s */
static i32 wt_mkfile(i32 dir, const char *path, const char *s) {
  i32 fd;
  i32 e = wt_open(dir, path, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, R_ALL, 0, &fd);
  if (e)
    return e;
  e = wt_write_str(fd, s);
  w_fd_close(fd);
  return e;
}
static i32 wt_filetype(i32 dir, const char *path, i32 follow, uint8_t *type) {
  uint8_t st[64];
  i32 e = w_path_filestat_get(dir, follow ? 1 : 0, PATH(path), P(st));
  *type = e ? 0xff : st[16];
  return e;
}

#endif
