/*
 * test-posix-wasi.c — WASI preview1 functions called directly with a fake
 * instance whose memory 0 is a malloc'd buffer.  Prints one line per failure;
 * exit status 1 if any.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "px.h"
#include "px_internal.h"
#include "vfs.h"

static int failures;
#define CHECK(cond, ...)                                                                   \
  do {                                                                                     \
    if (!(cond)) {                                                                         \
      failures++;                                                                          \
      printf("FAIL %s:%d: ", __FILE__, __LINE__);                                          \
      printf(__VA_ARGS__);                                                                 \
      printf("\n");                                                                        \
    }                                                                                      \
  } while (0)
#define EQ(got, want) CHECK((long long)(got) == (long long)(want), "%s = %lld, want %lld", #got, \
                            (long long)(got), (long long)(want))

#define MEM_SIZE (4u * WASMC_PAGE_SIZE)
static uint8_t *M;
static wasmc_memory mem;
static wasmc_memory *mems[1];
static wasmc_instance inst_;
static wasmc_instance *I = &inst_;

/* Guest scratch layout */
enum { A_OUT = 0x100, A_OUT2 = 0x108, A_IOV = 0x200, A_PATH = 0x400, A_PATH2 = 0x600,
       A_BUF = 0x1000, A_BIG = 0x8000 };

static uint32_t put_str(uint32_t at, const char *s) {
  memcpy(M + at, s, strlen(s));
  return (uint32_t)strlen(s);
}
static uint32_t ld32(uint32_t at) { return px_ld32(M + at); }
static uint64_t ld64(uint32_t at) { return px_ld64(M + at); }
static void set_iov(uint32_t idx, uint32_t buf, uint32_t len) {
  px_st32(M + A_IOV + idx * 8, buf);
  px_st32(M + A_IOV + idx * 8 + 4, len);
}

static char tmp[PATH_MAX];

static int32_t p_open(int32_t dirfd, const char *path, uint32_t oflags, uint64_t rights,
                      uint32_t fdflags, int32_t *out) {
  uint32_t n = put_str(A_PATH, path);
  int32_t e = wasmc_wasi_path_open(I, dirfd, WASI_LOOKUP_SYMLINK_FOLLOW, A_PATH, (int32_t)n,
                                   (int32_t)oflags, (int64_t)rights, (int64_t)rights,
                                   (int32_t)fdflags, A_OUT);
  *out = e == 0 ? (int32_t)ld32(A_OUT) : -1;
  return e;
}

static int32_t p_simple(int32_t (*fn)(wasmc_instance *, int32_t, int32_t, int32_t), int32_t fd,
                        const char *path) {
  uint32_t n = put_str(A_PATH, path);
  return fn(I, fd, A_PATH, (int32_t)n);
}

static int32_t w_write(int32_t fd, const char *s) {
  uint32_t n = put_str(A_BUF, s);
  set_iov(0, A_BUF, n);
  return wasmc_wasi_fd_write(I, fd, A_IOV, 1, A_OUT);
}

static void test_args_env(void) {
  uint32_t n = 0;
  EQ(wasmc_wasi_args_sizes_get(I, A_OUT, A_OUT2), 0);
  EQ(ld32(A_OUT), 3);
  EQ(ld32(A_OUT2), strlen("prog") + strlen("one") + strlen("two words") + 3);
  EQ(wasmc_wasi_args_get(I, A_BUF, A_BIG), 0);
  CHECK(strcmp((char *)M + ld32(A_BUF), "prog") == 0, "argv[0]");
  CHECK(strcmp((char *)M + ld32(A_BUF + 8), "two words") == 0, "argv[2]");
  EQ(wasmc_wasi_args_get(I, MEM_SIZE - 4, A_BIG), WASI_EFAULT);
  EQ(wasmc_wasi_args_get(I, A_BUF, MEM_SIZE - 3), WASI_EFAULT);
  EQ(wasmc_wasi_args_sizes_get(I, MEM_SIZE, A_OUT2), WASI_EFAULT);

  EQ(wasmc_wasi_environ_sizes_get(I, A_OUT, A_OUT2), 0);
  n = ld32(A_OUT);
  EQ(n, 3);
  EQ(wasmc_wasi_environ_get(I, A_BUF, A_BIG), 0);
  const char *want[] = {"A=1", "B=over", "C=3"};
  for (uint32_t i = 0; i < n && i < 3; i++)
    CHECK(strcmp((char *)M + ld32(A_BUF + 4 * i), want[i]) == 0, "environ[%u] = %s", i,
          (char *)M + ld32(A_BUF + 4 * i));
  EQ(px_stack_size_override(), 1024 * 1024);
}

static void test_prestat(void) {
  EQ(wasmc_wasi_fd_prestat_get(I, 3, A_OUT), 0);
  EQ(M[A_OUT], WASI_PREOPENTYPE_DIR);
  EQ(ld32(A_OUT + 4), strlen("/sandbox"));
  memset(M + A_BUF, 0, 32);
  EQ(wasmc_wasi_fd_prestat_dir_name(I, 3, A_BUF, 8), 0);
  CHECK(memcmp(M + A_BUF, "/sandbox", 8) == 0, "prestat name");
  EQ(wasmc_wasi_fd_prestat_dir_name(I, 3, A_BUF, 3), WASI_ENAMETOOLONG);
  EQ(wasmc_wasi_fd_prestat_dir_name(I, 3, MEM_SIZE - 2, 8), WASI_EFAULT);
  EQ(wasmc_wasi_fd_prestat_get(I, 4, A_OUT), 0);
  EQ(ld32(A_OUT + 4), 2); /* "ro" */
  EQ(wasmc_wasi_fd_prestat_get(I, 1, A_OUT), WASI_EBADF);
  EQ(wasmc_wasi_fd_prestat_get(I, 99, A_OUT), WASI_EBADF);
  EQ(wasmc_wasi_fd_prestat_get(I, -1, A_OUT), WASI_EBADF);
  EQ(wasmc_wasi_fd_prestat_get(I, 3, MEM_SIZE - 4), WASI_EFAULT);
}

