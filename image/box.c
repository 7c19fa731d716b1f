/*
 * box.c — build the box image (runtime/include/wasmc_box.h, docs/boxes.md)
 * from `--box SOURCE[::GUEST]` arguments: SOURCE is a directory (walked
 * without following symlinks) or an archive libarchive reads (tar, tar.gz,
 * tar.xz, zip, ...).  The image is written to a file that the link step puts
 * in the executable's .wasmc_box section (img_box_write_asm).
 *
 * Kept from the source: regular files, directories (empty ones too), symbolic
 * links, hard links (one node, several names), permission bits and
 * modification times.  Devices, FIFOs and sockets are refused with a message
 * naming the path.  Identical contents are stored once (XXH3-64, confirmed
 * byte by byte).
 */
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "wasmc_box.h"
#include "image.h"

typedef struct bx_ent {
  char *name;
  uint32_t node;
} bx_ent;

typedef struct bx_node {
  uint8_t type;          /* WASMC_BOX_* */
  uint32_t mode;
  uint64_t mtim;
  uint32_t nlink;
  /* directory */
  bx_ent *ents;
  size_t n, cap;
  /* file: from disk (path) or from an archive (data) */
  char *path;
  uint8_t *data;
  uint64_t size;
  char *target;          /* symlink */
  char *where;           /* source path for messages */
  /* layout */
  uint64_t hash, data_off;
  uint32_t same_as;      /* dedup: node whose bytes this file shares, or 0 */
} bx_node;

typedef struct bx {
  bx_node *nodes;
  uint32_t n, cap;
  img_diag *diag;
  /* (dev, ino) -> node of multiply-linked files of the directory being walked */
  struct { dev_t dev; ino_t ino; uint32_t node; } *links;
  size_t n_links, cap_links;
} bx;

static uint32_t bx_new(bx *b, uint8_t type, uint32_t mode, uint64_t mtim, const char *where) {
  if (b->n == b->cap) {
    b->cap = b->cap ? b->cap * 2 : 64;
    b->nodes = realloc(b->nodes, b->cap * sizeof *b->nodes);
    if (!b->nodes) { perror("wasmc"); exit(1); }
  }
  bx_node *n = &b->nodes[b->n];
  memset(n, 0, sizeof *n);
  n->type = type;
  n->mode = mode & 07777u;
  n->mtim = mtim;
  n->where = strdup(where);
  return b->n++;
}

static void bx_add(bx *b, uint32_t dir, const char *name, uint32_t node) {
  bx_node *d = &b->nodes[dir];
  if (d->n == d->cap) {
    d->cap = d->cap ? d->cap * 2 : 8;
    d->ents = realloc(d->ents, d->cap * sizeof *d->ents);
    if (!d->ents) { perror("wasmc"); exit(1); }
  }
  d->ents[d->n++] = (bx_ent){strdup(name), node};
}

static long bx_find(const bx *b, uint32_t dir, const char *name) {
  const bx_node *d = &b->nodes[dir];
  for (size_t i = 0; i < d->n; i++)
    if (strcmp(d->ents[i].name, name) == 0) return (long)i;
  return -1;
}

static uint64_t ts_ns(struct timespec ts) {
  return ts.tv_sec < 0 ? 0 : (uint64_t)ts.tv_sec * UINT64_C(1000000000) + (uint64_t)ts.tv_nsec;
}

/* ---- a directory on disk ------------------------------------------------- */

