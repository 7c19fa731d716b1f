/*
 * targets.c — per-target knowledge: LLVM triple, baseline CPU and features,
 * and how to link a static executable with the runtime library.
 *
 * Baselines are chosen for portability: x86-64 executables run on any x86-64
 * (SSE2 only); AArch64 on any ARMv8.0-A.  `--cpu=native` or a named CPU opts
 * into newer instructions (see docs/cli.md).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "targets.h"

static const char *const x86_64_link[] = {"--target=x86_64-linux-gnu", NULL};
static const char *const aarch64_link[] = {"--target=aarch64-linux-gnu", NULL};
static const char *const glibc_libs[] = {"-lm", "-lpthread", NULL};

/* x86_64-linux-musl (--libc=musl, docs/cli.md "C library"): Debian's
 * musl-dev, linked explicitly since clang's driver would take glibc's start
 * files for this triple.  musl's crt1.o is enough (its _init and _fini are
 * weak dummies; lld runs .init_array).  libm and libpthread are in musl's
 * libc.a; libgcc_eh unwinds wasm exceptions (it finds unwind tables with
 * _dl_find_object: runtime/src/wrt_musl.c); libc.a again for what libgcc
 * needs. */
#ifndef WASMC_MUSL_LIBDIR
#define WASMC_MUSL_LIBDIR "/usr/lib/x86_64-linux-musl"
#endif
#ifndef WASMC_LIBGCC_DIR
#define WASMC_LIBGCC_DIR "/usr/lib/gcc/x86_64-linux-gnu/12"
#endif
static const char *const musl_link[] = {"--target=x86_64-linux-musl", NULL};
static const char *const musl_start[] = {WASMC_MUSL_LIBDIR "/crt1.o", NULL};
static const char *const musl_libs[] = {WASMC_MUSL_LIBDIR "/libc.a", WASMC_LIBGCC_DIR "/libgcc.a",
                                        WASMC_LIBGCC_DIR "/libgcc_eh.a", WASMC_MUSL_LIBDIR "/libc.a", NULL};

/* aarch64-linux-musl (--libc=musl --target=aarch64-linux-gnu): Debian 12's
 * musl-dev:arm64, which no cross package installs (scripts/lib/fetch-musl-arm64.sh
 * unpacks it), so its crt1.o and libc.a are copied beside the runtime
 * library (build tree and install: CMakeLists.txt) and named relative to it
 * ("%/": the runtime library's directory, compiler/link.c).  libgcc and
 * libgcc_eh are the AArch64 cross GCC's (libgcc-12-dev-arm64-cross, as for
 * aarch64-linux-gnu); the rest as for x86_64-linux-musl. */
#ifndef WASMC_LIBGCC_AARCH64_DIR
#define WASMC_LIBGCC_AARCH64_DIR "/usr/lib/gcc-cross/aarch64-linux-gnu/12"
#endif
static const char *const musl_aarch64_link[] = {"--target=aarch64-linux-musl", NULL};
static const char *const musl_aarch64_start[] = {"%/crt1.o", NULL};
static const char *const musl_aarch64_libs[] = {"%/libc.a", WASMC_LIBGCC_AARCH64_DIR "/libgcc.a",
                                                WASMC_LIBGCC_AARCH64_DIR "/libgcc_eh.a", "%/libc.a", NULL};

/* x86-64 code generation options (docs/architecture.md, "Loop strength
 * reduction"): keep LSR's rewrite only when its own cost model rates it
 * cheaper than the loop as written.  By default the x86 back end applies the
 * solution regardless, and for wasm code that is often worse: a wasm pointer
 * is an i32 whose adds wrap, so an address like zext(p + k*stride) cannot be
 * folded into one i64 induction variable plus an offset, and LSR makes one
 * induction variable per access (16 of them, spilled, in meshoptimizer's
 * vertex decoder, where the wasm simply adds the stride to one local). */
/* Both targets, -extra-vectorizer-passes (docs/architecture.md, "Cleanup
 * after vectorisation"): LLVM's EarlyCSE, correlated value propagation,
 * InstCombine, LICM and SimplifyCFG once more right after the loop
 * vectoriser.  clang unrolls loops for wasm32 before wasmc sees them, so
 * LLVM vectorises `c[j] += a[k] * b[j]` as interleaved groups (c[j],
 * c[j+1]); a[k], which a store to c might change, is loaded once per
 * unrolled copy, and the vector loop multiplies even and odd lanes apart
 * and shuffles them back together (six shuffles per four doubles).  Behind
 * the vectoriser's runtime checks the two loads are one value: EarlyCSE
 * merges them, and InstCombine then cancels the shuffles (matmul-ikj 1.39x
 * -> 0.98x native musl). */
