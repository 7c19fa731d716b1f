/*
 * vfs_fdtab.c — the guest fd table: fd -> refcounted object + WASI rights.
 *
 * One table per process (WASI preview1 has one fd space per program).  A
 * mutex guards the table; operations take a reference to the object under the
 * lock and work on it after releasing it, so a concurrent fd_close never frees
 * an object in use (WAMR's model).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "vfs.h"

/* Objects are shared by fd_renumber targets and in-flight operations. */
void vfs_obj_retain(vfs_obj *o) { atomic_fetch_add(&o->refs, 1); }

void vfs_obj_release(vfs_obj *o) {
  if (o && atomic_fetch_sub(&o->refs, 1) == 1)
    o->ops->destroy(o);
}

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static vfs_fd_entry *g_fds;
static uint32_t g_nfds; /* allocated slots */

/* Make slot `fd` exist.  Called with the lock held. */
static int grow_to(uint32_t fd) {
  if (fd >= VFS_MAX_FDS)
    return WASI_EMFILE;
  if (fd < g_nfds)
    return 0;
  uint32_t n = g_nfds ? g_nfds : 16;
  while (n <= fd)
    n *= 2;
  if (n > VFS_MAX_FDS)
    n = VFS_MAX_FDS;
  vfs_fd_entry *p = realloc(g_fds, (size_t)n * sizeof *p);
  if (!p)
    return WASI_ENOMEM;
  memset(p + g_nfds, 0, (size_t)(n - g_nfds) * sizeof *p);
  g_fds = p;
  g_nfds = n;
  return 0;
}

static int put(uint32_t fd, vfs_obj *obj, uint64_t base, uint64_t inh, const char *name) {
  char *copy = NULL;
  if (name && !(copy = strdup(name)))
    return WASI_ENOMEM;
  int e = grow_to(fd);
  if (e) {
    free(copy);
    return e;
  }
  g_fds[fd].obj = obj;
  g_fds[fd].rights_base = base;
  g_fds[fd].rights_inheriting = inh;
  g_fds[fd].preopen_name = copy;
  return 0;
}

int vfs_fd_install_at(uint32_t fd, vfs_obj *obj, uint64_t base, uint64_t inh,
                      const char *preopen_name) {
  pthread_mutex_lock(&g_lock);
  int e = (fd < g_nfds && g_fds[fd].obj) ? WASI_EBADF : put(fd, obj, base, inh, preopen_name);
  pthread_mutex_unlock(&g_lock);
  return e;
}

int vfs_fd_install(vfs_obj *obj, uint64_t base, uint64_t inh, uint32_t *out_fd) {
  pthread_mutex_lock(&g_lock);
  uint32_t fd = 0;
  while (fd < g_nfds && g_fds[fd].obj)
    fd++;
  int e = put(fd, obj, base, inh, NULL);
  pthread_mutex_unlock(&g_lock);
  if (e == 0)
    *out_fd = fd;
  return e;
}

/* Entry of a valid fd, or NULL.  Lock held. */
static vfs_fd_entry *entry(int32_t fd) {
  if (fd < 0 || (uint32_t)fd >= g_nfds || !g_fds[fd].obj)
    return NULL;
  return &g_fds[fd];
}

int vfs_fd_get(int32_t fd, uint64_t rights, vfs_obj **out_obj, vfs_fd_entry *out_entry) {
  int e = 0;
  pthread_mutex_lock(&g_lock);
  vfs_fd_entry *en = entry(fd);
  if (!en) {
    e = WASI_EBADF;
  } else if ((en->rights_base & rights) != rights) {
    e = WASI_ENOTCAPABLE;
  } else {
    vfs_obj_retain(en->obj);
    *out_obj = en->obj;
    if (out_entry) {
      *out_entry = *en;
      out_entry->preopen_name = NULL;
    }
  }
  pthread_mutex_unlock(&g_lock);
  return e;
}

int vfs_fd_prestat(int32_t fd, char *buf, size_t len, size_t *out_len) {
  int e = 0;
  pthread_mutex_lock(&g_lock);
  vfs_fd_entry *en = entry(fd);
  if (!en || !en->preopen_name) {
    e = WASI_EBADF;
  } else {
    size_t n = strlen(en->preopen_name);
    memcpy(buf, en->preopen_name, n < len ? n : len);
    *out_len = n;
  }
  pthread_mutex_unlock(&g_lock);
  return e;
}

int vfs_fd_close(int32_t fd) {
  vfs_obj *o = NULL;
  char *name = NULL;
  pthread_mutex_lock(&g_lock);
  vfs_fd_entry *en = entry(fd);
  if (en) {
    o = en->obj;
    name = en->preopen_name;
    memset(en, 0, sizeof *en);
  }
  pthread_mutex_unlock(&g_lock);
  if (!o)
    return WASI_EBADF;
  free(name);
  vfs_obj_release(o);
  return 0;
}

int vfs_fd_renumber(int32_t from, int32_t to) {
  vfs_obj *old = NULL;
  char *old_name = NULL;
  int e = 0;
  pthread_mutex_lock(&g_lock);
  vfs_fd_entry *a = entry(from), *b = entry(to);
  if (!a || !b) {
    e = WASI_EBADF;
  } else if (a != b) {
    old = b->obj;
    old_name = b->preopen_name;
    *b = *a;
    memset(a, 0, sizeof *a);
  }
  pthread_mutex_unlock(&g_lock);
  free(old_name);
  if (old)
    vfs_obj_release(old);
  return e;
}

int vfs_fd_set_rights(int32_t fd, uint64_t base, uint64_t inh) {
  int e = 0;
  pthread_mutex_lock(&g_lock);
  vfs_fd_entry *en = entry(fd);
  if (!en)
    e = WASI_EBADF;
  else if ((base & ~en->rights_base) || (inh & ~en->rights_inheriting))
    e = WASI_ENOTCAPABLE;
  else {
    en->rights_base = base;
    en->rights_inheriting = inh;
  }
  pthread_mutex_unlock(&g_lock);
  return e;
}

void vfs_fd_table_reset(void) {
  pthread_mutex_lock(&g_lock);
  vfs_fd_entry *fds = g_fds;
  uint32_t n = g_nfds;
  g_fds = NULL;
  g_nfds = 0;
  pthread_mutex_unlock(&g_lock);
  for (uint32_t i = 0; i < n; i++) {
    if (fds[i].obj) {
      free(fds[i].preopen_name);
      vfs_obj_release(fds[i].obj);
    }
  }
  free(fds);
}
