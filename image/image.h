/*
 * image.h — the image side of wasmc (docs/architecture.md "Image"): box
 * images (`--box`), OCI images in and out (`--oci`, `FROM` an image), and the
 * Dockerfile front end behind `wasmc build` (docs/build.md).  Nothing here
 * uses LLVM; the compiler driver (compiler/main.c) calls these functions and
 * nothing else of image/.
 *
 * Errors: every function that can fail takes an img_diag and returns false
 * (or NULL) with one message in it, first error wins.  No function exits the
 * process.  Files a failed call was writing are removed.
 */
#ifndef WASMC_IMAGE_H
#define WASMC_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define IMG_HIDDEN __attribute__((visibility("hidden")))
#else
#define IMG_HIDDEN
#endif

typedef struct img_diag {
  bool failed;
  char message[1024];
} img_diag;

/* Record the first error (printf format; control bytes print as \xNN). */
IMG_HIDDEN void img_error(img_diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- boxes (box.c, `--box`, docs/boxes.md) ------------------------------- */
/* --box SOURCE[::GUEST]: a directory or archive mounted at GUEST. */
typedef struct img_box_spec {
  const char *source;
  const char *guest; /* normalised absolute guest path */
} img_box_spec;

/* Build the box image (runtime/include/wasmc_box.h) of `specs` into the file
 * `out_path`; *out_size: its size in bytes.  false: one message in diag (the
 * caller removes out_path).  The caller keeps ownership of `specs`. */
IMG_HIDDEN bool img_box_build(const img_box_spec *specs, uint32_t n_specs, const char *out_path, uint64_t *out_size,
                              img_diag *diag);
/* Write an assembly file that puts `image_path` in section .wasmc_box at
 * symbol wasmc_box_image (linked into the executable). */
IMG_HIDDEN bool img_box_write_asm(const char *asm_path, const char *image_path, img_diag *diag);

/* ---- OCI image out (oci.c, `--oci`) --------------------------------------- */
/* What the image's config records besides the entrypoint (docs/build.md):
 * all optional (NULL / 0), all borrowed.  Arrays of NUL-terminated strings. */
typedef struct img_oci_config {
  const char *const *env; /* [n_env] "NAME=VALUE" */
  size_t n_env;
  const char *workdir;       /* WorkingDir */
  const char *user;          /* User */
  const char *stop_signal;   /* StopSignal */
  const char *const *labels; /* [n_labels] "KEY=VALUE" (split at the first '=') */
  size_t n_labels;
  const char *const *ports; /* [n_ports] "80/tcp" -> ExposedPorts */
  size_t n_ports;
  const char *const *volumes; /* [n_volumes] absolute paths -> Volumes */
  size_t n_volumes;
  const char *healthcheck; /* Healthcheck.Test as given, shell form ("CMD-SHELL ..."): recorded */
  const char *ref_name;    /* index.json ref.name / docker RepoTags tag (NULL: "latest") */
  const char *repo;        /* docker RepoTags name (NULL: the entry name when it is a valid name) */
} img_oci_config;

/* Write `oci_path`: an OCI image layout as one tar archive (oci-layout,
 * index.json with ref.name "latest" or cfg->ref_name, a docker-load
 * manifest.json, and blobs/sha256/ for the layer, config and manifest) whose
 * only layer is a gzip'ed tar holding the executable `exe_path` as
 * /`entry_name` (mode 0755, root:root) and whose config sets Entrypoint
 * ["/`entry_name`"], os "linux", architecture `oci_arch` ("amd64" or "arm64")
 * and what `cfg` (may be NULL) records.
 * `entry_name` must be one path component of printable ASCII (no '/', not
 * "." or ".."), at most 200 bytes.  All timestamps are SOURCE_DATE_EPOCH
 * (seconds; malformed is an error) or 0, so equal inputs give identical bytes.
 * JSON is written by jansson (keys in insertion order, compact), tar and gzip
 * by libarchive, digests by libcrypto.  The archive is written to
 * `oci_path`.wasmc-oci-tmp-PID and renamed; on any error it is removed,
 * nothing is left at `oci_path`, `diag` gets one message and the result is
 * false.  The caller keeps ownership of all arguments. */
IMG_HIDDEN bool img_write_oci(const char *exe_path, const char *oci_path, const char *entry_name, const char *oci_arch,
                              const img_oci_config *cfg, img_diag *diag);
/* Remove img_write_oci's temporary archive if one is being written
 * (async-signal-safe: for the SIGINT/SIGTERM handler). */
IMG_HIDDEN void img_oci_cleanup(void);

/* ---- `wasmc build` (build.c, docs/build.md) --------------------------------- */
typedef struct img_build_opts {
  const char *context;           /* build context directory */
  const char *dockerfile;        /* NULL: CONTEXT/Dockerfile */
  const char *const *build_args; /* [n_build_args] "NAME=VALUE" (--build-arg) */
  size_t n_build_args;
  const char *target;   /* --target stage name; NULL: the last stage */
  const char *work_dir; /* an empty directory the build fills (the caller removes it) */
} img_build_opts;

/* What the build made: the final stage's files and its run configuration.
 * All strings owned (img_build_result_fini); arrays of NUL-terminated strings. */
typedef struct img_build_result {
  char *rootfs;  /* host directory with the image's files (under work_dir), boxed at "/" */
  char *program; /* host path of the .wasm to compile: argv[0] looked up in the image, else the context */
  char **entry;  /* the guest's argv start: ENTRYPOINT (or CMD's first word when there is none) */
  size_t n_entry;
  char **cmd; /* default arguments: CMD (its rest when it named the program) */
  size_t n_cmd;
  char **env; /* ENV, "NAME=VALUE", in order */
  size_t n_env;
  char *workdir;      /* WORKDIR (absolute; "/" by default) */
  img_oci_config oci; /* views of the fields above and of what is only recorded (LABEL, EXPOSE, ...) */
  char **labels, **ports, **volumes;
  size_t n_labels, n_ports, n_volumes;
  char *user, *stop_signal, *healthcheck;
} img_build_result;

/* Run the Dockerfile (docs/build.md has the supported subset) against the
 * context.  Errors, one message "DOCKERFILE:LINE: what" (or without a line
 * for the options, the context and the Dockerfile itself): an unknown or
 * unsupported instruction (RUN names its line and why), a missing file, a
 * bad FROM, a syntax error.  Files are written only under opts->work_dir. */
IMG_HIDDEN bool img_build(const img_build_opts *opts, img_build_result *out, img_diag *diag);
IMG_HIDDEN void img_build_result_fini(img_build_result *r);

#endif