static bool walk_dir(bx *b, const char *path, uint32_t dir, unsigned depth) {
  if (depth > 256) { img_error(b->diag, "box: '%s': directories nested too deeply", path); return false; }
  DIR *d = opendir(path);
  if (!d) { img_error(b->diag, "box: cannot read directory '%s': %s", path, strerror(errno)); return false; }
  struct dirent *de;
  bool ok = true;
  while (ok && (errno = 0, de = readdir(d))) {
    if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
    size_t pl = strlen(path) + strlen(de->d_name) + 2;
    char *p = malloc(pl);
    snprintf(p, pl, "%s/%s", path, de->d_name);
    struct stat st;
    if (lstat(p, &st) != 0) {
      img_error(b->diag, "box: cannot stat '%s': %s", p, strerror(errno));
      ok = false;
    } else if (strlen(de->d_name) > 255) {
      img_error(b->diag, "box: '%s': name longer than 255 bytes", p);
      ok = false;
    } else if (S_ISDIR(st.st_mode)) {
      uint32_t c = bx_new(b, WASMC_BOX_DIRECTORY, st.st_mode, ts_ns(st.st_mtim), p);
      bx_add(b, dir, de->d_name, c);
      ok = walk_dir(b, p, c, depth + 1);
    } else if (S_ISREG(st.st_mode)) {
      uint32_t c = 0;
      if (st.st_nlink > 1)
        for (size_t i = 0; i < b->n_links && !c; i++)
          if (b->links[i].dev == st.st_dev && b->links[i].ino == st.st_ino) c = b->links[i].node;
      if (!c) {
        c = bx_new(b, WASMC_BOX_REGULAR_FILE, st.st_mode, ts_ns(st.st_mtim), p);
        b->nodes[c].path = strdup(p);
        b->nodes[c].size = (uint64_t)st.st_size;
        if (st.st_nlink > 1) {
          if (b->n_links == b->cap_links) {
            b->cap_links = b->cap_links ? b->cap_links * 2 : 16;
            b->links = realloc(b->links, b->cap_links * sizeof *b->links);
            if (!b->links) { perror("wasmc"); exit(1); }
          }
          b->links[b->n_links].dev = st.st_dev;
          b->links[b->n_links].ino = st.st_ino;
          b->links[b->n_links++].node = c;
        }
      }
      bx_add(b, dir, de->d_name, c);
    } else if (S_ISLNK(st.st_mode)) {
      char t[4096];
      ssize_t k = readlink(p, t, sizeof t - 1);
      if (k <= 0) {
        img_error(b->diag, "box: cannot read symbolic link '%s': %s", p, k < 0 ? strerror(errno) : "empty");
        ok = false;
      } else {
        t[k] = 0;
        uint32_t c = bx_new(b, WASMC_BOX_SYMBOLIC_LINK, st.st_mode, ts_ns(st.st_mtim), p);
        b->nodes[c].target = strdup(t);
        bx_add(b, dir, de->d_name, c);
      }
    } else {
      img_error(b->diag, "box: '%s' is a device, FIFO or socket: boxes hold files, directories and symbolic links", p);
      ok = false;
    }
    free(p);
  }
  if (ok && errno) { img_error(b->diag, "box: cannot read directory '%s': %s", path, strerror(errno)); ok = false; }
  closedir(d);
  return ok;
}

/* ---- an archive ---------------------------------------------------------- */

/* Walk (creating directories as needed) to the parent of archive path `p`;
 * *last points at its last component.  false: a non-directory is in the way. */
static bool arc_parent(bx *b, uint32_t root, char *p, uint32_t *out_dir, char **last) {
  uint32_t cur = root;
  char *save = NULL, *comp = strtok_r(p, "/", &save), *next;
  while (comp && (next = strtok_r(NULL, "/", &save))) {
    if (strcmp(comp, ".") != 0) {
      if (!strcmp(comp, "..")) return false;
      long i = bx_find(b, cur, comp);
      if (i < 0) {
        uint32_t c = bx_new(b, WASMC_BOX_DIRECTORY, 0755, 0, comp);
        bx_add(b, cur, comp, c);
        cur = c;
      } else {
        cur = b->nodes[cur].ents[i].node;
        if (b->nodes[cur].type != WASMC_BOX_DIRECTORY) return false;
      }
    }
    comp = next;
  }
  *out_dir = cur;
  *last = comp;
  return true;
}

