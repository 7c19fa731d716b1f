/*
 * vfs_box.c — the box backend: a read-only image embedded in the executable
 * (wasmc_box.h) under an in-memory overlay (docs/boxes.md).
 *
 * Each mount is a tree of nodes kept in memory.  A node starts as a view of
 * an image node; a directory reads its entries from the image the first time
 * the guest looks into it (so start-up costs the same for 10 files or 100,000),
 * a file reads its bytes straight from the image until the first write, which
 * copies them up into a heap buffer.  Unlink, rmdir and rename edit the
 * in-memory directory, which hides the image entry for good (a whiteout), so
 * the image itself is never written and the host is never touched.
 *
 * Integrity: a node record's hash is checked when it is read, a directory's
 * entries when it is loaded, a file's contents when it is first opened; a
 * mismatch prints one line naming the guest path and the call fails with EIO.
 *
 * One mutex guards every box (WASI preview1 programs are mostly
 * single-threaded; the lock only keeps a threaded embedder safe).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "vfs.h"
#include "wasmc_box.h"

/* Largest file the overlay holds (bytes): beyond it writes fail with EFBIG. */
#define BOX_MAX_FILE (UINT64_C(1) << 40)

typedef struct box_image {
  const uint8_t *base;
  uint64_t size;
  uint32_t n_nodes;
  uint64_t nodes_off;
  uint8_t *verified;        /* [n_nodes] file contents checked (calloc'd: lazy pages) */
  struct bnode **shared;    /* [n_nodes] in-memory node of a multiply-linked file */
} box_image;

typedef struct box_fs {
  box_image *img;
  char *guest;              /* mount point (preopen name) */
  size_t guest_len;
  uint64_t dev;
  struct bnode *root;
} box_fs;

typedef struct bent {
  char *name;
  size_t len;
  struct bnode *node;
} bent;

typedef struct bnode {
  box_fs *fs;
  uint8_t type;             /* WASI_FILETYPE_* */
  bool loaded;              /* dir: entries read from the image */
  bool removed;             /* dir: rmdir'ed (open fds see an empty directory) */
  bool copied;              /* file: contents in buf (else the image's) */
  uint32_t mode;
  uint32_t img;             /* image node index, 0: created by the guest */
  uint64_t ino;
  uint64_t names;           /* directory entries naming it (files), 1 for dirs */
  uint64_t opens;           /* open objects */
  uint64_t atim, mtim, ctim;
  /* file */
  const uint8_t *ro;        /* image bytes while !copied */
  uint8_t *buf;
  uint64_t size, cap;
  /* symlink */
  char *target;
  /* directory */
  struct bnode *parent;     /* NULL for the mount root (and removed dirs) */
  bent *ents;               /* sorted by name (bytewise, shorter first) */
  size_t n, nalloc;
} bnode;

typedef struct box_obj {
  vfs_obj h;
  bnode *n;
  uint64_t pos;
  uint16_t fdflags;
  uint8_t rd, wr;
} box_obj;

static const vfs_ops box_ops;
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t g_next_ino = UINT64_C(1) << 32; /* inodes of nodes the guest creates */

static box_obj *B(vfs_obj *o) { return (box_obj *)o; }

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (uint64_t)ts.tv_sec * UINT64_C(1000000000) + (uint64_t)ts.tv_nsec;
}

/* ---- image access (every offset checked) -------------------------------- */

static int in_image(const box_image *im, uint64_t off, uint64_t len) {
  return off <= im->size && len <= im->size - off;
}

static void corrupt(const bnode *dir, const char *name, const char *what);

/* Read and check image node `idx`; on failure report it (named by the entry
 * `name` in `dir`) and return EIO. */
static int img_node(box_image *im, uint32_t idx, const bnode *dir, const char *name,
                    wasmc_box_node *out) {
  if (idx == 0 || idx >= im->n_nodes) {
    corrupt(dir, name, "node index out of range");
    return WASI_EIO;
  }
  memcpy(out, im->base + im->nodes_off + (uint64_t)idx * sizeof *out, sizeof *out);
  if (XXH3_64bits(out, 48) != out->node_hash) {
    corrupt(dir, name, "node record does not match its hash");
    return WASI_EIO;
  }
  uint64_t len = out->filetype == WASMC_BOX_DIRECTORY ? out->size * sizeof(wasmc_box_dirent)
                                                       : out->size;
  if ((out->filetype == WASMC_BOX_DIRECTORY &&
       (out->size > im->size / sizeof(wasmc_box_dirent) || out->data_off % 8 != 0)) ||
      !in_image(im, out->data_off, len) ||
      (out->filetype != WASMC_BOX_DIRECTORY && out->filetype != WASMC_BOX_REGULAR_FILE &&
       out->filetype != WASMC_BOX_SYMBOLIC_LINK)) {
    corrupt(dir, name, "node record out of range");
    return WASI_EIO;
  }
  return 0;
}

/* ---- nodes -------------------------------------------------------------- */

static bnode *node_new(box_fs *fs, uint8_t type, uint32_t mode) {
  bnode *n = calloc(1, sizeof *n);
  if (!n)
    return NULL;
  n->fs = fs;
  n->type = type;
  n->mode = mode;
  n->ino = g_next_ino++;
  n->atim = n->mtim = n->ctim = now_ns();
  n->loaded = true;
  return n;
}

static void node_free(bnode *n) {
  if (n->img && n->fs->img->shared[n->img] == n)
    n->fs->img->shared[n->img] = NULL;
  for (size_t i = 0; i < n->n; i++)
    free(n->ents[i].name);
  free(n->ents);
  free(n->buf);
  free(n->target);
  free(n);
}

/* Drop a name or an open reference; frees the node when none is left.  A
 * directory's children hold a name reference each, dropped with it. */
static void node_unref(bnode *n, int name) {
  if (name)
    n->names--;
  else
    n->opens--;
  if (n->names || n->opens)
    return;
  for (size_t i = 0; i < n->n; i++) {
    bnode *c = n->ents[i].node;
    if (c->type == WASI_FILETYPE_DIRECTORY && c->parent == n)
      c->parent = NULL;
    node_unref(c, 1);
  }
  node_free(n);
}

