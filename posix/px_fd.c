/*
 * px_fd.c — WASI preview1 fd_* functions.
 */
#include <stdlib.h>
#include <string.h>

#include "px_internal.h"

#define OP(o, name) ((o)->ops->name)
#define NEED(o, name)                                                                      \
  do {                                                                                     \
    if (!OP(o, name)) {                                                                    \
      vfs_obj_release(o);                                                                  \
      return WASI_ENOTSUP;                                                                 \
    }                                                                                      \
  } while (0)

int32_t wasmc_wasi_fd_advise(wasmc_instance *inst, int32_t fd, int64_t offset, int64_t len,
                             int32_t advice) {
  (void)inst;
  vfs_obj *o;
  int e = px_fd(fd, WASI_RIGHT_FD_ADVISE, 0, &o, NULL);
  if (e)
    return e;
  NEED(o, advise);
  if ((uint32_t)advice > WASI_ADVICE_NOREUSE || offset < 0 || len < 0)
    e = WASI_EINVAL;
  else
    e = o->ops->advise(o, (uint64_t)offset, (uint64_t)len, (uint8_t)advice);
  vfs_obj_release(o);
  return e;
}

int32_t wasmc_wasi_fd_allocate(wasmc_instance *inst, int32_t fd, int64_t offset, int64_t len) {
  (void)inst;
  vfs_obj *o;
  int e = px_fd(fd, WASI_RIGHT_FD_ALLOCATE, 1, &o, NULL);
  if (e)
    return e;
  NEED(o, allocate);
  e = o->ops->allocate(o, (uint64_t)offset, (uint64_t)len);
  vfs_obj_release(o);
  return e;
}

int32_t wasmc_wasi_fd_close(wasmc_instance *inst, int32_t fd) {
  (void)inst;
  return vfs_fd_close(fd);
}

int32_t wasmc_wasi_fd_datasync(wasmc_instance *inst, int32_t fd) {
  (void)inst;
  vfs_obj *o;
  int e = px_fd(fd, WASI_RIGHT_FD_DATASYNC, 0, &o, NULL);
  if (e)
    return e;
  NEED(o, sync);
  e = o->ops->sync(o, 1);
  vfs_obj_release(o);
  return e;
}

int32_t wasmc_wasi_fd_sync(wasmc_instance *inst, int32_t fd) {
  (void)inst;
  vfs_obj *o;
  int e = px_fd(fd, WASI_RIGHT_FD_SYNC, 0, &o, NULL);
  if (e)
    return e;
  NEED(o, sync);
  e = o->ops->sync(o, 0);
  vfs_obj_release(o);
  return e;
}

int32_t wasmc_wasi_fd_fdstat_get(wasmc_instance *inst, int32_t fd, int32_t stat) {
  vfs_obj *o;
  vfs_fd_entry en;
  int e = px_fd(fd, 0, 0, &o, &en);
  if (e)
    return e;
  uint16_t flags = 0;
  if (o->ops->get_flags)
    e = o->ops->get_flags(o, &flags);
  uint8_t filetype = o->filetype;
  vfs_obj_release(o);
  if (e)
    return e;
  uint8_t *p = px_mem(inst, (uint32_t)stat, WASI_FDSTAT_SIZE);
  if (!p)
    return WASI_EFAULT;
  memset(p, 0, WASI_FDSTAT_SIZE);
  px_st8(p + 0, filetype);
  px_st16(p + 2, flags);
  px_st64(p + 8, en.rights_base);
  px_st64(p + 16, en.rights_inheriting);
  return 0;
}

int32_t wasmc_wasi_fd_fdstat_set_flags(wasmc_instance *inst, int32_t fd, int32_t flags) {
  (void)inst;
  if ((uint32_t)flags & ~WASI_FDFLAGS_ALL)
    return WASI_EINVAL;
  vfs_obj *o;
  int e = px_fd(fd, WASI_RIGHT_FD_FDSTAT_SET_FLAGS, 0, &o, NULL);
  if (e)
    return e;
  NEED(o, set_flags);
  e = o->ops->set_flags(o, (uint16_t)flags);
  vfs_obj_release(o);
  return e;
}

