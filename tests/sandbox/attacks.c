/*
 * attacks.c — adversarial guest for tests/sandbox/run.sh.  Every attack tries
 * to reach something outside the granted directory (fd 3 = /sandbox, host
 * $T/grant; the host's $T/outside holds secret.txt "SECRET", victim.txt,
 * dir/) and must fail with the exact errno; run.sh checks the host side.
 *   attacks            the static attacks (one "ok"/"not ok" line each)
 *   attacks race SECS  the race: open/create/unlink/... through race/real
 *                      while a host helper swaps race/real with a symlink
 *                      to ../../outside; counts escapes (must be 0)
 */
#include "wt.h"

#define NOTCAP __WASI_ERRNO_NOTCAPABLE
#define LF __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW
#define A(desc, expr, want) EQ(desc, expr, want)

static i32 o_read(i32 dir, i32 lf, const char *p, i32 *fd) {
  return w_path_open(dir, lf, PATH(p), 0, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_READDIR, 0, 0, P(fd));
}
static i32 o_creat(i32 dir, i32 lf, const char *p) {
  i32 fd;
  i32 e = w_path_open(dir, lf, PATH(p), __WASI_OFLAGS_CREAT, R_ALL, 0, 0, P(&fd));
  if (!e) w_fd_close(fd);
  return e;
}
static i32 o_trunc(i32 dir, const char *p) {
  i32 fd;
  i32 e = w_path_open(dir, LF, PATH(p), __WASI_OFLAGS_TRUNC, R_ALL, 0, 0, P(&fd));
  if (!e) w_fd_close(fd);
  return e;
}
static i32 o_dir(i32 dir, const char *p, i32 *fd) {
  return w_path_open(dir, LF, PATH(p), __WASI_OFLAGS_DIRECTORY, R_DIR, R_ALL, 0, P(fd));
}
static i32 stat_(i32 dir, i32 lf, const char *p) {
  uint8_t st[64];
  return w_path_filestat_get(dir, lf, PATH(p), P(st));
}
static i32 touch_(i32 dir, i32 lf, const char *p) {
  return w_path_filestat_set_times(dir, lf, PATH(p), 0, 0, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM);
}
static i32 readlink_(i32 dir, const char *p) {
  char b[64];
  uint32_t u;
  return w_path_readlink(dir, PATH(p), P(b), sizeof b, P(&u));
}
static char desc_buf[512];
static const char *D(const char *what, const char *path) {
  snprintf(desc_buf, sizeof desc_buf, "%s '%s'", what, path);
  return desc_buf;
}

/* paths that leave the grant; the expected errno depends on the operation */
static const char *escapes[] = {
    "..", "../", "../outside", "../outside/secret.txt", "../../../../../../etc/passwd",
    "./../outside/secret.txt", "sub/../../outside/secret.txt", "sub/deeper/../../../outside/secret.txt",
    "sub/deeper/../../sub/../../outside", "sub/./deeper/.././../../outside/secret.txt",
    "/etc/passwd", "/", "//etc/passwd", "/proc/self/root",
    "abs_dir/secret.txt", "abs_file", "etc_link", "rel_out/secret.txt", "rel_file",
    "sub/mid/secret.txt", "sub/mid/../outside/secret.txt", "rel_out/../grant/inside.txt",
    "proc_link/etc/passwd", "proc_link", "abs_dir", "rel_out", "sub/mid", "rel_out/", "abs_dir/",
    "climb/outside/secret.txt", "climb2/secret.txt",
};
#define NESC (sizeof escapes / sizeof *escapes)