/* Node for image node `idx` named `name` in `dir`. */
static int node_from_image(box_fs *fs, uint32_t idx, bnode *dir, const char *name, bnode **out) {
  box_image *im = fs->img;
  if (idx < im->n_nodes && im->shared[idx]) { /* another name of a hard link */
    *out = im->shared[idx];
    return 0;
  }
  wasmc_box_node r;
  int e = img_node(im, idx, dir, name, &r);
  if (e)
    return e;
  bnode *n = calloc(1, sizeof *n);
  if (!n)
    return WASI_ENOMEM;
  n->fs = fs;
  n->type = r.filetype;
  n->mode = r.mode & 07777u;
  n->img = idx;
  n->ino = idx;
  n->atim = n->mtim = n->ctim = r.mtim;
  n->names = 1;
  if (r.filetype == WASMC_BOX_REGULAR_FILE) {
    n->ro = im->base + r.data_off;
    n->size = r.size;
    if (r.nlink > 1) { /* every name counts, loaded or not */
      n->names = r.nlink;
      im->shared[idx] = n;
    }
  } else if (r.filetype == WASMC_BOX_SYMBOLIC_LINK) {
    if (r.size == 0 || r.size > VFS_PATH_MAX ||
        XXH3_64bits(im->base + r.data_off, r.size) != r.data_hash ||
        memchr(im->base + r.data_off, 0, r.size)) {
      free(n);
      corrupt(dir, name, "symbolic link does not match its hash");
      return WASI_EIO;
    }
    n->target = malloc(r.size + 1);
    if (!n->target) {
      free(n);
      return WASI_ENOMEM;
    }
    memcpy(n->target, im->base + r.data_off, r.size);
    n->target[r.size] = '\0';
  } else {
    n->size = r.size; /* entries, until loaded */
    n->parent = dir;
  }
  *out = n;
  return 0;
}

/* Read a directory's entries from the image (once). */
static int dir_load(bnode *d) {
  if (d->loaded)
    return 0;
  box_image *im = d->fs->img;
  wasmc_box_node r;
  int e = img_node(im, d->img, d->parent, ".", &r);
  if (e)
    return e;
  const wasmc_box_dirent *de = (const wasmc_box_dirent *)(const void *)(im->base + r.data_off);
  XXH3_state_t st;
  XXH3_64bits_reset(&st);
  XXH3_64bits_update(&st, de, r.size * sizeof *de);
  for (uint64_t i = 0; i < r.size; i++) {
    if (!in_image(im, de[i].name_off, de[i].name_len) || de[i].name_len == 0 ||
        de[i].name_len > 255) {
      corrupt(d, NULL, "directory entry out of range");
      return WASI_EIO;
    }
    XXH3_64bits_update(&st, im->base + de[i].name_off, de[i].name_len);
  }
  if (XXH3_64bits_digest(&st) != r.data_hash) {
    corrupt(d, NULL, "directory does not match its hash");
    return WASI_EIO;
  }
  bent *ents = calloc(r.size ? r.size : 1, sizeof *ents);
  if (!ents)
    return WASI_ENOMEM;
  size_t n = 0;
  for (; n < r.size; n++) {
    char name[256];
    memcpy(name, im->base + de[n].name_off, de[n].name_len);
    name[de[n].name_len] = '\0';
    if (memchr(name, '/', de[n].name_len) || memchr(name, 0, de[n].name_len)) {
      e = WASI_EIO; /* cannot pass the hash check unless the compiler wrote it */
      corrupt(d, NULL, "directory entry with a bad name");
    }
    bnode *c = NULL;
    if (!e)
      e = node_from_image(d->fs, de[n].node, d, name, &c);
    if (!e && !(ents[n].name = strdup(name)))
      e = WASI_ENOMEM;
    if (e) {
      for (size_t i = 0; i < n; i++) {
        free(ents[i].name);
        node_unref(ents[i].node, 1);
      }
      free(ents);
      return e;
    }
    ents[n].len = de[n].name_len;
    ents[n].node = c;
  }
  d->ents = ents;
  d->n = d->nalloc = n;
  d->loaded = true;
  return 0;
}

static int name_cmp(const char *a, size_t al, const char *b, size_t bl) {
  int c = memcmp(a, b, al < bl ? al : bl);
  return c ? c : (al < bl ? -1 : al > bl);
}

/* Index of `name` in loaded dir d, or -(insertion point) - 1. */
static long dir_find(const bnode *d, const char *name, size_t len) {
  size_t lo = 0, hi = d->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = name_cmp(d->ents[mid].name, d->ents[mid].len, name, len);
    if (c == 0)
      return (long)mid;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return -(long)lo - 1;
}

static int dir_lookup(bnode *d, const char *name, bnode **out) {
  int e = dir_load(d);
  if (e)
    return e;
  long i = dir_find(d, name, strlen(name));
  if (i < 0)
    return WASI_ENOENT;
  *out = d->ents[i].node;
  return 0;
}

/* Room for one more entry in d. */
static int dir_reserve(bnode *d) {
  if (d->n < d->nalloc)
    return 0;
  size_t na = d->nalloc ? d->nalloc * 2 : 8;
  bent *p = realloc(d->ents, na * sizeof *p);
  if (!p)
    return WASI_ENOSPC;
  d->ents = p;
  d->nalloc = na;
  return 0;
}

/* Insert entry `copy` (owned, absent from d; room reserved): cannot fail. */
static void dir_put(bnode *d, char *copy, bnode *c) {
  size_t len = strlen(copy);
  size_t at = (size_t)(-dir_find(d, copy, len) - 1);
  memmove(d->ents + at + 1, d->ents + at, (d->n - at) * sizeof *d->ents);
  d->ents[at] = (bent){copy, len, c};
  d->n++;
  if (c->type == WASI_FILETYPE_DIRECTORY)
    c->parent = d;
  d->mtim = d->ctim = now_ns();
}

/* Insert a new entry (name must be absent); the entry holds c's name
 * reference (the caller accounts for it). */