int32_t wasmc_wasi_fd_fdstat_set_rights(wasmc_instance *inst, int32_t fd, int64_t base,
                                        int64_t inheriting) {
  (void)inst;
  return vfs_fd_set_rights(fd, (uint64_t)base, (uint64_t)inheriting);
}

/* Write a vfs_filestat at guest address buf (64 bytes). */
static int put_filestat(wasmc_instance *inst, uint32_t buf, const vfs_filestat *st) {
  uint8_t *p = px_mem(inst, buf, WASI_FILESTAT_SIZE);
  if (!p)
    return WASI_EFAULT;
  memset(p, 0, WASI_FILESTAT_SIZE);
  px_st64(p + 0, st->dev);
  px_st64(p + 8, st->ino);
  px_st8(p + 16, st->filetype);
  px_st64(p + 24, st->nlink);
  px_st64(p + 32, st->size);
  px_st64(p + 40, st->atim);
  px_st64(p + 48, st->mtim);
  px_st64(p + 56, st->ctim);
  return 0;
}

int px_put_filestat(wasmc_instance *inst, uint32_t buf, const vfs_filestat *st) {
  return put_filestat(inst, buf, st);
}

int32_t wasmc_wasi_fd_filestat_get(wasmc_instance *inst, int32_t fd, int32_t buf) {
  vfs_obj *o;
  int e = px_fd(fd, WASI_RIGHT_FD_FILESTAT_GET, 0, &o, NULL);
  if (e)
    return e;
  NEED(o, fstat);
  vfs_filestat st;
  e = o->ops->fstat(o, &st);
  vfs_obj_release(o);
  return e ? e : put_filestat(inst, (uint32_t)buf, &st);
}

int32_t wasmc_wasi_fd_filestat_set_size(wasmc_instance *inst, int32_t fd, int64_t size) {
  (void)inst;
  vfs_obj *o;
  int e = px_fd(fd, WASI_RIGHT_FD_FILESTAT_SET_SIZE, 1, &o, NULL);
  if (e)
    return e;
  NEED(o, set_size);
  e = size < 0 ? WASI_EINVAL : o->ops->set_size(o, (uint64_t)size);
  vfs_obj_release(o);
  return e;
}

int px_check_fstflags(uint32_t fst) {
  if (fst & ~(WASI_FSTFLAG_ATIM | WASI_FSTFLAG_ATIM_NOW | WASI_FSTFLAG_MTIM | WASI_FSTFLAG_MTIM_NOW))
    return WASI_EINVAL;
  if ((fst & WASI_FSTFLAG_ATIM) && (fst & WASI_FSTFLAG_ATIM_NOW))
    return WASI_EINVAL;
  if ((fst & WASI_FSTFLAG_MTIM) && (fst & WASI_FSTFLAG_MTIM_NOW))
    return WASI_EINVAL;
  return 0;
}

int32_t wasmc_wasi_fd_filestat_set_times(wasmc_instance *inst, int32_t fd, int64_t atim,
                                         int64_t mtim, int32_t fst_flags) {
  (void)inst;
  int e = px_check_fstflags((uint32_t)fst_flags);
  if (e)
    return e;
  vfs_obj *o;
  e = px_fd(fd, WASI_RIGHT_FD_FILESTAT_SET_TIMES, 1, &o, NULL);
  if (e)
    return e;
  NEED(o, set_times);
  e = o->ops->set_times(o, (uint64_t)atim, (uint64_t)mtim, (uint16_t)fst_flags);
  vfs_obj_release(o);
  return e;
}