static void test_pipe(void) {
  int p[2];
  if (pipe(p) != 0)
    return;
  vfs_obj *ro, *wo;
  uint32_t rfd, wfd;
  EQ(vfs_host_wrap_fd(p[0], &ro), 0);
  EQ(vfs_host_wrap_fd(p[1], &wo), 0);
  EQ(vfs_fd_install(ro, px_rights_for_type(ro->filetype), 0, &rfd), 0);
  EQ(vfs_fd_install(wo, px_rights_for_type(wo->filetype), 0, &wfd), 0);
  put_str(A_BUF, "hello");
  put_str(A_BUF + 16, " world");
  set_iov(0, A_BUF, 5);
  set_iov(1, A_BUF + 16, 6);
  EQ(wasmc_wasi_fd_write(I, (int32_t)wfd, A_IOV, 2, A_OUT), 0);
  EQ(ld32(A_OUT), 11);
  /* fd_read readiness via poll_oneoff, with a clock that must not fire */
  uint8_t *s = M + A_BIG;
  memset(s, 0, 2 * WASI_SUBSCRIPTION_SIZE);
  px_st64(s, 42);
  s[8] = WASI_EVENTTYPE_FD_READ;
  px_st32(s + 16, rfd);
  px_st64(s + 48, 43);
  s[48 + 8] = WASI_EVENTTYPE_CLOCK;
  px_st32(s + 48 + 16, WASI_CLOCK_MONOTONIC);
  px_st64(s + 48 + 24, UINT64_C(5000000000));
  EQ(wasmc_wasi_poll_oneoff(I, A_BIG, A_BIG + 0x400, 2, A_OUT2), 0);
  EQ(ld32(A_OUT2), 1);
  EQ(ld64(A_BIG + 0x400), 42);
  EQ(px_ld16(M + A_BIG + 0x400 + 8), 0);
  EQ(M[A_BIG + 0x400 + 10], WASI_EVENTTYPE_FD_READ);
  EQ(ld64(A_BIG + 0x400 + 16), 11);

  memset(M + A_BUF, 0, 32);
  set_iov(0, A_BUF, 3);
  set_iov(1, A_BUF + 3, 20);
  EQ(wasmc_wasi_fd_read(I, (int32_t)rfd, A_IOV, 2, A_OUT), 0);
  EQ(ld32(A_OUT), 11);
  CHECK(memcmp(M + A_BUF, "hello world", 11) == 0, "pipe data");
  /* pipes don't seek; fdstat says no seek/tell */
  EQ(wasmc_wasi_fd_seek(I, (int32_t)rfd, 0, WASI_WHENCE_SET, A_OUT), WASI_ENOTCAPABLE);
  EQ(wasmc_wasi_fd_fdstat_get(I, (int32_t)wfd, A_BUF), 0);
  EQ(ld64(A_BUF + 8) & WASI_RIGHT_FD_SEEK, 0);
  /* EFAULT: iovec array, iovec buffer, result pointer */
  EQ(wasmc_wasi_fd_write(I, (int32_t)wfd, MEM_SIZE - 4, 1, A_OUT), WASI_EFAULT);
  set_iov(0, MEM_SIZE - 2, 4);
  EQ(wasmc_wasi_fd_write(I, (int32_t)wfd, A_IOV, 1, A_OUT), WASI_EFAULT);
  set_iov(0, A_BUF, 1);
  EQ(wasmc_wasi_fd_write(I, (int32_t)wfd, A_IOV, 1, MEM_SIZE - 2), WASI_EFAULT);
  EQ(wasmc_wasi_fd_write(I, (int32_t)wfd, A_IOV, 0x7fffffff, A_OUT), WASI_EFAULT);
  set_iov(0, 0xfffffff0u, 0x20);
  EQ(wasmc_wasi_fd_read(I, (int32_t)rfd, A_IOV, 1, A_OUT), WASI_EFAULT);
  /* sockets ops on a pipe */
  EQ(wasmc_wasi_sock_shutdown(I, (int32_t)rfd, WASI_SDFLAG_RD), WASI_ENOTSOCK);
  EQ(wasmc_wasi_sock_shutdown(I, 77, WASI_SDFLAG_RD), WASI_EBADF);
  /* closing the write end: reader sees EOF and a hangup */
  EQ(wasmc_wasi_fd_close(I, (int32_t)wfd), 0);
  EQ(wasmc_wasi_fd_close(I, (int32_t)wfd), WASI_EBADF);
  EQ(wasmc_wasi_fd_read(I, (int32_t)rfd, A_IOV, 1, A_OUT), WASI_EFAULT); /* iov still bad */
  set_iov(0, A_BUF, 8);
  EQ(wasmc_wasi_fd_read(I, (int32_t)rfd, A_IOV, 1, A_OUT), 0);
  EQ(ld32(A_OUT), 0);
  EQ(wasmc_wasi_fd_close(I, (int32_t)rfd), 0);
}