static int dir_insert(bnode *d, const char *name, bnode *c) {
  if (dir_find(d, name, strlen(name)) >= 0)
    return WASI_EEXIST;
  char *copy = strdup(name);
  if (!copy || dir_reserve(d) != 0) {
    free(copy);
    return WASI_ENOSPC;
  }
  dir_put(d, copy, c);
  return 0;
}

/* Remove entry `name` (present) without dropping its reference: returns it. */
static bnode *dir_take(bnode *d, const char *name) {
  long i = dir_find(d, name, strlen(name));
  bnode *c = d->ents[i].node;
  free(d->ents[i].name);
  memmove(d->ents + i, d->ents + i + 1, (d->n - (size_t)i - 1) * sizeof *d->ents);
  d->n--;
  d->mtim = d->ctim = now_ns();
  return c;
}

/* Guest path of entry `name` in `dir` (or of dir itself), for messages. */
static void node_path(const bnode *dir, const char *name, char *buf, size_t len) {
  if (!dir) {
    snprintf(buf, len, "%s", name ? name : "");
    return;
  }
  const char *parts[64];
  size_t np = 0;
  if (name && strcmp(name, ".") != 0)
    parts[np++] = name;
  for (const bnode *d = dir; d && d->parent && np < 64; d = d->parent) {
    const bnode *p = d->parent;
    for (size_t i = 0; i < p->n; i++)
      if (p->ents[i].node == d) {
        parts[np++] = p->ents[i].name;
        break;
      }
  }
  const char *mount = dir->fs->guest;
  size_t o = (size_t)snprintf(buf, len, "%s", mount);
  while (np-- > 0 && o < len)
    o += (size_t)snprintf(buf + o, len - o, "%s%s", (o && buf[o - 1] == '/') ? "" : "/", parts[np]);
}

static void corrupt(const bnode *dir, const char *name, const char *what) {
  char path[1024];
  node_path(dir, name, path, sizeof path);
  fprintf(stderr, "wasmc: box image corrupted: %s: %s\n", path[0] ? path : "/", what);
}

/* ---- path resolution ---------------------------------------------------- */

typedef struct walk {
  bnode *parent;     /* directory holding the last component */
  char name[256];    /* last component ("." when the path names parent itself) */
  bnode *node;       /* the node, or NULL when absent */
  int must_dir;      /* trailing '/' */
} walk;

static int is_dir(const bnode *n) { return n->type == WASI_FILETYPE_DIRECTORY; }

/*
 * Resolve `path` from directory `start`.  Follows symlinks in every component
 * but the last, and in the last too when `follow` is set or the path ends in
 * '/'.  `..` above the mount root, and absolute symlinks outside the mount,
 * give ENOTCAPABLE (as the host backend).  An absolute symlink target inside
 * the mount (it starts with the mount's guest path) is resolved from the root.
 */
static int resolve(bnode *start, const char *path, int follow, walk *w) {
  if (path[0] == '/')
    return WASI_ENOTCAPABLE;
  char *buf = strdup(path);
  if (!buf)
    return WASI_ENOMEM;
  box_fs *fs = start->fs;
  bnode *cur = start;
  unsigned hops = 0;
  int e = 0;
  char *p = buf;
  size_t plen = strlen(buf);
  w->must_dir = plen > 0 && buf[plen - 1] == '/';
  if (plen == 0) {
    free(buf);
    return WASI_ENOENT;
  }
  for (;;) {
    while (*p == '/')
      p++;
    char *slash = strchr(p, '/');
    size_t len = slash ? (size_t)(slash - p) : strlen(p);
    char *rest = slash ? slash : p + len;
    while (*rest == '/')
      rest++;
    int last = *rest == '\0';
    if (len == 0) { /* the path was only slashes after a component */
      w->parent = cur;
      strcpy(w->name, ".");
      w->node = cur;
      break;
    }
    if (len > 255) {
      e = WASI_ENAMETOOLONG;
      break;
    }
    char comp[256];
    memcpy(comp, p, len);
    comp[len] = '\0';
    if (!is_dir(cur) || cur->removed) {
      e = cur->removed ? WASI_ENOENT : WASI_ENOTDIR;
      break;
    }
    if (strcmp(comp, ".") == 0 || strcmp(comp, "..") == 0) {
      if (comp[1] == '.') {
        if (cur == fs->root || !cur->parent) {
          e = cur == fs->root ? WASI_ENOTCAPABLE : WASI_ENOENT;
          break;
        }
        cur = cur->parent;
      }
      if (last) {
        w->parent = cur;
        strcpy(w->name, ".");
        w->node = cur;
        break;
      }
      p = rest;
      continue;
    }
    bnode *c = NULL;
    e = dir_lookup(cur, comp, &c);
    if (e && e != WASI_ENOENT)
      break;
    if (e == WASI_ENOENT && !last)
      break;
    e = 0;
    if (c && c->type == WASI_FILETYPE_SYMBOLIC_LINK && (!last || follow || w->must_dir)) {
      if (++hops > VFS_MAX_SYMLINK_HOPS) {
        e = WASI_ELOOP;
        break;
      }
      const char *t = c->target;
      if (t[0] == '/') {
        size_t gl = fs->guest_len;
        while (gl > 0 && fs->guest[gl - 1] == '/')
          gl--;
        if (strncmp(t, fs->guest, gl) != 0 || (t[gl] != '/' && t[gl] != '\0')) {
          e = WASI_ENOTCAPABLE;
          break;
        }
        t += gl;
        cur = fs->root;
      }
      size_t tl = strlen(t), rl = strlen(rest);
      if (tl + 1 + rl > VFS_PATH_MAX) {
        e = WASI_ENAMETOOLONG;
        break;
      }
      char *nb = malloc(tl + rl + 3);
      if (!nb) {
        e = WASI_ENOMEM;
        break;
      }
      /* keep a trailing '/' of the original path meaningful */
      snprintf(nb, tl + rl + 3, "%s%s%s", tl ? t : ".", rl ? "/" : (w->must_dir ? "/" : ""), rest);
      free(buf);
      buf = p = nb;
      continue;
    }
    if (!last) {
      if (!is_dir(c)) {
        e = WASI_ENOTDIR;
        break;
      }
      cur = c;
      p = rest;
      continue;
    }
    w->parent = cur;
    memcpy(w->name, comp, len + 1);
    w->node = c;
    break;
  }
  free(buf);
  if (!e && w->must_dir && w->node && !is_dir(w->node))
    e = WASI_ENOTDIR;
  return e;
}

