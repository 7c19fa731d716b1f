/*
 * oci.c — `wasmc --oci IMAGE.tar`: wrap the linked static executable in an OCI
 * image (image-spec v1.0, "image layout" in one tar archive) whose only layer
 * holds that one file, with the entrypoint set, so that containerd, Kubernetes,
 * Podman, skopeo and umoci can use it as is (docs/cli.md).
 *
 * The archive holds
 *   oci-layout                    {"imageLayoutVersion":"1.0.0"}
 *   blobs/sha256/<layer>          gzip of a tar with one entry: NAME, 0755, uid/gid 0
 *   blobs/sha256/<config>         architecture, os, Entrypoint ["/NAME"], rootfs.diff_ids
 *   blobs/sha256/<manifest>       the image manifest
 *   index.json                    the manifest, ref.name "latest"
 *   manifest.json                 the same image for `docker load` (Docker < 25 reads only this)
 * Every timestamp (tar entries, config "created") is SOURCE_DATE_EPOCH, else 0,
 * and the gzip header carries no time, so the output is byte-for-byte
 * reproducible.  Tars and gzip come from libarchive, digests from libcrypto.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <jansson.h>
#include <openssl/evp.h>

#include "image.h"

#define MT_INDEX "application/vnd.oci.image.index.v1+json"
#define MT_MANIFEST "application/vnd.oci.image.manifest.v1+json"
#define MT_CONFIG "application/vnd.oci.image.config.v1+json"
#define MT_LAYER "application/vnd.oci.image.layer.v1.tar+gzip"

/* ---- a growable byte buffer (also an archive_write_open2 sink) ----------- */
typedef struct obuf {
  unsigned char *p;
  size_t n, cap;
  bool oom;
} obuf;

static bool obuf_put(obuf *b, const void *data, size_t n) {
  if (b->oom) return false;
  if (b->n + n > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->n + n) cap *= 2;
    unsigned char *p = realloc(b->p, cap);
    if (!p) { b->oom = true; return false; }
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->n, data, n);
  b->n += n;
  return true;
}

static la_ssize_t obuf_write_cb(struct archive *a, void *ud, const void *data, size_t n) {
  if (!obuf_put(ud, data, n)) {
    archive_set_error(a, ENOMEM, "out of memory");
    return -1;
  }
  return (la_ssize_t)n;
}

/* "sha256:<64 hex digits>" of data into out[72]. */
static bool sha256_digest(const void *data, size_t n, char out[72]) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data, n, md, &len, EVP_sha256(), NULL) != 1 || len != 32) return false;
  memcpy(out, "sha256:", 7);
  for (unsigned i = 0; i < 32; i++) snprintf(out + 7 + 2 * i, 3, "%02x", md[i]);
  return true;
}

/* ---- tar writing ---------------------------------------------------------- */
/* A pax (restricted: plain ustar unless a field needs more) writer with
 * no padding after the end-of-archive blocks. */
static struct archive *new_tar_writer(void) {
  struct archive *a = archive_write_new();
  if (!a) return NULL;
  if (archive_write_set_format_pax_restricted(a) != ARCHIVE_OK ||
      archive_write_set_bytes_in_last_block(a, 1) != ARCHIVE_OK) {
    archive_write_free(a);
    return NULL;
  }
  return a;
}

/* One entry (a regular file when data != NULL, else a directory) owned by
 * root:root with modification time `mtime`. */
static bool tar_add(struct archive *a, const char *path, unsigned perm, const void *data, size_t size, int64_t mtime) {
  struct archive_entry *e = archive_entry_new();
  if (!e) { archive_set_error(a, ENOMEM, "out of memory"); return false; }
  archive_entry_set_pathname(e, path);
  archive_entry_set_filetype(e, data ? AE_IFREG : AE_IFDIR);
  archive_entry_set_perm(e, perm);
  archive_entry_set_uid(e, 0);
  archive_entry_set_gid(e, 0);
  archive_entry_set_size(e, data ? (la_int64_t)size : 0);
  archive_entry_set_mtime(e, (time_t)mtime, 0);
  bool ok = archive_write_header(a, e) == ARCHIVE_OK;
  archive_entry_free(e);
  for (size_t done = 0; ok && data && done < size;) {
    la_ssize_t k = archive_write_data(a, (const char *)data + done, size - done);
    if (k <= 0) ok = false;
    else done += (size_t)k;
  }
  return ok;
}