static void test_socket(void) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
    return;
  vfs_obj *a, *b;
  uint32_t fa, fb;
  EQ(vfs_host_wrap_fd(sv[0], &a), 0);
  EQ(vfs_host_wrap_fd(sv[1], &b), 0);
  EQ(a->filetype, WASI_FILETYPE_SOCKET_STREAM);
  EQ(vfs_fd_install(a, px_rights_for_type(a->filetype), 0, &fa), 0);
  EQ(vfs_fd_install(b, px_rights_for_type(b->filetype), 0, &fb), 0);
  put_str(A_BUF, "ping");
  set_iov(0, A_BUF, 4);
  EQ(wasmc_wasi_sock_send(I, (int32_t)fa, A_IOV, 1, 0, A_OUT), 0);
  EQ(ld32(A_OUT), 4);
  memset(M + A_BUF, 0, 8);
  EQ(wasmc_wasi_sock_recv(I, (int32_t)fb, A_IOV, 1, WASI_RIFLAG_RECV_PEEK, A_OUT, A_OUT2), 0);
  EQ(ld32(A_OUT), 4);
  EQ(wasmc_wasi_sock_recv(I, (int32_t)fb, A_IOV, 1, 0, A_OUT, A_OUT2), 0);
  CHECK(memcmp(M + A_BUF, "ping", 4) == 0, "socket data");
  EQ(wasmc_wasi_sock_shutdown(I, (int32_t)fa, WASI_SDFLAG_WR), 0);
  EQ(wasmc_wasi_sock_recv(I, (int32_t)fb, A_IOV, 1, 0, A_OUT, A_OUT2), 0);
  EQ(ld32(A_OUT), 0);
  EQ(wasmc_wasi_sock_shutdown(I, (int32_t)fa, 0), WASI_EINVAL);
  EQ(wasmc_wasi_sock_accept(I, (int32_t)fa, 0, A_OUT), WASI_EINVAL); /* not listening */
  EQ(wasmc_wasi_fd_close(I, (int32_t)fa), 0);
  EQ(wasmc_wasi_fd_close(I, (int32_t)fb), 0);
}

static const char *dirent_name(uint32_t at, uint32_t *namlen) {
  *namlen = ld32(at + 16);
  return (const char *)M + at + WASI_DIRENT_SIZE;
}

