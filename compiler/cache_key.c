/*
 * cache_key.c — what a partition's object depends on: the compile cache's
 * keys and the partition manifests that let a warm compile skip lowering
 * (docs/architecture.md, "Compile cache").  The store itself is cache.c;
 * partition.c computes the keys of each partition it compiles.
 */
#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "wcc.h"

/* A partition's object is a function of: this wasmc (its executable's build
 * ID or bytes, which fix LLVM, the pipeline and the version) and the runtime library's
 * bytes; the options that change code (level, target, CPU and features,
 * memory base, bounds checks, loads, NaNs, imports, -g, module symbol, emit
 * kind); the module outside its code section (types, imports, functions'
 * types, tables, memories, globals, exports, elements, data, names); the
 * partition count and number; which functions make tail calls (scan_tail.c);
 * the bodies of the functions it owns, of those
 * it copied for the inliner and of those whose body lowering read (libc
 * recognition); and, in partition 0, the sandbox configuration baked into
 * the descriptor and every body's module offset (func_code_offsets).  -j, paths and the time are not part of it. */
static void key_u64(XXH3_state_t *st, uint64_t v) { XXH3_128bits_update(st, &v, sizeof v); }
static void key_str(XXH3_state_t *st, const char *s) {
  if (!s) {
    key_u64(st, UINT64_MAX);
    return;
  }
  size_t n = strlen(s);
  key_u64(st, n);
  XXH3_128bits_update(st, s, n);
}

/* The GNU build ID note (NT_GNU_BUILD_ID) of the main executable, read
 * from its loaded program headers: no file is read. */
typedef struct build_id_ctx {
  uint8_t id[64];
  size_t len;
} build_id_ctx;

static int find_build_id(struct dl_phdr_info *info, size_t size, void *ctx) {
  (void)size;
  build_id_ctx *b = ctx;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type != PT_NOTE) continue;
    const uint8_t *p = (const uint8_t *)(info->dlpi_addr + ph->p_vaddr), *end = p + ph->p_memsz;
    while (p + sizeof(ElfW(Nhdr)) <= end) {
      const ElfW(Nhdr) *nh = (const ElfW(Nhdr) *)p;
      size_t name_sz = (nh->n_namesz + 3u) & ~3u, desc_sz = (nh->n_descsz + 3u) & ~3u;
      const uint8_t *name = p + sizeof *nh, *desc = name + name_sz;
      if (desc + desc_sz > end) break;
      if (nh->n_type == NT_GNU_BUILD_ID && nh->n_namesz == 4 && !memcmp(name, "GNU", 4) && nh->n_descsz > 0 &&
          nh->n_descsz <= sizeof b->id) {
        memcpy(b->id, desc, nh->n_descsz);
        b->len = nh->n_descsz;
        return 1;
      }
      p = desc + desc_sz;
    }
  }
  return 1; /* the first object is the executable: stop there */
}

bool wcc_keys_init(wcc_keys *ks, const wcc_options *o, const wcc_module *m, wcc_cache *cache, const wcc_target *t,
                   bool segue, uint32_t n_parts, const char *cpu, const char *features) {
  *ks = (wcc_keys){.o = o, .m = m, .cache = cache};
  XXH3_state_t *st = ks->base = XXH3_createState();
  if (!st) return false;
  XXH3_128bits_reset(st);
  key_str(st, "wasmc compile cache 1");
  key_u64(st, WASMC_ABI_VERSION);
  /* this wasmc: its build ID (a hash of the linked executable, LLVM's
   * archives included, that the linker wrote) or, without one, its bytes */
  build_id_ctx bid = {0};
  dl_iterate_phdr(find_build_id, &bid);
  if (bid.len) {
    key_str(st, "build-id");
    key_u64(st, bid.len);
    XXH3_128bits_update(st, bid.id, bid.len);
  } else if (!wcc_file_hash("/proc/self/exe", st)) {
    return false;
  }
  /* a shared LLVM library: which file (device, inode), its size and mtime;
   * an upgrade replaces the file (its 100+ MB are not hashed on every
   * compile).  Linked statically, this names wasmc itself. */
  Dl_info dl;
  struct stat sb;
  if (!dladdr((void *)LLVMContextCreate, &dl) || !dl.dli_fname || stat(dl.dli_fname, &sb) != 0) return false;
  key_str(st, dl.dli_fname);
  key_u64(st, (uint64_t)sb.st_dev), key_u64(st, (uint64_t)sb.st_ino), key_u64(st, (uint64_t)sb.st_size);
  key_u64(st, (uint64_t)sb.st_mtim.tv_sec), key_u64(st, (uint64_t)sb.st_mtim.tv_nsec);
  key_str(st, o->rt_lib);
  if (o->rt_lib && *o->rt_lib && !wcc_file_hash(o->rt_lib, st)) key_str(st, "no runtime library");
  key_u64(st, (uint64_t)o->opt_level);
  key_u64(st, (uint64_t)o->emit);
  key_str(st, t->name);
  key_str(st, cpu);
  key_str(st, features);
  key_u64(st, segue);
  key_u64(st, o->memory_base == WCC_BASE_AUTO); /* auto (the default for executables) or not */
  key_u64(st, o->explicit_bounds);
  key_u64(st, o->strict_loads);
  key_u64(st, o->canonical_nans);
  key_u64(st, o->allow_unknown_imports);
  key_u64(st, o->big_function_limit);
  key_u64(st, o->debug_info); /* -g: line tables become debug metadata (debuginfo.c) */
  key_u64(st, o->checks);
  key_str(st, o->module_symbol);
  key_u64(st, n_parts);
  size_t a = m->code_section_start, b = m->code_section_end;
  if (b <= a) a = b = m->size;
  key_u64(st, a);
  XXH3_128bits_update(st, m->bytes, a);
  key_u64(st, m->size - b);
  XXH3_128bits_update(st, m->bytes + b, m->size - b);
  /* which functions are tail-call entries: every partition declares (and
   * calls) them in their calling convention (scan_tail.c) */
  key_str(st, "tail-call entries");
  for (uint32_t i = m->n_imported_funcs; i < m->n_funcs; i++)
    if (m->funcs[i].tail_calls) key_u64(st, i);
  return true;
}

