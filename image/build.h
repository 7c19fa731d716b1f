/*
 * build.h — image/ internals of `wasmc build` (build.c, fsops.c, layers.c).
 * Paths called "guest" are absolute paths inside an image; "root" is the
 * host directory that holds a stage's files.  Every function returns false
 * with one message in the img_diag on failure.
 */
#ifndef WASMC_BUILD_H
#define WASMC_BUILD_H

#include "dockerfile.h"
#include "image.h"

/* a/b joined with one '/' (b's leading '/' dropped); caller frees; NULL: OOM */
char *bd_join(const char *a, const char *b);
/* `path` made absolute against guest directory `base` and cleaned ('.',
 * '..' and repeated '/' removed; '..' stops at '/'); caller frees. */
char *bd_clean_abs(const char *base, const char *path);
/* mkdir -p of guest directory `guest` under `root`; refuses to go through a
 * symbolic link or a non-directory (so nothing is written outside root). */
bool bd_mkdirs(const char *root, const char *guest, img_diag *d);
/* rm -rf (no symlink followed); true when nothing is left. */
bool bd_remove(const char *path);
/* cp -a of `from` to `to` (a file, symlink or directory tree, modes and
 * times kept; `mode` != 0: every file and directory gets permission bits
 * `mode` instead, COPY --chmod).  When `rel` is not NULL, it is `from`'s
 * path relative to the build context and entries `ig` excludes are skipped. */
bool bd_copy_tree(const char *from, const char *to, const char *rel, const df_ignore *ig, unsigned mode, img_diag *d);

/* An image's run configuration, as FROM inherits it (layers.c fills it from
 * an image's config JSON; all owned; NULL/0 when absent). */
typedef struct bd_config {
  char **env;
  size_t n_env; /* "NAME=VALUE" */
  char *workdir, *user, *stop_signal;
  char **entry;
  size_t n_entry;
  char **cmd;
  size_t n_cmd;
  char **labels;
  size_t n_labels; /* "KEY=VALUE" */
  char **ports;
  size_t n_ports;
  char **volumes;
  size_t n_volumes;
} bd_config;
void bd_config_fini(bd_config *c);

/* FROM PATH: an OCI image layout directory or archive, or a `docker save`
 * archive.  Its layers are applied in order under `root` (whiteouts .wh.NAME
 * remove NAME, .wh..wh..opq empties the directory of what lower layers put
 * there) and its config goes to *out_cfg.  `scratch_dir` is a directory the
 * function may use for an archive's extracted contents. */
bool bd_from_image(const char *path, const char *root, const char *scratch_dir, bd_config *out_cfg, img_diag *d);
/* ADD of a local tar archive (any compression libarchive reads): true with
 * *out_is_archive false and nothing done when `file` is not one; else its
 * entries are extracted beneath guest directory `dest` of `root`. */
bool bd_extract_tar(const char *file, const char *root, const char *dest, bool *out_is_archive, img_diag *d);

#endif