static void test_files(void) {
  int32_t fd, dfd;
  uint64_t rw = WASI_RIGHTS_FILE;
  EQ(p_open(3, "f.txt", WASI_O_CREAT | WASI_O_EXCL, rw, 0, &fd), 0);
  EQ(p_open(3, "f.txt", WASI_O_CREAT | WASI_O_EXCL, rw, 0, &dfd), WASI_EEXIST);
  EQ(w_write(fd, "abcdef"), 0);
  EQ(ld32(A_OUT), 6);
  EQ(wasmc_wasi_fd_tell(I, fd, A_OUT), 0);
  EQ(ld64(A_OUT), 6);
  EQ(wasmc_wasi_fd_seek(I, fd, 1, WASI_WHENCE_SET, A_OUT), 0);
  EQ(ld64(A_OUT), 1);
  set_iov(0, A_BUF, 3);
  EQ(wasmc_wasi_fd_read(I, fd, A_IOV, 1, A_OUT), 0);
  EQ(ld32(A_OUT), 3);
  CHECK(memcmp(M + A_BUF, "bcd", 3) == 0, "read after seek");
  EQ(wasmc_wasi_fd_seek(I, fd, -2, WASI_WHENCE_END, A_OUT), 0);
  EQ(ld64(A_OUT), 4);
  EQ(wasmc_wasi_fd_seek(I, fd, -100, WASI_WHENCE_CUR, A_OUT), WASI_EINVAL);
  EQ(wasmc_wasi_fd_seek(I, fd, 0, 7, A_OUT), WASI_EINVAL);
  EQ(wasmc_wasi_fd_seek(I, fd, 0, WASI_WHENCE_SET, MEM_SIZE - 7), WASI_EFAULT);
  /* pread/pwrite don't move the offset */
  put_str(A_BUF, "XY");
  set_iov(0, A_BUF, 2);
  EQ(wasmc_wasi_fd_pwrite(I, fd, A_IOV, 1, 0, A_OUT), 0);
  set_iov(0, A_BUF + 8, 6);
  EQ(wasmc_wasi_fd_pread(I, fd, A_IOV, 1, 0, A_OUT), 0);
  EQ(ld32(A_OUT), 6);
  CHECK(memcmp(M + A_BUF + 8, "XYcdef", 6) == 0, "pread");
  EQ(wasmc_wasi_fd_pread(I, fd, A_IOV, 1, -1, A_OUT), WASI_EINVAL);
  EQ(wasmc_wasi_fd_tell(I, fd, A_OUT), 0);
  EQ(ld64(A_OUT), 4);
  /* fdstat / filestat */
  EQ(wasmc_wasi_fd_fdstat_get(I, fd, A_BUF), 0);
  EQ(M[A_BUF], WASI_FILETYPE_REGULAR_FILE);
  CHECK((ld64(A_BUF + 8) & WASI_RIGHT_FD_WRITE) != 0, "file has fd_write");
  EQ(wasmc_wasi_fd_filestat_get(I, fd, A_BUF), 0);
  EQ(M[A_BUF + 16], WASI_FILETYPE_REGULAR_FILE);
  EQ(ld64(A_BUF + 32), 6);
  EQ(ld64(A_BUF + 24), 1);
  EQ(wasmc_wasi_fd_filestat_set_size(I, fd, 2), 0);
  EQ(wasmc_wasi_fd_filestat_get(I, fd, A_BUF), 0);
  EQ(ld64(A_BUF + 32), 2);
  EQ(wasmc_wasi_fd_filestat_get(I, fd, MEM_SIZE - 63), WASI_EFAULT);
  EQ(wasmc_wasi_fd_filestat_set_times(I, fd, 1000000000, 2000000000,
                                      WASI_FSTFLAG_ATIM | WASI_FSTFLAG_MTIM), 0);
  EQ(wasmc_wasi_fd_filestat_get(I, fd, A_BUF), 0);
  EQ(ld64(A_BUF + 48), 2000000000);
  EQ(wasmc_wasi_fd_filestat_set_times(I, fd, 0, 0, WASI_FSTFLAG_ATIM | WASI_FSTFLAG_ATIM_NOW),
     WASI_EINVAL);
  EQ(wasmc_wasi_fd_sync(I, fd), 0);
  EQ(wasmc_wasi_fd_datasync(I, fd), 0);
  EQ(wasmc_wasi_fd_advise(I, fd, 0, 0, WASI_ADVICE_SEQUENTIAL), 0);
  EQ(wasmc_wasi_fd_advise(I, fd, 0, 0, 9), WASI_EINVAL);
  int32_t ae = wasmc_wasi_fd_allocate(I, fd, 0, 100);
  CHECK(ae == 0 || ae == WASI_ENOTSUP, "fd_allocate: %d", ae);
  /* fdflags */
  EQ(wasmc_wasi_fd_fdstat_set_flags(I, fd, WASI_FDFLAG_APPEND), 0);
  EQ(wasmc_wasi_fd_fdstat_get(I, fd, A_BUF), 0);
  EQ(px_ld16(M + A_BUF + 2), WASI_FDFLAG_APPEND);
  EQ(wasmc_wasi_fd_fdstat_set_flags(I, fd, WASI_FDFLAG_SYNC), WASI_ENOTSUP);
  /* rights only shrink */
  EQ(wasmc_wasi_fd_fdstat_set_rights(I, fd, (int64_t)(rw & ~WASI_RIGHT_FD_WRITE), 0), 0);
  EQ(w_write(fd, "zz"), WASI_ENOTCAPABLE);
  EQ(wasmc_wasi_fd_fdstat_set_rights(I, fd, (int64_t)rw, 0), WASI_ENOTCAPABLE);
  /* renumber */
  int32_t fd2;
  EQ(p_open(3, "f.txt", 0, WASI_RIGHT_FD_READ, 0, &fd2), 0);
  EQ(wasmc_wasi_fd_renumber(I, fd2, fd), 0);
  EQ(wasmc_wasi_fd_fdstat_get(I, fd2, A_BUF), WASI_EBADF);
  EQ(wasmc_wasi_fd_fdstat_get(I, fd, A_BUF), 0);
  EQ(ld64(A_BUF + 8), WASI_RIGHT_FD_READ);
  EQ(wasmc_wasi_fd_renumber(I, fd, 1234), WASI_EBADF);
  EQ(wasmc_wasi_fd_close(I, fd), 0);

  /* directories */
  EQ(p_simple(wasmc_wasi_path_create_directory, 3, "d"), 0);
  EQ(p_simple(wasmc_wasi_path_create_directory, 3, "d"), WASI_EEXIST);
  EQ(p_simple(wasmc_wasi_path_create_directory, 3, "d/e/"), 0);
  EQ(p_open(3, "d/x1", WASI_O_CREAT, rw, 0, &fd), 0);
  EQ(wasmc_wasi_fd_close(I, fd), 0);
  EQ(p_simple(wasmc_wasi_path_create_directory, 3, "../escape"), WASI_ENOTCAPABLE);
  EQ(p_simple(wasmc_wasi_path_create_directory, 3, "/abs"), WASI_ENOTCAPABLE);
  EQ(p_open(3, "f.txt", WASI_O_DIRECTORY, WASI_RIGHTS_DIR, 0, &fd), WASI_ENOTDIR);
  EQ(p_open(3, "f.txt/x", 0, rw, 0, &fd), WASI_ENOTDIR);
  EQ(p_open(3, "nope", 0, rw, 0, &fd), WASI_ENOENT);
  /* `directory` with fd_write asked for: EISDIR, as Wasmtime (write access
   * to a directory); ENOTDIR on a file, ENOENT on nothing */
  EQ(p_open(3, "d", WASI_O_DIRECTORY, WASI_RIGHTS_DIR | WASI_RIGHTS_FILE, 0, &dfd), WASI_EISDIR);
  EQ(p_open(3, "d", WASI_O_DIRECTORY, WASI_RIGHT_FD_WRITE, 0, &dfd), WASI_EISDIR);
  EQ(p_open(3, "f.txt", WASI_O_DIRECTORY, WASI_RIGHT_FD_WRITE, 0, &dfd), WASI_ENOTDIR);
  EQ(p_open(3, "nope", WASI_O_DIRECTORY, WASI_RIGHT_FD_WRITE, 0, &dfd), WASI_ENOENT);
  /* `directory` with creat/excl/trunc: EINVAL before anything (Wasmtime) */
  EQ(p_open(3, "d", WASI_O_DIRECTORY | WASI_O_TRUNC, WASI_RIGHTS_DIR, 0, &dfd), WASI_EINVAL);
  EQ(p_open(3, "d", WASI_O_DIRECTORY | WASI_O_EXCL, WASI_RIGHTS_DIR, 0, &dfd), WASI_EINVAL);
  /* without `directory`: open(2)'s EISDIR for write access, O_TRUNC, O_CREAT */
  EQ(p_open(3, "d", 0, rw, 0, &dfd), WASI_EISDIR);
  EQ(p_open(3, "d", WASI_O_TRUNC, WASI_RIGHT_FD_READ, 0, &dfd), WASI_EISDIR);
  EQ(p_open(3, "d", WASI_O_CREAT, WASI_RIGHT_FD_READ, 0, &dfd), WASI_EISDIR);
  /* trailing '/' with creat: EISDIR, whatever is there */
  EQ(p_open(3, "nope/", WASI_O_CREAT, rw, 0, &dfd), WASI_EISDIR);
  EQ(p_open(3, "f.txt/", WASI_O_CREAT, rw, 0, &dfd), WASI_EISDIR);
  EQ(p_open(3, "d", WASI_O_DIRECTORY, (WASI_RIGHTS_DIR | WASI_RIGHTS_FILE) & ~WASI_RIGHT_FD_WRITE,
            0, &dfd), 0);
  EQ(wasmc_wasi_fd_fdstat_get(I, dfd, A_BUF), 0);
  EQ(M[A_BUF], WASI_FILETYPE_DIRECTORY);
  EQ(ld64(A_BUF + 8) & WASI_RIGHT_FD_WRITE, 0);
  EQ(w_write(dfd, "x"), WASI_ENOTCAPABLE);

  /* readdir: ".", "..", "e", "x1"; then one entry per call via cookies */
  EQ(wasmc_wasi_fd_readdir(I, dfd, A_BIG, 4096, 0, A_OUT), 0);
  uint32_t used = ld32(A_OUT), off = 0, count = 0, seen = 0;
  while (off + WASI_DIRENT_SIZE <= used) {
    uint32_t nl;
    const char *nm = dirent_name(A_BIG + off, &nl);
    if (nl == 1 && nm[0] == '.')
      seen |= 1;
    else if (nl == 2 && memcmp(nm, "..", 2) == 0)
      seen |= 2;
    else if (nl == 1 && nm[0] == 'e')
      { seen |= 4; CHECK(M[A_BIG + off + 20] == WASI_FILETYPE_DIRECTORY, "e type"); }
    else if (nl == 2 && memcmp(nm, "x1", 2) == 0)
      { seen |= 8; CHECK(M[A_BIG + off + 20] == WASI_FILETYPE_REGULAR_FILE, "x1 type"); }
    off += WASI_DIRENT_SIZE + nl;
    count++;
  }
  EQ(count, 4);
  EQ(seen, 15);
  CHECK(used < 4096, "readdir used %u", used);
  /* tiny buffer: truncated entry, used == buf_len; walk with cookies */
  uint64_t cookie = 0;
  uint32_t seen2 = 0, calls = 0;
  for (;;) {
    EQ(wasmc_wasi_fd_readdir(I, dfd, A_BIG, WASI_DIRENT_SIZE + 2, (int64_t)cookie, A_OUT), 0);
    used = ld32(A_OUT);
    if (used == 0 || ++calls > 10)
      break;
    uint32_t nl;
    const char *nm = dirent_name(A_BIG, &nl);
    if (used < WASI_DIRENT_SIZE + nl) {
      CHECK(used == WASI_DIRENT_SIZE + 2, "truncated entry must fill the buffer");
    }
    if (nl == 1 && nm[0] == '.')
      seen2 |= 1;
    else if (nl == 2 && nm[0] == '.' && nm[1] == '.')
      seen2 |= 2;
    else if (nl == 1 && nm[0] == 'e')
      seen2 |= 4;
    else if (nl == 2 && memcmp(nm, "x1", 2) == 0)
      seen2 |= 8;
    cookie = ld64(A_BIG);
  }
  EQ(seen2, 15);
  EQ(calls, 4);
  /* a cookie taken from the first pass restarts at the same place */
  EQ(wasmc_wasi_fd_readdir(I, dfd, A_BIG, 4096, 2, A_OUT), 0);
  EQ(ld32(A_OUT) > 0, 1);
  EQ(wasmc_wasi_fd_readdir(I, dfd, A_BIG, 4096, 100, A_OUT), 0);
  EQ(ld32(A_OUT), 0);
  EQ(wasmc_wasi_fd_readdir(I, dfd, MEM_SIZE - 10, 4096, 0, A_OUT), WASI_EFAULT);
  /* relative to the sub-directory fd */
  EQ(p_open(dfd, "x1", 0, rw, 0, &fd), 0);
  EQ(wasmc_wasi_fd_readdir(I, fd, A_BIG, 4096, 0, A_OUT), WASI_ENOTCAPABLE);
  EQ(p_simple(wasmc_wasi_path_create_directory, fd, "zz"), WASI_ENOTCAPABLE);
  EQ(wasmc_wasi_fd_close(I, fd), 0);
  EQ(p_open(dfd, "../f.txt", 0, rw, 0, &fd), WASI_ENOTCAPABLE);

  /* filestat by path, rename, unlink, rmdir */
  uint32_t n = put_str(A_PATH, "d/x1");
  EQ(wasmc_wasi_path_filestat_get(I, 3, 0, A_PATH, (int32_t)n, A_BUF), 0);
  EQ(M[A_BUF + 16], WASI_FILETYPE_REGULAR_FILE);
  EQ(wasmc_wasi_path_filestat_get(I, 3, 0, A_PATH, (int32_t)n, MEM_SIZE), WASI_EFAULT);
  EQ(wasmc_wasi_path_filestat_get(I, 3, 0, MEM_SIZE - 2, 4, A_BUF), WASI_EFAULT);
  n = put_str(A_PATH, "d/x1");
  uint32_t n2 = put_str(A_PATH2, "f2.txt");
  EQ(wasmc_wasi_path_rename(I, 3, A_PATH, (int32_t)n, 3, A_PATH2, (int32_t)n2), 0);
  EQ(wasmc_wasi_path_filestat_get(I, 3, 0, A_PATH, (int32_t)n, A_BUF), WASI_ENOENT);
  EQ(wasmc_wasi_path_filestat_get(I, 3, 0, A_PATH2, (int32_t)n2, A_BUF), 0);
  n2 = put_str(A_PATH2, "../f3");
  EQ(wasmc_wasi_path_rename(I, 3, A_PATH, (int32_t)n, 3, A_PATH2, (int32_t)n2),
     WASI_ENOTCAPABLE);
  /* link + symlink + readlink */
  n = put_str(A_PATH, "f2.txt");
  n2 = put_str(A_PATH2, "hard");
  EQ(wasmc_wasi_path_link(I, 3, 0, A_PATH, (int32_t)n, 3, A_PATH2, (int32_t)n2), 0);
  EQ(wasmc_wasi_path_filestat_get(I, 3, 0, A_PATH, (int32_t)n, A_BUF), 0);
  EQ(ld64(A_BUF + 24), 2);
  n2 = put_str(A_PATH2, "sym");
  EQ(wasmc_wasi_path_symlink(I, A_PATH, (int32_t)n, 3, A_PATH2, (int32_t)n2), 0);
  EQ(wasmc_wasi_path_filestat_get(I, 3, 0, A_PATH2, (int32_t)n2, A_BUF), 0);
  EQ(M[A_BUF + 16], WASI_FILETYPE_SYMBOLIC_LINK);
  EQ(wasmc_wasi_path_filestat_get(I, 3, WASI_LOOKUP_SYMLINK_FOLLOW, A_PATH2, (int32_t)n2, A_BUF),
     0);
  EQ(M[A_BUF + 16], WASI_FILETYPE_REGULAR_FILE);
  EQ(wasmc_wasi_path_readlink(I, 3, A_PATH2, (int32_t)n2, A_BUF, 64, A_OUT), 0);
  EQ(ld32(A_OUT), 6);
  CHECK(memcmp(M + A_BUF, "f2.txt", 6) == 0, "readlink");
  EQ(wasmc_wasi_path_readlink(I, 3, A_PATH2, (int32_t)n2, A_BUF, 3, A_OUT), 0);
  EQ(ld32(A_OUT), 3);
  EQ(wasmc_wasi_path_readlink(I, 3, A_PATH, (int32_t)n, A_BUF, 64, A_OUT), WASI_EINVAL);
  n = put_str(A_PATH, "/etc/passwd");
  n2 = put_str(A_PATH2, "evil");
  EQ(wasmc_wasi_path_symlink(I, A_PATH, (int32_t)n, 3, A_PATH2, (int32_t)n2), WASI_ENOTCAPABLE);
  n = put_str(A_PATH, "../../../../etc/passwd");
  EQ(wasmc_wasi_path_symlink(I, A_PATH, (int32_t)n, 3, A_PATH2, (int32_t)n2), 0);
  EQ(p_open(3, "evil", 0, rw, 0, &fd), WASI_ENOTCAPABLE);
  EQ(p_simple(wasmc_wasi_path_unlink_file, 3, "evil"), 0);
  /* nofollow open of a symlink */
  n = put_str(A_PATH, "sym");
  EQ(wasmc_wasi_path_open(I, 3, 0, A_PATH, (int32_t)n, 0, (int64_t)rw, 0, 0, A_OUT), WASI_ELOOP);
  /* unlink / rmdir */
  EQ(p_simple(wasmc_wasi_path_unlink_file, 3, "sym"), 0);
  EQ(p_simple(wasmc_wasi_path_unlink_file, 3, "hard"), 0);
  EQ(p_simple(wasmc_wasi_path_unlink_file, 3, "hard"), WASI_ENOENT);
  EQ(p_simple(wasmc_wasi_path_unlink_file, 3, "d"), WASI_EISDIR);
  EQ(p_simple(wasmc_wasi_path_unlink_file, 3, "f2.txt/"), WASI_ENOTDIR);
  EQ(p_simple(wasmc_wasi_path_remove_directory, 3, "d"), WASI_ENOTEMPTY);
  EQ(p_simple(wasmc_wasi_path_remove_directory, 3, "f2.txt"), WASI_ENOTDIR);
  EQ(p_simple(wasmc_wasi_path_remove_directory, 3, "d/e/"), 0);
  EQ(p_simple(wasmc_wasi_path_remove_directory, 3, "d"), 0);
  EQ(p_simple(wasmc_wasi_path_remove_directory, 3, ".."), WASI_ENOTCAPABLE);
  EQ(wasmc_wasi_fd_close(I, dfd), 0);
  /* times by path */
  n = put_str(A_PATH, "f2.txt");
  EQ(wasmc_wasi_path_filestat_set_times(I, 3, 0, A_PATH, (int32_t)n, 0, 5000000000,
                                        WASI_FSTFLAG_MTIM), 0);
  EQ(wasmc_wasi_path_filestat_get(I, 3, 0, A_PATH, (int32_t)n, A_BUF), 0);
  EQ(ld64(A_BUF + 48), 5000000000);
  /* path_* on non-directories and bad fds; paths with NUL; out-of-range */
  EQ(p_open(3, "f2.txt", 0, rw, 0, &fd), 0);
  EQ(p_simple(wasmc_wasi_path_create_directory, fd, "x"), WASI_ENOTCAPABLE);
  EQ(p_simple(wasmc_wasi_path_create_directory, 55, "x"), WASI_EBADF);
  EQ(p_simple(wasmc_wasi_path_create_directory, 1, "x"), WASI_ENOTCAPABLE);
  memcpy(M + A_PATH, "a\0b", 3);
  EQ(wasmc_wasi_path_create_directory(I, 3, A_PATH, 3), WASI_EILSEQ);
  EQ(wasmc_wasi_path_create_directory(I, 3, MEM_SIZE - 1, 2), WASI_EFAULT);
  EQ(wasmc_wasi_path_create_directory(I, 3, -1, 2), WASI_EFAULT);
  EQ(wasmc_wasi_path_create_directory(I, 3, A_PATH, 0), WASI_ENOENT);
  EQ(wasmc_wasi_path_open(I, 3, 0, A_PATH, 1, 0, (int64_t)rw, 0, 0, MEM_SIZE - 3), WASI_EFAULT);
  EQ(wasmc_wasi_fd_close(I, fd), 0);
  EQ(p_simple(wasmc_wasi_path_unlink_file, 3, "f.txt"), 0);
  EQ(p_simple(wasmc_wasi_path_unlink_file, 3, "f2.txt"), 0);
}

