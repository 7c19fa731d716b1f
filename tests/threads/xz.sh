#!/bin/bash
# tests/threads/xz.sh SYSROOT — the xz tool of Debian 12's xz-utils (5.4.1,
# tests/real/fetch.sh) built with --enable-threads=posix for
# wasm32-wasip1-threads against tests/threads/sysroot.sh's SYSROOT, with
# port/xz_wasi_threads.h force-included (no-op signal masks and handlers,
# no self-pipe: WASI delivers no signals).  Cached as
#   ~/.cache/wasmc/threads-xz/<version>-<key>/xz.wasm
# (key: hash of the port header and the flags below).  With --cached-only,
# exit 2 unless it is cached.  Prints the .wasm path.  Cold cost: configure
# + make, about 1.5 min of CPU.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sysroot=$1
CACHE="${WASMC_CACHE:-$HOME/.cache/wasmc}"
res="$(dirname "$sysroot")/resource"
CFL="--target=wasm32-wasip1-threads --sysroot=$sysroot -resource-dir=$res -pthread -O2 -D_WASI_EMULATED_SIGNAL"
CFL+=" -D_WASI_EMULATED_PROCESS_CLOCKS -include $here/port/xz_wasi_threads.h"
# the memory imported, shared, up to 1 GiB (wasi-threads)
LDF="-Wl,--import-memory,--export-memory,--max-memory=1073741824 -lwasi-emulated-signal -lwasi-emulated-process-clocks"
key=$( (cat "$here/port/xz_wasi_threads.h"; echo "$CFL $LDF" | sed "s|$sysroot|SYSROOT|g; s|$res|RES|g") | sha256sum | cut -c1-12)
ver=5.4.1
dest="$CACHE/threads-xz/$ver-$key"
if [ -f "$dest/xz.wasm" ]; then echo "$dest/xz.wasm"; exit 0; fi
if [ "${2:-}" = --cached-only ]; then
  echo "xz.sh: no xz.wasm in $dest (build it: THREADS_SYSROOT_BUILD=1 bash tests/threads/run.sh ...)" >&2
  exit 2
fi
src=$(bash "$here/../real/fetch.sh" xz-utils)
[ -x "$src/configure" ] || { echo "xz.sh: no configure in $src" >&2; exit 1; }
work="$dest.build"
rm -rf "$work" && mkdir -p "$work"
echo "xz.sh: building xz $ver for wasm32-wasip1-threads (configure + make)" >&2
if ! (cd "$work" && "$src/configure" --host=wasm32-unknown-wasi CC=clang-19 AR=llvm-ar-19 RANLIB=llvm-ranlib-19 \
        NM=llvm-nm-19 CFLAGS="$CFL" LDFLAGS="$LDF" --disable-shared --enable-threads=posix --disable-xzdec \
        --disable-lzmadec --disable-lzmainfo --disable-scripts --disable-doc --disable-nls --disable-lzma-links \
        >configure.log 2>&1 && make -j"${JOBS:-2}" >make.log 2>&1); then
  echo "xz.sh: the build failed; see $work/configure.log and make.log" >&2
  exit 1
fi
mkdir -p "$dest"
cp "$work/src/xz/xz" "$dest/xz.wasm"
rm -rf "$work"
echo "$dest/xz.wasm"
