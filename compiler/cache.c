/*
 * cache.c — the compile cache: one object file per partition, found by an
 * XXH3-128 key of everything the object is made from (cache_key.c builds
 * the key: docs/architecture.md "Compile cache").
 *
 * Layout: DIR/objects/<2 hex>/<30 hex>.o (the key in hex), DIR = --cache-dir, else
 * $XDG_CACHE_HOME/wasmc, else ~/.cache/wasmc; <30 hex>.m is a partition's
 * manifest (what its object's key is made of, found without lowering the
 * partition: partition.c), kept and evicted like the objects.  An entry is written to a
 * temporary name in the same directory and renamed: a reader sees a whole
 * file or none, so concurrent compiles share the cache safely.  A hit sets
 * the entry's mtime to now.  Compiles add the bytes they store to a counter
 * (DIR/objects/stored-bytes); the one that takes it past an eighth of the
 * cap (--cache-size, default 4 GiB) resets it and scans the cache: stat()ing
 * every entry on every compile cost more than compiling a small module once
 * the cache held tens of thousands of them.  When the cache holds more than
 * its cap, the entries used least recently are removed until it holds 3/4 of
 * the cap (so it may pass the cap by up to an eighth between scans); the same scan removes
 * temporaries older than an hour (a compile killed by SIGKILL or a crash:
 * SIGINT and SIGTERM remove the compile's own, wcc_cache_cleanup).  Every cache failure
 * (unwritable directory, full disk) only costs the compile its speed: the
 * object is compiled and nothing is reported unless -v.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "wcc.h"

#define WCC_CACHE_DEFAULT_BYTES (4ull << 30)

static void hex16(const uint8_t key[16], char out[33]) {
  static const char d[] = "0123456789abcdef";
  for (int i = 0; i < 16; i++) out[2 * i] = d[key[i] >> 4], out[2 * i + 1] = d[key[i] & 15];
  out[32] = 0;
}

static bool mkdirs(char *path) {
  for (char *p = path + 1; *p; p++) {
    if (*p != '/') continue;
    *p = 0;
    int r = mkdir(path, 0755);
    *p = '/';
    if (r != 0 && errno != EEXIST) return false;
  }
  return mkdir(path, 0755) == 0 || errno == EEXIST;
}

bool wcc_cache_open(const wcc_options *o, wcc_cache *cache) {
  memset(cache, 0, sizeof *cache);
  cache->max_bytes = o->cache_bytes ? o->cache_bytes : WCC_CACHE_DEFAULT_BYTES;
  cache->verbose = o->verbose;
  if (o->no_cache || o->emit == WCC_EMIT_LLVM_IR) return false;
  const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
  char buf[4096];
  if (o->cache_dir) snprintf(buf, sizeof buf, "%s", o->cache_dir);
  else if (xdg && *xdg == '/') snprintf(buf, sizeof buf, "%s/wasmc", xdg);
  else if (home && *home) snprintf(buf, sizeof buf, "%s/.cache/wasmc", home);
  else return false;
  size_t n = strlen(buf);
  while (n > 1 && buf[n - 1] == '/') buf[--n] = 0;
  if (n + 64 >= sizeof buf) return false;
  snprintf(buf + n, sizeof buf - n, "/objects");
  if (!mkdirs(buf)) {
    if (cache->verbose) fprintf(stderr, "wasmc: compile cache '%s' unusable: %s\n", buf, strerror(errno));
    return false;
  }
  cache->dir = strdup(buf);
  cache->enabled = cache->dir != NULL;
  return cache->enabled;
}

void wcc_cache_close(wcc_cache *cache) {
  free(cache->dir);
  memset(cache, 0, sizeof *cache);
}

/* ext: 'o' an object, 'm' a partition's manifest */
static void entry_path(const wcc_cache *cache, const uint8_t key[16], char ext, char *out, size_t cap, bool make_dir) {
  char h[33];
  hex16(key, h);
  snprintf(out, cap, "%s/%.2s", cache->dir, h);
  if (make_dir) mkdir(out, 0755);
  snprintf(out, cap, "%s/%.2s/%s.%c", cache->dir, h, h + 2, ext);
}

/* write len bytes of data to fd; false on any error */
static bool write_all(int fd, const void *data, size_t len) {
  for (size_t w = 0; w < len;) {
    ssize_t k = write(fd, (const uint8_t *)data + w, len - w);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return false;
    w += (size_t)k;
  }
  return true;
}

/* copy src to dst (created or truncated); false on any error (dst removed) */
static bool copy_file(const char *src, const char *dst) {
  int in = open(src, O_RDONLY | O_CLOEXEC);
  if (in < 0) return false;
  int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0) { close(in); return false; }
  char buf[1 << 16];
  bool ok = true;
  for (;;) {
    ssize_t r = read(in, buf, sizeof buf);
    if (r == 0) break;
    if (r < 0) { if (errno == EINTR) continue; ok = false; break; }
    if (!(ok = write_all(out, buf, (size_t)r))) break;
  }
  close(in);
  if (close(out) != 0) ok = false;
  if (!ok) unlink(dst);
  return ok;
}