static const char *const x86_64_llvm_options[] = {"-lsr-drop-solution", "-extra-vectorizer-passes", NULL};
static const char *const aarch64_llvm_options[] = {"-extra-vectorizer-passes", NULL};

/* libwasmc_rt.a per target, as built by CMake (the host target's, and the
 * cross-compiled one in <build>/<triple>/): the last place wcc_rt_lib_find
 * looks.  An installed wasmc finds its libraries relative to itself first. */
#ifndef WASMC_RT_LIB_X86_64
#define WASMC_RT_LIB_X86_64 NULL
#endif
#ifndef WASMC_RT_LIB_AARCH64
#define WASMC_RT_LIB_AARCH64 NULL
#endif
#ifndef WASMC_RT_LIB_X86_64_MUSL
#define WASMC_RT_LIB_X86_64_MUSL NULL
#endif
#ifndef WASMC_RT_LIB_AARCH64_MUSL
#define WASMC_RT_LIB_AARCH64_MUSL NULL
#endif

/* Baselines (docs/targets.md):
 *   x86-64:  "x86-64" = SSE2, the psABI baseline;
 *   AArch64: "generic" + NEON = ARMv8.0-A with FP and Advanced SIMD, which
 *            every AArch64 Linux system has.
 * Both link with clang-19 + lld; for AArch64 on an x86-64 host clang finds
 * Debian's cross sysroot (/usr/aarch64-linux-gnu: crt1.o, libc.a) and libgcc
 * (/usr/lib/gcc-cross/aarch64-linux-gnu/12) by itself from the triple. */
static const wcc_target k_targets[] = {
    {"x86_64-linux-gnu", "x86_64-unknown-linux-gnu", "x86-64", "", "clang-19", x86_64_link, NULL, glibc_libs,
     "WASMC_RT_LIB_X86_64", WASMC_RT_LIB_X86_64, true, x86_64_llvm_options},
    {"aarch64-linux-gnu", "aarch64-unknown-linux-gnu", "generic", "+neon", "clang-19", aarch64_link, NULL, glibc_libs,
     "WASMC_RT_LIB_AARCH64", WASMC_RT_LIB_AARCH64, false, aarch64_llvm_options},
    {"x86_64-linux-musl", "x86_64-unknown-linux-musl", "x86-64", "", "clang-19", musl_link, musl_start, musl_libs,
     "WASMC_RT_LIB_X86_64_MUSL", WASMC_RT_LIB_X86_64_MUSL, true, x86_64_llvm_options},
    {"aarch64-linux-musl", "aarch64-unknown-linux-musl", "generic", "+neon", "clang-19", musl_aarch64_link,
     musl_aarch64_start, musl_aarch64_libs, "WASMC_RT_LIB_AARCH64_MUSL", WASMC_RT_LIB_AARCH64_MUSL, false,
     aarch64_llvm_options},
};

const wcc_target *wcc_target_find(const char *name) {
  static const struct { const char *alias, *name; } aliases[] = {
      {"x86_64", "x86_64-linux-gnu"}, {"x86-64", "x86_64-linux-gnu"}, {"x86_64-unknown-linux-gnu", "x86_64-linux-gnu"},
      {"aarch64", "aarch64-linux-gnu"}, {"arm64", "aarch64-linux-gnu"}, {"aarch64-unknown-linux-gnu", "aarch64-linux-gnu"},
      {"x86_64-unknown-linux-musl", "x86_64-linux-musl"}, {"aarch64-unknown-linux-musl", "aarch64-linux-musl"},
  };
  for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
    if (strcmp(name, aliases[i].alias) == 0) name = aliases[i].name;
  for (size_t i = 0; i < sizeof k_targets / sizeof *k_targets; i++)
    if (strcmp(name, k_targets[i].name) == 0) return &k_targets[i];
  return NULL;
}

const wcc_target *wcc_target_host(void) {
#if defined(__aarch64__)
  return &k_targets[1];
#else
  return &k_targets[0];
#endif
}

const wcc_target *wcc_target_with_libc(const wcc_target *t, const char *libc) {
  bool a64 = !strncmp(t->name, "aarch64", 7);
  if (!strcmp(libc, "glibc")) return wcc_target_find(a64 ? "aarch64-linux-gnu" : "x86_64-linux-gnu");
  if (!strcmp(libc, "musl")) return wcc_target_find(a64 ? "aarch64-linux-musl" : "x86_64-linux-musl");
  return NULL;
}