static bool read_archive(bx *b, const char *file, uint32_t root) {
  struct archive *a = archive_read_new();
  archive_read_support_filter_all(a);
  archive_read_support_format_all(a);
  if (archive_read_open_filename(a, file, 1 << 16) != ARCHIVE_OK) {
    img_error(b->diag, "box: cannot read archive '%s': %s", file, archive_error_string(a));
    archive_read_free(a);
    return false;
  }
  struct archive_entry *e;
  bool ok = true;
  int r;
  while (ok && (r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
    const char *name = archive_entry_pathname(e);
    char *p = strdup(name ? name : "");
    uint32_t dir;
    char *last;
    unsigned type = archive_entry_filetype(e);
    uint64_t mtim = archive_entry_mtime_is_set(e)
                        ? (uint64_t)(archive_entry_mtime(e) < 0 ? 0 : archive_entry_mtime(e)) * 1000000000u +
                              (uint64_t)archive_entry_mtime_nsec(e)
                        : 0;
    if (!arc_parent(b, root, p, &dir, &last)) {
      img_error(b->diag, "box: archive '%s': entry '%s' is outside the archive's tree or under a non-directory", file, name);
      ok = false;
    } else if (!last || !strcmp(last, ".")) {
      if (type == AE_IFDIR) { /* the root itself: take its metadata */
        b->nodes[dir].mode = archive_entry_perm(e);
        b->nodes[dir].mtim = mtim;
      }
    } else if (strlen(last) > 255 || !strcmp(last, "..")) {
      img_error(b->diag, "box: archive '%s': bad entry name '%s'", file, name);
      ok = false;
    } else {
      long i = bx_find(b, dir, last);
      const char *hl = archive_entry_hardlink(e);
      if (i >= 0 && !(type == AE_IFDIR && b->nodes[b->nodes[dir].ents[i].node].type == WASMC_BOX_DIRECTORY)) {
        /* a later entry replaces an earlier one (tar semantics) */
        free(b->nodes[dir].ents[i].name);
        b->nodes[dir].ents[i] = b->nodes[dir].ents[--b->nodes[dir].n];
        i = -1;
      }
      if (hl) {
        char *hp = strdup(hl);
        uint32_t hd;
        char *hlast;
        long k = -1;
        if (arc_parent(b, root, hp, &hd, &hlast) && hlast) k = bx_find(b, hd, hlast);
        if (k < 0 || b->nodes[b->nodes[hd].ents[k].node].type != WASMC_BOX_REGULAR_FILE) {
          img_error(b->diag, "box: archive '%s': hard link '%s' to '%s', which is not an earlier file", file, name, hl);
          ok = false;
        } else {
          bx_add(b, dir, last, b->nodes[hd].ents[k].node);
        }
        free(hp);
      } else if (type == AE_IFDIR) {
        if (i >= 0) {
          bx_node *d = &b->nodes[b->nodes[dir].ents[i].node];
          d->mode = archive_entry_perm(e);
          d->mtim = mtim;
        } else {
          bx_add(b, dir, last, bx_new(b, WASMC_BOX_DIRECTORY, archive_entry_perm(e), mtim, name));
        }
      } else if (type == AE_IFREG) {
        la_int64_t sz = archive_entry_size(e);
        uint8_t *data = malloc(sz > 0 ? (size_t)sz : 1);
        la_ssize_t got = sz > 0 ? archive_read_data(a, data, (size_t)sz) : 0;
        if (!data || got != sz) {
          img_error(b->diag, "box: archive '%s': cannot read '%s': %s", file, name,
                    got < 0 ? archive_error_string(a) : "short read");
          free(data);
          ok = false;
        } else {
          uint32_t c = bx_new(b, WASMC_BOX_REGULAR_FILE, archive_entry_perm(e), mtim, name);
          b->nodes[c].data = data;
          b->nodes[c].size = (uint64_t)sz;
          bx_add(b, dir, last, c);
        }
      } else if (type == AE_IFLNK) {
        const char *t = archive_entry_symlink(e);
        if (!t || !*t) {
          img_error(b->diag, "box: archive '%s': symbolic link '%s' without a target", file, name);
          ok = false;
        } else {
          uint32_t c = bx_new(b, WASMC_BOX_SYMBOLIC_LINK, 0777, mtim, name);
          b->nodes[c].target = strdup(t);
          bx_add(b, dir, last, c);
        }
      } else {
        img_error(b->diag, "box: archive '%s': '%s' is a device, FIFO or socket: boxes hold files, directories and symbolic links",
                  file, name);
        ok = false;
      }
    }
    free(p);
  }
  if (ok && r != ARCHIVE_EOF) {
    img_error(b->diag, "box: cannot read archive '%s': %s", file, archive_error_string(a));
    ok = false;
  }
  archive_read_free(a);
  return ok;
}

/* ---- layout -------------------------------------------------------------- */

static int ent_cmp(const void *x, const void *y) {
  const bx_ent *a = x, *b = y;
  size_t al = strlen(a->name), bl = strlen(b->name);
  int c = memcmp(a->name, b->name, al < bl ? al : bl);
  return c ? c : (al < bl ? -1 : al > bl);
}

/* The bytes of file node n (mapped or in memory); *unmap set when mapped. */
static const uint8_t *file_bytes(bx *b, bx_node *n, size_t *unmap) {
  *unmap = 0;
  if (n->data || n->size == 0) return n->data ? n->data : (const uint8_t *)"";
  int fd = open(n->path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) { img_error(b->diag, "box: cannot read '%s': %s", n->path, strerror(errno)); return NULL; }
  void *p = mmap(NULL, (size_t)n->size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (p == MAP_FAILED) { img_error(b->diag, "box: cannot read '%s': %s", n->path, strerror(errno)); return NULL; }
  *unmap = (size_t)n->size;
  return p;
}

static uint64_t align8(uint64_t x) { return (x + 7) & ~(uint64_t)7; }

static bool put(FILE *f, const void *p, size_t n, bx *b, const char *out) {
  if (n && fwrite(p, 1, n, f) != n) { img_error(b->diag, "box: cannot write '%s': %s", out, strerror(errno)); return false; }
  return true;
}

static bool pad_to(FILE *f, uint64_t off, bx *b, const char *out) {
  static const uint8_t zeros[8];
  long at = ftell(f);
  return at >= 0 && (uint64_t)at <= off && put(f, zeros, (size_t)(off - (uint64_t)at), b, out);
}

static void bx_free(bx *b) {
  for (uint32_t i = 0; i < b->n; i++) {
    bx_node *n = &b->nodes[i];
    for (size_t k = 0; k < n->n; k++) free(n->ents[k].name);
    free(n->ents);
    free(n->path);
    free(n->data);
    free(n->target);
    free(n->where);
  }
  free(b->nodes);
  free(b->links);
}

bool img_box_build(const img_box_spec *specs, uint32_t n_specs, const char *out_path, uint64_t *out_size,
                   img_diag *diag) {
  bx b = {.diag = diag};
  bx_new(&b, 0, 0, 0, ""); /* node 0: unused */
  uint32_t *roots = calloc(n_specs, sizeof *roots);
  bool ok = true;
  for (uint32_t i = 0; ok && i < n_specs; i++) {
    for (uint32_t k = 0; k < i; k++)
      if (!strcmp(specs[k].guest, specs[i].guest)) {
        img_error(diag, "box: two boxes mounted at '%s'", specs[i].guest);
        ok = false;
      }
    struct stat st;
    if (ok && stat(specs[i].source, &st) != 0) {
      img_error(diag, "box: cannot open '%s': %s", specs[i].source, strerror(errno));
      ok = false;
    }
    if (!ok) break;
    if (S_ISDIR(st.st_mode)) {
      roots[i] = bx_new(&b, WASMC_BOX_DIRECTORY, st.st_mode, ts_ns(st.st_mtim), specs[i].source);
      b.n_links = 0; /* hard links are kept within one source */
      ok = walk_dir(&b, specs[i].source, roots[i], 0);
    } else {
      roots[i] = bx_new(&b, WASMC_BOX_DIRECTORY, 0755, ts_ns(st.st_mtim), specs[i].source);
      ok = read_archive(&b, specs[i].source, roots[i]);
    }
  }
  if (!ok) { free(roots); bx_free(&b); return false; }

  /* link counts, sorted entries */
  for (uint32_t i = 1; i < b.n; i++) {
    bx_node *n = &b.nodes[i];
    if (n->type == WASMC_BOX_DIRECTORY) {
      if (n->n > 1) qsort(n->ents, n->n, sizeof *n->ents, ent_cmp);
      n->nlink += 2;
      for (size_t k = 0; k < n->n; k++) {
        bx_node *c = &b.nodes[n->ents[k].node];
        if (c->type == WASMC_BOX_DIRECTORY) n->nlink++;
        else c->nlink++;
      }
    }
  }

  /* offsets: header, mounts, nodes, dirents, strings, contents */
  uint64_t off = sizeof(wasmc_box_header);
  uint64_t mounts_off = off;
  off = align8(off + (uint64_t)n_specs * sizeof(wasmc_box_mount));
  uint64_t nodes_off = off;
  off += (uint64_t)b.n * sizeof(wasmc_box_node);
  for (uint32_t i = 1; i < b.n; i++)
    if (b.nodes[i].type == WASMC_BOX_DIRECTORY) {
      b.nodes[i].data_off = off;
      off += b.nodes[i].n * sizeof(wasmc_box_dirent);
    }
  uint64_t strings_off = off;
  for (uint32_t i = 0; i < n_specs; i++) off += strlen(specs[i].guest);
  for (uint32_t i = 1; i < b.n; i++) {
    bx_node *n = &b.nodes[i];
    for (size_t k = 0; k < n->n; k++) off += strlen(n->ents[k].name);
    if (n->type == WASMC_BOX_SYMBOLIC_LINK) {
      n->data_off = off;
      n->size = strlen(n->target);
      n->hash = XXH3_64bits(n->target, n->size);
      off += n->size;
    }
  }
  /* contents: hash, deduplicate (hash + size, then bytes) */
  /* open addressing on the content hash: distinct contents seen so far */
  size_t cap = 16;
  while (cap < 2 * (size_t)b.n) cap *= 2;
  uint32_t *seen = calloc(cap, sizeof *seen); /* node index, 0 = empty */
  for (uint32_t i = 1; ok && i < b.n; i++) {
    bx_node *n = &b.nodes[i];
    if (n->type != WASMC_BOX_REGULAR_FILE) continue;
    size_t un;
    const uint8_t *p = file_bytes(&b, n, &un);
    if (!p) { ok = false; break; }
    n->hash = XXH3_64bits(p, (size_t)n->size);
    size_t slot = (size_t)n->hash & (cap - 1);
    for (; seen[slot] && !n->same_as; slot = (slot + 1) & (cap - 1)) {
      bx_node *o = &b.nodes[seen[slot]];
      if (o->hash != n->hash || o->size != n->size) continue;
      size_t un2;
      const uint8_t *q = file_bytes(&b, o, &un2);
      if (!q) { ok = false; break; }
      if (memcmp(p, q, (size_t)n->size) == 0) n->same_as = seen[slot];
      if (un2) munmap((void *)q, un2);
    }
    if (un) munmap((void *)p, un);
    if (!ok) break;
    if (n->same_as) {
      n->data_off = b.nodes[n->same_as].data_off;
    } else {
      off = align8(off);
      n->data_off = off;
      off += n->size;
      seen[slot] = i;
    }
  }
  free(seen);
  uint64_t image_size = align8(off);

  /* directory hashes (entries, then names) and node records */
  wasmc_box_dirent **dents = calloc(b.n, sizeof *dents);
  wasmc_box_node *recs = calloc(b.n, sizeof *recs);
  uint64_t soff = strings_off;
  wasmc_box_mount *mounts = calloc(n_specs ? n_specs : 1, sizeof *mounts);
  for (uint32_t i = 0; i < n_specs; i++) {
    mounts[i] = (wasmc_box_mount){soff, (uint32_t)strlen(specs[i].guest), roots[i]};
    soff += strlen(specs[i].guest);
  }
  for (uint32_t i = 1; ok && i < b.n; i++) {
    bx_node *n = &b.nodes[i];
    if (n->type == WASMC_BOX_DIRECTORY) {
      dents[i] = calloc(n->n ? n->n : 1, sizeof **dents);
      XXH3_state_t *st = XXH3_createState();
      XXH3_64bits_reset(st);
      for (size_t k = 0; k < n->n; k++) {
        size_t l = strlen(n->ents[k].name);
        dents[i][k] = (wasmc_box_dirent){soff, (uint32_t)l, n->ents[k].node};
        soff += l;
      }
      XXH3_64bits_update(st, dents[i], n->n * sizeof **dents);
      for (size_t k = 0; k < n->n; k++) XXH3_64bits_update(st, n->ents[k].name, strlen(n->ents[k].name));
      n->hash = XXH3_64bits_digest(st);
      XXH3_freeState(st);
    }
    if (n->type == WASMC_BOX_SYMBOLIC_LINK) soff += n->size;
    wasmc_box_node *r = &recs[i];
    r->filetype = n->type;
    r->mode = n->mode;
    r->nlink = n->nlink;
    r->mtim = n->mtim;
    r->size = n->type == WASMC_BOX_DIRECTORY ? n->n : n->size;
    r->data_off = n->data_off;
    r->data_hash = n->hash;
    r->node_hash = XXH3_64bits(r, 48);
  }
  wasmc_box_header h = {.version = WASMC_BOX_VERSION, .n_mounts = n_specs, .n_nodes = b.n,
                        .image_size = image_size, .mounts_off = mounts_off, .nodes_off = nodes_off};
  memcpy(h.magic, WASMC_BOX_MAGIC, 8);
  {
    XXH3_state_t *st = XXH3_createState();
    XXH3_64bits_reset(st);
    XXH3_64bits_update(st, &h, offsetof(wasmc_box_header, hash));
    XXH3_64bits_update(st, mounts, n_specs * sizeof *mounts);
    for (uint32_t i = 0; i < n_specs; i++) XXH3_64bits_update(st, specs[i].guest, strlen(specs[i].guest));
    h.hash = XXH3_64bits_digest(st);
    XXH3_freeState(st);
  }

  /* write it, in offset order */
  FILE *f = ok ? fopen(out_path, "wb") : NULL;
  if (ok && !f) { img_error(diag, "box: cannot create '%s': %s", out_path, strerror(errno)); ok = false; }
  if (ok) ok = put(f, &h, sizeof h, &b, out_path) && put(f, mounts, n_specs * sizeof *mounts, &b, out_path) &&
               pad_to(f, nodes_off, &b, out_path) && put(f, recs, b.n * sizeof *recs, &b, out_path);
  for (uint32_t i = 1; ok && i < b.n; i++)
    if (b.nodes[i].type == WASMC_BOX_DIRECTORY) ok = put(f, dents[i], b.nodes[i].n * sizeof **dents, &b, out_path);
  for (uint32_t i = 0; ok && i < n_specs; i++) ok = put(f, specs[i].guest, strlen(specs[i].guest), &b, out_path);
  for (uint32_t i = 1; ok && i < b.n; i++) {
    bx_node *n = &b.nodes[i];
    for (size_t k = 0; ok && k < n->n; k++) ok = put(f, n->ents[k].name, strlen(n->ents[k].name), &b, out_path);
    if (ok && n->type == WASMC_BOX_SYMBOLIC_LINK) ok = put(f, n->target, n->size, &b, out_path);
  }
  for (uint32_t i = 1; ok && i < b.n; i++) {
    bx_node *n = &b.nodes[i];
    if (n->type != WASMC_BOX_REGULAR_FILE || n->same_as) continue;
    size_t un;
    const uint8_t *p = file_bytes(&b, n, &un);
    ok = p && pad_to(f, n->data_off, &b, out_path) && put(f, p, (size_t)n->size, &b, out_path);
    if (p && un) munmap((void *)p, un);
  }
  if (ok) ok = pad_to(f, image_size, &b, out_path);
  if (f && fclose(f) != 0 && ok) { img_error(diag, "box: cannot write '%s': %s", out_path, strerror(errno)); ok = false; }
  for (uint32_t i = 0; i < b.n; i++) free(dents[i]);
  free(dents);
  free(recs);
  free(mounts);
  free(roots);
  bx_free(&b);
  if (ok) *out_size = image_size;
  return ok;
}

bool img_box_write_asm(const char *asm_path, const char *image_path, img_diag *diag) {
  if (strpbrk(image_path, "\"\\\n")) { img_error(diag, "box: unusable temporary path '%s'", image_path); return false; }
  FILE *f = fopen(asm_path, "w");
  if (!f) { img_error(diag, "box: cannot create '%s': %s", asm_path, strerror(errno)); return false; }
  /* "a": allocated, read-only; the loader maps it, pages come in on demand */
  fprintf(f,
          "\t.section %s,\"a\"\n"
          "\t.balign 4096\n"
          "\t.globl %s\n"
          "\t.hidden %s\n"
          "%s:\n"
          "\t.incbin \"%s\"\n",
          WASMC_BOX_SECTION, WASMC_BOX_SYMBOL, WASMC_BOX_SYMBOL, WASMC_BOX_SYMBOL, image_path);
  if (fclose(f) != 0) { img_error(diag, "box: cannot write '%s': %s", asm_path, strerror(errno)); return false; }
  return true;
}