static void test_readonly(void) {
  int32_t fd;
  EQ(p_open(4, "new", WASI_O_CREAT, WASI_RIGHTS_FILE, 0, &fd), WASI_EROFS);
  EQ(p_simple(wasmc_wasi_path_create_directory, 4, "dir"), WASI_EROFS);
  EQ(p_simple(wasmc_wasi_path_unlink_file, 4, "existing"), WASI_EROFS);
  EQ(p_open(4, "existing", 0, WASI_RIGHTS_FILE, 0, &fd), WASI_EROFS);
  EQ(p_open(4, "existing", 0, WASI_RIGHT_FD_READ | WASI_RIGHT_FD_SEEK, 0, &fd), 0);
  set_iov(0, A_BUF, 16);
  EQ(wasmc_wasi_fd_read(I, fd, A_IOV, 1, A_OUT), 0);
  EQ(ld32(A_OUT), 5);
  EQ(w_write(fd, "x"), WASI_EROFS);
  EQ(wasmc_wasi_fd_filestat_set_size(I, fd, 0), WASI_EROFS);
  EQ(wasmc_wasi_fd_fdstat_get(I, 4, A_BUF), 0);
  EQ(ld64(A_BUF + 8) & WASI_RIGHT_PATH_CREATE_FILE, 0);
  EQ(wasmc_wasi_fd_close(I, fd), 0);
  /* write access to a directory through a read-only grant: EROFS comes first
   * (Wasmtime checks its read-only permission, EPERM, before opening) */
  EQ(p_open(4, ".", WASI_O_DIRECTORY, WASI_RIGHT_FD_READDIR | WASI_RIGHT_FD_WRITE, 0, &fd),
     WASI_EROFS);
  EQ(p_open(4, ".", WASI_O_DIRECTORY, WASI_RIGHT_FD_READDIR, 0, &fd), 0);
  EQ(wasmc_wasi_fd_close(I, fd), 0);
}