/* The default C library (docs/cli.md "C library"): musl, whose executables
 * are a fifth of glibc's and start faster at the same run time
 * (docs/benchmarks/size.md, results.md), when its runtime library for t's
 * architecture is there: named by its WASMC_RT_LIB_<TRIPLE> variable,
 * installed beside wasmc, or in the build tree.  WASMC_RT_LIB, which names
 * one library for every target whatever its C library, does not count.
 * Otherwise glibc, as for a plain CMake build without musl-dev, and always
 * for a sanitizer build of wasmc, whose runtime is linked dynamically
 * against glibc's sanitizer runtimes. */
const wcc_target *wcc_target_default_libc(const wcc_target *t) {
#if WASMC_SANITIZE_LINK
  return t;
#else
  const wcc_target *m = wcc_target_with_libc(t, "musl");
  wcc_rt_lookup rt;
  wcc_rt_source s = m ? wcc_rt_lib_find(m, &rt) : WCC_RT_MISSING;
  return s == WCC_RT_MISSING || s == WCC_RT_ENV ? t : m;
#endif
}

bool wcc_target_names_libc(const char *name) {
  return strstr(name, "-gnu") != NULL || strstr(name, "-musl") != NULL;
}

const wcc_target *wcc_target_at(size_t i) { return i < sizeof k_targets / sizeof *k_targets ? &k_targets[i] : NULL; }

/* The installed runtime libraries, relative to the directory of the wasmc
 * executable: CMake computes it from GNUInstallDirs (bin -> lib/wasmc). */
#ifndef WASMC_RT_INSTALL_REL
#define WASMC_RT_INSTALL_REL "../lib/wasmc"
#endif
/* A build without CMake's per-target paths: the host's library in the
 * working directory. */
#ifndef WASMC_RT_LIB_DEFAULT
#define WASMC_RT_LIB_DEFAULT "libwasmc_rt.a"
#endif

/* <directory of the wasmc executable>/WASMC_RT_INSTALL_REL/<triple>/libwasmc_rt.a
 * into out (size bytes); false if the executable's path is unknown or too
 * long.  The kernel's path of the executable has no symbolic links, so each
 * leading "../" of WASMC_RT_INSTALL_REL removes one of its components. */
static bool installed_path(const wcc_target *t, char *out, size_t size) {
  char dir[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 1);
  if (n <= 0) return false;
  dir[n] = 0;
  char *slash = strrchr(dir, '/');
  if (!slash) return false;
  *slash = 0; /* the executable's directory */
  const char *rel = WASMC_RT_INSTALL_REL;
  while (!strncmp(rel, "../", 3) && (slash = strrchr(dir, '/')) != NULL) {
    *slash = 0;
    rel += 3;
  }
  int k = snprintf(out, size, "%s/%s/%s/libwasmc_rt.a", dir, rel, t->name);
  if (k < 0 || (size_t)k >= size) {
    out[0] = 0;
    return false;
  }
  return true;
}

static wcc_rt_source found(wcc_rt_lookup *out, wcc_rt_source source, const char *path) {
  out->source = source;
  out->path = path;
  return source;
}

wcc_rt_source wcc_rt_lib_find(const wcc_target *t, wcc_rt_lookup *out) {
  memset(out, 0, sizeof *out);
  out->build_tree = t->rt_lib_default;
  if (!out->build_tree && t == wcc_target_host()) out->build_tree = WASMC_RT_LIB_DEFAULT;
  bool have_installed = installed_path(t, out->installed, sizeof out->installed);
  const char *env = getenv(t->rt_lib_env);
  if (env && *env) return found(out, WCC_RT_ENV_TARGET, env);
  env = getenv("WASMC_RT_LIB");
  if (env && *env) return found(out, WCC_RT_ENV, env);
  if (have_installed && access(out->installed, R_OK) == 0) return found(out, WCC_RT_INSTALLED, out->installed);
  if (out->build_tree && access(out->build_tree, R_OK) == 0) return found(out, WCC_RT_BUILD_TREE, out->build_tree);
  return found(out, WCC_RT_MISSING, "");
}

const char *wcc_rt_source_name(const wcc_target *t, wcc_rt_source s) {
  switch (s) {
  case WCC_RT_ENV_TARGET: return t->rt_lib_env;
  case WCC_RT_ENV: return "WASMC_RT_LIB";
  case WCC_RT_INSTALLED: return "installed";
  case WCC_RT_BUILD_TREE: return "build tree";
  case WCC_RT_MISSING: break;
  }
  return "missing";
}
