/*
 * targets.c — per-target knowledge: LLVM triple, baseline CPU and features,
 * and how to link a static executable with the runtime library.
 *
 * Baselines are chosen for portability: x86-64 executables run on any x86-64
 * (SSE2 only); AArch64 on any ARMv8.0-A.  `--cpu=native` or a named CPU opts
 * into newer instructions (see docs/cli.md).
 */
#include <string.h>

#include "wcc.h"

static const char *const x86_64_link[] = {"--target=x86_64-linux-gnu", NULL};
static const char *const aarch64_link[] = {"--target=aarch64-linux-gnu", NULL};

/* x86-64 code generation options (docs/architecture.md, "Loop strength
 * reduction"): keep LSR's rewrite only when its own cost model rates it
 * cheaper than the loop as written.  By default the x86 back end applies the
 * solution regardless, and for wasm code that is often worse: a wasm pointer
 * is an i32 whose adds wrap, so an address like zext(p + k*stride) cannot be
 * folded into one i64 induction variable plus an offset, and LSR makes one
 * induction variable per access (16 of them, spilled, in meshoptimizer's
 * vertex decoder, where the wasm simply adds the stride to one local). */
static const char *const x86_64_llvm_options[] = {"-lsr-drop-solution", NULL};

/* libwasmc_rt.a per target, as built by CMake (the host target's, and the
 * cross-compiled one in <build>/<triple>/); WASMC_RT_LIB_<ARCH> overrides. */
#ifndef WASMC_RT_LIB_X86_64
#define WASMC_RT_LIB_X86_64 NULL
#endif
#ifndef WASMC_RT_LIB_AARCH64
#define WASMC_RT_LIB_AARCH64 NULL
#endif

/* Baselines (docs/targets.md):
 *   x86-64:  "x86-64" = SSE2, the psABI baseline;
 *   AArch64: "generic" + NEON = ARMv8.0-A with FP and Advanced SIMD, which
 *            every AArch64 Linux system has.
 * Both link with clang-19 + lld; for AArch64 on an x86-64 host clang finds
 * Debian's cross sysroot (/usr/aarch64-linux-gnu: crt1.o, libc.a) and libgcc
 * (/usr/lib/gcc-cross/aarch64-linux-gnu/12) by itself from the triple. */
static const wcc_target k_targets[] = {
    {"x86_64-linux-gnu", "x86_64-unknown-linux-gnu", "x86-64", "", "clang-19", x86_64_link, "WASMC_RT_LIB_X86_64",
     WASMC_RT_LIB_X86_64, false, true, x86_64_llvm_options},
    {"aarch64-linux-gnu", "aarch64-unknown-linux-gnu", "generic", "+neon", "clang-19", aarch64_link,
     "WASMC_RT_LIB_AARCH64", WASMC_RT_LIB_AARCH64, true, false, NULL},
};

const wcc_target *wcc_target_find(const char *name) {
  static const struct { const char *alias, *name; } aliases[] = {
      {"x86_64", "x86_64-linux-gnu"}, {"x86-64", "x86_64-linux-gnu"}, {"x86_64-unknown-linux-gnu", "x86_64-linux-gnu"},
      {"aarch64", "aarch64-linux-gnu"}, {"arm64", "aarch64-linux-gnu"}, {"aarch64-unknown-linux-gnu", "aarch64-linux-gnu"},
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

const char *wcc_target_names(void) { return "x86_64-linux-gnu, aarch64-linux-gnu"; }
