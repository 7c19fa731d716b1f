// fd_* on regular files: write/read/pread/pwrite (iovecs), seek/tell,
// advise, allocate, datasync/sync, fdstat get/set_flags/set_rights,
// filestat get/set_size/set_times, close, renumber; error paths.
// check: test "$(cat $RW/data.bin)" = "HEADER-abcdefXYZ-tail"
// check: test "$(cat $RW/append.txt)" = "onetwothree"
// check: test ! -e $RW/nowrite.txt || test ! -s $RW/nowrite.txt
// check: test "$(stat -c %s $RW/sized.bin)" = 5000
// check: test "$(stat -c %Y $RW/times.txt)" = 1000000000 && test "$(stat -c %X $RW/times.txt)" = 500000000
#include "wt.h"

static i32 fd_of(const char *path, i32 oflags, i64 rights, i32 fdflags) {
  i32 fd = -1;
  i32 e = wt_open(RW, path, oflags, rights, fdflags, &fd);
  return e ? -e : fd;
}

int main(void) {
  i32 fd = fd_of("data.bin", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, R_ALL, 0);
  TRUE("path_open creat|excl a new file", fd >= 0);
  /* fd_write with three iovecs, one of them empty */
  const char *a = "HEADER-", *b = "abcdef";
  wt_iov v[3] = {{P(a), 7}, {P(b), 0}, {P(b), 6}};
  uint32_t n = 0;
  OK("fd_write 3 iovecs", w_fd_write(fd, P(v), 3, P(&n)));
  EQ("fd_write wrote 13 bytes", n, 13);
  OK("fd_write 0 iovecs", w_fd_write(fd, P(v), 0, P(&n)));
  EQ("fd_write 0 iovecs wrote 0", n, 0);
  uint64_t pos = 99;
  OK("fd_tell", w_fd_tell(fd, P(&pos)));
  EQ("fd_tell after 13 bytes", pos, 13);
  /* error paths of fd_write: nothing may be written */
  EQ("fd_write bad nwritten ptr", w_fd_write(fd, P(v), 1, BAD), __WASI_ERRNO_FAULT);
  EQ("fd_write iovec array out of bounds", w_fd_write(fd, BAD, 1, P(&n)), __WASI_ERRNO_FAULT);
  wt_iov badv = {(uint32_t)BAD, 100};
  EQ("fd_write iovec buffer out of bounds", w_fd_write(fd, P(&badv), 1, P(&n)), __WASI_ERRNO_FAULT);
  EQ("fd_write huge iovec count", w_fd_write(fd, P(v), 0x20000000, P(&n)), __WASI_ERRNO_FAULT);
  OK("fd_tell unchanged by failed writes", w_fd_tell(fd, P(&pos)));
  EQ("position still 13", pos, 13);
  EQ("fd_write bad fd", w_fd_write(77, P(v), 1, P(&n)), __WASI_ERRNO_BADF);
  EQ("fd_write negative fd", w_fd_write(-1, P(v), 1, P(&n)), __WASI_ERRNO_BADF);
  EQ("fd_write fd 1<<30", w_fd_write(1 << 30, P(v), 1, P(&n)), __WASI_ERRNO_BADF);
  /* fd_pwrite does not move the position */
  const char *xyz = "XYZ-tail";
  wt_iov pv = {P(xyz), 8};
  OK("fd_pwrite at 13", w_fd_pwrite(fd, P(&pv), 1, 13, P(&n)));
  EQ("fd_pwrite wrote 8", n, 8);
  OK("fd_tell after pwrite", w_fd_tell(fd, P(&pos)));
  EQ("fd_pwrite left the position at 13", pos, 13);
  EQ("fd_pwrite negative offset", w_fd_pwrite(fd, P(&pv), 1, -1, P(&n)), __WASI_ERRNO_INVAL);
  EQ("fd_pwrite bad nwritten", w_fd_pwrite(fd, P(&pv), 1, 0, BAD), __WASI_ERRNO_FAULT);
  /* seek */
  uint64_t np = 0;
  OK("fd_seek SET 0", w_fd_seek(fd, 0, __WASI_WHENCE_SET, P(&np)));
  EQ("fd_seek SET result", np, 0);
  OK("fd_seek END -4", w_fd_seek(fd, -4, __WASI_WHENCE_END, P(&np)));
  EQ("fd_seek END -4 = 17", np, 17);
  OK("fd_seek CUR -10", w_fd_seek(fd, -10, __WASI_WHENCE_CUR, P(&np)));
  EQ("fd_seek CUR result 7", np, 7);
  EQ("fd_seek before 0 EINVAL", w_fd_seek(fd, -100, __WASI_WHENCE_CUR, P(&np)), __WASI_ERRNO_INVAL);
  EQ("fd_seek bad whence", w_fd_seek(fd, 0, 3, P(&np)), __WASI_ERRNO_INVAL);
  EQ("fd_seek bad result ptr", w_fd_seek(fd, 0, __WASI_WHENCE_SET, BAD), __WASI_ERRNO_FAULT);
  EQ("fd_seek INT64_MIN from END", w_fd_seek(fd, INT64_MIN, __WASI_WHENCE_END, P(&np)), __WASI_ERRNO_INVAL);
  OK("fd_tell after failed seeks", w_fd_tell(fd, P(&pos)));
  EQ("position still 7", pos, 7);
  EQ("fd_tell bad ptr", w_fd_tell(fd, BAD), __WASI_ERRNO_FAULT);
  EQ("fd_tell bad fd", w_fd_tell(99, P(&pos)), __WASI_ERRNO_BADF);
  /* read with two iovecs */
  char r1[4], r2[32];
  memset(r2, 0, sizeof r2);
  wt_iov rv[2] = {{P(r1), 4}, {P(r2), 31}};
  OK("fd_read 2 iovecs", w_fd_read(fd, P(rv), 2, P(&n)));
  EQ("fd_read got 14 bytes", n, 14);
  TRUE("fd_read scattered the bytes", memcmp(r1, "abcd", 4) == 0 && memcmp(r2, "efXYZ-tail", 10) == 0);
  OK("fd_read at EOF", w_fd_read(fd, P(rv), 2, P(&n)));
  EQ("fd_read at EOF returns 0", n, 0);
  EQ("fd_read bad nread", w_fd_read(fd, P(rv), 2, BAD), __WASI_ERRNO_FAULT);
  /* pread */
  char pb[8] = {0};
  wt_iov prv = {P(pb), 6};
  OK("fd_pread at 7", w_fd_pread(fd, P(&prv), 1, 7, P(&n)));
  TRUE("fd_pread data", n == 6 && memcmp(pb, "abcdef", 6) == 0);
  OK("fd_pread past EOF", w_fd_pread(fd, P(&prv), 1, 1000, P(&n)));
  EQ("fd_pread past EOF reads 0", n, 0);
  EQ("fd_pread negative offset", w_fd_pread(fd, P(&prv), 1, -5, P(&n)), __WASI_ERRNO_INVAL);
  EQ("fd_pread INT64_MIN offset", w_fd_pread(fd, P(&prv), 1, INT64_MIN, P(&n)), __WASI_ERRNO_INVAL);
  /* advise */
  for (i32 adv = 0; adv <= 5; adv++) {
    char d[40];
    snprintf(d, sizeof d, "fd_advise advice %d", adv);
    OK(d, w_fd_advise(fd, 0, 100, adv));
  }
  EQ("fd_advise advice 6 EINVAL", w_fd_advise(fd, 0, 100, 6), __WASI_ERRNO_INVAL);
  EQ("fd_advise negative offset", w_fd_advise(fd, -1, 100, 0), __WASI_ERRNO_INVAL);
  EQ("fd_advise negative len", w_fd_advise(fd, 0, -1, 0), __WASI_ERRNO_INVAL);
  EQ("fd_advise bad fd", w_fd_advise(55, 0, 1, 0), __WASI_ERRNO_BADF);
  /* sync */
  OK("fd_datasync", w_fd_datasync(fd));
  OK("fd_sync", w_fd_sync(fd));
  EQ("fd_sync bad fd", w_fd_sync(55), __WASI_ERRNO_BADF);
  EQ("fd_datasync bad fd", w_fd_datasync(-3), __WASI_ERRNO_BADF);
  /* filestat */
  uint8_t st[64];
  OK("fd_filestat_get", w_fd_filestat_get(fd, P(st)));
  EQ("filestat filetype regular", st[16], __WASI_FILETYPE_REGULAR_FILE);
  EQ("filestat size 21", ld64(st + 32), 21);
  EQ("filestat nlink 1", ld64(st + 24), 1);
  TRUE("filestat ino nonzero", ld64(st + 8) != 0);
  TRUE("filestat mtim plausible (> 2020)", ld64(st + 48) > 1577836800ull * 1000000000ull);
  EQ("fd_filestat_get bad ptr", w_fd_filestat_get(fd, BAD), __WASI_ERRNO_FAULT);
  EQ("fd_filestat_get bad fd", w_fd_filestat_get(40, P(st)), __WASI_ERRNO_BADF);
  /* fdstat */
  uint8_t fs[24];
  OK("fd_fdstat_get", w_fd_fdstat_get(fd, P(fs)));
  EQ("fdstat filetype regular", fs[0], __WASI_FILETYPE_REGULAR_FILE);
  EQ("fdstat flags 0", ld16(fs + 2), 0);
  TRUE("fdstat base has fd_read|fd_write|fd_seek", (ld64(fs + 8) & 0x7) == 0x7 && (ld64(fs + 8) & __WASI_RIGHTS_FD_WRITE));
  EQ("fdstat base has no path rights on a file", ld64(fs + 8) & __WASI_RIGHTS_PATH_OPEN, 0);
  EQ("fd_fdstat_get bad ptr", w_fd_fdstat_get(fd, BAD), __WASI_ERRNO_FAULT);
  EQ("fd_fdstat_get bad fd", w_fd_fdstat_get(1000, P(fs)), __WASI_ERRNO_BADF);
  /* set_flags: append and nonblock on, then off */
  OK("fd_fdstat_set_flags append|nonblock", w_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_APPEND | __WASI_FDFLAGS_NONBLOCK));
  w_fd_fdstat_get(fd, P(fs));
  EQ("flags now append|nonblock", ld16(fs + 2), __WASI_FDFLAGS_APPEND | __WASI_FDFLAGS_NONBLOCK);
  OK("fd_fdstat_set_flags 0", w_fd_fdstat_set_flags(fd, 0));
  w_fd_fdstat_get(fd, P(fs));
  EQ("flags now 0", ld16(fs + 2), 0);
  EQ("fd_fdstat_set_flags sync ENOTSUP", w_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_SYNC), __WASI_ERRNO_NOTSUP);
  EQ("fd_fdstat_set_flags unknown bit EINVAL", w_fd_fdstat_set_flags(fd, 0x100), __WASI_ERRNO_INVAL);
  EQ("fd_fdstat_set_flags bad fd", w_fd_fdstat_set_flags(-1, 0), __WASI_ERRNO_BADF);
  /* set_size */
  i32 sz = fd_of("sized.bin", __WASI_OFLAGS_CREAT, R_ALL, 0);
  OK("fd_filestat_set_size grow to 5000", w_fd_filestat_set_size(sz, 5000));
  w_fd_filestat_get(sz, P(st));
  EQ("size is 5000", ld64(st + 32), 5000);
  OK("fd_filestat_set_size shrink to 10", w_fd_filestat_set_size(sz, 10));
  OK("fd_filestat_set_size back to 5000", w_fd_filestat_set_size(sz, 5000));
  char zz[16];
  memset(zz, 1, sizeof zz);
  wt_iov zv = {P(zz), 16};
  w_fd_pread(sz, P(&zv), 1, 100, P(&n));
  TRUE("grown region reads as zeros", n == 16 && zz[0] == 0 && zz[15] == 0);
  EQ("fd_filestat_set_size negative EINVAL", w_fd_filestat_set_size(sz, -1), __WASI_ERRNO_INVAL);
  EQ("fd_filestat_set_size INT64_MAX EFBIG/EINVAL", w_fd_filestat_set_size(sz, INT64_MAX) == __WASI_ERRNO_FBIG || w_fd_filestat_set_size(sz, INT64_MAX) == __WASI_ERRNO_INVAL, 1);
  /* allocate */
  i32 al = fd_of("alloc.bin", __WASI_OFLAGS_CREAT, R_ALL, 0);
  i32 ae = w_fd_allocate(al, 0, 8192);
  TRUE("fd_allocate 8 KiB (ok or ENOTSUP on this fs)", ae == 0 || ae == __WASI_ERRNO_NOTSUP);
  if (ae == 0) {
    w_fd_filestat_get(al, P(st));
    EQ("fd_allocate extended the size", ld64(st + 32), 8192);
    OK("fd_allocate inside the file keeps the size", w_fd_allocate(al, 0, 10));
    w_fd_filestat_get(al, P(st));
    EQ("size still 8192", ld64(st + 32), 8192);
  }
  EQ("fd_allocate negative offset", w_fd_allocate(al, -1, 10) == __WASI_ERRNO_INVAL || w_fd_allocate(al, -1, 10) == __WASI_ERRNO_FBIG, 1);
  EQ("fd_allocate overflowing off+len", w_fd_allocate(al, INT64_MAX, INT64_MAX) == __WASI_ERRNO_FBIG || w_fd_allocate(al, INT64_MAX, INT64_MAX) == __WASI_ERRNO_INVAL, 1);
  EQ("fd_allocate bad fd", w_fd_allocate(88, 0, 1), __WASI_ERRNO_BADF);
  /* set_times */
  i32 tf = fd_of("times.txt", __WASI_OFLAGS_CREAT, R_ALL, 0);
  OK("fd_filestat_set_times atim+mtim", w_fd_filestat_set_times(tf, 500000000ll * 1000000000ll, 1000000000ll * 1000000000ll, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
  w_fd_filestat_get(tf, P(st));
  EQ("atim set", ld64(st + 40), 500000000ull * 1000000000ull);
  EQ("mtim set", ld64(st + 48), 1000000000ull * 1000000000ull);
  i32 tf2 = fd_of("times2.txt", __WASI_OFLAGS_CREAT, R_ALL, 0);
  OK("fd_filestat_set_times mtim_now", w_fd_filestat_set_times(tf2, 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
  w_fd_filestat_get(tf2, P(st));
  uint64_t rt;
  w_clock_time_get(0, 1, P(&rt));
  TRUE("mtim_now is close to now", ld64(st + 48) + 10000000000ull > rt);
  OK("fd_filestat_set_times no flags (no change)", w_fd_filestat_set_times(tf, 0, 0, 0));
  EQ("fd_filestat_set_times atim|atim_now EINVAL", w_fd_filestat_set_times(tf, 0, 0, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW), __WASI_ERRNO_INVAL);
  EQ("fd_filestat_set_times mtim|mtim_now EINVAL", w_fd_filestat_set_times(tf, 0, 0, __WASI_FSTFLAGS_MTIM | __WASI_FSTFLAGS_MTIM_NOW), __WASI_ERRNO_INVAL);
  EQ("fd_filestat_set_times unknown flag EINVAL", w_fd_filestat_set_times(tf, 0, 0, 0x10), __WASI_ERRNO_INVAL);
  EQ("fd_filestat_set_times bad fd", w_fd_filestat_set_times(66, 0, 0, 0), __WASI_ERRNO_BADF);
  /* append mode */
  i32 ap = fd_of("append.txt", __WASI_OFLAGS_CREAT, R_ALL, __WASI_FDFLAGS_APPEND);
  wt_write_str(ap, "one");
  w_fd_seek(ap, 0, __WASI_WHENCE_SET, P(&np));
  OK("write in append mode after seek(0)", wt_write_str(ap, "two"));
  wt_write_str(ap, "three");
  w_fd_fdstat_get(ap, P(fs));
  EQ("fdstat shows append", ld16(fs + 2), __WASI_FDFLAGS_APPEND);
  /* rights: a read-only fd */
  i32 rd = fd_of("data.bin", 0, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL, 0);
  TRUE("open read-only fd", rd >= 0);
  EQ("fd_write on a read-only fd ENOTCAPABLE", w_fd_write(rd, P(v), 1, P(&n)), __WASI_ERRNO_NOTCAPABLE);
  EQ("fd_pwrite on a read-only fd ENOTCAPABLE", w_fd_pwrite(rd, P(v), 1, 0, P(&n)), __WASI_ERRNO_NOTCAPABLE);
  EQ("fd_filestat_set_size without the right", w_fd_filestat_set_size(rd, 0), __WASI_ERRNO_NOTCAPABLE);
  EQ("fd_allocate without the right", w_fd_allocate(rd, 0, 1), __WASI_ERRNO_NOTCAPABLE);
  EQ("fd_sync without the right", w_fd_sync(rd), __WASI_ERRNO_NOTCAPABLE);
  EQ("fd_advise without the right", w_fd_advise(rd, 0, 1, 0), __WASI_ERRNO_NOTCAPABLE);
  EQ("fd_filestat_get without the right", w_fd_filestat_get(rd, P(st)), __WASI_ERRNO_NOTCAPABLE);
  OK("fd_fdstat_get needs no right", w_fd_fdstat_get(rd, P(fs)));
  /* set_rights: shrink only */
  OK("fd_fdstat_set_rights drop fd_seek", w_fd_fdstat_set_rights(rd, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_TELL, 0));
  EQ("fd_pread now ENOTCAPABLE (needs fd_seek)", w_fd_pread(rd, P(&prv), 1, 0, P(&n)), __WASI_ERRNO_NOTCAPABLE);
  EQ("fd_seek SET now ENOTCAPABLE", w_fd_seek(rd, 1, __WASI_WHENCE_SET, P(&np)), __WASI_ERRNO_NOTCAPABLE);
  OK("fd_seek(0, CUR) needs only fd_tell", w_fd_seek(rd, 0, __WASI_WHENCE_CUR, P(&np)));
  EQ("fd_fdstat_set_rights cannot grow", w_fd_fdstat_set_rights(rd, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE, 0), __WASI_ERRNO_NOTCAPABLE);
  EQ("fd_fdstat_set_rights cannot grow inheriting", w_fd_fdstat_set_rights(rd, __WASI_RIGHTS_FD_READ, __WASI_RIGHTS_FD_WRITE), __WASI_ERRNO_NOTCAPABLE);
  w_fd_fdstat_get(rd, P(fs));
  EQ("rights after failed grow", ld64(fs + 8), __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_TELL);
  OK("fd_fdstat_set_rights to 0", w_fd_fdstat_set_rights(rd, 0, 0));
  EQ("fd_read with no rights ENOTCAPABLE", w_fd_read(rd, P(rv), 1, P(&n)), __WASI_ERRNO_NOTCAPABLE);
  EQ("fd_fdstat_set_rights bad fd", w_fd_fdstat_set_rights(500, 0, 0), __WASI_ERRNO_BADF);
  /* a write-only fd opened without fd_read */
  i32 wo = fd_of("nowrite.txt", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_READ, 0);
  EQ("fd_write on fd opened with only fd_read", w_fd_write(wo, P(v), 1, P(&n)), __WASI_ERRNO_NOTCAPABLE);
  /* directories */
  EQ("fd_read on a directory (no fd_read right)", w_fd_read(RW, P(rv), 1, P(&n)), __WASI_ERRNO_NOTCAPABLE);
  EQ("fd_seek on a directory (no right)", w_fd_seek(RW, 0, 0, P(&np)), __WASI_ERRNO_NOTCAPABLE);
  OK("fd_sync on a directory", w_fd_sync(RW));
  OK("fd_filestat_get on a directory", w_fd_filestat_get(RW, P(st)));
  EQ("directory filetype", st[16], __WASI_FILETYPE_DIRECTORY);
  /* renumber */
  i32 r2fd = fd_of("data.bin", 0, R_ALL, 0);
  OK("fd_renumber onto another open fd", w_fd_renumber(r2fd, tf2));
  EQ("source fd is closed after renumber", w_fd_fdstat_get(r2fd, P(fs)), __WASI_ERRNO_BADF);
  OK("target fd now reads data.bin", w_fd_pread(tf2, P(&prv), 1, 0, P(&n)));
  TRUE("renumbered fd data", n == 6 && memcmp(pb, "HEADER", 6) == 0);
  OK("fd_renumber onto itself", w_fd_renumber(tf2, tf2));
  OK("fd still open after self-renumber", w_fd_fdstat_get(tf2, P(fs)));
  EQ("fd_renumber to a closed fd EBADF", w_fd_renumber(tf2, 900), __WASI_ERRNO_BADF);
  EQ("fd_renumber from a closed fd EBADF", w_fd_renumber(900, tf2), __WASI_ERRNO_BADF);
  EQ("fd_renumber negative", w_fd_renumber(-1, tf2), __WASI_ERRNO_BADF);
  /* close */
  OK("fd_close", w_fd_close(tf2));
  EQ("fd_close twice EBADF", w_fd_close(tf2), __WASI_ERRNO_BADF);
  EQ("fd_read on a closed fd EBADF", w_fd_read(tf2, P(rv), 1, P(&n)), __WASI_ERRNO_BADF);
  EQ("fd_close -1", w_fd_close(-1), __WASI_ERRNO_BADF);
  EQ("fd_close 65536", w_fd_close(65536), __WASI_ERRNO_BADF);
  /* the lowest free fd is reused */
  i32 re = fd_of("data.bin", 0, R_ALL, 0);
  EQ("a new open reuses the lowest free fd", re, tf2);
  /* stdio */
  OK("fd_fdstat_get(stdout)", w_fd_fdstat_get(1, P(fs)));
  TRUE("stdout (a file here) is writable", ld64(fs + 8) & __WASI_RIGHTS_FD_WRITE);
  w_fd_close(fd); w_fd_close(sz); w_fd_close(al); w_fd_close(tf); w_fd_close(ap); w_fd_close(rd); w_fd_close(wo); w_fd_close(re);
  return wt_done();
}