static void key_body(XXH3_state_t *st, const wcc_module *m, uint32_t i) {
  key_u64(st, i);
  key_u64(st, m->funcs[i].body_len);
  XXH3_128bits_update(st, m->funcs[i].body, m->funcs[i].body_len);
}

/* the sandbox configuration baked into partition 0's module descriptor */
static void key_config(XXH3_state_t *st, const wcc_options *o, const wcc_module *m) {
  /* the descriptor's func_code_offsets: a body of another partition that
   * changes length moves the offsets of those after it */
  key_str(st, "code offsets");
  for (uint32_t i = m->n_imported_funcs; i < m->n_funcs; i++) key_u64(st, m->funcs[i].body_offset);
  key_str(st, "config");
  key_u64(st, o->n_dirs);
  for (uint32_t i = 0; i < o->n_dirs; i++) {
    key_str(st, o->dirs[i].host);
    key_str(st, o->dirs[i].guest);
    key_u64(st, o->dirs[i].flags);
  }
  key_u64(st, o->n_env);
  for (uint32_t i = 0; i < o->n_env; i++)
    key_str(st, o->env[i]);
  key_u64(st, o->inherit_env);
  key_u64(st, o->stack_size);
  key_u64(st, o->n_sockets);
  for (uint32_t i = 0; i < o->n_sockets; i++) {
    key_str(st, o->sockets[i].addr);
    key_u64(st, o->sockets[i].kind);
  }
  key_u64(st, o->box_image_size);
  key_u64(st, o->max_memory);
  key_u64(st, o->max_table_elements);
  key_u64(st, o->n_entry_args);
  for (uint32_t i = 0; i < o->n_entry_args; i++) key_str(st, o->entry_args[i]);
  key_u64(st, o->n_cmd_args);
  for (uint32_t i = 0; i < o->n_cmd_args; i++) key_str(st, o->cmd_args[i]);
  key_u64(st, o->timeout_ns);
  key_u64(st, o->fuel);
}

static void key_digest(XXH3_state_t *st, uint8_t out[16]) {
  XXH128_canonical_t can;
  XXH128_canonicalFromHash(&can, XXH3_128bits_digest(st));
  memcpy(out, can.digest, 16);
}

/* lowering used function j's body: a copy for the inliner, or read by libc
 * recognition (j outside the partition) */
static bool body_used(const wcc_ctx *c, uint32_t j) {
  return c->fn_body_read[j] || LLVMGetLinkage(c->fn[j]) == LLVMAvailableExternallyLinkage;
}

bool wcc_key_object(const wcc_keys *ks, uint32_t k, uint32_t first, uint32_t end, const wcc_ctx *c, uint8_t out[16]) {
  const wcc_options *o = ks->o;
  const wcc_module *m = ks->m;
  XXH3_state_t *st = XXH3_createState();
  if (!st) return false;
  XXH3_copyState(st, ks->base);
  key_u64(st, k);
  for (uint32_t i = first; i < end; i++)
    key_body(st, m, i);
  key_str(st, "other bodies");
  for (uint32_t j = m->n_imported_funcs; j < m->n_funcs; j++)
    if ((j < first || j >= end) && body_used(c, j)) key_body(st, m, j);
  if (k == 0) key_config(st, o, m);
  key_digest(st, out);
  XXH3_freeState(st);
  return true;
}

