/*
 * vfs.h — the wasmc file-system layer (internal to libwasmc_rt).
 *
 * Three pieces:
 *   - objects: a refcounted vfs_obj (an open file, directory, stream or
 *     socket) whose behaviour is a backend's vfs_ops table (host directories
 *     now; an in-memory fs and a read-only box image later);
 *   - the fd table: guest fd -> object + WASI rights (base, inheriting);
 *   - the host path resolver: every guest path is resolved BENEATH a directory
 *     fd (openat2 RESOLVE_BENEATH, or a component walk when openat2 is absent).
 *
 * Every function returning `int` returns a WASI errno (vfs_wasi.h), 0 on
 * success.  All symbols are hidden: nothing here is exported from the library.
 */
#ifndef VFS_H
#define VFS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/uio.h>

#include "vfs_wasi.h"

#define VFS_HIDDEN __attribute__((visibility("hidden")))

/* Largest guest path accepted (bytes, without NUL): longer -> ENAMETOOLONG.
 * Linux's PATH_MAX (4096) counts the NUL, so openat2 refuses 4096-byte paths:
 * the component walk must use the same limit. */
#define VFS_PATH_MAX 4095u
/* Symlinks followed during one resolution before ELOOP (as Linux MAXSYMLINKS). */
#define VFS_MAX_SYMLINK_HOPS 40u
/* Largest guest fd number + 1: bounds the fd table (EMFILE beyond). */
#define VFS_MAX_FDS 65536u

/* One host error -> WASI errno mapping, used everywhere. */
VFS_HIDDEN int vfs_errno_from_host(int host_errno);

/* ------------------------------------------------------------------------ */
/* Objects and backends                                                      */
/* ------------------------------------------------------------------------ */
typedef struct vfs_obj vfs_obj;

typedef struct vfs_filestat {
  uint64_t dev, ino;
  uint8_t filetype;  /* WASI_FILETYPE_* */
  uint64_t nlink, size;
  uint64_t atim, mtim, ctim;  /* nanoseconds since the epoch */
} vfs_filestat;

/* Options of vfs_ops.open (WASI path_open after rights were checked). */
typedef struct vfs_open_args {
  uint32_t lookupflags;  /* WASI_LOOKUP_* */
  uint32_t oflags;       /* WASI_O_* */
  uint32_t fdflags;      /* WASI_FDFLAG_* */
  int read, write;       /* access wanted (derived from the requested rights);
                            write access to a directory is EISDIR, also with
                            `directory` (which then says ENOTDIR for a file) */
} vfs_open_args;

/* fd_readdir callback: one entry; return nonzero to stop. */
typedef int (*vfs_dirent_fn)(void *ctx, uint64_t next_cookie, uint64_t ino, const char *name,
                             size_t namlen, uint8_t filetype);

/*
 * A backend: every operation an object supports.  Path operations take a
 * directory object of the same backend and a guest path relative to it (never
 * absolute, already NUL-checked).  A NULL member means "not supported"
 * (callers return WASI_ENOTSUP, or WASI_EBADF where the spec says so).
 *
 * Trailing '/' (every backend answers the same; Linux's rules unless noted;
 * the table in docs/wasi.md, checked by tests/wasi/path_rules.c):
 *   - it follows a final symlink, even without `follow` (open, stat_path,
 *     set_times_path, readlink, the old name of link), except where Linux
 *     acts on the name itself: mkdir, rmdir, unlink, rename;
 *   - what it names must be a directory: otherwise ENOTDIR (open, stat_path,
 *     set_times_path, readlink, rmdir, unlink — "link/" too —, the old name
 *     of link; rename when the source is not a directory), nothing is ENOENT;
 *   - open with WASI_O_CREAT: EISDIR once the parent resolves;
 *   - mkdir "a/" creates a ("file/" is EEXIST); unlink "dir/" is EISDIR;
 *   - the NEW name of link and symlink is never created: nothing -> ENOENT,
 *     a non-directory -> ENOTDIR, a directory -> EEXIST (Wasmtime: cap-std
 *     opens "x/" as the directory x and works on "." in it; Linux would say
 *     EEXIST for any existing name).
 */