/* distinct temporary names for the threads of this process */
static unsigned next_serial(void) {
  static unsigned serial;
  return __atomic_fetch_add(&serial, 1, __ATOMIC_RELAXED);
}

/* The temporaries being written now, so that a signal handler can remove
 * them (wcc_cache_cleanup): a slot per writer, claimed by compare-and-swap
 * (0 free, 1 being named, 2 named), its path complete before it is marked
 * named.  A writer holds one slot at a time, and -j is at most 64. */
#define TMP_SLOTS 128
static char g_tmp_path[TMP_SLOTS][4300];
static int g_tmp_state[TMP_SLOTS];

/* Name a temporary for `path` into g_tmp_path[*slot] (or, with every slot
 * taken, into `spare`); returns the name. */
static const char *tmp_claim(const char *path, int *slot, char spare[4300]) {
  for (int i = 0; i < TMP_SLOTS; i++) {
    int free_slot = 0;
    if (__atomic_compare_exchange_n(&g_tmp_state[i], &free_slot, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
      snprintf(g_tmp_path[i], sizeof g_tmp_path[i], "%s.tmp-%d-%u", path, (int)getpid(), next_serial());
      __atomic_store_n(&g_tmp_state[i], 2, __ATOMIC_RELEASE);
      *slot = i;
      return g_tmp_path[i];
    }
  }
  *slot = -1;
  snprintf(spare, 4300, "%s.tmp-%d-%u", path, (int)getpid(), next_serial());
  return spare;
}

/* The temporary was renamed or removed. */
static void tmp_release(int slot) {
  if (slot >= 0) __atomic_store_n(&g_tmp_state[slot], 0, __ATOMIC_RELEASE);
}

/* Stalls a writer with its temporary on disk (tests/determinism: a signal
 * must remove it) when WASMC_TEST_CACHE_STALL is set. */
static void test_stall(void) {
  static int stall = -1;
  if (stall < 0) stall = getenv("WASMC_TEST_CACHE_STALL") != NULL;
  if (stall) sleep(30);
}

void wcc_cache_cleanup(void) {
  for (int i = 0; i < TMP_SLOTS; i++)
    if (__atomic_load_n(&g_tmp_state[i], __ATOMIC_ACQUIRE) == 2) unlink(g_tmp_path[i]);
}

bool wcc_cache_get(const wcc_cache *cache, const uint8_t key[16], const char *dest) {
  if (!cache->enabled) return false;
  char path[4200];
  entry_path(cache, key, 'o', path, sizeof path, false);
  if (!copy_file(path, dest)) return false;
  utimensat(AT_FDCWD, path, NULL, 0); /* used now (least-recently-used eviction) */
  return true;
}

void wcc_cache_put(wcc_cache *cache, const uint8_t key[16], const char *src) {
  if (!cache->enabled) return;
  char path[4200], spare[4300];
  int slot;
  entry_path(cache, key, 'o', path, sizeof path, true);
  const char *tmp = tmp_claim(path, &slot, spare);
  bool copied = copy_file(src, tmp);
  if (copied) test_stall();
  struct stat st;
  if (copied && rename(tmp, path) == 0) {
    __atomic_fetch_add(&cache->stored_bytes, stat(path, &st) == 0 ? (uint64_t)st.st_size + 1 : 1, __ATOMIC_RELAXED);
    tmp_release(slot);
    return;
  }
  if (cache->verbose) fprintf(stderr, "wasmc: cannot store '%s' in the compile cache: %s\n", path, strerror(errno));
  unlink(tmp);
  tmp_release(slot);
}

#define WCC_MANIFEST_MAX (64u << 20)

uint8_t *wcc_cache_get_manifest(const wcc_cache *cache, const uint8_t key[16], size_t *len) {
  if (!cache->enabled) return NULL;
  char path[4200];
  entry_path(cache, key, 'm', path, sizeof path, false);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return NULL;
  struct stat st;
  uint8_t *data = NULL;
  if (fstat(fd, &st) == 0 && st.st_size > 0 && (uint64_t)st.st_size <= WCC_MANIFEST_MAX &&
      (data = malloc((size_t)st.st_size))) {
    size_t got = 0;
    while (got < (size_t)st.st_size) {
      ssize_t r = read(fd, data + got, (size_t)st.st_size - got);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) break;
      got += (size_t)r;
    }
    if (got != (size_t)st.st_size) { free(data); data = NULL; }
    else *len = got;
  }
  close(fd);
  if (data) utimensat(AT_FDCWD, path, NULL, 0);
  return data;
}