/* 1 if guest path p ends in '/'. */
static int ends_with_slash(const char *p) {
  size_t n = strlen(p);
  return n > 0 && p[n - 1] == '/';
}

/* resolve() for the calls that act on a trailing-'/' name itself instead of
 * following it (mkdir, rmdir, unlink, rename, and open's O_CREAT check, as
 * Linux): the '/'s are dropped before resolving without following the last
 * component, and w->must_dir still says they were there.  Returns what
 * resolve() does (WASI errno), or WASI_ENOMEM. */
static int resolve_name(bnode *start, const char *path, walk *w) {
  size_t n = strlen(path), k = n;
  while (k > 0 && path[k - 1] == '/')
    k--;
  if (k == n || k == 0) /* no '/' to drop, or nothing but '/' (absolute) */
    return resolve(start, path, 0, w);
  char *p = strndup(path, k);
  if (!p)
    return WASI_ENOMEM;
  int e = resolve(start, p, 0, w);
  free(p);
  w->must_dir = 1;
  return e;
}

/* ---- objects ------------------------------------------------------------ */

static int obj_new(bnode *n, int rd, int wr, uint16_t fdflags, vfs_obj **out) {
  box_obj *o = calloc(1, sizeof *o);
  if (!o)
    return WASI_ENOMEM;
  o->h.ops = &box_ops;
  atomic_init(&o->h.refs, 1);
  o->h.filetype = n->type;
  o->n = n;
  o->rd = (uint8_t)rd;
  o->wr = (uint8_t)wr;
  o->fdflags = fdflags;
  n->opens++;
  *out = &o->h;
  return 0;
}

static void box_destroy(vfs_obj *o) {
  pthread_mutex_lock(&g_lock);
  node_unref(B(o)->n, 0);
  pthread_mutex_unlock(&g_lock);
  free(o);
}

/* Check a box file's contents against their hash the first time it is opened. */
static int verify_file(bnode *dir, const char *name, bnode *n) {
  box_image *im = n->fs->img;
  if (n->copied || !n->img || im->verified[n->img])
    return 0;
  wasmc_box_node r;
  int e = img_node(im, n->img, dir, name, &r);
  if (e)
    return e;
  if (XXH3_64bits(n->ro, n->size) != r.data_hash) {
    corrupt(dir, name, "file contents do not match their hash");
    return WASI_EIO;
  }
  im->verified[n->img] = 1;
  return 0;
}

static int file_read(bnode *n, uint64_t off, const struct iovec *iov, int cnt, size_t *out) {
  const uint8_t *src = n->copied ? n->buf : n->ro;
  size_t total = 0;
  for (int i = 0; i < cnt; i++) {
    if (off >= n->size)
      break;
    uint64_t k = n->size - off;
    if (k > iov[i].iov_len)
      k = iov[i].iov_len;
    memcpy(iov[i].iov_base, src + off, (size_t)k);
    off += k;
    total += (size_t)k;
  }
  n->atim = now_ns();
  *out = total;
  return 0;
}

/* Make n's contents a heap buffer of at least `need` bytes (copy-up). */
static int file_reserve(bnode *n, uint64_t need) {
  if (need > BOX_MAX_FILE)
    return WASI_EFBIG;
  if (n->copied && need <= n->cap)
    return 0;
  uint64_t cap = n->cap ? n->cap : 256;
  while (cap < need)
    cap *= 2;
  if (cap < n->size)
    cap = n->size;
  uint8_t *p = n->copied ? realloc(n->buf, (size_t)cap) : malloc((size_t)cap);
  if (!p)
    return WASI_ENOSPC;
  if (!n->copied) {
    if (n->size)
      memcpy(p, n->ro, (size_t)n->size);
    n->ro = NULL;
    n->copied = true;
  }
  n->buf = p;
  n->cap = cap;
  return 0;
}

static int file_resize(bnode *n, uint64_t size) {
  int e = file_reserve(n, size);
  if (e)
    return e;
  if (size > n->size)
    memset(n->buf + n->size, 0, (size_t)(size - n->size));
  n->size = size;
  n->mtim = n->ctim = now_ns();
  return 0;
}

static int file_write(bnode *n, uint64_t off, const struct iovec *iov, int cnt, size_t *out) {
  uint64_t total = 0;
  for (int i = 0; i < cnt; i++)
    total += iov[i].iov_len;
  if (off > BOX_MAX_FILE || total > BOX_MAX_FILE - off)
    return WASI_EFBIG;
  if (total == 0) {
    *out = 0;
    return 0;
  }
  int e = file_reserve(n, off + total);
  if (e)
    return e;
  if (off > n->size)
    memset(n->buf + n->size, 0, (size_t)(off - n->size));
  for (int i = 0; i < cnt; i++) {
    memcpy(n->buf + off, iov[i].iov_base, iov[i].iov_len);
    off += iov[i].iov_len;
  }
  if (off > n->size)
    n->size = off;
  n->mtim = n->ctim = now_ns();
  *out = (size_t)total;
  return 0;
}

static int check_io(box_obj *b, int write) {
  if (is_dir(b->n))
    return WASI_EISDIR;
  return (write ? b->wr : b->rd) ? 0 : WASI_EBADF;
}

static int box_readv(vfs_obj *o, const struct iovec *iov, int n, size_t *out_n) {
  box_obj *b = B(o);
  pthread_mutex_lock(&g_lock);
  int e = check_io(b, 0);
  if (!e && (e = file_read(b->n, b->pos, iov, n, out_n)) == 0)
    b->pos += *out_n;
  pthread_mutex_unlock(&g_lock);
  return e;
}