/* The layer: tar with the executable as NAME (uncompressed, into *tar), and
 * its gzip (into *gz; no timestamp, no file name, no padding). */
static bool make_layer(const unsigned char *exe, size_t exe_size, const char *name, int64_t mtime, obuf *tar, obuf *gz,
                       img_diag *diag) {
  struct archive *a = new_tar_writer();
  if (!a) { img_error(diag, "cannot create the OCI layer: libarchive setup failed"); return false; }
  bool ok = archive_write_open2(a, tar, NULL, obuf_write_cb, NULL, NULL) == ARCHIVE_OK &&
            tar_add(a, name, 0755, exe, exe_size, mtime) && archive_write_close(a) == ARCHIVE_OK;
  if (!ok)
    img_error(diag, "cannot create the OCI layer: %s",
              archive_error_string(a) ? archive_error_string(a) : "libarchive error");
  archive_write_free(a);
  if (!ok) return false;

  a = archive_write_new();
  ok = a && archive_write_set_format_raw(a) == ARCHIVE_OK && archive_write_add_filter_gzip(a) == ARCHIVE_OK &&
       archive_write_set_filter_option(a, "gzip", "timestamp", NULL) == ARCHIVE_OK &&
       archive_write_set_filter_option(a, "gzip", "compression-level", "9") == ARCHIVE_OK &&
       archive_write_set_bytes_in_last_block(a, 1) == ARCHIVE_OK &&
       archive_write_open2(a, gz, NULL, obuf_write_cb, NULL, NULL) == ARCHIVE_OK &&
       tar_add(a, "layer.tar", 0644, tar->p, tar->n, 0) && archive_write_close(a) == ARCHIVE_OK;
  if (!ok)
    img_error(diag, "cannot compress the OCI layer: %s",
              a && archive_error_string(a) ? archive_error_string(a) : "libarchive error");
  archive_write_free(a);
  return ok;
}

/* ---- helpers -------------------------------------------------------------- */
static bool read_whole(const char *path, obuf *out, img_diag *diag) {
  FILE *f = fopen(path, "rb");
  if (!f) { img_error(diag, "cannot read '%s': %s", path, strerror(errno)); return false; }
  unsigned char chunk[1 << 16];
  size_t k;
  while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
    if (!obuf_put(out, chunk, k)) break;
  bool ok = !ferror(f) && !out->oom;
  if (!ok) img_error(diag, "cannot read '%s': %s", path, out->oom ? "out of memory" : strerror(errno));
  fclose(f);
  return ok;
}

/* An entry name is one path component of printable ASCII ("" "." ".." and
 * "/" excluded): no quoting issues in JSON, tar or a shell. */
static bool valid_entry_name(const char *s) {
  if (!*s || !strcmp(s, ".") || !strcmp(s, "..") || strlen(s) > 200) return false;
  for (; *s; s++)
    if (*s < 0x20 || *s > 0x7e || *s == '/') return false;
  return true;
}

/* Docker reference path component: [a-z0-9]+ separated by ".", "_", "__" or "-"+ */
static bool docker_name_ok(const char *s) {
  size_t n = strlen(s);
  if (n == 0 || n > 128) return false;
  size_t i = 0;
  for (;;) {
    size_t run = 0;
    while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9'))) i++, run++;
    if (run == 0) return false;
    if (i == n) return true;
    size_t sep = i;
    while (i < n && s[i] == '-') i++;
    if (i == sep) {
      if (s[i] == '.') i++;
      else if (s[i] == '_') i += (i + 1 < n && s[i + 1] == '_') ? 2 : 1;
      else return false;
    }
  }
}