static void static_attacks(void) {
  i32 fd;
  /* 1. every escaping path with every path operation */
  for (unsigned i = 0; i < NESC; i++) {
    const char *p = escapes[i];
    A(D("path_open read (follow)", p), o_read(RW, LF, p, &fd), NOTCAP);
    if (p[strlen(p) - 1] == '/') /* the kernel may refuse O_CREAT on "x/" before resolving */
      A(D("path_open creat (follow) ENOTCAPABLE/EISDIR", p), ({ i32 r = o_creat(RW, LF, p); r == __WASI_ERRNO_ISDIR ? NOTCAP : r; }), NOTCAP);
    else
      A(D("path_open creat (follow)", p), o_creat(RW, LF, p), NOTCAP);
    A(D("path_open directory", p), o_dir(RW, p, &fd), NOTCAP);
    A(D("path_filestat_get (follow)", p), stat_(RW, LF, p), NOTCAP);
    A(D("path_filestat_set_times (follow)", p), touch_(RW, LF, p), NOTCAP);
  }
  /* 2. escaping parents with operations on the last component (never followed) */
  static const char *parents[] = {"..", "../outside", "rel_out", "abs_dir", "sub/mid", "sub/../..", "/tmp", "proc_link", "climb2"};
  for (unsigned i = 0; i < sizeof parents / sizeof *parents; i++) {
    char p[256];
    snprintf(p, sizeof p, "%s/victim.txt", parents[i]);
    A(D("path_unlink_file", p), w_path_unlink_file(RW, PATH(p)), NOTCAP);
    A(D("path_filestat_get (nofollow)", p), stat_(RW, 0, p), NOTCAP);
    A(D("path_filestat_set_times (nofollow)", p), touch_(RW, 0, p), NOTCAP);
    A(D("path_readlink", p), readlink_(RW, p), NOTCAP);
    A(D("path_open trunc", p), o_trunc(RW, p), NOTCAP);
    snprintf(p, sizeof p, "%s/dir", parents[i]);
    A(D("path_remove_directory", p), w_path_remove_directory(RW, PATH(p)), NOTCAP);
    snprintf(p, sizeof p, "%s/newdir", parents[i]);
    A(D("path_create_directory", p), w_path_create_directory(RW, PATH(p)), NOTCAP);
    snprintf(p, sizeof p, "%s/newlink", parents[i]);
    A(D("path_symlink at", p), w_path_symlink(PATH("inside.txt"), RW, PATH(p)), NOTCAP);
    snprintf(p, sizeof p, "%s/stolen", parents[i]);
    A(D("path_rename inside.txt to", p), w_path_rename(RW, PATH("inside.txt"), RW, PATH(p)), NOTCAP);
    A(D("path_link inside.txt to", p), w_path_link(RW, 0, PATH("inside.txt"), RW, PATH(p)), NOTCAP);
    snprintf(p, sizeof p, "%s/victim.txt", parents[i]);
    A(D("path_rename from", p), w_path_rename(RW, PATH(p), RW, PATH("stolen")), NOTCAP);
    A(D("path_link (nofollow) from", p), w_path_link(RW, 0, PATH(p), RW, PATH("stolen")), NOTCAP);
    A(D("path_link (follow) from", p), w_path_link(RW, LF, PATH(p), RW, PATH("stolen")), NOTCAP);
  }
  /* 3. symlinks pointing out, as the last component */
  static const char *outlinks[] = {"abs_dir", "abs_file", "etc_link", "rel_out", "rel_file", "sub/mid", "dangling_out", "dangling_abs", "proc_link"};
  for (unsigned i = 0; i < sizeof outlinks / sizeof *outlinks; i++) {
    const char *p = outlinks[i];
    A(D("path_open read (nofollow) of symlink", p), o_read(RW, 0, p, &fd), __WASI_ERRNO_LOOP);
    A(D("path_open creat (nofollow) of symlink", p), o_creat(RW, 0, p), __WASI_ERRNO_LOOP);
    A(D("path_open creat (follow) through symlink", p), o_creat(RW, LF, p), NOTCAP);
    A(D("path_link (follow) from symlink", p), w_path_link(RW, LF, PATH(p), RW, PATH("stolen")), NOTCAP);
    A(D("path_remove_directory of symlink", p), w_path_remove_directory(RW, PATH(p)), __WASI_ERRNO_NOTDIR);
  }
  /* 4. dangling, loops, long chains */
  A("creat through dangling ../outside/created (follow)", o_creat(RW, LF, "dangling_out"), NOTCAP);
  A("creat through dangling absolute link (follow)", o_creat(RW, LF, "dangling_abs"), NOTCAP);
  A("mkdir through a dangling link's name EEXIST (not followed)", w_path_create_directory(RW, PATH("dangling_out")), __WASI_ERRNO_EXIST);
  A("open symlink loop a->b->a", o_read(RW, LF, "loop_a", &fd), __WASI_ERRNO_LOOP);
  A("open self-loop", o_read(RW, LF, "self", &fd), __WASI_ERRNO_LOOP);
  A("stat through a loop in the middle", stat_(RW, 0, "loop_a/x"), __WASI_ERRNO_LOOP);
  A("open through a 45-link chain ELOOP", o_read(RW, LF, "chain1", &fd), __WASI_ERRNO_LOOP);
  A("open through a 30-link chain works (not over-blocked)", o_read(RW, LF, "short1", &fd), 0);
  w_fd_close(fd);
  A("sub/ok -> ../inside.txt works (.. inside the grant)", o_read(RW, LF, "sub/ok", &fd), 0);
  w_fd_close(fd);
  A("sub/deeper/../../inside.txt works", o_read(RW, LF, "sub/deeper/../../inside.txt", &fd), 0);
  w_fd_close(fd);
  /* 5. symlinks the guest creates */
  A("path_symlink absolute target refused", w_path_symlink(PATH("/etc/passwd"), RW, PATH("g_abs")), NOTCAP);
  A("path_symlink absolute dir target refused", w_path_symlink(PATH("/"), RW, PATH("g_root")), NOTCAP);
  A("path_symlink ../outside may be created", w_path_symlink(PATH("../outside"), RW, PATH("g_rel")), 0);
  A("... but following it fails", o_read(RW, LF, "g_rel/secret.txt", &fd), NOTCAP);
  A("... creating through it fails", o_creat(RW, LF, "g_rel/created"), NOTCAP);
  A("... mkdir through it fails", w_path_create_directory(RW, PATH("g_rel/newdir")), NOTCAP);
  A("... unlink through it fails", w_path_unlink_file(RW, PATH("g_rel/victim.txt")), NOTCAP);
  A("path_symlink sub/up -> ..", w_path_symlink(PATH(".."), RW, PATH("sub/up")), 0);
  A("path_symlink sub/up2 -> up/..", w_path_symlink(PATH("up/.."), RW, PATH("sub/up2")), 0);
  A("sub/up2/outside/secret.txt (climbs via two links)", o_read(RW, LF, "sub/up2/outside/secret.txt", &fd), NOTCAP);
  A("sub/up/inside.txt stays inside: works", o_read(RW, LF, "sub/up/inside.txt", &fd), 0);
  w_fd_close(fd);
  /* 6. a directory fd is a new root: '..' from it is refused */
  i32 sub;
  A("open sub as a directory", o_dir(RW, "sub", &sub), 0);
  A("'..' from a subdirectory fd", o_dir(sub, "..", &fd), NOTCAP);
  A("'../inside.txt' from a subdirectory fd", o_read(sub, LF, "../inside.txt", &fd), NOTCAP);
  A("'ok' (-> ../inside.txt) from a subdirectory fd", o_read(sub, LF, "ok", &fd), NOTCAP);
  A("'deeper/../..' from a subdirectory fd", o_dir(sub, "deeper/../..", &fd), NOTCAP);
  A("'.' from a subdirectory fd works", o_dir(sub, ".", &fd), 0);
  w_fd_close(fd);
  A("read-only grant: ../grant/inside.txt", o_read(RO, LF, "../grant/inside.txt", &fd), NOTCAP);
  /* 7. NUL bytes, long paths and components, bad pointers */
  static const char nul[] = "inside.txt\0/../../outside/secret.txt";
  A("NUL inside a path EILSEQ", w_path_open(RW, LF, P(nul), sizeof nul - 1, 0, R_ALL, 0, 0, P(&fd)), __WASI_ERRNO_ILSEQ);
  A("NUL as the last byte EILSEQ", w_path_open(RW, LF, P("inside.txt"), 11, 0, R_ALL, 0, 0, P(&fd)), __WASI_ERRNO_ILSEQ);
  A("NUL in mkdir EILSEQ", w_path_create_directory(RW, P("a\0b"), 3), __WASI_ERRNO_ILSEQ);
  A("NUL in a symlink target EILSEQ", w_path_symlink(P("x\0/etc"), 6, RW, PATH("nul_link")), __WASI_ERRNO_ILSEQ);
  A("NUL in rename target EILSEQ", w_path_rename(RW, PATH("inside.txt"), RW, P("x\0y"), 3), __WASI_ERRNO_ILSEQ);
  static char longp[10000];
  memset(longp, 0, sizeof longp);
  for (int i = 0; i < 4097; i += 2) memcpy(longp + i, "./", 2);
  longp[4097] = 0;
  A("path of 4097 bytes ENAMETOOLONG", o_read(RW, LF, longp, &fd), __WASI_ERRNO_NAMETOOLONG);
  longp[4096] = 0;
  A("path of 4096 bytes ENAMETOOLONG (PATH_MAX counts the NUL)", o_dir(RW, longp, &fd), __WASI_ERRNO_NAMETOOLONG);
  longp[4095] = 0;
  A("path of 4095 bytes ('./' x 2047 + '.') is fine", o_dir(RW, longp, &fd), 0);
  w_fd_close(fd);
  for (int i = 0; i < 9000; i += 3) memcpy(longp + i, "../", 3);
  longp[9000] = 0;
  A("9000 bytes of ../ ENAMETOOLONG", o_read(RW, LF, longp, &fd), __WASI_ERRNO_NAMETOOLONG);
  longp[4095] = 0;
  A("4095 bytes of ../ ENOTCAPABLE", o_read(RW, LF, longp, &fd), NOTCAP);
  memset(longp, 'a', 256);
  longp[256] = 0;
  A("component of 256 bytes ENAMETOOLONG", o_creat(RW, LF, longp), __WASI_ERRNO_NAMETOOLONG);
  A("path_len 0x7fffffff EFAULT", w_path_open(RW, LF, P("x"), 0x7fffffff, 0, R_ALL, 0, 0, P(&fd)), __WASI_ERRNO_FAULT);
  A("path_len 0xffffffff EFAULT", w_path_open(RW, LF, P("x"), -1, 0, R_ALL, 0, 0, P(&fd)), __WASI_ERRNO_FAULT);
  A("path pointer at the end of memory EFAULT", w_path_open(RW, LF, BAD, 16, 0, R_ALL, 0, 0, P(&fd)), __WASI_ERRNO_FAULT);
  A("symlink target length 0xffffffff EFAULT", w_path_symlink(P("x"), -1, RW, PATH("y")), __WASI_ERRNO_FAULT);
  /* 8. iovecs */
  i32 f;
  A("create io.bin", w_path_open(RW, LF, PATH("io.bin"), __WASI_OFLAGS_CREAT, R_ALL, 0, 0, P(&f)), 0);
  uint32_t n = 0;
  static wt_iov many[3000];
  static char byte = 'z';
  for (int i = 0; i < 3000; i++) many[i] = (wt_iov){P(&byte), 1};
  A("fd_write with 3000 iovecs: a short write", w_fd_write(f, P(many), 3000, P(&n)), 0);
  TRUE("... of at most 1024 bytes", n > 0 && n <= 1024);
  A("fd_write iovec count 0x10000000 EFAULT", w_fd_write(f, P(many), 0x10000000, P(&n)), __WASI_ERRNO_FAULT);
  A("fd_write iovec count 0xffffffff EFAULT", w_fd_write(f, P(many), -1, P(&n)), __WASI_ERRNO_FAULT);
  wt_iov huge = {P(&byte), 0xffffffffu};
  A("fd_write iovec of length 0xffffffff EFAULT", w_fd_write(f, P(&huge), 1, P(&n)), __WASI_ERRNO_FAULT);
  A("fd_read iovec of length 0xffffffff EFAULT", w_fd_read(f, P(&huge), 1, P(&n)), __WASI_ERRNO_FAULT);
  wt_iov wrap[2] = {{P(&byte), 0x80000000u}, {P(&byte), 0x80000000u}};
  A("fd_write two iovecs of 2 GiB EFAULT", w_fd_write(f, P(wrap), 2, P(&n)), __WASI_ERRNO_FAULT);
  wt_iov endv = {0xfffffff0u, 0x20};
  A("fd_write iovec wrapping around 4 GiB EFAULT", w_fd_write(f, P(&endv), 1, P(&n)), __WASI_ERRNO_FAULT);
  uint32_t memend = (uint32_t)__builtin_wasm_memory_size(0) * 65536u;
  A("iovec array straddling the end of memory EFAULT", w_fd_write(f, (i32)(memend - 4), 1, P(&n)), __WASI_ERRNO_FAULT);
  A("fd_readdir buffer length 0xffffffff EFAULT", w_fd_readdir(RW, P(many), -1, 0, P(&n)), __WASI_ERRNO_FAULT);
  A("poll_oneoff 0x7fffffff subscriptions EFAULT/EINVAL", ({ i32 r = w_poll_oneoff(P(many), P(many), 0x7fffffff, P(&n)); r == __WASI_ERRNO_FAULT || r == __WASI_ERRNO_INVAL ? 0 : r; }), 0);
  A("random_get length 0xffffffff EFAULT", w_random_get(P(many), -1), __WASI_ERRNO_FAULT);
  /* 9. offsets */
  uint64_t pos;
  char rb[8];
  wt_iov rv = {P(rb), 8};
  A("fd_pread offset -1 EINVAL", w_fd_pread(f, P(&rv), 1, -1, P(&n)), __WASI_ERRNO_INVAL);
  A("fd_pwrite offset INT64_MIN EINVAL", w_fd_pwrite(f, P(&rv), 1, INT64_MIN, P(&n)), __WASI_ERRNO_INVAL);
  A("fd_pwrite offset INT64_MAX EFBIG/EINVAL", ({ i32 r = w_fd_pwrite(f, P(&rv), 1, INT64_MAX, P(&n)); r == __WASI_ERRNO_FBIG || r == __WASI_ERRNO_INVAL ? 0 : r; }), 0);
  A("fd_seek to -1 EINVAL", w_fd_seek(f, -1, __WASI_WHENCE_SET, P(&pos)), __WASI_ERRNO_INVAL);
  w_fd_seek(f, 10, __WASI_WHENCE_SET, P(&pos));
  A("fd_seek CUR +INT64_MAX overflows EINVAL/EOVERFLOW", ({ i32 r = w_fd_seek(f, INT64_MAX, __WASI_WHENCE_CUR, P(&pos)); r == __WASI_ERRNO_INVAL || r == __WASI_ERRNO_OVERFLOW ? 0 : r; }), 0);
  A("fd_filestat_set_size INT64_MIN EINVAL", w_fd_filestat_set_size(f, INT64_MIN), __WASI_ERRNO_INVAL);
  A("fd_allocate off+len overflow EFBIG/EINVAL", ({ i32 r = w_fd_allocate(f, INT64_MAX - 1, 10); r == __WASI_ERRNO_FBIG || r == __WASI_ERRNO_INVAL ? 0 : r; }), 0);
  A("fd_advise negative length EINVAL", w_fd_advise(f, 0, -100, 0), __WASI_ERRNO_INVAL);
  A("fd_readdir cookie UINT64_MAX: no entries", ({ uint32_t u = 1; i32 r = w_fd_readdir(RW, P(many), 1024, -1, P(&u)); r ? r : (i32)u; }), 0);
  /* 10. fd numbers */
  static const i32 badfds[] = {-1, INT32_MIN, 65535, 65536, 1 << 20, INT32_MAX, 1000};
  for (unsigned i = 0; i < sizeof badfds / sizeof *badfds; i++) {
    char d[96];
    i32 b = badfds[i];
    snprintf(d, sizeof d, "fd %d: fd_read EBADF", b);
    A(d, w_fd_read(b, P(&rv), 1, P(&n)), __WASI_ERRNO_BADF);
    snprintf(d, sizeof d, "fd %d: path_open EBADF", b);
    A(d, o_read(b, LF, "inside.txt", &fd), __WASI_ERRNO_BADF);
    snprintf(d, sizeof d, "fd %d: fd_close EBADF", b);
    A(d, w_fd_close(b), __WASI_ERRNO_BADF);
    snprintf(d, sizeof d, "fd %d: fd_renumber to it EBADF", b);
    A(d, w_fd_renumber(f, b), __WASI_ERRNO_BADF);
    snprintf(d, sizeof d, "fd %d: fd_prestat_get EBADF", b);
    A(d, w_fd_prestat_get(b, P(rb)), __WASI_ERRNO_BADF);
  }
  A("path_open with stdin as the directory", o_read(0, LF, "inside.txt", &fd), NOTCAP);
  A("path_open with a file fd as the directory", o_read(f, LF, "inside.txt", &fd), NOTCAP);
  /* 11. reuse of closed fds */
  i32 g;
  A("open a subdirectory fd", o_dir(RW, "sub", &g), 0);
  A("close it", w_fd_close(g), 0);
  A("path_open through the closed directory fd EBADF", o_read(g, LF, "ok", &fd), __WASI_ERRNO_BADF);
  A("fd_readdir on the closed fd EBADF", w_fd_readdir(g, P(many), 100, 0, P(&n)), __WASI_ERRNO_BADF);
  A("close io.bin", w_fd_close(f), 0);
  A("fd_write on the closed fd EBADF", w_fd_write(f, P(&rv), 1, P(&n)), __WASI_ERRNO_BADF);
  A("fd_renumber preopen 3 onto sub fd", (o_dir(RW, "sub", &g), w_fd_renumber(RW, g)), 0);
  A("old preopen number 3 now EBADF", o_read(RW, LF, "inside.txt", &fd), __WASI_ERRNO_BADF);
  A("a file opened now reuses fd 3", w_path_open(g, LF, PATH("inside.txt"), 0, R_ALL, 0, 0, P(&fd)) || fd != RW, 0);
  A("fd 3 (now a file) has no directory capability", o_read(RW, LF, "inside.txt", &fd), NOTCAP);
  A("fd 3 (now a file) is not a preopen", w_fd_prestat_get(RW, P(rb)), __WASI_ERRNO_BADF);
  A("fd_renumber the grant back over the file at fd 3", w_fd_renumber(g, RW), 0);
  A("its old number is closed", w_fd_close(g), __WASI_ERRNO_BADF);
  A("the grant works again at fd 3", o_read(RW, LF, "inside.txt", &fd), 0);
  w_fd_close(fd);
  /* 12. rights cannot be regained */
  A("drop path_open from the grant's own fd 3 copy", (o_dir(RW, ".", &g), w_fd_fdstat_set_rights(g, __WASI_RIGHTS_FD_READDIR, 0)), 0);
  A("path_open through the reduced fd ENOTCAPABLE", o_read(g, LF, "inside.txt", &fd), NOTCAP);
  A("regaining rights ENOTCAPABLE", w_fd_fdstat_set_rights(g, R_ALL, R_ALL), NOTCAP);
  w_fd_close(g);
}