static void test_clock_random_misc(void) {
  EQ(wasmc_wasi_clock_time_get(I, WASI_CLOCK_MONOTONIC, 1, A_OUT), 0);
  uint64_t t1 = ld64(A_OUT);
  EQ(wasmc_wasi_clock_time_get(I, WASI_CLOCK_MONOTONIC, 1, A_OUT), 0);
  CHECK(ld64(A_OUT) >= t1, "monotonic");
  EQ(wasmc_wasi_clock_time_get(I, WASI_CLOCK_REALTIME, 1, A_OUT), 0);
  CHECK(ld64(A_OUT) > UINT64_C(1600000000000000000), "realtime");
  EQ(wasmc_wasi_clock_time_get(I, WASI_CLOCK_PROCESS_CPUTIME_ID, 1, A_OUT), 0);
  EQ(wasmc_wasi_clock_time_get(I, WASI_CLOCK_THREAD_CPUTIME_ID, 1, A_OUT), 0);
  EQ(wasmc_wasi_clock_time_get(I, 4, 1, A_OUT), WASI_EINVAL);
  EQ(wasmc_wasi_clock_time_get(I, WASI_CLOCK_MONOTONIC, 1, MEM_SIZE - 4), WASI_EFAULT);
  EQ(wasmc_wasi_clock_res_get(I, WASI_CLOCK_MONOTONIC, A_OUT), 0);
  CHECK(ld64(A_OUT) > 0, "resolution");
  memset(M + A_BUF, 0, 64);
  EQ(wasmc_wasi_random_get(I, A_BUF, 64), 0);
  int nz = 0;
  for (int i = 0; i < 64; i++)
    nz += M[A_BUF + i] != 0;
  CHECK(nz > 8, "random_get looks random");
  EQ(wasmc_wasi_random_get(I, MEM_SIZE - 10, 11), WASI_EFAULT);
  EQ(wasmc_wasi_random_get(I, 0, 0), 0);
  EQ(wasmc_wasi_proc_raise(I, 2), WASI_ENOSYS);
  EQ(wasmc_wasi_sched_yield(I), 0);

  /* poll_oneoff: a relative 20 ms clock, an absolute one in the past */
  uint8_t *s = M + A_BIG;
  memset(s, 0, WASI_SUBSCRIPTION_SIZE * 2);
  px_st64(s, 7);
  s[8] = WASI_EVENTTYPE_CLOCK;
  px_st32(s + 16, WASI_CLOCK_MONOTONIC);
  px_st64(s + 24, 20000000);
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  EQ(wasmc_wasi_poll_oneoff(I, A_BIG, A_BIG + 0x400, 1, A_OUT), 0);
  clock_gettime(CLOCK_MONOTONIC, &b);
  EQ(ld32(A_OUT), 1);
  EQ(ld64(A_BIG + 0x400), 7);
  EQ(M[A_BIG + 0x400 + 10], WASI_EVENTTYPE_CLOCK);
  double ms = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
  CHECK(ms >= 19.0, "poll slept %.1f ms", ms);
  px_st32(s + 16, WASI_CLOCK_REALTIME);
  px_st64(s + 24, 1000);
  px_st16(s + 40, WASI_SUBSCRIPTION_CLOCK_ABSTIME);
  EQ(wasmc_wasi_poll_oneoff(I, A_BIG, A_BIG + 0x400, 1, A_OUT), 0);
  EQ(ld32(A_OUT), 1);
  /* bad fd subscription: event with EBADF; no subscriptions: EINVAL */
  s[8] = WASI_EVENTTYPE_FD_WRITE;
  px_st32(s + 16, 999);
  EQ(wasmc_wasi_poll_oneoff(I, A_BIG, A_BIG + 0x400, 1, A_OUT), 0);
  EQ(ld32(A_OUT), 1);
  EQ(px_ld16(M + A_BIG + 0x400 + 8), WASI_EBADF);
  EQ(wasmc_wasi_poll_oneoff(I, A_BIG, A_BIG + 0x400, 0, A_OUT), WASI_EINVAL);
  EQ(wasmc_wasi_poll_oneoff(I, MEM_SIZE - 40, A_BIG + 0x400, 1, A_OUT), WASI_EFAULT);
  EQ(wasmc_wasi_poll_oneoff(I, A_BIG, MEM_SIZE - 8, 1, A_OUT), WASI_EFAULT);
  s[8] = 9;
  EQ(wasmc_wasi_poll_oneoff(I, A_BIG, A_BIG + 0x400, 1, A_OUT), WASI_EINVAL);

  /* no memory at all: every pointer faults */
  wasmc_instance bare;
  memset(&bare, 0, sizeof bare);
  EQ(wasmc_wasi_args_sizes_get(&bare, 0, 4), WASI_EFAULT);
  /* fds 0-2 exist with a file type from fstat */
  EQ(wasmc_wasi_fd_fdstat_get(I, 2, A_BUF), 0);
  EQ(wasmc_wasi_fd_close(I, 1000000), WASI_EBADF);
  EQ(wasmc_wasi_fd_close(I, -5), WASI_EBADF);
}

