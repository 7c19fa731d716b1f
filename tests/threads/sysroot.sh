#!/bin/bash
# tests/threads/sysroot.sh — a wasm32-wasi-threads sysroot (wasi-libc built
# with THREAD_MODEL=posix: pthreads over the wasi `thread-spawn` import and
# a shared memory), which Debian 12's wasi-libc package lacks.
#
# Source: Debian 13's wasi-libc source package (0.0~git20241209.574b88d),
# fetched with `apt-get source` through a private apt configuration with a
# deb-src entry for trixie (scripts/lib/apt-private.sh, as bench/
# fetch_trixie.sh), or the unpacked tree named by WASI_LIBC_SRC (the same
# upstream commit).  Built with clang-19 and cached, with the source's
# version in the path:
#   ~/.cache/wasmc/wasi-threads-sysroot/<version>/sysroot
# whose include/ and lib/ have a wasm32-wasip1-threads subdirectory; clang-19
# uses it as `--target=wasm32-wasip1-threads --sysroot=DIR/sysroot
# -resource-dir=DIR/resource` (below), linked with
# -Wl,--import-memory,--export-memory,--max-memory=N: wasi-threads needs the
# shared memory imported (wasmc's runtime creates it), clang's default
# defines it.
#
# With --cached-only, nothing is fetched or built: exit 2 unless the
# sysroot is already in the cache (tests/threads/run.sh uses that, so the
# test command never pays the cold build).
#
# Prints the sysroot directory on stdout.  Exit 0 when it is there, 2 when
# the source cannot be had (the caller reports a SKIP with the message),
# 1 when the build fails.  Cold cost: about 3 minutes on 2 cores.
set -euo pipefail

CACHE="${WASMC_CACHE:-$HOME/.cache/wasmc}"
VERSION=0.0~git20241209.574b88d
dest="$CACHE/wasi-threads-sysroot/$VERSION"
if [ -f "$dest/.wasmc-complete" ]; then
  echo "$dest/sysroot"
  exit 0
fi
if [ "${1:-}" = --cached-only ]; then
  echo "sysroot.sh: no wasm32-wasip1-threads sysroot in $dest (build it: bash tests/threads/sysroot.sh)" >&2
  exit 2
fi

src=${WASI_LIBC_SRC:-}
if [ -z "$src" ]; then
  # shellcheck source=../../scripts/lib/apt-private.sh
  . "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib/apt-private.sh"
  apt_private_setup "$CACHE/apt-trixie-src" "deb-src trixie main"
  dl="$CACHE/src/wasi-libc/$VERSION"
  if [ ! -f "$dl/.wasmc-complete" ]; then
    rm -rf "$dl"; mkdir -p "$dl"
    echo "sysroot.sh: apt-get source wasi-libc=$VERSION-2" >&2
    if ! ( cd "$dl" && apt-get "${APT_OPTS[@]}" -q source "wasi-libc=$VERSION-2" >&2 ); then
      echo "sysroot.sh: cannot fetch the source of wasi-libc $VERSION (trixie); set WASI_LIBC_SRC to an unpacked tree" >&2
      exit 2
    fi
    touch "$dl/.wasmc-complete"
  fi
  src=$(find "$dl" -mindepth 1 -maxdepth 1 -type d -name "wasi-libc-*" | head -1)
fi
[ -f "$src/Makefile" ] || { echo "sysroot.sh: no wasi-libc Makefile in '$src'" >&2; exit 2; }

work="$dest.build"
rm -rf "$work" "$dest"
mkdir -p "$work"
cp -a "$src/." "$work/"
echo "sysroot.sh: building wasi-libc $VERSION with THREAD_MODEL=posix (a few minutes)" >&2
# CHECK_SYMBOLS=no: the expected symbol lists are for upstream's clang
if ! make -C "$work" -j"${JOBS:-2}" CC=clang-19 AR=llvm-ar-19 NM=llvm-nm-19 THREAD_MODEL=posix \
      TARGET_TRIPLE=wasm32-wasip1-threads CHECK_SYMBOLS=no SYSROOT="$dest/sysroot" >"$work.log" 2>&1; then
  echo "sysroot.sh: the wasi-libc build failed; last lines of $work.log:" >&2
  tail -n 20 "$work.log" >&2
  exit 1
fi
# clang-19 looks for the builtins of wasm32-unknown-wasip1-threads in its
# resource directory, where Debian 12 has only lib/wasi/ (package
# libclang-rt-19-dev-wasm32): a private resource directory next to the
# sysroot (`-resource-dir=DIR/resource`) links to the same archive
res=/usr/lib/llvm-19/lib/clang/19
mkdir -p "$dest/resource/lib/wasm32-unknown-wasip1-threads"
ln -sfn "$res/include" "$dest/resource/include"
ln -sfn "$res/lib/wasi/libclang_rt.builtins-wasm32.a" "$dest/resource/lib/wasm32-unknown-wasip1-threads/libclang_rt.builtins.a"
rm -rf "$work"
touch "$dest/.wasmc-complete"
echo "$dest/sysroot"