static int box_preadv(vfs_obj *o, const struct iovec *iov, int n, uint64_t off, size_t *out_n) {
  box_obj *b = B(o);
  pthread_mutex_lock(&g_lock);
  int e = check_io(b, 0);
  if (!e)
    e = file_read(b->n, off, iov, n, out_n);
  pthread_mutex_unlock(&g_lock);
  return e;
}

static int box_writev(vfs_obj *o, const struct iovec *iov, int n, size_t *out_n) {
  box_obj *b = B(o);
  pthread_mutex_lock(&g_lock);
  int e = check_io(b, 1);
  if (!e) {
    if (b->fdflags & WASI_FDFLAG_APPEND)
      b->pos = b->n->size;
    if ((e = file_write(b->n, b->pos, iov, n, out_n)) == 0)
      b->pos += *out_n;
  }
  pthread_mutex_unlock(&g_lock);
  return e;
}

static int box_pwritev(vfs_obj *o, const struct iovec *iov, int n, uint64_t off, size_t *out_n) {
  box_obj *b = B(o);
  pthread_mutex_lock(&g_lock);
  int e = check_io(b, 1);
  /* Linux: pwrite on an O_APPEND fd appends whatever the offset */
  if (!e)
    e = file_write(b->n, (b->fdflags & WASI_FDFLAG_APPEND) ? b->n->size : off, iov, n, out_n);
  pthread_mutex_unlock(&g_lock);
  return e;
}

static int box_seek(vfs_obj *o, int64_t off, int whence, uint64_t *out_pos) {
  box_obj *b = B(o);
  pthread_mutex_lock(&g_lock);
  int e = 0;
  if (is_dir(b->n)) {
    e = WASI_EBADF;
  } else {
    int64_t base = whence == WASI_WHENCE_SET ? 0
                   : whence == WASI_WHENCE_CUR ? (int64_t)b->pos
                                               : (int64_t)b->n->size;
    if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
      e = WASI_EINVAL;
    else
      *out_pos = b->pos = (uint64_t)(base + off);
  }
  pthread_mutex_unlock(&g_lock);
  return e;
}

static uint64_t dir_nlink(const bnode *d) {
  uint64_t k = 2;
  for (size_t i = 0; i < d->n; i++)
    k += is_dir(d->ents[i].node);
  return d->removed ? 0 : k;
}

static void node_stat(bnode *n, vfs_filestat *st) {
  memset(st, 0, sizeof *st);
  st->dev = n->fs->dev;
  st->ino = n->ino;
  st->filetype = n->type;
  if (is_dir(n)) {
    if (dir_load(n) == 0)
      st->nlink = dir_nlink(n);
    st->size = 4096;
  } else {
    st->nlink = n->names;
    st->size = n->type == WASI_FILETYPE_SYMBOLIC_LINK ? strlen(n->target) : n->size;
  }
  st->atim = n->atim;
  st->mtim = n->mtim;
  st->ctim = n->ctim;
}

static int box_fstat(vfs_obj *o, vfs_filestat *out) {
  pthread_mutex_lock(&g_lock);
  node_stat(B(o)->n, out);
  pthread_mutex_unlock(&g_lock);
  return 0;
}

static int box_get_flags(vfs_obj *o, uint16_t *out) {
  *out = B(o)->fdflags;
  return 0;
}

static int box_set_flags(vfs_obj *o, uint16_t fdflags) {
  box_obj *b = B(o);
  uint16_t sync_mask = WASI_FDFLAG_DSYNC | WASI_FDFLAG_SYNC | WASI_FDFLAG_RSYNC;
  if ((b->fdflags & sync_mask) != (fdflags & sync_mask))
    return WASI_ENOTSUP;
  b->fdflags = fdflags;
  return 0;
}

static int box_set_size(vfs_obj *o, uint64_t size) {
  box_obj *b = B(o);
  pthread_mutex_lock(&g_lock);
  int e = is_dir(b->n) ? WASI_EISDIR : !b->wr ? WASI_EINVAL : file_resize(b->n, size);
  pthread_mutex_unlock(&g_lock);
  return e;
}

static void node_set_times(bnode *n, uint64_t atim, uint64_t mtim, uint16_t fst) {
  uint64_t now = now_ns();
  if (fst & WASI_FSTFLAG_ATIM_NOW)
    n->atim = now;
  else if (fst & WASI_FSTFLAG_ATIM)
    n->atim = atim;
  if (fst & WASI_FSTFLAG_MTIM_NOW)
    n->mtim = now;
  else if (fst & WASI_FSTFLAG_MTIM)
    n->mtim = mtim;
  n->ctim = now;
}

static int box_set_times(vfs_obj *o, uint64_t atim, uint64_t mtim, uint16_t fst) {
  pthread_mutex_lock(&g_lock);
  node_set_times(B(o)->n, atim, mtim, fst);
  pthread_mutex_unlock(&g_lock);
  return 0;
}

static int box_sync(vfs_obj *o, int data_only) {
  (void)o;
  (void)data_only;
  return 0; /* nothing below the overlay to flush */
}

static int box_advise(vfs_obj *o, uint64_t off, uint64_t len, uint8_t advice) {
  (void)off;
  (void)len;
  if (advice > WASI_ADVICE_NOREUSE)
    return WASI_EINVAL;
  return is_dir(B(o)->n) ? WASI_EBADF : 0;
}

static int box_allocate(vfs_obj *o, uint64_t off, uint64_t len) {
  box_obj *b = B(o);
  if (len == 0)
    return WASI_EINVAL;
  if (off > BOX_MAX_FILE || len > BOX_MAX_FILE - off)
    return WASI_EFBIG;
  pthread_mutex_lock(&g_lock);
  int e = is_dir(b->n) ? WASI_EBADF : !b->wr ? WASI_EBADF : 0;
  if (!e && off + len > b->n->size)
    e = file_resize(b->n, off + len);
  pthread_mutex_unlock(&g_lock);
  return e;
}