/* Serialise j (consumed; NULL: an earlier allocation failed) into b,
 * compact, keys in insertion order. */
static bool json_to_obuf(json_t *j, obuf *b) {
  if (!j) return false;
  char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(j);
  if (!s) return false;
  bool ok = obuf_put(b, s, strlen(s));
  free(s);
  return ok;
}

/* {"K":{}, ...} from a list of names (ExposedPorts, Volumes) */
static json_t *json_set(const char *const *names, size_t n) {
  json_t *o = json_object();
  for (size_t i = 0; o && i < n; i++)
    if (json_object_set_new(o, names[i], json_object()) != 0) { json_decref(o); return NULL; }
  return o;
}

/* The image config (image-spec config.md): created, architecture, os,
 * config {Entrypoint, Env, WorkingDir, User, StopSignal, Labels,
 * ExposedPorts, Volumes, Healthcheck}, rootfs, history. */
static bool json_config(obuf *out, const char *created, const char *arch, const char *entry, const char *diff_id,
                        const img_oci_config *cfg) {
  json_t *c = json_pack("{s:[s]}", "Entrypoint", entry);
  bool ok = c != NULL;
  if (ok && cfg && cfg->n_env) {
    json_t *env = json_array();
    for (size_t i = 0; env && i < cfg->n_env; i++)
      if (json_array_append_new(env, json_string(cfg->env[i])) != 0) ok = false;
    ok = ok && env && json_object_set_new(c, "Env", env) == 0;
  }
  if (ok && cfg && cfg->workdir) ok = json_object_set_new(c, "WorkingDir", json_string(cfg->workdir)) == 0;
  if (ok && cfg && cfg->user) ok = json_object_set_new(c, "User", json_string(cfg->user)) == 0;
  if (ok && cfg && cfg->stop_signal) ok = json_object_set_new(c, "StopSignal", json_string(cfg->stop_signal)) == 0;
  if (ok && cfg && cfg->n_labels) {
    json_t *l = json_object();
    for (size_t i = 0; l && i < cfg->n_labels; i++) {
      const char *eq = strchr(cfg->labels[i], '=');
      size_t kl = eq ? (size_t)(eq - cfg->labels[i]) : strlen(cfg->labels[i]);
      if (json_object_setn_new(l, cfg->labels[i], kl, json_string(eq ? eq + 1 : "")) != 0) ok = false;
    }
    ok = ok && l && json_object_set_new(c, "Labels", l) == 0;
  }
  if (ok && cfg && cfg->n_ports) ok = json_object_set_new(c, "ExposedPorts", json_set(cfg->ports, cfg->n_ports)) == 0;
  if (ok && cfg && cfg->n_volumes)
    ok = json_object_set_new(c, "Volumes", json_set(cfg->volumes, cfg->n_volumes)) == 0;
  if (ok && cfg && cfg->healthcheck)
    ok = json_object_set_new(c, "Healthcheck", json_pack("{s:[s,s]}", "Test", "CMD-SHELL", cfg->healthcheck)) == 0;
  if (!ok) { json_decref(c); return false; }
  json_t *doc = json_pack("{s:s, s:s, s:s, s:o, s:{s:s, s:[s]}, s:[{s:s, s:s}]}", "created", created, "architecture",
                          arch, "os", "linux", "config", c, "rootfs", "type", "layers", "diff_ids", diff_id, "history",
                          "created", created, "created_by", cfg ? "wasmc build" : "wasmc --oci");
  return json_to_obuf(doc, out);
}