/* ---- manifests ----------------------------------------------------------------
 * An object's key needs its partition lowered: which other functions it
 * copied for the inliner, and whose bodies libc recognition read, is only
 * known then.  So that a warm compile lowers nothing, each compiled
 * partition also stores a manifest under its owner key (the base key, the
 * partition's number, the bodies it owns, partition 0's configuration): its
 * object's key, and every other function whose body lowering consulted,
 * with the body's length and, when the body itself was read (a copy, libc
 * recognition), the body's XXH3-128.  Lowering a partition is a function of
 * the owner key's inputs and of those facts (what a length or a body
 * decides, it decides again), so while every fact holds, lowering would
 * build the same module, whose object key is the one recorded: the object
 * is taken from the cache without lowering.  When a fact fails (or the
 * manifest is missing or damaged) the partition is lowered and keyed as
 * without manifests; the cache then still finds its object if nothing the
 * object is made of changed.
 *
 * Format: "wasmc manifest 1" (16 bytes), the object key (16), the fact count
 * (u32), then per fact: function index (u32), flags (u32: 1 = body hashed),
 * body length (u64), the body's XXH3-128 (16 bytes, zero unless hashed);
 * host byte order (the key's base part already pins this wasmc). */
#define MANIFEST_MAGIC "wasmc manifest 1"
#define MANIFEST_FACT_BYTES 32u

bool wcc_key_owner(const wcc_keys *ks, uint32_t k, uint32_t first, uint32_t end, uint8_t out[16]) {
  XXH3_state_t *st = XXH3_createState();
  if (!st) return false;
  XXH3_copyState(st, ks->base);
  key_str(st, "owner");
  key_u64(st, k);
  for (uint32_t i = first; i < end; i++)
    key_body(st, ks->m, i);
  if (k == 0) key_config(st, ks->o, ks->m);
  key_digest(st, out);
  XXH3_freeState(st);
  return true;
}

static void body_digest(const wcc_module *m, uint32_t i, uint8_t out[16]) {
  XXH128_canonical_t can;
  XXH128_canonicalFromHash(&can, XXH3_128bits(m->funcs[i].body, m->funcs[i].body_len));
  memcpy(out, can.digest, 16);
}

void wcc_manifest_put(const wcc_keys *ks, uint32_t first, uint32_t end, const wcc_ctx *c, const uint8_t owner[16],
                      const uint8_t key[16]) {
  const wcc_module *m = ks->m;
  /* room for a fact per function outside the partition; the count is known at the end */
  uint32_t n = 0, n_other = m->n_funcs - m->n_imported_funcs - (end - first);
  uint8_t *buf = calloc(1, 36 + (size_t)n_other * MANIFEST_FACT_BYTES), *q = buf + 36;
  if (!buf) return;
  for (uint32_t j = m->n_imported_funcs; j < m->n_funcs; j++) {
    if (j >= first && j < end) continue;
    bool hashed = body_used(c, j);
    if (!hashed && !c->fn_len_read[j]) continue;
    uint32_t flags = hashed;
    uint64_t blen = m->funcs[j].body_len;
    memcpy(q, &j, 4), memcpy(q + 4, &flags, 4), memcpy(q + 8, &blen, 8);
    if (hashed) body_digest(m, j, q + 16);
    q += MANIFEST_FACT_BYTES;
    n++;
  }
  memcpy(buf, MANIFEST_MAGIC, 16);
  memcpy(buf + 16, key, 16);
  memcpy(buf + 32, &n, 4);
  wcc_cache_put_manifest(ks->cache, owner, buf, 36 + (size_t)n * MANIFEST_FACT_BYTES);
  free(buf);
}

bool wcc_manifest_check(const wcc_keys *ks, uint32_t first, uint32_t end, const uint8_t owner[16], uint8_t key[16]) {
  const wcc_module *m = ks->m;
  size_t len = 0;
  uint8_t *buf = wcc_cache_get_manifest(ks->cache, owner, &len);
  if (!buf) return false;
  uint32_t n = 0;
  bool ok = len >= 36 && memcmp(buf, MANIFEST_MAGIC, 16) == 0;
  if (ok) memcpy(&n, buf + 32, 4);
  ok = ok && len == 36 + (size_t)n * MANIFEST_FACT_BYTES;
  for (const uint8_t *q = buf + 36; ok && q < buf + len; q += MANIFEST_FACT_BYTES) {
    uint32_t j, flags;
    uint64_t blen;
    memcpy(&j, q, 4), memcpy(&flags, q + 4, 4), memcpy(&blen, q + 8, 8);
    ok = j >= m->n_imported_funcs && j < m->n_funcs && (j < first || j >= end) && flags <= 1 &&
         m->funcs[j].body_len == blen;
    if (ok && flags) {
      uint8_t d[16];
      body_digest(m, j, d);
      ok = memcmp(d, q + 16, 16) == 0;
    }
  }
  if (ok) memcpy(key, buf + 16, 16);
  free(buf);
  return ok;
}

void wcc_keys_fini(wcc_keys *ks) {
  if (ks->base) XXH3_freeState(ks->base);
  ks->base = NULL;
}