void wcc_cache_put_manifest(wcc_cache *cache, const uint8_t key[16], const void *data, size_t len) {
  if (!cache->enabled) return;
  char path[4200], spare[4300];
  int slot;
  entry_path(cache, key, 'm', path, sizeof path, true);
  const char *tmp = tmp_claim(path, &slot, spare);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  bool ok = fd >= 0 && write_all(fd, data, len);
  if (fd >= 0 && close(fd) != 0) ok = false;
  if (ok && rename(tmp, path) == 0) {
    __atomic_fetch_add(&cache->stored_bytes, (uint64_t)len + 1, __ATOMIC_RELAXED);
    tmp_release(slot);
    return;
  }
  if (cache->verbose) fprintf(stderr, "wasmc: cannot store '%s' in the compile cache: %s\n", path, strerror(errno));
  if (fd >= 0) unlink(tmp);
  tmp_release(slot);
}

typedef struct entry { char *path; off_t size; struct timespec mtime; } entry;

static int by_mtime(const void *a, const void *b) {
  const entry *x = a, *y = b;
  if (x->mtime.tv_sec != y->mtime.tv_sec) return x->mtime.tv_sec < y->mtime.tv_sec ? -1 : 1;
  if (x->mtime.tv_nsec != y->mtime.tv_nsec) return x->mtime.tv_nsec < y->mtime.tv_nsec ? -1 : 1;
  return strcmp(x->path, y->path);
}

/* A temporary older than this (s) belongs to no running compile. */
#define WCC_CACHE_STALE_TMP_SECONDS 3600

/* Add `added` bytes to the counter file; true (and the counter reset) when
 * it reaches an eighth of the cap, or when the file cannot be used. */
static bool trim_due(const wcc_cache *cache, uint64_t added) {
  char path[4200];
  snprintf(path, sizeof path, "%s/stored-bytes", cache->dir);
  int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return true;
  while (flock(fd, LOCK_EX) != 0)
    if (errno != EINTR) { close(fd); return true; }
  char buf[32];
  ssize_t r = pread(fd, buf, sizeof buf - 1, 0);
  buf[r > 0 ? r : 0] = 0;
  uint64_t total = strtoull(buf, NULL, 10) + added;
  bool due = total >= cache->max_bytes / 8;
  int len = snprintf(buf, sizeof buf, "%llu\n", due ? 0ull : (unsigned long long)total);
  bool written = ftruncate(fd, 0) == 0 && pwrite(fd, buf, (size_t)len, 0) == len;
  close(fd); /* releases the lock */
  return due || !written;
}

void wcc_cache_trim(wcc_cache *cache) {
  if (!cache->enabled || !cache->stored_bytes) return;
  if (!trim_due(cache, cache->stored_bytes)) return;
  DIR *top = opendir(cache->dir);
  if (!top) return;
  entry *es = NULL;
  size_t n = 0, cap = 0;
  uint64_t total = 0;
  time_t now = time(NULL);
  struct dirent *d;
  while ((d = readdir(top))) {
    if (d->d_name[0] == '.' || strlen(d->d_name) != 2) continue;
    char sub[4200];
    snprintf(sub, sizeof sub, "%s/%s", cache->dir, d->d_name);
    DIR *dd = opendir(sub);
    if (!dd) continue;
    struct dirent *f;
    while ((f = readdir(dd))) {
      size_t len = strlen(f->d_name);
      char p[4300];
      snprintf(p, sizeof p, "%s/%s", sub, f->d_name);
      struct stat st;
      if (strstr(f->d_name, ".tmp-")) {
        /* a temporary that a compile killed before its rename left behind:
         * live ones are seconds old, and a stale one is never renamed */
        if (stat(p, &st) == 0 && st.st_mtime < now - WCC_CACHE_STALE_TMP_SECONDS) unlink(p);
        continue;
      }
      /* entries (objects, manifests) */
      if (len != 32 || (strcmp(f->d_name + 30, ".o") != 0 && strcmp(f->d_name + 30, ".m") != 0)) continue;
      if (stat(p, &st) != 0) continue;
      if (n == cap) {
        cap = cap ? cap * 2 : 256;
        entry *ne = realloc(es, cap * sizeof *ne);
        if (!ne) break;
        es = ne;
      }
      es[n].path = strdup(p);
      if (!es[n].path) break;
      es[n].size = st.st_size;
      es[n].mtime = st.st_mtim;
      total += (uint64_t)st.st_size;
      n++;
    }
    closedir(dd);
  }
  closedir(top);
  if (total > cache->max_bytes) {
    qsort(es, n, sizeof *es, by_mtime);
    uint64_t goal = cache->max_bytes / 4 * 3;
    for (size_t i = 0; i < n && total > goal; i++)
      if (unlink(es[i].path) == 0) total -= (uint64_t)es[i].size;
  }
  for (size_t i = 0; i < n; i++) free(es[i].path);
  free(es);
}

bool wcc_file_hash(const char *path, XXH3_state_t *st) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char buf[1 << 16];
  ssize_t r;
  while ((r = read(fd, buf, sizeof buf)) != 0) {
    if (r < 0) {
      if (errno == EINTR) continue;
      close(fd);
      return false;
    }
    XXH3_128bits_update(st, buf, (size_t)r);
  }
  close(fd);
  return true;
}