/* Entries: ".", "..", then the directory's names in order; cookie = ordinal. */
static int box_readdir(vfs_obj *o, uint64_t cookie, vfs_dirent_fn fn, void *ctx) {
  bnode *d = B(o)->n;
  pthread_mutex_lock(&g_lock);
  int e = is_dir(d) ? dir_load(d) : WASI_ENOTDIR;
  if (!e && !d->removed) {
    for (uint64_t i = cookie; i < d->n + 2; i++) {
      int stop;
      if (i == 0) {
        stop = fn(ctx, 1, d->ino, ".", 1, WASI_FILETYPE_DIRECTORY);
      } else if (i == 1) {
        const bnode *p = d->parent ? d->parent : d;
        stop = fn(ctx, 2, p->ino, "..", 2, WASI_FILETYPE_DIRECTORY);
      } else {
        const bent *en = &d->ents[i - 2];
        stop = fn(ctx, i + 1, en->node->ino, en->name, en->len, en->node->type);
      }
      if (stop)
        break;
    }
  }
  pthread_mutex_unlock(&g_lock);
  return e;
}

/* ---- path operations ---------------------------------------------------- */

static bnode *D(vfs_obj *dir) { return B(dir)->n; }

static int may_write_dir(const bnode *d) {
  if (d->removed)
    return WASI_ENOENT;
  return (d->mode & 0200u) ? 0 : WASI_EACCES;
}

/* A new node named w->name in w->parent (absent; the parent is writable);
 * `target` for a symlink.  *out: the node, holding its one name reference. */
static int node_create(box_fs *fs, const walk *w, uint8_t type, uint32_t mode, const char *target,
                       bnode **out) {
  bnode *n = node_new(fs, type, mode);
  int e = !n || (target && !(n->target = strdup(target))) ? WASI_ENOSPC : dir_insert(w->parent, w->name, n);
  if (e) {
    if (n)
      node_free(n);
    return e;
  }
  n->names = 1;
  *out = n;
  return 0;
}

static int box_open(vfs_obj *dir, const char *path, const vfs_open_args *a, vfs_obj **out) {
  if ((a->oflags & WASI_O_CREAT) && (a->oflags & WASI_O_DIRECTORY))
    return WASI_EINVAL;
  pthread_mutex_lock(&g_lock);
  walk w;
  if ((a->oflags & WASI_O_CREAT) && ends_with_slash(path)) {
    /* open(2): O_CREAT with a trailing '/' is EISDIR once the parent
     * resolves, whatever the name is (Linux open_last_lookups). */
    int e = resolve_name(D(dir), path, &w);
    pthread_mutex_unlock(&g_lock);
    return e ? e : WASI_EISDIR;
  }
  int follow = (a->lookupflags & WASI_LOOKUP_SYMLINK_FOLLOW) != 0;
  int e = resolve(D(dir), path, follow, &w);
  bnode *n = w.node;
  int wr = a->write;
  if (e) {
    /* nothing */
  } else if (n) {
    if ((a->oflags & WASI_O_CREAT) && (a->oflags & WASI_O_EXCL))
      e = WASI_EEXIST;
    else if (n->type == WASI_FILETYPE_SYMBOLIC_LINK)
      e = WASI_ELOOP; /* O_NOFOLLOW on a symlink */
    else if ((a->oflags & WASI_O_DIRECTORY) && !is_dir(n))
      e = WASI_ENOTDIR;
    else if (is_dir(n) && (wr || (a->oflags & (WASI_O_TRUNC | WASI_O_CREAT))))
      e = WASI_EISDIR; /* open(2): write access, O_TRUNC or O_CREAT on a directory */
    else if ((a->read && !(n->mode & 0400u)) || (wr && !(n->mode & 0200u)))
      e = WASI_EACCES;
    else if (!is_dir(n))
      e = verify_file(w.parent, w.name, n);
    if (!e && !is_dir(n) && (a->oflags & WASI_O_TRUNC) && n->size)
      e = file_resize(n, 0);
  } else if (!(a->oflags & WASI_O_CREAT)) {
    e = WASI_ENOENT;
  } else if ((e = may_write_dir(w.parent)) == 0) {
    e = node_create(D(dir)->fs, &w, WASI_FILETYPE_REGULAR_FILE, 0644, NULL, &n);
  }
  if (!e)
    e = obj_new(n, a->read || is_dir(n), wr, (uint16_t)a->fdflags, out);
  pthread_mutex_unlock(&g_lock);
  if (!e && (a->fdflags & WASI_FDFLAG_RSYNC))
    (*out)->rsync = WASI_FDFLAG_RSYNC;
  return e;
}

static int box_mkdir(vfs_obj *dir, const char *path) {
  pthread_mutex_lock(&g_lock);
  walk w;
  /* "a/" creates a; an existing name (a file, a dangling symlink) is EEXIST */
  int e = resolve_name(D(dir), path, &w);
  if (!e && w.node)
    e = WASI_EEXIST;
  if (!e)
    e = may_write_dir(w.parent);
  bnode *n;
  if (!e)
    e = node_create(D(dir)->fs, &w, WASI_FILETYPE_DIRECTORY, 0755, NULL, &n);
  pthread_mutex_unlock(&g_lock);
  return e;
}

static int box_rmdir(vfs_obj *dir, const char *path) {
  pthread_mutex_lock(&g_lock);
  walk w;
  /* "link/" is the symlink itself: ENOTDIR, never its target removed */
  int e = resolve_name(D(dir), path, &w);
  bnode *n = w.node;
  if (!e && !n)
    e = WASI_ENOENT;
  else if (!e && !is_dir(n))
    e = WASI_ENOTDIR;
  else if (!e && strcmp(w.name, ".") == 0)
    e = n == D(dir)->fs->root ? WASI_EBUSY : WASI_EINVAL;
  if (!e && (e = dir_load(n)) == 0 && n->n)
    e = WASI_ENOTEMPTY;
  if (!e)
    e = may_write_dir(w.parent);
  if (!e) {
    dir_take(w.parent, w.name);
    n->removed = true;
    n->parent = NULL;
    node_unref(n, 1);
  }
  pthread_mutex_unlock(&g_lock);
  return e;
}