static void test_init_errors(void) {
  wasmc_config cfg;
  memset(&cfg, 0, sizeof cfg);
  cfg.abi_version = WASMC_ABI_VERSION;
  char *argv[] = {"prog"};
  setenv("WASMC_FLAGS", "--bogus", 1);
  EQ(px_init(1, argv, &cfg), 1);
  setenv("WASMC_FLAGS", "--env NOEQUALS", 1);
  EQ(px_init(1, argv, &cfg), 1);
  setenv("WASMC_FLAGS", "--dir", 1);
  EQ(px_init(1, argv, &cfg), 1);
  setenv("WASMC_FLAGS", "--stack-size 12q", 1);
  EQ(px_init(1, argv, &cfg), 1);
  setenv("WASMC_FLAGS", "--dir /nonexistent/wasmc-test-dir", 1);
  EQ(px_init(1, argv, &cfg), 1);
  /* run-time grant with a guest name, after a read-only one; inherit-env */
  char flags[PATH_MAX * 2 + 64];
  snprintf(flags, sizeof flags, "--dir-ro %s::/r  --dir %s --inherit-env", tmp, tmp);
  setenv("WASMC_FLAGS", flags, 1);
  setenv("WASMC_TEST_HOST_VAR", "yes", 1);
  EQ(px_init(1, argv, &cfg), 0);
  EQ(wasmc_wasi_fd_prestat_get(I, 3, A_OUT), 0);
  EQ(ld32(A_OUT + 4), 2);
  EQ(wasmc_wasi_fd_prestat_get(I, 4, A_OUT), 0);
  EQ(ld32(A_OUT + 4), strlen(tmp));
  EQ(wasmc_wasi_environ_sizes_get(I, A_OUT, A_OUT2), 0);
  EQ(wasmc_wasi_environ_get(I, A_BIG, A_BIG + 0x1000), 0);
  int found = 0, leaked_flags = 0;
  for (uint32_t i = 0; i < ld32(A_OUT); i++) {
    const char *e = (const char *)M + ld32(A_BIG + 4 * i);
    found |= strcmp(e, "WASMC_TEST_HOST_VAR=yes") == 0;
    leaked_flags |= strncmp(e, "WASMC_FLAGS=", 12) == 0;
  }
  CHECK(found, "inherit-env did not pass the host environment");
  CHECK(!leaked_flags, "WASMC_FLAGS leaked to the guest");
  EQ(px_stack_size_override(), 0);
  unsetenv("WASMC_FLAGS");
  px_fini();
}

