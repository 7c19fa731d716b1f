/*
 * layers.c — images in (build.h): `FROM PATH` of an OCI image layout
 * (image-spec "Image Layout": oci-layout, index.json, blobs/ALG/HEX; a
 * directory or a tar of one) or a `docker save` archive (manifest.json),
 * and ADD's local tar archives.  JSON is read with jansson, tar and its
 * compressions with libarchive (extraction refuses '..' and writing through
 * symbolic links), blob digests are checked with libcrypto.  Layers are
 * applied in order with the image-spec's whiteouts ("Representing Changes":
 * .wh.NAME deletes NAME, .wh..wh..opq hides the lower layers' contents of
 * its directory).
 */
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build.h"

static struct archive *open_tar(const char *file) {
  struct archive *a = archive_read_new();
  if (!a) return NULL;
  archive_read_support_format_tar(a);
  archive_read_support_format_gnutar(a);
  archive_read_support_filter_all(a);
  if (archive_read_open_filename(a, file, 1 << 16) != ARCHIVE_OK) {
    archive_read_free(a);
    return NULL;
  }
  return a;
}

/* An entry's name cleaned, relative ("" for the root itself). */
static char *entry_rel(const char *name) {
  char *c = bd_clean_abs("/", name);
  if (!c) return NULL;
  memmove(c, c + 1, strlen(c)); /* drop the leading '/' */
  return c;
}

/* Remove every entry of directory `dir` (host path), keeping it. */
static bool empty_dir(const char *dir) {
  DIR *dh = opendir(dir);
  if (!dh) return errno == ENOENT;
  struct dirent *de;
  bool ok = true;
  while ((de = readdir(dh))) {
    if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
    char *c = bd_join(dir, de->d_name);
    ok = c && bd_remove(c) && ok;
    free(c);
  }
  closedir(dh);
  return ok;
}

/* Extract `file` under guest directory `dest` of `root`.  With `layer`,
 * whiteouts are applied first (pass 1) and skipped when extracting. */