static int box_unlink(vfs_obj *dir, const char *path) {
  pthread_mutex_lock(&g_lock);
  walk w;
  /* "x/" never unlinks: a directory is EISDIR, anything else (a symlink to a
   * directory too: the name is not followed) ENOTDIR, as Linux do_unlinkat. */
  int e = resolve_name(D(dir), path, &w);
  bnode *n = w.node;
  if (!e && !n)
    e = WASI_ENOENT;
  else if (!e && is_dir(n))
    e = WASI_EISDIR;
  else if (!e && w.must_dir)
    e = WASI_ENOTDIR;
  if (!e)
    e = may_write_dir(w.parent);
  if (!e) {
    dir_take(w.parent, w.name);
    n->ctim = now_ns();
    node_unref(n, 1);
  }
  pthread_mutex_unlock(&g_lock);
  return e;
}

static int box_stat_path(vfs_obj *dir, const char *path, int follow, vfs_filestat *out) {
  pthread_mutex_lock(&g_lock);
  walk w;
  int e = resolve(D(dir), path, follow, &w);
  if (!e && !w.node)
    e = WASI_ENOENT;
  if (!e)
    node_stat(w.node, out);
  pthread_mutex_unlock(&g_lock);
  return e;
}

static int box_set_times_path(vfs_obj *dir, const char *path, int follow, uint64_t atim,
                              uint64_t mtim, uint16_t fst) {
  pthread_mutex_lock(&g_lock);
  walk w;
  int e = resolve(D(dir), path, follow, &w);
  if (!e && !w.node)
    e = WASI_ENOENT;
  if (!e)
    node_set_times(w.node, atim, mtim, fst);
  pthread_mutex_unlock(&g_lock);
  return e;
}

static int box_readlink(vfs_obj *dir, const char *path, char *buf, size_t len, size_t *out_len) {
  pthread_mutex_lock(&g_lock);
  walk w;
  int e = resolve(D(dir), path, 0, &w);
  if (!e && !w.node)
    e = WASI_ENOENT;
  else if (!e && w.node->type != WASI_FILETYPE_SYMBOLIC_LINK)
    e = WASI_EINVAL;
  if (!e) {
    size_t tl = strlen(w.node->target);
    size_t k = tl < len ? tl : len;
    memcpy(buf, w.node->target, k);
    *out_len = k;
  }
  pthread_mutex_unlock(&g_lock);
  return e;
}

static int box_symlink(const char *target, vfs_obj *dir, const char *path) {
  pthread_mutex_lock(&g_lock);
  walk w;
  int e = resolve(D(dir), path, 0, &w);
  if (!e && w.node)
    e = WASI_EEXIST;
  else if (!e && w.must_dir)
    e = WASI_ENOENT;
  if (!e)
    e = may_write_dir(w.parent);
  bnode *n;
  if (!e)
    e = node_create(D(dir)->fs, &w, WASI_FILETYPE_SYMBOLIC_LINK, 0777, target, &n);
  pthread_mutex_unlock(&g_lock);
  return e;
}

static int box_link(vfs_obj *od, const char *op, int follow, vfs_obj *nd, const char *np) {
  if (D(od)->fs != D(nd)->fs)
    return WASI_EXDEV;
  pthread_mutex_lock(&g_lock);
  walk a, b;
  /* A trailing '/' follows (resolve() does) and needs a directory; the new
   * name's errors come before EPERM for a directory, as on Linux.  The new
   * name "x/" is never created: resolve() answers ENOTDIR for a
   * non-directory, we EEXIST for a directory and ENOENT for nothing (the
   * host backend's rules, vfs.h). */
  int e = resolve(D(od), op, follow, &a);
  if (!e && !a.node)
    e = WASI_ENOENT;
  if (!e)
    e = resolve(D(nd), np, 0, &b);
  if (!e && b.node)
    e = WASI_EEXIST;
  else if (!e && b.must_dir)
    e = WASI_ENOENT;
  if (!e && is_dir(a.node))
    e = WASI_EPERM;
  if (!e)
    e = may_write_dir(b.parent);
  if (!e && (e = dir_insert(b.parent, b.name, a.node)) == 0) {
    a.node->names++;
    a.node->ctim = now_ns();
  }
  pthread_mutex_unlock(&g_lock);
  return e;
}

static int box_rename(vfs_obj *od, const char *op, vfs_obj *nd, const char *np) {
  if (D(od)->fs != D(nd)->fs)
    return WASI_EXDEV;
  pthread_mutex_lock(&g_lock);
  walk a, b;
  /* rename(2) follows neither name, even with a trailing '/'; a
   * non-directory source with a '/' on either name is ENOTDIR (below). */
  int e = resolve_name(D(od), op, &a);
  if (!e && !a.node)
    e = WASI_ENOENT;
  if (!e)
    e = resolve_name(D(nd), np, &b);
  bnode *src = a.node, *dst = e ? NULL : b.node;
  if (!e && (strcmp(a.name, ".") == 0 || strcmp(b.name, ".") == 0))
    e = WASI_EBUSY;
  else if (!e && (a.must_dir || b.must_dir) && !is_dir(src))
    e = WASI_ENOTDIR;
  if (!e && src == dst)
    goto done; /* same file: nothing to do (POSIX) */
  if (!e && is_dir(src)) {
    for (bnode *p = b.parent; p; p = p->parent)
      if (p == src) {
        e = WASI_EINVAL; /* into its own subtree */
        break;
      }
  }
  if (!e && dst) {
    if (is_dir(src) && !is_dir(dst))
      e = WASI_ENOTDIR;
    else if (!is_dir(src) && is_dir(dst))
      e = WASI_EISDIR;
    else if (is_dir(dst) && (e = dir_load(dst)) == 0 && dst->n)
      e = WASI_ENOTEMPTY;
  }
  if (!e && (e = may_write_dir(a.parent)) == 0)
    e = may_write_dir(b.parent);
  if (!e && is_dir(src))
    e = dir_load(src);
  char *copy = NULL;
  if (!e && !dst && (!(copy = strdup(b.name)) || dir_reserve(b.parent) != 0))
    e = WASI_ENOSPC; /* make room first so that a failure changes nothing */
  if (!e) {
    if (dst) {
      long i = dir_find(b.parent, b.name, strlen(b.name));
      b.parent->ents[i].node = src;
      if (is_dir(dst)) {
        dst->removed = true;
        dst->parent = NULL;
      }
      dir_take(a.parent, a.name);
      if (is_dir(src))
        src->parent = b.parent;
      b.parent->mtim = b.parent->ctim = now_ns();
      node_unref(dst, 1);
    } else {
      dir_take(a.parent, a.name);
      dir_put(b.parent, copy, src);
      copy = NULL;
    }
    src->ctim = now_ns();
  }
  free(copy);
done:
  pthread_mutex_unlock(&g_lock);
  return e;
}