/* Common body of fd_read / fd_write / fd_pread / fd_pwrite. */
static int32_t do_io(wasmc_instance *inst, int32_t fd, int32_t iovs, int32_t iovs_len,
                     int write, int positional, int64_t offset, int32_t nout) {
  uint64_t rights = write ? WASI_RIGHT_FD_WRITE : WASI_RIGHT_FD_READ;
  if (positional)
    rights |= WASI_RIGHT_FD_SEEK;
  /* Check the result pointer first: no I/O may happen if it can't be reported. */
  uint8_t *np = px_mem(inst, (uint32_t)nout, 4);
  if (!np)
    return WASI_EFAULT;
  struct iovec iov[PX_IOV_MAX];
  int n;
  int e = px_iovs(inst, (uint32_t)iovs, (uint32_t)iovs_len, iov, &n);
  if (e)
    return e;
  vfs_obj *o;
  e = px_fd(fd, rights, write, &o, NULL);
  if (e)
    return e;
  /* A read-only directory is refused above; a file opened through a
   * read-only grant has no FD_WRITE right and gets EROFS from px_fd too. */
  size_t done = 0;
  if (positional && offset < 0) {
    e = WASI_EINVAL;
  } else if (o->filetype == WASI_FILETYPE_DIRECTORY) {
    e = WASI_EISDIR;
  } else if (write) {
    if (positional)
      e = o->ops->pwritev ? o->ops->pwritev(o, iov, n, (uint64_t)offset, &done) : WASI_ESPIPE;
    else
      e = o->ops->writev ? o->ops->writev(o, iov, n, &done) : WASI_EBADF;
  } else {
    if (positional)
      e = o->ops->preadv ? o->ops->preadv(o, iov, n, (uint64_t)offset, &done) : WASI_ESPIPE;
    else
      e = o->ops->readv ? o->ops->readv(o, iov, n, &done) : WASI_EBADF;
  }
  vfs_obj_release(o);
  px_check_interrupt(inst, e, write ? "fd_write" : "fd_read");
  if (e)
    return e;
  px_st32(np, (uint32_t)done);
  return 0;
}

int32_t wasmc_wasi_fd_read(wasmc_instance *inst, int32_t fd, int32_t iovs, int32_t iovs_len,
                           int32_t nread) {
  return do_io(inst, fd, iovs, iovs_len, 0, 0, 0, nread);
}

int32_t wasmc_wasi_fd_write(wasmc_instance *inst, int32_t fd, int32_t iovs, int32_t iovs_len,
                            int32_t nwritten) {
  return do_io(inst, fd, iovs, iovs_len, 1, 0, 0, nwritten);
}

int32_t wasmc_wasi_fd_pread(wasmc_instance *inst, int32_t fd, int32_t iovs, int32_t iovs_len,
                            int64_t offset, int32_t nread) {
  return do_io(inst, fd, iovs, iovs_len, 0, 1, offset, nread);
}

int32_t wasmc_wasi_fd_pwrite(wasmc_instance *inst, int32_t fd, int32_t iovs, int32_t iovs_len,
                             int64_t offset, int32_t nwritten) {
  return do_io(inst, fd, iovs, iovs_len, 1, 1, offset, nwritten);
}

int32_t wasmc_wasi_fd_prestat_get(wasmc_instance *inst, int32_t fd, int32_t buf) {
  size_t len;
  char dummy;
  int e = vfs_fd_prestat(fd, &dummy, 0, &len);
  if (e)
    return e;
  uint8_t *p = px_mem(inst, (uint32_t)buf, WASI_PRESTAT_SIZE);
  if (!p)
    return WASI_EFAULT;
  memset(p, 0, WASI_PRESTAT_SIZE);
  px_st8(p, WASI_PREOPENTYPE_DIR);
  px_st32(p + 4, (uint32_t)len);
  return 0;
}

int32_t wasmc_wasi_fd_prestat_dir_name(wasmc_instance *inst, int32_t fd, int32_t path,
                                       int32_t path_len) {
  size_t len;
  char dummy;
  int e = vfs_fd_prestat(fd, &dummy, 0, &len);
  if (e)
    return e;
  uint8_t *p = px_mem(inst, (uint32_t)path, (uint32_t)path_len);
  if (!p)
    return WASI_EFAULT;
  if ((uint32_t)path_len < len)
    return WASI_ENAMETOOLONG;
  /* Exactly len bytes, no NUL (as wasmtime and uvwasi). */
  return vfs_fd_prestat(fd, (char *)p, len, &len);
}

int32_t wasmc_wasi_fd_renumber(wasmc_instance *inst, int32_t fd, int32_t to) {
  (void)inst;
  return vfs_fd_renumber(fd, to);
}