/* The image's time: SOURCE_DATE_EPOCH (reproducible-builds.org) or 0. */
static bool image_time(int64_t *out, img_diag *diag) {
  const char *e = getenv("SOURCE_DATE_EPOCH");
  *out = 0;
  if (!e || !*e) return true;
  char *end;
  errno = 0;
  long long v = strtoll(e, &end, 10);
  if (*end || errno || v < 0 || v > 253402300799LL || e[0] < '0' || e[0] > '9') {
    img_error(diag, "SOURCE_DATE_EPOCH='%s' is not a number of seconds since 1970 (0..253402300799)", e);
    return false;
  }
  *out = v;
  return true;
}

static char *g_oci_tmp; /* the archive being written, removed on failure or signal */

void img_oci_cleanup(void) {
  if (g_oci_tmp) unlink(g_oci_tmp);
}

bool img_write_oci(const char *exe_path, const char *oci_path, const char *entry_name, const char *oci_arch,
                   const img_oci_config *cfg, img_diag *diag) {
  if (!valid_entry_name(entry_name)) {
    img_error(diag, "cannot use '%s' as the name of the executable in the OCI image (one printable ASCII path "
                    "component; name it with -o)", entry_name);
    return false;
  }
  if (strcmp(oci_arch, "amd64") != 0 && strcmp(oci_arch, "arm64") != 0) {
    img_error(diag, "no OCI architecture '%s' (amd64, arm64)", oci_arch);
    return false;
  }
  int64_t mtime;
  if (!image_time(&mtime, diag)) return false;
  time_t tt = (time_t)mtime;
  struct tm tm;
  char created[32];
  if (!gmtime_r(&tt, &tm) || !strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm)) {
    img_error(diag, "SOURCE_DATE_EPOCH out of range");
    return false;
  }

  obuf exe = {0}, tar = {0}, gz = {0}, config = {0}, manifest = {0}, index = {0}, docker = {0};
  bool ok = read_whole(exe_path, &exe, diag) && make_layer(exe.p, exe.n, entry_name, mtime, &tar, &gz, diag);
  char diff_id[72], layer_digest[72], config_digest[72], manifest_digest[72];
  if (ok && !(sha256_digest(tar.p, tar.n, diff_id) && sha256_digest(gz.p, gz.n, layer_digest))) {
    img_error(diag, "SHA-256 (libcrypto) failed");
    ok = false;
  }

  /* JSON documents (jansson): keys in insertion order, no whitespace */
  if (ok) {
    char slash_name[210]; /* valid_entry_name: at most 200 characters */
    snprintf(slash_name, sizeof slash_name, "/%s", entry_name);
    ok = json_config(&config, created, oci_arch, slash_name, diff_id, cfg) &&
         sha256_digest(config.p, config.n, config_digest);
  }
  if (ok) {
    json_t *m = json_pack("{s:i, s:s, s:{s:s, s:s, s:I}, s:[{s:s, s:s, s:I}]}", "schemaVersion", 2, "mediaType",
                          MT_MANIFEST, "config", "mediaType", MT_CONFIG, "digest", config_digest, "size",
                          (json_int_t)config.n, "layers", "mediaType", MT_LAYER, "digest", layer_digest, "size",
                          (json_int_t)gz.n);
    ok = json_to_obuf(m, &manifest) && sha256_digest(manifest.p, manifest.n, manifest_digest);
  }
  if (ok) {
    const char *ref = cfg && cfg->ref_name ? cfg->ref_name : "latest";
    json_t *ix = json_pack("{s:i, s:s, s:[{s:s, s:s, s:I, s:{s:s, s:s}, s:{s:s}}]}", "schemaVersion", 2,
                           "mediaType", MT_INDEX, "manifests", "mediaType", MT_MANIFEST, "digest", manifest_digest,
                           "size", (json_int_t)manifest.n, "platform", "architecture", oci_arch, "os", "linux",
                           "annotations", "org.opencontainers.image.ref.name", ref);
    ok = json_to_obuf(ix, &index);
    /* docker-archive manifest (tagged REPO:REF when REPO is a valid Docker name) */
    const char *repo = cfg && cfg->repo ? cfg->repo : entry_name;
    char blob_config[100], blob_layer[100];
    snprintf(blob_config, sizeof blob_config, "blobs/sha256/%s", config_digest + 7);
    snprintf(blob_layer, sizeof blob_layer, "blobs/sha256/%s", layer_digest + 7);
    json_t *tags = json_array();
    if (tags && docker_name_ok(repo)) {
      size_t tl = strlen(repo) + strlen(ref) + 2;
      char *tag = malloc(tl);
      if (tag) snprintf(tag, tl, "%s:%s", repo, ref);
      if (!tag || json_array_append_new(tags, json_string(tag)) != 0) ok = false;
      free(tag);
    }
    json_t *d = json_pack("[{s:s, s:o, s:[s]}]", "Config", blob_config, "RepoTags", tags, "Layers", blob_layer);
    ok = json_to_obuf(d, &docker) && ok;
  }
  if (!ok && !diag->failed) img_error(diag, "cannot build the OCI image: out of memory");

  /* the archive, written next to its final name and renamed at the end */
  struct archive *a = NULL;
  int fd = -1;
  if (ok) {
    size_t pl = strlen(oci_path) + 40;
    g_oci_tmp = malloc(pl);
    if (!g_oci_tmp) { img_error(diag, "out of memory"); ok = false; }
    else {
      snprintf(g_oci_tmp, pl, "%s.wasmc-oci-tmp-%d", oci_path, (int)getpid());
      fd = open(g_oci_tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
      if (fd < 0) {
        img_error(diag, "cannot write OCI image '%s': %s", oci_path, strerror(errno));
        char *tmp = g_oci_tmp;
        g_oci_tmp = NULL;
        free(tmp);
        ok = false;
      }
    }
  }
  if (ok) {
    char blob[100];
    a = new_tar_writer();
    ok = a && archive_write_open_fd(a, fd) == ARCHIVE_OK;
    static const char layout[] = "{\"imageLayoutVersion\":\"1.0.0\"}";
    ok = ok && tar_add(a, "oci-layout", 0644, layout, sizeof layout - 1, mtime) &&
         tar_add(a, "blobs/", 0755, NULL, 0, mtime) && tar_add(a, "blobs/sha256/", 0755, NULL, 0, mtime);
    snprintf(blob, sizeof blob, "blobs/sha256/%s", layer_digest + 7);
    ok = ok && tar_add(a, blob, 0644, gz.p, gz.n, mtime);
    snprintf(blob, sizeof blob, "blobs/sha256/%s", config_digest + 7);
    ok = ok && tar_add(a, blob, 0644, config.p, config.n, mtime);
    snprintf(blob, sizeof blob, "blobs/sha256/%s", manifest_digest + 7);
    ok = ok && tar_add(a, blob, 0644, manifest.p, manifest.n, mtime) &&
         tar_add(a, "index.json", 0644, index.p, index.n, mtime) &&
         tar_add(a, "manifest.json", 0644, docker.p, docker.n, mtime) && archive_write_close(a) == ARCHIVE_OK;
    if (!ok) {
      const char *why = a ? archive_error_string(a) : NULL;
      img_error(diag, "cannot write OCI image '%s': %s", oci_path, why ? why : "libarchive error");
    }
  }
  if (a) archive_write_free(a);
  if (fd >= 0 && close(fd) != 0 && ok) {
    img_error(diag, "cannot write OCI image '%s': %s", oci_path, strerror(errno));
    ok = false;
  }
  if (ok && rename(g_oci_tmp, oci_path) != 0) {
    img_error(diag, "cannot write OCI image '%s': %s", oci_path, strerror(errno));
    ok = false;
  }
  if (g_oci_tmp) {
    char *tmp = g_oci_tmp;
    g_oci_tmp = NULL; /* before free: the signal path must not see a freed name */
    if (!ok) unlink(tmp);
    free(tmp);
  }
  free(exe.p);
  free(tar.p);
  free(gz.p);
  free(config.p);
  free(manifest.p);
  free(index.p);
  free(docker.p);
  return ok;
}