static const vfs_ops box_ops = {
    .version = VFS_OPS_VERSION,
    .name = "box",
    .destroy = box_destroy,
    .readv = box_readv,
    .preadv = box_preadv,
    .writev = box_writev,
    .pwritev = box_pwritev,
    .seek = box_seek,
    .fstat = box_fstat,
    .get_flags = box_get_flags,
    .set_flags = box_set_flags,
    .set_size = box_set_size,
    .set_times = box_set_times,
    .sync = box_sync,
    .advise = box_advise,
    .allocate = box_allocate,
    .readdir = box_readdir,
    .open = box_open,
    .mkdir = box_mkdir,
    .rmdir = box_rmdir,
    .unlink = box_unlink,
    .stat_path = box_stat_path,
    .set_times_path = box_set_times_path,
    .readlink = box_readlink,
    .symlink = box_symlink,
    .link = box_link,
    .rename = box_rename,
};

/* ---- mounting ----------------------------------------------------------- */

static box_image *g_image;

int vfs_box_load(const uint8_t *image, uint64_t size, uint32_t *out_mounts) {
  wasmc_box_header h;
  if (size < sizeof h) {
    fprintf(stderr, "wasmc: box image corrupted: truncated header\n");
    return WASI_EIO;
  }
  memcpy(&h, image, sizeof h);
  if (memcmp(h.magic, WASMC_BOX_MAGIC, 8) != 0 || h.version != WASMC_BOX_VERSION) {
    fprintf(stderr, "wasmc: box image corrupted: bad magic or version %u (expected %u)\n",
            h.version, WASMC_BOX_VERSION);
    return WASI_EIO;
  }
  box_image im = {.base = image, .size = size, .n_nodes = h.n_nodes, .nodes_off = h.nodes_off};
  int ok = h.image_size == size && h.n_mounts < 65536 && h.mounts_off % 8 == 0 &&
           h.nodes_off % 8 == 0 && ((uintptr_t)image & 7) == 0 &&
           in_image(&im, h.mounts_off, (uint64_t)h.n_mounts * sizeof(wasmc_box_mount)) &&
           in_image(&im, h.nodes_off, (uint64_t)h.n_nodes * sizeof(wasmc_box_node));
  if (ok) {
    XXH3_state_t st;
    XXH3_64bits_reset(&st);
    XXH3_64bits_update(&st, image, offsetof(wasmc_box_header, hash));
    const wasmc_box_mount *m = (const wasmc_box_mount *)(const void *)(image + h.mounts_off);
    XXH3_64bits_update(&st, m, (size_t)h.n_mounts * sizeof *m);
    for (uint32_t i = 0; ok && i < h.n_mounts; i++) {
      ok = in_image(&im, m[i].guest_off, m[i].guest_len) && m[i].guest_len > 0 &&
           m[i].guest_len <= VFS_PATH_MAX;
      if (ok)
        XXH3_64bits_update(&st, image + m[i].guest_off, m[i].guest_len);
    }
    ok = ok && XXH3_64bits_digest(&st) == h.hash;
  }
  if (!ok) {
    fprintf(stderr, "wasmc: box image corrupted: header does not match its hash\n");
    return WASI_EIO;
  }
  box_image *p = calloc(1, sizeof *p);
  if (p) {
    *p = im;
    p->verified = calloc(h.n_nodes, 1);
    p->shared = calloc(h.n_nodes, sizeof *p->shared);
  }
  if (!p || !p->verified || !p->shared) {
    if (p) {
      free(p->verified);
      free(p->shared);
    }
    free(p);
    return WASI_ENOMEM;
  }
  pthread_mutex_lock(&g_lock);
  g_image = p; /* lives as long as the process: the image does */
  pthread_mutex_unlock(&g_lock);
  *out_mounts = h.n_mounts;
  return 0;
}

int vfs_box_mount(uint32_t index, vfs_obj **out_root, char **out_guest) {
  box_image *im = g_image;
  wasmc_box_header h;
  memcpy(&h, im->base, sizeof h);
  if (index >= h.n_mounts)
    return WASI_EINVAL;
  const wasmc_box_mount *m =
      (const wasmc_box_mount *)(const void *)(im->base + h.mounts_off) + index;
  box_fs *fs = calloc(1, sizeof *fs);
  char *guest = malloc(m->guest_len + 1);
  char *guest_out = NULL;
  if (fs && guest) {
    memcpy(guest, im->base + m->guest_off, m->guest_len);
    guest[m->guest_len] = '\0';
    guest_out = strdup(guest);
  }
  if (!fs || !guest || !guest_out) {
    free(fs);
    free(guest);
    free(guest_out);
    return WASI_ENOMEM;
  }
  fs->img = im;
  fs->guest = guest;
  fs->guest_len = m->guest_len;
  fs->dev = UINT64_C(0x626f7800) + index; /* "box" */
  pthread_mutex_lock(&g_lock);
  bnode *root = NULL;
  int e = node_from_image(fs, m->root, NULL, guest, &root);
  if (!e && !is_dir(root)) {
    node_unref(root, 1);
    e = WASI_EIO;
  }
  if (!e) {
    root->parent = NULL;
    fs->root = root; /* the mount's name reference keeps it alive */
    e = obj_new(root, 1, 0, 0, out_root);
  }
  pthread_mutex_unlock(&g_lock);
  if (e) {
    free(guest);
    free(guest_out);
    free(fs);
    return e;
  }
  *out_guest = guest_out;
  return 0;
}