int32_t wasmc_wasi_fd_seek(wasmc_instance *inst, int32_t fd, int64_t offset, int32_t whence,
                           int32_t newoffset) {
  if ((uint32_t)whence > WASI_WHENCE_END)
    return WASI_EINVAL;
  uint8_t *np = px_mem(inst, (uint32_t)newoffset, 8);
  if (!np)
    return WASI_EFAULT;
  /* fd_tell-equivalent seeks only need FD_TELL (preview1 rights.witx). */
  uint64_t rights = (offset == 0 && whence == WASI_WHENCE_CUR) ? WASI_RIGHT_FD_TELL
                                                                : WASI_RIGHT_FD_SEEK;
  vfs_obj *o;
  int e = px_fd(fd, rights, 0, &o, NULL);
  if (e)
    return e;
  NEED(o, seek);
  uint64_t pos = 0;
  e = o->filetype == WASI_FILETYPE_DIRECTORY ? WASI_EBADF : o->ops->seek(o, offset, whence, &pos);
  vfs_obj_release(o);
  if (e)
    return e;
  px_st64(np, pos);
  return 0;
}

int32_t wasmc_wasi_fd_tell(wasmc_instance *inst, int32_t fd, int32_t offset) {
  uint8_t *np = px_mem(inst, (uint32_t)offset, 8);
  if (!np)
    return WASI_EFAULT;
  vfs_obj *o;
  int e = px_fd(fd, WASI_RIGHT_FD_TELL, 0, &o, NULL);
  if (e)
    return e;
  NEED(o, seek);
  uint64_t pos = 0;
  e = o->ops->seek(o, 0, WASI_WHENCE_CUR, &pos);
  vfs_obj_release(o);
  if (e)
    return e;
  px_st64(np, pos);
  return 0;
}

/* ---- fd_readdir --------------------------------------------------------- */

typedef struct readdir_ctx {
  uint8_t *buf;
  uint32_t len, used;
} readdir_ctx;

/* Append one dirent (header + name, no NUL); the entry that doesn't fit is
 * written truncated and ends the call with used == len, as preview1 says. */
static int readdir_cb(void *vctx, uint64_t next, uint64_t ino, const char *name, size_t namlen,
                      uint8_t type) {
  readdir_ctx *c = vctx;
  uint8_t ent[WASI_DIRENT_SIZE + 256];
  if (namlen > 255)
    namlen = 255;
  memset(ent, 0, WASI_DIRENT_SIZE);
  px_st64(ent + 0, next);
  px_st64(ent + 8, ino);
  px_st32(ent + 16, (uint32_t)namlen);
  px_st8(ent + 20, type);
  memcpy(ent + WASI_DIRENT_SIZE, name, namlen);
  size_t total = WASI_DIRENT_SIZE + namlen;
  size_t room = c->len - c->used;
  size_t n = total < room ? total : room;
  memcpy(c->buf + c->used, ent, n);
  c->used += (uint32_t)n;
  return n < total; /* truncated: stop; the stream rewinds to this entry */
}

/* Stop (without consuming the entry: the backend rewinds before it) once the
 * buffer is full, so an exactly-full buffer costs no extra skip next time. */
static int readdir_cb_wrap(void *vctx, uint64_t next, uint64_t ino, const char *name,
                           size_t namlen, uint8_t type) {
  readdir_ctx *c = vctx;
  if (c->used == c->len)
    return 1;
  return readdir_cb(vctx, next, ino, name, namlen, type);
}

int32_t wasmc_wasi_fd_readdir(wasmc_instance *inst, int32_t fd, int32_t buf, int32_t buf_len,
                              int64_t cookie, int32_t bufused) {
  uint8_t *bp = px_mem(inst, (uint32_t)buf, (uint32_t)buf_len);
  uint8_t *up = px_mem(inst, (uint32_t)bufused, 4);
  if (!bp || !up)
    return WASI_EFAULT;
  vfs_obj *o;
  int e = px_fd(fd, WASI_RIGHT_FD_READDIR, 0, &o, NULL);
  if (e)
    return e;
  if (o->filetype != WASI_FILETYPE_DIRECTORY) {
    vfs_obj_release(o);
    return WASI_ENOTDIR;
  }
  NEED(o, readdir);
  readdir_ctx c = {bp, (uint32_t)buf_len, 0};
  if (c.len > 0)
    e = o->ops->readdir(o, (uint64_t)cookie, readdir_cb_wrap, &c);
  vfs_obj_release(o);
  if (e)
    return e;
  px_st32(up, c.used);
  return 0;
}