/* ---- race ---- */
static int is_secret(i32 fd) {
  char b[32];
  memset(b, 0, sizeof b);
  wt_iov v = {P(b), sizeof b - 1};
  uint32_t n = 0;
  w_fd_read(fd, P(&v), 1, P(&n));
  return strncmp(b, "SECRET", 6) == 0;
}
static int race(int secs) {
  uint64_t t0, now;
  w_clock_time_get(1, 1, P(&t0));
  unsigned long tries = 0, inside = 0, escapes = 0;
  i32 fd;
  uint8_t buf[2048];
  for (;;) {
    w_clock_time_get(1, 1, P(&now));
    if (now - t0 > (uint64_t)secs * 1000000000u) break;
    for (int k = 0; k < 16; k++, tries++) {
      switch (tries % 10) {
      case 0: case 1: /* read the secret through a swapped directory */
        if (o_read(RW, LF, "race/real/secret.txt", &fd) == 0) { inside++; if (is_secret(fd)) escapes++; w_fd_close(fd); }
        break;
      case 2: /* nofollow variant (openat2 and the walk handle the middle) */
        if (o_read(RW, 0, "race/real/secret.txt", &fd) == 0) { inside++; if (is_secret(fd)) escapes++; w_fd_close(fd); }
        break;
      case 3: /* create a file through it */
        if (o_creat(RW, LF, "race/real/pwned") == 0) { inside++; w_path_unlink_file(RW, PATH("race/real/pwned")); }
        break;
      case 4: /* remove the victim through it, restore it if removed (inside) */
        if (w_path_unlink_file(RW, PATH("race/real/victim.txt")) == 0) { inside++; wt_mkfile(RW, "race/real/victim.txt", "inside-victim"); }
        break;
      case 5: /* mkdir + rmdir */
        if (w_path_create_directory(RW, PATH("race/real/newdir")) == 0) { inside++; w_path_remove_directory(RW, PATH("race/real/newdir")); }
        break;
      case 6: /* hard-link the secret into the grant */
        if (w_path_link(RW, LF, PATH("race/real/secret.txt"), RW, PATH("race/linked")) == 0) {
          inside++;
          if (o_read(RW, 0, "race/linked", &fd) == 0) { if (is_secret(fd)) escapes++; w_fd_close(fd); }
          w_path_unlink_file(RW, PATH("race/linked"));
        }
        break;
      case 7: /* set times on the secret */
        if (touch_(RW, LF, "race/real/secret.txt") == 0) inside++;
        break;
      case 8: /* list the directory: the outside has "outside-marker" */
        if (o_dir(RW, "race/real", &fd) == 0) {
          uint32_t used = 0;
          inside++;
          if (w_fd_readdir(fd, P(buf), sizeof buf, 0, P(&used)) == 0) {
            for (uint32_t off = 0; off + 24 <= used;) {
              uint32_t nl = ld32(buf + off + 16);
              if (off + 24 + nl <= used && nl == 14 && memcmp(buf + off + 24, "outside-marker", 14) == 0) escapes++;
              off += 24 + nl;
            }
          }
          w_fd_close(fd);
        }
        break;
      case 9: /* rename the secret out of the swapped dir into the grant */
        if (w_path_rename(RW, PATH("race/real/secret.txt"), RW, PATH("race/got")) == 0) {
          inside++;
          if (o_read(RW, 0, "race/got", &fd) == 0) { if (is_secret(fd)) escapes++; w_fd_close(fd); }
          w_path_rename(RW, PATH("race/got"), RW, PATH("race/real/secret.txt"));
        }
        break;
      }
    }
  }
  printf("# race: %lu attempts, %lu succeeded inside the grant, %lu escapes\n", tries, inside, escapes);
  TRUE("race: attempts were made", tries > 1000);
  TRUE("race: zero escapes", escapes == 0);
  return wt_done();
}

int main(int argc, char **argv) {
  if (argc > 2 && strcmp(argv[1], "race") == 0) return race(atoi(argv[2]));
  static_attacks();
  return wt_done();
}