int main(void) {
  M = calloc(1, MEM_SIZE);
  mem.base = M;
  mem.size = MEM_SIZE;
  mem.max_pages = MEM_SIZE / WASMC_PAGE_SIZE;
  mems[0] = &mem;
  inst_.mem0_base = M;
  inst_.memories = mems;

  /* every WASI import of the ABI has a definition */
#define X(name, params, results) (void *)&wasmc_wasi_##name,
  void *fns[] = {WASMC_WASI_FUNCTIONS(X)};
#undef X
  for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++)
    CHECK(fns[i] != NULL, "missing WASI function %zu", i);

  const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
  snprintf(tmp, sizeof tmp, "%s/wasmc-wasi-XXXXXX", base);
  if (!mkdtemp(tmp)) {
    perror("mkdtemp");
    return 1;
  }
  char rw[PATH_MAX + 8], ro[PATH_MAX + 8];
  snprintf(rw, sizeof rw, "%s/rw", tmp);
  snprintf(ro, sizeof ro, "%s/ro", tmp);
  mkdir(rw, 0755);
  mkdir(ro, 0755);
  {
    char p[PATH_MAX + 32];
    snprintf(p, sizeof p, "%s/existing", ro);
    int fd = open(p, O_WRONLY | O_CREAT, 0644);
    if (fd < 0 || write(fd, "hello", 5) != 5)
      perror(p);
    close(fd);
  }
  const wasmc_dir_grant dirs[] = {{rw, "/sandbox", 0, 0}, {ro, "ro", WASMC_DIR_READONLY, 0}};
  const char *env[] = {"A=1", "B=two"};
  wasmc_config cfg = {.abi_version = WASMC_ABI_VERSION, .n_dirs = 2, .dirs = dirs,
                      .n_env = 2, .env = env};
  setenv("WASMC_FLAGS", "--env B=over  --env C=3\t--stack-size 1M", 1);
  char *argv[] = {"prog", "one", "two words"};
  if (px_init(3, argv, &cfg) != 0) {
    printf("FAIL px_init\n");
    return 1;
  }
  test_args_env();
  test_prestat();
  test_pipe();
  test_socket();
  test_files();
  test_readonly();
  test_clock_random_misc();
  vfs_resolve_force_fallback(1);
  test_files(); /* again through the component walk */
  vfs_resolve_force_fallback(0);
  px_fini();
  test_init_errors();

  char cmd[PATH_MAX + 16];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
  if (system(cmd) != 0)
    printf("warning: could not remove %s\n", tmp);
  free(M);
  if (failures) {
    printf("%d failure(s)\n", failures);
    return 1;
  }
  printf("test-posix-wasi: all passed\n");
  return 0;
}