typedef struct vfs_ops {
  uint32_t version;  /* VFS_OPS_VERSION */
  const char *name;
  void (*destroy)(vfs_obj *o);
  /* Host fd for poll(2)/sockets, or -1. */
  int (*host_fd)(vfs_obj *o);
  int (*readv)(vfs_obj *o, const struct iovec *iov, int n, size_t *out_n);
  int (*preadv)(vfs_obj *o, const struct iovec *iov, int n, uint64_t off, size_t *out_n);
  int (*writev)(vfs_obj *o, const struct iovec *iov, int n, size_t *out_n);
  int (*pwritev)(vfs_obj *o, const struct iovec *iov, int n, uint64_t off, size_t *out_n);
  int (*seek)(vfs_obj *o, int64_t off, int whence, uint64_t *out_pos);
  int (*fstat)(vfs_obj *o, vfs_filestat *out);
  int (*get_flags)(vfs_obj *o, uint16_t *out_fdflags);
  int (*set_flags)(vfs_obj *o, uint16_t fdflags);
  int (*set_size)(vfs_obj *o, uint64_t size);
  int (*set_times)(vfs_obj *o, uint64_t atim, uint64_t mtim, uint16_t fstflags);
  int (*sync)(vfs_obj *o, int data_only);
  int (*advise)(vfs_obj *o, uint64_t off, uint64_t len, uint8_t advice);
  int (*allocate)(vfs_obj *o, uint64_t off, uint64_t len);
  /* Entries from position `cookie` (0: start); cookies are entry ordinals. */
  int (*readdir)(vfs_obj *o, uint64_t cookie, vfs_dirent_fn fn, void *ctx);
  int (*open)(vfs_obj *dir, const char *path, const vfs_open_args *a, vfs_obj **out);
  int (*mkdir)(vfs_obj *dir, const char *path);
  int (*rmdir)(vfs_obj *dir, const char *path);
  int (*unlink)(vfs_obj *dir, const char *path);
  int (*stat_path)(vfs_obj *dir, const char *path, int follow, vfs_filestat *out);
  int (*set_times_path)(vfs_obj *dir, const char *path, int follow, uint64_t atim,
                        uint64_t mtim, uint16_t fstflags);
  int (*readlink)(vfs_obj *dir, const char *path, char *buf, size_t len, size_t *out_len);
  int (*symlink)(const char *target, vfs_obj *dir, const char *path);
  int (*link)(vfs_obj *old_dir, const char *old_path, int follow, vfs_obj *new_dir,
              const char *new_path);
  int (*rename)(vfs_obj *old_dir, const char *old_path, vfs_obj *new_dir, const char *new_path);
} vfs_ops;

#define VFS_OPS_VERSION 1u

/* Common header of every object; backends embed it first. */
struct vfs_obj {
  const vfs_ops *ops;
  _Atomic uint32_t refs;
  uint8_t filetype;   /* WASI_FILETYPE_* at open time */
  uint8_t readonly;   /* reached through a read-only grant: refuse mutations (EROFS) */
  uint16_t rsync;     /* WASI_FDFLAG_RSYNC requested at open (Linux can't report it) */
};

VFS_HIDDEN void vfs_obj_retain(vfs_obj *o);
/* Drop one reference; destroys the object (closing host fds) at zero. */
VFS_HIDDEN void vfs_obj_release(vfs_obj *o);

/* Host backend (vfs_host.c). */
/* Open host directory `host_path` as a grant root.  Returns 0 or a host errno
 * (not WASI: callers print strerror). */
VFS_HIDDEN int vfs_host_open_root(const char *host_path, int readonly, vfs_obj **out);
/* Wrap host fd `fd` (ownership passes to the object). */
VFS_HIDDEN int vfs_host_wrap_fd(int fd, vfs_obj **out);

/* Box backend (vfs_box.c): the read-only image of wasmc_box.h under an
 * in-memory overlay (docs/boxes.md). */
/* Check the image's header (`size` bytes at `image`, which must outlive the
 * process) and make it the process's box; *out_mounts: its mount count.
 * Prints one line and returns WASI_EIO when the header is corrupted. */
