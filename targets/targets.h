/*
 * targets.h — the list of targets and where each target's runtime library
 * (libwasmc_rt.a) is found (targets.c).  The target structure itself is in
 * compiler/wcc.h.
 */
#ifndef WASMC_TARGETS_H
#define WASMC_TARGETS_H

#include <stddef.h>

#include "wcc.h"

/* The i-th supported target (0, 1, ...), NULL past the last one. */
WCC_HIDDEN const wcc_target *wcc_target_at(size_t i);

/* Where a runtime library was found (docs/cli.md, "Runtime library"). */
typedef enum wcc_rt_source {
  WCC_RT_ENV_TARGET, /* WASMC_RT_LIB_<ARCH> (the target's rt_lib_env) */
  WCC_RT_ENV,        /* WASMC_RT_LIB */
  WCC_RT_INSTALLED,  /* next to the wasmc executable: <bindir>/WASMC_RT_INSTALL_REL/<triple>/ */
  WCC_RT_BUILD_TREE, /* the path compiled in by CMake (the build tree) */
  WCC_RT_MISSING,    /* none of them */
} wcc_rt_source;

typedef struct wcc_rt_lookup {
  wcc_rt_source source;
  const char *path;       /* the library: the environment's string, installed or build_tree; "" if missing */
  char installed[4096];   /* the installed location looked at ("" if /proc/self/exe is unreadable) */
  const char *build_tree; /* the compiled-in location, or NULL */
} wcc_rt_lookup;

/* Find target t's libwasmc_rt.a, in this order: the environment variable
 * t->rt_lib_env, then WASMC_RT_LIB (both taken as given, even if the file
 * does not exist: an explicit choice is never replaced by another library),
 * then the installed location relative to the wasmc executable
 * (readlink("/proc/self/exe")), then the build tree's path compiled in by
 * CMake; those two only if the file is readable.  Fills *out (caller
 * storage; out->path lives as long as *out and the environment); returns
 * out->source. */
WCC_HIDDEN wcc_rt_source wcc_rt_lib_find(const wcc_target *t, wcc_rt_lookup *out);

/* "WASMC_RT_LIB_X86_64", "WASMC_RT_LIB", "installed", "build tree", "missing" */
WCC_HIDDEN const char *wcc_rt_source_name(const wcc_target *t, wcc_rt_source s);

#endif