static bool extract(const char *file, const char *root, const char *dest, bool layer, img_diag *d) {
  char *base = bd_join(root, dest);
  if (!base) {
    img_error(d, "out of memory");
    return false;
  }
  bool ok = true;
  struct archive_entry *e;
  if (layer) { /* pass 1: whiteouts, against the lower layers */
    struct archive *a = open_tar(file);
    if (!a) ok = false, img_error(d, "cannot read layer '%s'", file);
    int r;
    while (ok && (r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
      char *rel = entry_rel(archive_entry_pathname(e));
      if (!rel) {
        ok = false;
        break;
      }
      char *slash = strrchr(rel, '/');
      const char *bn = slash ? slash + 1 : rel;
      if (!strncmp(bn, ".wh.", 4)) {
        if (slash) *slash = '\0';
        char *dir = slash ? bd_join(base, rel) : strdup(base);
        if (!strcmp(bn, ".wh..wh..opq"))
          ok = dir && empty_dir(dir);
        else {
          char *victim = dir ? bd_join(dir, bn + 4) : NULL;
          ok = victim && bd_remove(victim);
          free(victim);
        }
        free(dir);
      }
      free(rel);
    }
    if (ok && r != ARCHIVE_EOF) ok = false, img_error(d, "layer '%s': %s", file, archive_error_string(a));
    if (a) archive_read_free(a);
    if (!ok && !d->failed) img_error(d, "cannot apply the whiteouts of layer '%s'", file);
  }
  struct archive *a = ok ? open_tar(file) : NULL;
  struct archive *w = ok ? archive_write_disk_new() : NULL;
  if (ok && (!a || !w)) ok = false, img_error(d, "cannot read archive '%s'", file);
  if (w)
    archive_write_disk_set_options(w, ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_SECURE_SYMLINKS |
                                          ARCHIVE_EXTRACT_SECURE_NODOTDOT | ARCHIVE_EXTRACT_UNLINK);
  int r = ARCHIVE_EOF;
  while (ok && (r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
    char *rel = entry_rel(archive_entry_pathname(e));
    if (!rel) {
      ok = false;
      break;
    }
    const char *bn = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
    mode_t type = archive_entry_filetype(e);
    if ((layer && !strncmp(bn, ".wh.", 4)) || (!*rel && type == AE_IFDIR)) {
      free(rel);
      continue;
    }
    if (type != AE_IFREG && type != AE_IFDIR && type != AE_IFLNK) {
      img_error(d, "'%s' in '%s' is a device, FIFO or socket: not supported in an image", rel, file);
      free(rel);
      ok = false;
      break;
    }
    char *full = bd_join(base, rel);
    const char *hl = archive_entry_hardlink(e);
    char *hrel = hl ? entry_rel(hl) : NULL;
    char *hfull = hrel ? bd_join(base, hrel) : NULL; /* hard links name paths from the archive root */
    if (!full || (hl && !hfull))
      ok = false, img_error(d, "out of memory");
    else {
      archive_entry_set_pathname(e, full);
      if (hl) archive_entry_set_hardlink(e, hfull);
      archive_entry_set_uid(e, getuid());
      archive_entry_set_gid(e, getgid());
      if (archive_write_header(w, e) != ARCHIVE_OK) {
        img_error(d, "cannot extract '%s' from '%s': %s", rel, file, archive_error_string(w));
        ok = false;
      } else if (archive_entry_size(e) > 0 && type == AE_IFREG) {
        const void *buf;
        size_t size;
        la_int64_t off;
        int rr;
        while ((rr = archive_read_data_block(a, &buf, &size, &off)) == ARCHIVE_OK)
          if (archive_write_data_block(w, buf, size, off) != ARCHIVE_OK) {
            rr = ARCHIVE_FATAL;
            break;
          }
        if (rr != ARCHIVE_EOF) {
          img_error(d, "cannot extract '%s' from '%s': %s", rel, file,
                    archive_error_string(a) ? archive_error_string(a) : archive_error_string(w));
          ok = false;
        }
      }
      if (ok && archive_write_finish_entry(w) != ARCHIVE_OK) {
        img_error(d, "cannot extract '%s' from '%s': %s", rel, file, archive_error_string(w));
        ok = false;
      }
    }
    free(full);
    free(hrel);
    free(hfull);
    free(rel);
  }
  if (ok && r != ARCHIVE_EOF) ok = false, img_error(d, "'%s': %s", file, archive_error_string(a));
  if (w) {
    archive_write_close(w);
    archive_write_free(w);
  }
  if (a) archive_read_free(a);
  free(base);
  return ok;
}

bool bd_extract_tar(const char *file, const char *root, const char *dest, bool *out_is_archive, img_diag *d) {
  *out_is_archive = false;
  struct archive *a = open_tar(file);
  struct archive_entry *e;
  bool is = a && archive_read_next_header(a, &e) == ARCHIVE_OK;
  if (a) archive_read_free(a);
  if (!is) return true;
  *out_is_archive = true;
  return bd_mkdirs(root, dest, d) && extract(file, root, dest, false, d);
}

/* ---- image layouts ------------------------------------------------------------------ */
/* "sha256:HEX" -> LAYOUT/blobs/sha256/HEX, checked to be a digest. */
static char *blob_path(const char *layout, const char *digest, img_diag *d) {
  const char *colon = digest ? strchr(digest, ':') : NULL;
  bool ok =
      colon && !strncmp(digest, "sha256:", 7) && strlen(colon + 1) == 64 && strspn(colon + 1, "0123456789abcdef") == 64;
  if (!ok) {
    img_error(d, "bad digest '%s' (sha256:<64 hex digits> expected)", digest ? digest : "(none)");
    return NULL;
  }
  char rel[100];
  snprintf(rel, sizeof rel, "blobs/sha256/%s", colon + 1);
  return bd_join(layout, rel);
}

/* Is file's SHA-256 `digest` ("sha256:HEX")? */
static bool digest_ok(const char *file, const char *digest, img_diag *d) {
  FILE *f = fopen(file, "rb");
  if (!f) {
    img_error(d, "cannot read blob '%s': %s", file, strerror(errno));
    return false;
  }
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1;
  unsigned char buf[1 << 16], md[EVP_MAX_MD_SIZE];
  size_t k;
  while (ok && (k = fread(buf, 1, sizeof buf, f)) > 0)
    ok = EVP_DigestUpdate(ctx, buf, k) == 1;
  unsigned int len = 0;
  ok = ok && !ferror(f) && EVP_DigestFinal_ex(ctx, md, &len) == 1 && len == 32;
  EVP_MD_CTX_free(ctx);
  fclose(f);
  char hex[65];
  for (unsigned i = 0; ok && i < 32; i++)
    snprintf(hex + 2 * i, 3, "%02x", md[i]);
  if (ok && strcmp(hex, digest + 7) != 0) {
    img_error(d, "blob '%s' does not match its digest %s", file, digest);
    return false;
  }
  if (!ok && !d->failed) img_error(d, "cannot hash blob '%s'", file);
  return ok;
}

static json_t *load_json(const char *file, img_diag *d) {
  json_error_t err;
  json_t *j = json_load_file(file, 0, &err);
  if (!j) img_error(d, "'%s': bad JSON: %s (line %d)", file, err.text, err.line);
  return j;
}

static const char *host_arch(void) {
#if defined(__aarch64__)
  return "arm64";
#else
  return "amd64";
#endif
}

static bool strings_of(json_t *arr, char ***out, size_t *n) {
  if (!json_is_array(arr)) return true;
  size_t m = json_array_size(arr);
  *out = calloc(m + 1, sizeof **out);
  if (!*out) return false;
  for (size_t i = 0; i < m; i++) {
    const char *s = json_string_value(json_array_get(arr, i));
    if (!s) continue;
    if (!((*out)[(*n)++] = strdup(s))) return false;
  }
  return true;
}

static bool keys_of(json_t *obj, char ***out, size_t *n, bool with_values) {
  if (!json_is_object(obj)) return true;
  *out = calloc(json_object_size(obj) + 1, sizeof **out);
  if (!*out) return false;
  const char *k;
  json_t *v;
  json_object_foreach(obj, k, v) {
    const char *val = with_values ? json_string_value(v) : NULL;
    size_t l = strlen(k) + (val ? strlen(val) : 0) + 2;
    char *s = malloc(l);
    if (!s) return false;
    if (with_values)
      snprintf(s, l, "%s=%s", k, val ? val : "");
    else
      snprintf(s, l, "%s", k);
    (*out)[(*n)++] = s;
  }
  return true;
}

static bool read_config(json_t *cfgdoc, bd_config *c) {
  json_t *cf = json_object_get(cfgdoc, "config");
  if (!json_is_object(cf)) return true;
  const char *s;
  bool ok = strings_of(json_object_get(cf, "Env"), &c->env, &c->n_env) &&
            strings_of(json_object_get(cf, "Entrypoint"), &c->entry, &c->n_entry) &&
            strings_of(json_object_get(cf, "Cmd"), &c->cmd, &c->n_cmd) &&
            keys_of(json_object_get(cf, "Labels"), &c->labels, &c->n_labels, true) &&
            keys_of(json_object_get(cf, "ExposedPorts"), &c->ports, &c->n_ports, false) &&
            keys_of(json_object_get(cf, "Volumes"), &c->volumes, &c->n_volumes, false);
  if (ok && (s = json_string_value(json_object_get(cf, "WorkingDir"))) && *s) ok = (c->workdir = strdup(s)) != NULL;
  if (ok && (s = json_string_value(json_object_get(cf, "User"))) && *s) ok = (c->user = strdup(s)) != NULL;
  if (ok && (s = json_string_value(json_object_get(cf, "StopSignal"))) && *s) ok = (c->stop_signal = strdup(s)) != NULL;
  return ok;
}

/* OCI: index.json -> (nested index ->) manifest -> config + layers. */
static bool from_oci(const char *layout, const char *root, bd_config *c, img_diag *d) {
  char *ipath = bd_join(layout, "index.json");
  json_t *doc = ipath ? load_json(ipath, d) : NULL;
  free(ipath);
  bool ok = doc != NULL;
  for (int depth = 0; ok && depth < 4; depth++) {
    json_t *ms = json_object_get(doc, "manifests");
    if (!ms) break; /* a manifest */
    if (!json_is_array(ms) || !json_array_size(ms)) {
      img_error(d, "image index without manifests");
      ok = false;
      break;
    }
    json_t *pick = json_array_get(ms, 0);
    for (size_t i = 0; i < json_array_size(ms); i++) {
      json_t *p = json_object_get(json_array_get(ms, i), "platform");
      const char *arch = json_string_value(json_object_get(p, "architecture"));
      if (arch && !strcmp(arch, host_arch())) {
        pick = json_array_get(ms, i);
        break;
      }
    }
    const char *dg = json_string_value(json_object_get(pick, "digest"));
    char *bp = blob_path(layout, dg, d);
    json_t *next = bp && digest_ok(bp, dg, d) ? load_json(bp, d) : NULL;
    free(bp);
    json_decref(doc);
    doc = next;
    ok = doc != NULL;
  }
  json_t *layers = ok ? json_object_get(doc, "layers") : NULL;
  if (ok && !json_is_array(layers)) ok = false, img_error(d, "image manifest without layers");
  const char *cdg = ok ? json_string_value(json_object_get(json_object_get(doc, "config"), "digest")) : NULL;
  char *cp = ok ? blob_path(layout, cdg, d) : NULL;
  json_t *cfg = cp && digest_ok(cp, cdg, d) ? load_json(cp, d) : NULL;
  free(cp);
  ok = ok && cfg && (read_config(cfg, c) || (img_error(d, "out of memory"), false));
  json_decref(cfg);
  for (size_t i = 0; ok && i < json_array_size(layers); i++) {
    const char *dg = json_string_value(json_object_get(json_array_get(layers, i), "digest"));
    char *lp = blob_path(layout, dg, d);
    ok = lp && digest_ok(lp, dg, d) && extract(lp, root, "/", true, d);
    free(lp);
  }
  json_decref(doc);
  return ok;
}

/* docker save: manifest.json [{Config, Layers}] with paths in the archive. */
static bool from_docker(const char *layout, const char *root, bd_config *c, img_diag *d) {
  char *mpath = bd_join(layout, "manifest.json");
  json_t *doc = mpath ? load_json(mpath, d) : NULL;
  free(mpath);
  json_t *m = json_array_get(doc, 0);
  bool ok = m != NULL;
  if (doc && !ok) img_error(d, "manifest.json lists no image");
  const char *cfgname = ok ? json_string_value(json_object_get(m, "Config")) : NULL;
  json_t *layers = ok ? json_object_get(m, "Layers") : NULL;
  if (ok && (!cfgname || !json_is_array(layers))) ok = false, img_error(d, "manifest.json without Config or Layers");
  char *cp = ok ? bd_clean_abs("/", cfgname) : NULL;
  char *cfull = cp ? bd_join(layout, cp) : NULL;
  json_t *cfg = cfull ? load_json(cfull, d) : NULL;
  free(cp);
  free(cfull);
  ok = ok && cfg && (read_config(cfg, c) || (img_error(d, "out of memory"), false));
  json_decref(cfg);
  for (size_t i = 0; ok && i < json_array_size(layers); i++) {
    const char *ln = json_string_value(json_array_get(layers, i));
    char *lp = ln ? bd_clean_abs("/", ln) : NULL;
    char *lfull = lp ? bd_join(layout, lp) : NULL;
    ok = lfull && extract(lfull, root, "/", true, d);
    if (!ln) img_error(d, "manifest.json: a layer is not a string");
    free(lp);
    free(lfull);
  }
  json_decref(doc);
  return ok;
}

bool bd_from_image(const char *path, const char *root, const char *scratch_dir, bd_config *c, img_diag *d) {
  struct stat st;
  if (stat(path, &st) != 0) {
    img_error(d, "'%s': %s", path, strerror(errno));
    return false;
  }
  const char *layout = path;
  if (!S_ISDIR(st.st_mode)) {
    bool is = false;
    if (!bd_extract_tar(path, scratch_dir, "/", &is, d)) return false;
    if (!is) {
      img_error(d, "'%s' is neither a directory nor a tar archive", path);
      return false;
    }
    layout = scratch_dir;
  }
  char *ix = bd_join(layout, "index.json"), *mf = bd_join(layout, "manifest.json");
  bool oci = ix && access(ix, F_OK) == 0, docker = mf && access(mf, F_OK) == 0;
  free(ix);
  free(mf);
  if (oci) return from_oci(layout, root, c, d);
  if (docker) return from_docker(layout, root, c, d);
  img_error(d, "'%s' is not an OCI image layout (no index.json) nor a docker-save archive (no manifest.json)", path);
  return false;
}