VFS_HIDDEN int vfs_box_load(const uint8_t *image, uint64_t size, uint32_t *out_mounts);
/* Open the root of mount `index` of the loaded box: *out_root (a new
 * reference) and *out_guest (its guest path, malloc'd; the caller frees it). */
VFS_HIDDEN int vfs_box_mount(uint32_t index, vfs_obj **out_root, char **out_guest);

/* ------------------------------------------------------------------------ */
/* fd table                                                                  */
/* ------------------------------------------------------------------------ */
typedef struct vfs_fd_entry {
  vfs_obj *obj;            /* NULL: free slot */
  uint64_t rights_base;
  uint64_t rights_inheriting;
  char *preopen_name;      /* guest name for fd_prestat_*, or NULL */
} vfs_fd_entry;

/* Install `obj` (takes one reference) at exactly `fd` (must be free). */
VFS_HIDDEN int vfs_fd_install_at(uint32_t fd, vfs_obj *obj, uint64_t base, uint64_t inh,
                                 const char *preopen_name);
/* Install `obj` (takes one reference) at the lowest free fd. */
VFS_HIDDEN int vfs_fd_install(vfs_obj *obj, uint64_t base, uint64_t inh, uint32_t *out_fd);
/* Look up `fd` requiring all of `rights`: on success *out_obj holds a new
 * reference (release it) and *out_entry (optional) a copy of the entry with
 * preopen_name set to NULL.  EBADF for a bad fd, ENOTCAPABLE for missing
 * rights. */
VFS_HIDDEN int vfs_fd_get(int32_t fd, uint64_t rights, vfs_obj **out_obj, vfs_fd_entry *out_entry);
/* Copy the preopen name of `fd` into buf (up to len bytes); *out_len its length. */
VFS_HIDDEN int vfs_fd_prestat(int32_t fd, char *buf, size_t len, size_t *out_len);
VFS_HIDDEN int vfs_fd_close(int32_t fd);
VFS_HIDDEN int vfs_fd_renumber(int32_t from, int32_t to);
/* Only shrink: new rights must be a subset of the current ones. */
VFS_HIDDEN int vfs_fd_set_rights(int32_t fd, uint64_t base, uint64_t inh);
/* Close every fd and free the table (tests, exit). */
VFS_HIDDEN void vfs_fd_table_reset(void);

/* ------------------------------------------------------------------------ */
/* Host path resolution (vfs_resolve.c)                                      */
/* ------------------------------------------------------------------------ */
/* Result of resolving a path down to its last component. */
typedef struct vfs_resolved {
  int dirfd;          /* O_PATH directory fd beneath the root (owned; close it) */
  char name[256];     /* last component ("." when the path names a directory itself) */
  int must_dir;       /* the guest path ended in '/' */
} vfs_resolved;

/* Open `path` beneath directory `rootfd` with open(2) `flags` and `mode`.
 * follow: follow a symlink in the last component (still beneath the root).
 * Escapes (`..` above the root, absolute paths or symlinks) -> ENOTCAPABLE. */
VFS_HIDDEN int vfs_resolve_open(int rootfd, const char *path, int flags, mode_t mode, int follow,
                                int *out_fd);
/* Resolve every component but the last beneath `rootfd` (and the last too if
 * it is a symlink and follow is set) for an *at() call on out->name. */
VFS_HIDDEN int vfs_resolve_parent(int rootfd, const char *path, int follow, vfs_resolved *out);
/* Testing switch: nonzero forces the component walk even when openat2 works. */
VFS_HIDDEN void vfs_resolve_force_fallback(int on);

/* The program's time is up (--timeout, set once from the runtime's timer
 * thread through px_interrupt): host I/O loops stop retrying a system call
 * that a signal interrupted and return WASI_EINTR, so that the WASI layer
 * can trap instead of blocking again.  vfs_eintr_retry: whether to retry
 * after a failed call (errno EINTR and not interrupted). */
VFS_HIDDEN void vfs_set_interrupted(void);
VFS_HIDDEN int vfs_eintr_retry(void);
/* 1 if openat2 is used (after a probe), 0 if the fallback walk is. */
VFS_HIDDEN int vfs_resolve_uses_openat2(int rootfd);

#endif /* VFS_H */
